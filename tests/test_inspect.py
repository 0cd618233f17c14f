"""``eventgen inspect`` and the roots it prints, on a spec spread over files as Lichess writes it
(``tests/fixtures/inspect``): the listing, its JSON, every printed root accepted by ``generate``,
a path file as the spec, readable names for inline unions, errors that say which root was meant,
patterns that exclude, and ``names:`` / ``x-eventgen-name``."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, import_fresh

from generator.cli import main

FIXTURES = ROOT / "tests" / "fixtures" / "inspect"
STREAM = "paths/stream.yaml#/get/responses/200/content/application~1x-ndjson/schema"
GAME = "paths/game.yaml#/get/responses/200/content/application~1x-ndjson/schema"

LISTING = """\
Board games (openapi, api.yaml)

2 roots to generate:

  StreamEvent  [GET /api/stream/event (apiStreamEvent), response 200 (application/x-ndjson)]
    2 members, told apart by 'type', 3 classes: GameStartEvent, GameFinishEvent
    --root 'stream_event=paths/stream.yaml#/get/responses/200/content/application~1x-ndjson/schema'

  BotGameStreamEvent  [GET /api/bot/game/stream/{gameId} (botGameStream), response 200 (application/x-ndjson)]
    2 members, told apart by 'type', 3 classes: BotGameStreamEventGameState, BotGameStreamEventChatLine
    --root 'bot_game_stream_event=paths/game.yaml#/get/responses/200/content/application~1x-ndjson/schema'
"""


@pytest.fixture(autouse=True)
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the listing and in messages are as a user in the spec's folder types them."""
    monkeypatch.chdir(FIXTURES)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def generate(capsys: pytest.CaptureFixture[str], out: Path, spec: str, *options: str) -> str:
    """Generate package ``pkg`` into ``out``; the warnings printed."""
    argv = ["generate", "--spec", spec, "--package", "pkg", "--out", str(out), "--formatter", "none", *options]
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    return err


def test_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "inspect", "api.yaml") == (0, LISTING, "")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inspect", "api.yaml", "--format", "json")
    found = json.loads(out)
    assert (code, found["version"], found["format"], found["title"]) == (0, 1, "openapi", "Board games")
    assert found["unions"][0] == {
        "name": "StreamEvent",
        "where": "GET /api/stream/event (apiStreamEvent), response 200 (application/x-ndjson)",
        "members": 2,
        "member_names": ["GameStartEvent", "GameFinishEvent"],
        "told_apart_by": "'type'",
        "classes": 3,
        "root": f"stream_event={STREAM}",
        "option": f"--root 'stream_event={STREAM}'",
        "caller_tag": None,
        "error": None,
    }


@pytest.mark.parametrize("spec", ["api.yaml", "paths/stream.yaml"])
def test_every_printed_root_generates(capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str) -> None:
    allow = ["--allow-read", "."] if spec.startswith("paths/") else []  # its $refs go up to ../schemas
    code, out, _ = run(capsys, "inspect", spec, *allow)
    options = [line.strip() for line in out.splitlines() if line.strip().startswith("--root")]
    assert code == 0 and options
    for option in options:
        generate(capsys, tmp_path, spec, *shlex.split(option), *allow)


def test_inline_unions_are_named_after_their_operation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    generate(capsys, tmp_path, "api.yaml", "--root", f"stream_event={STREAM}", "--root", f"game={GAME}")
    pkg = import_fresh(tmp_path, "pkg")
    event = {"type": "gameFinish", "gameId": "abc", "winner": "white"}
    parsed = pkg.parse_stream_event(event)
    assert (type(parsed).__name__, parsed.to_dict()) == ("GameFinishEvent", event)
    line = {"type": "chatLine", "text": "gg"}
    assert type(pkg.parse_game(line)).__name__ == "BotGameStreamEventChatLine"
    assert {"StreamEvent", "BotGameStreamEvent", "UnknownStreamEvent"} <= set(pkg.__all__)


def test_a_path_file_is_a_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Its named schemas come from the files it reaches; its roots are pointers into it."""
    pointer = "#/get/responses/200/content/application~1x-ndjson/schema"
    roots = ["--root", f"event={pointer}", "--root", "start=GameStartEvent"]
    generate(capsys, tmp_path, "paths/stream.yaml", *roots, "--allow-read", ".")  # it refers up to ../schemas
    pkg = import_fresh(tmp_path, "pkg")
    assert dict(pkg.EVENT_TYPES) == {"gameStart": pkg.GameStartEvent, "gameFinish": pkg.GameFinishEvent}


def test_a_pointer_with_an_unescaped_slash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = "event=paths/stream.yaml#/get/responses/200/content/application/x-ndjson/schema"
    code, _, err = run(
        capsys, "generate", "--spec", "api.yaml", "--package", "p", "--out", str(tmp_path), "--root", root
    )
    assert (code, err) == (
        2,
        "eventgen: error: paths/stream.yaml#/get/responses/200/content: the root "
        "'paths/stream.yaml#/get/responses/200/content/application/x-ndjson/schema' points at nothing: "
        "there is no 'application' here\n"
        f"  fix: escape '/' inside a key as '~1': --root ALIAS='{STREAM}'; "
        "`eventgen inspect api.yaml` lists the roots this spec offers\n",
    )


def test_a_root_in_a_file_that_is_not_there(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["generate", "--spec", "api.yaml", "--package", "p", "--out", str(tmp_path), "--root", "e=paths/strem.yaml"]
    code, _, err = run(capsys, *argv)
    assert (code, err) == (
        2,
        "eventgen: error: api.yaml#: the root 'paths/strem.yaml' is in paths/strem.yaml, which cannot be read "
        "(no such file; paths are relative to the spec)\n"
        "  fix: did you mean 'paths/stream.yaml' or 'paths/game.yaml'? "
        "`eventgen inspect api.yaml` lists the roots this spec offers\n",
    )


def test_an_unknown_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "generate", "--spec", "api.yaml", "--package", "p", "--out", str(tmp_path), "--root", "e=GameStart"
    )
    assert (code, err) == (
        2,
        "eventgen: error: api.yaml#/components/schemas: root schema 'GameStart' is not in the spec\n"
        "  fix: did you mean 'GameStartEvent'? "
        "`eventgen inspect api.yaml` lists the roots this spec offers\n",
    )


def test_a_pattern_that_takes_in_a_base_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``*Event`` matches ``Event`` too, which has no fixed ``type``: the warning names it, and
    ``!Event`` leaves it out, so the events are told apart in one lookup again."""
    err = generate(capsys, tmp_path, "api.yaml", "--root", "event=*Event")
    assert err.splitlines()[0] == (
        "warning: eventgen:roots#/$defs/EventUnion: no discriminator tells the object alternatives apart; they are "
        "tried in order; 'type' would tell 2 of the 3 apart in one lookup, but these have no fixed 'type': "
        "schemas/Event.yaml# (leave them out of the root, e.g. '*Event !Event' in a pattern)"
    )
    err = generate(capsys, tmp_path, "api.yaml", "--root", "event=*Event !Event")
    assert "warning" not in err
    pkg = import_fresh(tmp_path, "pkg")
    assert dict(pkg.EVENT_TYPES) == {"gameFinish": pkg.GameFinishEvent, "gameStart": pkg.GameStartEvent}


def test_an_exclusion_that_leaves_out_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["generate", "--spec", "api.yaml", "--package", "p", "--out", str(tmp_path), "--root", "e=*Event !Evnt"]
    code, _, err = run(capsys, *argv)
    assert (code, err) == (
        2,
        "eventgen: error: api.yaml#/components/schemas: '!Evnt' in the root pattern '*Event !Evnt' leaves out "
        "nothing: no matched schema is called so\n"
        "  fix: did you mean !Event? `eventgen inspect api.yaml` lists the roots this spec offers\n",
    )


def test_names_in_the_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "eventgen.yaml"
    config.write_text(
        f"spec: {FIXTURES / 'api.yaml'}\npackage: pkg\nout: {tmp_path}\nformatter: none\n"
        f"roots: {{event: '{STREAM}'}}\n"
        f"names: {{'{STREAM}': BoardEvent, GameStartEvent: GameStarted}}\n"
    )
    assert run(capsys, "generate", "--config", str(config), "--quiet")[0] == 0
    pkg = import_fresh(tmp_path, "pkg")
    assert {"BoardEvent", "UnknownBoardEvent", "GameStarted"} <= set(pkg.__all__)
    assert "GameStartEvent" not in pkg.__all__


def test_x_eventgen_name_through_an_overlay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    overlay = tmp_path / "names.overlay.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: names, version: '1'}\nactions:\n"
        "  - target: $.get.responses['200'].content['application/x-ndjson'].schema\n"
        "    update: {x-eventgen-name: GameLine}\n"
        "  - target: $.get.responses['200'].content['application/x-ndjson'].schema.oneOf[1]\n"
        "    update: {x-eventgen-name: Chat}\n"
    )
    pointer = "#/get/responses/200/content/application~1x-ndjson/schema"
    generate(capsys, tmp_path, "paths/game.yaml", "--root", f"line={pointer}", "--overlay", str(overlay))
    pkg = import_fresh(tmp_path, "pkg")
    assert {"GameLine", "UnknownGameLine", "Chat", "GameLineGameState"} <= set(pkg.__all__)


def test_help_documents_the_root_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("'~1'", "'#' being the document itself", "'*Event !Event'", "'webhooks'", "'incoming' / 'outgoing'"):
        assert words in text
    assert "`eventgen inspect SPEC` lists the roots" in text


PATH_FILE = """\
get:
  {said}
  responses:
    "200":
      description: events
      content:
        application/x-ndjson:
          schema:
            oneOf:
              - {{type: object, properties: {{type: {{const: a}}}}, required: [type]}}
              - {{type: object, properties: {{type: {{const: b}}}}, required: [type]}}
        application/json:
          schema:
            anyOf:
              - {{type: object, properties: {{kind: {{const: a}}}}, required: [kind]}}
              - {{type: object, properties: {{kind: {{const: b}}}}, required: [kind]}}
"""


@pytest.mark.parametrize(
    ("said", "names"),
    [
        ("operationId: apiGameStream", ["GameStreamEvent", "GameStreamResponse"]),
        ("summary: Stream incoming events", ["StreamIncomingEvent", "StreamIncomingEventsResponse"]),
        ("description: neither an id nor a summary", ["StreamEvent", "StreamEventResponse"]),
    ],
)
def test_names_of_inline_unions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, said: str, names: list[str]
) -> None:
    """From the operationId, else the summary, else the file name; ``Event`` for a stream."""
    spec = tmp_path / "api-stream-event.yaml"
    spec.write_text(PATH_FILE.format(said=said))
    code, out, _ = run(capsys, "inspect", str(spec), "--format", "json")
    assert (code, [u["name"] for u in json.loads(out)["unions"]]) == (0, names)
