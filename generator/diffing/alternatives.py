"""Which alternatives of two versions of a union stand for the same payloads.

When a schema changes kind (an object becomes a union, a union gains a discriminator or splits an
alternative in two), the old shapes are compared with the new ones they correspond to: first those
with the same label, then by the value of the tag property (an old object whose ``type`` admits
``message`` corresponds to every new alternative tagged ``message``), then by the best structural
match (the most field names in common, at least one besides the tag, and no field fixed to other values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .. import ir

SAME = "same label"
BY_TAG = "by tag value"
BY_SHAPE = "by best structural match"


class Resolves(Protocol):
    def resolve(self, t: ir.Type) -> tuple[bool, ir.Type | ir.ObjectDef | ir.UnionDef]: ...


@dataclass(frozen=True)
class Pair:
    old: str  # the alternative's label on the old side
    new: str
    how: str  # SAME, BY_TAG or BY_SHAPE


def obj(side: Resolves, t: ir.Type) -> ir.ObjectDef | None:
    resolved = side.resolve(t)[1]
    return resolved if isinstance(resolved, ir.ObjectDef) else None


def tag_values(side: Resolves, t: ir.Type, prop: str) -> set[str]:
    """The values an alternative's ``prop`` may take (a closed enum or const), as text."""
    found = obj(side, t)
    for f in found.fields if found else ():
        if f.json_name == prop:
            values = side.resolve(f.type)[1]
            if isinstance(values, ir.Enum) and not values.open:
                return {v if isinstance(v, str) else repr(v) for v in values.values}
    return set()


def correspond(
    old: Resolves, new: Resolves, a: Mapping[str, ir.Type], b: Mapping[str, ir.Type], prop: str | None
) -> tuple[list[Pair], list[str], list[str]]:
    """Corresponding (old, new) alternatives, the old ones left without a counterpart, and the new ones."""
    pairs = [Pair(x, x, SAME) for x in a if x in b]
    left = [x for x in a if x not in b]
    right = [y for y in b if y not in a]
    if prop:
        right_tags = {y: tag_values(new, b[y], prop) for y in right}
        for x in list(left):
            tags = tag_values(old, a[x], prop)
            matched = [y for y in right if tags & right_tags[y]]
            if matched:
                pairs += [Pair(x, y, BY_TAG) for y in matched]
                left.remove(x)
        taken = {p.new for p in pairs}
        right = [y for y in right if y not in taken]
    scored = []
    for x in left:
        for y in right:
            score = common_fields(old, new, a[x], b[y], prop)
            if score > 0:
                scored.append((-score, x, y))
    for _, x, y in sorted(scored):
        if x in left and y in right:
            pairs.append(Pair(x, y, BY_SHAPE))
            left.remove(x)
            right.remove(y)
    if len(left) == len(right) == 1 and a_union_of_objects(old, new, a[left[0]], b[right[0]], prop):
        pairs.append(Pair(left.pop(), right.pop(), BY_SHAPE))  # the one left on each side: nothing else to be
    return pairs, left, right


def a_union_of_objects(old: Resolves, new: Resolves, x: ir.Type, y: ir.Type, prop: str | None) -> bool:
    """Two objects left unmatched, one on each side, that no fixed field sets apart."""
    return common_fields(old, new, x, y, prop) == 0 and obj(old, x) is not None and obj(new, y) is not None


def common_fields(old: Resolves, new: Resolves, x: ir.Type, y: ir.Type, prop: str | None) -> int:
    """How many field names two objects share besides the tag (0 when either is not an object, -1
    when a field fixed on both sides takes other values)."""
    a, b = obj(old, x), obj(new, y)
    if a is None or b is None:
        return 0
    names = {f.json_name for f in a.fields} & {f.json_name for f in b.fields}
    for name in names:
        before, after = tag_values(old, x, name), tag_values(new, y, name)
        if before and after and before.isdisjoint(after):
            return -1  # a field fixed to other values on each side: two different alternatives
    return len(names - {prop})


def matched_text(pairs: list[Pair], side: str) -> str:
    """``message/role=user, function_call (by tag value)``: the labels on one side, grouped by how."""
    parts = []
    for how in (SAME, BY_TAG, BY_SHAPE):
        labels = list(dict.fromkeys(p.new if side == "new" else p.old for p in pairs if p.how == how))
        if labels:
            parts.append(f"{', '.join(labels)} ({how})")
    return "; ".join(parts)
