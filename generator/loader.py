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
    """The document in ``raw``: JSON for ``.json`` files, else YAML (which also reads JSON)."""
    if not raw.strip():
        raise SpecError("", "the file is empty", "give a YAML or JSON OpenAPI document", file=path)
    if path.endswith(".json"):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise json_error(exc, path) from None
        except ValueError as exc:
            raise SpecError("", f"not valid JSON: {exc}", "save the file as UTF-8 JSON", file=path) from None
    try:
        document = yaml.load(raw, Loader=SpecLoader)
    except yaml.MarkedYAMLError as exc:
        raise yaml_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise SpecError("", f"not valid YAML: {exc}", "save the file as UTF-8 YAML", file=path) from None
    if document is None:
        raise SpecError(
            "",
            "the file has no document, only comments or blank lines",
            "give a YAML or JSON OpenAPI document",
            file=path,
        )
    return document


def json_error(exc: json.JSONDecodeError, path: str) -> SpecError:
    before = exc.doc[: exc.pos].rstrip()
    if before.endswith(",") and exc.doc[exc.pos : exc.pos + 1] in ("}", "]"):
        return SpecError(
            "",
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: a comma before {exc.doc[exc.pos]!r}",
            "remove that comma: JSON allows no trailing commas",
            file=path,
        )
    return SpecError(
        "",
        f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
        "correct the JSON at that position",
        file=path,
    )


def yaml_error(exc: yaml.MarkedYAMLError, path: str) -> SpecError:
    mark, context = exc.problem_mark, exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    message = f"not valid YAML{where}: {exc.problem or 'a syntax error'}"
    if exc.context and context and (not mark or context.line != mark.line):
        message += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
    hint = "check the indentation and the brackets and quotes around that position"
    return SpecError("", message, hint, file=path)
