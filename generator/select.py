"""Select the schemas to generate: the roots and everything they reference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .refs import Resolver, join_pointer

# Keywords whose values are subschemas (one, a list of them, or a name -> schema map).
SUBSCHEMA = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else")
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")


def subschemas(node: Any, location: str) -> Iterator[tuple[Any, str]]:
    """The direct subschemas of a schema node, with their locations."""
    if not isinstance(node, dict):
        return
    for key in SUBSCHEMA:
        if isinstance(node.get(key), dict):
            yield node[key], join_pointer(location, key)
    for key in SUBSCHEMA_LISTS:
        if isinstance(node.get(key), list):
            for index, item in enumerate(node[key]):
                yield item, join_pointer(location, key, index)
    for key in SUBSCHEMA_MAPS:
        if isinstance(node.get(key), dict):
            for name, item in node[key].items():
                yield item, join_pointer(location, key, name)


def mapping_refs(node: dict[str, Any]) -> list[str]:
    """``$ref`` strings listed in a discriminator mapping (bare names become refs)."""
    discriminator = node.get("discriminator")
    if not isinstance(discriminator, dict) or not isinstance(discriminator.get("mapping"), dict):
        return []
    return [
        ref if "#" in ref or "/" in ref or "." in ref else f"#/components/schemas/{ref}"
        for ref in discriminator["mapping"].values()
        if isinstance(ref, str)
    ]


def closure(resolver: Resolver, roots: list[str]) -> list[str]:
    """Locations of every schema reachable from ``roots``, in a stable order."""
    order: list[str] = []
    seen: set[str] = set()
    pending = list(reversed(roots))
    while pending:
        location = pending.pop()
        if location in seen:
            continue
        seen.add(location)
        order.append(location)
        found: list[str] = []
        stack = [(resolver.node(location), location)]
        while stack:
            node, at = stack.pop()
            if not isinstance(node, dict):
                continue
            refs = [node[k] for k in ("$ref", "$dynamicRef", "$recursiveRef") if k in node][:1]
            for ref in refs + mapping_refs(node):
                target = resolver.locate(ref, at)
                if "$ref" not in node and not resolver.schema_documents and target.partition("#")[2] == "":
                    continue  # a dynamic reference to an OpenAPI document: the schema it sits in (see build)
                resolver.node(target, at)  # fail early, naming where the $ref stands
                found.append(target)
            stack.extend(reversed(list(subschemas(node, at))))
        pending.extend(reversed(found))
    return order
