"""Every example in spec/realtime.yaml parses into the class of its schema and round-trips exactly."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import ROOT

SCHEMAS = yaml.safe_load((ROOT / "spec" / "realtime.yaml").read_text())["components"]["schemas"]
EXAMPLES = [(name, example) for name, schema in SCHEMAS.items() for example in schema.get("examples", [])]


def test_every_event_has_one_example() -> None:
    events = [n for n in SCHEMAS if n.startswith(("RealtimeClientEvent", "RealtimeServerEvent"))]
    events.remove("RealtimeClientEvent")
    events.remove("RealtimeServerEvent")
    assert sorted(name for name, _ in EXAMPLES) == sorted(events)
    assert len(EXAMPLES) == 57


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_round_trips(committed: ModuleType, name: str, example: dict[str, Any]) -> None:
    client = name.startswith("RealtimeClientEvent")
    event = (committed.parse_client_event if client else committed.parse_server_event)(json.dumps(example))
    assert type(event).__name__ == name
    assert json.dumps(event.to_dict(), sort_keys=True) == json.dumps(example, sort_keys=True)
    assert getattr(committed, name).from_dict(example) == event  # strict parsing accepts it too
