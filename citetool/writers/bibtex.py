"""BibTeX out, through bibtexparser's writer: entries BibTeX, biber and bibtexparser read back.

Values are LaTeX-escaped; Unicode is kept (biber and modern BibTeX setups read UTF-8).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from ..model import Item, date_parts, ends_with_others
from ..patterns import lazy
from ..readers.bibtex import CONTROL_CHARACTERS, DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS

#: CSL type → BibTeX entry type. Anything else is @misc.
BIBTEX_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "article": "misc", "book": "book", "chapter": "incollection",
    "paper-conference": "inproceedings", "report": "techreport", "manuscript": "unpublished",
    "thesis": "phdthesis", "patent": "patent", "dataset": "dataset", "webpage": "online",
    "software": "software", "legal_case": "jurisdiction", "legislation": "legislation",
    "entry-encyclopedia": "inreference", "pamphlet": "booklet", "periodical": "periodical",
}
#: CSL types that share an entry type with another, told apart by BibLaTeX's entrysubtype.
ENTRY_SUBTYPES = {"article-magazine": "magazine", "article-newspaper": "newspaper"}

_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
             "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
             "^": r"\textasciicircum{}"}
_SPECIAL = lazy("|".join(map(re.escape, _SPECIALS)))
# Ligatures TeX would make of plain text ("--" is a dash, "``" a quote, "?`" is "¿") are
# broken up with an empty group.
_LIGATURE = lazy(r"-(?=-)|`(?=`)|'(?=')|[?!](?=`)")


# CSL-JSON rich text (what citeproc-js reads in titles) and its LaTeX counterpart.
_MARKUP = {'<span class="nocase">': "{", "<i>": r"\textit{", "<b>": r"\textbf{",
           "<sup>": r"\textsuperscript{", "<sub>": r"\textsubscript{"}
_TAG = lazy("|".join(map(re.escape, _MARKUP)) + r"|</(?:span|i|b|sup|sub)>")


def escape(text: str) -> str:
    """Escape LaTeX's special characters so the text prints as it reads."""
    return _escape_run(text).strip()


def _escape_run(text: str) -> str:
    text = _SPECIAL.sub(lambda m: _SPECIALS[m[0]], re.sub(r"\s+", " ", str(text)))
    return _LIGATURE.sub(lambda m: m[0] + "{}", text)


def latex(text: str) -> str:
    """A CSL-JSON text value as LaTeX: specials escaped, rich-text markup as LaTeX markup
    (``<span class="nocase">DNA</span>`` → ``{DNA}``); unbalanced markup stays literal."""
    pieces = _TAG.split(str(text))
    tags = _TAG.findall(str(text))
    depth = 0
    for tag in tags:
        depth += -1 if tag.startswith("</") else 1
        if depth < 0:
            return escape(text)
    if depth:
        return escape(text)
    out = [_escape_run(pieces[0])]
    for tag, piece in zip(tags, pieces[1:]):
        out.append("}" if tag.startswith("</") else _MARKUP[tag])
        out.append(_escape_run(piece))
    return "".join(out).strip()


def write(items: list[Item], ascii: bool = False) -> str:
    """BibTeX entries; ``ascii`` LaTeX-encodes non-ASCII letters (``é`` → ``{\\'e}``) for
    BibTeX setups that cannot read UTF-8."""
    return "".join(chunks(items, ascii))


def chunks(items: Iterable[Item], ascii: bool = False) -> Iterator[str]:
    """The text of :func:`write`, one entry at a time."""
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    before = ""
    for item in items:
        entry = _enclosed(_ascii(_entry(item)) if ascii else _entry(item))
        # Values come enclosed from _enclosed: bibtexparser's stack would brace month macros.
        yield before + bibtexparser.write_string(Library([entry]), unparse_stack=[],
                                                 bibtex_format=layout)
        before = layout.block_separator


def _ascii(entry: Entry) -> Entry:
    """The entry with non-ASCII letters LaTeX-encoded (URLs and DOIs are read verbatim)."""
    from pylatexenc.latexencode import unicode_to_latex

    for field in entry.fields:
        if field.key not in ("url", "doi"):
            field.value = _DOTLESS_ACCENT.sub(r"\1{\2}", unicode_to_latex(
                field.value, non_ascii_only=True, replacement_latex_protection="braces-all"))
    return entry


#: BibTeX's month macros, which its styles print as the month's name in the document's
#: language ("month = {3}" prints "3").
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _enclosed(entry: Entry) -> Entry:
    """The entry's values in braces, but for a month macro, which must stay bare."""
    for field in entry.fields:
        if not (field.key == "month" and field.value in MONTHS):
            field.value = "{" + field.value + "}"
    return entry


# CSL variable → BibTeX field: the inverse of the reader's table (its first field for each
# variable), so that what is read is what is written. Type-dependent ones are in _entry.
_FIELD_FOR: dict[str, str] = {}
for _field, _variable in TEXT_FIELDS.items():
    _FIELD_FOR.setdefault(_variable, _field)
_NAME_FIELD_FOR = {variable: field for field, variable in NAME_FIELDS.items()}
_DATE_FIELD_FOR = {variable: field for field, variable in DATE_FIELDS.items()
                   if variable != "issued"}
_BY_TYPE = {"container-title", "number", "issue", "publisher", "medium"}
#: The order fields are written in, as people write them; others follow in table order.
_ORDER = {key: n for n, key in enumerate("""
    author editor translator bookauthor title shorttitle journal shortjournal booktitle
    entrysubtype year month date volume number issue eid pages chapter edition series
    publisher school institution address howpublished type doi url urldate issn isbn
    eprint eprinttype abstract keywords note""".split())}


def _entry(item: Item) -> Entry:
    csl_type = item.get("type", "")
    entry_type = BIBTEX_TYPES.get(csl_type, "misc")
    if entry_type == "phdthesis" and "master" in str(item.get("genre", "")).lower():
        entry_type = "mastersthesis"
    fields: dict[str, Any] = {"entrysubtype": ENTRY_SUBTYPES.get(csl_type)}
    for variable, field in _NAME_FIELD_FOR.items():
        if isinstance(item.get(variable), list) and item[variable]:
            names = item[variable]
            fields[field] = " and ".join([_name(name) for name in names[:-1]]
                                         + ["others" if ends_with_others(names)
                                            else _name(names[-1])])
    _issued(item, fields)
    for variable, field in _DATE_FIELD_FOR.items():
        if parts := date_parts(item, variable):
            fields[field] = _iso(parts)
    fields["journal" if entry_type == "article" else "booktitle"] = item.get("container-title")
    arxiv = re.fullmatch(r"arXiv:(\S+)", str(item.get("number", "")))
    if entry_type == "article":
        # An article's CSL `number` is its article number: biblatex's `eid`.
        fields["number"] = item.get("issue")
        fields["eid"] = item.get("number")
    else:
        fields["issue"] = item.get("issue")  # BibLaTeX's issue; BibTeX has none outside @article
        if arxiv:
            fields["eprint"], fields["eprinttype"] = arxiv[1], "arxiv"
        else:
            fields["number"] = item.get("number")
    publisher = {"phdthesis": "school", "mastersthesis": "school",
                 "techreport": "institution"}.get(entry_type, "publisher")
    fields[publisher] = item.get("publisher")
    fields["howpublished"] = item.get("medium")
    for variable, field in _FIELD_FOR.items():
        if variable not in _BY_TYPE and not variable.startswith("_"):
            fields.setdefault(field, item.get(variable))
    written = sorted((key for key, value in fields.items() if value not in (None, "")),
                     key=lambda key: _ORDER.get(key, len(_ORDER)))
    entry_fields = [Field(key, _readable(_value(key, fields[key]))) for key in written]
    # Fields with no CSL variable, kept by the BibTeX reader as they were written.
    custom = item.get("custom")
    raw = custom.get("bibtex") if isinstance(custom, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    entry_fields += [Field(key, _readable(str(value))) for key, value in raw.items()
                     if key not in fields or fields[key] in (None, "")]
    return Entry(entry_type, str(item.get("id", "")), entry_fields)


def _issued(item: Item, fields: dict[str, Any]) -> None:
    """year and month for BibTeX, and BibLaTeX's date when there is a day to keep."""
    parts = date_parts(item)
    issued = item.get("issued")
    literal = issued.get("literal") if isinstance(issued, dict) else None
    fields["year"] = str(parts[0]) if parts else literal
    fields["month"] = MONTHS[parts[1] - 1] if len(parts) > 1 and 1 <= parts[1] <= 12 else (
        str(parts[1]) if len(parts) > 1 else None)
    fields["date"] = _iso(parts) if len(parts) > 2 else None


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _value(key: str, value: Any) -> str:
    # Names are escaped part by part; URLs and DOIs are read verbatim by biber and url.sty.
    if key in ("author", "editor", "translator", "bookauthor", "url", "doi"):
        return str(value)
    if key == "pages":  # a range's dash, however the input wrote it, is BibTeX's "--"
        return latex(_RANGE_DASH.sub("–", str(value))).replace("–", "--")
    return latex(value)


#: A dash between two pages: "-", "--", "–" or "—", with or without spaces.
_RANGE_DASH = lazy(r"(?<=\w)\s*(?:-{1,3}|–|—)\s*(?=\w)")


# pylatexenc accents a dotless i or j (\'\i, old LaTeX's way); biber and modern LaTeX read
# that as "ı" with an accent, not "í", so the accent goes on the letter itself (\'{i}).
_DOTLESS_ACCENT = lazy(r"""(\\(?:['`^"~=.]|[uvHckrdb]\s?))\\([ij])(?![A-Za-z])""")
#: What BibTeX splits a name into words at: "Montes-y-Gómez" has a lower-case word.
_NAME_TOKEN = lazy(r"[\s~-]+")
_ESCAPED_BRACE = lazy(r"\\([{}])")


def _readable(value: str) -> str:
    """A value BibTeX and biber read whole: control characters dropped (biber stops at them),
    and braces paired. BibTeX counts every brace, escaped or not, so a ``\\}`` that pairs with
    no ``\\{`` would end the field early: then escaped braces are written as
    ``\\textbraceleft{}`` and ``\\textbraceright{}``, which print the same."""
    value = CONTROL_CHARACTERS.sub("", value)
    depth = 0
    for char in value:
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                break
    if not depth:
        return value
    return _ESCAPED_BRACE.sub(lambda m: r"\textbrace" + ("left" if m[1] == "{" else "right") + "{}",
                              value)


def _name(name: dict[str, str]) -> str:
    """One name as BibTeX splits it back: "von Last, Jr, First"."""
    if name.get("literal"):
        return "{" + escape(name["literal"]) + "}"
    particle = escape(name.get("non-dropping-particle", ""))
    family = _part(name.get("family", ""))
    if any(word[:1].islower() for word in _NAME_TOKEN.split(family)) \
            and not family.startswith("{"):
        family = "{" + family + "}"  # else BibTeX takes lower-case words for a particle
    family = f"{particle} {family}" if particle else family
    suffix = f", {_part(name['suffix'])}" if name.get("suffix") else ""
    return f"{family}{suffix}, {_part(name['given'])}" if name.get("given") else family


def _part(text: str) -> str:
    """A name part, braced when a comma or "and" in it would split the name list."""
    text = escape(text)
    return "{" + text + "}" if "," in text or re.search(r"\band\b", text, re.I) else text

