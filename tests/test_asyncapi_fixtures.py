"""Small AsyncAPI documents (tests/fixtures/asyncapi: a 2.6 game server, a 3.0 chat server): the code
generated with the default roots is compared with committed snapshots, and the packages are used the
way a program would: what it receives and sends, from either side, with operations and channels
filtered, with roots named by message, pointer or direction, and the errors it gets when it asks for
something the document does not have.

Refresh the snapshots after an intended change of the output with
``EVENTGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_asyncapi_fixtures.py``, then review the diff.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT, check_snapshot, import_fresh, lint_packages

from generator.errors import SpecError
from generator.frontends.catalog import RootRequest
from generator.pipeline import Options, Result, generate
from generator.write import write_package

FIXTURES = ROOT / "tests" / "fixtures" / "asyncapi"
SNAPSHOTS = ROOT / "tests" / "snapshots" / "asyncapi"
CASES = ("chat_v3", "game_v2")
GAME = str(FIXTURES / "game_v2.yaml")
CHAT = str(FIXTURES / "chat_v3.yaml")


def run(spec: str, roots: tuple[RootRequest, ...] = (), **options: Any) -> Result:
    """Generate from ``spec`` in memory; ``options`` are Options fields (side, channels, operations)."""
    package = f"fx_{Path(spec).stem}"
    return generate(Options(spec, package, list(roots), **options))


@functools.cache
def default(case: str) -> Result:
    return run(str(FIXTURES / f"{case}.yaml"))


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., ModuleType]:
    """Generate a package (as ``run`` does), write it and import it."""
    count = iter(range(1000))

    def make(spec: str, roots: tuple[RootRequest, ...] = (), **options: Any) -> ModuleType:
        name = f"fx_{Path(spec).stem}_{next(count)}"
        files = generate(Options(spec, name, list(roots), **options)).files
        write_package(files, str(tmp_path / name))
        return import_fresh(tmp_path, name)

    return make


def tables(package: ModuleType) -> dict[str, dict[str, Any]]:
    """Each root's type table with class names: {"incoming": {"say": "Say"}, ...}."""

    def names(value: Any) -> Any:
        if isinstance(value, type):
            return value.__name__
        if isinstance(value, dict):
            return {k: names(v) for k, v in value.items()}
        return tuple(names(v) for v in value)

    found = {}
    for alias in ("incoming", "outgoing", "mine"):
        table = getattr(package, f"{alias.upper()}_TYPES", None)
        if table is not None:
            found[alias] = {k: names(v) for k, v in table.items()}
    return found


def spec_error(spec: str, roots: tuple[RootRequest, ...] = (), **options: Any) -> str:
    with pytest.raises(SpecError) as info:
        run(spec, roots, **options)
    return str(info.value)


# -- snapshots -----------------------------------------------------------------------------------


def test_every_fixture_has_a_case_and_every_snapshot_a_fixture() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(CASES)
    assert sorted(p.name for p in SNAPSHOTS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", CASES)
def test_generated_code_matches_snapshot(case: str) -> None:
    check_snapshot(default(case).files, SNAPSHOTS / case, case)


def test_fixture_packages_pass_ruff_and_mypy_strict(tmp_path: Path) -> None:
    for case in CASES:
        write_package(default(case).files, str(tmp_path / f"fx_{case}"))
    lint_packages(tmp_path, [f"fx_{case}" for case in CASES])


# -- the default roots -----------------------------------------------------------------------------


def test_non_object_payloads_are_left_out_with_a_warning() -> None:
    assert default("game_v2").warnings.items == [
        (
            "#/components/messages/tick/payload",
            "the payload of message 'tick' is a string, not a JSON object; it is left out of the root 'incoming'",
        )
    ]
    assert default("chat_v3").warnings.items == [
        (
            "#/channels/lobby/messages/ping/payload",
            "the payload of message 'ping' is a string, not a JSON object; it is left out of the root 'incoming'",
        )
    ]


def test_chat_client_receives_what_the_server_sends_and_replies(build: Callable[..., ModuleType]) -> None:
    package = build(CHAT)
    assert tables(package) == {
        "incoming": {"said": "Line", "echo": "Line", "left": "UserLeft", "welcome": "Welcome"},  # welcome: a reply
        "outgoing": {"say": "Say", "join": "JoinRoom"},  # join: named by messageId
    }
    assert (
        package.parse_incoming.__doc__.splitlines()[0] == "Parse one ``Incoming`` from JSON text or a decoded object."
    )


def test_game_client_receives_subscribe_and_sends_publish(build: Callable[..., ModuleType]) -> None:
    package = build(GAME)
    assert tables(package) == {
        "incoming": {"move": "Move", "score": "PointScored", "status": "ServerStatus"},
        "outgoing": {"move": "Move", "chat": "GameGameIdChat"},  # an inline message, named after its channel
    }


def test_a_shared_payload_schema_keeps_its_name_and_a_shared_message_is_one_class(
    build: Callable[..., ModuleType],
) -> None:
    chat, game = build(CHAT), build(GAME)
    said = chat.parse_incoming({"type": "said", "user": "ann", "text": "hi"})
    echo = chat.parse_incoming({"type": "echo", "user": "ann", "text": "hi"})
    assert (type(said), type(echo), type(said).__name__) == (chat.Line, chat.Line, "Line")
    moved = game.parse_incoming({"type": "move", "from": "e2", "to": "e4"})
    move = game.parse_outgoing({"type": "move", "from": "e2", "to": "e4"})
    assert (type(moved), type(move), type(move).__name__) == (game.Move, game.Move, "Move")
    # `say` is on two channels and `scored` on two operations: each one class, listed once
    assert [c.__name__ for c in chat.OUTGOING_TYPES.values()].count("Say") == 1
    assert [c.__name__ for c in game.INCOMING_TYPES.values()].count("PointScored") == 1


def test_events_round_trip_exactly(build: Callable[..., ModuleType]) -> None:
    chat, game = build(CHAT), build(GAME)
    for parse, event in (
        (chat.parse_incoming, {"type": "welcome", "rooms": ["a", "b"]}),
        (chat.parse_incoming, {"type": "left", "user": "bob", "since": 3}),  # undeclared: kept in extra
        (chat.parse_outgoing, {"type": "say", "text": "hello", "mood": "happy"}),
        (chat.parse_outgoing, {"type": "join", "room": "r1"}),
        (game.parse_incoming, {"type": "score", "player": "p1", "points": 2}),
        (game.parse_incoming, {"type": "status", "state": "draining"}),
        (game.parse_outgoing, {"type": "chat", "text": "gg"}),
    ):
        assert parse(event).to_dict() == event


def test_incoming_is_lenient_and_outgoing_strict(build: Callable[..., ModuleType]) -> None:
    chat, game = build(CHAT), build(GAME)
    status = game.parse_incoming('{"type": "status", "state": "rebooting"}')
    assert (status.state, status.to_dict()) == ("rebooting", {"type": "status", "state": "rebooting"})
    with pytest.raises(chat.ValidationError) as info:
        chat.parse_outgoing({"type": "say", "text": "hi", "mood": "angry"})
    assert str(info.value) == '$.mood: expected one of "happy", "sad", got the string "angry"'
    with pytest.raises(game.ValidationError) as info:
        game.parse_outgoing({"type": "chat", "text": "x" * 101})
    assert str(info.value).startswith("$.text: ")
    unknown = chat.parse_incoming({"type": "typing", "user": "ann"})
    assert (type(unknown).__name__, unknown.to_dict()) == ("UnknownIncoming", {"type": "typing", "user": "ann"})


def test_side_server_swaps_the_roots(build: Callable[..., ModuleType]) -> None:
    for spec in (CHAT, GAME):
        client, server = tables(build(spec)), tables(build(spec, side="server"))
        assert server == {"incoming": client["outgoing"], "outgoing": client["incoming"]}
    server = build(CHAT, side="server")
    assert type(server.parse_incoming({"type": "say", "text": "hi", "mood": "angry"})).__name__ == "Say"  # lenient
    with pytest.raises(server.ValidationError) as info:
        server.parse_outgoing({"type": "left"})  # what the server sends is checked strictly
    assert str(info.value) == "$.user: missing required property (expected a string)"


# -- filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "options", "expected"),
    [
        (CHAT, {"channels": ("lobby",)}, {"incoming": {"welcome": "Welcome"}, "outgoing": {"join": "JoinRoom"}}),
        (
            CHAT,
            {"channels": ("rooms/{roomId}",)},
            {  # by address
                "incoming": {"said": "Line", "echo": "Line", "left": "UserLeft"},
                "outgoing": {"say": "Say"},
            },
        ),
        (CHAT, {"channels": ("broadcast",)}, {"outgoing": {"say": "Say"}}),  # no incoming root at all
        (
            CHAT,
            {"operations": ("receiveJoin",)},
            {"incoming": {"welcome": "Welcome"}, "outgoing": {"join": "JoinRoom"}},
        ),
        (
            CHAT,
            {"operations": ("sendLines", "receiveSay")},
            {
                "incoming": {"said": "Line", "echo": "Line", "left": "UserLeft"},
                "outgoing": {"say": "Say"},
            },
        ),
        (
            CHAT,
            {"channels": ("room",), "operations": ("sendLines",)},
            {
                "incoming": {"said": "Line", "echo": "Line", "left": "UserLeft"},
            },
        ),
        (GAME, {"operations": ("onScores",)}, {"incoming": {"score": "PointScored"}}),
        (GAME, {"channels": ("game/{gameId}/chat",)}, {"outgoing": {"chat": "GameGameIdChat"}}),
        (
            GAME,
            {"channels": ("game/{gameId}/moves",), "side": "server"},
            {
                "incoming": {"move": "Move"},
                "outgoing": {"move": "Move", "score": "PointScored"},
            },
        ),
    ],
)
def test_channels_and_operations_filter_the_roots(
    build: Callable[..., ModuleType], spec: str, options: dict[str, Any], expected: dict[str, Any]
) -> None:
    package = build(spec, **options)
    assert tables(package) == expected
    assert hasattr(package, "parse_incoming") == ("incoming" in expected)


def test_unknown_channel_or_operation_lists_the_known_ones() -> None:
    assert spec_error(CHAT, channels=("hall",)) == (
        f"{CHAT}#/channels: there is no channel 'hall'\n"
        "  fix: name a channel by its key or address: 'room', 'broadcast', 'lobby', 'rooms/{roomId}'"
    )
    assert spec_error(CHAT, operations=("sendSay",)) == (
        f"{CHAT}#/operations: there is no operation 'sendSay'\n"
        "  fix: name an operation by its key: 'sendLines', 'receiveSay', 'receiveBroadcast', 'receiveJoin', 'sendPing'"
    )
    assert spec_error(GAME, operations=("onChat",)) == (
        f"{GAME}#/channels: there is no operation 'onChat'\n"
        "  fix: name an operation by its operationId: 'onMoves', 'makeMove', 'onScores', 'onStatus'"
    )


def test_a_filter_that_leaves_no_message_is_an_error() -> None:
    assert spec_error(CHAT, operations=("sendPing",)) == (
        f"{CHAT}#: no operation among the selected ones sends or receives a message whose payload is a JSON "
        "object, so there is no root to generate\n"
        "  fix: describe the operations and their messages, or name a root: --root event=MESSAGE "
        "(messages here: echo, joinRoom, ping, said, say, userLeft, welcome)"
    )


# -- roots the user names --------------------------------------------------------------------------


def test_roots_named_by_message_pointer_or_direction(build: Callable[..., ModuleType]) -> None:
    package = build(
        CHAT,
        (
            RootRequest("join", "joinRoom", False),  # a message, by its messageId
            RootRequest("said", "#/components/messages/said", True),  # a pointer to a message: its payload
            RootRequest("greeting", "#/channels/lobby/messages/welcome", True),
            RootRequest("mine", "incoming", False),  # the direction, under an alias of the user's
        ),
    )
    assert type(package.parse_join({"type": "join", "room": "r"})).__name__ == "JoinRoom"
    assert type(package.parse_said({"type": "echo", "user": "u", "text": "t"})).__name__ == "Line"
    assert type(package.parse_greeting({"type": "welcome", "rooms": []})).__name__ == "Welcome"
    assert tables(package)["mine"] == {"said": "Line", "echo": "Line", "left": "UserLeft", "welcome": "Welcome"}
    with pytest.raises(package.ValidationError):
        package.parse_mine({"type": "said", "user": "u"})  # strict as asked: text is required
    assert not hasattr(package, "parse_incoming")


def test_roots_named_by_message_key_schema_name_or_pattern(build: Callable[..., ModuleType]) -> None:
    package = build(GAME, (RootRequest("scored", "scored", True), RootRequest("moves", "Move", False)))
    assert type(package.parse_scored({"type": "score", "player": "p", "points": 1})).__name__ == "PointScored"
    assert type(package.parse_moves({"type": "move", "from": "a", "to": "b"})).__name__ == "Move"
    package = build(GAME, (RootRequest("server", "server*", True),))
    assert type(package.parse_server({"type": "status", "state": "up"})).__name__ == "ServerStatus"


def test_a_root_that_is_no_object_is_said_and_one_not_there_is_an_error() -> None:
    warnings = run(CHAT, (RootRequest("ping", "ping", True),)).warnings.items
    assert (
        "#/channels/lobby/messages/ping/payload",
        "root 'ping' is a plain string, not an object or a union of objects: parse_ping returns the plain value "
        "(is this the schema of the events?)",
    ) in warnings
    assert spec_error(CHAT, (RootRequest("event", "joinroom", True),)) == (
        f"{CHAT}#/components/messages: root schema 'joinroom' is not in the spec\n"
        f"  fix: did you mean 'joinRoom' or 'join'? `eventgen inspect {CHAT}` lists the roots this spec offers"
    )


# -- what eventgen cannot read --------------------------------------------------------------------

REMOTE = """\
asyncapi: 3.0.0
info: {title: Remote, version: '1'}
channels:
  feed:
    address: feed
    messages:
      quote: {payload: {$ref: 'https://example.com/schemas/quote.json'}}
      trade: {payload: {type: object, properties: {type: {const: trade}}}}
operations:
  sendQuotes: {action: send, channel: {$ref: '#/channels/feed'}, messages: [{$ref: '#/channels/feed/messages/quote'}]}
  sendTrades: {action: send, channel: {$ref: '#/channels/feed'}, messages: [{$ref: '#/channels/feed/messages/trade'}]}
"""


def test_a_payload_on_the_network_stops_only_when_its_message_is_used(
    tmp_path: Path, build: Callable[..., ModuleType]
) -> None:
    spec = tmp_path / "remote.yaml"
    spec.write_text(REMOTE, encoding="utf-8")
    assert spec_error(str(spec)) == (
        f"{spec}#/channels/feed/messages/quote/payload: $ref 'https://example.com/schemas/quote.json' names "
        "https://example.com/schemas/quote.json, which no document here has as its $id (eventgen never uses "
        "the network)\n"
        "  fix: save that document beside the spec, or map its URL to a local directory: "
        "--ref-base https://example.com/schemas/=DIR; or leave the message out: it comes with sendQuotes "
        "(see --operation, --channel)"
    )
    assert tables(build(str(spec), operations=("sendTrades",))) == {"incoming": {"trade": "Trade"}}


def test_a_schema_format_from_a_trait_is_checked_where_it_stands(
    tmp_path: Path, build: Callable[..., ModuleType]
) -> None:
    spec = tmp_path / "game_avro.yaml"
    text = (FIXTURES / "game_v2.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("application/schema+yaml;version=draft-07", "application/vnd.apache.avro"), "utf-8")
    assert spec_error(str(spec)) == (
        f"{spec}#/components/messageTraits/yamlSchema/schemaFormat: message 'serverStatus' describes its payload "
        "in Avro (schemaFormat 'application/vnd.apache.avro'); eventgen reads JSON Schema payloads only\n"
        "  fix: describe the payload in JSON Schema (schemaFormat: application/schema+json;version=draft-07); "
        "or leave the message out: it comes with onStatus (see --operation, --channel)"
    )
    # when only onScores counts, the status message is not used and its payload never read
    assert tables(build(str(spec), operations=("onScores",))) == {"incoming": {"score": "PointScored"}}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("asyncapi: 4.0.0\ninfo: {title: Future}\n", "says asyncapi: 4.0.0"),
        ("info: {title: None}\n", "has no asyncapi field"),
    ],
)
def test_only_asyncapi_1_2_and_3_are_read(tmp_path: Path, text: str, said: str) -> None:
    spec = tmp_path / "old.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        generate(Options(str(spec), "old", [], format="asyncapi"))
    assert str(info.value) == (
        f"{spec}#/asyncapi: the document {said}; eventgen reads AsyncAPI 1.0 to 1.2, 2.0 to 2.6 and 3.0\n"
        "  fix: give the version the document follows, e.g. asyncapi: 3.0.0"
    )


def test_the_command_needs_no_root_and_takes_side_and_filters(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "generator", "generate", "--spec", CHAT, "--package", "chat", "--out", str(tmp_path)]
    done = subprocess.run(
        [*argv, "--side", "server", "--channel", "lobby"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        "warning: #/channels/lobby/messages/ping/payload: the payload of message 'ping' is a string, "
        "not a JSON object; it is left out of the root 'outgoing'"
    )
    package = import_fresh(tmp_path, "chat")
    assert tables(package) == {"incoming": {"join": "JoinRoom"}, "outgoing": {"welcome": "Welcome"}}
