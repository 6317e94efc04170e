"""A DOI field written as a URL or with a prefix becomes the bare DOI in the model (RIS, BibTeX,
HTML meta tags), so that styles, which print their own https://doi.org/, do not print it twice.
CSL-JSON is kept as given: citeproc-js prints such a DOI as it is (the corpus shows
``https://doi.org/http://dx.doi.org/10.1016/…``), and so do we."""
from __future__ import annotations

import json

import pytest

from citetool import api

DOI = "10.1038/171737a0"
WRITTEN = [f"https://doi.org/{DOI}", f"http://dx.doi.org/{DOI}", f"doi:{DOI}", f"DOI: {DOI}",
           DOI]
RECORDS = {
    "ris": "TY  - JOUR\nAU  - Watson, J. D.\nTI  - Molecular structure\nPY  - 1953\nDO  - {}\n"
           "ER  - \n",
    "bibtex": "@article{watson1953, author = {Watson, J. D.}, title = {Molecular structure},\n"
              " year = {1953}, doi = {{}}}\n",
    "html": '<html><head><meta name="citation_title" content="Molecular structure">'
            '<meta name="citation_author" content="Watson, J. D.">'
            '<meta name="citation_date" content="1953">'
            '<meta name="citation_doi" content="{}"></head></html>',
}


@pytest.mark.parametrize("written", WRITTEN)
@pytest.mark.parametrize("format", RECORDS)
def test_a_doi_field_is_read_bare(format, written):
    read = api.parse(RECORDS[format].replace("{}", written), f"x.{format}", format)
    assert read.problems == []
    assert read.items[0]["DOI"] == DOI
    entry = api.format_bibliography(read.items, "apa")
    assert entry.count("doi.org") == 1
    assert entry.rstrip().endswith(f"https://doi.org/{DOI}")


def test_a_doi_field_that_is_no_doi_is_kept_as_written():
    read = api.parse(RECORDS["ris"].replace("{}", "http://doi.acm.org/10.1145/945645.945657"),
                     "x.ris", "ris")
    assert read.items[0]["DOI"] == "http://doi.acm.org/10.1145/945645.945657"


def test_csl_json_keeps_its_doi_as_citeproc_js_does():
    item = {"id": "w", "type": "article-journal", "title": "T", "DOI": f"http://dx.doi.org/{DOI}"}
    read = api.parse(json.dumps([item]), "x.json", "csl-json")
    assert read.items[0]["DOI"] == f"http://dx.doi.org/{DOI}"
