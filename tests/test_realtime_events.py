"""Behaviour of the committed realtime package: dispatch, round trips, leniency, errors."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest


def item_added(item: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": "event_1", "type": "conversation.item.added", "previous_item_id": None, "item": item}


def message(role: str, kind: str) -> dict[str, Any]:
    return {"id": f"item_{role}", "type": "message", "role": role, "content": [{"type": kind, "text": "hi"}]}


def test_three_message_roles_give_three_classes(committed: ModuleType) -> None:
    classes = [
        type(committed.parse_server_event(item_added(message(role, kind))).item).__name__
        for role, kind in (("system", "input_text"), ("user", "input_text"), ("assistant", "output_text"))
    ]
    assert classes == [
        "RealtimeConversationItemMessageSystem",
        "RealtimeConversationItemMessageUser",
        "RealtimeConversationItemMessageAssistant",
    ]


def test_unknown_event_type_is_kept_and_round_trips(committed: ModuleType) -> None:
    payload = {"type": "response.brand_new", "event_id": "event_9", "detail": {"a": [1, 2.5, True, None]}}
    event = committed.parse_server_event(json.dumps(payload))
    assert type(event) is committed.UnknownServerEvent
    assert event.to_dict() == payload


def test_unknown_item_type_inside_a_server_event_is_kept(committed: ModuleType) -> None:
    payload = item_added({"type": "web_search_call", "id": "item_7", "status": "completed"})
    event = committed.parse_server_event(payload)
    assert (type(event.item) is committed.UnknownRealtimeConversationItem, event.item.type) == (True, "web_search_call")
    assert event.to_dict() == payload


def test_unknown_item_type_in_a_client_event_is_an_error(committed: ModuleType) -> None:
    payload = {"type": "conversation.item.create", "item": {"type": "web_search_call"}}
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event(payload)
    assert caught.value.path == "$.item.type"
    assert str(caught.value).startswith('$.item.type: expected one of "message", "function_call",')


def test_extra_fields_round_trip_at_every_level(committed: ModuleType) -> None:
    payload = item_added(message("user", "input_text"))
    payload["new_top"] = 1
    payload["item"]["content"][0]["new_inner"] = {"x": 1.0}
    event = committed.parse_server_event(payload)
    assert dict(event.extra) == {"new_top": 1}
    assert dict(event.item.content[0].extra) == {"new_inner": {"x": 1.0}}
    assert json.dumps(event.to_dict(), sort_keys=True) == json.dumps(payload, sort_keys=True)


def session_update(audio_input: dict[str, Any]) -> dict[str, Any]:
    return {"type": "session.update", "session": {"type": "realtime", "audio": {"input": audio_input}}}


def test_null_and_absent_stay_different(committed: ModuleType) -> None:
    off = committed.parse_client_event(session_update({"turn_detection": None}))
    kept = committed.parse_client_event(session_update({}))
    assert off.session.audio.input.turn_detection is None
    assert kept.session.audio.input.turn_detection is committed.UNSET
    assert off.to_dict()["session"]["audio"]["input"] == {"turn_detection": None}
    assert kept.to_dict()["session"]["audio"]["input"] == {}


def test_numbers_keep_their_json_type(committed: ModuleType) -> None:
    detection = {"type": "server_vad", "threshold": 1, "prefix_padding_ms": 300, "silence_duration_ms": 200}
    event = committed.parse_client_event(session_update({"turn_detection": detection}))
    assert event.to_dict()["session"]["audio"]["input"]["turn_detection"] == detection
    assert type(event.session.audio.input.turn_detection.threshold) is int  # 1 stays 1, not 1.0
    detection["threshold"] = 0.5
    assert committed.parse_client_event(session_update({"turn_detection": detection})).to_dict() == session_update(
        {"turn_detection": detection}
    )


def test_bool_is_not_an_integer(committed: ModuleType) -> None:
    payload = {"type": "conversation.item.truncate", "item_id": "item_1", "content_index": True, "audio_end_ms": 5}
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event(payload)
    assert str(caught.value) == "$.content_index: expected an integer, got true"


def test_new_enum_value_kept_from_server_rejected_from_client(committed: ModuleType) -> None:
    voice_item = message("assistant", "output_text")
    voice_item["status"] = "paused"  # not in the spec's list
    event = committed.parse_server_event(item_added(voice_item))
    assert event.item.status == "paused"
    assert event.to_dict() == item_added(voice_item)
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event({"type": "conversation.item.create", "item": voice_item})
    assert str(caught.value) == (
        '$.item.status: expected one of "completed", "incomplete", "in_progress", got the string "paused"'
    )


def test_missing_required_property(committed: ModuleType) -> None:
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_server_event(
            {
                "type": "response.output_audio.delta",
                "event_id": "e",
                "response_id": "r",
                "item_id": "i",
                "output_index": 0,
                "content_index": 0,
            }
        )
    assert caught.value.path == "$.delta"
    assert str(caught.value) == "$.delta: missing required property (expected a string)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "$: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("[1, 2]", "$: expected an object, got an array of 2 items"),
        ({"event_id": "e"}, "$.type: missing required property (expected a string)"),
        ({"type": 7}, "$.type: expected a string, got the number 7"),
    ],
)
def test_bad_payloads_raise_one_error_type(committed: ModuleType, data: Any, message: str) -> None:
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_server_event(data)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_type_table_and_alias(committed: ModuleType) -> None:
    assert committed.SERVER_EVENT_TYPES["response.done"] is committed.RealtimeServerEventResponseDone
    assert len(committed.SERVER_EVENT_TYPES) == 46
    assert len(committed.CLIENT_EVENT_TYPES) == 11


def test_building_a_client_event_by_hand(committed: ModuleType) -> None:
    update = committed.RealtimeClientEventSessionUpdate(
        session=committed.RealtimeSessionCreateRequestGA(instructions="Be brief.")
    )
    assert update.to_dict() == {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief."}}
    assert committed.parse_client_event(update.to_dict()) == update


@pytest.mark.parametrize(
    "text",
    [
        ' {"type": "x.y", "n": 1} \n',  # whitespace around the object
        b'{"type": "x.y", "n": 12345678901234567890123}',  # an integer wider than 64 bits
        '{"type": "x.y", "n": 1.0, "m": 1e400, "s": "\\u00e9\\ud83d\\ude00"}',  # float, overflow, escapes
        '{"type": "x.y", "n": NaN}',  # accepted by json.loads, so by us too
        '{"type": "x.y", "type": "x.z"}',  # a duplicate key: the last one wins, as in json.loads
        bytearray(b'{"type": "x.y"}'),
        '{"type": "x.y", "s": "caf\u00e9"}'.encode("utf-16"),  # json.loads detects UTF-16 from the bytes
    ],
)
def test_decoding_matches_json_loads(committed: ModuleType, text: str | bytes) -> None:
    event = committed.parse_server_event(text)
    assert type(event) is committed.UnknownServerEvent
    assert repr(event.to_dict()) == repr(json.loads(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "x.y"} {}', "$: not valid JSON: Extra data: line 1 column 17 (char 16)"),
        ("\ufeff{}", "$: not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"),
        (b'{"a": "\xff"}', "$: not valid JSON: 'utf-8' codec can't decode byte 0xff in position 7: invalid start byte"),
        ("", "$: not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_undecodable_text_is_a_validation_error(committed: ModuleType, text: str | bytes, message: str) -> None:
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_server_event(text)
    assert str(caught.value) == message


def test_models_are_dataclasses_with_a_compact_repr(committed: ModuleType) -> None:
    import dataclasses

    event = committed.parse_server_event(item_added(message("user", "input_text")) | {"zz": 1})
    assert dataclasses.is_dataclass(event)
    assert [f.name for f in dataclasses.fields(event)] == ["event_id", "type", "previous_item_id", "item", "extra"]
    assert repr(event.item) == (
        "RealtimeConversationItemMessageUser(id='item_user', type='message', role='user', "
        "content=[RealtimeConversationItemMessageUserContent(type='input_text', text='hi')])"
    )
    assert repr(event).endswith("extra={'zz': 1})")
    changed = dataclasses.replace(event, event_id="event_2")
    assert (changed.event_id, changed == event, event == committed.parse_server_event(event.to_dict())) == (
        "event_2",
        False,
        True,
    )


def test_value_constraints_are_checked_in_client_events(committed: ModuleType) -> None:
    append = {"type": "input_audio_buffer.append", "audio": "AAAA", "event_id": "x" * 513}
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event(append)
    assert str(caught.value).startswith("$.event_id: expected a string (at most 512 characters), got the string")
    update = session_update({})
    update["session"]["audio"]["output"] = {"speed": 2}
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event(update)
    assert (
        str(caught.value)
        == "$.session.audio.output.speed: expected a number (at least 0.25, at most 1.5), got the number 2"
    )
    assert committed.parse_client_event({**append, "event_id": "x" * 512}).event_id == "x" * 512


def test_an_audio_format_without_its_type_is_the_first_that_fits(committed: ModuleType) -> None:
    update = session_update({"format": {"rate": 24000}})
    event = committed.parse_client_event(update)
    assert type(event.session.audio.input.format).__name__ == "RealtimeAudioFormatsAudioPcm"
    assert event.to_dict() == update


def test_json_text_is_not_an_object_below_the_top_level(committed: ModuleType) -> None:
    with pytest.raises(committed.ValidationError) as caught:
        committed.parse_client_event({"type": "response.create", "response": {"reasoning": '{"effort": "low"}'}})
    assert str(caught.value) == '$.response.reasoning: expected an object, got the string "{\\"effort\\": \\"low\\"}"'
