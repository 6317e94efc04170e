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
                    "pages": (item.get("page") or "").replace("–", "--") or None,
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
