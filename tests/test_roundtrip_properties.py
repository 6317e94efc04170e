"""model → BibTeX → model and model → RIS → model are identity on generated items.

Documented normalisation, which the generators respect: white space runs are one space and
values have no space at their ends; a one-word literal name reads back as a family name.
"""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from citetool import api

LETTERS = string.ascii_letters + "äöüÄÖÜéèçñłŁøØßåÅœæžšćĆıİ"
_word = st.text(LETTERS, min_size=1, max_size=10)
_lower_word = st.text(string.ascii_lowercase, min_size=1, max_size=6)


def _text(extra: str) -> st.SearchStrategy[str]:
    """Words and LaTeX-special characters, white space normalised as the readers do."""
    chars = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                          blacklist_characters="<>") | st.sampled_from(list(extra))
    return st.lists(st.text(chars, min_size=1, max_size=12), min_size=1, max_size=6).map(
        " ".join)


_name = st.fixed_dictionaries(
    {"family": _word.map(str.capitalize), "given": st.lists(_word, min_size=1, max_size=2)
     .map(lambda ws: " ".join(w.capitalize() for w in ws))},
    optional={"non-dropping-particle": st.sampled_from(["van", "van der", "de la", "von"])})
_date = st.tuples(st.integers(1000, 2100), st.integers(1, 12), st.integers(1, 28)).flatmap(
    lambda ymd: st.sampled_from([list(ymd[:1]), list(ymd[:2]), list(ymd)])).map(
    lambda parts: {"date-parts": [parts]})


def _items(types: list[str]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {"id": st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,15}", fullmatch=True),
         "type": st.sampled_from(types), "title": _text("&%$#_{}~^\\-`'"),
         "author": st.lists(_name, min_size=1, max_size=4)},
        optional={"container-title": _text("&%-"), "volume": st.from_regex(r"[1-9]\d{0,2}",
                                                                          fullmatch=True),
                  "issue": st.from_regex(r"[1-9]\d?", fullmatch=True), "issued": _date,
                  "DOI": st.from_regex(r"10\.\d{4}/[a-z0-9._-]{1,12}", fullmatch=True),
                  "publisher": _text("&"), "abstract": _text("%&$"),
                  "keyword": st.lists(_word, min_size=1, max_size=4, unique=True)
                  .map(", ".join)})


@settings(max_examples=200, deadline=None)
@given(st.lists(_items(["article-journal", "book", "chapter", "paper-conference", "report",
                        "thesis", "webpage", "article-newspaper", "manuscript"]),
                min_size=1, max_size=3, unique_by=lambda item: item["id"]))
def test_bibtex_round_trip(items):
    again = api.parse(api.convert(items, "bibtex"), "generated.bib").items
    assert again == [_as_bibtex_reads(item) for item in items]


@settings(max_examples=200, deadline=None)
@given(st.lists(_items(["article-journal", "book", "chapter", "paper-conference", "report",
                        "thesis", "webpage", "dataset"]),
                min_size=1, max_size=3, unique_by=lambda item: item["id"]))
def test_ris_round_trip(items):
    again = api.parse(api.convert(items, "ris"), "generated.ris").items
    assert again == items


def _as_bibtex_reads(item: dict) -> dict:
    """What BibTeX can say of an item: a thesis is a PhD thesis unless it says otherwise."""
    expected = dict(item)
    if item["type"] == "thesis":
        expected["genre"] = "PhD thesis"
    return expected
