"""The report as text (default), markdown (a pull-request comment, a changelog) or JSON."""

from __future__ import annotations

import json
from collections import Counter

from .model import PYTHON, RECEIVE, Change, Report

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1
WHO = {RECEIVE: "events the program receives", "send": "events the program sends"}
BREAKS_FOR = {RECEIVE: "receivers", "send": "senders", PYTHON: "Python code"}


def order(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """Changes grouped by event: events with a breaking change first, breaking lines first in each."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(c.event, []).append(c)
    for lines in groups.values():
        lines.sort(key=lambda c: (not c.breaking, c.path, c.kind, c.old or "", c.new or ""))
    return sorted(groups.items(), key=lambda item: (not any(c.breaking for c in item[1]), item[0]))


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
        events = sorted({c.event for c in inner})
        where = events[0] if len(events) == 1 else f"{len(events)} events"
        parts.append(f"{len(inner)} field {'change' if len(inner) == 1 else 'changes'} in {where}")
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
        for event, lines in order(changes):
            out.append(f"  {event}")
            width = max(len(c.kind) for c in lines)
            for c in lines:
                mark = "BREAKING" if c.breaking else "-       "
                words = " ".join(w for w in (c.path, detail(c)) if w)
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
        for event, lines in order(changes):
            for c in lines:
                mark = "**breaking**" if c.breaking else ""
                out.append(f"| {mark} | {cell(event)} | {c.kind} | {cell(c.path)} | {cell(c.old)} | {cell(c.new)} |")
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
