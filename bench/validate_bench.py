"""Figure "validate": ``eventgen validate`` on a large JSON Lines capture against a bare loop of
``parse_server_event`` over the same lines, and the peak memory of a whole run at two sizes.

Run alone: ``.venv/bin/python bench/validate_bench.py [--events 200000] [--spec PATH]``.
The package is generated once (not timed); both rows read the file from disk, line by line.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

ROOTS = ["--root", "client_event=RealtimeClientEvent", "--root", "server_event=RealtimeServerEvent"]
PEAK = (
    "import resource, sys\n"
    "from generator.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def write_capture(path: Path, events: int, seed: int) -> int:
    lines = corpus.session_stream(min(events, 5000), seed)
    with open(path, "wb") as handle:
        for index in range(events):
            handle.write(lines[index % len(lines)] + b"\n")
    return path.stat().st_size


def bare_loop(path: Path, parse: Any) -> float:
    gc.disable()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        for line in handle:
            parse(line[:-1] if line.endswith(b"\n") else line)  # with the newline, decoding takes a slow path
    elapsed = time.perf_counter() - started
    gc.enable()
    return elapsed


def validate_run(path: Path, spec: str, package_dir: str) -> tuple[float, dict[str, Any]]:
    from generator.commands import validate
    from generator.config import settings_from
    from generator.validating import captures, loadpkg, report
    from generator.validating.session import Session

    args = validate_args(spec, package_dir, str(path))
    settings = settings_from(args, None)
    settings.package = "events"
    with loadpkg.workdir() as workdir:
        loaded = loadpkg.load(settings, package_dir, workdir)
        server, client = validate.pick_roots(list(loaded.targets), None, None)
        session = Session(loaded, server, client)
        gc.disable()
        started = time.perf_counter()
        session.run(str(path), captures.read(str(path), None))
        elapsed = time.perf_counter() - started
        gc.enable()
    return elapsed, report.build(session.tally)


def validate_args(spec: str, package_dir: str, capture: str) -> argparse.Namespace:
    from generator.cli import parser

    return parser().parse_args(["validate", capture, "--spec", spec, *ROOTS, "--package-dir", package_dir])


def peak_rss_kb(path: Path, spec: str, package_dir: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "validate", str(path), "--spec", spec, *ROOTS, "--package-dir", package_dir],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return int(done.stderr.strip().splitlines()[-1])


def figure(spec: str, package_dir: str, parse: Any, events: int, rounds: int, seed: int = 20240601) -> dict[str, Any]:
    """Time both rows ``rounds`` times (best of), and peak RSS at ``events`` and twice that."""
    with tempfile.TemporaryDirectory(prefix="eventgen-bench-validate-") as tmp:
        small, large = Path(tmp) / "capture.jsonl", Path(tmp) / "capture2.jsonl"
        size = write_capture(small, events, seed)
        write_capture(large, 2 * events, seed)
        bare = min(bare_loop(small, parse) for _ in range(rounds))
        runs = [validate_run(small, spec, package_dir) for _ in range(rounds)]
        checked = min(elapsed for elapsed, _ in runs)
        result = runs[0][1]
        peaks = [peak_rss_kb(small, spec, package_dir), peak_rss_kb(large, spec, package_dir)]
    return {
        "events": events,
        "bytes": size,
        "bare_s": round(bare, 3),
        "validate_s": round(checked, 3),
        "bare_events_per_s": round(events / bare),
        "validate_events_per_s": round(events / checked),
        "share_of_bare": round(bare / checked, 3),
        "accepted": result["accepted"],
        "drifted": result["drifted"],
        "peak_rss_mb": {str(events): round(peaks[0] / 1024, 1), str(2 * events): round(peaks[1] / 1024, 1)},
    }


def table(row: dict[str, Any]) -> str:
    peaks = ", ".join(f"{n:,} events: {mb} MB" for n, mb in ((int(k), v) for k, v in row["peak_rss_mb"].items()))
    return "\n".join(
        [
            f"Figure 7 - validate: {row['events']:,}-event JSON Lines capture ({row['bytes'] / 1e6:.1f} MB), "
            "best of the rounds",
            f"  bare parse_server_event loop  {row['bare_s']:>7.3f} s  {row['bare_events_per_s']:>9,} events/s",
            f"  eventgen validate (checking)  {row['validate_s']:>7.3f} s  {row['validate_events_per_s']:>9,} events/s"
            f"  = {row['share_of_bare']:.0%} of the bare loop's speed",
            f"  accepted {row['accepted']:,}, with drift {row['drifted']:,}; peak RSS of a whole run: {peaks}",
        ]
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--spec", default=str(ROOT.parent / "shared" / "upstream" / "openai-openapi.yaml"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventgen-bench-pkg-") as tmp:
        subprocess.run(
            [str(Path(sys.executable).parent / "eventgen"), "generate", "--spec", args.spec, *ROOTS,
             "--package", "bench_validate_events", "--out", tmp, "--formatter", "none", "--quiet"],
            check=True, capture_output=True,
        )  # fmt: skip
        sys.path.insert(0, tmp)
        import bench_validate_events  # type: ignore[import-not-found]

        row = figure(args.spec, f"{tmp}/bench_validate_events", bench_validate_events.parse_server_event,
                     args.events, args.rounds)  # fmt: skip
    print(table(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
