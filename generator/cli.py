"""The ``eventgen`` command: generate, check and subset.

Exit codes: 0 success; 1 ``check`` found differences; 2 any error (bad spec,
bad arguments, formatter failure). Errors print one message, never a traceback
(set EVENTGEN_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence

from .config import load_config, settings_from
from .errors import SpecError, UsageError
from .format import FormatError
from .pipeline import generate
from .write import diff_package, write_package


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="a YAML config file (see spec/eventgen.yaml); flags override it")
    parser.add_argument("--spec", help="the OpenAPI, AsyncAPI or JSON Schema document (YAML or JSON)")
    parser.add_argument(
        "--format", choices=("openapi", "jsonschema", "asyncapi"), help="default: detected from the document"
    )
    parser.add_argument("--out", help="directory that holds the generated package")
    parser.add_argument("--package", help="name of the generated package, e.g. realtime_events")
    parser.add_argument(
        "--root",
        action="append",
        default=[],
        metavar="ALIAS=Schema",
        help="a schema to generate, with the alias of its entry points (repeatable)",
    )
    parser.add_argument(
        "--strict",
        action="append",
        default=[],
        metavar="ALIAS",
        help="parse this root strictly (default for aliases containing 'client')",
    )
    parser.add_argument(
        "--lenient",
        action="append",
        default=[],
        metavar="ALIAS",
        help="parse this root leniently (default for every other alias)",
    )
    parser.add_argument("--all-schemas", action="store_true", help="generate every component schema")
    parser.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="an OpenAPI Overlay 1.0 file applied to the spec first (repeatable, in order)",
    )
    parser.add_argument(
        "--caller-tag",
        action="append",
        default=[],
        metavar="ALIAS=ARG",
        help="the root's tag travels outside the payload; parse_ALIAS takes it as ARG (e.g. webhook=event)",
    )
    parser.add_argument(
        "--draft",
        choices=("4", "6", "7", "2019-09", "2020-12"),
        help="the JSON Schema draft of documents without $schema (default 2020-12)",
    )
    parser.add_argument(
        "--ref-base",
        action="append",
        default=[],
        metavar="URL=DIR",
        help="documents a $ref names by URL under URL are read from DIR instead (never from the network)",
    )
    parser.add_argument(
        "--side",
        choices=("client", "server"),
        help="AsyncAPI: the program is a client of the described application (default), or is that application",
    )
    parser.add_argument(
        "--channel", action="append", default=[], metavar="NAME", help="AsyncAPI: only this channel (repeatable)"
    )
    parser.add_argument(
        "--operation", action="append", default=[], metavar="ID", help="AsyncAPI: only this operation (repeatable)"
    )
    parser.add_argument("--templates", help="a directory of templates that override the built-in ones")
    parser.add_argument("--formatter", choices=("ruff", "black", "none"), help="default: ruff")
    parser.add_argument("--quiet", action="store_true", help="do not print warnings about the spec")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="eventgen", description="Generate typed Python models for event APIs.")
    commands = top.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the package")
    add_common(gen)
    check = commands.add_parser("check", help="exit 1 with a diff when the package on disk is not up to date")
    add_common(check)
    subset = commands.add_parser("subset", help="slice a spec down to the schemas some roots need")
    subset.add_argument("spec")
    subset.add_argument("--root", action="append", required=True, metavar="Schema")
    subset.add_argument("-o", "--output", required=True, metavar="OUT.yaml")
    return top


def run(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    if args.command == "subset":
        from .subset import write_subset

        count = write_subset(args.spec, args.root, args.output)
        print(f"eventgen: wrote {count} schemas to {args.output}", file=sys.stderr)
        return 0
    settings = settings_from(args, load_config(args.config) if args.config else None)
    started = time.perf_counter()
    try:
        result = generate(settings.options())
    except FormatError as exc:
        keep = tempfile.mkdtemp(prefix="eventgen-unformatted-")
        write_package(exc.files, os.path.join(keep, settings.package))
        raise UsageError(
            f"{exc}\n  the unformatted output is in {keep}; nothing was written to {settings.out}"
        ) from None
    if not args.quiet:
        result.warnings.report(sys.stderr)
    target = os.path.join(settings.out, settings.package)
    if args.command == "check":
        diff = diff_package(result.files, target, target)
        if diff:
            sys.stdout.write(diff)
            print(f"eventgen: {target} is out of date with {settings.spec}; run make regenerate", file=sys.stderr)
            return 1
        return 0
    write_package(result.files, target)
    elapsed = time.perf_counter() - started
    print(
        f"eventgen: wrote {target} ({result.schemas} schemas, {len(result.files)} files) in {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except (SpecError, UsageError) as exc:
        print(f"eventgen: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("eventgen: interrupted; nothing was written", file=sys.stderr)
    except Exception as exc:  # a bug: say so plainly, and how to see more
        if os.environ.get("EVENTGEN_DEBUG"):
            raise
        print(
            f"eventgen: internal error ({type(exc).__name__}: {exc}); this is a bug in eventgen, please "
            "report it with the spec (set EVENTGEN_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
    return 2

