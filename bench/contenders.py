"""What the benchmark compares: our generated packages, the openai SDK's models, pydantic.

Everything here is set up once, then checked against the corpora (``verify_*``) before any timing:
a contender that would time a different amount of work (a fallback, an error path) is either
dropped with a note or the difference is reported next to its numbers.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Annotated, Any, Union, get_args


def import_generated(package: str, directory: str) -> ModuleType:
    """Import a generated package from ``directory`` and make sure that is where it came from."""
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module = importlib.import_module(package)
    where = str(getattr(module, "__file__", ""))
    if not where.startswith(directory):
        raise RuntimeError(f"{package} was imported from {where}, not from {directory}")
    return module


# --------------------------------------------------------------------------------------------
# The openai SDK
# --------------------------------------------------------------------------------------------


@dataclass
class OpenAI:
    parse: Callable[[bytes | str], Any]  # the SDK's own parse path for a websocket frame
    construct: Callable[[dict[str, Any]], Any]  # the same, from an already decoded dict
    union: Any  # openai.types.realtime.RealtimeServerEvent
    variants: list[type] = field(default_factory=list)
    by_type: dict[str, type] = field(default_factory=dict)  # event type -> model class
    skipped_variants: dict[str, str] = field(default_factory=dict)  # name -> why not discriminable
    parse_path_source: str = ""  # where the SDK parses a frame, for the report


def load_openai() -> OpenAI:
    from openai._models import construct_type_unchecked
    from openai.resources.realtime import realtime as realtime_resource
    from openai.types.realtime import RealtimeServerEvent

    # What RealtimeConnection.recv() / parse_event() does with a frame, without a connection:
    #     construct_type_unchecked(value=json.loads(data), type_=cast(Any, RealtimeServerEvent))
    source = inspect.getsource(realtime_resource.RealtimeConnection.parse_event)
    if "construct_type_unchecked" not in source or "json.loads" not in source:
        raise RuntimeError("openai's RealtimeConnection.parse_event no longer uses construct_type_unchecked")
    loads = json.loads

    def parse(data: bytes | str) -> Any:
        return construct_type_unchecked(value=loads(data), type_=RealtimeServerEvent)

    def construct(value: dict[str, Any]) -> Any:
        return construct_type_unchecked(value=value, type_=RealtimeServerEvent)

    union_type = get_args(RealtimeServerEvent)[0]  # Annotated[Union[...], PropertyInfo(discriminator)]
    variants: list[type] = []
    by_type: dict[str, type] = {}
    skipped: dict[str, str] = {}
    for variant in get_args(union_type):
        field_info = getattr(variant, "model_fields", {}).get("type")
        literal = get_args(field_info.annotation) if field_info is not None else ()
        if len(literal) != 1 or not isinstance(literal[0], str):
            skipped[variant.__name__] = "no single Literal `type`"
            continue
        if literal[0] in by_type:
            skipped[variant.__name__] = f"shares type {literal[0]!r} with {by_type[literal[0]].__name__}"
            continue
        by_type[literal[0]] = variant
        variants.append(variant)
    where = f"{realtime_resource.__name__}.RealtimeConnection.parse_event"
    return OpenAI(parse, construct, RealtimeServerEvent, variants, by_type, skipped, where)


@dataclass
class Pydantic:
    smart_json: Callable[[bytes], Any]  # TypeAdapter(RealtimeServerEvent).validate_json
    tagged_json: Callable[[bytes], Any]  # TypeAdapter(Annotated[Union[...], Field(discriminator)])
    tagged_python: Callable[[dict[str, Any]], Any]
    error: type[Exception]


def load_pydantic(openai_models: OpenAI) -> Pydantic:
    import pydantic

    # openai's union carries its discriminator in openai's own PropertyInfo, which pydantic does
    # not read: TypeAdapter(RealtimeServerEvent) is a plain ("smart") union that tries members.
    smart = pydantic.TypeAdapter(openai_models.union)
    tagged = pydantic.TypeAdapter(
        Annotated[Union[tuple(openai_models.variants)], pydantic.Field(discriminator="type")]  # noqa: UP007
    )
    return Pydantic(smart.validate_json, tagged.validate_json, tagged.validate_python, pydantic.ValidationError)


# --------------------------------------------------------------------------------------------
# Checks before timing
# --------------------------------------------------------------------------------------------


@dataclass
class Check:
    ok: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)  # the first few

    def add(self, problem: str) -> None:
        self.failed += 1
        if len(self.problems) < 5:
            self.problems.append(problem)


def verify_ours(parse: Callable[[bytes], Any], payloads: Sequence[bytes]) -> Check:
    """Every payload parses to a typed event (not the Unknown* fallback) and round-trips exactly."""
    check = Check()
    for payload in payloads:
        data = json.loads(payload)
        try:
            event = parse(payload)
        except ValueError as exc:
            check.add(f"{data.get('type')}: {exc}")
            continue
        if type(event).__name__.startswith("Unknown"):
            check.add(f"{data.get('type')}: parsed as {type(event).__name__}")
        elif event.to_dict() != data:
            check.add(f"{data.get('type')}: to_dict() differs from the input")
        else:
            check.ok += 1
    return check


def verify_openai(models: OpenAI, payloads: Sequence[bytes]) -> Check:
    """Every payload becomes an instance of the model class its `type` names (no fallback)."""
    check = Check()
    for payload in payloads:
        data = json.loads(payload)
        event = models.parse(payload)
        expected = models.by_type.get(data.get("type"))
        if expected is None or type(event) is not expected:
            check.add(f"{data.get('type')}: got {type(event).__name__}")
        else:
            check.ok += 1
    return check


def pydantic_rejections(validate: Callable[[bytes], Any], error: type[Exception], payloads: Sequence[bytes]) -> Check:
    check = Check()
    for payload in payloads:
        try:
            validate(payload)
            check.ok += 1
        except error as exc:
            first = str(exc).splitlines()
            check.add(f"{json.loads(payload).get('type')}: {first[-2].strip() if len(first) > 1 else first[0]}")
    return check


def round_trips(dump: Callable[[Any], str], objects: Sequence[Any], originals: Sequence[dict[str, Any]]) -> int:
    """How many objects serialise back to JSON equal to what they were parsed from."""
    same = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for obj, original in zip(objects, originals, strict=True):
            same += json.loads(dump(obj)) == original
    return same
