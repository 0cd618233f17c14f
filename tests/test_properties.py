"""Property-based tests: JSON instances drawn from the IR of our spec round-trip exactly through the
committed package; broken instances and arbitrary JSON raise ValidationError and nothing else.

Instances are built from the same IR the generator used (so they follow every schema: required
properties, enums, nullability, discriminators), by hypothesis strategies written here.
"""

from __future__ import annotations

import contextlib
import json
import math
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir
from generator.errors import Warnings
from generator.loader import load_file
from generator.naming import Namer
from generator.pipeline import Options, RootSpec, plan
from generator.refs import Resolver

SPEC = ROOT / "spec" / "realtime.yaml"
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_CLASS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def model() -> tuple[dict[str, ir.Definition], dict[str, str]]:
    options = Options(
        str(SPEC),
        "realtime_events",
        [RootSpec("client_event", "RealtimeClientEvent", False), RootSpec("server_event", "RealtimeServerEvent", True)],
    )
    definitions, _ = plan(options, Resolver(str(SPEC), load_file(str(SPEC))), Warnings())
    return definitions, Namer(definitions, ()).run()


class Instances:
    """Hypothesis strategies for the JSON of each IR type."""

    def __init__(self) -> None:
        self.definitions, self.names = model()
        self.cache: dict[str, st.SearchStrategy[Any]] = {}
        self.tags = tags(self.definitions)

    def of(self, t: ir.Type) -> st.SearchStrategy[Any]:
        if isinstance(t, ir.Primitive):
            return primitive(t)
        if isinstance(t, ir.Enum):
            values = st.sampled_from(t.values)
            return values | st.text(max_size=8) if t.open else values
        if isinstance(t, ir.AnyValue):
            return JSON
        if isinstance(t, ir.Array):
            limits = dict(t.limits)
            low = int(limits.get("minItems", 0))
            return st.lists(self.of(t.items), min_size=low, max_size=int(limits.get("maxItems", low + 3)))
        if isinstance(t, ir.Map):
            return st.dictionaries(st.text(max_size=5), self.of(t.values), max_size=3)
        if isinstance(t, ir.Nullable):
            return st.none() | self.of(t.inner)
        if isinstance(t, ir.UnionOf):
            return st.one_of([self.of(v) for v in t.variants])
        return st.deferred(lambda: self.definition(t.key))  # type: ignore[union-attr]

    def definition(self, key: str) -> st.SearchStrategy[Any]:
        if key not in self.cache:
            d = self.definitions[key]
            if isinstance(d, ir.ObjectDef):
                present = {f.json_name for f in d.fields if f.required} | self.tags.get(key, set())
                self.cache[key] = st.fixed_dictionaries(
                    {f.json_name: self.of(f.type) for f in d.fields if f.json_name in present},
                    optional={f.json_name: self.of(f.type) for f in d.fields if f.json_name not in present},
                )
            elif isinstance(d, ir.UnionDef):
                self.cache[key] = st.one_of([self.of(v) for v in d.union.variants])
            else:
                self.cache[key] = self.of(d.target)
        return self.cache[key]


def primitive(t: ir.Primitive) -> st.SearchStrategy[Any]:
    """Values of a primitive type within its value constraints (minLength, pattern, minimum...)."""
    limits: dict[str, Any] = dict(t.limits)
    if t.kind == "string":
        if "pattern" in limits:
            return st.from_regex(limits["pattern"], fullmatch=True)
        low = limits.get("minLength", 0)
        return st.text(min_size=low, max_size=min(limits.get("maxLength", low + 8), low + 8))
    if t.kind in ("integer", "number"):
        low = limits.get("minimum", limits.get("exclusiveMinimum"))
        high = limits.get("maximum", limits.get("exclusiveMaximum"))
        ints = st.integers(
            min_value=None if low is None else math.ceil(low), max_value=None if high is None else math.floor(high)
        )
        ints = ints.filter(lambda n: n != limits.get("exclusiveMinimum") and n != limits.get("exclusiveMaximum"))
        if t.kind == "integer":
            return ints
        floats = st.floats(
            min_value=low,
            max_value=high,
            allow_nan=False,
            allow_infinity=False,
            exclude_min="exclusiveMinimum" in limits,
            exclude_max="exclusiveMaximum" in limits,
        )
        return floats | ints
    return {"boolean": st.booleans(), "null": st.none()}[t.kind]


def tags(definitions: dict[str, ir.Definition]) -> dict[str, set[str]]:
    """Per object, the discriminators it is dispatched on: a union needs them present, unless the
    object is the one alternative that makes its discriminator optional (``Branch.absent``)."""
    found: dict[str, set[str]] = {}

    def walk(branch: ir.Branch) -> None:
        for _, target in branch.table:
            if isinstance(target, ir.Branch):
                walk(target)
            keys = [target] if isinstance(target, str) else list(getattr(target, "keys", ()))
            for key in keys:
                if key != branch.absent and key not in getattr(branch.absent, "keys", ()):
                    found.setdefault(key, set()).add(branch.property)

    for d in definitions.values():
        if isinstance(d, ir.UnionDef) and d.dispatch:
            walk(d.dispatch)
    return found


def objects() -> list[str]:
    definitions, names = model()
    return sorted(names[k] for k, d in definitions.items() if isinstance(d, ir.ObjectDef))


def key_of(name: str) -> str:
    _definitions, names = model()
    return next(k for k, n in names.items() if n == name)


@pytest.mark.parametrize("name", objects())
def test_instances_round_trip_exactly(committed: ModuleType, name: str) -> None:
    cls = getattr(committed.models, name)

    @PER_CLASS
    @given(Instances().definition(key_of(name)))
    def check(payload: dict[str, Any]) -> None:
        back = cls.from_dict(payload).to_dict()
        assert json.dumps(back, sort_keys=True) == json.dumps(payload, sort_keys=True)

    check()


def mutated(payload: Any, data: st.DataObject) -> Any:
    """The payload with one part replaced by arbitrary JSON (or a key removed)."""
    if isinstance(payload, dict) and payload and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(payload)))
        copy = dict(payload)
        if data.draw(st.booleans()):
            del copy[key]
        else:
            copy[key] = mutated(payload[key], data)
        return copy
    if isinstance(payload, list) and payload and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(payload) - 1))
        return [*payload[:index], mutated(payload[index], data), *payload[index + 1 :]]
    return data.draw(JSON)


@pytest.mark.parametrize("root", ["RealtimeClientEvent", "RealtimeServerEvent"])
def test_broken_events_raise_only_validation_errors(committed: ModuleType, root: str) -> None:
    parse = committed.parse_client_event if "Client" in root else committed.parse_server_event
    events = Instances().definition(key_of(root))

    @PROFILE
    @given(events, st.data())
    def check(payload: Any, data: st.DataObject) -> None:
        broken = mutated(payload, data)
        try:
            event = parse(json.dumps(broken))
        except committed.ValidationError as error:
            assert error.path.startswith("$")
            return
        assert json.dumps(event.to_dict(), sort_keys=True) == json.dumps(broken, sort_keys=True)

    check()


@PROFILE
@given(JSON)
def test_arbitrary_json_raises_only_validation_errors(committed: ModuleType, value: Any) -> None:
    for parse in (committed.parse_client_event, committed.parse_server_event):
        with contextlib.suppress(committed.ValidationError):
            parse(json.dumps(value))


@PROFILE
@given(st.binary(max_size=40) | st.text(max_size=40))
def test_arbitrary_bytes_raise_only_validation_errors(committed: ModuleType, data: bytes | str) -> None:
    with contextlib.suppress(committed.ValidationError):
        committed.parse_server_event(data)
