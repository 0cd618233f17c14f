"""What every front end hands to the rest of the pipeline: the named schemas of a document, the
class name each one prefers, and the roots the user asked for, located."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir import CallerTag as CallerTag  # its table holds locations here: the keys the definitions will have


@dataclass(frozen=True)
class RootRequest:
    """A root as the user asked for it (``--root ALIAS=SCHEMA`` and friends)."""

    alias: str
    schema: str  # a name, a JSON pointer ('#', '#/$defs/X', 'file.json#/X') or a name pattern
    lenient: bool
    caller_tag: str | None = None  # the tag comes from the caller: the keyword argument's name
    tag_values: tuple[tuple[str, str], ...] = ()  # tag value -> schema (name or pointer), when given


@dataclass(frozen=True)
class Request:
    """What the user asked a front end for."""

    roots: tuple[RootRequest, ...]
    all_schemas: bool = False
    side: str = "client"  # AsyncAPI: the program is a client of the described application, or it
    channels: tuple[str, ...] = ()  # AsyncAPI: only these channels (names or addresses)
    operations: tuple[str, ...] = ()  # AsyncAPI: only these operations (ids)


@dataclass(frozen=True)
class Root:
    alias: str
    location: str
    lenient: bool
    caller_tag: CallerTag | None = None


@dataclass
class Catalog:
    format: str  # "openapi", "swagger", "jsonschema", "asyncapi", or "fragment" (a part of a spec)
    title: str
    schemas: dict[str, str] = field(default_factory=dict)  # schema name -> location, in document order
    names: dict[str, str] = field(default_factory=dict)  # location -> the class name it prefers
    roots: list[Root] = field(default_factory=list)
