"""OpenAPI Overlay 1.0: change a spec you do not own before it is read (JSONPath targets, update/remove)."""

from __future__ import annotations

import copy
from typing import Any

from .errors import SpecError
from .jsonpath import JSONPathError, find
from .loader import parse_text, read_bytes
from .refs import join_pointer


def merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    """Overlay ``update`` semantics for objects: mappings merge recursively, other values replace."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def check_shape(overlay: Any, path: str) -> list[Any]:
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise SpecError(
            "#/overlay",
            "not an OpenAPI Overlay 1.x document (no 'overlay: 1.0.0' at the top)",
            "start the file with overlay: 1.0.0, info: and actions:",
            file=path,
        )
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise SpecError(
            "#/actions",
            "an overlay needs a non-empty list of actions",
            "add actions: [{target: '$.components.schemas.Name', update: {...}}]",
            file=path,
        )
    return actions


def apply_overlay(document: Any, path: str) -> bytes:
    """Apply the overlay file at ``path`` to ``document`` in place; returns the file's bytes."""
    raw = read_bytes(path)
    for index, action in enumerate(check_shape(parse_text(raw, path), path)):
        where = join_pointer("#/actions", index)
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise SpecError(
                where,
                "each action needs a target (a JSONPath string)",
                "write target: '$.components.schemas.Name'",
                file=path,
            )
        try:
            matches = find(document, action["target"])
        except JSONPathError as exc:
            raise SpecError(
                join_pointer(where, "target"),
                f"JSONPath not understood: {exc}",
                "use $, .name, ['name'], [0], *, .. and [?@.key == 'value']",
                file=path,
            ) from None
        if not matches:
            raise SpecError(
                join_pointer(where, "target"),
                f"target {action['target']!r} matches nothing in the spec",
                "correct the path, or drop the action if the spec no longer needs it",
                file=path,
            )
        if action.get("remove") is True:
            for match in reversed(matches):
                if match.parent is None:
                    raise SpecError(
                        join_pointer(where, "target"),
                        "cannot remove the whole document",
                        "target a part of it",
                        file=path,
                    )
                del match.parent[match.key]
        elif "update" in action:
            for match in matches:
                if isinstance(match.value, dict) and isinstance(action["update"], dict):
                    merge(match.value, action["update"])
                elif isinstance(match.value, list):
                    match.value.append(copy.deepcopy(action["update"]))
                else:
                    raise SpecError(
                        join_pointer(where, "update"),
                        "update needs an object or an array as target, "
                        f"and {action['target']!r} selects a {type(match.value).__name__}",
                        "target the object that holds the value and update it with {key: value}",
                        file=path,
                    )
        else:
            raise SpecError(
                where, "the action has neither update nor remove: true", "add update: {...} or remove: true", file=path
            )
    return raw
