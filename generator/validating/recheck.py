"""Which rejected events the overlays leave rejected, told by parsing them again.

A run keeps the first event of each kind of rejection (an event type, the same findings, the same
error path). The spec is then read with the overlays, its package generated in memory, and each
kept event parsed by it, as ``validate --overlay`` would: the kinds still rejected are named with
the new error, which is the reason. Predicting it from the findings alone would be wrong in
places (a lenient parse sets aside a value of another type once its property is optional).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..config import Settings
from ..errors import SpecError
from . import loadpkg
from .session import TypeTally


def events(count: int) -> str:
    return f"{count} event{'s' * (count != 1)}"


def more(count: int) -> str:
    return f"{count} more rejected event{'s' * (count != 1)}"


def unchanged(types: dict[tuple[str, str], TypeTally]) -> list[str]:
    """The rejected events as they are (no overlay is written)."""
    lines = []
    for (root, name), t in sorted(types.items()):
        for cause in t.causes.values():
            where = ", ".join(cause.where)
            lines.append(f"{root} {name}: {events(cause.count)} still rejected, first at {where}: {cause.message}")
        if t.uncaused:
            lines.append(f"{root} {name}: {more(t.uncaused)}")
    return lines


def remaining(
    settings: Settings, overlays: list[str], types: dict[tuple[str, str], TypeTally], workdir: str
) -> list[str]:
    """The rejected events the spec read with ``overlays`` still rejects, with its error."""
    if not any(t.causes or t.uncaused for t in types.values()):
        return []
    try:
        loaded = loadpkg.load(dataclasses.replace(settings, overlays=[*settings.overlays, *overlays]), None, workdir)
    except SpecError as exc:  # the writer tried every action: this would be a bug of ours
        return [f"(the spec with the overlays could not be read, so nothing was checked again: {exc.message})"]
    roots = {root.alias: root for root in loaded.analysis.roots}
    lines = []
    for (root, name), t in sorted(types.items()):
        for cause in t.causes.values():
            target = loaded.targets[cause.alias]
            tag = roots[cause.alias].caller_tag
            arguments: dict[str, Any] = {tag.argument: cause.tag} if tag is not None and cause.tag else {}
            try:
                target.parse(cause.data, **arguments)
            except loaded.error as exc:
                where = ", ".join(cause.where)
                lines.append(f"{root} {name}: {events(cause.count)} still rejected, first at {where}: {exc}")
        if t.uncaused:
            lines.append(
                f"{root} {name}: {more(t.uncaused)}, not kept (past the kinds of rejection kept per event "
                "type): validate again with the overlay to see which stay rejected"
            )
    return lines
