"""AsyncAPI 1.0-1.2, 2.0-2.6 and 3.0: each message is a class (its payload schema, named after the
message), listed by name beside ``components/schemas``; the roots are the messages the program
receives and sends (see ``asyncapi_roots``), read from the operations (see ``asyncapi_operations``,
and ``asyncapi1`` for the topics of 1.x)."""

from __future__ import annotations

from typing import Any

from ..errors import SpecError, Warnings
from ..refs import Resolver, join_pointer, schema_name, split_pointer
from .asyncapi1 import operations_v1
from .asyncapi_messages import Message, Payload, message_at, payload_of
from .asyncapi_operations import Operation, channel_messages, mapping, operations_v2, operations_v3, select
from .asyncapi_roots import Roots
from .catalog import Catalog, Request


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    document = resolver.document("")
    version = major_version(resolver, document)
    info = mapping(document.get("info"))
    catalog = Catalog("asyncapi", info["title"] if isinstance(info.get("title"), str) else "")
    readers = {1: operations_v1, 2: operations_v2, 3: operations_v3}
    operations = readers[version](resolver, document)
    messages = every_message(resolver, document, operations)
    payloads = {location: payload_of(resolver, message, version >= 3) for location, message in messages.items()}
    name_classes(catalog, messages, payloads)
    for location, message in messages.items():  # by name; then by key, where it differs
        if payloads[location].location is not None:
            catalog.schemas.setdefault(message.name, str(payloads[location].location))
    for location, message in messages.items():
        if payloads[location].location is not None and message.key:
            catalog.schemas.setdefault(message.key, str(payloads[location].location))
    for key in mapping(mapping(document.get("components")).get("schemas")):
        catalog.schemas.setdefault(key, join_pointer("#/components/schemas", key))
    chosen = select(resolver, document, operations, request.channels, request.operations, version)
    roots = Roots(resolver, catalog, messages, payloads, chosen, request, warnings)
    catalog.roots = roots.explicit() if request.roots else roots.defaults()
    return catalog


def major_version(resolver: Resolver, document: Any) -> int:
    """1, 2 or 3, from the ``asyncapi`` field; any other version is an error."""
    if not isinstance(document, dict):
        raise SpecError(
            resolver.display(""),
            f"an AsyncAPI document must be a mapping, got {type(document).__name__}",
            "start the file with asyncapi: 3.0.0 and info: {title: ..., version: ...}",
        )
    version = str(document.get("asyncapi", ""))
    if version.split(".")[0] in ("1", "2", "3"):
        return int(version.split(".")[0])
    said = f"says asyncapi: {version}" if version else "has no asyncapi field"
    raise SpecError(
        resolver.display("#/asyncapi"),
        f"the document {said}; eventgen reads AsyncAPI 1.0 to 1.2, 2.0 to 2.6 and 3.0",
        "give the version the document follows, e.g. asyncapi: 3.0.0",
    )


def every_message(resolver: Resolver, document: dict[str, Any], operations: list[Operation]) -> dict[str, Message]:
    """Every message of the document by location: those the operations use, those of the 3.0
    channels, and ``components/messages``, each once."""
    found: dict[str, Message] = {}
    for operation in operations:
        for message, _ in operation.uses:
            found.setdefault(message.location, message)
    for key in mapping(document.get("channels")):
        for message in channel_messages(resolver, join_pointer("#/channels", key)):
            found.setdefault(message.location, message)
    for key in mapping(mapping(document.get("components")).get("messages")):
        message = message_at(resolver, join_pointer("#/components/messages", key), key)
        found.setdefault(message.location, message)
    return found


def name_classes(catalog: Catalog, messages: dict[str, Message], payloads: dict[str, Payload]) -> None:
    """A payload schema takes the name of its message, unless several messages share it (then it keeps
    its own name) or the message has no name of its own and the schema has one."""
    users: dict[str, list[Message]] = {}
    for location, message in messages.items():
        payload = payloads[location].location
        if payload is not None:
            users.setdefault(payload, []).append(message)
    for payload, group in users.items():
        if len(group) == 1 and (group[0].own_name or not has_own_name(payload)):
            catalog.names[payload] = group[0].name


def has_own_name(location: str) -> bool:
    """Is the schema stored under a name: in a schema container, or at the top of a file of schemas?"""
    file, _, pointer = location.partition("#")
    return schema_name(location) is not None or (bool(file) and len(split_pointer(pointer or "")) == 1)
