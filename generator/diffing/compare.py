"""Walk the IR of two spec versions root by root, event by event, and list what changed.

Events are matched by their tag (the discriminator value); an unmatched old event and an unmatched
new one are a rename when their schemas are the same apart from the tag, or when the schema keeps
its name. Fields are matched by JSON key and compared through references, aliases and nullable
wrappers, so spellings that mean the same give the same IR and no change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import ir
from ..pipeline import Model
from ..refs import schema_name
from .alternatives import BY_TAG, Pair, correspond, matched_text
from .model import RECEIVE, SEND, Change

LOWER = ("minLength", "minItems", "minimum", "exclusiveMinimum")  # raising these tightens
UPPER = ("maxLength", "maxItems", "maximum", "exclusiveMaximum")  # lowering these tightens


class Found(NamedTuple):
    """A change where it was found: ``path`` from the point of comparison; ``schema`` is the key of
    the definition it belongs to ("" until known) and ``at`` the path inside that definition."""

    path: str
    kind: str
    old: str | None
    new: str | None
    schema: str = ""
    at: str = ""


def placed(found: list[Found], path: str, key: str) -> list[Found]:
    """Changes found inside the definition ``key`` (paths relative to it), placed at ``path``."""
    return [
        Found(under(path, f.path), f.kind, f.old, f.new, f.schema or key, f.at if f.schema else f.path) for f in found
    ]


def under(path: str, rel: str) -> str:
    """``rel``, a path inside an object, placed at ``path``: fields join with dots, ``[]``, ``{}``,
    ``[prop=value]`` and ``<kind>`` (array items, map values, union alternatives) attach directly."""
    if not path or not rel or rel.startswith(("[", "{", "<")):
        return path + rel
    return f"{path}.{rel}"


@dataclass
class Side:
    """One spec version: its definitions and the things read from them."""

    definitions: dict[str, ir.Definition]
    names: dict[str, str] = field(default_factory=dict)  # definition key -> generated class name

    def resolve(self, t: ir.Type) -> tuple[bool, ir.Type | ir.ObjectDef | ir.UnionDef]:
        """Whether ``t`` admits null, and what it stands for through aliases and null wrappers."""
        nullable, seen = False, set()
        while True:
            if isinstance(t, ir.Nullable):
                nullable, t = True, t.inner
            elif isinstance(t, ir.Ref) and t.key not in seen:
                seen.add(t.key)
                found = self.definitions[t.key]
                if not isinstance(found, ir.AliasDef):
                    return nullable, found
                t = found.target
            elif isinstance(t, ir.UnionOf) and any(v == ir.Primitive("null") for v in t.variants):
                rest = tuple(v for v in t.variants if v != ir.Primitive("null"))
                nullable, t = True, rest[0] if len(rest) == 1 else ir.UnionOf(rest)
            else:
                return nullable, t

    def display(self, key: str) -> str:
        """A definition as users know it: its generated class name, else its schema name."""
        return self.names.get(key) or schema_name(key) or key

    def alternatives(self, t: ir.Type | ir.ObjectDef | ir.UnionDef) -> tuple[str | None, dict[str, ir.Type]]:
        """A union's discriminator property (None: told apart by shape) and its alternatives by label."""
        if isinstance(t, ir.UnionDef) and t.dispatch is not None:
            found: dict[str, ir.Type] = {}
            for tag, key in flatten(t.dispatch):
                if not (tag.startswith("(no ") and ir.Ref(key) in found.values()):  # tagged already
                    found[tag] = ir.Ref(key)
            for v in t.union.variants:  # plain values beside the objects
                r = self.resolve(v)[1]
                if not isinstance(r, (ir.ObjectDef, ir.UnionDef)):
                    found.setdefault(label(self, r), v)
            return t.dispatch.property, found
        variants = t.union.variants if isinstance(t, ir.UnionDef) else t.variants if isinstance(t, ir.UnionOf) else ()
        result: dict[str, ir.Type] = {}
        for v in variants:
            result.setdefault(label(self, self.resolve(v)[1]), v)
        return None, result


def flatten(branch: ir.Branch, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(label, object key) for each alternative of a dispatch table; a second property adds ``/prop=value``."""
    for value, target in branch.table:
        label = f"{prefix}{value}"
        if isinstance(target, str):
            yield label, target
        elif isinstance(target, ir.Branch):
            yield from flatten(target, f"{label}/{target.property}=")
        else:
            for key in target.keys:
                yield f"{label}/{schema_name(key) or key}", key
    if isinstance(branch.absent, str):
        yield f"{prefix}(no {branch.property})", branch.absent


def label(side: Side, t: ir.Type | ir.ObjectDef | ir.UnionDef) -> str:
    """What an alternative of a union without a discriminator is matched by: its schema's name, or
    its JSON kind (so ``string`` and an enum of strings are the same alternative, compared inside)."""
    if isinstance(t, (ir.Primitive, ir.Enum)):
        return t.kind
    if isinstance(t, (ir.ObjectDef, ir.UnionDef)):  # by name: inline objects are told apart by their class names
        return side.display(t.key)
    kinds = {ir.Array: "array", ir.Map: "map", ir.AnyValue: "any", ir.Fixed: "fixed value", ir.Never: "nothing"}
    return kinds.get(type(t)) or describe(side, t)


def shape(side: Side, t: ir.Type | ir.ObjectDef | ir.UnionDef) -> str:
    """``object`` or ``union of N``: what a named schema is, for two that share a name."""
    if isinstance(t, ir.Ref | ir.Nullable):
        t = side.resolve(t)[1]
    if isinstance(t, (ir.UnionDef, ir.UnionOf)):
        prop = side.alternatives(t)[0]
        count = len(t.union.variants if isinstance(t, ir.UnionDef) else t.variants)
        return f"union of {count} {'by `' + prop + '`' if prop else 'told apart by shape'}"
    return "object" if isinstance(t, ir.ObjectDef) else "value"


def title(key: str) -> str | None:
    """A definition's schema name (a component, or a whole file: ``schemas/GameStatus.yaml#``); None inline."""
    name = schema_name(key)
    if name is None and key.endswith("#"):
        name = key[:-1].rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return name


def kind_text(side: Side, t: ir.Type | ir.ObjectDef | ir.UnionDef) -> str:
    """``RealtimeSession (object)``, ``union of 2 by `type```: a schema and what kind it is."""
    name, kind = describe(side, t), shape(side, t)
    return kind if name.startswith("union of") or name == kind else f"{name} ({kind})"


def describe(side: Side, t: ir.Type | ir.ObjectDef | ir.UnionDef, depth: int = 0) -> str:
    """A short description of a type for reports: ``string``, ``integer | null``, ``RealtimeSession``..."""
    if isinstance(t, ir.ObjectDef):
        return schema_name(t.key) or "object"
    if isinstance(t, ir.UnionDef):
        return schema_name(t.key) or f"union of {len(t.union.variants)}"
    if isinstance(t, (ir.Ref, ir.Nullable)) or (isinstance(t, ir.UnionOf) and ir.Primitive("null") in t.variants):
        if depth > 8:
            return "recursive"
        null, inner = side.resolve(t)
        text = describe(side, inner, depth + 1)
        return f"{text} | null" if null else text
    if isinstance(t, ir.Primitive):
        return t.kind
    if isinstance(t, ir.Enum):
        shown = ", ".join(str(v) for v in t.values[:4]) + (", ..." if len(t.values) > 4 else "")
        return f"{t.kind} enum ({shown}{', open' if t.open else ''})"
    if isinstance(t, ir.Fixed):
        return "fixed JSON value"
    if isinstance(t, ir.Array):
        return f"array of {describe(side, t.items, depth + 1)}" if depth < 8 else "array"
    if isinstance(t, ir.Map):
        return f"map of {describe(side, t.values, depth + 1)}" if depth < 8 else "map"
    if isinstance(t, ir.UnionOf):
        return " | ".join(dict.fromkeys(describe(side, v, depth + 1) for v in t.variants))
    if isinstance(t, ir.Never):
        return "nothing (false)"
    return "any"


def limits_changes(path: str, old: ir.Limits, new: ir.Limits) -> list[Found]:
    a, b = dict(old), dict(new)
    found: list[Found] = []
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        old_text = None if x is None else f"{name} {x}"
        new_text = None if y is None else f"{name} {y}"
        if name == "pattern":
            kind = "constraint.tightened" if x is None else "constraint.loosened" if y is None else "constraint.changed"
        elif x is None or y is None:
            kind = "constraint.tightened" if x is None else "constraint.loosened"
        else:
            raised = y > x  # type: ignore[operator]
            kind = "constraint.tightened" if raised == (name in LOWER) else "constraint.loosened"
        found.append(Found(path, kind, old_text, new_text))
    return found


class Comparison:
    """Compares the types of one old and one new spec version; results per pair of objects are
    kept, so a schema shared by many events is walked once."""

    def __init__(self, old: Side, new: Side) -> None:
        self.old = old
        self.new = new
        self.done: dict[tuple[str, str, tuple[str, ...]], list[Found]] = {}
        self.walking: set[tuple[str, str, tuple[str, ...]]] = set()

    # -- types ---------------------------------------------------------------

    def types(self, a: ir.Type, b: ir.Type, path: str) -> list[Found]:
        a_null, ra = self.old.resolve(a)
        b_null, rb = self.new.resolve(b)
        found: list[Found] = []
        if a_null != b_null:
            kind = "nullable.added" if b_null else "nullable.removed"
            found.append(Found(path, kind, describe(self.old, a), describe(self.new, b)))
        return found + self.resolved(ra, rb, path)

    def resolved(
        self, a: ir.Type | ir.ObjectDef | ir.UnionDef, b: ir.Type | ir.ObjectDef | ir.UnionDef, path: str
    ) -> list[Found]:
        union_like = (ir.UnionDef, ir.UnionOf)
        if isinstance(a, ir.ObjectDef) and isinstance(b, ir.ObjectDef):
            before, after = title(a.key), title(b.key)
            if after and before != after:  # another named schema, or an inline one now named
                line = Found(path, "schema.renamed", before or "inline object", after)
                return [line, *self.objects(a, b, path)]
            return self.objects(a, b, path)
        anything = isinstance(a, ir.AnyValue) or isinstance(b, ir.AnyValue)  # any value <-> union: widened/narrowed
        if (isinstance(a, union_like) or isinstance(b, union_like)) and not anything:
            return self.unions(a, b, path)
        if isinstance(a, ir.Primitive) and isinstance(b, ir.Primitive):
            return self.primitives(a, b, path)
        if isinstance(a, ir.Enum) and isinstance(b, ir.Enum) and a.kind == b.kind:
            return self.enums(a.values, b.values, a.open, b.open, path)
        if isinstance(a, ir.Fixed) and isinstance(b, ir.Fixed):
            return self.enums(a.texts, b.texts, False, False, path)
        if isinstance(a, ir.Array) and isinstance(b, ir.Array):
            return limits_changes(path, a.limits, b.limits) + self.types(a.items, b.items, path + "[]")
        if isinstance(a, ir.Map) and isinstance(b, ir.Map):
            return self.types(a.values, b.values, path + "{}")
        if type(a) is type(b) and isinstance(a, (ir.AnyValue, ir.Never)):
            return []
        old, new = describe(self.old, a), describe(self.new, b)
        if isinstance(b, ir.AnyValue) or (isinstance(a, ir.Enum) and isinstance(b, ir.Primitive) and a.kind == b.kind):
            if isinstance(a, ir.Enum) and a.open:  # an open enum of strings already took any string
                return []
            return [Found(path, "type.widened", old, new)]
        if isinstance(a, ir.AnyValue) or (isinstance(b, ir.Enum) and isinstance(a, ir.Primitive) and a.kind == b.kind):
            if isinstance(b, ir.Enum) and b.open:
                return []
            return [Found(path, "type.narrowed", old, new)]
        return [Found(path, "type.changed", old, new)]

    def primitives(self, a: ir.Primitive, b: ir.Primitive, path: str) -> list[Found]:
        if a.kind != b.kind:
            if (a.kind, b.kind) == ("integer", "number"):
                return [Found(path, "type.widened", a.kind, b.kind)]
            if (a.kind, b.kind) == ("number", "integer"):
                return [Found(path, "type.narrowed", a.kind, b.kind)]
            return [Found(path, "type.changed", a.kind, b.kind)]
        return limits_changes(path, a.limits, b.limits)

    def enums(self, a: tuple[object, ...], b: tuple[object, ...], a_open: bool, b_open: bool, path: str) -> list[Found]:
        found: list[Found] = []
        if a_open != b_open:
            found.append(Found(path, "enum.opened" if b_open else "enum.closed", None, None))
        prefix = "open-enum" if a_open and b_open else "enum"
        found += [Found(path, f"{prefix}.value-removed", repr_value(v), None) for v in a if v not in b]
        found += [Found(path, f"{prefix}.value-added", None, repr_value(v)) for v in b if v not in a]
        return found

    # -- unions --------------------------------------------------------------

    def unions(
        self, a: ir.Type | ir.ObjectDef | ir.UnionDef, b: ir.Type | ir.ObjectDef | ir.UnionDef, path: str
    ) -> list[Found]:
        """Two versions of a union, or an object and a union (a schema that changed kind): the
        change of kind is said once, then each old alternative is compared with the new ones it
        corresponds to (see ``alternatives``), under ``[prop=value]`` or ``<Name>``."""
        if isinstance(a, (ir.ObjectDef, ir.UnionDef)) and isinstance(b, (ir.ObjectDef, ir.UnionDef)):
            return self.named(a, b, path, (), lambda: self.union_changes(a, b))
        return [Found(under(path, f.path), *f[1:]) for f in self.union_changes(a, b)]

    def union_changes(
        self, a: ir.Type | ir.ObjectDef | ir.UnionDef, b: ir.Type | ir.ObjectDef | ir.UnionDef
    ) -> list[Found]:
        union_like = (ir.UnionDef, ir.UnionOf)
        a_union, b_union = isinstance(a, union_like), isinstance(b, union_like)
        a_prop, a_alts = self.old.alternatives(a) if a_union else (None, {label(self.old, a): as_type(a)})
        b_prop, b_alts = self.new.alternatives(b) if b_union else (None, {label(self.new, b): as_type(b)})
        found: list[Found] = []
        if isinstance(a, ir.UnionDef) and isinstance(b, ir.UnionDef):
            before, after = title(a.key), title(b.key)
            if after and before != after:
                found.append(Found("", "schema.renamed", before or "inline union", after))
        if a_prop != b_prop and a_prop and b_prop:  # told apart otherwise: alternatives matched by schema
            found.append(Found("", "discriminator.changed", a_prop, b_prop))
            a_prop = b_prop = None
            a_alts = {describe(self.old, self.old.resolve(t)[1]): t for t in a_alts.values()}
            b_alts = {describe(self.new, self.new.resolve(t)[1]): t for t in b_alts.values()}
        prop = b_prop or a_prop
        pairs, removed, added = correspond(self.old, self.new, a_alts, b_alts, prop)
        if a_union and b_union and (a_prop is None) != (b_prop is None):
            kind = "union.discriminated" if b_prop else "union.undiscriminated"
            matched = matched_text(pairs, "new" if b_prop else "old")
            after = told_apart(b_prop) + (f"; the old alternatives correspond to {matched}" if matched else "")
            found.append(Found("", kind, told_apart(a_prop), after))
        old_text, new_text = kind_text(self.old, a), kind_text(self.new, b)
        if not a_union:
            matched = matched_text(pairs, "new")
            said = f"the old shape is {matched}" if matched else "no alternative has the old shape"
            found.append(Found("", "type.split", old_text, f"{new_text}; {said}"))
        elif not b_union:
            matched = matched_text(pairs, "old")
            said = f"it takes {matched}" if matched else "none of the old alternatives has its shape"
            found.append(Found("", "type.merged", old_text, f"{new_text}; {said}"))
        elif not pairs:  # nothing in common: one line
            return [*found, Found("", "type.changed", old_text, new_text)]
        if a_union:
            found += [Found("", "union.alternative-removed", alt, None) for alt in removed]
        if b_union:
            found += [Found("", "union.alternative-added", None, alt) for alt in added]
        if a_union and b_union:
            found += regrouped(pairs)
        news = Counter(p.new for p in pairs)
        for pair in pairs:
            x, y = a_alts[pair.old], b_alts[pair.new]
            if b_union and news[pair.new] == 1:  # placed by the new alternative, unless several old ones merge into it
                step = self.step(self.new, b_prop, pair.new, y)
            else:
                step = self.step(self.old, a_prop, pair.old, x)
            skip = tag_properties(prop, pair.new) + tag_properties(prop, pair.old) if pair.how == BY_TAG else ()
            found += self.alternative(x, y, step, skip)
        return found

    def step(self, side: Side, prop: str | None, alt: str, t: ir.Type) -> str:
        """``[type=message]`` for an alternative told apart by a property, ``<Name>`` otherwise."""
        return f"[{prop}={alt}]" if prop and isinstance(side.resolve(t)[1], ir.ObjectDef) else f"<{alt}>"

    def alternative(self, a: ir.Type, b: ir.Type, step: str, skip: tuple[str, ...]) -> list[Found]:
        """Changes between two corresponding alternatives, placed under ``step``; those that belong
        to the alternative's own object are told as the union's (``RealtimeConversationItem[type=x].y``)."""
        ra, rb = self.old.resolve(a)[1], self.new.resolve(b)[1]
        if isinstance(ra, ir.ObjectDef) and isinstance(rb, ir.ObjectDef):
            found = self.objects(ra, rb, step, skip)
            return [Found(f.path, *f[1:4]) if f.schema == rb.key else f for f in found]
        return self.types(a, b, step)

    # -- objects -------------------------------------------------------------

    def named(
        self,
        a: ir.ObjectDef | ir.UnionDef,
        b: ir.ObjectDef | ir.UnionDef,
        path: str,
        skip: tuple[str, ...],
        compute: Callable[[], list[Found]],
    ) -> list[Found]:
        """Changes between two definitions, computed once per pair and placed at ``path``."""
        memo = (a.key, b.key, skip)
        if memo not in self.done:
            if memo in self.walking:  # a schema that contains itself: compared where it first appears
                return []
            self.walking.add(memo)
            self.done[memo] = compute()
            self.walking.discard(memo)
        return placed(self.done[memo], path, b.key)

    def objects(self, a: ir.ObjectDef, b: ir.ObjectDef, path: str, skip: tuple[str, ...] = ()) -> list[Found]:
        """Changes between two objects; ``skip`` names fields left out (an event's tag on a rename,
        the properties that tell apart alternatives matched by their values)."""
        return self.named(a, b, path, skip, lambda: self.fields(a, b, skip))

    def fields(self, a: ir.ObjectDef, b: ir.ObjectDef, skip: tuple[str, ...]) -> list[Found]:
        found: list[Found] = []
        if a.closed != b.closed:
            found.append(Found("", "object.opened" if a.closed else "object.closed", None, None))
        old = {f.json_name: f for f in a.fields if f.json_name not in skip}
        new = {f.json_name: f for f in b.fields if f.json_name not in skip}
        removed = [f for name, f in old.items() if name not in new]
        added = [f for name, f in new.items() if name not in old]
        renamed = self.renames(removed, added)
        for f in removed:
            if f.json_name in renamed:
                to = renamed[f.json_name]
                found += self.declared(
                    to, self.new, b, [Found(f.json_name, "field.renamed", f.json_name, to.json_name)]
                )
            else:
                gone = Found(f.json_name, "field.removed", describe(self.old, f.type), None)
                found += self.declared(f, self.old, a, [gone])
        taken = {to.json_name for to in renamed.values()}
        for f in added:
            if f.json_name not in taken:
                kind = "required-field.added" if f.required else "field.added"
                found += self.declared(f, self.new, b, [Found(f.json_name, kind, None, describe(self.new, f.type))])
        for name, f in old.items():
            g = new.get(name)
            if g is None:
                continue
            here: list[Found] = []
            if f.required != g.required:
                here.append(Found(name, "field.now-required" if g.required else "field.now-optional", None, None))
            found += self.declared(g, self.new, b, here + self.types(f.type, g.type, name))
        return found

    def declared(self, f: ir.Field, side: Side, owner: ir.ObjectDef, found: list[Found]) -> list[Found]:
        """Changes of a field declared by another named schema (an ``allOf`` base) belong to that
        schema, so that one change shared by many events is told once."""
        base = f.pointer.rpartition("/properties/")[0]
        if not base or base == owner.key or base not in side.definitions:
            return found
        return [f if f.schema else Found(f.path, f.kind, f.old, f.new, base, f.path) for f in found]

    def renames(self, removed: list[ir.Field], added: list[ir.Field]) -> dict[str, ir.Field]:
        """Removed field -> added field, where exactly one added field has its schema, its requiredness
        and a word of its name (``modalities`` -> ``output_modalities``, not ``id`` -> ``image_url``)."""
        result: dict[str, ir.Field] = {}
        for f in removed:
            same = [
                g
                for g in added
                if g.required == f.required and words(f.json_name) & words(g.json_name) and self.same(f.type, g.type)
            ]
            if len(same) == 1 and sum(self.same(h.type, same[0].type) for h in removed) == 1:
                result[f.json_name] = same[0]
        return result

    def same(self, a: ir.Type, b: ir.Type) -> bool:
        return all(f.kind == "schema.renamed" for f in self.types(a, b, ""))


def words(name: str) -> set[str]:
    """The words of a field name, in lower case: ``maxOutputTokens`` and ``max_output_tokens`` give the same."""
    return {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)}


def regrouped(pairs: list[Pair]) -> list[Found]:
    """One old alternative now split in several (``marker`` -> ``marker/tip=fine``, ``marker/tip=broad``),
    or several merged in one: said once, before the changes under each."""
    found: list[Found] = []
    for old in dict.fromkeys(p.old for p in pairs if p.how == BY_TAG):
        into = [p.new for p in pairs if p.old == old]
        if len(into) > 1:
            found.append(Found("", "union.alternative-split", old, ", ".join(into)))
    for new in dict.fromkeys(p.new for p in pairs if p.how == BY_TAG):
        into = [p.old for p in pairs if p.new == new]
        if len(into) > 1:
            found.append(Found("", "union.alternatives-merged", ", ".join(into), new))
    return found


def tag_properties(prop: str | None, label: str) -> tuple[str, ...]:
    """The properties whose values select an alternative: ``type`` and ``role`` for ``message/role=user``."""
    second = tuple(part.partition("=")[0] for part in label.split("/")[1:] if "=" in part)
    return (prop, *second) if prop else second


def told_apart(prop: str | None) -> str:
    return f"discriminated by `{prop}`" if prop else "told apart by shape"


def as_type(t: ir.Type | ir.ObjectDef | ir.UnionDef) -> ir.Type:
    return ir.Ref(t.key) if isinstance(t, (ir.ObjectDef, ir.UnionDef)) else t


def repr_value(value: object) -> str:
    return value if isinstance(value, str) else repr(value)


# -- roots and events -------------------------------------------------------------------------


def events(side: Side, root: ir.Root, prefer: str | None = None) -> tuple[str | None, dict[str, ir.Type]]:
    """A root's tag property and its events by tag (caller-given tags first, when the root has them).
    A root that is one object is one event, named by its ``prefer`` property (the other version's
    tag) when that is fixed to one value, else by its schema's name."""
    if root.caller_tag is not None:
        return None, {value: ir.Ref(key) for value, key in root.caller_tag.table}
    _, resolved = side.resolve(ir.Ref(root.key))
    if isinstance(resolved, (ir.UnionDef, ir.UnionOf)):
        return side.alternatives(resolved)
    if isinstance(resolved, ir.ObjectDef) and prefer:
        for f in resolved.fields:
            _, t = side.resolve(f.type)
            if f.json_name == prefer and isinstance(t, ir.Enum) and len(t.values) == 1 and not t.open:
                return prefer, {repr_value(t.values[0]): ir.Ref(root.key)}
    return None, {describe(side, resolved): ir.Ref(root.key)}


def compare_models(old: Model, new: Model, direction_of: dict[str, str] | None = None) -> list[Change]:
    """Every wire change, root by root (roots matched by alias)."""
    a, b = Side(old.plan.definitions, old.names), Side(new.plan.definitions, new.names)
    walk = Comparison(a, b)
    changes: list[Change] = []
    old_roots = {r.alias: r for r in old.plan.roots}
    for root in new.plan.roots:
        before = old_roots.get(root.alias)
        if before is None:
            continue
        direction = RECEIVE if root.lenient else SEND
        a_prop, a_events = events(a, before)
        b_prop, b_events = events(b, root, a_prop)
        if a_prop is None and b_prop is not None:
            a_prop, a_events = events(a, before, b_prop)
        found: list[tuple[str, Found]] = []
        if a_prop and b_prop and a_prop != b_prop:
            found.append(("", Found("", "discriminator.changed", a_prop, b_prop)))
        if (a_prop is None) != (b_prop is None) and len(a_events) > 1 and len(b_events) > 1:
            kind = "union.discriminated" if b_prop else "union.undiscriminated"
            found.append(("", Found("", kind, told_apart(a_prop), told_apart(b_prop))))
            if b_prop:  # the events told apart by shape are named by the tag their schema has now
                a_events = by_tags_of(a_events, b_events)
            else:
                b_events = by_tags_of(b_events, a_events)
        removed = [e for e in a_events if e not in b_events]
        added = [e for e in b_events if e not in a_events]
        for old_tag, new_tag in pair_renames(walk, removed, added, a_events, b_events, b_prop or ""):
            removed.remove(old_tag)
            added.remove(new_tag)
            found.append((new_tag, Found("", "event.renamed", old_tag, new_tag)))
            found += [(new_tag, f) for f in event_changes(walk, a_events[old_tag], b_events[new_tag], b_prop or "")]
        found += [(tag, Found("", "event.removed", describe(a, a_events[tag]), None)) for tag in removed]
        found += [(tag, Found("", "event.added", None, describe(b, b_events[tag]))) for tag in added]
        for tag in a_events:
            if tag in b_events:
                found += [(tag, f) for f in walk.types(a_events[tag], b_events[tag], "")]
        changes += [
            Change(root.alias, tag, f.path, f.kind, f.old, f.new, direction, b.display(f.schema), f.at)
            for tag, f in found
        ]
    return changes


def by_tags_of(unnamed: dict[str, ir.Type], tagged: dict[str, ir.Type]) -> dict[str, ir.Type]:
    """Events told apart by shape (labelled by class name) relabelled with the tag the same schema
    has in the other version, so that they are named as users know them and matched."""
    tag_of = {t.key: tag for tag, t in tagged.items() if isinstance(t, ir.Ref)}
    result: dict[str, ir.Type] = {}
    for label, t in unnamed.items():
        tag = tag_of.get(t.key) if isinstance(t, ir.Ref) else None
        result[tag if tag is not None and tag not in result and tag not in unnamed else label] = t
    return result


def event_changes(walk: Comparison, a: ir.Type, b: ir.Type, tag_property: str) -> list[Found]:
    _, ra = walk.old.resolve(a)
    _, rb = walk.new.resolve(b)
    if isinstance(ra, ir.ObjectDef) and isinstance(rb, ir.ObjectDef):
        return walk.objects(ra, rb, "", skip=(tag_property,))
    return walk.types(a, b, "")


def pair_renames(
    walk: Comparison,
    removed: list[str],
    added: list[str],
    a_events: dict[str, ir.Type],
    b_events: dict[str, ir.Type],
    tag_property: str,
) -> list[tuple[str, str]]:
    """(old tag, new tag) for events whose tag changed: first those whose schema is the same apart
    from the tag (one candidate each way), then those whose schema kept its name."""
    pairs: list[tuple[str, str]] = []
    left, right = list(removed), list(added)
    for old_tag in list(left):
        if distinctive(walk.old, a_events[old_tag], tag_property) < 2:  # a bare tag says nothing of identity
            continue
        same = [t for t in right if not event_changes(walk, a_events[old_tag], b_events[t], tag_property)]
        if len(same) == 1:
            back = [t for t in left if not event_changes(walk, a_events[t], b_events[same[0]], tag_property)]
            if back == [old_tag]:
                pairs.append((old_tag, same[0]))
                left.remove(old_tag)
                right.remove(same[0])
    names = {name_of(b_events[t]): t for t in right if name_of(b_events[t])}
    for old_tag in list(left):
        new_tag = names.get(name_of(a_events[old_tag]))
        if new_tag is not None and new_tag in right:
            pairs.append((old_tag, new_tag))
            left.remove(old_tag)
            right.remove(new_tag)
    return pairs


def distinctive(side: Side, t: ir.Type, tag_property: str) -> int:
    """How many fields besides the tag an event has: schemas are matched on shape only from two on."""
    resolved = side.resolve(t)[1]
    return len([f for f in resolved.fields if f.json_name != tag_property]) if isinstance(resolved, ir.ObjectDef) else 0


def name_of(t: ir.Type) -> str | None:
    return schema_name(t.key) if isinstance(t, ir.Ref) else None
