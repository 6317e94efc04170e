"""The article-page text reader, on the seed page and hand-checked page fixtures."""
from __future__ import annotations

import json

import pytest
from conftest import PAGES, SEED, shared

from citetool import api


def test_seed_copy_is_the_shared_seed():
    assert SEED.read_bytes() == shared("seeds", "000_7f6c6ca7b9b9d7d9.txt").read_bytes()


def test_seed_record():
    [item] = api.load([SEED]).items
    assert item["id"] == "hoefinger2020community"
    assert [a["family"] for a in item["author"]] == [
        "Hoefinger", "Musto", "Macioti", "Fehrenbacher", "Mai", "Bennachie", "Giametta"]
    assert item["author"][2]["given"] == "P. G."
    assert (item["container-title"], item["container-title-short"]) == (
        "Social Sciences", "Soc. Sci.")
    # The citation's year, not the 2019 online date; "1" is an article number, not a page.
    assert item["issued"] == {"date-parts": [[2020]]}
    assert (item["volume"], item["issue"], item["number"]) == ("9", "1", "1")
    assert "page" not in item
    assert item["available-date"] == {"date-parts": [[2019, 12, 23]]}
    assert item["custom"]["accepted"] == {"date-parts": [[2019, 12, 12]]}
    # The page lists its keywords twice, and the copy glues the two lists together.
    keywords = item["keyword"].split(", ")
    assert keywords[-2:] == ["migration", "transgender"] and len(set(keywords)) == 8
    assert item["abstract"].endswith("outcomes of system-involvement.")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_fixture_record(page):
    """Each fixture's record equals the one written by hand from the page (<name>.json)."""
    expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
    assert not api.load([page]).problems
    assert api.load([page]).items == expected


def test_text_without_cite_line_is_a_problem_not_a_crash():
    result = api.parse("Just some notes.\nNothing bibliographic here.\n", "notes.txt")
    assert result.items == []
    [problem] = result.problems
    assert str(problem).startswith("notes.txt:1: no MDPI cite line")
