"""``eventgen check``: exit 1 with a diff when the package on disk is not what the spec generates."""

from __future__ import annotations

import argparse
import os
import sys

from ..diffing.since import what_changed
from ..write import diff_package
from .common import add_spec_options
from .generate import generated

NAME = "check"
HELP = "exit 1 with a diff when the package on disk is not up to date"


def arguments(parser: argparse.ArgumentParser) -> None:
    add_spec_options(parser)


def run(args: argparse.Namespace) -> int:
    settings, spec, result = generated(args)
    target = os.path.join(settings.out, settings.package)
    diff = diff_package(result.files, target, target)
    if diff:
        line = what_changed(settings.options(), spec, target)
        sys.stdout.write(f"eventgen: {line}\n{diff}" if line else diff)
        print(f"eventgen: {target} is out of date with {settings.spec}; run make regenerate", file=sys.stderr)
        return 1
    return 0
