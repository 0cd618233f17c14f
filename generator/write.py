"""Write a generated package atomically, and compare one with what is on disk."""

from __future__ import annotations

import difflib
import os
import shutil
import signal
import tempfile

IGNORED = ("__pycache__",)


def read_tree(directory: str) -> dict[str, str]:
    """Relative path -> text for every file under ``directory`` (caches left out)."""
    found: dict[str, str] = {}
    if not os.path.isdir(directory):
        return found
    for base, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED)
        for name in sorted(files):
            path = os.path.join(base, name)
            with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                found[os.path.relpath(path, directory).replace(os.sep, "/")] = handle.read()
    return found


def write_package(files: dict[str, str], target: str) -> None:
    """Replace directory ``target`` with exactly ``files``, or leave it untouched on any failure.

    The files go to a temporary directory beside ``target`` first; the swap is two
    renames with Ctrl-C held off in between, and the old tree is removed last.
    """
    parent = os.path.dirname(os.path.abspath(target)) or "."
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".eventgen-new-", dir=parent)
    try:
        for name, text in sorted(files.items()):
            path = os.path.join(staging, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        old = None
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            if os.path.exists(target):
                old = tempfile.mkdtemp(prefix=".eventgen-old-", dir=parent)
                os.rmdir(old)
                os.rename(target, old)
            os.rename(staging, target)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if os.path.exists(staging):
            shutil.rmtree(staging, ignore_errors=True)


def diff_package(files: dict[str, str], target: str, label: str) -> str:
    """A unified diff from what is in ``target`` to ``files`` ('' when they match)."""
    on_disk = read_tree(target)
    chunks = []
    for name in sorted(set(files) | set(on_disk)):
        before, after = on_disk.get(name), files.get(name)
        if before == after:
            continue
        old_name = f"a/{label}/{name}" if before is not None else "/dev/null"
        new_name = f"b/{label}/{name}" if after is not None else "/dev/null"
        lines = difflib.unified_diff(
            (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True), old_name, new_name
        )
        text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        chunks.append(text or f"--- {old_name}\n+++ {new_name}\n(binary or empty file differs)\n")
    return "".join(chunks)
