"""Swagger 2.0 as input: the construct fixture (tests/fixtures/constructs/swagger2.yaml) used as an app
would, its errors, and Azure Event Grid's system events (../shared/realspecs/azure-eventgrid-system-events):
the envelopes and every event type's data schema generate, and with the data class chosen by the
envelope's ``eventType`` (a caller tag whose values the config lists) every valid example's ``data``
round-trips, in the per-service 2018-01-01 files of both versions and in the 2024-01-01 combined file."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import ROOT, SHARED, build_package, import_fresh

from generator.config import load_config
from generator.errors import SpecError
from generator.naming import class_name
from generator.pipeline import Options, RootSpec, generate
from generator.write import write_package

FIXTURE = ROOT / "tests" / "fixtures" / "constructs" / "swagger2.yaml"
EVENTGRID = SHARED / "realspecs" / "azure-eventgrid-system-events"
needs_eventgrid = pytest.mark.skipif(
    not EVENTGRID.exists(),
    reason="../shared/realspecs/azure-eventgrid-system-events is absent (a fresh clone has no ../shared)",
)
# Upstream's convention: a data definition's description names its event type.
EVENT_TYPE = re.compile(r"\bfor (?:an? |the )?(Microsoft\.[A-Za-z0-9.]+) event", re.IGNORECASE)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("swagger2")


def fixture_package(packages: Path, alias: str) -> ModuleType:
    package = f"swagger2_{alias}"
    if (packages / package).exists():
        return import_fresh(packages, package)
    return build_package(packages, FIXTURE, {alias: "AnyEvent"}, package)


# -- the construct fixture ---------------------------------------------------------------------


def test_base_with_a_discriminator_is_the_union_of_its_subtypes(packages: Path) -> None:
    m = fixture_package(packages, "event")
    assert {tag: cls.__name__ for tag, cls in m.EVENT_TYPES.items()} == {
        "parcel.shipped": "ParcelShipped",
        "parcel.delivered": "ParcelDelivered",
        "ParcelLost": "ParcelLost",  # no x-ms-discriminator-value: its definition name
        "parcel.returned": "ParcelReturned",  # extends ParcelShipped, so AnyEvent too
    }
    returned = {"kind": "parcel.returned", "parcel": "P1", "carrier": "post", "reason": "refused"}
    event = m.parse_event(returned)
    assert (type(event).__name__, event.to_dict()) == ("ParcelReturned", returned)
    assert type(m.parse_event({"kind": "parcel.burned", "parcel": "P1"})).__name__ == "UnknownEvent"
    assert not hasattr(m.models, "AnyEventBase")  # the base's own object is merged into each subtype


def test_x_nullable_allows_null_and_keeps_it_apart_from_absent(packages: Path) -> None:
    m = fixture_package(packages, "event")
    signed = {"kind": "parcel.delivered", "parcel": "P1", "signedBy": None, "place": None}
    event = m.parse_event(signed)
    assert (event.signedBy, event.place, event.to_dict()) == (None, None, signed)
    with pytest.raises(m.ValidationError) as caught:
        m.parse_event({"kind": "parcel.delivered", "parcel": "P1"})
    assert str(caught.value) == "$.signedBy: missing required property (expected a string or null)"


def test_x_ms_enum_model_as_string_is_open_even_in_a_strict_root(packages: Path) -> None:
    m = fixture_package(packages, "client_event")
    drone = {"kind": "parcel.shipped", "parcel": "P1", "carrier": "drone"}
    assert m.parse_client_event(drone).carrier == "drone"  # modelAsString: true
    with pytest.raises(m.ValidationError) as caught:  # modelAsString: false
        m.parse_client_event({**drone, "carrier": "post", "speed": "teleport"})
    assert str(caught.value) == '$.speed: expected one of "standard", "express", got the string "teleport"'


def swagger_error(tmp_path: Path, text: str) -> str:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    with pytest.raises(SpecError) as caught:
        generate(Options(str(spec), "pkg", [RootSpec("event", "Event", True)]))
    return str(caught.value).replace(str(spec), "spec.yaml")


def test_swagger_documents_without_definitions_or_of_another_version_are_errors(tmp_path: Path) -> None:
    assert swagger_error(tmp_path, "swagger: '2.0'\ninfo: {title: t}\npaths: {}\n") == (
        "spec.yaml#/definitions: the spec has no definitions; a Swagger 2.0 document keeps its schemas in a "
        "definitions mapping\n  fix: put the event schemas under definitions: {Name: {type: object, ...}}"
    )
    assert swagger_error(tmp_path, "swagger: '1.2'\ndefinitions: {}\n") == (
        "spec.yaml#/swagger: the document says swagger: 1.2; eventgen reads Swagger 2.0 only\n"
        "  fix: write swagger: '2.0' (quoted), or describe the API in OpenAPI 3 (openapi: 3.1.0)"
    )


def test_a_discriminator_nobody_extends_is_a_plain_object_with_a_warning(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "swagger: '2.0'\ndefinitions:\n  Event:\n    type: object\n    discriminator: kind\n"
        "    properties: {kind: {type: string}}\n"
    )
    result = generate(Options(str(spec), "pkg", [RootSpec("event", "Event", True)], formatter="none"))
    assert [text for _, text in result.warnings.items] == [
        "discriminator 'kind', but no definition extends this one through allOf; read as a plain object"
    ]


# -- Azure Event Grid ----------------------------------------------------------------------------


@cache
def examples() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EVENTGRID / "examples.jsonl").read_text().splitlines() if line.strip()]


@cache
def invalid(section: str) -> frozenset[str]:
    """The examples validation.txt lists as failing in the section whose heading names ``section``."""
    for block in (EVENTGRID / "validation.txt").read_text().split("\n# "):
        if section in block.splitlines()[0]:
            return frozenset(line[2:].split(": ")[0] for line in block.splitlines() if line.startswith("- "))
    raise AssertionError(f"no section {section} in validation.txt")


def data_plane(version: str) -> Path:
    return EVENTGRID / version / "specification" / "eventgrid" / "data-plane"


def event_types(spec: Path, files: list[Path]) -> dict[str, str]:
    """eventType -> its data schema, as a config's ``values`` lists them (by name in the spec itself,
    else by a pointer relative to it), from the description convention upstream follows."""
    values = {}
    for path in files:
        for name, node in json.loads(path.read_text())["definitions"].items():
            found = EVENT_TYPE.search(node.get("description") or "")
            if found:
                where = os.path.relpath(path, spec.parent)
                values[found.group(1)] = name if path == spec else f"{where}#/definitions/{name}"
    return values


def eventgrid_package(packages: Path, version: str, combined: bool) -> ModuleType:
    """The envelopes and the data classes, generated through a config as a user would write it."""
    plane = data_plane(version)
    envelope = "EventGridEvent"
    if combined:
        spec = plane / "Microsoft.EventGrid" / "stable" / "2024-01-01" / "SystemEvents.json"
        files = [spec]
        envelope = "../2018-01-01/EventGrid.json#/definitions/EventGridEvent"
    else:
        spec = plane / "Microsoft.EventGrid" / "stable" / "2018-01-01" / "EventGrid.json"
        files = sorted(p for p in plane.glob("*/stable/2018-01-01/*.json"))
    package = f"eventgrid_{version}_{'combined' if combined else 'services'}"
    if (packages / package).exists():
        return import_fresh(packages, package)
    config = {
        "spec": str(spec),
        "package": package,
        "allow_read": [str(plane.parent.parent)],  # the envelopes' $refs reach the services' and communication's files
        "roots": {
            "event": envelope,
            "cloud_event": envelope.replace("EventGridEvent", "CloudEventEvent"),
            "data": {"tag": "event_type", "values": event_types(spec, files)},
        },
    }
    path = packages / f"{package}.yaml"
    path.write_text(yaml.safe_dump(config))
    files_out = generate(load_config(str(path)).options()).files
    write_package(files_out, str(packages / package))
    return import_fresh(packages, package)


def round_trips(m: ModuleType, example: dict[str, Any], key: str) -> bool:
    """The example's data parses, given its eventType, into the class of its data schema, and back."""
    data = example["event"]["data"]
    parsed = m.parse_data(data, event_type=example["tag"])
    expected = getattr(m.models, class_name(example[key].rsplit("/", 1)[-1]))
    return type(parsed) is expected and parsed.to_dict() == data


CASES = {  # (version, combined) -> (examples, valid, the validation.txt section)
    ("19b6661", False): (342, 290, "[root_data on event.data]"),
    ("65f5099", False): (210, 172, "[root_data on event.data]"),
    ("19b6661", True): (316, 282, "[root_data_combined on event.data]"),
}


@needs_eventgrid
@pytest.mark.parametrize(("version", "combined"), list(CASES))
def test_eventgrid_valid_data_round_trips_in_the_class_its_event_type_selects(
    packages: Path, version: str, combined: bool
) -> None:
    m = eventgrid_package(packages, version, combined)
    key = "root_data_combined" if combined else "root_data"
    rows = [e for e in examples() if e["version"] == version and e.get(key)]
    bad = invalid(CASES[version, combined][2])
    valid = [e for e in rows if e["source"] not in bad]
    failed = [e["source"] for e in valid if not round_trips(m, e, key)]
    assert (len(rows), len(valid), failed) == (*CASES[version, combined][:2], [])


@needs_eventgrid
@pytest.mark.parametrize(("version", "combined"), list(CASES))
def test_eventgrid_valid_envelopes_round_trip(packages: Path, version: str, combined: bool) -> None:
    m = eventgrid_package(packages, version, combined)
    key = "root_data_combined" if combined else "root_data"
    bad = invalid("[root]")
    valid = [e for e in examples() if e["version"] == version and e.get(key) and e["source"] not in bad]
    for example in valid:
        parse = m.parse_cloud_event if example["envelope"] == "cloudevents" else m.parse_event
        assert parse(json.dumps(example["event"])).to_dict() == example["event"], example["source"]
    assert len(valid) == {"19b6661": 271 if combined else 294, "65f5099": 101}[version]


@needs_eventgrid
def test_eventgrid_every_event_type_has_its_data_class(packages: Path) -> None:
    m = eventgrid_package(packages, "19b6661", False)
    assert len(m.DATA_TYPES) == 218
    assert m.DATA_TYPES["Microsoft.Storage.BlobCreated"] is m.models.StorageBlobCreatedEventData
    unknown = m.parse_data({"x": 1}, event_type="Contoso.Items.Sold")
    assert (type(unknown).__name__, unknown.event_type) == ("UnknownData", "Contoso.Items.Sold")


def test_subtypes_in_another_file_than_their_base_join_its_union(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text(
        "swagger: '2.0'\ndefinitions:\n  Shape:\n    type: object\n    discriminator: shape\n"
        "    required: [shape]\n    properties: {shape: {type: string}}\n"
    )
    (tmp_path / "main.yaml").write_text(
        "swagger: '2.0'\ndefinitions:\n"
        "  Drawing:\n    type: object\n"
        "    properties: {shapes: {type: array, items: {$ref: 'common.yaml#/definitions/Shape'}}}\n"
        "  Circle:\n    x-ms-discriminator-value: circle\n    allOf: [{$ref: 'common.yaml#/definitions/Shape'}]\n"
        "    properties: {r: {type: number}}\n"
        "  Square:\n    allOf: [{$ref: 'common.yaml#/definitions/Shape'}]\n    properties: {side: {type: number}}\n"
    )
    m = build_package(tmp_path, tmp_path / "main.yaml", {"drawing": "Drawing"}, "drawing")
    drawing = {"shapes": [{"shape": "circle", "r": 1.5}, {"shape": "Square", "side": 2}, {"shape": "hexagon"}]}
    parsed = m.parse_drawing(drawing)
    assert [type(s).__name__ for s in parsed.shapes] == ["Circle", "Square", "UnknownShape"]
    assert parsed.to_dict() == drawing


def test_a_config_root_without_schema_needs_its_tag_and_values(tmp_path: Path) -> None:
    config = tmp_path / "eventgen.yaml"
    config.write_text(f"spec: {FIXTURE}\npackage: p\nroots:\n  data: {{tag: event_type}}\n")
    with pytest.raises(SpecError) as caught:
        load_config(str(config))
    assert str(caught.value) == (
        f"{config}#/roots/data: a root given as a mapping takes schema, tag, values (schema is required, unless "
        "tag and values are given)\n  fix: write roots: {webhook: {schema: '#', tag: event}}"
    )
    config.write_text(
        f"spec: {FIXTURE}\npackage: p\nroots:\n"
        "  data: {tag: kind, values: {shipped: ParcelShipped, lost: '#/definitions/ParcelLost'}}\n"
    )
    files = generate(load_config(str(config)).options()).files
    write_package(files, str(tmp_path / "p"))
    m = import_fresh(tmp_path, "p")
    assert {tag: cls.__name__ for tag, cls in m.DATA_TYPES.items()} == {
        "shipped": "ParcelShipped",
        "lost": "ParcelLost",
    }
    lost = m.parse_data({"kind": "ParcelLost", "parcel": "P9"}, kind="lost")
    assert (type(lost).__name__, lost.parcel) == ("ParcelLost", "P9")


def test_two_subtypes_with_one_tag_keep_the_first_with_a_warning(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "swagger: '2.0'\ndefinitions:\n"
        "  Base: {type: object, discriminator: k, required: [k], properties: {k: {type: string}}}\n"
        "  A: {x-ms-discriminator-value: a, allOf: [{$ref: '#/definitions/Base'}], properties: {x: {type: string}}}\n"
        "  B: {x-ms-discriminator-value: a, allOf: [{$ref: '#/definitions/Base'}], properties: {y: {type: string}}}\n"
    )
    result = generate(Options(str(spec), "pkg", [RootSpec("event", "Base", True)], formatter="none"))
    assert result.warnings.items == [
        (
            "#/definitions/B",
            "tag 'a' of discriminator 'k' is already taken by A; this definition is left out of the union Base",
        )
    ]
    assert "class A(" in result.files["models.py"] and "class B(" not in result.files["models.py"]
