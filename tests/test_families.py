"""Every event family of the upstream spec, and all of its schemas at once: the package generates,
passes ruff and mypy --strict, and the examples of the closure parse into the class of their schema.

Examples that fail are upstream examples that disagree with their own schema (most leave out a
property the schema requires, such as ``sequence_number`` or ``logprobs`` in older Responses
examples); each must fail with a ValidationError and nothing else. The counts are pinned to the
upstream file in ../shared (commit f85dbe2), so a change in either shows up here.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import UPSTREAM, generate_files, import_fresh, needs_upstream, read_example

from generator.frontends.openapi import schema_location
from generator.loader import load_file
from generator.refs import Resolver
from generator.select import closure
from generator.write import write_package

pytestmark = needs_upstream
BIN = Path(sys.executable).parent

# family: (roots, schemas in the closure, examples that round-trip, valid examples, examples not JSON)
FAMILIES: dict[str, tuple[dict[str, str] | None, int, int, int, int]] = {
    "realtime": ({"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"}, 109, 56, 57, 1),
    "responses": ({"event": "ResponseStreamEvent"}, 298, 41, 52, 1),
    "assistants": ({"event": "AssistantStreamEvent"}, 63, 2, 6, 0),
    "translation": (
        {"client_event": "RealtimeTranslationClientEvent", "server_event": "RealtimeTranslationServerEvent"},
        15,
        11,
        11,
        0,
    ),
    "beta": ({"client_event": "RealtimeBetaClientEvent*", "server_event": "RealtimeBetaServerEvent*"}, 96, 48, 53, 1),
    "all": (None, 1422, 322, 371, 12),
}


@cache
def document() -> Any:
    return load_file(str(UPSTREAM))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each family generated once into its own directory."""
    built = {}
    for family, (roots, *_) in FAMILIES.items():
        out = tmp_path_factory.mktemp(family)
        write_package(
            generate_files(UPSTREAM, roots or {}, package=f"family_{family}", all_schemas=roots is None),
            str(out / f"family_{family}"),
        )
        built[family] = out
    return built


def closure_names(roots: dict[str, str] | None) -> list[str]:
    schemas = document()["components"]["schemas"]
    patterns = list(roots.values()) if roots else ["*"]
    names = [name for name in schemas if any(fnmatch.fnmatchcase(name, p) for p in patterns)]
    resolver = Resolver(str(UPSTREAM), document(), schema_documents=False)
    return [loc.rsplit("/", 1)[-1] for loc in closure(resolver, [schema_location(n) for n in names])]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_family_examples_round_trip_into_their_classes(packages: dict[str, Path], family: str) -> None:
    roots, schemas, exact, valid, not_json = FAMILIES[family]
    package: ModuleType = import_fresh(packages[family], f"family_{family}")
    names = closure_names(roots)
    counts = {"exact": 0, "valid": 0, "not json": 0}
    for name in names:
        text = (document()["components"]["schemas"][name].get("x-oaiMeta") or {}).get("example")
        if not isinstance(text, str):
            continue
        how, payload = read_example(text)
        if how == "invalid":
            counts["not json"] += 1
            continue
        counts["valid"] += 1
        try:
            back = getattr(package.models, name).from_dict(payload, lenient=True).to_dict()
        except package.ValidationError:
            continue  # the example disagrees with its schema (see the module docstring)
        assert json.dumps(back, sort_keys=True) == json.dumps(payload, sort_keys=True), name
        counts["exact"] += 1
    assert (len(names), counts) == (schemas, {"exact": exact, "valid": valid, "not json": not_json})


def test_every_family_passes_ruff_and_mypy_strict(packages: dict[str, Path]) -> None:
    for family, out in packages.items():
        ruff = subprocess.run(
            [BIN / "ruff", "check", "--isolated", "-q", f"family_{family}"],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (family, ruff.returncode, ruff.stdout) == (family, 0, "")
    mypy = subprocess.run(
        [
            BIN / "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            *(str(out / f"family_{family}") for family, out in packages.items()),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout[-3000:]
