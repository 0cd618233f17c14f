"""Read a spec file (YAML or JSON) into plain Python data."""

from __future__ import annotations

import json
import math
import os
import re
import threading
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

from .errors import SpecError
from .limits import MAX_DEPTH, check_shape

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
MERGE = "tag:yaml.org,2002:merge"
NOT_JSON = {  # YAML types that JSON has no value for
    "tag:yaml.org,2002:timestamp": "a date (!!timestamp)",
    "tag:yaml.org,2002:set": "a set (!!set)",
    "tag:yaml.org,2002:omap": "an ordered map (!!omap)",
    "tag:yaml.org,2002:pairs": "a list of pairs (!!pairs)",
    "tag:yaml.org,2002:binary": "binary data (!!binary)",
}
SCAN_ABOVE = 50_000  # a document that may nest deeper than this is measured event by event first
STACK_BYTES = 64 * 1024 * 1024  # libyaml's composer recurses in C: about 300 bytes a level


class NotJson(Exception):
    """A YAML construct with no JSON meaning, at a position in the file."""

    def __init__(self, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[str, Any]:
    """A mapping whose keys are strings, each once. A plain key is its text (``200:`` is the
    key "200", as JSON has it); a key that appears twice is an error, since YAML readers would
    silently keep only one of the two values. Keys brought in by a merge (``<<``) may be overridden."""
    if not isinstance(node, MappingNode):
        raise NotJson(f"expected a mapping, found {node.id}", "write a mapping here", node.start_mark)
    pairs = node.value
    merged = 0
    if any(key.tag == MERGE for key, _ in pairs):
        own = sum(1 for key, _ in pairs if key.tag != MERGE)
        loader.flatten_mapping(node)
        pairs = node.value
        merged = len(pairs) - own
    mapping: dict[str, Any] = {}
    construct = loader.construct_object
    for index, (key_node, value_node) in enumerate(pairs):
        if type(key_node) is not ScalarNode:
            raise NotJson(
                f"a mapping key that is a {key_node.id} (keys are strings in JSON)",
                "write the key as a string",
                key_node.start_mark,
            )
        key = key_node.value
        if key in mapping and index >= merged and (not merged or twice(pairs[merged:index], key)):
            first = next(k for k, _ in pairs[merged:] if k.value == key)
            line = first.start_mark.line + 1
            raise NotJson(
                f"the key {key!r} appears twice in one mapping (first at line {line}); only one could be kept",
                "remove or rename one of them",
                key_node.start_mark,
            )
        if type(value_node) is ScalarNode and value_node.tag == "tag:yaml.org,2002:str":
            mapping[key] = value_node.value
        else:
            mapping[key] = construct(value_node, deep)
    return mapping


def twice(pairs: list[Any], key: str) -> bool:
    """Does ``key`` stand among these (the mapping's own keys, before a merge's are overridden)?"""
    return any(node.value == key for node, _ in pairs)


def construct_map(loader: Any, node: Any) -> Any:
    data: dict[str, Any] = {}
    yield data
    data.update(construct_mapping(loader, node))


def refuse(kind: str) -> Any:
    def construct(loader: Any, node: Any) -> Any:
        raise NotJson(
            f"{kind} is a YAML type that JSON does not have",
            "write the value as a string, a list or a mapping",
            node.start_mark,
        )

    return construct


SpecLoader.add_constructor("tag:yaml.org,2002:map", construct_map)
for _tag, _kind in NOT_JSON.items():
    SpecLoader.add_constructor(_tag, refuse(_kind))
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
    check_encoding(raw, path)
    document = parse_json(raw, path) if path.endswith(".json") else parse_yaml(raw, path)
    check_shape(document, path)
    return document


def check_encoding(raw: bytes, path: str) -> None:
    """UTF-8 (or UTF-16/32 with a byte order mark, which YAML and JSON also allow)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise SpecError(
            "",
            f"not UTF-8 at line {line}, column {column}: the byte 0x{raw[exc.start]:02x} starts no UTF-8 character",
            "save the file as UTF-8 (a file in Latin-1 or Windows-1252 must be converted)",
            file=path,
        ) from None


def parse_json(raw: bytes, path: str) -> Any:
    try:
        return json.loads(raw, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise json_error(exc, path) from None
    except DuplicateKey as exc:
        raise duplicate_json_key(raw, exc.key, path) from None
    except RecursionError:
        raise too_deep_json(raw, path) from None
    except ValueError as exc:
        raise SpecError("", f"not valid JSON: {exc}", "save the file as UTF-8 JSON", file=path) from None


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return mapping


def duplicate_json_key(raw: bytes, key: str, path: str) -> SpecError:
    """Where the object with a key twice is: parsed again, marking that object, then found."""
    marked: list[dict[str, Any]] = []

    def mark(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) < len(pairs) and not marked:
            marked.append(mapping)
        return mapping

    document = json.loads(raw, object_pairs_hook=mark)
    pointer = next((p for node, p in containers(document) if marked and node is marked[0]), "")
    pointer = "#" + pointer
    return SpecError(
        pointer,
        f"the key {key!r} appears twice in this object; JSON readers keep only one of the two values",
        "remove or rename one of them",
        file=path,
    )


def containers(document: Any) -> Any:
    from .refs import walk

    return walk(document)


def too_deep_json(raw: bytes, path: str) -> SpecError:
    """JSON nested deeper than Python's reader goes: where level MAX_DEPTH + 1 opens."""
    depth, line, column, in_string, escaped = 0, 1, 0, False, False
    for byte in raw:
        column += 1
        if in_string:
            escaped, in_string = (False, True) if escaped else (byte == 0x5C, byte != 0x22)
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                break
        elif byte in (0x5D, 0x7D):
            depth -= 1
        if byte == 0x0A:
            line, column = line + 1, 0
    return SpecError(
        "",
        f"objects and arrays nest more than {MAX_DEPTH} levels deep at line {line}, column {column} "
        f"(eventgen reads at most {MAX_DEPTH})",
        "name the inner schemas under components/schemas (or $defs) and $ref them instead of nesting them inline",
        file=path,
    )


def parse_yaml(raw: bytes, path: str) -> Any:
    if nesting_bound(raw) > SCAN_ABOVE:
        check_yaml_depth(raw, path)
    try:
        document = in_large_stack(lambda: yaml.load(raw, Loader=SpecLoader))
    except NotJson as exc:
        where = f"at line {exc.mark.line + 1}, column {exc.mark.column + 1}: " if exc.mark else ""
        raise SpecError("", f"{where}{exc.message}", exc.hint, file=path) from None
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


def nesting_bound(raw: bytes) -> int:
    """More than the depth a YAML text can nest to: every level opens with a bracket, a ``- `` or
    ``? `` on its line, or a line indented deeper than the one before (at most sqrt(2 * size))."""
    compact = raw.count(b"- ") + raw.count(b"? ") + raw.count(b"-\n") + raw.count(b"-\t")
    return raw.count(b"[") + raw.count(b"{") + compact + math.isqrt(2 * len(raw))


def check_yaml_depth(raw: bytes, path: str) -> None:
    """Measure nesting on the parser's events (no recursion), before anything builds the tree."""
    depth = 0
    try:
        for event in yaml.parse(raw, Loader=SpecLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark: Any = event.start_mark
                    raise SpecError(
                        "",
                        f"objects and arrays nest more than {MAX_DEPTH} levels deep at line {mark.line + 1}, "
                        f"column {mark.column + 1} (eventgen reads at most {MAX_DEPTH})",
                        "name the inner schemas under components/schemas (or $defs) and $ref them instead of "
                        "nesting them inline",
                        file=path,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the load that follows reports it, with its position


def in_large_stack(load: Any) -> Any:
    """Run ``load`` in a thread with a stack large enough for SCAN_ABOVE levels of libyaml's
    recursive composer: 64 MiB held 150,000 levels and not 200,000 (the main thread's 8 MiB holds
    about 25,000; the full OpenAI spec's bound is about 20,000)."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(load())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    previous = threading.stack_size(STACK_BYTES)
    try:
        worker = threading.Thread(target=run, name="eventgen-yaml", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


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
