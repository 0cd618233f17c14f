"""``eventgen validate``: check captured events against the package the spec generates.

Exit 0 when every event was accepted without drift, 1 when there was drift, a rejection, an
unknown event type or a part of a capture that could not be read, 2 on a broken command line or spec.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ..config import Settings, load_config, settings_from
from ..errors import UsageError
from ..validating import captures, loadpkg, overlay_writer, recheck, report
from ..validating.session import Session
from ..validating.sources import Sources
from .common import add_spec_options

NAME = "validate"
HELP = "check captured events (JSON Lines, HAR, SSE) against the spec; write an overlay for the drift"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("captures", nargs="+", metavar="CAPTURE", help="JSON Lines, HAR or SSE files")
    add_spec_options(parser)
    parser.conflict_handler = "resolve"  # --format is the report's format here; the spec's is --spec-format
    own = parser.add_argument_group("validate")  # a group made now resolves the clash on --format
    own.add_argument(
        "--spec-format",
        dest="format",
        choices=("openapi", "swagger", "jsonschema", "asyncapi"),
        help="default: detected",
    )
    own.add_argument("--format", dest="report_format", choices=("text", "json"), default="text", help="report format")
    own.add_argument("--input", choices=captures.FORMATS, help="the captures' format (default: detected per file)")
    own.add_argument("--package-dir", metavar="DIR", help="check with this generated package instead of building one")
    own.add_argument("--server-root", metavar="ALIAS", help="root for server events and bare events")
    own.add_argument("--client-root", metavar="ALIAS", help="root for client events (HAR send frames)")
    own.add_argument("--write-overlay", metavar="FILE", help="write an Overlay 1.0 file that absorbs the drift")


def pick_roots(aliases: list[str], server: str | None, client: str | None) -> tuple[str, str | None]:
    for given in (server, client):
        if given is not None and given not in aliases:
            raise UsageError(f"{given!r} is not a root alias (the roots are {', '.join(aliases)})")
    clients = [a for a in aliases if "client" in a.lower() or "outgoing" in a.lower()]
    client = client or (clients[0] if clients else None)
    server = server or next((a for a in aliases if a != client), None) or aliases[0]
    return server, client


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args, load_config(args.config) if args.config else None)
    settings.package = settings.package or "events"
    with loadpkg.workdir() as workdir:
        loaded = loadpkg.load(settings, args.package_dir, workdir)
        server, client = pick_roots(list(loaded.targets), args.server_root, args.client_root)
        session = Session(loaded, server, client, sys.stderr if sys.stderr.isatty() else None)
        for path in args.captures:
            session.run(path, captures.read(path, args.input, session.opened))
        sources = Sources(settings.spec, dict(loaded.analysis.files) or {"": loaded.analysis.document})
        result = report.build(session.tally, sources.shown)
        if args.write_overlay:
            result["overlay"] = overlay(args.write_overlay, sources, session, result, settings, workdir)
    if args.report_format == "json":
        sys.stdout.write(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(report.text(result))
        if args.write_overlay:
            print(overlay_lines(result["overlay"]))
    return 0 if result["ok"] else 1


def overlay(
    path: str, sources: Sources, session: Session, result: dict[str, Any], settings: Settings, workdir: str
) -> dict[str, Any]:
    """Write the overlays of a run (after trying them on the rejected events); what the report says of them."""
    unknown = [
        f"{t['root']} {t['type']}: {t['seen']} times, first at {', '.join(t['where'])}"
        for t in result["types"]
        if t["unknown"]
    ]
    tally = session.tally
    findings = sorted(tally.findings.values(), key=lambda f: (f.root, f.finding.path, f.finding.kind))
    draft = overlay_writer.draft(sources, findings)
    if draft.kept:  # the same overlays, written where the package is built, tell which events stay rejected
        trial = overlay_writer.write(os.path.join(workdir, "trial.overlay.yaml"), sources, draft, settings.spec, [])
        rejected = recheck.remaining(settings, [w.path for w in trial], tally.types, workdir)
    else:
        rejected = recheck.unchanged(tally.types)
    comments = overlay_writer.notes(overlay_writer.paths_for(path, draft), draft, unknown, rejected)
    written = overlay_writer.write(path, sources, draft, settings.spec, comments)
    return {
        "file": next((w.path for w in written if not w.extends), None),
        "actions": sum(w.actions for w in written),
        "files": [{"file": w.path, "extends": w.extends, "actions": w.actions} for w in written],
        "notes": comments,
    }


def overlay_lines(summary: dict[str, Any]) -> str:
    if not summary["files"]:
        notes = "".join(f"\n  {line}" for line in summary["notes"])
        return "no overlay written: no finding can be absorbed by an action (an overlay needs one)" + notes
    lines = [
        f"wrote {w['file']} ({w['actions']} action{'s' * (w['actions'] != 1)}"
        + (f", extends {w['extends']})" if w["extends"] else ")")
        for w in summary["files"]
    ]
    if len(lines) > 1:
        lines.append("pass them all: " + " ".join(f"--overlay {w['file']}" for w in summary["files"]))
    return "\n".join(lines)
