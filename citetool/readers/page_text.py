"""Article pages as text: what a browser's select-all-and-copy of an MDPI article page gives.

The copy is loosely structured: an "Open AccessArticle" line before the title, an optional
"by Name 1,*, Name 2 and Name 3" author line, a cite line ("Soc. Sci. 2020, 9(1), 1; https://doi.org/
…"), a Received/Accepted/Published line, the abstract, keywords and the "MDPI and ACS Style" box.
Author names may exist only in that box, and MDPI numbers articles instead of paging them.
"""
from __future__ import annotations

import re

from .. import journals
from ..errors import Problem
from ..model import Item, name_parts, parse_date_text, spaced_initials, split_full_name
from ..patterns import lazy
from . import Read

_ARTICLE_TYPE = lazy(r"(?:Open Access)?\s*(Article|Review|Communication|Brief Report|"
                     r"Editorial|Perspective|Opinion|Case Report|Technical Note|Letter|"
                     r"Concept Paper|Commentary|Correction|Protocol|Entry|Project Report|"
                     r"Data Descriptor|Hypothesis|Essay|Systematic Review|Viewpoint)")
_CITE_LINE = lazy(r"(?P<journal>[^\d;]+?)\s+(?P<year>\d{4}),\s*(?P<volume>\d+)"
                  r"(?:\((?P<issue>[^)]+)\))?,\s*(?P<number>[\w-]+)"
                        r"(?:;\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.\S+?))?\.?")
_BOX_HEADING = "MDPI and ACS Style"
# "Hoefinger, H.; Musto, J.; Macioti, P.G." — MDPI writes initials only, "; " between authors.
_BOX_AUTHOR = r"[^;]+?, (?:[^\W\d_]{1,3}\.[\s-]?)+"
_BOX = lazy(rf"(?P<authors>{_BOX_AUTHOR}(?:; {_BOX_AUTHOR})*) (?P<rest>.+)")
_AFFILIATION_MARKS = lazy(r"\s+(?:\d+|[*†‡§#])(?:\s*,\s*(?:\d+|[*†‡§#]))*(?=,|\s+and\s|$)")
_NOISE = lazy(r"(?:Abstract|View Full-Text|Show Figures|Browse Figures|Download PDF|"
              r"Cite This Paper|"
              r"Export citation|Academic Editors?:.*|Version .*|Open Access.*|\*|"
              r"Author to whom correspondence should be addressed\.?|"
              r"These authors contributed equally to this work\.?)")
_DATE_LABELS = {"received": "submitted", "published": "available-date"}
_DATES_LINE = lazy(r"(?:Submission )?[Rr]eceived:")


def read(text: str, source: str) -> Read:
    page = _Page(text)
    result = Read()
    item = page.record()
    if item is None:
        result.problems.append(Problem(source, 1, "no MDPI cite line (e.g. 'Soc. Sci. 2020, 9(1), "
                                       "1; https://doi.org/…') found: is this an article page? "
                                       "Save the page as HTML and read that instead"))
    else:
        result.add(item, 1)
    return result


class _Page:
    """The lines of one copied page, and the pieces of the record found in them."""

    def __init__(self, text: str) -> None:
        text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [" ".join(line.split()) for line in text.split("\n")]

    def _find(self, pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
        for number, line in enumerate(self.lines):
            if m := pattern.fullmatch(line):
                return number, m
        return None

    def _next_text(self, number: int) -> int | None:
        """The index of the next non-empty line after ``number``."""
        for following in range(number + 1, len(self.lines)):
            if self.lines[following]:
                return following
        return None

    def record(self) -> Item | None:
        cite = self._find(_CITE_LINE)
        box = self._box()
        if cite is None and box is None:
            return None
        item: Item = {"type": "article-journal"}
        facts = cite[1].groupdict() if cite else {}
        header = self._find(_ARTICLE_TYPE)
        title_line = self._next_text(header[0]) if header else None
        if title_line is not None:
            item["title"] = self.lines[title_line]
            if header[1][1] != "Article":
                item["genre"] = header[1][1]
        box_authors: list[dict[str, str]] = []
        if box:
            box_authors, box_facts = box
            item.setdefault("title", box_facts.get("title"))
            facts = {**box_facts, **{k: v for k, v in facts.items() if v}}
        authors = self._author_line(title_line, box_authors)
        if authors or box_authors:
            item["author"] = authors or box_authors
        self._journal(item, facts)
        self._dates(item)
        self._abstract_and_keywords(item, cite[0] if cite else None)
        return {key: value for key, value in item.items() if value}

    def _box(self) -> tuple[list[dict[str, str]], dict[str, str]] | None:
        """Authors and facts from the "MDPI and ACS Style" citation line, if the copy has it."""
        try:
            start = self.lines.index(_BOX_HEADING)
        except ValueError:
            return None
        line_number = self._next_text(start)
        if line_number is None or not (m := _BOX.fullmatch(self.lines[line_number])):
            return None
        authors = [name_parts(family.strip(), spaced_initials(given.strip()))
                   for family, given in (a.split(", ", 1) for a in m["authors"].split("; "))]
        rest = m["rest"]
        # The title ends where the cite part ("Soc. Sci. 2020, 9, 1.") begins.
        tail = re.search(r"\. ([^\d.][^\d]*?) (\d{4}), (\d+), ([\w-]+)\.$", rest)
        if not tail:
            return authors, {}
        return authors, {"title": rest[:tail.start()], "journal": tail[1], "year": tail[2],
                         "volume": tail[3], "number": tail[4]}

    def _author_line(self, title_line: int | None,
                     box_authors: list[dict[str, str]]) -> list[dict[str, str]]:
        """Full names from the "by A 1,*, B 2 and C 3" line under the title, if there is one."""
        start = 0 if title_line is None else title_line + 1
        for line in self.lines[start:start + 4]:
            if line.startswith("by "):
                break
        else:
            return []
        text = re.sub(r"\S+@\S+|ORCID|\[.*?\]", "", line[3:])
        text = _AFFILIATION_MARKS.sub("", text)
        names = [n.strip(" ,*") for n in re.split(r",\s*|\s+and\s+", text) if n.strip(" ,*")]
        return [_match_box(name, box_authors) for name in names]

    def _journal(self, item: Item, facts: dict[str, str]) -> None:
        doi = facts.get("doi")
        doi_code = re.match(r"10\.3390/([a-z]+)\d", doi or "")
        journal = journals.find(facts.get("journal"), doi_code and doi_code[1])
        if journal:
            item["container-title"] = journal.name
            item["container-title-short"] = journal.abbreviation
            item["ISSN"] = journal.eissn
            item["publisher"] = "MDPI"
        else:
            item["container-title"] = facts.get("journal")
        item["volume"] = facts.get("volume")
        item["issue"] = facts.get("issue")
        item["number"] = facts.get("number")
        if facts.get("year"):
            item["issued"] = {"date-parts": [[int(facts["year"])]]}
        item["DOI"] = doi
        if journal and journal.eissn and all(facts.get(k) for k in ("volume", "issue", "number")):
            item["URL"] = (f"https://www.mdpi.com/{journal.eissn}/{facts['volume']}/"
                           f"{facts['issue']}/{facts['number']}")

    def _dates(self, item: Item) -> None:
        custom: dict[str, object] = {}
        for line in self.lines:
            if not _DATES_LINE.match(line):
                continue
            for part in line.split("/"):
                label, _, value = part.partition(":")
                label = label.strip().lower().removeprefix("submission ")
                date = parse_date_text(value)
                if date and label in _DATE_LABELS:
                    item[_DATE_LABELS[label]] = date
                elif date:
                    custom[label] = date
            break
        for line in self.lines:
            if m := re.fullmatch(r"\(This article belongs to the Special Issue (.+)\)", line):
                custom["special-issue"] = m[1]
        if custom:
            item["custom"] = custom

    def _abstract_and_keywords(self, item: Item, cite_line: int | None) -> None:
        """The abstract is the running text between the page header and "Keywords:"."""
        keywords_at = next((n for n, line in enumerate(self.lines)
                            if line.startswith("Keywords:")), None)
        if keywords_at is not None:
            keywords = [k.strip() for k in self.lines[keywords_at][len("Keywords:"):].split(";")
                        if k.strip()]
            item["keyword"] = ", ".join(dict.fromkeys(_unglue_repeat(keywords)))
        if cite_line is None or keywords_at is None:
            return
        # The abstract is the block of running text just above "Keywords:"; page furniture
        # ("Show Figures", headings, the dates line) above it ends the block.
        body: list[str] = []
        for line in reversed(self.lines[cite_line + 1:keywords_at]):
            if not line and not body:
                continue
            if not line or _DATES_LINE.match(line) or line.startswith("(This article belongs") \
                    or _NOISE.fullmatch(line) or len(line.split()) < 4:
                break
            body.insert(0, line)
        abstract = " ".join(body)
        item["abstract"] = re.sub(r"\s*View Full-Text$", "", abstract).strip()


def _match_box(full_name: str, box_authors: list[dict[str, str]]) -> dict[str, str]:
    """Split a full name the way the cite box does, which knows where the family name starts."""
    for author in box_authors:
        family = " ".join(filter(None, (author.get("non-dropping-particle"), author["family"])))
        if full_name.endswith(" " + family):
            return name_parts(family, full_name[:-len(family)].strip())
    return split_full_name(full_name)


def _unglue_repeat(keywords: list[str]) -> list[str]:
    """Undo the page copy's doubled keyword list, whose halves meet without a separator.

    MDPI pages print the list twice (for two layouts); the copy joins the first list's last
    keyword to the second's first with a space: "…; migration; transgender sex work; …".
    """
    half = (len(keywords) + 1) // 2
    if len(keywords) % 2 == 0 or half < 2:
        return keywords
    once = keywords[:half - 1] + [keywords[-1]]
    glued = f"{once[-1]} {once[0]}"
    if keywords == once[:-1] + [glued] + once[1:]:
        return once
    return keywords
