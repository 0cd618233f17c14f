"""``eventgen generate``: write the package the spec describes."""

from __future__ import annotations

import argparse
import keyword
import os
import sys
import tempfile
import time

from ..config import Settings, load_config, settings_from
from ..errors import SpecError, UsageError
from ..format import FormatError
from ..pipeline import Model, Result, generate_from, model
from ..write import write_package
from .common import add_spec_options

NAME = "generate"
HELP = "write the package"


def arguments(parser: argparse.ArgumentParser) -> None:
    add_spec_options(parser)


def check_package_name(name: str) -> None:
    """Refuse a package name that Python cannot import as the package: a keyword (``class``), or a
    standard library module (``json``, ``typing``), which shadows, or is shadowed by, the one
    Python ships; the package's own modules import several of them."""
    if keyword.iskeyword(name):
        raise UsageError(
            f"--package {name} is a Python keyword, so `import {name}` is a syntax error; "
            f"choose another name, e.g. {name}_events"
        )
    if name in sys.stdlib_module_names:
        raise UsageError(
            f"--package {name} is the name of a standard library module, so the package could not be "
            f"imported beside it; choose another name, e.g. {name}_events"
        )


def generated(args: argparse.Namespace) -> tuple[Settings, Model, Result]:
    """The settings the command line and config give, the spec's model, and the package they
    generate (warnings shown)."""
    settings = settings_from(args, load_config(args.config) if args.config else None)
    options = settings.options()
    if os.path.exists(settings.out) and not os.path.isdir(settings.out):
        raise SpecError(
            "",
            "--out names a file; it must be the folder the package is written into",
            "give a folder (it is created if missing), or move the file away",
            file=settings.out,
        )
    check_package_name(settings.package)
    spec = model(options)
    try:
        result = generate_from(spec, options)
    except FormatError as exc:
        keep = tempfile.mkdtemp(prefix="eventgen-unformatted-")
        write_package(exc.files, os.path.join(keep, settings.package))
        raise UsageError(
            f"{exc}\n  the unformatted output is in {keep}; nothing was written to {settings.out}"
        ) from None
    if not args.quiet:
        result.warnings.report(sys.stderr)
    return settings, spec, result


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings, _, result = generated(args)
    target = os.path.join(settings.out, settings.package)
    write_package(result.files, target)
    elapsed = time.perf_counter() - started
    print(
        f"eventgen: wrote {target} ({result.schemas} schemas, {len(result.files)} files) in {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0
