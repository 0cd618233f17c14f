"""Find the roots a user asked for, in any format: a schema name, a JSON pointer (``#`` is the
document itself) or a name pattern (which becomes a union of the schemas it matches), and for a root
whose tag travels outside the payload, which alternative each tag value selects."""

from __future__ import annotations

import difflib
import fnmatch
import re
from typing import Any

from ..errors import SpecError
from ..naming import camel
from ..refs import Resolver, join_pointer
from .catalog import CallerTag, Catalog, Root, RootRequest

GLOB = re.compile(r"[*?\[]")
SYNTHETIC = "eventgen:roots"  # a document of our own, holding the unions that patterns stand for
AFFIX_SEPARATORS = "_$-./ "


def locate_roots(resolver: Resolver, catalog: Catalog, requests: tuple[RootRequest, ...], listing: str) -> list[Root]:
    """Each requested root, located; ``listing`` is where the document lists its named schemas."""
    roots = []
    for request in requests:
        location = locate(resolver, catalog, request.schema, request.alias, listing)
        caller = caller_tag(resolver, catalog, request, location, listing) if request.caller_tag else None
        roots.append(Root(request.alias, location, request.lenient, caller))
    return roots


def locate(resolver: Resolver, catalog: Catalog, schema: str, alias: str, listing: str) -> str:
    if "#" in schema:
        location = resolver.locate(schema, "#")
        resolver.node(location, "#")
        return location
    if GLOB.search(schema):
        return union_of_matches(resolver, catalog, schema, alias, listing)
    if schema in catalog.schemas:
        return catalog.schemas[schema]
    close = difflib.get_close_matches(schema, list(catalog.schemas), n=3)
    hint = f"did you mean {' or '.join(map(repr, close))}?" if close else "name a schema listed there"
    raise SpecError(resolver.display(listing), f"root schema {schema!r} is not in the spec", hint)


def synthetic(resolver: Resolver) -> dict[str, Any]:
    """The document that holds the unions we make (created on first use)."""
    if SYNTHETIC not in resolver.documents:
        resolver.add(SYNTHETIC, {"$defs": {}})
    found: dict[str, Any] = resolver.documents[SYNTHETIC]["$defs"]
    return found


def union_of(resolver: Resolver, catalog: Catalog, name: str, description: str, members: list[str]) -> str:
    """A union of the schemas at ``members``, named ``name``: its location."""
    unions = synthetic(resolver)
    unions[name] = {"description": description, "anyOf": [{"$ref": resolver.uri_of(m)} for m in members]}
    location = join_pointer(f"{SYNTHETIC}#/$defs", name)
    catalog.names[location] = name
    return location


def union_of_matches(resolver: Resolver, catalog: Catalog, pattern: str, alias: str, listing: str) -> str:
    """A root given as a pattern (``RealtimeBeta*Event*``) becomes a union of the schemas it matches."""
    matches = sorted(name for name in catalog.schemas if fnmatch.fnmatchcase(name, pattern))
    if not matches:
        raise SpecError(
            resolver.display(listing),
            f"no schema matches the root pattern {pattern!r}",
            "check the pattern: * matches any run of characters, ? one character",
        )
    members = [catalog.schemas[name] for name in matches]
    return union_of(resolver, catalog, camel(alias) + "Union", f"Every schema whose name matches {pattern}.", members)


def alternatives(resolver: Resolver, location: str) -> list[str]:
    """The locations of a union's alternatives (through $refs), for a caller tag to choose from."""
    node = resolver.node(location)
    while isinstance(node, dict) and set(node) & {"$ref"} and not set(node) & {"oneOf", "anyOf"}:
        location = resolver.locate(node["$ref"], location)
        node = resolver.node(location)
    keyword = next((k for k in ("oneOf", "anyOf") if isinstance(node, dict) and isinstance(node.get(k), list)), None)
    if keyword is None:
        raise SpecError(
            resolver.display(location),
            "a root whose tag comes from the caller must be a union (oneOf or anyOf) of its alternatives",
            "point the root at the union of the events, e.g. --root webhook='#'",
        )
    found = []
    for index, option in enumerate(node[keyword]):
        at = join_pointer(location, keyword, index)
        target = resolver.locate(option["$ref"], at) if isinstance(option, dict) and "$ref" in option else at
        resolver.node(target, at)  # a $ref to a schema that is gone is the error, said where it stands
        found.append(target)
    return found


def caller_tag(resolver: Resolver, catalog: Catalog, request: RootRequest, location: str, listing: str) -> CallerTag:
    """Which alternative each value of a caller-given tag selects: as configured, else from the names."""
    argument = request.caller_tag or "tag"
    if request.tag_values:
        table = [
            (value, locate(resolver, catalog, schema, request.alias, listing)) for value, schema in request.tag_values
        ]
        return CallerTag(argument, tuple(table))
    options = alternatives(resolver, location)
    names = [catalog.names.get(option) for option in options]
    unnamed = [option for option, name in zip(options, names, strict=True) if not name]
    if unnamed:
        raise SpecError(
            resolver.display(unnamed[0]),
            f"the values of the tag {argument!r} cannot be derived: this alternative has no schema name",
            f"list them in the config: roots: {{{request.alias}: {{schema: ..., tag: {argument}, "
            "values: {value: SchemaName}}}",
        )
    values = tag_values([name for name in names if name])
    if len(set(values)) < len(values) or not all(values):
        raise SpecError(
            resolver.display(location),
            f"the values of the tag {argument!r} cannot be derived from the alternatives' names "
            f"({', '.join(n for n in names if n)})",
            "list them in the config under roots: {ALIAS: {schema: ..., tag: ..., values: {value: SchemaName}}}",
        )
    return CallerTag(argument, tuple(zip(values, options, strict=True)))


def tag_values(names: list[str]) -> list[str]:
    """Tag values from alternatives' names: without the prefix and suffix they all share, cut at a
    word boundary (``issues_event``, ``push$event`` -> ``issues``, ``push``)."""
    if len(names) < 2:
        return [name.strip(AFFIX_SEPARATORS) for name in names]
    tail = common_prefix([name[::-1] for name in names])[::-1]
    while tail and not all(boundary(name, len(name) - len(tail)) for name in names):
        tail = tail[1:]
    head = common_prefix(names)
    while head and not all(boundary(name, len(head)) for name in names):
        head = head[:-1]
    return [name[len(head) : len(name) - len(tail)].strip(AFFIX_SEPARATORS) for name in names]


def common_prefix(texts: list[str]) -> str:
    shortest = min(texts, key=len)
    for index, char in enumerate(shortest):
        if any(text[index] != char for text in texts):
            return shortest[:index]
    return shortest


def boundary(name: str, at: int) -> bool:
    """Does a word start at ``name[at]`` (after a separator, at a capital after a small letter)?"""
    if at <= 0 or at >= len(name):
        return at > 0
    before, here = name[at - 1], name[at]
    return before in AFFIX_SEPARATORS or here in AFFIX_SEPARATORS or (before.islower() and here.isupper())
