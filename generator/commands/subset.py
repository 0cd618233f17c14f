"""``eventgen subset``: a smaller spec that holds only the schemas some roots need."""

from __future__ import annotations

import argparse
import sys

from ..subset import write_subset

NAME = "subset"
HELP = "slice a spec down to the schemas some roots need"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec")
    parser.add_argument("--root", action="append", required=True, metavar="Schema")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.yaml")


def run(args: argparse.Namespace) -> int:
    count = write_subset(args.spec, args.root, args.output)
    print(f"eventgen: wrote {count} schemas to {args.output}", file=sys.stderr)
    return 0
