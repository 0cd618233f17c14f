"""The ``eventgen`` command line: one subcommand per module of ``generator.commands``.

Exit codes: 0 success; 1 the command found what it looks for (``check``: differences); 2 any
error (bad spec, bad arguments, formatter failure). Errors print one message, never a traceback
(set EVENTGEN_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .commands import check, diff, generate, inspect, subset, validate
from .errors import SpecError, UsageError

COMMANDS = (generate, check, inspect, subset, diff, validate)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="eventgen", description="Generate typed Python models for event APIs.")
    commands = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.arguments(commands.add_parser(command.NAME, help=command.HELP))
        commands.choices[command.NAME].set_defaults(run=command.run)
    return top


def run(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


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
