"""The official JSON Schema Test Suite (../shared/jsonschema-test-suite), drafts 4 to 2020-12, through
generated parsers: every test that applies to eventgen passes, and the README shows these results."""

from __future__ import annotations

from pathlib import Path

import jsonschema_suite as suite
import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(
    not suite.SUITE.exists(),
    reason="../shared/jsonschema-test-suite is absent (a fresh clone has no ../shared); CI provides it",
)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[suite.Outcome]:
    work = tmp_path_factory.mktemp("suite")
    return [outcome for draft in suite.DRAFTS for outcome in suite.run_draft(draft, work)]


@pytest.mark.parametrize("draft", list(suite.DRAFTS))
def test_every_applicable_test_passes(outcomes: list[suite.Outcome], draft: str) -> None:
    mine = [o for o in outcomes if o.draft == draft]
    assert [f"{o.keyword}: {failure}" for o in mine for failure in o.failed] == []
    references = [o for o in mine if o.keyword in ("ref", "refRemote")]
    assert all(o.applicable > 10 for o in references)  # the $ref files are exercised, not skipped away


def test_the_readme_shows_these_results(outcomes: list[suite.Outcome]) -> None:
    readme = (ROOT / "README.md").read_text()
    assert suite.table(outcomes) in readme, "update the JSON Schema Test Suite table: python tests/jsonschema_suite.py"


def test_skips_have_reasons_and_the_checked_keywords_count(outcomes: list[suite.Outcome]) -> None:
    checked = [o for o in outcomes if o.keyword in suite.CHECKED]
    assert sum(o.applicable for o in checked) > 1500
    for outcome in outcomes:
        assert all(reason for reason in outcome.skipped), outcome
    annotation = [o for o in outcomes if o.keyword in ("not", "if-then-else", "uniqueItems")]
    assert annotation and all(o.applicable == 0 for o in annotation)


def test_remote_documents_resolve_through_a_local_mapping(tmp_path: Path) -> None:
    outcome = suite.run_keyword("draft2020-12", "refRemote", tmp_path)
    assert (outcome.passed, outcome.failed) == (31, [])
