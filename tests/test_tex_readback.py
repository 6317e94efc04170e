"""BibTeX output read back by BibTeX itself and by biber, the reader biblatex users rely on:
the same names and fields as bibtexparser and citetool read. Skipped where the program is not
installed (Debian: apt-get install biber texlive-binaries).

For biber, both sides' LaTeX is turned into text by ``latex.decode``: biber keeps escapes such
as ``\\&``. biber's BibLaTeXML output has no ``keywords``, and it drops fields outside its data
model (the unknown fields we keep under ``custom``), so those two are not compared.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from conftest import FIXTURES, PAGES, ROOT

from citetool import api, latex
from citetool.readers.bibtex import NAME_FIELDS, _names

needs_biber = pytest.mark.skipif(not shutil.which("biber"), reason="biber is not installed")
needs_bibtex = pytest.mark.skipif(not shutil.which("bibtex"), reason="bibtex is not installed")

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
        if tag == "names":  # a list cut short with "and others" is marked, as BibTeX names it
            fields[element.get("type")] = [_name(name) for name in element] + (
                [{"family": "others"}] if element.get("morenames") == "1" else [])
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


def _name_parts(raw: str) -> list[dict[str, str]]:
    """citetool's name parts of a BibTeX name list, a literal name as its family name (as
    BibTeX and biber give a braced name)."""
    return [{"family" if part == "literal" else part: value for part, value in name.items()}
            for name in _names(raw)]


def _dates(fields: dict[str, str]) -> dict[str, str]:
    """BibTeX's year and month, or BibLaTeX's date, as the ISO date biber makes of them."""
    dates = {}
    if fields.get("date"):
        dates["date"] = fields["date"]
    elif fields.get("year", "").isdigit():
        month = fields.get("month", "")
        month = str(list(MONTHS).index(month) + 1) if month in MONTHS else month
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
        expected |= {key: _name_parts(fields[key]) for key in NAME_FIELDS if key in fields}
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


@needs_biber
@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_biber_reads_our_bibtex_as_we_do(tmp_path, ascii):
    items = api.load(INPUTS).items
    bibtex = api.convert(items, "bibtex", ascii=ascii)
    read = biber_entries(bibtex, tmp_path)
    assert differences(bibtex, read) == []
    assert len(read) == len(items)


@needs_biber
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


# A style for BibTeX that prints each field as BibTeX read it, and each name as format.name$
# splits it into First, von, Last and Jr: "@@f=title=…", "@@n=author=First|von|Last|Jr".
#: BibTeX's month macros, which every standard style defines (plain.bst: MACRO {jan} {"January"}).
MONTHS = dict(zip(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                   "dec"), ("January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December")))
_DUMP_BST = "".join(f'MACRO {{{macro}}} {{"{name}"}}\n' for macro, name in MONTHS.items()) + """\
ENTRY { %(fields)s } {} {}
INTEGERS { n i }
STRINGS { s f }
FUNCTION {field.out}
{ 'f := duplicate$ empty$ 'pop$ { "@@f=" f * "=" * swap$ * write$ newline$ } if$ }
FUNCTION {names.out}
{ 'f := duplicate$ empty$ 'pop$
  { 's := s num.names$ 'n := #1 'i :=
    { i n #1 + < }
    { "@@n=" f * "=" * s i "{ff}|{vv}|{ll}|{jj}" format.name$ * write$ newline$
      i #1 + 'i := }
    while$ } if$ }
FUNCTION {default.type}
{ "@@entry=" cite$ * write$ newline$
  %(calls)s
}
READ
ITERATE {default.type}
"""


_BST_NAME = re.compile("[a-z][a-z0-9_]*")  # fields a .bst can name (not "date-added")


def bibtex_entries(bibtex: str, folder: Path) -> tuple[dict[str, dict], list[str]]:
    """BibTeX's own reading of ``bibtex``: per citekey, each field's text as BibTeX parsed it
    and each name list as BibTeX's name parts; and BibTeX's error messages."""
    keys = sorted({field.key for entry in bibtexparser.parse_string(bibtex).entries
                   for field in entry.fields if _BST_NAME.fullmatch(field.key)})
    calls = " ".join(f"{key} {key!r} {'names' if key in NAME_FIELDS else 'field'}.out"
                     .replace("'", '"') for key in keys)
    (folder / "dump.bst").write_text(_DUMP_BST % {"fields": " ".join(keys), "calls": calls})
    (folder / "out.bib").write_text(bibtex, encoding="utf-8")
    (folder / "out.aux").write_text("\\citation{*}\n\\bibstyle{dump}\n\\bibdata{out}\n")
    run = subprocess.run(["bibtex", "out"], cwd=folder, capture_output=True, text=True,
                         timeout=600, check=False, env={
                             "BSTINPUTS": ".", "BIBINPUTS": ".", "PATH": os.environ["PATH"],
                             # BibTeX's default 4,000 strings are too few for the corpus
                             "max_strings": "500000", "hash_extra": "500000"})
    log = (folder / "out.blg").read_text(encoding="utf-8", errors="replace")
    # BibTeX's errors end "---line N of file F" (warnings "--line"); 3 is a fatal error.
    assert run.returncode < 3, log
    errors = [line for line in log.splitlines() if "---line" in line]
    entries: dict[str, dict] = {}
    # BibTeX breaks lines over 79 characters at a space, and indents what follows by two.
    for line in (folder / "out.bbl").read_text(encoding="utf-8").replace("\n  ", " ").split("\n"):
        kind, _, rest = line.partition("=")
        if kind == "@@entry":
            fields = entries.setdefault(rest, {})
        elif kind in ("@@f", "@@n"):
            key, _, value = rest.partition("=")
            if kind == "@@f":
                fields[key] = value
            else:
                parts = dict(zip(("given", "non-dropping-particle", "family", "suffix"),
                                 (latex.decode(part) for part in value.split("|"))))
                fields.setdefault(key, []).append({k: v for k, v in parts.items() if v})
    return entries, errors


def bibtex_differences(bibtex: str, theirs: dict[str, dict]) -> list[str]:
    """Where BibTeX read ``bibtex`` (``theirs``, from bibtex_entries) otherwise than
    bibtexparser and citetool's name splitting, one line per field; citekeys that repeat
    another in all but case are left out (BibTeX keeps the first; `citetool check` says so)."""
    found, seen = [], set()
    for entry in bibtexparser.parse_string(bibtex).entries:
        if entry.key.casefold() in seen:
            continue
        seen.add(entry.key.casefold())
        if entry.key not in theirs:
            found.append(f"{entry.key}: not read by BibTeX")
            continue
        expected = {field.key: MONTHS.get(field.value) or " ".join(field.value.split())
                    for field in entry.fields if field.key not in NAME_FIELDS
                    and field.value.strip() and _BST_NAME.fullmatch(field.key)}
        expected |= {key: _name_parts(entry[key]) for key in NAME_FIELDS
                     if key in entry.fields_dict}
        found.extend(f"{entry.key}: {key}: BibTeX {theirs[entry.key].get(key)!r}, citetool "
                     f"{value!r}" for key, value in expected.items()
                     if theirs[entry.key].get(key) != value)
    return found


@needs_bibtex
@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_bibtex_reads_our_bibtex_as_we_do(tmp_path, ascii):
    items = api.load(INPUTS).items
    bibtex = api.convert(items, "bibtex", ascii=ascii)
    theirs, errors = bibtex_entries(bibtex, tmp_path)
    assert [error.split("---")[0] for error in errors] == ["Repeated entry"]  # good2021
    assert len(theirs) == len(items) - 1
    assert bibtex_differences(bibtex, theirs) == []


@needs_bibtex
def test_bibtex_reads_a_hyphenated_family_name_whole(tmp_path):
    """BibTeX splits names into words at hyphens too: unbraced, "Montes-y-Gómez" would be the
    particle "Montes-y" and the family name "Gómez" (a real corpus entry)."""
    items = [{"id": "m", "type": "book", "title": "T",
              "author": [{"family": "Montes-y-Gómez", "given": "Manuel"}]}]
    theirs, errors = bibtex_entries(api.convert(items, "bibtex"), tmp_path)
    assert errors == []
    assert theirs["m"]["author"] == [{"given": "Manuel", "family": "Montes-y-Gómez"}]
