"""Problems found in a spec: fatal errors and warnings, each tied to a JSON pointer."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


class SpecError(Exception):
    """The spec cannot be turned into code. Carries where and how to fix it."""

    def __init__(self, pointer: str, message: str, hint: str = "", file: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer
        self.message = message
        self.hint = hint
        self.file = file

    def __str__(self) -> str:
        where = f"{self.file}{self.pointer}" if self.file else self.pointer
        text = f"{where}: {self.message}"
        return f"{text}\n  fix: {self.hint}" if self.hint else text


class UsageError(Exception):
    """The command line or config asks for something impossible."""


@dataclass
class Warnings:
    """Quirks tolerated in a spec, reported once each (per kind and pointer)."""

    items: list[tuple[str, str]] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, pointer: str, message: str) -> None:
        if (pointer, message) not in self._seen:
            self._seen.add((pointer, message))
            self.items.append((pointer, message))

    def report(self, stream: TextIO | None = None) -> None:
        for pointer, message in sorted(self.items):
            print(f"warning: {pointer}: {message}", file=stream or sys.stderr)


def escape_pointer_part(part: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return part.replace("~", "~0").replace("/", "~1")
