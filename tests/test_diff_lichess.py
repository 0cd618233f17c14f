"""eventgen diff on the Lichess history in ../shared/realspecs/lichess (a multi-file OpenAPI spec):
the stream of incoming events, an inline ``oneOf`` of ndjson lines, across three commits."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import SHARED

from generator.cli import main

LICHESS = SHARED / "realspecs" / "lichess"
ROOT = "event=tags/board/api-stream-event.yaml#/get/responses/200/content/application~1x-ndjson/schema"

pytestmark = pytest.mark.skipif(
    not (LICHESS / "f59dc80").exists(),
    reason="../shared/realspecs/lichess is absent (a fresh clone has no ../shared); CI provides it",
)


def diff(capsys: pytest.CaptureFixture[str], old: str, new: str, fmt: str = "json") -> str:
    spec = "doc/specs/lichess-api.yaml"
    code = main(["diff", str(LICHESS / old / spec), str(LICHESS / new / spec), "--root", ROOT, "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def wire(capsys: pytest.CaptureFixture[str], old: str, new: str) -> list[dict[str, str]]:
    return [c for c in json.loads(diff(capsys, old, new))["changes"] if c["direction"] != "python"]


def test_renamed_and_added_schemas_and_required_lists(capsys: pytest.CaptureFixture[str]) -> None:
    found = wire(capsys, "8525a55", "9022991")
    assert len(found) == 88
    assert Counter(c["kind"] for c in found)["field.now-required"] == 11
    renamed = {(c["event"], c["path"], c["old"], c["new"]) for c in found if c["kind"] == "schema.renamed"}
    assert renamed == {
        ("challengeDeclined", "challenge", "ChallengeCanceledJson", "ChallengeDeclinedJson"),
        ("gameStart", "game.compat", "inline object", "GameCompat"),
        ("gameFinish", "game.compat", "inline object", "GameCompat"),
        ("gameStart", "game.status", "inline object", "GameStatus"),
        ("gameFinish", "game.status", "inline object", "GameStatus"),
        ("challenge", "challenge.timeControl", "inline union", "TimeControl"),
        ("challengeCanceled", "challenge.timeControl", "inline union", "TimeControl"),
    }
    required = {(c["event"], c["path"]) for c in found if c["kind"] == "field.now-required"}
    assert {("challenge", "type"), ("challenge", "challenge"), ("gameStart", "game.status.id")} <= required
    # the time control, told apart by shape, is now discriminated by `type`: said so, then compared per alternative
    text = diff(capsys, "8525a55", "9022991", "text")
    assert (
        "  TimeControl, in 2 events: challenge, challengeCanceled (at challenge.timeControl)\n"
        "    -        schema.renamed       inline union -> TimeControl\n"
        "    -        union.discriminated  told apart by shape -> discriminated by `type`; the old alternatives "
        "correspond to clock, correspondence, unlimited (by best structural match)\n"
        "    -        type.narrowed        [type=clock].type string -> string enum (clock)\n"
    ) in text
    assert "(union of 3) -> union of 3 (union of 3)" not in text


def test_required_lists_added_in_the_next_commit(capsys: pytest.CaptureFixture[str]) -> None:
    found = wire(capsys, "9022991", "f59dc80")
    assert len(found) == 76
    required = sorted({(c["event"], c["path"]) for c in found if c["kind"] == "field.now-required"})
    assert [r for r in required if "." not in r[1]] == [
        ("challengeCanceled", "challenge"),
        ("challengeCanceled", "type"),
        ("challengeDeclined", "challenge"),
        ("challengeDeclined", "type"),
        ("gameFinish", "game"),
        ("gameFinish", "type"),
        ("gameStart", "game"),
        ("gameStart", "type"),
    ]
    text = diff(capsys, "9022991", "f59dc80", "text")
    assert "  in 4 events: challengeCanceled, challengeDeclined, gameFinish, gameStart\n" in text
