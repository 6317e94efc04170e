"""RIS (Zotero, EndNote, Web of Science, PubMed, Mendeley exports), through rispy.

Records are cut at their ``ER`` line and parsed one at a time, so a broken record is reported
with its line and costs only itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..model import Item, doi_of, parse_date_text, split_full_name
from ..patterns import lazy
from . import Lines, Read, Record, Text, collect, whole

#: RIS TY → CSL type. Anything else is "document".
CSL_TYPES = {
    "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal",
    "ABST": "article-journal", "INPR": "article-journal", "MGZN": "article-magazine",
    "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "SER": "book", "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "THES": "thesis", "RPRT": "report", "ELEC": "webpage",
    "WEB": "webpage", "BLOG": "post-weblog", "DATA": "dataset", "PAT": "patent",
    "UNPB": "manuscript", "MANSCPT": "manuscript", "COMP": "software", "MAP": "map",
    "CASE": "legal_case", "STAT": "legislation", "BILL": "bill", "MPCT": "motion_picture",
    "GEN": "document",
}
#: The lines that end a record (ER, group 1) or begin one (TY).
_RECORD_LINE = lazy(r"^(?:(ER)|TY)\s{1,2}-.*$", re.M)
_TAG = lazy(r"^[A-Z][A-Z0-9]\s{1,2}-", re.M)


def read(text: str, source: str) -> Read:
    return collect(records(text, source))


def records(text: Text, source: str) -> Iterator[Record]:
    """The records as items, and the problems, each as it is parsed."""
    text = whole(text).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    opened: int | None = None  # where the record being read has its TY line
    lines = Lines(text)
    given = False  # any item or problem
    for mark in _RECORD_LINE.finditer(text):
        if mark[1] is None and opened is None:
            opened = mark.start()
            continue
        # A new TY line in an open record: the record before it lost its ER line (a new
        # record cannot begin inside one), so it ends there and both are read.
        end = mark.end() if mark[1] else mark.start()
        chunk = text[start:end]
        line = lines.at(start + len(chunk) - len(chunk.lstrip()))
        if mark[1] is None:
            yield Problem(source, lines.at(opened), "RIS record without a closing 'ER  -' line "
                          f"before the next record at line {lines.at(mark.start())}; it was "
                          "read up to there: add the 'ER  - ' line")
            chunk += "ER  - \n"
        for record in _records(chunk, source, line):
            given = True
            yield record
        start, opened = end, (None if mark[1] else end)
    rest = text[start:]
    if rest.strip() and _TAG.search(rest):
        line = lines.at(start + len(rest) - len(rest.lstrip()))
        yield Problem(source, line, "RIS record without a closing 'ER  -' line; it was skipped")
    elif not given:
        yield Problem(source, 1, "no RIS records found (records start with 'TY  - ' and end "
                      "with 'ER  - ')")


def _records(chunk: str, source: str, line: int) -> Iterator[Record]:
    """The items of one record's text (its TY line to its ER line), or why it cannot be read."""
    import rispy

    try:
        parsed = rispy.loads(chunk.strip() + "\n")
    except Exception as error:  # rispy raises plain IOError/ValueError on bad records
        yield Problem(source, line, f"cannot parse this RIS record ({error}); it was skipped")
        return
    for record in parsed:
        yield _item(record), line


def _item(record: dict[str, Any]) -> Item:
    item: Item = {}
    if record.get("id"):
        item["id"] = record["id"]
    item["type"] = CSL_TYPES.get(str(record.get("type_of_reference", "")).upper(), "document")
    authors = record.get("authors", []) + record.get("first_authors", [])
    if authors:
        item["author"] = [split_full_name(a) for a in authors]
    if record.get("secondary_authors"):
        item["editor"] = [split_full_name(a) for a in record["secondary_authors"]]
    for variable, keys in (
            ("title", ("title", "primary_title", "translated_title")),
            ("container-title", ("secondary_title", "alternate_title3", "journal_name")),
            ("container-title-short", ("alternate_title1", "alternate_title2")),
            ("collection-title", ("tertiary_title",)),
            ("volume", ("volume",)), ("issue", ("number",)), ("DOI", ("doi",)),
            ("abstract", ("abstract", "notes_abstract")), ("publisher", ("publisher",)),
            ("publisher-place", ("place_published",)), ("edition", ("edition",)),
            ("language", ("language",)), ("genre", ("type_of_work",)),
            ("number-of-volumes", ("number_of_volumes",))):
        value = next((record[k] for k in keys if record.get(k)), None)
        if value:
            item[variable] = " ".join(str(value).split())
    if item.get("DOI"):
        item["DOI"] = doi_of(item["DOI"]) or item["DOI"]
    if item.get("container-title") == item.get("container-title-short"):
        item.pop("container-title-short", None)
    if record.get("issn"):
        identifier = record["issn"]
        digits = re.sub(r"[^0-9Xx]", "", identifier)
        item["ISBN" if len(digits) in (10, 13) else "ISSN"] = identifier
    if record.get("urls"):
        item["URL"] = record["urls"][0]
    if record.get("keywords"):
        item["keyword"] = ", ".join(dict.fromkeys(k.strip() for k in record["keywords"]))
    if record.get("notes"):
        item["note"] = " ".join(" ".join(note.split()) for note in record["notes"])
    first, last = record.get("start_page"), record.get("end_page")
    if first:
        item["page"] = f"{first}-{last}" if last and last != first else first
    date = _date(record.get("date")) or _date(record.get("publication_year")) or _date(
        record.get("year"))
    if date and len(date.get("date-parts", [[]])[0]) == 1 and record.get("date"):
        # Web of Science's DA holds only "SEP 22" or "DEC"; PY has the year.
        date = parse_date_text(f"{record['date']} {date['date-parts'][0][0]}") or date
    if date:
        item["issued"] = date
    if accessed := _date(record.get("access_date")):
        item["accessed"] = accessed
    return item


def _date(text: str | None) -> dict[str, Any] | None:
    """RIS dates: "2019", "2019/05/14/", "2019/05//", "2019///Spring"."""
    if not text:
        return None
    numbers = []
    for part in str(text).split("/")[:3]:
        part = part.strip()  # str.strip takes control characters that int() refuses ("\x1f")
        if not part.isdecimal():
            break
        numbers.append(int(part))
    if numbers:
        return parse_date_text("-".join(str(n) for n in numbers)) or {
            "date-parts": [numbers[:1]]}
    return parse_date_text(str(text))
