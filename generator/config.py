"""Settings from a config file (``spec/eventgen.yaml``) and the command line; flags win."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import Any

from .errors import SpecError, UsageError
from .frontends.roots import VALUES_ROOT
from .loader import load_file
from .pipeline import Options, RootSpec, default_lenient

KEYS = (
    "spec",
    "out",
    "package",
    "roots",
    "formatter",
    "templates",
    "lenient",
    "strict",
    "all_schemas",
    "overlays",
    "format",
    "draft",
    "ref_bases",
    "allow_read",
    "side",
    "channels",
    "operations",
    "names",
)
FORMATS = ("openapi", "swagger", "jsonschema", "asyncapi")
SIDES = ("client", "server")
ROOT_KEYS = ("schema", "tag", "values")


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
    format: str | None = None
    draft: str | None = None
    ref_bases: list[tuple[str, str]] = field(default_factory=list)
    allow_read: list[str] = field(default_factory=list)
    side: str = "client"
    channels: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)
    caller_tags: dict[str, str] = field(default_factory=dict)  # alias -> argument
    tag_values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # alias -> (value, schema)
    names: dict[str, str] = field(default_factory=dict)  # schema name or pointer -> class name

    def options(self) -> Options:
        if not self.spec:
            raise UsageError("no spec given: pass --spec PATH or --config FILE")
        if not self.package.isidentifier():
            raise UsageError(f"--package must be a Python identifier, got {self.package!r}")
        if self.format not in (None, *FORMATS):
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {self.format!r}")
        if self.side not in SIDES:
            raise UsageError(f"--side must be one of {', '.join(SIDES)}, got {self.side!r}")
        if not self.roots and not self.all_schemas and self.format != "asyncapi" and not self.spec_is_asyncapi():
            raise UsageError("no roots given: pass --root ALIAS=Schema (or --all-schemas)")
        aliases = [alias for alias, _ in self.roots]
        for alias in {*self.lenient, *self.strict, *self.caller_tags} - set(aliases):
            raise UsageError(f"--lenient/--strict/--caller-tag name {alias!r}, which is not a root alias")
        roots = []
        for alias, schema in self.roots:
            lenient = alias in self.lenient or (alias not in self.strict and default_lenient(alias))
            values = tuple(self.tag_values.get(alias, ()))
            roots.append(RootSpec(alias, schema, lenient, self.caller_tags.get(alias), values))
        return Options(
            self.spec,
            self.package,
            roots,
            self.out,
            self.templates,
            self.formatter,
            self.all_schemas,
            tuple(self.overlays),
            self.format,
            self.draft,
            tuple(self.ref_bases),
            tuple(self.allow_read),
            self.side,
            tuple(self.channels),
            tuple(self.operations),
            tuple(self.names.items()),
        )

    def spec_is_asyncapi(self) -> bool:
        """AsyncAPI documents name their roots themselves (what the program sends and receives)."""
        try:
            with open(self.spec, "rb") as handle:
                return b"asyncapi" in handle.read(4096)
        except OSError:
            return False


def parse_root(text: str) -> tuple[str, str]:
    alias, sep, schema = text.partition("=")
    if not sep or not alias.isidentifier() or not schema:
        raise UsageError(f"--root takes ALIAS=Schema with ALIAS a Python identifier, got {text!r}")
    return alias, schema


def parse_pair(option: str, text: str, identifier: bool = True) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key or not value or (identifier and not key.isidentifier()):
        raise UsageError(f"{option} takes NAME=VALUE, got {text!r}")
    return key, value


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
    settings = Settings(
        spec=here(data.get("spec")) or "",
        out=here(data.get("out")) or ".",
        package=str(data.get("package") or ""),
        formatter=str(data.get("formatter") or "ruff"),
        templates=here(data.get("templates")),
        lenient=list(data.get("lenient") or []),
        strict=list(data.get("strict") or []),
        all_schemas=bool(data.get("all_schemas")),
        overlays=[str(here(overlay)) for overlay in listed(data, "overlays", path)],
        format=data.get("format"),
        draft=None if data.get("draft") is None else str(data.get("draft")),
        ref_bases=[(str(url), str(here(directory))) for url, directory in (data.get("ref_bases") or {}).items()],
        allow_read=[str(here(directory)) for directory in listed(data, "allow_read", path)],
        side=str(data.get("side") or "client"),
        channels=[str(c) for c in data.get("channels") or []],
        operations=[str(o) for o in data.get("operations") or []],
        names=config_names(data.get("names"), path),
    )
    for alias, value in roots.items():
        if isinstance(value, dict):  # {schema: ..., tag: argument, values: {value: schema}}
            unknown = sorted(set(value) - set(ROOT_KEYS))
            if unknown or ("schema" not in value and not (value.get("tag") and value.get("values"))):
                raise SpecError(
                    f"#/roots/{alias}",
                    f"a root given as a mapping takes {', '.join(ROOT_KEYS)}"
                    + (
                        f", not {unknown[0]!r}" if unknown else " (schema is required, unless tag and values are given)"
                    ),
                    "write roots: {webhook: {schema: '#', tag: event}}",
                    file=path,
                )
            # without a schema, the root is the union of the schemas its values name
            settings.roots.append(parse_root(f"{alias}={value.get('schema') or VALUES_ROOT}"))
            if value.get("tag"):
                settings.caller_tags[str(alias)] = str(value["tag"])
            values = value.get("values") or {}
            settings.tag_values[str(alias)] = [(str(k), str(v)) for k, v in values.items()]
        else:
            settings.roots.append(parse_root(f"{alias}={value}"))
    return settings


def config_names(value: Any, path: str) -> dict[str, str]:
    """``names: {Schema or pointer: ClassName}``."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(
            "#/names",
            "names is a mapping of schema (name or pointer) to class name",
            "write names: {'paths.yaml#/get/responses/200/content/application~1json/schema': Game}",
            file=path,
        )
    return {str(k): str(v) for k, v in value.items()}


def listed(data: dict[str, Any], key: str, path: str) -> list[Any]:
    """A setting that is a list (of paths): a single string is an error, not a list of its characters."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        shown = f"the string {value!r}" if isinstance(value, str) else f"a {type(value).__name__}"
        raise SpecError(
            f"#/{key}",
            f"{key} is a list of paths, got {shown}",
            f"write it as a list, e.g. {key}: [{value if isinstance(value, str) else 'a.yaml'}]",
            file=path,
        )
    return value


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
    for name in ("format", "draft", "side"):
        if getattr(args, name, None):
            setattr(settings, name, getattr(args, name))
    settings.ref_bases += [parse_pair("--ref-base", text, identifier=False) for text in args.ref_base]
    settings.allow_read += getattr(args, "allow_read", [])
    settings.channels += args.channel
    settings.operations += args.operation
    settings.caller_tags.update(parse_pair("--caller-tag", text) for text in args.caller_tag)
    return settings
