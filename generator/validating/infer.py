"""A JSON Schema for the values seen of an undeclared property, inferred with genson.

The inferred schema declares no ``required`` properties: a few samples cannot tell which
properties a server always sends, and a lenient parse would reject an event that leaves one out.
"""

from __future__ import annotations

from typing import Any

from genson import SchemaBuilder  # type: ignore[import-untyped]


def infer(samples: list[Any]) -> dict[str, Any]:
    builder = SchemaBuilder(schema_uri=None)
    for sample in samples:
        builder.add_object(sample)
    schema: dict[str, Any] = without_required(builder.to_schema())
    return schema


def without_required(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: without_required(v) for k, v in schema.items() if not (k == "required" and isinstance(v, list))}
    if isinstance(schema, list):
        return [without_required(item) for item in schema]
    return schema
