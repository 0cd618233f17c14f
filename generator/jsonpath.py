"""A JSONPath (RFC 9535) subset for overlay targets, returning the matched nodes with their parents.

Supported: ``$``, ``.name`` and ``['name']`` (also ``["name"]``), ``[0]`` and ``[-1]``, ``*`` /
``[*]``, ``..`` (descendants) and filters ``[?<test>]`` where a test is ``@.path`` (exists),
``@.path == <literal>`` or ``!=``, joined by ``&&`` / ``||`` and grouped with parentheses. That
covers what overlays use in practice; anything else is reported, not guessed at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Test = Callable[[Any], bool]


class JSONPathError(ValueError):
    """The expression is not in the supported subset (the message says where)."""


@dataclass(frozen=True)
class Match:
    parent: Any  # the dict or list holding the node (None for the root)
    key: str | int | None
    value: Any


@dataclass(frozen=True)
class Step:
    kind: str  # "name", "index", "wild", "filter"
    arg: Any = None
    descend: bool = False  # ``..``: apply to every descendant as well


TOKEN = re.compile(
    r"""\s*(?:(\.\.)|(\.)|(\[)|(\])|(\()|(\))|(&&)|(\|\|)|(==|!=)|(@)|(\?)|(\*)|(-?\d+)|
                       ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(true|false|null)|([A-Za-z_$][\w$-]*))""",
    re.X,
)
KINDS = ("..", ".", "[", "]", "(", ")", "&&", "||", "cmp", "@", "?", "*", "int", "str", "const", "name")


def tokens(text: str) -> list[tuple[str, str, int]]:
    found, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise JSONPathError(f"unexpected {text[pos : pos + 10]!r} at position {pos}")
        index = m.lastindex or 0
        found.append((KINDS[index - 1], m.group(index), m.start(index)))
        pos = m.end()
    return found


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items = tokens(text)
        self.at = 0

    def peek(self) -> str:
        return self.items[self.at][0] if self.at < len(self.items) else "end"

    def where(self) -> int:
        """The position of the next token in the text (its length at the end)."""
        return self.items[self.at][2] if self.at < len(self.items) else len(self.text)

    def take(self, kind: str) -> str:
        if self.peek() != kind:
            raise JSONPathError(f"expected {kind!r} at position {self.where()} of {self.text!r}")
        self.at += 1
        return self.items[self.at - 1][1]

    def path(self) -> list[Step]:
        if self.take("name") != "$":
            raise JSONPathError(f"a path starts with $: {self.text!r}")
        steps = self.steps(stop={"end"})
        if self.peek() != "end":
            raise JSONPathError(f"unsupported syntax at position {self.where()} of {self.text!r}")
        return steps

    def steps(self, stop: set[str]) -> list[Step]:
        steps: list[Step] = []
        while self.peek() not in stop:
            kind = self.peek()
            if kind in (".", ".."):
                self.at += 1
                descend = kind == ".."
                if self.peek() == "*":
                    self.at += 1
                    steps.append(Step("wild", descend=descend))
                elif self.peek() == "[" and descend:
                    steps.append(self.bracket(descend=True))
                else:
                    steps.append(Step("name", self.take("name"), descend))
            elif kind == "[":
                steps.append(self.bracket(descend=False))
            else:
                break
        return steps

    def bracket(self, descend: bool) -> Step:
        self.take("[")
        kind = self.peek()
        if kind == "str":
            step = Step("name", json.loads(self.quoted(self.take("str"))), descend)
        elif kind == "int":
            step = Step("index", int(self.take("int")), descend)
        elif kind == "*":
            self.at += 1
            step = Step("wild", descend=descend)
        elif kind == "?":
            self.at += 1
            step = Step("filter", self.disjunction(), descend)
        else:
            raise JSONPathError(f"unsupported selector at position {self.where()} of {self.text!r}")
        self.take("]")
        return step

    @staticmethod
    def quoted(text: str) -> str:
        """A quoted name or string as JSON text (single quotes turned into double)."""
        if text[0] != "'":
            return text
        return '"' + text[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'

    def disjunction(self) -> Test:
        tests = [self.conjunction()]
        while self.peek() == "||":
            self.at += 1
            tests.append(self.conjunction())
        return lambda node: any(test(node) for test in tests)

    def conjunction(self) -> Test:
        tests = [self.comparison()]
        while self.peek() == "&&":
            self.at += 1
            tests.append(self.comparison())
        return lambda node: all(test(node) for test in tests)

    def comparison(self) -> Test:
        if self.peek() == "(":
            self.at += 1
            grouped = self.disjunction()
            self.take(")")
            return grouped
        self.take("@")
        relative = self.steps(stop={"cmp", "&&", "||", ")", "]"})
        if self.peek() != "cmp":
            return lambda node: any(True for _ in select(node, relative))
        operator = self.take("cmp")
        kind = self.peek()
        if kind not in ("str", "int", "const"):
            raise JSONPathError(f"compare with a literal, at position {self.where()} of {self.text!r}")
        raw = self.take(kind)
        literal = json.loads(self.quoted(raw) if kind == "str" else raw)

        def compare(node: Any) -> bool:
            values = [m.value for m in select(node, relative)]
            equal = len(values) == 1 and values[0] == literal and type(values[0]) is type(literal)
            return equal if operator == "==" else not equal

        return compare


def children(value: Any) -> Iterator[Match]:
    if isinstance(value, dict):
        yield from (Match(value, k, v) for k, v in value.items())
    elif isinstance(value, list):
        yield from (Match(value, i, v) for i, v in enumerate(value))


def descendants(match: Match) -> Iterator[Match]:
    yield match
    for child in children(match.value):
        yield from descendants(child)


def apply(step: Step, match: Match) -> Iterator[Match]:
    for here in descendants(match) if step.descend else [match]:
        value = here.value
        if step.kind == "name" and isinstance(value, dict) and step.arg in value:
            yield Match(value, step.arg, value[step.arg])
        elif step.kind == "index" and isinstance(value, list) and -len(value) <= step.arg < len(value):
            index = step.arg % len(value)
            yield Match(value, index, value[index])
        elif step.kind == "wild":
            yield from children(value)
        elif step.kind == "filter":
            yield from (child for child in children(value) if step.arg(child.value))


def select(document: Any, steps: list[Step]) -> Iterator[Match]:
    matches = [Match(None, None, document)]
    for step in steps:
        matches = [found for match in matches for found in apply(step, match)]
    return iter(matches)


def find(document: Any, expression: str) -> list[Match]:
    """The nodes ``expression`` selects in ``document``, in document order, each once."""
    unique: dict[tuple[int, str | int | None], Match] = {}
    for match in select(document, Parser(expression).path()):
        unique.setdefault((id(match.parent), match.key), match)
    return list(unique.values())
