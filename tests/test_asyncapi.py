"""The AsyncAPI project's own example documents (../shared/realspecs/asyncapi-spec-examples, tags
v2.6.0 and v3.0.0): every document generates with the default roots, the packages pass ruff and
mypy --strict, the 2.6.0 document and its 3.0.0 conversion give the same code, the Slack, Kraken and
Gemini unions dispatch on their tags, and the message examples round-trip.

Findings pinned here:

- Slack RTM: the 46 inbound messages carry 44 distinct ``type`` tags. ``emoji_changed`` (emojiAdded,
  emojiRemoved) is told apart by ``subtype``; ``bot_added`` is used by botAdded and botChanged, whose
  payloads are identical, so nothing tells them apart: they are tried in order and an event tagged
  ``bot_added`` always parses as ``BotAdded`` (eventgen warns about it).
- Kraken: the two ``subscriptionStatus`` alternatives share their ``event`` tag and are tried in order
  (most required properties first). Both message examples break their own schema (``pair`` is a
  string where the schema says an array; ``status`` values and ``depth: 42`` are outside the enums):
  the lenient ``parse_incoming`` still reads them, sets ``pair`` aside in ``extra`` and gives it back
  unchanged, while the strict parse of the same class rejects them.
- Adeo's payloads are Avro: the document stops with exit code 2 and a message naming the message.
"""

from __future__ import annotations

import json
import re
import sys
import typing
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import SHARED, import_fresh, lint_packages

from generator.errors import SpecError
from generator.frontends.catalog import RootRequest
from generator.loader import load_file
from generator.naming import class_name
from generator.pipeline import Options, generate
from generator.write import write_package

EXAMPLES = SHARED / "realspecs" / "asyncapi-spec-examples"
pytestmark = pytest.mark.skipif(
    not EXAMPLES.exists(),
    reason="../shared/realspecs/asyncapi-spec-examples is absent (a fresh clone has no ../shared); CI provides it",
)
BIN = Path(sys.executable).parent
ADEO = "v3.0.0/examples/adeo-kafka-request-reply-asyncapi.yml"
SLACK = ("v2.6.0/examples/slack-rtm.yml", "v3.0.0/examples/slack-rtm-asyncapi.yml")
KRAKEN = (
    "v3.0.0/examples/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml",
    "v3.0.0/examples/kraken-websocket-request-reply-multiple-channels-asyncapi.yml",
)
GEMINI = ("v2.6.0/examples/websocket-gemini.yml", "v3.0.0/examples/websocket-gemini-asyncapi.yml")

# document stem -> (classes a client receives, classes it sends); None: no such root. The 2.6.0
# document and its 3.0.0 conversion give the same roots (Slack's 46 inbound classes are checked apart).
ROOTS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "anyof": (None, ("ObjectWithKey", "ObjectWithKey2")),
    "application-headers": (None, ("LightMeasured",)),
    "correlation-id": (("DimLight",), ("LightMeasured",)),
    "gitter-streaming": (("ChatMessage",), None),  # the heartbeat's payload is a string: left out
    "kraken-websocket-request-reply-message-filter-in-reply": (
        (
            "Pong",
            "Heartbeat",
            "SystemStatus",
            "SubscriptionStatusError",
            "SubscriptionStatusSuccess",
            "DummyCurrencyInfo",
        ),
        ("Ping", "Subscribe", "Unsubscribe"),
    ),
    "mercure": (("Book",), ("Book",)),  # one message, published and subscribed
    "not": (None, ("TestMessages",)),
    "oneof": (("ObjectWithKey", "ObjectWithKey2"), ("ObjectWithKey", "ObjectWithKey2")),
    "operation-security": (("Message",), None),
    "rpc-client": (("RequestSum",), ("ReceiveSumResult",)),  # 2.6.0: named after the operationIds
    "rpc-server": (("SendSumResult",), ("Sum",)),
    "simple": (("UserSignedUp",), None),
    "slack-rtm": (None, ("OutgoingMessage",)),
    "social-media/backend": (("CommentLiked", "UpdateCommentLikes"), ("LikeComment", "CommentChanged")),
    "social-media/comments-service": (("CommentChanged",), ("CommentLiked",)),
    "social-media/frontend": (("LikeComment",), ("UpdateCommentLikes",)),
    "social-media/notification-service": (None, ("CommentLiked",)),
    "social-media/public-api": (None, ("CommentLiked",)),
    "streetlights-kafka": (("TurnOnOff", "DimLight"), ("LightMeasured",)),
    "streetlights-mqtt": (("TurnOnOff", "DimLight"), ("LightMeasured",)),
    "streetlights-operation-security": (("TurnOnOff", "DimLight"), ("LightMeasured",)),
    "websocket-gemini": (("Heartbeat", "Update"), None),
}
ROOTS["kraken-websocket-request-reply-multiple-channels"] = ROOTS[
    "kraken-websocket-request-reply-message-filter-in-reply"
]
WARNINGS = {  # document stem -> the warnings about AsyncAPI itself (not about the schemas)
    "gitter-streaming": "the payload of message 'heartbeat' is a string, not a JSON object; "
    "it is left out of the root 'incoming'",
}


def documents() -> list[str]:
    """Every full document of both tags, relative to EXAMPLES (the social-media common/ fragments are not)."""
    if not EXAMPLES.exists():
        return []
    found = [*EXAMPLES.glob("v*/examples/*.yml"), *EXAMPLES.glob("v*/examples/social-media/*/asyncapi.yaml")]
    return sorted(p.relative_to(EXAMPLES).as_posix() for p in found)


def stem(document: str) -> str:
    """``v3.0.0/examples/simple-asyncapi.yml`` -> ``simple``; social-media documents keep their service."""
    rest = document.split("/examples/", 1)[1]
    return re.sub(r"(-asyncapi)?\.yml$|/asyncapi\.yaml$", "", rest)


def package_name(document: str) -> str:
    return "aa_" + re.sub(r"\W", "_", document.removesuffix(".yml").removesuffix(".yaml"))


GENERATED = [d for d in documents() if d != ADEO]


@cache
def generated(document: str) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Files and warnings of the package generated from a document with the default roots."""
    # some examples refer to files in a sibling folder (../common/messages.yaml): allowed by name
    result = generate(Options(str(EXAMPLES / document), package_name(document), [], allow_read=(str(EXAMPLES),)))
    return result.files, tuple(result.warnings.items)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document's package, written side by side into one directory."""
    out = tmp_path_factory.mktemp("asyncapi")
    for document in GENERATED:
        write_package(generated(document)[0], str(out / package_name(document)))
    return out


@pytest.fixture(scope="module")
def load(packages: Path) -> typing.Callable[[str], ModuleType]:
    cache_: dict[str, ModuleType] = {}

    def get(document: str) -> ModuleType:
        if document not in cache_:
            cache_[document] = import_fresh(packages, package_name(document))
        return cache_[document]

    return get


def variants(alias: Any) -> tuple[str, ...]:
    """The class names of a root's union, without its Unknown class."""
    return tuple(t.__name__ for t in typing.get_args(alias) or (alias,) if not t.__name__.startswith("Unknown"))


def test_the_corpus_is_what_the_survey_counted() -> None:
    assert (len(documents()), len(GENERATED)) == (45, 44)
    assert {stem(d) for d in GENERATED} == set(ROOTS)


@pytest.mark.parametrize("document", GENERATED)
def test_document_generates_its_incoming_and_outgoing_roots(
    document: str, load: typing.Callable[[str], ModuleType]
) -> None:
    package = load(document)
    incoming, outgoing = ROOTS[stem(document)]
    found = tuple(
        variants(getattr(package, alias)) if hasattr(package, alias) else None for alias in ("Incoming", "Outgoing")
    )
    if stem(document) == "slack-rtm":
        assert (len(found[0] or ()), found[1]) == (46, outgoing)
    else:
        assert found == (incoming, outgoing)
    warnings = [message for pointer, message in generated(document)[1] if "JSON object" in message]
    assert warnings == ([WARNINGS[stem(document)]] if stem(document) in WARNINGS else [])


@pytest.mark.parametrize("document", [d for d in GENERATED if d.startswith("v2.6.0/")])
def test_a_260_document_and_its_300_conversion_give_the_same_code(document: str) -> None:
    twin = next(d for d in GENERATED if d.startswith("v3.0.0/") and stem(d) == stem(document))
    mine, theirs = generated(document)[0], generated(twin)[0]
    assert sorted(mine) == sorted(theirs)
    for name in mine:  # all but the header, which names the file and its sha256
        assert mine[name].splitlines()[2:] == theirs[name].splitlines()[2:], name


def test_adeo_stops_at_its_avro_payload() -> None:
    path = EXAMPLES / ADEO
    with pytest.raises(SpecError) as info:
        generate(Options(str(path), "adeo", []))
    assert str(info.value) == (
        f"{path}#/components/messages/costingResponse/payload/schemaFormat: message 'CostingResponse' describes "
        "its payload in Avro (schemaFormat 'application/vnd.apache.avro;version=1.9.0'); eventgen reads JSON "
        "Schema payloads only\n"
        "  fix: describe the payload in JSON Schema (schemaFormat: application/schema+json;version=draft-07); "
        "or leave the message out: it comes with requestCosting, getCostingResponse (see --operation, --channel)"
    )


def test_adeo_request_message_named_as_root_stops_at_its_avro_payload() -> None:
    path = EXAMPLES / ADEO
    for name in ("CostingRequestV1", "costingRequestV1"):  # its name, or its key in components
        with pytest.raises(SpecError) as info:
            generate(Options(str(path), "adeo", [RootRequest("request", name, False)]))
        assert str(info.value) == (
            f"{path}#/components/messages/costingRequestV1/payload/schemaFormat: message 'CostingRequestV1' "
            "describes its payload in Avro (schemaFormat 'application/vnd.apache.avro;version=1.9.0'); eventgen "
            "reads JSON Schema payloads only\n"
            "  fix: describe the payload in JSON Schema (schemaFormat: application/schema+json;version=draft-07)"
        )


# -- Slack ---------------------------------------------------------------------------------------


def slack_inbound_tags(document: str) -> list[str]:
    """The ``type`` tag of each of the 46 inbound messages, read from the document itself."""
    spec = load_file(str(EXAMPLES / document))
    if spec["asyncapi"].startswith("2"):
        refs = [m["$ref"] for m in spec["channels"]["/"]["subscribe"]["message"]["oneOf"]]
    else:
        channel = spec["channels"]["root"]["messages"]
        refs = [channel[m["$ref"].rsplit("/", 1)[1]]["$ref"] for m in spec["operations"]["sendMessages"]["messages"]]
    messages = spec["components"]["messages"]
    return [messages[ref.rsplit("/", 1)[1]]["payload"]["properties"]["type"]["enum"][0] for ref in refs]


@pytest.mark.parametrize("document", SLACK)
def test_slack_incoming_has_one_entry_per_distinct_tag(document: str, load: typing.Callable[[str], ModuleType]) -> None:
    package = load(document)
    tags = slack_inbound_tags(document)
    assert (len(tags), len(set(tags))) == (46, 44)
    assert list(package.INCOMING_TYPES) == list(dict.fromkeys(tags))
    table = package.INCOMING_TYPES
    assert [c.__name__ for c in table["bot_added"]] == ["BotAdded", "BotChanged"]
    assert {k: c.__name__ for k, c in table["emoji_changed"].items()} == {"remove": "EmojiRemoved", "add": "EmojiAdded"}
    assert {k: c.__name__ for k, c in package.OUTGOING_TYPES.items()} == {"message": "OutgoingMessage"}


@pytest.mark.parametrize("document", SLACK)
def test_slack_incoming_dispatches_by_type(document: str, load: typing.Callable[[str], ModuleType]) -> None:
    package = load(document)
    hello = package.parse_incoming('{"type": "hello"}')
    assert (type(hello).__name__, hello.to_dict()) == ("Hello", {"type": "hello"})
    added = {"type": "emoji_changed", "subtype": "add", "name": "party", "value": "https://x/p.png"}
    assert type(package.parse_incoming(added)).__name__ == "EmojiAdded"
    bot = {"type": "bot_added", "bot": {"id": "B1", "app_id": "A1", "name": "hal"}}
    assert (type(package.parse_incoming(bot)).__name__, package.parse_incoming(bot).to_dict()) == ("BotAdded", bot)
    unknown = package.parse_incoming({"type": "reaction_added", "reaction": "+1"})
    assert (type(unknown).__name__, unknown.data) == ("UnknownIncoming", {"type": "reaction_added", "reaction": "+1"})
    sent = package.parse_outgoing({"id": 1, "type": "message", "channel": "C1", "text": "hi"})
    assert type(sent).__name__ == "OutgoingMessage"


# -- Kraken and Gemini ---------------------------------------------------------------------------


@pytest.mark.parametrize("document", KRAKEN)
def test_kraken_dispatches_by_event(document: str, load: typing.Callable[[str], ModuleType]) -> None:
    package = load(document)
    table = {
        k: v.__name__ if isinstance(v, type) else tuple(c.__name__ for c in v)
        for k, v in package.INCOMING_TYPES.items()
    }
    assert table == {
        "pong": "Pong",
        "heartbeat": "Heartbeat",
        "systemStatus": "SystemStatus",
        "subscriptionStatus": ("SubscriptionStatusSuccess", "SubscriptionStatusError"),
        "currencyInfo": "DummyCurrencyInfo",
    }
    assert {k: v.__name__ for k, v in package.OUTGOING_TYPES.items()} == {
        "ping": "Ping",
        "subscribe": "Subscribe",
        "unsubscribe": "Unsubscribe",
    }
    assert type(package.parse_incoming('{"event": "pong", "reqid": 7}')).__name__ == "Pong"
    assert type(package.parse_outgoing({"event": "ping", "reqid": 7})).__name__ == "Ping"
    with pytest.raises(package.ValidationError) as info:
        package.parse_outgoing({"event": "subscribe", "subscription": {"name": "ticker", "depth": 42}})
    assert str(info.value) == "$.subscription.depth: expected one of 10, 25, 100, 500, 1000, got the number 42"


@pytest.mark.parametrize("document", GEMINI)
def test_gemini_dispatches_by_type(document: str, load: typing.Callable[[str], ModuleType]) -> None:
    package = load(document)
    assert {k: v.__name__ for k, v in package.INCOMING_TYPES.items()} == {"heartbeat": "Heartbeat", "update": "Update"}
    assert not hasattr(package, "parse_outgoing")
    beat = package.parse_incoming(b'{"type": "heartbeat", "socket_sequence": 3}')
    assert (type(beat).__name__, beat.socket_sequence) == ("Heartbeat", 3)


# -- the message examples --------------------------------------------------------------------------


def example_lines() -> list[dict[str, Any]]:
    path = EXAMPLES / "examples.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


# source (document tail and example index) -> (class, properties set aside by the lenient parse)
EXAMPLES_PARSED = {
    "websocket-gemini.yml#0": ("Update", ()),
    "websocket-gemini.yml#1": ("Heartbeat", ()),
    "websocket-gemini-asyncapi.yml#0": ("Update", ()),
    "websocket-gemini-asyncapi.yml#1": ("Heartbeat", ()),
    "message-filter-in-reply-asyncapi.yml#0": ("SubscriptionStatusSuccess", ("pair",)),
    "message-filter-in-reply-asyncapi.yml#1": ("SubscriptionStatusError", ("pair",)),
    "multiple-channels-asyncapi.yml#0": ("SubscriptionStatusSuccess", ("pair",)),
    "multiple-channels-asyncapi.yml#1": ("SubscriptionStatusError", ("pair",)),
}
KRAKEN_STRICT = (  # what the strict parse of the message's class says of the two Kraken examples
    '$.pair: expected an array, got the string "XBT/EUR"',
    '$.pair: expected an array, got the string "XBT/USD"',
)


def example_key(line: dict[str, Any]) -> str:
    document, _, pointer = line["source"].partition(":examples/")[2].partition("#")
    tail = document.rsplit("request-reply-", 1)[-1]
    return f"{tail}#{pointer.rsplit('/', 1)[1]}"


def test_every_example_is_listed() -> None:
    assert sorted(example_key(line) for line in example_lines()) == sorted(EXAMPLES_PARSED)


@pytest.mark.parametrize("index", range(8))
def test_example_round_trips_through_the_incoming_root(index: int, load: typing.Callable[[str], ModuleType]) -> None:
    line = example_lines()[index]
    document, _, pointer = line["root"].partition("#")
    package = load(document)
    message = pointer.split("/")[3]  # #/components/messages/<name>/payload
    event = package.parse_incoming(json.dumps(line["event"]))
    expected, set_aside = EXAMPLES_PARSED[example_key(line)]
    message_class = getattr(package.models, class_name(message))
    assert (type(event).__name__, isinstance(event, message_class), event.set_aside) == (expected, True, set_aside)
    assert event.to_dict() == line["event"]
    if set_aside:  # Kraken: the example breaks the schema, which a strict parse reports
        with pytest.raises(package.ValidationError) as info:
            type(event).from_dict(line["event"], False)
        assert str(info.value) == KRAKEN_STRICT[int(example_key(line)[-1])]


# -- the packages are clean ----------------------------------------------------------------------


def test_every_package_passes_ruff_and_mypy_strict(packages: Path) -> None:
    lint_packages(packages, [package_name(d) for d in GENERATED])
