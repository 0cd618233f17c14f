"""Class names the user chooses: ``names:`` in the config (a schema name or a pointer -> a class
name) and ``x-eventgen-name`` on a schema (written in the spec, or added by an overlay)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..errors import SpecError
from ..naming import is_identifier
from ..refs import Resolver
from .catalog import Catalog
from .roots import lister, locate_pointer

KEYWORD = "x-eventgen-name"


def apply_names(resolver: Resolver, catalog: Catalog, names: Iterable[tuple[str, str]]) -> None:
    """Each configured name, on the schema it names; a target that is not in the spec is an error."""
    for target, name in names:
        if not is_identifier(name):
            raise SpecError(
                "#", f"names: {target!r} -> {name!r} is not a Python class name", "use a name such as StreamEvent"
            )
        if target in catalog.schemas:
            catalog.names[catalog.schemas[target]] = name
        elif "#" in target:
            catalog.names[locate_pointer(resolver, catalog, target)] = name
        else:
            close = difflib.get_close_matches(target, list(catalog.schemas), n=3)
            hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise SpecError(
                resolver.display("#"),
                f"names: {target!r} is neither a schema of the spec nor a JSON pointer",
                f"{hint}name a schema or give a pointer ('file.yaml#/path'); {lister(resolver)}",
            )


def names_in_spec(resolver: Resolver, catalog: Catalog, locations: Iterable[str]) -> None:
    """``x-eventgen-name: Name`` on any of ``locations`` names its class (it wins over ``names:``)."""
    for location in locations:
        try:
            node = resolver.node(location)
        except SpecError:
            continue  # a made-up location (a variant of a type list): nothing written there
        name = node.get(KEYWORD) if isinstance(node, dict) else None
        if name is None:
            continue
        if not isinstance(name, str) or not is_identifier(name):
            raise SpecError(
                resolver.display(location) + f"/{KEYWORD}",
                f"{KEYWORD} must be a Python class name, got {name!r}",
                "write it as x-eventgen-name: StreamEvent",
            )
        catalog.names[location] = name
