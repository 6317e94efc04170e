"""The citation-label a record without one gets, as citeproc-js makes it (CSL 1.0.2 names the
variable and leaves its making to the processor): DIN 1505-2 alphanumeric's "[AdHu00]".

Letters of the first names of the first name variable the record has, then the last two
digits of its year: the first four letters of one name ("Aclu"), two of each of two ("AdHu"),
two, one and one of three, one of each of the first four of more ("ABSO"). Each name is its
family name without leading lower-case particles ("von ") and articles ("The "), in the
Latin, Greek, Cyrillic, Hebrew, Arabic and Thai letters only, its first letter capitalised and
the rest lowered; a name with no such letter ends the names. With no names, the first four
letters of the title's words but the stop words, run together ("A Legal Danger Zone" is
"Aleg"). With no year, "00". The sort key of a citation-label is this label whatever the
record says, as in citeproc-js.
"""
from __future__ import annotations

from typing import Any

from citeproc.source import Date, DateRange

from ..model import NAME_VARIABLES
from ..patterns import lazy
from .textcase import STOP_WORDS

#: Letters taken from each name, by how many names there are (citeproc-js's trigraph
#: "Aaaa00:AaAa00:AaAA00:AAAA00"); more names take the last.
_LETTERS = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
_YEAR_DIGITS = 2

# In citeproc-js's order: its list is alphabetical, with "commenter" last.
_NAME_KEYS = tuple(name.replace("-", "_") for name in sorted(NAME_VARIABLES)) + ("commenter",)
_PARTICLES = lazy(r"^[ '\u2019a-z]+\s+")
_ARTICLE = lazy(r"(?i)^(?:a|the|an)\s+")
_NOT_LETTER = lazy(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")
# The title words left out are the stop words as citeproc-js lists them, matched whole.
_SKIPPED = STOP_WORDS | {"vs.", "v.", "d'", "vis-à-vis"}


def citation_label(reference: Any, element: Any) -> str:
    """The generated citation-label of ``reference`` (see the module); ``element`` gives the
    locale's "reference" term, which a name with neither family name nor literal repeats."""
    label = ""
    name_text = _capitalised(str(element.get_single_term("reference", "short") or
                                 "reference").replace(".", "", 1))
    names = next((list(reference[key]) for key in _NAME_KEYS if reference.get(key)), [])
    if names:
        letters = _LETTERS[min(len(names), len(_LETTERS)) - 1]
        for name, count in zip(names, letters):
            if name.get("family"):
                name_text = _PARTICLES.sub("", str(name["family"]), count=1)
            elif name.get("literal"):
                name_text = str(name["literal"])
            name_text = _NOT_LETTER.sub("", _ARTICLE.sub("", name_text, count=1))
            if not name_text:
                break
            label += _capitalised(name_text[:count])
    if not label and reference.get("title"):
        words = [word for word in str(reference["title"]).split() if word not in _SKIPPED]
        label = _capitalised("".join(words)[:_LETTERS[0][0]])
    return label + _year(reference.get("issued"))[-_YEAR_DIGITS:]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _year(issued: Any) -> str:
    """The year of the issued date (of its start, for a range), or "0000"."""
    date = issued.begin if isinstance(issued, DateRange) else issued
    year = date.get("year") if isinstance(date, Date) else None
    return "0000" if year is None else str(year)
