"""Plain JSON Schema (drafts 04, 06, 07, 2019-09, 2020-12): the named schemas are ``$defs`` and
``definitions``; the document itself (``#``) may be a root."""

from __future__ import annotations

import re

from ..errors import SpecError, Warnings
from ..naming import camel
from ..refs import Resolver, join_pointer
from .catalog import Catalog, Request
from .roots import locate_roots

CONTAINERS = ("$defs", "definitions")


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    document = resolver.document("")
    if not isinstance(document, dict):
        raise SpecError(
            resolver.display(""),
            f"a JSON Schema document must be an object, got {type(document).__name__}",
            "give the file a JSON Schema object, with its schemas under $defs",
        )
    dialect = document.get("$schema")
    if isinstance(dialect, str) and re.search(r"draft-0[0-3]/", dialect):
        raise SpecError(
            resolver.display("#/$schema"),
            f"$schema {dialect!r} is a draft older than 4, which eventgen does not read (its keywords mean "
            "other things: required is a boolean of each property)",
            "move the document to draft 4 or later and say so in $schema",
        )
    title = document.get("title")
    catalog = Catalog("jsonschema", title if isinstance(title, str) else "")
    listing = "#"
    for container in CONTAINERS:
        named = document.get(container)
        if isinstance(named, dict):
            listing = listing if listing != "#" else f"#/{container}"
            for name in named:
                location = join_pointer(f"#/{container}", name)
                catalog.schemas.setdefault(name, location)
                catalog.names[location] = name
    own = [r.alias for r in request.roots if r.schema in ("#", "#/")]
    if own:  # the document as a root: named after its title, else after the root's alias
        catalog.names["#"] = camel(title) if isinstance(title, str) and camel(title) else camel(own[0])
    catalog.roots = locate_roots(resolver, catalog, request.roots, listing)
    return catalog
