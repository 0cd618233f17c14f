"""HAR files as browsers export them: websocket frames in each entry's ``_webSocketMessages``.

``send`` frames went from the client (checked against the client root), ``receive`` frames came
from the server. A HAR file is one JSON document, so it is read whole; entries without websocket
frames are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from .captures import Frame, Item, Problem, loads, not_json

DIRECTIONS = {"send": "client", "receive": "server"}


def read(path: str, handle: BinaryIO) -> Iterator[Item]:
    try:
        document = json.loads(handle.read())
    except (ValueError, RecursionError) as exc:
        yield Problem(path, f"not a HAR file: not JSON ({exc})")
        return
    entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        yield Problem(path, "not a HAR file: no log.entries list")
        return
    frames = 0
    for index, entry in enumerate(entries, 1):
        messages = entry.get("_webSocketMessages") if isinstance(entry, dict) else None
        if not isinstance(messages, list):
            continue
        for number, message in enumerate(messages, 1):
            frames += 1
            yield from frame(f"{path}: entry {index} message {number}", message)
    if not frames:
        yield Problem(path, f"no websocket frames in its {len(entries)} entries (_webSocketMessages)")


def frame(where: str, message: Any) -> Iterator[Item]:
    if not isinstance(message, dict) or message.get("type") not in DIRECTIONS:
        yield Problem(where, "not a websocket frame with type send or receive")
        return
    if message.get("opcode", 1) != 1:
        yield Problem(where, f"binary frame (opcode {message.get('opcode')}); only text frames hold JSON events")
        return
    data = message.get("data")
    if not isinstance(data, str):
        yield Problem(where, "frame without text data")
        return
    try:
        yield Frame(where, DIRECTIONS[message["type"]], loads(data))
    except ValueError as exc:
        yield Problem(where, not_json(exc, data))
