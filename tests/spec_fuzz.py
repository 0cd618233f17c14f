"""A structure-aware fuzzer for the generator itself: real specs, mutated, fed to ``eventgen generate``.

Seeds are the construct fixtures, the AsyncAPI fixtures and our own spec (``spec/realtime.yaml``),
plus, when ../shared is there, the realtime history specs, MCP and the AsyncAPI examples. Each case
takes a seed and applies one or two mutations chosen from a deterministic random stream: a keyword
given a value of the wrong JSON type or an impossible one, a broken or odd ``$ref`` (into the
document's non-schema parts, out of the spec's folder, malformed), odd property and schema names
and values (keywords, internals of the generated code, Unicode that normalises alike, characters
outside the BMP, mixed and non-finite enums, huge numbers, control characters), deep nesting and
long ``$ref`` chains, YAML tricks (alias bombs, recursive aliases, tags, duplicate and non-string
keys, bad bytes, BOM, UTF-16), discriminator oddities, spec versions, odd command lines
(package names, ``--out`` on a file, a broken template, broken overlays and config files), and
probes: an example event of the seed gets a property with an odd name, enum or const, and a value
for it.

Every case runs eventgen's ``generate`` in a child process with a wall-time limit (``TIMEOUT``) and
an address-space limit (``MEMORY``): by default a child forked from a worker that imported the
generator (the interpreter's start and the imports are paid once), with ``--exec`` a fresh
``python -m generator``; the answers are the same. Invariants:

  * exit 0: the package compiles, imports (as itself, not as a standard module of the same name),
    passes ``ruff check --isolated``, and, when the mutation keeps the spec's meaning, still parses
    the seed's examples that the unmutated package parses, each back whole from ``to_dict()`` as its
    own class (and a probe's event likewise); with ``--mypy-every N`` the accepted packages of every
    Nth case also go through ``mypy --strict`` (20 to a call, at the end);
  * exit 2: stderr is one message, ``eventgen: error: <file>[#<pointer>]: <what>`` then
    ``  fix: <how>`` (warnings may come before it), the file it names is one the run was given or one
    inside the spec's folder, and ``--out`` was not created;
  * never "internal error", a traceback, another exit code, a timeout or a kill;
  * a mutation that gives a keyword a wrong-typed or impossible value where the generator reads it,
    or that makes the spec mean something else (a ``$ref`` into ``#/info``, a duplicate key, an
    unknown spec version) must not pass silently: exit 2, or exit 0 with a warning naming it;
  * nothing outside the spec's folder is read: a ``$ref`` to a file beside the folder (holding a
    marker string) or to /etc/passwd must not exit 0, and the marker must appear nowhere.

Findings are filed by kind and by mutation (a finding of two mutations is tried with each alone,
and filed under the one that shows it); for each, the smallest reproducer found is written under
``build/spec-fuzz-findings/<kind>-<mutation>/`` (the spec and the files beside it, ``command.txt``,
``stderr.txt``, ``note.txt``). Run it:

    .venv/bin/python tests/spec_fuzz.py --cases 10000 --mypy-every 50     # make fuzz-specs
    .venv/bin/python tests/spec_fuzz.py --cases 300 --seed 7               # a quick look
    .venv/bin/python tests/spec_fuzz.py --seed 7 --case 123 --case 124     # those cases again
    .venv/bin/python tests/spec_fuzz.py --cases 50 --only deep             # one kind of mutation
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ["EVENTGEN_SHARED"]) if os.environ.get("EVENTGEN_SHARED") else ROOT.parent / "shared"
FINDINGS = ROOT / "build" / "spec-fuzz-findings"
CONSTRUCTS = ROOT / "tests" / "fixtures" / "constructs"
TIMEOUT = 20.0  # seconds of wall time per generate run
MEMORY = 2 * 1024**3  # bytes of address space per generate run
SECRET = "FUZZSECRET7f3a"  # stands in the file beside the spec's folder: reading it is a finding
PREFIX, FIX = "eventgen: error: ", "  fix: "
CASE_DIR = "<case>"  # stands for the case's folder in a saved command
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
WRITER_RECURSION = 20_000  # the deep mutations are written by recursive functions (main and the tests set it)

# -- seeds ----------------------------------------------------------------------------------------


@dataclass
class Seed:
    """A spec to mutate: its file, the roots to ask for, files it refers to, examples it should parse."""

    name: str
    path: Path
    roots: list[str]  # --root values; empty for AsyncAPI
    side: list[Path] = field(default_factory=list)  # copied beside the spec (relative refs)
    examples: list[tuple[str, Any, str]] = field(default_factory=list)  # (alias, payload, schema name)
    good: list[int] | None = None  # the examples the unmutated package parses and gives back whole
    text: str = ""  # the document as JSON text (parsed afresh for each case)
    kind: str = "openapi"  # openapi, jsonschema or asyncapi

    def document(self) -> Any:
        return json.loads(self.text)


CONSTRUCT_ROOTS: dict[str, list[str]] = {  # fixture stem -> roots (as tests/test_constructs.py has them)
    "additional_properties": ["event=AnyEvent"],
    "all_of": ["event=AnyEvent"],
    "any_of_discriminator": ["event=AnyEvent"],
    "any_of_null": ["event=AnyEvent"],
    "array_of_unions": ["event=AnyEvent"],
    "composite_discriminator": ["event=AnyEvent"],
    "composite_root": ["event=AnyEvent"],
    "const": ["client_event=AnyClientEvent"],
    "defaults": ["event=AnyEvent"],
    "enums_numbers": ["client_event=AnyClientEvent", "server_event=AnyServerEvent"],
    "external_ref": ["event=AnyEvent"],
    "formats": ["event=AnyEvent"],
    "keyword_names": ["event=AnyEvent"],
    "name_collisions": ["event=AnyEvent"],
    "nullable_30": ["event=AnyEvent"],
    "one_of_mapping": ["event=AnyEvent"],
    "open_enum": ["client_event=AnyClientEvent"],
    "primitive_unions": ["client_event=AnyClientEvent"],
    "recursive": ["event=AnyEvent"],
    "root_named_like_alias": ["event=Event"],
    "single_variant_root": ["event=AnyEvent"],
    "type_list_null": ["event=AnyEvent"],
    "jsonschema_ids": ["event=#"],
    "jsonschema_draft4": ["event=AnyReading"],
    "jsonschema_values": ["client_batch=#"],
}
SIDE = {"external_ref": [CONSTRUCTS / "common.yaml"], "jsonschema_ids": [CONSTRUCTS / "jsonschema_side"]}
REALTIME_ROOTS = ["client_event=RealtimeClientEvent", "server_event=RealtimeServerEvent"]
ASYNCAPI_EXAMPLES = [  # single-file AsyncAPI examples under ../shared/realspecs/asyncapi-spec-examples
    "v2.6.0/examples/streetlights-mqtt.yml",
    "v2.6.0/examples/websocket-gemini.yml",
    "v2.6.0/examples/gitter-streaming.yml",
    "v3.0.0/examples/streetlights-kafka-asyncapi.yml",
    "v3.0.0/examples/kraken-websocket-request-reply-multiple-channels-asyncapi.yml",
    "v3.0.0/examples/websocket-gemini-asyncapi.yml",
    "v3.0.0/examples/slack-rtm-asyncapi.yml",
    "v3.0.0/examples/oneof-asyncapi.yml",
]


def kind_of(document: Any) -> str:
    if isinstance(document, dict) and "asyncapi" in document:
        return "asyncapi"
    return "openapi" if isinstance(document, dict) and "openapi" in document else "jsonschema"


def load_seed(seed: Seed) -> Seed:
    document = yaml.load(seed.path.read_bytes(), Loader=LOADER)
    seed.text = json.dumps(document, default=str)
    seed.kind = kind_of(document)
    return seed


def realtime_examples(document: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """Examples of the realtime specs: schema ``examples`` and upstream's ``x-oaiMeta.example`` text."""
    found: list[tuple[str, Any, str]] = []
    for name, schema in (document.get("components", {}).get("schemas") or {}).items():
        alias = "client_event" if name.startswith("RealtimeClientEvent") else "server_event"
        if not name.startswith(("RealtimeClientEvent", "RealtimeServerEvent")) or not isinstance(schema, dict):
            continue
        found += [(alias, example, name) for example in schema.get("examples") or [] if isinstance(example, dict)]
        text = (schema.get("x-oaiMeta") or {}).get("example")
        if isinstance(text, str):
            with contextlib.suppress(ValueError):
                found.append((alias, json.loads(text), name))
    return found


def all_seeds(shared: bool = True) -> list[Seed]:
    """The in-repo seeds, and those of ../shared when it is there and ``shared`` is set."""
    seeds = [
        Seed(stem, next(p for p in CONSTRUCTS.glob(f"{stem}.*") if p.suffix in (".yaml", ".json")), roots)
        for stem, roots in CONSTRUCT_ROOTS.items()
    ]
    for seed in seeds:
        seed.side = SIDE.get(seed.name, [])
    seeds += [Seed(p.stem, p, []) for p in sorted((ROOT / "tests" / "fixtures" / "asyncapi").glob("*.yaml"))]
    realtime = Seed("realtime", ROOT / "spec" / "realtime.yaml", REALTIME_ROOTS)
    seeds.append(realtime)
    if shared and SHARED.is_dir():
        history = sorted((SHARED / "upstream" / "history").glob("*.yaml"))
        seeds += [Seed(p.stem, p, REALTIME_ROOTS) for p in history[:1]]
        mcp = SHARED / "realspecs" / "mcp" / "2025-11-25" / "schema.json"
        roots = ["client_request=ClientRequest", "server_notification=ServerNotification"]
        seeds += [Seed("mcp", mcp, roots)] if mcp.exists() else []
        examples = SHARED / "realspecs" / "asyncapi-spec-examples"
        seeds += [Seed(Path(r).stem, examples / r, []) for r in ASYNCAPI_EXAMPLES if (examples / r).exists()]
    for seed in seeds:
        load_seed(seed)
        if seed.roots == REALTIME_ROOTS:
            seed.examples = realtime_examples(seed.document())
    return seeds


def shared_reason() -> str | None:
    """Why the ../shared seeds are left out (None: they are used)."""
    return None if SHARED.is_dir() else f"{SHARED} is absent: fuzzing the in-repo fixtures only"


# -- where to mutate ----------------------------------------------------------------------------------

Path_ = tuple[Any, ...]
SCHEMA_KEYS = {"type", "properties", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "items", "required"}
VALUE_KEYS = {"examples", "example", "default", "const", "enum", "x-oaiMeta", "mapping"}
CHILD_KEYS = {"properties", "patternProperties", "$defs", "definitions", "schemas", "messages"}


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every dict and list under ``value`` with its path, leaving out literal values and ``x-`` keys."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, (dict, list)) and key not in VALUE_KEYS and not str(key).startswith("x-"):
                yield from walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, (dict, list)):
                yield from walk(child, (*path, index))


def is_schema(path: Path_, value: Any) -> bool:
    return isinstance(value, dict) and bool(SCHEMA_KEYS & set(value)) and not (path and path[-1] in CHILD_KEYS)


def get(document: Any, path: Path_) -> Any:
    for part in path:
        document = document[part]
    return document


def pointer_path(pointer: str) -> Path_ | None:
    """The path of a local ``#/...`` pointer, or None."""
    if not pointer.startswith("#"):
        return None
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")[1:]]
    return tuple(int(p) if p.isdigit() else p for p in parts)


def root_starts(seed: Seed, document: Any) -> list[Path_]:
    """Where the roots the run asks for stand in the document."""
    if seed.kind == "asyncapi":
        return [("channels",), ("operations",)]
    starts: list[Path_] = []
    for root in seed.roots:
        target = root.partition("=")[2].split(" ")[0]
        if target == "webhooks":
            starts.append(("webhooks",))
        elif target.startswith("#"):
            starts.append(pointer_path(target) or ())
        else:
            starts += [p for p in (("components", "schemas", target), ("$defs", target), ("definitions", target))]
    return starts


def reachable(seed: Seed, document: Any) -> set[Path_]:
    """Paths of the schemas the roots reach through their subtrees and local ``$ref``s."""
    seen: set[Path_] = set()
    todo = root_starts(seed, document)
    while todo:
        start = todo.pop()
        try:
            node = get(document, start)
        except (KeyError, IndexError, TypeError):
            continue
        if start in seen:
            continue
        for path, value in walk(node, start):
            if start == () and len(path) >= 1 and path[0] in ("$defs", "definitions"):
                continue  # the document as a root: its definitions count only when referred to
            if path in seen:
                continue
            seen.add(path)
            ref = value.get("$ref") if isinstance(value, dict) else None
            target = pointer_path(ref) if isinstance(ref, str) else None
            if target is not None and target not in seen:
                todo.append(target)
    return seen


@dataclass
class Context:
    """One case in the making: the document, what the run is given, and what the case expects."""

    rng: random.Random
    seed: Seed
    document: Any
    live: set[Path_]
    schemas: list[Path_]  # every schema in the document
    yaml_only: bool = False  # the document holds things only YAML can say (tags, aliases, odd keys)
    patches: list[Callable[[str], str]] = field(default_factory=list)  # on the YAML text
    byte_patches: list[Callable[[bytes], bytes]] = field(default_factory=list)
    args: list[str] = field(default_factory=list)  # extra command-line arguments
    files: dict[str, bytes] = field(default_factory=dict)  # more files, relative to the case folder
    package: str | None = None  # another package name than the default
    out_is_file: bool = False
    expect: tuple[str, ...] = ()  # exit 0 needs a warning naming one of these
    neutral: bool = True  # the meaning is kept: the examples must still parse
    outside: bool = False  # the spec refers outside its folder: exit 0 is a finding
    probes: list[tuple[str, Any, int]] = field(default_factory=list)  # (alias, payload, example it comes from)

    def live_schemas(self) -> list[Path_]:
        return [p for p in self.schemas if p in self.live] or self.schemas

    def objects(self) -> list[Path_]:
        return [p for p in self.live_schemas() if isinstance(get(self.document, p).get("properties"), dict)]

    def unions(self) -> list[Path_]:
        return [
            p
            for p in self.live_schemas()
            if any(isinstance(get(self.document, p).get(k), list) for k in ("oneOf", "anyOf"))
        ]

    def pick(self, paths: list[Path_]) -> Path_ | None:
        return self.rng.choice(paths) if paths else None

    def expect_if_live(self, path: Path_, *words: str) -> None:
        if path in self.live:
            self.expect = words
            self.neutral = False

    def definitions(self) -> tuple[dict[str, Any], str]:
        """The place for new named schemas, and the prefix of a ``$ref`` to one."""
        doc = self.document
        if self.seed.kind == "jsonschema":
            key = "definitions" if isinstance(doc.get("definitions"), dict) and "$defs" not in doc else "$defs"
            return doc.setdefault(key, {}), f"#/{key}/"
        components = doc.setdefault("components", {})
        return components.setdefault("schemas", {}), "#/components/schemas/"


class Pairs(list[tuple[Any, Any]]):
    """A mapping written as its pairs: duplicate and non-string keys."""


@dataclass(frozen=True)
class Raw:
    """YAML text written as it is (tags, aliases)."""

    text: str


def name_pointer(path: Path_) -> str:
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


# -- mutations ------------------------------------------------------------------------------------------

WRONG_TYPES: dict[str, list[Any]] = {
    "required": ["a", [["a"]], [1], {"a": True}, True, None],
    "properties": [True, [], "x", {"a": 5}, {"a": None}, {"a": "string"}],
    "items": [5, "x", None, [{"type": "string"}]],
    "additionalProperties": [5, "no", None, [], {"type": 5}],
    "enum": ["a", {}, None, 5],
    "type": [5, {}, ["string", 5], None, []],
    "allOf": [{}, [None], [5], "x", None, [[]], []],
    "anyOf": [{}, [None], [5], "x", None, []],
    "oneOf": [{}, [None], [5], "x", None, []],
    "discriminator": ["type", 5, [], {"propertyName": 5}, {"propertyName": "type", "mapping": []}, {}],
    "$id": [{}, 5, [], "http://[bad", "::::"],
    "$anchor": [5, {}, "has space", "1bad"],
    "$defs": [[], "x", {"a": 5}, 5],
    "definitions": [[], "x", {"a": 5}, 5],
    "maxLength": [-1, "10", 1.5, None, True],
    "minLength": [-1, "0"],
    "minimum": ["0", None, [], {}],
    "maximum": ["9", True],
    "minItems": [-1, "1"],
    "maxItems": [-5],
    "pattern": [5, "("],
    "nullable": ["yes", 1],
    "format": [5, {}],
    "exclusiveMinimum": ["x", {}],
    "multipleOf": [0, -1, "2"],
    "$ref": [5, {}, [], None, True],
    "const": [],  # any JSON value is a const: only the other mutations touch it
}


def m_keyword(ctx: Context) -> str:
    """A keyword of a schema gets a value of the wrong JSON type or an impossible one."""
    keyword = ctx.rng.choice([k for k, v in WRONG_TYPES.items() if v])
    path = ctx.pick(ctx.live_schemas())
    if path is None:
        return "keyword none"
    value = ctx.rng.choice(WRONG_TYPES[keyword])
    node = get(ctx.document, path)
    if keyword in ("$defs", "definitions") and ctx.seed.kind == "jsonschema" and ctx.rng.random() < 0.5:
        node, path = ctx.document, ()  # where a document's definitions usually stand
    node[keyword] = value
    words = (keyword, "type") if isinstance(value, dict) and "type" in value else (keyword,)
    if path == ():
        ctx.expect = words
    else:
        ctx.expect_if_live(path, *words)
    if keyword == "items" and isinstance(value, list) and not tuples_refused(ctx):
        ctx.expect = ()  # a list of items is a tuple before 2020-12
    if keyword not in keywords_of(ctx):
        ctx.expect = ()  # not a keyword of this document's dialect: unknown keywords are only listed
    ctx.neutral = False
    return f"keyword {keyword}={json.dumps(value)}"


def keywords_of(ctx: Context) -> set[str]:
    """The keywords of WRONG_TYPES this document's dialect has (OpenAPI 3.0 lacks the ``$`` ones, only
    OpenAPI has ``nullable`` and ``discriminator``)."""
    keywords = set(WRONG_TYPES)
    version = str(ctx.document.get("openapi", "")) if isinstance(ctx.document, dict) else ""
    if ctx.seed.kind != "openapi":
        keywords -= {"nullable", "discriminator"}
    if version.startswith("3.0"):
        keywords -= {"$id", "$anchor", "$defs", "definitions"}
    return keywords


def tuples_refused(ctx: Context) -> bool:
    """Whether ``items`` as a list is wrong in this document (OpenAPI, JSON Schema 2020-12)."""
    if ctx.seed.kind == "openapi":
        return True
    schema = ctx.document.get("$schema") if isinstance(ctx.document, dict) else None
    return ctx.seed.kind == "jsonschema" and (schema is None or "2020-12" in str(schema))


ODD_REFS = [
    "#",
    "#/info",
    "#/servers/0",
    "#/components/schemas/Nope",
    "#/$defs/Nope",
    "#/definitions/Nope",
    "#/components/schemas/",
    "#/components/schemas/a~1b",
    "#/components/schemas/a/b",
    "#%2Fcomponents",
    "",
    "other.yaml#/X",
    "http://[bad",
    "https://example.invalid/schema.json",
    "data:text/plain,hi",
    "\x00",
]
OUTSIDE_REFS = ["file:///etc/passwd", "/etc/passwd", "../../../../../../../../etc/passwd", "../outside.yaml"]
OUTSIDE_TEXT = f"title: {SECRET}\ntype: object\nproperties:\n  {SECRET}_field: {{type: string}}\n"


def m_ref(ctx: Context) -> str:
    """A property's schema becomes a broken, odd or out-of-tree ``$ref``."""
    objects = ctx.objects()
    path = ctx.pick(objects)
    if path is None:
        return "ref none"
    properties = get(ctx.document, path)["properties"]
    name = ctx.rng.choice(list(properties) or ["p"])
    kind = ctx.rng.random()
    if kind < 0.35:
        ref = ctx.rng.choice(OUTSIDE_REFS + ["<abs>", "<file-uri>"])
        ctx.outside = True
        ctx.neutral = False
    else:
        ref = ctx.rng.choice(ODD_REFS)
        if ref in ("#/components/schemas/a~1b", "#/components/schemas/a/b") and ctx.seed.kind != "jsonschema":
            ctx.definitions()[0]["a/b"] = {"type": "object", "properties": {"x": {"type": "string"}}}
        if ref in ("#", "#/info", "#/servers/0") and ctx.seed.kind != "jsonschema":
            ctx.expect_if_live(path, "$ref", ref)
        ctx.neutral = False
    properties[name] = {"$ref": ref}
    return f"ref {ref!r}"


def outside_refs(text: str, case_dir: Path) -> str:
    """The placeholders of out-of-tree references made absolute for this case's folder."""
    outside = case_dir / "outside.yaml"
    return text.replace("<abs>", str(outside)).replace("<file-uri>", outside.as_uri())


PROPERTY_NAMES: list[Any] = [
    "_KEYS",
    "class",
    "None",
    "True",
    "self",
    "cls",
    "data",
    "lenient",
    "extra",
    "set_aside",
    "to_dict",
    "from_dict",
    "__init__",
    "__slots__",
    "__class__",
    "__dict__",
    "x",
    "_",
    "",
    " ",
    "1abc",
    "\U0001f600",
    "\U0001d400",
    "\x00",
    "a\nb",
    "typing",
    "dataclasses",
    "UNSET",
    "Unset",
    "ValidationError",
    "field",
    "Any",
    "json",
    "k" * 300,
    "match",
    "print",
    "\ud800",
]
NAME_PAIRS = [("ﬁ", "fi"), ("µ", "μ"), ("a-b", "a_b"), ("é", "e\u0301"), ("K", "\u212a"), ("fooBar", "foo_bar")]


def m_property_name(ctx: Context) -> str:
    """An object gets a property (or two that read alike) with an odd name."""
    path = ctx.pick(ctx.objects())
    if path is None:
        return "name none"
    properties = get(ctx.document, path)["properties"]
    names = list(ctx.rng.choice(NAME_PAIRS)) if ctx.rng.random() < 0.3 else [ctx.rng.choice(PROPERTY_NAMES)]
    for name in names:
        properties[name] = ctx.rng.choice([{"type": "string"}, {"type": "integer"}, {"const": "v"}])
    if ctx.rng.random() < 0.3:
        get(ctx.document, path).setdefault("required", []).extend(names)
    ctx.neutral = False
    return f"name {names!r}"


SCHEMA_NAMES: list[Any] = [
    ["Chain2", "Chain10"],
    ["M"],
    ["_KEYS"],
    ["class"],
    ["None"],
    ["json"],
    ["typing"],
    ["ValidationError"],
    ["Unset"],
    ["A", "a"],
    ["Any"],
    ["\U0001f600Event"],
    ["ﬁle", "file"],
    ["Foo-Bar", "Foo_Bar", "FooBar"],
    ["1Start"],
    ["__init__"],
    ["X" * 200],
]


def m_schema_name(ctx: Context) -> str:
    """Named schemas with odd names, referred to from a reachable object."""
    path = ctx.pick(ctx.objects())
    if path is None or (ctx.seed.kind == "asyncapi" and "components" not in ctx.document):
        return "schema-name none"
    names = ctx.rng.choice(SCHEMA_NAMES)
    definitions, prefix = ctx.definitions()
    properties = get(ctx.document, path)["properties"]
    for index, name in enumerate(names):
        definitions[name] = {"type": "object", "properties": {"v": {"type": "integer"}}, "required": ["v"]}
        properties[f"odd_{index}"] = {"$ref": prefix + name.replace("~", "~0").replace("/", "~1")}
    ctx.neutral = False
    return f"schema-name {names!r}"


ODD_VALUES: dict[str, list[Any]] = {
    "enum": [
        [1, True, 0, False, 1.0],
        [math.inf, math.nan],
        ["a", 1, None],
        ["\U0001f600", "a"],
        ["class", "None", "True"],
        ["a-b", "a_b", "A B"],
        ["", " "],
        [10**400],
        [[1], [1]],
        [{"a": 1}],
        ["\x00"],
        [1.5, 2.5],
        [-0.0, 0],
        ["\ud800"],
    ],
    "const": ["\U0001f600", 10**400, math.inf, "\x00", {"a": [1]}, [], None, True, "\ud800", "e\u0301"],
    "default": [10**400, {"a": {"b": 1}}, "\x00", math.nan],
    "minimum": [10**400, 1e308, -1e308],
    "maximum": [-(10**400)],
    "maxLength": [10**30],
}
ODD_TEXT = [
    "\x00",
    "a\x00b",
    '"""',
    "\\",
    "'''",
    "\r\n",
    "\u2028",
    "*/",
    "\x1b[31m",
    "{{ x }}",
    "{% raw %}",
    "x" * 20_000,
]


def m_value(ctx: Context) -> str:
    """A property gets an odd enum, const, default or bound; or a description gets odd text."""
    path = ctx.pick(ctx.live_schemas())
    if path is None:
        return "value none"
    node = get(ctx.document, path)
    if ctx.rng.random() < 0.35:
        key = ctx.rng.choice(["description", "title"])
        text = ctx.rng.choice(ODD_TEXT)
        node[key] = ctx.rng.choice([text, f"before {text} after"])
        return f"value {key}={text[:20]!r}"  # meaning kept: the examples still parse
    keyword = ctx.rng.choice(list(ODD_VALUES))
    value = ctx.rng.choice(ODD_VALUES[keyword])
    target = node
    if isinstance(node.get("properties"), dict) and node["properties"] and ctx.rng.random() < 0.7:
        target = node["properties"].setdefault("odd", {})
        if not isinstance(target, dict):
            target = node["properties"]["odd"] = {}
    for drop in ("$ref", "type", "enum", "const"):
        target.pop(drop, None) if keyword in ("enum", "const") else None
    target[keyword] = value
    ctx.yaml_only |= has_non_finite(value)
    ctx.neutral = False
    return f"value {keyword}={short(value)}"


def has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(has_non_finite(v) for v in value)
    if isinstance(value, dict):
        return any(has_non_finite(v) for v in value.values())
    return False


def short(value: Any) -> str:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = repr(value)
    finally:
        sys.set_int_max_str_digits(limit)
    return text if len(text) <= 40 else text[:30] + f"...({len(text)})"


def nested(kind: str, levels: int) -> Any:
    value: Any = {"type": "string"}
    for _ in range(levels):
        if kind == "object":
            value = {"type": "object", "properties": {"a": value}}
        elif kind == "array":
            value = {"type": "array", "items": value}
        elif kind == "allOf":
            value = {"allOf": [value]}
        else:
            value = {"anyOf": [value, {"type": "null"}]}
    return value


def m_deep(ctx: Context) -> str:
    """Deep nesting, long ``$ref`` chains, wide unions and objects under a reachable object."""
    path = ctx.pick(ctx.objects())
    if path is None:
        return "deep none"
    properties = get(ctx.document, path)["properties"]
    kind = ctx.rng.choice(["object", "array", "allOf", "anyOf", "chain", "chain", "wide", "alternatives"])
    levels = ctx.rng.choice([120, 220, 450, 1000])
    ctx.neutral = False
    if kind == "chain":
        definitions, prefix = ctx.definitions()
        for index in range(levels):
            definitions[f"Chain{index}"] = {"$ref": f"{prefix}Chain{index + 1}"}
        definitions[f"Chain{levels}"] = {"type": "string"}
        properties["deep"] = {"$ref": f"{prefix}Chain0"}
    elif kind == "wide":
        levels = ctx.rng.choice([3000, 6000])
        properties["deep"] = {"type": "object", "properties": {f"p{i}": {"type": "integer"} for i in range(levels)}}
    elif kind == "alternatives":
        levels = ctx.rng.choice([300, 2100])
        alternatives = [
            {"type": "object", "properties": {"kind": {"const": f"k{i}"}}, "required": ["kind"]} for i in range(levels)
        ]
        properties["deep"] = {"oneOf": alternatives}
    else:
        properties["deep"] = nested(kind, levels)
    return f"deep {kind} {levels}"


BOMB = (
    "["
    + ", ".join([f"&b0 [{', '.join(['lol'] * 9)}]"] + [f"&b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, 9)])
    + "]"
)
TAGGED = [
    "!!timestamp 2001-12-14t21:59:43.10-05:00",
    "2001-12-14",
    "!!set {a, b}",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system [echo hi]",
    "!!python/name:os.system",
    "!custom x",
    "!!int abc",
    "!!omap [a: 1, b: 2]",
    "&loop [*loop]",
]


def m_yaml(ctx: Context) -> str:
    """YAML-only tricks: alias bombs, recursive aliases, tags, duplicate and non-string keys."""
    path = ctx.pick(ctx.live_schemas())
    if path is None:
        return "yaml none"
    node = get(ctx.document, path)
    kind = ctx.rng.choice(["bomb", "tag", "duplicate", "key", "merge"])
    ctx.yaml_only = True
    if kind == "bomb":
        where = ctx.rng.choice(["x-unused", "enum", "default", "const", "top"])
        if where == "top":
            ctx.document["x-bomb"] = Raw(BOMB)
        else:
            node[where] = Raw(BOMB)
        ctx.neutral = False
        return f"yaml bomb in {where}"
    if kind == "tag":
        text = ctx.rng.choice(TAGGED)
        where = ctx.rng.choice(["const", "default", "enum", "example", "description"])
        node[where] = Raw(f"[{text}]" if where == "enum" else text)
        ctx.neutral = where in ("example", "description") and "loop" not in text
        return f"yaml tag {text.split(' ')[0]} in {where}"
    if kind == "duplicate":
        key = ctx.rng.choice([k for k in node if k != "$ref"] or ["type"])
        other = {"type": "integer"} if key == "properties" else ctx.rng.choice(["integer", ["a"], {}, None])
        pairs = Pairs(node.items())
        pairs.append((key, other))
        replace(ctx.document, path, pairs)
        ctx.expect_if_live(path, "duplicate", "twice", "more than once")
        return f"yaml duplicate key {key!r}"
    if kind == "key":
        properties = node.get("properties")
        key = ctx.rng.choice([1, None, True, 1.5, "[a]"])
        text_key = Raw("[a]") if key == "[a]" else key
        if isinstance(properties, dict):
            properties_pairs = Pairs(properties.items())
            properties_pairs.append((text_key, {"type": "string"}))
            node["properties"] = properties_pairs
        else:
            node_pairs = Pairs(node.items())
            node_pairs.append((text_key, "x"))
            replace(ctx.document, path, node_pairs)
        ctx.neutral = False
        return f"yaml key {key!r}"
    # a merge key: valid YAML 1.1, read by safe loaders
    node["properties"] = node.get("properties") if isinstance(node.get("properties"), dict) else {}
    node["properties"]["base"] = Raw("&base {type: string}")
    node["properties"]["merged"] = Pairs([(Raw("<<"), Raw("*base")), ("description", "merged")])
    ctx.neutral = False
    return "yaml merge key"


def replace(document: Any, path: Path_, value: Any) -> None:
    parent = get(document, path[:-1]) if path else None
    if parent is None:
        return
    parent[path[-1]] = value


def m_bytes(ctx: Context) -> str:
    """Text-level damage: a BOM, UTF-16, a bad byte, a NUL, a cut, JSON's non-numbers."""
    kind = ctx.rng.choice(["bom", "utf16", "bad-byte", "bad-byte-start", "nul", "cut", "tab", "documents"])
    if kind == "bom":
        ctx.byte_patches.append(lambda data: b"\xef\xbb\xbf" + data)
    elif kind == "utf16":
        ctx.byte_patches.append(lambda data: data.decode("utf-8", "surrogateescape").encode("utf-16", "replace"))
    elif kind == "bad-byte":
        ctx.neutral = False
        ctx.byte_patches.append(lambda data: data.replace(b"type", b"ty\xffpe", 1))
    elif kind == "bad-byte-start":
        ctx.neutral = False
        ctx.byte_patches.append(lambda data: b"\xc3\x28" + data)
    elif kind == "nul":
        ctx.neutral = False
        ctx.byte_patches.append(lambda data: data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :])
    elif kind == "cut":
        ctx.neutral = False
        where = ctx.rng.random()
        ctx.byte_patches.append(lambda data: data[: int(len(data) * where)])
    elif kind == "tab":
        ctx.yaml_only = True
        ctx.neutral = False
        ctx.patches.append(lambda text: text.replace("\n  ", "\n\t", 1))
    else:
        ctx.yaml_only = True
        ctx.neutral = False
        ctx.patches.append(lambda text: text + "\n---\nopenapi: 3.1.0\n")
    return f"bytes {kind}"


def m_discriminator(ctx: Context) -> str:
    """A union's discriminator made odd: an integer tag, an alternative without a fixed tag, ``{}``..."""
    path = ctx.pick(ctx.unions())
    if path is None:
        return "discriminator none"
    node = get(ctx.document, path)
    key = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
    alternatives = node[key]
    current = node.get("discriminator")
    tag = current.get("propertyName", "type") if isinstance(current, dict) else "type"
    ctx.neutral = False
    kind = ctx.rng.choice(["integer", "free", "empty", "true", "mapping", "mapping-missing", "name", "unknown"])
    if kind == "integer":
        for index, alternative in enumerate(alternatives):
            target = resolve(ctx.document, alternative)
            if isinstance(target, dict):
                target.setdefault("properties", {})["n"] = {"type": "integer", "const": index}
        node["discriminator"] = {"propertyName": "n"}
        ctx.expect_if_live(path, "discriminator", "propertyName", "integer")
    elif kind == "free":
        alternatives.append({"type": "object", "properties": {tag: {"type": "string"}}, "required": [tag]})
        node.setdefault("discriminator", {"propertyName": tag})
        ctx.expect_if_live(path, tag, "discriminator")
    elif kind in ("empty", "true"):
        alternatives.append({} if kind == "empty" else True)
    elif kind == "mapping":
        node["discriminator"] = {"propertyName": tag, "mapping": ctx.rng.choice([[], {"a": 5}, "x", {"": ""}])}
        ctx.expect_if_live(path, "mapping")
    elif kind == "mapping-missing":
        node["discriminator"] = {"propertyName": tag, "mapping": {"zz": "#/components/schemas/Nope"}}
    elif kind == "name":
        node["discriminator"] = {"propertyName": ctx.rng.choice(["", "nope", 5, None])}
    else:
        node["discriminator"] = {"propertyName": tag, "mapping": {"\U0001f600": "NotThere"}}
    if ctx.seed.kind != "openapi":
        ctx.expect = ()  # an OpenAPI keyword: elsewhere only read where the generator chooses to
    return f"discriminator {kind}"


def resolve(document: Any, value: Any) -> Any:
    for _ in range(20):
        ref = value.get("$ref") if isinstance(value, dict) else None
        target = pointer_path(ref) if isinstance(ref, str) else None
        if target is None:
            return value
        try:
            value = get(document, target)
        except (KeyError, IndexError, TypeError):
            return None
    return value


VERSIONS = {
    "openapi": ["2.0", "4.0.0", "banana", 3.1, "3.0", ""],
    "asyncapi": ["1.2.0", "9.9.9", 2.6, ""],
    "jsonschema": [
        "http://json-schema.org/draft-03/schema#",
        "http://json-schema.org/draft-99/schema#",
        5,
        "https://example.invalid/meta",
    ],
}
WRONG_VERSIONS = {"2.0", "4.0.0", "banana", "1.2.0", "9.9.9", "", 5}


def m_version(ctx: Context) -> str:
    """The document's version or ``$schema`` changed to one eventgen does not read."""
    key = {"openapi": "openapi", "asyncapi": "asyncapi", "jsonschema": "$schema"}[ctx.seed.kind]
    value = ctx.rng.choice(VERSIONS[ctx.seed.kind])
    if ctx.rng.random() < 0.2 and ctx.seed.kind == "openapi":
        key, value = "swagger", "2.0"
    ctx.document[key] = value
    ctx.neutral = False
    if key != "swagger" and (value in WRONG_VERSIONS or "draft-0" in str(value) or "draft-99" in str(value)):
        ctx.expect = (key, "version", "draft")
    return f"version {key}={value!r}"


PACKAGES = ["json", "typing", "class", "1abc", "a-b", "os", "_runtime", "é", "None", "pkg.sub", "events"]
BROKEN_TEMPLATE = "{% if %}\n"


def m_command(ctx: Context) -> str:
    """An odd command line: package name, ``--out`` on a file, a broken template or overlay, odd roots."""
    kind = ctx.rng.choice(["package", "out-file", "template", "overlay", "config", "root"])
    ctx.neutral = kind == "package"
    if kind == "package":
        ctx.package = ctx.rng.choice(PACKAGES)
        return f"command --package {ctx.package}"
    if kind == "out-file":
        ctx.out_is_file = True
        return "command --out names a file"
    if kind == "template":
        name = ctx.rng.choice(["models.py.jinja", "__init__.py.jinja", "events.py.jinja"])
        ctx.files[f"templates/{name}"] = BROKEN_TEMPLATE.encode()
        ctx.args += ["--templates", "<case>/templates"]
        return f"command --templates with a broken {name}"
    if kind == "overlay":
        overlays = [
            {
                "overlay": "1.0.0",
                "info": {"title": "t", "version": "1"},
                "actions": [{"target": "$..[", "remove": True}],
            },
            {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": "x"},
            ["not", "an", "overlay"],
            {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": 5, "update": {}}]},
        ]
        which = ctx.rng.randrange(len(overlays))
        ctx.files["overlay.yaml"] = yaml.safe_dump(overlays[which]).encode()
        ctx.args += ["--overlay", "<case>/overlay.yaml"]
        ctx.neutral = False
        return f"command --overlay broken #{which}"
    if kind == "config":
        which = ctx.rng.randrange(4)
        spec = "tree/spec"
        lines = {
            0: "overlays: nope.yaml\n",
            1: "roots: [a, b]\n",
            2: "rootz: {}\n",
            3: "package: pkg\npackage: other\n",
        }[which]
        ctx.files["eventgen.yaml"] = f"spec: {spec}<suffix>\n{lines}".encode()
        ctx.args += ["--config", "<case>/eventgen.yaml"]
        ctx.neutral = False
        if which in (2, 3):
            ctx.expect = ("rootz", "package", "duplicate", "unknown")
        return f"command --config #{which} {lines.strip()!r}"
    ctx.neutral = False
    alias = ctx.rng.choice(["class", "json", "foo bar", "", "ÄÖ", "a" * 100, "event=x", "fooBar"])
    target = ctx.rng.choice(["#/info", "#/components/schemas/Nope", "Any*Nope", "#"])
    if ctx.rng.random() < 0.5:
        ctx.args += ["--root", f"{alias}=" + (ctx.seed.roots[0].partition("=")[2] if ctx.seed.roots else "incoming")]
        return f"command --root alias {alias!r}"
    ctx.args += ["--root", f"event={target}"]
    if target == "#/info" or (target == "#" and ctx.seed.kind != "jsonschema"):
        ctx.expect = ("#/info", "root", "not a schema") if target == "#/info" else ("root",)
    return f"command --root event={target}"


PROBE_NAMES = ["_KEYS", "class", "from_dict", "to_dict", "set_aside", "extra", "lenient", "self", "data", "\U0001f600"]
PROBE_NAMES += ["a-b", "__init__", "__slots__", "__class__", "UNSET", "x", "_", "None", "", "ﬁ"]
PROBE_ENUMS: list[list[Any]] = [
    [1, True, 0, False, 1.0],
    ["\U0001f600", "a"],
    ["a", 1, None],
    [10**30, 1],
    ["", " "],
    ["class", "None", "True"],
    [1.5, 2],
    ["e\u0301", "\u00e9"],
]
PROBE_CONSTS: list[Any] = ["\U0001f600", "\U0001f600\U0001f600 x", "e\u0301", 10**30, True, {"a": 1}, [1, "x"], "\x00"]


def m_probe(ctx: Context) -> str:
    """An event of the seed's examples gets a property with an odd name, enum or const, and the
    example gets a value for it: the package must give that event back whole, as its own class."""
    if not ctx.seed.examples:
        return m_value(ctx)
    index = ctx.rng.randrange(len(ctx.seed.examples))
    alias, payload, name = ctx.seed.examples[index]
    schema = ctx.document.get("components", {}).get("schemas", {}).get(name)
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict) or not isinstance(payload, dict):
        return "probe none"
    kind = ctx.rng.choice(["name", "enum", "const"])
    ctx.neutral = False
    if kind == "name":
        added = ctx.rng.choice(PROBE_NAMES)
        schema["properties"][added] = {"type": "string"}
        ctx.probes = [(alias, {**payload, added: "v"}, index)]
        return f"probe name {added!r}"
    values = ctx.rng.choice(PROBE_ENUMS) if kind == "enum" else [ctx.rng.choice(PROBE_CONSTS)]
    schema["properties"]["odd"] = {"enum": values} if kind == "enum" else {"const": values[0]}
    ctx.probes = [(alias, {**payload, "odd": value}, index) for value in values]
    return f"probe {kind} {short(values if kind == 'enum' else values[0])}"


MUTATIONS: list[tuple[str, Callable[[Context], str], int]] = [  # name, mutation, weight
    ("keyword", m_keyword, 6),
    ("ref", m_ref, 4),
    ("name", m_property_name, 3),
    ("schema-name", m_schema_name, 2),
    ("value", m_value, 4),
    ("deep", m_deep, 2),
    ("yaml", m_yaml, 3),
    ("bytes", m_bytes, 2),
    ("discriminator", m_discriminator, 2),
    ("version", m_version, 1),
    ("command", m_command, 2),
    ("probe", m_probe, 3),
]


# -- writing a case ------------------------------------------------------------------------------------


def yaml_string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(c):04x}" if 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029\ufeff" else c
        for c in quoted
    )


def scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        return (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    return yaml_string(str(value))


def int_text(value: int) -> str:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return str(value)
    finally:
        sys.set_int_max_str_digits(limit)


def flow(value: Any) -> str:
    """YAML in flow style (JSON-like), with duplicate and non-string keys and raw parts."""
    if isinstance(value, (Pairs, dict)):
        items = list(value) if isinstance(value, Pairs) else list(value.items())
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def plain(value: Any) -> bool:
    """Whether JSON can say it (no Raw, Pairs or non-finite numbers)."""
    if isinstance(value, (Raw, Pairs)):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return True


def render(ctx: Context, rng: random.Random) -> tuple[bytes, str]:
    """The spec's bytes and its suffix: JSON when the seed was JSON and JSON can say it, else YAML."""
    as_json = not ctx.yaml_only and plain(ctx.document)
    as_json &= ctx.seed.path.suffix == ".json" or surrogates(ctx.document)  # YAML has no lone surrogates
    if as_json:
        with_limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            text = json.dumps(ctx.document, indent=1)
        finally:
            sys.set_int_max_str_digits(with_limit)
        suffix = ".json"
    elif plain(ctx.document) and not ctx.patches and rng.random() < 0.5 and small(ctx.document):
        text = yaml.dump(ctx.document, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=1_000_000)
        suffix = ".yaml"
    else:
        text = flow(ctx.document) + "\n"
        suffix = ".yaml"
    for patch in ctx.patches:
        text = patch(text)
    data = text.encode("utf-8", "surrogatepass")
    for byte_patch in ctx.byte_patches:
        data = byte_patch(data)
    return data, suffix


def surrogates(value: Any) -> bool:
    """Whether a string in ``value`` (a key or a value) holds a lone surrogate."""
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(surrogates(k) or surrogates(v) for k, v in value.items())
    return isinstance(value, list) and any(surrogates(v) for v in value)


def small(document: Any) -> bool:
    """Block YAML is written only for documents the C dumper can take (not too deep)."""
    depth, todo = 0, [(document, 0)]
    while todo:
        value, level = todo.pop()
        depth = max(depth, level)
        if depth > 60:
            return False
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        todo += [(child, level + 1) for child in children]
    return True


@dataclass
class Case:
    """A case ready to run: the files to write and the command to run on them."""

    number: int
    seed: Seed
    labels: list[str]
    spec: bytes
    suffix: str
    ctx: Context

    @property
    def families(self) -> str:
        return "+".join(label.split(" ")[0] for label in self.labels)


def make_case(seeds: list[Seed], run_seed: int, number: int, only: str | None = None, keep: int | None = None) -> Case:
    """Case ``number`` of the run ``run_seed``: the same on every run and in every process. With
    ``keep``, only that one of its mutations is applied (the others draw the same random numbers on
    a scratch copy), to tell which of two mutations a finding needs."""
    rng = random.Random(f"{run_seed}:{number}")
    seed = rng.choice(seeds)
    document = seed.document()
    schemas = [path for path, value in walk(document) if is_schema(path, value)]
    ctx = Context(rng, seed, document, reachable(seed, document), schemas)
    labels: list[str] = []
    skipped: list[str] = []
    count = 1 if rng.random() < 0.7 else 2
    for _ in range(count):
        if only:
            mutation = next(m for name, m, _ in MUTATIONS if name == only)
        else:
            mutation = rng.choices([m for _, m, _ in MUTATIONS], [w for _, _, w in MUTATIONS])[0]
        if keep is not None and keep != len(labels) + len(skipped):
            scratch = Context(rng, seed, copy.deepcopy(ctx.document), ctx.live, ctx.schemas)
            skipped.append(mutation(scratch))
            continue
        labels.append(mutation(ctx))
        if not plain(ctx.document):
            break  # mappings written as pairs cannot be walked again
        ctx.live = reachable(seed, ctx.document)
    spec, suffix = render(ctx, rng)
    return Case(number, seed, labels, spec, suffix, ctx)


# -- running a case ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of a case: accepted, refused, or a finding of some kind."""

    number: int
    labels: list[str]
    seed: str
    verdict: str  # accepted, refused, finding
    kind: str = ""  # the finding's kind
    detail: str = ""
    seconds: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict)  # the reproducer, when a finding
    command: list[str] = field(default_factory=list)  # argv, the case's folder written as CASE_DIR
    stderr: str = ""
    package_dir: str = ""  # accepted: where the package was kept for mypy (when sampled)
    size: int = 0


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(argv: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str]:
    """Run ``argv`` with the limits; (exit code or None on timeout, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "EVENTGEN_DEBUG"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=err, preexec_fn=limit_memory, start_new_session=True
        )
        try:
            code: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the formatter it started, if any
        process.wait()
        out.seek(0)
        err.seek(0)
        return code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


FORK = True  # run eventgen in a child forked from a process that imported it (--exec: a fresh interpreter)
DEFAULT_RECURSION = 1000  # what `python -m generator` starts with
FRESH_DEPTH = 3  # frames under the call of main() in `python -m generator` (runpy's two, then __main__)


def stack_depth() -> int:
    """Frames under the caller's: the recursion limit counts them, so the child's limit adds them."""
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def run_forked(args: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str]:
    """``eventgen ARGS`` in a forked child, with the limits of ``run_limited``: the same code as a
    fresh ``python -m generator`` without paying for the interpreter and the imports each time."""
    import generator.cli

    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                os.setsid()
                limit_memory()
                os.chdir(cwd)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (as a fresh interpreter has them)
                sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
                os.environ.pop("EVENTGEN_DEBUG", None)
                sys.setrecursionlimit(DEFAULT_RECURSION + stack_depth() - FRESH_DEPTH)
                code = generator.cli.main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                with contextlib.suppress(BaseException):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + timeout
        status: int | None = None
        while status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(raw)
            elif time.monotonic() > deadline:
                break
            else:
                time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # on a timeout, and the formatter it started, if any
        if status is None:
            os.waitpid(pid, 0)
        err.seek(0)
        return status, "", err.read().decode("utf-8", "replace")


CHECK_SCRIPT = r"""
import importlib, json, os, sys
out, package = sys.argv[1], sys.argv[2]
with open(sys.argv[3], encoding="utf-8") as handle:
    examples = json.load(handle)
def done(**report):
    print(json.dumps(report)); sys.exit(0)
for folder, _, names in os.walk(os.path.join(out, package)):
    for name in sorted(names):
        if name.endswith(".py"):
            path = os.path.join(folder, name)
            try:
                compile(open(path, "rb").read(), path, "exec")
            except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
                done(compile=f"{name}: {type(exc).__name__}: {exc}"[:300])
sys.path.insert(0, out)
try:
    module = importlib.import_module(package)
except BaseException as exc:
    done(imports=f"{type(exc).__name__}: {exc}"[:300])
where = os.path.realpath(getattr(module, "__file__", "") or "")
if not where.startswith(os.path.realpath(out) + os.sep):
    done(imports=f"Shadowed: import {package} gives {where or 'a namespace'}, not the generated package")
failed = []
for index, (alias, payload) in enumerate(examples):
    try:
        event = getattr(module, "parse_" + alias)(payload)
    except Exception as exc:
        failed.append([index, f"parse_{alias}: {type(exc).__name__}: {str(exc)[:200]}"])
        continue
    name = type(event).__name__
    if name.startswith("Unknown"):
        failed.append([index, f"parse_{alias} gives {name}, not the event's class"])
    elif getattr(event, "set_aside", ()):
        failed.append([index, f"parse_{alias} sets aside {event.set_aside}"])
    else:
        back = json.dumps(event.to_dict(), sort_keys=True)
        if back != json.dumps(payload, sort_keys=True):
            failed.append([index, f"to_dict() differs from the payload: {back[:200]}"])
done(examples=failed)
"""


def python() -> str:
    return sys.executable


def case_command(case: Case, case_dir: Path, out: Path, package: str) -> list[str]:
    spec = case_dir / "tree" / f"spec{case.suffix}"
    args = [a.replace("<case>", str(case_dir)) for a in case.ctx.args]
    uses_config = "--config" in args
    argv = [python(), "-m", "generator", "generate"]
    if not uses_config:
        argv += ["--spec", str(spec)]
    if not any(a == "--root" for a in args):
        argv += [r for root in case.seed.roots for r in ("--root", root)]
    return [*argv, *args, "--package", package, "--out", str(out)]


def write_case(case: Case, case_dir: Path) -> None:
    tree = case_dir / "tree"
    tree.mkdir(parents=True)
    for side in case.seed.side:
        if side.is_dir():
            shutil.copytree(side, tree / side.name)
        else:
            shutil.copy(side, tree / side.name)
    spec = outside_refs(case.spec.decode("utf-8", "surrogateescape"), case_dir)
    (tree / f"spec{case.suffix}").write_bytes(spec.encode("utf-8", "surrogateescape"))
    (case_dir / "outside.yaml").write_text(OUTSIDE_TEXT)
    (case_dir / "cwd").mkdir()
    for name, data in case.ctx.files.items():
        path = case_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.replace(b"<suffix>", case.suffix.encode()))


def snapshot_files(case_dir: Path) -> dict[str, bytes]:
    """The reproducer's files (the spec, what it refers to, the extra files), relative to the case."""
    files = {}
    for path in sorted(case_dir.rglob("*")):
        relative = path.relative_to(case_dir).as_posix()
        if path.is_file() and not relative.startswith(("out/", "cwd/")) and "__pycache__" not in relative:
            files[relative] = path.read_bytes()
    return files


def refusal_problems(
    stderr: str, case_dir: Path, given: list[str], out: Path, usage: bool = False
) -> list[tuple[str, str]]:
    """How an exit-2 run breaks the contract of one clean message (``usage``: a bad command line may
    be told in one line without a file)."""
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    found: list[tuple[str, str]] = []
    if usage and len(lines) == 1 and lines[0].startswith(PREFIX) and not lines[0][len(PREFIX) :].startswith("/"):
        return found
    for noise in ("<unicode string>", "<byte string>", 'in "<', "yaml.constructor", "position "):
        if noise in stderr:
            found.append(
                ("message-internals", f"the message shows the loader's internals ({noise!r}): {stderr[:200]!r}")
            )
            return found
    if len(lines) != 2 or not lines[0].startswith(PREFIX) or not lines[1].startswith(FIX) or not lines[1][7:]:
        found.append(("message-shape", f"stderr is not one error and one fix line: {stderr[-300:]!r}"))
        return found
    where = lines[0][len(PREFIX) :]
    file = re.split(r"#|: ", where, maxsplit=1)[0]
    named = Path(file) if Path(file).is_absolute() else case_dir / "cwd" / file
    allowed = [case_dir / "tree", *(Path(g) for g in given)]
    inside = any(named == a or a in named.parents for a in allowed)
    if not inside and not file.startswith("eventgen:") and not (named.exists() and case_dir in named.parents):
        found.append(("message-file", f"the message names {file!r}, not a file of the run: {lines[0][:200]!r}"))
    if len(lines[0]) > 1500:
        found.append(("message-long", f"the message is {len(lines[0])} characters long"))
    if out.exists() and out.is_dir():
        found.append(("out-touched", "--out was created although the run failed"))
    if lines[1].count("{") != lines[1].count("}") or lines[1].count("(") != lines[1].count(")"):
        found.append(("message-braces", f"unbalanced brackets in the fix: {lines[1][:200]!r}"))
    return found


def run_case(case: Case, work: Path, keep_for_mypy: Path | None = None) -> Outcome:
    """Generate from the case and check every invariant; the first broken one is the finding."""
    started = time.perf_counter()
    case_dir = work / f"case{case.number}"
    write_case(case, case_dir)
    package = case.ctx.package or f"p{case.number}"
    out = case_dir / "out"
    if case.ctx.out_is_file:
        out = case_dir / "out.txt"
        out.write_text("keep me\n")
    argv = case_command(case, case_dir, out, package)
    given = [a for a in argv[4:] if a.startswith(str(case_dir))]
    outcome = Outcome(case.number, case.labels, case.seed.name, "accepted", size=len(case.spec))
    outcome.command = [a.replace(str(case_dir), CASE_DIR) for a in argv]
    if FORK and argv[1:4] == ["-m", "generator", "generate"]:
        code, _, stderr = run_forked(argv[3:], case_dir / "cwd", TIMEOUT)
    else:
        code, _, stderr = run_limited(argv, case_dir / "cwd", TIMEOUT)
    outcome.stderr = stderr.replace(str(case_dir), "$CASE")

    def finding(kind: str, detail: str) -> Outcome:
        outcome.verdict, outcome.kind, outcome.detail = "finding", kind, detail
        outcome.files = {
            name: data.replace(str(case_dir).encode(), CASE_DIR.encode())
            for name, data in snapshot_files(case_dir).items()
        }
        outcome.seconds = time.perf_counter() - started
        return outcome

    if code is None:
        return finding("timeout", f"no answer within {TIMEOUT:.0f} s")
    if SECRET in stderr:
        return finding("reads-outside", f"the error quotes the file outside the spec's folder: {stderr[-200:]!r}")
    if "root:" in stderr and "/etc/passwd" in "".join(case.labels):
        return finding("reads-outside", "the error quotes /etc/passwd")
    internal = re.search(r"internal error \((\w+)", stderr)
    if internal:
        return finding(f"internal-error {internal.group(1)}", stderr.strip().splitlines()[-1][:300])
    if "Traceback" in stderr:
        return finding("traceback", stderr.strip().splitlines()[-1][:300])
    if code < 0:
        return finding("killed", f"killed by signal {-code} (memory limit {MEMORY >> 20} MiB?)")
    if code == 2:
        if case.ctx.out_is_file and out.read_text() != "keep me\n":
            return finding("out-touched", "--out named a file and the file was changed")
        usage = any(label.startswith("command") for label in case.labels)
        problems = refusal_problems(stderr, case_dir, given, out, usage)
        if problems:
            return finding(*problems[0])
        outcome.verdict = "refused"
        outcome.seconds = time.perf_counter() - started
        return outcome
    if code != 0:
        return finding(f"exit-{code}", stderr.strip()[-300:])
    if case.ctx.out_is_file:
        return finding("out-file-accepted", "--out named a file and generation claims success")
    if case.ctx.outside:
        leaked = SECRET in "".join(p.read_text("utf-8", "replace") for p in out.rglob("*.py"))
        return finding(
            "reads-outside",
            "a $ref out of the spec's folder was followed" + (" (and its text written)" if leaked else ""),
        )
    good = case.seed.good or []
    examples = [case.seed.examples[i][:2] for i in good] if case.ctx.neutral else []
    probes = [(alias, payload) for alias, payload, base in case.ctx.probes if base in good]
    report = check_package(out, package, [*examples, *probes])
    if "compile" in report:
        return finding("compile", report["compile"])
    if "imports" in report:
        return finding("import " + report["imports"].split(":")[0].split(" ")[0], report["imports"])
    failed = report.get("examples") or []
    if any(index >= len(examples) for index, _ in failed):
        first = next(message for index, message in failed if index >= len(examples))
        return finding("probe", f"an event with the added property does not come back whole: {first}")
    if failed:
        return finding("examples", f"{len(failed)} examples no longer come back whole: {failed[0][1]}")
    lint = subprocess.run(
        [str(Path(python()).parent / "ruff"), "check", "--isolated", "--output-format", "concise", str(out / package)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if lint.returncode != 0:
        codes = sorted(set(re.findall(r": ([A-Z]+[0-9]+) ", lint.stdout)))
        kind = "ruff " + ",".join(codes[:3]) if codes else "ruff-crash"
        return finding(
            kind, (lint.stdout + lint.stderr).strip().splitlines()[0][:300] if lint.stdout + lint.stderr else ""
        )
    if case.ctx.expect:
        warnings = [line for line in stderr.splitlines() if line.startswith("warning")]
        if not any(word in line for line in warnings for word in case.ctx.expect):
            return finding("silent", f"exit 0 without a warning naming any of {list(case.ctx.expect)}")
    if keep_for_mypy is not None:
        shutil.copytree(out / package, keep_for_mypy / package)
        outcome.package_dir = str(keep_for_mypy / package)
        outcome.files = snapshot_files(case_dir)
    outcome.seconds = time.perf_counter() - started
    return outcome


def check_package(out: Path, package: str, examples: list[tuple[str, Any]]) -> dict[str, Any]:
    """Compile, import, and parse each example (alias, payload): it must come back whole, as its class."""
    listed = out.parent / "examples.json"
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        listed.write_text(json.dumps(examples))
    finally:
        sys.set_int_max_str_digits(limit)
    code, stdout, stderr = run_limited(
        [python(), "-I", "-c", CHECK_SCRIPT, str(out), package, str(listed)], out.parent / "cwd", 60
    )
    lines = stdout.strip().splitlines()
    if code != 0 or not lines:
        return {"imports": f"the import check died (exit {code}): {stderr.strip()[-200:]}"}
    report: dict[str, Any] = json.loads(lines[-1])
    return report


# -- the run ------------------------------------------------------------------------------------------

_SEEDS: list[Seed] = []


def init_worker(shared: bool, fork: bool = True) -> None:
    global FORK
    FORK = fork
    _SEEDS[:] = all_seeds(shared)


def baseline_examples(seed: Seed, work: Path) -> list[int]:
    """The seed's examples that its unmutated package parses and gives back whole (once per process)."""
    if seed.good is None:
        kept: list[int] = []
        if seed.examples:
            case = Case(
                -1, seed, [], seed.path.read_bytes(), seed.path.suffix, Context(random.Random(0), seed, None, set(), [])
            )
            write_case(case, work / "baseline")
            argv = case_command(case, work / "baseline", work / "baseline" / "out", "base")
            if run_limited(argv, work / "baseline" / "cwd", TIMEOUT)[0] == 0:
                listed = [example[:2] for example in seed.examples]
                report = check_package(work / "baseline" / "out", "base", listed)
                if "examples" in report:
                    failed = {index for index, _ in report["examples"]}
                    kept = [index for index in range(len(seed.examples)) if index not in failed]
            shutil.rmtree(work / "baseline", ignore_errors=True)
        seed.good = kept
    return seed.good


def work_one(job: tuple[int, int, int, str, str | None, int | None]) -> Outcome:
    run_seed, number, mypy_every, mypy_dir, only, keep = job
    case = make_case(_SEEDS, run_seed, number, only, keep)
    with tempfile.TemporaryDirectory(prefix="eventgen-specfuzz-") as tmp:
        if (case.ctx.neutral or case.ctx.probes) and case.seed.examples:
            baseline_examples(case.seed, Path(tmp))
        sampled = mypy_every and number % mypy_every == 0 and mypy_dir and case.ctx.package is None
        keep = Path(mypy_dir) / f"c{number}" if sampled else None
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
        outcome = run_case(case, Path(tmp), keep)
        if outcome.verdict != "finding" and not outcome.package_dir:
            outcome.files = {}
    return outcome


@dataclass
class Summary:
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    seconds: float = 0.0
    findings: dict[tuple[str, str], list[Outcome]] = field(default_factory=dict)  # (kind, mutations) -> cases
    shown: dict[tuple[str, str], Outcome] = field(default_factory=dict)  # the reproducer of each
    mypy: tuple[int, int] = (0, 0)  # packages checked, packages with errors

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        if outcome.verdict == "accepted":
            self.accepted += 1
        elif outcome.verdict == "refused":
            self.refused += 1
        else:
            self.findings.setdefault((outcome.kind, signature(outcome.labels)), []).append(outcome)

    def smallest(self) -> list[tuple[tuple[str, str], Outcome, int]]:
        return [
            (key, self.shown.get(key) or min(cases, key=lambda o: (o.size, o.number)), len(cases))
            for key, cases in sorted(self.findings.items())
        ]

    def regroup(self, single: dict[tuple[str, str], Outcome]) -> None:
        """Groups whose finding one mutation alone reproduces join that mutation's group."""
        merged: dict[tuple[str, str], list[Outcome]] = {}
        for key, cases in self.findings.items():
            alone = single.get(key)
            target = (alone.kind, signature(alone.labels)) if alone else key
            merged.setdefault(target, []).extend(cases)
            if alone and (target not in self.shown or alone.size < self.shown[target].size):
                self.shown[target] = alone
        self.findings = merged


def signature(labels: list[str]) -> str:
    """What a finding is filed under: each mutation's family and what it touched (``keyword maxLength``)."""
    parts = []
    for label in labels:
        family, _, rest = label.partition(" ")
        what = rest[:40] if rest.startswith(("[", "'", '"')) else rest.split(" ")[0].split("=")[0][:40]
        parts.append(f"{family} {what}".strip())
    return " + ".join(parts)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60]


def save(summary: Summary, folder: Path) -> None:
    """One reproducer per kind of finding: the smallest case that shows it."""
    shutil.rmtree(folder, ignore_errors=True)
    for (kind, family), outcome, count in summary.smallest():
        target = folder / slug(f"{kind} {family}")
        for name, data in outcome.files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data.replace(CASE_DIR.encode(), str(target.resolve()).encode()))
        target.mkdir(parents=True, exist_ok=True)
        (target / "cwd").mkdir(exist_ok=True)
        argv = [a.replace(CASE_DIR, str(target.resolve())) for a in outcome.command]
        (target / "command.txt").write_text(
            f"cd {shlex.quote(str((target / 'cwd').resolve()))} && {shlex.join(argv)}\n"
        )
        (target / "stderr.txt").write_text(outcome.stderr)
        note = f"{kind}: {outcome.detail}\ncase {outcome.number} (seed spec {outcome.seed}), {count} cases like it\n"
        (target / "note.txt").write_text(note + "mutations: " + "; ".join(outcome.labels) + "\n")


def run_mypy(packages: list[Outcome], summary: Summary, report: Callable[[str], None]) -> None:
    """mypy --strict over the sampled packages, 20 to a call; a package with errors is a finding."""
    mypy = str(Path(python()).parent / "mypy")
    bad = 0
    for start in range(0, len(packages), 20):
        batch = packages[start : start + 20]
        dirs = {str(Path(o.package_dir).parent): o for o in batch}
        env = {**os.environ, "MYPYPATH": os.pathsep.join(dirs)}
        argv = [mypy, "--strict", "--no-incremental", "--python-version", "3.10"]
        argv += [a for o in batch for a in ("-p", Path(o.package_dir).name)]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=1800)
        for _folder, outcome in dirs.items():
            errors = [
                line
                for line in done.stdout.splitlines()
                if f"{Path(outcome.package_dir).name}/" in line.replace(os.sep, "/") and ": error:" in line
            ]
            if errors:
                bad += 1
                outcome.verdict, outcome.kind, outcome.detail = "finding", "mypy", errors[0][:300]
                summary.findings.setdefault(("mypy", signature(outcome.labels)), []).append(outcome)
                summary.accepted -= 1
                report(f"finding mypy (case {outcome.number}): {errors[0][:200]}")
    summary.mypy = (len(packages), bad)


def shrink(summary: Summary, run_seed: int, only: str | None, pool: Any, report: Callable[[str], None]) -> None:
    """For each kind found in a case of two mutations, try each mutation alone on the smallest case."""
    tried = [(key, o) for key, o, _ in summary.smallest() if len(o.labels) == 2 and o.number >= 0]
    jobs = [(run_seed, o.number, 0, "", only, keep) for _, o in tried for keep in (0, 1)]
    if not jobs:
        return
    report(f"shrinking {len(tried)} kinds found with two mutations to one")
    outcomes = list(pool.imap(work_one, jobs) if pool is not None else map(work_one, jobs))
    single = {}
    for index, (key, original) in enumerate(tried):
        alone = [o for o in outcomes[2 * index : 2 * index + 2] if o.verdict == "finding" and o.kind == original.kind]
        if alone:
            single[key] = min(alone, key=lambda o: o.size)
    summary.regroup(single)


def run(
    cases: int,
    seed: int,
    jobs: int,
    report: Callable[[str], None],
    shared: bool = True,
    mypy_every: int = 0,
    numbers: list[int] | None = None,
    only: str | None = None,
    fork: bool = True,
    shrinking: bool = True,
) -> Summary:
    """Run the cases (``numbers``, or 0 to ``cases``-1) in ``jobs`` processes; the summary."""
    summary = Summary()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eventgen-specfuzz-mypy-") as mypy_dir:
        todo = [(seed, n, mypy_every, mypy_dir, only, None) for n in (numbers if numbers is not None else range(cases))]
        sampled: list[Outcome] = []
        if jobs == 1:
            init_worker(shared, fork)
            results: Iterator[Outcome] = map(work_one, todo)
            pool = None
        else:
            pool = multiprocessing.get_context("fork").Pool(jobs, init_worker, (shared, fork))
            results = pool.imap_unordered(work_one, todo, chunksize=4)
        try:
            for outcome in results:
                summary.add(outcome)
                if outcome.package_dir:
                    sampled.append(outcome)
                if outcome.verdict == "finding":
                    report(
                        f"finding {outcome.kind} (case {outcome.number}, {outcome.seed}: {'; '.join(outcome.labels)}): "
                        f"{outcome.detail[:240]}"
                    )
                if summary.cases % 500 == 0:
                    elapsed = time.perf_counter() - started
                    report(
                        f"{summary.cases:,} cases, {summary.cases / elapsed:.2f}/s, {len(summary.findings)} kinds found"
                    )
            if shrinking:
                shrink(summary, seed, only, pool, report)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        if sampled:
            run_mypy(sampled, summary, report)
    summary.seconds = time.perf_counter() - started
    return summary


def print_summary(summary: Summary, folder: Path | None) -> None:
    print(
        f"spec fuzz: {summary.cases:,} cases in {summary.seconds:.0f} s "
        f"({summary.cases / max(summary.seconds, 1e-9):.2f} cases/s), "
        f"{summary.accepted:,} accepted, {summary.refused:,} refused, "
        f"{sum(len(v) for v in summary.findings.values()):,} findings in {len(summary.findings)} kinds"
    )
    if summary.mypy[0]:
        print(f"  mypy --strict: {summary.mypy[0]} sampled packages, {summary.mypy[1]} with errors")
    for (kind, family), outcome, count in summary.smallest():
        where = f" -> {folder / slug(f'{kind} {family}')}" if folder else ""
        print(
            f"  {kind} [{family}] x{count}: {'; '.join(outcome.labels)} on {outcome.seed}: "
            f"{outcome.detail[:160]}{where}"
        )


def main(argv: list[str] | None = None) -> int:
    sys.setrecursionlimit(WRITER_RECURSION)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "1")))
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument(
        "--mypy-every", type=int, default=0, help="mypy --strict on the accepted packages of every Nth case"
    )
    parser.add_argument("--case", type=int, action="append", help="run only this case number (repeatable)")
    parser.add_argument("--only", choices=[name for name, _, _ in MUTATIONS], help="only this kind of mutation")
    parser.add_argument("--findings", default=str(FINDINGS), help="where the reproducers go")
    parser.add_argument("--no-shared", action="store_true", help="the in-repo seeds only")
    parser.add_argument("--exec", action="store_true", help="a fresh interpreter per run, not a forked child")
    args = parser.parse_args(argv)
    reason = shared_reason()
    if reason and not args.no_shared:
        print(f"spec fuzz: {reason}", flush=True)
    shared = not args.no_shared
    count = len(all_seeds(shared))
    print(
        f"spec fuzz: {args.cases:,} cases over {count} seed specs in {args.jobs} processes (seed {args.seed})",
        flush=True,
    )
    summary = run(
        args.cases,
        args.seed,
        args.jobs,
        lambda line: print(line, flush=True),
        shared,
        args.mypy_every,
        args.case,
        args.only,
        not args.exec,
    )
    folder = Path(args.findings)
    save(summary, folder)
    print_summary(summary, folder if summary.findings else None)
    return 1 if summary.findings else 0


if __name__ == "__main__":
    sys.exit(main())
