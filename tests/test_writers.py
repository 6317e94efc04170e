"""BibTeX and RIS output read back by bibtexparser and rispy, field by field."""
from __future__ import annotations

import re

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner
from conftest import FIXTURES, PAGES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from citetool import api
from citetool.cli import cli
from citetool.model import family_with_particle, year
from citetool.writers.bibtex import escape

PAGES = [SEED, *PAGES]
_latex = LatexNodes2Text()


def _items():
    return api.load(PAGES).items


def _names(item, variable="author"):
    return [f"{family_with_particle(n)}, {n['given']}" if n.get("given")
            else family_with_particle(n) for n in item.get(variable, [])]


def test_bibtex_reads_back_field_by_field():
    items = _items()
    library = bibtexparser.parse_string(api.convert(items, "bibtex"))
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == [item["id"] for item in items]
    for item, entry in zip(items, library.entries):
        fields = {key: _latex.latex_to_text(value) for key, value in entry.fields_dict.items()
                  for value in [entry[key]]}
        expected = {"title": item.get("title"), "journal": item.get("container-title"),
                    "year": str(year(item)), "volume": item.get("volume"),
                    "number": item.get("issue"), "eid": item.get("number"),
                    "pages": re.sub(r"\s*[-–]+\s*", "--", item.get("page") or "") or None,
                    "doi": item.get("DOI"), "url": item.get("URL"), "issn": item.get("ISSN"),
                    "abstract": item.get("abstract"), "keywords": item.get("keyword"),
                    "publisher": item.get("publisher")}
        for key, value in expected.items():
            if key == "pages" and value:
                assert entry["pages"] == value
            elif value:
                assert " ".join(fields[key].split()) == " ".join(value.split()), key
            else:
                assert key not in fields, key
        authors = [" ".join(_latex.latex_to_text(a).split())
                   for a in entry["author"].split(" and ")]
        assert authors == _names(item)


def test_ris_reads_back_field_by_field():
    items = _items()
    records = rispy.loads(api.convert(items, "ris"))
    assert len(records) == len(items)
    for item, record in zip(items, records):
        assert record["id"] == item["id"]
        assert record["type_of_reference"] == "JOUR"
        assert record["authors"] == _names(item)
        assert record["title"] == item["title"]
        assert record.get("secondary_title") == item.get("container-title")
        assert record.get("alternate_title1") == item.get("container-title-short")
        assert record["year"] == str(year(item))
        assert record.get("volume") == item.get("volume")
        assert record.get("number") == item.get("issue")
        first = (item.get("page") or item.get("number") or "").split("-")[0]
        assert record.get("start_page") == (first or None)
        assert record.get("doi") == item.get("DOI")
        assert record.get("keywords", []) == [k for k in item.get("keyword", "").split(", ") if k]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="^"),
               min_size=1).filter(str.strip))
def test_escaped_text_prints_as_it_reads(text):
    """Whatever a record says, LaTeX reads the escaped value back as the same text."""
    assert _latex.latex_to_text(escape(text)) == " ".join(text.split())


@pytest.mark.parametrize("to", ["bibtex", "ris", "csl-json", "csl-yaml"])
def test_text_variable_given_as_a_list_is_not_written(to):
    """A publisher the CSL-JSON gave as a list is kept as set (model.UnprintedText) but has no
    text: no writer writes it, and the CLI still reports it (exit 1)."""
    path = FIXTURES / "csl_json" / "publisher_given_as_list.json"
    result = CliRunner().invoke(cli, ["format", "--from", "csl-json", "--to", to, str(path)])
    assert result.exit_code == 1
    assert not re.search(r"publisher(?!-place)|PB  -|Rowman", result.stdout, re.IGNORECASE)
    assert "Ann Arbor, Michigan" in result.stdout
    assert result.stderr.count("\n") == 1 and "'publisher' is a list" in result.stderr


def test_ris_text_has_no_csl_json_markup():
    """BibTeX's case-protecting braces are CSL-JSON's nocase spans inside; RIS has no markup,
    so TI carries the words alone (it carried '<span class="nocase">DNA</span>')."""
    path = FIXTURES / "bibtex" / "latex_accents_and_case.bib"
    [record] = [r for r in rispy.loads(api.convert(api.load([path]).items, "ris"))
                if "DNA" in r.get("title", "")]
    assert record["title"] == "The role of DNA in van Gogh's 50% & more – a study"
    assert "<" not in api.convert(api.load([path]).items, "ris")


@pytest.mark.parametrize("path", [*sorted((FIXTURES / "ris").glob("*.ris")),
                                  *sorted((FIXTURES / "pages").glob("*.html"))],
                         ids=lambda path: path.name)
def test_bibtex_from_ris_and_html_has_month_macros_and_double_dashes(path):
    """BibTeX's styles print a month macro as the month's name and "--" as a range's dash; RIS
    and HTML pages give "5" and "123-130", which BibTeX printed as they were."""
    items = api.load([path]).items
    text = api.convert(items, "bibtex")
    library = bibtexparser.parse_string(text)
    entries = {entry.key: entry for entry in library.entries}
    checked = 0
    for item in items:
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        entry = entries[item["id"]]
        if len(parts) > 1:
            month = "jan feb mar apr may jun jul aug sep oct nov dec".split()[parts[1] - 1]
            assert re.search(rf"^  month = {month},?$", text, re.M)
            assert entry["month"] == month
            checked += 1
        if "-" in str(item.get("page", "")).replace("–", "-"):
            first, last = re.split(r"\s*[-–]+\s*", item["page"])
            assert entry["pages"] == f"{first}--{last}"
            checked += 1
    assert checked
    # and read back by our reader, the dates and pages are the ones written
    again = api.parse(text).items
    assert [(i.get("issued"), i.get("page")) for i in again] == [
        (i.get("issued"), (i.get("page") or "").replace("-", "–") or None) for i in items]
