"""OpenAPI Overlay 1.0 documents that make the spec describe what a run saw.

One action per finding the spec can absorb, each with a description of how often and where:

- ``enum``: the value appended to the ``enum`` that holds it (a ``const`` becomes an ``enum``);
- ``null``: the property allows null (``type: [T, 'null']``, ``nullable: true`` in OpenAPI 3.0, a
  null alternative added to an ``anyOf``/``oneOf``, a ``$ref`` wrapped in an ``anyOf`` with null);
- ``missing``: the property is removed from every ``required`` list that names it (with ``allOf``,
  the members that list it);
- ``undeclared``: the property is declared, with a schema inferred from the values seen, by the
  schema that should declare it (with ``allOf``, the object's own member, not a shared base).

Targets are JSONPath expressions built from where the schemas are written (``sources``), so each
selects one node. An action goes to the overlay of the file that holds its target: the spec's own
file is ``path``; each other file of a multi-file spec gets one overlay of its own, beside ``path``,
whose ``extends`` names that file. Every action is tried on a copy of the spec before it is written,
so the overlays apply; what no action can absorb (unknown event types, values of another JSON type,
a union member that cannot be told, an action that did not apply) is listed in the comments, with
the events that stay rejected (``recheck`` finds them). No file is written without an action (an
overlay needs one): the caller says so instead.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import SpecError
from ..overlay import apply_actions
from .infer import infer
from .session import FindingTally
from .sources import Place, Sources

SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def reason(kind: str, name: str) -> str:
    """Why a finding of ``kind`` needs a decision rather than an action."""
    if kind == "type":
        return "a value of another JSON type"
    if kind == "variant":
        return f"an alternative the union does not have ({name!r})"
    if kind == "value":
        return "a value outside a fixed set"
    if kind == "tag":
        return f"no {name!r}, so which alternative of the union it is cannot be told"
    return "the spec has no node an action could change"


@dataclass
class Action:
    target: str
    description: str
    update: Any = None
    remove: bool = False

    def as_dict(self) -> dict[str, Any]:
        action: dict[str, Any] = {"target": self.target, "description": self.description}
        if self.remove:
            action["remove"] = True
        else:
            action["update"] = self.update
        return action


@dataclass
class Written:
    """One overlay file: where it went, the file of the spec it extends ('' the spec), its actions."""

    path: str
    extends: str
    actions: int


class Writer:
    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        spec = sources.document("")
        version = str(spec.get("openapi", "")) if isinstance(spec, dict) else ""
        self.nullable_keyword = version.startswith("3.0")
        self.actions: dict[str, list[Action]] = {}  # file -> actions, in order
        self.left: list[str] = []  # what no action absorbs, for the comments
        self.done: set[tuple[str, ...]] = set()
        self.covered = False  # the finding being added needs a change an earlier action makes

    def add(self, tally: FindingTally) -> None:
        f = tally.finding
        seen = f"seen {tally.count} time{'s' * (tally.count != 1)} at {f.path}, first at {', '.join(tally.where)}"
        actions: list[tuple[Place, Action]] = []
        self.covered = False  # an earlier action already makes this change
        try:
            if f.kind == "enum":
                actions = list(self.enum(f.schema, f.name, f"eventgen validate: enum value {f.name!r} {seen}"))
            elif f.kind == "null":
                actions = list(self.null(f.schema, f"eventgen validate: null {seen}"))
            elif f.kind == "missing":
                actions = list(self.optional(f.schema, f.name, f"eventgen validate: {f.name!r} absent, {seen}"))
            elif f.kind == "undeclared":
                described = f"eventgen validate: undeclared {f.name!r} {seen}"
                actions = list(self.declare(f.schema, f.name, tally.samples, described))
        except (KeyError, IndexError, ValueError, TypeError, OSError):
            actions = []
        if not actions and not self.covered:
            why = reason(f.kind, f.name)
            schema = self.sources.shown(f.schema, f.kind, f.name) or "the union --root makes"
            self.left.append(f"{f.kind} at {f.path} ({f.name}; schema {schema}): {why}; {seen}")
        for place, action in actions:
            self.actions.setdefault(place.file, []).append(action)

    def once(self, *key: str) -> bool:
        if key in self.done:
            self.covered = True
            return False
        self.done.add(key)
        return True

    def jsonpath(self, place: Place, *more: str) -> str:
        """A JSONPath that selects the node at ``place`` (then ``more``): names, and indexes in arrays."""
        text, node = "$", self.sources.document(place.file)
        for part in (*place.parts, *more):
            if isinstance(node, list):
                text += f"[{int(part)}]"
                node = node[int(part)] if int(part) < len(node) else None
            else:
                text += "." + part if SIMPLE.match(part) else "[" + json.dumps(part) + "]"
                node = node.get(part) if isinstance(node, dict) else None
        return text

    def holder(self, start: Place, keyword: str, accept: Callable[[Any], bool]) -> Place | None:
        """The node at ``start``, or one its ``$ref``/``allOf``/``anyOf``/``oneOf`` lead to, whose
        ``keyword`` satisfies ``accept``."""
        seen: set[Place] = set()
        queue = [start]
        while queue:
            at = queue.pop(0)
            if at in seen:
                continue
            seen.add(at)
            node = self.sources.node(at)
            if not isinstance(node, dict):
                continue
            if keyword in node and accept(node[keyword]):
                return at
            following = self.sources.referenced(at, node.get("$ref"))
            if following is not None:
                queue.append(following)
            for group in ("allOf", "anyOf", "oneOf"):
                for index, _ in enumerate(node.get(group) or []):
                    queue.append(at.child(group, str(index)))
        return None

    def written(self, location: str) -> Place:
        place = self.sources.written(location)
        if place is None:
            raise KeyError(location)
        return place

    def enum(self, location: str, value: str, description: str) -> Iterator[tuple[Place, Action]]:
        start = self.written(location)
        at = self.holder(start, "enum", lambda v: isinstance(v, list))
        if at is not None:
            if self.once("enum", at.pointer, value):
                yield at, Action(self.jsonpath(at, "enum"), description, value)
            return
        at = self.holder(start, "const", lambda v: isinstance(v, str))
        if at is not None and self.once("const", at.pointer):
            const = self.sources.node(at)["const"]
            yield at, Action(self.jsonpath(at, "const"), description, remove=True)
            yield at, Action(self.jsonpath(at), description, {"enum": [const, value]})
        elif at is not None:
            yield at, Action(self.jsonpath(at, "enum"), description, value)

    def null(self, location: str, description: str) -> Iterator[tuple[Place, Action]]:
        at = self.written(location)
        if not self.once("null", location) or not self.once("null-at", at.pointer):
            return
        node = self.sources.node(at)
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            if len(at.parts) < 2:
                return
            parent = Place(at.file, at.parts[:-1])
            wrapped = {k: v for k, v in node.items() if k != "$ref"}
            wrapped["anyOf"] = [{"$ref": node["$ref"]}, {"type": "null"}]
            yield at, Action(self.jsonpath(at), description, remove=True)
            yield at, Action(self.jsonpath(parent), description, {at.parts[-1]: wrapped})
            return
        for group in ("anyOf", "oneOf"):
            if isinstance(node.get(group), list):
                yield at, Action(self.jsonpath(at, group), description, {"type": "null"})
                return
        if self.nullable_keyword or "type" not in node:
            yield at, Action(self.jsonpath(at), description, {"nullable": True})
        elif isinstance(node["type"], list):
            yield at, Action(self.jsonpath(at, "type"), description, "null")
        else:
            yield at, Action(self.jsonpath(at), description, {"type": [node["type"], "null"]})
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            yield at, Action(self.jsonpath(at, "enum"), description, None)

    def optional(self, location: str, name: str, description: str) -> Iterator[tuple[Place, Action]]:
        for at in self.sources.requiring(location, name):
            if self.once("required", at.pointer, name):
                yield (
                    at,
                    Action(self.jsonpath(at, "required") + f"[?@ == {json.dumps(name)}]", description, remove=True),
                )

    def declare(self, location: str, name: str, samples: list[Any], description: str) -> Iterator[tuple[Place, Action]]:
        at = self.sources.declaring(location)
        if at is None:
            raise KeyError(location)
        if self.once("declare", at.pointer, name):
            node = self.sources.node(at)
            schema = copy.deepcopy(infer(samples))
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                yield at, Action(self.jsonpath(at, "properties"), description, {name: schema})
            else:
                yield at, Action(self.jsonpath(at), description, {"properties": {name: schema}})

    def tried(self) -> dict[str, list[Action]]:
        """The actions that apply, per file: each is applied, in order, to a copy of its file; one
        that does not apply is dropped and its finding listed as left."""
        kept: dict[str, list[Action]] = {}
        for file, actions in self.actions.items():
            document = copy.deepcopy(self.sources.document(file))
            for action in actions:
                try:
                    apply_actions(document, {"overlay": "1.0.0", "actions": [action.as_dict()]}, "(overlay)")
                except SpecError as exc:
                    self.left.append(
                        f"an action for {action.target} does not apply ({exc.message}); {action.description}"
                    )
                    continue
                kept.setdefault(file, []).append(action)
        return kept


def overlay_path(path: str, file: str) -> str:
    """Where the overlay for ``file`` of the spec goes: beside ``path``, named after both."""
    if not file:
        return path
    stem, ext = os.path.splitext(path)
    slug = os.path.splitext(file)[0].replace("\\", "/").replace("../", "up-").replace("/", "-")
    return f"{stem}.{slug}{ext or '.yaml'}"


def extends(target: str, overlay: str) -> str:
    """How an overlay at ``overlay`` names the file it changes: relative to the overlay's folder, or
    absolute when the two share no folder but the root."""
    here = os.path.dirname(os.path.abspath(overlay))
    if os.path.commonpath([here, target]) == os.path.dirname(os.path.abspath(os.sep)):
        return target.replace(os.sep, "/")
    return os.path.relpath(target, here).replace(os.sep, "/")


@dataclass
class Draft:
    """The actions that apply, per file of the spec ('' the spec's own), and what none absorbs."""

    kept: dict[str, list[Action]]
    left: list[str]


def draft(sources: Sources, findings: list[FindingTally]) -> Draft:
    writer = Writer(sources)
    for tally in findings:
        writer.add(tally)
    return Draft(writer.tried(), writer.left)


def notes(paths: list[str], draft: Draft, unknown: list[str], rejected: list[str]) -> list[str]:
    """The comments of the overlays, without their '# ': how to pass them, and what needs a decision."""
    lines = []
    if len(paths) > 1:
        lines.append(
            f"One overlay per file of the spec that changes ({len(paths)}): pass them all, "
            + " ".join(f"--overlay {p}" for p in paths)
        )
    if unknown:
        lines.append("Event types the spec does not have (not invented here; describe them in the spec):")
        lines += [f"  {line}" for line in unknown]
    if draft.left:
        lines.append("Findings no action absorbs (the spec needs a decision):")
        lines += [f"  {line}" for line in draft.left]
    if rejected:
        lines.append("Events that stay rejected (each needs a decision):")
        lines += [f"  {line}" for line in rejected]
    return lines


def paths_for(path: str, draft: Draft) -> list[str]:
    return [overlay_path(path, file) for file in sorted(draft.kept)]


def write(path: str, sources: Sources, draft: Draft, spec: str, comments: list[str]) -> list[Written]:
    """Write the overlays of ``draft``: ``path`` for the spec's own file, one beside it for each other
    file with actions, ``comments`` at the top of the first. Nothing is written without an action."""
    files = sorted(draft.kept)
    written = []
    for index, file in enumerate(files):
        target = overlay_path(path, file)
        header = [f"# Written by eventgen validate for {spec}: apply with --overlay (or overlays: in the config)."]
        body: dict[str, Any] = {"overlay": "1.0.0"}
        body["info"] = {"title": f"What eventgen validate saw on the wire, against {spec}", "version": "1.0.0"}
        if file:
            header.append(f"# It changes {file}, a file of the spec that $ref reads (extends says which).")
            body["extends"] = extends(sources.path(file), target)
        body["actions"] = [a.as_dict() for a in draft.kept[file]]
        lines = comments
        if index:  # the others name the first, which has the comments
            first = overlay_path(path, files[0])
            lines = comments[:1] + (["What needs a decision is listed in " + first] if len(comments) > 1 else [])
        header += [f"# {line}" for line in lines]
        text = "\n".join(header) + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        written.append(Written(target, file, len(draft.kept[file])))
    return written
