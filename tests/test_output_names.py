"""What the command line may not ask of the generated package (issue 17, output side): a package name
Python cannot import as the package, two roots that give the same names; and a union too long for
one chain of ``|``, which ruff then checks without overflowing its stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, generate_files

from generator.cli import main
from generator.write import write_package

SPEC = ROOT / "tests" / "fixtures" / "constructs" / "odd_names.yaml"
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (
            "json",
            "eventgen: error: --package json is the name of a standard library module, so the package could "
            "not be imported beside it; choose another name, e.g. json_events",
        ),
        (
            "typing",
            "eventgen: error: --package typing is the name of a standard library module, so the package could "
            "not be imported beside it; choose another name, e.g. typing_events",
        ),
        (
            "class",
            "eventgen: error: --package class is a Python keyword, so `import class` is a syntax error; "
            "choose another name, e.g. class_events",
        ),
    ],
)
def test_package_name_python_cannot_import_is_refused(
    package: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["generate", "--spec", str(SPEC), "--root", "event=AnyEvent", "--package", package]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == message
    assert not (tmp_path / "out").exists()


def test_roots_whose_names_clash_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["generate", "--spec", str(SPEC), "--root", "foo_bar=AnyEvent", "--root", "FooBar=M", "--package", "p"]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == (
        "eventgen: error: the roots 'foo_bar' and 'FooBar' both give the name FooBar (aliases are written in "
        "snake_case and CapWords): the package would define it twice; rename one of the aliases"
    )


def test_union_of_2100_alternatives_passes_ruff_and_mypy(tmp_path: Path) -> None:
    count = 2100
    lines = ["openapi: 3.1.0", "info: {title: many, version: '1'}", "components:", "  schemas:", "    Event:"]
    lines += ["      oneOf:", *(f"        - $ref: '#/components/schemas/E{i}'" for i in range(count))]
    for i in range(count):
        lines += [f"    E{i}:", "      type: object", f"      properties: {{type: {{const: e{i}}}}}"]
        lines += ["      required: [type]"]
    spec = tmp_path / "many.yaml"
    spec.write_text("\n".join(lines) + "\n")
    files = generate_files(spec, {"event": "Event"}, "many_events")
    assert "    | (\n" in files["events.py"]  # grouped, not one chain of 2,100
    write_package(files, str(tmp_path / "many_events"))
    ruff = subprocess.run(
        [BIN / "ruff", "check", "--isolated", "--no-cache", "-q", "many_events"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ruff.returncode, ruff.stdout, ruff.stderr) == (0, "", "")


def test_alternative_left_to_its_schema_name_beside_tagged_ones_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OpenAPI's implicit mapping (the schema name is the tag) stays, as any_of_discriminator shows,
    but beside alternatives that fix their tags it is most likely a mistake: it is said."""
    spec = ROOT / "tests" / "fixtures" / "constructs" / "any_of_discriminator.yaml"
    argv = ["generate", "--spec", str(spec), "--root", "event=AnyEvent", "--package", "p"]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "schema name" in line]
    assert warnings == [
        "warning: #/components/schemas/Cat: no fixed value for the discriminator 'pet_type' of the union at "
        "#/components/schemas/Pet, while Lizard has one: its tag is taken to be its schema name 'Cat', as OpenAPI "
        "says, and an event with another 'pet_type' comes back unknown; to say otherwise, give Cat's 'pet_type' a "
        "const or map its tag in discriminator.mapping",
        "warning: #/components/schemas/Dog: no fixed value for the discriminator 'pet_type' of the union at "
        "#/components/schemas/Pet, while Lizard has one: its tag is taken to be its schema name 'Dog', as OpenAPI "
        "says, and an event with another 'pet_type' comes back unknown; to say otherwise, give Dog's 'pet_type' a "
        "const or map its tag in discriminator.mapping",
    ]
