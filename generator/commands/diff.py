"""``eventgen diff``: what changed between two versions of a spec, in events, fields and Python names."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile

from ..config import load_config, parse_root, settings_from
from ..diffing.compare import compare_models
from ..diffing.gitrev import at_revision, checkout, is_revision_path
from ..diffing.model import RECEIVE, SEND, Report
from ..diffing.pyapi import compare_api
from ..diffing.render import FORMATS, render
from ..errors import SpecError, UsageError
from ..pipeline import Model, Options, model
from .common import add_spec_options

NAME = "diff"
HELP = "what a spec change does to the programs that send and receive its events"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", help="the old spec: a file, or REV:PATH read from git")
    parser.add_argument("new", nargs="?", help="the new spec: a file, or REV:PATH (default with --against: --spec)")
    add_spec_options(parser, format_flag="--spec-format")  # --format is the report's format here
    parser.add_argument("--format", dest="output", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--against", metavar="REV", help="compare the spec at git revision REV with the working copy")
    parser.add_argument(
        "--old-root",
        action="append",
        default=[],
        metavar="ALIAS=Schema",
        help="where a root's schema was in the old spec, when it moved (repeatable)",
    )
    parser.add_argument("--fail-on", choices=("breaking", "any"), help="exit 1 when such changes exist")


def sides(args: argparse.Namespace, configured: str) -> tuple[str, str]:
    if args.against:
        if args.old:
            raise UsageError("--against REV compares REV with the working copy: give no OLD and NEW")
        if not configured:
            raise UsageError("--against needs the spec's path: pass --spec PATH or --config FILE")
        return f"{args.against}:{configured}", configured
    if not (args.old and args.new):
        raise UsageError("give OLD and NEW (files or REV:PATH), or --against REV")
    return args.old, args.new


def local(options: Options, given: str, against: str | None, directory: str) -> str:
    """A path on disk for one side: a spec from git is written under ``directory`` with its folder."""
    if against is not None and given.startswith(against + ":"):
        return at_revision(against, options.spec, directory)
    if is_revision_path(given):
        return checkout(given, directory)
    return given


def load(options: Options, given: str, path: str) -> Model:
    try:
        return model(dataclasses.replace(options, spec=path))
    except SpecError as exc:
        if exc.file == path and path != given:
            exc.file = given
        raise


def same_input(old: str, new: str) -> bool:
    """Both sides are the same bytes in the same folder (so their relative $refs name the same files)."""
    if os.path.dirname(os.path.abspath(old)) != os.path.dirname(os.path.abspath(new)):
        return False
    with open(old, "rb") as a, open(new, "rb") as b:
        return a.read() == b.read()


def report(args: argparse.Namespace) -> Report:
    settings = settings_from(args, load_config(args.config) if args.config else None)
    old_name, new_name = sides(args, settings.spec)
    if not settings.spec:
        settings.spec = new_name
    settings.package = settings.package or "events"  # no package is written; names need none
    options = settings.options()
    moved = dict(parse_root(text) for text in args.old_root)
    unknown = sorted(set(moved) - {root.alias for root in options.roots})
    if unknown:
        raise UsageError(f"--old-root names {unknown[0]!r}, which is not a root alias")
    old_roots = [dataclasses.replace(r, schema=moved.get(r.alias, r.schema)) for r in options.roots]
    with tempfile.TemporaryDirectory(prefix="eventgen-diff-") as directory:
        # each side has a folder of its own: two revisions of one file must not overwrite each other
        old_path = local(options, old_name, args.against, os.path.join(directory, "old"))
        new_path = local(options, new_name, None, os.path.join(directory, "new"))
        old = load(dataclasses.replace(options, roots=old_roots), old_name, old_path)
        if old_roots == options.roots and same_input(old_path, new_path):
            new = old  # the same bytes give the same IR: a 3 MB spec is parsed once, not twice
        else:
            new = load(options, new_name, new_path)
    roots = [(r.alias, RECEIVE if r.lenient else SEND) for r in new.plan.roots]
    return Report(old_name, new_name, roots, compare_models(old, new) + compare_api(old, new))


def run(args: argparse.Namespace) -> int:
    result = report(args)
    sys.stdout.write(render(result, args.output))
    if args.fail_on == "any" and result.changes:
        return 1
    if args.fail_on == "breaking" and result.breaking():
        return 1
    return 0
