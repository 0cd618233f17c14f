"""The intermediate representation: one small immutable class per kind of type.

A *type* (``Type``) describes the JSON value a field holds. Object schemas and
named schemas become *definitions* (``Definition``), which types point at with
``Ref``. Definitions are keyed by a stable string (the schema name for
component schemas, a JSON pointer for inline objects); Python names are chosen
later, by the naming pass.
"""

from __future__ import annotations

from dataclasses import dataclass

Scalar = str | int | float | bool
# Value constraints, as (keyword, value) pairs: minLength, maxLength, pattern, minimum, maximum,
# exclusiveMinimum, exclusiveMaximum, minItems, maxItems. Checked where the client is strict.
Limits = tuple[tuple[str, "str | int | float"], ...]


@dataclass(frozen=True)
class Primitive:
    """A JSON string, integer, number, boolean or null."""

    kind: str  # "string" | "integer" | "number" | "boolean" | "null"
    format: str | None = None
    limits: Limits = ()


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value, kept as decoded."""


@dataclass(frozen=True)
class Never:
    """The schema ``false``: no value matches (a property that must be absent, an empty array)."""


@dataclass(frozen=True)
class Fixed:
    """An enum or const with objects or arrays among its values: compared as JSON text
    (keys sorted, no spaces), so ``1`` and ``1.0``, ``true`` and ``1`` stay different."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class Enum:
    """A fixed set of scalar values; ``open`` also admits any other string."""

    values: tuple[Scalar, ...]
    open: bool = False

    @property
    def kind(self) -> str:
        return json_kind(self.values[0])


@dataclass(frozen=True)
class Array:
    items: Type
    limits: Limits = ()


@dataclass(frozen=True)
class Map:
    """A JSON object used as a dictionary: any keys, values of one type."""

    values: Type


@dataclass(frozen=True)
class Nullable:
    inner: Type


@dataclass(frozen=True)
class Ref:
    """A pointer to a definition, by key."""

    key: str


@dataclass(frozen=True)
class UnionOf:
    """Several alternatives; the one a value takes is found by ``dispatch``."""

    variants: tuple[Type, ...]


Type = Primitive | AnyValue | Never | Fixed | Enum | Array | Map | Nullable | Ref | UnionOf


@dataclass(frozen=True)
class Field:
    json_name: str
    type: Type
    required: bool
    doc: str
    pointer: str
    default: str | None = None  # the spec's default, as JSON text: documentation only


@dataclass(frozen=True)
class NameHint:
    """Where an unnamed definition sits, so the naming pass can derive a name.

    ``role`` is one of "field" (a property of ``parent``), "item" (the items of
    an array property), "value" (the values of a map property) and "variant"
    (an alternative of a union, ``part`` being its discriminator value or "").
    """

    parent: str
    role: str
    part: str


@dataclass(frozen=True)
class ObjectDef:
    key: str  # the location of the schema, which is also where errors point
    doc: str
    fields: tuple[Field, ...]
    closed: bool  # additionalProperties: false
    hint: NameHint | None = None


@dataclass(frozen=True)
class Trial:
    """Alternatives that share a discriminator value and differ only in shape: tried in order."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Branch:
    """One step of discriminator dispatch: ``property`` value -> target.

    A target is the key of an object definition, another ``Branch`` when several
    variants share the value and a second property tells them apart, or a
    ``Trial`` when nothing but their shapes does.
    """

    property: str
    table: tuple[tuple[Scalar, str | Branch | Trial], ...]
    # when the property is missing: the one alternative where it is optional, or those tried in order
    absent: str | Trial | None = None


@dataclass(frozen=True)
class Declared:
    """A discriminator as the spec writes it: property and optional value -> key map."""

    property: str
    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UnionDef:
    key: str
    doc: str
    union: UnionOf
    hint: NameHint | None = None
    declared: Declared | None = None
    dispatch: Branch | None = None  # how objects are told apart, when more than one
    exclusive: bool = False  # oneOf: a value may match only one alternative (anyOf: at least one)


@dataclass(frozen=True)
class AliasDef:
    """A named schema that is not an object or a union: an enum, map, array..."""

    key: str
    doc: str
    target: Type


Definition = ObjectDef | UnionDef | AliasDef


@dataclass(frozen=True)
class CallerTag:
    """A discriminator that travels outside the payload (a header, an SSE event name): the caller
    passes its value as ``argument``, and ``table`` says which definition each value selects."""

    argument: str
    table: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Root:
    alias: str
    key: str
    lenient: bool
    caller_tag: CallerTag | None = None
    nullable: bool = False  # the root's schema also allows null (only roots that are not objects)


def json_kind(value: object) -> str:
    """The JSON Schema type name of a decoded JSON scalar."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "object" if isinstance(value, dict) else "array"
