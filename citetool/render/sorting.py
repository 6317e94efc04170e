"""Sorting (CSL 1.0.2, "Sorting"): sort keys as citeproc-js compares them (no markup,
punctuation or et-al), rendered only for the items that tie on the keys before them.
"""
from __future__ import annotations

import functools
import html
import re
import unicodedata
from types import SimpleNamespace
from typing import Any

from citeproc import NAMES
from citeproc.model import Date as DateElement
from citeproc.model import Key, Sort
from citeproc.source import LiteralDate
from citeproc.string import MixedString, String

from ..model import base_letters
from ..patterns import lazy
from . import parallel, sheltered
from .labels import citation_label
from .lookups import planned
from .number_end import MARKS_APART


def _sorting(sort_options: dict[str, object] | None) -> bool:
    """Whether names are rendered for a sort key: citeproc-py's macro keys pass options with
    name-as-sort-order (CSL 1.0.2, "Sorting"); cites past et-al-subsequent-min pass others."""
    return sort_options is not None and "name-as-sort-order" in sort_options


def _sort_keys(key: Key, items: list[object], context: object) -> list[object]:
    """citeproc-py's sort keys, compared without markup and punctuation, as citeproc-js
    compares them: "<i>Roe</i>" sorts under R, “Simple” under S, "[F]linders" under F,
    "Simple title, here A" before "Simple title here B" (the HTML formatter's tags and the
    quotes of the style or record were part of the key); a record's private-use characters
    compare as themselves (render/sheltered.py). A date given as text ("forthcoming", "in
    press") has no key, as citeproc-js keys a date by its numbers only: such works sort after
    the dated ones and among themselves by the next key (citeproc-py keyed them by the text,
    so "aaa" came before 2099 and "forthcoming" before "in press" whatever their titles)."""
    variable = key.get("variable", "").replace("-", "_")
    if variable == "citation_label":  # citeproc-js keys it by the label it makes
        return [_unpunctuated(citation_label(item.reference, key)) for item in items]
    if variable in _NUMERIC_VARIABLES:
        return [_padded(item.reference.get(variable)) for item in items]
    if variable in NAMES:
        et_al = _et_al_of_key(key)
        values = [_names_key(key, item.reference.get(variable), variable, *et_al)
                  for item in items]
    else:
        values = _CITEPROC_SORT_KEYS(key, items, context)
        if planned(key, _keyed_by_dates):
            values = [_dates_of(value) for value in values]
    return [None if isinstance(item.reference.get(variable), LiteralDate)
            else _unpunctuated(sheltered.restored(_SORT_IGNORED.sub("", html.unescape(
                _SORT_IGNORED.sub("", str(value)))))) if isinstance(value, str | MixedString)
            else value  # variables come escaped
            for item, value in zip(items, values, strict=True)]


class DateKey(String):
    """A date as a sort key renders it (dates._date_sort_key): a piece of a rendered key
    that _dates_of can tell from the text around it."""


def _keyed_by_dates(key: Key) -> bool:
    """Whether the key is a macro with a cs:date of its own (in its groups and choices, not
    in the macros it calls), which citeproc-js 2.4.63 keys by the dates it renders alone
    (_dates_of)."""
    return "macro" in key.attrib and any(
        isinstance(element, DateElement)
        for element in key.get_macro(key.get("macro")).iterdescendants())


def _dates_of(value: object) -> str | None:
    """A date macro's key as citeproc-js makes it: the keys of the dates it rendered, its
    called macros' included, one after the other, and nothing else (no text, term, number
    or name: NLM's "2016 [cited 2024 Apr 4]" keys as 2016 then 2024, so a work with an
    access date sorts after every work of its author without one, by its digits' greater
    number); no key where it rendered no date (the work sorts last), whatever text it
    printed instead."""
    if isinstance(value, DateKey):
        return str(value)
    if isinstance(value, MixedString):
        return "".join(filter(None, map(_dates_of, value))) or None
    return None


def _et_al_of_key(key: Key) -> tuple[int, int, bool]:
    """The et-al rule that cuts a names variable's key (et_al_cut): the key's names-min,
    names-use-first and names-use-last, else the cs:bibliography's or cs:citation's around
    it, else the style's (CSL 1.0.2, "Sorting"); read once for all the items."""
    area = key.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")[0]

    def option(name: str) -> str:
        return str(key.get(name.replace("et-al", "names"), area.get_option(name)) or "")
    return (int(option("et-al-min") or 0), int(option("et-al-use-first") or 0),
            option("et-al-use-last").lower() == "true")


def _names_key(key: Key, names: list[Any] | None, variable: str, et_al_min: int,
               use_first: int, use_last: bool) -> str | None:
    """A names variable's key as citeproc-js makes it: the names cut by the key's et-al rule
    (_et_al_of_key), with no "et al.": two works whose first three authors are alike tie on
    Springer's author key and keep the order of the records, whatever their fourth authors
    (citeproc-py keyed all names)."""
    if names:
        names = et_al_cut(names, et_al_min, use_first, use_last)[0]
    return Key._format_name(key, SimpleNamespace(reference={variable: names}), variable)


def et_al_cut(names: list[Any], et_al_min: int, use_first: int, use_last: bool
              ) -> tuple[list[Any], bool, bool]:
    """The names CSL's et-al rule keeps of a list (CSL 1.0.2, "Name"): the first
    ``use_first`` of a list of ``et_al_min`` or more, and with et-al-use-last the last one;
    whether it cut the list, and whether it kept the last. With et-al-use-last, citeproc-js
    2.4.63 keeps at most et-al-min - 2 names before the last one (min 5, use-first 4: "A,
    B, C, … Z"; min 2: the last name alone), where CSL would drop use-last; we follow it.
    For the names printed (names._names_text) and a names sort key (_names_key)."""
    cut = len(names) > 1 and bool(et_al_min) and len(names) >= et_al_min
    use_last = cut and use_last
    if cut:
        first = max(0, min(use_first, et_al_min - 2)) if use_last else use_first
        names = names[:first] + (names[-1:] if use_last else [])
    return names, cut, use_last


def _padded(value: object) -> str | None:
    """A number variable's sort key as citeproc-js makes it: the first whole number in it,
    wherever it is, as 20 digits ("1904,3" and "1904" tie, "S2" is 2, which sorts before 12),
    else its text ("IV"); citeproc-py compared the texts ("1904" before "1904,3")."""
    if value is None or str(value) == "":
        return None
    match = _FIRST_NUMBER.search(str(value))
    if not match:
        return _unpunctuated(str(value))
    number = int(match[1])
    return f"{number if number >= 0 else 10 ** 20 - 1 + number:020d}"


_FIRST_NUMBER = lazy(r"\s*(-?[0-9]+)")
# The number variables citeproc-js keys by their number (citation-number is citeproc-py's).
_NUMERIC_VARIABLES = {"call_number", "chapter_number", "collection_number", "division",
                      "edition", "page", "issue", "locator", "number", "number_of_pages",
                      "number_of_volumes", "part_number", "printing_number", "section",
                      "supplement_number", "version", "volume", "supplement"}


def _unpunctuated(text: str) -> str:
    """Without punctuation and accents, which citeproc-js's comparison ignores (it compares
    base letters, model.base_letters), but with every space, which it keeps: citeproc-js
    turns each space into its sort separator, which it does not ignore and which comes before
    any letter or digit, so "Milet / Balat" (two separators) sorts before "Milet 2013" and
    "Milet Beta", "Milet-Delta" after them, " \\text MHS" before "A" (and gets year suffix
    a), "Alpha " after "Alpha"; "Dale" before "Dalebout", "Cádiz" before "Carrascoza",
    "Großhauser" before "Grossmann". A no-break space it ignores. Punctuation between digits
    still ends a number ("1899–1980" is 1899 then 1980, "1.3" before "1–9" before "12"): it
    becomes _NUMBER_BREAK, which _sort_value drops once it has split the numbers. The mark
    that keeps a record's own marks apart (number_end.MARKS_APART: "??") is no character of
    the key: a title of marks alone keys as empty, before "Why?", as in citeproc-js.
    A dotless ı is a letter of its own between i and j, as citeproc-js collates it: "Dıaz"
    after "Ding", before "Dj"."""
    text = _BETWEEN_DIGITS.sub(_number_break, text.translate(_NO_BREAK))
    if "ı" in text:  # a letter of its own after i, where base_letters reads i
        text = text.replace("ı", "i" + _AFTER_LETTERS)
    if text.isascii():  # its own base letters: one pass in C (_ASCII_KEY)
        return text.translate(_ASCII_KEY)
    return "".join(_key_character(character) for character in base_letters(text)
                   if not _ignored(character))


def _key_character(character: str) -> str:
    """A character of a sort key: every space is one."""
    return " " if character.isspace() else character


def _ignored(character: str) -> bool:
    """Whether a sort key leaves the character out: punctuation and marks."""
    return unicodedata.category(character).startswith(("P", "M"))


def _number_break(match: re.Match[str]) -> str:
    """Punctuation between two digits as _NUMBER_BREAK; a symbol there ("1+2") is kept."""
    if all(unicodedata.category(character).startswith("P") for character in match[0]):
        return _NUMBER_BREAK
    return match[0]


# After every letter: "ı" is "i" and this (_unpunctuated).
_AFTER_LETTERS = "\U0010fffd"
_NO_BREAK = str.maketrans("", "", "\u00a0\u202f\u2007" + MARKS_APART)
# _unpunctuated of each ASCII character.
_ASCII_KEY = {code: None if _ignored(chr(code)) else _key_character(chr(code))
              for code in range(128)}
_BETWEEN_DIGITS = lazy(r"(?<=[0-9])[^\w\s]+(?=[0-9])")
_NUMBER_BREAK = "\x00"  # a control character: the filter keeps it, no record text has it
_SORT_IGNORED = lazy("<[^>]*>|[\ue000-\ue00b\ue00d]")


def _lazy_sort(sort: Sort, items: list[object], context: object) -> list[object]:
    """citeproc-py's sort, each key rendered only for the items whose earlier keys tie:
    citeproc-py rendered every key of every item first (APA's title and archive macros for
    all of them), though most are told apart by the author and the date. The comparison is
    citeproc-py's, asked in the same order, so the order is the same (see _sort_compare)."""
    keys = list(sort.findall("cs:key", sort.nsmap))
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
    values: list[dict[int, object]] = [{} for _ in keys]
    tied = list(range(len(items)))  # every item's first key is compared: rendered for all
    for number, key in enumerate(keys):
        if not tied:
            break
        values[number] = _rendered(key, [items[index] for index in tied], tied, context)
        tied = _ties(tied, values[:number + 1])  # the items the next key may be compared for

    def value(number: int, index: int) -> object:
        if index not in values[number]:
            values[number][index] = _sort_value(
                _sort_keys(keys[number], [items[index]], context)[0])
        return values[number][index]

    def compare(left: int, right: int) -> int:
        for number in range(len(keys)):
            result = _sort_compare(value(number, left), value(number, right),
                                   descending[number])
            if result:
                return result
        return 0
    return [items[index] for index in sorted(range(len(items)),
                                             key=functools.cmp_to_key(compare))]


def _rendered(key: Key, items: list[object], indexes: list[int], context: object
              ) -> dict[int, object]:
    """The key's _sort_value of each of the items, by its index, rendered on every core."""
    return dict(zip(indexes, map(_sort_value, parallel.render_parts(
        lambda start, end: _sort_keys(key, items[start:end], context), len(items)))))


def _ties(indexes: list[int], values: list[dict[int, object]]) -> list[int]:
    """Those of the items (by index) that tie with another on every key of ``values``
    (_sort_compare gives 0), whose next key the sort will compare: rendered beforehand, on
    every core, where the sort would have rendered them one by one. A tie this misses
    (values it cannot hash, a number and a text that compare alike) is rendered when
    compared, as before."""
    classes: dict[object, list[int]] = {}
    for index in indexes:
        try:
            classes.setdefault(tuple(_tie_class(value[index]) for value in values),
                               []).append(index)
        except TypeError:  # unhashable: left to the sort
            continue
    return [index for tie in classes.values() if len(tie) > 1 for index in tie]


def _tie_class(value: object) -> object:
    """What _sort_compare compares of a _sort_value: keys of one class compare alike."""
    if value is None:
        return None
    text, number = value  # type: ignore[misc]
    return (text,) if number is None else number


def _sort_value(key: object) -> tuple[object, int | None] | None:
    """A sort key as citeproc-py's Sort compares it, worked out once: None if missing, else
    the text without case (a date's key as it is) and the number it reads as, if any. The
    text's runs of digits compare as numbers, as citeproc-js's collation ("numeric") compares
    them: "Part 9" before "Part 10", a volume "3a" before "12" (we compared digit by digit)."""
    if key is None:
        return None
    try:
        key = str(key.lower())  # type: ignore[attr-defined]
    except AttributeError:  # a date's sort key
        pass
    try:
        number: int | None = int(str(key))
    except ValueError:
        number = None
    if isinstance(key, str):  # text and numbers in turn: "part 0", 10, ""
        parts = _DIGITS.split(key)  # a text before a number ends in "0", where the number
        key = tuple(int(part) if index % 2 else part.replace(_NUMBER_BREAK, "")
                    + "0" * (index + 1 < len(parts))
                    for index, part in enumerate(parts))  # starts: after a space, before "a"
    return key, number


_DIGITS = lazy(r"([0-9]+)")


def _sort_compare(left: tuple[Any, int | None] | None, right: tuple[Any, int | None] | None,
                  descending: bool) -> int:
    """One key of two items compared as citeproc-py's Sort compares it (_sort_value): a
    missing key last in either direction, text without case, numbers as numbers when both
    read as one."""
    if left is None or right is None:
        return (left is None) - (right is None)
    (left_text, left_number), (right_text, right_number) = left, right
    if left_number is not None and right_number is not None:
        left_text, right_text = left_number, right_number
    result = (left_text > right_text) - (left_text < right_text)
    return -result if descending else result


_CITEPROC_SORT_KEYS = Key.sort_keys
