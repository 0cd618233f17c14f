"""eventgen diff: fixture pairs with exact reports, the JSON shape, exit codes, git revisions,
and the real spec histories in ../shared (upstream OpenAI realtime, MCP)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, SHARED, UPDATE_SNAPSHOTS, UPSTREAM

from generator.cli import main
from generator.diffing.model import RULES
from generator.pipeline import Model, Options, RootSpec, model

FIXTURES = ROOT / "tests" / "fixtures" / "diff"
SNAPSHOTS = ROOT / "tests" / "snapshots" / "diff"
SCHEMA = json.loads((ROOT / "generator" / "diffing" / "report.schema.json").read_text())
HISTORY = SHARED / "upstream" / "history"
MCP = SHARED / "realspecs" / "mcp"
BOTH = ["--root", "receiver=Event", "--root", "sender=Event", "--strict", "sender"]  # one union, two directions


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE_SNAPSHOTS:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (EVENTGEN_UPDATE_SNAPSHOTS=1 rewrites it)"


def fixture(name: str) -> str:
    return os.path.relpath(FIXTURES / name)


@pytest.mark.parametrize(
    ("old", "new", "fmt", "name"),
    [
        ("old.yaml", "new.yaml", "text", "forward.txt"),
        ("new.yaml", "old.yaml", "text", "backward.txt"),
        ("old.yaml", "new.yaml", "markdown", "forward.md"),
        ("old.yaml", "new.yaml", "json", "forward.json"),
        ("shapes_old.yaml", "shapes_new.yaml", "text", "shapes_forward.txt"),
        ("shapes_old.yaml", "shapes_new.yaml", "markdown", "shapes_forward.md"),
        ("shapes_old.yaml", "shapes_new.yaml", "json", "shapes_forward.json"),
        ("shapes_new.yaml", "shapes_old.yaml", "text", "shapes_backward.txt"),
        ("shapes_new.yaml", "shapes_old.yaml", "markdown", "shapes_backward.md"),
        ("shapes_new.yaml", "shapes_old.yaml", "json", "shapes_backward.json"),
        ("tags_old.yaml", "tags_new.yaml", "text", "tags_forward.txt"),
        ("tags_old.yaml", "tags_new.yaml", "markdown", "tags_forward.md"),
        ("tags_old.yaml", "tags_new.yaml", "json", "tags_forward.json"),
        ("tags_new.yaml", "tags_old.yaml", "text", "tags_backward.txt"),
        ("tags_new.yaml", "tags_old.yaml", "markdown", "tags_backward.md"),
        ("tags_new.yaml", "tags_old.yaml", "json", "tags_backward.json"),
        ("allof_old.json", "allof_new.json", "text", "allof_forward.txt"),
        ("allof_old.json", "allof_new.json", "markdown", "allof_forward.md"),
        ("allof_old.json", "allof_new.json", "json", "allof_forward.json"),
        ("allof_new.json", "allof_old.json", "text", "allof_backward.txt"),
        ("allof_new.json", "allof_old.json", "markdown", "allof_backward.md"),
        ("allof_new.json", "allof_old.json", "json", "allof_backward.json"),
    ],
)
def test_fixture_pair_reports_match_their_snapshots(
    capsys: pytest.CaptureFixture[str], old: str, new: str, fmt: str, name: str
) -> None:
    roots = ["--root", "event=#/definitions/AnyEvent"] if old.startswith("allof") else BOTH
    code, out, err = run(capsys, fixture(old), fixture(new), *roots, "--format", fmt)
    assert (code, err) == (0, "")
    if fmt == "json":
        jsonschema.validate(json.loads(out), SCHEMA)
    snapshot(name, out)


def changes(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    found: list[dict[str, object]] = document["changes"]
    return found


def test_every_kind_of_the_rules_table_is_found_by_the_fixtures_in_both_directions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = changes(capsys, fixture("old.yaml"), fixture("new.yaml"), *BOTH)
    found += changes(capsys, fixture("new.yaml"), fixture("old.yaml"), *BOTH)
    found += changes(capsys, fixture("shapes_old.yaml"), fixture("shapes_new.yaml"), *BOTH)
    found += changes(capsys, fixture("shapes_new.yaml"), fixture("shapes_old.yaml"), *BOTH)
    kinds = {c["kind"] for c in found}
    assert SCHEMA["$defs"]["change"]["properties"]["kind"]["enum"] == sorted(RULES)  # the JSON shape lists every kind
    hard_to_provoke = {"python.class-renamed"}  # the naming pass keeps a schema's name; see README
    assert kinds == set(RULES) - hard_to_provoke
    for c in found:  # every wire change appears for both directions, judged by the table
        if c["direction"] != "python":
            rule = RULES[str(c["kind"])]
            assert c["breaking"] == (rule.receive if c["direction"] == "receive" else rule.send)
    wire = Counter((c["event"], c["path"], c["kind"], c["old"], c["new"]) for c in found if c["direction"] != "python")
    assert set(wire.values()) == {2}


def test_breaking_follows_direction(capsys: pytest.CaptureFixture[str]) -> None:
    found = changes(capsys, fixture("old.yaml"), fixture("new.yaml"), *BOTH)
    verdict = {(c["root"], c["path"], c["kind"]): c["breaking"] for c in found}
    assert verdict[("receiver", "made_optional", "field.now-optional")] is True
    assert verdict[("sender", "made_optional", "field.now-optional")] is False
    assert verdict[("receiver", "added_required", "required-field.added")] is False
    assert verdict[("sender", "added_required", "required-field.added")] is True
    assert verdict[("receiver", "added", "field.added")] is False
    assert verdict[("sender", "added", "field.added")] is False
    assert verdict[("receiver", "old_label", "field.renamed")] is True
    assert {(c["event"], c["old"], c["new"]) for c in found if c["kind"] == "event.renamed"} == {
        ("moved.new", "moved.old", "moved.new")
    }


def test_equivalent_spellings_report_no_wire_change(capsys: pytest.CaptureFixture[str]) -> None:
    """3.0 nullable vs 3.1 type lists, a one-value enum vs const, allOf vs the properties written out."""
    for old, new in (("equivalent_30.yaml", "equivalent_31.yaml"), ("equivalent_31.yaml", "equivalent_30.yaml")):
        found = changes(capsys, fixture(old), fixture(new), *BOTH)
        assert [c for c in found if c["direction"] != "python"] == []
    # the allOf base is a class of its own in the generated package: that (and only that) is an API change
    forward = changes(capsys, fixture("equivalent_30.yaml"), fixture("equivalent_31.yaml"), *BOTH)
    assert [(c["path"], c["kind"]) for c in forward] == [("Base", "python.class-removed")]


def test_fail_on_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    pair = (fixture("old.yaml"), fixture("new.yaml"), *BOTH)
    assert run(capsys, *pair, "--fail-on", "breaking")[0] == 1
    assert run(capsys, *pair, "--fail-on", "any")[0] == 1
    same = (fixture("equivalent_31.yaml"), fixture("equivalent_31.yaml"), *BOTH)
    assert run(capsys, *same, "--fail-on", "any")[:2] == (0, f"eventgen diff {same[0]} -> {same[1]}: no changes\n")
    code, out, err = run(capsys, fixture("old.yaml"), *BOTH)
    assert (code, out) == (2, "")
    assert err == "eventgen: error: give OLD and NEW (files or REV:PATH), or --against REV\n"
    code, out, err = run(capsys, fixture("old.yaml"), "nowhere:spec.yaml", *BOTH)
    assert (code, out) == (2, "")
    assert err.startswith("eventgen: error: git cannot read nowhere:spec.yaml: ")
    code, _, err = run(capsys, fixture("old.yaml"), fixture("new.yaml"), *BOTH, "--old-root", "other=Event")
    assert (code, err) == (2, "eventgen: error: --old-root names 'other', which is not a root alias\n")


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**env, "GIT_COMMITTER_EMAIL": "t@t"})


def test_revisions_from_git_and_against(tmp_path: Path) -> None:
    """``REV:PATH`` and ``--against REV`` with the config's spec path, in a repository of its own."""
    (tmp_path / "spec").mkdir()
    spec = tmp_path / "spec" / "events.yaml"
    spec.write_bytes((FIXTURES / "old.yaml").read_bytes())
    (tmp_path / "spec" / "eventgen.yaml").write_text("spec: events.yaml\npackage: events\nroots: {sender: Event}\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old")
    spec.write_bytes((FIXTURES / "new.yaml").read_bytes())
    command = [sys.executable, "-m", "generator", "diff", "--format", "json"]
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)}
    against = subprocess.run(
        [*command, "--config", "spec/eventgen.yaml", "--against", "HEAD"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert against.returncode == 0, against.stderr
    by_rev = subprocess.run(
        [*command, "HEAD:spec/events.yaml", "spec/events.yaml", "--root", "sender=Event"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert by_rev.returncode == 0, by_rev.stderr
    a, b = json.loads(against.stdout), json.loads(by_rev.stdout)
    assert (a["old"], a["new"], b["old"]) == ("HEAD:spec/events.yaml", "spec/events.yaml", "HEAD:spec/events.yaml")
    assert a["changes"] == b["changes"]
    assert len([c for c in a["changes"] if c["root"] == "sender"]) == 34


# -- real spec histories ------------------------------------------------------------------------

needs_shared = pytest.mark.skipif(
    not (UPSTREAM.exists() and HISTORY.exists() and MCP.exists()),
    reason="../shared (upstream OpenAI spec, its history, MCP) is absent (a fresh clone has none); CI provides it",
)
REALTIME = [
    RootSpec("client_event", "RealtimeClientEvent", False),
    RootSpec("server_event", "RealtimeServerEvent", True),
]


@pytest.fixture(scope="session")
def realtime_models() -> dict[str, Model]:
    if not UPSTREAM.exists():
        pytest.skip("../shared/upstream is absent (a fresh clone has no ../shared)")
    specs = {
        "2025-03-22": HISTORY / "openai-2025-03-22-realtime.yaml",
        "2025-04-29": HISTORY / "openai-2025-04-29-realtime.yaml",
        "ga": UPSTREAM,
    }
    return {name: model(Options(str(path), "p", REALTIME)) for name, path in specs.items()}


def events_by_kind(found: list, root: str | None = None) -> dict[str, list[str]]:  # type: ignore[type-arg]
    result: dict[str, list[str]] = {}
    for c in found:
        if c.kind.startswith("event.") and (root is None or c.root == root):
            result.setdefault(c.kind, []).append(c.event if c.kind != "event.renamed" else f"{c.old} -> {c.new}")
    return result


@needs_shared
def test_realtime_2025_03_22_to_04_29_adds_four_events_and_nothing_else(realtime_models: dict[str, Model]) -> None:
    from generator.diffing.compare import compare_models

    found = compare_models(realtime_models["2025-03-22"], realtime_models["2025-04-29"])
    assert sorted((c.root, c.event, c.kind) for c in found) == [
        ("client_event", "output_audio_buffer.clear", "event.added"),
        ("server_event", "output_audio_buffer.cleared", "event.added"),
        ("server_event", "output_audio_buffer.started", "event.added"),
        ("server_event", "output_audio_buffer.stopped", "event.added"),
    ]


@needs_shared
def test_realtime_beta_to_ga_events_added_removed_and_renamed(realtime_models: dict[str, Model]) -> None:
    from generator.diffing.compare import compare_models
    from generator.diffing.render import summary

    found = compare_models(realtime_models["2025-04-29"], realtime_models["ga"])
    kinds = events_by_kind(found)
    assert {k: len(v) for k, v in kinds.items()} == {"event.added": 13, "event.removed": 2, "event.renamed": 6}
    assert sorted(kinds["event.removed"]) == ["transcription_session.update", "transcription_session.updated"]
    assert sorted(kinds["event.renamed"]) == [
        "response.audio.delta -> response.output_audio.delta",
        "response.audio.done -> response.output_audio.done",
        "response.audio_transcript.delta -> response.output_audio_transcript.delta",
        "response.audio_transcript.done -> response.output_audio_transcript.done",
        "response.text.delta -> response.output_text.delta",
        "response.text.done -> response.output_text.done",
    ]
    fields = {(c.root, c.event, c.path, c.kind) for c in found}
    assert ("server_event", "response.done", "response.modalities", "field.renamed") in fields
    assert ("server_event", "response.done", "response.temperature", "field.removed") in fields
    assert ("server_event", "conversation.item.created", "previous_item_id", "nullable.added") in fields
    assert ("server_event", "response.function_call_arguments.done", "name", "required-field.added") in fields
    assert ("client_event", "conversation.item.delete", "event_id", "constraint.tightened") in fields
    inner = [c for c in found if not c.kind.startswith("event.")]
    assert (len(inner), len({c.event for c in inner}), len({c.origin for c in inner})) == (612, 21, 218)
    assert "612 field changes (222 distinct) in 21 events" in summary(found)  # 222 lines, each said once
    item = next(c for c in found if (c.event, c.path) == ("conversation.item.create", "item"))
    assert (item.kind, item.old, item.schema) == (
        "type.split",
        "RealtimeConversationItem (object)",
        "RealtimeConversationItem",
    )
    assert item.new == (
        "RealtimeConversationItem (union of 9 by `type`); the old shape is message/role=system, message/role=user, "
        "message/role=assistant, function_call, function_call_output (by tag value)"
    )
    # under the split, each alternative is compared with the old shape it corresponds to
    assert ("client_event", "session.update", "session[type=realtime].modalities", "field.renamed") in fields
    assert ("client_event", "session.update", "session[type=realtime].input_audio_format", "field.removed") in fields
    assert ("server_event", "session.created", "session", "type.split") in fields
    assert (
        "server_event",
        "response.done",
        "response.output[][type=function_call].name",
        "field.now-required",
    ) in fields
    assert ("client_event", "conversation.item.create", "item", "union.alternative-added") in fields
    assert ("client_event", "response.create", "response.tools[]", "type.split") in fields
    split = next(c for c in found if (c.event, c.path) == ("session.update", "session"))
    assert split.new == "union of 2 by `type`; the old shape is realtime (by best structural match)"


@needs_shared
def test_self_diff_of_the_upstream_spec_reports_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        str(UPSTREAM),
        str(UPSTREAM),
        "--root",
        "client_event=RealtimeClientEvent",
        "--root",
        "server_event=RealtimeServerEvent",
        "--fail-on",
        "any",
    )
    assert (code, out) == (0, f"eventgen diff {UPSTREAM} -> {UPSTREAM}: no changes\n")


@needs_shared
def test_mcp_2025_11_25_to_2026_07_28(capsys: pytest.CaptureFixture[str]) -> None:
    roots = ["--root", "client_request=ClientRequest", "--root", "client_notification=ClientNotification"]
    roots += ["--root", "server_request=InputRequest", "--root", "server_notification=ServerNotification"]
    roots += ["--old-root", "server_request=ServerRequest"]  # the union of server requests was renamed
    found = changes(capsys, str(MCP / "2025-11-25" / "schema.json"), str(MCP / "2026-07-28" / "schema.json"), *roots)
    events = Counter((c["root"], c["kind"]) for c in found if str(c["kind"]).startswith("event."))
    assert events == {
        ("client_request", "event.added"): 2,
        ("client_request", "event.removed"): 9,
        ("client_notification", "event.removed"): 4,
        ("server_request", "event.removed"): 5,
        ("server_notification", "event.added"): 1,
        ("server_notification", "event.removed"): 2,
    }
    added = sorted(c["event"] for c in found if c["kind"] == "event.added")
    assert added == ["notifications/subscriptions/acknowledged", "server/discover", "subscriptions/listen"]
    fields = {(c["root"], c["event"], c["path"], c["kind"]) for c in found}
    assert ("client_request", "tools/call", "params.task", "field.removed") in fields


def test_a_spec_from_git_refers_to_files_of_the_same_revision(tmp_path: Path) -> None:
    """``REV:PATH`` brings the spec's folder as it was at REV: a $ref to a neighbouring file reads that
    file at REV too, so a change made only in the neighbour is seen."""
    (tmp_path / "spec" / "parts").mkdir(parents=True)
    (tmp_path / "spec" / "events.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Event:\n      oneOf:\n        - $ref: 'parts/ping.yaml#/Ping'\n        - $ref: 'parts/ping.yaml#/Pong'\n"
    )
    ping = "Ping:\n  type: object\n  properties:\n    type: {const: ping}\nEXTRA  required: [type]\n"
    pong = "Pong:\n  type: object\n  properties:\n    type: {const: pong}\n  required: [type]\n"
    part = tmp_path / "spec" / "parts" / "ping.yaml"
    part.write_text(ping.replace("EXTRA", "") + pong)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old")
    part.write_text(ping.replace("EXTRA", "    note: {type: string}\n") + pong)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)}
    for sides in (["HEAD:spec/events.yaml", "spec/events.yaml"], ["--spec", "spec/events.yaml", "--against", "HEAD"]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "diff", *sides, "--root", "receiver=Event", "--format", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        changes = [(c["event"], c["path"], c["kind"]) for c in json.loads(done.stdout)["changes"]]
        assert changes == [("ping", "note", "field.added")]
