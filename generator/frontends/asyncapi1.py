"""AsyncAPI 1.0-1.2: ``topics`` instead of channels, each with a ``publish`` and a ``subscribe`` that
is a message itself or a ``oneOf`` of messages. Read as the operations of a 2.x document, with the
verbs in the sense the AsyncAPI converter gives them when it carries a topic to a channel:
``subscribe`` lists what the application sends, ``publish`` what it receives. A topic is known by
its key and, when the document has a ``baseTopic``, by the full name too (``slack.events.app.mention``)."""

from __future__ import annotations

from typing import Any

from ..refs import Resolver, join_pointer
from .asyncapi_messages import follow
from .asyncapi_operations import Operation, mapping, messages_v2


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
    return found
