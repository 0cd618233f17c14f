"""Hostile input: the inputs that used to escape as something other than ValidationError, a short
run of the fuzzer (tests/fuzz.py; ``make fuzz`` runs a million cases), and the fuzzer's own
ability to find and shrink a planted bug."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import fuzz
import pytest


def error_of(committed: ModuleType, parse: Any, data: Any) -> tuple[str, str]:
    with pytest.raises(committed.ValidationError) as caught:
        parse(data)
    return caught.value.path, str(caught.value)


def session_update(output: dict[str, Any]) -> dict[str, Any]:
    return {"type": "session.update", "session": {"type": "realtime", "audio": {"output": output}}}


def test_deep_nesting_is_a_validation_error_with_its_path(committed: ModuleType) -> None:
    elided = "[0][0][0][0][0][0][0][0] ... [0][0][0][0][0][0][0][0]"
    top = "[" * 1000 + "]" * 1000
    assert error_of(committed, committed.parse_server_event, top) == (
        f"${elided}",
        f"${elided}: nested deeper than 100 levels",
    )
    extra = '{"type": "session.update", "session": {"type": "realtime"}, "x": ' + top + "}"
    path, message = error_of(committed, committed.parse_client_event, extra)
    assert (path, message) == (f"$.x{elided[3:]}", f"$.x{elided[3:]}: nested deeper than 100 levels")


def test_nesting_within_the_limit_is_kept_and_just_beyond_it_is_not(committed: ModuleType) -> None:
    def nested(levels: int) -> Any:
        value: Any = 1
        for _ in range(levels):
            value = [value]
        return value

    event = committed.parse_server_event({"type": "a.new.event", "deep": nested(99)})
    assert event.to_dict()["deep"] == nested(99)  # with the event object itself: 100 levels
    path, message = error_of(committed, committed.parse_server_event, {"type": "a.new.event", "deep": nested(100)})
    assert message == path + ": nested deeper than 100 levels"
    assert path.startswith("$.deep[0][0]")
    as_text = json.dumps({"type": "session.update", "session": {"type": "realtime"}, "x": nested(150)})
    assert error_of(committed, committed.parse_client_event, as_text)[1].endswith(": nested deeper than 100 levels")


def test_an_integer_too_long_to_print_still_gives_a_message(committed: ModuleType) -> None:
    assert error_of(committed, committed.parse_client_event, 10**4400) == (
        "$",
        "$: expected an object, got the number <an integer of about 4401 digits>",
    )


def test_non_string_keys_give_a_working_path(committed: ModuleType) -> None:
    assert error_of(committed, committed.MCPToolFilter.from_dict, {(1, 2): 0}) == (
        "$[<a tuple>]",
        "$[<a tuple>]: expected a string (object keys are strings in JSON), got a tuple",
    )
    create = {"type": "response.create", "response": {"metadata": {1.5: "x"}}}
    assert error_of(committed, committed.parse_client_event, create) == (
        "$.response.metadata[1.5]",
        "$.response.metadata[1.5]: expected a string (object keys are strings in JSON), got the number 1.5",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NaN", "NaN is not a finite number; strict parsing refuses NaN, Infinity and overflowing numbers"),
        ("-Infinity", "-Infinity is not a finite number; strict parsing refuses NaN, Infinity and overflowing numbers"),
        ("1e400", "1e400 is not a finite number; strict parsing refuses NaN, Infinity and overflowing numbers"),
    ],
)
def test_strict_parsing_refuses_numbers_json_does_not_have(committed: ModuleType, text: str, message: str) -> None:
    frame = json.dumps(session_update({"speed": 1.0})).replace("1.0", text)
    assert error_of(committed, committed.parse_client_event, frame) == (
        "$.session.audio.output.speed",
        f"$.session.audio.output.speed: {message}",
    )
    decoded = session_update({"speed": float(text)})  # a dict built in Python: the range check holds
    assert error_of(committed, committed.parse_client_event, decoded)[0] == "$.session.audio.output.speed"


@pytest.mark.parametrize("units", [10, 798, 799, 4_000, 14_000])
def test_errors_far_into_the_text_are_placed_whatever_the_length_before_them(committed: ModuleType, units: int) -> None:
    """The place of a refused number or deep nesting is looked for in growing beginnings of the text
    (4,096 characters first); a number cut by the end of one (798 units: at 4,088 to 4,099) is not
    judged on its first digits."""
    filler = 'a\\"' * units  # five characters of text each: a, an escaped backslash, an escaped quote
    number = json.dumps({"type": "session.update", "x": filler, "session": {"type": "realtime"}})
    number = number[:-2] + ', "audio": {"output": {"speed": 1e3' + "0" * 8 + "}}}}"
    assert error_of(committed, committed.parse_client_event, number) == (
        "$.session.audio.output.speed",
        "$.session.audio.output.speed: 1e300000000 is not a finite number; " + REFUSED,
    )
    finite_then_refused = number.replace("1e300000000", '1e30, "z": NaN')
    assert error_of(committed, committed.parse_client_event, finite_then_refused)[1] == (
        "$.session.audio.output.z: NaN is not a finite number; " + REFUSED
    )
    deep = number.replace("1e300000000", "1.0")[:-1] + ', "y": ' + "[" * 1000 + "]" * 1000 + "}"
    path, message = error_of(committed, committed.parse_client_event, deep)
    assert message == path + ": nested deeper than 100 levels"
    assert path.startswith("$.y[0][0]")


REFUSED = "strict parsing refuses NaN, Infinity and overflowing numbers"


def test_lenient_parsing_keeps_nan_and_documents_it(committed: ModuleType) -> None:
    event = committed.parse_server_event('{"type": "x.y", "n": NaN, "m": -Infinity}')
    assert repr(event.to_dict()) == "{'type': 'x.y', 'n': nan, 'm': -inf}"


def test_messages_stay_short_whatever_they_quote(committed: ModuleType) -> None:
    path, message = error_of(committed, committed.MCPToolFilter.from_dict, {"k" * 10_000: [1] * 5})
    assert (path, message) == (
        "$.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...",
        "$.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...: expected no such property (the object is closed), "
        "got an array of 5 items",
    )
    done = {"type": "response.done", "event_id": "e", "response": "x" * 10**6}
    path, message = error_of(committed, committed.parse_server_event, done)
    assert message == '$.response: expected an object, got the string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."'


@pytest.mark.parametrize("data", [bytearray(b'{"type": "x.y"}'), memoryview(b'{"type": "x.y"}')])
def test_bytes_like_frames_are_json_text(committed: ModuleType, data: Any) -> None:
    assert committed.parse_server_event(data).to_dict() == {"type": "x.y"}


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    targets = fuzz.all_targets(40, tmp_path)
    findings: list[str] = []
    stats = fuzz.run(targets, 15_000, seed=20261130, timing=False, report=findings.append)
    assert findings == []
    assert stats.cases == 15_000
    assert 1_000 < stats.accepted < 14_000  # both sides of every invariant are exercised
    assert {"deep", "number", "non-string", "not", "bad", "duplicate"} <= set(stats.by_mutation)


@pytest.mark.skipif(len(fuzz.libraries()) == 1, reason="neither msgspec nor orjson is installed")
def test_a_short_differential_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    """Every case through the standard library and each faster JSON library installed: same outcomes."""
    targets = fuzz.all_targets(20, tmp_path)
    findings: list[str] = []
    stats = fuzz.run(targets, 2_000, seed=20261204, timing=False, report=findings.append, names=fuzz.libraries())
    assert findings == []
    assert stats.cases == 2_000


def test_the_fuzzer_finds_and_shrinks_a_planted_bug() -> None:
    class Rejected(ValueError):
        path = "$"

    def parse(data: Any) -> Any:
        try:
            text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
            value = json.loads(text) if isinstance(text, (str, bytes)) else text
        except (ValueError, RecursionError):
            raise Rejected("$: not JSON") from None
        number = value.get("n") if isinstance(value, dict) else None
        if type(number) is int and abs(number) >= 2**63:  # the planted bug: an integer wider than 64 bits
            raise OverflowError("int too large")
        raise Rejected("$: no")

    seeds = [{"type": "a", "n": 1, "payload": {"x": [1, 2, 3], "y": "z" * 50}}]
    target = fuzz.Target("planted", parse, Rejected, seeds, True)
    findings: list[str] = []
    stats = fuzz.run([target], 3_000, seed=1, timing=False, report=findings.append)
    assert len(stats.findings) == 1
    assert stats.findings[0].invariant == "only ValidationError"
    assert stats.findings[0].detail.startswith("OverflowError: int too large")
    shrunk = stats.findings[0].data  # shrunk from a mutated seed to the one property that matters
    value = json.loads(shrunk) if isinstance(shrunk, (str, bytes)) else shrunk
    assert list(value) == ["n"]
    assert abs(value["n"]) >= 2**63


def test_the_differential_part_reports_a_library_that_decodes_otherwise() -> None:
    """A planted difference: under "orjson", integers beyond 64 bits become floats (as orjson.loads alone does)."""
    chosen = ["json"]

    class Parsed:
        def __init__(self, value: Any) -> None:
            self.value = value

        def to_dict(self) -> Any:
            return self.value

        def to_json(self) -> bytes:
            return fuzz.reference_json(self.value)

    class Rejected(ValueError):
        path = "$"

    def parse(data: Any) -> Any:
        try:
            text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
            value = json.loads(text) if isinstance(text, (str, bytes)) else text
        except (ValueError, RecursionError):
            raise Rejected("$: not JSON") from None
        try:  # only text, and only what JSON carries: the plain invariants then hold
            fuzz.reference_json(value)
            json.dumps(value, allow_nan=False)
        except (ValueError, TypeError, RecursionError):
            raise Rejected("$: no") from None
        if not isinstance(value, dict) or value is data:
            raise Rejected("$: no")
        wide = chosen[0] == "orjson" and type(value.get("n")) is int and not -(2**63) <= value["n"] < 2**64
        return Parsed({**value, "n": float(value["n"])} if wide else value)

    def use_json(name: str) -> str:
        chosen[0] = "json" if name == "auto" else name
        return chosen[0]

    seeds = [{"type": "a", "n": 1, "payload": {"x": [1, 2, 3]}}]
    target = fuzz.Target("planted", parse, Rejected, seeds, True, use_json)
    stats = fuzz.run([target], 3_000, seed=1, timing=False, report=lambda _: None, names=["json", "orjson"])
    differences = [f for f in stats.findings if f.invariant == "same with every JSON library"]
    assert len(stats.findings) == len(differences) == 1
    shrunk = differences[0].data
    value = json.loads(shrunk) if isinstance(shrunk, (str, bytes)) else shrunk
    assert list(value) == ["n"]
    assert abs(value["n"]) >= 2**63
