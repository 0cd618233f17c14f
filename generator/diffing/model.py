"""Change records and the rules that judge them.

A change is found on the IR of two spec versions. Whether it breaks depends on who holds the
generated code: a program that *receives* the events (a lenient root) breaks when the events can
carry something it was not written for; a program that *sends* them (a strict root) breaks when
what it sends is no longer accepted. Changes to the generated Python API (``python.*``) break
users' imports and type checks whatever the wire does.
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVE = "receive"
SEND = "send"
PYTHON = "python"


@dataclass(frozen=True)
class Rule:
    receive: bool  # breaks a program that receives these events (lenient root)
    send: bool  # breaks a program that sends them (strict root)
    meaning: str


# The one table of what breaks. Kinds are stable: they are the ``kind`` of the JSON report.
RULES: dict[str, Rule] = {
    "event.added": Rule(False, False, "a new event"),
    "event.removed": Rule(True, True, "an event is gone"),
    "event.renamed": Rule(True, True, "an event's tag changed, its schema did not"),
    "field.added": Rule(False, False, "a new optional field"),
    "required-field.added": Rule(False, True, "a new required field"),
    "field.removed": Rule(True, True, "a field is gone"),
    "field.renamed": Rule(
        True, True, "likely renamed: a field removed beside an added one of the same schema and a word of its name"
    ),
    "field.now-optional": Rule(True, False, "a required field became optional"),
    "field.now-required": Rule(False, True, "an optional field became required"),
    "nullable.added": Rule(True, False, "the value may now be null"),
    "nullable.removed": Rule(False, True, "the value may no longer be null"),
    "type.widened": Rule(True, False, "the type admits more values (integer -> number, enum -> string...)"),
    "type.narrowed": Rule(False, True, "the type admits fewer values"),
    "type.changed": Rule(True, True, "the type changed to an unrelated one"),
    "enum.value-added": Rule(True, False, "a closed enum gained a value"),
    "enum.value-removed": Rule(False, True, "a closed enum lost a value"),
    "open-enum.value-added": Rule(False, False, "an open enum lists a new value"),
    "open-enum.value-removed": Rule(False, False, "an open enum no longer lists a value"),
    "enum.opened": Rule(True, False, "a closed enum became open (any string)"),
    "enum.closed": Rule(False, True, "an open enum became closed"),
    "constraint.loosened": Rule(True, False, "a limit was removed or relaxed (maxLength, minimum...)"),
    "constraint.tightened": Rule(False, True, "a limit was added or made stricter"),
    "constraint.changed": Rule(True, True, "a pattern changed"),
    "object.opened": Rule(True, False, "an object now admits undeclared properties"),
    "object.closed": Rule(False, True, "an object no longer admits undeclared properties"),
    "union.alternative-added": Rule(True, False, "a nested union gained an alternative"),
    "union.alternative-removed": Rule(False, True, "a nested union lost an alternative"),
    "union.alternative-split": Rule(
        False, False, "an alternative became several, told apart by another property (changes listed under each)"
    ),
    "union.alternatives-merged": Rule(
        False, False, "several alternatives became one (changes listed under each old one)"
    ),
    "union.discriminated": Rule(False, False, "a union told apart by shape is now told apart by a property"),
    "union.undiscriminated": Rule(False, False, "a union told apart by a property is now told apart by shape"),
    "schema.renamed": Rule(
        False, False, "the value is now described by another named schema (compared field by field)"
    ),
    "type.split": Rule(
        True,
        False,
        "a schema became a union: the old shape is compared with the alternatives it corresponds to, "
        "and what breaks for a payload depends on the one it lands in",
    ),
    "type.merged": Rule(
        False,
        True,
        "a union became one object: each old alternative is compared with it, "
        "and what breaks for a payload depends on the alternative it was",
    ),
    "discriminator.changed": Rule(True, True, "the property that tells alternatives apart changed"),
    "python.class-renamed": Rule(True, True, "a generated class or type alias has a new name"),
    "python.class-removed": Rule(True, True, "a generated class or type alias is gone"),
    "python.field-renamed": Rule(True, True, "a field's attribute name changed (its JSON key did not)"),
    "python.annotation-narrowed": Rule(True, True, "a field's annotation admits fewer types"),
    "python.annotation-widened": Rule(False, False, "a field's annotation admits more types"),
    "python.annotation-changed": Rule(True, True, "a field's annotation changed"),
    "python.alias-changed": Rule(True, True, "a type alias now stands for another type"),
}


@dataclass(frozen=True)
class Change:
    """One change, as the JSON report writes it (``old``/``new``: short descriptions, or None)."""

    root: str  # the root alias ("" for python.* changes)
    event: str  # the event's discriminator value ("" for python.* changes)
    path: str  # JSON path inside the event ("" for the event itself); python.*: Class or Class.attr
    kind: str
    old: str | None
    new: str | None
    direction: str  # receive, send or python
    schema: str = ""  # the schema the change belongs to (a class name), shared by the events that use it
    at: str = ""  # the path inside that schema

    @property
    def origin(self) -> tuple[str, str, str, str | None, str | None]:
        """What makes two changes the same change, whatever event they are reached from."""
        return (self.schema, self.at, self.kind, self.old, self.new)

    @property
    def breaking(self) -> bool:
        rule = RULES[self.kind]
        return rule.send if self.direction == SEND else rule.receive

    def as_json(self) -> dict[str, object]:
        return {
            "root": self.root,
            "event": self.event,
            "path": self.path,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "breaking": self.breaking,
            "direction": self.direction,
            "schema": self.schema,
            "schema_path": self.at,
        }


@dataclass
class Report:
    old: str  # how the old spec was named on the command line
    new: str
    roots: list[tuple[str, str]]  # (alias, direction), in order
    changes: list[Change]

    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]
