"""The package's entry points: per root, ``parse_ALIAS``, the ``ALIAS_TYPES`` table, the union
``Alias`` and ``UnknownAlias``. A root dispatches on a property of the payload through the union's
tables (``dispatch``), or on a tag the caller passes (an HTTP header, an SSE event name)."""

from __future__ import annotations

import re

from . import ir
from .codemodel import FunctionModel, PropertyModel, RootModel, TableModel
from .dispatch import Dispatch
from .naming import RootNames, root_names, snake
from .pytypes import literal, union_text
from .unknowns import branches, tag_properties

TEXT = "str | bytes | bytearray | memoryview | Mapping[str, Any]"  # what parse_ALIAS takes


class Entries:
    """Writes each root's entry points into the package, through the tables ``dispatch`` writes."""

    def __init__(self, dispatch: Dispatch) -> None:
        self.dispatch = dispatch
        self.definitions, self.names, self.code, self.package = (
            dispatch.definitions,
            dispatch.names,
            dispatch.code,
            dispatch.package,
        )

    def root(self, root: ir.Root, exported: set[str]) -> None:
        names = root_names(root.alias)
        d = self.definitions[root.key]
        schema = self.names[root.key]
        variants = [schema]
        rows: list[tuple[str, str]] = []
        unknown = None
        table_type = f"Mapping[str, type[{names.alias}]]"
        argument = ""
        if root.caller_tag:
            unknown = names.unknown
            variants, rows, body, table_type = self.by_caller(root, names)
            argument = f", {root.caller_tag.argument}: str"
        elif isinstance(d, ir.UnionDef) and d.dispatch and not root.nullable:
            unknown = names.unknown
            variants = [self.code.annotation(v) for v in d.union.variants] + [unknown]
            rows = [(literal(value), self.dispatch.class_table(target)) for value, target in d.dispatch.table]
            body = self.by_property(root, d.dispatch, schema, names)
            table_type = type_table(names.alias, rows)
        elif root.nullable:  # null, or a value of the schema
            self.package.plain_roots = True
            variants = [schema, "None"]
            parser = f"{schema}.from_dict" if isinstance(d, ir.ObjectDef) else f"parse_{snake(schema)}"
            body = [
                f"value = decode_json(data{strict(root)})",
                f"return None if value is None else {parser}(value, {root.lenient!r})",
            ]
        elif isinstance(d, (ir.UnionDef, ir.AliasDef)):
            objects = set(self.code.kinds(ir.Ref(root.key))) == {"object"}  # else any JSON value
            decoder = "decode" if objects else "decode_json"
            self.package.plain_roots = self.package.plain_roots or not objects
            body = [f"return parse_{snake(schema)}({decoder}(data{strict(root)}), {root.lenient!r})"]
        else:
            body = [f"return {schema}.from_dict(decode(data{strict(root)}), {root.lenient!r})"]
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
        if root.caller_tag:
            doc += (
                f" ``{root.caller_tag.argument}`` is the tag that travels outside the payload "
                "and says which event it is."
            )
        if any("decode(" in line for line in body):
            passed = f", {root.caller_tag.argument}" if root.caller_tag else ""
            body = again(body, f"{names.parse}(decode(data{strict(root)}, standard=True){passed})")
        signature = f"(data: {TEXT}{argument}) -> {names.alias}"
        parse = FunctionModel(names.parse, signature, doc, body)
        table = TableModel(names.table, table_type, rows)
        words = {w for text in [*body, *variants, *(v for _, v in rows)] for w in re.findall(r"\b\w+\b", text)}
        used = {w for w in words if w in exported or w.startswith("_")} - {unknown}
        tags = self.tag_properties(root, d) if unknown else []
        self.package.roots.append(
            RootModel(names.alias, union_text(variants), d.doc, unknown, table, parse, sorted(used), tags)
        )

    def tag_properties(self, root: ir.Root, d: ir.Definition) -> list[PropertyModel]:
        """Properties of ``UnknownALIAS``: the first tag (a property, or the caller's argument) and
        the keys of later steps (a second key, a union under a caller's tag)."""
        if root.caller_tag:
            first = root.caller_tag.argument
            later = [b.property for _, key in root.caller_tag.table for b in branches(self.definitions[key])]
            return tag_properties(first, f"The ``{first}`` passed with the event.", later)
        assert isinstance(d, ir.UnionDef) and d.dispatch
        first = d.dispatch.property
        return tag_properties(first, f"The event's ``{first}``.", [b.property for b in branches(d)[1:]])

    def by_property(self, root: ir.Root, branch: ir.Branch, schema: str, names: RootNames) -> list[str]:
        """The body of a root told apart by a property of the payload."""
        prop = literal(branch.property)
        by = self.dispatch.branch_table(branch, schema, [])
        shared = any(not isinstance(target, str) for _, target in branch.table)
        body = [
            f"value = data if type(data) is dict else decode(data{strict(root)})",
            "try:",
            f"    parser = {by}[value.get({prop})]",
            "except (KeyError, TypeError):",
            f"    tag = value.get({prop}, MISSING)",
            "    if type(tag) is not str:",
            f"        raise invalid(tag, {prop}, 'a string') from None",
            f"    return {names.unknown}(data=free_form(value, {not root.lenient}), tag=tag)",
        ]
        return body + self.finish(root, names, shared, f"value[{prop}]")

    def finish(self, root: ir.Root, names: RootNames, unknown_inside: bool, tag: str) -> list[str]:
        """The last lines of a parse function; ``tag``: the expression of the tag an unknown keeps."""
        if not unknown_inside:
            return [f"return parser(value, {root.lenient!r})"]
        event = "found" if root.caller_tag and root.caller_tag.argument == "event" else "event"
        return [  # a known tag, and a second key nobody knows: the whole event is unknown
            f"{event} = parser(value, {root.lenient!r})",
            f"if isinstance({event}, UnknownVariant):",
            f"    return {names.unknown}(data={event}.data, tag={tag})",
            f"return {event}",
        ]

    def by_caller(self, root: ir.Root, names: RootNames) -> tuple[list[str], list[tuple[str, str]], list[str], str]:
        """Variants, type table rows, body and table type of a root whose tag the caller passes."""
        tag = root.caller_tag
        assert tag is not None
        parsers: list[tuple[str, str]] = []
        rows: list[tuple[str, str]] = []
        variants: list[str] = []
        unknown_inside = False
        for value, key in tag.table:
            target = self.definitions[key]
            name = self.names[key]
            variants.append(name)
            if isinstance(target, ir.UnionDef):
                parsers.append((literal(value), "parse_" + snake(name)))
                if target.dispatch:
                    rows.append((literal(value), self.dispatch.class_table(target.dispatch)))
                    unknown_inside = True
                else:  # alternatives tried in order
                    classes = [self.names[t.key] for t in target.union.variants if isinstance(t, ir.Ref)]
                    rows.append((literal(value), "(" + ", ".join(classes) + ",)"))
            else:
                parsers.append((literal(value), f"{name}.from_dict"))
                rows.append((literal(value), name))
        returns = union_text(list(dict.fromkeys(variants))) + (" | UnknownVariant" if unknown_inside else "")
        table = self.dispatch.internal_name(
            f"_{snake(names.alias).upper()}_BY_{snake(tag.argument).upper()}", ("caller", names.alias)
        )
        self.package.tables.append(TableModel(table, f"dict[str, Callable[[Any, bool], {returns}]]", parsers))
        body = [
            f"value = data if type(data) is dict else decode(data{strict(root)})",
            "try:",
            f"    parser = {table}[{tag.argument}]",
            "except (KeyError, TypeError):",
            f"    return {names.unknown}(data=free_form(value, {not root.lenient}), tag={tag.argument})",
            *self.finish(root, names, unknown_inside, tag.argument),
        ]
        return [*dict.fromkeys(variants), names.unknown], rows, body, type_table(names.alias, rows)


def again(body: list[str], redo: str) -> list[str]:
    """A parse function's body, done again (``redo``) on the standard library's decoding when another
    JSON library decoded the text and the value did not match: errors are the standard library's."""
    return [
        "try:",
        *("    " + line for line in body),
        "except ValidationError:",
        "    if not decoded_elsewhere(data):",
        "        raise",
        f"return {redo}",
    ]


def type_table(alias: str, rows: list[tuple[str, str]]) -> str:
    """The annotation of ``ALIAS_TYPES``: classes, and where a tag is shared, what tells them apart."""
    kinds = [f"type[{alias}]"]
    if any(value.startswith("{") for _, value in rows):
        kinds.append("Mapping[str, Any]")  # a second key: its values -> classes
    if any(value.startswith("(") for _, value in rows):
        kinds.append(f"tuple[type[{alias}], ...]")  # tried in order
    return f"Mapping[str, {' | '.join(kinds)}]"


def strict(root: ir.Root) -> str:
    """The decode arguments of a root: strict roots refuse NaN and infinities."""
    return "" if root.lenient else ", strict=True"
