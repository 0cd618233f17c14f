"""AsyncAPI messages: where a message object lives once its ``$ref`` chain is followed, the name its
class takes, and where its payload schema is, or why eventgen cannot read that payload."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..keywords import STRUCTURAL
from ..refs import Resolver, join_pointer, split_pointer

# Payload formats that are JSON Schema, or a dialect of it (AsyncAPI's own, OpenAPI 3.0's).
JSON_SCHEMA_FORMATS = re.compile(
    r"application/(schema\+(json|yaml)|vnd\.aai\.asyncapi(\+(json|yaml))?|vnd\.oai\.openapi(\+(json|yaml))?)"
    r"\s*(;.*)?",
    re.IGNORECASE,
)
FORMAT_NAMES = (("avro", "Avro"), ("raml", "RAML"), ("protobuf", "Protobuf"), ("xsd", "XML Schema"))
JSON_SCHEMA_EXAMPLE = "application/schema+json;version=draft-07"


@dataclass(frozen=True)
class Message:
    location: str  # the message object itself, at the end of its $ref chain
    name: str  # as the spec gives it (name, messageId, its key) or, failing those, made up
    own_name: bool  # False: the name was made up from the operation or channel
    key: str | None = None  # the key it is stored under, when it has one


@dataclass(frozen=True)
class Payload:
    location: str | None  # the payload schema, at the end of its $ref chain; None when unreadable
    problem: SpecError | None = None  # why it cannot be read (missing, another schema language, bad $ref)
    not_object: str | None = None  # what the payload is instead of an object ("a string"), if it says so


def follow(resolver: Resolver, location: str) -> tuple[str, Any]:
    """The location and value at the end of a ``$ref`` chain that starts at ``location``."""
    seen: list[str] = []
    node = resolver.node(location)
    while isinstance(node, dict) and "$ref" in node:
        if location in seen:
            raise SpecError(
                resolver.display(location),
                "$ref cycle: " + " -> ".join([*seen, location]),
                "point one of these $refs at the object itself",
            )
        seen.append(location)
        target = resolver.locate(node["$ref"], location)
        node = resolver.node(target, location)
        location = target
    return location, node


def own_key(location: str) -> str | None:
    """The key a message is stored under: in a ``messages`` map, or at the top of a file of its own."""
    file, _, pointer = location.partition("#")
    parts = split_pointer(pointer) if pointer.startswith("/") else []
    if len(parts) >= 2 and parts[-2] == "messages":
        return parts[-1]
    if file and len(parts) == 1:
        return parts[0]
    return None


def field_of(resolver: Resolver, location: str, node: Any, key: str) -> tuple[Any, str]:
    """A field of a message, else of the first of its traits that sets it (the message wins), and
    where it stands (where it would stand in the message, when nothing sets it)."""
    if isinstance(node, dict) and node.get(key) is not None:
        return node[key], join_pointer(location, key)
    traits = node.get("traits") if isinstance(node, dict) else None
    for index, _ in enumerate(traits if isinstance(traits, list) else []):
        at, trait = follow(resolver, join_pointer(location, "traits", index))
        if isinstance(trait, dict) and trait.get(key) is not None:
            return trait[key], join_pointer(at, key)
    return None, join_pointer(location, key)


def message_at(resolver: Resolver, location: str, fallback: str) -> Message:
    """The message whose object (or a $ref to it) stands at ``location``; ``fallback`` names it when
    neither the message nor the place it is stored gives it a name."""
    location, node = follow(resolver, location)
    stored = own_key(location)
    for field in ("name", "messageId"):
        value, _ = field_of(resolver, location, node, field)
        if isinstance(value, str) and value.strip():
            return Message(location, value.strip(), True, stored)
    return Message(location, stored, True, stored) if stored else Message(location, fallback, False)


def payload_of(resolver: Resolver, message: Message, multi_format: bool) -> Payload:
    """Where the payload schema of ``message`` is; ``multi_format``: AsyncAPI 3, whose payload may be
    a ``{schemaFormat, schema}`` object. Problems are returned, to be raised only if the message is used."""
    try:
        return locate_payload(resolver, message, multi_format)
    except SpecError as problem:
        return Payload(None, problem)


def locate_payload(resolver: Resolver, message: Message, multi_format: bool) -> Payload:
    node = resolver.node(message.location)
    if not isinstance(node, dict) or node.get("payload") is None:
        raise SpecError(
            resolver.display(message.location),
            f"message {message.name!r} has no payload, so there is nothing to generate for it",
            "give the message a payload schema (payload: {type: object, properties: ...})",
        )
    fmt, fmt_at = field_of(resolver, message.location, node, "schemaFormat")
    location, value = follow(resolver, join_pointer(message.location, "payload"))
    if multi_format and isinstance(value, dict) and "schemaFormat" in value:
        fmt_at, fmt = join_pointer(location, "schemaFormat"), value["schemaFormat"]
        check_format(resolver, message, fmt, fmt_at)
        if value.get("schema") is None:
            raise SpecError(
                resolver.display(location),
                f"the payload of message {message.name!r} has a schemaFormat but no schema",
                "put the payload schema under schema: beside schemaFormat",
            )
        location, value = follow(resolver, join_pointer(location, "schema"))
    else:
        check_format(resolver, message, fmt, fmt_at)
    return Payload(location, None, not_an_object(value))


def check_format(resolver: Resolver, message: Message, fmt: Any, at: str) -> None:
    """Payloads in JSON Schema (or AsyncAPI's or OpenAPI's dialect of it) are read; nothing else."""
    if fmt is None or (isinstance(fmt, str) and JSON_SCHEMA_FORMATS.fullmatch(fmt.strip())):
        return
    language = next((name for word, name in FORMAT_NAMES if word in str(fmt).lower()), "a schema language")
    raise SpecError(
        resolver.display(at),
        f"message {message.name!r} describes its payload in {language} (schemaFormat {fmt!r}); "
        "eventgen reads JSON Schema payloads only",
        f"describe the payload in JSON Schema (schemaFormat: {JSON_SCHEMA_EXAMPLE})",
    )


def not_an_object(schema: Any) -> str | None:
    """What a payload schema says it is, when that is not a JSON object: "a string", "an array"...
    ("any JSON value" when it sets no constraint at all); None when it may be an object."""
    if schema is True or (isinstance(schema, dict) and not STRUCTURAL.intersection(schema)):
        return "any JSON value (the schema sets no constraint)"
    if not isinstance(schema, dict):
        return None
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not kinds or "object" in kinds:
        return None
    words = [("an " if str(k)[:1] in "aeiou" else "a ") + str(k) for k in kinds if k != "null"] or ["null"]
    return " or ".join(words)
