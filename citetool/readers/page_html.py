"""Article pages saved as HTML: Highwire ``citation_*`` meta tags (what Google Scholar reads),
Dublin Core ``dc.*`` tags, and schema.org JSON-LD ``ScholarlyArticle``.

Parsed with libxml2's HTML parser (see _collect): it fetches nothing and expands only HTML's own
character references. Where sources disagree, Highwire wins, then JSON-LD, then Dublin Core.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..errors import Problem
from ..model import Item, name_parts, parse_date_text, split_full_name
from ..patterns import lazy
from . import Read

_DOI = lazy(r"\b(10\.\d{4,9}/\S+)")
_ARTICLE_TYPES = {"scholarlyarticle", "article", "medicalscholarlyarticle", "newsarticle",
                  "techarticle", "report", "chapter", "book", "thesis", "dataset", "webpage"}


class _MetaCollector:
    """Collects <meta name/property=… content=…> values and JSON-LD script bodies, as the
    target of lxml's HTML parser (events only, no tree)."""

    def __init__(self) -> None:
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._script: list[str] | None = None  # the pieces of the JSON-LD body being read

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrib.items()}
        if tag == "meta":
            name = (attributes.get("name") or attributes.get("property") or "").lower()
            if name and attributes.get("content", "").strip():
                self.meta.setdefault(name, []).append(" ".join(attributes["content"].split()))
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._script = []

    def end(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None

    def data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def close(self) -> _MetaCollector:
        return self


def _collect(text: str) -> _MetaCollector:
    """The page's meta tags and JSON-LD, in time linear in its length.

    libxml2's HTML parser (through lxml) rather than the standard library's: that one takes
    minutes on 100 KB of "<a" (quadratic), this one a fraction of a second on 10 MB. It fetches
    nothing and expands only HTML's own character references; events without a tree have no
    depth limit. Text goes in as UTF-8 bytes so that a page's own charset or XML declaration
    cannot make lxml misread or refuse it.
    """
    from lxml import etree

    collector = _MetaCollector()
    parser = etree.HTMLParser(target=collector, encoding="utf-8", recover=True, huge_tree=True,
                              no_network=True, remove_comments=True, remove_pis=True)
    try:
        etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.LxmlError:
        pass  # what was collected before the parser gave up is kept
    return collector


def read(text: str, source: str) -> Read:
    collector = _collect(text)
    result = Read()
    candidates = [_highwire(collector.meta)]
    for body in collector.json_ld:
        try:
            candidates.extend(_json_ld(json.loads(body)))
        except ValueError:
            result.problems.append(Problem(source, None, "a JSON-LD block is not valid JSON; "
                                           "it was skipped"))
        except RecursionError:
            result.problems.append(Problem(source, None, "a JSON-LD block is nested too deeply "
                                           "to be article metadata; it was skipped"))
    candidates.append(_dublin_core(collector.meta))
    item: Item = {}
    for candidate in candidates:
        for key, value in candidate.items():
            if value and key not in item:
                item[key] = value
    if not item.get("title"):
        result.problems.append(Problem(source, None, "no article metadata found (no "
                                       "citation_* or dc.* meta tags, no JSON-LD article)"))
        return result
    item.setdefault("type", "article-journal" if item.get("container-title") else "webpage")
    result.add(item, 1)
    return result


def _first(meta: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if meta.get(name):
            return meta[name][0]
    return None


def _date(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    return parse_date_text(text) or parse_date_text(text[:10]) or (
        {"date-parts": [[int(text[:4])]]} if text[:4].isdecimal() else None)


def _doi(text: str | None) -> str | None:
    m = _DOI.search(text or "")
    return m[1] if m else None


def _keywords(values: list[str]) -> str | None:
    seen: dict[str, None] = {}
    for value in values:
        for keyword in re.split(r"\s*[;,]\s*", value):
            if keyword:
                seen.setdefault(keyword, None)
    return ", ".join(seen) or None


def _highwire(meta: dict[str, list[str]]) -> Item:
    item: Item = {
        "title": _first(meta, "citation_title"),
        "author": [split_full_name(a) for a in meta.get("citation_author", [])],
        "container-title": _first(meta, "citation_journal_title", "citation_conference_title",
                                  "citation_book_title"),
        "container-title-short": _first(meta, "citation_journal_abbrev"),
        "volume": _first(meta, "citation_volume"),
        "issue": _first(meta, "citation_issue"),
        "issued": _date(_first(meta, "citation_publication_date", "citation_date",
                               "citation_online_date", "citation_year")),
        "DOI": _doi(_first(meta, "citation_doi")),
        "ISSN": _first(meta, "citation_issn", "citation_eissn"),
        "ISBN": _first(meta, "citation_isbn"),
        "publisher": _first(meta, "citation_publisher", "citation_dissertation_institution",
                            "citation_technical_report_institution"),
        "URL": _first(meta, "citation_abstract_html_url", "citation_fulltext_html_url",
                      "citation_public_url"),
        "keyword": _keywords(meta.get("citation_keywords", [])),
        "abstract": _first(meta, "citation_abstract"),
        "language": _first(meta, "citation_language"),
    }
    first, last = _first(meta, "citation_firstpage"), _first(meta, "citation_lastpage")
    item["page"] = f"{first}-{last}" if first and last and first != last else first
    if _first(meta, "citation_conference_title"):
        item["type"] = "paper-conference"
    elif _first(meta, "citation_dissertation_institution"):
        item["type"] = "thesis"
    elif _first(meta, "citation_technical_report_institution"):
        item["type"] = "report"
    elif _first(meta, "citation_book_title"):
        item["type"] = "chapter"
    return item


def _dublin_core(meta: dict[str, list[str]]) -> Item:
    identifiers = meta.get("dc.identifier", []) + meta.get("dc.relation", [])
    return {
        "title": _first(meta, "dc.title"),
        "author": [split_full_name(a) for a in meta.get("dc.creator", [])],
        "issued": _date(_first(meta, "dc.date", "dcterms.issued", "dc.date.issued")),
        "DOI": next(filter(None, map(_doi, identifiers)), None),
        "publisher": _first(meta, "dc.publisher"),
        "abstract": _first(meta, "dc.description", "dcterms.abstract"),
        "keyword": _keywords(meta.get("dc.subject", [])),
        "language": _first(meta, "dc.language"),
    }


def _json_ld(data: Any) -> list[Item]:
    """Items for every article-like node in a JSON-LD document (a node, a list or a @graph)."""
    if isinstance(data, list):
        return [item for node in data for item in _json_ld(node)]
    if not isinstance(data, dict):
        return []
    if "@graph" in data:
        return _json_ld(data["@graph"])
    types = data.get("@type", [])
    types = {t.lower() for t in (types if isinstance(types, list) else [types])
             if isinstance(t, str)}
    if not types & _ARTICLE_TYPES:
        return []
    item: Item = {
        "title": _text(data.get("headline") or data.get("name")),
        "author": [name for a in _list(data.get("author")) if (name := _person(a))],
        "issued": _date(_text(data.get("datePublished"))),
        "abstract": _text(data.get("description") or data.get("abstract")),
        "keyword": _keywords([k for k in _list(data.get("keywords")) if isinstance(k, str)]),
        "publisher": _text(_named(data.get("publisher"))),
        "URL": _text(data.get("url")),
        "DOI": next(filter(None, map(_doi, _identifiers(data))), None),
    }
    start, end = _text(data.get("pageStart")), _text(data.get("pageEnd"))
    item["page"] = f"{start}-{end}" if start and end else (start or _text(data.get("pagination")))
    parent = data.get("isPartOf")
    while isinstance(parent, dict):
        kinds = str(parent.get("@type", "")).lower()
        if "issue" in kinds:
            item.setdefault("issue", _text(parent.get("issueNumber")))
        elif "volume" in kinds:
            item.setdefault("volume", _text(parent.get("volumeNumber")))
        else:
            item.setdefault("container-title", _text(parent.get("name")))
            issn = _list(parent.get("issn"))
            item.setdefault("ISSN", _text(issn[0]) if issn else None)
        parent = parent.get("isPartOf")
    return [item]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int, float)) and str(value).strip():
        return " ".join(str(value).split())
    return None


def _named(value: Any) -> Any:
    return value.get("name") if isinstance(value, dict) else value


def _identifiers(data: dict[str, Any]) -> list[str]:
    values = _list(data.get("identifier")) + _list(data.get("sameAs")) + [data.get("@id")]
    return [str(v.get("value", "")) if isinstance(v, dict) else str(v) for v in values if v]


def _person(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict):
        family, given = _text(value.get("familyName")), _text(value.get("givenName"))
        if family:
            return name_parts(family, given or "")
        value = _text(value.get("name"))
    return split_full_name(value) if isinstance(value, str) and value.strip() else None
