"""Read a spec file (YAML or JSON) into plain Python data."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import yaml

from .errors import SpecError

MAX_BYTES = 64 * 1024 * 1024  # a spec larger than this is not a spec

try:  # libyaml is several times faster; PyYAML falls back to pure Python without it
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class SpecLoader(_BaseLoader):  # type: ignore[misc]
    """YAML 1.2 core scalars, as OpenAPI 3.1 expects.

    PyYAML follows YAML 1.1, where ``on``, ``no`` and ``yes`` are booleans and
    ``2024-01-01`` is a date; in an enum those must stay strings.
    """


SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_file(path: str) -> Any:
    """Parse ``path``; raise ``SpecError`` naming the file and position on failure."""
    return parse_text(read_bytes(path), path)


def read_bytes(path: str) -> bytes:
    """The file's bytes; a missing, unreadable or oversized file is a ``SpecError``."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise SpecError(
                "",
                f"the file is {size:,} bytes, more than the {MAX_BYTES:,} a spec may have",
                "point --spec at the spec itself, or slice it with `eventgen subset`",
                file=path,
            )
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise SpecError("", f"cannot read the file: {exc.strerror}", "check the path", file=path) from exc


def parse_text(raw: bytes, path: str) -> Any:
    if not raw.strip():
        raise SpecError("", "the file is empty", "give a YAML or JSON OpenAPI document", file=path)
    if raw.lstrip()[:1] in (b"{", b"["):
        try:
            return json.loads(raw)
        except ValueError:
            pass  # JSON is also YAML: let the YAML parser give the precise message
    try:
        return yaml.load(raw, Loader=SpecLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "invalid YAML"
        raise SpecError("", f"not valid YAML or JSON{where}: {problem}", "fix the syntax", file=path) from exc
    except yaml.YAMLError as exc:
        raise SpecError("", f"not valid YAML or JSON: {exc}", "fix the syntax", file=path) from exc
