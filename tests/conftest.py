"""Shared test helpers: generate a package from a spec into a temporary directory and import it."""

from __future__ import annotations

import difflib
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.pipeline import Options, RootSpec, default_lenient, generate
from generator.write import write_package

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
UPSTREAM = SHARED / "upstream" / "openai-openapi.yaml"
needs_upstream = pytest.mark.skipif(
    not UPSTREAM.exists(),
    reason="../shared/upstream/openai-openapi.yaml is absent (a fresh clone has no ../shared); CI provides it",
)


def read_example(text: str) -> tuple[str, Any]:
    """An upstream ``x-oaiMeta.example``: ("json", payload), ("stripped", payload) once ``//``
    comments and trailing commas are removed, or ("invalid", None)."""
    try:
        return "json", json.loads(text)
    except ValueError:
        cleaned = re.sub(r",(\s*[}\]])", r"\1", re.sub(r"^\s*//.*$", "", text, flags=re.M))
        try:
            return "stripped", json.loads(cleaned)
        except ValueError:
            return "invalid", None


def roots_of(pairs: dict[str, str]) -> list[RootSpec]:
    """Roots from ``{alias: schema}``; ``schema`` may end in ``" tag=ARG"`` for a caller-given tag."""
    roots = []
    for alias, text in pairs.items():
        schema, _, tag = text.partition(" tag=")
        roots.append(RootSpec(alias, schema, default_lenient(alias), tag or None))
    return roots


def generate_files(
    spec: Path | str, roots: dict[str, str], package: str = "pkg", formatter: str = "ruff", all_schemas: bool = False
) -> dict[str, str]:
    """The generated package's files (name -> text), nothing written."""
    return generate(Options(str(spec), package, roots_of(roots), formatter=formatter, all_schemas=all_schemas)).files


def import_fresh(directory: Path, package: str) -> ModuleType:
    """Import ``package`` from ``directory``, forgetting any module of the same name imported before."""
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(directory))


def build_package(
    tmp: Path,
    spec: Path | str,
    roots: dict[str, str],
    package: str = "pkg",
    formatter: str = "ruff",
    all_schemas: bool = False,
) -> ModuleType:
    """Generate ``package`` from ``spec`` under ``tmp`` and import it."""
    files = generate_files(spec, roots, package, formatter, all_schemas)
    write_package(files, str(tmp / package))
    return import_fresh(tmp, package)


@pytest.fixture(scope="session")
def upstream_realtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The realtime package generated from the upstream OpenAI spec (once per test session)."""
    if not UPSTREAM.exists():
        pytest.skip("../shared/upstream/openai-openapi.yaml is absent (a fresh clone has no ../shared)")
    tmp = tmp_path_factory.mktemp("upstream")
    yield build_package(
        tmp,
        UPSTREAM,
        {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"},
        package="upstream_realtime_events",
    )


@pytest.fixture(scope="session")
def committed() -> ModuleType:
    """The committed package in generated/ (what users vendor)."""
    return import_fresh(ROOT / "generated", "realtime_events")


SNAPSHOT_FILES = ("__init__.py", "events.py", "models.py")  # _runtime.py and py.typed are the same for every spec
OPTIONAL_SNAPSHOT_FILES = ("handlers.py",)  # generated when some root tells its events apart
UPDATE_SNAPSHOTS = os.environ.get("EVENTGEN_UPDATE_SNAPSHOTS") == "1"
BIN = Path(sys.executable).parent


def check_snapshot(files: dict[str, str], directory: Path, label: str) -> None:
    """The generated ``files`` equal the committed snapshot in ``directory`` (rewritten instead, with
    EVENTGEN_UPDATE_SNAPSHOTS=1); a difference fails with a unified diff per file."""
    names = [*SNAPSHOT_FILES, *(name for name in OPTIONAL_SNAPSHOT_FILES if name in files)]
    if UPDATE_SNAPSHOTS:
        directory.mkdir(parents=True, exist_ok=True)
        for name in names:
            (directory / name).write_text(files[name], encoding="utf-8", newline="\n")
        for name in set(OPTIONAL_SNAPSHOT_FILES) - set(names):
            (directory / name).unlink(missing_ok=True)
        return
    diffs: list[str] = [
        f"{(directory / name).relative_to(ROOT)} exists, but no such file is generated\n"
        for name in OPTIONAL_SNAPSHOT_FILES
        if name not in names and (directory / name).exists()
    ]
    for name in names:
        path = directory / name
        if not path.exists():
            diffs.append(f"{path.relative_to(ROOT)} does not exist\n")
            continue
        diffs += difflib.unified_diff(
            path.read_text(encoding="utf-8").splitlines(keepends=True),
            files[name].splitlines(keepends=True),
            f"snapshot/{label}/{name}",
            f"generated/{label}/{name}",
        )
    if diffs:
        pytest.fail(
            f"generated code for {label} differs from {directory.relative_to(ROOT)} "
            "(EVENTGEN_UPDATE_SNAPSHOTS=1 rewrites the snapshots):\n" + "".join(diffs),
            pytrace=False,
        )


def lint_packages(directory: Path, packages: list[str]) -> None:
    """The generated packages in ``directory`` pass ``ruff check --isolated`` and ``mypy --strict``."""
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--isolated", "-q", "--no-cache", *packages],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ruff.returncode, ruff.stdout) == (0, "")
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "--no-error-summary", *packages],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (mypy.returncode, mypy.stdout[-3000:]) == (0, "")
