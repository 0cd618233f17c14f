"""Format generated source in memory with ruff (default) or black."""

from __future__ import annotations

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
    binary = ruff_binary()
    for name, text in files.items():
        if name.endswith(".py"):
            done = subprocess.run(
                [binary, "format", "--isolated", "--target-version", "py310", "--stdin-filename", name, "-"],
                input=text.encode(),
                capture_output=True,
                check=False,
            )
            if done.returncode != 0:
                raise FormatError(name, done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}")
            out[name] = done.stdout.decode()
    return out

