"""The report as text (default), markdown (a pull-request comment, a changelog) or JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace

from .model import PYTHON, RECEIVE, Change, Report

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1
WHO = {RECEIVE: "events the program receives", "send": "events the program sends"}
BREAKS_FOR = {RECEIVE: "receivers", "send": "senders", PYTHON: "Python code"}
ROOT_ITSELF = "(the union of events)"  # where a change of the root itself is listed
SHOWN = 8
SHAPE_KINDS = {
    "type.split",
    "type.merged",
    "union.discriminated",
    "union.undiscriminated",
    "union.alternative-split",
    "union.alternatives-merged",
    "schema.renamed",
}  # events named in a group's title before "and N more"


def shared(changes: list[Change]) -> set[tuple[str, str, str, str | None, str | None]]:
    """The origins of changes that reach more than one event: said once, with the events."""
    places: dict[tuple[str, str, str, str | None, str | None], set[tuple[str, str]]] = {}
    for c in changes:
        if c.schema:
            places.setdefault(c.origin, set()).add((c.event, c.path))
    return {origin for origin, seen in places.items() if len(seen) > 1}


def leads(c: Change) -> bool:
    """Breaking lines come first, and with them a change of shape, before the lines it explains."""
    return c.breaking or c.kind in SHAPE_KINDS


def order(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """Changes grouped by event: events with a breaking change first, breaking lines first in each."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(c.event, []).append(c)
    for lines in groups.values():
        lines.sort(key=lambda c: (not leads(c), c.path, c.kind, c.old or "", c.new or ""))
    return sorted(groups.items(), key=lambda item: (not any(c.breaking for c in item[1]), item[0]))


@dataclass
class Group:
    """Changes of one schema that reach the same events, each said once."""

    schema: str
    events: list[str]
    places: list[str]  # where the schema sits in those events (``item``, ``response.output[]``)
    lines: list[Change]  # one per change (the first event's record)

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.lines)

    def title(self) -> str:
        shown = ", ".join(self.events[:SHOWN]) + (
            f", and {len(self.events) - SHOWN} more" if len(self.events) > SHOWN else ""
        )
        places = [p for p in self.places if p]
        where = f" (at {', '.join(places)})" if places else ""
        if not self.schema:  # the same change at the same place, from schemas of their own
            return f"in {len(self.events)} events: {shown}"
        return f"{self.schema}, in {plural(len(self.events), 'event')}: {shown}{where}"


def grouped(changes: list[Change]) -> tuple[list[tuple[str, list[Change]]], list[Group]]:
    """Changes said once: those that reach one event under it, the others per schema and events."""
    common = shared(changes)
    reach: dict[tuple[str, str, str, str | None, str | None], list[Change]] = {}
    for c in changes:
        if c.origin in common:
            reach.setdefault(c.origin, []).append(c)
    rest = [c for c in changes if c.origin not in common]
    same: dict[tuple[str, str, str, str | None, str | None], list[Change]] = {}
    for c in rest:
        if not c.kind.startswith("event."):
            same.setdefault(("", c.path, c.kind, c.old, c.new), []).append(c)
    for key, records in same.items():
        if len({c.event for c in records}) > 1:
            reach[key] = [replace(c, schema="", at=c.path) for c in records]
    taken = {id(c) for records in same.values() if len({c.event for c in records}) > 1 for c in records}
    alone = [c for c in rest if id(c) not in taken]
    groups: dict[tuple[str, tuple[str, ...]], Group] = {}
    for records in reach.values():
        events = tuple(sorted(dict.fromkeys(c.event for c in records)))
        first = records[0]
        group = groups.setdefault((first.schema, events), Group(first.schema, list(events), [], []))
        group.lines.append(first)
        for c in records:
            place = c.path[: len(c.path) - len(c.at)].rstrip(".") if c.path.endswith(c.at) else c.path
            if place not in group.places:
                group.places.append(place)
    for group in groups.values():
        group.lines.sort(key=lambda c: (not leads(c), c.at, c.kind, c.old or "", c.new or ""))
    ordered = sorted(groups.values(), key=lambda g: (not g.breaking, g.schema, g.events))
    return order(alone), ordered


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def distinct(changes: list[Change]) -> int:
    """How many lines the report gives these changes: one per change of a schema or per change at
    one path, whatever the number of events it reaches (per root)."""
    roots: dict[str, list[Change]] = {}
    for c in changes:
        roots.setdefault(c.root, []).append(c)
    lines = 0
    for found in roots.values():
        alone, groups = grouped(found)
        lines += sum(len(each) for _, each in alone) + sum(len(g.lines) for g in groups)
    return lines


def detail(c: Change) -> str:
    if c.old == c.path and c.new is None:  # a Python name that is gone: the path says it
        return ""
    if c.old is not None and c.new is not None:
        return f"{c.old} -> {c.new}"
    if c.old is not None:
        return f"was {c.old}"
    return "" if c.new is None else c.new


def summary(changes: list[Change]) -> str:
    """One line in event terms: ``2 events added, 3 field changes in response.done (1 breaking for receivers)``."""
    wire = [c for c in changes if c.direction != PYTHON]
    if not changes:
        return "no changes"
    kinds = Counter(c.kind for c in wire)
    parts = [
        f"{kinds[kind]} {'event' if kinds[kind] == 1 else 'events'} {word}"
        for kind, word in (("event.added", "added"), ("event.removed", "removed"), ("event.renamed", "renamed"))
        if kinds[kind]
    ]
    inner = [c for c in wire if not c.kind.startswith("event.")]
    if inner:
        events = sorted({c.event for c in inner if c.event}) or [ROOT_ITSELF]
        where = events[0] if len(events) == 1 else f"{len(events)} events"
        once = distinct(inner)
        said = f" ({once} distinct)" if once != len(inner) else ""
        parts.append(f"{len(inner)} field {'change' if len(inner) == 1 else 'changes'}{said} in {where}")
    api = len(changes) - len(wire)
    if api:
        parts.append(f"{api} Python API {'change' if api == 1 else 'changes'}")
    broken = Counter(BREAKS_FOR[c.direction] for c in changes if c.breaking)
    verdict = ", ".join(f"{n} breaking for {who}" for who, n in sorted(broken.items())) or "none breaking"
    return f"{', '.join(parts)} ({verdict})"


def text(report: Report) -> str:
    out = [f"eventgen diff {report.old} -> {report.new}: {summary(report.changes)}"]
    for alias, direction in report.roots:
        changes = [c for c in report.changes if c.root == alias and c.direction != PYTHON]
        if not changes:
            continue
        out.append("")
        out.append(f"{alias} ({WHO[direction]}): {summary(changes)}")
        alone, groups = grouped(changes)
        sections = [(event or ROOT_ITSELF, lines, "path") for event, lines in alone]
        sections += [(group.title(), group.lines, "at") for group in groups]
        for title, lines, where in sections:
            out.append(f"  {title}")
            width = max(len(c.kind) for c in lines)
            for c in lines:
                mark = "BREAKING" if c.breaking else "-       "
                words = " ".join(w for w in (c.path if where == "path" else c.at, detail(c)) if w)
                out.append(f"    {mark} {c.kind.ljust(width)}  {words}".rstrip())
    api = [c for c in report.changes if c.direction == PYTHON]
    if api:
        out.append("")
        out.append(f"Python API: {summary(api)}")
        width = max(len(c.kind) for c in api)
        for c in sorted(api, key=lambda c: (not c.breaking, c.path, c.kind)):
            mark = "BREAKING" if c.breaking else "-       "
            out.append(f"  {mark} {c.kind.ljust(width)}  {c.path}  {detail(c)}".rstrip())
    return "\n".join(out) + "\n"


def cell(value: str | None) -> str:
    return "" if not value else "`" + value.replace("|", "\\|").replace("`", "'") + "`"


def markdown(report: Report) -> str:
    breaking = len(report.breaking())
    out = [f"### eventgen diff: {summary(report.changes)}", ""]
    out.append(f"`{report.old}` -> `{report.new}`: {len(report.changes)} changes, {breaking} breaking.")
    for alias, direction in report.roots:
        changes = [c for c in report.changes if c.root == alias and c.direction != PYTHON]
        if not changes:
            continue
        out += ["", f"#### `{alias}`: {WHO[direction]}", "", "| | event | change | path | old | new |"]
        out.append("| --- | --- | --- | --- | --- | --- |")
        alone, groups = grouped(changes)
        for event, lines in alone:
            for c in lines:
                mark = "**breaking**" if c.breaking else ""
                name = cell(event) or ROOT_ITSELF
                out.append(f"| {mark} | {name} | {c.kind} | {cell(c.path)} | {cell(c.old)} | {cell(c.new)} |")
        for group in groups:
            events = f"{group.schema}, in" if group.schema else "in"
            events += f" {plural(len(group.events), 'event')}: " + ", ".join(f"`{e}`" for e in group.events)
            for c in group.lines:
                mark = "**breaking**" if c.breaking else ""
                path = cell(group.schema + (c.at if c.at.startswith(("[", "<", "{")) or not c.at else "." + c.at))
                if not group.schema:
                    path = cell(c.path)
                out.append(f"| {mark} | {events} | {c.kind} | {path} | {cell(c.old)} | {cell(c.new)} |")
    api = [c for c in report.changes if c.direction == PYTHON]
    if api:
        out += [
            "",
            "#### Generated Python API",
            "",
            "| | change | name | old | new |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in sorted(api, key=lambda c: (not c.breaking, c.path, c.kind)):
            mark = "**breaking**" if c.breaking else ""
            out.append(f"| {mark} | {c.kind} | {cell(c.path)} | {cell(c.old)} | {cell(c.new)} |")
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    document = {
        "version": JSON_VERSION,
        "old": report.old,
        "new": report.new,
        "roots": [{"root": alias, "direction": direction} for alias, direction in report.roots],
        "summary": {
            "changes": len(report.changes),
            "breaking": len(report.breaking()),
            "text": summary(report.changes),
        },
        "changes": [c.as_json() for c in report.changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(report: Report, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": as_json}[fmt](report)
