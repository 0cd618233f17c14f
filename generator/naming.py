"""Python names for everything the generator emits, chosen in one deterministic pass.

Component schemas keep their name. Inline definitions are named from where they
sit: parent name plus the property (``RealtimeResponse`` + ``usage`` ->
``RealtimeResponseUsage``), the singular of an array property, ``Value`` for map
values, or the discriminator value of a union alternative. A name already taken
gets a readable alternative, never a counter.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass

from . import ir
from .errors import UsageError
from .imports import SOURCES
from .refs import split_pointer

# Names the generated modules define or import, and Python's builtins: nothing else may use them.
RESERVED = frozenset([*(name for name in dir(builtins) if not name.startswith("_")), *SOURCES, "annotations"])
# Names a field must not take: its class's methods, the extras mapping, ``self`` (a
# parameter of ``__init__``), and names the class body uses (a field would shadow them).
FIELD_RESERVED = frozenset(
    [
        "extra",
        "set_aside",
        "to_dict",
        "from_dict",
        "self",
        "field",
        "no_extra",
        "ClassVar",
        "UNSET",
        "NO_EXTRA",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "Any",
        "Literal",
        "Mapping",
        "Unset",
        "None",
        "_KEYS",  # the class's JSON keys, read by from_dict and set_aside
        "classmethod",  # decorates from_dict, below the fields in the class body
        "frozenset",  # the type of _KEYS
    ]
)
SCHEMA_KEYWORDS = frozenset(
    [
        "properties",
        "items",
        "anyOf",
        "oneOf",
        "allOf",
        "additionalProperties",
        "patternProperties",
        "prefixItems",
        "not",
        "$defs",
        "definitions",
        "components",
        "schemas",
    ]
)
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def camel(text: str) -> str:
    """``input_token_details`` -> ``InputTokenDetails``; ``audio/pcm`` -> ``AudioPcm``."""
    parts = re.split(r"[^0-9A-Za-z]+", text)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def snake(name: str) -> str:
    """``RealtimeMCPToolCall`` -> ``realtime_mcp_tool_call``."""
    return re.sub(r"_+", "_", _WORD_BOUNDARY.sub("_", name)).strip("_").lower()


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def nfkc(name: str) -> str:
    """A name as Python reads it: identifiers are NFKC-normalised (``ﬁ`` is ``fi``, ``µ`` is ``μ``),
    so two names are the same name when their NFKC forms are equal."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def identifier(text: str, prefix: str) -> str:
    """A valid Python identifier for ``text``: invalid runs become ``_``."""
    name = re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_") or prefix
    if name[0].isdigit() or name.startswith("__"):
        name = prefix + "_" + name.lstrip("_")
    if keyword.iskeyword(name):  # soft keywords (match, case, type) are fine as names
        name += "_"
    return name


@dataclass(frozen=True)
class RootNames:
    alias: str  # ServerEvent
    unknown: str  # UnknownServerEvent
    table: str  # SERVER_EVENT_TYPES
    parse: str  # parse_server_event
    handler: str  # ServerEventHandler
    async_handler: str  # AsyncServerEventHandler

    @property
    def all(self) -> tuple[str, ...]:
        """Every name the root's entry points and handlers take in the package."""
        return (self.alias, self.unknown, self.table, self.parse, self.handler, self.async_handler)


def root_names(alias: str) -> RootNames:
    base = camel(alias) or "Root"
    table, parse = snake(base).upper() + "_TYPES", "parse_" + snake(base)
    return RootNames(base, "Unknown" + base, table, parse, base + "Handler", "Async" + base + "Handler")


class Namer:
    def __init__(
        self, definitions: dict[str, ir.Definition], roots: tuple[ir.Root, ...], preferred: dict[str, str] | None = None
    ) -> None:
        self.definitions = definitions
        self.preferred = preferred or {}  # location -> name, from the front end (schema or message names)
        self.taken: set[str] = set(RESERVED)
        self.snakes: set[str] = set()  # snake_case forms of the names claimed (functions are named after them)
        self.root_aliases: dict[str, str] = {}  # root key -> the name its alias takes
        owners: dict[str, str] = {}  # a name the entry points take -> the alias that takes it
        for root in roots:  # the entry points keep their names; a schema that has one moves aside
            for name in root_names(root.alias).all:
                if owners.setdefault(name, root.alias) != root.alias:
                    raise UsageError(
                        f"the roots {owners[name]!r} and {root.alias!r} both give the name {name} "
                        "(aliases are written in snake_case and CapWords): the package would define it twice; "
                        "rename one of the aliases",
                    )
            self.taken.update(root_names(root.alias).all)
            self.root_aliases[root.key] = root_names(root.alias).alias
        self.names: dict[str, str] = {}

    def own_schema_name(self, key: str) -> str | None:
        if key in self.preferred:
            return self.preferred[key]
        parts = split_pointer(key.partition("#")[2])
        if len(parts) >= 2 and (parts[-2] in ("$defs", "definitions") or parts[-3:-1] == ["components", "schemas"]):
            return parts[-1]
        return None

    def run(self) -> dict[str, str]:
        named = sorted(k for k in self.definitions if self.own_schema_name(k) is not None)
        as_is = [k for k in named if class_name(self.own_schema_name(k) or "") == self.own_schema_name(k)]
        for key in as_is + [k for k in named if k not in as_is]:  # names already valid keep them
            raw = self.own_schema_name(key) or ""
            self.claim(key, [class_name(raw), class_name(raw) + "Schema"])
        for key in sorted(self.definitions, key=lambda k: (k.count("/"), k)):
            self.name(key)
        return self.names

    def name(self, key: str) -> str:
        if key in self.names:
            return self.names[key]
        definition = self.definitions[key]
        hint = getattr(definition, "hint", None)
        if hint is not None and hint.parent in self.definitions and hint.parent != key:
            base = self.base(hint.parent)
            suffix = {
                "field": camel(hint.part),
                "item": camel(singular(hint.part)) or "Item",
                "value": camel(hint.part) + "Value",
            }.get(hint.role, camel(hint.part) or "Object")
            preferred = base + suffix
        else:
            preferred = self.from_pointer(key)
        kind = "Object" if isinstance(definition, ir.ObjectDef) else "Union"
        return self.claim(key, [preferred, preferred + kind, preferred + "Type"])

    def base(self, key: str) -> str:
        """The name inline parts of ``key`` start with: a root's alias, when the schema moved aside for
        it (``--root time_control=TimeControl``: ``TimeControlClock``, not ``TimeControlSchemaClock``)."""
        alias = self.root_aliases.get(key)
        wanted = self.own_schema_name(key)
        return alias if alias and wanted and class_name(wanted) == alias else self.name(key)

    def from_pointer(self, key: str) -> str:
        file, _, pointer = key.partition("#")
        words = [camel(p) for p in split_pointer(pointer) if p not in SCHEMA_KEYWORDS and not p.isdigit()]
        stem = camel(file.rsplit("/", 1)[-1].split(".", 1)[0]) if file else ""
        return identifier("".join(words) or stem or "Schema", "Schema")

    def claim(self, key: str, candidates: list[str]) -> str:
        """The first free candidate; a name is taken when it, or the function name made from it
        (``parse_<snake>``), is already used."""
        for name in candidates:
            if self.free(name):
                break
        else:
            name = candidates[0] + self.from_pointer(key)  # where it sits tells it apart
            while not self.free(name):
                name += "Alt"
        self.taken.add(name)
        self.snakes.add(snake(name))
        self.names[key] = name
        return name

    def free(self, name: str) -> bool:
        return name not in self.taken and snake(name) not in self.snakes


def class_name(raw: str) -> str:
    """A schema name as a class name: kept when it already is one (``RealtimeResponse``), else in
    CapWords (``issues$opened`` -> ``IssuesOpened``, ``installation-lite`` -> ``InstallationLite``)."""
    if is_identifier(raw) and raw[:1].isupper():
        return nfkc(raw)
    return identifier(camel(raw), "Schema")


def is_identifier(name: str) -> bool:
    """Is ``name`` usable as it is (in its NFKC form, which is how Python reads it)?"""
    name = nfkc(name)
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("__")


def field_names(json_names: list[str], used: frozenset[str] = frozenset()) -> list[str]:
    """Attribute names for an object's properties, in order; JSON keys stay as they are on the wire.

    A key that is already a usable name keeps it (in the NFKC form Python gives it); the others
    are converted and, on a clash, take a trailing underscore. ``used``: other names the class
    body reads (the classes its annotations name), which a field would shadow.
    """
    reserved = FIELD_RESERVED | used
    usable = [raw for raw in json_names if is_identifier(raw) and nfkc(raw) not in reserved]
    kept: dict[str, str] = {}  # property -> its name; of properties equal under NFKC, one keeps it
    taken: set[str] = set()
    for raw in sorted(usable, key=lambda raw: raw != nfkc(raw)):  # the one written as Python reads it first
        if nfkc(raw) not in taken:
            kept[raw] = nfkc(raw)
            taken.add(nfkc(raw))
    result = []
    for raw in json_names:
        if raw in kept:
            result.append(kept[raw])
            continue
        name = nfkc(raw) if is_identifier(raw) else identifier(raw, "field")
        if name in reserved:
            name += "_"
        while name in taken:
            name += "_"
        taken.add(name)
        result.append(name)
    return result
