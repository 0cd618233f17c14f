"""What changes in the generated Python API between two spec versions, whatever the wire does:
names of classes and type aliases, attribute names of fields, annotations."""

from __future__ import annotations

import re

from .. import ir
from ..pipeline import Model
from ..pytypes import TypeCode
from .model import PYTHON, Change


def atoms(annotation: str) -> set[str]:
    """The members of an annotation's top-level union, ``Literal[...]`` split into one per value."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(annotation):
        depth += ch == "["
        depth -= ch == "]"
        if depth == 0 and annotation.startswith(" | ", i):
            parts.append(annotation[start:i])
            start = i + 3
    parts.append(annotation[start:])
    found: set[str] = set()
    for part in parts:
        literal = re.fullmatch(r"Literal\[(.*)\]", part)
        if literal:
            found.update(f"Literal[{v}]" for v in split_values(literal.group(1)))
        else:
            found.add(part)
    return found


def split_values(text: str) -> list[str]:
    """The values of ``Literal[...]`` (JSON strings may hold commas)."""
    return re.findall(r'"(?:[^"\\]|\\.)*"|[^,\s][^,]*', text)


def annotation_kind(old: str, new: str) -> str | None:
    if old == new:
        return None
    a, b = atoms(old), atoms(new)
    if a == b:
        return None
    if b < a:
        return "python.annotation-narrowed"
    if a < b:
        return "python.annotation-widened"
    return "python.annotation-changed"


def field_annotations(code: TypeCode, d: ir.ObjectDef) -> dict[str, tuple[str, str]]:
    """JSON key -> (attribute name, annotation), as the emitter writes them."""
    attributes = code.attributes(d)
    return {f.json_name: (attr, code.field_annotation(f)) for f, attr in zip(d.fields, attributes, strict=True)}


def compare_api(old: Model, new: Model) -> list[Change]:
    a_defs, b_defs = old.plan.definitions, new.plan.definitions
    a_names, b_names = old.names, new.names
    a_code, b_code = TypeCode(a_defs, a_names), TypeCode(b_defs, b_names)
    taken = set(b_names.values())
    changes: list[Change] = []

    def add(path: str, kind: str, before: str | None, after: str | None) -> None:
        changes.append(Change("", "", path, kind, before, after, PYTHON))

    for key in sorted(a_names, key=lambda k: a_names[k]):
        name = a_names[key]
        if key not in b_names:
            if name not in taken:
                add(name, "python.class-removed", name, None)
            continue
        if b_names[key] != name:
            add(name, "python.class-renamed", name, b_names[key])
        da, db = a_defs[key], b_defs[key]
        if isinstance(da, ir.AliasDef) and isinstance(db, ir.AliasDef):
            before, after = a_code.annotation(da.target), b_code.annotation(db.target)
            if annotation_kind(before, after):
                add(b_names[key], "python.alias-changed", before, after)
        if isinstance(da, ir.ObjectDef) and isinstance(db, ir.ObjectDef):
            fa, fb = field_annotations(a_code, da), field_annotations(b_code, db)
            for json_name, (attr, before) in fa.items():
                if json_name not in fb:
                    continue
                new_attr, after = fb[json_name]
                if new_attr != attr:
                    add(f"{b_names[key]}.{attr}", "python.field-renamed", attr, new_attr)
                kind = annotation_kind(before, after)
                if kind:
                    add(f"{b_names[key]}.{new_attr}", kind, before, after)
    return changes
