"""The items as citeproc-py reads them (CSL 1.0.2, Appendix IV "Variables"): CSL-JSON fields
made ready (record text, raw dates, name particles), positional ids, nocase text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from citeproc import DATES as CITEPROC_DATES
from citeproc import NAMES as CITEPROC_NAMES
from citeproc.source import Date, DateRange, LiteralDate, Name, Reference
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String

from ..model import DATE_VARIABLES, NAME_VARIABLES, TYPES, VARIABLES, Item, UnprintedText
from ..patterns import lazy
from .dates import _raw_date
from .names import _particles, _suffix_in_given
from .numbers import _numeric_field
from .output import PlainRuns
from .textcase import RaisedText, _ProtectedCase


class _Source(CiteProcJSON):
    """citeproc-py's CSL-JSON source, marking nocase text as _ProtectedCase, and reading
    every CSL name and date variable as names and dates: it knows only some of them and
    crashed on a "performer" given as text. Text without a nocase span is one piece, made
    at once (citeproc-py's parse took as long as the rest of reading a library)."""

    def __init__(self, items: Iterable[Item]) -> None:
        """The references of the prepared items (_prepare), read as citeproc-py's source reads
        them, made as _Reference and _Name."""
        for item in items:
            variables: dict[str, Any] = {}
            for key, value in item.items():
                variable = key.replace("-", "_")
                if variable == "id":
                    reference_key = str(value).lower()
                elif variable == "type":
                    reference_type = value
                elif variable != "key":
                    if variable == "shortTitle":
                        variable = "title_short"
                    if variable in _CITEPROC_NAMES:
                        value = self.parse_names(value)
                    elif variable in _CITEPROC_DATES:
                        value = self.parse_date(value)
                    elif key != "language":
                        value = self.parse_string(value)
                    variables[variable] = value
            self.add(_Reference(reference_key, reference_type, variables))

    def parse_names(self, json_data: list[dict[str, Any]]) -> list[Name]:
        return [_Name(**name) for name in json_data]

    def parse_string(self, string: object) -> object:
        if isinstance(string, UnprintedText):  # set, printing nothing (see _prepare)
            return string
        if isinstance(string, list):
            return self.parse_names(string)
        if isinstance(string, dict):
            return self.parse_date(string)
        if isinstance(string, PlainRuns):
            return MixedString(RaisedText(run) if raised else String(run)
                               for run, raised in string.runs)
        text = str(string)
        if self.start_tag not in text.lower():
            return MixedString([String(text)] if text else [])
        return MixedString(_ProtectedCase(piece) if isinstance(piece, NoCase) else piece
                           for piece in super().parse_string(text))

    def parse_date(self, json_data: dict[str, Any]) -> object:
        """citeproc-py's date, with date-parts read as citeproc-js reads them: numbers given
        as text, an empty part ending the date ("2000", "", "" is 2000), months 13–24 the
        seasons (CSL-JSON's 21 is spring; 13–20 as citeproc-js counts them), other months
        dropped with their day; without date-parts, the raw text or literal."""
        dates = []
        for parts in json_data.get("date-parts") or []:
            date: dict[str, int] = {}
            for name, value in zip(("year", "month", "day"), parts):
                try:
                    number = int(value)
                except (TypeError, ValueError):
                    break
                if name == "month" and 13 <= number <= 24:
                    date["season"] = (number - 13) % 4 + 1
                    break
                if name == "month" and not 1 <= number <= 12 or name == "day" and not (
                        1 <= number <= 31):
                    break
                date[name] = number
            if "year" in date:
                dates.append(date)
        if not dates:
            literal = json_data.get("literal") or json_data.get("raw")
            return LiteralDate(str(literal)) if literal else None
        if "season" in json_data and "season" not in dates[0] and "month" not in dates[0]:
            dates[0]["season"] = json_data["season"]
        circa = bool(json_data.get("circa"))
        if len(dates) == 1:
            return Date(circa=circa, **dates[0])
        return DateRange(begin=Date(**dates[0]), end=Date(**dates[1]), circa=circa)


# The variables citeproc-py's source reads as names and as dates (our parse_string reads the
# others of CSL 1.0.2 so).
_CITEPROC_NAMES, _CITEPROC_DATES = frozenset(CITEPROC_NAMES), frozenset(CITEPROC_DATES)


class _Reference(Reference):
    """citeproc-py's reference without its check of the variables it knows, which warned
    (a UserWarning) of every CSL 1.0.2 variable newer than it (available-date, performer,
    …) and of our DEFAULT_LANGUAGE: silencing that took warnings.catch_warnings, which is
    not safe with two threads rendering (it changes the process's warning filters). The
    variables are kept as citeproc-py keeps them: the key and type first."""

    def __init__(self, key: str, type: str, variables: dict[str, Any]) -> None:
        dict.__init__(self, key=key, type=type)
        self.update(variables)


class _Name(Name):
    """citeproc-py's name without its check of the name parts it knows (it warned, as
    _Reference, of CSL-JSON's parse-names, static-ordering, …), its parts as given."""

    def __init__(self, **parts: Any) -> None:
        dict.__init__(self, parts)


def _input_item(items: list[Item], key: str) -> Item:
    """The input item that citeproc-py knows by ``key`` ("item12": _prepare's ids)."""
    return items[int(key.removeprefix("item"))]


# The key of a prepared item holding the language of an item that names none; no CSL
# variable (citeproc-py's reference reads it as citetool_language).
DEFAULT_LANGUAGE = "citetool-language"


def _prepare(item: Item, internal_id: str, text: Callable[[str], str],
             language: str) -> Item:
    """The item as citeproc-py can take it: a safe id, a known type, CSL variables only, text
    made ready for the output format.

    An item without a language is in the style's language (CSL 1.0.2, "Title case
    conversion"); citeproc-py would otherwise never title-case it. That language is kept
    apart from the item's variables (DEFAULT_LANGUAGE): as a "language" it printed
    "language={en}" for every entry in the bibtex style and met ``<if variable="language">``. A date given only as
    "raw" text ("2005/05/31/") is read as citeproc-js reads it; citeproc-py dropped it. A
    date of year 0 alone is no date, as in citeproc-js ("n.d.", where we printed "0").
    Zotero's journalAbbreviation and shortTitle are the short forms (_SHORT_ALIASES).
    A record without a CSL type (none, or "foo") has none: as in citeproc-js 2.4.63, it
    meets no type condition (Chicago's notes-bibliography prints "N.d." for a record of no
    fields, its "else"; we took it for a "document", which that bibliography leaves out).
    A variable the record gave as a list of strings (model.UnprintedText) stays, empty: as in
    citeproc-js, ``<if variable="publisher">`` holds for it and it prints nothing.
    """
    item = _note_fields(item)
    prepared: Item = {"id": internal_id,
                      "type": item.get("type") if item.get("type") in TYPES else "",
                      DEFAULT_LANGUAGE: language}
    for key, value in item.items():
        if key in ("id", "type", "custom") or (key == "language" and not value):
            continue
        if key in NAME_VARIABLES:
            names = [{part: text(str(v)) for part, v in _particles(_suffix_in_given(n)).items()}
                     for n in value if isinstance(n, dict)] if isinstance(value, list) else []
            if names:
                prepared[key] = names
        elif key in DATE_VARIABLES:
            if isinstance(value, dict) and "date-parts" not in value and isinstance(
                    value.get("raw"), str):  # citeproc-py ignores raw dates
                value = _raw_date(value["raw"])
            if isinstance(value, dict) and value.get("date-parts") not in ([[0]], [["0"]]):
                prepared[key] = {part: text(v) if isinstance(v, str) else v
                                 for part, v in value.items()}
        elif isinstance(value, UnprintedText):
            prepared[key] = value
        elif isinstance(value, (str, int, float)) and str(value) != "":
            value = str(value).replace("\\", "") if key in _UNESCAPED else str(value)
            prepared[key] = _numeric_field(key, value, text)
    for alias, variable in _SHORT_ALIASES.items():
        if alias in prepared:
            prepared.setdefault(variable, prepared[alias])
    return prepared


def _note_fields(item: Item) -> Item:
    """The item with the fields its note gives on lines of their own ("key: value", Zotero's
    way to keep CSL variables it has no field for: "original-date: 1900", "DOI: 10.1/x") taken
    out of the note, as citeproc-js 2.4.63 reads a note: such lines from the note's start
    (its first line may be other text) up to the first other line are no note text where the
    item has no such field yet, and each gives its variable (a date as raw text, a name as
    "family || given"), or the item's type. A line of any other word goes too, the first
    time: a note "http://example.org/x" (the word "http") prints nothing in citeproc-js, so a
    BibTeX note of a URL alone is no note (gost-r-7-0-5-2008, which sorts by the note first,
    put such items apart)."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    lines = note.split("\n")
    fields: dict[str, str] = {}
    start = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        match = _NOTE_FIELD.match(line)
        if match is None:  # other text
            if number == 0:
                continue
            start = number
            break
        if match[1] == "type" or not item.get(match[1]) and match[1] not in fields:
            fields[match[1]] = match[2].strip()
            lines[number] = ""
    if not fields:
        return item
    item = {**item, "note": "\n".join(lines[start:]).strip()}
    for key, value in fields.items():
        if key == "type" and value in TYPES:
            item["type"] = value
        elif key in VARIABLES and key != "type":
            item[key] = ({"raw": value} if key in DATE_VARIABLES else
                         [dict(zip(("family", "given"), map(str.strip, value.split("||"))))]
                         if key in NAME_VARIABLES else value)
    return item


# The variables citeproc-js prints without their backslashes ("0099-2240 (Print)\\r0099" is
# "…(Print)r0099"): those it prints as plain text, not as a title, place, name, number, DOI or
# URL. Its other variables keep them.
_UNESCAPED = frozenset("""
    abstract annote archive_location call-number container-title-short dimensions division
    event-title ISBN ISSN keyword language license note original-publisher
    original-publisher-place original-title part-number part-title PMCID PMID printing-number
    references reviewed-genre reviewed-title scale source status supplement-number version
    volume-title""".split())


# A note line that gives a field: a key of lower-case letters, "-" and "_", or of capitals.
_NOTE_FIELD = lazy(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")


# The short forms that CSL-JSON from Zotero names in its own way, read as citeproc-js reads
# them: journalAbbreviation is container-title-short, shortTitle title-short.
_SHORT_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
