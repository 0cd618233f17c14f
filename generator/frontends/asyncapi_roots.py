"""The roots of an AsyncAPI document: by default what the program receives (``incoming``, parsed
leniently) and what it sends (``outgoing``, parsed strictly), each the union of the payloads of the
messages that travel that way; or the roots the user names (a message, a schema, a pointer, a pattern,
or the words ``incoming`` and ``outgoing``)."""

from __future__ import annotations

import dataclasses

from ..errors import SpecError, Warnings
from ..naming import camel
from ..refs import Resolver
from .asyncapi_messages import Message, Payload, follow
from .asyncapi_operations import Operation
from .catalog import Catalog, Request, Root, RootRequest
from .roots import caller_tag, lister, locate_roots, union_of

LISTING = "#/components/messages"
DIRECTIONS = {"incoming": True, "outgoing": False}  # root -> lenient by default


class Roots:
    def __init__(
        self,
        resolver: Resolver,
        catalog: Catalog,
        messages: dict[str, Message],
        payloads: dict[str, Payload],
        operations: list[Operation],
        request: Request,
        warnings: Warnings,
    ) -> None:
        self.resolver = resolver
        self.catalog = catalog
        self.messages = messages  # location -> message, every message of the document
        self.payloads = payloads  # message location -> its payload
        self.operations = operations  # the selected ones
        self.request = request
        self.warnings = warnings

    def defaults(self) -> list[Root]:
        """``incoming`` and ``outgoing``, each left out when no message travels that way."""
        roots = []
        for alias, lenient in DIRECTIONS.items():
            location = self.union(alias, alias)
            if location is not None:
                roots.append(Root(alias, location, lenient))
        if not roots:
            filtered = " among the selected ones" if self.request.channels or self.request.operations else ""
            names = ", ".join(sorted(m.name for m in self.messages.values())[:8]) or "none"
            raise SpecError(
                self.resolver.display("#"),
                f"no operation{filtered} sends or receives a message whose payload is a JSON object, "
                "so there is no root to generate",
                f"describe the operations and their messages, or name a root: --root event=MESSAGE "
                f"(messages here: {names})",
            )
        return roots

    def explicit(self) -> list[Root]:
        """The roots the user named, in the order given, each with the user's alias and strictness."""
        roots = []
        unusable: dict[str, SpecError] = {}  # messages named by name or key whose payload cannot be read
        for at, message in self.messages.items():
            problem = self.payloads[at].problem
            if problem is not None:
                unusable.update((name, problem) for name in (message.key, message.name) if name)
        for wanted in self.request.roots:
            target = wanted.schema
            if target in DIRECTIONS and target not in self.catalog.schemas:
                roots.append(self.direction_root(wanted))
                continue
            problem = unusable.get(target)
            if problem is not None and target not in self.catalog.schemas:
                raise problem
            if "#" in target:  # a pointer to a message stands for its payload
                location, _ = follow(self.resolver, self.resolver.locate(target, "#"))
                if location in self.messages:
                    target = self.resolver.uri_of(self.payload(location, ()))
            roots += locate_roots(self.resolver, self.catalog, (dataclasses.replace(wanted, schema=target),), LISTING)
        return roots

    def direction_root(self, wanted: RootRequest) -> Root:
        location = self.union(wanted.schema, wanted.alias, as_union=wanted.caller_tag is not None)
        if location is None:
            raise SpecError(
                self.resolver.display("#"),
                f"root {wanted.alias!r} is the {wanted.schema} messages, and no selected operation has one",
                "name the root after a message instead, or select other operations (--operation, --channel); "
                + lister(self.resolver),
            )
        caller = None
        if wanted.caller_tag:
            caller = caller_tag(self.resolver, self.catalog, wanted, location, LISTING)
        return Root(wanted.alias, location, wanted.lenient, caller)

    def travelling(self, direction: str) -> dict[str, list[str]]:
        """The messages the program receives ("incoming") or sends, each with the operations that carry it."""
        application_sends = (direction == "incoming") == (self.request.side != "server")
        found: dict[str, list[str]] = {}
        for operation in self.operations:
            for message, sends in operation.uses:
                if sends == application_sends:
                    labels = found.setdefault(message.location, [])
                    labels += [] if operation.label in labels else [operation.label]
        return found

    def union(self, direction: str, alias: str, as_union: bool = False) -> str | None:
        """The union of the object payloads travelling in ``direction`` (None when there is none); a
        single payload stands for itself unless ``as_union`` (a caller-given tag needs alternatives)."""
        members: list[str] = []
        for location, labels in self.travelling(direction).items():
            payload = self.payload(location, labels)
            kind = self.payloads[location].not_object
            if kind is not None:
                self.warnings.add(
                    payload,
                    f"the payload of message {self.messages[location].name!r} is {kind}, not a JSON object; "
                    f"it is left out of the root {alias!r}",
                )
            elif payload not in members:
                members.append(payload)
        if not members:
            return None
        if len(members) == 1 and not as_union:  # one message: the root is its class
            return members[0]
        title = self.catalog.title or "the application"
        who = f"{title} itself" if self.request.side == "server" else f"a client of {title}"
        verb = "receives" if direction == "incoming" else "sends"
        return union_of(self.resolver, self.catalog, camel(alias) + "Union", f"Every message {who} {verb}.", members)

    def payload(self, location: str, labels: list[str] | tuple[str, ...]) -> str:
        """The payload location of the message at ``location``, or its problem raised."""
        payload = self.payloads[location]
        if payload.problem is not None:
            problem = payload.problem
            if labels:
                used = ", ".join(labels)
                hint = f"{problem.hint}; or leave the message out: it comes with {used} (see --operation, --channel)"
                problem = SpecError(problem.pointer, problem.message, hint, problem.file)
            raise problem
        assert payload.location is not None
        return payload.location
