"""A number variable other than the pages (volume, issue, edition, number, …) as citeproc-js
prints it, in cs:text and in cs:number's numeric form.

citeproc-js trims the value and cuts it into numbers at its joiners ("&", "and", ", ", "; "
and runs of hyphens or en dashes with the spaces around them). A single hyphen loses its
spaces ("2 - 3" is "2-3"); other joiners stay as written ("2--3", "1 & 2"). Between numbers
it then becomes the style's page-range-delimiter term (an en dash, AMA's "-"), as its range
pass decides (facts of its behaviour, checked on citeproc-js 2.4.63):

- the first number settles it for all: "12", "12a" or a roman "iv" makes the value numeric;
  one that starts with a digit, or is roman, makes its ranges collapsible;
- a value that is numeric but not collapsible gets the delimiter for each hyphen;
- in a collapsible one each run of hyphen-joined numbers has only its last hyphen replaced
  ("1-2-3" is "1-2–3"), where both numbers are whole or roman, or the pair still reads as a
  range of two numbers ("2-3a", "12a-15"); such a pair loses its letter prefixes ("S1-S3" is
  "1–3" for a volume, unlike a page: a quirk of citeproc-js that we keep, being the
  reference);
- a value with a word that citeproc-js takes for a label ("11th ed.", "no. 5") is printed as
  written, trimmed.

Numbers are never reformatted: "04" stays "04".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from citeproc.string import MixedString

_JOINER = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*[-\u2013]+\s*)")
_LABEL = re.compile(r"(?:^| )(?:[a-z]{1,4}|subpara|subch|amend|bibliog|annot|illus|princ|"
                    r"intro|sched|subdiv|subsec)[. ]")
_PREFIXED = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))")
_NUMERIC = re.compile(r"(?:[0-9]+|[ixv]+)(?:[-,:a-zA-Z]*|-[-0-9]+)")
_ROMAN = re.compile(r"[ivxlcmIVXLCM]+")
_WHOLE = re.compile(r"[0-9]+|[ivxlcmIVXLCM]+")
_SUBSECTION = (re.compile(r"[0-9]+[,a-zA-Z]+"), re.compile(r"[,a-zA-Z]+"))  # "12a-c"
_PAIR = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)"
                   r"([0-9]+[a-z]*)")
_LEADING_NUMBER = re.compile(r"\s*[0-9]+")


@dataclass
class _Number:
    prefix: str
    value: str
    joiner: str


_Text = TypeVar("_Text", bound=str | MixedString)


def number_variable(value: _Text, delimiter: str, range_format: bool) -> _Text:
    """``value`` of a number variable that is not a page as citeproc-js prints it, with
    ``delimiter`` for its ranges; ``range_format``: the style sets page-range-format. Rich
    text of more than one piece stays as it is."""
    if isinstance(value, MixedString):
        pieces = list(value)
        return MixedString([number_variable(pieces[0], delimiter, range_format)]) \
            if len(pieces) == 1 else value
    return value.__class__(_printed(str(value), delimiter, range_format))


def _printed(value: str, delimiter: str, range_format: bool) -> str:
    value = value.strip()
    pieces = _JOINER.split(value)
    if len(pieces) == 1 or "\\" in value or any(_LABEL.search(part) for part in pieces[::2]):
        return value
    for index in range(len(pieces) - 3, 0, -2):  # "12a-c" is one number
        if pieces[index] == "-" and _SUBSECTION[0].fullmatch(pieces[index - 1]) and \
                _SUBSECTION[1].fullmatch(pieces[index + 1]):
            pieces[index - 1:index + 2] = ["".join(pieces[index - 1:index + 2])]
    numbers = []
    for index in range(0, len(pieces), 2):
        joiner = re.sub(r"\s*-\s*", "-", pieces[index + 1], count=1) \
            if index + 1 < len(pieces) else ""
        match = _PREFIXED.fullmatch(pieces[index])
        numbers.append(_Number(match[1] or "", match[2], joiner) if match
                       else _Number("", pieces[index], joiner))
    first = numbers[0].value
    numeric = bool(first) and bool(_NUMERIC.fullmatch(first))
    if _LEADING_NUMBER.match(first) or _ROMAN.fullmatch(first):
        _collapse(numbers, delimiter, numeric, range_format)
    else:
        for number in numbers:
            number.joiner = delimiter if numeric and number.joiner == "-" else number.joiner
    return "".join(number.prefix + number.value + number.joiner for number in numbers)


def _collapse(numbers: list[_Number], delimiter: str, numeric: bool, range_format: bool
              ) -> None:
    """citeproc-js's range pass over collapsible numbers: a pair closes a run of
    hyphen-joined numbers where the second is not joined to the next by a hyphen."""
    count = 0
    for index, number in enumerate(numbers):
        if index == 0 or number.joiner == "-":
            count = 1
            continue
        count += 1
        if count == 2:
            count = _pair(numbers, index, delimiter, numeric, range_format)
    if count == 2:
        _pair(numbers, len(numbers) - 1, delimiter, numeric, range_format)


def _pair(numbers: list[_Number], index: int, delimiter: str, numeric: bool,
          range_format: bool) -> int:
    """The range of numbers[index - 1] and numbers[index]; the run's count after it."""
    first, last = numbers[index - 1], numbers[index]
    if first.prefix != last.prefix:
        return 2
    if first.joiner != "-":
        return 1
    start, end = _leading_int(first.value), _leading_int(last.value)
    if not range_format and start is not None and end is not None and start > end:
        first.joiner = delimiter if numeric else first.joiner
        return 2
    if _WHOLE.fullmatch(first.value) and _WHOLE.fullmatch(last.value):
        first.joiner = delimiter
    match = _PAIR.fullmatch(first.value + first.joiner + last.value)
    if match:
        first.prefix, first.value = match[1] or "", match[2]
        first.joiner = delimiter if numeric and match[3] == "-" else match[3]
        last.prefix, last.value = match[4], match[5]
    return 0


def _leading_int(text: str) -> int | None:
    """JavaScript's parseInt: the number a text starts with, if it starts with one."""
    match = _LEADING_NUMBER.match(text)
    return int(match[0]) if match else None


def is_numeric(value: str) -> bool | None:
    """citeproc-js's is-numeric for a number variable that is not a page: its first number
    is a number ("2-3", "12-15, 20", "S1", "iv"; not "7 (Suppl 2)"); None where a word
    citeproc-js takes for a label makes it a case of its own."""
    pieces = _JOINER.split(str(value).strip())
    if "\\" in str(value) or any(_LABEL.search(part) for part in pieces[::2]):
        return None
    match = _PREFIXED.fullmatch(pieces[0])
    return bool(_NUMERIC.fullmatch(match[2] if match else pieces[0]))
