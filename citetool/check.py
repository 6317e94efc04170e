"""``citetool check``: a linter for bibliographies.

Each check looks at the CSL-JSON items the readers give (so BibTeX, RIS and CSL-JSON are checked
alike) or, for what only the source shows (unbalanced braces), at the BibTeX text itself. A
finding says where (file:line), which entry, what is wrong and which check found it, so that
tools can filter on the check's name.
"""
from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from .errors import DUPLICATE_CITEKEY, Problem
from .model import Item, ascii_fold, date_parts, family_with_particle, year
from .patterns import lazy
from .readers import Read, bibtex

#: Every check's name, as shown in brackets after a finding and in ``--format json``.
CHECKS = ("unreadable", "duplicate-citekey", "citekey-case", "duplicate-work", "missing-field",
          "doi", "isbn", "issn", "pages", "year", "braces", "undefined-string", "crossref")


@dataclass(frozen=True)
class Finding(Problem):
    """A problem in a bibliography, with the name of the check that found it."""

    check: str = "unreadable"

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.check}]"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# What a type needs, after BibTeX's standard styles (btxdoc) and CSL's use of the variables:
# an article without its journal or year cannot be cited. One tuple is "one of these".
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article-journal": (("author",), ("title",), ("container-title",), ("issued",)),
    "article-magazine": (("title",), ("container-title",), ("issued",)),
    "article-newspaper": (("title",), ("container-title",), ("issued",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("issued",)),
    "chapter": (("author", "editor"), ("title",), ("container-title",), ("publisher",),
                ("issued",)),
    "paper-conference": (("author",), ("title",), ("container-title",), ("issued",)),
    "thesis": (("author",), ("title",), ("publisher",), ("issued",)),
    "report": (("title",), ("issued",)),
    "manuscript": (("author",), ("title",)),
    "webpage": (("title",), ("URL",)),
}
_DEFAULT_NEEDS = (("title",),)
#: How a missing variable is named to the user: CSL's name, and BibTeX's where it differs.
_LABELS = {"container-title": "container-title (BibTeX journal or booktitle)",
           "issued": "issued (BibTeX year or date)",
           "publisher": "publisher (BibTeX publisher, school or institution)"}

_DOI = lazy(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = lazy(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ISSN = lazy(r"(?<![\dXx-])\d{4}-?\d{3}[\dXx](?![\dXx-])")
_PAGE = lazy(r"([A-Za-z]*)(\d+)")


def check(inputs: Iterable[tuple[str, str, Read]], this_year: int | None = None) -> list[Finding]:
    """Every finding in the inputs, given as :func:`citetool.api.read_inputs` gives them
    (source, text, what the reader got). ``this_year`` is for tests."""
    this_year = this_year or datetime.date.today().year
    findings: list[Finding] = []
    citekeys: dict[str, str] = {}
    folded: dict[str, tuple[str, str]] = {}  # casefolded citekey → the first one, and where
    works: dict[tuple[object, ...], str] = {}
    for source, text, read in inputs:
        for problem in read.problems:
            name = "duplicate-citekey" if problem.message == DUPLICATE_CITEKEY else "unreadable"
            findings.append(Finding(problem.source, problem.line, problem.message,
                                    problem.citekey, name))
        if source.endswith((".bib", ".bibtex")) or re.search(r"^\s*@\w+\s*\{", text, re.M):
            findings.extend(_braces(text, source))
            findings.extend(Finding(source, line, message, citekey, name)
                            for name, line, citekey, message in bibtex.warnings(text))
        for item, line in zip(read.items, read.lines, strict=True):
            here = f"{source}:{line}" if line else source
            citekey = str(item["id"]) if item.get("id") not in (None, "") else None
            found = list(_item_findings(item, this_year))
            if citekey is not None and citekey in citekeys:
                found.append(("duplicate-citekey",
                              f"duplicate citekey (first at {citekeys[citekey]})"))
            elif citekey is not None:
                citekeys[citekey] = here
                first, where = folded.setdefault(citekey.casefold(), (citekey, here))
                if first != citekey:
                    found.append(("citekey-case", f"citekey differs only in case from '{first}' "
                                  f"at {where}: BibTeX takes them for one (rename one)"))
            keys = work_keys(item)
            same = next(((works[key], why) for key, why in keys if key in works), None)
            if same:
                found.append(("duplicate-work", f"same work as {same[0]} ({same[1]})"))
            for key, _why in keys:
                works.setdefault(key, f"'{citekey}' at {here}" if citekey else here)
            findings.extend(Finding(source, line, message, citekey, name)
                            for name, message in found)
    return sorted(findings, key=lambda f: (f.source, f.line or 0))


def _item_findings(item: Item, this_year: int) -> Iterator[tuple[str, str]]:
    kind = str(item.get("type") or "document")
    for alternatives in _NEEDS.get(kind, _DEFAULT_NEEDS):
        if not any(item.get(variable) for variable in alternatives):
            names = " or ".join(_LABELS.get(v, v) for v in alternatives)
            yield "missing-field", f"{kind} without {names}"
    if item.get("DOI"):
        if message := doi_problem(str(item["DOI"])):
            yield "doi", message
    if item.get("ISBN"):
        yield from (("isbn", m) for m in isbn_problems(str(item["ISBN"])))
    if item.get("ISSN"):
        yield from (("issn", m) for m in issn_problems(str(item["ISSN"])))
    if item.get("page"):
        if message := page_problem(str(item["page"])):
            yield "pages", message
    yield from (("year", m) for m in _date_problems(item, this_year))


def doi_problem(doi: str) -> str | None:
    """Why ``doi`` is not a DOI, or None. DOIs carry no checksum: only their form is checked
    (ISO 26324: "10." + registrant code + "/" + suffix)."""
    bare = _DOI_PREFIX.sub("", doi.strip())
    if _DOI.fullmatch(bare):
        return None
    if inside := _DOI.search(bare):
        return f"DOI field holds more than a DOI: '{doi}' (write the DOI alone: {inside[0]})"
    return f"malformed DOI '{doi}' (a DOI looks like 10.1234/abc)"


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdecimal():
        return sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10 == 0
    return False


def isbn_problems(value: str) -> list[str]:
    """What is wrong with each ISBN in ``value`` (exports list several, with "(pbk.)" notes)."""
    candidates = [re.sub(r"[\s-]", "", token).upper() for token in
                  re.findall(r"[\dXx][\dXx -]{8,}[\dXx]", value)]
    # "978 3 16 148410 0" is one ISBN; "0131103628 9780131103627" are two.
    numbers = [n for c in candidates for n in (
        [c] if len(c) in (10, 13) else re.findall(r"97[89]\d{10}|\d{9}[\dX]", c))]
    if not numbers:
        return [f"malformed ISBN '{value}' (an ISBN has 10 or 13 digits)"]
    return [f"ISBN {number} fails its checksum (a typo?)" for number in numbers
            if not _isbn_ok(number)]


def issn_problems(value: str) -> list[str]:
    """What is wrong with each ISSN in ``value`` (ISO 3297: 7 digits and a mod-11 check)."""
    numbers = _ISSN.findall(value)
    if not numbers:
        return [f"malformed ISSN '{value}' (an ISSN looks like 1234-5679)"]
    problems = []
    for number in numbers:
        digits = number.replace("-", "").upper()
        total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
        check = (11 - total % 11) % 11
        if digits[7] != ("X" if check == 10 else str(check)):
            problems.append(f"ISSN {number} fails its checksum (a typo?)")
    return problems


def page_problem(page: str) -> str | None:
    """Why a page range cannot be right: it ends before it starts (after expanding the short
    form "1234-56" to 1234-1256), or a page is 0."""
    parts = re.split(r"\s*(?:--?|–|—)\s*", page.strip())
    if len(parts) != 2:
        return None
    first, last = (_PAGE.fullmatch(part) for part in parts)
    if not first or not last or (last[1] and last[1] != first[1]):
        return None  # "e123", "S12-S15" and Roman numerals are not compared
    start, end = first[2], last[2]
    if int(start) == 0 or int(end) == 0:
        return f"page range '{page}' has a page 0"
    if len(end) < len(start):
        end = start[:len(start) - len(end)] + end  # the abbreviated form: 1234-56
    if int(end) < int(start):
        return f"page range '{page}' ends before it starts"
    return None


def _date_problems(item: Item, this_year: int) -> Iterator[str]:
    parts = date_parts(item)
    if not parts:
        return
    issued = year(item)
    if issued is not None and issued > this_year + 1:
        yield f"year {issued} is in the future"
    elif issued is not None and issued < 1000:
        yield f"year {issued} has fewer than four digits (a typo?)"
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            yield f"date {'-'.join(map(str, parts))} does not exist"


def work_keys(item: Item) -> list[tuple[tuple[object, ...], str]]:
    """What makes two records the same work: the same DOI, or the same title, year and first
    author once case, accents and punctuation are set aside."""
    keys: list[tuple[tuple[object, ...], str]] = []
    if item.get("DOI"):
        keys.append((("doi", _DOI_PREFIX.sub("", str(item["DOI"]).strip()).lower()),
                     "same DOI"))
    title = re.sub(r"[\W_]+", "", ascii_fold(str(item.get("title") or "")).lower())
    names = item.get("author") or item.get("editor") or []
    first = family_with_particle(names[0]) if names and isinstance(names[0], dict) else ""
    if title and year(item) is not None:
        author = re.sub(r"[\W_]+", "", ascii_fold(first).lower())
        keys.append((("work", title, year(item), author), "same title, year and first author"))
    return keys


def _braces(text: str, source: str) -> Iterator[Finding]:
    """BibTeX entries whose braces do not balance; bibtexparser would otherwise take the
    following entries into the broken one, or give a message that does not say why."""
    starts = [m.start() for m in re.finditer(r"^[ \t]*@", text, re.M)] + [len(text)]
    for start, end in zip(starts, starts[1:]):
        chunk = re.sub(r"\\[{}]", "", text[start:end])
        if re.match(r"[ \t]*@\s*comment\b", chunk, re.I):
            continue
        opened, closed = chunk.count("{"), chunk.count("}")
        if opened != closed:
            key = re.match(r"[ \t]*@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,", chunk)
            yield Finding(source, text.count("\n", 0, start) + 1,
                          f"unbalanced braces: {opened} '{{' and {closed} '}}'",
                          key[1] if key else None, "braces")


def run(paths: Iterable[str | os.PathLike[str]], format: str | None = None) -> list[Finding]:
    """Check files ("-" is standard input): the library form of ``citetool check``."""
    from .api import read_inputs

    return check(read_inputs(paths, format))
