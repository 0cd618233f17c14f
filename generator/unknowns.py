"""The classes that keep an alternative the spec does not have: ``UnknownALIAS`` per root (in
``events.py``) and ``UnknownUNION`` per union told apart by a property (in ``models.py``), both
subclasses of the runtime's ``UnknownVariant``. Each has read-only properties named after what told
the alternatives apart: the first tag as ``str`` (it is the ``tag`` the object keeps), the keys of
later steps as ``str | None``, read from the payload."""

from __future__ import annotations

from collections.abc import Iterable

from . import ir
from .codemodel import PropertyModel
from .naming import FIELD_RESERVED, identifier, is_identifier, nfkc
from .pytypes import literal

UNKNOWN_MEMBERS = frozenset({"data", "tag", "_tag"})  # what ``UnknownVariant`` has besides to_dict


def tag_properties(first: str, first_doc: str, later: Iterable[str]) -> list[PropertyModel]:
    """The properties of an unknown class: ``first`` (the tag it keeps) and the keys of ``later`` steps."""
    taken = set(FIELD_RESERVED | UNKNOWN_MEMBERS)
    properties = []
    if attribute(first) != "tag":  # else the base class's ``tag`` is that property already
        properties.append(PropertyModel(unique(attribute(first), taken), "str", first_doc, ["return self.tag"]))
    for key in dict.fromkeys(k for k in later if k != first):
        properties.append(
            PropertyModel(
                unique(attribute(key), taken),
                "str | None",
                f"The ``{key}`` of the payload, or None when it has none that is a string.",
                [f"value = self.data.get({literal(key)})", "return value if isinstance(value, str) else None"],
            )
        )
    return properties


def branches(d: ir.Definition) -> list[ir.Branch]:
    """The dispatch steps of a union, outermost first (none for other definitions)."""
    found: list[ir.Branch] = []
    pending = [d.dispatch] if isinstance(d, ir.UnionDef) and d.dispatch else []
    while pending:
        branch = pending.pop(0)
        found.append(branch)
        pending += [target for _, target in branch.table if isinstance(target, ir.Branch)]
    return found


def class_name(union: str, taken: set[str]) -> str:
    """``UnknownUNION``, or ``UNIONUnknown`` when a schema already has that name."""
    name = "Unknown" + union
    if name in taken:
        name = union + "Unknown"
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def attribute(key: str) -> str:
    return nfkc(key) if is_identifier(key) else identifier(key, "field")


def unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name
