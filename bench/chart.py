"""bench.png: one panel per figure of results.json (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

OURS = "#1b7f3b"
OTHERS = ("#4c72b0", "#dd8452", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd")
CORPUS_COLOURS = {"upstream": "#4c72b0", "stream": "#dd8452", "control": "#55a868"}
CORPUS_LABELS = {"upstream": "upstream examples", "stream": "synthetic audio stream", "control": "control events"}


def _short(name: str) -> str:
    replacements = {
        "json.loads (decode only: the baseline)": "json.loads (baseline)",
        "json C scanner alone: scan_once(frame.decode(), 0)": "json C scanner alone",
        "eventgen parse_server_event (upstream spec)": "eventgen",
        "eventgen parse_server_event, orjson installed": "eventgen, orjson installed",
        "eventgen parse_server_event, msgspec installed": "eventgen, msgspec installed",
        "msgspec typed Decoder (hand-written Structs)": "msgspec typed Decoder",
        "msgspec.json.decode (decode only)": "msgspec.json.decode",
        "eventgen event.to_json(), standard library": "eventgen to_json()",
        "eventgen event.to_json(), orjson installed": "eventgen to_json(), orjson installed",
        "eventgen parse_server_event (committed, our spec)": "eventgen (committed pkg)",
        "openai SDK: construct_type_unchecked(json.loads(frame))": "openai SDK parse path",
        "pydantic TypeAdapter(RealtimeServerEvent).validate_json": "pydantic validate_json (union)",
        "pydantic discriminated union .validate_json": "pydantic validate_json (discriminated)",
        "eventgen parse_server_event(orjson.loads(frame))": "eventgen + orjson.loads",
        "json.dumps(decoded dict) (the baseline)": "json.dumps(dict) (baseline)",
        "eventgen json.dumps(event.to_dict())": "eventgen json.dumps(to_dict())",
        "openai model.model_dump_json()": "openai model_dump_json()",
        "openai model.to_json()": "openai to_json()",
        "eventgen event.to_dict() alone": "eventgen to_dict() only",
        "eventgen orjson.dumps(event.to_dict())": "eventgen orjson.dumps(to_dict())",
    }
    return replacements.get(name, name)


def _num(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def _ratio(x: float) -> str:
    return f"{x:,.0f}x" if x >= 10 else f"{x:.2g}x"


def _grouped(ax: Any, figure: list[dict[str, Any]], value: str, unit: str, title: str, log: bool) -> None:
    """Horizontal bars, one group per row key, one bar per corpus; the ratio to the first row printed."""
    keys: list[str] = []
    names: dict[str, str] = {}
    for corpus in figure:
        for row in corpus["rows"]:
            if row["key"] not in names:
                keys.append(row["key"])
                names[row["key"]] = _short(row["name"])
    height = 0.8 / max(len(figure), 1)
    for index, corpus in enumerate(figure):
        by_key = {row["key"]: row for row in corpus["rows"]}
        first = corpus["rows"][0][value]
        ys, xs = [], []
        for position, key in enumerate(keys):
            if key in by_key and by_key[key][value]:
                ys.append(position + index * height - 0.4 + height / 2)
                xs.append(by_key[key][value])
        ax.barh(
            ys,
            xs,
            height=height * 0.92,
            color=CORPUS_COLOURS.get(corpus["corpus"], OTHERS[index]),
            label=CORPUS_LABELS.get(corpus["corpus"], corpus["corpus"]),
        )
        for y, x in zip(ys, xs, strict=True):
            ax.text(x, y, f" {_num(x)} ({_ratio(x / first)})", va="center", fontsize=7)
    ax.set_yticks(range(len(keys)))
    ax.set_yticklabels([names[k] for k in keys], fontsize=8)
    for tick, key in zip(ax.get_yticklabels(), keys, strict=True):
        if key.startswith("eventgen"):
            tick.set_color(OURS)
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=10)
    ax.margins(x=0.35)


def _single(
    ax: Any, rows: list[dict[str, Any]], labels: list[str], value: str, scale: float, unit: str, title: str, log: bool
) -> None:
    values = [row[value] * scale for row in rows]
    colours = [OURS if row["key"].startswith("eventgen") else OTHERS[i % len(OTHERS)] for i, row in enumerate(rows)]
    ax.barh(range(len(rows)), values, color=colours)
    for y, (x, row) in enumerate(zip(values, rows, strict=True)):
        ax.text(x, y, f" {_num(x)} ({_ratio(row['ratio_to_first'])})", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=8)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row["key"].startswith("eventgen"):
            tick.set_color(OURS)
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=10)
    ax.margins(x=0.35)


def draw(results: dict[str, Any], path: Path) -> None:
    fig, axes = plt.subplots(2, 3, figsize=(19, 10.5))
    panels = iter(axes.flat)
    if "parse" in results:
        _grouped(
            next(panels),
            results["parse"],
            "us_per_event",
            "µs per event (log)",
            "1. Parse: wire bytes -> typed event (lower is better)",
            log=True,
        )
    if "serialise" in results:
        _grouped(
            next(panels),
            results["serialise"],
            "us_per_event",
            "µs per event (log)",
            "2. Serialise: event -> JSON text (lower is better)",
            log=True,
        )
    if "generate" in results:
        rows = results["generate"]["rows"]
        labels = [f"{_short(r['name']).replace(' (--formatter ruff)', '')}\n{r['input']}" for r in rows]
        _single(
            next(panels),
            rows,
            labels,
            "median_s",
            1.0,
            "seconds, whole process",
            "3. Generate: process start -> formatted files (lower is better)",
            log=False,
        )
    if "import" in results:
        rows = results["import"]["rows"]
        _single(
            next(panels),
            rows,
            [r["name"] for r in rows],
            "median_s",
            1000.0,
            "ms",
            "4. Import in a fresh interpreter, byte code cached (lower is better)",
            log=False,
        )
    if "memory" in results:
        figure = []
        for corpus in results["memory"]:
            rows = [
                r | {"value": r["overhead_bytes_per_event"]}
                for r in corpus["rows"]
                if r["overhead_bytes_per_event"] is not None
            ]
            figure.append({"corpus": corpus["corpus"], "rows": rows})
        _grouped(
            next(panels),
            figure,
            "value",
            "bytes per event (log), on top of the shared decoded values",
            "5. Memory: what the typed objects add per event (lower is better)",
            log=True,
        )
    info = next(panels, None)
    if info is not None:
        info.axis("off")
        machine = results.get("machine", {})
        versions = machine.get("versions", {})
        lines = [
            "eventgen benchmark" + (" (quick run)" if results.get("mode") == "quick" else ""),
            "",
            f"Python {machine.get('python')} - {machine.get('cpu', '')}",
            f"{machine.get('cpus')} cpus, {machine.get('memory_gib')} GiB",
            "versions: "
            + ", ".join(
                f"{k} {v}"
                for k, v in versions.items()
                if v and k in ("openai", "pydantic", "datamodel-code-generator", "orjson", "ruff")
            ),
            f"commit {str(machine.get('git_commit'))[:10]}" + (" (dirty)" if machine.get("git_dirty") else ""),
            f"generated {results.get('generated_at')}",
            "",
            f"medians of {results['settings']['rounds']} interleaved rounds, gc off in timed loops",
            "ratios in brackets: to the first row of the same table",
            "corpora: "
            + "; ".join(f"{name}: {info_['events']} events" for name, info_ in results.get("corpora", {}).items()),
        ]
        info.text(0.0, 1.0, "\n".join(lines), va="top", fontsize=9, family="monospace", wrap=True)
    for leftover in panels:
        leftover.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="upper center",
            ncol=len(handles),
            fontsize=9,
            frameon=False,
            title="figures 1, 2 and 5: bars per corpus",
            title_fontsize=9,
        )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)
