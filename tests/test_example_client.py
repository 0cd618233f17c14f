"""examples/realtime_client.py against a local websocket server (127.0.0.1, no other network) that
replays server events in the shape the Realtime API sends them, one of a type newer than the spec
and one with a property the spec does not declare: what the client sends and what its handler
received are checked exactly."""

from __future__ import annotations

import asyncio
import base64
import copy
import importlib
import json
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import ROOT

websockets = pytest.importorskip("websockets", reason="websockets is a dev dependency (pip install -e '.[dev]')")

SCHEMAS = yaml.safe_load((ROOT / "spec" / "realtime.yaml").read_text(encoding="utf-8"))["components"]["schemas"]


def example(schema: str, **changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = copy.deepcopy(SCHEMAS[schema]["examples"][0])
    event.update(changes)
    return event


AUDIO = [b"\x01\x00\x02\x00", b"\xff\x7f\x00\x80"]
REPLIES = [
    example("RealtimeServerEventSessionCreated"),
    example("RealtimeServerEventSessionUpdated", server_region="eu-west"),  # a property the spec lacks
    {"type": "response.output_hologram.delta", "event_id": "event_h1", "frame": "AAAA"},  # a type it lacks
    *(example("RealtimeServerEventResponseAudioDelta", delta=base64.b64encode(a).decode()) for a in AUDIO),
    example("RealtimeServerEventResponseAudioTranscriptDelta", delta="Your table "),
    example("RealtimeServerEventResponseAudioTranscriptDelta", delta="is ready."),
    example("RealtimeServerEventResponseDone"),
]


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(ROOT / "generated"))
    monkeypatch.syspath_prepend(str(ROOT / "examples"))
    return importlib.import_module("realtime_client")


async def session(client: ModuleType, audio: bytes) -> tuple[Any, list[Any]]:
    """Run the example against a server that answers ``response.create`` with ``REPLIES``."""
    received: list[Any] = []

    async def serve(connection: Any) -> None:
        async for frame in connection:
            received.append(json.loads(frame))
            if received[-1]["type"] == "response.create":
                for reply in REPLIES:
                    await connection.send(json.dumps(reply))

    async with websockets.serve(serve, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        conversation = await asyncio.wait_for(client.converse(f"ws://127.0.0.1:{port}", audio), timeout=20)
    return conversation, received


def test_the_example_client_talks_to_a_local_server(client: ModuleType) -> None:
    audio = bytes(range(256)) * 40  # 10,240 bytes: appended as 4,800 + 4,800 + 640
    conversation, received = asyncio.run(session(client, audio))
    chunks = [audio[:4800], audio[4800:9600], audio[9600:]]
    assert received == [
        {
            "type": "session.update",
            "session": {"type": "realtime", "output_modalities": ["audio"], "instructions": "Answer briefly."},
        },
        *({"type": "input_audio_buffer.append", "audio": base64.b64encode(c).decode()} for c in chunks),
        {"type": "input_audio_buffer.commit"},
        {"type": "response.create"},
    ]
    assert (bytes(conversation.audio), conversation.transcript) == (b"".join(AUDIO), "Your table is ready.")
    assert conversation.log == [
        "session.created",
        "session.updated (undeclared: server_region)",
        "newer than the spec: response.output_hologram.delta",
        "response.done cancelled",
    ]
