"""Settings from a config file (``spec/eventgen.yaml``) and the command line; flags win."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import Any

from .errors import SpecError, UsageError
from .loader import load_file
from .pipeline import Options, RootSpec, default_lenient

KEYS = ("spec", "out", "package", "roots", "formatter", "templates", "lenient", "strict", "all_schemas", "overlays")


@dataclass
class Settings:
    spec: str = ""
    out: str = "."
    package: str = ""
    roots: list[tuple[str, str]] = field(default_factory=list)
    formatter: str = "ruff"
    templates: str | None = None
    lenient: list[str] = field(default_factory=list)
    strict: list[str] = field(default_factory=list)
    all_schemas: bool = False
    overlays: list[str] = field(default_factory=list)

    def options(self) -> Options:
        if not self.spec:
            raise UsageError("no spec given: pass --spec PATH or --config FILE")
        if not self.package.isidentifier():
            raise UsageError(f"--package must be a Python identifier, got {self.package!r}")
        if not self.roots and not self.all_schemas:
            raise UsageError("no roots given: pass --root ALIAS=Schema (or --all-schemas)")
        aliases = [alias for alias, _ in self.roots]
        for alias in {*self.lenient, *self.strict} - set(aliases):
            raise UsageError(f"--lenient/--strict name {alias!r}, which is not a root alias")
        roots = []
        for alias, schema in self.roots:
            lenient = alias in self.lenient or (alias not in self.strict and default_lenient(alias))
            roots.append(RootSpec(alias, schema, lenient))
        return Options(
            self.spec,
            self.package,
            roots,
            self.out,
            self.templates,
            self.formatter,
            self.all_schemas,
            tuple(self.overlays),
        )


def parse_root(text: str) -> tuple[str, str]:
    alias, sep, schema = text.partition("=")
    if not sep or not alias.isidentifier() or not schema:
        raise UsageError(f"--root takes ALIAS=Schema with ALIAS a Python identifier, got {text!r}")
    return alias, schema


def load_config(path: str) -> Settings:
    """Read a config file; relative paths in it are relative to the file."""
    data = load_file(path)
    if not isinstance(data, dict):
        raise SpecError("", "a config file is a mapping of settings", f"use the keys {', '.join(KEYS)}", file=path)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise SpecError(
            f"#/{unknown[0]}", f"unknown setting {unknown[0]!r}", f"use the keys {', '.join(KEYS)}", file=path
        )
    base = os.path.dirname(os.path.abspath(path))

    def here(value: Any) -> str | None:
        return None if value is None else os.path.relpath(os.path.join(base, str(value)))

    roots = data.get("roots") or {}
    if not isinstance(roots, dict):
        raise SpecError(
            "#/roots",
            "roots is a mapping of alias to schema name",
            "write roots: {client_event: RealtimeClientEvent}",
            file=path,
        )
    return Settings(
        spec=here(data.get("spec")) or "",
        out=here(data.get("out")) or ".",
        package=str(data.get("package") or ""),
        roots=[parse_root(f"{alias}={schema}") for alias, schema in roots.items()],
        formatter=str(data.get("formatter") or "ruff"),
        templates=here(data.get("templates")),
        lenient=list(data.get("lenient") or []),
        strict=list(data.get("strict") or []),
        all_schemas=bool(data.get("all_schemas")),
        overlays=[str(here(path)) for path in data.get("overlays") or []],
    )


def settings_from(args: argparse.Namespace, config: Settings | None) -> Settings:
    settings = config or Settings()
    for name in ("spec", "out", "package", "formatter", "templates"):
        if getattr(args, name, None):
            setattr(settings, name, getattr(args, name))
    if args.root:
        settings.roots = [parse_root(text) for text in args.root]
    settings.lenient += args.lenient
    settings.strict += args.strict
    settings.all_schemas = settings.all_schemas or args.all_schemas
    settings.overlays += args.overlay
    return settings
