"""A document that is one part of a spec (an OpenAPI path file, a response, a shared file of
schemas): its roots are JSON pointers into it, and its named schemas those of the files it reaches."""

from __future__ import annotations

import os

from ..errors import Warnings
from ..refs import Resolver
from .catalog import Catalog, Request
from .reached import reached
from .roots import locate_roots


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    catalog = Catalog("fragment", os.path.basename(resolver.label).split(".", 1)[0])
    for name, location in reached(resolver):
        catalog.schemas.setdefault(name, location)
        catalog.names.setdefault(location, name)
    catalog.roots = locate_roots(resolver, catalog, request.roots, "#")
    return catalog


def is_fragment(document: object, request: Request) -> bool:
    """Not a whole OpenAPI document: no ``openapi`` and no ``components``, or no components while
    every root is a pointer."""
    if not isinstance(document, dict) or "components" in document:
        return False
    if "openapi" not in document and "swagger" not in document:
        return True
    return bool(request.roots) and all("#" in root.schema for root in request.roots)
