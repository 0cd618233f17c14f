"""AsyncAPI 1.0-1.2: ``topics`` instead of channels, each with a ``publish`` and a ``subscribe`` that
is a message itself or a ``oneOf`` of messages. Read as the operations of a 2.x document, with the
verbs in the sense the AsyncAPI converter keeps when it carries a topic to a channel:
``subscribe`` lists what the application sends, ``publish`` what it receives. A topic is known by
its key and, when the document has a ``baseTopic``, by its full name too (``slack.events.app.mention``).
The two other forms of 1.x are read alike: ``stream`` (HTTP streaming: the consumer ``read``s what the
application sends and ``write``s what it receives) and ``events`` (WebSocket: the consumer
``receive``s and ``send``s), each known to ``--channel`` by that word."""

from __future__ import annotations

from typing import Any

from ..refs import Resolver, join_pointer
from .asyncapi_messages import follow, message_at
from .asyncapi_operations import Operation, mapping, messages_v2

LISTS = {"stream": ("read", "write"), "events": ("receive", "send")}  # (what the application sends, receives)


def operations_v1(resolver: Resolver, document: dict[str, Any]) -> list[Operation]:
    base = document.get("baseTopic") if isinstance(document.get("baseTopic"), str) else ""
    found = []
    for key in mapping(document.get("topics")):
        at, item = follow(resolver, join_pointer("#/topics", key))
        names = frozenset([key, f"{base}.{key}"] if base else [key])
        for verb in ("subscribe", "publish"):
            if not isinstance(item, dict) or not isinstance(item.get(verb), dict):
                continue
            messages = messages_v2(resolver, join_pointer(at, verb), key)
            uses = tuple((message, verb == "subscribe") for message in messages)
            found.append(Operation(None, f"{verb} of topic {key}", names, uses))
    for form, verbs in LISTS.items():
        at, node = follow(resolver, f"#/{form}") if form in document else ("", None)
        for verb in verbs:
            listed = mapping(node).get(verb)
            count = len(listed) if isinstance(listed, list) else 0
            base_name = f"{form} {verb}"
            messages = [
                message_at(resolver, join_pointer(at, verb, i), f"{base_name} {i + 1}" if count > 1 else base_name)
                for i in range(count)
            ]
            if messages:
                uses = tuple((message, verb == verbs[0]) for message in messages)
                found.append(Operation(None, f"{verb} of {form}", frozenset([form]), uses))
    return found
