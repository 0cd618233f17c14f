"""What each schema keyword means to eventgen, per JSON Schema draft: checked, annotation only,
validation eventgen cannot turn into a check, or unknown; and keywords whose meaning a draft
changed, which a document that declares its draft must not use in the other sense."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import SpecError, Warnings
from .refs import DIALECTS, join_pointer

PRIMITIVE_KINDS = ("string", "integer", "number", "boolean")
KNOWN_TYPES = (*PRIMITIVE_KINDS, "object", "array", "null")
# Keywords that change what a schema accepts (and that eventgen reads).
STRUCTURAL = frozenset(
    [
        "type",
        "properties",
        "additionalProperties",
        "items",
        "prefixItems",
        "required",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "patternProperties",
    ]
)
LIMITS = {
    "string": ("minLength", "maxLength", "pattern"),
    "integer": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    "array": ("minItems", "maxItems"),
}
# Keywords that validate in JSON Schema but that eventgen does not turn into a check.
VALIDATION_ONLY = frozenset(
    [
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "dependencies",
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
        "uniqueItems",
        "multipleOf",
        "minProperties",
        "maxProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "patternProperties",
        "additionalItems",
    ]
)
# Keywords that annotate, identify or organise, in JSON Schema, OpenAPI and AsyncAPI.
ANNOTATIONS = frozenset(
    [
        "$schema",
        "$id",
        "id",
        "$anchor",
        "$dynamicAnchor",
        "$recursiveAnchor",
        "$comment",
        "$defs",
        "definitions",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "nullable",
        "discriminator",
        "xml",
        "externalDocs",
        *(k for limits in LIMITS.values() for k in limits),
    ]
)
DRAFT_ORDER = {uri: index for index, uri in enumerate(DIALECTS.values())}
INTRODUCED = {  # keyword -> the first draft (a DIALECTS key) that defines it
    "const": "6",
    "contains": "6",
    "propertyNames": "6",
    "if": "7",
    "then": "7",
    "else": "7",
    "dependentSchemas": "2019-09",
    "dependentRequired": "2019-09",
    "unevaluatedProperties": "2019-09",
    "unevaluatedItems": "2019-09",
    "minContains": "2019-09",
    "maxContains": "2019-09",
    "$anchor": "2019-09",
    "$recursiveRef": "2019-09",
    "prefixItems": "2020-12",
    "$dynamicRef": "2020-12",
}
REMOVED = {  # keyword -> (the draft that dropped or changed it, what replaces it)
    "$recursiveRef": ("2020-12", "$dynamicRef"),
    "$recursiveAnchor": ("2020-12", "$dynamicAnchor"),
}


def draft_name(dialect: str) -> str:
    return next((name for name, uri in DIALECTS.items() if uri == dialect), "2020-12")


def at_least(dialect: str, draft: str) -> bool:
    return DRAFT_ORDER.get(dialect, len(DRAFT_ORDER)) >= DRAFT_ORDER[DIALECTS[draft]]


def ref_siblings_apply(dialect: str) -> bool:
    """From 2019-09 on, keywords beside $ref apply with it; before, they are ignored."""
    return at_least(dialect, "2019-09")


class Audit:
    """Keywords eventgen reads as documentation only, counted and reported once each."""

    def __init__(self, warnings: Warnings) -> None:
        self.warnings = warnings
        self.seen: dict[str, tuple[str, int]] = {}  # keyword -> (first pointer, count)

    def visit(self, node: Mapping[str, Any], at: str) -> None:
        for key in node:
            if (key in STRUCTURAL and key not in VALIDATION_ONLY) or key in ANNOTATIONS:
                continue
            if isinstance(key, str) and key.startswith("x-"):
                continue
            first, count = self.seen.get(key, (at, 0))
            self.seen[key] = (first, count + 1)

    def report(self) -> None:
        for key, (first, count) in self.seen.items():
            more = f" (and {count - 1} more places)" if count > 1 else ""
            if key in VALIDATION_ONLY:
                message = f"'{key}' only validates; eventgen does not check it and keeps it as documentation{more}"
            else:
                message = f"unknown keyword '{key}' is ignored{more}"
            self.warnings.add(join_pointer(first, key), message)


def check_draft(node: Mapping[str, Any], at: str, dialect: str, declared: bool, display: str) -> None:
    """A document that declares its draft must not use a keyword in a sense its draft does not have."""
    if not declared:
        return
    name = draft_name(dialect)
    for key in node:
        introduced = INTRODUCED.get(key)
        if introduced and not at_least(dialect, introduced):
            raise SpecError(
                display,
                f"'{key}' is not a keyword of draft {name}, which this document declares ($schema): "
                "that draft would ignore it, so its meaning is unclear",
                f"declare draft {introduced} or later in $schema, or remove '{key}'",
            )
        removed = REMOVED.get(key)
        if removed and at_least(dialect, removed[0]):
            raise SpecError(
                display,
                f"'{key}' was replaced in draft {removed[0]}, which this document declares",
                f"use {removed[1]}, or declare an earlier draft in $schema",
            )
    items = node.get("items")
    if isinstance(items, list) and at_least(dialect, "2020-12"):
        raise SpecError(
            display,
            "'items' is a list (the tuple form of earlier drafts), which draft 2020-12 no longer has",
            "write prefixItems for the tuple, or declare draft 2019-09 or earlier in $schema",
        )
    minimum = node.get("exclusiveMinimum", node.get("exclusiveMaximum"))
    if not at_least(dialect, "6") and minimum is not None and not isinstance(minimum, bool):
        raise SpecError(
            display,
            "exclusiveMinimum/exclusiveMaximum is a number, the form of draft 6 and later; draft 4 has a boolean",
            "write minimum with exclusiveMinimum: true, or declare draft 6 or later in $schema",
        )
