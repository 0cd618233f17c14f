"""Front ends: one per input format, each turning a document into a ``Catalog`` (its named schemas,
the class names they prefer, the roots located). Everything after them is format-blind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import SpecError, Warnings
from ..refs import Resolver
from . import asyncapi, jsonschema, openapi, swagger2
from .catalog import Catalog, Request

READERS: dict[str, Callable[[Resolver, Request, Warnings], Catalog]] = {
    "openapi": openapi.read,
    "jsonschema": jsonschema.read,
    "asyncapi": asyncapi.read,
    "swagger": swagger2.read,
}
SCHEMA_KEYWORDS = ("$schema", "$defs", "definitions", "$id", "type", "properties", "oneOf", "anyOf", "allOf", "$ref")


def detect(document: Any) -> str:
    """The format a document is written in, from what it says of itself."""
    if isinstance(document, dict):
        if "asyncapi" in document:  # before components, which AsyncAPI documents have too
            return "asyncapi"
        if "swagger" in document and "openapi" not in document:
            return "swagger"
        if "openapi" in document or "components" in document:
            return "openapi"
        if any(key in document for key in SCHEMA_KEYWORDS):
            return "jsonschema"
    return "openapi"  # its checks say what an event spec needs, in the terms most users know


def read_catalog(fmt: str, resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    if fmt not in READERS:
        raise SpecError("", f"unknown format {fmt!r}", f"use one of {', '.join(READERS)}")
    return READERS[fmt](resolver, request, warnings)
