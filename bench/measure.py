"""Timing, process timing, memory and table helpers. Numbers only: nothing here asserts on time."""

from __future__ import annotations

import gc
import math
import os
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------------------------
# In-process timing
# --------------------------------------------------------------------------------------------


@dataclass
class Contender:
    """One row of a table: ``fn`` is applied to every item of the corpus, the result dropped."""

    name: str
    fn: Callable[[Any], Any]
    note: str = ""
    key: str = ""  # short, stable id for results.json and the chart
    items: Sequence[Any] | None = None  # its own inputs (same count), instead of the shared ones


@dataclass
class Timing:
    name: str
    key: str
    note: str
    per_item_ns: float  # median over rounds
    rounds_ns: list[float] = field(default_factory=list)  # per item, every round
    passes: int = 1  # passes over the corpus per round

    @property
    def per_second(self) -> float:
        return 1e9 / self.per_item_ns if self.per_item_ns else math.inf

    @property
    def spread(self) -> float:
        """(max - min) / median of the rounds: how noisy the row was."""
        if len(self.rounds_ns) < 2:
            return 0.0
        return (max(self.rounds_ns) - min(self.rounds_ns)) / self.per_item_ns


def _one_pass(fn: Callable[[Any], Any], items: Sequence[Any], passes: int) -> int:
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(passes):
            for item in items:
                fn(item)
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def time_contenders(
    contenders: Sequence[Contender], items: Sequence[Any], rounds: int, round_seconds: float
) -> list[Timing]:
    """Median time per item for each contender.

    Each contender first gets a warm-up pass (which also sets how many passes over the corpus one
    round makes, so that a round lasts about ``round_seconds``). Then the rounds are interleaved:
    round 1 of every contender, round 2 of every contender, ... so that a slow drift of the
    machine (frequency, another process) is shared by all rows instead of landing on one. The
    garbage collector is disabled inside each timed pass and collected between passes.
    """
    inputs = [items if c.items is None else c.items for c in contenders]
    if any(len(each) != len(items) for each in inputs):
        raise ValueError("every contender must get as many items as the corpus has")
    passes: list[int] = []
    for contender, each in zip(contenders, inputs, strict=True):
        gc.collect()
        elapsed = _one_pass(contender.fn, each, 1)
        passes.append(max(1, round(round_seconds * 1e9 / max(elapsed, 1))))
    samples: list[list[float]] = [[] for _ in contenders]
    for _ in range(rounds):
        for index, contender in enumerate(contenders):
            gc.collect()
            elapsed = _one_pass(contender.fn, inputs[index], passes[index])
            samples[index].append(elapsed / (passes[index] * len(items)))
    return [
        Timing(c.name, c.key, c.note, statistics.median(s), s, p)
        for c, s, p in zip(contenders, samples, passes, strict=True)
    ]


# --------------------------------------------------------------------------------------------
# Whole processes
# --------------------------------------------------------------------------------------------


@dataclass
class ProcessTiming:
    name: str
    key: str
    note: str
    median_s: float
    runs_s: list[float]
    ok: bool = True
    detail: str = ""


def time_process(
    argv_for_run: Callable[[int], list[str]],
    repeats: int,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    check: Callable[[int], str] | None = None,
) -> tuple[float, list[float], str]:
    """Wall time of whole processes (fork/exec to exit), ``repeats`` times; the median.

    ``argv_for_run(i)`` gives the command of run ``i`` (so each run can write to a fresh
    directory); ``check(i)`` may inspect the output of run ``i`` and return a problem ("" if ok).
    """
    runs: list[float] = []
    problem = ""
    for i in range(repeats):
        argv = argv_for_run(i)
        start = time.perf_counter_ns()
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
        elapsed = (time.perf_counter_ns() - start) / 1e9
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {' | '.join(tail)}")
        runs.append(elapsed)
        if check is not None and not problem:
            problem = check(i)
    return statistics.median(runs), runs, problem


def time_import(module: str, python: str, pythonpath: str | None, runs: int) -> tuple[float, list[float], float]:
    """Seconds to import ``module`` in a fresh interpreter (byte code warm); also process wall time."""
    code = f"import time\nt = time.perf_counter()\nimport {module}\nprint(time.perf_counter() - t)\n"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    argv = [python, "-c", code]
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm the byte-code cache
    inside: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        proc = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
        wall.append((time.perf_counter_ns() - start) / 1e9)
        inside.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(inside), inside, statistics.median(wall)


# --------------------------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------------------------


def retained_bytes(fn: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Bytes per item still allocated after ``fn`` ran over ``items`` with every result kept alive.

    Measured with tracemalloc: allocations made while the results were built and not yet freed.
    The list that holds the results is allocated before tracing starts, so it is not counted;
    whatever ``fn`` allocates and frees again (for example a dict it decodes and then drops) is
    not counted either.
    """
    keep: list[Any] = [None] * len(items)
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        for index, item in enumerate(items):
            keep[index] = fn(item)
        after, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        gc.enable()
    del keep
    return (after - before) / len(items)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def fmt_num(value: float, digits: int = 3) -> str:
    """A number with about ``digits`` significant digits, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}"


def fmt_ratio(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}x"
    if value >= 10:
        return f"{value:.1f}x"
    return f"{value:.2f}x"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], notes: Sequence[str] = ()) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [title, "-" * max(len(title), sum(widths) + 2 * (len(widths) - 1))]

    def line(cells: Sequence[str]) -> str:
        out = [str(cells[0]).ljust(widths[0])]
        out += [str(cell).rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(out).rstrip()

    lines.append(line(header))
    lines.extend(line(row) for row in rows)
    lines.extend(f"  note: {note}" for note in notes)
    return "\n".join(lines)
