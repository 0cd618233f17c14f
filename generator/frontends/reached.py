"""Named schemas of specs spread over many files: a listing that is itself a ``$ref`` to an index
file (``components: {schemas: {$ref: ./schemas/_index.yaml}}``), and, for a document that is only
part of a spec, the schemas in the files its ``$ref``s reach, each named after its file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ..errors import SpecError
from ..refs import Resolver, join_pointer, schema_name

NOT_SCHEMAS = frozenset(["examples", "example", "x-examples"])  # their $refs reach sample payloads


def listed(resolver: Resolver, at: str, listing: Any) -> Iterator[tuple[str, str]]:
    """(name, location) of each schema of a listing at ``at``; a listing written as a ``$ref`` is read
    where it points, and an entry that is only a ``$ref`` stands for its target."""
    if isinstance(listing, dict) and set(listing) == {"$ref"}:
        at = resolver.locate(listing["$ref"], at)
        listing = resolver.node(at, at)
        if not isinstance(listing, dict):
            return
        for name, entry in listing.items():
            where = join_pointer(at, str(name))
            if isinstance(entry, dict) and set(entry) == {"$ref"}:
                where = resolver.locate(entry["$ref"], where)
            yield str(name), where
        return
    if isinstance(listing, dict):
        for name in listing:
            yield str(name), join_pointer(at, str(name))


def reached(resolver: Resolver) -> Iterator[tuple[str, str]]:
    """(name, location) of the schemas the main document reaches through ``$ref``, in the order met:
    a whole file is named after it (``../schemas/GameStartEvent.yaml`` -> ``GameStartEvent``), a
    schema under ``$defs``, ``definitions`` or ``components/schemas`` after its key."""
    pending, seen = [""], {""}
    while pending:
        file = pending.pop(0)
        try:
            document = resolver.document(file)
        except SpecError:
            continue  # an unreadable file stops the run where a root needs it, not here
        for ref, at in refs_in(document, f"{file}#"):
            try:
                target = resolver.locate(ref, at)
            except SpecError:
                continue
            target_file, _, pointer = target.partition("#")
            if not pointer and target_file:
                yield os.path.basename(target_file).split(".", 1)[0], target
            elif schema_name(target):
                yield str(schema_name(target)), target
            if target_file not in seen:
                seen.add(target_file)
                pending.append(target_file)


def refs_in(node: Any, at: str) -> Iterator[tuple[str, str]]:
    """Every ``$ref`` string under ``node`` with where it stands, leaving out examples."""
    stack = [(node, at)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield ref, where
            stack += [
                (v, join_pointer(where, str(k)))
                for k, v in reversed(value.items())
                if isinstance(v, (dict, list)) and k not in NOT_SCHEMAS
            ]
        elif isinstance(value, list):
            stack += [(v, f"{where}/{i}") for i, v in reversed(list(enumerate(value))) if isinstance(v, (dict, list))]
