"""eventgen validate --write-overlay on specs whose schemas are not all in one place: a multi-file
OpenAPI spec (Lichess, from ../shared), allOf-built events in the style of the Debug Adapter
Protocol, and findings no action can absorb. The written overlays must apply, every pointer the
report prints must resolve, and a second run with the overlays must leave exactly the rejections
the overlays' comments name."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHARED, UPDATE_SNAPSHOTS

from generator.cli import main
from generator.loader import load_file
from generator.refs import split_pointer

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
SNAPSHOTS = ROOT / "tests" / "snapshots" / "validate"
LICHESS = SHARED / "realspecs" / "lichess"
LICHESS_SPECS = LICHESS / "f59dc80" / "doc" / "specs"
needs_lichess = pytest.mark.skipif(
    not (LICHESS / "examples.jsonl").exists() or not LICHESS_SPECS.is_dir(),
    reason="../shared/realspecs/lichess is absent (a fresh clone has no ../shared); CI provides it",
)
NDJSON = "#/get/responses/200/content/application~1x-ndjson/schema"
LICHESS_ROOTS = [
    "--root",
    f"event=tags/board/api-stream-event.yaml{NDJSON}",
    "--root",
    f"game=tags/bot/api-bot-game-stream-gameId.yaml{NDJSON}",
]
DEBUGGER = ["--spec", str(FIXTURES / "debugger.json"), "--root", "event=?*Event"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["validate", *argv, "--format", "json"])
    captured = capsys.readouterr()
    assert captured.out, f"exit {code}: {captured.err}"
    return code, json.loads(captured.out)


def run_text(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["validate", *argv])
    return code, capsys.readouterr().out


def check_text(text: str, name: str) -> None:
    """``text`` equals the snapshot ``tests/snapshots/validate/NAME`` (EVENTGEN_UPDATE_SNAPSHOTS=1 rewrites it)."""
    path = SNAPSHOTS / name
    if UPDATE_SNAPSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path.relative_to(ROOT)} does not exist (EVENTGEN_UPDATE_SNAPSHOTS=1 writes it)"
    assert text == path.read_text(encoding="utf-8")


def overlays_text(report: dict[str, Any], base: Path) -> str:
    """Every overlay written, one after the other, each under its name (relative to ``base``)."""
    parts = []
    for written in report["overlay"]["files"]:
        name = os.path.relpath(written["file"], base)
        parts.append(f"=== {name} ===\n" + Path(written["file"]).read_text(encoding="utf-8"))
    return "".join(parts)


def resolves(spec: Path, pointer: str) -> bool:
    """Does ``file#pointer`` (file relative to the spec's folder) name a node written in the spec?"""
    file, _, inner = pointer.partition("#")
    node: Any = load_file(str(spec.parent / file) if file else str(spec))
    for part in split_pointer(inner):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def rejected_types(report: dict[str, Any]) -> list[str]:
    return [f"{t['root']} {t['type']}" for t in report["types"] if t["rejected"]]


def named_as_still_rejected(notes: list[str]) -> list[str]:
    """The event types the overlays' comments say stay rejected."""
    heading = "Events that stay rejected (each needs a decision):"
    if heading not in notes:
        return []
    start = notes.index(heading) + 1
    return [re.sub(r": \d+ events? still rejected.*", "", line.strip()) for line in notes[start:]]


# -- Lichess: a multi-file spec; one overlay per file that changes ---------------------------------------


def lichess_capture(path: Path) -> None:
    """The Lichess examples of the two event streams at f59dc80, with fields added, removed and retyped."""
    lines = []
    for row in map(json.loads, (LICHESS / "examples.jsonl").read_text(encoding="utf-8").splitlines()):
        if row["version"] != "f59dc80":
            continue
        if "api-stream-event.yaml" in row["root"]:
            direction = "event"
        elif row["kind"] == "schema-example-event":
            direction = "game"
        else:
            continue
        event = row["event"]
        kind = event.get("type")
        if kind == "gameStart":
            event["game"]["clock"] = {"initial": 300, "increment": 2}  # added, in a shared schema
            event["seenAt"] = 1745112707998  # added, at the top
        elif kind == "gameFinish":
            event["game"]["status"]["name"] = "adjourned"  # an enum value the spec does not list
        elif kind == "challenge":
            event["challenge"]["rated"] = "yes"  # retyped: boolean -> string
        elif kind == "chatLine":
            event["room"] = "lobby"
            event["flair"] = "symbols.crown"
        elif kind == "gameState":
            del event["wtime"]  # a required property removed
            event["btime"] = str(event["btime"])  # retyped: integer -> string
        elif kind == "opponentGone":
            event["claimWinInSeconds"] = None
        lines.append(json.dumps({"direction": direction, "event": event}) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


@needs_lichess
def test_lichess_overlays_target_the_files_that_declare_the_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(LICHESS_SPECS, tmp_path / "specs")  # a copy: the test writes beside it
    spec = tmp_path / "specs" / "lichess-api.yaml"
    monkeypatch.chdir(tmp_path)
    lichess_capture(tmp_path / "capture.jsonl")
    (tmp_path / "out").mkdir()
    argv = ["--spec", "specs/lichess-api.yaml", *LICHESS_ROOTS, "capture.jsonl"]

    code, text = run_text(capsys, *argv, "--write-overlay", "out/wire.overlay.yaml")
    check_text(text, "lichess/report.txt")
    for written in sorted((tmp_path / "out").iterdir()):
        written.unlink()
    code, report = run(capsys, *argv, "--write-overlay", "out/wire.overlay.yaml")
    assert code == 1
    assert (report["events"], report["accepted"], report["rejected"]) == (11, 9, 2)
    assert all(resolves(spec, d["schema"]) for d in report["drift"]), [d["schema"] for d in report["drift"]]
    overlay = report["overlay"]
    assert overlay["file"] is None  # nothing changes in lichess-api.yaml itself: no file for it
    assert [(w["file"], w["extends"], w["actions"]) for w in overlay["files"]] == [
        ("out/wire.overlay.schemas-ChatLineEvent.yaml", "schemas/ChatLineEvent.yaml", 2),
        ("out/wire.overlay.schemas-GameEventInfo.yaml", "schemas/GameEventInfo.yaml", 1),
        ("out/wire.overlay.schemas-GameStartEvent.yaml", "schemas/GameStartEvent.yaml", 1),
        ("out/wire.overlay.schemas-GameStateEvent.yaml", "schemas/GameStateEvent.yaml", 1),
        ("out/wire.overlay.schemas-GameStatusName.yaml", "schemas/GameStatusName.yaml", 1),
        ("out/wire.overlay.schemas-OpponentGoneEvent.yaml", "schemas/OpponentGoneEvent.yaml", 1),
    ]
    check_text(overlays_text(report, tmp_path), "lichess/overlays.txt")
    for written in overlay["files"]:  # valid Overlay 1.0, each naming the file it changes
        document = load_file(written["file"])
        assert list(document) == ["overlay", "info", "extends", "actions"]
        assert document["actions"]
        assert (tmp_path / "out" / document["extends"]).resolve() == (spec.parent / written["extends"]).resolve()

    again_argv = [*argv, *(a for w in overlay["files"] for a in ("--overlay", w["file"]))]
    code, again = run(capsys, *again_argv)
    assert code == 1
    assert rejected_types(again) == named_as_still_rejected(overlay["notes"]) == ["event challenge", "game gameState"]
    assert [(d["kind"], d["path"]) for d in again["drift"]] == [
        ("type", "$.challenge.rated"),
        ("type", "$.btime"),
    ]
    assert (again["accepted"], again["drifted"]) == (9, 0)


@needs_lichess
def test_an_overlay_extending_a_file_changes_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(LICHESS_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    capture = tmp_path / "chat.jsonl"
    capture.write_text(
        '{"direction": "game", "event": {"type": "chatLine", "username": "a", "text": "b", "room": "lobby"}}\n'
    )
    argv = ["--spec", "specs/lichess-api.yaml", *LICHESS_ROOTS, "chat.jsonl"]
    overlay = tmp_path / "room.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: room, version: '1'}\nextends: specs/schemas/ChatLineEvent.yaml\n"
        "actions:\n- target: $.properties.room.enum\n  update: lobby\n"
    )
    code, report = run(capsys, *argv, "--overlay", str(overlay))
    assert (code, report["drift"]) == (0, [])
    overlay.write_text(overlay.read_text().replace("ChatLineEvent.yaml", "ChatLine.yaml"))
    assert main(["validate", *argv, "--overlay", "room.yaml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "eventgen: error: room.yaml#/extends: the overlay extends 'specs/schemas/ChatLine.yaml', and there is no "
        f"such file ({tmp_path / 'specs' / 'schemas' / 'ChatLine.yaml'})",
        "  fix: write extends: as the path of a file of the spec, relative to the overlay",
    ]


# -- allOf, in the style of the Debug Adapter Protocol ------------------------------------------------


def test_allof_findings_target_the_member_that_declares_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    argv = ["--spec", "debugger.json", "--root", "event=?*Event", "debugger-drift.jsonl"]
    overlay = tmp_path / "debugger.overlay.yaml"
    code, text = run_text(capsys, *argv, "--write-overlay", str(overlay))
    assert code == 1
    check_text(text.replace(str(tmp_path), "<tmp>"), "debugger/report.txt")
    check_text(overlay.read_text(encoding="utf-8"), "debugger/overlay.yaml")

    code, report = run(capsys, *argv, "--write-overlay", str(overlay))
    assert all(resolves(FIXTURES / "debugger.json", d["schema"]) for d in report["drift"])
    assert [(d["kind"], d["path"], d["schema"]) for d in report["drift"]] == [
        ("enum", "$.body.cause", "#/definitions/PausedEvent/allOf/1/properties/body/properties/cause"),
        ("type", "$.body.code", "#/definitions/FinishedEvent/allOf/1/properties/body/properties/code"),
        ("undeclared", "$.body.hitIds", "#/definitions/PausedEvent/allOf/1/properties/body"),
        ("enum", "$.body.stream", "#/definitions/PrintedEvent/allOf/1/properties/body/properties/stream"),
        ("null", "$.body.text", "#/definitions/PrintedEvent/allOf/1/properties/body/properties/text"),
        ("missing", "$.body.threadId", "#/definitions/PausedEvent/allOf/1/properties/body"),
        ("missing", "$.seq", "#/definitions/Message"),  # the base that requires it
        ("undeclared", "$.session", "#/definitions/PrintedEvent/allOf/1"),
    ]
    assert [a["target"] for a in load_file(str(overlay))["actions"]] == [
        "$.definitions.PausedEvent.allOf[1].properties.body.properties.cause.enum",
        "$.definitions.PausedEvent.allOf[1].properties.body.properties",
        "$.definitions.PrintedEvent.allOf[1].properties.body.properties.stream.enum",
        "$.definitions.PrintedEvent.allOf[1].properties.body.properties.text",
        '$.definitions.PausedEvent.allOf[1].properties.body.required[?@ == "threadId"]',
        '$.definitions.Message.required[?@ == "seq"]',  # the base that requires it
        "$.definitions.PrintedEvent.allOf[1].properties",  # the event's own member, not the shared base
    ]
    code, again = run(capsys, *argv, "--overlay", str(overlay))
    assert code == 1
    assert rejected_types(again) == named_as_still_rejected(report["overlay"]["notes"]) == ["event finished"]
    assert [(d["kind"], d["path"]) for d in again["drift"]] == [("type", "$.body.code")]


# -- findings that need a decision ----------------------------------------------------------------------


def test_an_untold_union_member_is_named_in_the_overlay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    capture = "tests/fixtures/validate/realtime-untold.jsonl"
    overlay = tmp_path / "wire.overlay.yaml"
    code, report = run(capsys, "--config", "spec/eventgen.yaml", capture, "--write-overlay", str(overlay))
    assert code == 1
    assert [(d["kind"], d["path"], d["name"], d["absorbable"]) for d in report["drift"]] == [
        ("variant", "$.item", "hologram", False),
        ("undeclared", "$.item.loudness", "loudness", True),
        ("tag", "$.item.type", "type", False),
    ]
    check_text(overlay.read_text(encoding="utf-8").replace(str(tmp_path), "<tmp>"), "untold/overlay.yaml")
    code, again = run(capsys, "--config", "spec/eventgen.yaml", capture, "--overlay", str(overlay))
    assert rejected_types(again) == named_as_still_rejected(report["overlay"]["notes"])
    assert [(t["type"], t["rejected"]) for t in again["types"]] == [("conversation.item.created", 1)]


def test_no_overlay_is_written_when_no_action_absorbs_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("retyped.jsonl").write_text(
        '{"seq": 1, "type": "event", "event": "finished", "body": {"code": "0"}}\n'
        '{"seq": 2, "type": "event", "body": {}}\n'  # no tag: which event is it?
    )
    code, text = run_text(capsys, *DEBUGGER, "retyped.jsonl", "--write-overlay", "nothing.yaml")
    assert code == 1
    assert not Path("nothing.yaml").exists()
    assert text.splitlines()[-14:] == [
        "drift (spec and wire disagree):",
        "  event $.body.code: value of another JSON type (expected integer, got string): 1 times",
        "      schema #/definitions/FinishedEvent/allOf/1/properties/body/properties/code; first at retyped.jsonl:1",
        "  event $.event: no tag: which alternative of the union it is cannot be told: 1 times",
        "      schema (the union --root makes; not written in the spec); first at retyped.jsonl:2",
        "",
        "not ok: see above",
        "no overlay written: no finding can be absorbed by an action (an overlay needs one)",
        "  Findings no action absorbs (the spec needs a decision):",
        "    type at $.body.code (code; schema #/definitions/FinishedEvent/allOf/1/properties/body/properties/code): "
        "a value of another JSON type; seen 1 time at $.body.code, first at retyped.jsonl:1",
        "    tag at $.event (event; schema the union --root makes): no 'event', so which alternative of the union "
        "it is cannot be told; seen 1 time at $.event, first at retyped.jsonl:2",
        "  Events that stay rejected (each needs a decision):",
        "    event (no event): 1 event still rejected, first at retyped.jsonl:2: $.event: missing required property "
        "(expected a string)",
        "    event finished: 1 event still rejected, first at retyped.jsonl:1: $.body.code: expected an integer, got "
        'the string "0"',
    ]
    code, report = run(capsys, *DEBUGGER, "retyped.jsonl", "--write-overlay", "nothing.yaml")
    assert report["overlay"]["files"] == [] and report["overlay"]["file"] is None
    assert [d["schema"] for d in report["drift"]] == [
        "#/definitions/FinishedEvent/allOf/1/properties/body/properties/code",
        "",  # the union the --root pattern makes is written nowhere in the spec
    ]


@pytest.mark.parametrize(
    ("argv", "spec"),
    [
        (["--config", "spec/eventgen.yaml", "tests/fixtures/validate/realtime-session.jsonl"], "spec/realtime.yaml"),
        (
            [
                "--spec",
                "tests/fixtures/validate/mini.yaml",
                "--root",
                "server_event=ServerEvent",
                "tests/fixtures/validate/mini-drift.jsonl",
            ],
            "tests/fixtures/validate/mini.yaml",
        ),
    ],
)
def test_every_reported_pointer_resolves(
    argv: list[str], spec: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    _, report = run(capsys, *argv)
    assert report["drift"]
    assert [d["schema"] for d in report["drift"] if not resolves(ROOT / spec, d["schema"])] == []


def test_an_overlay_that_extends_the_spec_itself_changes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    overlay = tmp_path / "voice.yaml"
    overlay.write_text(
        f"overlay: 1.0.0\ninfo: {{title: voice, version: '1'}}\nextends: {FIXTURES / 'mini.yaml'}\n"
        "actions:\n- target: $.components.schemas.Session.properties.voice.enum\n  update: warm\n"
    )
    Path("warm.jsonl").write_text(
        '{"event_id": "e", "type": "session.opened", "session": {"id": "s", "voice": "warm"}}\n'
    )
    argv = ["--spec", str(FIXTURES / "mini.yaml"), "--root", "server_event=ServerEvent", "warm.jsonl"]
    code, report = run(capsys, *argv)
    assert (code, [d["kind"] for d in report["drift"]]) == (1, ["enum"])
    code, report = run(capsys, *argv, "--overlay", "voice.yaml")
    assert (code, report["drift"]) == (0, [])


def test_rejections_past_the_kept_kinds_are_counted_not_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.validating import session

    monkeypatch.setattr(session, "CAUSES", 1)  # keep one kind of rejection per event type
    monkeypatch.chdir(FIXTURES)
    overlay = tmp_path / "o.yaml"
    _, report = run(capsys, *DEBUGGER, "debugger-drift.jsonl", "--write-overlay", str(overlay))
    assert [line for line in report["overlay"]["notes"] if "finished" in line] == [
        "  event finished: 1 event still rejected, first at debugger-drift.jsonl:6: $.body.code: expected an "
        'integer, got the string "0"',
        "  event finished: 1 more rejected event, not kept (past the kinds of rejection kept per event type): "
        "validate again with the overlay to see which stay rejected",
    ]


def test_a_split_spec_gets_one_overlay_per_file_that_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "split", tmp_path / "split")
    shutil.copy(FIXTURES / "split-drift.jsonl", tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    argv = ["--spec", "split/api.yaml", "--root", "event=RoomEvent", "split-drift.jsonl"]
    code, text = run_text(capsys, *argv, "--write-overlay", "out/room.yaml")
    assert code == 1
    check_text(text, "split/report.txt")
    code, report = run(capsys, *argv, "--write-overlay", "out/room.yaml")
    check_text(overlays_text(report, tmp_path), "split/overlays.txt")
    assert all(resolves(tmp_path / "split" / "api.yaml", d["schema"]) for d in report["drift"])
    assert [(w["file"], w["extends"], w["actions"]) for w in report["overlay"]["files"]] == [
        ("out/room.yaml", "", 2),
        ("out/room.schemas-Base.yaml", "schemas/Base.yaml", 1),
        ("out/room.schemas-Joined.yaml", "schemas/Joined.yaml", 1),
        ("out/room.schemas-User.yaml", "schemas/User.yaml", 1),
    ]
    overlays = [a for w in report["overlay"]["files"] for a in ("--overlay", w["file"])]
    code, again = run(capsys, *argv, *overlays)
    assert code == 1
    # once 'at' is optional, its string value is set aside (a lenient parse), not rejected: the
    # overlay's comments, which come from parsing the rejected events again, say no event stays rejected
    assert rejected_types(again) == named_as_still_rejected(report["overlay"]["notes"]) == []
    assert [(d["kind"], d["path"]) for d in again["drift"]] == [("type", "$.at")]
    assert (again["accepted"], again["drifted"]) == (6, 1)


@needs_lichess
def test_older_lichess_examples_against_head_are_absorbed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream examples of all three kept versions, checked against HEAD's spec: the older ones
    send null titles, which HEAD does not allow; the overlay absorbs that, and the run is clean."""
    shutil.copytree(LICHESS_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    games = ("ChatLine", "GameFull", "GameState", "OpponentGone")
    lines = []
    for row in map(json.loads, (LICHESS / "examples.jsonl").read_text(encoding="utf-8").splitlines()):
        if "api-stream-event.yaml" in row["root"]:
            lines.append(json.dumps({"direction": "event", "event": row["event"]}) + "\n")
        elif row["kind"] == "schema-example-event" and any(name in row["root"] for name in games):
            lines.append(json.dumps({"direction": "game", "event": row["event"]}) + "\n")
    Path("all.jsonl").write_text("".join(lines), encoding="utf-8")
    argv = ["--spec", "specs/lichess-api.yaml", *LICHESS_ROOTS, "all.jsonl"]
    code, report = run(capsys, *argv, "--write-overlay", "wire.yaml")
    assert (code, report["events"], report["accepted"]) == (1, 26, 26)
    assert [(d["kind"], d["path"], d["schema"], d["count"]) for d in report["drift"]] == [
        ("null", "$.challenge.challenger.title", "schemas/ChallengeUser.yaml#/properties/title", 2),
        ("null", "$.challenge.destUser.title", "schemas/ChallengeUser.yaml#/properties/title", 3),
    ]
    assert report["overlay"]["files"] == [
        {"file": "wire.schemas-ChallengeUser.yaml", "extends": "schemas/ChallengeUser.yaml", "actions": 2}
    ]
    assert load_file("wire.schemas-ChallengeUser.yaml")["extends"] == "specs/schemas/ChallengeUser.yaml"
    code, again = run(capsys, *argv, "--overlay", "wire.schemas-ChallengeUser.yaml")
    assert (code, again["accepted"], again["drift"]) == (0, 26, [])
