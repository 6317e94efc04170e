"""Rules of citeproc-js found on bibliographies outside the dev corpus (issue #17), each
shown on a small case of ours."""
from __future__ import annotations

import pytest

from citetool import api


def _book(**fields: object) -> dict[str, object]:
    return {"id": "a", "type": "book", "title": "T", "publisher": "P",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            **fields}


@pytest.mark.parametrize("edition, expected", [
    ("2-е изд.", "(2nd-е изд. eds.)"),  # the number's part takes the ordinal, the rest as is
    ("2-e, 3", "(2nd-e, 3rd eds.)"),  # every whole number of the parts
    ("2 - е", "(2nd-е eds.)"),  # a hyphen closed up
    ("2e", "(2e ed.)"),  # one part: no whole number, as written
    ("12a-c", "(12a-c ed.)"),  # "12a-c" is one number ("p. 12a-c")
])
def test_the_parts_of_a_number_after_a_number_take_its_form_and_the_plural_label(
        edition, expected):
    """citeproc-js cuts a number variable at its joiners ("-", ", ", "&"); when the first
    part is a number, each part that is a whole number is printed in the cs:number's form
    and the label is plural, whatever the other parts hold."""
    assert expected in api.format_bibliography([_book(edition=edition)], "apa")


def test_a_volume_with_words_after_its_number_takes_the_plural_label():
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "volume": "10, Issue 3"}
    assert "J, vols. 10, Issue 3, 2000." in api.format_bibliography(
        [item], "modern-language-association")


@pytest.mark.parametrize("style, page, expected", [
    ("apa", "25-1 - 25-26", "25-1-25–26"),  # a chapter's page "25-1" to its "25-26"
    ("elsevier-vancouver", "25-1-25-26", "25-1-25–6"),  # its minimal format
    ("apa", "1-2, 5-6-7", "1–2, 5-6–7"),  # each part of a list
    ("apa", "S1-2-S3", "S1-2-S3"),  # the last two pages have different prefixes: no range
])
def test_three_pages_joined_by_hyphens_are_a_range_of_the_last_two(style, page, expected):
    """citeproc-js reads a page of three or more numbers joined by hyphens as a range of
    the last two: the hyphens before them are closed up and kept, the last one is the
    style's range ("25-1 - 25-26" was printed as written)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "page": page}
    assert expected + "." in api.format_bibliography([item], style)

