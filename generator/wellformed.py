"""Is each keyword of a schema the JSON type its draft gives it? Checked where a schema is read,
and over a whole document before its ``$id``s and anchors are scanned, so that no keyword of the
wrong type is ignored, read in another sense, or reaches the reference scan.

Only the keyword's own value is checked here (``required`` is a list of strings, ``items`` a
schema, ``maxLength`` a non-negative integer...); the schemas inside it are checked when they are
read in turn. ``subschemas`` lists them, for the walk over a document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from .errors import SpecError, escape_pointer_part

SCHEMA: tuple[str, ...] = ("additionalProperties", "additionalItems", "not", "if", "then", "else", "contains")
SCHEMA += ("propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema")
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
COUNTS: tuple[str, ...] = ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties")
COUNTS += ("minContains", "maxContains")
NUMBERS = ("minimum", "maximum", "multipleOf")
STRINGS: tuple[str, ...] = ("$ref", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef", "pattern", "$schema")
STRINGS += ("format", "$comment", "contentMediaType", "contentEncoding")
EXAMPLES = {
    "additionalProperties": "additionalProperties: false (or true, or a schema)",
    "properties": "properties: {name: {type: string}}",
    "required": "required: [type]",
    "type": "type: string, or type: [string, 'null']",
    "items": "items: {type: string}",
    "discriminator": "discriminator: {propertyName: type, mapping: {ping: '#/components/schemas/Ping'}}",
}


def kind(value: Any) -> str:
    """A JSON value as a message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return f"the number {json.dumps(value)}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return "a list" if isinstance(value, list) else "an object"


def is_schema(value: Any) -> bool:
    return isinstance(value, (dict, bool))


def check_schema(node: dict[str, Any], where: Callable[[], str], list_items: bool = True) -> None:
    """Raise ``SpecError`` at the keyword for the first keyword of ``node`` of the wrong type.
    ``where`` gives the schema's location as shown to users (``file#pointer``); ``list_items``
    says whether the draft still has ``items`` as a list (before 2020-12)."""
    for keyword, value in node.items():
        problem = wrong(keyword, value, list_items)
        if problem:
            raise SpecError(f"{where()}/{escape_pointer_part(keyword)}", problem[0], problem[1])


def wrong(keyword: str, value: Any, list_items: bool) -> tuple[str, str] | None:
    """What is wrong with one keyword's value (message, fix), or None."""
    example = EXAMPLES.get(keyword, "")
    if keyword in SCHEMA and not is_schema(value):
        return f"{keyword} must be a schema or a boolean, got {kind(value)}", f"write {example or keyword + ': {...}'}"
    if keyword in SCHEMA_MAPS:
        if not isinstance(value, dict):
            fix = "map each property name to its schema, e.g. " if keyword == "properties" else "map names to schemas"
            return f"{keyword} must be a mapping, got {kind(value).replace('an object', 'a mapping')}", (
                fix + (example if keyword == "properties" else f", e.g. {keyword}: {{Name: {{type: object}}}}")
            )
        bad = next((name for name, schema in value.items() if not is_schema(schema)), None)
        if bad is not None:
            return (
                f"{keyword} maps {bad!r} to {kind(value[bad])}, which is not a schema",
                f"give {bad!r} a schema, e.g. {{type: string}}",
            )
    if keyword in SCHEMA_LISTS:
        if not isinstance(value, list) or not value:
            got = "an empty list" if value == [] else kind(value)
            return (
                f"{keyword} must be a non-empty list of schemas, got {got}",
                f"list the alternatives, e.g. {keyword}: [{{type: string}}, {{type: integer}}]",
            )
        bad_index = next((i for i, schema in enumerate(value) if not is_schema(schema)), None)
        if bad_index is not None:
            return (
                f"{keyword} item {bad_index} is {kind(value[bad_index])}, not a schema",
                f"write each item of {keyword} as a schema, e.g. {{type: string}}",
            )
    if keyword == "items" and not is_schema(value):
        if not isinstance(value, list):
            return f"items must be a schema, got {kind(value)}", f"write {example}"
        if not list_items:
            return (
                "'items' is a list (the tuple form of earlier drafts), which draft 2020-12 no longer has",
                "write prefixItems for the tuple, or declare draft 2019-09 or earlier in $schema",
            )
        if not all(is_schema(v) for v in value):
            return "items lists something that is not a schema", "write each item of items as a schema"
    if keyword == "prefixItems" and not (isinstance(value, list) and all(is_schema(v) for v in value)):
        return f"prefixItems must be a list of schemas, got {kind(value)}", "write prefixItems: [{type: string}]"
    if keyword == "required" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        if isinstance(value, list):
            bad_value = next(v for v in value if not isinstance(v, str))
            return (
                f"required lists {kind(bad_value)}, not a property name",
                f"list the names as strings, e.g. {example}",
            )
        return f"required must be a list, got {kind(value)}", f"list the names, e.g. {example}"
    if keyword == "type":
        if isinstance(value, list) and (not value or not all(isinstance(v, str) for v in value)):
            got = "an empty list (no value would match)" if not value else "a list with something other than names"
            return f"type must be a type name or a non-empty list of them, got {got}", f"write {example}"
        if not isinstance(value, (str, list)):
            return f"type must be a type name or a list of them, got {kind(value)}", f"write {example}"
    if keyword in COUNTS and not (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 and float(value).is_integer()
    ):
        return f"{keyword} must be a non-negative integer, got {kind(value)}", f"write {keyword}: 10"
    if keyword in NUMBERS and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        return f"{keyword} must be a number, got {kind(value)}", f"write {keyword}: 0"
    if keyword == "multipleOf" and not value > 0:
        return f"multipleOf must be greater than 0, got {kind(value)}", "write multipleOf: 1 (or leave it out)"
    if keyword in ("exclusiveMinimum", "exclusiveMaximum") and (
        not isinstance(value, (int, float, bool)) or value is None
    ):
        return f"{keyword} must be a number (a boolean in draft 4), got {kind(value)}", f"write {keyword}: 0"
    if keyword in STRINGS and not isinstance(value, str):
        return f"{keyword} must be a string, got {kind(value)}", f"write {keyword} as a string"
    if keyword == "enum" and not isinstance(value, list):
        return f"enum must be a list of values, got {kind(value)}", "write enum: [a, b]"
    if keyword in ("$id", "id"):
        return uri_problem(keyword, value)
    if keyword == "nullable" and not isinstance(value, bool):
        return f"nullable must be true or false, got {kind(value)}", "write nullable: true"
    if keyword == "discriminator":
        return discriminator_problem(value)
    return None


def uri_problem(keyword: str, value: Any) -> tuple[str, str] | None:
    if keyword == "id" and not isinstance(value, str):
        return None  # a property or other keyword called id: only draft 4 reads it, as a string
    if not isinstance(value, str):
        return f"{keyword} must be a URI (a string), got {kind(value)}", f"write {keyword}: https://example.com/x.json"
    try:
        urlsplit(value)
    except ValueError as exc:
        return f"{keyword} {value[:60]!r} is not a valid URI ({exc})", f"correct the URI in {keyword}"
    return None


def discriminator_problem(value: Any) -> tuple[str, str] | None:
    example = EXAMPLES["discriminator"]
    if not isinstance(value, dict) or not isinstance(value.get("propertyName"), str):
        return "discriminator must be an object with a propertyName (a string)", f"write {example}"
    mapping = value.get("mapping", {})
    if not isinstance(mapping, dict):
        return f"discriminator mapping must map values to schema references, got {kind(mapping)}", f"write {example}"
    bad = next((k for k, v in mapping.items() if not isinstance(v, str)), None)
    if bad is not None:
        return (
            f"discriminator mapping maps {bad!r} to {kind(mapping[bad])}, not a schema name or reference",
            f"write {example}",
        )
    return None


def subschemas(node: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
    """The schemas directly inside a (well-formed) schema, with their pointers."""
    for keyword, value in node.items():
        at = f"{pointer}/{escape_pointer_part(keyword)}"
        if keyword in SCHEMA or (keyword == "items" and isinstance(value, dict)):
            yield value, at
        elif keyword in SCHEMA_MAPS and isinstance(value, dict):
            yield from ((v, f"{at}/{escape_pointer_part(k)}") for k, v in value.items())
        elif keyword in (*SCHEMA_LISTS, "prefixItems", "items") and isinstance(value, list):
            yield from ((v, f"{at}/{i}") for i, v in enumerate(value))


def check_document(document: Any, where: str, list_items: bool = True) -> None:
    """Every schema reachable from the document's root through schema keywords (as a reference
    scan would walk it), checked; ``where`` is the file as shown, ``where#pointer`` each place."""
    pending = [(document, "")]
    while pending:
        node, pointer = pending.pop()
        if isinstance(node, dict):
            check_schema(node, lambda: f"{where}#{pointer}", list_items)  # noqa: B023 - called at once
            pending.extend(subschemas(node, pointer))
