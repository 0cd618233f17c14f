"""Specs read from git: ``REV:PATH`` on the command line, or the configured spec at ``--against REV``."""

from __future__ import annotations

import os
import subprocess

from ..errors import UsageError


def is_revision_path(text: str) -> bool:
    """``main:spec/realtime.yaml``: a name with a colon that is not a file on disk."""
    rev, sep, path = text.partition(":")
    return bool(sep and rev and path) and not os.path.exists(text)


def show(revision_path: str, cwd: str | None = None) -> bytes:
    """The bytes of ``REV:PATH`` (PATH as git reads it: from the repository's top, or ``./`` from ``cwd``)."""
    try:
        done = subprocess.run(["git", "show", revision_path], cwd=cwd or None, capture_output=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git to read {revision_path}: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git cannot read {revision_path}: {reason[0] if reason else 'git show failed'}")
    return done.stdout


def at_revision(revision: str, path: str) -> bytes:
    """The file at ``path`` on disk as it was at ``revision`` (its own repository, whatever the cwd)."""
    folder = os.path.dirname(os.path.abspath(path))
    return show(f"{revision}:./{os.path.basename(path)}", cwd=folder)


def materialise(content: bytes, name: str, directory: str) -> str:
    """Write ``content`` under ``directory`` with the file name of ``name``; returns the new path."""
    target = os.path.join(directory, os.path.basename(name.partition(":")[2] or name))
    with open(target, "wb") as handle:
        handle.write(content)
    return target
