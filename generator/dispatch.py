"""The code that tells union alternatives apart: parse functions and dispatch tables.

Unions dispatch first on the JSON kind of the value, then objects on their discriminator (a table
lookup, nested for composite keys); alternatives that share a value and differ only in shape are
tried in order. The entry points of the package (``entry``) use the same tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from . import ir
from .codemodel import AliasModel, FunctionModel, Package, TableModel, UnknownModel, docstring
from .cycles import guarded
from .naming import snake
from .pytypes import TypeCode, literal
from .unknowns import branches, class_name, tag_properties

Converter = Callable[[ir.Type, str, str], str]  # (type, owner key, attribute) -> name of a parse callable


class Dispatch:
    """Writes each union's parse function and the tables it dispatches through into ``package``."""

    def __init__(
        self,
        definitions: dict[str, ir.Definition],
        names: dict[str, str],
        code: TypeCode,
        package: Package,
        converter: Converter,
        recursive: set[str],
        taken: set[str],
    ) -> None:
        self.definitions = definitions
        self.names = names
        self.code = code
        self.package = package
        self.converter = converter
        self.recursive = recursive
        self.tables: set[str] = set()  # names of the dispatch tables emitted so far
        self.key_of = {name: key for key, name in names.items()}
        self.taken = taken  # every name the package uses, for the unknown classes' names
        self.unknowns: dict[str, str] = {}  # union key -> its unknown class
        self.internal: dict[str, tuple[object, ...]] = {}  # a private name emitted -> what it stands for

    def internal_name(self, text: str, owner: tuple[object, ...]) -> str:
        """A private name (table, sub-parser) made from ``text``, for ``owner`` alone: names made
        from different tags can come out the same (``é`` and ``è`` are both ``_``)."""
        name = identifier_of(text)
        while self.internal.setdefault(name, owner) != owner:
            name += "_"
        return name

    def unknown(self, d: ir.UnionDef) -> str:
        """The class an unknown alternative of ``d`` becomes (emitted on first use)."""
        if d.key not in self.unknowns:
            assert d.dispatch
            union, first = self.names[d.key], d.dispatch.property
            name = self.unknowns[d.key] = class_name(union, self.taken)
            later = [b.property for b in branches(d)[1:]]
            keys = " and ".join(f"``{k}``" for k in dict.fromkeys([first, *later]))
            doc = f"An alternative of ``{union}`` this package does not know (by its {keys}); kept whole and sent back."
            properties = tag_properties(first, f"The alternative's ``{first}``.", later)
            self.package.unknowns.append(UnknownModel(name, doc, properties))
        return self.unknowns[d.key]

    def union(self, d: ir.UnionDef) -> None:
        name = self.names[d.key]
        annotation = self.code.annotation(d.union)
        if d.dispatch:
            annotation += " | " + self.unknown(d)
        recursive = d.key in self.recursive
        self.package.aliases.append(AliasModel(name, repr(annotation) if recursive else annotation, docstring(d.doc)))
        body = self.union_body(d, name)
        if recursive:  # a union that contains itself: its depth is counted
            body = guarded(body, "value")
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
            for kind in self.code.kinds(variant):
                groups.setdefault(kind, []).append(variant)
        return {k: groups[k] for k in order if k in groups}

    def kind_body(self, kind: str, variants: list[ir.Type], d: ir.UnionDef, name: str) -> list[str]:
        if kind == "object" and d.dispatch:
            return self.branch_body(d.dispatch, name, [])
        if kind in ("object", "array"):
            anything = any(isinstance(self.code.target(v), ir.AnyValue) for v in variants)  # {} or true
            variants = [v for v in variants if not isinstance(self.code.target(v), ir.AnyValue)]
            if not variants:
                return ["return kept(value, None, lenient)"]
            if len(variants) == 1 and not anything:
                return [f"return {self.converter(variants[0], d.key, 'variant')}(value, lenient)"]
            parsers = [self.converter(v, d.key, "variant") for v in variants]
            body = self.trial_body(parsers, f"one of the alternatives of {self.names[d.key]}")
            return body[:-1] + ["return kept(value, None, lenient)"] if anything else body
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

    def best_fit_body(self, classes: list[str], label: str) -> list[str]:
        """Alternatives that share a tag: the first that takes the payload with no undeclared key
        wins, else the first that takes it at all; strictly first, then (when lenient) leniently."""
        return [
            f"fits: {' | '.join(classes)} | None = None",
            "for leniency in (False, True) if lenient else (False,):",
            f"    for parser in ({', '.join(c + '.from_dict' for c in classes)},):",
            "        try:",
            "            candidate = parser(value, leniency)",
            "        except ValidationError:",
            "            continue",
            "        if not candidate.extra:",
            "            return candidate",
            "        fits = fits or candidate",
            "    if fits is not None:",
            "        return fits",
            f"raise invalid(value, None, {label!r})",
        ]

    def branch_body(self, branch: ir.Branch, name: str, path: list[ir.Scalar]) -> list[str]:
        table = self.branch_table(branch, name, path)
        expected = self.branch_expected(branch)
        prop = literal(branch.property)
        lines = ["try:", f"    parser = {table}[value.get({prop})]", "except (KeyError, TypeError):"]
        if isinstance(branch.absent, str):  # the only alternative where the property is optional
            lines += [
                f"    if {prop} not in value:",
                f"        return {self.names[branch.absent]}.from_dict(value, lenient)",
            ]
        elif branch.absent:  # several make it optional: the first that fits, as anyOf would
            without = self.internal_name(
                "_parse_" + "_".join(snake(str(p)) for p in [name, *path]) + "_without_" + snake(branch.property),
                ("without", name, tagged(path), branch.property),
            )
            classes = [self.names[key] for key in branch.absent.keys]
            self.package.functions.append(
                FunctionModel(
                    without,
                    f"(value: Any, lenient: bool) -> {' | '.join(classes)}",
                    f"Choose an alternative of ``{name}`` for a value without {literal(branch.property)}.",
                    self.trial_body([f"{c}.from_dict" for c in classes], f"an object matching {' or '.join(classes)}"),
                )
            )
            lines += [f"    if {prop} not in value:", f"        return {without}(value, lenient)"]
        union = self.definitions[self.key_of[name]]
        assert isinstance(union, ir.UnionDef)
        first = f", {literal(str(path[0]))}" if path else ""  # the tag it keeps: the first step's value
        return [
            *lines,
            f"    return unknown_tag(value, {prop}, {expected!r}, lenient, {self.unknown(union)}{first})",
            "return parser(value, lenient)",
        ]

    def branch_expected(self, branch: ir.Branch) -> str:
        shown = [json.dumps(v) for v, _ in branch.table]
        return "one of " + ", ".join(shown) if len(shown) > 1 else shown[0]

    def branch_table(self, branch: ir.Branch, name: str, path: list[ir.Scalar]) -> str:
        """The name of the table dispatching ``branch`` (emitted once, with its sub-dispatchers)."""
        table_name = self.internal_name(
            "_"
            + "_".join(snake(str(part)) for part in [name, *path]).upper()
            + "_BY_"
            + snake(branch.property).upper(),
            ("table", name, tagged(path), branch.property),
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
            sub = self.internal_name(
                "_parse_" + "_".join(snake(str(part)) for part in [name, *path, value]),
                ("sub", name, tagged([*path, value])),
            )
            doc = f"Tell apart the alternatives of ``{name}`` that share the value {literal(value)}."
            if isinstance(target, ir.Branch):
                signature = f"(value: Any, lenient: bool) -> {returns} | {self.unknown(union)}"
                body = self.branch_body(target, name, [*path, value])
            else:
                classes = [self.names[key] for key in target.keys]
                signature = f"(value: Any, lenient: bool) -> {' | '.join(classes)}"
                body = self.best_fit_body(classes, f"an object matching {' or '.join(classes)}")
            self.package.functions.append(FunctionModel(sub, signature, doc, body))
            rows.append((literal(value), sub))
        if any(isinstance(target, ir.Branch) for _, target in branch.table):
            returns += " | " + self.unknown(union)
        self.package.tables.append(TableModel(table_name, f"dict[Any, Callable[[Any, bool], {returns}]]", rows))
        return table_name

    def class_table(self, target: str | ir.Branch | ir.Trial) -> str:
        """A class; for a shared value the classes by the second key, or in the order they are tried."""
        if isinstance(target, str):
            return self.names[target]
        if isinstance(target, ir.Trial):
            return "(" + ", ".join(self.names[key] for key in target.keys) + ",)"
        inner = ", ".join(f"{literal(v)}: {self.class_table(t)}" for v, t in target.table)
        return "{" + inner + "}"


def tagged(path: list[ir.Scalar]) -> tuple[tuple[str, ir.Scalar], ...]:
    """Tag values with their types, so that ``true`` and ``1`` stay apart."""
    return tuple((type(value).__name__, value) for value in path)


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


def scalar_of_kind(kind: str, variants: list[ir.Type]) -> ir.Type:
    """One type for all the scalar alternatives of one JSON kind (string enums merge)."""
    enums = [v for v in variants if isinstance(v, ir.Enum)]
    plain = [v for v in variants if not isinstance(v, ir.Enum)]
    if plain or not enums:
        return ir.Primitive(kind) if kind != "number" or not plain else plain[0]
    values = tuple(dict.fromkeys(x for e in enums for x in e.values))
    return ir.Enum(values, open=any(e.open for e in enums))
