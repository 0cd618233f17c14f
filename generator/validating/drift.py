"""Where decoded JSON and the spec disagree: a walk of the value along the spec's definitions.

Each finding has a kind, the JSON path (array items as ``[*]``), the pointer of the schema that
would absorb it and, per kind, the property name or the value:

- ``undeclared``: a property the object's schema does not declare (schema: the object);
- ``enum``: a string outside the enum (schema: the property or alias that holds the enum);
- ``null``: null where the schema allows none (schema: the property);
- ``missing``: a required property that is absent (schema: the object);
- ``type``: a value of another JSON type; ``variant``: an alternative the union does not have;
  ``value``: a value a fixed set (``const`` object, array) does not have; ``tag``: an object of a
  discriminated union without its tag, so that which alternative it is cannot be told (schema:
  the union). These four are reported but no overlay action is written for them: each needs a
  decision about the spec.

Dispatch follows the tables the generated parsers use, so a finding sits where the parser looked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import ir

MISSING: Any = object()
ABSORBABLE = ("undeclared", "enum", "null", "missing")


@dataclass(frozen=True)
class Finding:
    kind: str
    path: str
    schema: str
    name: str = ""  # the property (undeclared, missing, null) or the value (enum, variant), as text
    value: Any = None  # undeclared: the value seen; type: the JSON kind seen
    expected: str = ""  # type: what the spec says


def step(part: str) -> str:
    return "." + part if part.isidentifier() else "[" + json.dumps(part) + "]"


def kind_of(value: Any) -> str:
    return ir.json_kind(value) if value is None or isinstance(value, (str, int, float, bool, dict)) else "array"


class Walker:
    def __init__(self, definitions: dict[str, ir.Definition]) -> None:
        self.definitions = definitions
        self.tables: dict[int, dict[tuple[type, Any], str | ir.Branch | ir.Trial]] = {}

    def root(self, root: ir.Root, value: Any, tag: str | None = None) -> list[Finding]:
        """The findings for one event of ``root``; an unknown type at the top is not one (it is
        counted as an unknown event type instead)."""
        key = root.key
        if root.caller_tag is not None and tag is not None:
            key = dict(root.caller_tag.table).get(tag, key)
        return [f for f in self.walk(value, ir.Ref(key), "$", key) if not (f.kind == "variant" and f.path == "$")]

    def walk(self, value: Any, t: ir.Type, path: str, pointer: str) -> Iterator[Finding]:
        if value is None:
            if not self.accepts_null(t):
                yield Finding("null", path, pointer, path_name(path), None, describe(t))
            return
        if isinstance(t, ir.Nullable):
            yield from self.walk(value, t.inner, path, pointer)
        elif isinstance(t, ir.Ref):
            yield from self.definition(value, t.key, path)
        elif isinstance(t, ir.Primitive):
            if not fits(value, t.kind):
                yield Finding("type", path, pointer, path_name(path), kind_of(value), t.kind)
        elif isinstance(t, ir.Enum):
            if any(type(v) is type(value) and v == value for v in t.values):
                return
            if isinstance(value, str) and (t.open or t.kind == "string"):
                if not t.open:
                    yield Finding("enum", path, pointer, value)
            else:
                yield Finding("type", path, pointer, path_name(path), kind_of(value), describe(t))
        elif isinstance(t, ir.Array):
            if not isinstance(value, list):
                yield Finding("type", path, pointer, path_name(path), kind_of(value), "array")
                return
            for item in value:
                yield from self.walk(item, t.items, path + "[*]", pointer + "/items")
        elif isinstance(t, ir.Map):
            if not isinstance(value, dict):
                yield Finding("type", path, pointer, path_name(path), kind_of(value), "object")
                return
            for item in value.values():
                yield from self.walk(item, t.values, path + "[*]", pointer + "/additionalProperties")
        elif isinstance(t, ir.UnionOf):
            yield from self.closest([self.walk(value, v, path, pointer) for v in t.variants], value, path, pointer)
        elif isinstance(t, ir.Fixed):
            text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            if text not in t.texts:
                yield Finding("value", path, pointer, text[:60])
        elif isinstance(t, ir.Never):
            yield Finding("type", path, pointer, path_name(path), kind_of(value), "nothing (schema false)")

    def definition(self, value: Any, key: str, path: str) -> Iterator[Finding]:
        found = self.definitions.get(key)
        if isinstance(found, ir.ObjectDef):
            yield from self.object(value, found, path)
        elif isinstance(found, ir.AliasDef):
            yield from self.walk(value, found.target, path, key)
        elif isinstance(found, ir.UnionDef):
            if found.dispatch is not None and isinstance(value, dict):
                yield from self.dispatch(value, found.dispatch, path, key)
            else:
                yield from self.closest(
                    [self.walk(value, v, path, key) for v in found.union.variants], value, path, key
                )

    def object(self, value: Any, d: ir.ObjectDef, path: str) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield Finding("type", path, d.key, path_name(path), kind_of(value), "object")
            return
        declared = set()
        for f in d.fields:
            declared.add(f.json_name)
            item = value.get(f.json_name, MISSING)
            if item is MISSING:
                if f.required:
                    yield Finding("missing", path + step(f.json_name), d.key, f.json_name)
            else:
                yield from self.walk(item, f.type, path + step(f.json_name), f.pointer)
        for name, item in value.items():
            if name not in declared:
                yield Finding("undeclared", path + step(str(name)), d.key, str(name), item)

    def dispatch(self, value: dict[str, Any], branch: ir.Branch, path: str, key: str) -> Iterator[Finding]:
        tag = value.get(branch.property, MISSING)
        if tag is MISSING:
            target: str | ir.Branch | ir.Trial | None = branch.absent
            if target is None:
                yield Finding("tag", path + step(branch.property), key, branch.property)
                return
        else:
            table = self.tables.get(id(branch))
            if table is None:
                table = self.tables[id(branch)] = {(type(v), v): t for v, t in branch.table}
            target = table.get((type(tag), tag)) if isinstance(tag, (str, int, float, bool)) else None
            if target is None:
                if isinstance(tag, str):
                    yield Finding("variant", path, key, tag)
                else:
                    yield Finding("type", path + step(branch.property), key, branch.property, kind_of(tag), "a string")
                return
        if isinstance(target, str):
            yield from self.definition(value, target, path)
        elif isinstance(target, ir.Branch):
            yield from self.dispatch(value, target, path, key)
        else:
            yield from self.closest([self.definition(value, k, path) for k in target.keys], value, path, key)

    def closest(self, tries: list[Iterator[Finding]], value: Any, path: str, pointer: str) -> Iterator[Finding]:
        """Alternatives tried in order: none when one fits, else the findings of the one that fits best."""
        best: list[Finding] | None = None
        for attempt in tries:
            found = list(attempt)
            if not found:
                return
            if best is None or rank(found) < rank(best):
                best = found
        if best is not None:
            yield from best

    def accepts_null(self, t: ir.Type) -> bool:
        if isinstance(t, (ir.Nullable, ir.AnyValue)):
            return True
        if isinstance(t, ir.Primitive):
            return t.kind == "null"
        if isinstance(t, ir.Enum):
            return None in t.values
        if isinstance(t, ir.Fixed):
            return "null" in t.texts
        if isinstance(t, ir.UnionOf):
            return any(self.accepts_null(v) for v in t.variants)
        if isinstance(t, ir.Ref):
            found = self.definitions.get(t.key)
            if isinstance(found, ir.AliasDef):
                return self.accepts_null(found.target)
            if isinstance(found, ir.UnionDef):
                return any(self.accepts_null(v) for v in found.union.variants)
        return False


def rank(found: list[Finding]) -> tuple[int, int]:
    """Fewer findings of another type or variant first, then fewer findings."""
    return (sum(f.kind in ("type", "variant", "value") for f in found), len(found))


def fits(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return value is None


def path_name(path: str) -> str:
    """The last property name on a path (``$.a.b[*]`` -> ``b``)."""
    while path.endswith("[*]"):
        path = path[:-3]
    if path.endswith('"]'):
        return str(json.loads(path[path.rindex('["') + 1 : -1]))
    return path.rpartition(".")[2] if "." in path else ""


def describe(t: ir.Type) -> str:
    if isinstance(t, ir.Nullable):
        return describe(t.inner) + " or null"
    if isinstance(t, ir.Primitive):
        return t.kind
    if isinstance(t, ir.Enum):
        return "one of " + ", ".join(json.dumps(v) for v in t.values[:5]) + (", ..." if len(t.values) > 5 else "")
    if isinstance(t, ir.Array):
        return "array"
    if isinstance(t, (ir.Map, ir.Ref)):
        return "object" if isinstance(t, ir.Map) else t.key.rpartition("/")[2]
    return "a value of another shape"
