"""Find the roots a user asked for, in any format: a schema name, a JSON pointer (``#`` is the
document itself) or a name pattern (which becomes a union of the schemas it matches), and for a root
whose tag travels outside the payload, which alternative each tag value selects."""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import shlex
from typing import Any

from ..errors import SpecError
from ..naming import camel
from ..refs import Resolver, join_pointer, split_pointer
from .anonymous import holder_name
from .catalog import CallerTag, Catalog, Root, RootRequest

GLOB = re.compile(r"[*?\[]")
SYNTHETIC = "eventgen:roots"  # a document of our own, holding the unions that patterns stand for
AFFIX_SEPARATORS = "_$-./ "
VALUES_ROOT = "*values*"  # a root given by its caller tag's values alone: the union of their schemas
FILE_SUFFIXES = (".yaml", ".yml", ".json")


def locate_roots(resolver: Resolver, catalog: Catalog, requests: tuple[RootRequest, ...], listing: str) -> list[Root]:
    """Each requested root, located; ``listing`` is where the document lists its named schemas."""
    roots = []
    for request in requests:
        if request.schema == VALUES_ROOT and request.caller_tag and request.tag_values:
            given = caller_tag(resolver, catalog, request, "", listing)
            members = list(dict.fromkeys(location for _, location in given.table))
            description = f"Every schema a value of {request.caller_tag!r} selects."
            location = union_of(resolver, catalog, camel(request.alias) + "Union", description, members)
            roots.append(Root(request.alias, location, request.lenient, given))
            continue
        location = locate(resolver, catalog, request.schema, request.alias, listing)
        caller = caller_tag(resolver, catalog, request, location, listing) if request.caller_tag else None
        roots.append(Root(request.alias, location, request.lenient, caller))
    return roots


def locate(resolver: Resolver, catalog: Catalog, schema: str, alias: str, listing: str) -> str:
    if schema in catalog.schemas:
        return catalog.schemas[schema]
    if "#" in schema:
        return locate_pointer(resolver, catalog, schema)
    if schema.endswith(FILE_SUFFIXES):  # a file of the spec, as a whole
        return locate_pointer(resolver, catalog, schema + "#")
    if is_pattern(schema):
        return union_of_matches(resolver, catalog, schema, alias, listing)
    close = difflib.get_close_matches(schema, list(catalog.schemas), n=3)
    hint = f"did you mean {' or '.join(map(repr, close))}?" if close else "name a schema listed there;"
    raise SpecError(
        resolver.display(listing), f"root schema {schema!r} is not in the spec", f"{hint} {lister(resolver)}"
    )


def lister(resolver: Resolver) -> str:
    """The end of every hint about a root: the command that lists the roots a spec has."""
    return f"`eventgen inspect {shlex.quote(resolver.label)}` lists the roots this spec offers"


def is_pattern(schema: str) -> bool:
    """A name pattern: glob characters, or words of which those starting with ``!`` exclude."""
    return bool(GLOB.search(schema)) or any(word.startswith("!") for word in schema.split())


def locate_pointer(resolver: Resolver, catalog: Catalog, schema: str) -> str:
    """A root given as a JSON pointer; one that points at nothing is an error that says where the
    pointer stops and, when it forgot to escape a ``/`` in a key (``application/json``), the fix."""
    try:
        location = resolver.locate(schema, "#")
        file, _, pointer = location.partition("#")
        document = resolver.document(file)
    except SpecError as exc:
        if "cannot be read" not in exc.message and "cannot read" not in exc.message:
            raise
        raise file_error(resolver, schema) from None
    try:
        parts = split_pointer(pointer)
    except ValueError:
        parts = None
    if parts is not None:
        missing = first_missing(document, parts)
        if missing is not None:
            raise pointer_error(resolver, schema, file, parts, missing, document)
    resolver.node(location, "#")
    if location not in catalog.names:
        name = holder_name(resolver, location)
        if name:
            catalog.names[location] = name
    return location


def file_error(resolver: Resolver, schema: str) -> SpecError:
    """A root in a file that cannot be read: the files beside it with the closest names."""
    named = schema.partition("#")[0]
    folder = os.path.dirname(resolver.path(named))
    try:
        files = [f for f in os.listdir(folder) if f.endswith(FILE_SUFFIXES)]
    except OSError:
        files = []
    close = difflib.get_close_matches(os.path.basename(named), files, n=3)
    inside = os.path.dirname(named)
    hint = f"did you mean {' or '.join(repr(os.path.join(inside, c)) for c in close)}?" if close else "check the path;"
    return SpecError(
        resolver.display("#"),
        f"the root {schema.removesuffix('#')!r} is in {named}, which cannot be read"
        + ("" if os.path.exists(resolver.path(named)) else " (no such file; paths are relative to the spec)"),
        f"{hint} {lister(resolver)}",
    )


def first_missing(document: Any, parts: list[str]) -> int | None:
    """The index of the first part of a pointer that is not in the document, or None."""
    node = document
    for index, part in enumerate(parts):
        node = step(node, part)
        if node is MISSING:
            return index
    return None


MISSING = object()


def step(node: Any, part: str) -> Any:
    if isinstance(node, dict):
        return node.get(part, MISSING)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return MISSING


def repaired(node: Any, parts: list[str]) -> list[str] | None:
    """The parts of a pointer that exists, joining neighbours whose ``/`` was not escaped as ``~1``."""
    if not parts:
        return []
    for count in range(1, len(parts) + 1):
        child = step(node, "/".join(parts[:count]))
        if child is not MISSING:
            rest = repaired(child, parts[count:])
            if rest is not None:
                return ["/".join(parts[:count]), *rest]
    return None


def pointer_error(
    resolver: Resolver, schema: str, file: str, parts: list[str], missing: int, document: Any
) -> SpecError:
    where = join_pointer("", *parts[:missing]) or "/"
    node = document
    for part in parts[:missing]:
        node = step(node, part)
    fixed = repaired(document, parts)
    prefix = schema.partition("#")[0]
    if fixed is not None:
        hint = f"escape '/' inside a key as '~1': --root ALIAS='{prefix}#{join_pointer('', *fixed)}';"
    else:
        keys = [str(k) for k in node] if isinstance(node, dict) else []
        close = difflib.get_close_matches(parts[missing], keys, n=3, cutoff=0.5)
        there = (
            f"did you mean {' or '.join(map(repr, close))}?" if close else f"there: {', '.join(keys[:8]) or 'no keys'};"
        )
        hint = there
    return SpecError(
        resolver.display(f"{file}#{where}"),
        f"the root {schema!r} points at nothing: there is no {parts[missing]!r} here",
        f"{hint} {lister(resolver)}",
    )


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
    """A root given as a pattern (``RealtimeBeta*Event*``) becomes a union of the schemas it matches;
    words starting with ``!`` leave out what they match (``'*Event !Event'``)."""
    words = pattern.split()
    include = [w for w in words if not w.startswith("!")] or ["*"]
    exclude = [w[1:] for w in words if w.startswith("!")]
    chosen = [name for name in catalog.schemas if any(fnmatch.fnmatchcase(name, p) for p in include)]
    for word in exclude:
        if not any(fnmatch.fnmatchcase(name, word) for name in chosen):
            close = difflib.get_close_matches(word, chosen, n=3)
            hint = f"did you mean {' or '.join('!' + c for c in close)}?" if close else "drop it, or correct it;"
            raise SpecError(
                resolver.display(listing),
                f"'!{word}' in the root pattern {pattern!r} leaves out nothing: no matched schema is called so",
                f"{hint} {lister(resolver)}",
            )
    matches = sorted(name for name in chosen if not any(fnmatch.fnmatchcase(name, w) for w in exclude))
    if not matches:
        literal = re.sub(r"[*?\[\]!]", "", " ".join(include))
        close = difflib.get_close_matches(literal, list(catalog.schemas), n=3, cutoff=0.5) if literal else []
        near = f"names that come close: {', '.join(close)}; " if close else ""
        raise SpecError(
            resolver.display(listing),
            f"no schema matches the root pattern {pattern!r}",
            f"check the pattern: * matches any run of characters, ? one character; {near}{lister(resolver)}",
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
            f"point the root at the union of the events, e.g. --root webhook='#'; {lister(resolver)}",
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
