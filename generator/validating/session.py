"""The run: each frame parsed by the generated package as an app would, tallied per event type,
and walked for drift only when the parse leaves a doubt (a rejection, ``extra``, an enum field)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .. import ir
from ..pipeline import Model
from .captures import Frame, Item, Problem, Progress
from .drift import Finding, Walker
from .fastcheck import FastCheck
from .loadpkg import Loaded, Target

EXAMPLES = 3  # rejections and locations kept per event type or finding
SAMPLES = 200  # values of an undeclared property kept for inferring its schema
CAUSES = 100  # kinds of rejection (sets of findings) told apart per event type
Key = tuple[str, str, str, str, str]  # a finding as tallied: root, kind, path, schema, name


@dataclass
class Cause:
    """Rejected events of one type that had the same findings and the same error path; the first
    of them is kept, so that it can be parsed again with the overlay's package."""

    message: str  # the parser's, for the first of them
    alias: str
    data: Any
    tag: str | None
    count: int = 0
    where: list[str] = field(default_factory=list)


@dataclass
class TypeTally:
    seen: int = 0
    accepted: int = 0
    rejected: int = 0
    drifted: int = 0  # accepted, with drift
    unknown: bool = False
    rejections: list[dict[str, str]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)  # first locations (unknown types)
    causes: dict[tuple[Any, ...], Cause] = field(default_factory=dict)  # rejected events by findings and path
    uncaused: int = 0  # rejected events past CAUSES kinds of rejection


@dataclass
class FindingTally:
    finding: Finding
    root: str
    count: int = 0
    where: list[str] = field(default_factory=list)
    samples: list[Any] = field(default_factory=list)


@dataclass
class Tally:
    types: dict[tuple[str, str], TypeTally] = field(default_factory=dict)
    findings: dict[Key, FindingTally] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)
    problem_count: int = 0
    captures: list[dict[str, Any]] = field(default_factory=list)
    events: int = 0


class Session:
    def __init__(self, loaded: Loaded, server: str, client: str | None, progress: TextIO | None = None) -> None:
        self.loaded = loaded
        self.tally = Tally()
        self.walker = Walker(loaded.analysis.definitions)
        self.fast = FastCheck(loaded.analysis.definitions, loaded.analysis.names, loaded.module)
        self.roots = {root.alias: root for root in loaded.analysis.roots}
        self.directions: dict[str | None, Target] = dict(loaded.targets.items())
        self.directions[None] = self.directions["server"] = loaded.targets[server]
        if client is not None:
            self.directions["client"] = loaded.targets[client]
        self.tags = {alias: discriminator(loaded.analysis, root) for alias, root in self.roots.items()}
        self.progress = progress
        self.shown = 0.0
        self.position: Progress | None = None  # the file being read, for the progress line

    def opened(self, position: Progress) -> None:
        self.position = position

    def run(self, path: str, items: Iterable[Item]) -> None:
        """Check every frame of one capture."""
        record: dict[str, Any] = {"file": path, "events": 0, "problems": 0}
        self.tally.captures.append(record)
        error = self.loaded.error
        types = self.tally.types
        directions = self.directions
        clean = self.fast.clean
        events = 0
        for item in items:
            if not isinstance(item, Frame):
                self.problem(item)
                record["problems"] += 1
                continue
            events += 1
            if self.progress is not None and not events & 0x3FFF:
                self.show(path, events)
            target = directions.get(item.direction)
            if target is None:
                self.problem(Problem(item.where, f"direction {item.direction!r} names no root"))
                record["problems"] += 1
                continue
            data = item.data
            tag = self.tags[target.alias]
            label = data.get(tag) if tag and data.__class__ is dict else None
            key = (target.alias, label if label.__class__ is str else describe_label(data, tag))
            tally = types.get(key)
            if tally is None:
                tally = types[key] = TypeTally()
            tally.seen += 1
            try:
                event = target.parse(data) if item.tag is None else self.parse_tagged(target, data, item.tag)
            except error as exc:
                tally.rejected += 1
                if len(tally.rejections) < EXAMPLES:
                    path_ = getattr(exc, "path", "$")
                    tally.rejections.append({"path": path_, "message": str(exc), "where": item.where})
                self.rejected(tally, self.drift(target.alias, item, data), exc, item, target.alias)
                continue
            tally.accepted += 1
            if event.__class__ is target.unknown:
                tally.unknown = True
                if len(tally.where) < EXAMPLES:
                    tally.where.append(item.where)
            elif not clean(event) and self.drift(target.alias, item, data):
                tally.drifted += 1
        record["events"] = events
        self.tally.events += events
        if self.progress is not None and self.shown:
            self.progress.write("\r\x1b[K")
            self.progress.flush()

    def parse_tagged(self, target: Target, data: Any, tag: str) -> Any:
        root = self.roots[target.alias]
        if root.caller_tag is None:
            return target.parse(data)
        return target.parse(data, **{root.caller_tag.argument: tag})

    def drift(self, alias: str, frame: Frame, data: Any) -> tuple[Key, ...]:
        """Walk one event; record its findings and return their keys."""
        found = self.walker.root(self.roots[alias], data, frame.tag)
        keys = []
        for finding in found:
            key = (alias, finding.kind, finding.path, finding.schema, finding.name)
            keys.append(key)
            tally = self.tally.findings.get(key)
            if tally is None:
                tally = self.tally.findings[key] = FindingTally(finding, alias)
            tally.count += 1
            if len(tally.where) < EXAMPLES:
                tally.where.append(frame.where)
            if finding.kind == "undeclared" and len(tally.samples) < SAMPLES:
                tally.samples.append(finding.value)
        return tuple(sorted(set(keys)))

    def rejected(self, tally: TypeTally, keys: tuple[Key, ...], exc: Exception, frame: Frame, alias: str) -> None:
        """Count a rejected event under its findings, so that the overlay can tell which stay rejected."""
        signature = (*keys, getattr(exc, "path", "$"))
        cause = tally.causes.get(signature)
        if cause is None:
            if len(tally.causes) >= CAUSES:
                tally.uncaused += 1
                return
            cause = tally.causes[signature] = Cause(str(exc), alias, frame.data, frame.tag)
        cause.count += 1
        if len(cause.where) < EXAMPLES:
            cause.where.append(frame.where)

    def problem(self, problem: Problem) -> None:
        self.tally.problem_count += 1
        if len(self.tally.problems) < 100:
            self.tally.problems.append({"where": problem.where, "message": problem.message})

    def show(self, path: str, events: int) -> None:
        now = time.monotonic()
        if now - self.shown < 0.2 or self.progress is None:
            return
        self.shown = now
        share = f" ({self.position.fraction():.0%})" if self.position is not None else ""
        self.progress.write(f"\r\x1b[Keventgen validate: {path}: {events:,} events{share}")
        self.progress.flush()


def discriminator(analysis: Model, root: ir.Root) -> str | None:
    """The property that names an event's type in this root (``type`` for most event families)."""
    found = analysis.definitions.get(root.key)
    if isinstance(found, ir.UnionDef) and found.dispatch is not None:
        return found.dispatch.property
    if isinstance(found, ir.ObjectDef):
        return next((f.json_name for f in found.fields if f.json_name == "type"), None)
    return None


def describe_label(data: Any, tag: str | None) -> str:
    if data.__class__ is not dict:
        return "(not an object)"
    if tag is None:
        return "(event)"
    return f"(no {tag})" if tag not in data else f"({tag} not a string)"
