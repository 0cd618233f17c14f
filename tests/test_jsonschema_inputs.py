"""Plain JSON Schema as input: the fixture specs (tests/fixtures/constructs/jsonschema_*.json) used the
way an app would, and the real protocols in ../shared/realspecs: MCP (2020-12, tagged by ``method``)
and GitHub webhooks (draft-07, the event name in the X-GitHub-Event header, the action in the body)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT, SHARED, generate_files, import_fresh, lint_packages

from generator.naming import class_name
from generator.write import write_package

CONSTRUCTS = ROOT / "tests" / "fixtures" / "constructs"
MCP = SHARED / "realspecs" / "mcp"
GITHUB = SHARED / "realspecs" / "github-webhooks"
BIN = Path(sys.executable).parent
needs_realspecs = pytest.mark.skipif(
    not (MCP.exists() and GITHUB.exists()),
    reason="../shared/realspecs is absent (a fresh clone has no ../shared); CI provides it",
)
MCP_ROOTS = {
    "2025-11-25": {
        "client_request": "ClientRequest",
        "client_notification": "ClientNotification",
        "server_request": "ServerRequest",
        "server_notification": "ServerNotification",
    },
    "2026-07-28": {  # ServerRequest is gone; ClientNotification is a single notification now
        "client_request": "ClientRequest",
        "client_notification": "ClientNotification",
        "server_request": "InputRequest",
        "server_notification": "ServerNotification",
    },
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jsonschema")


def build(directory: Path, spec: Path, roots: dict[str, str], package: str, all_schemas: bool = False) -> ModuleType:
    if not (directory / package).exists():
        write_package(generate_files(spec, roots, package, all_schemas=all_schemas), str(directory / package))
    return import_fresh(directory, package)


def rejects(pkg: ModuleType, call: Any, data: Any) -> str:
    with pytest.raises(pkg.ValidationError) as caught:
        call(data)
    return str(caught.value)


# -- fixtures -----------------------------------------------------------------------------------


def test_documents_that_name_each_other_by_id(packages: Path) -> None:
    m = build(packages, CONSTRUCTS / "jsonschema_ids.json", {"event": "#"}, "js_ids")
    move = {"type": "move", "piece": {"kind": "knight", "color": "white"}, "to": "f3"}
    event = m.parse_event(move)
    assert (type(event).__name__, type(event.piece).__name__, event.to_dict()) == ("Move", "Piece", move)
    assert type(m.parse_event({"type": "resign"})).__name__ == "Resign"  # found by its URN $id
    assert rejects(m, m.models.Move.from_dict, {**move, "to": "z9"}) == (
        '$.to: expected a string (matching ^[a-h][1-8]$), got the string "z9"'
    )  # the anchor's pattern, in the embedded resource square.json
    assert rejects(m, m.models.Move.from_dict, {**move, "piece": {"kind": "king", "color": "red"}}) == (
        '$.piece.color: expected one of "white", "black", got the string "red"'
    )


def test_draft4_reads_as_draft4(packages: Path) -> None:
    m = build(packages, CONSTRUCTS / "jsonschema_draft4.json", {"event": "AnyReading"}, "js_draft4")
    reading = {"sensor": "s1", "kind": "temperature", "celsius": 20.5}
    assert type(m.parse_event(reading)).__name__ == "Temperature"  # a one-value enum from allOf is the tag
    cold = m.models.Temperature.from_dict
    assert rejects(m, cold, {**reading, "celsius": -273.15}) == (
        "$.celsius: expected a number (more than -273.15), got the number -273.15"
    )  # exclusiveMinimum: true makes minimum exclusive
    humid = {"sensor": "s1", "kind": "humidity", "percent": 80}
    assert m.models.Humidity.from_dict(humid).percent == 80  # maximum beside $ref: ignored, as draft 4 says


def test_a_tag_from_the_caller_then_one_in_the_body(packages: Path) -> None:
    m = build(packages, CONSTRUCTS / "jsonschema_caller_tag.json", {"webhook": "# tag=event"}, "js_caller")
    closed = {"action": "closed", "number": 7, "reason": None}
    assert type(m.parse_webhook(json.dumps(closed), event="issues")).__name__ == "IssuesClosed"
    assert type(m.parse_webhook({"ref": "main", "commits": []}, event="push")).__name__ == "PushEvent"
    unknown = m.parse_webhook({"zen": "Keep it simple"}, event="ping")  # an event newer than the spec
    assert (type(unknown).__name__, unknown.to_dict()) == ("UnknownWebhook", {"zen": "Keep it simple"})
    new_action = m.parse_webhook({"action": "pinned", "number": 1}, event="issues")
    assert (type(new_action).__name__, new_action.to_dict()) == ("UnknownWebhook", {"action": "pinned", "number": 1})
    assert m.WEBHOOK_TYPES["issues"] == {"opened": m.models.IssuesOpened, "closed": m.models.IssuesClosed}


def test_plain_values_as_jsonschema_allows_them(packages: Path) -> None:
    m = build(packages, CONSTRUCTS / "jsonschema_values.json", {"client_batch": "#"}, "js_values")
    batch = [{"op": "set", "target": {"y": 0, "x": 0}, "value": ["a", ["b"]]}, {"op": "clear", "target": [1, 2.0]}]
    parsed = m.parse_client_batch(json.dumps(batch))  # a root that is an array
    assert ([type(c).__name__ for c in parsed], [c.to_dict() for c in parsed]) == (["Command", "Command"], batch)
    assert rejects(m, m.parse_client_batch, [{"op": "set", "target": {"x": 1}}]) == (
        '$[0].target: expected one of {"x":0,"y":0}, [1,2], "origin", got an object with keys x'
    )
    assert rejects(m, m.parse_client_batch, [{"op": "set", "legacy": 1}]) == (
        "$[0].legacy: expected no value at all (the schema is false), got the number 1"
    )
    assert rejects(m, m.parse_client_batch, [{"op": "set", "never": "x"}]).startswith("$[0].never: expected no value")
    assert rejects(m, m.parse_client_batch, '{"op": "set"}') == "$: expected an array, got an object with keys op"


def test_a_root_that_is_not_an_object_is_said_once(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {Status: {enum: [a, b]}}}")
    command = ["generate", "--spec", spec, "--root", "status=Status", "--strict", "status", "--package", "p"]
    run = subprocess.run(
        [BIN / "eventgen", *command, "--out", tmp_path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0
    assert run.stderr.splitlines()[0] == (
        "warning: #/components/schemas/Status: root 'status' is an enum of strings, not an object or a union of "
        "objects: parse_status returns the plain value (is this the schema of the events?)"
    )
    m = import_fresh(tmp_path, "p")
    assert m.parse_status('"a"') == "a"
    assert rejects(m, m.parse_status, '"c"') == '$: expected one of "a", "b", got the string "c"'


# -- MCP -------------------------------------------------------------------------------------


@cache
def mcp_examples() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (MCP / "examples.jsonl").read_text().splitlines() if line.strip()]


@needs_realspecs
@pytest.mark.parametrize("version", list(MCP_ROOTS))
def test_mcp_generates_with_method_dispatch(packages: Path, version: str) -> None:
    m = build(packages, MCP / version / "schema.json", MCP_ROOTS[version], f"mcp_{version.replace('-', '_')}", True)
    methods = m.CLIENT_REQUEST_TYPES
    assert methods["tools/call"] is m.models.CallToolRequest
    assert all("/" in method or method in ("initialize", "ping") for method in methods)
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "add", "arguments": {"a": 1}}}
    if version == "2026-07-28":  # requests carry their protocol version and client in _meta now
        call = next(e["event"] for e in mcp_examples() if e["root"].endswith("/CallToolRequest"))
    assert m.parse_client_request(json.dumps(call)).to_dict() == call
    future = {"jsonrpc": "2.0", "id": 2, "method": "tools/describe", "params": {}}
    assert type(m.parse_client_request(future)).__name__ == "UnknownClientRequest"


@needs_realspecs
def test_mcp_examples_parse_into_the_class_of_their_root(packages: Path) -> None:
    m = build(packages, MCP / "2026-07-28" / "schema.json", MCP_ROOTS["2026-07-28"], "mcp_2026_07_28", True)
    tables = (
        (m.CLIENT_REQUEST_TYPES, m.parse_client_request),
        (m.SERVER_NOTIFICATION_TYPES, m.parse_server_notification),
        (m.SERVER_REQUEST_TYPES, m.parse_server_request),
    )
    roots = {cls.__name__: parse for table, parse in tables for cls in table.values()}
    whole, parts = 0, 0
    for example in mcp_examples():
        name = class_name(example["root"].rsplit("/", 1)[-1])
        payload = example["event"]
        if name in roots:  # a whole message: through the root's parse function
            parsed = roots[name](json.dumps(payload))
            whole += 1
        elif isinstance(getattr(m.models, name), type):  # a sub-object: its class
            parsed = getattr(m.models, name).from_dict(payload)
            parts += 1
        else:  # a named map (InputRequests...): its parse function
            parsed = getattr(m.models, "parse_" + re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower())(payload)
            parts += 1
        back = parsed.to_dict() if hasattr(parsed, "to_dict") else {k: v.to_dict() for k, v in parsed.items()}
        assert json.dumps(back, sort_keys=True) == json.dumps(payload, sort_keys=True), example["source"]
        if hasattr(parsed, "to_dict"):
            assert type(parsed).__name__ == name, example["source"]
    assert (whole, parts, whole + parts) == (21, 108, 129)


# -- GitHub webhooks ---------------------------------------------------------------------------


@needs_realspecs
def test_github_webhooks_parse_given_their_header(packages: Path) -> None:
    m = build(packages, GITHUB / "schema.json", {"webhook": "# tag=event"}, "github_webhooks")
    counted = 0
    for line in (GITHUB / "examples.jsonl").read_text().splitlines():
        example = json.loads(line)
        root = getattr(m.models, class_name(example["root"].rsplit("/", 1)[-1]))
        event = m.parse_webhook(json.dumps(example["event"]), event=example["headers"]["X-GitHub-Event"])
        members = (root,) if isinstance(root, type) else typing.get_args(root)
        assert type(event) in members, example["source"]
        assert json.dumps(event.to_dict(), sort_keys=True) == json.dumps(example["event"], sort_keys=True)
        counted += 1
    assert counted == 273
    assert len(m.WEBHOOK_TYPES) == 66 and m.WEBHOOK_TYPES["issues"]["opened"] is m.models.IssuesOpened


@needs_realspecs
def test_github_class_names_are_readable(packages: Path) -> None:
    m = build(packages, GITHUB / "schema.json", {"webhook": "# tag=event"}, "github_webhooks")
    classes = vars(m.models).items()
    names = [n for n, value in classes if isinstance(value, type) and value.__module__.endswith("models")]
    schema_names = {class_name(n) for n in json.loads((GITHUB / "schema.json").read_text())["definitions"]}
    numbered = [n for n in names if re.search(r"[A-Za-z]\d+$", n) and n not in schema_names]
    assert (len(names) > 700, numbered) == (True, [])
    assert {"IssuesOpened", "PullRequestReviewRequestedRequestedReviewer", "InstallationLite"} <= set(names)


@needs_realspecs
def test_real_json_schema_packages_pass_ruff_and_mypy(packages: Path) -> None:
    build(packages, GITHUB / "schema.json", {"webhook": "# tag=event"}, "github_webhooks")
    for version, roots in MCP_ROOTS.items():
        build(packages, MCP / version / "schema.json", roots, f"mcp_{version.replace('-', '_')}", True)
    lint_packages(packages, ["github_webhooks", *(f"mcp_{v.replace('-', '_')}" for v in MCP_ROOTS)])
