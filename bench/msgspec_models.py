"""msgspec Structs, written by hand, for the ten most frequent event types of the session stream: the
typed msgspec rows of figures 1 and 2. Other events go to msgspec's untyped decoder (a dict), as an
app with structs for the events it cares about would do; the table's note says how many.

Fields follow the upstream schemas as the stream uses them; msgspec ignores properties a struct
does not declare (it keeps nothing of them, unlike the generated classes)."""

from __future__ import annotations

from typing import Any, Literal, Union

import msgspec


class Event(msgspec.Struct, tag_field="type", omit_defaults=True):
    event_id: str


class Part(msgspec.Struct, omit_defaults=True):
    type: str
    text: str | None = None
    audio: str | None = None
    transcript: str | None = None


class Item(msgspec.Struct, omit_defaults=True):
    id: str
    type: str
    object: Literal["realtime.item"] | None = None
    status: str | None = None
    role: str | None = None
    content: list[Part] | None = None
    name: str | None = None
    call_id: str | None = None
    arguments: str | None = None
    output: str | None = None


class Usage(msgspec.Struct, omit_defaults=True):
    type: str
    seconds: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None


class AudioDelta(Event, tag="response.output_audio.delta"):
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


class AudioTranscriptDelta(Event, tag="response.output_audio_transcript.delta"):
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


class TextDelta(Event, tag="response.output_text.delta"):
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str


class InputTranscriptionDelta(Event, tag="conversation.item.input_audio_transcription.delta"):
    item_id: str
    content_index: int | None = None
    delta: str | None = None
    logprobs: list[Any] | None = None


class InputTranscriptionCompleted(Event, tag="conversation.item.input_audio_transcription.completed"):
    item_id: str
    content_index: int
    transcript: str
    usage: Usage | None = None
    logprobs: list[Any] | None = None


class ItemAdded(Event, tag="conversation.item.added"):
    item: Item
    previous_item_id: str | None = None


class ItemDone(Event, tag="conversation.item.done"):
    item: Item
    previous_item_id: str | None = None


class SpeechStarted(Event, tag="input_audio_buffer.speech_started"):
    audio_start_ms: int
    item_id: str


class SpeechStopped(Event, tag="input_audio_buffer.speech_stopped"):
    audio_end_ms: int
    item_id: str


class Committed(Event, tag="input_audio_buffer.committed"):
    item_id: str
    previous_item_id: str | None = None


ServerEvent = Union[  # noqa: UP007  # msgspec reads the Union
    AudioDelta,
    AudioTranscriptDelta,
    TextDelta,
    InputTranscriptionDelta,
    InputTranscriptionCompleted,
    ItemAdded,
    ItemDone,
    SpeechStarted,
    SpeechStopped,
    Committed,
]
TYPES = frozenset(cls.__struct_config__.tag for cls in ServerEvent.__args__)  # type: ignore[attr-defined]

typed = msgspec.json.Decoder(ServerEvent)
untyped = msgspec.json.Decoder()


def decode(payload: bytes) -> Any:
    """A typed struct for the ten types, a dict for the rest."""
    try:
        return typed.decode(payload)
    except msgspec.ValidationError:  # a type without a struct here
        return untyped.decode(payload)
