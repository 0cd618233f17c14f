"""AsyncAPI operations: which messages the described application sends and which it receives, per
operation and channel, read from a 2.x document (``publish``/``subscribe``) or a 3.0 one
(``operations`` with ``action``, ``messages`` and ``reply``); and the ``--channel``/``--operation``
filters over them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..refs import Resolver, join_pointer, split_pointer
from .asyncapi_messages import Message, follow, message_at


@dataclass(frozen=True)
class Operation:
    name: str | None  # 3.0: its key in operations; 2.x: its operationId (None when it has none)
    label: str  # how messages refer to it: the name, else "publish of channel X"
    channels: frozenset[str]  # the names --channel may give it by: its channel's key and address
    uses: tuple[tuple[Message, bool], ...]  # each message, and whether the application sends it


def operations_v2(resolver: Resolver, document: dict[str, Any]) -> list[Operation]:
    """2.x: ``subscribe`` lists what the application sends, ``publish`` what it receives."""
    found = []
    for key in mapping(document.get("channels")):
        at, item = follow(resolver, join_pointer("#/channels", key))
        for verb in ("subscribe", "publish"):
            operation = item.get(verb) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            op_at = join_pointer(at, verb)
            name = operation.get("operationId") if isinstance(operation.get("operationId"), str) else None
            uses: list[tuple[Message, bool]] = []
            if operation.get("message") is not None:
                messages = messages_v2(resolver, join_pointer(op_at, "message"), name or key)
                uses = [(message, verb == "subscribe") for message in messages]
            found.append(Operation(name, name or f"{verb} of channel {key}", frozenset([key]), tuple(uses)))
    return found


def messages_v2(resolver: Resolver, at: str, base: str) -> list[Message]:
    """The message of a 2.x operation: one, or several under ``oneOf``."""
    location, node = follow(resolver, at)
    if isinstance(node, dict) and isinstance(node.get("oneOf"), list) and "payload" not in node:
        count = len(node["oneOf"])
        return [
            message_at(resolver, join_pointer(location, "oneOf", i), f"{base} message {i + 1}" if count > 1 else base)
            for i in range(count)
        ]
    return [message_at(resolver, location, base)]


def operations_v3(resolver: Resolver, document: dict[str, Any]) -> list[Operation]:
    """3.0: ``action: send`` is what the application sends; the messages of its ``reply`` travel back."""
    found = []
    for key in mapping(document.get("operations")):
        at, operation = follow(resolver, join_pointer("#/operations", key))
        if not isinstance(operation, dict):
            continue
        action = operation.get("action")
        if action not in ("send", "receive"):
            raise SpecError(
                resolver.display(join_pointer(at, "action")),
                f"operation {key!r} has action {action!r}, so the direction of its messages is unknown",
                "write action: send (the application sends the messages) or action: receive",
            )
        channel, names = channel_of(resolver, operation, at)
        uses = [(m, action == "send") for m in listed_messages(resolver, operation, at, channel, key)]
        if operation.get("reply") is not None:
            reply_at, reply = follow(resolver, join_pointer(at, "reply"))
            if isinstance(reply, dict):
                reply_channel, _ = channel_of(resolver, reply, reply_at)
                replies = listed_messages(resolver, reply, reply_at, reply_channel, f"{key} reply")
                uses += [(m, action != "send") for m in replies]
        found.append(Operation(key, key, names, tuple(uses)))
    return found


def channel_of(resolver: Resolver, holder: dict[str, Any], at: str) -> tuple[str | None, frozenset[str]]:
    """The channel an operation (or reply) names: its location, and its key and address."""
    if holder.get("channel") is None:
        return None, frozenset()
    location, channel = follow(resolver, join_pointer(at, "channel"))
    parts = split_pointer(location.partition("#")[2] or "")
    names = {parts[-1]} if len(parts) == 2 and parts[0] == "channels" else set()
    if isinstance(channel, dict) and isinstance(channel.get("address"), str):
        names.add(channel["address"])
    return location, frozenset(names)


def listed_messages(
    resolver: Resolver, holder: dict[str, Any], at: str, channel: str | None, base: str
) -> list[Message]:
    """The messages an operation or reply lists; when it lists none, every message of its channel."""
    listed = holder.get("messages")
    if isinstance(listed, list):
        count = len(listed)
        return [
            message_at(resolver, join_pointer(at, "messages", i), f"{base} message {i + 1}" if count > 1 else base)
            for i in range(count)
        ]
    return channel_messages(resolver, channel) if channel else []


def channel_messages(resolver: Resolver, channel: str) -> list[Message]:
    """The messages of a 3.0 channel, in the order of its ``messages`` map."""
    channel, node = follow(resolver, channel)
    listed = node.get("messages") if isinstance(node, dict) else None
    return [message_at(resolver, join_pointer(channel, "messages", key), key) for key in mapping(listed)]


def channel_names(resolver: Resolver, document: dict[str, Any]) -> list[str]:
    """Every name --channel accepts: the channels' keys, then the addresses that differ from them
    (1.x: the topics' keys, then their names under ``baseTopic``, then ``stream`` and ``events``)."""
    if str(document.get("asyncapi", "")).startswith("1."):
        base = document.get("baseTopic") if isinstance(document.get("baseTopic"), str) else ""
        keys = list(mapping(document.get("topics")))
        forms = [form for form in ("stream", "events") if form in document]
        return keys + ([f"{base}.{key}" for key in keys] if base else []) + forms
    keys = list(mapping(document.get("channels")))
    channels = [follow(resolver, join_pointer("#/channels", key))[1] for key in keys]
    addresses = [c["address"] for c in channels if isinstance(c, dict) and isinstance(c.get("address"), str)]
    return list(dict.fromkeys([*keys, *addresses]))


def select(
    resolver: Resolver,
    document: dict[str, Any],
    operations: list[Operation],
    channels: tuple[str, ...],
    names: tuple[str, ...],
    version: int,
) -> list[Operation]:
    """The operations that count: on one of ``channels`` and named in ``names`` (when given)."""
    if channels:
        known = channel_names(resolver, document)
        for wanted in channels:
            if wanted not in known:
                raise SpecError(
                    resolver.display("#/topics" if version == 1 else "#/channels"),
                    f"there is no {'topic' if version == 1 else 'channel'} {wanted!r}",
                    f"name a {how_named(version)}: {', '.join(map(repr, known)) or '(none)'}",
                )
    if names:
        known = [op.name for op in operations if op.name]
        where = {1: "#/topics", 2: "#/channels"}.get(version, "#/operations")
        how = "its key" if version >= 3 else "its operationId"
        for wanted in names:
            if wanted not in known:
                raise SpecError(
                    resolver.display(where),
                    f"there is no operation {wanted!r}",
                    f"name an operation by {how}: {', '.join(map(repr, known))}"
                    if known
                    else "no operation here has an operationId; select by --channel instead",
                )
    return [
        op
        for op in operations
        if (not channels or op.channels.intersection(channels)) and (not names or op.name in names)
    ]


def how_named(version: int) -> str:
    return "topic by its key or its name under baseTopic" if version == 1 else "channel by its key or address"


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
