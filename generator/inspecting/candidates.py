"""The unions a document holds, found in the document itself before any model is built: named
schemas that are unions, the document when it is one, schemas written inline in operations'
request bodies and responses (of the main file, of the path files it refers to, or of a fragment),
the webhooks of OpenAPI 3.1 and the directions of AsyncAPI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..frontends.anonymous import METHODS
from ..frontends.catalog import Catalog
from ..refs import Resolver, join_pointer, schema_name

MAX_HOPS = 20  # $ref chains longer than this are not followed when looking for unions


@dataclass(frozen=True)
class Candidate:
    root: str  # what --root takes: a schema name, a pointer, 'webhooks', 'incoming' or 'outgoing'
    where: str  # where the document uses it, for people ("schema", "GET /api/stream/event, response 200")
    caller_tag: str | None = None  # the tag travels outside the payload (webhooks): the argument


def candidates(resolver: Resolver, catalog: Catalog) -> list[Candidate]:
    """Every root worth listing, each once (by location), named unions first."""
    found: list[Candidate] = []
    seen: set[str] = set()
    for name, location in catalog.schemas.items():
        if location not in seen and is_union(resolver, location):
            seen.add(location)
            message = catalog.format == "asyncapi" and schema_name(location) is None
            found.append(Candidate(name, "message payload" if message else "schema"))
    if catalog.format == "jsonschema" and is_union(resolver, "#") and "#" not in seen:
        found.append(Candidate("#", "the document itself"))
    document = resolver.document("")
    if catalog.format in ("openapi", "fragment") and isinstance(document, dict):
        for where, location in operation_schemas(resolver, document):
            if location not in seen and is_union(resolver, location):
                seen.add(location)
                found.append(Candidate(location, where))
        if isinstance(document.get("webhooks"), dict) and document["webhooks"]:
            found.append(Candidate("webhooks", "every webhook's request body", "webhook"))
    if catalog.format == "asyncapi":
        found += [Candidate(direction, f"every message the program {verb}") for direction, verb in DIRECTIONS]
    return found


DIRECTIONS = (("incoming", "receives"), ("outgoing", "sends"))


def is_union(resolver: Resolver, location: str) -> bool:
    """A oneOf or anyOf of two alternatives or more that are not null, through ``$ref`` chains."""
    try:
        node = resolver.node(location)
        for _ in range(MAX_HOPS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)) or "oneOf" in node or "anyOf" in node:
                break
            location = resolver.locate(node["$ref"], location)
            node = resolver.node(location)
    except SpecError:
        return False
    if not isinstance(node, dict):
        return False
    for keyword in ("oneOf", "anyOf"):
        options = node.get(keyword)
        if isinstance(options, list) and sum(1 for o in options if not is_null(o)) >= 2:
            return True
    return False


def is_null(option: object) -> bool:
    return isinstance(option, dict) and (option.get("type") == "null" or option == {"nullable": True})


def operation_schemas(resolver: Resolver, document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, location) of every JSON media type schema in the operations the document holds."""
    for section, label in (("paths", "{method} {name}"), ("webhooks", "webhook {name} ({method})")):
        items = document.get(section)
        for name in items if isinstance(items, dict) else ():
            at, item = followed(resolver, join_pointer(f"#/{section}", str(name)))
            yield from item_schemas(resolver, at, item, label.replace("{name}", str(name)))
    if any(method in document for method in METHODS):  # a path file given as the spec
        yield from item_schemas(resolver, "#", document, "{method} " + resolver.label.rsplit("/", 1)[-1])


def item_schemas(resolver: Resolver, at: str, item: Any, label: str) -> Iterator[tuple[str, str]]:
    if not isinstance(item, dict):
        return
    for method in METHODS:
        operation = item.get(method)
        if not isinstance(operation, dict):
            continue
        op_at = join_pointer(at, method)
        name = label.replace("{method}", method.upper())
        if isinstance(operation.get("operationId"), str):
            name += f" ({operation['operationId']})"
        body_at, body = followed(resolver, join_pointer(op_at, "requestBody"), operation.get("requestBody"))
        yield from media_schemas(resolver, body_at, body, f"{name}, request body")
        responses = operation.get("responses")
        for status in responses if isinstance(responses, dict) else ():
            response_at, response = followed(resolver, join_pointer(op_at, "responses", str(status)))
            yield from media_schemas(resolver, response_at, response, f"{name}, response {status}")


def media_schemas(resolver: Resolver, at: str, holder: Any, where: str) -> Iterator[tuple[str, str]]:
    content = holder.get("content") if isinstance(holder, dict) else None
    for media, entry in content.items() if isinstance(content, dict) else ():
        if "json" in str(media) and isinstance(entry, dict) and "schema" in entry:
            schema_at = join_pointer(at, "content", str(media), "schema")
            schema = entry["schema"]
            if isinstance(schema, dict) and set(schema) == {"$ref"}:
                try:
                    schema_at = resolver.locate(schema["$ref"], schema_at)
                except SpecError:
                    continue
            yield f"{where} ({media})", schema_at


def followed(resolver: Resolver, at: str, node: Any = None) -> tuple[str, Any]:
    """The node at ``at`` (or ``node``, already read from there) at the end of its ``$ref`` chain."""
    try:
        node = resolver.node(at) if node is None else node
        for _ in range(MAX_HOPS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            at = resolver.locate(node["$ref"], at)
            node = resolver.node(at)
    except SpecError:
        return at, None
    return at, node
