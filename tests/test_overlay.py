"""OpenAPI Overlay 1.0 support: JSONPath targets, update and remove, clear errors, the shipped overlay."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, UPSTREAM, import_fresh, needs_upstream

from generator.jsonpath import JSONPathError, find
from generator.pipeline import Options, RootSpec, generate
from generator.write import write_package

FIXTURES = ROOT / "tests" / "fixtures" / "overlays"
DOC: dict[str, Any] = {"a": {"b": [{"k": "x", "n": 1}, {"k": "y"}], "c": {"k": "x"}}, "d": [1, 2, 3]}


@pytest.mark.parametrize(
    ("expression", "found"),
    [
        ("$.a.c", [{"k": "x"}]),
        ("$['a']['c'].k", ["x"]),
        ("$.a.b[1]", [{"k": "y"}]),
        ("$.d[-1]", [3]),
        ("$.a.b[*].k", ["x", "y"]),
        ("$..k", ["x", "y", "x"]),
        ("$.a.b[?@.k == 'y']", [{"k": "y"}]),
        ("$.a.b[?@.n]", [{"k": "x", "n": 1}]),
        ("$.a.b[?@.k == 'x' && @.n == 1]", [{"k": "x", "n": 1}]),
        ("$.a.b[?(@.k == 'q' || @.n != 1)]", [{"k": "y"}]),
        ("$.d[?@ == 2]", [2]),
        ("$.nothing", []),
    ],
)
def test_jsonpath_selects(expression: str, found: list[Any]) -> None:
    assert [match.value for match in find(DOC, expression)] == found


@pytest.mark.parametrize("expression", ["a.b", "$.a[1:2]", "$.a[?@.k ~ 'x']"])
def test_jsonpath_outside_the_subset_is_an_error(expression: str) -> None:
    with pytest.raises(JSONPathError):
        find(DOC, expression)


def build_overlaid(tmp: Path, spec: Path, root: RootSpec, overlay: Path, package: str) -> Any:
    files = generate(Options(str(spec), package, [root], overlays=(str(overlay),))).files
    write_package(files, str(tmp / package))
    return import_fresh(tmp, package)


def test_overlay_updates_and_removes_before_parsing(tmp_path: Path) -> None:
    pkg = build_overlaid(
        tmp_path, FIXTURES / "spec.yaml", RootSpec("event", "Event", False), FIXTURES / "fix.overlay.yaml", "overlaid"
    )
    assert "spec.yaml + fix.overlay.yaml (sha256 " in (tmp_path / "overlaid" / "models.py").read_text().split("\n")[0]
    assert type(pkg.parse_event({"type": "ping"})).__name__ == "Ping"  # no id needed any more
    note = pkg.parse_event({"type": "note", "text": None, "mood": "sleepy", "legacy": 1})
    assert (note.text, note.mood, dict(note.extra)) == (None, "sleepy", {"legacy": 1})


def test_a_target_that_matches_nothing_stops_the_generator(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            "tests/fixtures/overlays/spec.yaml",
            "--overlay",
            "tests/fixtures/overlays/stale.overlay.yaml",
            "--root",
            "event=Event",
            "--package",
            "p",
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "eventgen: error: tests/fixtures/overlays/stale.overlay.yaml#/actions/1/target: target "
        "'$.components.schemas.Pong.required' matches nothing in the spec\n"
        "  fix: correct the path, or drop the action if the spec no longer needs it\n"
    )
    assert not (tmp_path / "out").exists()


@needs_upstream
def test_the_shipped_overlay_makes_upstream_examples_exact(tmp_path: Path) -> None:
    """With the wire fixes, the nulls upstream examples send are real values, not leftovers in extra."""
    pkg = build_overlaid(
        tmp_path,
        UPSTREAM,
        RootSpec("server_event", "RealtimeServerEvent", True),
        ROOT / "spec" / "upstream-wire.overlay.yaml",
        "wire_fixed",
    )
    done = {"type": "response.done", "event_id": "e1", "response": {"id": "r", "status_details": None, "usage": None}}
    event = pkg.parse_server_event(json.dumps(done))
    assert (event.response.status_details, event.response.usage, dict(event.response.extra)) == (None, None, {})
    assert event.to_dict() == done
