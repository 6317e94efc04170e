"""RIS out, through rispy, with the tags Zotero, EndNote and Mendeley read."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import rispy

from ..model import (Item, date_parts, ends_with_others, family_with_particle,
                     without_markup)

#: CSL type → RIS TY. Anything else is GEN.
RIS_TYPES = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "thesis": "THES",
    "report": "RPRT", "webpage": "ELEC", "post-weblog": "BLOG", "dataset": "DATA",
    "patent": "PAT", "manuscript": "UNPB", "software": "COMP", "map": "MAP",
    "legal_case": "CASE", "legislation": "STAT", "motion_picture": "MPCT", "article": "JOUR",
}


class _Writer(rispy.RisWriter):
    """rispy's writer without the "1." counter line it puts before every record."""

    def set_header(self, count: int) -> str:
        return ""


def write(items: list[Item]) -> str:
    return "".join(chunks(items))


def chunks(items: Iterable[Item]) -> Iterator[str]:
    """The text rispy writes for all the items, one record at a time (it puts a blank line
    between records)."""
    before = ""
    for item in items:
        yield before + rispy.dumps([_record(item)], implementation=_Writer)
        before = "\n"


def _record(item: Item) -> dict[str, Any]:
    record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(item.get("type", ""), "GEN")}
    if item.get("id") is not None:
        record["id"] = str(item["id"])
    for variable, key in (("author", "authors"), ("editor", "secondary_authors")):
        if item.get(variable):
            names = item[variable]  # RIS has no mark for "and others": the names given
            record[key] = [_name(name) for name in
                           (names[:-1] if ends_with_others(names) else names)]
    plain = {"title": "title", "container-title": "secondary_title",
             "container-title-short": "alternate_title1", "volume": "volume",
             "issue": "number", "DOI": "doi", "ISSN": "issn", "ISBN": "issn",
             "abstract": "abstract", "publisher": "publisher",
             "publisher-place": "place_published", "edition": "edition", "language": "language",
             "note": "notes", "genre": "type_of_work", "collection-title": "tertiary_title",
             "number-of-volumes": "number_of_volumes"}
    for variable, key in plain.items():
        if item.get(variable) not in (None, "") and key not in record:
            record[key] = _one_line(item[variable])
    if "notes" in record:
        record["notes"] = [record["notes"]]
    if item.get("URL"):
        record["urls"] = [item["URL"]]
    if parts := date_parts(item):
        record["year"] = str(parts[0])
    if len(parts) > 1:
        record["date"] = _date(parts)
    if accessed := date_parts(item, "accessed"):
        record["access_date"] = _date(accessed)
    # MDPI-style article numbers have no RIS tag of their own; SP is where Zotero puts them.
    article_number = item.get("number") if item.get("type") == "article-journal" else None
    page = str(item.get("page") or article_number or "")
    if page:
        first, _, last = page.replace("–", "-").partition("-")
        record["start_page"] = first.strip()
        if last.strip():
            record["end_page"] = last.strip()
    if item.get("keyword"):
        record["keywords"] = [k.strip() for k in str(item["keyword"]).split(",") if k.strip()]
    return record


def _name(name: dict[str, str]) -> str:
    family = family_with_particle(name)
    return f"{family}, {name['given']}" if name.get("given") else family



def _one_line(value: Any) -> str:
    """A value as RIS text: one line, without CSL-JSON's markup (RIS has none)."""
    return " ".join(without_markup(str(value)).split())


def _date(parts: list[int]) -> str:
    """RIS's date form: "2019/05/14/"."""
    return "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) + "/"
