"""The RIS reader on exports of Zotero, EndNote, Web of Science, PubMed and Mendeley
(each with a hand-written expected record list), and RIS → model → RIS → model."""
from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from citetool import api

EXPORTS = sorted((FIXTURES / "ris").glob("*.ris"))


@pytest.mark.parametrize("export", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_export_records(export):
    expected = json.loads(export.with_suffix(".json").read_text("utf-8"))
    result = api.load([export])
    assert result.problems == []
    got = [{k: v for k, v in item.items() if k != "id" or "id" in want}
           for item, want in zip(result.items, expected)]
    assert got == expected


@pytest.mark.parametrize("export", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_round_trip_keeps_every_field(export):
    items = api.load([export]).items
    again = api.parse(api.convert(items, "ris"), "again.ris").items
    assert again == items


def test_unterminated_and_empty_records():
    result = api.parse("TY  - JOUR\nTI  - Kept\nER  - \n\nTY  - BOOK\nTI  - Cut off\n", "x.ris")
    assert [item["title"] for item in result.items] == ["Kept"]
    assert [str(p) for p in result.problems] == [
        "x.ris:5: RIS record without a closing 'ER  -' line; it was skipped"]


def test_duplicate_ids_are_skipped_and_reported():
    text = "TY  - BOOK\nID  - k1\nTI  - First\nER  - \nTY  - BOOK\nID  - k1\nTI  - Again\nER  - \n"
    result = api.parse(text, "dup.ris")
    assert [item["title"] for item in result.items] == ["First"]
    assert [str(p) for p in result.problems] == [
        "dup.ris:5: entry 'k1': duplicate citekey: this entry was skipped, the first one with "
        "this key was kept"]
    assert api.convert(result.items, "bibtex").startswith("@book{k1,")


def test_superscript_digits_in_a_date_are_not_a_year():
    result = api.parse("TY  - JOUR\nTI  - T\nPY  - 2²04///\nER  - \n", "odd.ris")
    assert result.items[0]["title"] == "T" and "issued" not in result.items[0]


def test_a_control_character_beside_a_date_part_is_not_part_of_it():
    # str.strip takes "\x1f" as space, int() does not: the reader crashed on it
    result = api.parse("TY  - JOUR\nTI  - T\nY1  - 2019\x1f/05/14\nER  - \n", "odd.ris")
    assert result.items[0]["issued"] == {"date-parts": [[2019, 5, 14]]}
