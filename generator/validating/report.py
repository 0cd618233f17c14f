"""The report: a JSON-ready summary of a run, and the human text made from it.

JSON shape (``--format json``)::

    {"ok": bool, "events": int, "accepted": int, "rejected": int, "unknown": int, "drifted": int,
     "captures": [{"file", "events", "problems"}],
     "types": [{"root", "type", "seen", "accepted", "rejected", "drifted", "unknown",
                "rejections": [{"path", "message", "where"}], "where": [...]}],
     "drift": [{"root", "kind", "path", "schema", "name", "count", "where": [...], "absorbable",
                "expected", "got"}],
     "problems": {"count": int, "first": [{"where", "message"}]},
     "overlay": {"file", "actions", "files": [{"file", "extends", "actions"}], "notes": [...]}}

(``overlay`` only with ``--write-overlay``: ``file`` is the overlay of the spec's own document, or
null; ``extends`` is '' for that one, else the file of the spec it changes.)

``drift`` is sorted by root, path and kind; ``types`` by root and type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .drift import ABSORBABLE
from .session import Tally

WHAT = {
    "undeclared": "property the spec does not declare (kept in extra)",
    "enum": "enum value the spec does not list",
    "null": "null where the spec allows none",
    "missing": "required property missing",
    "type": "value of another JSON type",
    "variant": "alternative the union does not have",
    "value": "value outside a fixed set",
    "tag": "no tag: which alternative of the union it is cannot be told",
}


def build(tally: Tally, shown: Callable[[str, str, str], str] | None = None) -> dict[str, Any]:
    """The report of a run; ``shown`` turns a finding's schema location (with its kind and name)
    into the pointer printed, where the spec writes that schema."""
    types: list[dict[str, Any]] = []
    for (root, name), t in sorted(tally.types.items()):
        types.append(
            {
                "root": root,
                "type": name,
                "seen": t.seen,
                "accepted": t.accepted,
                "rejected": t.rejected,
                "drifted": t.drifted,
                "unknown": t.unknown,
                "rejections": t.rejections,
                "where": t.where,
            }
        )
    drift = []
    for (root, kind, path, schema, name), f in sorted(
        tally.findings.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1], kv[0][4])
    ):
        entry: dict[str, Any] = {
            "root": root,
            "kind": kind,
            "path": path,
            "schema": schema if shown is None else shown(schema, kind, name),
            "name": name,
            "count": f.count,
            "where": f.where,
            "absorbable": kind in ABSORBABLE,
        }
        if kind in ("type", "null"):
            entry["expected"] = f.finding.expected
            entry["got"] = f.finding.value if kind == "type" else "null"
        drift.append(entry)
    accepted = sum(t["accepted"] for t in types)
    rejected = sum(t["rejected"] for t in types)
    unknown = sum(t["seen"] for t in types if t["unknown"])
    drifted = sum(t["drifted"] for t in types)
    return {
        "ok": not (rejected or unknown or drift or tally.problem_count),
        "events": tally.events,
        "accepted": accepted,
        "rejected": rejected,
        "unknown": unknown,
        "drifted": drifted,
        "captures": tally.captures,
        "types": types,
        "drift": drift,
        "problems": {"count": tally.problem_count, "first": tally.problems},
    }


def text(report: dict[str, Any]) -> str:
    lines = [
        f"{report['events']} events in {len(report['captures'])} capture(s): {report['accepted']} accepted "
        f"({report['drifted']} with drift, {report['unknown']} of unknown types), {report['rejected']} rejected"
    ]
    width = max([len(t["type"]) for t in report["types"]] + [4])
    if report["types"]:
        lines += ["", f"  {'root':<14} {'type':<{width}} {'seen':>7} {'accepted':>8} {'rejected':>8} {'drift':>6}"]
    for t in report["types"]:
        mark = "  (unknown type: kept as Unknown)" if t["unknown"] else ""
        lines.append(
            f"  {t['root']:<14} {t['type']:<{width}} {t['seen']:>7} {t['accepted']:>8} {t['rejected']:>8} "
            f"{t['drifted']:>6}{mark}"
        )
        for r in t["rejections"]:
            lines.append(f"      rejected at {r['where']}: {r['message']}")
        if t["unknown"]:
            lines.append(f"      first at {', '.join(t['where'])}")
    if report["drift"]:
        lines += ["", "drift (spec and wire disagree):"]
    for d in report["drift"]:
        what = WHAT[d["kind"]]
        detail = f" {d['name']!r}" if d["kind"] in ("enum", "variant", "value") else ""
        if d["kind"] == "type":
            detail = f" (expected {d['expected']}, got {d['got']})"
        lines.append(f"  {d['root']} {d['path']}: {what}{detail}: {d['count']} times")
        schema = d["schema"] or "(the union --root makes; not written in the spec)"
        lines.append(f"      schema {schema}; first at {', '.join(d['where'])}")
    problems = report["problems"]
    if problems["count"]:
        lines += ["", f"capture problems ({problems['count']}; these parts were skipped):"]
        lines += [f"  {p['where']}: {p['message']}" for p in problems["first"]]
        if problems["count"] > len(problems["first"]):
            lines.append(f"  ... and {problems['count'] - len(problems['first'])} more")
    lines += ["", "ok: everything accepted, no drift" if report["ok"] else "not ok: see above"]
    return "\n".join(lines) + "\n"
