"""Each generated module's imports, from the names its prepared code uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .codemodel import Package

WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
SOURCES = {
    "Callable": "collections.abc",
    "Mapping": "collections.abc",
    "dataclass": "dataclasses",
    "field": "dataclasses",
    "Any": "typing",
    "ClassVar": "typing",
    "Final": "typing",
    "Literal": "typing",
    "NoReturn": "typing",
    "TypeAlias": "typing",
    **{
        name: "._runtime"
        for name in [
            "MISSING",
            "as_object",
            "_Model",
            "NO_EXTRA",
            "UNSET",
            "UnknownVariant",
            "Unset",
            "ValidationError",
            "decode",
            "decoded_elsewhere",
            "one_of_json",
            "decode_json",
            "dump",
            "free_form",
            "kept",
            "MAX_DEPTH",
            "NESTING",
            "NOT_A_KEY",
            "too_deep",
            "invalid",
            "matches",
            "no_extra",
            "unknown_keys",
            "unknown_tag",
        ]
    },
}
# What the templates themselves write around the prepared code.
CLASS_TEMPLATE = {"dataclass", "field", "ClassVar", "Mapping", "Any", "no_extra", "_Model", "NO_EXTRA"}
ROOT_TEMPLATE = {"TypeAlias", "Final", "Mapping", "Any"}


def isort_key(name: str) -> tuple[int, str, str]:
    """Order of names in an import list, as isort's order-by-type has it."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


def words(texts: Iterable[str]) -> set[str]:
    return set(WORD.findall("\n".join(texts)))


def import_lines(used: set[str], local: dict[str, list[str]] | None = None) -> list[str]:
    """``from X import a, b`` lines: standard library first, then the package's own modules."""
    by_module: dict[str, list[str]] = {}
    for name in used:
        if name in SOURCES:
            by_module.setdefault(SOURCES[name], []).append(name)
    for module, names in (local or {}).items():
        by_module.setdefault(module, []).extend(names)
    stdlib = sorted(m for m in by_module if not m.startswith("."))
    ours = sorted(m for m in by_module if m.startswith("."))
    lines = [line for m in stdlib for line in import_from(m, by_module[m])]
    if stdlib and ours:
        lines.append("")
    return lines + [line for m in ours for line in import_from(m, by_module[m])]


def import_from(module: str, names: list[str]) -> list[str]:
    """One import, wrapped one name a line (as isort and ruff write it) when it would be too long."""
    ordered = sorted(set(names), key=isort_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= 88:
        return [line]
    return [f"from {module} import (", *(f"    {name}," for name in ordered), ")"]


def models_imports(package: Package) -> list[str]:
    texts: list[str] = []
    for cls in package.classes:
        texts += cls.parse + cls.dump + [f.annotation + " " + (f.default or "") for f in cls.fields]
    texts += [a.annotation for a in package.aliases]
    for fn in package.functions:
        texts += [fn.signature, *fn.body]
    for table in package.tables:
        texts += [table.annotation, *(value for _, value in table.rows)]
    used = words(texts) | (CLASS_TEMPLATE if package.classes else set()) | ({"TypeAlias"} if package.aliases else set())
    used |= {"UnknownVariant"} if package.unknowns else set()
    return import_lines(used)


def events_imports(package: Package) -> list[str]:
    texts: list[str] = []
    for root in package.roots:
        texts += [root.annotation, root.table.annotation, root.parse.signature, *root.parse.body]
        texts += [value for _, value in root.table.rows]
    used = words(texts) | (ROOT_TEMPLATE if package.roots else set())
    used |= {"UnknownVariant"} if any(r.unknown for r in package.roots) else set()
    models = sorted({name for root in package.roots for name in root.imports}, key=isort_key)
    return import_lines(used, {".models": models} if models else None)


HANDLERS_TEMPLATE = {"Mapping", "Any", "ClassVar", "Final"}


def handlers_imports(package: Package) -> list[str]:
    events = {name for h in package.handlers for name in h.events_imports}
    models = {name for h in package.handlers for name in h.models_imports}
    return import_lines(HANDLERS_TEMPLATE, {".events": sorted(events), ".models": sorted(models)})
