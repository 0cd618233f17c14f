"""Server-sent event streams (``text/event-stream`` as saved from a response body).

Events are blocks of ``field: value`` lines ended by a blank line; the ``data`` lines of a block,
joined by newlines, are the event's JSON, and ``event`` is its name. Comments (``:``), ``id`` and
``retry`` are ignored, and so is a ``[DONE]`` end marker. Every event came from the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .captures import Frame, Item, Problem, loads, not_json


def read(path: str, handle: BinaryIO) -> Iterator[Item]:
    data: list[str] = []
    name: str | None = None
    start = 0
    for number, raw in enumerate(handle, 1):
        try:
            line = raw.decode().rstrip("\r\n")
        except UnicodeDecodeError as exc:
            yield Problem(f"{path}:{number}", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        if not line:
            item = block(f"{path}:{start}", name, data) if data else None
            if item is not None:
                yield item
            data, name = [], None
            continue
        if not data and name is None:
            start = number
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "event":
            name = value
    item = block(f"{path}:{start}", name, data) if data else None
    if item is not None:
        yield item


def block(where: str, name: str | None, data: list[str]) -> Item | None:
    text = "\n".join(data)
    if text.strip() == "[DONE]":
        return None
    try:
        return Frame(where, None, loads(text), name)
    except ValueError as exc:
        return Problem(where, not_json(exc, text))
