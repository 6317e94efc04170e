"""Every page fixture and the seed in every output, against reviewed golden files.

For pages that carry MDPI's own citation box, the MDPI rendering must equal the page's line
(<name>.mdpi.txt), which MDPI's site wrote, not us.
"""
from __future__ import annotations

import pytest
from conftest import FIXTURES, PAGES, SEED

from citetool import api

PAGES = [SEED, *PAGES]
OUTPUTS = {"mdpi.txt": ("mdpi", "text"), "acs.txt": ("acs", "text"),
           "apa.txt": ("apa", "text"), "apa.html": ("apa", "html"),
           "bib": ("bibtex", None), "ris": ("ris", None), "json": ("csl-json", None)}


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden_output(page, output, golden):
    items = api.load([page]).items
    name, markup = OUTPUTS[output]
    text = api.format_bibliography(items, name, markup) if markup else api.convert(items, name)
    golden(f"{page.stem}.{output}", text)


@pytest.mark.parametrize("page", [p for p in PAGES if p.with_suffix(".mdpi.txt").exists()],
                         ids=lambda p: p.stem)
def test_mdpi_line_is_the_pages_own(page):
    expected = page.with_suffix(".mdpi.txt").read_text("utf-8").strip()
    assert api.format_bibliography(api.load([page]).items, "mdpi").strip() == expected


def test_html_output_escapes_record_text():
    page = FIXTURES / "pages" / "plos_highwire.html"
    items = api.load([page]).items
    assert "<script>" in items[0]["title"]
    for style in ("apa", "mdpi", "american-medical-association"):
        html = api.format_bibliography(items, style, "html")
        assert "<script>" not in html and "&lt;script&gt;" in html
