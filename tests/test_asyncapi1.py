"""AsyncAPI 1.x as input: the construct fixture (tests/fixtures/constructs/asyncapi1_topics.yaml) used
as a program would, from either side and with topics filtered, and the Slack Events API
(../shared/realspecs/slack-events-api, AsyncAPI 1.2): it generates with its default roots, and its
valid examples round-trip."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT, SHARED, import_fresh

from generator.errors import SpecError
from generator.frontends.catalog import RootRequest
from generator.pipeline import Options, generate
from generator.write import write_package

FIXTURE = str(ROOT / "tests" / "fixtures" / "constructs" / "asyncapi1_topics.yaml")
SLACK = SHARED / "realspecs" / "slack-events-api"
needs_slack = pytest.mark.skipif(
    not SLACK.exists(), reason="../shared/realspecs/slack-events-api is absent (a fresh clone has no ../shared)"
)


def build(tmp_path: Path, spec: str, package: str, roots: tuple[RootRequest, ...] = (), **options: Any) -> ModuleType:
    write_package(generate(Options(spec, package, list(roots), **options)).files, str(tmp_path / package))
    return import_fresh(tmp_path, package)


def test_topics_give_what_the_application_sends_as_incoming(tmp_path: Path) -> None:
    m = build(tmp_path, FIXTURE, "greenhouse")
    assert {tag: cls.__name__ for tag, cls in m.INCOMING_TYPES.items()} == {
        "temperature": "Temperature",  # the oneOf of the topic sensors.reading
        "humidity": "Humidity",
        "alarm": "SensorsAlarm",  # an inline message, named after its topic
    }
    reading = {"type": "humidity", "sensor": "north", "percent": 41}
    assert m.parse_incoming(json.dumps(reading)).to_dict() == reading
    command = {"vent": "roof", "open": True}
    assert type(m.parse_outgoing(command)).__name__ == "VentCommand"  # publish: what the application receives


def test_side_server_swaps_the_directions(tmp_path: Path) -> None:
    m = build(tmp_path, FIXTURE, "greenhouse_server", side="server")
    assert type(m.parse_incoming({"vent": "roof", "open": False})).__name__ == "VentCommand"
    assert set(m.OUTGOING_TYPES) == {"temperature", "humidity", "alarm"}


def test_a_topic_is_selected_by_its_key_or_its_name_under_base_topic(tmp_path: Path) -> None:
    by_key = build(tmp_path, FIXTURE, "greenhouse_alarm", channels=("sensors.alarm",))
    by_name = build(tmp_path, FIXTURE, "greenhouse_alarm_full", channels=("greenhouse.sensors.alarm",))
    assert by_key.Incoming.__name__ == by_name.Incoming.__name__ == "SensorsAlarm"
    with pytest.raises(SpecError) as caught:
        generate(Options(FIXTURE, "p", [], channels=("sensors.wind",)))
    assert str(caught.value) == (
        f"{FIXTURE}#/topics: there is no topic 'sensors.wind'\n"
        "  fix: name a topic by its key or its name under baseTopic: 'sensors.reading', 'sensors.alarm', "
        "'vents.command', 'greenhouse.sensors.reading', 'greenhouse.sensors.alarm', 'greenhouse.vents.command'"
    )


def test_websocket_events_and_http_stream_forms_are_read_alike(tmp_path: Path) -> None:
    spec = tmp_path / "ws.yaml"
    spec.write_text(
        "asyncapi: 1.1.0\ninfo: {title: ticker, version: '1'}\n"
        "events:\n"
        "  receive:\n"
        "    - {name: quote, payload: {type: object, properties: {type: {enum: [quote]}, price: {type: number}}}}\n"
        "    - {name: halt, payload: {type: object, properties: {type: {enum: [halt]}}}}\n"
        "  send:\n"
        "    - {payload: {type: object, required: [symbol], properties: {symbol: {type: string}}}}\n",
        encoding="utf-8",
    )
    m = build(tmp_path, str(spec), "ticker")
    assert {tag: cls.__name__ for tag, cls in m.INCOMING_TYPES.items()} == {"quote": "Quote", "halt": "Halt"}
    assert m.parse_outgoing({"symbol": "ACME"}).to_dict() == {"symbol": "ACME"}
    assert type(m.parse_outgoing({"symbol": "ACME"})).__name__ == "EventsSend"  # no name: after where it stands
    stream = tmp_path / "stream.yaml"
    stream.write_text(
        spec.read_text()
        .replace("events:", "stream:\n  framing: {type: sse}")
        .replace("receive:", "read:")
        .replace("send:", "write:"),
        encoding="utf-8",
    )
    s = build(tmp_path, str(stream), "ticker_stream", channels=("stream",))
    assert (
        set(s.INCOMING_TYPES) == {"quote", "halt"} and type(s.parse_outgoing({"symbol": "X"})).__name__ == "StreamWrite"
    )


# -- Slack Events API --------------------------------------------------------------------------


def slack_examples() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SLACK / "examples.jsonl").read_text().splitlines() if line.strip()]


def slack_invalid() -> set[str]:
    lines = (SLACK / "validation.txt").read_text().splitlines()
    return {line[2:].split(": ")[0] for line in lines if line.startswith("- ")}


@needs_slack
def test_slack_events_api_generates_with_its_default_roots(tmp_path: Path) -> None:
    spec = SLACK / "events-api" / "slack_events_api_async_v1.json"
    result = generate(Options(str(spec), "slack_events", [], formatter="none"))
    assert "parse_incoming" in result.files["events.py"] and "parse_outgoing" not in result.files["events.py"]
    m = build(tmp_path, str(spec), "slack_events")
    members = {member.__name__ for member in typing.get_args(m.Incoming)}
    assert members == {"GenericEventWrapper", "Message"}  # 65 topics share the wrapper, `message` has its own
    inner = next(e["event"] for e in slack_examples() if e["root"].endswith("/properties/event"))
    fixed = {  # the wrapper examples lack authed_users and event_ts, which the schema requires: one of ours
        "token": "XXYYZZ",
        "team_id": "T1",
        "api_app_id": "A1",
        "event": inner,
        "type": "event_callback",
        "event_id": "Ev1",
        "event_time": 1525215129,
        "authed_users": ["U061F7AUR"],
    }
    event = m.parse_incoming(fixed)
    assert (type(event).__name__, event.to_dict()) == ("GenericEventWrapper", fixed)


@needs_slack
def test_slack_valid_examples_round_trip_in_the_class_of_their_root(tmp_path: Path) -> None:
    invalid = slack_invalid()
    valid = [e for e in slack_examples() if e["source"] not in invalid]
    for index, example in enumerate(valid):
        file, _, pointer = example["root"].partition("#")
        root = RootRequest("event", "#" + pointer, True)
        m = build(tmp_path, str(SLACK / file), f"slack_{index}", (root,))
        assert m.parse_event(json.dumps(example["event"])).to_dict() == example["event"], example["source"]
    assert (len(slack_examples()), len(valid)) == (6, 2)
