"""Python source fragments for IR types: annotations, checks, messages, serialisation.

Scalars (primitives, enums, unions of them, free-form objects and arrays) are
checked inline by an expression; everything else is converted by a function
(see ``emit``). A check comes in two strengths: strict, and lenient, where a
value outside a closed enum is accepted if it has the right JSON type.
"""

from __future__ import annotations

import json

from . import ir
from .codemodel import escape_unsafe
from .imports import words
from .naming import field_names

KIND_CHECK = {
    "string": "{k} is not str",
    "integer": "{k} is not int",
    "number": "{k} is not float and {k} is not int",
    "boolean": "{k} is not bool",
    "null": "{v} is not None",
}
# Strict parsing also refuses NaN and the infinities, which decoded dicts may hold but JSON cannot.
FINITE_CHECK = "({k} is not float or {v} - {v} != 0) and {k} is not int"
KIND_CLASSES = {
    "object": ("dict",),
    "array": ("list",),
    "string": ("str",),
    "integer": ("int",),
    "number": ("float", "int"),
    "boolean": ("bool",),
    "null": ("type(None)",),
}
KIND_TEXT = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}
KIND_ANNOTATION = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
MAX_LISTED = 12  # enum values named in an error message
LIMIT_TESTS = {  # keyword: (violation, as said in a message)
    "minLength": ("len({v}) < {n}", "at least {n} characters"),
    "maxLength": ("len({v}) > {n}", "at most {n} characters"),
    "pattern": ("not matches({n}, {v})", "matching {n}"),
    "minimum": ("{v} < {n}", "at least {n}"),
    "maximum": ("{v} > {n}", "at most {n}"),
    "exclusiveMinimum": ("{v} <= {n}", "more than {n}"),
    "exclusiveMaximum": ("{v} >= {n}", "less than {n}"),
    "minItems": ("len({v}) < {n}", "at least {n} items"),
    "maxItems": ("len({v}) > {n}", "at most {n} items"),
}


MAX_UNION = 100  # alternatives written in one chain of ``|``; more are grouped in parentheses


def union_text(parts: list[str]) -> str:
    """``A | B | C``; a longer union in parenthesised groups of 64, since ``a | b | ...`` nests one
    level per alternative and a few thousand overflow the stack of ruff's parser."""
    if len(parts) <= MAX_UNION:
        return " | ".join(parts)
    groups = ["(" + " | ".join(parts[i : i + 64]) + ")" for i in range(0, len(parts), 64)]
    return union_text(groups)


def literal(value: ir.Scalar) -> str:
    """A scalar as Python source. A string keeps its characters (one outside the BMP too: a JSON
    ``\\ud83d\\ude00`` pair would be two characters in Python) except those ``escape_unsafe``
    writes as escapes; JSON's own escapes are valid Python. A number JSON cannot write (NaN, the
    infinities) is a ``float(...)`` call."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, float) and value - value != 0:
        return f'float("{value!r}")'
    return escape_unsafe(json.dumps(value, ensure_ascii=False))


class TypeCode:
    def __init__(self, definitions: dict[str, ir.Definition], names: dict[str, str]) -> None:
        self.definitions = definitions
        self.names = names
        self.fixed_used = False  # some check compares values as JSON text (the runtime's one_of_json)

    def target(self, t: ir.Type) -> ir.Type | ir.Definition:
        """What a type stands for, looking through references to plain aliases."""
        while isinstance(t, ir.Ref):
            found = self.definitions[t.key]
            if not isinstance(found, ir.AliasDef):
                return found
            t = found.target
        return t

    def is_scalar(self, t: ir.Type) -> bool:
        """Checked inline, kept as decoded (no conversion)."""
        t2 = self.target(t)
        if isinstance(t2, (ir.Primitive, ir.Enum, ir.AnyValue, ir.Never, ir.Fixed)):
            return True
        if isinstance(t2, ir.Nullable):
            return self.is_scalar(t2.inner)
        if isinstance(t2, ir.UnionOf):
            return all(self.is_scalar(v) for v in t2.variants)
        if isinstance(t2, (ir.Array, ir.Map)):
            inner = t2.items if isinstance(t2, ir.Array) else t2.values
            return isinstance(self.target(inner), ir.AnyValue)
        return False

    def free(self, t: ir.Type) -> bool:
        """Does a scalar type hold JSON the package keeps as decoded (checked by ``kept``)?"""
        t2 = self.target(t)
        if isinstance(t2, ir.AnyValue):
            return True
        if isinstance(t2, ir.Nullable):
            return self.free(t2.inner)
        if isinstance(t2, ir.UnionOf):
            return any(self.free(v) for v in t2.variants)
        if isinstance(t2, (ir.Array, ir.Map)):
            return self.free(t2.items if isinstance(t2, ir.Array) else t2.values)
        return False

    def kinds(self, t: ir.Type) -> list[str]:
        """The JSON kinds a value of ``t`` may have."""
        t2 = self.target(t)
        if isinstance(t2, (ir.ObjectDef, ir.Map)):
            return ["object"]
        if isinstance(t2, ir.UnionDef):
            return [k for v in t2.union.variants for k in self.kinds(v)]
        if isinstance(t2, ir.Array):
            return ["array"]
        if isinstance(t2, (ir.Enum, ir.Primitive)):
            return [t2.kind]
        if isinstance(t2, ir.UnionOf):
            return [k for v in t2.variants for k in self.kinds(v)]
        if isinstance(t2, ir.Nullable):
            return self.kinds(t2.inner) + ["null"]
        if isinstance(t2, ir.Never):
            return []
        if isinstance(t2, ir.Fixed):
            return list(dict.fromkeys(ir.json_kind(json.loads(text)) for text in t2.texts))
        return list(KIND_CLASSES)

    def kind_matches(self, t: ir.Type, v: str) -> str | None:
        """An expression true when the JSON kind of ``v`` is one ``t`` allows (None: any kind is)."""
        classes = list(dict.fromkeys(c for kind in self.kinds(t) for c in KIND_CLASSES[kind]))
        if len(classes) == len({c for cs in KIND_CLASSES.values() for c in cs}):
            return None
        if not classes:
            return "False"
        if len(classes) == 1:
            return f"type({v}) is {classes[0]}"
        return f"type({v}) in ({', '.join(classes)})"

    def has_literal(self, t: ir.Type) -> bool:
        """Is a ``Literal`` part of the annotation (so a lenient plain string would not fit it)?"""
        t2 = self.target(t)
        if isinstance(t2, ir.Enum):
            return t2.kind != "number"
        if isinstance(t2, ir.Nullable):
            return self.has_literal(t2.inner)
        if isinstance(t2, ir.UnionOf):
            return any(self.has_literal(v) for v in t2.variants)
        return False

    def nesting(self, t: ir.Type, seen: frozenset[str] = frozenset()) -> int:
        """How many arrays and maps a value of ``t`` nests directly (through aliases, whose
        values are converted inline), which the code for it nests as brackets."""
        match t:
            case ir.Array(items=inner) | ir.Map(values=inner) | ir.Nullable(inner=inner):
                return self.nesting(inner, seen) + (0 if isinstance(t, ir.Nullable) else 1)
            case ir.UnionOf(variants=variants):
                return max((self.nesting(v, seen) for v in variants), default=0)
            case ir.Ref(key=key) if key not in seen:
                found = self.definitions[key]
                return self.nesting(found.target, seen | {key}) if isinstance(found, ir.AliasDef) else 0
            case _:
                return 0

    # -- annotations ---------------------------------------------------------

    def attributes(self, d: ir.ObjectDef) -> list[str]:
        """The attribute names of an object's fields: no field may take a name the class body's
        annotations read (a property ``Address`` of type ``Address`` becomes ``Address_``)."""
        used = {name for f in d.fields for name in words([self.field_annotation(f)])}
        return field_names([f.json_name for f in d.fields], frozenset(used))

    def field_annotation(self, f: ir.Field) -> str:
        """A field's annotation: its type's, with ``Unset`` when it may be absent (only that, for a
        property the schema forbids: false)."""
        annotation = self.annotation(f.type)
        if f.required:
            return annotation
        return "Unset" if annotation == "NoReturn" else annotation + " | Unset"

    def annotation(self, t: ir.Type) -> str:
        if isinstance(t, ir.Primitive):
            return KIND_ANNOTATION[t.kind]
        if isinstance(t, ir.AnyValue):
            return "Any"
        if isinstance(t, ir.Never):
            return "NoReturn"
        if isinstance(t, ir.Fixed):
            return "Any"
        if isinstance(t, ir.Enum):
            if t.kind == "number":
                return "float"
            text = "Literal[" + ", ".join(literal(v) for v in t.values) + "]"
            return text + " | str" if t.open else text
        if isinstance(t, ir.Array):
            return f"list[{self.annotation(t.items)}]"
        if isinstance(t, ir.Map):
            return f"dict[str, {self.annotation(t.values)}]"
        if isinstance(t, ir.Nullable):
            inner = self.annotation(t.inner)
            return "None" if inner == "NoReturn" else f"{inner} | None"
        if isinstance(t, ir.UnionOf):
            return union_text(list(dict.fromkeys(self.union_parts(t))))
        return self.names[t.key]

    def union_parts(self, t: ir.UnionOf) -> list[str]:
        """The annotations of a union's alternatives, the literal values of its enums in one
        ``Literal[...]`` where the first of them stands (ruff's PYI030 wants them together)."""
        parts: list[str] = []
        values: list[str] = []
        for variant in t.variants:
            if isinstance(variant, ir.Enum) and variant.kind != "number":
                if not values:
                    parts.append("")  # the place of the merged Literal
                values += [literal(v) for v in variant.values]
                if variant.open:
                    parts.append("str")
            else:
                parts.append(self.annotation(variant))
        return [part or "Literal[" + ", ".join(dict.fromkeys(values)) + "]" for part in parts]

    # -- inline checks -------------------------------------------------------

    def bad(self, t: ir.Type, v: str, lenient: bool = False, k: str = "") -> str | None:
        """An expression true when ``v`` does not fit ``t`` (None: anything fits).

        ``k`` names a variable holding ``type(v)``; checks through it leave ``v``
        un-narrowed for mypy, so a string can be stored where a Literal is declared.
        """
        k = k or f"type({v})"
        t2 = self.target(t)
        if isinstance(t2, ir.Primitive):
            check = FINITE_CHECK if t2.kind == "number" and not lenient else KIND_CHECK[t2.kind]
            return check.format(v=v, k=k)
        if isinstance(t2, ir.AnyValue):
            return None
        if isinstance(t2, ir.Never):
            return "True"
        if isinstance(t2, ir.Fixed):
            self.fixed_used = True
            return f"not one_of_json({v}, frozenset({{{', '.join(repr(text) for text in t2.texts)}}}))"
        if isinstance(t2, ir.Enum):
            return self.bad_enum(t2, v, lenient, k)
        if isinstance(t2, ir.Nullable):
            inner = self.bad(t2.inner, v, lenient, k)
            return None if inner is None else f"{v} is not None and ({inner})"
        if isinstance(t2, ir.UnionOf):
            parts = [self.bad(x, v, lenient, k) for x in t2.variants]
            if None in parts:
                return None
            return " and ".join(f"({p})" for p in dict.fromkeys(parts))
        if isinstance(t2, ir.Array):
            return f"{k} is not list"
        if isinstance(t2, ir.Map):
            return f"{k} is not dict"
        raise AssertionError(f"not a scalar: {t2}")

    def bad_enum(self, t: ir.Enum, v: str, lenient: bool, k: str) -> str:
        kind_check = KIND_CHECK[t.kind].format(v=v, k=k)
        if t.open or lenient:
            return kind_check
        if len(t.values) == 1:
            value = literal(t.values[0])
            if t.kind == "string":
                return f"{v} != {value}"
            if t.kind == "boolean":
                return f"{v} is not {value}"
            return f"{kind_check} or {v} != {value}"
        values = ", ".join(literal(x) for x in t.values)
        return f"{kind_check} or {v} not in {{{values}}}"

    def limits(self, t: ir.Type, v: str) -> tuple[str, str] | None:
        """(violation expression, expected text) for the value constraints of ``t`` itself, if any."""
        t2 = self.target(t)
        if isinstance(t2, ir.Nullable):
            t2 = self.target(t2.inner)
        if not isinstance(t2, (ir.Primitive, ir.Array)) or not t2.limits:
            return None
        tests = [LIMIT_TESTS[k][0].format(v=v, n=repr(n)) for k, n in t2.limits]
        texts = [LIMIT_TESTS[k][1].format(n=n) for k, n in t2.limits]
        base = "an array" if isinstance(t2, ir.Array) else KIND_TEXT[t2.kind]
        return " or ".join(tests), f"{base} ({', '.join(texts)})"

    # -- messages ------------------------------------------------------------

    def expected(self, t: ir.Type) -> str:
        """What a value of ``t`` looks like, for error messages."""
        t2 = self.target(t)
        if isinstance(t2, ir.Primitive):
            return KIND_TEXT[t2.kind]
        if isinstance(t2, ir.AnyValue):
            return "any value"
        if isinstance(t2, ir.Never):
            return "no value at all (the schema is false)"
        if isinstance(t2, ir.Fixed):
            shown = [text if len(text) <= 40 else text[:37] + "..." for text in t2.texts[:MAX_LISTED]]
            return shown[0] if len(shown) == 1 else "one of " + ", ".join(shown)
        if isinstance(t2, ir.Enum):
            if t2.open:
                return KIND_TEXT[t2.kind]
            shown = [json.dumps(x) for x in t2.values[:MAX_LISTED]]
            more = ", ..." if len(t2.values) > MAX_LISTED else ""
            return shown[0] if len(shown) == 1 else "one of " + ", ".join(shown) + more
        if isinstance(t2, ir.Nullable):
            return self.expected(t2.inner) + " or null"
        if isinstance(t2, ir.UnionOf):
            return " or ".join(dict.fromkeys(self.expected(x) for x in t2.variants))
        if isinstance(t2, ir.Array):
            return "an array"
        return "an object"

    # -- serialisation -------------------------------------------------------

    def dump(self, t: ir.Type, v: str, depth: int = 0) -> str:
        """An expression turning attribute value ``v`` back into JSON data."""
        t2 = self.target(t)
        if isinstance(t2, (ir.ObjectDef, ir.UnionDef)) and self.all_objects(t2):
            return f"{v}.to_dict()"
        if isinstance(t2, (ir.ObjectDef, ir.UnionDef)):
            return f"dump({v})"
        if isinstance(t2, ir.Nullable):
            inner = self.dump(t2.inner, v, depth)
            return v if inner == v else f"None if {v} is None else {inner}"
        if isinstance(t2, ir.Array):
            item = f"item{depth}" if depth else "item"
            inner = self.dump(t2.items, item, depth + 1)
            return f"list({v})" if inner == item else f"[{inner} for {item} in {v}]"
        if isinstance(t2, ir.Map):
            item, key = (f"item{depth}", f"key{depth}") if depth else ("item", "key")
            inner = self.dump(t2.values, item, depth + 1)
            return f"dict({v})" if inner == item else f"{{{key}: {inner} for {key}, {item} in {v}.items()}}"
        return v

    def all_objects(self, d: ir.ObjectDef | ir.UnionDef) -> bool:
        """Every value of this definition is an object with ``to_dict``."""
        if isinstance(d, ir.ObjectDef):
            return True
        for variant in d.union.variants:
            found = self.target(variant)
            if not isinstance(found, (ir.ObjectDef, ir.UnionDef)) or not self.all_objects(found):
                return False
        return True
