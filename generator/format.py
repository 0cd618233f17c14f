"""Format generated source in memory with ruff (default) or black."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess

from .errors import UsageError

FORMATTERS = ("ruff", "black", "none")


class FormatError(Exception):
    """The formatter rejected the generated source (a generator bug, or a broken template)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: the formatter failed: {message}")
        self.file = file
        self.files: dict[str, str] = {}  # the unformatted output, for the user to inspect


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        if found is None:
            raise UsageError("ruff is not installed: pip install ruff, or pass --formatter none") from None
        return found


def format_sources(files: dict[str, str], formatter: str) -> dict[str, str]:
    """Every ``.py`` file formatted; other files as they are."""
    if formatter == "none":
        return dict(files)
    if formatter not in FORMATTERS:
        raise UsageError(f"unknown formatter {formatter!r}; choose one of {', '.join(FORMATTERS)}")
    out = dict(files)
    if formatter == "black":
        try:
            import black
        except ImportError:
            raise UsageError("black is not installed: pip install black, or use --formatter ruff") from None
        mode = black.Mode(target_versions={black.TargetVersion.PY310})  # type: ignore[attr-defined]
        for name, text in files.items():
            if name.endswith(".py"):
                try:
                    out[name] = black.format_str(text, mode=mode)
                except Exception as exc:  # black raises several types for bad input
                    raise FormatError(name, str(exc).splitlines()[0]) from None
        return out
    from concurrent.futures import ThreadPoolExecutor  # here: a plain import costs a run that does not format

    binary = ruff_binary()
    command = [binary, "format", "--isolated", "--target-version", "py310", "--stdin-filename"]
    jobs = [(name, piece) for name, text in files.items() if name.endswith(".py") for piece in split(text)]
    with ThreadPoolExecutor(max_workers=len(jobs) or 1) as pool:  # side by side: ruff runs in processes
        runs = list(
            pool.map(
                lambda job: subprocess.run(
                    [*command, job[0], "-"], input=job[1].encode(), capture_output=True, check=False
                ),
                jobs,
            )
        )
    pieces: dict[str, list[str]] = {}
    for (name, _), done in zip(jobs, runs, strict=True):
        if done.returncode != 0:
            raise FormatError(name, done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}")
        pieces.setdefault(name, []).append(done.stdout.decode())
    for name, parts in pieces.items():
        out[name] = "\n\n\n".join(part.rstrip("\n") for part in parts) + "\n"
    return out


PIECE_LINES = 20_000  # a module longer than this is formatted in pieces, side by side


def split(text: str, cores: int = os.cpu_count() or 1) -> list[str]:
    """A module cut at top-level definitions into at most ``cores`` pieces of similar size: ruff
    formats each top-level definition on its own, so the pieces joined give the same text."""
    lines = text.split("\n")
    if cores < 2 or len(lines) < PIECE_LINES:
        return [text]
    starts = [
        i
        for i in range(1, len(lines))
        if lines[i].startswith(("@dataclass", "class ", "def ")) and lines[i - 1] == "" and lines[i - 2 : i - 1] == [""]
    ]
    cuts: list[int] = []
    for part in range(1, cores):
        target = len(lines) * part // cores
        after = [i for i in starts if i >= target]
        if after and (not cuts or after[0] > cuts[-1]):
            cuts.append(after[0])
    bounds = [0, *cuts, len(lines)]
    return ["\n".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]
