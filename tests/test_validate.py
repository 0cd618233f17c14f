"""eventgen validate: captures (JSON Lines, HAR, SSE) checked against generated packages, the report,
the overlay that absorbs drift, bad captures and exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import UPSTREAM, needs_upstream, read_example

from generator.cli import main
from generator.loader import load_file

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
MINI = [
    "--spec",
    str(FIXTURES / "mini.yaml"),
    "--root",
    "client_event=ClientEvent",
    "--root",
    "server_event=ServerEvent",
]
UPSTREAM_ROOTS = ["--root", "client_event=RealtimeClientEvent", "--root", "server_event=RealtimeServerEvent"]


def validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["validate", *argv, "--format", "json"])
    captured = capsys.readouterr()
    assert captured.out, f"exit {code}: {captured.err}"
    return code, json.loads(captured.out)


def summary(report: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(report[k] for k in ("ok", "events", "accepted", "rejected", "unknown", "drifted"))


def drift_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, int]]:
    return [(d["root"], d["kind"], d["path"], d["name"], d["count"]) for d in report["drift"]]


def without_locations(value: Any) -> Any:
    """The report with every capture location and file taken out (the same frames sit at other places)."""
    if isinstance(value, dict):
        return {k: without_locations(v) for k, v in value.items() if k not in ("where", "captures", "file")}
    if isinstance(value, list):
        return [without_locations(item) for item in value]
    return value


# -- (b) drift on a small spec, absorbed by the overlay the run writes ----------------------------------


def test_drift_is_reported_with_paths_and_schema_pointers(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = validate(capsys, *MINI, str(FIXTURES / "mini-drift.jsonl"))
    assert code == 1
    assert summary(report) == (False, 7, 5, 2, 0, 4)
    assert drift_rows(report) == [
        ("server_event", "undeclared", "$.obfuscation", "obfuscation", 2),
        ("server_event", "null", "$.session.limits", "limits", 1),
        ("server_event", "enum", "$.session.voice", "warm", 1),
        ("server_event", "undeclared", "$.trace", "trace", 1),
        ("server_event", "null", "$.turn.reason", "reason", 1),
        ("server_event", "enum", "$.turn.status", "interrupted", 1),
        ("server_event", "missing", "$.turn_id", "turn_id", 2),
    ]
    assert [d["schema"] for d in report["drift"][:3]] == [
        "#/components/schemas/TextChunk",
        "#/components/schemas/Session/properties/limits",
        "#/components/schemas/Session/properties/voice",
    ]
    chunk = next(t for t in report["types"] if t["type"] == "text.chunk")
    where = str(FIXTURES / "mini-drift.jsonl")
    assert chunk["rejections"] == [
        {
            "path": "$.turn_id",
            "message": "$.turn_id: missing required property (expected a string)",
            "where": f"{where}:3",
        },
        {
            "path": "$.turn_id",
            "message": "$.turn_id: missing required property (expected a string)",
            "where": f"{where}:7",
        },
    ]


def test_the_written_overlay_absorbs_the_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = tmp_path / "wire.overlay.yaml"
    capture = str(FIXTURES / "mini-drift.jsonl")
    code, report = validate(capsys, *MINI, capture, "--write-overlay", str(overlay))
    assert (code, report["overlay"]) == (
        1,
        {
            "file": str(overlay),
            "actions": 8,
            "files": [{"file": str(overlay), "extends": "", "actions": 8}],
            "notes": [],
        },
    )
    actions = load_file(str(overlay))["actions"]
    assert [(a["target"], "remove" if a.get("remove") else json.dumps(a["update"])) for a in actions] == [
        ("$.components.schemas.TextChunk.properties", '{"obfuscation": {"type": "string"}}'),
        ("$.components.schemas.Session.properties.limits", "remove"),
        (
            "$.components.schemas.Session.properties",
            '{"limits": {"anyOf": [{"$ref": "#/components/schemas/Limits"}, {"type": "null"}]}}',
        ),
        ("$.components.schemas.Session.properties.voice.enum", '"warm"'),
        (
            "$.components.schemas.TextChunk.properties",
            '{"trace": {"type": "object", "properties": {"span": {"type": "integer"}, "tags": '
            '{"type": "array", "items": {"type": "string"}}}}}',
        ),
        ("$.components.schemas.TurnFinished.properties.turn.properties.reason", '{"type": ["string", "null"]}'),
        ("$.components.schemas.TurnFinished.properties.turn.properties.status.enum", '"interrupted"'),
        ('$.components.schemas.TextChunk.required[?@ == "turn_id"]', "remove"),
    ]
    assert actions[0]["description"] == (
        f"eventgen validate: undeclared 'obfuscation' seen 2 times at $.obfuscation, first at {capture}:4, {capture}:7"
    )
    code, again = validate(capsys, *MINI, "--overlay", str(overlay), capture)
    assert (code, summary(again), again["drift"]) == (0, (True, 7, 7, 0, 0, 0), [])


def test_text_report_and_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"event_id": "e", "type": "text.chunk", "turn_id": "t", "text": "hi"}\n')
    assert main(["validate", *MINI, str(clean)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "1 events in 1 capture(s): 1 accepted (0 with drift, 0 of unknown types), 0 rejected"
    )
    assert main(["validate", *MINI, str(clean), "--server-root", "nope"]) == 2
    assert "'nope' is not a root alias" in capsys.readouterr().err
    assert main(["validate", "--spec", str(tmp_path / "absent.yaml"), "--root", "a=B", str(clean)]) == 2
    with pytest.raises(SystemExit) as exited:
        main(["validate", *MINI, str(clean), "--input", "xml"])
    assert exited.value.code == 2


# -- (d) bad captures: reported where they are, and the run goes on ------------------------------------


def test_bad_captures_are_reported_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = '{"event_id": "e", "type": "text.chunk", "turn_id": "t", "text": "hi"}'
    lines = tmp_path / "cut.jsonl"
    lines.write_bytes(f'{good}\nnot json at all\n\xff\n{good}\n{{"event_id": "e", "type": "te'.encode("latin-1"))
    no_frames = tmp_path / "pages.har"
    no_frames.write_text(json.dumps({"log": {"entries": [{"request": {"url": "https://x"}}]}}))
    binary = tmp_path / "socket.har"
    messages = [
        {"type": "receive", "time": 1.0, "opcode": 2, "data": "AAEC"},
        {"type": "receive", "time": 1.1, "opcode": 1, "data": good},
        {"type": "send", "time": 1.2, "opcode": 1, "data": '{"type": "audio.append"'},
    ]
    binary.write_text(json.dumps({"log": {"entries": [{}, {"_webSocketMessages": messages}]}}))
    missing = tmp_path / "missing.jsonl"
    code, report = validate(capsys, *MINI, str(lines), str(no_frames), str(binary), str(missing))
    assert code == 1
    assert summary(report) == (False, 3, 3, 0, 0, 0)
    assert report["problems"] == {
        "count": 7,
        "first": [
            {"where": f"{lines}:2", "message": "not JSON (Expecting value: line 1 column 1 (char 0))"},
            {"where": f"{lines}:3", "message": "not UTF-8 text (invalid start byte at byte 0)"},
            {
                "where": f"{lines}:5",
                "message": "not JSON (Unterminated string starting at: line 1 column 27 (char 26)); truncated?",
            },
            {"where": str(no_frames), "message": "no websocket frames in its 1 entries (_webSocketMessages)"},
            {
                "where": f"{binary}: entry 2 message 1",
                "message": "binary frame (opcode 2); only text frames hold JSON events",
            },
            {
                "where": f"{binary}: entry 2 message 3",
                "message": "not JSON (Expecting ',' delimiter: line 1 column 24 (char 23)); truncated?",
            },
            {"where": str(missing), "message": "cannot read: No such file or directory"},
        ],
    }
    assert report["captures"] == [
        {"file": str(lines), "events": 2, "problems": 3},
        {"file": str(no_frames), "events": 0, "problems": 1},
        {"file": str(binary), "events": 1, "problems": 2},
        {"file": str(missing), "events": 0, "problems": 1},
    ]


def test_json_report_shape(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = validate(capsys, *MINI, str(FIXTURES / "mini-drift.jsonl"))
    assert list(report) == [
        "ok", "events", "accepted", "rejected", "unknown", "drifted", "captures", "types", "drift", "problems",
    ]  # fmt: skip
    assert list(report["types"][0]) == [
        "root", "type", "seen", "accepted", "rejected", "drifted", "unknown", "rejections", "where",
    ]  # fmt: skip
    assert list(report["drift"][1]) == [
        "root", "kind", "path", "schema", "name", "count", "where", "absorbable", "expected", "got",
    ]  # fmt: skip
    assert (report["drift"][1]["expected"], report["drift"][1]["got"]) == ("Limits", "null")


# -- (a) upstream examples and a recorded-style session, as JSON Lines and as HAR ---------------------


def upstream_events() -> list[tuple[str, Any]]:
    """(direction, payload) for every upstream example of a realtime client or server event, in name order."""
    document = load_file(str(UPSTREAM))
    found = []
    for name, schema in sorted(document["components"]["schemas"].items()):
        side = "client" if name.startswith("RealtimeClientEvent") else "server"
        if not name.startswith(("RealtimeClientEvent", "RealtimeServerEvent")) or not isinstance(schema, dict):
            continue
        text = (schema.get("x-oaiMeta") or {}).get("example")
        how, payload = read_example(text) if text else ("none", None)
        if how in ("json", "stripped"):
            found.append((side, payload))
    return found


def session_events() -> list[tuple[str, Any]]:
    lines = (FIXTURES / "realtime-session.jsonl").read_text().splitlines()
    return [(record["direction"], record["event"]) for record in map(json.loads, lines)]


def write_jsonl(path: Path, events: list[tuple[str, Any]]) -> None:
    path.write_text("".join(json.dumps({"direction": d, "event": e}) + "\n" for d, e in events))


def write_har(path: Path, events: list[tuple[str, Any]]) -> None:
    frames = [
        {"type": "send" if d == "client" else "receive", "time": i / 10, "opcode": 1, "data": json.dumps(e)}
        for i, (d, e) in enumerate(events)
    ]
    entries = [
        {"request": {"method": "GET", "url": "https://example.test/page"}},
        {"request": {"method": "GET", "url": "wss://example.test/v1/realtime"}, "_webSocketMessages": frames[:40]},
        {"request": {"method": "GET", "url": "wss://example.test/v1/realtime"}, "_webSocketMessages": frames[40:]},
    ]
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))


@needs_upstream
def test_jsonl_and_har_give_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], upstream_realtime: ModuleType
) -> None:
    events = upstream_events() + session_events()
    write_jsonl(tmp_path / "capture.jsonl", events)
    write_har(tmp_path / "capture.har", events)
    package = os.path.dirname(os.path.abspath(str(upstream_realtime.__file__)))
    argv = ["--spec", str(UPSTREAM), *UPSTREAM_ROOTS, "--package-dir", package]
    code, from_lines = validate(capsys, *argv, str(tmp_path / "capture.jsonl"))
    har_code, from_har = validate(capsys, *argv, str(tmp_path / "capture.har"))
    assert (code, har_code) == (1, 1)
    assert without_locations(from_lines) == without_locations(from_har)
    assert summary(from_lines) == (False, 71, 70, 1, 4, 10)
    assert [(t["type"], t["rejected"]) for t in from_lines["types"] if t["rejected"]] == [
        ("response.output_audio_transcript.done", 1)  # our session leaves out the transcript
    ]
    assert [(t["root"], t["type"]) for t in from_lines["types"] if t["unknown"]] == [
        ("client_event", "transcription_session.update"),  # beta-era examples still in the file
        ("server_event", " input_audio_buffer.dtmf_event_received"),  # the example's type has a leading space
        ("server_event", "response.output_audio.heartbeat"),  # a type of our own making
        ("server_event", "transcription_session.updated"),
    ]
    assert drift_rows(from_lines) == [
        ("server_event", "null", "$.error.param", "param", 1),
        ("server_event", "undeclared", "$.item.content[*].format", "format", 1),
        ("server_event", "enum", "$.item.content[*].type", "audio", 1),
        ("server_event", "enum", "$.item.content[*].type", "text", 1),
        ("server_event", "undeclared", "$.obfuscation", "obfuscation", 1),
        ("server_event", "undeclared", "$.obfuscation", "obfuscation", 2),  # two schemas: two rows
        ("server_event", "null", "$.response.status_details", "status_details", 2),
        ("server_event", "null", "$.response.usage", "usage", 1),
        ("server_event", "null", "$.session.audio.input.transcription", "transcription", 2),
        ("server_event", "null", "$.session.include", "include", 2),
        ("server_event", "missing", "$.transcript", "transcript", 1),
    ]
    assert from_har["problems"] == {"count": 0, "first": []}


# -- (c) a server-sent event stream of ResponseStreamEvents ---------------------------------------------


@needs_upstream
def test_an_sse_stream_validates_against_the_responses_root(capsys: pytest.CaptureFixture[str]) -> None:
    capture = str(FIXTURES / "response-stream.sse")
    code, report = validate(capsys, "--spec", str(UPSTREAM), "--root", "response_event=ResponseStreamEvent", capture)
    assert code == 1
    assert summary(report) == (False, 5, 4, 1, 1, 1)
    assert [(t["type"], t["seen"], t["accepted"], t["rejected"], t["unknown"]) for t in report["types"]] == [
        ("response.output_text.delta", 3, 2, 1, False),
        ("response.output_text.done", 1, 1, 0, False),
        ("response.reasoning_pulse", 1, 1, 0, True),
    ]
    assert report["types"][0]["rejections"] == [
        {
            "path": "$.logprobs",
            "message": "$.logprobs: missing required property (expected an array)",
            "where": f"{capture}:10",  # an event is located at its first line; the second spans two data lines
        }
    ]
    assert [(d["kind"], d["path"], d["schema"], d["where"]) for d in report["drift"]] == [
        ("missing", "$.logprobs", "#/components/schemas/ResponseTextDeltaEvent", [f"{capture}:10"]),
        ("undeclared", "$.obfuscation", "#/components/schemas/ResponseTextDeltaEvent", [f"{capture}:6"]),
    ]
    assert report["problems"]["count"] == 0  # the [DONE] marker is not an event, and not a problem
