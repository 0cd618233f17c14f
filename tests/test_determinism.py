"""The output is byte-for-byte the same across runs and hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, UPSTREAM, needs_upstream

REALTIME = ("--root", "client_event=RealtimeClientEvent", "--root", "server_event=RealtimeServerEvent")
FIXTURES = ROOT / "tests" / "fixtures"


def generate_with_seed(spec: Path, out: Path, seed: str, roots: tuple[str, ...] = REALTIME) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--package", "pkg", "--out", str(out)]
        + [*roots, "--quiet"],
        check=True,
        env=env,
        capture_output=True,
    )
    return {p.name: p.read_bytes() for p in sorted((out / "pkg").iterdir())}


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(ROOT / "spec" / "realtime.yaml", id="ours"),
        pytest.param(UPSTREAM, id="upstream", marks=needs_upstream),
    ],
)
def test_same_bytes_across_runs_and_hash_seeds(spec: Path, tmp_path: Path) -> None:
    outputs = [generate_with_seed(spec, tmp_path / seed, seed) for seed in ("0", "1", "12345")]
    assert outputs[0] == outputs[1] == outputs[2]
    assert sorted(outputs[0]) == ["__init__.py", "_runtime.py", "events.py", "handlers.py", "models.py", "py.typed"]


@pytest.mark.parametrize(
    ("spec", "roots"),
    [
        pytest.param(FIXTURES / "constructs" / "jsonschema_ids.json", ("--root", "event=#"), id="jsonschema-ids"),
        pytest.param(
            FIXTURES / "constructs" / "jsonschema_caller_tag.json",
            ("--root", "webhook=#", "--caller-tag", "webhook=event"),
            id="caller-tag",
        ),
        pytest.param(FIXTURES / "asyncapi" / "chat_v3.yaml", (), id="asyncapi"),
    ],
)
def test_other_formats_give_the_same_bytes_across_seeds(spec: Path, roots: tuple[str, ...], tmp_path: Path) -> None:
    outputs = [generate_with_seed(spec, tmp_path / seed, seed, roots) for seed in ("0", "1", "12345")]
    assert outputs[0] == outputs[1] == outputs[2]
