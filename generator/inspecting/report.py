"""``eventgen inspect``'s output: a listing for people (each union with the ``--root`` to copy, its
pointer escaped and quoted for a shell) or JSON for tools."""

from __future__ import annotations

import json
import shlex
from typing import Any

from .survey import MEMBER_NAMES, Survey, Union

JSON_VERSION = 1


def as_json(found: Survey) -> str:
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "spec": found.spec,
        "format": found.format,
        "title": found.title,
        "unions": [union_json(u) for u in found.unions],
    }
    if found.format == "asyncapi":
        data["operations"] = [
            {"direction": direction, "operation": label, "messages": names} for direction, label, names in found.flows
        ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def union_json(u: Union) -> dict[str, Any]:
    return {
        "name": u.name,
        "where": u.where,
        "members": u.members,
        "member_names": u.member_names,
        "told_apart_by": u.told_apart_by,
        "classes": u.classes,
        "root": u.root,
        "option": option(u),
        "caller_tag": u.caller_tag or None,
        "error": u.error or None,
    }


def option(u: Union) -> str:
    """The ``--root`` option as a shell takes it: quoted where the shell would read it otherwise."""
    return "--root " + shlex.quote(u.root)


def as_text(found: Survey) -> str:
    lines = [f"{found.title} ({found.format}, {found.spec})" if found.title else f"{found.spec} ({found.format})", ""]
    usable = [u for u in found.unions if not u.error]
    lines.append(f"{len(usable)} root{'s' if len(usable) != 1 else ''} to generate:" if usable else "no union found")
    for u in found.unions:
        lines += ["", *union_text(u)]
    if found.flows:
        lines += ["", "operations, as the program sees them:"]
        for direction, label, names in found.flows:
            lines.append(f"  {direction:8}  {label}: {', '.join(names)}")
    return "\n".join(lines) + "\n"


def union_text(u: Union) -> list[str]:
    if u.error:
        first, *rest = u.error.splitlines()
        lines = [f"  {u.root.split('=', 1)[1]}  [{u.where}]", f"    cannot be generated: {first}"]
        return lines + [f"    {line.strip()}" for line in rest[:1]]  # the fix, when the error has one
    names = ", ".join(u.member_names[:MEMBER_NAMES]) + (" ..." if len(u.member_names) > MEMBER_NAMES else "")
    told = u.told_apart_by if u.told_apart_by in ("by shape", "") else f"told apart by {u.told_apart_by}"
    plural = "s" if u.members != 1 else ""
    classes = f"{u.classes} class{'es' if u.classes != 1 else ''}"
    head = f"  {u.name}  [{u.where}]"
    return [
        head,
        f"    {u.members} member{plural}, {told or 'one class'}, {classes}: {names}",
        f"    {option(u)}",
        *(
            [f"    or, when the event's name travels beside it (an HTTP header): {option(u)} {u.caller_tag}"]
            if u.caller_tag
            else []
        ),
    ]
