"""An app's code against the committed package, checked by mypy --strict: handler overrides,
``match`` on event classes and ``event.type`` on the union pass (tests/typing/handlers_ok.py), and
mistakes in overrides are reported where they are (tests/typing/handlers_wrong.py). The example
client (examples/) is checked in the same run."""

from __future__ import annotations

import functools
import os
import re
import subprocess

from conftest import BIN, ROOT

TYPING = ROOT / "tests" / "typing"


@functools.cache
def mypy() -> tuple[int, str]:
    """mypy --strict over the typing files and the examples at once (the package is checked once)."""
    result = subprocess.run(
        [
            BIN / "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            "--no-error-summary",
            "tests/typing",
        ],
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(ROOT / "generated")},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout


def errors_in(name: str) -> list[tuple[int, str, str]]:
    found = re.findall(rf"^tests/typing/{name}:(\d+): error: (.*)  \[([a-z-]+)\]$", mypy()[1], re.M)
    return [(int(line), kind, message) for line, message, kind in found]


def test_handlers_match_tags_and_the_example_client_type_check() -> None:
    assert mypy()[0] == 1  # the wrong file's errors; nothing about the others
    assert [line for line in mypy()[1].splitlines() if "handlers_wrong.py" not in line] == []


def test_wrong_overrides_are_reported_where_they_are() -> None:
    errors = errors_in("handlers_wrong.py")
    assert [(line, kind) for line, kind, _ in errors] == [(11, "override"), (16, "override"), (21, "misc")]
    assert 'supertype defines the argument type as "RealtimeServerEventResponseAudioDelta"' in errors[0][2]
    assert 'incompatible with return type "Coroutine[Any, Any, None]"' in errors[1][2]
    assert errors[2][2] == 'Property "type" defined in "UnknownServerEvent" is read-only'
