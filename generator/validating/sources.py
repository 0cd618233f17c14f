"""Where a schema the IR names is written in the spec's files, so that reports and overlays point
at nodes that exist.

The IR names schemas by location, ``file#pointer`` (the file relative to the spec's folder, ''
for the spec itself). Most locations are written as they read. A property that several ``allOf``
members declare is merged, though, and the IR places the merge under the schema that holds the
``allOf`` (``#/definitions/PausedEvent/properties/body``), where nothing is written: ``written``
walks such a pointer down the documents, stepping into the ``allOf`` members (and the schemas
their ``$ref`` names) where a step is not written, and keeps the last member's declaration, the
one the merge lets narrow the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import escape_pointer_part
from ..frontends.roots import SYNTHETIC
from ..loader import load_file
from ..refs import split_pointer

MAX_STEPS = 64  # $refs followed in a row before giving up (a loop)


@dataclass(frozen=True)
class Place:
    """A node written in one of the spec's files."""

    file: str  # relative to the spec's folder; '' is the spec itself
    parts: tuple[str, ...]

    @property
    def pointer(self) -> str:
        return self.file + "#" + "".join("/" + escape_pointer_part(p) for p in self.parts)

    def child(self, *parts: str) -> Place:
        return Place(self.file, (*self.parts, *parts))


class Sources:
    """The spec's documents (after overlays), and the places written in them."""

    def __init__(self, spec: str, files: dict[str, Any]) -> None:
        self.spec = os.path.abspath(spec)
        self.base = os.path.dirname(self.spec)
        self.files = files

    def document(self, file: str) -> Any:
        if file not in self.files:
            self.files[file] = load_file(self.path(file))
        return self.files[file]

    def path(self, file: str) -> str:
        """The file's absolute path."""
        return self.spec if not file else os.path.normpath(os.path.join(self.base, file))

    def node(self, place: Place) -> Any:
        """The node at ``place``; KeyError when nothing is written there."""
        node = self.document(place.file)
        for part in place.parts:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise KeyError(part)
        return node

    def exists(self, place: Place) -> bool:
        try:
            self.node(place)
        except (KeyError, OSError, ValueError):
            return False
        return True

    def place(self, location: str) -> Place | None:
        file, _, pointer = location.partition("#")
        try:
            return Place(file, tuple(split_pointer(pointer)))
        except ValueError:
            return None

    def referenced(self, at: Place, ref: Any) -> Place | None:
        """The place a ``$ref`` written at ``at`` names, when it is a file of the spec or a pointer."""
        if not isinstance(ref, str):
            return None
        uri, _, fragment = ref.partition("#")
        if uri.startswith("file:"):
            file = os.path.relpath(unquote(urlparse(uri).path), self.base)
        elif "://" in uri or uri.startswith("urn:"):
            return None
        elif uri:
            file = os.path.normpath(os.path.join(os.path.dirname(at.file), unquote(uri)))
        else:
            file = at.file
        try:
            parts = split_pointer(unquote(fragment))
        except ValueError:
            return None
        return Place("" if self.path(file) == self.spec else file, tuple(parts))

    def target(self, place: Place) -> Place:
        """``place``, or where the ``$ref`` (chain) written there leads."""
        for _ in range(MAX_STEPS):
            try:
                node = self.node(place)
            except (KeyError, OSError, ValueError):
                return place
            following = self.referenced(place, node.get("$ref")) if isinstance(node, dict) else None
            if following is None or not self.exists(following):
                return place
            place = following
        return place

    def members(self, place: Place, seen: frozenset[Place] = frozenset()) -> Iterator[Place]:
        """The schemas an ``allOf`` at ``place`` merges, in the order the merge reads them (a member's
        own members before it), ``$ref``\\s followed; ``place`` itself comes last."""
        place = self.target(place)
        if place in seen:
            return
        node = self.node(place)
        if isinstance(node, dict) and isinstance(node.get("allOf"), list):
            for index in range(len(node["allOf"])):
                yield from self.members(place.child("allOf", str(index)), seen | {place})
        yield place

    def written(self, location: str) -> Place | None:
        """Where the schema at ``location`` is written; None when no document holds it."""
        place = self.place(location)
        if place is None:
            return None
        here = Place(place.file, ())
        try:
            for part in place.parts:
                here = self.step(here, part)
        except (KeyError, OSError, ValueError):
            return None
        return here

    def step(self, here: Place, part: str) -> Place:
        if self.exists(here.child(part)):
            return here.child(part)
        found = [m.child(part) for m in self.members(here) if self.exists(m.child(part))]
        if not found:
            raise KeyError(part)
        return found[-1]

    def declaring(self, location: str) -> Place | None:
        """The schema that declares (or should declare) a property of the object at ``location``:
        the object itself when it has ``properties`` or no ``allOf``, else its last member written
        in place (not a ``$ref``: that one belongs to other schemas too)."""
        place = self.written(location)
        if place is None:
            return None
        place = self.target(place)
        node = self.node(place)
        if not isinstance(node, dict) or isinstance(node.get("properties"), dict):
            return place
        members = node.get("allOf")
        if isinstance(members, list):
            for index in reversed(range(len(members))):
                member = members[index]
                if isinstance(member, dict) and "$ref" not in member and "allOf" not in member:
                    return place.child("allOf", str(index))
        return place

    def requiring(self, location: str, name: str) -> list[Place]:
        """Every schema whose ``required`` lists ``name`` among those the object at ``location``
        merges (all of them must let it go for the property to be optional)."""
        place = self.written(location)
        if place is None:
            return []
        found = []
        for member in self.members(place):
            node = self.node(member)
            if isinstance(node, dict) and isinstance(node.get("required"), list) and name in node["required"]:
                found.append(member)
        return found

    def shown(self, location: str, kind: str = "", name: str = "") -> str:
        """``location`` as a report shows it: where it is written; for an undeclared property, the
        schema that should declare it; for a missing one, the first that requires it; '' for the
        union a ``--root`` pattern makes, which no file holds."""
        if location.startswith(SYNTHETIC + "#"):
            return ""  # the union a --root pattern stands for: written nowhere in the spec
        if kind == "undeclared":
            place = self.declaring(location)
        elif kind == "missing":
            place = next(iter(self.requiring(location, name)), None) or self.written(location)
        else:
            place = self.written(location)
        return location if place is None else place.pointer
