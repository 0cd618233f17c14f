"""Build the IR from JSON Schema nodes.

Each selected schema becomes a definition. Inline objects and unions that hold
objects are hoisted into definitions of their own, keyed by their location and
carrying a ``NameHint`` for the naming pass. Quirks of real specs are accepted
with a warning when their meaning is evident; anything else is a ``SpecError``.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Mapping
from typing import Any

from . import ir
from .allof import Merge
from .errors import SpecError, Warnings
from .keywords import KNOWN_TYPES, LIMITS, STRUCTURAL, VALIDATION_ONLY, Audit, check_draft, ref_siblings_apply
from .limits import MAX_SCHEMA_DEPTH, schema_too_deep
from .refs import DIALECTS, Resolver, join_pointer, schema_name
from .wellformed import check_schema

CHECKED_LIMITS = frozenset(k for limits in LIMITS.values() for k in limits)
DISTRIBUTED = (STRUCTURAL - VALIDATION_ONLY - {"anyOf", "oneOf", "allOf"}) | CHECKED_LIMITS

KNOWN_FORMATS = frozenset(
    [
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "password",
        "decimal",
    ]
)


def compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def is_null_schema(node: Any) -> bool:
    return isinstance(node, dict) and (
        node.get("type") == "null" or node.get("const", 0) is None or node.get("enum") == [None]
    )


def says_nullable(node: dict[str, Any]) -> bool:
    """``nullable: true`` (OpenAPI 3.0) or ``x-nullable: true`` (the Swagger 2.0 extension)."""
    return node.get("nullable") is True or node.get("x-nullable") is True


def extensible(node: dict[str, Any]) -> bool:
    """An enum that says more values may come (``x-ms-enum: {modelAsString: true}``): open."""
    extension = node.get("x-ms-enum")
    return isinstance(extension, dict) and extension.get("modelAsString") is True


def canonical(value: Any) -> str:
    """A JSON value as the text the generated code compares it by (keys sorted, no spaces,
    integral numbers as integers: JSON Schema has 1 equal 1.0)."""
    return json.dumps(normal(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normal(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items()}
    return value


def found(value: Any) -> str:
    """What a value is, for messages: 'a list', 'the string \'x\'', 'an empty list'..."""
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return f"the string {value!r}"
    return "null" if value is None else f"the value {json.dumps(value)}"


def describe(node: dict[str, Any]) -> str:
    doc = node.get("description")
    text = doc.strip() if isinstance(doc, str) else ""
    if node.get("deprecated") is True:
        text = f"{text}\n\nDeprecated." if text else "Deprecated."
    return text


NOT_SCHEMAS = frozenset(["info", "servers", "tags", "externalDocs", "security", "openapi", "asyncapi", "id"])
NOT_SCHEMAS |= {"jsonSchemaDialect", "defaultContentType"}


def refuse_non_schema(resolver: Resolver, target: str, referrer: str) -> None:
    """In an OpenAPI or AsyncAPI document, a $ref taken as a schema must not name the document
    itself, its metadata (info, servers...) or a whole section of components."""
    file, _, pointer = target.partition("#")
    if resolver.schema_documents or file:
        return
    parts = pointer.split("/")[1:]
    if parts and parts[0] not in NOT_SCHEMAS and not (parts[0] == "components" and len(parts) <= 2):
        return
    what = "the document itself" if not parts else f"{target!r}, which is not a schema"
    raise SpecError(
        resolver.display(referrer),
        f"$ref points at {what}, but it stands where a schema is expected",
        "point the $ref at a schema, e.g. '#/components/schemas/Name'",
    )


class Builder:
    def __init__(self, resolver: Resolver, warnings: Warnings, names: Mapping[str, str] | None = None) -> None:
        self.resolver = resolver
        self.warnings = warnings
        self.names = names or {}  # locations with a name of their own (schema, message): kept as named types
        self.origins: dict[int, str] = {}  # id(property schema merged by allOf) -> where it was written
        self.definitions: dict[str, ir.Definition] = {}
        self.nullable: dict[str, bool] = {}  # schema location -> may it be null
        self._building: set[str] = set()
        self.trail: list[str] = []  # the schemas being built, outermost first
        self.audit = Audit(warnings)
        self.drafts: dict[str, tuple[str, bool]] = {}  # file -> (dialect, declared in the document)

    # -- definitions ---------------------------------------------------------

    def define(self, location: str) -> None:
        """Build the definition for the schema at ``location`` (once)."""
        if location in self.nullable or location in self._building:
            return
        self._building.add(location)
        node = self.resolver.node(location)
        built = self.type_of(node, location, None, own_key=location)
        nullable = isinstance(built, ir.Nullable)
        core = built.inner if isinstance(built, ir.Nullable) else built
        if core == ir.Ref(location) and location not in self.definitions:
            raise SpecError(
                self.resolver.display(location),
                f"reference cycle with no object in it: {location} -> {location}",
                "break the cycle: the schema must be an object or a concrete type, not only itself",
            )
        if core != ir.Ref(location):
            self.definitions[location] = ir.AliasDef(location, describe(node) if isinstance(node, dict) else "", core)
        self.nullable[location] = nullable
        self._building.discard(location)

    def reference(self, target: str, referrer: str = "") -> ir.Type:
        """The type of a ``$ref`` to ``target`` (that stands at ``referrer``)."""
        if referrer and target not in self.nullable:
            self.resolver.node(target, referrer)  # a target that does not exist: said where the $ref stands
            refuse_non_schema(self.resolver, target, referrer)
        if target in self._building:  # a cycle: nullability read from the syntax alone
            node = self.resolver.node(target)
            nullable = isinstance(node, dict) and (
                says_nullable(node) or any(is_null_schema(v) for v in node.get("anyOf", []) + node.get("oneOf", []))
            )
        else:
            self.define(target)
            nullable = self.nullable[target]
        found = self.definitions.get(target)
        core: ir.Type = ir.Ref(target)
        if isinstance(found, ir.AliasDef) and target not in self.names and schema_name(target) is None:
            core = found.target  # a plain type somewhere inside another schema: used inline
        return ir.Nullable(core) if nullable else core

    # -- types ---------------------------------------------------------------

    def type_of(self, node: Any, at: str, hint: ir.NameHint | None, own_key: str | None = None) -> ir.Type:
        """The type of the schema ``node`` at ``at``; schemas nested in it (inline or through $refs)
        are built from here too, at most ``MAX_SCHEMA_DEPTH`` levels deep."""
        self.trail.append(at)
        try:
            if len(self.trail) > MAX_SCHEMA_DEPTH:
                raise schema_too_deep(self.resolver, self.trail)
            return self._type_of(node, at, hint, own_key)
        finally:
            self.trail.pop()

    def _type_of(self, node: Any, at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        if node is True or node == {}:
            return ir.AnyValue()
        if node is False:  # the schema no value matches
            return ir.Never()
        if not isinstance(node, dict):
            raise SpecError(
                self.resolver.display(at),
                f"a schema must be an object, got {json.dumps(node)[:60]}",
                "write the schema as a mapping (or true / false)",
            )
        dialect, declared = self.draft_of(at)
        check_schema(node, lambda: self.resolver.display(at), not declared or dialect != DIALECTS["2020-12"])
        self.audit.visit(node, at)
        if declared:
            check_draft(node, at, dialect, declared, self.resolver.display(at))
        core = self._core(node, at, hint, own_key)
        nullable = says_nullable(node)
        if node.get("nullable") is True and self.resolver.document("").get("openapi", "").startswith("3.1"):
            self.warnings.add(at, "'nullable' is OpenAPI 3.0; 3.1 writes type: [X, 'null']; honoured")
        if "default" in node and node["default"] is None and not nullable and not isinstance(core, ir.Nullable):
            self.warnings.add(at, "default is null but the schema does not allow null; treated as nullable")
            nullable = True
        if nullable and not isinstance(core, ir.Nullable):
            return ir.Nullable(core)
        return core

    def _core(self, node: dict[str, Any], at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        dynamic = next((k for k in ("$dynamicRef", "$recursiveRef") if k in node and "$ref" not in node), None)
        if dynamic:
            target = self.resolver.locate(node[dynamic], at)
            if not self.resolver.schema_documents and target.partition("#")[2] == "":
                enclosing = self.enclosing_schema(at)  # "#" of an OpenAPI document: the schema it sits in
                self.warnings.add(join_pointer(at, dynamic), f"{dynamic} to the document is read as {enclosing}")
                return self.reference(enclosing)
            self.warnings.add(join_pointer(at, dynamic), f"{dynamic} is resolved statically, like $ref")
            node = {**{k: v for k, v in node.items() if k != dynamic}, "$ref": node[dynamic]}
        if "$ref" in node:
            extra = sorted(STRUCTURAL.union(CHECKED_LIMITS).intersection(node))
            if extra and ref_siblings_apply(self.draft_of(at)[0]):  # 2019-09 on: they apply with it
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return self.all_of({"allOf": [{"$ref": node["$ref"]}], **rest}, at, hint, own_key)
            if extra:
                self.warnings.add(at, f"keywords beside $ref are ignored (as the draft says): {', '.join(extra)}")
            return self.reference(self.resolver.locate(node["$ref"], at), at)
        if "allOf" in node:
            return self.all_of(node, at, hint, own_key)
        if "anyOf" in node or "oneOf" in node:
            return self.union(node, at, hint, own_key)
        if "const" in node:
            return self.enum([node["const"]], join_pointer(at, "const"), const=True)
        if "enum" in node:
            return self.enum(node["enum"], join_pointer(at, "enum"), open_strings=extensible(node))
        kind = node.get("type")
        if isinstance(kind, list):
            return self.type_list(node, kind, at, hint, own_key)
        if kind is None:
            kind = self.infer_kind(node, at)
            if kind == "any":
                return ir.AnyValue()
        if kind not in KNOWN_TYPES:
            close = difflib.get_close_matches(str(kind), KNOWN_TYPES, n=1)
            raise SpecError(
                self.resolver.display(join_pointer(at, "type")),
                f"unknown type {kind!r}" + (f" (did you mean {close[0]!r}?)" if close else ""),
                f"use one of {', '.join(KNOWN_TYPES)}",
            )
        if kind == "object":
            return self.object(node, at, hint, own_key)
        if kind == "array":
            return self.array(node, at, hint, own_key)
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in KNOWN_FORMATS:
            self.warnings.add(join_pointer(at, "format"), f"unknown format {fmt!r}; kept as documentation")
        return ir.Primitive(kind, fmt if isinstance(fmt, str) else None, self.limits(node, at, kind))

    def draft_of(self, at: str) -> tuple[str, bool]:
        """The draft in force at a location, and whether its document declares it (once per file)."""
        file = at.partition("#")[0]
        if file not in self.drafts:
            self.drafts[file] = (self.resolver.dialect_of(at), self.resolver.declares_dialect(at))
        return self.drafts[file]

    def enclosing_schema(self, at: str) -> str:
        """The named schema a location lies in (the longest named prefix)."""
        file, _, pointer = at.partition("#")
        parts = pointer.split("/")
        for end in range(len(parts), 0, -1):
            candidate = f"{file}#{'/'.join(parts[:end])}"
            if candidate in self.names or schema_name(candidate) is not None:
                return candidate
        return at

    def infer_kind(self, node: dict[str, Any], at: str) -> str | None:
        if "properties" in node or "additionalProperties" in node or "required" in node:
            return "object"
        if "items" in node:
            self.warnings.add(at, "array schema without 'type: array'; treated as an array")
            return "array"
        return "any"

    def type_list(
        self, node: dict[str, Any], kinds: list[Any], at: str, hint: ir.NameHint | None, own_key: str | None
    ) -> ir.Type:
        real = [k for k in kinds if k != "null"]
        if len(real) == 1:
            variants = [self._core({**node, "type": real[0]}, at, hint, own_key)]
        else:  # each kind its own type; an object or array among them gets a place of its own
            key = own_key or at
            variant_hint = ir.NameHint(key, "variant", "")
            variants = [self._core({**node, "type": k}, join_pointer(at, "type", k), variant_hint, None) for k in real]
        if not variants:
            return ir.Primitive("null")
        core = variants[0] if len(variants) == 1 else ir.UnionOf(tuple(variants))
        if isinstance(core, ir.UnionOf) and not all(self.is_scalar(v) for v in variants):  # parsed by a function
            self.definitions[own_key or at] = ir.UnionDef(own_key or at, describe(node), core, hint)
            core = ir.Ref(own_key or at)
        return ir.Nullable(core) if "null" in kinds else core

    def enum(self, values: Any, at: str, const: bool = False, open_strings: bool = False) -> ir.Type:
        """An enum (or const, at its own pointer ``at``): scalars of one or more JSON kinds;
        ``open_strings``: any other string is allowed too."""
        if not isinstance(values, list):
            raise SpecError(
                self.resolver.display(at),
                f"enum must be a list, got {found(values)}",
                "write the allowed values as a list, e.g. enum: [low, high]",
            )
        if not values:
            self.warnings.add(at, "enum is an empty list, so no value is allowed")
            return ir.Never()
        present = [v for v in values if v is not None]
        if any(isinstance(v, (dict, list)) for v in present):  # objects or arrays: compared as JSON
            texts = tuple(dict.fromkeys(canonical(v) for v in present))
            fixed = ir.Fixed(texts)
            return ir.Nullable(fixed) if len(present) < len(values) else fixed
        by_kind: dict[str, list[ir.Scalar]] = {}
        unique: dict[tuple[bool, ir.Scalar], ir.Scalar] = {}  # by JSON type and value: true is not 1, 1.0 is 1
        for value in present:
            unique.setdefault((isinstance(value, bool), value), value)
        for value in unique.values():  # in order
            by_kind.setdefault(ir.json_kind(value), []).append(value)
        parts: list[ir.Type] = [ir.Enum(tuple(vs), open=open_strings and k == "string") for k, vs in by_kind.items()]
        if not parts:
            return ir.Primitive("null")
        core = parts[0] if len(parts) == 1 else ir.UnionOf(tuple(parts))
        return ir.Nullable(core) if len(present) < len(values) else core

    def array(self, node: dict[str, Any], at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        items = node.get("items", {})
        if isinstance(items, list) or "prefixItems" in node:  # a tuple: each place its own schema
            where = join_pointer(at, "prefixItems" if "prefixItems" in node else "items")
            self.warnings.add(where, "tuples are not supported; the array's items are read as any value")
            items = {}
        item_hint = ir.NameHint(hint.parent, "item", hint.part) if hint else ir.NameHint(own_key or at, "item", "")
        return ir.Array(self.type_of(items, join_pointer(at, "items"), item_hint), self.limits(node, at, "array"))

    def limits(self, node: dict[str, Any], at: str, kind: str) -> ir.Limits:
        """The value constraints of a schema that apply to its kind, checked for their own types."""
        allowed = LIMITS.get(kind, ())
        found: list[tuple[str, str | int | float]] = []
        for keyword in allowed:
            value = node.get(keyword)
            if keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
                bound = "minimum" if keyword == "exclusiveMinimum" else "maximum"  # the OpenAPI 3.0 form
                if value and bound in node:
                    found = [(k, v) for k, v in found if k != bound] + [(keyword, node[bound])]
                continue
            if value is None:
                continue
            valid = (
                isinstance(value, str)
                if keyword == "pattern"
                else (isinstance(value, (int, float)) and not isinstance(value, bool))
            )
            if not valid or (keyword == "pattern" and not compiles(value)):
                self.warnings.add(join_pointer(at, keyword), f"{keyword} {value!r} is not usable; not checked")
                continue
            found.append((keyword, value))
        return tuple(found)

    def object(self, node: dict[str, Any], at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        properties = node.get("properties") or {}
        extra = node.get("additionalProperties")
        if not isinstance(properties, dict):
            raise SpecError(
                self.resolver.display(join_pointer(at, "properties")),
                f"properties must be a mapping, got {found(properties)}",
                "map each property name to its schema, e.g. properties: {name: {type: string}}",
            )
        if not properties and extra is not False and not node.get("required"):
            if isinstance(extra, dict) and extra:
                value_hint = (
                    ir.NameHint(hint.parent, "value", hint.part) if hint else ir.NameHint(own_key or at, "value", "")
                )
                return ir.Map(self.type_of(extra, join_pointer(at, "additionalProperties"), value_hint))
            return ir.Map(ir.AnyValue())
        key = own_key or at
        required = node.get("required") or []
        if not isinstance(required, list):
            raise SpecError(
                self.resolver.display(join_pointer(at, "required")),
                f"required must be a list, got {found(required)}",
                f"list the names, e.g. required: [{required if isinstance(required, str) else 'name'}]",
            )
        fields = []
        for name, schema in properties.items():
            where = self.origins.get(id(schema)) or join_pointer(at, "properties", name)
            own = schema if isinstance(schema, dict) else {}
            default = json.dumps(own["default"], sort_keys=True) if "default" in own else None
            field_type = self.type_of(schema, where, ir.NameHint(key, "field", name))
            fields.append(ir.Field(name, field_type, name in required, describe(own), where, default))
        for name in required:
            if name not in properties and isinstance(name, str):  # required, of any type
                fields.append(ir.Field(name, ir.AnyValue(), True, "", join_pointer(at, "required"), None))
                self.warnings.add(
                    join_pointer(at, "required"),
                    f"required lists {name!r}, which is not among the properties; required, of any type",
                )
        if isinstance(extra, dict) and extra:
            self.warnings.add(
                join_pointer(at, "additionalProperties"),
                "typed additionalProperties beside properties: extra keys are kept as decoded",
            )
        self.definitions[key] = ir.ObjectDef(key, describe(node), tuple(fields), extra is False, hint)
        return ir.Ref(key)

    def all_of(self, node: dict[str, Any], at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        members = node["allOf"]
        if not isinstance(members, list) or not members:
            raise SpecError(
                self.resolver.display(join_pointer(at, "allOf")),
                "allOf must be a non-empty list",
                "list the schemas to combine",
            )
        if any(member is False for member in members):
            return ir.Never()
        rest = {k: v for k, v in node.items() if k != "allOf"}
        structural = [
            i for i, m in enumerate(members) if not isinstance(m, dict) or "$ref" in m or STRUCTURAL.intersection(m)
        ]
        if len(structural) == 1 and not DISTRIBUTED.intersection(rest):  # one schema, the others annotate it
            index = structural[0]
            return self.type_of(members[index], join_pointer(at, "allOf", index), hint, own_key)
        merge = Merge(self.resolver, self.warnings, self.origins)
        merged = merge.all_of(members, rest, at)
        for location in merge.referenced:  # a base schema is a class of its own as well
            if location in self.names or schema_name(location) is not None:
                self.define(location)
        if merged.get("type") == "object":
            return self.object(merged, at, hint, own_key)
        values = {k: v for k, v in merged.items() if k not in ("properties", "required") or v}
        return self.type_of(values, at, hint, own_key)

    def union(self, node: dict[str, Any], at: str, hint: ir.NameHint | None, own_key: str | None) -> ir.Type:
        keywords = [k for k in ("anyOf", "oneOf") if k in node]
        if len(keywords) == 2:
            self.warnings.add(at, "both anyOf and oneOf; their alternatives are combined")
        options: list[tuple[Any, str]] = []
        for keyword in keywords:
            if not isinstance(node[keyword], list) or not node[keyword]:
                raise SpecError(
                    self.resolver.display(join_pointer(at, keyword)),
                    f"{keyword} must be a non-empty list of schemas, got {found(node[keyword])}",
                    f"list the alternatives, e.g. {keyword}: [{{type: string}}, {{type: integer}}]",
                )
            options += [(sub, join_pointer(at, keyword, i)) for i, sub in enumerate(node[keyword])]
        real = [(sub, where) for sub, where in options if not is_null_schema(sub)]
        nullable = len(real) < len(options)
        base = {k: v for k, v in node.items() if k in DISTRIBUTED and not (k == "type" and v == "object")}
        if base:  # keywords beside the alternatives apply to each of them
            real = [({"allOf": [base, sub]}, where) for sub, where in real]
        key = own_key or at
        single = len(real) == 1
        declared = self.declared(node, at)
        variants: list[ir.Type] = []
        moved: dict[str, str] = {}  # a mapping's target -> the variant built from it with the keywords beside
        for sub, where in real:
            variant_hint = hint if single else ir.NameHint(key, "variant", "")
            built = self.type_of(sub, where, variant_hint, own_key if single else None)
            ref = sub["allOf"][1].get("$ref") if base and isinstance(sub["allOf"][1], dict) else None
            if isinstance(ref, str) and isinstance(built, ir.Ref):
                moved[self.resolver.locate(ref, where)] = built.key
            if isinstance(built, ir.Nullable):
                nullable, built = True, built.inner
            nested = self.definitions.get(built.key) if isinstance(built, ir.Ref) else None
            if isinstance(nested, ir.UnionDef) and nested.key == where:  # an inline union inside a union
                del self.definitions[where]
                declared = declared or nested.declared
                built = nested.union
            inner = built.variants if isinstance(built, ir.UnionOf) else (built,)
            variants += [v for v in inner if v not in variants]
        variants = merge_scalars([v for v in variants if not isinstance(v, ir.Never)])  # false matches nothing
        if declared and moved:
            mapping = tuple((value, moved.get(target, target)) for value, target in declared.mapping)
            declared = dataclasses.replace(declared, mapping=mapping)
        if keywords == ["oneOf"] and len(variants) < len(real) and any(isinstance(v, ir.Enum) for v in variants):
            self.warnings.add(at, "oneOf alternatives overlap (a string and an enum of strings); read as an open enum")
        if not variants:
            core: ir.Type = ir.Primitive("null") if nullable else ir.Never()
            nullable = False
        elif len(variants) == 1:
            core = variants[0]
        elif any(isinstance(v, ir.AnyValue) for v in variants):
            core = ir.AnyValue()
        elif all(self.is_scalar(v) for v in variants):
            core = ir.UnionOf(tuple(variants))
        else:
            union = ir.UnionOf(tuple(variants))
            self.definitions[key] = ir.UnionDef(key, describe(node), union, hint, declared, None, keywords == ["oneOf"])
            core = ir.Ref(key)
        return ir.Nullable(core) if nullable else core

    def declared(self, node: dict[str, Any], at: str) -> ir.Declared | None:
        spec = node.get("discriminator")
        if spec is None:
            return None
        where = join_pointer(at, "discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            raise SpecError(
                self.resolver.display(where),
                "discriminator needs a string propertyName",
                "write discriminator: {propertyName: type}",
            )
        mapping = spec.get("mapping") or {}
        pairs = []
        for value, ref in mapping.items():
            if isinstance(ref, str) and "#" not in ref and "/" not in ref and "." not in ref:
                ref = f"#/components/schemas/{ref}"
            target = self.resolver.locate(ref, join_pointer(where, "mapping", value))
            self.resolver.node(target, join_pointer(where, "mapping", value))
            pairs.append((str(value), target))
        return ir.Declared(spec["propertyName"], tuple(pairs))

    def is_scalar(self, t: ir.Type) -> bool:
        if isinstance(t, (ir.Primitive, ir.Enum)):
            return True
        if isinstance(t, ir.UnionOf):
            return all(self.is_scalar(v) for v in t.variants)
        if isinstance(t, ir.Ref):
            target = self.definitions.get(t.key)
            return isinstance(target, ir.AliasDef) and self.is_scalar(target.target)
        return False


def merge_scalars(variants: list[ir.Type]) -> list[ir.Type]:
    """Merge a plain type with enums of the same kind into an open enum, and enums together."""
    merged: list[ir.Type] = []
    for variant in variants:
        kind = variant.kind if isinstance(variant, (ir.Primitive, ir.Enum)) else None
        if kind not in ("string", "integer"):
            merged.append(variant)
            continue
        index = next(
            (i for i, m in enumerate(merged) if isinstance(m, (ir.Primitive, ir.Enum)) and m.kind == kind), None
        )
        if index is None:
            merged.append(variant)
            continue
        merged[index] = combine(merged[index], variant)  # type: ignore[arg-type]
    return merged


def combine(a: ir.Primitive | ir.Enum, b: ir.Primitive | ir.Enum) -> ir.Type:
    values = tuple(dict.fromkeys([*getattr(a, "values", ()), *getattr(b, "values", ())]))
    plain = isinstance(a, ir.Primitive) or isinstance(b, ir.Primitive)
    if plain and a.kind != "string":
        return ir.Primitive(a.kind)  # an open enum of integers is just an integer
    if not values:
        return a
    return ir.Enum(values, open=plain or getattr(a, "open", False) or getattr(b, "open", False))


def build(
    resolver: Resolver,
    locations: list[str],
    warnings: Warnings,
    names: Mapping[str, str] | None = None,
    nullable: set[str] | None = None,
    defined: list[str] | None = None,
) -> dict[str, ir.Definition]:
    """Definitions for the schemas at ``locations`` and every schema they refer to, plus the inline
    ones they hoist. The locations whose schema also allows null are added to ``nullable`` (a
    definition itself is never null); every schema location built, to ``defined``."""
    builder = Builder(resolver, warnings, names)
    for location in locations:
        builder.define(location)
    builder.audit.report()
    if nullable is not None:
        nullable.update(location for location, allowed in builder.nullable.items() if allowed)
    if defined is not None:
        defined.extend(builder.nullable)
    return builder.definitions
