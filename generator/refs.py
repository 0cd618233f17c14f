"""Resolve ``$ref``: JSON pointers (with ``~0``/``~1`` escapes) and relative files.

A location is written ``file#pointer``; the main spec's file part is empty, so
its component schemas read ``#/components/schemas/Name``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote

from .errors import SpecError, escape_pointer_part
from .loader import load_file

SCHEMA_CONTAINERS = ("components/schemas", "$defs", "definitions")


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return [] if pointer == "" else [""]
    if not pointer.startswith("/"):
        raise ValueError(pointer)
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def join_pointer(pointer: str, *parts: str | int) -> str:
    return pointer + "".join("/" + escape_pointer_part(str(part)) for part in parts)


def schema_name(location: str) -> str | None:
    """The name of a schema stored under a schema container, else None."""
    _, _, pointer = location.partition("#")
    for container in SCHEMA_CONTAINERS:
        prefix = "/" + container + "/"
        if pointer.startswith(prefix) and "/" not in pointer[len(prefix) :]:
            return split_pointer(pointer)[-1]
    return None


class Resolver:
    """Holds the loaded documents and follows references between them."""

    def __init__(self, main_path: str, main_document: Any) -> None:
        self.label = main_path  # the main spec as the user named it, for messages
        self.main_path = os.path.abspath(main_path)
        self.base_dir = os.path.dirname(self.main_path)
        self.documents: dict[str, Any] = {"": main_document}

    def document(self, file: str) -> Any:
        if file not in self.documents:
            self.documents[file] = load_file(os.path.join(self.base_dir, file))
        return self.documents[file]

    def locate(self, ref: object, at: str) -> str:
        """The canonical location a ``$ref`` found at location ``at`` points to."""
        if not isinstance(ref, str):
            found = "a mapping" if isinstance(ref, dict) else "a list" if isinstance(ref, list) else repr(ref)
            raise SpecError(
                self.display(at),
                f"$ref must be a string, got {found}",
                "write it as a string, e.g. $ref: '#/components/schemas/Name'",
            )
        file, _, fragment = ref.partition("#")
        if "://" in file:
            raise SpecError(
                self.display(at),
                f"remote reference {ref!r} is not supported (no network)",
                "download the document and refer to it by a relative path",
            )
        here_file = at.partition("#")[0]
        if file:
            joined = os.path.normpath(os.path.join(os.path.dirname(here_file), unquote(file)))
            file = "" if os.path.join(self.base_dir, joined) == self.main_path else joined
        else:
            file = here_file
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise SpecError(
                self.display(at),
                f"$ref {ref!r} has a fragment that is not a JSON pointer",
                "write it as '#/components/schemas/Name'",
            )
        return f"{file}#{pointer}"

    def node(self, location: str, referrer: str = "") -> Any:
        """The value at ``location``; ``referrer`` is where the reference stood."""
        file, _, pointer = location.partition("#")
        try:
            value = self.document(file)
        except SpecError as exc:
            if exc.message.startswith("cannot read the file"):
                raise SpecError(
                    self.display(referrer),
                    f"$ref points into {self.path_of(file)}, which "
                    f"{exc.message.replace('cannot read the file', 'cannot be read')}",
                    "correct the path in the $ref (it is relative to the file that holds it), or create that file",
                ) from None
            exc.message = f"{exc.message} (referenced from {self.display(referrer)})"
            raise
        for part in split_pointer(pointer):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise SpecError(
                    self.display(referrer or location),
                    f"$ref target {location!r} does not exist (no {part!r} there)",
                    "point the $ref at an existing schema",
                )
        return value

    def display(self, location: str) -> str:
        """A location as shown to users: ``file#pointer``, the file as named from the working directory."""
        file, _, pointer = location.partition("#")
        return f"{self.path_of(file)}#{pointer}"

    def path_of(self, file: str) -> str:
        """A document's path as the user would name it ('' is the main spec)."""
        return os.path.join(os.path.dirname(self.label), file) if file else self.label
