"""The package generated from the upstream spec passes ruff and mypy --strict, like the committed one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, UPSTREAM, generate_files, needs_upstream

from generator.write import write_package

BIN = Path(sys.executable).parent


@needs_upstream
def test_upstream_realtime_package_passes_ruff_and_mypy_strict(tmp_path: Path) -> None:
    files = generate_files(
        UPSTREAM,
        {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"},
        package="realtime_events",
    )
    write_package(files, str(tmp_path / "realtime_events"))
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--isolated", "realtime_events"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ruff.returncode, ruff.stdout.strip()) == (0, "All checks passed!")
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "realtime_events"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
    assert mypy.stdout.startswith("Success: no issues found in 4 source files")


@pytest.mark.parametrize("formatter", ["black", "none"])
def test_other_formatters_give_clean_packages_too(tmp_path: Path, formatter: str) -> None:
    files = generate_files(
        ROOT / "spec" / "realtime.yaml",
        {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"},
        package="realtime_events",
        formatter=formatter,
    )
    write_package(files, str(tmp_path / "realtime_events"))
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--isolated", "-q", "realtime_events"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ruff.returncode, ruff.stdout) == (0, "")
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "realtime_events"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
    committed = (ROOT / "generated" / "realtime_events" / "models.py").read_text()
    assert (files["models.py"] == committed) is (formatter == "ruff")  # same code, laid out differently
