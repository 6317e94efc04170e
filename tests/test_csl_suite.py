"""The CSL processor test suite (../shared/csl-test-suite): every fixture we pass stays passed.

The fixtures we pass are listed in csl_suite_passing.txt (rewritten on purpose by
``python benchmarks/csl_suite.py --write-passing``); the full report is that script's.
"""
from __future__ import annotations

import pytest
from conftest import shared
from csl_suite import SUITE, compare, non_normative, passing_names, read, render, run


@pytest.mark.parametrize("name", passing_names())
def test_fixture_still_passes(name):
    path = shared("csl-test-suite", "humans", f"{name}.txt")
    outcome = run(path)
    assert outcome.status == "pass", outcome.reason


def test_passing_list_names_real_fixtures():
    shared("csl-test-suite", "humans")
    names = passing_names()
    assert names and all((SUITE / f"{name}.txt").exists() for name in names)


def test_non_normative_fixtures_are_suite_fixtures():
    shared("csl-test-suite", "NON-NORMATIVE.tsv")
    names = non_normative()
    assert len(names) == 15 and all((SUITE / f"{name}.txt").exists() for name in names)


def test_a_wrong_rendering_fails_with_the_first_differing_line():
    path = shared("csl-test-suite", "humans", "nameattr_EtAlMinOnStyleInBibliography.txt")
    sections = read(path)
    outcome = compare(path.stem, "<i>not this</i>", sections["RESULT"])
    assert outcome.status == "fail" and "not this" in outcome.reason


def test_entities_are_compared_in_one_spelling(tmp_path):
    path = shared("csl-test-suite", "humans", "bugreports_disambiguate.txt")
    sections = read(path)
    style = tmp_path / "style.csl"
    style.write_text(sections["CSL"], "utf-8")
    assert "&#38;" in sections["RESULT"] and "&amp;" in render(sections, style)
