"""Decide how each union tells its object alternatives apart.

Runs after every definition is built, so variants that refer back to the union
(recursive schemas) are complete. The result is a ``Branch`` per union: a table
from discriminator value to variant, nested where several variants share a value
and a second property with fixed values separates them. Discriminators come from
the schema alone (declared, or inferred from properties with one fixed value),
before any runtime leniency is considered.
"""

from __future__ import annotations

import dataclasses

from . import ir
from .errors import SpecError, Warnings
from .refs import schema_name


class Unions:
    def __init__(self, definitions: dict[str, ir.Definition], warnings: Warnings) -> None:
        self.definitions = definitions
        self.warnings = warnings

    def terminals(self, t: ir.Type, trail: tuple[str, ...] = ()) -> list[ir.Type]:
        """The alternatives a type stands for, with aliases and nested unions opened."""
        if isinstance(t, ir.Nullable):
            return self.terminals(t.inner, trail)
        if isinstance(t, ir.UnionOf):
            return [x for v in t.variants for x in self.terminals(v, trail)]
        if not isinstance(t, ir.Ref):
            return [t]
        if t.key in trail:
            raise SpecError(
                t.key,
                "reference cycle with no object in it: " + " -> ".join((*trail, t.key)),
                "break the cycle: one of these schemas must be an object or a concrete type",
            )
        target = self.definitions[t.key]
        if isinstance(target, ir.AliasDef):
            return self.terminals(target.target, (*trail, t.key))
        if isinstance(target, ir.UnionDef):
            return self.terminals(target.union, (*trail, t.key))
        return [t]

    def objects(self, union: ir.UnionDef) -> list[ir.ObjectDef]:
        found: list[ir.ObjectDef] = []
        for t in self.terminals(union.union, (union.key,)):
            target = self.definitions.get(t.key) if isinstance(t, ir.Ref) else None
            if isinstance(target, ir.ObjectDef) and target not in found:
                found.append(target)
        return found

    def plan(self, union: ir.UnionDef) -> ir.Branch | None:
        if union.declared:
            self.check_alternatives(union, union.declared)
        objects = self.objects(union)
        if len(objects) < 2:
            return None
        if union.declared:
            return self.declared_branch(union, union.declared, objects)
        for prop in candidates(objects):
            optional = [o for o in objects if not any(f.json_name == prop and f.required for f in o.fields)]
            if optional:  # inferred from a property the spec does not require everywhere
                names = ", ".join(schema_name(o.key) or o.key for o in optional[:5])
                more = f" and {len(optional) - 5} more" if len(optional) > 5 else ""
                self.warnings.add(
                    union.key,
                    f"told apart by {prop!r}, which is not required by {names}{more}; a payload without it "
                    "goes to the alternative that fits",
                )
            return self.branch(union, prop, objects, ())
        self.warnings.add(
            union.key,
            "no discriminator tells the object alternatives apart; they are tried in order" + untagged(objects),
        )
        return None

    def check_alternatives(self, union: ir.UnionDef, declared: ir.Declared) -> None:
        """A discriminator picks an object by a string tag: an alternative that takes any value
        (``{}``, ``true``) has no tag, and a tag that is no string never equals the table's."""
        keyword = "oneOf" if union.exclusive else "anyOf"
        for index, variant in enumerate(union.union.variants):
            if any(isinstance(t, ir.AnyValue) for t in self.terminals(variant, (union.key,))):
                raise SpecError(
                    f"{union.key}/{keyword}/{index}",
                    f"this alternative accepts any value (an empty schema or true), so the discriminator "
                    f"{declared.property!r} cannot choose it",
                    f"give it type: object and a property {declared.property!r} with a const, or remove it "
                    "from the alternatives",
                )
        for obj in self.objects(union):
            for f in obj.fields:
                target = self.terminals(f.type, (union.key,)) if f.json_name == declared.property else []
                kinds = {t.kind for t in target if isinstance(t, (ir.Enum, ir.Primitive))}
                if kinds - {"string", "null"}:
                    articles = {"integer": "an integer", "number": "a number", "boolean": "a boolean"}
                    shown = " or ".join(articles.get(k, k) for k in sorted(kinds - {"string", "null"}))
                    raise SpecError(
                        f.pointer,
                        f"the discriminator {declared.property!r} of the union at {union.key} is {shown} here, "
                        "but a discriminator's values are strings (mapping keys are), so no event would match",
                        f'make {declared.property!r} a string in every alternative (const: "1"), or remove the '
                        "discriminator: alternatives are then told apart by trying them",
                    )

    def declared_branch(self, union: ir.UnionDef, declared: ir.Declared, objects: list[ir.ObjectDef]) -> ir.Branch:
        mapped = dict(declared.mapping)
        by_key = {o.key: o for o in objects}
        for value, key in mapped.items():
            if key not in by_key:
                raise SpecError(
                    union.key + "/discriminator/mapping",
                    f"mapping value {value!r} points at {key!r}, which is not one of the alternatives",
                    "map each value to one of the alternatives",
                )
        table: list[tuple[ir.Scalar, ir.ObjectDef]] = [(value, by_key[key]) for value, key in mapped.items()]
        for obj in objects:
            if obj.key in mapped.values():
                continue
            values = fixed_values(obj, declared.property)
            if values is None:
                name = schema_name(obj.key)
                if name is None:
                    raise SpecError(
                        obj.key,
                        f"this alternative has no fixed value for the discriminator "
                        f"{declared.property!r} of the union at {union.key}",
                        f"give it a property {declared.property!r} with const/enum, "
                        "or list it in discriminator.mapping",
                    )
                has_property = any(f.json_name == declared.property for f in obj.fields)
                if obj.closed and not has_property:
                    raise SpecError(
                        obj.key,
                        f"this alternative of the union at {union.key} has no property {declared.property!r} "
                        "(the discriminator) and allows no other properties, so no value can match it",
                        f"give {name} a property {declared.property!r} with a const, and list it in required",
                    )
                tagged = [o for o in objects if o.key in mapped.values() or fixed_values(o, declared.property)]
                if tagged:  # the others give their tags: is the schema name really this one's?
                    self.warnings.add(
                        obj.key,
                        f"no fixed value for the discriminator {declared.property!r} of the union at {union.key}, "
                        f"while {schema_name(tagged[0].key) or tagged[0].key} has one: its tag is taken to be "
                        f"its schema name {name!r}, as OpenAPI says, and an event with another {declared.property!r} "
                        f"comes back unknown; to say otherwise, give {name}'s {declared.property!r} a const or map "
                        "its tag in discriminator.mapping",
                    )
                values = (name,)  # OpenAPI's implicit mapping: the schema name
            table += [(value, obj) for value in values]
        return self.resolve_shared(union, declared.property, table, (declared.property,))

    def branch(self, union: ir.UnionDef, prop: str, objects: list[ir.ObjectDef], used: tuple[str, ...]) -> ir.Branch:
        table = [(value, obj) for obj in objects for value in fixed_values(obj, prop) or ()]
        return self.resolve_shared(union, prop, table, (*used, prop))

    def resolve_shared(
        self, union: ir.UnionDef, prop: str, table: list[tuple[ir.Scalar, ir.ObjectDef]], used: tuple[str, ...]
    ) -> ir.Branch:
        groups: dict[ir.Scalar, list[ir.ObjectDef]] = {}
        for value, obj in table:
            groups.setdefault(value, [])
            if obj not in groups[value]:
                groups[value].append(obj)
        rows: list[tuple[ir.Scalar, str | ir.Branch | ir.Trial]] = []
        for value, group in groups.items():
            if len(group) == 1:
                rows.append((value, group[0].key))
                continue
            second = [p for p in candidates(group) if p not in used and separates(group, p)]
            if second:
                rows.append((value, self.branch(union, second[0], group, used)))
                continue
            names = " and ".join(schema_name(o.key) or o.key for o in group)
            same = any(indistinguishable(a, b) for i, a in enumerate(group) for b in group[i + 1 :])
            if same and union.exclusive:
                raise SpecError(
                    union.key,
                    f"discriminator {prop!r} value {value!r} is shared by {names}, and nothing else tells "
                    "them apart: the same required properties, of the same types, and extra keys allowed",
                    "give each alternative its own value, or a second property with a const",
                )
            self.warnings.add(
                union.key,
                f"discriminator {prop!r} value {value!r} is shared by {names} and no property with fixed "
                "values tells them apart; for it they are tried in order, most required properties first, and "
                "the first that takes the payload without undeclared keys wins"
                + (" (anyOf: some accept the same payloads, so order decides)" if same else ""),
            )
            group = sorted(group, key=lambda o: (-sum(f.required for f in o.fields), not o.closed))
            rows.append((value, ir.Trial(tuple(o.key for o in group))))
        optional = list(
            dict.fromkeys(
                obj.key for _, obj in table if not any(f.json_name == prop and f.required for f in obj.fields)
            )
        )
        absent: str | ir.Trial | None = None  # the schema allows the property to be left out: by whom?
        if len(optional) == 1:
            absent = optional[0]
        elif optional:
            absent = ir.Trial(tuple(optional))
        return ir.Branch(prop, tuple(rows), absent)


def indistinguishable(a: ir.ObjectDef, b: ir.ObjectDef) -> bool:
    """Would whichever is tried first take every payload of the other?"""
    if (
        a.closed
        or b.closed
        or {f.json_name for f in a.fields if f.required} != {f.json_name for f in b.fields if f.required}
    ):
        return False
    types = {f.json_name: f.type for f in b.fields}
    return all(types.get(f.json_name, f.type) == f.type for f in a.fields)


def fixed_values(obj: ir.ObjectDef, prop: str) -> tuple[ir.Scalar, ...] | None:
    """The values a property may take in ``obj`` when it is a closed enum (or const)."""
    for field in obj.fields:
        if field.json_name == prop:
            t = field.type
            if isinstance(t, ir.Enum) and not t.open:
                return t.values
            return None
    return None


def candidates(objects: list[ir.ObjectDef]) -> list[str]:
    """Properties with fixed values in every object that tell at least two of them apart, best first.

    Best: one value per object, no value shared between objects, the property
    required everywhere, and named ``type``; then spec order.
    """
    names = [f.json_name for f in objects[0].fields]
    scored = []
    for name in names:
        sets = [fixed_values(o, name) for o in objects]
        if any(s is None or not all(isinstance(v, str) for v in s) for s in sets):
            continue  # tags are strings (the unknown classes keep one): others are not looked up
        flat = [v for s in sets for v in s or ()]
        if len(set(flat)) < 2:
            continue
        disjoint = len(flat) == len(set(flat))
        single = all(len(s or ()) == 1 for s in sets)
        required = all(any(f.json_name == name and f.required for f in o.fields) for o in objects)
        scored.append(((not disjoint, not single, not required, name != "type", names.index(name)), name))
    return [name for _, name in sorted(scored)]


def untagged(objects: list[ir.ObjectDef]) -> str:
    """When a property with fixed values would tell all but a few alternatives apart, which ones lack it
    (a base schema a name pattern took in, say): the text that ends the warning, else ''."""
    best: tuple[int, str, list[ir.ObjectDef]] | None = None
    for name in dict.fromkeys(f.json_name for o in objects for f in o.fields):
        tagged = [o for o in objects if fixed_values(o, name) is not None]
        if len(tagged) >= 2 and separates(tagged, name) and (best is None or len(tagged) > best[0]):
            best = (len(tagged), name, [o for o in objects if o not in tagged])
    if best is None:
        return ""
    count, name, without = best
    names = ", ".join(schema_name(o.key) or o.key for o in without[:5]) + (" ..." if len(without) > 5 else "")
    return (
        f"; {name!r} would tell {count} of the {len(objects)} apart in one lookup, but these have no fixed "
        f"{name!r}: {names} (leave them out of the root, e.g. '*Event !Event' in a pattern)"
    )


def separates(objects: list[ir.ObjectDef], prop: str) -> bool:
    """Does ``prop`` give each object values no other object has?"""
    flat = [v for o in objects for v in fixed_values(o, prop) or ()]
    return len(flat) == len(set(flat))


def tag_path(branch: ir.Branch, key: str) -> list[ir.Scalar] | None:
    """The discriminator values leading to ``key`` in a branch (first route)."""
    for value, target in branch.table:
        if target == key or (isinstance(target, ir.Trial) and key in target.keys):
            return [value]
        if isinstance(target, ir.Branch):
            rest = tag_path(target, key)
            if rest is not None:
                return [value, *rest]
    return None


def plan_unions(
    definitions: dict[str, ir.Definition], warnings: Warnings, external: set[str] | frozenset[str] = frozenset()
) -> dict[str, ir.Definition]:
    """Every union with its dispatch; variants defined inline learn their tag for naming. Unions in
    ``external`` are told apart by a tag the caller passes, so none is looked for in them."""
    unions = Unions(definitions, warnings)
    planned = dict(definitions)
    for key, definition in definitions.items():
        if isinstance(definition, ir.AliasDef):
            unions.terminals(definition.target, (key,))  # rejects alias cycles
        if not isinstance(definition, ir.UnionDef) or key in external:
            continue
        branch = unions.plan(definition)
        planned[key] = dataclasses.replace(definition, dispatch=branch)
        inline = [o for o in unions.objects(definition) if o.hint and o.hint.role == "variant" and o.hint.parent == key]
        parts: dict[str, str] = {}
        for obj in inline:
            path = tag_path(branch, obj.key) if branch else list(fixed_values(obj, "type") or ())[:1]
            parts[obj.key] = " ".join(str(v) for v in path or ())
        for obj in inline:
            siblings = [o for o in inline if o is not obj and parts[o.key] == parts[obj.key]]
            part = " ".join(filter(None, [parts[obj.key], own_property(obj, siblings)])) if siblings else parts[obj.key]
            hint = ir.NameHint(key, "variant", part)
            planned[obj.key] = dataclasses.replace(obj, hint=hint)
    return planned


def own_property(obj: ir.ObjectDef, siblings: list[ir.ObjectDef]) -> str:
    """The first property ``obj`` requires that none of ``siblings`` requires: what names it apart."""
    required_elsewhere = {f.json_name for o in siblings for f in o.fields if f.required}
    return next((f.json_name for f in obj.fields if f.required and f.json_name not in required_elsewhere), "")
