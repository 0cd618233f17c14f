"""Select the schemas to generate: the roots and everything they reference."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from .errors import SpecError
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


def root_location(resolver: Resolver, schema: str) -> str:
    schemas = resolver.document("")["components"]["schemas"]  # shape checked by check_document
    if schema not in schemas:
        close = difflib.get_close_matches(schema, list(schemas), n=3)
        hint = f"did you mean {' or '.join(map(repr, close))}?" if close else "name a schema listed there"
        raise SpecError(resolver.display("#/components/schemas"), f"root schema {schema!r} is not in the spec", hint)
    return join_pointer("#/components/schemas", schema)


def check_document(resolver: Resolver) -> None:
    """The spec is a mapping with a mapping at components/schemas, where roots are looked up."""
    document = resolver.document("")
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"a single value ({json.dumps(document)[:40]})"
        raise SpecError(
            resolver.display(""),
            f"the spec must be a mapping (an OpenAPI document), got {kind}",
            "start the file with openapi: 3.1.0 and components: {schemas: ...}",
        )
    value: Any = document
    for pointer in ("#/components", "#/components/schemas"):
        value = value.get(pointer.rsplit("/", 1)[-1])
        if value is None:
            others = [k for k in ("$defs", "definitions") if k in document]
            has = f" (it has {others[0]}; eventgen looks for schemas under components/schemas)" if others else ""
            raise SpecError(
                resolver.display(pointer),
                f"the spec has no {pointer[2:]}{has}",
                "put the event schemas under components: {schemas: {Name: ...}}",
            )
        if not isinstance(value, dict):
            kind = "a list" if isinstance(value, list) else f"a {type(value).__name__}"
            raise SpecError(
                resolver.display(pointer),
                f"{pointer[2:]} must be a mapping, got {kind}",
                "write it as a mapping, e.g. components: {schemas: {Event: ...}}",
            )


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
            refs = [node["$ref"]] if "$ref" in node else []
            for ref in refs + mapping_refs(node):
                target = resolver.locate(ref, at)
                resolver.node(target, at)  # fail early, naming where the $ref stands
                found.append(target)
            stack.extend(reversed(list(subschemas(node, at))))
        pending.extend(reversed(found))
    return order
