"""citetool check: every check on a fixture written for it, checksums as properties."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from citetool import check
from citetool.cli import cli

CHECKS = FIXTURES / "check"


def run(*args, stdin=None):
    return CliRunner().invoke(cli, list(args), input=stdin)


@pytest.fixture
def in_checks(monkeypatch):
    monkeypatch.chdir(CHECKS)


def test_every_check_finds_its_case(in_checks, golden):
    result = run("check", "every_check.bib", "clean.bib", "other.json")
    assert result.exit_code == 1
    golden("check/every_check.txt", result.stdout)
    assert result.stderr == "citetool: 23 findings in 3 inputs\n"
    found = {line.rsplit("[", 1)[1].rstrip("]") for line in result.stdout.splitlines()}
    assert found == set(check.CHECKS)


def test_json_format_has_the_same_findings(in_checks):
    text = run("check", "every_check.bib", "clean.bib", "other.json").stdout
    result = run("check", "--format", "json", "every_check.bib", "clean.bib", "other.json")
    findings = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [f"{f['source']}:{f['line']}" for f in findings] == [
        line.split(": ", 1)[0] for line in text.splitlines()]
    assert set(findings[0]) == {"source", "line", "message", "citekey", "check"}


def test_a_clean_bibliography_has_no_findings_and_exit_0(in_checks):
    result = run("check", "clean.bib")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "citetool: 0 findings in 1 input\n")
    assert run("--quiet", "check", "clean.bib").stderr == ""


def test_stdin_and_unreadable_inputs(in_checks):
    result = run("check", "-", "missing.bib", stdin=(CHECKS / "clean.bib").read_bytes())
    assert result.exit_code == 1
    assert result.stdout == ("missing.bib: cannot read: No such file or directory "
                             "[unreadable]\n")


def test_the_year_check_knows_this_year():
    item = {"type": "article-journal", "title": "T", "author": [{"family": "A"}],
            "container-title": "J", "issued": {"date-parts": [[2027]]}}
    assert list(check._date_problems(item, 2026)) == []
    assert list(check._date_problems(item, 2025)) == ["year 2027 is in the future"]


@pytest.mark.parametrize("page, problem", [
    ("1234-56", None), ("1234--1256", None), ("12–15", None), ("e1234", None), ("S12-S15", None),
    ("xii-xv", None), ("7", None), ("300-200", "ends before it starts"),
    ("1234-33", "ends before it starts"), ("0-12", "has a page 0"),
])
def test_page_ranges(page, problem):
    found = check.page_problem(page)
    assert (found is None) if problem is None else problem in found


@pytest.mark.parametrize("doi, ok", [
    ("10.1000/xyz123", True), ("https://doi.org/10.3390/socsci9010001", True),
    ("doi:10.1002/(SICI)1097-4571", True), ("10.1000", False), ("xyz", False),
    ("10.1000/with space", False),
])
def test_doi_forms(doi, ok):
    assert (check.doi_problem(doi) is None) == ok


def _isbn13(digits: list[int]) -> str:
    total = sum((3 if i % 2 else 1) * d for i, d in enumerate(digits))
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _issn(digits: list[int]) -> str:
    total = sum((8 - i) * d for i, d in enumerate(digits))
    check_digit = (11 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check_digit == 10 else str(check_digit))
    return f"{text[:4]}-{text[4:]}"


digit_lists = st.lists(st.integers(0, 9), min_size=12, max_size=12)


@given(digit_lists, st.integers(0, 12), st.integers(1, 9))
def test_isbn13_checksum_catches_every_one_digit_typo(digits, position, change):
    isbn = _isbn13(digits)
    assert check.isbn_problems(f"{isbn[:3]}-{isbn[3:]} (pbk.)") == []
    typo = isbn[:position] + str((int(isbn[position]) + change) % 10) + isbn[position + 1:]
    assert check.isbn_problems(typo) == [f"ISBN {typo} fails its checksum (a typo?)"]


@given(st.lists(st.integers(0, 9), min_size=7, max_size=7), st.integers(0, 6),
       st.integers(1, 9))
def test_issn_checksum_catches_every_one_digit_typo(digits, position, change):
    issn = _issn(digits)
    assert check.issn_problems(f"{issn} (online)") == []
    wrong = digits[:position] + [(digits[position] + change) % 10] + digits[position + 1:]
    typo = _issn(wrong)[:-1] + issn[-1]
    assert check.issn_problems(typo) == [f"ISSN {typo} fails its checksum (a typo?)"]


def test_known_identifiers():
    assert check.isbn_problems("0-306-40615-2 978-0-306-40615-7") == []
    assert check.isbn_problems("080442957X") == []
    assert check.issn_problems("2049-3630, 0378-5955") == []


def test_what_format_would_print_silently_wrong_is_found(tmp_path):
    """An undefined @string, a crossref to no entry, a date that is no date, a year with a
    letter among its digits: format printed them as they were, and check found none (issue
    15). Defined strings, month names and a crossref that resolves are not findings."""
    path = tmp_path / "x.bib"
    path.write_text(
        "@string{jr = {Journal}}\n"
        "@book{p, title = {Proceedings}, publisher = {P}, year = 2000}\n"
        "@article{a, author = {A, B}, title = {T}, journal = jr # { of } # jnl,\n"
        "  year = {20x1}, month = jan, date = {2020-13-45}}\n"
        "@inproceedings{c, author = {A, B}, title = {U}, crossref = {nokey}, year = 2000}\n"
        "@inproceedings{d, author = {A, B}, title = {V}, crossref = {p}, year = 2000}\n")
    found = [(f.line, f.citekey, f.check, f.message.split(":")[0].split(" has")[0])
             for f in check.run([path]) if f.check != "missing-field"]
    assert found == [(3, "a", "undefined-string", "field 'journal'"),
                     (4, "a", "year", "year '20x1'"), (4, "a", "year", "field 'date'"),
                     (5, "c", "crossref", "crossref 'nokey' names no entry of this file")]
