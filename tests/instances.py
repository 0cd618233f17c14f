"""Hypothesis strategies for JSON instances of IR types: every schema's required properties, enums,
nullability, value constraints and discriminators, so that what they draw is valid for its schema.
Used by the property tests and by the fuzzer (as seeds to mutate)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.errors import Warnings
from generator.loader import load_file
from generator.pipeline import Options, RootSpec, default_lenient, plan, resolver_for

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def definitions_of(spec: Path, roots: dict[str, str]) -> dict[str, ir.Definition]:
    """The IR the generator builds for ``spec`` and ``roots`` (alias -> schema)."""
    options = Options(str(spec), "pkg", [RootSpec(a, s, default_lenient(a)) for a, s in roots.items()])
    fmt, resolver = resolver_for(options, load_file(str(spec)))
    return plan(options, resolver, Warnings(), fmt).definitions


class Instances:
    """Hypothesis strategies for the JSON of each IR type."""

    def __init__(self, definitions: dict[str, ir.Definition]) -> None:
        self.definitions = definitions
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
