"""A structure-aware fuzzer for generated packages: real payloads, mutated, must raise nothing but
ValidationError, and whatever is accepted must round-trip exactly.

Seeds are the examples of our spec, the upstream examples (when ../shared is there) and instances
hypothesis draws from the IR. Each case takes a seed, applies one to three mutations, either to the
decoded payload (drop, add and retype keys; graft a part of another event; extreme numbers; deep
nesting; odd strings; non-string keys) or to its JSON text (NaN and Infinity tokens, 1e400, huge
integer literals, duplicate keys, bad bytes, a BOM, UTF-16, truncation, deep brackets), and hands
the result to a parse function or ``from_dict`` as str, bytes, bytearray, memoryview or a dict, or
hands it something that is not JSON at all.

Invariants, per case:
  * only ValidationError escapes; ``str(error)`` and ``error.path`` work and stay short;
  * an accepted input round-trips: ``to_dict()`` is what ``json.loads`` makes of the text (or the
    dict given), types included;
  * with --timing, no call takes longer than ``FACTOR`` times the bare ``json.loads`` of the same
    text plus ``SLACK`` seconds (checked on a repeat; a slow case is a finding).

A finding is shrunk to a small reproducer and printed. Run it:

    .venv/bin/python tests/fuzz.py --cases 1000000 --timing     # make fuzz
    .venv/bin/python tests/fuzz.py --cases 2000 --seed 7         # a quick look
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import itertools
import json
import math
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from conftest import UPSTREAM, import_fresh, read_example  # noqa: E402
from instances import Instances, definitions_of  # noqa: E402

from generator.pipeline import Options, RootSpec, generate  # noqa: E402
from generator.write import write_package  # noqa: E402

MAX_MESSAGE = 1_000  # characters of str(error); the parts quoting the payload are capped far below
FACTOR, SLACK = 20.0, 0.005  # a call may take FACTOR x json.loads(text) + SLACK seconds
ODD_KEYS = ["", " ", "a.b", "$ref", "__proto__", "type ", "\x00", "\ud800", "é" * 50, "k" * 300, "1", "from"]
ODD_STRINGS = ["", "\x00", "\ud800", "\udfff\ud800", "\ufeff", "\u2028", "é", "\U0001f600", "x" * 100_000, "\\", '"']
EXTREME_NUMBERS: list[Any] = [
    0,
    -0.0,
    0.0,
    1,
    -1,
    2**31,
    2**53 + 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**100,
    10**4000,
    -(10**4000),
    1e308,
    -1e308,
    5e-324,
    1.5,
    0.1,
    math.inf,
    -math.inf,
    math.nan,
    True,
    False,
]
TEXT_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "-0", "1E+2", "9" * 5000, "0.0000000000000001"]
NOT_JSON: list[Any] = [None, 0, 1.5, True, [], [{}], (), set(), b"", "", "null", "[]", 10**5000, object()]


@dataclass
class Target:
    """Something to fuzz: a parse function (text or dict) or a ``from_dict`` (dict only)."""

    name: str
    call: Callable[[Any], Any]
    error: type[Exception]
    seeds: list[Any]
    takes_text: bool
    use_json: Callable[[str], str] | None = None  # the package's switch of JSON library, for --differential


@dataclass
class Finding:
    target: str
    invariant: str
    detail: str
    data: Any
    case: int

    def signature(self) -> tuple[str, str, str]:
        return self.target.split(" ")[0], self.invariant, self.detail.split(":")[0]


@dataclass
class Stats:
    cases: int = 0
    accepted: int = 0
    findings: list[Finding] = field(default_factory=list)
    by_mutation: dict[str, int] = field(default_factory=dict)


# -- targets ----------------------------------------------------------------------------------------


def draw(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` instances of ``strategy``, the same on every run."""
    found: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def realtime_targets(drawn: int) -> list[Target]:
    """The committed package: both roots, and ``from_dict`` of event classes, strict and lenient."""
    package = import_fresh(ROOT / "generated", "realtime_events")
    spec = ROOT / "spec" / "realtime.yaml"
    roots = {"client_event": "RealtimeClientEvent", "server_event": "RealtimeServerEvent"}
    schemas = yaml.safe_load(spec.read_text())["components"]["schemas"]
    seeds: dict[str, list[Any]] = {"client": [], "server": []}
    for name, schema in schemas.items():
        for example in schema.get("examples", []):
            seeds["client" if name.startswith("RealtimeClientEvent") else "server"].append(example)
    if UPSTREAM.exists():
        upstream = yaml.load(UPSTREAM.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for name, schema in upstream["components"]["schemas"].items():
            text = (schema.get("x-oaiMeta") or {}).get("example")
            if isinstance(text, str) and name.startswith(("RealtimeClientEvent", "RealtimeServerEvent")):
                how, payload = read_example(text)
                if how != "invalid":
                    seeds["client" if "Client" in name else "server"].append(payload)
    definitions = definitions_of(spec, roots)
    instances = Instances(definitions)
    for side, root in (("client", "RealtimeClientEvent"), ("server", "RealtimeServerEvent")):
        seeds[side] += draw(instances.definition(f"#/components/schemas/{root}"), drawn)
    error = package.ValidationError
    targets = [
        Target(
            "realtime parse_client_event", package.parse_client_event, error, seeds["client"], True, package.use_json
        ),
        Target(
            "realtime parse_server_event", package.parse_server_event, error, seeds["server"], True, package.use_json
        ),
    ]
    for side, table in (("client", package.CLIENT_EVENT_TYPES), ("server", package.SERVER_EVENT_TYPES)):
        by_tag = {value.get("type"): value for value in seeds[side] if isinstance(value, dict)}
        for tag, cls in sorted(table.items()):
            if isinstance(cls, type) and tag in by_tag:
                for lenient in (False, True):
                    call = (lambda c, flag: lambda data: c.from_dict(data, lenient=flag))(cls, lenient)
                    name = f"realtime {cls.__name__}.from_dict(lenient={lenient})"
                    targets.append(Target(name, call, error, [by_tag[tag]], False, package.use_json))
    return targets


CONSTRUCTS = {  # fixture -> roots: the shapes the realtime spec lacks (recursion, typed maps, odd names)
    "recursive": {"event": "AnyEvent"},
    "additional_properties": {"event": "AnyEvent"},
    "keyword_names": {"event": "AnyEvent"},
    "primitive_unions": {"client_event": "AnyClientEvent"},
    "composite_discriminator": {"event": "AnyEvent"},
}


def construct_targets(directory: Path, drawn: int) -> list[Target]:
    targets = []
    for fixture, roots in CONSTRUCTS.items():
        spec = ROOT / "tests" / "fixtures" / "constructs" / f"{fixture}.yaml"
        package_name = f"fuzz_{fixture}"
        specs = [RootSpec(alias, schema, "client" not in alias) for alias, schema in roots.items()]
        write_package(generate(Options(str(spec), package_name, specs)).files, str(directory / package_name))
        package = import_fresh(directory, package_name)
        instances = Instances(definitions_of(spec, roots))
        for alias, schema in roots.items():
            parse = getattr(package, "parse_" + alias)
            seeds = draw(instances.definition(f"#/components/schemas/{schema}"), drawn)
            error = package.ValidationError
            targets.append(Target(f"{fixture} parse_{alias}", parse, error, seeds, True, package.use_json))
    return targets


# -- mutations of decoded JSON ------------------------------------------------------------------------


def places(value: Any, limit: int = 12, most: int = 500) -> list[tuple[Any, ...]]:
    """Paths to the parts of ``value``, down to ``limit`` levels and ``most`` paths (mutated values
    may nest deeply, or hold thousands of items)."""
    found: list[tuple[Any, ...]] = []
    pending: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while pending and len(found) < most:
        here, path = pending.pop()
        found.append(path)
        if len(path) < limit and isinstance(here, dict):
            pending += [(item, (*path, key)) for key, item in itertools.islice(here.items(), most)]
        elif len(path) < limit and isinstance(here, list):
            pending += [(item, (*path, index)) for index, item in enumerate(here[:most])]
    return found


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of ``value`` with the part at ``path`` replaced (``DROP`` removes it)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if not rest and new is DROP:
            copy.pop(head, None)
        else:
            copy[head] = replaced(value[head], rest, new)
        return copy
    copy = list(value)
    if not rest and new is DROP:
        del copy[head]
    else:
        copy[head] = replaced(value[head], rest, new)
    return copy


DROP = object()


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.random() < 0.5
    if choice == 2:
        return rng.choice(EXTREME_NUMBERS[:20])
    if choice == 3:
        return rng.randrange(-1000, 1000)
    if choice == 4:
        return rng.choice(ODD_STRINGS[:-3] + ["text", "response.done", "message", "audio"])
    if choice == 5:
        return rng.random() * 10
    if choice == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(ODD_KEYS + ["type", "id", "role"]): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def nested(rng: random.Random, levels: int) -> Any:
    value: Any = rng.choice([1, "x", None, [], {}])
    for _ in range(levels):
        value = [value] if rng.random() < 0.5 else {rng.choice(["a", "b c", ""]): value}
    return value


def small(value: Any) -> bool:
    """Is ``value`` cheap to repeat many times (short JSON, no integer of thousands of digits)?"""
    try:
        return len(json.dumps(value)) < 100
    except (TypeError, ValueError, RecursionError):
        return False


def mutate_value(rng: random.Random, value: Any, others: list[Any], fresh: bool = False) -> tuple[str, Any]:
    """One structure-aware change to decoded JSON: (what was done, the result). ``fresh``: ``value`` is
    an unmutated seed (small enough to nest in itself)."""
    spots = places(value)
    path = rng.choice(spots)
    here = get(value, path)
    kind = rng.choice(
        ["drop", "add", "retype", "cross", "number", "deep", "string", "key", "retype", "number", "add", "self", "wide"]
    )
    if kind == "drop" and path:
        return "drop key", replaced(value, path, DROP)
    if kind == "add" or (kind == "drop" and not path):
        containers = [p for p in spots if isinstance(get(value, p), dict)] or [()]
        where = rng.choice(containers)
        target = get(value, where)
        if not isinstance(target, dict):
            return "retype", replaced(value, where, random_json(rng))
        return "add key", replaced(value, where, {**target, rng.choice(ODD_KEYS): random_json(rng)})
    if kind == "cross" and others:
        donor = rng.choice(others)
        return "cross events", replaced(value, path, get(donor, rng.choice(places(donor))))
    if kind == "number":
        return "extreme number", replaced(value, path, rng.choice(EXTREME_NUMBERS))
    if kind == "deep":
        levels = rng.choice([50, 99, 100, 101, 150, 999, 1200])
        if isinstance(here, dict) and rng.random() < 0.5:
            return "deep nesting (extra)", replaced(value, path, {**here, "deep": nested(rng, levels)})
        return "deep nesting", replaced(value, path, nested(rng, levels))
    if kind == "string":
        return "odd string", replaced(value, path, rng.choice(ODD_STRINGS))
    if kind == "self" and fresh and path and len(json.dumps(value)) < 2_000:
        inner = value  # the payload inside itself, again and again: deep recursion in typed fields
        for _ in range(rng.choice([2, 30, 120, 250]) // len(path) + 1):
            inner = replaced(value, path, inner)  # grows by one copy of the payload each time
        return "self nesting", inner
    if kind == "wide" and rng.random() < 0.1 and small(here):
        many = rng.choice([1_000, 20_000])
        wide: Any = [here] * many if rng.random() < 0.5 else {f"k{i}": here for i in range(many)}
        return "wide value", replaced(value, path, wide)
    if kind == "key" and isinstance(here, dict):
        odd: Any = rng.choice([1, 1.5, None, True, (1, 2), 10**5000, float("nan")])
        return "non-string key", replaced(value, path, {**here, odd: random_json(rng)})
    return "retype", replaced(value, path, random_json(rng))


# -- mutations of JSON text ---------------------------------------------------------------------------


def mutate_text(rng: random.Random, text: str) -> tuple[str, str | bytes]:
    kind = rng.randrange(10)
    if kind == 0:  # a number token JSON does not have, or one at the edge of what it has
        token = rng.choice(TEXT_NUMBERS)
        spots = [i for i, c in enumerate(text) if c == ":"]
        if spots:
            at = rng.choice(spots) + 1
            end = at
            while end < len(text) and text[end] not in ",}]":
                end += 1
            if text[at:end].strip()[:1] not in ('"', "{", "["):
                return f"number token {token[:12]}", text[:at] + " " + token + text[end:]
        return f"number token {token[:12]}", text[:-1] + f', "n": {token}}}' if text.endswith("}") else token
    if kind == 1 and text.startswith("{") and len(text) > 2:  # a duplicate key: the last one counts
        first_key = text[1 : text.index(":")] if ":" in text else '"type"'
        return "duplicate key", "{" + first_key + ': "dup", ' + text[1:]
    if kind == 2:
        levels = rng.choice([99, 100, 101, 1000, 100_000])
        if rng.random() < 0.5 or not text.endswith("}"):
            return "deep brackets (top)", "[" * levels + "]" * levels
        return "deep brackets (extra)", text[:-1] + ', "deep": ' + "[" * levels + "]" * levels + "}"
    if kind == 3:
        return "BOM", ("\ufeff" + text).encode("utf-8", "surrogatepass") if rng.random() < 0.5 else "\ufeff" + text
    if kind == 4:
        raw = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randrange(1, 4)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.choice([0xFF, 0xC0, 0x80, 0xED, 0x00, 0x22, 0x5C, 0x7B])
        return "bad bytes", bytes(raw)
    if kind == 5:
        return "utf-16", text.encode("utf-16", "surrogatepass")
    if kind == 6:
        return "truncated", text[: rng.randrange(len(text) + 1)]
    if kind == 7:
        return "whitespace", " \n\t" + text + "\r\n "
    if kind == 8:
        return "lone surrogate escape", text.replace('"', '"\\ud800', 1)
    return "utf-32", codecs.BOM_UTF32_LE + text.encode("utf-32-le", "surrogatepass")


# -- one case -----------------------------------------------------------------------------------------


def make_case(rng: random.Random, target: Target) -> tuple[list[str], Any]:
    """(mutations, input) for one case."""
    if rng.random() < 0.03:
        return ["not JSON"], rng.choice(NOT_JSON)
    seed = rng.choice(target.seeds)
    done: list[str] = []
    value = seed
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        what, value = mutate_value(rng, value, target.seeds, fresh=value is seed)
        done.append(what)
    if not target.takes_text or rng.random() < 0.25:
        return done, value
    try:
        text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    except (TypeError, ValueError, RecursionError):  # non-string keys, or deeper than json.dumps goes
        return done, value
    if rng.random() < 0.5:
        what, data = mutate_text(rng, text)
        done.append(what)
    else:
        data = text
    wrap = rng.randrange(8)
    if isinstance(data, str) and wrap == 0:
        data = data.encode("utf-8", "surrogatepass")
    elif isinstance(data, str) and wrap == 1:
        data = bytearray(data.encode("utf-8", "surrogatepass"))
    elif isinstance(data, str) and wrap == 2:
        data = memoryview(data.encode("utf-8", "surrogatepass"))
    return done, data


def expected_json(data: Any) -> tuple[bool, Any]:
    """What an accepted input must round-trip to: (known, value)."""
    if isinstance(data, (str, bytes, bytearray, memoryview)):
        try:
            return True, json.loads(bytes(data) if isinstance(data, memoryview) else data)
        except (ValueError, RecursionError):
            return False, None
    return True, data


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, allow_nan=True)


ACCEPTED = ("", "")  # check()'s answer for an input that was accepted and round-tripped


def check(target: Target, data: Any, timing: bool, names: list[str] | None = None) -> tuple[str, str] | None:
    """Run one case: (invariant, detail) when it breaks one, ``ACCEPTED`` or None (rejected) when not.
    ``names``: JSON libraries whose outcomes must all be the standard library's (the differential part)."""
    if names and len(names) > 1:
        broken = differs(target, data, names)
        if broken:
            return broken
    started = time.perf_counter()
    try:
        result = target.call(data)
    except target.error as error:
        elapsed = time.perf_counter() - started
        try:
            text, path = str(error), error.path  # type: ignore[attr-defined]
        except Exception as exc:  # the finding is that it raised
            return "error message", f"str(error) or error.path raised {type(exc).__name__}: {exc}"
        if not isinstance(path, str) or not path.startswith("$") or not text.startswith(path):
            return "error message", f"odd path {path!r} for {text[:200]!r}"
        if len(text) > MAX_MESSAGE:
            return "error message", f"message of {len(text)} characters: {text[:200]!r}..."
        verdict = None
    except RecursionError:
        return "only ValidationError", "RecursionError"
    except Exception as exc:  # anything else is what the fuzzer looks for
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return "only ValidationError", f"{type(exc).__name__}: {str(exc)[:200]} (at {frame.name}:{frame.lineno})"
    else:
        elapsed = time.perf_counter() - started
        known, expected = expected_json(data)
        try:
            back = result.to_dict()
            same = not known or canonical(back) == canonical(expected)
        except Exception as exc:
            return "round trip", f"to_dict or json.dumps raised {type(exc).__name__}: {str(exc)[:200]}"
        if not same:
            return "round trip", f"to_dict() differs from the input: {canonical(back)[:300]}"
        verdict = ACCEPTED
    if timing and elapsed > SLACK:
        return slow(target, data, elapsed) or verdict
    return verdict


def slow(target: Target, data: Any, elapsed: float) -> tuple[str, str] | None:
    """Is a call that took ``elapsed`` slower than json.loads of the same text allows? (repeated)"""
    if isinstance(data, memoryview):
        data = bytes(data)
    try:  # a dict's baseline: its JSON text (keys JSON cannot have left out)
        text = data if isinstance(data, (str, bytes, bytearray)) else json.dumps(data, skipkeys=True)
    except (TypeError, ValueError, RecursionError):
        text = "null"  # deeper than json.dumps goes: the constant alone
    if elapsed <= FACTOR * best_of(lambda: json.loads(text), repeat=1) + SLACK:
        return None
    baseline = best_of(lambda: json.loads(text))  # confirm, on the best of a few runs
    ours = min(elapsed, best_of(lambda: target.call(data)))
    if ours > FACTOR * baseline + SLACK:
        return "time", f"{ours * 1e3:.1f} ms, json.loads {baseline * 1e3:.2f} ms"
    return None


def best_of(call: Callable[[], Any], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(Exception):  # only the time matters here
            call()
        best = min(best, time.perf_counter() - started)
    return best


# -- the JSON libraries ----------------------------------------------------------------------------


def libraries() -> list[str]:
    """The JSON libraries a generated package can use here: the standard library, and msgspec and
    orjson when installed."""
    found = ["json"]
    for name in ("msgspec", "orjson"):
        with contextlib.suppress(ImportError):
            __import__(name)
            found.append(name)
    return found


def outcome(target: Target, data: Any) -> tuple[Any, ...]:
    """What a call makes of ``data``: the object's to_dict and to_json, or the error's message and path."""
    try:
        result = target.call(data)
    except target.error as error:
        return "rejected", str(error), error.path  # type: ignore[attr-defined]
    except Exception as exc:  # the plain invariants report it
        return "raised", type(exc).__name__
    try:
        written = result.to_json()
    except Exception as exc:
        written = f"to_json raised {type(exc).__name__}"
    try:
        back = canonical(result.to_dict())
    except Exception as exc:  # the plain invariants report it
        back = f"to_dict raised {type(exc).__name__}"
    return "accepted", back, written


def reference_json(value: Any) -> bytes:
    """The bytes to_json() must write, by the standard library: json.dumps compact, keys in order, UTF-8, NaN
    and the infinities as null, a lone surrogate as a \\u escape; a float below 1e-4 written as orjson
    writes it (``0.000015`` from 1e-5 up, ``1.5e-7`` below) where repr writes ``1.5e-05``."""
    small: list[str] = []

    def prepared(item: Any) -> Any:
        if isinstance(item, float) and not math.isfinite(item):
            return None
        if isinstance(item, float) and "e-" in repr(item):
            mantissa, exponent = repr(abs(item)).split("e-")
            sign = "-" if item < 0 else ""
            digits = "0.0000" + mantissa.replace(".", "") if int(exponent) == 5 else f"{mantissa}e-{int(exponent)}"
            small.append(sign + digits)
            return f"\x00{len(small) - 1}\x00"
        if isinstance(item, dict):
            return {key: prepared(inner) for key, inner in item.items()}
        if isinstance(item, (list, tuple)):
            return [prepared(inner) for inner in item]
        return item

    text = json.dumps(prepared(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for index, written in enumerate(small):
        text = text.replace(f'"\\u0000{index}\\u0000"', written, 1)
    return text.encode("utf-8", "backslashreplace")


def differs(target: Target, data: Any, names: list[str]) -> tuple[str, str] | None:
    """Does any JSON library give another outcome than the standard library's? (invariant, detail)"""
    if target.use_json is None:
        return None
    switch = target.use_json
    try:
        switch("json")
        expected = outcome(target, data)
        for name in names[1:]:
            switch(name)
            got = outcome(target, data)
            if got != expected:
                return "same with every JSON library", f"{name}: {str(got)[:200]} / json: {str(expected)[:200]}"
    finally:
        switch("auto")
    if expected[0] == "accepted":
        try:
            reference = reference_json(target.call(data).to_dict())
        except (ValueError, TypeError, RecursionError) as exc:
            reference = f"to_json raised {type(exc).__name__}"  # type: ignore[assignment]
        if expected[2] != reference:
            return "to_json", f"{str(expected[2])[:200]} / the standard library: {str(reference)[:200]}"
    return None


# -- shrinking ----------------------------------------------------------------------------------------


def smaller(data: Any) -> Iterator[Any]:
    """Candidates simpler than ``data``, simplest first; JSON text is shrunk as the value it holds."""
    if isinstance(data, (bytes, bytearray, memoryview, str)):
        text = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = DROP
        if value is not DROP:
            encode = (lambda t: t) if isinstance(text, str) else (lambda t: t.encode("utf-8", "surrogatepass"))
            for simpler in smaller(value):
                with contextlib.suppress(ValueError, RecursionError):
                    yield encode(json.dumps(simpler))
        if isinstance(text, bytes):
            with contextlib.suppress(UnicodeDecodeError):
                yield text.decode("utf-8")
        yield from smaller_sequence(text)
    elif isinstance(data, dict):
        for key in list(data):
            yield {k: v for k, v in data.items() if k != key}
        for key, value in data.items():
            for simpler in smaller(value):
                yield {**data, key: simpler}
    elif isinstance(data, list):
        for index in range(len(data)):
            yield data[:index] + data[index + 1 :]
        for index, value in enumerate(data):
            for simpler in smaller(value):
                yield [*data[:index], simpler, *data[index + 1 :]]


def smaller_sequence(data: Any) -> Iterator[Any]:
    size = len(data)
    chunk = size // 2
    while chunk >= 1:
        for start in range(0, size, chunk):
            yield data[:start] + data[start + chunk :]
        chunk //= 2


def shrink(target: Target, data: Any, invariant: str, budget: int = 2000, names: list[str] | None = None) -> Any:
    """The smallest input found that still breaks the same invariant (timing not rechecked)."""
    attempts = 0
    improved = True
    while improved and attempts < budget:
        improved = False
        for candidate in smaller(data):
            attempts += 1
            if attempts >= budget:
                break
            broken = check(target, candidate, timing=invariant == "time", names=names)
            if broken and broken is not ACCEPTED and broken[0] == invariant:
                data = candidate
                improved = True
                break
    return data


def reproducer(data: Any) -> str:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # a reproducer may hold an integer of thousands of digits
    try:
        text = repr(data)
    finally:
        sys.set_int_max_str_digits(limit)
    return text if len(text) <= 600 else text[:300] + f" ... ({len(text):,} characters) ... " + text[-200:]


# -- the run ------------------------------------------------------------------------------------------


def run(
    targets: list[Target],
    cases: int,
    seed: int,
    timing: bool,
    report: Callable[[str], None],
    names: list[str] | None = None,
) -> Stats:
    """``names``: JSON libraries to compare on every case (see ``differs``)."""
    rng = random.Random(seed)
    stats = Stats()
    seen: set[tuple[str, str, str]] = set()
    started = time.perf_counter()
    parsers = [t for t in targets if t.takes_text]
    others = [t for t in targets if not t.takes_text] or parsers
    for number in range(cases):
        target = rng.choice(parsers if rng.random() < 0.7 else others)  # the entry points most of the time
        done, data = make_case(rng, target)
        for what in done:
            stats.by_mutation[what.split(" ")[0]] = stats.by_mutation.get(what.split(" ")[0], 0) + 1
        broken = check(target, data, timing, names)
        stats.cases += 1
        if broken is ACCEPTED:
            stats.accepted += 1
            broken = None
        if number and number % 100_000 == 0:
            elapsed = time.perf_counter() - started
            report(f"{number:,} cases, {number / elapsed:,.0f}/s, {len(stats.findings)} findings")
        if broken is None:
            continue
        finding = Finding(target.name, broken[0], broken[1], data, number)
        if finding.signature() in seen:
            continue
        seen.add(finding.signature())
        finding.data = shrink(target, data, broken[0], budget=100 if broken[0] == "time" else 2000, names=names)
        stats.findings.append(finding)
        report(
            f"finding {len(stats.findings)} (case {number}, {', '.join(done)}): {target.name}: "
            f"{finding.invariant}: {finding.detail}\n  reproducer: {reproducer(finding.data)}"
        )
    return stats


def all_targets(drawn: int, directory: Path) -> list[Target]:
    return realtime_targets(drawn) + construct_targets(directory, drawn // 4)


def worker(job: tuple[int, int, int, bool, list[str]]) -> tuple[int, int, int, dict[str, int], float]:
    """One process's share of the run: (cases, accepted, findings, mutations, seconds)."""
    cases, seed, drawn, timing, names = job
    with tempfile.TemporaryDirectory(prefix="eventgen-fuzz-") as tmp:
        targets = all_targets(drawn, Path(tmp))
        started = time.perf_counter()
        say = lambda line: print(f"[seed {seed}] {line}", flush=True)  # noqa: E731
        stats = run(targets, cases, seed, timing, say, names)
        elapsed = time.perf_counter() - started
    return stats.cases, stats.accepted, len(stats.findings), stats.by_mutation, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "1")))
    parser.add_argument("--drawn", type=int, default=200, help="hypothesis instances drawn per root as seeds")
    parser.add_argument("--timing", action="store_true", help="also report calls slower than json.loads allows")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes, each with its own seed")
    parser.add_argument(
        "--libraries",
        default=",".join(libraries()),
        help="JSON libraries every case goes through, outcomes compared (default: json and those installed)",
    )
    args = parser.parse_args(argv)
    names = [name for name in args.libraries.split(",") if name]
    shares = [args.cases // args.jobs + (1 if i < args.cases % args.jobs else 0) for i in range(args.jobs)]
    jobs = [(share, args.seed * 1000 + i, args.drawn, args.timing, names) for i, share in enumerate(shares)]
    seeds = [job[1] for job in jobs]
    print(f"fuzz: {args.cases:,} cases in {args.jobs} processes (seeds {seeds}), each through {names}", flush=True)
    began = time.perf_counter()
    if args.jobs == 1:
        results = [worker(jobs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(worker, jobs)
    wall = time.perf_counter() - began
    cases = sum(r[0] for r in results)
    accepted = sum(r[1] for r in results)
    findings = sum(r[2] for r in results)
    busy = sum(r[4] for r in results)
    mix: dict[str, int] = {}
    for result in results:
        for name, count in result[3].items():
            mix[name] = mix.get(name, 0) + count
    shown = ", ".join(f"{k} {v:,}" for k, v in sorted(mix.items(), key=lambda kv: -kv[1]))
    print(
        f"fuzz: {cases:,} cases in {wall:.1f} s wall ({cases / wall:,.0f} cases/s; {cases / busy * len(results):,.0f}"
        f"/s fuzzing alone), {accepted:,} accepted, {findings} findings\n  mutations: {shown}"
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
