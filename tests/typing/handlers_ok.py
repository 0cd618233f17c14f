"""What an app writes against the generated package; mypy --strict must accept all of it
(tests/test_typing.py runs it)."""

from __future__ import annotations

from realtime_events import (
    RealtimeConversationItem,
    RealtimeServerEventError,
    RealtimeServerEventResponseAudioDelta,
    RealtimeServerEventResponseTextDelta,
    RealtimeSessionCreateRequestGA,
    ServerEvent,
    UnknownServerEvent,
    Unset,
    parse_server_event,
)
from realtime_events.handlers import AsyncServerEventHandler, ServerEventHandler


class Player(ServerEventHandler):
    def __init__(self) -> None:
        self.audio: list[str] = []
        self.log: list[str] = []

    def on_response_output_audio_delta(self, event: RealtimeServerEventResponseAudioDelta) -> None:
        self.audio.append(event.delta)

    def on_unknown(self, event: UnknownServerEvent) -> None:
        self.log.append(f"newer than the spec: {event.type} {sorted(event.data)}")

    def on_event(self, event: ServerEvent) -> None:
        self.log.append(event.type)  # every member of the union has its tag, unknown ones too


class AsyncPlayer(AsyncServerEventHandler):
    async def on_response_output_audio_delta(self, event: RealtimeServerEventResponseAudioDelta) -> None:
        print(len(event.delta))


def describe(event: ServerEvent) -> str:
    match event:
        case RealtimeServerEventResponseAudioDelta(delta=chunk):
            return f"{len(chunk)} characters of audio"
        case RealtimeServerEventResponseTextDelta(delta=text, item_id=item):
            return f"{item}: {text}"
        case RealtimeServerEventError(error=error):
            return error.message
        case UnknownServerEvent(type=tag):
            return "unknown " + tag
        case _:
            return event.type


def route(frame: str) -> str:
    event = parse_server_event(frame)
    if event.type == "response.output_audio.delta":
        return event.type.upper()
    Player().dispatch(event)
    return describe(Player().handle(frame))


def tool_kinds(session: RealtimeSessionCreateRequestGA) -> list[str | Unset]:
    """Nested unions too: every alternative, the unknown one included, has its tag (a function
    tool may leave its ``type`` out, hence Unset)."""
    return [tool.type for tool in session.tools] if isinstance(session.tools, list) else []


def item_kind(item: RealtimeConversationItem) -> str:
    return item.type
