"""Each generated module's imports, from the names its prepared code uses."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from .codemodel import Package

DIGITS = re.compile(r"([0-9]+)")
WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
# String literals and comments in one line of Python: the names inside them are not used by the code.
NOT_CODE = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|#[^\n]*""")
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


def name_kind(name: str) -> int:
    """isort's order-by-type, as ruff has it: CONSTANTS (more than one character), Classes, the rest."""
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def natural(text: str) -> str:
    """A key that orders runs of digits by their value (``Chain2`` before ``Chain10``), as ruff's
    natural order does: each run padded with zeros to 20 digits; other characters as they are."""
    return DIGITS.sub(lambda m: m.group().zfill(20), text) if DIGITS.search(text) else text


def isort_key(name: str) -> tuple[int, str, str]:
    """Order of names in an import list, as ruff's isort (I001) has it: by type, then naturally
    ignoring case, then naturally."""
    return name_kind(name), natural(name.lower()), natural(name)


def all_key(name: str) -> tuple[int, str]:
    """Order of ``__all__``, as ruff's RUF022 has it: by type, then naturally (case matters)."""
    return name_kind(name), natural(name)


def words(texts: Iterable[str]) -> set[str]:
    """The names lines of Python code use (not those in its strings and comments: an enum value
    ``"Final"`` imports nothing)."""
    return set(WORD.findall(NOT_CODE.sub(" ", "\n".join(texts))))


def annotation_words(annotation: str) -> set[str]:
    """The names an annotation uses; one written as a string (a forward reference) is read inside."""
    if annotation[:1] in ("'", '"'):
        annotation = ast.literal_eval(annotation)
    return words([annotation])


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
    alias_names = {name for a in package.aliases for name in annotation_words(a.annotation)}
    for fn in package.functions:
        texts += [fn.signature, *fn.body]
    for table in package.tables:
        texts += [table.annotation, *(value for _, value in table.rows)]
    used = words(texts) | alias_names | (CLASS_TEMPLATE if package.classes else set())
    used |= {"TypeAlias"} if package.aliases else set()
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
