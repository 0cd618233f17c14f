"""eventgen diff with specs read from git: every way of naming the two sides (files, ``REV:PATH`` on
either or both sides, ``--against``, paths relative to the working folder) gives the report the two
plain files give, and a breaking change fails ``--fail-on breaking`` whichever way it is named."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    Event:
      oneOf:
        - $ref: '#/components/schemas/Ping'
        - $ref: 'parts/pong.yaml#/Pong'
    Ping:
      type: object
      properties:
        type: {const: ping}
        count: {type: COUNT}
      required: [type]
"""
PONG = """Pong:
  type: object
  properties:
    type: {const: pong}
    EXTRA
  required: [type]
"""


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def write(folder: Path, count: str, extra: str) -> None:
    (folder / "spec" / "parts").mkdir(parents=True, exist_ok=True)
    (folder / "spec" / "events.yaml").write_text(SPEC.replace("COUNT", count))
    (folder / "spec" / "parts" / "pong.yaml").write_text(PONG.replace("EXTRA", extra))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: ``first``; ``spec`` retypes ``count`` (string -> integer) in the spec itself;
    ``part`` changes only the neighbouring file the spec refers to (``reason`` is removed)."""
    top = tmp_path_factory.mktemp("repo")
    git(top, "init", "-q")
    for tag, count, extra in (
        ("first", "string", "reason: {type: string}"),
        ("spec", "integer", "reason: {type: string}"),
        ("part", "integer", "note: {type: integer}"),
    ):
        write(top, count, extra)
        git(top, "add", ".")
        git(top, "commit", "-qm", tag)
        git(top, "tag", tag)
    return top


def report(capsys: pytest.CaptureFixture[str], cwd: Path, *args: str) -> tuple[int, list[object]]:
    """Exit code and JSON changes of ``eventgen diff ARGS --fail-on breaking``, run from ``cwd``."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        code = main(["diff", *args, "--root", "event=Event", "--format", "json", "--fail-on", "breaking"])
    finally:
        os.chdir(here)
    out, err = capsys.readouterr()
    assert err == "", err
    return code, json.loads(out)["changes"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("first", "spec", [("ping", "count", "type.changed", "string", "integer")]),
        (
            "spec",
            "part",
            [("pong", "reason", "field.removed", "string", None), ("pong", "note", "field.added", None, "integer")],
        ),
    ],
    ids=["spec-changed", "neighbour-changed"],
)
def test_every_way_of_naming_the_sides_gives_the_report_of_the_two_files(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    tmp_path: Path,
    old: str,
    new: str,
    expected: list[tuple[object, ...]],
) -> None:
    git(repo, "checkout", "-q", new)  # the working copy is the new side
    for tag in (old, new):  # the two revisions as plain files, each in a folder of its own
        git(repo, "worktree", "add", "-q", "--detach", str(tmp_path / tag), tag)
    spec = "spec/events.yaml"
    code, reference = report(capsys, repo, str(tmp_path / old / spec), str(tmp_path / new / spec))
    assert code == 1
    found = [(c["event"], c["path"], c["kind"], c["old"], c["new"]) for c in reference if c["direction"] != "python"]  # type: ignore[index]
    assert sorted(found, key=str) == sorted(expected, key=str)
    forms = {
        "REV:PATH file": (repo, f"{old}:{spec}", spec),
        "file REV:PATH": (repo, str(tmp_path / old / spec), f"{new}:{spec}"),
        "REV:PATH REV:PATH": (repo, f"{old}:{spec}", f"{new}:{spec}"),
        "--against": (repo, "--spec", spec, "--against", old),
        "./ REV:PATH file": (repo / "spec", f"{old}:./events.yaml", "./events.yaml"),
        "./ REV:PATH REV:PATH": (repo / "spec", f"{old}:./events.yaml", f"{new}:./events.yaml"),
        "./ --against": (repo / "spec", "--spec", "./events.yaml", "--against", old),
    }
    for name, (cwd, *args) in forms.items():
        code, changes = report(capsys, cwd, *args)
        assert (name, code, changes) == (name, 1, reference)
    git(repo, "checkout", "-q", "part")
