"""BibTeX output read back by biber, the reader biblatex users rely on: the same names and
fields as bibtexparser reads. Skipped where biber is not installed (Debian: apt-get install biber).

Both sides' LaTeX is turned into text by ``latex.decode``: biber keeps escapes such as ``\\&``.
biber's BibLaTeXML output has no ``keywords``, and it drops fields outside its data model
(the unknown fields we keep under ``custom``), so those two are not compared.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from conftest import FIXTURES, PAGES, ROOT

from citetool import api, latex
from citetool.readers.bibtex import NAME_FIELDS, _names

pytestmark = pytest.mark.skipif(not shutil.which("biber"), reason="biber is not installed")

_NS = "{http://biblatex-biber.sourceforge.net/biblatexml}"
#: BibTeX field → the field biber reads it into (its aliases for legacy names).
BIBER_FIELDS = {"journal": "journaltitle", "address": "location", "school": "institution"}
_NOT_COMPARED = {"keywords", "year", "month", "date", "urldate"}  # dates: see _dates
_LISTS = {"publisher", "location", "institution", "language"}
INPUTS = sorted([*(FIXTURES / "bibtex").glob("*.bib"), *(FIXTURES / "ris").glob("*.ris"),
                 *PAGES, ROOT / "examples" / "refs.bib"])


def biber_entries(bibtex: str, folder: Path) -> dict[str, dict]:
    """biber's reading of ``bibtex``: per citekey, its fields as text and its names as parts."""
    from lxml import etree

    (folder / "out.bib").write_text(bibtex, encoding="utf-8")
    run = subprocess.run(["biber", "--tool", "--output-format=biblatexml",
                          "--output-file=out.xml", "out.bib"], cwd=folder, capture_output=True,
                         text=True, timeout=600, check=False)
    errors = [line for line in run.stdout.splitlines() if line.startswith("ERROR")]
    assert run.returncode == 0 and not errors, errors or run.stdout[-2000:]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(str(folder / "out.xml"), parser).getroot()
    return {entry.get("id"): _fields(entry) for entry in root.iter(_NS + "entry")}


def _fields(entry) -> dict:
    fields: dict = {}
    for element in entry:
        tag = element.tag.removeprefix(_NS)
        if tag == "names":
            fields[element.get("type")] = [_name(name) for name in element]
        elif tag == "date":
            fields["urldate" if element.get("type") == "url" else "date"] = element.text
        elif tag == "pages":
            fields[tag] = ",".join("--".join(filter(None, (
                item.findtext(_NS + "start"), item.findtext(_NS + "end")))) or item.text
                for item in element.iter(_NS + "item"))
        elif tag in _LISTS:
            fields[tag] = " and ".join(item.text for item in element.iter(_NS + "item"))
        else:
            fields[tag] = element.text
    return fields


def _name(name) -> dict[str, str]:
    parts = {}
    for part in name:
        words = [part.text] if part.text and part.text.strip() else \
            [word.text for word in part]
        parts[part.get("type")] = latex.decode(" ".join(words))
    return parts


def _dates(fields: dict[str, str]) -> dict[str, str]:
    """BibTeX's year and month, or BibLaTeX's date, as the ISO date biber makes of them."""
    dates = {}
    if fields.get("date"):
        dates["date"] = fields["date"]
    elif fields.get("year", "").isdigit():
        month = fields.get("month", "")
        dates["date"] = fields["year"] + (f"-{int(month):02d}" if month.isdigit() else "")
    if fields.get("urldate"):
        dates["urldate"] = fields["urldate"]
    return dates


def differences(bibtex: str, theirs: dict[str, dict]) -> list[str]:
    """Where biber read ``bibtex`` (``theirs``, from biber_entries) otherwise than bibtexparser
    and citetool's name splitting: one line per field that differs."""
    ours = bibtexparser.parse_string(bibtex)
    assert not ours.failed_blocks
    found = []
    for entry in ours.entries:
        fields = {field.key: field.value for field in entry.fields}
        biber = theirs.get(entry.key)
        if biber is None:
            found.append(f"{entry.key}: not read by biber")
            continue
        expected = {BIBER_FIELDS.get(key, key): latex.decode(value)
                    for key, value in fields.items()
                    if key not in _NOT_COMPARED and key not in NAME_FIELDS}
        expected |= _dates(fields)
        expected |= {key: [{"family" if part == "literal" else part: value
                            for part, value in name.items()} for name in _names(fields[key])]
                     for key in NAME_FIELDS if key in fields}
        for key, value in expected.items():
            if key not in biber:
                if key in _BIBER_MODEL:
                    found.append(f"{entry.key}: {key}: not read by biber")
                continue
            got = biber[key]
            if key in NAME_FIELDS:
                got = [{"non-dropping-particle" if part == "prefix" else part: text
                        for part, text in name.items()} for name in got]
            elif key == "pages":  # biber reads a hyphen as a range too
                got, value = (re.sub(r"\s*[-–]+\s*", "-", latex.decode(pages))
                              for pages in (got, value))
            else:
                got = latex.decode(got)
            if got != value:
                found.append(f"{entry.key}: {key}: biber {got!r}, citetool {value!r}")
    return found


#: The fields biber's data model has for every entry type we write (others it may drop).
_BIBER_MODEL = {"author", "editor", "translator", "title", "journaltitle", "booktitle",
                "volume", "number", "pages", "doi", "url", "date", "publisher", "location",
                "isbn", "issn", "edition", "note", "abstract", "series", "institution"}


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_biber_reads_our_bibtex_as_we_do(tmp_path, ascii):
    items = api.load(INPUTS).items
    bibtex = api.convert(items, "bibtex", ascii=ascii)
    read = biber_entries(bibtex, tmp_path)
    assert differences(bibtex, read) == []
    assert len(read) == len(items)


def test_unpaired_braces_and_control_characters_are_written_so_that_biber_reads_them(tmp_path):
    """A lone "}" escaped as ``\\}`` would end the field for BibTeX and biber; a control
    character (abstracts copied from PDFs have them: "e\\x0eective") makes biber stop."""
    items = [{"id": "a", "type": "book", "title": "Sets } and { more", "publisher": "X}",
              "author": [{"family": "Mausam}"}], "abstract": "An e\x0eective \x19way"}]
    bibtex = api.convert(items, "bibtex")
    read = biber_entries(bibtex, tmp_path)
    assert differences(bibtex, read) == []
    assert read["a"]["abstract"] == "An eective way"
    assert api.parse(bibtex, "a.bib").items == [items[0] | {"abstract": "An eective way"}]
