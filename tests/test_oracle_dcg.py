"""datamodel-code-generator as an independent oracle: the same payloads go through eventgen and through
the pydantic v2 models that datamodel-codegen generates from the same spec, and the accept/reject
decisions are compared payload by payload.

How
---
In a temporary directory ``datamodel_code_generator.generate`` turns spec/realtime.yaml into pydantic v2
models (its default options, no formatter), and the module is imported next to the committed package.
When ../shared is present, the upstream OpenAI spec sliced to the realtime roots by ``eventgen subset``
goes through both tools as well (eventgen's package is then generated from the slice); without
../shared that half skips.

Payloads: every example (``examples:`` in our spec, ``x-oaiMeta.example`` upstream when it is JSON)
and, for each example both sides accept, every deterministic mutation of it: drop each property
(required ones included); set each property and array item to null; change each value to a value of
another JSON type (and each object or array to its own JSON text); write each integer as a float
(1 -> 1.0); replace each enum value with an unknown string; add an unknown property to each object;
break each value constraint the example reaches (maxLength, minimum, maximum, pattern, minItems,
format). A hypothesis sampler then puts random JSON at random places of our examples (1,000 draws,
derandomized).

Each payload is decided by
  * eventgen, strict: ``Cls.from_dict(payload, lenient=False)``, ``Cls`` the class named after the
    schema; and, for event schemas, the way applications call it: ``parse_client_event`` (strict) and
    ``parse_server_event`` (lenient). Rejection is ``ValidationError``; anything else raised fails.
  * pydantic: ``Model.model_validate(payload)``, ``Model`` the class datamodel-codegen made for the
    schema, and the ``RealtimeClientEvent`` / ``RealtimeServerEvent`` RootModel for the two dispatch
    modes. Rejection is ``pydantic.ValidationError``; anything else raised fails.
    Class names: datamodel-codegen keeps a component's name for its class unless the name clashes
    (then it appends a number; its inline classes get names like Type12). ``DCG_NAMES`` maps schema ->
    class for renames and is empty for both specs; test_dcg_models_are_the_schemas_they_are_named_after
    checks every pairing against the ``type`` constant of the schema, so a rename cannot pair wrong.

Both sides accept every example of our spec. Upstream, nine examples are not accepted by both; each is
listed in EXAMPLE_EXCEPTIONS with the reason (five send a null the upstream schema does not allow, four
contradict their own schema), and their disagreements are classified like the others.

A disagreement passes only when ``classify`` puts it in a class of DIFFERENCES (the table below). It is
a rule, not a list of payloads: it looks at the kind of change (drop, set, add and the new value), at
the place it touched (where eventgen rejects: the place its error points to; where eventgen accepts a
new object or array: each place inside it) and at what the schema says there (types, null, required,
enum, the tag of a union and whether it is an anyOf or a oneOf, value constraints, format), which a
small schema walker (``Schemas.place``) works out.

The differences ("right": who follows OpenAPI 3.1 and the JSON Schema 2020-12 it is built on)
-------------------------------------------------------------------------------------------------
optional-null (pydantic accepts; eventgen is right). datamodel-codegen types every optional property
    ``T | None = None``, so ``null`` passes where the schema has no null. In JSON Schema an absent
    property and ``null`` differ: null is valid only where the schema allows it (``type: 'null'``).
bool-as-number, string-as-number, scalar-as-bool (pydantic accepts; eventgen is right). pydantic's lax
    mode converts true/false into int and float fields, numeric strings ("7", "0.5") into numbers, and
    0/1, 0.0/1.0, "true", "yes", "on"... into booleans. In JSON Schema a boolean is not a number and a
    string is neither.
integral-float (pydantic accepts; either). ``7.0`` in an ``integer`` field. JSON Schema 2020-12 calls any
    number with a zero fractional part an integer, and pydantic agrees; OpenAPI 3.1 defines its integer
    as a JSON number without a fraction or exponent part, and eventgen, which keeps JSON types exact
    (``1`` stays an int, ``1.0`` a float), rejects it.
format (eventgen accepts; eventgen is right). ``format: uri`` becomes pydantic ``AnyUrl``, which checks
    the URL. OpenAPI 3.1's dialect leaves out the format-assertion vocabulary: format is an annotation,
    which is how eventgen reads it.
union-fallback (pydantic accepts; eventgen is right). A broken tag (``"type": null`` on an MCP tool,
    where MCPTool requires it) sends pydantic's smart union to another alternative that does not require
    the tag (RealtimeFunctionTool: nothing required, null allowed by optional-null, unknown keys
    ignored), which then takes the whole object. In JSON Schema that alternative does not match either.
    datamodel-codegen writes every oneOf/anyOf as one plain (smart) union: no "exactly one" check, and
    no discriminator where alternatives share a tag (the three ``message`` items of
    RealtimeConversationItem). An object matching several alternatives of a oneOf (invalid, and
    rejected by eventgen) would show as an undocumented disagreement: none is met today.
implied-tag, value-constraints, json-text-as-object (eventgen bugs this test found, now fixed; the
    classes stay, marked bug=True, so that a regression fails test_strict_client_events_have_no_known_
    eventgen_bug). implied-tag: RealtimeAudioFormats is an anyOf of three objects that pin ``type`` but
    none requires it, so ``{}`` matches (anyOf asks for at least one); eventgen now tries the
    alternatives that leave the tag out, in order. value-constraints: maxLength, minimum, maximum,
    pattern and minItems are assertions in JSON Schema; eventgen now checks them where it is strict
    (client events, from_dict with lenient=False). json-text-as-object: a nested ``from_dict`` given a
    string holding JSON text used to decode it; now only a mapping is an object.
constraint-dropped (pydantic accepts; eventgen is right). ``allowed_callers`` is ``anyOf: [array with
    minItems: 1, null]``; datamodel-codegen keeps the array type but drops minItems, so ``[]`` passes.
lenient-open-enum, lenient-unknown-tag, lenient-closed-object, lenient-value-constraints (eventgen
    accepts, in parse_server_event only; the schema sides with pydantic, eventgen departs on purpose).
    Server events are parsed leniently so that a server ahead of the spec does not break a session: an
    enum value the spec does not list is kept, an unknown event or item ``type`` becomes
    UnknownServerEvent / UnknownVariant, unknown properties are kept even in an object with
    ``additionalProperties: false``, and value constraints (maxLength, minimum...) are not checked.
lenient-set-aside (eventgen accepts, in parse_server_event only; eventgen departs on purpose). An optional
    property whose value has another JSON type than the schema's (a server that moved a field from a
    string to an object) is set aside: the field stays UNSET, the value is kept in ``extra`` and named in
    ``set_aside``, and ``to_dict`` sends it back.
unknown-client-event (eventgen accepts, in parse_client_event only; eventgen departs on purpose). An
    unknown top-level client ``type`` is kept as UnknownClientEvent so that a proxy can pass newer events
    on; pydantic's discriminated RootModel rejects the tag. ``Cls.from_dict`` still rejects it.

The bug classes are asserted apart, for client events (strict from_dict and parse_client_event), by
test_strict_client_events_have_no_known_eventgen_bug; the survey test counts them as documented so that
it keeps guarding against new, unexplained disagreements.

Differences that are not accept/reject decisions, so this test cannot see them: pydantic drops unknown
properties (extra='ignore') where eventgen keeps them in ``.extra``; pydantic fills in defaults
(``voice='alloy'``, ``tool_choice='auto'``) where eventgen keeps UNSET. Both accept an int in a
``number`` field. Both reject an unknown key in an object with ``additionalProperties: false``
(datamodel-codegen writes ``extra='forbid'``) and a wrong ``type`` constant (datamodel-codegen writes a
Literal or a one-member Enum, never a plain str, for every ``type`` of these specs).
"""

from __future__ import annotations

import copy
import enum
import json
import math
import re
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, get_args, get_origin

import pytest
import yaml
from conftest import ROOT, UPSTREAM, build_package, import_fresh, needs_upstream, read_example

pydantic = pytest.importorskip("pydantic", reason="pydantic comes with datamodel-code-generator (dev extra)")
dcg = pytest.importorskip("datamodel_code_generator", reason="datamodel-code-generator is in the dev extra")

SPEC = ROOT / "spec" / "realtime.yaml"
ROOTS = {"client": "RealtimeClientEvent", "server": "RealtimeServerEvent"}  # dispatch mode -> root union
Mode = Literal["strict", "client", "server"]  # Cls.from_dict(lenient=False) | parse_client_event | parse_server_event
Path_ = tuple[str | int, ...]


# -- the documented differences ----------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A class of principled disagreement between eventgen and datamodel-codegen's pydantic models."""

    accepted_by: Literal["eventgen", "pydantic"]  # the side that accepts the payload
    right: Literal["eventgen", "pydantic", "either", "by design"]  # who follows OpenAPI 3.1 / JSON Schema
    reason: str
    bug: bool = False  # eventgen is wrong: asserted by test_strict_client_events_have_no_known_eventgen_bug


DIFFERENCES: dict[str, Difference] = {  # class: (side that accepts, who is right, why); see the docstring
    "optional-null": Difference("pydantic", "eventgen", "datamodel-codegen makes every optional property nullable"),
    "bool-as-number": Difference("pydantic", "eventgen", "pydantic lax mode reads true/false as 1/0 in int/float"),
    "string-as-number": Difference("pydantic", "eventgen", 'pydantic lax mode parses "7", "0.5" into int/float'),
    "scalar-as-bool": Difference("pydantic", "eventgen", 'pydantic lax mode reads 0, 1, "true", "yes"... as bools'),
    "integral-float": Difference("pydantic", "either", "7.0 is an integer in JSON Schema 2020-12, not in OpenAPI 3.1"),
    "format": Difference("eventgen", "eventgen", "pydantic AnyUrl asserts format: uri; OpenAPI 3.1 only annotates"),
    "union-fallback": Difference("pydantic", "eventgen", "smart union falls back on an alternative without the tag"),
    "implied-tag": Difference("pydantic", "pydantic", "eventgen requires the type its anyOf dispatches on", bug=True),
    "value-constraints": Difference("eventgen", "pydantic", "eventgen ignores maxLength, minimum, pattern", bug=True),
    "json-text-as-object": Difference("eventgen", "pydantic", "nested from_dict decodes a JSON text string", bug=True),
    "lenient-open-enum": Difference("eventgen", "by design", "parse_server_event keeps an enum value not listed"),
    "lenient-unknown-tag": Difference("eventgen", "by design", "parse_server_event keeps an unknown event/item type"),
    "lenient-closed-object": Difference("eventgen", "by design", "parse_server_event keeps keys closed objects forbid"),
    "lenient-value-constraints": Difference("eventgen", "by design", "parse_server_event does not check maxLength..."),
    "constraint-dropped": Difference("pydantic", "eventgen", "datamodel-codegen drops minItems inside anyOf with null"),
    "unknown-client-event": Difference("eventgen", "by design", "parse_client_event keeps an unknown type for proxies"),
    "lenient-set-aside": Difference("eventgen", "by design", "parse_server_event sets a mistyped optional value aside"),
}

# Examples not accepted by both (in some mode), per corpus: schema -> why. Our spec has none. Their
# disagreements are classified like any other, at the place where eventgen's strict parse stops.
EXAMPLE_EXCEPTIONS: dict[str, dict[str, str]] = {
    "own": {},
    "upstream": {
        # A null where the upstream schema has none: pydantic takes it (optional-null), strict eventgen does
        # not. Our spec allows these nulls (x-eventgen-wire).
        "RealtimeServerEventConversationItemInputAudioTranscriptionFailed": "null error.param",
        "RealtimeServerEventResponseCreated": "null response.status_details",
        "RealtimeServerEventResponseDone": "null response.status_details",
        "RealtimeServerEventSessionCreated": "null session.audio.input.transcription",
        "RealtimeServerEventSessionUpdated": "null session.audio.input.transcription",
        # The example contradicts its own schema: both reject it; lenient eventgen keeps the odd value.
        "RealtimeServerEventConversationItemRetrieved": 'content part type "audio" (beta name of output_audio)',
        "RealtimeServerEventResponseOutputItemDone": 'content part type "text" (beta name of output_text)',
        "RealtimeServerEventInputAudioBufferDtmfEventReceived": "the type string starts with a space",
        "RealtimeTranscriptionSessionCreateResponseGA": 'beta-shaped session: "format": "pcm16"',
    },
}

# datamodel-codegen names a model after its schema unless the name clashes; no schema compared here is
# renamed. A rename (schema name -> model name) goes here; the pairing is checked by `type` either way.
DCG_NAMES: dict[str, str] = {}


# -- what the schema says at a place of a payload -----------------------------------------------

MISSING: Any = object()
CONSTRAINTS = (
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
)
URI_FORMATS = frozenset({"uri", "url", "uri-reference"})


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def node_types(node: dict[str, Any]) -> set[str]:
    """JSON types a schema without anyOf/oneOf allows; "any" when it does not say."""
    if "const" in node:
        return {json_type(node["const"])}
    if "enum" in node:
        return {json_type(value) for value in node["enum"]}
    kind = node.get("type")
    types = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()
    if not types:
        types = {"object"} if "properties" in node else {"array"} if "items" in node else {"any"}
    if node.get("nullable") is True:  # OpenAPI 3.0 style, still met in the upstream file
        types.add("null")
    return types


@dataclass(frozen=True)
class Place:
    """What the schema declares at one place of a payload, over every alternative that may apply there."""

    path: Path_
    alternatives: tuple[dict[str, Any], ...]  # the schemas of the value, unions flattened
    types: frozenset[str]
    required: bool  # every object schema that fits the enclosing object requires the key
    declared: bool  # ... declares it
    closed: bool  # every object schema that fits the enclosing object forbids undeclared keys
    tag: bool  # several alternatives of the enclosing union pin the key to different constants
    any_of: bool  # that union is an anyOf (at least one alternative must match), not a oneOf (exactly one)
    optional_elsewhere: bool  # an alternative of the enclosing union that does not fit it does not require the key
    keywords: dict[str, Any] = field(hash=False)  # value constraints at the place (maxLength, minimum...)
    formats: frozenset[str] = frozenset()

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    def enum(self, kind: str = "string") -> bool:
        """Some alternative is a closed list (an enum or a const) of values of JSON type ``kind``."""
        kinds = {kind, "number"} if kind == "integer" else {kind}
        return any(("enum" in a or "const" in a) and node_types(a) & kinds for a in self.alternatives)


class Schemas:
    """Just enough JSON Schema to find what applies at a place of a payload (for classifying, not validating)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> dict[str, Any]:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node if isinstance(node, dict) else {}

    def named(self, name: str) -> dict[str, Any]:
        return self.resolve({"$ref": f"#/components/schemas/{name}"})

    def alternatives(self, node: Any) -> list[dict[str, Any]]:
        return [alt for alt, _ in self.branches(node)]

    def branches(self, node: Any, union: str = "") -> list[tuple[dict[str, Any], str]]:
        """The alternatives of a schema, unions flattened, each with the keyword of its innermost union."""
        node = self.resolve(node)
        keyword = "anyOf" if node.get("anyOf") else "oneOf" if node.get("oneOf") else ""
        if not keyword:
            return [(node, union)]
        return [pair for branch in node[keyword] for pair in self.branches(branch, keyword)]

    def fits(self, node: dict[str, Any], value: Any) -> bool:
        """Does ``value`` look like an instance of ``node``: type, enum, const, required and pinned keys."""
        types, kind = node_types(node), json_type(value)
        if not ("any" in types or kind in types or (kind == "integer" and "number" in types)):
            return False
        if ("enum" in node and value not in node["enum"]) or ("const" in node and value != node["const"]):
            return False
        if isinstance(value, dict):
            if any(key not in value for key in node.get("required", ())):
                return False
            for key, sub in node.get("properties", {}).items():
                sub = self.resolve(sub)
                if key in value and ("enum" in sub or "const" in sub) and not self.fits(sub, value[key]):
                    return False
        return True

    def allows(self, place: Place, value: Any) -> bool:
        """Does some alternative at the place take the JSON type (and enum) of ``value``? Shallow."""
        return any(self.fits(alt, value) for alt in place.alternatives)

    def pinned(self, node: dict[str, Any], key: str | int | None) -> Any:
        """The one value ``node`` allows for property ``key``, or MISSING."""
        if not isinstance(key, str):
            return MISSING
        sub = self.resolve(node.get("properties", {}).get(key))
        values = sub.get("enum", [sub["const"]] if "const" in sub else [])
        return values[0] if len(values) == 1 else MISSING

    @staticmethod
    def child(node: dict[str, Any], step: str | int) -> Any:
        """The schema of ``node``'s item or property ``step``; None when ``node`` cannot have it."""
        if not node_types(node) & {"array" if isinstance(step, int) else "object", "any"}:
            return None
        if isinstance(step, int):
            return node.get("items", {})
        properties = node.get("properties", {})
        if step in properties:
            return properties[step]
        extra = node.get("additionalProperties", True)
        return extra if isinstance(extra, dict) else {} if extra is True else None

    def place(self, root: dict[str, Any], payload: Any, path: Path_) -> Place:
        """Walk ``path`` down ``payload``, keeping at each step the alternatives that fit the value there."""
        pairs = self.branches(root)
        value = payload
        parents: list[tuple[dict[str, Any], str]] = []
        siblings: list[dict[str, Any]] = []
        for step in path:
            parents = [(a, u) for a, u in pairs if value is MISSING or self.fits(a, value)] or pairs
            siblings = [a for a, _ in pairs]
            value = at(value, step)
            pairs = [pair for p, _ in parents if (c := self.child(p, step)) is not None for pair in self.branches(c)]
        alts = [a for a, _ in pairs]
        unions = {u for _, u in parents}
        key = path[-1] if path else None
        objects = [p for p, _ in parents if node_types(p) & {"object", "any"}]
        pins = {self.pinned(s, key) for s in siblings if "object" in node_types(s)} - {MISSING}
        keywords: dict[str, Any] = {}
        for alt in alts:
            keywords.update({k: alt[k] for k in CONSTRAINTS if k in alt})
        return Place(
            path=path,
            alternatives=tuple(alts),
            types=frozenset(t for a in alts for t in node_types(a)),
            required=bool(objects) and all(key in p.get("required", ()) for p in objects),
            declared=any(key in p.get("properties", {}) for p in objects),
            closed=bool(objects) and all(p.get("additionalProperties") is False for p in objects),
            tag=len(pins) > 1,
            any_of=unions == {"anyOf"},
            optional_elsewhere=any(
                key not in s.get("required", ()) for s in siblings if s not in objects and "object" in node_types(s)
            ),
            keywords=keywords,
            formats=frozenset(a["format"] for a in alts if isinstance(a.get("format"), str)),
        )


def at(value: Any, step: str | int) -> Any:
    try:
        return value[step]
    except (KeyError, IndexError, TypeError):
        return MISSING


def get(value: Any, path: Path_) -> Any:
    for step in path:
        value = at(value, step)
    return value


def violates(value: Any, keywords: dict[str, Any]) -> bool:
    """Does ``value`` break one of the value constraints (those datamodel-codegen turns into pydantic checks)?"""
    if isinstance(value, str):
        return (
            len(value) > keywords.get("maxLength", math.inf)
            or len(value) < keywords.get("minLength", 0)
            or ("pattern" in keywords and re.search(keywords["pattern"], value) is None)
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            value > keywords.get("maximum", math.inf)
            or value < keywords.get("minimum", -math.inf)
            or value >= keywords.get("exclusiveMaximum", math.inf)
            or value <= keywords.get("exclusiveMinimum", -math.inf)
        )
    if isinstance(value, list):
        return len(value) < keywords.get("minItems", 0) or len(value) > keywords.get("maxItems", math.inf)
    return False


# -- payloads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One change to an example: drop the key at ``path``, set the value there, or add an unknown key there."""

    op: Literal["none", "drop", "set", "add"]
    path: Path_ = ()
    value: Any = None
    label: str = "example"  # which enumeration made it: drop, null, retype, integral, enum, extra, bound...

    def apply(self, example: Any) -> Any:
        if self.op == "none":
            return example
        payload = copy.deepcopy(example)
        parent = get(payload, self.path[:-1])
        if self.op == "drop":
            del parent[self.path[-1]]
        else:
            parent[self.path[-1]] = copy.deepcopy(self.value)
        return payload

    def describe(self) -> str:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)
        if self.op == "none":
            return "the example as it is"
        return f"drop {where}" if self.op == "drop" else f"{self.op} {where} = {short(self.value)}"


def short(value: Any) -> str:
    if isinstance(value, str) and len(value) > 40:
        return f"{value[:1]!r} * {len(value)}" if value == value[0] * len(value) else repr(value[:37] + "...")
    return repr(value)


def shortened(value: Any) -> Any:
    """``value`` with every long string replaced by its short description, for messages."""
    if isinstance(value, dict):
        return {key: shortened(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shortened(item) for item in value]
    return f"<{short(value)}>" if isinstance(value, str) and len(value) > 40 else value


UNKNOWN_KEY = "x_oracle_unknown"
RETYPE: dict[str, list[Any]] = {  # JSON type of the value in the example -> values of other JSON types
    "string": [7, 2.5, True, [], {}],
    "integer": ["7", 2.5, True],
    "number": ["0.5", 1, True],
    "boolean": [1, 0, "true"],
    "null": ["x", 0, {}],
    "object": ["x", []],
    "array": ["x", {}],
}


def leaves(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every place of a JSON value, the root first, in document order."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))


def breaking(place: Place, value: Any) -> Iterator[Any]:
    """Values of the example's JSON type that break one value constraint (or the format) at the place."""
    kw = place.keywords
    if isinstance(value, str):
        if "maxLength" in kw:
            yield "x" * (kw["maxLength"] + 1)
        if kw.get("minLength", 0) > 0:
            yield ""
        if "pattern" in kw:
            yield "!"
        if place.formats & URI_FORMATS:
            yield "not a uri"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        step = 1 if isinstance(value, int) else 0.5
        if "minimum" in kw:
            yield kw["minimum"] - step
        if "maximum" in kw:
            yield kw["maximum"] + step
    elif isinstance(value, list):
        if kw.get("minItems", 0) > 0:
            yield []
        if "maxItems" in kw and value:
            yield [value[0]] * (kw["maxItems"] + 1)


def mutations(schemas: Schemas, root: dict[str, Any], example: Any) -> Iterator[Mutation]:
    """Every deterministic mutation of one example, in a stable order (the unchanged example first)."""
    yield Mutation("none")
    for path, value in leaves(example):
        if isinstance(value, dict):
            yield Mutation("add", (*path, UNKNOWN_KEY), 1, "extra")
        if isinstance(value, (dict, list)) and path:
            yield Mutation("set", path, json.dumps(value), "json-text")
        if not path:
            continue
        if isinstance(path[-1], str):
            yield Mutation("drop", path, label="drop")
        if value is not None:
            yield Mutation("set", path, None, "null")
        for other in RETYPE[json_type(value)]:
            yield Mutation("set", path, other, "retype")
        if json_type(value) == "integer":
            yield Mutation("set", path, float(value), "integral")
        place = schemas.place(root, example, path)
        if isinstance(value, str) and place.enum():
            yield Mutation("set", path, "zz_not_in_the_enum", "enum")
        for bad in breaking(place, value):
            yield Mutation("set", path, bad, "bound")


# -- decisions and their classification ---------------------------------------------------------


@dataclass
class Case:
    corpus: str
    mode: Mode
    schema: str  # the schema whose example was mutated
    example: Any
    mutation: Mutation
    ours: str  # "accept", "reject" or "crash: ..."
    theirs: str
    where: Path_ | None = None  # where eventgen's (strict) error points, when there is one
    klass: str | None = None  # the documented difference, for a disagreement
    judged: Mutation | None = None  # the change the class was found on (the mutation or a part of it)

    @property
    def payload(self) -> Any:
        return self.mutation.apply(self.example)

    def __str__(self) -> str:
        judged = f" (judged at {self.judged.describe()})" if self.judged and self.judged != self.mutation else ""
        return (
            f"[{self.corpus}/{self.mode}] {self.schema}: {self.mutation.describe()}{judged} -> "
            f"eventgen {self.ours}, pydantic {self.theirs}\n    payload: {json.dumps(shortened(self.payload))}"
        )


def decide(parse: Callable[[Any], Any], rejection: type[Exception], payload: Any) -> tuple[str, Path_ | None]:
    try:
        parse(payload)
    except rejection as error:
        reversed_path = getattr(error, "reversed_path", None)  # eventgen's ValidationError knows where
        return "reject", None if reversed_path is None else tuple(reversed(reversed_path))
    except Exception as error:  # anything else is a finding
        return f"crash: {type(error).__name__}: {error}", None
    return "accept", None


def rule(
    schemas: Schemas, root: dict[str, Any], base: Any, m: Mutation, eventgen_accepts: bool, mode: Mode
) -> str | None:
    """The class of a disagreement caused by the single change ``m`` to ``base``, from the place it touches."""
    place = schemas.place(root, base, m.path)
    new = m.value
    if eventgen_accepts:
        if m.op == "set" and place.keywords and schemas.allows(place, new) and violates(new, place.keywords):
            return "lenient-value-constraints" if mode == "server" else "value-constraints"
        if m.op == "set" and isinstance(new, str) and place.formats & URI_FORMATS:
            return "format"
        if mode == "server" and m.op == "set" and isinstance(new, str) and place.tag:
            return "lenient-unknown-tag"
        if mode == "server" and m.op == "set" and place.enum(json_type(new)):
            return "lenient-open-enum"
        if mode == "server" and m.op != "drop" and place.closed and not place.declared:
            return "lenient-closed-object"
        if mode == "client" and m.op == "set" and m.path == ("type",) and isinstance(new, str):
            return "unknown-client-event"
        settable = place.declared and not place.required and not place.tag
        if mode == "server" and m.op == "set" and settable and not schemas.allows(place, new):
            return "lenient-set-aside"
        if m.op == "set" and is_json_object(new) and place.types & {"object"} and not schemas.allows(place, new):
            return "json-text-as-object"
        return None
    if m.op == "drop":
        return "implied-tag" if place.tag and place.any_of and not place.required else None
    if m.op == "set" and place.keywords and schemas.allows(place, new) and violates(new, place.keywords):
        return "constraint-dropped"
    if m.op != "set" or schemas.allows(place, new):
        return None
    if new is None and not place.required:
        return "optional-null"
    if place.tag and place.optional_elsewhere:
        return "union-fallback"
    numeric = place.types & {"integer", "number"}
    if isinstance(new, bool) and numeric:
        return "bool-as-number"
    if isinstance(new, str) and numeric and is_number(new):
        return "string-as-number"
    if "boolean" in place.types and isinstance(new, (int, float, str)) and not isinstance(new, bool):
        return "scalar-as-bool"
    if isinstance(new, float) and new.is_integer() and "integer" in place.types:
        return "integral-float"
    return None


def classify(schemas: Schemas, root: dict[str, Any], case: Case) -> tuple[str | None, Mutation]:
    """The documented difference that explains a disagreement, and the change it was judged on.

    When eventgen's error points inside the example as sent, or inside a new object or array, the place it
    points to is judged (an error anywhere else leaves the disagreement unexplained); when eventgen accepts
    a new object or array, each place inside it is tried.
    """
    m, base = case.mutation, case.example
    inside = case.where is not None and case.where[: len(m.path)] == m.path and case.where != m.path
    if case.where is not None and (m.op == "none" or (m.op in ("set", "add") and inside)):
        base = m.apply(case.example)
        value = get(base, case.where)
        m = Mutation("set", case.where, value, "as-sent") if value is not MISSING else Mutation("drop", case.where)
    eventgen_accepts = case.ours == "accept"
    if not eventgen_accepts and case.where != m.path:  # eventgen objects to something other than the change
        return None, m
    found = rule(schemas, root, base, m, eventgen_accepts, case.mode)
    if found is None and eventgen_accepts and m.op in ("set", "add") and isinstance(m.value, (dict, list)):
        base = m.apply(base)
        for sub, value in leaves(m.value):
            part = Mutation("set", (*m.path, *sub), value, "part")
            if sub and (found := rule(schemas, root, base, part, eventgen_accepts, case.mode)):
                return found, part
    return found, m


def is_json_object(value: Any) -> bool:
    try:
        return isinstance(value, (str, bytes)) and isinstance(json.loads(value), dict)
    except ValueError:
        return False


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- the two implementations --------------------------------------------------------------------


def dcg_module(spec: Path, directory: Path, module: str) -> ModuleType:
    """Pydantic v2 models for ``spec`` by datamodel-codegen (its defaults, no formatter), imported."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # naming hints about its numbered inline classes (Type1, Type2...)
        source = dcg.generate(
            spec,
            input_file_type=dcg.InputFileType.OpenAPI,
            output_model_type=dcg.DataModelType.PydanticV2BaseModel,
            formatters=[],
            disable_timestamp=True,
        )
    assert isinstance(source, str)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{module}.py").write_text(source, encoding="utf-8")
    return import_fresh(directory, module)


def their_model(module: ModuleType, schema: str) -> Any:
    return getattr(module, DCG_NAMES.get(schema, schema), None)


def literal_values(annotation: Any) -> set[Any]:
    """The values a ``type`` field admits: a Literal or an Enum, possibly inside a union."""
    if get_origin(annotation) is Literal:
        return set(get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {member.value for member in annotation}
    return {value for arg in get_args(annotation) for value in literal_values(arg)}


@dataclass
class Corpus:
    """One spec as read by both tools, its examples, and the cases of the survey."""

    name: str
    schemas: Schemas
    ours: ModuleType
    theirs: ModuleType
    examples: dict[str, list[Any]]  # schema name -> its examples
    modes: dict[str, Mode]  # event schema -> the dispatch mode of its root union
    cases: list[Case] = field(default_factory=list)

    def root(self, mode: Mode, schema: str) -> dict[str, Any]:
        return self.schemas.named(schema if mode == "strict" else ROOTS[mode])

    def parsers(self, mode: Mode, schema: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        if mode == "strict":
            cls = getattr(self.ours, schema)
            return (lambda p: cls.from_dict(p, lenient=False)), their_model(self.theirs, schema).model_validate
        ours = self.ours.parse_client_event if mode == "client" else self.ours.parse_server_event
        return ours, their_model(self.theirs, ROOTS[mode]).model_validate

    def compare(self, mode: Mode, schema: str, example: Any, mutation: Mutation) -> Case:
        ours, theirs = self.parsers(mode, schema)
        payload = mutation.apply(example)
        (mine, where), (other, _) = (
            decide(ours, self.ours.ValidationError, payload),
            decide(theirs, pydantic.ValidationError, payload),
        )
        case = Case(self.name, mode, schema, example, mutation, mine, other, where)
        if mine != other and "crash" not in mine + other:
            if mutation.op == "none" and mine == "accept":  # lenient: where would a strict parse stop?
                case.where = decide(self.parsers("strict", schema)[0], self.ours.ValidationError, payload)[1]
            case.klass, case.judged = classify(self.schemas, self.root(mode, schema), case)
        return case

    def survey(self) -> None:
        """Every example, then (when both accept it) every deterministic mutation of it, in every mode."""
        for schema, examples in self.examples.items():
            modes: list[Mode] = ["strict", *([self.modes[schema]] if schema in self.modes else [])]
            for example in examples:
                changes = list(mutations(self.schemas, self.root("strict", schema), example))
                for mode in modes:
                    first = self.compare(mode, schema, example, changes[0])
                    self.cases.append(first)
                    if first.ours == first.theirs == "accept":
                        self.cases.extend(self.compare(mode, schema, example, m) for m in changes[1:])


def load_document(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


def event_modes(document: dict[str, Any]) -> dict[str, Mode]:
    """Event schema -> the dispatch mode of the root union that lists it."""
    schemas = document["components"]["schemas"]
    modes: dict[str, Mode] = {}
    for mode in ("client", "server"):
        root = schemas[ROOTS[mode]]
        for ref in root.get("anyOf") or root.get("oneOf"):
            modes[ref["$ref"].rsplit("/", 1)[-1]] = mode
    return modes


def own_corpus(tmp: Path, committed: ModuleType) -> Corpus:
    """Our spec: the committed package against datamodel-codegen's models of spec/realtime.yaml."""
    document = load_document(SPEC)
    examples = {
        name: list(node["examples"])
        for name, node in document["components"]["schemas"].items()
        if isinstance(node, dict) and node.get("examples")
    }
    theirs = dcg_module(SPEC, tmp, "oracle_dcg_own")
    return Corpus("own", Schemas(document), committed, theirs, examples, event_modes(document))


def upstream_corpus(tmp: Path) -> Corpus:
    """The upstream spec sliced to the realtime roots, through both tools."""
    subset = tmp / "realtime-subset.yaml"
    roots = ["--root", ROOTS["client"], "--root", ROOTS["server"]]
    subprocess.run(
        [sys.executable, "-m", "generator", "subset", str(UPSTREAM), *roots, "-o", str(subset)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    document = load_document(subset)
    ours = build_package(
        tmp,
        subset,
        {"client_event": ROOTS["client"], "server_event": ROOTS["server"]},
        package="oracle_upstream_events",
        formatter="none",
    )
    theirs = dcg_module(subset, tmp, "oracle_dcg_upstream")
    examples: dict[str, list[Any]] = {}
    for name, node in document["components"]["schemas"].items():
        text = (node.get("x-oaiMeta") or {}).get("example") if isinstance(node, dict) else None
        how, payload = read_example(text) if isinstance(text, str) else ("invalid", None)
        model = their_model(theirs, name)
        if (
            how != "invalid"
            and hasattr(getattr(ours, name, None), "from_dict")
            and isinstance(model, type)
            and (issubclass(model, pydantic.BaseModel) and not issubclass(model, pydantic.RootModel))
        ):
            examples[name] = [payload]
    return Corpus("upstream", Schemas(document), ours, theirs, examples, event_modes(document))


_CORPORA: dict[str, Corpus] = {}


def get_corpus(name: str, tmp_path_factory: pytest.TempPathFactory, committed: ModuleType) -> Corpus:
    if name not in _CORPORA:
        tmp = tmp_path_factory.mktemp(f"oracle-{name}")
        corpus = own_corpus(tmp, committed) if name == "own" else upstream_corpus(tmp)
        corpus.survey()
        _CORPORA[name] = corpus
    return _CORPORA[name]


@pytest.fixture(scope="module", params=["own", pytest.param("upstream", marks=needs_upstream)])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, committed: ModuleType) -> Corpus:
    return get_corpus(request.param, tmp_path_factory, committed)


def summary(cases: list[Case]) -> str:
    classes = Counter(c.klass or "UNDOCUMENTED" for c in cases if c.ours != c.theirs)
    agreements = sum(c.ours == c.theirs for c in cases)
    return f"{len(cases)} payloads, {agreements} agreements, disagreements: {dict(sorted(classes.items()))}"


def listing(cases: list[Case], limit: int = 20) -> str:
    shown = "\n".join(str(c) for c in cases[:limit])
    return f"{len(cases)} cases:\n{shown}" + ("\n..." if len(cases) > limit else "")


# -- tests --------------------------------------------------------------------------------------


def test_dcg_models_are_the_schemas_they_are_named_after(corpus: Corpus) -> None:
    for schema in corpus.examples:
        model = their_model(corpus.theirs, schema)
        assert issubclass(model, pydantic.BaseModel) and not issubclass(model, pydantic.RootModel), schema
        assert hasattr(getattr(corpus.ours, schema), "from_dict"), schema
        tag = corpus.schemas.pinned(corpus.schemas.named(schema), "type")
        if tag is not MISSING:
            assert tag in literal_values(model.model_fields["type"].annotation), (schema, tag)
    for root in ROOTS.values():
        assert issubclass(their_model(corpus.theirs, root), pydantic.RootModel), root


def test_examples_are_accepted_by_both(corpus: Corpus) -> None:
    refused = {
        (c.schema, c.mode): (c.ours, c.theirs)
        for c in corpus.cases
        if c.mutation.op == "none" and not c.ours == c.theirs == "accept"
    }
    assert {schema for schema, _ in refused} == set(EXAMPLE_EXCEPTIONS[corpus.name]), refused


def test_nothing_but_validation_errors_is_raised(corpus: Corpus) -> None:
    crashes = [c for c in corpus.cases if "crash" in c.ours + c.theirs]
    assert not crashes, listing(crashes)


def test_every_disagreement_is_a_documented_difference(corpus: Corpus) -> None:
    disagreements = [c for c in corpus.cases if c.ours != c.theirs]
    assert len(disagreements) > 100, f"too few disagreements: is the oracle still wired in? {summary(corpus.cases)}"
    undocumented = [c for c in disagreements if c.klass is None]
    assert not undocumented, f"{summary(corpus.cases)}\n{listing(undocumented)}"
    for case in disagreements:
        assert case.klass is not None
        assert DIFFERENCES[case.klass].accepted_by == ("eventgen" if case.ours == "accept" else "pydantic"), case


@pytest.mark.parametrize("klass", [name for name, difference in DIFFERENCES.items() if difference.bug])
def test_strict_client_events_have_no_known_eventgen_bug(corpus: Corpus, klass: str) -> None:
    """Client-event payloads where eventgen contradicts the schema and pydantic does not (see the docstring)."""
    bugs = [c for c in corpus.cases if c.klass == klass and corpus.modes.get(c.schema) == "client"]
    groups: dict[str, list[Case]] = {}
    for case in bugs:
        path = (case.judged or case.mutation).path
        groups.setdefault("$" + "".join("[*]" if isinstance(p, int) else f".{p}" for p in path), []).append(case)
    expected = "reject" if DIFFERENCES[klass].accepted_by == "eventgen" else "accept"
    lines = [f"at {where}: {len(cases)} payloads, e.g.\n{cases[0]}" for where, cases in groups.items()]
    assert not bugs, (
        f"{klass}: eventgen should {expected} these ({DIFFERENCES[klass].reason}); "
        f"{len(bugs)} payloads at {len(groups)} places:\n" + "\n".join(lines)
    )


def test_sampled_mutations_disagree_only_in_documented_ways(
    tmp_path_factory: pytest.TempPathFactory, committed: ModuleType
) -> None:
    """Random JSON (scalars, small arrays and objects, the spec's own enum strings) at random places."""
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    corpus = get_corpus("own", tmp_path_factory, committed)
    accepted = [s for s in corpus.examples if s not in EXAMPLE_EXCEPTIONS[corpus.name]]
    words = sorted({v for _, v in leaves(corpus.schemas.document) if isinstance(v, str) and len(v) < 40})
    tricky = ["7", "-1", "0.5", "1e3", "true", "no", "on", "", "inf", 0, 1, 1.0, 0.0, -1, 24000, 5000, 1.5, 0.25]
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=6),
        st.sampled_from(tricky),
        st.sampled_from(words),
    )
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=6,
    )

    seen: Counter[str] = Counter()

    @hypothesis.settings(
        max_examples=1000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[hypothesis.HealthCheck.too_slow],  # a loaded CI host is not a defect
    )
    @hypothesis.given(st.data())
    def check(data: Any) -> None:
        schema = data.draw(st.sampled_from(accepted), label="schema")
        example = corpus.examples[schema][0]
        mode = data.draw(st.sampled_from(["strict", corpus.modes[schema]]), label="mode")
        paths = [p for p, _ in leaves(example)]
        op = data.draw(st.sampled_from(["drop", "set", "set", "set", "add"]), label="op")
        if op == "drop":
            path = data.draw(st.sampled_from([p for p in paths if p and isinstance(p[-1], str)]), label="path")
        elif op == "set":
            path = data.draw(st.sampled_from([p for p in paths if p]), label="path")
        else:
            where = data.draw(st.sampled_from([p for p in paths if isinstance(get(example, p), dict)]), label="path")
            path = (*where, "x_" + data.draw(st.text(max_size=4), label="key"))
        value = None if op == "drop" else data.draw(values, label="value")
        case = corpus.compare(mode, schema, example, Mutation(op, path, value, "hypothesis"))
        assert "crash" not in case.ours + case.theirs, str(case)
        assert case.ours == case.theirs or case.klass is not None, str(case)
        seen[case.klass or "agreement"] += 1

    check()
    assert set(seen) - {"agreement"}, f"the sampler met no disagreement at all: {seen}"
