"""The render model: what the templates lay out, as Python decided it (names, annotations, lines)."""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass, field

STRUCTURED = re.compile(r"^(\s{2,}|\s*([-*+|>#]|\d+\.|```))")
# Characters written as escapes wherever text from the spec lands in source: control characters
# (a NUL does not compile, others ruff refuses), invisible format characters (bidirectional controls,
# zero-width spaces), line and paragraph separators, and lone surrogates (they cannot be encoded).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)


def escape_unsafe(text: str) -> str:
    """``text`` with every UNSAFE character as a Python escape (``\\x00``, ``\\u200b``), for inside a
    string literal or docstring whose backslashes are already escaped."""
    return UNSAFE.sub(lambda m: escape_char(m.group()), text) if UNSAFE.search(text) else text


SURROGATE = re.compile("[\ud800-\udfff]")


def doc_text(text: str) -> str:
    """``escape_unsafe`` for documentation: a lone surrogate (half a character, from a JSON ``\\ud83d``
    escape) becomes U+FFFD, since Python cannot hold it in a docstring that it encodes."""
    return escape_unsafe(SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text)


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass
class FieldModel:
    name: str
    annotation: str
    default: str | None
    doc: list[str]


@dataclass
class ClassModel:
    name: str
    doc: list[str]
    fields: list[FieldModel]
    keys: str  # Python source of the frozenset of JSON keys
    parse: list[str]
    dump: list[str]


@dataclass
class FunctionModel:
    name: str
    signature: str  # parameters and return annotation
    doc: str
    body: list[str]


@dataclass
class AliasModel:
    name: str
    annotation: str
    doc: list[str]


@dataclass
class TableModel:
    name: str
    annotation: str
    rows: list[tuple[str, str]]


@dataclass
class PropertyModel:
    """A read-only property: ``name -> annotation``, its docstring and body."""

    name: str
    annotation: str
    doc: str
    body: list[str]


@dataclass
class UnknownModel:
    """``UnknownUNION``: what a union's parse gives for a tag it does not know."""

    name: str
    doc: str
    properties: list[PropertyModel]


@dataclass
class RootModel:
    alias: str
    annotation: str
    doc: str
    unknown: str | None
    table: TableModel
    parse: FunctionModel
    imports: list[str]  # names events.py takes from models.py
    tags: list[PropertyModel] = field(default_factory=list)  # the unknown class's tag properties


@dataclass
class MethodModel:
    name: str  # on_response_output_audio_delta
    event: str  # the class it takes
    doc: str


@dataclass
class HandlerModel:
    """A root's handler classes (sync and async) and the table of their methods."""

    name: str  # ServerEventHandler
    async_name: str  # AsyncServerEventHandler
    alias: str  # ServerEvent
    unknown: str  # UnknownServerEvent
    parse: str  # parse_server_event
    argument: str  # the caller's tag in signatures (", event: str"), or ""
    call: str  # the arguments handle() passes to parse ("data" or "data, event")
    local: str  # the name handle() gives the parsed event (not the caller's argument)
    table: str  # _SERVER_EVENT_METHODS
    methods: list[MethodModel]
    models_imports: list[str]
    events_imports: list[str]


@dataclass
class Package:
    classes: list[ClassModel] = field(default_factory=list)
    aliases: list[AliasModel] = field(default_factory=list)
    functions: list[FunctionModel] = field(default_factory=list)
    tables: list[TableModel] = field(default_factory=list)
    roots: list[RootModel] = field(default_factory=list)
    handlers: list[HandlerModel] = field(default_factory=list)
    unknowns: list[UnknownModel] = field(default_factory=list)
    self_containing: bool = False  # some schema contains itself: the runtime counts nesting per thread
    plain_roots: bool = False  # some root is not an object: the runtime decodes any JSON value
    fixed_values: bool = False  # some enum holds objects or arrays: the runtime compares JSON texts


def inline_text(text: str) -> str:
    """Text from the spec (a title) as it may stand inside a one-line docstring: on one line,
    backslashes and quotes escaped."""
    return doc_text(" ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"'))


def docstring(text: str, width: int = 84) -> list[str]:
    """Description text as docstring lines: paragraphs rewrapped; lists, tables and code kept."""
    return list(wrapped(text, width))


@functools.lru_cache(maxsize=4096)  # specs repeat their descriptions (GitHub: hundreds of times)
def wrapped(text: str, width: int) -> tuple[str, ...]:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        rows = [row.rstrip() for row in paragraph.splitlines()]
        if any(STRUCTURED.match(row) for row in rows):
            lines += rows
        else:
            lines += textwrap.wrap(
                " ".join(r.strip() for r in rows), width, break_long_words=False, break_on_hyphens=False
            )
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "
    return tuple(doc_text(line) for line in lines)
