"""JSON Lines captures: one event per line, bare or in an envelope that says its direction.

The envelope is an object with ``direction`` ("server" or "client", or a root alias) and
``event`` (the event object); other keys (``time``...) are ignored. Any other line is a bare
event, checked against the server root (or ``--default-root``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .captures import Frame, Item, Problem, loads, not_json


def read(path: str, handle: BinaryIO) -> Iterator[Item]:
    for number, raw in enumerate(handle, 1):
        try:
            text = raw.decode()
        except UnicodeDecodeError as exc:
            yield Problem(f"{path}:{number}", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        if not text or text.isspace():
            continue
        try:
            value = loads(text)
        except ValueError as exc:
            yield Problem(f"{path}:{number}", not_json(exc, text))
            continue
        where = f"{path}:{number}"
        if type(value) is dict and "event" in value and type(value.get("direction")) is str:
            yield Frame(where, value["direction"], value["event"])
        else:
            yield Frame(where, None, value)
