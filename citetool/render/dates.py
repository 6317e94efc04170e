"""Dates (CSL 1.0.2, "Date", "Date-part", date ranges, "Disambiguation" for the implicit year
suffix): localized and non-localized dates, ranges, seasons and raw dates.
"""
from __future__ import annotations

from typing import Any

from citeproc.model import Date_Part
from citeproc.model import Date as DateElement
from citeproc.source import Date, DateRange, LiteralDate, VariableError
from citeproc.string import String

from ..model import parse_date_text
from ..patterns import lazy
from .groups import _DATE_TAG
from .sorting import DateKey, _sorting


def _year_part(part: Date_Part, date: object, context: object = None) -> object:
    """citeproc-py's date part, the year followed by its implicit year suffix if it has one
    (see _implicit_year_suffixes), only where a cite or entry first prints the year, as
    citeproc-js does ("[1990a] Doe, Book A 05/30/1990"). The suffix is marked up as the year
    is, after it (_date_part_markup). A year's era, as citeproc-js prints it, comes after
    the year's affixes, marked (_ERA_MARK): BC before year 1, AD from 1 to 499 (citeproc-py:
    up to 999)."""
    text = _CITEPROC_DATE_PART(part, date, context)
    era = ""
    if text and part.get("name") == "year" and part.get("form", "long") == "long":
        year, owner = date.year, context if context is not None else part
        text = str(abs(year))
        if year < 0 or 0 < year < 500:
            era = _ERA_MARK + str(owner.get_single_term(name="bc" if year < 0 else "ad")) + \
                _ERA_MARK
    suffix = vars(date).get("implicit_year_suffix")
    if suffix and text and part.get("name") == "year":
        owner = context if context is not None else part
        printed = vars(owner).get(_CALLER, owner).get_layout().repressed
        if not printed.get(_YEAR_SUFFIX_PRINTED):
            printed[_YEAR_SUFFIX_PRINTED] = True
            return f"{text}{_SUFFIX_MARK}{suffix}{era}"
    return text + era if era else text


def _date_part_markup(part: Date_Part, text: object) -> object:
    """citeproc-py's markup of a date part; a year's implicit suffix with the year's
    affixes and formatting of its own, as citeproc-js prints it: harvard-anglia-ruskin's
    legal case year "[1992]" is "[1992][a]" (we printed "[1992a]"), and an APA year without
    affixes is "1992a"."""
    if text and _ERA_MARK in str(text):
        text, era, _ = str(text).split(_ERA_MARK)
        return _date_part_markup(part, text) + era
    if text and _SUFFIX_MARK in str(text):
        year, suffix = str(text).split(_SUFFIX_MARK)
        return _CITEPROC_DATE_PART_MARKUP(part, year) + _CITEPROC_DATE_PART_MARKUP(part, suffix)
    return _CITEPROC_DATE_PART_MARKUP(part, text)


_YEAR_SUFFIX_PRINTED = "citetool-year-suffix-printed"  # a key of the layout's per-render store
_SUFFIX_MARK = "\ue015"  # between a year and its implicit suffix (see _date_part_markup)
_ERA_MARK = "\ue017"  # before a year's era, "AD" or "BC" (see _year_part)
_ERA = lazy("\ue017([^\ue017]*)\ue017")
_CALLER = "_citetool_caller"  # what a localized date was rendered for (see _date_process)


def _date_process(date: DateElement, item: object, variable: str | None = None,
                  show_parts: list[str] | None = None, context: object = None,
                  **kwargs: object) -> object:
    """citeproc-py's date, with a date given as text ("forthcoming") printed only where the
    date shows its year, as citeproc-js prints it in the year's place: citeproc-py printed it
    for every date element, so APA gave "(forthcoming, forthcoming)" for the year and the
    month and day of a newspaper article, Chicago "J. Stuff, forthcoming" for a month. In a
    sort key it is its numbers (_date_sort_key), as citeproc-js keys a date. A date a
    substitute printed is suppressed in the rest of the entry (groups._substitute)."""
    name = (variable or date.get("variable") or "").replace("-", "_")
    literal = isinstance(dict.get(item.reference, name), LiteralDate)
    if _sorting(kwargs.get("sort_options")):
        return _date_sort_key(date, dict.get(item.reference, name))
    if literal and (
            date.is_locale_date() or date.get("form") is None) and not (
            "year" in (show_parts or ["year"]) and any(
                part.get("name") == "year" for part in date.iterchildren()
                if part.tag == _DATE_PART_TAG)):
        return None
    called_by(date, context)
    csl_name = variable or date.get("variable")
    if item.get("_substituted"):
        owner = context if context is not None else date  # in a macro: what called it
        if csl_name in vars(owner).get(_CALLER, owner).get_layout().repressed.get(
                _DATE_TAG, ()):
            return None  # a substitute printed it (groups._substitute)
    if literal and (date.get("form") is None or date.is_locale_date()):
        text = _literal(date, dict.get(item.reference, name), context)
    else:
        text = _CITEPROC_DATE_PROCESS(date, item, variable, show_parts, context, **kwargs)
    rendered = item.get("_substituting")
    if text and rendered is not None:
        rendered.add(csl_name)
    return text


def _literal(date: DateElement, value: LiteralDate, context: object) -> object:
    """A date given as text, with the prefix and suffix of the date's year part, as
    citeproc-js prints it in the year's place: iso690's access date "[Accessed March 14,
    2001]" (its year part's prefix is a no-break space; we printed "[AccessedMarch 14,
    2001]"). The date's own affixes are around it (the style's, for a localized date)."""
    year = next((part for part in date.iterchildren() if part.tag == _DATE_PART_TAG and
                 part.get("name") == "year"), None)
    text = String(value.text) if year is None else String(
        year.get("prefix", "") + value.text + year.get("suffix", ""))
    return (context if date.is_locale_date() and context is not None else date).wrap(text)


def _date_sort_key(date: DateElement, value: object) -> DateKey | None:
    """A date in a sort key as citeproc-js keys it: its numbers, not its text ("March"
    after "April" no more), the parts the date shows (its date-parts, or its cs:date-part
    children) and zeros for the others, a year after "1" padded to four digits, one before
    the era after "0" counted down from 9999, then the range's end the same way: 100 BC,
    44 BC, 54 AD in that order. A date given as text, or none, has no key."""
    if not isinstance(value, Date | DateRange):
        return None
    if date.get("form") is not None:
        shown = date.get("date-parts", "year-month-day").split("-")
    else:
        shown = [part.get("name") for part in date.iterchildren() if part.tag == _DATE_PART_TAG]
    ends = [value.begin, value.end] if isinstance(value, DateRange) else [value, None]
    key = ""
    for end in ends:
        for name in ("year", "month", "day"):
            number = int(end.get(name) or 0) if end is not None and name in shown else 0
            if name != "year":
                key += f"{number:02d}"
            else:
                key += f"0{9999 + number}" if number < 0 else f"1{number:04d}"
    return DateKey(key)


def called_by(date: DateElement, context: object) -> None:
    """A localized date notes what called it: citeproc-py renders the locale's date with
    this one as its context, and the year's part finds the layout through what called it
    (a date in a macro has none; its year suffix crashed 1 style in 10 of the CSL
    repository's)."""
    if context is not None and date.get("form") is not None:
        date.__dict__[_CALLER] = context


def _date_range(date: DateElement, dates: DateRange, show_parts: list[str] | None = None,
                context: object = None) -> object:
    """A date range as CSL 1.0.2 ("Date Ranges") and citeproc-js render it: the parts from
    the largest one that differs down to the day are printed for both dates, in the date's
    own order, around the range-delimiter of that largest part (an en dash by default), the
    first run without its last suffix and the second without its first prefix; the parts
    both dates share are printed once ("Sep. 21–22, 2007", "21 Sept.–2 Oct. 2007").
    citeproc-py printed "21,–22, Sep. 2007" and crashed on ranges in non-localized dates.
    Ends that are the same give a range on the day when the date shows year, month and day
    ("21–21 Sept. 2007"), else one date, as citeproc-js does (it starts from the third of
    the parts both ends have when none differs)."""
    begin, end = dates.begin, dates.end
    if end.is_nil():  # an open range ("2007–"): citeproc-py's
        return _CITEPROC_DATE_RANGE(date, dates, show_parts, context)
    shown = show_parts or ["year", "month", "day"]
    parts = [part for part in date.iterchildren() if part.get("name") in shown]
    names = [part.get("name") for part in parts]
    ends = [name for name in ("year", "month", "day") if name in names
            and _date_value(begin, name) is not None and _date_value(end, name) is not None]
    first = next((number for number, name in enumerate(ends)
                  if _date_value(begin, name) != _date_value(end, name)), 2)
    ranged = [number for number, part in enumerate(parts) if part.get("name") in ends[first:]]
    if not ranged:
        return date.render_single_date(begin, list(shown), context)
    start, stop = ranged[0], ranged[-1] + 1
    largest = next(part for part in parts if part.get("name") == ends[first])

    def rendered(value: object, run: list[Date_Part], bare: str) -> list[object]:
        out = []
        for number, part in enumerate(run):
            text = _date_part_text(part, value, context, bare_prefix=bare == "prefix" and
                                   number == 0, bare_suffix=bare == "suffix" and
                                   number == len(run) - 1)
            if text is not None:
                out.append(text)
        return out

    joiner = date  # its delimiter: the locale's, for a localized date
    delimiter = largest.get("range-delimiter", "\u2013")
    first_run = joiner.join(rendered(begin, parts[start:stop], "suffix"))
    last_run = joiner.join(rendered(end, parts[start:stop], "prefix"))
    if _ERA_MARK in str(first_run) + str(last_run):  # one era, the first year's, after both
        first_run, last_run = str(first_run), str(last_run)
        last_run = _ERA.sub("", last_run) + "".join(_ERA.findall(first_run))
        first_run = _ERA.sub("", first_run)
    pieces = [*rendered(begin, parts[:start], ""), first_run + delimiter + last_run,
              *rendered(end, parts[stop:], "")]
    output = joiner.join(pieces)
    return _ERA.sub(r"\1", str(output)) if _ERA_MARK in str(output) else output


def _single_date(date: DateElement, value: Date, show_parts: list[str] | None = None,
                 context: object = None) -> object:
    """A date as citeproc-py renders it, but a localized date with a delimiter of its own
    (NLM's in-style locale: "2010 Oct 2") joins its parts with it, as citeproc-js does;
    citeproc-py took the delimiter of the cs:date that called it ("2010Oct2")."""
    if context is None or context is date or date.get("delimiter") is None or \
            not date.is_locale_date():
        return _CITEPROC_SINGLE_DATE(date, value, show_parts, context)
    parts = date.parts(value, show_parts, context)
    return date.join(parts) if parts else None


def _date_value(date: object, name: str) -> object:
    """A date's year, month (or season in its place) or day; None when it has none."""
    value = date.get(name)
    return date.get("season") if value is None and name == "month" else value


def _date_part_text(part: Date_Part, date: object, context: object, bare_prefix: bool,
                    bare_suffix: bool) -> object:
    """A date part as citeproc-py renders it, without its prefix or suffix if asked."""
    try:
        text = part.process(date, context)  # merges the style's date-part attributes
    except VariableError:
        return None
    if not text:
        return None
    text = str(text).replace(_SUFFIX_MARK, "")  # a range's year keeps its suffix in it
    text, mark, era = text.partition(_ERA_MARK)  # the era after the suffix, marked
    body = part.format(part.case(part.strip_periods(text)))
    prefix = "" if bare_prefix else part.get("prefix", "")
    suffix = "" if bare_suffix else part.get("suffix", "")
    return prefix + body + suffix + mark + era


_DATE_PART_TAG = "{http://purl.org/net/xbiblio/csl}date-part"


_CITEPROC_DATE_PART, _CITEPROC_DATE_PART_MARKUP = Date_Part.process, Date_Part.markup
_CITEPROC_DATE_PROCESS = DateElement.process
_CITEPROC_DATE_RANGE = DateElement.render_date_range
_CITEPROC_SINGLE_DATE = DateElement.render_single_date


def _raw_date(raw: str) -> dict[str, Any]:
    """A raw date read as citeproc-js reads it: "2005/05/31"; a range delimiter after it with
    nothing beyond ("2005/05/31/") makes a range whose end is its start, which prints as
    "31–31 May 2005" where a date shows the day (see _date_range); else the raw text. As
    citeproc-js 2.4.63 does, a time is cut off first: what follows a "T" between digits
    ("2020-07-21T12:09:09Z" is 21 July 2020), and a time with seconds ("12:09:09")."""
    text = _TIME.sub("", _ISO_TIME.sub(r"\1", raw), count=1)
    date = parse_date_text(text.rstrip("/"))
    if date is None:
        return {"literal": raw}
    if text.strip().endswith("/"):
        date["date-parts"].append(list(date["date-parts"][0]))
    return date


_ISO_TIME = lazy(r"^(.*[0-9])T[0-9].*")  # as citeproc-js's parseDateToObject cuts them
_TIME = lazy(r"\s*[0-9]{2}:[0-9]{2}:[0-9]+")
