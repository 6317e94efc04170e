"""MDPI's journals (from MDPI's LaTeX template): full name, ISO 4 abbreviation, DOI code, e-ISSN.

Article pages give only one of these (the abbreviation in the cite line, the code in the DOI);
styles need the others, so readers look the journal up here.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Journal:
    code: str
    name: str
    abbreviation: str
    doi_code: str
    eissn: str


@lru_cache(maxsize=1)
def _index() -> dict[str, Journal]:
    """Every journal under each of its keys: abbreviation, DOI code, URL code, name, e-ISSN."""
    index: dict[str, Journal] = {}
    text = resources.files("citetool").joinpath("data/mdpi-journals.tsv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        journal = Journal(row["code"], row["full_name"], row["iso4_abbreviation"],
                          row["doi_abbreviation"], row["eissn"])
        for key in (journal.eissn, journal.name, journal.code, journal.doi_code,
                    journal.abbreviation):
            if key:
                index[_key(key)] = journal
    return index


def _key(text: str) -> str:
    return " ".join(text.lower().replace(".", ". ").split())


def find(*keys: str | None) -> Journal | None:
    """The first journal that any of ``keys`` (abbreviation, DOI code, ISSN, name) names."""
    index = _index()
    for key in keys:
        if key and (journal := index.get(_key(key))):
            return journal
    return None
