"""The official JSON Schema Test Suite, run through eventgen: every case's schema becomes a root of a
generated package, and a strict parse of each test's data must accept it exactly when the suite
says it is valid.

Which tests apply is decided with the reference validator (``jsonschema``): a test applies when
eventgen's documented readings of JSON Schema do not change its verdict. Each reading is a
transformation of the schema (or of what counts as an integer); a test whose verdict one of them
changes is skipped with that reading as its reason, never counted as passed. Keyword files whose
keyword eventgen does not turn into a check are skipped whole ("annotation only").

    .venv/bin/python tests/jsonschema_suite.py          # prints the table the README shows
"""

from __future__ import annotations

import contextlib
import copy
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_specifications
import referencing
import referencing.jsonschema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from conftest import import_fresh  # noqa: E402

from generator import keywords  # noqa: E402
from generator.errors import SpecError  # noqa: E402
from generator.frontends.catalog import RootRequest  # noqa: E402
from generator.pipeline import Options, generate  # noqa: E402
from generator.write import write_package  # noqa: E402

SUITE = ROOT.parent / "shared" / "jsonschema-test-suite"
DRAFTS = {"draft4": "4", "draft6": "6", "draft7": "7", "draft2019-09": "2019-09", "draft2020-12": "2020-12"}
REMOTE = "http://localhost:1234/"
REFERENCES = ("ref", "refRemote", "defs", "definitions", "anchor", "id", "infinite-loop-detection")
CHECKED = (  # keywords eventgen turns into checks (a strict parse)
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "allOf",
    "items",
    "prefixItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "boolean_schema",
    "default",
)
VALIDATION_ONLY = keywords.VALIDATION_ONLY | {"format"}  # format: an annotation, to eventgen
LIMITS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
)
OBJECT_KEYWORDS = ("properties", "additionalProperties", "required")
SINGLE = (
    "items",
    "additionalItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")


# -- eventgen's readings, as transformations of a schema ---------------------------------------------


def subschemas(node: Any) -> Iterator[Any]:
    if not isinstance(node, dict):
        return
    for key in SINGLE:
        if isinstance(node.get(key), (dict, bool)):
            yield node[key]
    for key in LISTS:
        if isinstance(node.get(key), list):
            yield from node[key]
    for key in MAPS:
        if isinstance(node.get(key), dict):
            yield from (v for v in node[key].values() if isinstance(v, (dict, bool)))


def walk(schema: Any, change: Callable[[dict[str, Any]], None]) -> Any:
    """A copy of ``schema`` with ``change`` applied to every subschema object."""
    copied = copy.deepcopy(schema)
    pending = [copied]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            change(node)
            pending.extend(subschemas(node))
    return copied


def untyped(node: dict[str, Any]) -> None:
    """No ``type``: object keywords make an object, ``items`` an array, and limits go unread."""
    if "type" in node or "$ref" in node or any(k in node for k in ("enum", "const", "anyOf", "oneOf", "allOf")):
        return
    if any(k in node for k in OBJECT_KEYWORDS):
        node["type"] = "object"
    elif "items" in node:
        node["type"] = "array"
    else:
        for key in LIMITS:
            node.pop(key, None)


def annotation_only(node: dict[str, Any]) -> None:
    for key in VALIDATION_ONLY:
        node.pop(key, None)


def one_of_as_any_of(node: dict[str, Any]) -> None:
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf") + node.pop("anyOf", [])


def typed_extras_unread(node: dict[str, Any]) -> None:
    if "properties" in node and isinstance(node.get("additionalProperties"), dict):
        del node["additionalProperties"]


def tuples_unread(node: dict[str, Any]) -> None:
    if isinstance(node.get("items"), list) or "prefixItems" in node:
        for key in ("items", "prefixItems", "additionalItems"):
            node.pop(key, None)


def static_refs(node: dict[str, Any]) -> None:
    for key in ("$dynamicRef", "$recursiveRef"):
        if key in node:
            node["$ref"] = node.pop(key)
    if "$dynamicAnchor" in node:  # a plain anchor: found where it is written, not in the dynamic scope
        node["$anchor"] = node.pop("$dynamicAnchor")
    node.pop("$recursiveAnchor", None)


def merged_all_of(node: dict[str, Any]) -> None:
    """allOf members are merged into one object: additionalProperties beside them sees their properties."""
    if isinstance(node.get("allOf"), list) and ("additionalProperties" in node or "properties" in node):
        for member in node["allOf"]:
            if isinstance(member, dict) and isinstance(member.get("properties"), dict):
                for name, schema in member["properties"].items():
                    node.setdefault("properties", {}).setdefault(name, schema)


def exact_numbers(node: dict[str, Any]) -> None:
    """An enum of integers takes no 1.0: what the values are, not only what they equal."""
    values = node.get("enum", [node["const"]] if "const" in node else None)
    if isinstance(values, list) and values and all(type(v) is int for v in values) and "type" not in node:
        node["type"] = "integer"


READINGS: dict[str, Callable[[dict[str, Any]], None] | None] = {
    "a schema without type that uses object keywords is an object (and limits need a type)": untyped,
    "annotation only (not, if/then/else, contains, dependencies, uniqueItems, multipleOf, format...)": (
        annotation_only
    ),
    "oneOf is read as anyOf: the first alternative that fits is taken": one_of_as_any_of,
    "extra properties beside declared ones are kept as decoded (typed additionalProperties unread)": (
        typed_extras_unread
    ),
    "tuples (items as a list, prefixItems) are read as arrays of anything": tuples_unread,
    "$dynamicRef and $recursiveRef are resolved statically, like $ref": static_refs,
    "1.0 is a number, not an integer (exact round trip keeps JSON types)": exact_numbers,
    "allOf members are merged into one object (additionalProperties sees their properties)": merged_all_of,
}


def integers_are_ints(checker: Any, instance: Any) -> bool:
    return type(instance) is int


@dataclass
class Verdicts:
    """The reference validator, for one draft, with the suite's remote documents."""

    draft: str
    registry: referencing.Registry[Any]
    cache: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def valid(self, schema: Any, data: Any, readings: tuple[str, ...]) -> bool:
        for name in readings:
            change = READINGS[name]
            if change is not None and not isinstance(schema, bool):
                schema = walk(schema, change)
        cls = jsonschema.validators.validator_for(schema, default=DEFAULT[self.draft])
        if any(name.startswith("1.0") for name in readings):
            checker = cls.TYPE_CHECKER.redefine("integer", integers_are_ints)
            cls = jsonschema.validators.extend(cls, type_checker=checker)
        registry = self.registry
        if readings:
            registry = remote_registry(self.draft, readings)
        return bool(cls(schema, registry=registry).is_valid(data))


DEFAULT = {
    "4": jsonschema.Draft4Validator,
    "6": jsonschema.Draft6Validator,
    "7": jsonschema.Draft7Validator,
    "2019-09": jsonschema.Draft201909Validator,
    "2020-12": jsonschema.Draft202012Validator,
}
SPECIFICATIONS = {
    "4": referencing.jsonschema.DRAFT4,
    "6": referencing.jsonschema.DRAFT6,
    "7": referencing.jsonschema.DRAFT7,
    "2019-09": referencing.jsonschema.DRAFT201909,
    "2020-12": referencing.jsonschema.DRAFT202012,
}
_REMOTES: dict[tuple[str, tuple[str, ...]], referencing.Registry[Any]] = {}


def remote_registry(draft: str, readings: tuple[str, ...] = ()) -> referencing.Registry[Any]:
    """The suite's remotes/ as the validator finds them at http://localhost:1234/, read as eventgen reads."""
    key = (draft, readings)
    if key not in _REMOTES:
        resources = []
        folder = f"draft{draft}"
        for path in sorted((SUITE / "remotes").rglob("*.json")):
            relative = path.relative_to(SUITE / "remotes").parts
            if relative[0].startswith("draft") and relative[0] != folder:
                continue  # another draft's documents
            contents = json.loads(path.read_text())
            for name in readings:
                change = READINGS[name]
                if change is not None and not isinstance(contents, bool):
                    contents = walk(contents, change)
            uri = REMOTE + path.relative_to(SUITE / "remotes").as_posix()
            spec = SPECIFICATIONS[draft] if isinstance(contents, dict) else referencing.Specification.OPAQUE
            resource = referencing.Resource.from_contents(contents, spec)
            try:
                referencing.Registry().with_resource(uri, resource).crawl()
            except TypeError:  # boolean schemas inside, which this draft does not have: not one of its documents
                continue
            resources.append((uri, resource))
        if readings:  # the drafts' metaschemas, read the same way
            for uri in jsonschema_specifications.REGISTRY:
                contents = jsonschema_specifications.REGISTRY[uri].contents
                for name in readings:
                    change = READINGS[name]
                    if change is not None:
                        contents = walk(contents, change)
                resources.append((uri, referencing.Resource.from_contents(contents, SPECIFICATIONS[draft])))
        registry = referencing.Registry().with_resources(resources)
        with contextlib.suppress(TypeError):  # a draft-4 reading of a document with boolean schemas
            registry = registry.crawl()  # anchors known ahead, so that these metaschemas win over the validator's
        _REMOTES[key] = registry
    return _REMOTES[key]


# -- running a keyword file through eventgen -------------------------------------------------------------


@dataclass
class Outcome:
    draft: str
    keyword: str
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def applicable(self) -> int:
        return self.passed + len(self.failed)


def classify(verdicts: Verdicts, schema: Any, data: Any, valid: bool) -> str | None:
    """None when the test applies; else the reading that changes its verdict."""
    try:
        verdicts.valid(schema, data, ())
    except Exception as error:  # the reference validator itself cannot evaluate the case
        return f"the reference validator cannot evaluate it here ({type(error).__name__}: {str(error)[:40]})"
    every = tuple(READINGS)
    try:
        if verdicts.valid(schema, data, every) == valid:
            return None
    except Exception:  # a $ref into a keyword a reading removes (if, then, else, not...)
        return "a $ref points into a keyword eventgen does not check"
    for name in every:
        try:
            if verdicts.valid(schema, data, (name,)) != valid:
                return name
        except Exception:
            return "a $ref points into a keyword eventgen does not check"
    return "several of eventgen's readings together"


def generate_cases(directory: Path, draft: str, cases: dict[int, Any]) -> tuple[Any, dict[int, str]]:
    """A package with one strict root per case (``c<N>``), leaving out the cases eventgen stops on."""
    stopped: dict[int, str] = {}
    main = directory / "main.json"
    main.write_text(json.dumps({"$defs": {}}))
    remaining = dict(cases)
    while remaining:
        roots = [RootRequest(f"c{n}", f"case{n}.json#", False) for n in remaining]
        options = Options(
            str(main),
            directory.name,
            roots,
            formatter="none",
            format="jsonschema",
            draft=draft,
            ref_bases=((REMOTE, str(SUITE / "remotes")),),
        )
        try:
            files = generate(options).files
        except SpecError as error:
            culprit = next((n for n in remaining if f"case{n}.json" in str(error)), None)
            if culprit is None:
                raise
            stopped[culprit] = str(error).splitlines()[0].split(": ", 1)[-1]
            del remaining[culprit]
            continue
        write_package(files, str(directory / "pkg" / directory.name))
        return import_fresh(directory / "pkg", directory.name), stopped
    return None, stopped


def run_keyword(draft_dir: str, keyword: str, work: Path) -> Outcome:
    draft = DRAFTS[draft_dir]
    outcome = Outcome(draft_dir, keyword)
    cases = json.loads((SUITE / "tests" / draft_dir / f"{keyword}.json").read_text())
    if keyword not in CHECKED and keyword not in REFERENCES:
        outcome.skipped["annotation only: eventgen does not check this keyword"] += sum(len(c["tests"]) for c in cases)
        return outcome
    directory = work / f"suite_{draft_dir.replace('-', '_')}_{keyword.replace('-', '_')}"
    directory.mkdir(parents=True)
    for number, case in enumerate(cases):
        (directory / f"case{number}.json").write_text(json.dumps(case["schema"]))
    package, stopped = generate_cases(directory, draft, dict(enumerate(cases)))
    verdicts = Verdicts(draft, remote_registry(draft))
    for number, case in enumerate(cases):
        for test in case["tests"]:
            reason = classify(verdicts, case["schema"], test["data"], test["valid"])
            if reason is not None:
                outcome.skipped[reason] += 1
                continue
            if number in stopped:
                outcome.failed.append(f"case {number} ({case['description']}): eventgen stops: {stopped[number]}")
                continue
            parse = getattr(package, f"parse_c{number}")
            try:
                parse(json.dumps(test["data"]))
                accepted = True
            except package.ValidationError:
                accepted = False
            if accepted == test["valid"]:
                outcome.passed += 1
            else:
                verb = "accepts" if accepted else "rejects"
                outcome.failed.append(
                    f"case {number} ({case['description']}) / {test['description']}: eventgen {verb} "
                    f"{json.dumps(test['data'])[:80]}"
                )
    return outcome


def keywords(draft_dir: str) -> list[str]:
    return sorted(path.stem for path in (SUITE / "tests" / draft_dir).glob("*.json"))


def run_draft(draft_dir: str, work: Path) -> list[Outcome]:
    return [run_keyword(draft_dir, keyword, work) for keyword in keywords(draft_dir)]


def table(outcomes: list[Outcome]) -> str:
    """The README table: per keyword file, tests passed / applicable, per draft; then the skips."""
    drafts = list(DRAFTS)
    by = {(o.draft, o.keyword): o for o in outcomes}
    names = sorted({o.keyword for o in outcomes if o.keyword in CHECKED or o.keyword in REFERENCES})
    lines = ["| keyword | " + " | ".join(d.removeprefix("draft") for d in drafts) + " |"]
    lines.append("| --- |" + " --- |" * len(drafts))
    for name in names:
        cells = []
        for d in drafts:
            o = by.get((d, name))
            cells.append("" if o is None else f"{o.passed}/{o.applicable}" if o.applicable else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    passed = [sum(o.passed for o in outcomes if o.draft == d) for d in drafts]
    total = [sum(o.applicable for o in outcomes if o.draft == d) for d in drafts]
    skipped = [sum(sum(o.skipped.values()) for o in outcomes if o.draft == d) for d in drafts]
    cells = " | ".join(f"**{p}/{t}**" for p, t in zip(passed, total, strict=True))
    lines.append(f"| **all applicable** | {cells} |")
    lines.append("| skipped | " + " | ".join(str(s) for s in skipped) + " |")
    reasons: Counter[str] = Counter()
    for o in outcomes:
        reasons.update(o.skipped)
    lines += ["", "Skipped tests, by reason (all drafts):", ""]
    lines += [f"- {count}: {reason}" for reason, count in reasons.most_common()]
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="eventgen-suite-") as tmp:
        outcomes = [o for d in DRAFTS for o in run_draft(d, Path(tmp))]
    print(table(outcomes))
    failures = [f"{o.draft}/{o.keyword}: {f}" for o in outcomes for f in o.failed]
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
