"""Decide the code of the generated package: each class's from_dict/to_dict and the helpers
that convert arrays and maps. Unions are in ``dispatch``, the entry points in ``entry``.

The result is a plain render model (``codemodel``: names, annotations and statement lines);
the Jinja2 templates only lay it out.
"""

from __future__ import annotations

from . import ir
from .codemodel import AliasModel, ClassModel, FieldModel, FunctionModel, Package, docstring
from .cycles import guarded, refs_in, self_containing
from .dispatch import Dispatch, leaves
from .entry import Entries
from .errors import SpecError
from .handlers import handler
from .naming import RESERVED, root_names, snake
from .pytypes import TypeCode, literal

MAX_NESTING = 50  # arrays and maps directly in one another; Python's parser stops at 200 brackets


class Emitter:
    def __init__(
        self,
        definitions: dict[str, ir.Definition],
        names: dict[str, str],
        roots: tuple[ir.Root, ...],
        alias_parsers: bool = False,
    ):
        self.alias_parsers = alias_parsers  # give named non-object schemas a parse_<name> too (--all-schemas)
        self.definitions = definitions
        self.names = names
        self.roots = roots
        self.code = TypeCode(definitions, names)
        self.package = Package()
        self.helpers: set[str] = set()  # names of the helper converters emitted so far
        self.discriminators = self.discriminator_fields()
        self.recursive = self_containing(definitions)
        self.package.self_containing = bool(self.recursive)
        taken = {*names.values(), *RESERVED, *(name for root in roots for name in root_names(root.alias).all)}
        self.dispatch = Dispatch(definitions, names, self.code, self.package, self.converter, self.recursive, taken)
        self.entries = Entries(self.dispatch)

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
                self.dispatch.union(d)
            elif isinstance(d, ir.AliasDef):
                annotation = self.code.annotation(d.target)
                if key in self.recursive:  # refers to itself: a forward reference, read by type checkers only
                    annotation = repr(annotation)
                self.package.aliases.append(AliasModel(self.names[key], annotation, docstring(d.doc)))
                if self.alias_parsers or key in {root.key for root in self.roots}:
                    self.alias_parser(d)
        exported = (
            {c.name for c in self.package.classes}
            | {a.name for a in self.package.aliases}
            | {f.name for f in self.package.functions}
        )
        for root in self.roots:
            self.entries.root(root, exported)
            made = handler(root, self.definitions, self.names)
            if made:
                self.package.handlers.append(made)
        self.package.fixed_values = self.code.fixed_used
        return self.package

    def alias_parser(self, d: ir.AliasDef) -> None:
        """``parse_<name>(value, lenient=False)`` for a named schema that is not an object or a union."""
        name = self.names[d.key]
        if self.code.is_scalar(d.target):
            k = "kind" if self.code.has_literal(d.target) else ""  # keeps mypy from narrowing value
            bad = self.code.bad(d.target, "value", k=k)
            lenient_bad = self.code.bad(d.target, "value", lenient=True, k=k)
            body = ["kind = type(value)"] if "kind" in f"{bad} {lenient_bad}" else []
            if bad is not None:
                test = bad if lenient_bad == bad else f"({bad}) and (not lenient or ({lenient_bad}))"
                body += [f"if {test}:", f"    raise invalid(value, None, {self.code.expected(d.target)!r})"]
            body += ["result: " + name + (" = kept(value, None, lenient)" if self.code.free(d.target) else " = value")]
            body.append("return result")
        else:
            body = [f"return {self.converter(d.target, d.key, 'value')}(value, lenient)"]
        doc = f"Parse ``{name}`` from decoded JSON; raise ValidationError when it does not match the schema."
        self.package.functions.append(
            FunctionModel("parse_" + snake(name), f"(value: Any, lenient: bool = False) -> {name}", doc, body)
        )

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
        py_names = self.code.attributes(d)
        tags = self.discriminators.get(d.key, set())
        models: list[FieldModel] = []
        body = ["obj = object.__new__(cls)"] + (["value: Any"] if d.fields else [])
        dump: list[str] = []
        may_set_aside = any(not f.required and f.json_name not in tags for f in d.fields)
        if may_set_aside:
            body.append("stray: tuple[str, ...] = ()")
        for f, attr in zip(d.fields, py_names, strict=False):
            if self.code.nesting(f.type) > MAX_NESTING:
                raise SpecError(
                    f.pointer,
                    f"arrays and maps nest {self.code.nesting(f.type)} levels deep here; the code for more than "
                    f"{MAX_NESTING} would be too deeply bracketed for Python to read",
                    f"nest them at most {MAX_NESTING} levels deep (real events nest a few)",
                )
            annotation = self.code.field_annotation(f)
            default = None if f.required else "UNSET"
            fixed = self.code.target(f.type)
            if f.required and isinstance(fixed, ir.Enum) and len(fixed.values) == 1 and not fixed.open:
                default = literal(fixed.values[0])
            doc = f.doc + (f"\n\nDefault on the server: ``{f.default}``." if f.default not in (None, "null") else "")
            models.append(FieldModel(attr, annotation, default, docstring(doc.strip())))
            body += self.parse_field(f, attr, f.json_name in tags, d.key)
            dump += self.dump_field(f, attr, first=not dump)
        keys = "frozenset({" + ", ".join(literal(f.json_name) for f in d.fields) + "})"
        if all(f.required for f in d.fields):  # all present, so any further key is an extra
            check = f"len(data) != {len(d.fields)}"
        else:
            check = "stray or not cls._KEYS.issuperset(data)" if may_set_aside else "not cls._KEYS.issuperset(data)"
        body += [
            f"if {check}:",
            f"    obj.extra = unknown_keys(data, cls._KEYS, {'stray' if may_set_aside else '()'}, {d.closed}, lenient)",
            "else:",
            "    obj.extra = NO_EXTRA",
            "return obj",
        ]
        parse = ["if type(data) is not dict:", "    data = as_object(data)"]
        parse += guarded(body, "data") if d.key in self.recursive else body
        if not dump:
            dump = ["data: dict[str, Any] = {}"]
        dump += ["if self.extra:", "    data.update(self.extra)", "return data"]
        return ClassModel(name, docstring(d.doc), models, keys, parse, dump)

    def parse_field(self, f: ir.Field, attr: str, tag: bool, owner: str) -> list[str]:
        """Read one property. When parsing leniently, an optional property (not a discriminator)
        whose value has another JSON type than the spec's is set aside: the field stays UNSET and
        the value goes to ``extra``, so it is sent back as it came."""
        key = literal(f.json_name)
        nullable = isinstance(f.type, ir.Nullable)
        aside = not f.required and not tag
        lines = [f"value = data.get({key}, {'MISSING' if f.required else 'UNSET'})"]
        if self.code.is_scalar(f.type):
            # a Literal attribute may get a plain str (lenient), so keep mypy from narrowing value
            k = "kind" if self.code.has_literal(f.type) else ""
            bad = self.code.bad(f.type, "value", k=k)
            lenient_bad = None if tag else self.code.bad(f.type, "value", lenient=True, k=k)
            if "kind" in f"{bad} {lenient_bad}":
                lines.append("kind = type(value)")
            if bad is None:
                if f.required:
                    lines += ["if value is MISSING:", f"    raise invalid(value, {key}, 'any value')"]
            else:
                condition = bad if f.required else f"value is not UNSET and ({bad})"
                lines += self.failure(f.type, key, condition, None if lenient_bad == bad else lenient_bad, aside)
            if self.code.free(f.type):
                lines.append(f"value = kept(value, {key}, lenient)")
        else:
            convert = self.converter(f.type.inner if nullable else f.type, owner, attr)  # type: ignore[union-attr]
            attempt = ["try:", f"    value = {convert}(value, lenient)", "except ValidationError as error:"]
            kind_fits = self.code.kind_matches(f.type, "value")
            if aside and kind_fits:
                attempt += [
                    f"    if not lenient or {kind_fits}:",
                    f"        raise error.inside({key})",
                    "    value = UNSET",
                    f"    stray += ({key},)",
                ]
            else:
                attempt.append(f"    raise error.inside({key})")
            guard = ["value is not None"] if nullable else []
            if not f.required:
                guard.insert(0, "value is not UNSET")
            if f.required and nullable:  # a required nullable: absent is an error that mentions null
                lines += ["if value is MISSING:", f"    raise invalid(value, {key}, {self.code.expected(f.type)!r})"]
            if guard:
                lines += [f"if {' and '.join(guard)}:"] + ["    " + line for line in attempt]
            else:
                lines += attempt
        limits = self.code.limits(f.type, "value")
        if limits:  # value constraints: a strict (client) concern; a server may move them
            present = "".join(
                ["" if f.required else " and value is not UNSET", " and value is not None" if nullable else ""]
            )
            lines += [f"if not lenient{present} and ({limits[0]}):", f"    raise invalid(value, {key}, {limits[1]!r})"]
        return lines + [f"obj.{attr} = value"]

    def failure(self, t: ir.Type, key: str, condition: str, lenient_bad: str | None, aside: bool) -> list[str]:
        """The check of an inline field: keep what leniency allows, set aside what it cannot, else raise."""
        raise_line = f"raise invalid(value, {key}, {self.code.expected(t)!r})"
        if aside:
            set_aside = ["value = UNSET", f"stray += ({key},)"]
            lines = [f"if {condition}:", "    if not lenient:", f"        {raise_line}"]
            if lenient_bad:  # a value leniency keeps (an enum value the spec does not list)
                return lines + [f"    if {lenient_bad}:"] + ["        " + line for line in set_aside]
            return lines + ["    " + line for line in set_aside]
        keep = f"not lenient or ({lenient_bad})" if lenient_bad else None
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
        key_check = []
        if not is_list:  # a dict built in Python may have keys JSON cannot
            key_check = ["    if type(key) is not str:", "        raise invalid(key, key, NOT_A_KEY)"]
        if self.code.is_scalar(inner):
            bad = self.code.bad(inner, "item")
            if bad is None:  # any JSON: checked as free-form
                return lines + [f"return {kind}(kept(value, None, lenient))"]
            message = repr(self.code.expected(inner))
            lenient_bad = self.code.bad(inner, "item", lenient=True)
            test = bad if lenient_bad == bad else f"({bad}) and (not lenient or ({lenient_bad}))"
            lines += [f"for {loop}:", *key_check, f"    if {test}:", f"        raise invalid(item, {where}, {message})"]
            if self.code.free(inner):
                lines.append(f"    kept(item, {where}, lenient)")
            return lines + [f"return {kind}(value)"]
        convert = self.converter(inner, owner, attr + "_item")
        store = (
            "result.append(" + convert + "(item, lenient))" if is_list else f"result[key] = {convert}(item, lenient)"
        )
        result_type = self.code.annotation(t)
        return lines + [
            f"result: {result_type} = {'[]' if is_list else '{}'}",
            f"for {loop}:",
            *key_check,
            "    try:",
            f"        {store}",
            "    except ValidationError as error:",
            f"        raise error.inside({where})",
            "return result",
        ]
