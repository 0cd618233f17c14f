"""Generated packages pass ruff and mypy --strict: from the upstream spec, and with every formatter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, UPSTREAM, generate_files, needs_upstream

from generator.write import write_package

BIN = Path(sys.executable).parent
ROOTS = {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"}


def lint(directory: Path, package: str) -> tuple[int, str, int, str]:
    """(ruff exit code, ruff output, mypy --strict exit code, mypy output) for one package."""
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--isolated", "-q", package], cwd=directory, capture_output=True, text=True, check=False
    )
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--python-version", "3.10", "--no-incremental", package],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    return ruff.returncode, ruff.stdout, mypy.returncode, mypy.stdout


@needs_upstream
def test_upstream_realtime_package_passes_ruff_and_mypy_strict(tmp_path: Path) -> None:
    write_package(generate_files(UPSTREAM, ROOTS, package="realtime_events"), str(tmp_path / "realtime_events"))
    assert lint(tmp_path, "realtime_events") == (0, "", 0, "Success: no issues found in 5 source files\n")


@pytest.mark.parametrize("formatter", ["black", "none"])
def test_other_formatters_give_clean_packages_too(tmp_path: Path, formatter: str) -> None:
    files = generate_files(ROOT / "spec" / "realtime.yaml", ROOTS, package="realtime_events", formatter=formatter)
    write_package(files, str(tmp_path / "realtime_events"))
    assert lint(tmp_path, "realtime_events") == (0, "", 0, "Success: no issues found in 5 source files\n")
    committed = (ROOT / "generated" / "realtime_events" / "models.py").read_text()
    assert (files["models.py"] == committed) is (formatter == "ruff")  # same code, laid out differently
