"""Decide the code of the generated package: what each class, union and helper contains.

The result is a plain render model (lists of prepared names, annotations and
statement lines); the Jinja2 templates only lay it out.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field

from . import ir
from .naming import field_names, root_names, snake
from .pytypes import TypeCode, literal

STRUCTURED = re.compile(r"^(\s{2,}|\s*([-*+|>#]|\d+\.|```))")


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
class RootModel:
    alias: str
    annotation: str
    doc: str
    unknown: str | None
    table: TableModel
    parse: FunctionModel
    imports: list[str]  # names events.py takes from models.py


@dataclass
class Package:
    classes: list[ClassModel] = field(default_factory=list)
    aliases: list[AliasModel] = field(default_factory=list)
    functions: list[FunctionModel] = field(default_factory=list)
    tables: list[TableModel] = field(default_factory=list)
    roots: list[RootModel] = field(default_factory=list)


def docstring(text: str, width: int = 84) -> list[str]:
    """Description text as docstring lines: paragraphs rewrapped; lists, tables and code kept."""
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
    return lines


class Emitter:
    def __init__(self, definitions: dict[str, ir.Definition], names: dict[str, str], roots: tuple[ir.Root, ...]):
        self.definitions = definitions
        self.names = names
        self.roots = roots
        self.code = TypeCode(definitions, names)
        self.package = Package()
        self.helpers: set[str] = set()  # names of the helper converters emitted so far
        self.tables: set[str] = set()
        self.key_of = {name: key for key, name in names.items()}
        self.discriminators = self.discriminator_fields()

    def discriminator_fields(self) -> dict[str, set[str]]:
        """Per object key, the properties some union dispatches it on (always checked strictly)."""
        found: dict[str, set[str]] = {}

        def walk(branch: ir.Branch) -> None:
            for _, target in branch.table:
                if isinstance(target, ir.Branch):
                    walk(target)
            for key in leaves(branch):
                found.setdefault(key, set()).add(branch.property)

        for d in self.definitions.values():
            if isinstance(d, ir.UnionDef) and d.dispatch:
                walk(d.dispatch)
        return found

    def run(self) -> Package:
        for _key, d in sorted(self.definitions.items(), key=lambda kv: self.names[kv[0]]):
            if isinstance(d, ir.ObjectDef):
                self.package.classes.append(self.object(d))
        for key in self.alias_order():
            d = self.definitions[key]
            if isinstance(d, ir.UnionDef):
                self.union(d)
            elif isinstance(d, ir.AliasDef):
                self.package.aliases.append(
                    AliasModel(self.names[key], self.code.annotation(d.target), docstring(d.doc))
                )
        self.exported = (
            {c.name for c in self.package.classes}
            | {a.name for a in self.package.aliases}
            | {f.name for f in self.package.functions}
        )
        for root in self.roots:
            self.root(root)
        return self.package

    def alias_order(self) -> list[str]:
        """Aliases and unions, each after the aliases it mentions (evaluated at import)."""
        keys = sorted(
            (k for k, d in self.definitions.items() if not isinstance(d, ir.ObjectDef)), key=lambda k: self.names[k]
        )
        done: list[str] = []
        visiting: set[str] = set()

        def visit(key: str) -> None:
            if key in done or key in visiting:
                return
            visiting.add(key)
            d = self.definitions[key]
            for dep in refs_in(d.union if isinstance(d, ir.UnionDef) else d.target):  # type: ignore[union-attr]
                if not isinstance(self.definitions[dep], ir.ObjectDef):
                    visit(dep)
            done.append(key)

        for key in keys:
            visit(key)
        return done

    # -- objects -------------------------------------------------------------

    def object(self, d: ir.ObjectDef) -> ClassModel:
        name = self.names[d.key]
        py_names = field_names([f.json_name for f in d.fields])
        strict = self.discriminators.get(d.key, set())
        models: list[FieldModel] = []
        parse = ["if type(data) is not dict:", "    data = decode(data)", "obj = object.__new__(cls)", "value: Any"]
        dump: list[str] = []
        strays = [f.json_name for f in d.fields if not f.required and not isinstance(f.type, ir.Nullable)]
        if strays:
            parse.append("stray: tuple[str, ...] = ()")
        for f, attr in zip(d.fields, py_names, strict=False):
            annotation = self.code.annotation(f.type) + ("" if f.required else " | Unset")
            default = None if f.required else "UNSET"
            fixed = self.code.target(f.type)
            if f.required and isinstance(fixed, ir.Enum) and len(fixed.values) == 1 and not fixed.open:
                default = literal(fixed.values[0])
            doc = f.doc + (f"\n\nDefault on the server: ``{f.default}``." if f.default not in (None, "null") else "")
            models.append(FieldModel(attr, annotation, default, docstring(doc.strip())))
            parse += self.parse_field(f, attr, f.json_name in strict, d.key)
            dump += self.dump_field(f, attr, first=not dump)
        keys = "frozenset({" + ", ".join(literal(f.json_name) for f in d.fields) + "})"
        if all(f.required for f in d.fields):  # all present, so any further key is an extra
            check = f"len(data) != {len(d.fields)}"
        else:
            check = "stray or not cls._KEYS.issuperset(data)" if strays else "not cls._KEYS.issuperset(data)"
        parse += [
            f"if {check}:",
            f"    obj.extra = unknown_keys(data, cls._KEYS, {'stray' if strays else '()'}, {d.closed}, lenient)",
            "else:",
            "    obj.extra = NO_EXTRA",
            "return obj",
        ]
        if not dump:
            dump = ["data: dict[str, Any] = {}"]
        dump += ["if self.extra:", "    data.update(self.extra)", "return data"]
        return ClassModel(name, docstring(d.doc), models, keys, parse, dump)

    def parse_field(self, f: ir.Field, attr: str, strict: bool, owner: str) -> list[str]:
        key = literal(f.json_name)
        nullable = isinstance(f.type, ir.Nullable)
        stray_ok = not f.required and not nullable
        lines = [f"value = data.get({key}, {'MISSING' if f.required else 'UNSET'})"]
        if self.code.is_scalar(f.type):
            # a Literal attribute may get a plain str (lenient), so keep mypy from narrowing value
            k = "kind" if self.code.has_literal(f.type) else ""
            bad = self.code.bad(f.type, "value", k=k)
            lenient_bad = None if strict else self.code.bad(f.type, "value", lenient=True, k=k)
            if "kind" in f"{bad} {lenient_bad}":
                lines.append("kind = type(value)")
            if bad is None:
                if f.required:
                    lines += ["if value is MISSING:", f"    raise invalid(value, {key}, 'any value')"]
            else:
                condition = bad if f.required else f"value is not UNSET and ({bad})"
                lines += self.failure(f.type, key, condition, None if lenient_bad == bad else lenient_bad, stray_ok)
        else:
            convert = self.converter(f.type.inner if nullable else f.type, owner, attr)  # type: ignore[union-attr]
            attempt = [
                "    try:",
                f"        value = {convert}(value, lenient)",
                "    except ValidationError as error:",
                f"        raise error.inside({key})",
            ]
            guard = ["value is not None"] if nullable else []
            if not f.required:
                guard.insert(0, "value is not UNSET")
            if stray_ok:
                lines += ["if value is None and lenient:", "    value = UNSET", f"    stray += ({key},)"]
                lines += [f"elif {' and '.join(guard)}:"] + attempt
            elif guard:
                if f.required:  # a required nullable: absent is an error that mentions null
                    lines += [
                        "if value is MISSING:",
                        f"    raise invalid(value, {key}, {self.code.expected(f.type)!r})",
                    ]
                lines += [f"if {' and '.join(guard)}:"] + attempt
            else:
                lines += [line[4:] for line in attempt]
        return lines + [f"obj.{attr} = value"]

    def failure(self, t: ir.Type, key: str, condition: str, lenient_bad: str | None, stray_ok: bool) -> list[str]:
        """The check of an inline field: keep what leniency allows, else raise."""
        raise_line = f"raise invalid(value, {key}, {self.code.expected(t)!r})"
        keep = f"not lenient or ({lenient_bad})" if lenient_bad else None
        if stray_ok:
            return [
                f"if {condition}:",
                "    if value is None and lenient:",
                "        value = UNSET",
                f"        stray += ({key},)",
                f"    elif {keep}:" if keep else "    else:",
                f"        {raise_line}",
            ]
        if keep:
            return [f"if ({condition}) and ({keep}):", f"    {raise_line}"]
        return [f"if {condition}:", f"    {raise_line}"]

    def dump_field(self, f: ir.Field, attr: str, first: bool) -> list[str]:
        key = literal(f.json_name)
        if f.required:
            expression = self.code.dump(f.type, f"self.{attr}")
            if first:
                return [f"data: dict[str, Any] = {{{key}: {expression}}}"]
            return [f"data[{key}] = {expression}"]
        expression = self.code.dump(f.type, f"self.{attr}")
        lines = [] if not first else ["data: dict[str, Any] = {}"]
        return lines + [f"if self.{attr} is not UNSET:", f"    data[{key}] = {expression}"]

    # -- converters ----------------------------------------------------------

    def converter(self, t: ir.Type, owner: str, attr: str) -> str:
        """The name of a callable ``(value, lenient) -> parsed`` for a non-scalar type."""
        t2 = self.code.target(t)
        if isinstance(t2, ir.ObjectDef):
            return f"{self.names[t2.key]}.from_dict"
        if isinstance(t2, ir.UnionDef):
            return "parse_" + snake(self.names[t2.key])
        slug = self.slug(t)
        name = "_" + (slug or f"{snake(self.names[owner])}_{attr}")
        if name in self.helpers:
            return name
        self.helpers.add(name)
        body = self.helper_body(t2, owner, attr)  # type: ignore[arg-type]
        annotation = self.code.annotation(t)
        self.package.functions.append(FunctionModel(name, f"(value: Any, lenient: bool) -> {annotation}", "", body))
        return name

    def slug(self, t: ir.Type) -> str | None:
        if isinstance(t, ir.Primitive):
            return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(t.kind)
        if isinstance(t, ir.AnyValue):
            return "any"
        if isinstance(t, ir.Ref):
            return snake(self.names[t.key])
        inner = {ir.Array: "list_of_", ir.Map: "map_of_", ir.Nullable: "optional_"}.get(type(t))
        if inner is None:
            return None
        rest = self.slug(getattr(t, "items", None) or getattr(t, "values", None) or t.inner)  # type: ignore[union-attr]
        return inner + rest if rest else None

    def helper_body(self, t: ir.Array | ir.Map | ir.Nullable | ir.UnionOf, owner: str, attr: str) -> list[str]:
        if isinstance(t, ir.Nullable):
            return [f"return None if value is None else {self.converter(t.inner, owner, attr)}(value, lenient)"]
        if isinstance(t, ir.UnionOf):
            raise AssertionError("unions of scalars are checked inline")
        is_list = isinstance(t, ir.Array)
        inner = t.items if isinstance(t, ir.Array) else t.values
        kind, loop = ("list", "index, item in enumerate(value)") if is_list else ("dict", "key, item in value.items()")
        where = "index" if is_list else "key"
        lines = [
            f"if type(value) is not {kind}:",
            f"    raise invalid(value, None, {'an array' if is_list else 'an object'!r})",
        ]
        if self.code.is_scalar(inner):
            bad = self.code.bad(inner, "item")
            if bad is None:
                return lines + [f"return {kind}(value)"]
            message = repr(self.code.expected(inner))
            lenient_bad = self.code.bad(inner, "item", lenient=True)
            test = bad if lenient_bad == bad else f"({bad}) and (not lenient or ({lenient_bad}))"
            lines += [f"for {loop}:", f"    if {test}:", f"        raise invalid(item, {where}, {message})"]
            return lines + [f"return {kind}(value)"]
        convert = self.converter(inner, owner, attr + "_item")
        store = (
            "result.append(" + convert + "(item, lenient))" if is_list else f"result[key] = {convert}(item, lenient)"
        )
        result_type = self.code.annotation(t)
        return lines + [
            f"result: {result_type} = {'[]' if is_list else '{}'}",
            f"for {loop}:",
            "    try:",
            f"        {store}",
            "    except ValidationError as error:",
            f"        raise error.inside({where})",
            "return result",
        ]

    # -- unions --------------------------------------------------------------

    def union(self, d: ir.UnionDef) -> None:
        name = self.names[d.key]
        annotation = self.code.annotation(d.union)
        if d.dispatch:
            annotation += " | UnknownVariant"
        self.package.aliases.append(AliasModel(name, annotation, docstring(d.doc)))
        body = self.union_body(d, name)
        self.package.functions.append(
            FunctionModel(
                "parse_" + snake(name),
                f"(value: Any, lenient: bool = False) -> {name}",
                f"Parse ``{name}`` from decoded JSON, choosing the alternative from the value itself.",
                body,
            )
        )

    def union_body(self, d: ir.UnionDef, name: str) -> list[str]:
        groups = self.kind_groups(d)
        if list(groups) == ["object"]:
            return [
                "if type(value) is not dict:",
                "    raise invalid(value, None, 'an object')",
                *self.kind_body("object", groups["object"], d, name),
            ]
        lines = ["kind = type(value)  # tested apart from value, which stays Any: its literals are checked"]
        if set(groups) - {"object", "array"}:
            lines.append(f"result: {name}  # what a scalar alternative returns, as the union's type")
        for kind, variants in groups.items():
            test = {
                "object": "kind is dict",
                "array": "kind is list",
                "string": "kind is str",
                "boolean": "kind is bool",
                "integer": "kind is int",
                "number": "kind is float or kind is int",
                "null": "value is None",
            }[kind]
            lines += [f"if {test}:"] + ["    " + line for line in self.kind_body(kind, variants, d, name)]
        expected = " or ".join(dict.fromkeys(self.code.expected(v) for v in d.union.variants))
        return lines + [f"raise invalid(value, None, {expected!r})"]

    def kind_groups(self, d: ir.UnionDef) -> dict[str, list[ir.Type]]:
        order = ("object", "array", "string", "boolean", "integer", "number", "null")
        groups: dict[str, list[ir.Type]] = {}
        for variant in d.union.variants:
            for kind in self.kinds(variant):
                groups.setdefault(kind, []).append(variant)
        return {k: groups[k] for k in order if k in groups}

    def kinds(self, t: ir.Type) -> list[str]:
        t2 = self.code.target(t)
        if isinstance(t2, (ir.ObjectDef, ir.Map)):
            return ["object"]
        if isinstance(t2, ir.UnionDef):
            return [k for v in t2.union.variants for k in self.kinds(v)]
        if isinstance(t2, ir.Array):
            return ["array"]
        if isinstance(t2, ir.Enum):
            return [t2.kind]
        if isinstance(t2, ir.Primitive):
            return [t2.kind]
        if isinstance(t2, ir.UnionOf):
            return [k for v in t2.variants for k in self.kinds(v)]
        if isinstance(t2, ir.Nullable):
            return self.kinds(t2.inner) + ["null"]
        return ["object", "array", "string", "boolean", "integer", "number", "null"]

    def kind_body(self, kind: str, variants: list[ir.Type], d: ir.UnionDef, name: str) -> list[str]:
        if kind == "object" and d.dispatch:
            return self.branch_body(d.dispatch, name, [])
        if kind in ("object", "array"):
            if len(variants) == 1:
                return [f"return {self.converter(variants[0], d.key, 'variant')}(value, lenient)"]
            parsers = [self.converter(v, d.key, "variant") for v in variants]
            return self.trial_body(parsers, f"one of the alternatives of {self.names[d.key]}")
        merged = scalar_of_kind(kind, [self.code.target(v) for v in variants])  # type: ignore[misc]
        done = ["result = value", "return result"]
        if not isinstance(merged, ir.Enum) or merged.open:
            return done  # the JSON kind is all there is to check
        members = ", ".join(literal(v) for v in merged.values)
        test = f"value != {members}" if len(merged.values) == 1 else f"value not in {{{members}}}"
        return [f"if not lenient and {test}:", f"    raise invalid(value, None, {self.code.expected(merged)!r})", *done]

    def trial_body(self, parsers: list[str], label: str) -> list[str]:
        """Try each alternative strictly, then (when lenient) each leniently: the first that fits wins."""
        return [
            "for leniency in (False, True) if lenient else (False,):",
            f"    for parser in ({', '.join(parsers)},):",
            "        try:",
            "            return parser(value, leniency)",
            "        except ValidationError:",
            "            pass",
            f"raise invalid(value, None, {label!r})",
        ]

    def branch_body(self, branch: ir.Branch, name: str, path: list[ir.Scalar]) -> list[str]:
        table = self.branch_table(branch, name, path)
        expected = self.branch_expected(branch)
        prop = literal(branch.property)
        lines = ["try:", f"    parser = {table}[value.get({prop})]", "except (KeyError, TypeError):"]
        if branch.absent:  # the only alternative where the property is optional
            lines += [
                f"    if {prop} not in value:",
                f"        return {self.names[branch.absent]}.from_dict(value, lenient)",
            ]
        return [
            *lines,
            f"    return unknown_tag(value, {prop}, {expected!r}, lenient)",
            "return parser(value, lenient)",
        ]

    def branch_expected(self, branch: ir.Branch) -> str:
        shown = [json.dumps(v) for v, _ in branch.table]
        return "one of " + ", ".join(shown) if len(shown) > 1 else shown[0]

    def branch_table(self, branch: ir.Branch, name: str, path: list[ir.Scalar]) -> str:
        """The name of the table dispatching ``branch`` (emitted once, with its sub-dispatchers)."""
        table_name = identifier_of(
            "_" + "_".join(snake(str(part)) for part in [name, *path]).upper() + "_BY_" + snake(branch.property).upper()
        )
        if table_name in self.tables:
            return table_name
        self.tables.add(table_name)
        union = self.definitions[self.key_of[name]]
        assert isinstance(union, ir.UnionDef)
        returns = self.code.annotation(union.union)
        rows = []
        for value, target in branch.table:
            if isinstance(target, str):
                rows.append((literal(value), f"{self.names[target]}.from_dict"))
                continue
            sub = identifier_of("_parse_" + "_".join(snake(str(part)) for part in [name, *path, value]))
            doc = f"Tell apart the alternatives of ``{name}`` that share the value {literal(value)}."
            if isinstance(target, ir.Branch):
                signature = f"(value: Any, lenient: bool) -> {returns} | UnknownVariant"
                body = self.branch_body(target, name, [*path, value])
            else:
                classes = [self.names[key] for key in target.keys]
                signature = f"(value: Any, lenient: bool) -> {' | '.join(classes)}"
                body = self.trial_body(
                    [f"{c}.from_dict" for c in classes], f"an object matching {' or '.join(classes)}"
                )
            self.package.functions.append(FunctionModel(sub, signature, doc, body))
            rows.append((literal(value), sub))
        if any(isinstance(target, ir.Branch) for _, target in branch.table):
            returns += " | UnknownVariant"
        self.package.tables.append(TableModel(table_name, f"dict[Any, Callable[[Any, bool], {returns}]]", rows))
        return table_name

    # -- roots ---------------------------------------------------------------

    def root(self, root: ir.Root) -> None:
        names = root_names(root.alias)
        d = self.definitions[root.key]
        schema = self.names[root.key]
        lenient = repr(root.lenient)
        variants = [schema]
        rows: list[tuple[str, str]] = []
        unknown = None
        table_type = f"Mapping[str, type[{names.alias}]]"
        if isinstance(d, ir.UnionDef) and d.dispatch:
            unknown = names.unknown
            variants = [self.code.annotation(v) for v in d.union.variants] + [unknown]
            rows = [(literal(value), self.class_table(target)) for value, target in d.dispatch.table]
            prop = literal(d.dispatch.property)
            by = self.branch_table(d.dispatch, schema, [])
            shared = any(not isinstance(target, str) for _, target in d.dispatch.table)
            body = [
                "value = data if type(data) is dict else decode(data)",
                "try:",
                f"    parser = {by}[value.get({prop})]",
                "except (KeyError, TypeError):",
                f"    tag = value.get({prop}, MISSING)",
                "    if type(tag) is not str:",
                f"        raise invalid(tag, {prop}, 'a string') from None",
                f"    return {unknown}(data=value)",
            ]
            if shared:  # a value shared by several events, and a second key nobody knows
                table_type = f"Mapping[str, type[{names.alias}] | Mapping[str, Any]]"
                body += [
                    f"event = parser(value, {lenient})",
                    "if isinstance(event, UnknownVariant):",
                    f"    return {unknown}(data=event.data)",
                    "return event",
                ]
            else:
                body.append(f"return parser(value, {lenient})")
        elif isinstance(d, ir.UnionDef):
            body = [f"return parse_{snake(schema)}(decode(data), {lenient})"]
        else:
            body = [f"return {schema}.from_dict(decode(data), {lenient})"]
            fixed = [f for f in d.fields if f.json_name == "type"] if isinstance(d, ir.ObjectDef) else []
            t = self.code.target(fixed[0].type) if fixed else None
            if isinstance(t, ir.Enum) and not t.open:
                rows = [(literal(v), schema) for v in t.values]
        policy = "kept (lenient)" if root.lenient else "rejected (strict)"
        doc = (
            f"Parse one ``{names.alias}`` from JSON text or a decoded object.\n\n"
            f"Values outside the spec's enums are {policy}; anything else that does not match "
            "raises ValidationError."
        )
        parse = FunctionModel(names.parse, f"(data: str | bytes | Mapping[str, Any]) -> {names.alias}", doc, body)
        table = TableModel(names.table, table_type, rows)
        words = {w for text in [*body, *variants, *(v for _, v in rows)] for w in re.findall(r"\b\w+\b", text)}
        used = {w for w in words if w in self.exported or w.startswith("_")} - {unknown}
        self.package.roots.append(
            RootModel(names.alias, " | ".join(variants), d.doc, unknown, table, parse, sorted(used))
        )

    def class_table(self, target: str | ir.Branch | ir.Trial) -> str:
        """A class; for a shared value the classes by the second key, or in the order they are tried."""
        if isinstance(target, str):
            return self.names[target]
        if isinstance(target, ir.Trial):
            return "(" + ", ".join(self.names[key] for key in target.keys) + ",)"
        inner = ", ".join(f"{literal(v)}: {self.class_table(t)}" for v, t in target.table)
        return "{" + inner + "}"


def identifier_of(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", text)


def leaves(branch: ir.Branch) -> list[str]:
    found: list[str] = []
    for _, target in branch.table:
        if isinstance(target, ir.Branch):
            found += leaves(target)
        else:
            found += list(target.keys) if isinstance(target, ir.Trial) else [target]
    return found


def refs_in(t: ir.Type) -> list[str]:
    if isinstance(t, ir.Ref):
        return [t.key]
    if isinstance(t, ir.Array):
        return refs_in(t.items)
    if isinstance(t, ir.Map):
        return refs_in(t.values)
    if isinstance(t, ir.Nullable):
        return refs_in(t.inner)
    if isinstance(t, ir.UnionOf):
        return [k for v in t.variants for k in refs_in(v)]
    return []


def scalar_of_kind(kind: str, variants: list[ir.Type]) -> ir.Type:
    """One type for all the scalar alternatives of one JSON kind (string enums merge)."""
    enums = [v for v in variants if isinstance(v, ir.Enum)]
    plain = [v for v in variants if not isinstance(v, ir.Enum)]
    if plain or not enums:
        return ir.Primitive(kind) if kind != "number" or not plain else plain[0]
    values = tuple(dict.fromkeys(x for e in enums for x in e.values))
    return ir.Enum(values, open=any(e.open for e in enums))
