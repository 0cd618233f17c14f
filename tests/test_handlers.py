"""The generated handler classes (``handlers.py``) and the tags unknown events keep: what an app sees
when it subclasses a handler, dispatches events to it, and logs ``event.type`` on any event."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT, SHARED, build_package, import_fresh

DELTA = {
    "type": "response.output_audio.delta",
    "event_id": "ev_1",
    "response_id": "resp_1",
    "item_id": "item_1",
    "output_index": 0,
    "content_index": 0,
    "delta": "AAECAw==",
}
NEWER = {"type": "response.output_hologram.delta", "event_id": "ev_2", "frame": 7}
CLEARED = {"type": "input_audio_buffer.cleared", "event_id": "ev_3"}


@pytest.fixture(scope="module")
def package() -> ModuleType:
    """The committed package, with the event classes its handlers module refers to (other tests may
    import it afresh, which makes classes of the same names that are not these)."""
    return import_fresh(ROOT / "generated", "realtime_events")


@pytest.fixture(scope="module")
def handlers(package: ModuleType) -> ModuleType:
    return importlib.import_module("realtime_events.handlers")


def recorder(base: type) -> type:
    """A subclass of ``base`` that records what each of its methods received."""

    class Recorder(base):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            self.seen: list[tuple[str, str, Any]] = []

        def on_response_output_audio_delta(self, event: Any) -> None:
            self.seen.append(("delta", type(event).__name__, event.delta))

        def on_unknown(self, event: Any) -> None:
            self.seen.append(("unknown", type(event).__name__, event.type))

        def on_event(self, event: Any) -> None:
            self.seen.append(("other", type(event).__name__, event.type))

    return Recorder


def test_each_event_goes_to_its_method_and_the_rest_to_on_event(handlers: ModuleType) -> None:
    handler = recorder(handlers.ServerEventHandler)()
    returned = [handler.handle(json.dumps(frame)) for frame in (DELTA, NEWER, CLEARED)]
    assert handler.seen == [
        ("delta", "RealtimeServerEventResponseAudioDelta", "AAECAw=="),
        ("unknown", "UnknownServerEvent", "response.output_hologram.delta"),
        ("other", "RealtimeServerEventInputAudioBufferCleared", "input_audio_buffer.cleared"),
    ]
    assert [event.to_dict() for event in returned] == [DELTA, NEWER, CLEARED]


def test_the_async_handler_awaits_the_same_methods(handlers: ModuleType) -> None:
    class Recorder(handlers.AsyncServerEventHandler):  # type: ignore[misc]
        def __init__(self) -> None:
            self.seen: list[tuple[str, Any]] = []

        async def on_response_output_audio_delta(self, event: Any) -> None:
            await asyncio.sleep(0)
            self.seen.append(("delta", event.delta))

        async def on_event(self, event: Any) -> None:
            self.seen.append(("other", event.type))

    async def run() -> list[tuple[str, Any]]:
        handler = Recorder()
        for frame in (DELTA, NEWER, CLEARED):
            await handler.handle(json.dumps(frame))
        return handler.seen

    assert asyncio.run(run()) == [
        ("delta", "AAECAw=="),
        ("other", "response.output_hologram.delta"),  # on_unknown not overridden: to on_event
        ("other", "input_audio_buffer.cleared"),
    ]


def test_a_handler_without_overrides_accepts_every_event(handlers: ModuleType, package: ModuleType) -> None:
    handler = handlers.ServerEventHandler()
    for frame in (DELTA, NEWER, CLEARED):
        assert handler.handle(frame).to_dict() == frame


def test_overrides_are_inherited_through_intermediate_classes(handlers: ModuleType, package: ModuleType) -> None:
    middle = recorder(handlers.ServerEventHandler)

    class Leaf(middle):  # type: ignore[valid-type, misc]
        def on_input_audio_buffer_cleared(self, event: Any) -> None:
            self.seen.append(("cleared", type(event).__name__, event.event_id))

    leaf = Leaf()
    for frame in (DELTA, CLEARED):
        leaf.dispatch(package.parse_server_event(frame))
    assert leaf.seen == [
        ("delta", "RealtimeServerEventResponseAudioDelta", "AAECAw=="),
        ("cleared", "RealtimeServerEventInputAudioBufferCleared", "ev_3"),
    ]


def test_a_misspelled_method_is_an_error_when_the_class_is_created(handlers: ModuleType) -> None:
    with pytest.raises(TypeError) as info:

        class Typo(handlers.ServerEventHandler):  # type: ignore[misc]
            def on_response_audio_delta(self, event: Any) -> None:  # the beta name of the event
                pass

    assert str(info.value) == (
        "test_a_misspelled_method_is_an_error_when_the_class_is_created.<locals>.Typo.on_response_audio_delta "
        "is not a method of ServerEventHandler; did you mean on_response_output_audio_delta?"
    )


def test_every_event_class_of_a_root_has_one_method(package: ModuleType, handlers: ModuleType) -> None:
    for table, methods, base in [
        (package.SERVER_EVENT_TYPES, handlers._SERVER_EVENT_METHODS, handlers.ServerEventHandler),
        (package.CLIENT_EVENT_TYPES, handlers._CLIENT_EVENT_METHODS, handlers.ClientEventHandler),
    ]:
        assert set(methods) == {*table.values(), *(u for u in methods if u.__name__.startswith("Unknown"))}
        assert len(set(methods.values())) == len(methods)
        for name in methods.values():
            assert callable(getattr(base, name)), name
    names = {(cls.__name__, name) for cls, name in handlers._SERVER_EVENT_METHODS.items()}
    assert ("RealtimeServerEventResponseAudioDelta", "on_response_output_audio_delta") in names
    assert ("RealtimeServerEventMCPListToolsInProgress", "on_mcp_list_tools_in_progress") in names


def test_unknown_events_keep_their_tag_read_only(package: ModuleType) -> None:
    event = package.parse_server_event(json.dumps(NEWER))
    assert (event.type, event.tag, event.to_dict()) == (NEWER["type"], NEWER["type"], NEWER)
    assert repr(event) == (
        "UnknownServerEvent(data={'type': 'response.output_hologram.delta', 'event_id': 'ev_2', 'frame': 7}, "
        "tag='response.output_hologram.delta')"
    )
    with pytest.raises(AttributeError):
        event.type = "x"
    sent = package.parse_client_event({"type": "session.teleport", "where": "mars"})
    assert (type(sent).__name__, sent.type) == ("UnknownClientEvent", "session.teleport")
    assert event == package.parse_server_event(NEWER) and event != sent


def test_an_unknown_variant_inside_an_event_has_a_class_of_its_union_with_its_tag(package: ModuleType) -> None:
    session = {"type": "realtime", "tools": [{"type": "telepathy", "x": 1}]}
    tool = package.RealtimeSessionCreateRequestGA.from_dict(session, lenient=True).tools[0]
    assert type(tool) is package.UnknownRealtimeSessionCreateRequestGATool
    assert isinstance(tool, package.UnknownVariant)
    assert (tool.type, tool.tag, tool.to_dict()) == ("telepathy", "telepathy", {"type": "telepathy", "x": 1})
    item = {"type": "message", "role": "narrator", "content": []}  # a role newer than the spec
    created = package.parse_server_event(
        {"type": "conversation.item.created", "event_id": "e", "previous_item_id": None, "item": item}
    ).item
    assert (type(created).__name__, created.type, created.role) == (
        "UnknownRealtimeConversationItem",
        "message",
        "narrator",
    )
    assert created.to_dict() == item


CONSTRUCTS = ROOT / "tests" / "fixtures" / "constructs"


def test_two_step_dispatch_names_methods_after_both_tags(tmp_path: Path) -> None:
    m = build_package(tmp_path, CONSTRUCTS / "composite_root.yaml", {"event": "AnyEvent"}, "composite_handlers")
    handlers = import_fresh(tmp_path, "composite_handlers.handlers")
    assert {cls.__name__: name for cls, name in handlers._EVENT_METHODS.items()} == {
        "SystemMessage": "on_message_system",
        "UserMessage": "on_message_user",
        "Ping": "on_ping",
        "UnknownEvent": "on_unknown",
    }
    tool = m.parse_event({"type": "message", "role": "tool", "text": "x"})  # a role newer than the spec
    assert (type(tool).__name__, tool.type, tool.role) == ("UnknownEvent", "message", "tool")
    newer = m.parse_event({"type": "pong"})
    assert (newer.type, newer.role) == ("pong", None)


def test_a_caller_tag_is_kept_by_the_unknown_event(tmp_path: Path) -> None:
    m = build_package(
        tmp_path, CONSTRUCTS / "jsonschema_caller_tag.json", {"webhook": "# tag=event"}, "caller_handlers"
    )
    ping = m.parse_webhook({"zen": "Keep it simple"}, event="ping")
    assert (ping.event, ping.tag, ping.action, ping.to_dict()) == ("ping", "ping", None, {"zen": "Keep it simple"})
    pinned = m.parse_webhook({"action": "pinned", "number": 1}, event="issues")
    assert (type(pinned).__name__, pinned.event, pinned.action) == ("UnknownWebhook", "issues", "pinned")
    handlers = import_fresh(tmp_path, "caller_handlers.handlers")

    class Hooks(handlers.WebhookHandler):  # type: ignore[misc]
        def __init__(self) -> None:
            self.seen: list[str] = []

        def on_push(self, event: Any) -> None:
            self.seen.append("push " + event.ref)

        def on_unknown(self, event: Any) -> None:
            self.seen.append(f"unknown {event.event} {event.action}")

    hooks = Hooks()
    hooks.handle({"ref": "main", "commits": []}, event="push")
    hooks.handle({"action": "pinned", "number": 1}, event="issues")
    assert hooks.seen == ["push main", "unknown issues pinned"]


GITHUB = SHARED / "realspecs" / "github-webhooks" / "schema.json"
MCP = SHARED / "realspecs" / "mcp" / "2026-07-28" / "schema.json"
METHOD = re.compile(r"^    def (on_\w+)\(self, event: \w+\)", re.M)


def methods_of(files: dict[str, str]) -> dict[str, list[str]]:
    """The ``on_`` methods of each (sync) handler class, in order."""
    classes = files["handlers.py"].split("\nclass ")[1:]
    return {text.partition(":")[0]: METHOD.findall(text) for text in classes if not text.startswith(("Async", "_"))}


@pytest.mark.skipif(not GITHUB.exists(), reason="../shared/realspecs is absent (a fresh clone has no ../shared)")
def test_method_names_of_real_specs_are_unique_and_follow_the_tags() -> None:
    from conftest import generate_files

    github = methods_of(generate_files(GITHUB, {"webhook": "# tag=event"}, "gh", formatter="none"))
    mcp = methods_of(
        generate_files(
            MCP,
            {"client_request": "ClientRequest", "server_notification": "ServerNotification"},
            "mcp",
            formatter="none",
        )
    )
    assert {name: len(methods) for name, methods in {**github, **mcp}.items()} == {
        "WebhookHandler": 228,  # 226 (event, action) pairs and bare events
        "ClientRequestHandler": 12,  # 10 requests, on_event and on_unknown
        "ServerNotificationHandler": 10,  # 8 notifications
    }
    for methods in (*github.values(), *mcp.values()):
        assert len(methods) == len(set(methods))
    assert {"on_issues_opened", "on_push", "on_workflow_run_completed"} <= set(github["WebhookHandler"])
    assert [name for name in github["WebhookHandler"] if "_as_" in name] == [
        "on_pull_request_review_request_removed_as_requested_reviewer",
        "on_pull_request_review_request_removed_as_requested_team",
        "on_pull_request_review_requested_as_requested_reviewer",
        "on_pull_request_review_requested_as_requested_team",
    ]
    assert {"on_tools_call", "on_server_discover"} <= set(mcp["ClientRequestHandler"])
    assert "on_notifications_progress" in mcp["ServerNotificationHandler"]
