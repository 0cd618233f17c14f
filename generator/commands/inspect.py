"""``eventgen inspect SPEC``: the roots a document offers, each ready to copy into ``--root``."""

from __future__ import annotations

import argparse
import sys

from ..config import load_config, settings_from
from ..inspecting.report import as_json, as_text
from ..inspecting.survey import survey
from .common import add_spec_options

NAME = "inspect"
HELP = "list the unions a spec offers as roots, with the --root to copy"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec_path", metavar="SPEC", nargs="?", help="the spec (or give --spec / --config)")
    parser.add_argument("--format", dest="output", choices=("text", "json"), default="text", help="json: for tools")
    add_spec_options(parser, format_flag="--spec-format")


def run(args: argparse.Namespace) -> int:
    if args.spec_path:
        args.spec = args.spec_path
    settings = settings_from(args, load_config(args.config) if args.config else None)
    settings.package = settings.package or "inspected"
    settings.all_schemas = True  # roots are what inspect looks for: none needs to be given
    found = survey(settings.options())
    sys.stdout.write(as_json(found) if args.output == "json" else as_text(found))
    return 0
