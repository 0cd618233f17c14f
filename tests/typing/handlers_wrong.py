"""Mistakes mypy --strict must report (tests/test_typing.py asserts on each, by line)."""

from __future__ import annotations

from realtime_events import RealtimeServerEventResponseAudioDelta as AudioDelta
from realtime_events import RealtimeServerEventResponseTextDelta, UnknownServerEvent
from realtime_events.handlers import AsyncServerEventHandler, ServerEventHandler


class WrongEvent(ServerEventHandler):
    def on_response_output_audio_delta(self, event: RealtimeServerEventResponseTextDelta) -> None:  # line 11
        print(event.delta)


class NotAsync(AsyncServerEventHandler):
    def on_response_output_audio_delta(self, event: AudioDelta) -> None:  # line 16
        print(event.delta)


def rename(event: UnknownServerEvent) -> None:
    event.type = "renamed"  # line 21: the tag is read-only
