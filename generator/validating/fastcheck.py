"""Is a parsed event free of drift? Answered from the parsed objects, without walking the JSON.

A lenient parse already puts undeclared properties and set-aside values in ``extra``, and a
missing required property or a null where none is allowed is a rejection; what is left to look at
is enum fields (a lenient parse keeps a string outside the enum) and nested objects. Each class
gets the list of its attributes that need a look, built once from the spec's definitions. Any
doubt (a class it does not know, a union of plain values) answers "not clean", and the caller
then walks the JSON (``drift``), which decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import ir
from ..pytypes import TypeCode

Check = Callable[[Any], bool]


def never(value: Any) -> bool:
    return False


class FastCheck:
    def __init__(self, definitions: dict[str, ir.Definition], names: dict[str, str], module: Any) -> None:
        self.definitions = definitions
        self.unset = module.UNSET
        self.plans: dict[type, tuple[tuple[str, Check], ...]] = {}
        models = getattr(module, "models", module)
        code = TypeCode(definitions, names)
        for key, d in definitions.items():
            cls = getattr(models, names.get(key, ""), None)
            if isinstance(d, ir.ObjectDef) and isinstance(cls, type):
                attrs = code.attributes(d)
                checks = [(attr, self.check(f.type, set())) for f, attr in zip(d.fields, attrs, strict=True)]
                self.plans[cls] = tuple((attr, c) for attr, c in checks if c is not None)

    def clean(self, obj: Any) -> bool:
        """True when ``obj`` (and everything in it) holds nothing the spec does not describe."""
        plan = self.plans.get(obj.__class__)
        if plan is None or obj.extra:
            return False
        unset = self.unset
        for attr, check in plan:
            value = getattr(obj, attr)
            if value is not unset and value is not None and not check(value):
                return False
        return True

    def check(self, t: ir.Type, seen: set[str]) -> Check | None:
        """How to look at a value of type ``t``; None when its parse leaves nothing to look at."""
        if isinstance(t, ir.Nullable):
            inner = self.check(t.inner, seen)
            return None if inner is None else (lambda v: v is None or inner(v))
        if isinstance(t, ir.Enum):
            if t.open or t.kind != "string":
                return None
            allowed = frozenset(t.values)
            return allowed.__contains__
        if isinstance(t, ir.Ref):
            found = self.definitions.get(t.key)
            if isinstance(found, ir.AliasDef):
                if t.key in seen:
                    return never
                return self.check(found.target, seen | {t.key})
            return self.clean
        if isinstance(t, ir.Array):
            items = self.check(t.items, seen)
            return None if items is None else (lambda v: all(map(items, v)))
        if isinstance(t, ir.Map):
            values = self.check(t.values, seen)
            return None if values is None else (lambda v: all(map(values, v.values())))
        if isinstance(t, (ir.UnionOf, ir.Fixed)):
            return never
        return None  # Primitive, AnyValue, Never: the parse checked them, or there is nothing to check
