"""A small realtime voice client built on the generated package and the ``websockets`` library.

It configures the session, streams a PCM16 audio file (or half a second of silence) to the server,
asks for a response, and handles what comes back with a generated handler class: audio chunks are
collected into one buffer, transcript pieces into a string, and events newer than the spec are
logged instead of breaking the session.

    pip install websockets
    PYTHONPATH=generated OPENAI_API_KEY=... python examples/realtime_client.py [input.pcm] [output.pcm]

REALTIME_URL overrides the address (the default is OpenAI's endpoint with model gpt-realtime).
"""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from collections.abc import Iterator

import websockets
from realtime_events import (
    RealtimeClientEventInputAudioBufferAppend,
    RealtimeClientEventInputAudioBufferCommit,
    RealtimeClientEventResponseCreate,
    RealtimeClientEventSessionUpdate,
    RealtimeServerEventError,
    RealtimeServerEventResponseAudioDelta,
    RealtimeServerEventResponseAudioTranscriptDelta,
    RealtimeServerEventResponseDone,
    RealtimeSessionCreateRequestGA,
    ServerEvent,
    UnknownServerEvent,
)
from realtime_events.handlers import AsyncServerEventHandler

URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime"
CHUNK = 4_800  # bytes of 24 kHz mono PCM16 per append: 100 ms


class Conversation(AsyncServerEventHandler):
    """What one response brought: its audio, its transcript, and a line per other event."""

    def __init__(self) -> None:
        self.audio = bytearray()
        self.transcript = ""
        self.log: list[str] = []
        self.finished = asyncio.Event()

    async def on_response_output_audio_delta(self, event: RealtimeServerEventResponseAudioDelta) -> None:
        self.audio += base64.b64decode(event.delta)

    async def on_response_output_audio_transcript_delta(
        self, event: RealtimeServerEventResponseAudioTranscriptDelta
    ) -> None:
        self.transcript += event.delta

    async def on_response_done(self, event: RealtimeServerEventResponseDone) -> None:
        self.log.append(f"response.done {event.response.status}")
        self.finished.set()

    async def on_error(self, event: RealtimeServerEventError) -> None:
        self.log.append(f"error {event.error.message}")
        self.finished.set()

    async def on_unknown(self, event: UnknownServerEvent) -> None:
        self.log.append(f"newer than the spec: {event.type}")

    async def on_event(self, event: ServerEvent) -> None:
        extra = f" (undeclared: {', '.join(sorted(event.extra))})" if getattr(event, "extra", None) else ""
        self.log.append(event.type + extra)


def requests(audio: bytes) -> Iterator[str]:
    """The frames the client sends, in order: session settings, the audio, commit, response. ``to_json()``
    writes UTF-8 bytes (with orjson when installed); decoded, they go out as text frames, as the API wants."""
    session = RealtimeSessionCreateRequestGA(instructions="Answer briefly.", output_modalities=["audio"])
    yield RealtimeClientEventSessionUpdate(session=session).to_json().decode()
    for start in range(0, len(audio), CHUNK):
        chunk = base64.b64encode(audio[start : start + CHUNK]).decode("ascii")
        yield RealtimeClientEventInputAudioBufferAppend(audio=chunk).to_json().decode()
    yield RealtimeClientEventInputAudioBufferCommit().to_json().decode()
    yield RealtimeClientEventResponseCreate().to_json().decode()


async def converse(url: str, audio: bytes, headers: dict[str, str] | None = None) -> Conversation:
    """Send ``audio`` to the server at ``url`` and handle events until the response is done."""
    conversation = Conversation()
    async with websockets.connect(url, additional_headers=headers, max_size=None) as socket:
        for frame in requests(audio):
            await socket.send(frame)
        async for frame in socket:
            await conversation.handle(frame)
            if conversation.finished.is_set():
                break
    return conversation


def main(argv: list[str]) -> int:
    audio = open(argv[1], "rb").read() if len(argv) > 1 else bytes(24_000)  # noqa: SIM115
    key = os.environ.get("OPENAI_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else None
    conversation = asyncio.run(converse(os.environ.get("REALTIME_URL", URL), audio, headers))
    print("\n".join(conversation.log))
    print(f"transcript: {conversation.transcript!r}; {len(conversation.audio)} bytes of audio")
    if len(argv) > 2:
        with open(argv[2], "wb") as out:
            out.write(conversation.audio)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
