"""The JSON library behind parse_* and to_json(): msgspec or orjson when installed, the standard library
otherwise, with the same outcomes whichever runs (accepted objects, errors and their paths, bytes
written). tests/fuzz.py compares every fuzz case the same way; these are the edges named one by one."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import fuzz
import pytest
from conftest import ROOT

LIBRARIES = fuzz.libraries()  # "json", and msgspec and orjson when installed (the dev extras have both)
FAST = [name for name in LIBRARIES if name != "json"]


@pytest.fixture
def rt(committed: ModuleType) -> Iterator[ModuleType]:
    """The committed package, set back to its automatic choice afterwards."""
    yield committed
    committed.use_json("auto")


def outcome(package: ModuleType, parse: str, data: Any) -> tuple[Any, ...]:
    try:
        event = getattr(package, parse)(data)
    except package.ValidationError as error:
        return "rejected", str(error), error.path
    return "accepted", repr(event.to_dict()), event.to_json()


def each_library(package: ModuleType, parse: str, data: Any) -> dict[str, tuple[Any, ...]]:
    outcomes = {}
    for name in LIBRARIES:
        assert package.use_json(name) == name
        outcomes[name] = outcome(package, parse, data)
    return outcomes


def delta(**extra: Any) -> dict[str, Any]:
    event = {
        "type": "response.output_audio.delta",
        "event_id": "event_1",
        "response_id": "resp_1",
        "item_id": "item_1",
        "output_index": 0,
        "content_index": 0,
        "delta": "AAAA",
    }
    return event | extra


def update(speed: str) -> str:
    return '{"type": "session.update", "session": {"type": "realtime", "audio": {"output": {"speed": ' + speed + "}}}}"


EDGES = [  # (parse function, text): where msgspec or orjson on their own would differ from the stdlib
    ("parse_server_event", json.dumps(delta(n=2**64))),  # orjson: a float
    ("parse_server_event", json.dumps(delta(n=-(2**63) - 1, m=[1, {"k": 10**30}]))),
    ("parse_server_event", json.dumps(delta(n=10**4299))),  # the longest integer str() allows (4,300 digits)
    ("parse_server_event", json.dumps(delta())[:-1] + ', "n": ' + "9" * 4301 + "}"),  # one digit more
    ("parse_server_event", json.dumps(delta())[:-1] + ', "n": NaN, "m": -Infinity, "o": 1e400}'),
    ("parse_client_event", update("NaN")),
    ("parse_client_event", update("1e400")),
    ("parse_client_event", update("-0.0")),
    ("parse_client_event", update("0.30000000000000004441")),
    ("parse_server_event", json.dumps(delta(text="\ud800 \udfff\ud800"))),  # lone surrogates, escaped
    ("parse_server_event", json.dumps(delta(text="\ud800"), ensure_ascii=False).encode("utf-8", "surrogatepass")),
    ("parse_server_event", b"\xef\xbb\xbf" + json.dumps(delta()).encode()),  # a BOM: the stdlib takes bytes
    ("parse_server_event", "\ufeff" + json.dumps(delta())),  # and refuses a str
    ("parse_server_event", json.dumps(delta()).encode()[:-3] + b"\xff\xfe}"),  # invalid UTF-8
    ("parse_server_event", json.dumps(delta()).encode("utf-16")),
    ("parse_server_event", '{"type": "x.y", "type": "response.output_audio.delta", "a": 1, "a": 2}'),
    ("parse_server_event", '{"type": "x.y", "deep": ' + "[" * 99 + "]" * 99 + "}"),
    ("parse_server_event", '{"type": "x.y", "deep": ' + "[" * 100 + "]" * 100 + "}"),
    ("parse_server_event", '{"type": "x.y", "deep": ' + "[" * 1100 + "]" * 1100 + "}"),  # beyond orjson's 1024
    ("parse_server_event", "[" * 100_000 + "]" * 100_000),
    ("parse_server_event", '{"type": "x.y", "s": "\x00"}'),  # a raw control character
    ("parse_server_event", " \t\n" + json.dumps(delta()) + "\r\n"),
    ("parse_server_event", json.dumps(delta()) + " x"),
    ("parse_server_event", json.dumps(delta(output_index=2**64))),  # an integer field: refused, same message
    ("parse_server_event", json.dumps(delta(output_index=1.0))),
    ("parse_server_event", "[1, 2]"),
    ("parse_server_event", "18446744073709551616"),
    ("parse_server_event", '{"type": "x.y", "s": "a\\"b\\\\", "n": 12345678901234567890}'),  # escapes, then a wide int
]


@pytest.mark.skipif(not FAST, reason="neither msgspec nor orjson is installed")
@pytest.mark.parametrize(("parse", "data"), EDGES, ids=[f"edge{i}" for i in range(len(EDGES))])
def test_every_library_gives_the_standard_librarys_outcome(rt: ModuleType, parse: str, data: Any) -> None:
    outcomes = each_library(rt, parse, data)
    assert all(found == outcomes["json"] for found in outcomes.values()), outcomes


@pytest.mark.skipif(not FAST, reason="neither msgspec nor orjson is installed")
def test_an_integer_beyond_64_bits_stays_an_integer(rt: ModuleType) -> None:
    for name in LIBRARIES:
        rt.use_json(name)
        event = rt.parse_server_event(json.dumps(delta(n=2**64)))
        assert event.extra == {"n": 2**64}
        assert type(event.extra["n"]) is int


def test_errors_are_the_standard_librarys_with_their_path(rt: ModuleType) -> None:
    for name in LIBRARIES:
        rt.use_json(name)
        with pytest.raises(rt.ValidationError) as caught:
            rt.parse_client_event(update("1e400"))
        assert str(caught.value) == (
            "$.session.audio.output.speed: 1e400 is not a finite number; "
            "strict parsing refuses NaN, Infinity and overflowing numbers"
        )
        with pytest.raises(rt.ValidationError) as caught:
            rt.parse_server_event(json.dumps(delta(output_index=-(2**63) - 1, content_index=0.5)))
        assert str(caught.value) == "$.content_index: expected an integer, got the number 0.5"
        assert caught.value.__context__ is None  # redone after the fast attempt, not inside its handler
        event = rt.parse_server_event(json.dumps(delta(output_index=-(2**63) - 1)))  # orjson: a float, redone
        assert event.output_index == -(2**63) - 1


def test_to_json_is_compact_utf8_in_to_dict_order(rt: ModuleType) -> None:
    event = rt.parse_server_event(
        json.dumps(delta(text='é 😀 \u2028 \x00\x1f\x7f "\\/', small=1e-7, tiny=0.00001, big=1e16, neg=-0.0, n=2**64))
    )
    expected = (
        b'{"event_id":"event_1","type":"response.output_audio.delta","response_id":"resp_1","item_id":"item_1",'
        b'"output_index":0,"content_index":0,"delta":"AAAA","text":"\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8 '
        b'\\u0000\\u001f\x7f \\"\\\\/","small":1e-7,"tiny":0.00001,"big":1e+16,"neg":-0.0,"n":18446744073709551616}'
    )
    for name in LIBRARIES:
        rt.use_json(name)
        assert event.to_json() == expected
    assert json.loads(expected) == event.to_dict()


def test_to_json_writes_nan_as_null_and_a_lone_surrogate_as_an_escape(rt: ModuleType) -> None:
    event = rt.parse_server_event('{"type": "x.y", "n": NaN, "m": [-Infinity, 1.5], "s": "\\ud800"}')
    assert isinstance(event, rt.UnknownServerEvent)
    for name in LIBRARIES:
        rt.use_json(name)
        assert event.to_json() == b'{"type":"x.y","n":null,"m":[null,1.5],"s":"\\ud800"}'
    assert json.loads(event.to_json())["s"] == "\ud800"


def test_to_json_of_a_built_object_and_a_nested_unknown(rt: ModuleType) -> None:
    update = rt.RealtimeClientEventSessionUpdate(session=rt.RealtimeSessionCreateRequestGA(instructions="Be brief."))
    for name in LIBRARIES:
        rt.use_json(name)
        assert update.to_json() == b'{"type":"session.update","session":{"type":"realtime","instructions":"Be brief."}}'
    item = rt.parse_server_event(
        '{"type": "conversation.item.added", "event_id": "e", "item": {"type": "hologram", "id": "x"}}'
    ).item
    assert isinstance(item, rt.UnknownVariant)
    assert item.to_json() == b'{"type":"hologram","id":"x"}'


def test_to_json_matches_the_reference_on_random_floats(rt: ModuleType) -> None:
    import random
    import struct

    rng = random.Random(5)
    values = [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(3000)]
    values += [rng.uniform(-1, 1) * 10.0 ** rng.randint(-320, 300) for _ in range(3000)]
    event = rt.parse_server_event({"type": "x.y", "values": [v for v in values if math.isfinite(v)]})
    for name in LIBRARIES:
        rt.use_json(name)
        assert event.to_json() == fuzz.reference_json(event.to_dict())


def test_use_json_refuses_an_unknown_name(rt: ModuleType) -> None:
    with pytest.raises(ValueError, match="is none of auto, msgspec, orjson, json"):
        rt.use_json("simdjson")
    assert rt.use_json("json") == "json" == rt.json_library()


def run_python(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "EVENTGEN_JSON"} | env
    environment["PYTHONPATH"] = str(ROOT / "generated")
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return done.stdout.strip()


CHOSEN = (
    "import sys, realtime_events as r; "
    "print(r.json_library(), sys.modules.get('msgspec') is not None, sys.modules.get('orjson') is not None)"
)


def test_the_choice_follows_the_environment_and_nothing_is_imported_before_it_is_needed() -> None:
    imported = "import sys, realtime_events; print('msgspec' in sys.modules or 'orjson' in sys.modules)"
    assert run_python(imported) == "False"
    assert run_python(CHOSEN, EVENTGEN_JSON="json") == "json False False"
    assert run_python(CHOSEN, EVENTGEN_JSON="nonsense") == "json False False"
    if "orjson" in LIBRARIES:
        assert run_python(CHOSEN, EVENTGEN_JSON="orjson") == "orjson False True"
    if "msgspec" in LIBRARIES:
        assert run_python(CHOSEN).split()[0] == "msgspec"


def test_without_msgspec_and_orjson_the_standard_library_does_everything() -> None:
    blocked = "import sys; sys.modules['msgspec'] = None; sys.modules['orjson'] = None; "
    code = blocked + CHOSEN + '; print(r.parse_server_event(b\'{"type": "x.y", "n": 1e-7}\').to_json())'
    assert run_python(code).splitlines() == ["json False False", 'b\'{"type":"x.y","n":1e-7}\'']
    with pytest.raises(subprocess.CalledProcessError) as caught:
        run_python(blocked + "import realtime_events as r; r.use_json('orjson')")
    assert "ImportError: use_json: orjson is not installed" in caught.value.stderr
