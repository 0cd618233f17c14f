"""Merge the members of an ``allOf`` into one object schema: properties and required lists united."""

from __future__ import annotations

from typing import Any

from .errors import SpecError
from .refs import Resolver, join_pointer


def merge_all_of(resolver: Resolver, members: list[Any], rest: dict[str, Any], at: str) -> dict[str, Any]:
    """One raw schema standing for ``allOf: members`` plus the keywords beside it (``rest``).

    A property declared by several members becomes the ``allOf`` of its declarations; a member
    that closes itself (``additionalProperties: false``) closes the result.
    """
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for index, member in enumerate([*members, rest]):
        merge_into(resolver, merged, member, join_pointer(at, "allOf", index), ())
    merged.update({k: v for k, v in rest.items() if k in ("description", "deprecated")})
    return merged


def merge_into(resolver: Resolver, merged: dict[str, Any], member: Any, at: str, trail: tuple[str, ...]) -> None:
    while isinstance(member, dict) and "$ref" in member:
        at = resolver.locate(member["$ref"], at)
        if at in trail:
            raise SpecError(
                resolver.display(at),
                "allOf includes itself: " + " -> ".join((*trail, at)),
                "make one of the $refs point at a schema that does not lead back here",
            )
        trail = (*trail, at)
        member = resolver.node(at)
    if not isinstance(member, dict):
        return
    for index, sub in enumerate(member.get("allOf", [])):
        merge_into(resolver, merged, sub, join_pointer(at, "allOf", index), trail)
    if isinstance(member.get("type"), str) and member["type"] != "object":
        merged["type"] = member["type"]
    for name, schema in (member.get("properties") or {}).items():
        before = merged["properties"].get(name)
        merged["properties"][name] = schema if before is None else {"allOf": [before, schema]}
    merged["required"] += [r for r in member.get("required", []) if r not in merged["required"]]
    if member.get("additionalProperties") is False:
        merged["additionalProperties"] = False
    if "description" in member and "description" not in merged:
        merged["description"] = member["description"]
