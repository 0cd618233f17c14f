#!/usr/bin/env python3
"""eventgen benchmark: parse, serialise, generate, import and memory, against the openai SDK's models,
pydantic and datamodel-code-generator. Run from the repository root:

    .venv/bin/python bench/run.py            # full run (~2 minutes), what `make bench` does
    .venv/bin/python bench/run.py --quick    # fewer rounds and events (~30 s)

Prints one table per figure and writes bench/results/results.json and bench/results/bench.png.
Every number in a table comes from the same run. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import contenders as C  # noqa: E402
import corpus  # noqa: E402
import validate_bench  # noqa: E402
from measure import (  # noqa: E402
    Contender,
    Timing,
    fmt_num,
    fmt_ratio,
    retained_bytes,
    table,
    time_contenders,
    time_import,
    time_process,
)

DEFAULT_SPEC = ROOT.parent / "shared" / "upstream" / "openai-openapi.yaml"
OUR_SPEC = ROOT / "spec" / "realtime.yaml"
COMMITTED = ROOT / "generated"
ROOTS = ("RealtimeClientEvent", "RealtimeServerEvent")
UPSTREAM_PACKAGE = "realtime_events_upstream"  # generated at bench time; named apart from the committed one
VERSIONED = (
    "eventgen",
    "openai",
    "pydantic",
    "pydantic-core",
    "datamodel-code-generator",
    "orjson",
    "msgspec",
    "matplotlib",
    "ruff",
    "black",
    "isort",
    "PyYAML",
    "Jinja2",
)


@dataclass
class Settings:
    rounds: int
    round_seconds: float
    stream_events: int
    gen_repeats: int
    import_runs: int


FULL = Settings(rounds=7, round_seconds=0.15, stream_events=2000, gen_repeats=3, import_runs=10)
QUICK = Settings(rounds=3, round_seconds=0.03, stream_events=500, gen_repeats=1, import_runs=3)
FIGURES = ("parse", "serialise", "generate", "import", "memory", "handlers", "validate")
VALIDATE_EVENTS = {"full": 200_000, "quick": 20_000}  # the capture for the validate figure (and twice that)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def say(text: str = "") -> None:
    print(text, flush=True)


def tool(name: str) -> str:
    """A console script of the interpreter running this file (the project's venv)."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            raise SystemExit(f"bench: {name} not found next to {sys.executable} nor on PATH")
        return found
    return str(path)


def eventgen_argv(spec: str, out: str, package: str = "realtime_events", formatter: str = "ruff") -> list[str]:
    return [
        tool("eventgen"),
        "generate",
        "--spec",
        spec,
        "--root",
        "client_event=RealtimeClientEvent",
        "--root",
        "server_event=RealtimeServerEvent",
        "--package",
        package,
        "--out",
        out,
        "--formatter",
        formatter,
        "--quiet",
    ]


# --------------------------------------------------------------------------------------------
# Figure 1: parse
# --------------------------------------------------------------------------------------------


def guarded(validate: Callable[[bytes], Any], error: type[Exception]) -> Callable[[bytes], Any]:
    """``validate``, with its rejection (an exception) counted as a result, so a run goes on."""

    def run(payload: bytes) -> Any:
        try:
            return validate(payload)
        except error:
            return None

    return run


def figure_parse(ctx: dict[str, Any], name: str, payloads: list[bytes], s: Settings) -> dict[str, Any]:
    import msgspec
    import msgspec_models
    import orjson

    up, ours, oa, pyd = ctx["up"], ctx["ours"], ctx["openai"], ctx["pydantic"]
    n = len(payloads)
    typed = sum(not isinstance(msgspec_models.decode(p), dict) for p in payloads)
    smart = C.pydantic_rejections(pyd.smart_json, pyd.error, payloads)
    tagged = C.pydantic_rejections(pyd.tagged_json, pyd.error, payloads)
    up_parse = up.parse_server_event
    orjson_loads = orjson.loads

    def eventgen_orjson(payload: bytes) -> Any:
        return up_parse(orjson_loads(payload))

    scan_once = json.JSONDecoder().scan_once

    def c_scanner(payload: bytes) -> Any:
        return scan_once(payload.decode(), 0)[0]

    def rejected(check: C.Check) -> str:
        return f"rejects {check.failed}/{n} (error path timed)" if check.failed else ""

    rows = [
        Contender("json.loads (decode only: the baseline)", json.loads, key="json_loads"),
        Contender("eventgen parse_server_event (upstream spec)", up_parse, key="eventgen", note="standard library"),
        Contender(
            "eventgen parse_server_event, orjson installed",
            ctx["up_with"]["orjson"].parse_server_event,
            key="eventgen_with_orjson",
            note="use_json('orjson')",
        ),
        Contender(
            "eventgen parse_server_event, msgspec installed",
            ctx["up_with"]["msgspec"].parse_server_event,
            key="eventgen_with_msgspec",
            note="use_json('msgspec'), what 'auto' picks",
        ),
    ]
    if ctx["committed_ok"][name]:
        rows.append(
            Contender(
                "eventgen parse_server_event (committed, our spec)", ours.parse_server_event, key="eventgen_committed"
            )
        )
    skipped = f", {len(oa.skipped_variants)} skipped" if oa.skipped_variants else ""
    rows += [
        Contender(
            "openai SDK: construct_type_unchecked(json.loads(frame))",
            oa.parse,
            key="openai_construct",
            note="RealtimeConnection.recv() path; validates nothing",
        ),
        Contender(
            "pydantic TypeAdapter(RealtimeServerEvent).validate_json",
            guarded(pyd.smart_json, pyd.error),
            key="pydantic_union",
            note=rejected(smart) or "openai types; smart union (no discriminator)",
        ),
        Contender(
            "pydantic discriminated union .validate_json",
            guarded(pyd.tagged_json, pyd.error),
            key="pydantic_tagged",
            note=rejected(tagged) or f"Field(discriminator='type'), {len(oa.variants)} variants{skipped}",
        ),
        Contender(
            "json C scanner alone: scan_once(frame.decode(), 0)",
            c_scanner,
            key="json_scan_once",
            note="for reference: json.loads minus its Python wrapper",
        ),
        Contender(
            "msgspec typed Decoder (hand-written Structs)",
            msgspec_models.decode,
            key="msgspec_typed",
            note=f"{typed}/{n} events typed (10 structs); the rest to dict",
        ),
        Contender("msgspec.json.decode (decode only)", msgspec.json.decode, key="msgspec_loads", note="for reference"),
        Contender("orjson.loads (decode only)", orjson_loads, key="orjson_loads", note="for reference"),
        Contender(
            "eventgen parse_server_event(orjson.loads(frame))",
            eventgen_orjson,
            key="eventgen_orjson",
            note="for reference",
        ),
    ]
    log(f"parse / {name}: {len(rows)} rows x {s.rounds} rounds")
    timings = time_contenders(rows, payloads, s.rounds, s.round_seconds)
    title = f"Figure 1 - Parse, bytes -> typed event: {ctx['corpus_titles'][name]}"
    say(parse_table(title, timings, s))
    say()
    result: dict[str, Any] = {
        "corpus": name,
        "events": n,
        "rows": [timing_row(t, timings[0].per_item_ns) for t in timings],
        "pydantic_rejections": {"union": vars(smart), "discriminated": vars(tagged)},
    }
    if smart.failed or tagged.failed:
        # pydantic's error path (building a ValidationError) costs several times a success: time the
        # payloads every contender accepts as well, so that the pydantic rows are also seen without it.
        accepted = [
            p for p in payloads if _accepts(pyd.smart_json, pyd.error, p) and _accepts(pyd.tagged_json, pyd.error, p)
        ]
        keep = {"json_loads", "eventgen", "openai_construct", "pydantic_union", "pydantic_tagged"}
        subset = [Contender(c.name, c.fn, "", c.key) for c in rows if c.key in keep]
        log(f"parse / {name}, accepted only: {len(subset)} rows x {s.rounds} rounds")
        timings = time_contenders(subset, accepted, s.rounds, s.round_seconds)
        title = (
            f"Figure 1b - Parse, the same without pydantic's error path: the {len(accepted)} of {n} "
            f"{name} events that pydantic accepts"
        )
        say(parse_table(title, timings, s))
        say()
        result["accepted_only"] = {
            "events": len(accepted),
            "rows": [timing_row(t, timings[0].per_item_ns) for t in timings],
        }
    return result


def parse_table(title: str, timings: list[Timing], s: Settings) -> str:
    first = timings[0].per_item_ns
    body = [
        [
            t.name,
            fmt_num(t.per_item_ns / 1000),
            fmt_num(t.per_second),
            fmt_ratio(t.per_item_ns / first),
            f"{t.spread * 100:.0f}%",
            t.note,
        ]
        for t in timings
    ]
    return table(
        title,
        ["parser", "us/event", "events/s", "vs first", "spread", "note"],
        body,
        notes=[
            f"median of {s.rounds} interleaved rounds, gc disabled inside timed loops; "
            "spread = (max-min)/median over the rounds"
        ],
    )


def timing_row(t: Timing, first: float) -> dict[str, Any]:
    return {
        "key": t.key,
        "name": t.name,
        "note": t.note,
        "us_per_event": round(t.per_item_ns / 1000, 4),
        "events_per_s": round(t.per_second, 1),
        "ratio_to_first": round(t.per_item_ns / first, 4),
        "min_us_per_event": round(min(t.rounds_ns) / 1000, 4),
        "rounds_us": [round(x / 1000, 4) for x in t.rounds_ns],
        "passes_per_round": t.passes,
    }


# --------------------------------------------------------------------------------------------
# Figure 2: serialise
# --------------------------------------------------------------------------------------------


def figure_serialise(ctx: dict[str, Any], name: str, payloads: list[bytes], s: Settings) -> dict[str, Any]:
    import msgspec
    import msgspec_models
    import orjson

    up, oa = ctx["up"], ctx["openai"]
    n = len(payloads)
    dicts = [json.loads(p) for p in payloads]
    ours = [up.parse_server_event(p) for p in payloads]
    fast = ctx["up_with"]["orjson"]
    ours_fast = [fast.parse_server_event(p) for p in payloads]
    structs = [msgspec_models.decode(p) for p in payloads]
    msgspec_encode = msgspec.json.encode
    theirs = [oa.parse(p) for p in payloads]
    dumps, orjson_dumps = json.dumps, orjson.dumps

    def ours_json(event: Any) -> str:
        return dumps(event.to_dict())

    def ours_orjson(event: Any) -> bytes:
        return orjson_dumps(event.to_dict())

    def ours_dict(event: Any) -> Any:
        return event.to_dict()

    def ours_to_json(event: Any) -> bytes:
        return event.to_json()

    def model_dump_json(event: Any) -> str:
        return event.model_dump_json()

    def to_json(event: Any) -> str:
        return event.to_json()

    rows = [
        Contender("json.dumps(decoded dict) (the baseline)", dumps, key="json_dumps", items=dicts),
        Contender("eventgen json.dumps(event.to_dict())", ours_json, key="eventgen", items=ours),
        Contender(
            "eventgen event.to_json(), standard library",
            ours_to_json,
            key="eventgen_to_json",
            items=ours,
            note="compact UTF-8 bytes",
        ),
        Contender(
            "eventgen event.to_json(), orjson installed",
            ours_to_json,
            key="eventgen_to_json_orjson",
            items=ours_fast,
            note="the same bytes",
        ),
        Contender(
            "msgspec.json.encode(struct)",
            msgspec_encode,
            key="msgspec_encode",
            items=structs,
            note="objects of the typed msgspec row (fig. 1); omit_defaults",
        ),
        Contender("openai model.model_dump_json()", model_dump_json, key="openai_model_dump_json", items=theirs),
        Contender(
            "openai model.to_json()",
            to_json,
            key="openai_to_json",
            items=theirs,
            note="indent=2, exclude_unset, API names",
        ),
        Contender(
            "eventgen event.to_dict() alone", ours_dict, key="eventgen_to_dict", items=ours, note="for reference"
        ),
        Contender(
            "eventgen orjson.dumps(event.to_dict())",
            ours_orjson,
            key="eventgen_orjson",
            items=ours,
            note="for reference",
        ),
    ]
    exact = {
        "json_dumps": C.round_trips(dumps, dicts, dicts),
        "eventgen": C.round_trips(ours_json, ours, dicts),
        "eventgen_to_json": C.round_trips(ours_to_json, ours, dicts),
        "eventgen_to_json_orjson": C.round_trips(ours_to_json, ours_fast, dicts),
        "msgspec_encode": C.round_trips(msgspec_encode, structs, dicts),
        "openai_model_dump_json": C.round_trips(model_dump_json, theirs, dicts),
        "openai_to_json": C.round_trips(to_json, theirs, dicts),
        "eventgen_to_dict": C.round_trips(lambda e: dumps(e.to_dict()), ours, dicts),
        "eventgen_orjson": C.round_trips(ours_orjson, ours, dicts),
    }
    log(f"serialise / {name}: {len(rows)} rows x {s.rounds} rounds")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for obj in theirs:
            obj.model_dump_json()
    warned = len(caught)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic's serializer warnings (see the note), not printed
        timings = time_contenders(rows, dicts, s.rounds, s.round_seconds)
    first = timings[0].per_item_ns
    body = [
        [
            t.name,
            fmt_num(t.per_item_ns / 1000),
            fmt_num(t.per_second),
            fmt_ratio(t.per_item_ns / first),
            f"{exact[t.key]}/{n}",
            f"{t.spread * 100:.0f}%",
            t.note,
        ]
        for t in timings
    ]
    notes = [
        f"median of {s.rounds} interleaved rounds, gc disabled; 'exact' = json.loads(output) == the "
        "payload it was parsed from; openai objects come from the SDK's parse path"
    ]
    if warned:
        notes.append(
            f"pydantic printed {warned} PydanticSerializationUnexpectedValue warning(s) for this corpus "
            "(objects the SDK built without validation); ignored while timing"
        )
    title = f"Figure 2 - Serialise, event object -> JSON text: {ctx['corpus_titles'][name]}"
    say(table(title, ["serialiser", "us/event", "events/s", "vs first", "exact", "spread", "note"], body, notes))
    say()
    rows_out = [timing_row(t, first) | {"exact_round_trip": exact[t.key]} for t in timings]
    return {"corpus": name, "events": n, "rows": rows_out, "openai_serializer_warnings": warned}


# --------------------------------------------------------------------------------------------
# Figure 3: generate
# --------------------------------------------------------------------------------------------


def py_size(path: Path) -> tuple[int, int]:
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    return len(files), sum(f.stat().st_size for f in files)


def imports_ok(module: str, pythonpath: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True)
    if proc.returncode == 0:
        return "yes"
    return "no: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:80]


def figure_generate(ctx: dict[str, Any], s: Settings, dmcg_full: bool) -> dict[str, Any]:
    work: Path = ctx["tmp"] / "generate"
    subset, upstream = str(ctx["subset"]), str(ctx["spec"])
    dmcg = tool("datamodel-codegen")

    def eventgen_job(key: str, spec: str) -> tuple[Callable[[int], list[str]], Callable[[int], Path], str]:
        return (
            (lambda i: eventgen_argv(spec, str(work / key / str(i)))),
            (lambda i: work / key / str(i) / "realtime_events"),
            "realtime_events",
        )

    def dmcg_job(key: str, spec: str, kind: str) -> tuple[Callable[[int], list[str]], Callable[[int], Path], str]:
        def argv(i: int) -> list[str]:
            (work / key / str(i)).mkdir(parents=True, exist_ok=True)
            return [
                dmcg,
                "--input",
                spec,
                "--input-file-type",
                "openapi",
                "--output-model-type",
                kind,
                "--output",
                str(work / key / str(i) / "models_out.py"),
            ]

        return argv, (lambda i: work / key / str(i) / "models_out.py"), "models_out"

    subset_note = f"realtime subset ({ctx['subset_schemas']} schemas)"
    jobs = [
        ("eventgen", "eventgen (--formatter ruff)", subset_note, eventgen_job("eventgen", subset)),
        (
            "dmcg_dataclass",
            "datamodel-codegen dataclasses.dataclass",
            subset_note,
            dmcg_job("dmcg_dataclass", subset, "dataclasses.dataclass"),
        ),
        (
            "dmcg_pydantic",
            "datamodel-codegen pydantic_v2.BaseModel",
            subset_note,
            dmcg_job("dmcg_pydantic", subset, "pydantic_v2.BaseModel"),
        ),
        (
            "eventgen_full",
            "eventgen (--formatter ruff)",
            "full upstream spec (3 MB), same roots",
            eventgen_job("eventgen_full", upstream),
        ),
        (
            "eventgen_ours",
            "eventgen (--formatter ruff)",
            "our spec/realtime.yaml",
            eventgen_job("eventgen_ours", str(OUR_SPEC)),
        ),
    ]
    if dmcg_full:
        jobs.append(
            (
                "dmcg_pydantic_full",
                "datamodel-codegen pydantic_v2.BaseModel",
                "full upstream spec (all 1,400+ schemas: no roots option)",
                dmcg_job("dmcg_pydantic_full", upstream, "pydantic_v2.BaseModel"),
            )
        )
    results = []
    for key, name, source, (argv, output, module) in jobs:
        log(f"generate: {key} x {s.gen_repeats}")
        median, runs, _ = time_process(argv, s.gen_repeats, cwd=str(ctx["tmp"]))
        out = output(0)
        files, size = py_size(out)
        importable = imports_ok(module, out.parent)
        results.append(
            {
                "key": key,
                "name": name,
                "input": source,
                "median_s": round(median, 4),
                "runs_s": [round(r, 4) for r in runs],
                "files": files,
                "bytes": size,
                "imports": importable,
            }
        )
    first = results[0]["median_s"]
    for row in results:
        row["ratio_to_first"] = round(row["median_s"] / first, 4)
    body = [
        [
            r["name"],
            r["input"],
            fmt_num(r["median_s"]),
            fmt_ratio(r["ratio_to_first"]),
            f"{r['files']} / {r['bytes'] / 1024:,.0f} KB",
            r["imports"],
        ]
        for r in results
    ]
    say(
        table(
            "Figure 3 - Generate: whole process, start to formatted files on disk",
            ["generator", "input", "seconds", "vs first", "files / size", "imports"],
            body,
            notes=[
                f"median of {s.gen_repeats} runs each, every run into a fresh directory; "
                "datamodel-codegen formats with its defaults (black + isort), eventgen with ruff",
                "datamodel-codegen has no option to start from roots: on the full spec it would generate "
                "every schema, so it is timed on the subset (`eventgen subset`) only"
                + ("" if dmcg_full else " (add --dmcg-full for that run)"),
            ],
        )
    )
    say()
    return {"rows": results, "repeats": s.gen_repeats}


# --------------------------------------------------------------------------------------------
# Figure 4: import
# --------------------------------------------------------------------------------------------


def figure_handlers(ctx: dict[str, Any], name: str, payloads: list[bytes], s: Settings) -> dict[str, Any]:
    """What a generated handler class adds to parsing: ``handle(frame)`` (parse, then dispatch to the
    method of the event's class) against ``parse_server_event(frame)`` alone."""
    up = ctx["up"]
    handlers = importlib.import_module(f"{UPSTREAM_PACKAGE}.handlers")

    class Overrides(handlers.ServerEventHandler):  # type: ignore[misc,name-defined]
        def on_response_output_audio_delta(self, event: Any) -> None:
            pass

        def on_response_output_text_delta(self, event: Any) -> None:
            pass

        def on_event(self, event: Any) -> None:
            pass

    handler = Overrides()
    events = [up.parse_server_event(p) for p in payloads]
    rows = [
        Contender("parse_server_event(frame) alone", up.parse_server_event, key="parse"),
        Contender("handler.handle(frame): parse, then dispatch", handler.handle, key="handle"),
    ]
    log(f"handlers / {name}: {len(rows)} rows x {s.rounds} rounds")
    timings = time_contenders(rows, payloads, s.rounds, s.round_seconds)
    dispatch = time_contenders(
        [Contender("handler.dispatch(event) on parsed events", handler.dispatch, key="dispatch")],
        events,
        s.rounds,
        s.round_seconds,
    )
    overhead = timings[1].per_item_ns - timings[0].per_item_ns
    title = f"Figure 6 - Handler dispatch: {ctx['corpus_titles'][name]}"
    say(parse_table(title, [*timings, *dispatch], s))
    say(
        f"  dispatch costs {dispatch[0].per_item_ns:,.0f} ns per event, the method call included "
        f"(handle() minus parse alone: {overhead:,.0f} ns, within the rounds' spread)"
    )
    say()
    rows_out = [timing_row(t, timings[0].per_item_ns) for t in [*timings, *dispatch]]
    return {
        "corpus": name,
        "rows": rows_out,
        "dispatch_ns": round(dispatch[0].per_item_ns, 1),
        "handle_minus_parse_ns": round(overhead, 1),
    }


def figure_import(ctx: dict[str, Any], s: Settings) -> dict[str, Any]:
    jobs = [
        ("eventgen", f"import {UPSTREAM_PACKAGE}", UPSTREAM_PACKAGE, str(ctx["up_dir"]), "generated from upstream"),
        ("eventgen_committed", "import realtime_events", "realtime_events", str(COMMITTED), "committed package"),
        (
            "eventgen_committed_handlers",
            "import realtime_events.handlers",
            "realtime_events.handlers",
            str(COMMITTED),
            "committed package with its handler classes",
        ),
        (
            "openai_types_realtime",
            "import openai.types.realtime",
            "openai.types.realtime",
            None,
            "imports openai, httpx, pydantic...",
        ),
    ]
    results = []
    for key, name, module, path, note in jobs:
        log(f"import: {module} x {s.import_runs}")
        median, runs, wall = time_import(module, sys.executable, path, s.import_runs)
        results.append(
            {
                "key": key,
                "name": name,
                "note": note,
                "median_s": round(median, 5),
                "runs_s": [round(r, 5) for r in runs],
                "process_wall_s": round(wall, 4),
            }
        )
    _, _, bare = time_import("sys", sys.executable, None, s.import_runs)
    first = results[0]["median_s"]
    for row in results:
        row["ratio_to_first"] = round(row["median_s"] / first, 4)
    body = [
        [
            r["name"],
            fmt_num(r["median_s"] * 1000),
            fmt_ratio(r["ratio_to_first"]),
            fmt_num(r["process_wall_s"] * 1000),
            r["note"],
        ]
        for r in results
    ]
    say(
        table(
            "Figure 4 - Import in a fresh interpreter (byte code cached)",
            ["statement", "import ms", "vs first", "process ms", "note"],
            body,
            notes=[
                f"median of {s.import_runs} fresh interpreters, after one warm-up run that writes the "
                f"byte-code cache; 'process ms' is the whole `python -c` (an interpreter that imports "
                f"nothing takes {bare * 1000:,.0f} ms here)"
            ],
        )
    )
    say()
    return {"rows": results, "runs": s.import_runs, "bare_interpreter_wall_s": round(bare, 4)}


# --------------------------------------------------------------------------------------------
# Figure 5: memory
# --------------------------------------------------------------------------------------------


def figure_memory(ctx: dict[str, Any], name: str, payloads: list[bytes]) -> dict[str, Any]:
    up, oa, pyd = ctx["up"], ctx["openai"], ctx["pydantic"]
    accepted = [p for p in payloads if _accepts(pyd.tagged_json, pyd.error, p)]
    decoded = [json.loads(p) for p in payloads]
    decoded_accepted = [json.loads(p) for p in accepted]
    log(f"memory / {name}")
    rows = [
        ("json_loads", "json.loads dict (for scale)", json.loads, None, payloads),
        ("eventgen", "eventgen event object", up.parse_server_event, up.parse_server_event, payloads),
        ("openai_construct", "openai model (SDK parse path)", oa.parse, oa.construct, payloads),
        (
            "pydantic_tagged",
            "openai model (pydantic discriminated validation)",
            pyd.tagged_json,
            pyd.tagged_python,
            accepted,
        ),
    ]
    results = []
    for key, label, from_bytes, from_dict, items in rows:
        retained = statistics.median(retained_bytes(from_bytes, items) for _ in range(3))
        overhead = None
        if from_dict is not None:
            dicts = decoded if items is payloads else decoded_accepted
            overhead = statistics.median(retained_bytes(from_dict, dicts) for _ in range(3))
        results.append(
            {
                "key": key,
                "name": label,
                "events": len(items),
                "retained_bytes_per_event": round(retained, 1),
                "overhead_bytes_per_event": None if overhead is None else round(overhead, 1),
            }
        )
    first = results[0]["retained_bytes_per_event"]
    ours = results[1]["overhead_bytes_per_event"]
    body = []
    for r in results:
        r["ratio_to_first"] = round(r["retained_bytes_per_event"] / first, 4)
        over = r["overhead_bytes_per_event"]
        body.append(
            [
                r["name"],
                fmt_num(r["retained_bytes_per_event"], 4),
                fmt_ratio(r["ratio_to_first"]),
                "-" if over is None else fmt_num(over, 4),
                "-" if over is None else fmt_ratio(over / ours),
                "" if r["events"] == len(payloads) else f"{r['events']}/{len(payloads)} events (accepted)",
            ]
        )
    wire = sum(len(p) for p in payloads) / len(payloads)
    say(
        table(
            f"Figure 5 - Memory per parsed event: {ctx['corpus_titles'][name]}",
            ["objects kept alive", "B/event", "vs first", "objects only", "vs eventgen", "note"],
            body,
            notes=[
                "B/event: tracemalloc, bytes still allocated after parsing every frame (bytes) of the corpus "
                "with the results kept alive, divided by the count; includes the decoded strings",
                "objects only: the same but parsing already decoded dicts (kept alive outside the "
                "measurement), i.e. what the typed objects add on top of the JSON values they share",
                f"mean frame size on the wire: {wire:,.0f} B; median of 3 measurements",
            ],
        )
    )
    say()
    return {"corpus": name, "rows": results, "wire_bytes_per_event": round(wire, 1)}


def _accepts(validate: Callable[[bytes], Any], error: type[Exception], payload: bytes) -> bool:
    try:
        validate(payload)
        return True
    except error:
        return False


# --------------------------------------------------------------------------------------------
# Setup, machine info, main
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "cpus": os.cpu_count(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    info["versions"] = versions
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
        )
        info["git_commit"] = head.stdout.strip() or None
        info["git_dirty"] = bool(dirty.stdout.strip())
    except OSError:
        pass
    return info


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def profile(ctx: dict[str, Any]) -> None:
    import cProfile
    import pstats

    for name, payloads in ctx["corpora"].items():
        say(f"cProfile: eventgen parse_server_event over {name} (x20), by own time")
        parse = ctx["up"].parse_server_event
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            for payload in payloads:
                parse(payload)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(12)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer rounds, events and repeats (~30 s)")
    ap.add_argument("--spec", default=str(DEFAULT_SPEC), help="the upstream OpenAI spec (default: %(default)s)")
    ap.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated subset of {','.join(FIGURES)}")
    ap.add_argument("--out", default=str(HERE / "results"), help="where results.json and bench.png go")
    ap.add_argument("--rounds", type=int, help="timed rounds per row (default 7, quick 3)")
    ap.add_argument("--stream-events", type=int, help="events in the synthetic stream (default 2000, quick 500)")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the synthetic stream")
    ap.add_argument("--dmcg-full", action="store_true", help="also time datamodel-codegen on the full spec (~20 s)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of our parse on both corpora")
    ap.add_argument("--no-chart", action="store_true", help="skip bench.png")
    args = ap.parse_args(argv)

    s = QUICK if args.quick else FULL
    s = Settings(
        args.rounds or s.rounds, s.round_seconds, args.stream_events or s.stream_events, s.gen_repeats, s.import_runs
    )
    figures = [f.strip() for f in args.only.split(",") if f.strip()]
    unknown = set(figures) - set(FIGURES)
    if unknown:
        ap.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    spec = Path(args.spec)
    if not spec.is_file():
        print(f"bench: the upstream spec {spec} is missing (it lives in ../shared); use --spec", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eventgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        ctx: dict[str, Any] = {"tmp": tmp, "spec": spec}

        log("generating the package from the upstream spec, slicing the realtime subset")
        ctx["up_dir"] = tmp / "pkg"
        subprocess.run(eventgen_argv(str(spec), str(ctx["up_dir"]), UPSTREAM_PACKAGE), check=True)
        ctx["subset"] = tmp / "realtime.yaml"
        subprocess.run(
            [
                tool("eventgen"),
                "subset",
                str(spec),
                *[a for r in ROOTS for a in ("--root", r)],
                "-o",
                str(ctx["subset"]),
            ],
            check=True,
            capture_output=True,
        )
        ctx["up"] = C.import_generated(UPSTREAM_PACKAGE, str(ctx["up_dir"]))
        ctx["up"].use_json("json")  # the package as it runs with nothing installed
        ctx["up_with"] = {}
        for library in ("orjson", "msgspec"):  # a copy of the package per JSON library, for rows side by side
            copy = f"{UPSTREAM_PACKAGE}_{library}"
            shutil.copytree(Path(ctx["up_dir"]) / UPSTREAM_PACKAGE, Path(ctx["up_dir"]) / copy)
            ctx["up_with"][library] = C.import_generated(copy, str(ctx["up_dir"]))
            ctx["up_with"][library].use_json(library)
        ctx["ours"] = C.import_generated("realtime_events", str(COMMITTED))
        ctx["ours"].use_json("json")

        log("building the corpora")
        spec_doc = corpus.load_spec(str(spec))
        upstream = corpus.upstream_examples(spec_doc)
        import yaml

        with open(ctx["subset"], encoding="utf-8") as handle:
            ctx["subset_schemas"] = len(yaml.safe_load(handle)["components"]["schemas"])
        del spec_doc
        stream = corpus.session_stream(s.stream_events, args.seed)
        stream_info = corpus.describe_stream(stream)
        control = [p for p in stream if b'"response.output_audio.delta"' not in p]  # the stream less its audio
        ctx["corpora"] = {"upstream": upstream.payloads, "stream": stream, "control": control}
        audio_share = stream_info["types"].get("response.output_audio.delta", {}).get("share", 0)
        ctx["corpus_titles"] = {
            "upstream": f"upstream examples ({len(upstream.payloads)} events, mean "
            f"{sum(map(len, upstream.payloads)) / len(upstream.payloads):,.0f} B)",
            "stream": f"synthetic session stream ({len(stream)} events, {audio_share:.0%} audio deltas, mean "
            f"{stream_info['mean_bytes']:,} B)",
            "control": f"control events: the stream without its audio deltas ({len(control)} events, mean "
            f"{sum(map(len, control)) / max(len(control), 1):,.0f} B)",
        }

        log("loading the openai SDK and pydantic; checking every payload before timing")
        ctx["openai"] = C.load_openai()
        ctx["pydantic"] = C.load_pydantic(ctx["openai"])
        checks: dict[str, Any] = {}
        ctx["committed_ok"] = {}
        for name, payloads in ctx["corpora"].items():
            mine = C.verify_ours(ctx["up"].parse_server_event, payloads)
            committed = C.verify_ours(ctx["ours"].parse_server_event, payloads)
            theirs = C.verify_openai(ctx["openai"], payloads)
            if mine.failed or theirs.failed:
                say(f"bench: corpus {name} does not verify; refusing to time it")
                say(f"  eventgen (upstream spec): {mine.failed} failed: {mine.problems}")
                say(f"  openai parse path: {theirs.failed} failed: {theirs.problems}")
                return 1
            ctx["committed_ok"][name] = committed.failed == 0
            checks[name] = {
                "eventgen_upstream": vars(mine),
                "eventgen_committed": vars(committed),
                "openai_construct": vars(theirs),
            }

        host = machine()
        load = host.get("load_average_1_5_15")
        say(
            f"eventgen benchmark - Python {sys.version.split()[0]} on {host.get('cpu', platform.machine())}"
            f" ({os.cpu_count()} cpus); {'quick' if args.quick else 'full'} run"
            + (f"; load average {load[0]:.2f} at start (other processes skew timings)" if load else "")
        )
        say(
            f"corpus 'upstream': {len(upstream.payloads)} of {upstream.union_size} RealtimeServerEvent examples "
            f"({len(upstream.repaired)} valid only after removing // comments and trailing commas; skipped: "
            + ("; ".join(f"{k}: {v}" for k, v in upstream.skipped.items()) or "none")
            + ")"
        )
        say(
            f"corpus 'stream': {len(stream)} events, {stream_info['bytes'] / 1e6:.1f} MB, seed {args.seed}: "
            + ", ".join(f"{k} {v['share']:.1%}" for k, v in list(stream_info["types"].items())[:5])
            + ", ..."
        )
        for name in ctx["corpora"]:
            c = checks[name]
            committed = c["eventgen_committed"]
            say(
                f"checked '{name}': eventgen (upstream spec) parses and round-trips {c['eventgen_upstream']['ok']}/"
                f"{len(ctx['corpora'][name])}; committed package {committed['ok']}/{len(ctx['corpora'][name])}"
                + (f" (row dropped: {committed['problems'][:2]})" if committed["failed"] else "")
                + f"; openai parse path builds the right model for {c['openai_construct']['ok']}"
            )
        if ctx["openai"].skipped_variants:
            say(f"openai variants left out of the discriminated union: {ctx['openai'].skipped_variants}")
        else:
            say(
                f"pydantic discriminated union: all {len(ctx['openai'].variants)} openai variants share a literal "
                "`type`; none skipped"
            )
        say()

        results: dict[str, Any] = {
            "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "mode": "quick" if args.quick else "full",
            "settings": vars(s) | {"gc_disabled_in_timed_loops": True, "seed": args.seed},
            "machine": host,
            "spec": {"path": str(spec), "sha256": sha256(spec), "subset_schemas": ctx["subset_schemas"]},
            "corpora": {
                "upstream": {
                    "events": len(upstream.payloads),
                    "union_size": upstream.union_size,
                    "repaired": upstream.repaired,
                    "skipped": upstream.skipped,
                    "schemas": upstream.names,
                },
                "stream": stream_info | {"seed": args.seed, "sha256": hashlib.sha256(b"\n".join(stream)).hexdigest()},
            },
            "checks": checks,
            "openai_parse_path": ctx["openai"].parse_path_source,
            "openai_variants_skipped_for_discriminator": ctx["openai"].skipped_variants,
        }
        if "parse" in figures:
            results["parse"] = [figure_parse(ctx, name, p, s) for name, p in ctx["corpora"].items()]
        if "serialise" in figures:
            results["serialise"] = [figure_serialise(ctx, name, p, s) for name, p in ctx["corpora"].items()]
        if "generate" in figures:
            results["generate"] = figure_generate(ctx, s, args.dmcg_full)
        if "import" in figures:
            results["import"] = figure_import(ctx, s)
        if "memory" in figures:
            results["memory"] = [figure_memory(ctx, name, p) for name, p in ctx["corpora"].items()]
        if "handlers" in figures:
            results["handlers"] = [figure_handlers(ctx, name, p, s) for name, p in ctx["corpora"].items()]
        if "validate" in figures:
            mode = "quick" if args.quick else "full"
            package_dir = str(Path(ctx["up_dir"]) / UPSTREAM_PACKAGE)
            log(f"validate: writing a {VALIDATE_EVENTS[mode]:,}-event capture and twice that; timing")
            results["validate"] = validate_bench.figure(
                str(spec), package_dir, ctx["up"].parse_server_event, VALIDATE_EVENTS[mode], 1 if args.quick else 2
            )
            say(validate_bench.table(results["validate"]))
            say()
        if args.profile:
            profile(ctx)
        results["elapsed_s"] = round(time.perf_counter() - started, 1)
        if hasattr(os, "getloadavg"):
            results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    written = [str(out / "results.json")]
    if not args.no_chart:
        import chart

        chart.draw(results, out / "bench.png")
        written.append(str(out / "bench.png"))
    say(f"wrote {', '.join(written)} in {results['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
