"""How specs are read when they are odd but valid, or hostile: YAML read as JSON data, the limits
on nesting, and the folders a $ref may read (README: "Hostile or broken specs"). The bad specs
themselves, with their messages, are in tests/test_bad_specs.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import SpecError
from generator.limits import MAX_DEPTH, MAX_SCHEMA_DEPTH
from generator.loader import parse_text
from generator.pipeline import Options, RootSpec, generate

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'
SECRET = "do-not-quote-me"


def spec_with_ref(ref: str) -> str:
    return (
        f"{HEAD}components:\n  schemas:\n    Event:\n      type: object\n      properties:\n"
        f"        type: {{const: ping}}\n        value: {{$ref: '{ref}'}}\n"
    )


def generated_models(spec: Path, **options: object) -> str:
    result = generate(Options(str(spec), "pkg", [RootSpec("event", "Event", True)], formatter="none", **options))  # type: ignore[arg-type]
    return result.files["models.py"]


def test_plain_keys_are_their_text() -> None:
    document = parse_text(b"a:\n  200: x\n  null: y\n  true: z\n  1.5: w\n", "spec.yaml")
    assert document == {"a": {"200": "x", "null": "y", "true": "z", "1.5": "w"}}


def test_property_named_like_a_number_is_generated(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    body = "components:\n  schemas:\n    Event:\n      type: object\n      properties:\n        1: {type: string}\n"
    spec.write_text(HEAD + body, encoding="utf-8")
    assert '"1"' in generated_models(spec)


def test_merge_keys_may_be_overridden_but_own_keys_not_repeated() -> None:
    assert parse_text(b"a: &x {b: 1, c: 2}\nd:\n  <<: *x\n  b: 3\n", "m.yaml")["d"] == {"b": 3, "c": 2}
    with pytest.raises(SpecError, match="the key 'b' appears twice"):
        parse_text(b"a: &x {b: 1}\nd:\n  <<: *x\n  b: 3\n  b: 4\n", "m.yaml")


@pytest.mark.parametrize(
    "text",
    [b"a: " + b"[" * 1000 + b"]" * 1000, b"a:\n" + b"- " * 1000 + b"x\n", b"a: " + b"{b: " * 1000 + b"1" + b"}" * 1000],
)
def test_deep_yaml_is_refused_with_its_position(text: bytes) -> None:
    with pytest.raises(SpecError) as caught:
        parse_text(text, "deep.yaml")
    assert f"nest more than {MAX_DEPTH} levels" in caught.value.message
    assert "line" in caught.value.message or caught.value.pointer.startswith("#/a")


def test_very_deep_yaml_does_not_crash_the_reader(tmp_path: Path) -> None:
    """libyaml's composer recurses in C; 300,000 levels would overflow it without the event scan."""
    spec = tmp_path / "deep.yaml"
    spec.write_bytes(b"a: " + b"[" * 300_000 + b"]" * 300_000 + b"\n")
    argv = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--root", "e=E"]
    done = subprocess.run(
        [*argv, "--package", "p", "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"eventgen: error: {spec}: objects and arrays nest more than {MAX_DEPTH} levels")


def test_deep_json_is_refused_with_its_position() -> None:
    with pytest.raises(SpecError, match=r"nest more than 100 levels deep at line 1, column 106"):
        parse_text(b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", "deep.json")


def ref_chain(length: int) -> str:
    lines = [f"    S{i}: {{$ref: '#/components/schemas/S{i + 1}'}}\n" for i in range(length)]
    return (
        f"{HEAD}components:\n  schemas:\n    Event:\n      type: object\n      properties:\n"
        f"        value: {{$ref: '#/components/schemas/S0'}}\n" + "".join(lines) + f"    S{length}: {{type: string}}\n"
    )


def test_ref_chain_under_the_limit_is_generated(tmp_path: Path) -> None:
    spec = tmp_path / "chain.yaml"
    spec.write_text(ref_chain(MAX_SCHEMA_DEPTH - 10), encoding="utf-8")
    assert "class Event" in generated_models(spec)


def test_ref_chain_over_the_limit_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "chain.yaml"
    spec.write_text(ref_chain(MAX_SCHEMA_DEPTH + 10), encoding="utf-8")
    with pytest.raises(SpecError, match=f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"):
        generated_models(spec)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A spec folder, and beside it a folder with a schema the spec refers to."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "common.yaml").write_text(
        f"Payload:\n  type: object\n  description: {SECRET}\n  properties:\n    id: {{type: string}}\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("kind", ["parent", "absolute", "file-uri", "symlink"])
def test_refs_out_of_the_tree_are_refused_without_quoting(outside: Path, kind: str) -> None:
    target = outside / "shared" / "common.yaml"
    ref = {
        "parent": "../shared/common.yaml#/Payload",
        "absolute": f"{target}#/Payload",
        "file-uri": f"{target.as_uri()}#/Payload",
        "symlink": "link/common.yaml#/Payload",
    }[kind]
    if kind == "symlink":
        os.symlink(outside / "shared", outside / "spec" / "link")
    spec = outside / "spec" / "spec.yaml"
    spec.write_text(spec_with_ref(ref), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        generated_models(spec)
    text = str(caught.value)
    assert "outside the spec's folder tree" in text and "--allow-read" in text and ref.split("#")[0] in text
    assert SECRET not in text


def test_allow_read_opens_a_folder(outside: Path) -> None:
    spec = outside / "spec" / "spec.yaml"
    spec.write_text(spec_with_ref("../shared/common.yaml#/Payload"), encoding="utf-8")
    assert "class Payload" in generated_models(spec, allow_read=(str(outside / "shared"),))


def test_refs_inside_the_tree_are_read(outside: Path) -> None:
    (outside / "spec" / "sub").mkdir()
    (outside / "spec" / "sub" / "common.yaml").write_text((outside / "shared" / "common.yaml").read_text())
    spec = outside / "spec" / "spec.yaml"
    spec.write_text(spec_with_ref("sub/common.yaml#/Payload"), encoding="utf-8")
    assert "class Payload" in generated_models(spec)


def test_allow_read_from_the_command_line_and_the_config(outside: Path) -> None:
    spec = outside / "spec" / "spec.yaml"
    spec.write_text(spec_with_ref("../shared/common.yaml#/Payload"), encoding="utf-8")
    config = outside / "spec" / "eventgen.yaml"
    config.write_text(
        "spec: spec.yaml\npackage: pkg\nroots: {event: Event}\nallow_read: [../shared]\n", encoding="utf-8"
    )
    argv = [sys.executable, "-m", "generator", "generate", "--formatter", "none"]
    runs = {
        "flag": [
            *argv,
            "--spec",
            str(spec),
            "--root",
            "event=Event",
            "--package",
            "pkg",
            "--allow-read",
            str(outside / "shared"),
        ],
        "config": [*argv, "--config", str(config)],
        "neither": [*argv, "--spec", str(spec), "--root", "event=Event", "--package", "pkg"],
    }
    codes = {}
    for name, command in runs.items():
        done = subprocess.run([*command, "--out", str(outside / name)], cwd=ROOT, capture_output=True, text=True)
        codes[name] = done.returncode
        assert SECRET not in done.stderr
    assert codes == {"flag": 0, "config": 0, "neither": 2}
    assert (outside / "config" / "pkg" / "models.py").read_text(encoding="utf-8").count("class Payload") == 1
