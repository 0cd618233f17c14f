"""How each candidate root would be generated: all of them are planned in one model (one build of
the spec), and each root's union is read back from it: its members, how they are told apart, the
classes it reaches. A candidate the spec cannot generate is planned alone, to say why."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .. import ir
from ..cycles import successors
from ..errors import SpecError, Warnings
from ..frontends import read_catalog
from ..frontends.anonymous import holder_name
from ..frontends.asyncapi_operations import mapping, operations_v2, operations_v3
from ..frontends.catalog import Catalog, RootRequest
from ..frontends.roots import tag_values
from ..loader import parse_text, read_bytes
from ..naming import Namer, camel, snake
from ..overlay import apply_overlay
from ..pipeline import Model, Options, located, plan, resolver_for
from ..refs import Resolver
from ..unions import Unions
from .candidates import Candidate, candidates

MEMBER_NAMES = 8  # members named in a listing; the rest are counted


@dataclass
class Union:
    name: str  # the class name it takes (the union's, or the root's when it has none)
    root: str  # the --root argument, as the user types it: ALIAS=SCHEMA
    where: str
    members: int = 0
    objects: int = 0  # members that are objects: a union of fewer than two is no union of events
    member_names: list[str] = field(default_factory=list)
    told_apart_by: str = ""  # "'type'", "'type', then 'role'", "by shape", "the caller's 'webhook'"
    classes: int = 0  # classes the root reaches (objects and unions), its own included
    error: str = ""  # why generate refuses it, when it does
    caller_tag: str = ""  # the option to add when the tag likely travels outside the payload


@dataclass
class Survey:
    spec: str
    format: str
    title: str
    unions: list[Union]
    flows: list[tuple[str, str, list[str]]] = field(default_factory=list)  # AsyncAPI: direction, operation, messages


def document_catalog(options: Options) -> tuple[Resolver, str, Catalog]:
    """The spec's resolver and its catalog of named schemas (no roots asked for)."""
    document = parse_text(read_bytes(options.spec), options.spec)
    for path in options.overlays:
        apply_overlay(document, path)
    fmt, resolver = resolver_for(options, document)
    request = dataclasses.replace(options.request(), roots=())
    return resolver, fmt, read_catalog(fmt, resolver, request, Warnings())


def modelled(resolver: Resolver, fmt: str, options: Options, roots: list[RootRequest]) -> Model:
    """The model of ``roots``, as ``pipeline.model`` makes it, from the documents already read."""
    warnings = Warnings()
    chosen = dataclasses.replace(options, roots=roots, all_schemas=False)
    with located(options.spec):
        planned = plan(chosen, resolver, warnings, fmt)
        names = Namer(planned.definitions, tuple(planned.roots), planned.catalog.names).run()
    return Model(planned, names, [], warnings, resolver.document(""), fmt)


def survey(options: Options) -> Survey:
    try:
        resolver, fmt, catalog = document_catalog(options)
    except SpecError as exc:  # AsyncAPI: a message it cannot read stops its default roots
        return Survey(
            options.spec, "asyncapi", "", [Union("", "incoming=incoming", "the default roots", error=str(exc))]
        )
    found = candidates(resolver, catalog)
    aliases = unique_aliases([alias_of(resolver, catalog, c) for c in found])
    requests = [RootRequest(a, c.root, True, c.caller_tag) for a, c in zip(aliases, found, strict=True)]
    unions = [Union("", root_text(a, c.root), c.where) for a, c in zip(aliases, found, strict=True)]
    try:
        read(modelled(resolver, fmt, options, requests), unions, range(len(found)))
    except SpecError:  # some root cannot be generated: plan each alone, to know which and why
        for index, request in enumerate(requests):
            try:
                read(modelled(resolver, fmt, options, [request]), unions, [index])
            except SpecError as exc:
                unions[index].error = str(exc)
    kept = [u for u in unions if u.error or u.objects >= 2 or u.told_apart_by.startswith("the caller")]
    kept += [u for u in unions if u not in kept and u.root.split("=", 1)[1] in ("incoming", "outgoing")]
    kept.sort(key=unions.index)
    flows = message_flows(resolver, options) if catalog.format == "asyncapi" else []
    flows.sort(key=lambda flow: flow[0] != "incoming")
    return Survey(options.spec, catalog.format, catalog.title, kept, flows)


def read(m: Model, unions: list[Union], indexes: range | list[int]) -> None:
    """Fill in ``unions[i]`` from the i-th root of ``m`` (of the one root, when planned alone)."""
    definitions = m.definitions
    shapes = Unions(definitions, Warnings())
    for position, index in enumerate(indexes):
        root = m.roots[position]
        found = unions[index]
        location = m.plan.catalog.roots[position].location
        direction = found.root.split("=", 1)[1] in ("incoming", "outgoing", "webhooks")
        found.name = camel(root.alias) if direction else m.plan.catalog.names.get(location) or m.names[root.key]
        found.classes = len(reach(definitions, root.key))
        if root.caller_tag:
            found.members = len(root.caller_tag.table)
            found.member_names = [m.names[key] for _, key in root.caller_tag.table]
            found.told_apart_by = f"the caller's {root.caller_tag.argument!r}"
            continue
        d = definitions[root.key]
        if not isinstance(d, ir.UnionDef):
            found.members = 1
            found.member_names = [m.names[root.key]]
            continue
        terminals = shapes.terminals(d.union, (root.key,))
        found.members = len(terminals)
        found.objects = len(shapes.objects(d))
        found.member_names = [m.names[t.key] if isinstance(t, ir.Ref) else plain(t) for t in terminals]
        found.told_apart_by = told_apart(d.dispatch) if d.dispatch else "by shape"
        if not d.dispatch and caller_tag_likely(m, d):
            found.caller_tag = f"--caller-tag {root.alias}=event"


def caller_tag_likely(m: Model, union: ir.UnionDef) -> bool:
    """Alternatives told apart by nothing in the payload, each named, some unions of their own (GitHub's
    ``issues_event``...): the event's name travels beside it, and values derive from the names."""
    keys = [v.key for v in union.union.variants if isinstance(v, ir.Ref)]
    if len(keys) < 2 or len(keys) != len(union.union.variants):
        return False
    if not all(k in m.plan.catalog.names for k in keys):
        return False
    if not any(isinstance(m.definitions.get(k), ir.UnionDef) for k in keys):
        return False
    values = tag_values([m.plan.catalog.names[k] for k in keys])
    return all(values) and len(set(values)) == len(values)


def plain(t: ir.Type) -> str:
    """A member that is no class, as the listing names it."""
    match t:
        case ir.Primitive(kind=kind) | ir.Enum(kind=kind):
            return kind
        case ir.Array():
            return "array"
        case ir.Map():
            return "map"
        case _:
            return "value"


def told_apart(branch: ir.Branch) -> str:
    """``'type'``, or ``'type', then 'role'`` where a second key splits a shared value."""
    later = [t for _, t in branch.table if isinstance(t, ir.Branch)]
    text = repr(branch.property)
    if later:
        text += ", then " + told_apart(later[0])
    return text


def reach(definitions: dict[str, ir.Definition], key: str) -> set[str]:
    """The objects and unions a root's parser can build: its classes."""
    seen, pending = {key}, [key]
    while pending:
        for nxt in successors(definitions, pending.pop()):
            if nxt not in seen and nxt in definitions:
                seen.add(nxt)
                pending.append(nxt)
    return {k for k in seen if not isinstance(definitions[k], ir.AliasDef)}


def alias_of(resolver: Resolver, catalog: Catalog, candidate: Candidate) -> str:
    """The alias suggested for a root: its class name in snake case (``StreamEvent`` -> ``stream_event``)."""
    if candidate.root in ("incoming", "outgoing", "webhooks"):
        return {"webhooks": "webhook"}.get(candidate.root, candidate.root)
    if candidate.root in catalog.schemas:
        return snake(camel(candidate.root)) or "event"
    if candidate.root == "#":
        return snake(camel(catalog.title)) or "event"
    name = holder_name(resolver, candidate.root)
    return snake(name) if name else "event"


def unique_aliases(aliases: list[str]) -> list[str]:
    result: list[str] = []
    for alias in aliases:
        alias = alias if alias.isidentifier() else "event"
        chosen, count = alias, 2
        while chosen in result:
            chosen, count = f"{alias}_{count}", count + 1
        result.append(chosen)
    return result


def root_text(alias: str, root: str) -> str:
    return f"{alias}={root}"


def message_flows(resolver: Resolver, options: Options) -> list[tuple[str, str, list[str]]]:
    """AsyncAPI: each operation with its direction (as the program sees it) and its messages."""
    document = resolver.document("")
    version = int(str(mapping(document).get("asyncapi", "2")).split(".")[0] or 2)
    operations = operations_v3(resolver, document) if version >= 3 else operations_v2(resolver, document)
    flows = []
    for operation in operations:
        for direction in ("incoming", "outgoing"):
            application_sends = (direction == "incoming") == (options.side != "server")
            names = [message.name for message, sends in operation.uses if sends == application_sends]
            if names:
                channels = ", ".join(sorted(operation.channels))
                flows.append((direction, f"{operation.label} (channel {channels})", names))
    return flows
