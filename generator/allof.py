"""Merge the members of an ``allOf`` into one schema: what every member asks for, at once.

Properties and required lists are united; a property declared by several members keeps one
declaration when they agree, merges them when they are objects, and otherwise takes the last one
when one of them is a union (the member that narrows a shared base, as real specs use allOf). Types and enums are
intersected; a member that closes itself (``additionalProperties: false``) closes the result.
Where each property's schema came from is recorded, so that the $refs inside it are resolved
from its own document.
"""

from __future__ import annotations

from typing import Any

from .errors import SpecError, Warnings
from .refs import Resolver, join_pointer

OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties")
JSON_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")
KEPT_FIRST = ("description", "deprecated", "title")


class Merge:
    def __init__(self, resolver: Resolver, warnings: Warnings, origins: dict[int, str]) -> None:
        self.resolver = resolver
        self.warnings = warnings
        self.origins = origins  # id(property schema) -> where it was written
        self.referenced: list[str] = []  # the schemas its members $ref (they are generated too)

    def all_of(self, members: list[Any], rest: dict[str, Any], at: str) -> dict[str, Any]:
        """One raw schema standing for ``allOf: members`` plus the keywords beside it (``rest``)."""
        merged: dict[str, Any] = {"properties": {}, "required": []}
        for index, member in enumerate(members):
            self.merge_into(merged, member, join_pointer(at, "allOf", index), ())
        self.merge_into(merged, rest, at, ())  # the keywords beside allOf, where they stand
        merged.update({k: v for k, v in rest.items() if k in KEPT_FIRST})
        if merged["properties"] or any(k in merged for k in OBJECT_KEYWORDS[2:]) or merged.get("type") == "object":
            merged.setdefault("type", "object")
        return merged

    def merge_into(self, merged: dict[str, Any], member: Any, at: str, trail: tuple[str, ...]) -> None:
        at = self.origins.get(id(member), at)
        while isinstance(member, dict) and "$ref" in member:
            at = self.resolver.locate(member["$ref"], at)
            if at in trail:
                raise SpecError(
                    self.resolver.display(at),
                    "allOf includes itself: " + " -> ".join((*trail, at)),
                    "make one of the $refs point at a schema that does not lead back here",
                )
            trail = (*trail, at)
            self.referenced.append(at)
            member = self.resolver.node(at)
        if not isinstance(member, dict):
            return
        for index, sub in enumerate(member.get("allOf", [])):
            self.merge_into(merged, sub, join_pointer(at, "allOf", index), trail)
        self.merge_type(merged, member, at)
        for name, schema in (member.get("properties") or {}).items():
            self.origins.setdefault(id(schema), join_pointer(at, "properties", name))
            before = merged["properties"].get(name)
            merged["properties"][name] = schema if before is None else self.property(before, schema, at, name)
        merged["required"] += [r for r in member.get("required", []) if r not in merged["required"]]
        if member.get("additionalProperties") is False:
            merged["additionalProperties"] = False
        for key, value in member.items():
            if key in ("allOf", "$ref", "properties", "required", "type", "enum", "const", "additionalProperties"):
                continue
            if key not in KEPT_FIRST or key not in merged:
                merged[key] = value
        if "additionalProperties" in member and member["additionalProperties"] is not False:
            merged.setdefault("additionalProperties", member["additionalProperties"])

    def property(self, before: Any, schema: Any, at: str, name: str) -> Any:
        """One declaration for a property that several members declare."""
        if before == schema:
            return before
        first, second = self.deref(before), self.deref(schema)
        if (object_like(first) and object_like(second)) or not (alternatives(first) or alternatives(second)):
            return {"allOf": [before, schema]}  # both apply: merged (objects) or intersected (values)
        self.warnings.add(
            join_pointer(at, "properties", name),
            "declared again by a later allOf member with another schema; the later declaration is used",
        )
        return schema

    def deref(self, node: Any) -> Any:
        at = self.origins.get(id(node), "#")
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 64:
            at = self.resolver.locate(node["$ref"], at)
            node = self.resolver.node(at)
            seen += 1
        return node

    def merge_type(self, merged: dict[str, Any], member: dict[str, Any], at: str) -> None:
        """Intersect the types and the enums (a const is an enum of one)."""
        kinds = member.get("type")
        if kinds is not None:
            allowed = set(kinds) if isinstance(kinds, list) else {kinds}
            if "number" in allowed:
                allowed.add("integer")
            before = merged.get("type")
            if before is not None:
                old = set(before) if isinstance(before, list) else {before}
                allowed = {k for k in old if k in allowed or (k == "integer" and "number" in allowed)}
                if not allowed:
                    raise SpecError(
                        self.resolver.display(at),
                        f"allOf members allow no common type ({before} and {kinds})",
                        "give the members types that overlap, or use anyOf for alternatives",
                    )
            ordered = [k for k in JSON_TYPES if k in allowed]
            declared = kinds if isinstance(kinds, list) else [kinds]
            if "integer" in ordered and "number" in ordered:
                ordered.remove("integer" if "number" in declared else "number")
            merged["type"] = ordered[0] if len(ordered) == 1 else ordered
        values = member.get("enum", [member["const"]] if "const" in member else None)
        if isinstance(values, list):
            before_values = merged.get("enum")
            merged["enum"] = values if before_values is None else [v for v in before_values if v in values]


def alternatives(node: Any) -> bool:
    """Is a schema a union, whose intersection with another the merge cannot write?"""
    return isinstance(node, dict) and any(k in node for k in ("anyOf", "oneOf"))


def object_like(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kinds = node.get("type")
    typed = kinds == "object" or (isinstance(kinds, list) and kinds == ["object"])
    return typed or any(k in node for k in OBJECT_KEYWORDS) or "allOf" in node
