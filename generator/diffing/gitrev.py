"""Specs read from git: ``REV:PATH`` on the command line, or the configured spec at ``--against REV``.

The spec's folder is written out as it was at REV (the spec and every file beside and below it), so
that its relative ``$ref``s name the files of the same revision, not those of the working copy."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile

from ..errors import UsageError


def is_revision_path(text: str) -> bool:
    """``main:spec/realtime.yaml``: a name with a colon that is not a file on disk."""
    rev, sep, path = text.partition(":")
    return bool(sep and rev and path) and not os.path.exists(text)


def git(arguments: list[str], cwd: str | None, what: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd or None, capture_output=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git to read {what}: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git cannot read {what}: {reason[0] if reason else 'git failed'}")
    return done.stdout


def checkout(revision_path: str, directory: str, cwd: str | None = None) -> str:
    """Write the folder of ``REV:PATH`` as it was at REV under ``directory``; the spec's path there.
    PATH is read as git reads it: from the repository's top, or from ``cwd`` when it starts ``./``."""
    revision, _, path = revision_path.partition(":")
    here = os.path.abspath(cwd or os.getcwd())
    top = git(["rev-parse", "--show-toplevel"], here, revision_path).decode().strip()
    spec = os.path.relpath(os.path.join(here, path), top) if path.startswith(("./", "../")) else path
    spec = spec.replace(os.sep, "/")
    folder = os.path.dirname(spec) or "."
    git(["cat-file", "-e", f"{revision}:{spec}"], top, revision_path)  # a clear error when it is not there
    archive = git(["archive", "--format=tar", revision, "--", folder], top, revision_path)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+: refuse links and paths out of directory
            tar.extractall(directory, filter="data")
        else:  # pragma: no cover - older patch releases
            tar.extractall(directory)
    return os.path.join(directory, *spec.split("/"))


def at_revision(revision: str, path: str, directory: str) -> str:
    """The spec at ``path`` on disk as it was at ``revision``, written under ``directory`` with its folder."""
    folder = os.path.dirname(os.path.abspath(path))
    return checkout(f"{revision}:./{os.path.basename(path)}", directory, cwd=folder)
