"""``eventgen subset``: slice a large spec down to the schemas some roots need."""

from __future__ import annotations

import json
import os
from typing import Any

import yaml

from .errors import Warnings
from .frontends.catalog import Request, RootRequest
from .frontends.openapi import read
from .loader import load_file
from .refs import Resolver, split_pointer
from .select import closure

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def subset_document(spec: str, roots: list[str]) -> dict[str, Any]:
    """A standalone OpenAPI document holding only the schemas reachable from ``roots``."""
    document = load_file(spec)
    resolver = Resolver(spec, document, schema_documents=False)
    catalog = read(resolver, Request(tuple(RootRequest(name, name, True) for name in roots)), Warnings())
    locations = closure(resolver, [root.location for root in catalog.roots])
    wanted: list[str] = []
    for location in locations:
        file, _, pointer = location.partition("#")
        parts = split_pointer(pointer)
        if file == "" and parts[:2] == ["components", "schemas"] and len(parts) >= 3 and parts[2] not in wanted:
            wanted.append(parts[2])  # a whole component schema, also for $refs into its inside
    schemas = document["components"]["schemas"]
    info = dict(document.get("info") or {})
    info["description"] = (
        f"The schemas reachable from {', '.join(roots)}, sliced from {os.path.basename(spec)} by eventgen subset."
    )
    return {
        "openapi": document.get("openapi", "3.1.0"),
        "info": info,
        "paths": {},
        "components": {"schemas": {name: schemas[name] for name in sorted(wanted)}},
    }


def write_subset(spec: str, roots: list[str], output: str) -> int:
    document = subset_document(spec, roots)
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        if output.endswith(".json"):
            json.dump(document, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        else:
            yaml.dump(document, handle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    os.replace(tmp, output)
    return len(document["components"]["schemas"])
