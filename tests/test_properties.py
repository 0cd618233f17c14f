"""Property-based tests: JSON instances drawn from the IR of our spec round-trip exactly through the
committed package; broken instances and arbitrary JSON raise ValidationError and nothing else.

Instances are built from the same IR the generator used (so they follow every schema: required
properties, enums, nullability, discriminators), by the hypothesis strategies in ``instances.py``.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from instances import JSON, Instances, definitions_of

from generator import ir
from generator.naming import Namer

SPEC = ROOT / "spec" / "realtime.yaml"
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_CLASS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def model() -> tuple[dict[str, ir.Definition], dict[str, str]]:
    definitions = definitions_of(SPEC, {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"})
    return definitions, Namer(definitions, ()).run()


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
    @given(Instances(model()[0]).definition(key_of(name)))
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
    events = Instances(model()[0]).definition(key_of(root))

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
