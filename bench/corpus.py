"""The payloads the benchmark times: upstream examples and a synthetic, seeded session stream.

Both corpora are lists of ``bytes``: what a websocket client hands over for one server frame.

* ``upstream_examples(spec)``: the ``x-oaiMeta.example`` of every event schema in the
  ``RealtimeServerEvent`` union of the public OpenAI spec, as JSON. Some examples are not valid
  JSON (``//`` comments, trailing commas); they are repaired by ``relaxed_json`` when that is all
  that is wrong, and left out otherwise. An example whose ``type`` is not one of the union's event
  types is left out too (it would measure the "unknown event" fallback, not a typed parse).
* ``session_stream(n, seed)``: a deterministic, realistic stream of server events from a voice
  session (24 kHz 16-bit mono PCM, 20-100 ms per audio delta, ~80% audio deltas), with the
  response lifecycle, transcripts, text deltas, usage, VAD and rate-limit events around it.
"""

from __future__ import annotations

import base64
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader


# --------------------------------------------------------------------------------------------
# Upstream examples
# --------------------------------------------------------------------------------------------


def load_spec(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=_Loader)
    return spec


def relaxed_json(text: str) -> str:
    """``text`` without ``//`` line comments and trailing commas (both outside strings)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':  # copy a whole string literal, escapes included
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif ch == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        else:
            out.append(ch)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


@dataclass
class UpstreamCorpus:
    payloads: list[bytes] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # schema name per payload
    repaired: list[str] = field(default_factory=list)  # valid only after relaxed_json
    skipped: dict[str, str] = field(default_factory=dict)  # schema name -> reason
    union_size: int = 0


def union_members(spec: dict[str, Any], root: str) -> list[str]:
    schema = spec["components"]["schemas"][root]
    alternatives = schema.get("oneOf") or schema.get("anyOf") or []
    return [alt["$ref"].rsplit("/", 1)[-1] for alt in alternatives if "$ref" in alt]


def event_type_of(schema: dict[str, Any]) -> str | None:
    prop = schema.get("properties", {}).get("type", {})
    if "const" in prop:
        return str(prop["const"])
    enum = prop.get("enum")
    if enum and len(enum) == 1:
        return str(enum[0])
    default = prop.get("default")
    return str(default) if isinstance(default, str) else None


def upstream_examples(spec: dict[str, Any], root: str = "RealtimeServerEvent") -> UpstreamCorpus:
    schemas = spec["components"]["schemas"]
    corpus = UpstreamCorpus()
    members = union_members(spec, root)
    corpus.union_size = len(members)
    known_types = {event_type_of(schemas[name]) for name in members}
    for name in members:
        example = schemas[name].get("x-oaiMeta", {}).get("example")
        if not isinstance(example, str):
            corpus.skipped[name] = "no example"
            continue
        try:
            data = json.loads(example)
        except ValueError:
            try:
                data = json.loads(relaxed_json(example))
            except ValueError as exc:
                corpus.skipped[name] = f"not valid JSON even without comments/trailing commas: {exc}"
                continue
            corpus.repaired.append(name)
        if not isinstance(data, dict):
            corpus.skipped[name] = "example is not a JSON object"
            continue
        if data.get("type") not in known_types:
            corpus.skipped[name] = f"example's type {data.get('type')!r} is no event type of the union"
            continue
        corpus.payloads.append(json.dumps(data, ensure_ascii=False).encode())
        corpus.names.append(name)
    return corpus


# --------------------------------------------------------------------------------------------
# Synthetic session stream
# --------------------------------------------------------------------------------------------

SAMPLE_RATE = 24_000
BYTES_PER_SAMPLE = 2  # 16-bit mono PCM
CHUNK_MS = (20, 40, 60, 80, 100)

WORDS = (  # noqa: SIM905
    "sure I can help with that the weather in Paris tomorrow looks mild with a light breeze "
    "and a chance of rain in the afternoon so you may want to bring an umbrella would you like "
    "me to book a table for two at seven or should I check another time the train leaves at "
    "nine fifteen from platform four and arrives just before noon"
).split()

USER_PHRASES = (
    "What's the weather like in Paris tomorrow?",
    "Can you book a table for two at seven?",
    "When does the next train to Lyon leave?",
    "Remind me to call Anna after lunch.",
    "How long does it take to walk to the museum?",
    "Summarise that in one sentence, please.",
)


class _Ids:
    """Deterministic ids shaped like the API's (prefix + 21 base62 characters)."""

    ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self, prefix: str) -> str:
        return prefix + "_" + "".join(self.rng.choice(self.ALPHABET) for _ in range(21))


def _usage(rng: random.Random, audio_ms: int, text_tokens: int) -> dict[str, Any]:
    in_text, in_audio = rng.randint(300, 1500), rng.randint(20, 200)
    cached = rng.choice((0, 64, 128, 192)) if in_text > 200 else 0
    out_audio = audio_ms // 50  # ~20 audio tokens per second
    return {
        "total_tokens": in_text + in_audio + text_tokens + out_audio,
        "input_tokens": in_text + in_audio,
        "output_tokens": text_tokens + out_audio,
        "input_token_details": {
            "text_tokens": in_text,
            "audio_tokens": in_audio,
            "image_tokens": 0,
            "cached_tokens": cached,
            "cached_tokens_details": {"text_tokens": cached, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": text_tokens, "audio_tokens": out_audio},
    }


def session_stream(n: int, seed: int = 20240601) -> list[bytes]:
    """``n`` server events of a voice session, deterministic for a given seed."""
    events: list[bytes] = []
    for event in _session_events(random.Random(seed)):
        events.append(json.dumps(event, separators=(",", ":")).encode())
        if len(events) >= n:
            break
    return events


def _session_events(rng: random.Random) -> Iterator[dict[str, Any]]:
    ids = _Ids(rng)
    conversation_id = ids("conv")
    audio_clock = 0
    previous_item: str | None = None
    turn = 0
    while True:
        turn += 1
        # -- the user speaks ------------------------------------------------------------------
        user_item = ids("item")
        start = audio_clock + rng.randint(200, 1500)
        audio_clock = start + rng.randint(800, 4000)
        yield {
            "type": "input_audio_buffer.speech_started",
            "event_id": ids("event"),
            "audio_start_ms": start,
            "item_id": user_item,
        }
        yield {
            "type": "input_audio_buffer.speech_stopped",
            "event_id": ids("event"),
            "audio_end_ms": audio_clock,
            "item_id": user_item,
        }
        yield {
            "type": "input_audio_buffer.committed",
            "event_id": ids("event"),
            "previous_item_id": previous_item,
            "item_id": user_item,
        }
        user_message = {
            "id": user_item,
            "type": "message",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
            "object": "realtime.item",
        }
        yield {
            "type": "conversation.item.added",
            "event_id": ids("event"),
            "previous_item_id": previous_item,
            "item": user_message,
        }
        yield {
            "type": "conversation.item.done",
            "event_id": ids("event"),
            "previous_item_id": previous_item,
            "item": user_message,
        }
        phrase = USER_PHRASES[turn % len(USER_PHRASES)]
        pieces = re.findall(r"(?:\S+\s*){1,3}", phrase)  # a delta carries a few words
        for piece in pieces:
            yield {
                "type": "conversation.item.input_audio_transcription.delta",
                "event_id": ids("event"),
                "item_id": user_item,
                "content_index": 0,
                "delta": piece,
            }
        yield {
            "type": "conversation.item.input_audio_transcription.completed",
            "event_id": ids("event"),
            "item_id": user_item,
            "content_index": 0,
            "transcript": phrase,
            "usage": {"type": "duration", "seconds": round(rng.uniform(0.8, 4.0), 1)},
        }
        previous_item = user_item

        # -- the model answers: in audio, or in text every fifth turn ----------------------------
        text_turn = turn % 5 == 0
        response_id = ids("resp")
        item_id = ids("item")
        modality = "text" if text_turn else "audio"
        response_base = {
            "object": "realtime.response",
            "id": response_id,
            "conversation_id": conversation_id,
            "output_modalities": [modality],
            "max_output_tokens": "inf",
            "audio": {"output": {"format": {"type": "audio/pcm", "rate": SAMPLE_RATE}, "voice": "marin"}},
            "metadata": None,
        }
        yield {
            "type": "response.created",
            "event_id": ids("event"),
            "response": {**response_base, "status": "in_progress", "status_details": None, "output": [], "usage": None},
        }
        item = {
            "id": item_id,
            "type": "message",
            "status": "in_progress",
            "role": "assistant",
            "content": [],
            "object": "realtime.item",
        }
        yield {
            "type": "response.output_item.added",
            "event_id": ids("event"),
            "response_id": response_id,
            "output_index": 0,
            "item": item,
        }
        yield {
            "type": "conversation.item.added",
            "event_id": ids("event"),
            "previous_item_id": previous_item,
            "item": item,
        }
        part_type = "text" if text_turn else "audio"
        empty_part = {"type": part_type, "text": ""} if text_turn else {"type": "audio", "transcript": ""}
        yield {
            "type": "response.content_part.added",
            "event_id": ids("event"),
            "response_id": response_id,
            "item_id": item_id,
            "output_index": 0,
            "content_index": 0,
            "part": empty_part,
        }

        words = [rng.choice(WORDS) for _ in range(rng.randint(25, 70))]
        transcript = ""
        audio_ms = 0
        head = {"response_id": response_id, "item_id": item_id, "output_index": 0, "content_index": 0}
        if text_turn:
            for word in words:
                piece = (" " if transcript else "") + word
                transcript += piece
                yield {"type": "response.output_text.delta", "event_id": ids("event"), **head, "delta": piece}
            yield {"type": "response.output_text.done", "event_id": ids("event"), **head, "text": transcript}
            done_part = {"type": "text", "text": transcript}
        else:
            # ~0.3 s of speech per word; transcript deltas (one to three words) follow the audio
            speech_ms = int(len(words) * rng.uniform(250, 400))
            word_every = max(1, speech_ms // len(words))
            next_word_ms = 0
            word_index = 0
            while audio_ms < speech_ms:
                chunk_ms = rng.choice(CHUNK_MS)
                raw = rng.randbytes(SAMPLE_RATE * BYTES_PER_SAMPLE * chunk_ms // 1000)
                yield {
                    "type": "response.output_audio.delta",
                    "event_id": ids("event"),
                    **head,
                    "delta": base64.b64encode(raw).decode("ascii"),
                }
                audio_ms += chunk_ms
                if word_index < len(words) and next_word_ms <= audio_ms:
                    take = rng.randint(1, 3)
                    piece = " ".join(words[word_index : word_index + take])
                    piece = (" " if transcript else "") + piece
                    transcript += piece
                    word_index += take
                    next_word_ms += word_every * take
                    yield {
                        "type": "response.output_audio_transcript.delta",
                        "event_id": ids("event"),
                        **head,
                        "delta": piece,
                    }
            if word_index < len(words):
                piece = (" " if transcript else "") + " ".join(words[word_index:])
                transcript += piece
                yield {
                    "type": "response.output_audio_transcript.delta",
                    "event_id": ids("event"),
                    **head,
                    "delta": piece,
                }
            yield {"type": "response.output_audio.done", "event_id": ids("event"), **head}
            yield {
                "type": "response.output_audio_transcript.done",
                "event_id": ids("event"),
                **head,
                "transcript": transcript,
            }
            done_part = {"type": "audio", "transcript": transcript}
        yield {
            "type": "response.content_part.done",
            "event_id": ids("event"),
            "response_id": response_id,
            "item_id": item_id,
            "output_index": 0,
            "content_index": 0,
            "part": done_part,
        }
        done_item = {
            **item,
            "status": "completed",
            "content": [
                {"type": "output_text", "text": transcript}
                if text_turn
                else {"type": "output_audio", "transcript": transcript}
            ],
        }
        yield {
            "type": "response.output_item.done",
            "event_id": ids("event"),
            "response_id": response_id,
            "output_index": 0,
            "item": done_item,
        }
        yield {
            "type": "conversation.item.done",
            "event_id": ids("event"),
            "previous_item_id": previous_item,
            "item": done_item,
        }
        yield {
            "type": "response.done",
            "event_id": ids("event"),
            "response": {
                **response_base,
                "status": "completed",
                "status_details": None,
                "output": [done_item],
                "usage": _usage(rng, audio_ms, len(words) + 2),
            },
        }
        yield {
            "type": "rate_limits.updated",
            "event_id": ids("event"),
            "rate_limits": [
                {"name": "requests", "limit": 5000, "remaining": 5000 - turn, "reset_seconds": 0.012},
                {
                    "name": "tokens",
                    "limit": 400000,
                    "remaining": rng.randint(380000, 399000),
                    "reset_seconds": round(rng.uniform(0.1, 3.0), 3),
                },
            ],
        }
        previous_item = item_id
        audio_clock += audio_ms


def describe_stream(payloads: list[bytes]) -> dict[str, Any]:
    """Counts and sizes per event type, for the report."""
    counts: dict[str, int] = {}
    size: dict[str, int] = {}
    for payload in payloads:
        kind = json.loads(payload)["type"]
        counts[kind] = counts.get(kind, 0) + 1
        size[kind] = size.get(kind, 0) + len(payload)
    total = len(payloads)
    return {
        "events": total,
        "bytes": sum(size.values()),
        "mean_bytes": round(sum(size.values()) / max(total, 1)),
        "types": {
            kind: {
                "count": counts[kind],
                "share": round(counts[kind] / total, 4),
                "mean_bytes": round(size[kind] / counts[kind]),
            }
            for kind in sorted(counts, key=lambda k: -counts[k])
        },
    }
