"""The package generated from the upstream spec passes ruff and mypy --strict, like the committed one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import UPSTREAM, generate_files, needs_upstream

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
