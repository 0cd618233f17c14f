"""Which definitions contain themselves (through fields, arrays, maps, unions and aliases).

Their parsers count how deep they recurse, so that hostile input cannot exhaust the stack, and
their type aliases are written as forward references.
"""

from __future__ import annotations

from . import ir


def successors(definitions: dict[str, ir.Definition], key: str) -> set[str]:
    """The definitions a definition refers to directly."""
    return {ref for t in types_in(definitions[key]) for ref in refs_in(t)}


def types_in(d: ir.Definition) -> list[ir.Type]:
    if isinstance(d, ir.ObjectDef):
        return [f.type for f in d.fields]
    if isinstance(d, ir.UnionDef):
        return [d.union]
    return [d.target]


def refs_in(t: ir.Type) -> list[str]:
    if isinstance(t, ir.Ref):
        return [t.key]
    if isinstance(t, ir.Array):
        return refs_in(t.items)
    if isinstance(t, ir.Map):
        return refs_in(t.values)
    if isinstance(t, ir.Nullable):
        return refs_in(t.inner)
    if isinstance(t, ir.UnionOf):
        return [k for v in t.variants for k in refs_in(v)]
    return []


def self_containing(definitions: dict[str, ir.Definition]) -> set[str]:
    """Keys of the definitions that lie on a cycle (Tarjan's algorithm, without recursion)."""
    graph = {k: sorted(successors(definitions, k)) for k in definitions}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cyclic: set[str] = set()
    for start in graph:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = graph[node]
            if position < len(children):
                work.append((node, position + 1))
                child = children[position]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if work:  # returning to the parent
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    cyclic.update(component)
    return cyclic


def guarded(body: list[str], subject: str) -> list[str]:
    """``body`` for a definition that contains itself: the depth of its recursion is counted."""
    return [
        "if NESTING.level >= MAX_DEPTH:",
        f"    raise too_deep({subject})",
        "NESTING.level += 1",
        "try:",
        *("    " + line for line in body),
        "finally:",
        "    NESTING.level -= 1",
    ]
