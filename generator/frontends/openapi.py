"""OpenAPI 3.x: the named schemas are ``components/schemas``; a root may also be ``webhooks``, the
union of the request bodies of the document's webhooks, tagged by the webhook name the caller gives."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import SpecError, Warnings
from ..naming import camel
from ..refs import Resolver, join_pointer
from . import fragment
from .catalog import CallerTag, Catalog, Request, Root
from .fragment import is_fragment
from .reached import listed
from .roots import locate_roots, union_of

LISTING = "#/components/schemas"


def schema_location(name: str) -> str:
    """Where a component schema lives: ``#/components/schemas/<name>``."""
    return join_pointer(LISTING, name)


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    document = resolver.document("")
    if is_fragment(document, request):
        return fragment.read(resolver, request, warnings)
    check_document(resolver, document)
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    catalog = Catalog("openapi", str(info.get("title") or ""))
    for name, location in listed(resolver, LISTING, document["components"]["schemas"]):
        catalog.schemas[name] = location
        catalog.names[location] = name
    plain = tuple(r for r in request.roots if r.schema != "webhooks")
    roots = {root.alias: root for root in locate_roots(resolver, catalog, plain, LISTING)}
    for wanted in request.roots:
        if wanted.schema == "webhooks":
            roots[wanted.alias] = webhooks_root(
                resolver, catalog, document, wanted.alias, wanted.lenient, wanted.caller_tag or "webhook"
            )
    catalog.roots = [roots[r.alias] for r in request.roots]
    return catalog


def check_document(resolver: Resolver, document: Any) -> None:
    """The spec is a mapping with a mapping at components/schemas, where roots are looked up."""
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"a single value ({json.dumps(document)[:40]})"
        raise SpecError(
            resolver.display(""),
            f"the spec must be a mapping (an OpenAPI document), got {kind}",
            "start the file with openapi: 3.1.0 and components: {schemas: ...}",
        )
    check_version(resolver, document)
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


def check_version(resolver: Resolver, document: dict[str, Any]) -> None:
    """OpenAPI 3.x, said by ``openapi:``; a document that names no format at all is told what would."""
    version = document.get("openapi")
    if version is None and "swagger" in document:
        raise SpecError(
            resolver.display("#/swagger"),
            f"this is a Swagger {document['swagger']} document, read here as OpenAPI 3",
            "leave --format out (or pass --format swagger): Swagger 2.0 has a front end of its own",
        )
    if version is not None and not re.fullmatch(r"3\.[0-9]+(\.[0-9]+)?(-[0-9A-Za-z.-]+)?", str(version)):
        swagger = " (a Swagger 2.0 document says swagger: '2.0', not openapi:)" if str(version).startswith("2") else ""
        raise SpecError(
            resolver.display("#/openapi"),
            f"openapi {version!r} is not an OpenAPI version eventgen reads (3.0 to 3.2){swagger}",
            "write the version the document follows, e.g. openapi: 3.1.0",
        )
    if version is None and not any(key in document for key in ("components", "$defs", "definitions")):
        raise SpecError(
            resolver.display(""),
            "the document says neither openapi: nor asyncapi: nor $schema, and has no components or $defs "
            "where schemas could be",
            "start it with openapi: 3.1.0 and components: {schemas: ...}, or write a JSON Schema with $schema "
            "and $defs (--format says which outright)",
        )


def webhooks_root(
    resolver: Resolver, catalog: Catalog, document: dict[str, Any], alias: str, lenient: bool, argument: str
) -> Root:
    """``--root ALIAS=webhooks``: every webhook's JSON request body, selected by the webhook's name."""
    hooks = document.get("webhooks")
    if not isinstance(hooks, dict) or not hooks:
        raise SpecError(
            resolver.display("#/webhooks"),
            "the root 'webhooks' needs a webhooks map (OpenAPI 3.1), and this spec has none",
            "name a schema as the root instead",
        )
    table: list[tuple[str, str]] = []
    for name, item in hooks.items():
        for method, operation in (item or {}).items() if isinstance(item, dict) else ():
            content = ((operation or {}).get("requestBody") or {}).get("content") or {}
            media = next((m for m in content if "json" in m), None)
            if media is None or not isinstance(content[media], dict) or "schema" not in content[media]:
                continue
            where = join_pointer("#/webhooks", name, method, "requestBody", "content", media, "schema")
            node = content[media]["schema"]
            target = resolver.locate(node["$ref"], where) if isinstance(node, dict) and "$ref" in node else where
            catalog.names.setdefault(target, camel(name))
            table.append((str(name), target))
    if not table:
        raise SpecError(
            resolver.display("#/webhooks"),
            "no webhook has a JSON request body",
            "give each webhook a requestBody with content: {application/json: {schema: ...}}",
        )
    members = list(dict.fromkeys(target for _, target in table))
    location = union_of(resolver, catalog, camel(alias) + "Union", "Every webhook's request body.", members)
    return Root(alias, location, lenient, CallerTag(argument, tuple(table)))
