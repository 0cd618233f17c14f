"""Bad specs: each one ends in exit code 2 and one message that says where, what is wrong and how to fix it.

Every file directly in ``tests/fixtures/bad_specs/`` is one case (files the cases refer to live in
``side/``); two more cases are made here: a spec over the loader's size limit and a spec path that
does not exist. Each case runs the real command in a subprocess and must:

- exit with code 2, print no traceback and no "internal error";
- print exactly ``eventgen: error: <file>#<pointer>: <what is wrong>`` and ``  fix: <what would fix it>``,
  naming the file and, when the problem is inside a document, the JSON pointer (``CASES`` lists
  what each message must start with);
- leave ``--out`` alone: the directory must not even be created.

The messages themselves are reviewed in ``tests/snapshots/bad_specs.txt`` (paths normalised to
``<fixtures>`` and ``<tmp>``). ``EVENTGEN_UPDATE_SNAPSHOTS=1`` rewrites that file from the current
output, except for cases that break the contract above: their block is kept, since it holds the
message they should print.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "bad_specs"
FIXTURES_REL = FIXTURES.relative_to(ROOT).as_posix()
SNAPSHOT = ROOT / "tests" / "snapshots" / "bad_specs.txt"
UPDATE = os.environ.get("EVENTGEN_UPDATE_SNAPSHOTS") == "1"

PREFIX = "eventgen: error: "
FIX = "  fix: "
POSITION = "at line "  # syntax errors have no pointer: they must give a line and column instead
HUGE_BYTES = 70 * 1024 * 1024  # over generator.loader.MAX_BYTES (64 MiB)
HUGE = "huge_file"
MISSING = "spec_file_missing"


@dataclass(frozen=True)
class Case:
    where: tuple[str, ...]  # what the message may start with after PREFIX (one of them)
    root: str = "Event"
    also: tuple[str, ...] = ()  # text the message must contain as well
    args: tuple[str, ...] = ()  # more arguments for the command
    out_is_file: bool = False  # --out names an existing file, which must be left as it is


def at(file: str, *pointers: str) -> tuple[str, ...]:
    """Accepted starts ``<fixtures>/file#pointer: `` (no pointer: the problem is the file as a whole)."""
    return tuple(f"<fixtures>/{file}{pointer}: " for pointer in pointers or ("",))


EVENT = "#/components/schemas/Event"

CASES: dict[str, Case] = {
    # $ref that leads nowhere
    "unresolvable_ref.yaml": Case(at("unresolvable_ref.yaml", f"{EVENT}/properties/payload")),
    "unresolvable_ref_missing_file.yaml": Case(
        at("unresolvable_ref_missing_file.yaml", f"{EVENT}/properties/payload") + at("side/no_such_file.yaml"),
        # the $ref that is wrong stands in the main spec: say which file that pointer is in
        also=(f"<fixtures>/unresolvable_ref_missing_file.yaml{EVENT}/properties/payload",),
    ),
    "unresolvable_ref_escaped_pointer.yaml": Case(
        at("unresolvable_ref_escaped_pointer.yaml", f"{EVENT}/properties/payload"), also=("a~1b~0c",)
    ),
    "ref_not_string.yaml": Case(
        at("ref_not_string.yaml", f"{EVENT}/properties/value", f"{EVENT}/properties/value/$ref")
    ),
    "ref_remote.yaml": Case(at("ref_remote.yaml", f"{EVENT}/properties/value", f"{EVENT}/properties/value/$ref")),
    "ref_into_invalid_yaml.yaml": Case(
        at("side/broken.yaml"),
        also=(POSITION, f"<fixtures>/ref_into_invalid_yaml.yaml{EVENT}/properties/value"),
    ),
    # cycles without an object
    "ref_cycle_no_object.yaml": Case(
        at("ref_cycle_no_object.yaml", "#/components/schemas/A", "#/components/schemas/B")
    ),
    "allof_cycle.yaml": Case(at("allof_cycle.yaml", "#/components/schemas/A", "#/components/schemas/B")),
    "ref_cycle_self_anyof.yaml": Case(
        at("ref_cycle_self_anyof.yaml", "#/components/schemas/A", "#/components/schemas/A/anyOf/0")
    ),
    # roots
    "root_missing.yaml": Case(at("root_missing.yaml", "#/components/schemas")),
    "no_components.yaml": Case(at("no_components.yaml", "", "#", "#/components", "#/components/schemas")),
    "components_not_mapping.yaml": Case(at("components_not_mapping.yaml", "#/components")),
    # schema keywords
    "unknown_type.yaml": Case(at("unknown_type.yaml", f"{EVENT}/properties/name/type")),
    "properties_list.yaml": Case(at("properties_list.yaml", f"{EVENT}/properties")),
    "required_string.yaml": Case(at("required_string.yaml", f"{EVENT}/required")),
    "anyof_not_list.yaml": Case(at("anyof_not_list.yaml", f"{EVENT}/properties/value/anyOf")),
    # discriminators
    "discriminator_inseparable.yaml": Case(at("discriminator_inseparable.yaml", EVENT, f"{EVENT}/discriminator")),
    "discriminator_property_missing.yaml": Case(at("discriminator_property_missing.yaml", "#/components/schemas/Pong")),
    "discriminator_property_missing_inline.yaml": Case(
        at("discriminator_property_missing_inline.yaml", f"{EVENT}/oneOf/1")
    ),
    "discriminator_mapping_not_alternative.yaml": Case(
        at(
            "discriminator_mapping_not_alternative.yaml",
            f"{EVENT}/discriminator/mapping",
            f"{EVENT}/discriminator/mapping/pong",
        )
    ),
    # JSON Schema: drafts, $id and anchors
    "jsonschema_draft4_const.json": Case(at("jsonschema_draft4_const.json", "#/definitions/Event/properties/type")),
    "jsonschema_items_list_2020.json": Case(
        at("jsonschema_items_list_2020.json", "#/$defs/Event/properties/pair", "#/$defs/Event/properties/pair/items")
    ),
    "jsonschema_id_unresolvable.json": Case(
        at("jsonschema_id_unresolvable.json", "#/$defs/Event/properties/payload"), also=("--ref-base",)
    ),
    "jsonschema_anchor_missing.json": Case(at("jsonschema_anchor_missing.json", "#/$defs/Event/properties/payload")),
    # AsyncAPI messages that give no JSON Schema payload
    "asyncapi_message_without_payload.yaml": Case(
        at("asyncapi_message_without_payload.yaml", "#/components/messages/Event")
    ),
    "asyncapi_avro_payload.yaml": Case(
        at("asyncapi_avro_payload.yaml", "#/components/messages/Event/schemaFormat"), also=("Avro",)
    ),
    # files that are not a document
    "invalid_yaml_indentation.yaml": Case(at("invalid_yaml_indentation.yaml"), also=(POSITION,)),
    "invalid_yaml_unclosed_bracket.yaml": Case(at("invalid_yaml_unclosed_bracket.yaml"), also=(POSITION,)),
    "invalid_json_trailing_comma.json": Case(at("invalid_json_trailing_comma.json"), also=(POSITION,)),
    "empty.yaml": Case(at("empty.yaml")),
    "only_comments.yaml": Case(at("only_comments.yaml", "", "#")),
    "top_level_list.yaml": Case(at("top_level_list.yaml", "", "#")),
    # limits: nesting, $ref chains, document size (alias bombs)
    "nesting_objects_1000.json": Case(at("nesting_objects_1000.json"), also=(POSITION,)),
    "nesting_arrays_400.json": Case((f"<fixtures>/nesting_arrays_400.json{EVENT}/properties/deep/items/items/",)),
    "nesting_allof_400.json": Case((f"<fixtures>/nesting_allof_400.json{EVENT}/properties/deep/allOf/0/",)),
    "nesting_anyof_400.json": Case((f"<fixtures>/nesting_anyof_400.json{EVENT}/properties/deep/anyOf/0/",)),
    "ref_chain_600.json": Case(at("ref_chain_600.json", "#/components/schemas/S148")),
    "yaml_alias_bomb.yaml": Case((f"<fixtures>/yaml_alias_bomb.yaml{EVENT}/properties/kind/enum/",)),
    "yaml_alias_bomb_jsonschema.yaml": Case(("<fixtures>/yaml_alias_bomb_jsonschema.yaml#/x-lol",), root="#"),
    "yaml_alias_recursive.yaml": Case(
        (f"<fixtures>/yaml_alias_recursive.yaml{EVENT}/properties/self/",), also=("contains itself",)
    ),
    # YAML and JSON that a reader would take apart silently, or that JSON cannot hold
    "yaml_duplicate_key.yaml": Case(at("yaml_duplicate_key.yaml"), also=(POSITION,)),
    "json_duplicate_key.json": Case(at("json_duplicate_key.json", EVENT)),
    "yaml_timestamp.yaml": Case(at("yaml_timestamp.yaml"), also=(POSITION, "!!timestamp")),
    "yaml_set.yaml": Case(at("yaml_set.yaml"), also=(POSITION, "!!set")),
    "yaml_non_utf8.yaml": Case(at("yaml_non_utf8.yaml"), also=(POSITION, "UTF-8")),
    # keywords of the wrong JSON type (in documents with $id: before the reference scan)
    "jsonschema_additional_properties_number.json": Case(
        at("jsonschema_additional_properties_number.json", "#/$defs/Event/additionalProperties")
    ),
    "jsonschema_properties_true.json": Case(at("jsonschema_properties_true.json", "#/$defs/Event/properties")),
    "jsonschema_items_list_with_id.json": Case(
        at("jsonschema_items_list_with_id.json", "#/$defs/Event/properties/pair/items")
    ),
    "jsonschema_definitions_list.json": Case(at("jsonschema_definitions_list.json", "#/definitions")),
    "jsonschema_anyof_null.json": Case(at("jsonschema_anyof_null.json", "#/$defs/Event/properties/value/anyOf")),
    "jsonschema_id_object.json": Case(at("jsonschema_id_object.json", "#/$defs/Event/$id")),
    "jsonschema_id_bad_uri.json": Case(at("jsonschema_id_bad_uri.json", "#/$defs/Event/$id")),
    "jsonschema_required_nested_list.json": Case(at("jsonschema_required_nested_list.json", "#/$defs/Event/required")),
    "additional_properties_string.yaml": Case(at("additional_properties_string.yaml", f"{EVENT}/additionalProperties")),
    "additional_properties_null.yaml": Case(at("additional_properties_null.yaml", f"{EVENT}/additionalProperties")),
    "type_empty_list.yaml": Case(at("type_empty_list.yaml", f"{EVENT}/properties/name/type")),
    "max_length_negative.yaml": Case(at("max_length_negative.yaml", f"{EVENT}/properties/name/maxLength")),
    "max_length_string.yaml": Case(at("max_length_string.yaml", f"{EVENT}/properties/name/maxLength")),
    "multiple_of_zero.yaml": Case(at("multiple_of_zero.yaml", f"{EVENT}/properties/n/multipleOf")),
    "discriminator_mapping_list.yaml": Case(at("discriminator_mapping_list.yaml", f"{EVENT}/discriminator")),
    "discriminator_mapping_number.yaml": Case(at("discriminator_mapping_number.yaml", f"{EVENT}/discriminator")),
    "discriminator_ref_deleted.yaml": Case(at("discriminator_ref_deleted.yaml", f"{EVENT}/oneOf/1")),
    # what the document is
    "ref_to_document.yaml": Case(at("ref_to_document.yaml", f"{EVENT}/properties/value")),
    "ref_to_info.yaml": Case(at("ref_to_info.yaml", f"{EVENT}/properties/value"), also=("#/info",)),
    "ref_to_server.yaml": Case(at("ref_to_server.yaml", f"{EVENT}/properties/value"), also=("#/servers/0",)),
    "openapi_2_0.yaml": Case(at("openapi_2_0.yaml", "#/openapi"), also=("swagger",)),
    "openapi_4_0.yaml": Case(at("openapi_4_0.yaml", "#/openapi")),
    "jsonschema_draft3.json": Case(at("jsonschema_draft3.json", "#/$schema")),
    "jsonschema_empty.json": Case(at("jsonschema_empty.json", "#"), also=("eventgen inspect",)),
    # reads outside the spec's folder tree: the reference is named, the contents never shown
    "ref_file_uri_outside.yaml": Case(
        at("ref_file_uri_outside.yaml", f"{EVENT}/properties/value"), also=("--allow-read",)
    ),
    "ref_absolute_path_outside.yaml": Case(
        at("ref_absolute_path_outside.yaml", f"{EVENT}/properties/value"), also=("--allow-read",)
    ),
    "ref_parent_outside.yaml": Case(at("ref_parent_outside.yaml", f"{EVENT}/properties/value"), also=("--allow-read",)),
    "caller_tag_ref_deleted.yaml": Case(
        at("caller_tag_ref_deleted.yaml", f"{EVENT}/oneOf/1"), args=("--caller-tag", "event=event")
    ),
    "out_names_a_file.yaml": Case(("<tmp>/out: ",), out_is_file=True),
    # options and files beside the spec (the spec itself is good)
    "template_syntax_error.yaml": Case(
        at("side/bad_templates/models.py.jinja"),
        also=("at line",),
        args=("--templates", f"{FIXTURES_REL}/side/bad_templates"),
    ),
    "overlay_target_unclosed.yaml": Case(
        at("side/overlay_bad_target.yaml", "#/actions/0/target"),
        args=("--overlay", f"{FIXTURES_REL}/side/overlay_bad_target.yaml"),
    ),
    "config_overlays_string.yaml": Case(
        at("side/config/overlays_string.yaml", "#/overlays"),
        args=("--config", f"{FIXTURES_REL}/side/config/overlays_string.yaml"),
    ),
    "config_duplicate_key.yaml": Case(
        at("side/config/duplicate_key.yaml"),
        also=(POSITION,),
        args=("--config", f"{FIXTURES_REL}/side/config/duplicate_key.yaml"),
    ),
    # --- issue 17, output side: what the generated package could not do right ---
    "discriminator_integer.yaml": Case(at("discriminator_integer.yaml", "#/components/schemas/One/properties/kind")),
    "discriminator_empty_alternative.yaml": Case(at("discriminator_empty_alternative.yaml", f"{EVENT}/oneOf/1")),
    "discriminator_true_alternative.yaml": Case(at("discriminator_true_alternative.yaml", f"{EVENT}/oneOf/1")),
    # 200 arrays in one another: the loader's 100-level limit stops it before the 50-level one of the emitter
    "deep_arrays.json": Case((f"<fixtures>/deep_arrays.json{EVENT}/properties/deep/items/items/",)),
    # --- end of issue 17, output side ---
    # made by the test, not stored
    HUGE: Case(("<tmp>/huge.yaml: ",)),
    MISSING: Case(at("side/no_such_spec.yaml")),
}
CHECKED = ("unresolvable_ref.yaml", "invalid_yaml_unclosed_bracket.yaml", "invalid_json_trailing_comma.json")


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    message: str  # stderr with paths normalised, as in the snapshot
    out_exists: bool


def write_huge(path: Path) -> None:
    """A valid spec padded with comments to HUGE_BYTES: only the size is wrong with it."""
    head = b"openapi: 3.1.0\ncomponents:\n  schemas:\n    Event:\n      type: object\n"
    line = b"#" + b" padding" * 127 + b"\n"  # 1024 bytes
    lines, rest = divmod(HUGE_BYTES - len(head), len(line))
    with open(path, "wb") as handle:
        handle.write(head)
        for _ in range(lines // 1024):
            handle.write(line * 1024)
        handle.write(line * (lines % 1024))
        handle.write(b"#" * (rest - 1) + b"\n" if rest else b"")
    assert path.stat().st_size == HUGE_BYTES


def run_cli(command: str, spec: str, root: str, tmp: Path, case: Case | None = None) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "EVENTGEN_DEBUG"}  # a traceback must never be the answer
    out = tmp / "out"
    if case and case.out_is_file:
        out.write_text("not a folder\n", encoding="utf-8")
    argv = [sys.executable, "-m", "generator", command, "--spec", spec, "--root", f"event={root}"]
    argv += case.args if case else ()
    done = subprocess.run(
        [*argv, "--package", "pkg", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    untouched = out.is_file() and out.read_text(encoding="utf-8") == "not a folder\n"
    return Run(done.returncode, done.stderr, normalise(done.stderr, tmp), out.exists() and not untouched)


def normalise(text: str, tmp: Path) -> str:
    pairs = ((str(tmp), "<tmp>"), (str(FIXTURES), "<fixtures>"), (FIXTURES_REL, "<fixtures>"), (str(ROOT), "<repo>"))
    for path, name in pairs:
        text = text.replace(path, name)
    return text.rstrip("\n")


def spec_path(name: str, tmp: Path) -> str:
    if name == HUGE:
        write_huge(tmp / "huge.yaml")
        return str(tmp / "huge.yaml")
    if name == MISSING:
        return f"{FIXTURES_REL}/side/no_such_spec.yaml"
    return f"{FIXTURES_REL}/{name}"


def problems(name: str, run: Run) -> list[str]:
    """How a run breaks the contract for bad specs (empty: it keeps it)."""
    case = CASES[name]
    found = []
    if run.returncode != 2:
        found.append(f"exit code {run.returncode}, expected 2")
    if "Traceback" in run.stderr:
        found.append("a traceback reached the user")
    if "internal error" in run.stderr:
        found.append("an internal error instead of a message about the spec")
    if run.out_exists:
        found.append("--out was written (or created) although the spec is bad")
    lines = run.message.splitlines()
    if len(lines) != 2 or not lines[0].startswith(PREFIX) or not lines[1].startswith(FIX) or not lines[1][len(FIX) :]:
        found.append(f"stderr is not one message: {PREFIX!r}<where>: <what> and {FIX!r}<hint> on the next line")
    text = lines[0][len(PREFIX) :] if lines and lines[0].startswith(PREFIX) else run.message
    if not text.startswith(case.where):
        found.append(f"the message should start with one of {list(case.where)} (file, then pointer)")
    found += [f"the message should also contain {part!r}" for part in case.also if part not in run.message]
    if "root:x:0" in run.stderr:
        found.append("the message quotes a file the spec may not read")
    return found


def read_snapshot() -> dict[str, str]:
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    if SNAPSHOT.exists():
        for line in SNAPSHOT.read_text(encoding="utf-8").splitlines():
            if line.startswith("== "):
                current = blocks.setdefault(line[3:].strip(), [])
            elif current is not None:
                current.append(line)
    return {name: "\n".join(lines).rstrip("\n") for name, lines in blocks.items()}


def write_snapshot(blocks: dict[str, str]) -> None:
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"== {name}\n{blocks[name]}\n\n" for name in sorted(blocks))
    SNAPSHOT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case, run once in parallel (each in its own temporary directory)."""

    tmps = {name: tmp_path_factory.mktemp(name.replace(".", "_")) for name in CASES}  # not thread-safe

    def one(name: str) -> Run:
        return run_cli("generate", spec_path(name, tmps[name]), CASES[name].root, tmps[name], CASES[name])

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1) * 2) as pool:
        results = dict(zip(CASES, pool.map(one, CASES), strict=True))
    if UPDATE:
        old = read_snapshot()
        write_snapshot(
            {name: old[name] if problems(name, run) and name in old else run.message for name, run in results.items()}
        )
    return results


def test_corpus_matches_the_table() -> None:
    """Every fixture file is a case with its expectations, and every case has a reviewed message."""
    files = {p.name for p in FIXTURES.iterdir() if p.is_file()}
    assert files == set(CASES) - {HUGE, MISSING}
    assert len(CASES) >= 22
    assert set(read_snapshot()) == set(CASES), "run with EVENTGEN_UPDATE_SNAPSHOTS=1 and review the diff"


@pytest.mark.parametrize("name", list(CASES))
def test_bad_spec_is_reported(runs: dict[str, Run], name: str) -> None:
    run = runs[name]
    found = problems(name, run)
    assert not found, "\n".join([f"{name}:", *found, "stderr:", run.stderr])


@pytest.mark.parametrize("name", list(CASES))
def test_message_matches_snapshot(runs: dict[str, Run], name: str) -> None:
    expected = read_snapshot().get(name)
    assert expected is not None, f"no block '== {name}' in {SNAPSHOT}"
    assert runs[name].message == expected


@pytest.mark.parametrize("name", CHECKED)
def test_check_command_fails_the_same_way(runs: dict[str, Run], name: str, tmp_path: Path) -> None:
    run = run_cli("check", spec_path(name, tmp_path), CASES[name].root, tmp_path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.message.startswith(PREFIX), run.stderr
    assert run.message == runs[name].message
    assert not run.out_exists
