"""One small spec per schema construct (tests/fixtures/constructs): the code generated from each is
compared with a committed snapshot, the generated package is exercised the way a user would, and
all of them must pass ``ruff check`` and ``mypy --strict``.

Refresh the snapshots after an intended change of the output with
``EVENTGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_constructs.py``, then review the diff.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, get_type_hints

import pytest
from conftest import ROOT, check_snapshot, generate_files, import_fresh

from generator.write import write_package

FIXTURES = ROOT / "tests" / "fixtures" / "constructs"
SNAPSHOTS = ROOT / "tests" / "snapshots" / "constructs"
PACKAGE_FILES = ["__init__.py", "_runtime.py", "events.py", "models.py", "py.typed"]
BIN = ROOT / ".venv" / "bin"

EVENT = {"event": "AnyEvent"}  # lenient root: parse_event, EVENT_TYPES, UnknownEvent
CLIENT = {"client_event": "AnyClientEvent"}  # strict root: parse_client_event
CASES: dict[str, dict[str, str]] = {  # fixture name (file stem) -> roots
    "additional_properties": EVENT,
    "all_of": EVENT,
    "any_of_discriminator": EVENT,
    "any_of_null": EVENT,
    "array_of_unions": EVENT,
    "composite_discriminator": EVENT,
    "composite_root": EVENT,
    "const": CLIENT,
    "defaults": EVENT,
    "enums_numbers": {**CLIENT, "server_event": "AnyServerEvent"},
    "external_ref": EVENT,  # refers to common.yaml, which is not a fixture of its own
    "formats": EVENT,
    "keyword_names": EVENT,
    "lone_surrogates": EVENT,
    "name_collisions": EVENT,
    "nullable_30": EVENT,
    "odd_names": EVENT,
    "odd_values": CLIENT,
    "one_of_mapping": EVENT,
    "open_enum": CLIENT,
    "primitive_unions": CLIENT,
    "recursive": EVENT,
    "root_named_like_alias": {"event": "Event"},
    "single_variant_root": EVENT,
    "tags_alike": EVENT,
    "type_list_null": EVENT,
    "union_with_any": EVENT,
    "openapi_webhooks": {"hook": "webhooks tag=webhook"},
    # plain JSON Schema
    "jsonschema_ids": {"event": "#"},  # refers to jsonschema_side/, which holds no fixture of its own
    "jsonschema_draft4": EVENT | {"event": "AnyReading"},
    "jsonschema_caller_tag": {"webhook": "# tag=event"},
    "jsonschema_values": {"client_batch": "#"},
    # Swagger 2.0 and AsyncAPI 1.x (their behaviour: test_swagger2.py, test_asyncapi1.py)
    "swagger2": EVENT,
    "asyncapi1_topics": {},  # the default roots: incoming and outgoing
}


def package_name(case: str) -> str:
    return f"constructs_{case}"


@functools.cache
def generated(case: str) -> dict[str, str]:
    """The files generated from one fixture (computed once per test run)."""
    return generate_files(fixture(case), CASES[case], package_name(case))


def fixture(case: str) -> Path:
    return next(path for path in FIXTURES.glob(f"{case}.*") if path.suffix in (".yaml", ".json"))


@pytest.fixture(scope="module")
def load(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ModuleType]:
    """Import the package generated from a fixture (written and imported once per module)."""
    directory = tmp_path_factory.mktemp("constructs")
    cache: dict[str, ModuleType] = {}

    def get(case: str) -> ModuleType:
        if case not in cache:
            write_package(generated(case), str(directory / package_name(case)))
            cache[case] = import_fresh(directory, package_name(case))
        return cache[case]

    return get


def rejects(pkg: ModuleType, parse: Callable[[Any], object], payload: Any, message: str) -> None:
    """Parsing ``payload`` raises the package's ValidationError with exactly ``message``, which starts with the path."""
    with pytest.raises(pkg.ValidationError) as info:
        parse(payload)
    assert (info.value.path, str(info.value)) == (message.partition(": ")[0], message)


def set_aside_leniently(pkg: ModuleType, cls: Any, payload: dict[str, Any], message: str) -> None:
    """A lenient parse sets the mistyped optional property aside (UNSET, kept in ``extra``, sent back);
    a strict one rejects it with exactly ``message``."""
    name = message.partition(": ")[0].removeprefix("$").lstrip(".").strip('[]"')
    lenient = cls.from_dict(payload, lenient=True)
    assert (lenient.set_aside, lenient.extra[name], lenient.to_dict()) == ((name,), payload[name], payload)
    rejects(pkg, cls.from_dict, payload, message)


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


# -- snapshots ----------------------------------------------------------------------------------


def test_every_fixture_spec_has_a_case_and_every_snapshot_a_fixture() -> None:
    specs = sorted(p.stem for p in [*FIXTURES.glob("*.yaml"), *FIXTURES.glob("*.json")] if p.name != "common.yaml")
    assert specs == sorted(CASES)
    assert sorted(p.name for p in SNAPSHOTS.iterdir() if p.name not in CASES) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_code_matches_snapshot(case: str) -> None:
    files = generated(case)
    handlers = ["handlers.py"] if "\nclass Unknown" in files["events.py"] else []  # a root tells events apart
    assert sorted(files) == sorted([*PACKAGE_FILES, *handlers])
    check_snapshot(files, SNAPSHOTS / case, case)


def test_every_generated_package_passes_ruff_and_mypy_strict(tmp_path: Path) -> None:
    failures = []
    packages = []
    for case in sorted(CASES):
        try:
            files = generated(case)
        except Exception as exc:  # reported together with the linters' findings
            failures.append(f"{case}: generation failed: {type(exc).__name__}: {exc}")
            continue
        write_package(files, str(tmp_path / package_name(case)))
        packages.append(package_name(case))
    ruff = subprocess.run(
        [str(BIN / "ruff"), "check", "--isolated", "--output-format", "concise", "--no-cache", *packages],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    if ruff.returncode != 0:
        failures.append("ruff check --isolated:\n" + ruff.stdout + ruff.stderr)
    mypy = subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--no-error-summary",
            *packages,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    if mypy.returncode != 0:
        failures.append("mypy --strict:\n" + mypy.stdout + mypy.stderr)
    assert not failures, "\n".join(failures)


# -- allOf --------------------------------------------------------------------------------------


def test_all_of_merges_both_refs_and_inline_properties_in_spec_order(load: Callable[[str], ModuleType]) -> None:
    m = load("all_of")
    assert field_names(m.Item) == ["id", "created_at", "updated_at", "name", "tags", "extra"]
    assert field_names(m.ItemCreated) == ["id", "type", "item", "extra"]


def test_all_of_payload_round_trips(load: Callable[[str], ModuleType]) -> None:
    m = load("all_of")
    payload = {
        "id": "ev_1",
        "type": "item.created",
        "item": {"id": "it_1", "created_at": 1700000000, "name": "lamp", "tags": ["new"]},
    }
    event = m.parse_event(payload)
    assert type(event).__name__ == "ItemCreated"
    assert type(event.item).__name__ == "Item"
    assert (event.item.id, event.item.created_at, event.item.updated_at) == ("it_1", 1700000000, m.UNSET)
    assert event.to_dict() == payload


def test_all_of_requires_what_each_part_requires(load: Callable[[str], ModuleType]) -> None:
    m = load("all_of")
    item = {"id": "it_1", "created_at": 1, "name": "lamp"}
    for missing, expected in [("id", "a string"), ("created_at", "an integer"), ("name", "a string")]:
        partial = {k: v for k, v in item.items() if k != missing}
        rejects(
            m,
            m.parse_event,
            {"id": "ev_1", "type": "item.created", "item": partial},
            f"$.item.{missing}: missing required property (expected {expected})",
        )
    rejects(
        m, m.parse_event, {"type": "item.created", "item": item}, "$.id: missing required property (expected a string)"
    )


# -- recursion ----------------------------------------------------------------------------------


def test_recursive_tree_parses_four_levels_and_round_trips(load: Callable[[str], ModuleType]) -> None:
    m = load("recursive")
    payload = {
        "type": "tree",
        "root": {
            "label": "a",
            "children": [{"label": "b", "children": [{"label": "c", "children": [{"label": "d"}]}]}],
        },
    }
    event = m.parse_event(payload)
    leaf = event.root.children[0].children[0].children[0]
    assert type(leaf).__name__ == "TreeNode"
    assert (leaf.label, leaf.children) == ("d", m.UNSET)
    assert event.to_dict() == payload


def test_recursive_tree_error_names_the_nested_path(load: Callable[[str], ModuleType]) -> None:
    m = load("recursive")
    payload = {"type": "tree", "root": {"label": "a", "children": [{"label": "b", "children": [{"label": 7}]}]}}
    rejects(m, m.parse_event, payload, "$.root.children[0].children[0].label: expected a string, got the number 7")


def test_mutually_recursive_schemas_parse_until_null(load: Callable[[str], ModuleType]) -> None:
    m = load("recursive")
    payload = {
        "type": "author",
        "author": {
            "name": "Ann",
            "latest_book": {"title": "One", "author": {"name": "Ann", "latest_book": {"title": "Two", "author": None}}},
        },
    }
    event = m.parse_event(payload)
    inner = event.author.latest_book.author
    assert [type(x).__name__ for x in (event.author, event.author.latest_book, inner, inner.latest_book)] == [
        "Author",
        "Book",
        "Author",
        "Book",
    ]
    assert inner.latest_book.author is None
    assert event.to_dict() == payload


def test_mutually_recursive_schemas_reject_null_where_it_is_not_allowed(load: Callable[[str], ModuleType]) -> None:
    m = load("recursive")
    rejects(
        m,
        m.parse_event,
        {"type": "author", "author": {"name": "Ann", "latest_book": None}},
        "$.author.latest_book: expected an object, got null",
    )


# -- nullability: OpenAPI 3.0 nullable, 3.1 type lists, anyOf with null --------------------------


def test_nullable_30_keeps_null_and_absent_apart(load: Callable[[str], ModuleType]) -> None:
    m = load("nullable_30")
    sparse = m.parse_event({"type": "update", "note": None})
    assert (sparse.note, sparse.count, sparse.tags, sparse.owner) == (None, m.UNSET, m.UNSET, m.UNSET)
    assert sparse.to_dict() == {"type": "update", "note": None}
    nulls = {"type": "update", "note": None, "count": None, "tags": None, "owner": None}
    event = m.parse_event(nulls)
    assert (event.count, event.tags, event.owner) == (None, None, None)
    assert event.to_dict() == nulls


def test_nullable_30_values_round_trip(load: Callable[[str], ModuleType]) -> None:
    m = load("nullable_30")
    payload = {"type": "update", "note": "hi", "count": 3, "tags": ["x"], "owner": {"name": "Bo"}}
    event = m.parse_event(payload)
    assert type(event).__name__ == "Update"
    assert type(event.owner).__name__ == "Owner"
    assert event.to_dict() == payload


def test_nullable_30_rejects_missing_and_mistyped_values(load: Callable[[str], ModuleType]) -> None:
    m = load("nullable_30")
    rejects(m, m.parse_event, {"type": "update"}, "$.note: missing required property (expected a string or null)")
    payload = {"type": "update", "note": None, "count": "3"}
    message = '$.count: expected an integer or null, got the string "3"'
    set_aside_leniently(m, type(m.parse_event({"type": "update", "note": None})), payload, message)


def test_type_list_with_null_keeps_null_and_absent_apart(load: Callable[[str], ModuleType]) -> None:
    m = load("type_list_null")
    sparse = m.parse_event({"type": "update", "note": "n"})
    assert (sparse.note, sparse.count, sparse.location) == ("n", m.UNSET, m.UNSET)
    nulls = {"type": "update", "note": None, "count": None, "location": None}
    event = m.parse_event(nulls)
    assert (event.note, event.count, event.location) == (None, None, None)
    assert event.to_dict() == nulls


def test_type_list_with_null_inline_object_is_named_after_its_property(load: Callable[[str], ModuleType]) -> None:
    m = load("type_list_null")
    payload = {"type": "update", "note": None, "location": {"lat": 52.5, "lon": 13}}
    event = m.parse_event(payload)
    assert type(event.location).__name__ == "UpdateLocation"
    assert event.to_dict() == payload
    assert type(event.to_dict()["location"]["lon"]) is int
    rejects(
        m,
        m.parse_event,
        {"type": "update", "note": None, "location": {"lat": "52", "lon": 13}},
        '$.location.lat: expected a number, got the string "52"',
    )


def test_any_of_null_keeps_null_absent_and_value_apart(load: Callable[[str], ModuleType]) -> None:
    m = load("any_of_null")
    sparse = m.parse_event({"type": "assign", "owner": None})
    assert (sparse.owner, sparse.reason, sparse.labels) == (None, m.UNSET, m.UNSET)
    assert sparse.to_dict() == {"type": "assign", "owner": None}
    payload = {"type": "assign", "owner": {"name": "Bo"}, "reason": None, "labels": ["a", "b"]}
    event = m.parse_event(payload)
    assert type(event.owner).__name__ == "Owner"
    assert (event.reason, event.labels) == (None, ["a", "b"])
    assert event.to_dict() == payload


def test_any_of_null_rejects_a_wrong_item(load: Callable[[str], ModuleType]) -> None:
    m = load("any_of_null")
    rejects(
        m,
        m.parse_event,
        {"type": "assign", "owner": None, "labels": ["a", 2]},
        "$.labels[1]: expected a string, got the number 2",
    )


def test_any_of_null_missing_object_says_null_is_allowed(load: Callable[[str], ModuleType]) -> None:
    m = load("any_of_null")
    rejects(m, m.parse_event, {"type": "assign"}, "$.owner: missing required property (expected an object or null)")


# -- const --------------------------------------------------------------------------------------


def test_const_fields_round_trip_and_default_to_their_value(load: Callable[[str], ModuleType]) -> None:
    m = load("const")
    payload = {"type": "hello", "version": 2, "secure": True, "ratio": 0.5}
    event = m.parse_client_event(payload)
    assert type(event).__name__ == "Hello"
    assert event.to_dict() == payload
    assert m.Hello().to_dict() == {"type": "hello", "version": 2}


def test_const_rejects_other_values_in_a_strict_root(load: Callable[[str], ModuleType]) -> None:
    m = load("const")
    cases = [
        ({"version": 3}, "$.version: expected 2, got the number 3"),
        ({"version": "2"}, '$.version: expected 2, got the string "2"'),
        ({"version": 2, "ratio": 0.25}, "$.ratio: expected 0.5, got the number 0.25"),
    ]
    for fields, message in cases:
        rejects(m, m.parse_client_event, {"type": "hello", **fields}, message)


def test_const_boolean_error_shows_the_json_literal(load: Callable[[str], ModuleType]) -> None:
    m = load("const")
    rejects(
        m, m.parse_client_event, {"type": "hello", "version": 2, "secure": False}, "$.secure: expected true, got false"
    )


# -- discriminators -----------------------------------------------------------------------------


def test_one_of_mapping_dispatches_on_the_mapped_values(load: Callable[[str], ModuleType]) -> None:
    m = load("one_of_mapping")
    circle = {"type": "shape.added", "shape": {"kind": "round", "radius": 1.5}}
    rect = {"type": "shape.added", "shape": {"kind": "box", "width": 2, "height": 3.5}}
    for payload, name in [(circle, "Circle"), (rect, "Rect")]:
        event = m.parse_event(payload)
        assert type(event).__name__ == "ShapeAdded"
        assert type(event.shape).__name__ == name
        assert event.to_dict() == payload


def test_one_of_mapping_replaces_the_schema_names(load: Callable[[str], ModuleType]) -> None:
    m = load("one_of_mapping")
    rejects(
        m,
        m.parse_shape,
        {"kind": "Circle", "radius": 1},
        '$.kind: expected one of "round", "box", got the string "Circle"',
    )
    kept = m.parse_event({"type": "shape.added", "shape": {"kind": "Circle", "radius": 1}})
    assert (type(kept.shape) is m.UnknownShape, kept.shape.kind, kept.shape.tag) == (True, "Circle", "Circle")
    assert kept.shape.to_dict() == {"kind": "Circle", "radius": 1}


def test_one_of_mapping_errors_name_the_nested_path(load: Callable[[str], ModuleType]) -> None:
    m = load("one_of_mapping")
    rejects(
        m,
        m.parse_event,
        {"type": "shape.added", "shape": {"kind": 5}},
        '$.shape.kind: expected one of "round", "box", got the number 5',
    )
    rejects(
        m,
        m.parse_event,
        {"type": "shape.added", "shape": {"kind": "box", "width": 2}},
        "$.shape.height: missing required property (expected a number)",
    )


def test_any_of_discriminator_without_mapping_uses_schema_names_or_consts(load: Callable[[str], ModuleType]) -> None:
    m = load("any_of_discriminator")
    for pet, name in [
        ({"pet_type": "Cat", "indoor": True}, "Cat"),
        ({"pet_type": "Dog"}, "Dog"),
        ({"pet_type": "lizard"}, "Lizard"),
    ]:
        payload = {"type": "pet.adopted", "pet": pet}
        event = m.parse_event(payload)
        assert type(event.pet).__name__ == name
        assert event.to_dict() == payload
    rejects(
        m, m.parse_pet, {"pet_type": "cat"}, '$.pet_type: expected one of "Cat", "Dog", "lizard", got the string "cat"'
    )


def test_composite_discriminator_gives_three_classes_for_one_type(load: Callable[[str], ModuleType]) -> None:
    m = load("composite_discriminator")
    found = []
    for role in ("system", "user", "assistant"):
        payload = {"type": "item.added", "item": {"type": "message", "role": role, "text": "hi"}}
        event = m.parse_event(payload)
        found.append(type(event.item).__name__)
        assert event.to_dict() == payload
    assert found == ["SystemMessage", "UserMessage", "AssistantMessage"]
    assert type(m.parse_item({"type": "tool_call", "name": "f"})).__name__ == "ToolCall"


def test_composite_discriminator_unknown_role(load: Callable[[str], ModuleType]) -> None:
    m = load("composite_discriminator")
    kept = m.parse_event({"type": "item.added", "item": {"type": "message", "role": "tool", "text": "x"}})
    assert (type(kept.item) is m.UnknownItem, kept.item.type, kept.item.role) == (True, "message", "tool")
    assert kept.item.to_dict() == {"type": "message", "role": "tool", "text": "x"}
    rejects(
        m,
        m.parse_item,
        {"type": "message", "role": "tool"},
        '$.role: expected one of "system", "user", "assistant", got the string "tool"',
    )
    rejects(
        m,
        m.parse_event,
        {"type": "item.added", "item": {"type": "message", "role": "system"}},
        "$.item.text: missing required property (expected a string)",
    )


def test_composite_root_gives_a_class_per_role(load: Callable[[str], ModuleType]) -> None:
    m = load("composite_root")
    for role, name in [("system", "SystemMessage"), ("user", "UserMessage")]:
        payload = {"type": "message", "role": role, "text": "hi"}
        event = m.parse_event(payload)
        assert type(event).__name__ == name
        assert event.to_dict() == payload
    assert m.EVENT_TYPES["ping"] is m.Ping


def test_composite_root_unknown_role_is_an_unknown_event(load: Callable[[str], ModuleType]) -> None:
    m = load("composite_root")
    payload = {"type": "message", "role": "tool", "text": "x"}
    event = m.parse_event(payload)
    assert type(event) is m.UnknownEvent
    assert event.to_dict() == payload


def test_root_named_like_its_alias_parses_json_text(load: Callable[[str], ModuleType]) -> None:
    m = load("root_named_like_alias")
    event = m.parse_event('{"type": "ping", "n": 1}')
    assert type(event).__name__ == "Ping"
    assert event.n == 1
    assert type(m.parse_event('{"type": "pang"}')) is m.UnknownEvent


def test_single_variant_root_dispatches_its_one_event(load: Callable[[str], ModuleType]) -> None:
    m = load("single_variant_root")
    event = m.parse_event('{"type": "ping", "seq": 4}')
    assert type(event).__name__ == "Ping"
    assert event.to_dict() == {"type": "ping", "seq": 4}
    assert dict(m.EVENT_TYPES) == {"ping": m.Ping}


# -- unions of primitives and arrays of unions --------------------------------------------------


def test_primitive_unions_keep_the_json_kind(load: Callable[[str], ModuleType]) -> None:
    m = load("primitive_unions")
    for payload in [
        {"type": "set_limit", "target": "users", "value": 5, "limit": "inf"},
        {"type": "set_limit", "target": 12, "value": "five", "limit": 100},
    ]:
        event = m.parse_client_event(payload)
        assert type(event).__name__ == "SetLimit"
        assert (event.target, event.value, event.limit) == (payload["target"], payload["value"], payload["limit"])
        assert event.to_dict() == payload
    assert m.RecordId == str | int


def test_primitive_unions_reject_other_kinds_and_values(load: Callable[[str], ModuleType]) -> None:
    m = load("primitive_unions")
    cases = [
        ({"target": True, "limit": 1}, "$.target: expected a string or an integer, got true"),
        (
            {"target": "a", "value": 1.5, "limit": 1},
            "$.value: expected a string or an integer, got the number 1.5",
        ),
        (
            {"target": "a", "limit": "unlimited"},
            '$.limit: expected an integer or "inf", got the string "unlimited"',
        ),
        ({"target": "a", "limit": 2.5}, '$.limit: expected an integer or "inf", got the number 2.5'),
    ]
    for fields, message in cases:
        rejects(m, m.parse_client_event, {"type": "set_limit", **fields}, message)


def test_array_of_unions_round_trips(load: Callable[[str], ModuleType]) -> None:
    m = load("array_of_unions")
    payload = {
        "type": "batch",
        "parts": [{"type": "text", "text": "hi"}, {"type": "image", "url": "u"}],
        "values": ["a", 1.5, 2],
        "matrix": [[1, 2], [], [3]],
    }
    event = m.parse_event(payload)
    assert type(event).__name__ == "Batch"
    assert [type(p).__name__ for p in event.parts] == ["TextPart", "ImagePart"]
    assert [type(v) for v in event.values] == [str, float, int]
    assert event.to_dict() == payload


def test_array_of_unions_keeps_an_unknown_part(load: Callable[[str], ModuleType]) -> None:
    m = load("array_of_unions")
    payload = {"type": "batch", "parts": [{"type": "video", "src": "v"}]}
    event = m.parse_event(payload)
    assert (type(event.parts[0]) is m.UnknownBatchPart, event.parts[0].type) == (True, "video")
    assert event.to_dict() == payload


def test_array_of_unions_errors_name_the_index(load: Callable[[str], ModuleType]) -> None:
    m = load("array_of_unions")
    cases = [
        (
            {"parts": [{"type": "text", "text": "a"}, {"type": "image"}]},
            "$.parts[1].url: missing required property (expected a string)",
        ),
        (
            {"parts": [], "values": ["a", 1, None]},
            "$.values[2]: expected a string or a number, got null",
        ),
        (
            {"parts": [], "matrix": [[1], ["x"]]},
            '$.matrix[1][0]: expected an integer, got the string "x"',
        ),
        ({"parts": {"type": "text"}}, "$.parts: expected an array, got an object with keys type"),
    ]
    for fields, message in cases:
        rejects(m, m.parse_event, {"type": "batch", **fields}, message)


# -- additionalProperties -----------------------------------------------------------------------


def test_maps_round_trip_with_typed_values(load: Callable[[str], ModuleType]) -> None:
    m = load("additional_properties")
    payload = {
        "type": "stats",
        "counts": {"a": 1, "b": 2},
        "players": {"p1": {"name": "Ann", "score": 3}},
        "teams": {"red": {"size": 4}},
        "metadata": {"nested": {"list": [1, {"x": None}]}, "flag": True},
        "labels": {"k": "v"},
    }
    event = m.parse_event(payload)
    assert type(event).__name__ == "Stats"
    assert event.counts == {"a": 1, "b": 2}
    assert type(event.players["p1"]).__name__ == "Player"
    assert type(event.teams["red"]).__name__ == "StatsTeamsValue"
    assert event.metadata == payload["metadata"]
    assert event.to_dict() == payload


def test_typed_map_rejects_a_wrong_value_with_its_key_in_the_path(load: Callable[[str], ModuleType]) -> None:
    m = load("additional_properties")
    cases = [
        ({"counts": {"a": 1, "b": "x"}}, '$.counts.b: expected an integer, got the string "x"'),
        (
            {"counts": {}, "players": {"p1": {"score": 1}}},
            "$.players.p1.name: missing required property (expected a string)",
        ),
        ({"counts": {}, "labels": {"a b": 1}}, '$.labels["a b"]: expected a string, got the number 1'),
        ({"counts": [1]}, "$.counts: expected an object, got an array of 1 items"),
    ]
    for fields, message in cases:
        rejects(m, m.parse_event, {"type": "stats", **fields}, message)
    stats = type(m.parse_event({"type": "stats", "counts": {}}))
    payload = {"type": "stats", "counts": {}, "metadata": "x"}
    set_aside_leniently(m, stats, payload, '$.metadata: expected an object, got the string "x"')


# -- integer enums and numbers ------------------------------------------------------------------


def test_integer_enum_rejects_unlisted_values_in_a_strict_root(load: Callable[[str], ModuleType]) -> None:
    m = load("enums_numbers")
    cases = [
        ({"level": 3}, "$.level: expected one of 1, 2, got the number 3"),
        ({"level": True}, "$.level: expected one of 1, 2, got true"),
        ({"level": 1.0}, "$.level: expected one of 1, 2, got the number 1.0"),
        ({"level": 1, "priority": 15}, "$.priority: expected one of 10, 20, 30, got the number 15"),
        ({"level": 1, "scale": 1}, "$.scale: expected one of 0.5, 1.5, got the number 1"),
    ]
    for fields, message in cases:
        rejects(m, m.parse_client_event, {"type": "configure", **fields}, message)


def test_integer_enum_keeps_unlisted_integers_in_a_lenient_root(load: Callable[[str], ModuleType]) -> None:
    m = load("enums_numbers")
    event = m.parse_server_event({"type": "configured", "level": 3})
    assert type(event).__name__ == "Configured"
    assert event.level == 3
    rejects(
        m,
        m.parse_server_event,
        {"type": "configured", "level": "3"},
        '$.level: expected one of 1, 2, got the string "3"',
    )


def test_numbers_keep_int_and_float_apart(load: Callable[[str], ModuleType]) -> None:
    m = load("enums_numbers")
    for temperature in (1, 0.7, 1.0):
        payload = {"type": "configure", "level": 2, "priority": 20, "temperature": temperature, "scale": 1.5}
        out = m.parse_client_event(payload).to_dict()
        assert out == payload
        assert type(out["temperature"]) is type(temperature)
        assert json.dumps(out) == json.dumps(payload)
    assert get_type_hints(m.Configure)["level"] == Literal[1, 2]


# -- format, default ----------------------------------------------------------------------------


def test_formats_keep_values_as_sent(load: Callable[[str], ModuleType]) -> None:
    m = load("formats")
    payload = {
        "type": "upload",
        "at": "2024-05-01T12:00:00.123456+02:00",
        "url": "https://example.com/a?b=c",
        "size": 2**63 - 1,
        "score": 2,
        "request_id": "0b6c52a0-6ad4-4f6e-9a1e-2d7d54f3c8e1",
    }
    event = m.parse_event(payload)
    assert type(event).__name__ == "Upload"
    assert (type(event.at), type(event.size), type(event.score)) == (str, int, int)
    assert event.to_dict() == payload


def test_formats_check_the_json_kind(load: Callable[[str], ModuleType]) -> None:
    m = load("formats")
    rejects(
        m,
        m.parse_event,
        {"type": "upload", "at": "2024-05-01T12:00:00Z", "size": "5"},
        '$.size: expected an integer, got the string "5"',
    )
    rejects(
        m,
        m.parse_event,
        {"type": "upload", "at": 1714564800, "size": 5},
        "$.at: expected a string, got the number 1714564800",
    )


def test_defaults_are_not_filled_in(load: Callable[[str], ModuleType]) -> None:
    m = load("defaults")
    event = m.parse_event({"type": "configure"})
    assert type(event).__name__ == "Configure"
    assert (event.voice, event.speed, event.enabled, event.stop, event.limit) == (m.UNSET,) * 5
    assert event.to_dict() == {"type": "configure"}
    assert m.Configure().to_dict() == {"type": "configure"}
    payload = {"type": "configure", "voice": "alloy", "speed": 1.0, "enabled": False, "stop": [], "limit": None}
    assert m.parse_event(payload).to_dict() == payload


# -- names --------------------------------------------------------------------------------------


def test_keyword_property_names_get_attributes_and_keep_their_json_keys(load: Callable[[str], ModuleType]) -> None:
    m = load("keyword_names")
    payload = {
        "type": "transfer",
        "from": "a",
        "class": "b",
        "object": "c",
        "a.b": 1,
        "2fa": True,
        "extra": "e",
        "match": "m",
    }
    event = m.parse_event(payload)
    assert type(event).__name__ == "Transfer"
    assert (event.from_, event.class_, event.object, event.a_b, event.field_2fa, event.extra_, event.match) == (
        "a",
        "b",
        "c",
        1,
        True,
        "e",
        "m",
    )
    assert dict(event.extra) == {}
    assert event.to_dict() == payload
    assert m.Transfer(from_="x", class_="y").to_dict() == {"type": "transfer", "from": "x", "class": "y"}


def test_property_that_is_an_identifier_keeps_its_name(load: Callable[[str], ModuleType]) -> None:
    m = load("keyword_names")
    event = m.parse_event({"type": "transfer", "from": "a", "x-y": 1, "x_y": 2})
    assert event.x_y == 2
    assert event.to_dict() == {"type": "transfer", "from": "a", "x-y": 1, "x_y": 2}


def test_keyword_property_errors_use_the_json_key(load: Callable[[str], ModuleType]) -> None:
    m = load("keyword_names")
    cases = [
        ({"from": "a", "a.b": "1"}, '$["a.b"]: expected an integer, got the string "1"'),
        ({"from": "a", "2fa": "yes"}, '$["2fa"]: expected a boolean, got the string "yes"'),
    ]
    rejects(m, m.parse_event, {"type": "transfer", "from": 1}, "$.from: expected a string, got the number 1")
    transfer = type(m.parse_event({"type": "transfer", "from": "a"}))
    for fields, message in cases:
        set_aside_leniently(m, transfer, {"type": "transfer", **fields}, message)


def test_openapi_webhooks_are_a_root_selected_by_the_webhook_name(load: Callable[[str], ModuleType]) -> None:
    m = load("openapi_webhooks")
    paid = {"order": "o1", "total": 30, "coupon": None}
    assert type(m.parse_hook(paid, webhook="order.paid")).__name__ == "OrderPaid"
    refund = m.parse_hook('{"order": "o1", "amount": 5}', webhook="order.refunded")
    assert (type(refund).__name__, refund.to_dict()) == ("OrderRefunded", {"order": "o1", "amount": 5})
    assert type(m.parse_hook(paid, webhook="order.shipped")).__name__ == "UnknownHook"
    assert {"order.paid": m.models.OrderPaid, "order.refunded": m.models.OrderRefunded} == m.HOOK_TYPES


def test_named_schema_keeps_its_name_and_the_inline_object_gets_another(load: Callable[[str], ModuleType]) -> None:
    m = load("name_collisions")
    payload = {"type": "upload", "data": {"inline": True}, "shared": {"named": False}}
    upload = m.parse_event(payload)
    assert (type(upload.data).__name__, type(upload.shared).__name__) == ("UploadDataObject", "UploadData")
    assert upload.to_dict() == payload


def test_schema_names_colliding_as_identifiers_get_distinct_classes(load: Callable[[str], ModuleType]) -> None:
    m = load("name_collisions")
    pair = {"type": "pair", "left": {"dashed": "d"}, "right": {"underscored": "u"}}
    event = m.parse_event(pair)
    assert type(event).__name__ == "Pair"
    assert event.to_dict() == pair
    # both become FooBar in CapWords; the one named first (in sorted order, foo-bar) keeps it
    assert (type(event.left).__name__, type(event.right).__name__) == ("FooBar", "FooBarSchema")


def test_external_ref_loads_schemas_from_the_other_file(load: Callable[[str], ModuleType]) -> None:
    m = load("external_ref")
    payload = {"type": "share", "shared": {"name": "s", "detail": {"remote": 1}}, "detail": {"local": "l"}}
    event = m.parse_event(payload)
    assert type(event).__name__ == "Share"
    assert type(event.shared).__name__ == "Shared"
    assert (type(event.detail).__name__, type(event.shared.detail).__name__) == ("Detail", "DetailSchema")
    assert event.to_dict() == payload
    assert type(m.parse_event({"type": "ping"})).__name__ == "Ping"
    rejects(
        m,
        m.parse_event,
        {"type": "share", "shared": {"name": "s", "detail": {}}},
        "$.shared.detail.remote: missing required property (expected an integer)",
    )


# -- open enums ---------------------------------------------------------------------------------


def test_open_enum_is_a_literal_or_any_string(load: Callable[[str], ModuleType]) -> None:
    m = load("open_enum")
    assert m.Voice == Literal["alloy", "echo"] | str
    assert get_type_hints(m.Speak)["mode"] == Literal["a", "b"] | str | m.Unset


def test_open_enum_accepts_new_strings_even_in_a_strict_root(load: Callable[[str], ModuleType]) -> None:
    m = load("open_enum")
    for payload in [{"type": "speak", "voice": "alloy", "mode": "a"}, {"type": "speak", "voice": "nova", "mode": "z"}]:
        event = m.parse_client_event(payload)
        assert type(event).__name__ == "Speak"
        assert (event.voice, event.mode) == (payload["voice"], payload["mode"])
        assert event.to_dict() == payload
    rejects(m, m.parse_client_event, {"type": "speak", "voice": 5}, "$.voice: expected a string, got the number 5")


# -- names and values Python reads otherwise than JSON (issue 17) -------------------------------


def test_odd_names_round_trip_every_property_under_its_own_attribute(load: Callable[[str], ModuleType]) -> None:
    m = load("odd_names")
    payload = {"type": "m", "ﬁ": "lig", "fi": "plain", "µ": "micro", "μ": "mu", "_KEYS": "k"}
    payload |= {"classmethod": "c", "frozenset": 3, "Chain2": {"type": "chain2"}, "words": "NoReturn"}
    event = m.parse_event(payload)
    assert type(event).__name__ == "M"
    assert (event.fi, event.fi_, event.μ, event.μ_, event._KEYS_) == ("plain", "lig", "mu", "micro", "k")
    assert (event.classmethod_, event.frozenset_, type(event.Chain2_).__name__) == ("c", 3, "Chain2")
    assert event.to_dict() == payload
    assert "\x00" in m.M.__doc__ and "\u202e" in m.M.__doc__


def test_odd_names_tag_outside_the_bmp_is_matched(load: Callable[[str], ModuleType]) -> None:
    m = load("odd_names")
    event = m.parse_event({"type": "😀", "😀": "🙃"})
    assert type(event).__name__ == "Smile"
    assert event.to_dict() == {"type": "😀", "😀": "🙃"}
    rejects(
        m,
        m.Smile.from_dict,
        {"type": "😀", "😀": "x"},
        '$["\\ud83d\\ude00"]: expected one of "\\ud83d\\ude00", "\\ud83d\\ude43", got the string "x"',
    )


def test_odd_values_enum_compares_by_json_type_and_value(load: Callable[[str], ModuleType]) -> None:
    m = load("odd_values")
    for flag in (1, True, 0, False):
        event = m.parse_client_event({"type": "set", "flag": flag})
        assert event.flag is flag
    rejects(
        m,
        m.parse_client_event,
        {"type": "set", "flag": 2},
        "$.flag: expected one of 1, 0 or one of true, false, got the number 2",
    )
    assert m.parse_client_event({"type": "set", "mixed": True}).mixed is True
    rejects(
        m,
        m.parse_client_event,
        {"type": "set", "mixed": False},
        '$.mixed: expected 1 or "a" or true or 2.5 or null, got false',
    )
    assert m.parse_client_event({"type": "set", "limit": 1.5}).limit == 1.5
    rejects(
        m,
        m.parse_client_event,
        {"type": "set", "limit": 2.5},
        "$.limit: expected one of Infinity, -Infinity, NaN, 1.5, got the number 2.5",
    )


def test_union_with_an_any_alternative_keeps_what_no_other_takes(load: Callable[[str], ModuleType]) -> None:
    m = load("union_with_any")
    event = m.parse_event({"type": "hold", "inner": {"name": "a"}})
    assert type(event.inner).__name__ == "Item"
    for inner in ({"name": 1}, [1, {"a": None}], "text", None):
        payload = {"type": "hold", "inner": inner}
        assert m.parse_event(payload).inner == inner
        assert m.parse_event(payload).to_dict() == payload


def test_tags_alike_in_python_names_keep_their_own_tables(load: Callable[[str], ModuleType]) -> None:
    m = load("tags_alike")
    for tag, role, cls in [("é", "x", "AcuteX"), ("é", "y", "AcuteY"), ("è", "x", "GraveX"), ("è", "y", "GraveY")]:
        event = m.parse_event({"type": tag, "role": role})
        assert type(event).__name__ == cls


def test_lone_surrogates_are_kept_in_values_and_matched(load: Callable[[str], ModuleType]) -> None:
    m = load("lone_surrogates")
    payload = {"type": "half\ud83d", "k\udc00": "x\ud800"}
    event = m.parse_event(payload)
    assert type(event).__name__ == "Half"
    assert event.to_dict() == payload
    assert type(m.parse_event({"type": "whole😀"})).__name__ == "Whole"
    assert "\ufffd" in m.Half.__doc__
