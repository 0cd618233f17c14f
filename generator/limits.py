"""Limits on the shape of a loaded document, checked once, right after it is read.

Everything eventgen does later walks schemas recursively; these limits make sure no walk can run
out of stack or time, whatever the file holds:

- ``MAX_DEPTH``: objects and arrays nest at most 100 levels deep (the deepest real spec we read,
  the full OpenAI spec, nests 21);
- ``MAX_NODES``: a document holds at most 1,000,000 objects and arrays, a YAML alias counting as
  a copy of what it names (the full OpenAI spec holds about 24,000). This is what stops an
  alias bomb (aliases of aliases that expand to billions of values) before anything expands it;
- ``MAX_SCHEMA_DEPTH``: while the IR is built, schemas hold schemas at most 150 levels deep,
  counting each ``$ref`` followed (a chain of references that only name the next one included;
  a cycle stops where it comes back, so it does not count);
- a YAML alias may not stand inside the value it names (the document would contain itself).

The walk is iterative and stops at the first limit passed, so it costs at most ``MAX_NODES`` steps.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from .errors import SpecError, escape_pointer_part

if TYPE_CHECKING:
    from .refs import Resolver

MAX_DEPTH = 100
MAX_NODES = 1_000_000
MAX_SCHEMA_DEPTH = 150  # schemas inside schemas, counting each $ref followed, while the IR is built


def check_shape(document: Any, path: str) -> None:
    """Raise ``SpecError`` (naming the pointer) if ``document`` nests too deep or holds too much."""
    if type(document) is not dict and type(document) is not list:
        return
    count = 0
    pending: list[tuple[Any, int, Any]] = [(document, 1, None)]  # node, depth, (parent entry, key)
    pop, push = pending.pop, pending.append
    while pending:
        entry = pop()
        node, depth, _ = entry
        count += 1
        if count > MAX_NODES:
            raise SpecError(
                pointer_of(entry),
                f"the document holds more than {MAX_NODES:,} objects and arrays (each YAML alias counted as a "
                "copy of the value it names)",
                "split the spec, or write out what its aliases repeat instead of nesting aliases of aliases",
                file=path,
            )
        if depth > MAX_DEPTH:
            raise SpecError(pointer_of(entry), *too_deep(document, entry), file=path)
        pairs = node.items() if type(node) is dict else enumerate(node)
        for key, value in pairs:
            if type(value) is dict or type(value) is list:
                push((value, depth + 1, (entry, key)))


def too_deep(document: Any, entry: tuple[Any, int, Any]) -> tuple[str, str]:
    """What to say of a document nested past MAX_DEPTH: a loop of aliases, or real depth."""
    seen: list[int] = []
    link: Any = entry
    while link is not None:
        seen.append(id(link[0]))
        link = link[2][0] if link[2] is not None else None
    if len(set(seen)) < len(seen):
        return (
            "a YAML alias stands inside the value it names, so the document contains itself",
            "write the value out where the alias stands, or use a $ref: '#/...' for a recursive schema",
        )
    return (
        f"objects and arrays nest more than {MAX_DEPTH} levels deep here (eventgen reads at most {MAX_DEPTH})",
        "name the inner schemas under components/schemas (or $defs) and $ref them instead of nesting them inline",
    )


def pointer_of(entry: tuple[Any, int, Any]) -> str:
    parts: list[str] = []
    link = entry[2]
    while link is not None:
        parent, key = link
        parts.append(escape_pointer_part(str(key)))
        link = parent[2]
    return shorten("#" + "".join("/" + part for part in reversed(parts)))


def shorten(pointer: str, keep: int = 8) -> str:
    """A long pointer as its first and last ``keep`` steps, with how many are left out between."""
    parts = pointer.split("/")
    if len(parts) <= 2 * keep + 1:
        return pointer
    left = len(parts) - 2 * keep
    return "/".join([*parts[:keep], f"...{left} more...", *parts[-keep:]])


def schema_too_deep(resolver: Resolver, trail: list[str]) -> SpecError:
    """Schemas nested past MAX_SCHEMA_DEPTH: said at the deepest, with the way there."""
    files = {location.partition("#")[0] for location in trail}
    hops = sum(1 for before, after in itertools.pairwise(trail) if not after.startswith(before + "/"))
    steps = [location if len(files) > 1 else "#" + location.partition("#")[2] for location in trail]
    way = " -> ".join([*steps[:3], f"({len(steps) - 6} more)", *steps[-3:]])
    return SpecError(
        resolver.display(trail[-1]),
        f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here, {hops} of them through $ref "
        f"(eventgen builds at most {MAX_SCHEMA_DEPTH}): {way}",
        "shorten the chain: let a $ref point at the schema itself rather than at another $ref, or flatten the nesting",
    )
