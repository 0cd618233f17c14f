"""Names for schemas written inline where an operation uses them (a response, a request body), so
that a root given as a pointer reads ``StreamEvent`` rather than the pointer's words: taken from the
operation's ``operationId``, else its ``summary``, else the name of the file that holds it."""

from __future__ import annotations

import os
import re
from typing import Any

from ..naming import camel, singular
from ..refs import Resolver, split_pointer

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
STREAMS = ("ndjson", "event-stream", "jsonl", "json-seq", "stream+json")  # media types of event streams
SUMMARY_WORDS = 5  # a summary longer than this is cut: the name is a handle, not a sentence


def holder_name(resolver: Resolver, location: str) -> str | None:
    """A class name for the inline schema at ``location``, from the operation that holds it; None when
    no operation holds it (the pointer's own words are the name then)."""
    file, _, pointer = location.partition("#")
    try:
        parts = split_pointer(pointer)
    except ValueError:
        return None
    at = next((i for i, part in enumerate(parts) if part in METHODS and i + 1 < len(parts)), None)
    if at is None or parts[at + 1] not in ("responses", "requestBody"):
        return None
    operation = step_into(resolver.document(file), parts[: at + 1])
    if not isinstance(operation, dict):
        return None
    base = operation_name(operation, parts[:at], resolver.path_of(file))
    if not base:
        return None
    if parts[at + 1] == "requestBody":
        return base + "Request"
    status = parts[at + 2] if len(parts) > at + 2 else ""
    media = parts[at + 4] if len(parts) > at + 4 and parts[at + 3] == "content" else ""
    if any(kind in media for kind in STREAMS):  # a stream of events: each line is one event
        words = re.findall(r"[A-Z][a-z0-9]*|[0-9]+", base)
        if words and words[-1] in ("Event", "Events"):
            return base[: -len(words[-1])] + "Event"
        return singular(base) + "Event"
    suffix = "Response" if status in ("200", "201", "2XX", "default", "") else f"Response{camel(status)}"
    return base + suffix


def operation_name(operation: dict[str, Any], path: list[str], file: str) -> str:
    """``apiStreamEvent`` -> ``StreamEvent``: the operation's id (without a leading ``api``), its summary,
    the webhook's or path's name, or the file's."""
    for text in (operation.get("operationId"), short(operation.get("summary"))):
        if isinstance(text, str) and without_api(camel(text)):
            return without_api(camel(text))
    if len(path) >= 2 and path[0] in ("webhooks", "paths"):
        return without_api(camel(path[1]))
    stem = os.path.basename(file).split(".", 1)[0]
    return without_api(camel(stem))


def short(summary: object) -> str | None:
    if not isinstance(summary, str):
        return None
    words = re.findall(r"[A-Za-z0-9]+", summary)
    return " ".join(words[:SUMMARY_WORDS]) if words else None


def without_api(name: str) -> str:
    """A leading ``Api`` says nothing in an API's own names: ``ApiStreamEvent`` -> ``StreamEvent``."""
    rest = name[3:]
    if name.startswith("Api") and rest[:1].isupper():
        return rest
    return name if name[:1].isalpha() else ""


def step_into(node: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
