"""What a capture reader yields, and which reader a file needs (from its content, or ``--input``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

FORMATS = ("jsonl", "har", "sse")
SSE_FIELDS = (b"event:", b"data:", b"id:", b"retry:", b":")


@dataclass(frozen=True)
class Frame:
    """One event as captured: where it is, which way it went, and its decoded JSON."""

    where: str  # "capture.jsonl:12", "session.har: entry 1 message 5"
    direction: str | None  # "server", "client", a root alias, or None (the default root)
    data: Any
    tag: str | None = None  # the SSE event name, for roots whose tag the caller passes


@dataclass(frozen=True)
class Problem:
    """A part of a capture that holds no checkable event (not JSON, a binary frame...)."""

    where: str
    message: str


Item = Frame | Problem
# the C scanner, called as the generated packages call it (json.loads wraps it in Python code)
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads(text: str) -> Any:
    """JSON text decoded, as fast as the generated parsers decode; ValueError says what is wrong."""
    try:
        value, end = _scan(text, 0)
        if end == len(text) or not text[end:].strip():
            return value
    except (ValueError, StopIteration, RecursionError):
        pass
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to decode") from None


def not_json(exc: ValueError, text: str) -> str:
    body = text.strip()
    hint = "; truncated?" if body[:1] in ("{", "[") and body[-1:] not in ("}", "]") else ""
    return f"not JSON ({exc}){hint}"


def detect(path: str) -> str:
    """The format of a capture, from its name and first bytes."""
    if path.lower().endswith(".har"):
        return "har"
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{") and head[1:].lstrip().startswith(b'"log"'):
        return "har"
    if head.startswith(SSE_FIELDS):
        return "sse"
    return "jsonl"


class Progress:
    """How far through its file a reader is (bytes), for the progress line."""

    def __init__(self, path: str, handle: BinaryIO) -> None:
        self.path = path
        self.handle = handle
        self.size = os.fstat(handle.fileno()).st_size or 1

    def fraction(self) -> float:
        try:
            return min(self.handle.tell() / self.size, 1.0)
        except (OSError, ValueError):
            return 1.0


Reader = Callable[[str, BinaryIO], Iterator[Item]]


def read(path: str, fmt: str | None, opened: Callable[[Progress], None] | None = None) -> Iterator[Item]:
    """The frames and problems of the capture at ``path``, in order, read as a stream."""
    from . import har, jsonl, sse

    readers: dict[str, Reader] = {"jsonl": jsonl.read, "har": har.read, "sse": sse.read}
    try:
        kind = fmt or detect(path)
        handle = open(path, "rb")  # noqa: SIM115  (closed below, after the last frame)
    except OSError as exc:
        yield Problem(path, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        if opened is not None:
            opened(Progress(path, handle))
        yield from readers[kind](path, handle)
