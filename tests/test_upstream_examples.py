"""Golden test: every example payload of the upstream realtime closure, through the generated package."""

from __future__ import annotations

import json
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from conftest import UPSTREAM, needs_upstream, read_example

from generator.frontends.openapi import schema_location
from generator.loader import load_file
from generator.refs import Resolver
from generator.select import closure

pytestmark = needs_upstream

# Upstream examples that disagree with their own schema, and what the package does with them.
DISAGREEING = {
    # The type string has a leading space: no known event has that type, so it is kept whole.
    "RealtimeServerEventInputAudioBufferDtmfEventReceived": "unknown",
}


@cache
def examples() -> dict[str, tuple[str, Any]]:
    """Schema name -> (how it was read, payload) for every example in the realtime closure."""
    document = load_file(str(UPSTREAM))
    resolver = Resolver(str(UPSTREAM), document, schema_documents=False)
    roots = [schema_location("RealtimeClientEvent"), schema_location("RealtimeServerEvent")]
    found: dict[str, tuple[str, Any]] = {}
    for location in closure(resolver, roots):
        name = location.rsplit("/", 1)[-1]
        text = (resolver.node(location).get("x-oaiMeta") or {}).get("example")
        if text is None:
            continue
        found[name] = read_example(text)
    return found


def test_the_closure_has_the_expected_examples() -> None:
    kinds = [how for how, _ in examples().values()]
    assert (len(kinds), kinds.count("json"), kinds.count("stripped"), kinds.count("invalid")) == (58, 53, 4, 1)


def test_every_schema_of_the_closure_is_represented(upstream_realtime: ModuleType) -> None:
    document = load_file(str(UPSTREAM))
    resolver = Resolver(str(UPSTREAM), document, schema_documents=False)
    names = [
        loc.rsplit("/", 1)[-1]
        for loc in closure(resolver, [schema_location("RealtimeClientEvent"), schema_location("RealtimeServerEvent")])
    ]
    assert len(names) == 109
    missing = [name for name in names if not hasattr(upstream_realtime.models, name)]
    assert missing == []


def parse(package: ModuleType, name: str, payload: Any) -> Any:
    if name.startswith("RealtimeClientEvent"):
        return package.parse_client_event(json.dumps(payload))
    if name.startswith("RealtimeServerEvent"):
        return package.parse_server_event(json.dumps(payload).encode())
    return getattr(package.models, name).from_dict(payload, lenient=True)


def example_names() -> list[str]:
    """The examples to round-trip; one placeholder (skipped by the module's mark) without ../shared."""
    if not UPSTREAM.exists():
        return ["upstream-absent"]
    return sorted(n for n, (how, _) in examples().items() if how != "invalid")


@pytest.mark.parametrize("name", example_names())
def test_example_round_trips_into_its_class(upstream_realtime: ModuleType, name: str) -> None:
    _, payload = examples()[name]
    expected = DISAGREEING.get(name)
    if expected is not None and expected != "unknown":
        with pytest.raises(upstream_realtime.ValidationError) as caught:
            parse(upstream_realtime, name, payload)
        assert str(caught.value) == expected
        return
    event = parse(upstream_realtime, name, payload)
    assert type(event).__name__ == ("UnknownServerEvent" if expected == "unknown" else name)
    back = event.to_dict()
    assert back == payload
    assert json.dumps(back, sort_keys=True) == json.dumps(payload, sort_keys=True)  # 1 stays 1, 1.0 stays 1.0


def test_a_field_that_changed_type_is_set_aside_when_lenient(upstream_realtime: ModuleType) -> None:
    """The example sends the beta shape, "format": "pcm16", where the GA schema has an object: a lenient
    parse keeps the string in extra and sends it back; a client event with the same value is rejected."""
    _, payload = examples()["RealtimeTranscriptionSessionCreateResponseGA"]
    session = upstream_realtime.models.RealtimeTranscriptionSessionCreateResponseGA.from_dict(payload, lenient=True)
    audio_input = session.audio.input
    assert (audio_input.format, audio_input.set_aside, dict(audio_input.extra)) == (
        upstream_realtime.UNSET,
        ("format", "noise_reduction"),  # a string where an object belongs; a null the schema does not allow
        {"format": "pcm16", "noise_reduction": None},
    )
    assert json.dumps(session.to_dict(), sort_keys=True) == json.dumps(payload, sort_keys=True)
    update = {"type": "session.update", "session": {"type": "transcription", "audio": {"input": {"format": "pcm16"}}}}
    with pytest.raises(upstream_realtime.ValidationError) as caught:
        upstream_realtime.parse_client_event(json.dumps(update))
    assert str(caught.value) == '$.session.audio.input.format: expected an object, got the string "pcm16"'


def test_lenient_leftovers_are_where_we_expect(upstream_realtime: ModuleType) -> None:
    """Upstream examples send null where the schema allows none: kept in extra, field left UNSET."""
    _, payload = examples()["RealtimeServerEventResponseDone"]
    event = upstream_realtime.parse_server_event(payload)
    assert event.response.status_details is upstream_realtime.UNSET
    assert dict(event.response.extra) == {"status_details": None}
    with pytest.raises(upstream_realtime.ValidationError) as caught:
        upstream_realtime.models.RealtimeServerEventResponseDone.from_dict(payload)  # strict
    assert str(caught.value) == "$.response.status_details: expected an object, got null"
