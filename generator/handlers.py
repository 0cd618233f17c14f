"""Handler classes for an app: per root that tells its events apart, ``ALIASHandler`` and
``AsyncALIASHandler`` with one ``on_`` method per event class, in ``handlers.py``.

Method names follow the event's tag: ``on_`` and the tag's words in snake case
(``response.output_audio.delta`` -> ``on_response_output_audio_delta``, ``tools/call`` ->
``on_tools_call``, ``systemStatus`` -> ``on_system_status``); the tags of a union told apart in two
steps are joined (type ``message``, role ``user`` -> ``on_message_user``; header ``issues``,
action ``opened`` -> ``on_issues_opened``). A class reached by several tags is named after what they
share, or after the class when they share nothing. Names that would clash with each other or with
``on_event`` / ``on_unknown`` add ``_as_`` and the class in snake case, so every name is unique.
"""

from __future__ import annotations

import collections
import itertools
import re

from . import ir
from .codemodel import HandlerModel, MethodModel, doc_text
from .imports import isort_key
from .naming import root_names, snake

FALLBACKS = ("on_event", "on_unknown")  # the methods every handler has besides those of its events
WORDS = re.compile(r"[a-z0-9]+")
Step = tuple[str, str]  # (what told the events apart: a property or the caller's argument, its value)


def handler(root: ir.Root, definitions: dict[str, ir.Definition], names: dict[str, str]) -> HandlerModel | None:
    """The handler model of ``root``, or None when it does not tell events apart (no handler)."""
    d = definitions[root.key]
    if root.caller_tag:
        argument = root.caller_tag.argument
        routes = [
            route
            for value, key in root.caller_tag.table
            for route in routes_of(definitions[key], key, ((argument, tag_text(value)),), definitions)
        ]
    elif isinstance(d, ir.UnionDef) and d.dispatch and not root.nullable:
        argument = ""
        routes = walk(d.dispatch, ())
    else:
        return None
    rn = root_names(root.alias)
    methods = [
        MethodModel(name, names[key], describe(steps))
        for key, (name, steps) in method_names(routes, {key: names[key] for _, key in routes}).items()
    ]
    events = sorted({m.event for m in methods}, key=isort_key)
    return HandlerModel(
        name=rn.handler,
        async_name=rn.async_handler,
        alias=rn.alias,
        unknown=rn.unknown,
        parse=rn.parse,
        argument=f", {argument}: str" if argument else "",
        call=f"data, {argument}" if argument else "data",
        local="found" if argument == "event" else "event",
        table=f"_{snake(rn.alias).upper()}_METHODS",
        methods=methods,
        models_imports=events,
        events_imports=sorted({rn.alias, rn.unknown, rn.parse}, key=isort_key),
    )


def walk(branch: ir.Branch, before: tuple[Step, ...]) -> list[tuple[tuple[Step, ...], str]]:
    """(tags, object key) for every alternative a dispatch step reaches."""
    found = []
    for value, target in branch.table:
        steps = (*before, (branch.property, tag_text(value)))
        if isinstance(target, str):
            found.append((steps, target))
        elif isinstance(target, ir.Branch):
            found += walk(target, steps)
        else:  # alternatives that share the value, tried in order
            found += [(steps, key) for key in target.keys]
    if isinstance(branch.absent, str):
        found.append((before, branch.absent))
    elif isinstance(branch.absent, ir.Trial):
        found += [(before, key) for key in branch.absent.keys]
    return found


def routes_of(
    d: ir.Definition, key: str, steps: tuple[Step, ...], definitions: dict[str, ir.Definition]
) -> list[tuple[tuple[Step, ...], str]]:
    """What a caller's tag leads to: an object, or the alternatives of a union."""
    if isinstance(d, ir.UnionDef) and d.dispatch:
        return walk(d.dispatch, steps)
    if isinstance(d, ir.UnionDef):
        refs = [v.key for v in d.union.variants if isinstance(v, ir.Ref)]
        return [(steps, k) for k in refs if isinstance(definitions[k], ir.ObjectDef)]
    return [(steps, key)] if isinstance(d, ir.ObjectDef) else []


def tag_text(value: ir.Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def words(text: str) -> str:
    return "_".join(WORDS.findall(snake(text).lower()))


def method_names(
    routes: list[tuple[tuple[Step, ...], str]], classes: dict[str, str]
) -> dict[str, tuple[str, list[tuple[Step, ...]]]]:
    """Per object key, in the order of the routes: its method name and the tags that reach it."""
    reached: dict[str, list[tuple[Step, ...]]] = {}
    for steps, key in routes:
        reached.setdefault(key, []).append(steps)
    wanted = {}
    for key, all_steps in reached.items():
        shared = common_prefix(all_steps)
        wanted[key] = "_".join(filter(None, (words(value) for _, value in shared))) or words(classes[key])
    counts = collections.Counter(wanted.values())
    taken = set(FALLBACKS)
    result = {}
    for key, name in wanted.items():
        method = "on_" + name
        if counts[name] > 1 or method in taken:
            own = words(classes[key])  # the class's own words, without those of the tag
            method += "_as_" + (own[len(name) + 1 :] if own.startswith(name + "_") else own)
        while method in taken:
            method += "_"
        taken.add(method)
        result[key] = (method, reached[key])
    return result


def common_prefix(all_steps: list[tuple[Step, ...]]) -> tuple[Step, ...]:
    """The steps every one of ``all_steps`` starts with."""
    columns = zip(*all_steps, strict=False)  # as long as the shortest
    return tuple(column[0] for column in itertools.takewhile(lambda c: len(set(c)) == 1, columns))


def describe(all_steps: list[tuple[Step, ...]]) -> str:
    """The docstring of a method: the tags that lead to it (the first few)."""
    shown = [" with ".join(f"{prop} ``{quoted(value)}``" for prop, value in steps) for steps in all_steps[:4]]
    shown = [text or "no tag" for text in shown]
    more = f", and {len(all_steps) - 4} more" if len(all_steps) > 4 else ""
    return f"Called for {', '.join(shown)}{more}."


def quoted(text: str) -> str:
    """``text`` as it may stand in a docstring."""
    return doc_text(text.replace("\\", "\\\\").replace('"', '\\"'))
