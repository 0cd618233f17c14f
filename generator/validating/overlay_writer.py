"""An OpenAPI Overlay 1.0 document that makes the spec describe what a run saw.

One action per finding the spec can absorb, each with a description of how often and where:

- ``enum``: the value appended to the ``enum`` that holds it (a ``const`` becomes an ``enum``);
- ``null``: the property allows null (``type: [T, 'null']``, ``nullable: true`` in OpenAPI 3.0, a
  null alternative added to an ``anyOf``/``oneOf``, a ``$ref`` wrapped in an ``anyOf`` with null);
- ``missing``: the property is removed from the ``required`` list that names it;
- ``undeclared``: the property is declared with a schema inferred from the values seen.

Targets are JSONPath expressions built from the schema pointers, so they select one node. What no
action can absorb (unknown event types, values of another JSON type) is listed in comments at the
top, never invented.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..refs import split_pointer
from .infer import infer
from .session import FindingTally

SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


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


def jsonpath(parts: list[str]) -> str:
    return "$" + "".join("." + p if SIMPLE.match(p) else "[" + json.dumps(p) + "]" for p in parts)


def node_at(document: Any, parts: list[str]) -> Any:
    node = document
    for part in parts:
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(part)
    return node


def local(pointer: str) -> list[str] | None:
    """The parts of a pointer into the spec itself; None for one into another file."""
    file, sep, inner = pointer.partition("#")
    if file or not sep:
        return None
    return split_pointer(inner)


class Writer:
    def __init__(self, document: Any) -> None:
        self.document = document
        version = str(document.get("openapi", "")) if isinstance(document, dict) else ""
        self.nullable_keyword = version.startswith("3.0")
        self.actions: list[Action] = []
        self.left: list[str] = []  # what no action absorbs, for the comments
        self.done: set[tuple[str, ...]] = set()

    def add(self, tally: FindingTally) -> None:
        f = tally.finding
        seen = f"seen {tally.count} time{'s' * (tally.count != 1)} at {f.path}, first at {', '.join(tally.where)}"
        parts = local(f.schema)
        actions: list[Action] = []
        if parts is not None:
            try:
                if f.kind == "enum":
                    actions = list(self.enum(parts, f.name, f"eventgen validate: enum value {f.name!r} {seen}"))
                elif f.kind == "null":
                    actions = list(self.null(parts, f"eventgen validate: null {seen}"))
                elif f.kind == "missing":
                    actions = list(self.optional(parts, f.name, f"eventgen validate: {f.name!r} absent, {seen}"))
                elif f.kind == "undeclared":
                    actions = list(
                        self.declare(parts, f.name, tally.samples, f"eventgen validate: undeclared {f.name!r} {seen}")
                    )
            except (KeyError, IndexError, ValueError, TypeError):
                actions = []
        if not actions:
            self.left.append(f"{f.kind} at {f.path} ({f.name}; schema {f.schema}): {seen}")
        self.actions += actions

    def once(self, *key: str) -> bool:
        if key in self.done:
            return False
        self.done.add(key)
        return True

    def holder(self, parts: list[str], keyword: str, accept: Any) -> list[str] | None:
        """The node at ``parts``, or the one its ``$ref``/``allOf``/``anyOf``/``oneOf``/``items`` lead
        to, whose ``keyword`` satisfies ``accept``."""
        seen: set[tuple[str, ...]] = set()
        queue = [parts]
        while queue:
            at = queue.pop(0)
            if tuple(at) in seen:
                continue
            seen.add(tuple(at))
            node = node_at(self.document, at)
            if not isinstance(node, dict):
                continue
            if keyword in node and accept(node[keyword]):
                return at
            ref = node.get("$ref")
            if isinstance(ref, str) and local(ref) is not None:
                queue.append(local(ref))  # type: ignore[arg-type]
            for group in ("allOf", "anyOf", "oneOf"):
                for index, _ in enumerate(node.get(group) or []):
                    queue.append([*at, group, str(index)])
        return None

    def enum(self, parts: list[str], value: str, description: str) -> Iterator[Action]:
        at = self.holder(parts, "enum", lambda v: isinstance(v, list))
        if at is not None:
            if self.once("enum", *at, value):
                yield Action(jsonpath([*at, "enum"]), description, value)
            return
        at = self.holder(parts, "const", lambda v: isinstance(v, str))
        if at is not None and self.once("const", *at):
            const = node_at(self.document, at)["const"]
            yield Action(jsonpath([*at, "const"]), description, remove=True)
            yield Action(jsonpath(at), description, {"enum": [const, value]})
        elif at is not None:
            yield Action(jsonpath([*at, "enum"]), description, value)

    def null(self, parts: list[str], description: str) -> Iterator[Action]:
        if not self.once("null", *parts):
            return
        node = node_at(self.document, parts)
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            if len(parts) < 2:
                return
            wrapped = {k: v for k, v in node.items() if k != "$ref"}
            wrapped["anyOf"] = [{"$ref": node["$ref"]}, {"type": "null"}]
            yield Action(jsonpath(parts), description, remove=True)
            yield Action(jsonpath(parts[:-1]), description, {parts[-1]: wrapped})
            return
        for group in ("anyOf", "oneOf"):
            if isinstance(node.get(group), list):
                yield Action(jsonpath([*parts, group]), description, {"type": "null"})
                return
        if self.nullable_keyword or "type" not in node:
            yield Action(jsonpath(parts), description, {"nullable": True})
        elif isinstance(node["type"], list):
            yield Action(jsonpath([*parts, "type"]), description, "null")
        else:
            yield Action(jsonpath(parts), description, {"type": [node["type"], "null"]})
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            yield Action(jsonpath([*parts, "enum"]), description, None)

    def optional(self, parts: list[str], name: str, description: str) -> Iterator[Action]:
        at = self.holder(parts, "required", lambda v: isinstance(v, list) and name in v)
        if at is not None and self.once("required", *at, name):
            yield Action(jsonpath([*at, "required"]) + f"[?@ == {json.dumps(name)}]", description, remove=True)

    def declare(self, parts: list[str], name: str, samples: list[Any], description: str) -> Iterator[Action]:
        if self.once("declare", *parts, name):
            node = node_at(self.document, parts)
            schema = copy.deepcopy(infer(samples))
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                yield Action(jsonpath([*parts, "properties"]), description, {name: schema})
            else:
                yield Action(jsonpath(parts), description, {"properties": {name: schema}})


def write(path: str, document: Any, findings: list[FindingTally], unknown: list[str], spec: str) -> int:
    """Write the overlay for ``findings`` to ``path``; returns the number of actions."""
    writer = Writer(document)
    for tally in findings:
        writer.add(tally)
    header = [f"# Written by eventgen validate for {spec}: apply with --overlay (or overlays: in the config)."]
    if unknown:
        header.append("# Event types the spec does not have (not invented here; describe them in the spec):")
        header += [f"#   {line}" for line in unknown]
    if writer.left:
        header.append("# Findings no action absorbs (the spec needs a decision):")
        header += [f"#   {line}" for line in writer.left]
    body: dict[str, Any] = {
        "overlay": "1.0.0",
        "info": {"title": f"What eventgen validate saw on the wire, against {spec}", "version": "1.0.0"},
        "actions": [a.as_dict() for a in writer.actions],
    }
    text = "\n".join(header) + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return len(writer.actions)
