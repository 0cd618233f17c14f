"""Swagger 2.0: the named schemas are ``definitions``; a definition that names a ``discriminator``
property stands for the union of the definitions that extend it (see ``swagger2_polymorphism``).
``x-nullable`` and ``x-ms-enum`` are read where the schema keywords are (``build``); the schemas
follow draft 4, as OpenAPI 3.0's do."""

from __future__ import annotations

import json
from typing import Any

from ..errors import SpecError, Warnings
from ..refs import Resolver, join_pointer
from .catalog import Catalog, Request
from .roots import locate_roots
from .swagger2_polymorphism import Polymorphism

LISTING = "#/definitions"


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    document = resolver.document("")
    check_document(resolver, document)
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    catalog = Catalog("swagger", str(info.get("title") or ""))
    for name in document["definitions"]:
        location = join_pointer(LISTING, name)
        catalog.schemas[name] = location
        catalog.names[location] = name
    polymorphism = Polymorphism(resolver, warnings)
    polymorphism.run()  # before the roots: a root may be a base, which becomes a union
    catalog.roots = locate_roots(resolver, catalog, request.roots, LISTING)
    polymorphism.run()  # the files the roots reached
    return catalog


def check_document(resolver: Resolver, document: Any) -> None:
    """A mapping that says ``swagger: '2.0'``, with its schemas in a ``definitions`` mapping."""
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"a single value ({json.dumps(document)[:40]})"
        raise SpecError(
            resolver.display(""),
            f"a Swagger document must be a mapping, got {kind}",
            "start the file with swagger: '2.0' and definitions: {Name: ...}",
        )
    version = str(document.get("swagger", ""))
    if version != "2.0":
        raise SpecError(
            resolver.display("#/swagger"),
            f"the document says swagger: {version or '(nothing)'}; eventgen reads Swagger 2.0 only",
            "write swagger: '2.0' (quoted), or describe the API in OpenAPI 3 (openapi: 3.1.0)",
        )
    definitions = document.get("definitions")
    if not isinstance(definitions, dict):
        found = "no definitions" if definitions is None else f"definitions as a {type(definitions).__name__}"
        raise SpecError(
            resolver.display("#/definitions"),
            f"the spec has {found}; a Swagger 2.0 document keeps its schemas in a definitions mapping",
            "put the event schemas under definitions: {Name: {type: object, ...}}",
        )
