"""Swagger 2.0 polymorphism. A definition whose ``discriminator`` is the name of one of its properties
is a base: the definitions that extend it through ``allOf`` (directly or through another) are its
subtypes, each tagged by ``x-ms-discriminator-value`` or, without one, by its definition name.
Wherever the base is referred to, any subtype may stand, so the base's place becomes the union of
its subtypes told apart by that property (with a declared mapping, as OpenAPI 3 writes it), and the
base's own object moves beside it (``x-eventgen-base``), where the subtypes' ``allOf`` now point.

The documents are changed copy-on-write, in the resolver only: the document the user gave is left
as read. Every file the spec reaches by ``$ref`` is read first, so that subtypes in other files
are found; a ``$ref`` that cannot be followed is left for the build to report if it is used."""

from __future__ import annotations

from typing import Any

from ..errors import SpecError, Warnings
from ..refs import Resolver, join_pointer, schema_name, walk

MOVED = "x-eventgen-base"
OWN_DOCUMENTS = ("eventgen:", "metaschema:")  # documents eventgen makes or brings: not the spec's


class Polymorphism:
    def __init__(self, resolver: Resolver, warnings: Warnings) -> None:
        self.resolver = resolver
        self.warnings = warnings
        self.crawled: set[str] = set()  # files whose $refs were followed
        self.seen: set[str] = set()  # bases already handled
        self.copied: set[str] = set()  # files whose document is our own copy

    def run(self) -> None:
        """Read the files the loaded ones refer to, then turn every new base into a union."""
        self.crawl()
        definitions = dict(self.definitions())
        parents = {location: self.parents(location, node) for location, node in definitions.items()}
        children: dict[str, list[str]] = {}
        for location, found in parents.items():
            for parent in found:
                children.setdefault(parent, []).append(location)
        for location in list(definitions):
            node = definitions[location]
            if location in self.seen or not isinstance(node.get("discriminator"), str):
                continue
            self.seen.add(location)
            members = descendants(location, children)
            if not members:
                self.warnings.add(
                    join_pointer(location, "discriminator"),
                    f"discriminator {node['discriminator']!r}, but no definition extends this one through "
                    "allOf; read as a plain object",
                )
                self.plain(location, node, definitions)
                continue
            self.rewrite(location, node, members, definitions, parents)

    def crawl(self) -> None:
        pending = [f for f in self.resolver.documents if f not in self.crawled and not f.startswith(OWN_DOCUMENTS)]
        while pending:
            file = pending.pop()
            self.crawled.add(file)
            refs: set[str] = set()
            for node, pointer in walk(self.resolver.documents[file]):
                ref = node.get("$ref") if isinstance(node, dict) else None
                if not isinstance(ref, str) or ref.startswith("#") or ref in refs:
                    continue
                refs.add(ref)
                try:
                    target = self.resolver.locate(ref, f"{file}#{pointer}").partition("#")[0]
                except SpecError:
                    continue  # reported by the build, if the schema is used
                if target not in self.crawled and target not in pending and not target.startswith(OWN_DOCUMENTS):
                    pending.append(target)

    def definitions(self) -> list[tuple[str, dict[str, Any]]]:
        """Every definition of every loaded document: its location and schema."""
        found = []
        for file, document in list(self.resolver.documents.items()):
            named = document.get("definitions") if isinstance(document, dict) else None
            if file.startswith(OWN_DOCUMENTS) or not isinstance(named, dict):
                continue
            for name, node in named.items():
                if isinstance(node, dict):
                    found.append((join_pointer(f"{file}#/definitions", name), node))
        return found

    def parents(self, location: str, node: dict[str, Any]) -> list[str]:
        """The schemas a definition extends: the targets of the $refs among its allOf."""
        members = node.get("allOf")
        found = []
        for index, member in enumerate(members if isinstance(members, list) else []):
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                try:
                    found.append(self.resolver.locate(member["$ref"], join_pointer(location, "allOf", index)))
                except SpecError:
                    continue
        return found

    def rewrite(
        self,
        base: str,
        node: dict[str, Any],
        members: list[str],
        definitions: dict[str, dict[str, Any]],
        parents: dict[str, list[str]],
    ) -> None:
        file, name = base.partition("#")[0], str(schema_name(base))
        prop = node["discriminator"]
        mapping: dict[str, str] = {}
        taken: dict[str, str] = {}  # tag -> the name of the subtype that has it
        for member in members:
            tag = definitions[member].get("x-ms-discriminator-value")
            value = tag if isinstance(tag, str) else str(schema_name(member))
            if value in taken:
                self.warnings.add(
                    member,
                    f"tag {value!r} of discriminator {prop!r} is already taken by {taken[value]}; "
                    f"this definition is left out of the union {name}",
                )
                continue
            taken[value] = str(schema_name(member))
            mapping[value] = self.ref(file, member)
        union: dict[str, Any] = {
            "oneOf": [{"$ref": ref} for ref in dict.fromkeys(mapping.values())],
            "discriminator": {"propertyName": prop, "mapping": mapping},
        }
        union.update({k: node[k] for k in ("description", "x-nullable") if k in node})
        document = self.writable(file)
        document.setdefault(MOVED, {})[name] = without_discriminator(node)
        document["definitions"][name] = union
        definitions[base] = union
        moved = join_pointer(f"{file}#/{MOVED}", name)
        for child, found in parents.items():
            if base not in found:
                continue
            child_file, child_name = child.partition("#")[0], str(schema_name(child))
            old = definitions[child]
            extends = [
                {**m, "$ref": self.ref(child_file, moved)} if self.parents(child, {"allOf": [m]}) == [base] else m
                for m in old["allOf"]
            ]
            new = {"type": "object", **old, "allOf": extends}  # a class of its own, even with nothing to add
            self.writable(child_file)["definitions"][child_name] = new
            definitions[child] = new

    def plain(self, location: str, node: dict[str, Any], definitions: dict[str, dict[str, Any]]) -> None:
        """A base that nobody extends, without its Swagger ``discriminator`` (a property name, which
        the JSON Schema reading of ``discriminator`` after this point would refuse)."""
        file, name = location.partition("#")[0], str(schema_name(location))
        definitions[location] = self.writable(file)["definitions"][name] = without_discriminator(node)

    def ref(self, file: str, location: str) -> str:
        """A $ref, written in ``file``, to ``location``."""
        target, _, pointer = location.partition("#")
        return f"#{pointer}" if target == file else self.resolver.uri_of(location)

    def writable(self, file: str) -> dict[str, Any]:
        """The document of ``file``, copied once (its top and its definitions) before any change."""
        document: dict[str, Any] = self.resolver.documents[file]
        if file not in self.copied:
            document = {**document, "definitions": dict(document["definitions"])}
            document[MOVED] = dict(document.get(MOVED) or {})
            self.resolver.documents[file] = document
            self.copied.add(file)
        return document


def without_discriminator(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key != "discriminator"}


def descendants(base: str, children: dict[str, list[str]]) -> list[str]:
    """Every definition that extends ``base``, directly or through another, each once."""
    found: list[str] = []
    pending = list(children.get(base, []))
    while pending:
        location = pending.pop(0)
        if location not in found and location != base:
            found.append(location)
            pending += children.get(location, [])
    return found
