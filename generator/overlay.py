"""OpenAPI Overlay 1.0: change a spec you do not own before it is read (JSONPath targets, update/remove).

An overlay changes the spec's own document, unless its ``extends`` names another file of a
multi-file spec (a path relative to the overlay, as Overlay 1.2 spells out, or a ``file:`` URI):
then it changes that file as the spec's ``$ref`` reads it. An ``extends`` URL of another scheme
names the spec as published, taken to be the spec given.
"""

from __future__ import annotations

import copy
import os
from typing import Any
from urllib.parse import unquote, urlparse

from .errors import SpecError
from .jsonpath import JSONPathError, find
from .loader import load_file, parse_text, read_bytes
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


def apply_overlays(spec: str, document: Any, paths: tuple[str, ...] | list[str]) -> tuple[list[bytes], dict[str, Any]]:
    """Apply each overlay to the document it extends: ``document`` (the spec's, changed in place)
    or another file, read here. Returns each overlay's bytes, in order, and the other files after
    their overlays (absolute path -> document)."""
    raws: list[bytes] = []
    others: dict[str, Any] = {}
    main = os.path.abspath(spec)
    for path in paths:
        raw = read_bytes(path)
        overlay = parse_text(raw, path)
        target = extended(overlay, path)
        if target is None or target == main:
            apply_actions(document, overlay, path)
        else:
            if target not in others:
                if not os.path.isfile(target):
                    raise SpecError(
                        "#/extends",
                        f"the overlay extends {overlay['extends']!r}, and there is no such file ({target})",
                        "write extends: as the path of a file of the spec, relative to the overlay",
                        file=path,
                    )
                others[target] = load_file(target)
            apply_actions(others[target], overlay, path)
        raws.append(raw)
    return raws, others


def extended(overlay: Any, path: str) -> str | None:
    """The absolute path of the file an overlay's ``extends`` names (None: the spec itself)."""
    target = overlay.get("extends") if isinstance(overlay, dict) else None
    if isinstance(target, str) and target.startswith("file:"):
        target = unquote(urlparse(target).path)
    if not isinstance(target, str) or not target or "://" in target:
        return None  # none, or a URL: the spec as published, which is the spec given
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), target.partition("#")[0]))


def apply_overlay(document: Any, path: str) -> bytes:
    """Apply the overlay file at ``path`` to ``document`` in place; returns the file's bytes."""
    raw = read_bytes(path)
    apply_actions(document, parse_text(raw, path), path)
    return raw


def apply_actions(document: Any, overlay: Any, path: str) -> None:
    """Apply the actions of ``overlay`` (read from ``path``) to ``document`` in place."""
    for index, action in enumerate(check_shape(overlay, path)):
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
