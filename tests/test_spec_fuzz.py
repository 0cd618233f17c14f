"""Hostile specs: the spec fuzzer (tests/spec_fuzz.py; ``make fuzz-specs`` runs 10,000 cases) makes
the same cases on every run, tells each broken invariant apart, and a short run over every kind of
mutation finds nothing.

The short run (``test_a_short_run_over_every_mutation_finds_nothing``) uses the in-repo seeds only
and a fixed list of cases, so its result depends on the generator alone. It fails until the
defects of issue 17 are fixed; its failure lists each finding with its mutation and the
reproducer folder under build/spec-fuzz-findings."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import spec_fuzz
import yaml


@pytest.fixture(autouse=True)
def deep_writers() -> Any:
    """The fuzzer's writers recurse deeply; the limit is raised for these tests only, so that tests
    run after them in the same process see Python's own (their depth errors depend on it)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(spec_fuzz.WRITER_RECURSION)
    yield
    sys.setrecursionlimit(before)


@pytest.fixture(scope="module")
def seeds() -> list[spec_fuzz.Seed]:
    return spec_fuzz.all_seeds(shared=False)


def test_cases_are_the_same_on_every_run(seeds: list[spec_fuzz.Seed]) -> None:
    for number in range(40):
        first, again = (spec_fuzz.make_case(seeds, 7, number) for _ in range(2))
        assert (first.seed.name, first.labels, first.spec) == (again.seed.name, again.labels, again.spec)
    assert spec_fuzz.make_case(seeds, 7, 1).spec != spec_fuzz.make_case(seeds, 8, 1).spec


@pytest.mark.parametrize("family", [name for name, _, _ in spec_fuzz.MUTATIONS])
def test_every_mutation_applies_and_writes_a_spec(seeds: list[spec_fuzz.Seed], family: str) -> None:
    """Each kind of mutation finds a place in most seeds, and the text it writes is what it meant:
    a mapping YAML can read, unless the mutation damages the text itself on purpose."""
    labels = []
    for number in range(30):
        case = spec_fuzz.make_case(seeds, 3, number, only=family)
        labels += case.labels
        if family in ("keyword", "ref", "name", "schema-name", "discriminator", "version", "probe"):
            text = spec_fuzz.outside_refs(case.spec.decode("utf-8", "surrogatepass"), Path("/tmp/case"))
            loaded = json.loads(text) if case.suffix == ".json" else yaml.load(text, Loader=spec_fuzz.LOADER)
            assert isinstance(loaded, dict), case.labels
    assert all(label.startswith(family) or (family == "probe" and label.startswith("value")) for label in labels)
    assert sum(label.endswith(" none") for label in labels) < len(labels) / 3


def test_odd_values_are_written_as_yaml_that_reads_back_the_same() -> None:
    document = {
        "a": ["\x00", "\x85", "\x9f", "\u2028", "\ufeff", "\U0001f600", "é", 'q"', "\\"],
        "big": 10**400,
        "inf": [float("inf"), float("-inf")],
        "pairs": spec_fuzz.Pairs([("k", 1), ("k", 2), (1, "one"), (None, "null")]),
    }
    text = spec_fuzz.flow(document)
    loaded = yaml.load(text, Loader=spec_fuzz.LOADER)
    limit = sys.get_int_max_str_digits()
    assert loaded["a"] == document["a"]
    assert loaded["big"] == 10**400 and limit == sys.get_int_max_str_digits()
    assert loaded["inf"] == [float("inf"), float("-inf")]
    assert loaded["pairs"] == {"k": 2, 1: "one", None: "null"}  # the last duplicate wins in PyYAML


def fake_case(tmp_path: Path, seeds: list[spec_fuzz.Seed], monkeypatch: pytest.MonkeyPatch, script: str) -> Any:
    """Run a case of the ``recursive`` seed with ``script`` standing in for eventgen."""
    seed = next(s for s in seeds if s.name == "recursive")
    document = seed.document()
    ctx = spec_fuzz.Context(random.Random(0), seed, document, set(), [], expect=("maxLength",))
    case = spec_fuzz.Case(0, seed, ["keyword maxLength=-1"], json.dumps(document).encode(), ".json", ctx)

    def command(case: spec_fuzz.Case, case_dir: Path, out: Path, package: str) -> list[str]:
        return [sys.executable, "-c", script, str(case_dir), str(out), package]

    monkeypatch.setattr(spec_fuzz, "case_command", command)
    return spec_fuzz.run_case(case, tmp_path)


WRITE = "import sys, os; case, out, pkg = sys.argv[1:]; os.makedirs(f'{out}/{pkg}'); "


@pytest.mark.parametrize(
    ("script", "verdict", "kind"),
    [
        (
            "import sys; print('eventgen: error: ' + sys.argv[1] + '/tree/spec.json#/x: bad\\n  fix: mend it', "
            "file=sys.stderr); sys.exit(2)",
            "refused",
            "",
        ),
        (
            "import sys; print('eventgen: internal error (KeyError: x); this is a bug', file=sys.stderr); sys.exit(2)",
            "finding",
            "internal-error KeyError",
        ),
        ("import sys; print('eventgen: error: nope', file=sys.stderr); sys.exit(2)", "finding", "message-shape"),
        (
            "import sys; print('eventgen: error: /etc/hosts: bad\\n  fix: x', file=sys.stderr); sys.exit(2)",
            "finding",
            "message-file",
        ),
        (
            WRITE + "print('eventgen: error: ' + case + '/tree/spec.json: bad\\n  fix: x', file=sys.stderr); "
            "sys.exit(2)",
            "finding",
            "out-touched",
        ),
        ("import time; time.sleep(60)", "finding", "timeout"),
        ("x = bytearray(3 * 1024 ** 3)", "finding", "traceback"),  # MemoryError under the limit
        ("import sys; sys.exit(1)", "finding", "exit-1"),
        (WRITE + "open(f'{out}/{pkg}/__init__.py', 'w').write('def f(:\\n')", "finding", "compile"),
        (WRITE + "open(f'{out}/{pkg}/__init__.py', 'w').write('import nowhere_at_all\\n')", "finding", "import"),
        (WRITE + "open(f'{out}/{pkg}/__init__.py', 'w').write('import os\\n')", "finding", "ruff F401"),
        (WRITE + "open(f'{out}/{pkg}/__init__.py', 'w').write('X = 1\\n')", "finding", "silent"),
        (
            WRITE + "open(f'{out}/{pkg}/__init__.py', 'w').write('X = 1\\n'); "
            "print('warning: #/x: maxLength -1 is negative; ignored', file=sys.stderr)",
            "accepted",
            "",
        ),
    ],
)
def test_each_broken_invariant_is_its_own_finding(
    tmp_path: Path, seeds: list[spec_fuzz.Seed], monkeypatch: pytest.MonkeyPatch, script: str, verdict: str, kind: str
) -> None:
    """A stand-in for eventgen breaks one invariant at a time (a case whose mutation gave
    ``maxLength`` a wrong value: exit 0 needs a warning that names it)."""
    monkeypatch.setattr(spec_fuzz, "TIMEOUT", 2.0)
    outcome = fake_case(tmp_path, seeds, monkeypatch, script)
    assert outcome.verdict == verdict, outcome.detail
    assert outcome.kind.startswith(kind) and bool(outcome.kind) == bool(kind), outcome.kind


def test_a_short_run_over_every_mutation_finds_nothing(seeds: list[spec_fuzz.Seed]) -> None:
    """Three fixed cases of each kind of mutation over the in-repo seeds, one process. Fails on the
    generator before issue 17's fixes (each finding is listed, with its reproducer folder)."""
    summary = spec_fuzz.Summary()
    for family, _, _ in spec_fuzz.MUTATIONS:
        part = spec_fuzz.run(3, 20261204, 1, lambda line: None, shared=False, only=family, shrinking=False)
        summary.cases += part.cases
        for key, outcomes in part.findings.items():
            summary.findings.setdefault(key, []).extend(outcomes)
        summary.shown.update(part.shown)
    folder = spec_fuzz.FINDINGS / "short-run"
    spec_fuzz.save(summary, folder)
    found = [f"{kind} [{where}] on {o.seed}: {o.detail[:160]}" for (kind, where), o, _ in summary.smallest()]
    assert summary.cases == 3 * len(spec_fuzz.MUTATIONS)
    assert found == [], f"reproducers in {folder}"


def test_a_forked_run_answers_like_a_fresh_interpreter(seeds: list[spec_fuzz.Seed], tmp_path: Path) -> None:
    """The fuzzer forks eventgen from a process that imported it (three times faster); the answers
    are those of ``python -m generator``, the recursion limit included (a deep object is one case)."""
    deep = (spec_fuzz.make_case(seeds, 5, n, only="deep") for n in range(100))
    cases = [next(case for case in deep if case.labels == ["deep object 450"])]
    cases += [spec_fuzz.make_case(seeds, 5, 0, only=family) for family in ("keyword", "ref")]
    answers: dict[bool, list[tuple[str, str, str]]] = {}
    for fork in (True, False):
        spec_fuzz.FORK = fork
        try:
            outcomes = [spec_fuzz.run_case(case, tmp_path / f"{fork}{i}") for i, case in enumerate(cases)]
        finally:
            spec_fuzz.FORK = True
        answers[fork] = [(o.verdict, o.kind, re.sub(r"case\d+|/tmp/\S+| in [0-9.]+ s", "", o.stderr)) for o in outcomes]
    assert answers[True] == answers[False]
