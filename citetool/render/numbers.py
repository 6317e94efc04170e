"""Numbers and labels (CSL 1.0.2, "Number", "Label", "Page Ranges", "Locators"): page ranges
and their formats, numbers printed as text or numbers, labels singular or plural.
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import Any, TypeVar

from citeproc.model import FormatNumber, Label, Number, Text
from citeproc.string import MixedString, join

from ..patterns import lazy
from .output import _html_text
from .sorting import _sorting

_JOINER = lazy(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*[-\u2013]+\s*)")
_LABEL = lazy(r"(?:^| )(?:[a-z]{1,4}|subpara|subch|amend|bibliog|annot|illus|princ|"
              r"intro|sched|subdiv|subsec)[. ]")
_PREFIXED = lazy(r"([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))")
_NUMERIC = lazy(r"(?:[0-9]+|[ixv]+)(?:[-,:a-zA-Z]*|-[-0-9]+)")
_ROMAN = lazy(r"[ivxlcmIVXLCM]+")
_WHOLE = lazy(r"[0-9]+|[ivxlcmIVXLCM]+")
_WHOLE_NUMBER = lazy(r"[1-9][0-9]*")
_SUBSECTION = (lazy(r"[0-9]+[,a-zA-Z]+"), lazy(r"[,a-zA-Z]+"))  # "12a-c"
_PAIR = lazy(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)"
             r"([0-9]+[a-z]*)")
_LEADING_NUMBER = lazy(r"\s*[0-9]+")
_SLASHED = lazy(r"[0-9]+(?:/[0-9]+)+")


class _Number:
    """One number of a number variable: the letters before it, itself, and what joins it to
    the one before ("-", "&", ", " …). A plain class, not a dataclass: a dataclass is made
    at import by generating and compiling its methods (2-3 M instructions each run)."""

    __slots__ = ("prefix", "value", "joiner")

    def __init__(self, prefix: str, value: str, joiner: str) -> None:
        self.prefix, self.value, self.joiner = prefix, value, joiner


_Text = TypeVar("_Text", bound=str | MixedString)


def number_variable(value: _Text, delimiter: str, range_format: bool) -> _Text:
    """``value`` of a number variable that is not a page as citeproc-js prints it, with
    ``delimiter`` for its ranges; ``range_format``: the style sets page-range-format. Rich
    text of more than one piece stays as it is. A joiner that opens it goes, as in
    _number_text (an issue "-2" is "2")."""
    if isinstance(value, MixedString):
        pieces = list(value)
        return MixedString([number_variable(pieces[0], delimiter, range_format)]) \
            if len(pieces) == 1 else value
    return value.__class__(_printed(_OPENING_JOINER.sub("", str(value)), delimiter,
                                    range_format))


def range_delimiter(element: Any) -> str:
    """What joins the ends of a range: the style's page-range-delimiter term, else an en dash
    (CSL 1.0.2, "Appendix V")."""
    return str(element.get_single_term(name="page-range-delimiter") or "\u2013")


def range_formatted(element: Any) -> bool:
    """Whether the style sets a page-range-format (which also spaces some ranges)."""
    return "page-range-format" in element.get_root().attrib


def joiners_alone(value: str) -> bool:
    """Whether a number variable holds joiners alone ("-", "--"): printed as nothing, yet
    given (_OPENING_JOINER goes)."""
    return _OPENING_JOINER.fullmatch(value) is not None


def _printed(value: str, delimiter: str, range_format: bool,
             form: Callable[[str], str] = str) -> str:
    """``form`` prints a whole number: the numbers of a value whose first part is a
    number each take it, as citeproc-js prints the parts of such a value ("2-е изд." as
    an ordinal is "2nd-е изд.", "2-e, 3" is "2nd-e, 3rd"); "2e" or "12a-c" stay as written."""
    value = value.strip()
    numbers = _numbers(value)
    if numbers is None or len(numbers) == 1:
        return value
    first = numbers[0].value
    numeric = bool(first) and bool(_NUMERIC.fullmatch(first))
    if _LEADING_NUMBER.match(first) or _ROMAN.fullmatch(first):
        _collapse(numbers, delimiter, numeric, range_format)
        for number in numbers:
            number.value = form(number.value) if _WHOLE_NUMBER.fullmatch(number.value) \
                else number.value
    else:
        for number in numbers:
            number.joiner = delimiter if numeric and number.joiner == "-" else number.joiner
    return "".join(number.prefix + number.value + number.joiner for number in numbers)


def _numbers(value: str) -> list[_Number] | None:
    """The parts of a number variable as citeproc-js cuts it at its joiners; None for one
    it keeps whole (an escaped hyphen, a word it takes for a label)."""
    pieces = _JOINER.split(value)
    if "\\" in value or any(_LABEL.search(part) for part in pieces[::2]):
        return None
    for index in range(len(pieces) - 2, 0, -2):  # "12a-c" is one number
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
    return numbers


def parts(value: str) -> list[str]:
    """A number variable's value cut where citeproc-js cuts it into parts: the parts and the
    joiners between them, in turn."""
    return _JOINER.split(value)


def _plural(value: str) -> bool | None:
    """citeproc-js's plural for a number variable (a page whose parts are not all page
    numbers too): more than one part and the first a number ("2-е изд.", "10, Issue 3",
    "4-pp": "eds.", "vols.", "pp."); None where it takes a word for a label."""
    numbers = _numbers(value.strip())
    if numbers is None:
        return None
    first = numbers[0].value
    return len(numbers) > 1 and bool(_LEADING_NUMBER.match(first) or _ROMAN.fullmatch(
        first)) and bool(_NUMERIC.fullmatch(first))


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
    citeproc-js takes for a label makes it a case of its own. Numbers joined by slashes alone
    ("9/10", "1997/2", a double volume or a year's issue) are numeric too, as citeproc-js
    takes them ("vol. 9/10" in MLA); "9/10-11", "S9/10" or "9 / 10" are not."""
    if _SLASHED.fullmatch(str(value).strip()):
        return True
    pieces = _JOINER.split(str(value).strip())
    if "\\" in str(value) or any(_LABEL.search(part) for part in pieces[::2]):
        return None
    match = _PREFIXED.fullmatch(pieces[0])
    return bool(_NUMERIC.fullmatch(match[2] if match else pieces[0]))


def _label(label: Label, item: object, variable: str | None = None, *args: object,
           **kwargs: object) -> object:
    """citeproc-py's label; for an empty variable the singular term, as citeproc-js 2.4.63
    prints it ("Crawling the Web. Page in M. Levene …, editors." in ecology, whose group
    prints the container), though CSL 1.0.2 ("Label") renders a label only with its
    variable: a group or macro that calls the empty variable is suppressed anyway (MDPI's
    "1987; p ." for a report without pages was citeproc-py's unsuppressed macro). A names
    label of no names is none.
    number-of-pages and number-of-volumes take the page and volume terms, plural above 1.
    A name label is left out of sort keys, as citeproc-js leaves it: "Doe, John, ed." sorts
    with "Doe, John"."""
    if variable is not None and _sorting(kwargs.get("sort_options")):  # a cs:names label
        return None
    name = variable or label.get("variable")
    if name == "editortranslator":  # citeproc-py's names of one editor and translator
        name = "editor"
    if name and name != "locator" and not item.reference.get(name.replace("-", "_")):
        if variable is not None:
            return None
        return _CITEPROC_LABEL(label, item, _COUNT_TERMS.get(name, name), *args,
                               **{**kwargs, "plural": False})
    if name == "locator" and _labelled_locator(item):
        return None
    if name in _COUNT_TERMS and variable is None:  # CSL 1.0.2, "Label": "volume", "volumes"
        count = str(item.reference.get(name.replace("-", "_")))
        return _CITEPROC_LABEL(label, item, _COUNT_TERMS[name], *args, **{
            **kwargs, "plural": not count.isdigit() or int(count) > 1})
    return _CITEPROC_LABEL(label, item, variable, *args, **kwargs)


def _labelled_locator(item: object) -> bool:
    """Whether the cite's locator opens with a locator label of its own ("vol. 1, fol. 186,
    8 April 1544"): citeproc-js then prints the locator as written and no cs:label before
    it; citeproc-py printed "pp. vol. 1, fol. 186"."""
    return item.has_locator and bool(_LOCATOR_LABEL.match(str(item.locator.identifier)))


# The abbreviated locator labels citeproc-js reads at the start of a locator, followed by
# a number: art., bk., ch., col., fig., fol., l., n., no., op., p., pp., para., pt., r.,
# sec., sv., tit., vol., vrs.
_LOCATOR_LABEL = lazy(r"(?:art|bk|ch|col|fig|fol|l|n|no|op|pp?|para|pt|r|sec|sv|tit|vol|"
                      r"vrs)\.\s*\d")


# The terms that label the count variables (citeproc-py looked for a term of their name).
_COUNT_TERMS = {"number-of-pages": "page", "number-of-volumes": "volume"}


_PAGE = lazy(r"(|.*\D)(\d+)")


def _last_page(number: FormatNumber, first: str, last: str) -> str:
    """The last page of a range as page-range-format asks (CSL 1.0.2, Appendix V): an
    abbreviated last page is read in full first ("110-5" is 110–115); citeproc-py shortened
    ranges whose ends differ in length ("1–19" became "1–9") and never expanded. As in
    citeproc-js, a range that does not go up stays as written ("120-15"), and the formats
    that shorten drop the last page's repeated prefix ("S1-S168" → "S1–168")."""
    range_format = number.get_root().get_option("page-range-format")
    first_match, last_match = _PAGE.fullmatch(first), _PAGE.fullmatch(last)
    if range_format is None or not first_match or not last_match or (
            last_match[1] not in ("", first_match[1])):
        return last
    prefix, first, digits = first_match[1], first_match[2], last_match[2]  # "S" of "S1-S168"
    if len(digits) < len(first):
        digits = first[:len(first) - len(digits)] + digits
    if int(first) >= int(digits):
        return last
    if range_format == "expanded":
        return prefix + digits
    if len(digits) != len(first):
        return digits
    if range_format in ("chicago", "chicago-15"):  # as citeproc-js abbreviates them: within
        value, end = int(first), int(digits)  # a hundred to the last two digits at most
        if value > 100 and value % 100 and value // 100 == end // 100:  # ("321–28", "101–8")
            return str(end % 100)  # else in full ("1496–1504", "6896–6916"), or from 10,000
        return str(end % 1000) if value >= 10000 else digits  # the last three ("12345–401")
    if range_format.startswith("chicago"):
        value = int(first)
        if value < 100 or value % 100 == 0:
            return digits
        range_format = "minimal" if value % 100 < 10 else "minimal-two"
    common = next((i for i, (a, b) in enumerate(zip(first, digits)) if a != b), len(digits))
    if range_format == "minimal-two":
        common = min(common, len(digits) - 2)
    return digits[common:]


def _number_process(number: Number, item: object, context: object = None,
                    **kwargs: object) -> object:
    """citeproc-py's cs:number, reading a variable named with a hyphen (number-of-volumes,
    collection-number, chapter-number) from its record key ("number_of_volumes"):
    citeproc-py looked up "number-of-volumes", found nothing and printed nothing
    (springer-humanities' "3 vols.", AGU's "(Vols. 1–3)"). page-first is the first page of
    the record's page, else the record's own page-first, as citeproc-js takes it (OSCOLA's
    cases "(1950) 339 763"); citeproc-py read only the page."""
    variable = number.get("variable")
    if variable == "page-first" and "page" not in item.reference and \
            "page_first" in item.reference:
        return number._process(item.reference["page_first"], variable)
    if "-" not in variable or variable == "page-first":
        return _CITEPROC_NUMBER_PROCESS(number, item, context, **kwargs)
    return number._process(item.reference[variable.replace("-", "_")], variable)


def _number_text(number: FormatNumber, value: object, variable: str) -> object:
    """citeproc-py's numbers and ranges, read from the record's text: in HTML its "&" came
    escaped, and citeproc-py split "142-145 &amp; 235" at the "&" ("&amp; amp;"). Page ranges
    stay as written unless both ends are page numbers ("12", "S1"), as citeproc-js does:
    "1:1-1:4" stayed, citeproc-py made "1:1–:4"; only their dashes are closed up hyphens.
    Other numbers that are not numbers ("SE-10", "3,4") are printed as written too.
    Ranges listed with "; " are formatted as those listed with ", ".
    A joiner that opens the value joins nothing and goes (_OPENING_JOINER), as citeproc-js
    prints no empty part nor its joiner: an issue "-2" is "2", a page "-" prints nothing
    (the variable still set for conditions and labels: IEEE's "p.,")."""
    value = _OPENING_JOINER.sub("", str(value).replace(number.preformat("&"), "&"))
    if not value:
        return ""
    if variable == "page-first":  # what comes before the first separator ("56:1" of
        first = _FIRST_PAGE_END.split(value)[0]  # "56:1-56:30"), as citeproc-js takes it,
        value = value if first.endswith("\\") else first  # but "327\-30" is one page
    if variable == "page" and (labelled := _LABELLED_PAGE.fullmatch(value)):
        return _labelled_page(number, labelled)
    if variable == "page" and "\\-" in value:
        return _escaped_page(value)
    if variable == "page" and (capital := _CAPITAL_LETTERED_RANGE.fullmatch(value)):
        return _capital_lettered_range(number, capital)
    if variable == "page" and (lettered := _LETTERED_RANGE.fullmatch(value)):
        return _lettered_range(number, lettered)
    if variable.startswith("page") and _PAGE_LIST.search(value) and _numeric_pages(value):
        return join([_number_text(number, part, variable) for part in _PAGE_LIST.split(value)],
                    "; ")  # "33-37; 54-55", separated as with commas (citeproc-js)
    if variable == "page" and _PAGE_RUN.search(value) and _numeric_pages(value):
        return "".join(_last_pair(number, part) for part in _PAGE_PARTS.split(value))
    if variable == "page":
        value = _UNLIKE_RANGE.sub(_unlike_range, _HYPHEN_RUN.sub(
            lambda m: _KEPT_HYPHEN * len(m[1]) + m[2], value))
    if variable.startswith("page") and not _numeric_pages(value):  # "1:1 - 1:4" -> "1:1-1:4"
        delimiter = range_delimiter(number)
        return _PAGE_JOINER.sub(lambda m: f"{m[1]} {delimiter} " if m[1] else "-",
                                value).replace(_KEPT_HYPHEN, "-")
    if not variable.startswith("page") and number.get("form", "numeric") == "numeric" and \
            "&" not in value:  # "04" stays "04", "2 - 3" is "2–3" (see numbers.py)
        return number_variable(value, range_delimiter(number), range_formatted(number))
    if not _numeric_pages(value) and not variable.startswith("page") and "&" not in value:
        return _printed(value, range_delimiter(number), range_formatted(number),
                        lambda whole: str(number.format_number(whole)))
    if not _numeric_pages(value):  # a volume "SE-10", a report "RR-1443": as written, its
        return _localized_ampersand(number, value) if "&" in value else value  # "&" joining
    output = _CITEPROC_NUMBER(number, value, variable)
    return output.replace(_KEPT_HYPHEN, "-") if _KEPT_HYPHEN in value else output


# Hyphens and dashes at the start of a number variable, which citeproc-js reads as the
# joiner after an empty first part (an escaped hyphen "\\-" is text).
_OPENING_JOINER = lazy("^\\s*[-\u2013]+\\s*")


def _labelled_page(number: FormatNumber, match: re.Match[str]) -> str:
    """A page of numbers, then a label and more numbers ("539-546 vol. 1"), as citeproc-js
    2.4.63 reads it: the first numbers are the page, formatted as a page alone ("539–46"
    in a minimal format); the label is printed as the locale's short term where citeproc-js
    knows it for a label (_LABEL_TERMS: "ch. 3" is "chap. 3", plural before a range: "vols.
    1–2") and as written where not ("sup. 2", "pt 2"), none where it is the page's own ("12-18
    p. 20" is "12–18 20"); the numbers after it as a number variable's."""
    head, label, spaces, tail = match.groups()
    tail = _printed(tail, range_delimiter(number), range_formatted(number))
    name = _LABEL_TERMS.get(label)
    if name == "page":
        return f"{_number_text(number, head, 'page')} {tail}"
    term = number.get_term(name, "short") if name else None
    if term is not None:
        label = str(term.multiple if _RUN_JOINER.search(match[4]) else term.single)
    return f"{_number_text(number, head, 'page')} {label}{spaces}{tail}"


# A page of numbers ("539", "539-546"), one space, a label (a word of up to four lower-case
# letters or one of a few longer ones, then a period or a space), and a number or range; as
# citeproc-js reads a label in a number variable.
_LABELLED_PAGE = lazy(r"(\d+(?:\s*[-\u2013]+\s*\d+)?) ((?:[a-z]{1,4}|subpara|subch|amend|"
                      r"bibliog|annot|illus|princ|intro|sched|subdiv|subsec)(?:\.|(?= )))"
                      r"( *)(\d+[a-zA-Z]*(?:[-\u2013]\d+[a-zA-Z]*)?)")
# The labels citeproc-js knows, and the CSL terms it prints for them.
_LABEL_TERMS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.": "annotation",
    "app.": "appendix", "art.": "article", "bibliog.": "bibliography", "bk.": "book",
    "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.": "decision",
    "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field", "fol.": "folio",
    "n.": "note", "hypo.": "hypothetical", "illus.": "illustration", "intro.": "introduction",
    "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication",
    "r.": "rule", "rn.": "randnummer", "sched.": "schedule", "sec.": "section",
    "subdiv.": "subdivision", "subsec.": "subsection", "supp.": "supplement", "tbl.": "table",
    "tit.": "title", "vol.": "volume"}


def _lettered_range(number: FormatNumber, match: re.Match[str]) -> str:
    """A range from a page with a letter to a number ("15e-15") as citeproc-js prints it: it
    reads the first end as a string of digits and letters, and a last end shorter than that
    string takes its opening digits ("15e-15" is "15e–115", "5a-7" "5a–57"; "4ab-5" stays,
    "4a" being no digits); without a page-range-format, only a last end as long as the
    first's digits and not below them ("15e-9" and "92a-91" stay). The minimal formats then
    drop what that string and the last end open with alike, as with any range ("92a-93" is
    "92a–993", minimal "92a–93"; "15e-9" minimal-two "15e–59")."""
    first, last = match[1] + match[2], match[3]
    range_format = number.get_root().get_option("page-range-format")
    if len(match[2]) <= len(last) < len(first) and (range_format is not None or (
            len(last) >= len(match[1]) and int(last) >= int(match[1]))):
        last = first[:len(first) - len(last)] + last
    if range_format in ("minimal", "minimal-two"):
        alike = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(last))
        last = last[min(alike, len(last) - 2) if range_format == "minimal-two" else alike:]
    return first + range_delimiter(number) + last


_LETTERED_RANGE = lazy(r"(\d+)([a-z]+)\s*[-\u2013]\s*(\d+)")


def _capital_lettered_range(number: FormatNumber, match: re.Match[str]) -> str:
    """A page range from a number with capital letters to a number ("72611J-10", also the
    last two of three: "72611J-72611J-10", a paper's page "72611J-1" to its "72611J-10")
    as citeproc-js 2.4.63 prints it: its page ranges know small letters only, so the
    hyphen becomes the style's delimiter, spaced ("72611J – 10", AMA's "72611J - 10"),
    but without a page-range-format a range that goes down takes it unspaced
    ("72611J–10"; "5J – 10"). Hyphens before the pair are closed up."""
    firsts, first, last = match[1], match[2], match[3]
    delimiter = range_delimiter(number)
    if range_formatted(number) or int(_LEADING_NUMBER.match(first)[0]) <= int(last):
        delimiter = f" {delimiter} "
    return "".join(part + "-" for part in _RUN_JOINER.split(firsts)[:-1]) + \
        first + delimiter + last


# The pages of _capital_lettered_range: numbers, each but the last with letters, joined by
# hyphens or dashes; the last but one ends in capital letters.
_CAPITAL_LETTERED_RANGE = lazy(r"((?:\d+[A-Za-z]*\s*[-\u2013]\s*)*)(\d+[A-Z]+)\s*[-\u2013]\s*"
                               r"(\d+)")


def _escaped_page(value: str) -> str:
    """A page holding an escaped hyphen ("327\\-30" is one page) as citeproc-js prints it:
    that hyphen as a hyphen, every other hyphen or dash as an en dash, spaced as written,
    whatever the style's page-range-format and page-range-delimiter ("30\\--38" is
    "30-–38")."""
    return value.replace("\\-", _KEPT_HYPHEN).replace("-", "\u2013").replace(
        _KEPT_HYPHEN, "-")


def _escaped_pages_count(value: str) -> bool:
    """Whether a page holding an escaped hyphen counts as several, as citeproc-js counts it:
    numbers all, roman ones not ("A\\-1", "xii\\-1-5" are one page), two of them separated
    by more than an escaped hyphen ("30\\-38-40" and "30\\--38" are several, "30\\-38" one)."""
    parts = _ESCAPED_JOINER.split(value)
    return all(_ESCAPED_NUMBER.fullmatch(part) for part in parts[::2] if part) and any(
        not _ESCAPED_ONLY.fullmatch(joiner) for joiner in parts[1::2])


_ESCAPED_JOINER = lazy(r"(,\s+|\s*&\s*|\s*(?:\\?[-\u2013])+\s*)")
_ESCAPED_ONLY = lazy(r"\s*(?:\\-)+\s*")
_ESCAPED_NUMBER = lazy(r"(?:\d*[A-Za-z]+)?\d+")


def _unlike_range(match: re.Match[str]) -> str:
    """A page range whose ends have different prefixes ("N110 - 5", "123N110 - N5") is no
    range to format: kept as written, its hyphen closed up, as citeproc-js does."""
    first, last = _PAGE.fullmatch(match[1]), _PAGE.fullmatch(match[2])
    if not first or not last or first[1] == last[1]:  # also roman numbers: "xxv-xxviii"
        return match[0]
    return match[1] + _KEPT_HYPHEN + match[2]


def _last_pair(number: FormatNumber, part: str) -> str:
    """Three or more pages joined by hyphens ("25-1 - 25-26", a chapter's page "25-1" to
    its "25-26") as citeproc-js reads them: a range of the last two, the hyphens before
    them closed up ("25-1-25–26", "25-1-25–6" in a minimal format). Other parts of a list
    as any page."""
    if _PAGE_PARTS.fullmatch(part):  # the ", " or "&" between parts
        return ", " if "," in part else " & "
    if not _PAGE_RUN.fullmatch(part):  # "1-2-3 , 4" is no list: as written
        return part if _PAGE_RUN.search(part) else str(_number_text(number, part, "page"))
    *firsts, before, last = _RUN_JOINER.split(part)
    return "".join(first + "-" for first in firsts) + str(_number_text(
        number, f"{before}-{last}", "page"))


_PAGE_RUN = lazy(r"(?:[^\s,;&\-–]+\s*[-–]\s*){2,}[^\s,;&\-–]+")
_RUN_JOINER = lazy(r"\s*[-–]\s*")
_PAGE_PARTS = lazy(r"(,\s+|\s*&\s*)")
_UNLIKE_RANGE = lazy(r"([^\s,&\-–]+)\s*[-–]\s*([^\s,&\-–]+)")
_KEPT_HYPHEN = "\ue007"
_PAGE_LIST = lazy(r";\s+")
_FIRST_PAGE_END = lazy("\\s*(?:&|, |-|\u2013)\\s*")
# A hyphen and the spaces around it; or one after a number and words, before a number, which
# citeproc-js spaces around the style's delimiter ("16474 LP - 16479" is "16474 LP – 16479",
# "12 (LP)-15, 20" is "12 (LP) – 15, 20"; "12 LP-B15" stays).
_PAGE_JOINER = lazy(r"((?:^|(?<=[,;]\s))\d+\s+[^\d\s,;&\-–][^\d,;&\-–]*?)?\s*[-–]\s*"
                    r"(?=\d+[a-z]*(?:$|[,;]\s))|\s*[-–]+\s*")
# A run of hyphens, which citeproc-js prints as written but for the spaces before it
# ("E2579--E2586"; "1 -- 5" is "1-- 5").
_HYPHEN_RUN = lazy(r"\s*(-{2,})(\s*)")


def _is_plural(label: Label, item: object) -> bool:
    """citeproc-py's plural label test; number variables are plural as citeproc-js counts
    their parts (see _plural), pages too where they are not all page numbers: "4-pp" and
    "33-37,54-55" take "pp.", "1:1-1:4", "4a-pp" (one number, as "12a-c") and "paper9" "p.";
    with a word citeproc-js takes for a label, only a range left open ("180-") is plural."""
    variable = label.get("variable") or ""
    value = item.reference.get(variable.replace("-", "_"))
    if variable in _NUMBER_VARIABLES and not variable.startswith("number-of") and \
            value is not None and (plural := _plural(str(value))) is not None:
        return plural
    if variable in ("page", "volume", "issue"):
        if variable == "page" and (labelled := _LABELLED_PAGE.fullmatch(str(value).strip())):
            return bool(_RUN_JOINER.search(labelled[1])) or _LABEL_TERMS.get(
                labelled[2]) == "page"  # the page's numbers alone: "pp. 539–546 vol. 1"
        if variable == "page" and "\\-" in str(value):
            return _escaped_pages_count(str(value))
        if not _numeric_pages(value):  # counted as the other number variables ("4-pp")
            plural = _plural(str(value))
            return plural if plural is not None else bool(_OPEN_RANGE.fullmatch(str(value)))
        # a range or list of page numbers, roman ones too ("i–ix"), is plural; citeproc-js
        # counts only i, v and x in lower case as roman: "C-25", "IV-VI" take "p."
        ends = [end.strip() for end in _PAGE_SEPARATOR.split(str(value))]
        return len(ends) > 1 and not any(_ROMAN.fullmatch(end) and not _COUNTED_ROMAN.fullmatch(
            end) for end in ends)
    if variable == "locator" and "\\-" in str(item.locator.identifier):
        return False  # an escaped hyphen is no range
    return _CITEPROC_IS_PLURAL(label, item)


def _numeric_pages(value: object) -> bool:
    """Whether each end of each range is a page number: "12", "S1", "xxv" (roman). As in
    citeproc-js, a comma or semicolon separates pages only when a space follows it:
    "33-37,54-55" is one odd page, printed as written."""
    return all(_PAGE_NUMBER.fullmatch(end.strip()) for end in _PAGE_SEPARATOR.split(
        str(value).replace("&amp;", "&")))  # HTML's record text is escaped


_COUNTED_ROMAN = lazy(r"[ivx]+")
_PAGE_NUMBER = lazy(r"(?:\d*[A-Za-z]+)?\d+|[ivxlcdm]+|[IVXLCDM]+")  # "8n1568"
_PAGE_SEPARATOR = lazy(r"[-–]+|&|[,;]\s")
_OPEN_RANGE = lazy(r"\s*[A-Za-z]*\d+\s*[-–]+\s*")


def _localized_ampersand(text: Text, value: object) -> str:
    """An "&" between numbers ("pages 213 & 235") as the locale's symbol form of the "and"
    term, spaced, as citeproc-js joins the parts of a number variable; citeproc-py kept the
    record's "&". Like citeproc-js, the plain "&" where the symbol form is the long term
    (a locale without one), and no spaces between letters ("R&D"). Any "&" of the record is
    one, also where entity-like text follows it: "3&sol;4" is "3 & sol;4" as in citeproc-js
    ("3&sol;4" before); in HTML the record's "&" comes escaped, and the value's other
    entities are the escaping's own."""
    symbol = str(text.get_single_term("and", "symbol") or text.preformat("&"))
    if symbol == str(text.get_single_term("and")):
        symbol = text.preformat("&")

    def joined(match: re.Match[str]) -> str:
        return match[1] + (symbol if match[1] and match[2] else f" {symbol} ")
    return _ampersand(text.preformat("&")).sub(joined, str(value))


@functools.cache
def _ampersand(written: str) -> re.Pattern[str]:
    """The record's "&" and the letters right around it, in an output format that writes "&"
    as ``written``: in HTML "&amp;", or an "&" that opens none of the escaping's entities
    (_number_text unescapes pages)."""
    ampersand = "&" if written == "&" else f"{re.escape(written)}|&(?!(?:lt|gt|quot|#x27);)"
    return re.compile(rf"([A-Za-z]?)\s*(?:{ampersand})\s*(?=([A-Za-z]?))")


_LOCATOR_DASH = lazy("\\s*\u2013\\s*")
_LOCATOR_RANGE = lazy("(\\w+)\u2013(\\w+)")


# CSL's number variables that citeproc-js reads as numbers when a cs:text renders them (pages
# are citeproc-py's own _process, see _number_text).
_NUMBER_VARIABLES = frozenset("chapter-number collection-number edition issue number "
                              "number-of-pages number-of-volumes volume".split())


def _format_number(number: Number, value: object) -> object:
    """citeproc-py's number in the element's form, an ordinal's suffix taken from the
    first locale, in the order the style falls back through them, that has ordinal terms:
    a locale's ordinal terms replace all those of the locales after it (CSL 1.0.2,
    "Ordinal Suffixes"), as in citeproc-js. DGPs' in-style German locale has none, and
    citeproc-py took en-US's "ordinal-03" before de-DE's "ordinal": "3rd Auflage", not
    "3. Auflage".
    Only a whole number without leading zeros takes the form: "0", "01" and "00" are printed
    as written, as citeproc-js 2.4.63 prints them ("0 ed.", "01 ed."; we printed "0th",
    "1st")."""
    form = number.get("form", "numeric")
    if not _WHOLE_NUMBER.fullmatch(str(value)):
        return value
    whole = int(str(value))
    if form == "ordinal" or form == "long-ordinal" and whole > 10:
        return str(whole) + _ordinal_suffix(number, whole)
    if form == "roman" and whole >= _ROMAN_LIMIT:
        return ""
    return _CITEPROC_FORMAT_NUMBER(number, value)


#: citeproc-js writes Roman numerals below 6000 only, a larger number as nothing: MHRA's
#: volume 7978 of Lecture Notes in Computer Science (citeproc-py: "mmmmmmmcmlxxviii").
_ROMAN_LIMIT = 6000


def _ordinal_suffix(number: Number, whole: int) -> str:
    """The ordinal suffix of ``whole`` as citeproc-py matches it (the number's own term, its
    last digit's, then "ordinal"), in the first locale with ordinal terms."""
    locales = [locale for locale in number.get_root().locales if _has_ordinals(locale)]
    if not locales:
        return ""
    names = ((f"ordinal-{whole:02}", False), (f"ordinal-{int(str(whole)[-1]):02}", True),
             ("ordinal", False))
    for name, padded in names:
        try:
            return str(locales[0].get_term(name, zero_padded=padded).single)
        except IndexError:
            continue
    return ""


def _has_ordinals(locale: Any) -> bool:
    try:
        return bool(locale.terms.xpath_search("./cs:term[starts-with(@name, 'ordinal')]"))
    except AttributeError:  # a locale without terms
        return False


_CITEPROC_LABEL, _CITEPROC_IS_PLURAL = Label.process, Label._is_plural
_CITEPROC_NUMBER = FormatNumber._process
_CITEPROC_FORMAT_NUMBER = Number.format_number
_CITEPROC_NUMBER_PROCESS = Number.process


def _numeric_field(key: str, value: str, text: Callable[[str], str]) -> str:
    """Record text made ready for the output format, but a number variable that opens with
    a number keeps its tags as text ("1<sup>er</sup>" prints the tags), as citeproc-js,
    which reads rich-text markup in numeric fields only when they hold no number. A number
    variable written with its own label (_OWN_LABEL: "pp. 12-26", "p. 12", a volume "vol.
    39", an issue "no. 5") loses it, as citeproc-js 2.4.63 takes the label for its own and
    prints the number with the style's ("12–26" in APA, "pp. 12–26" in MLA, "vol. 39" in
    IEEE; we printed "p. pp. 12-26", "vol. vol. 39"); "pp 12", "pp.12", "Pp. 12", "Vol. 39",
    "vols. 3-4" stay as written, and so does another variable's label ("no. 8" in a
    collection-number)."""
    own_label = _OWN_LABEL.get(key)
    if own_label is not None:
        value = own_label.sub("", value)
    if key not in _NUMBER_VARIABLES or not value[:1].isdigit() or "<" not in value:
        return text(value)
    if text is not _html_text:
        return value
    return html.escape(value.translate(_ANGLES_KEPT), quote=False)  # "&lt;" after numbers split


# The labels citeproc-js reads at the start of a number variable as that variable's own
# (its table of label abbreviations: "p." and "pp." are the page's, "vol." the volume's, "no."
# the issue's), lower case, a period and a space before the number.
_OWN_LABEL = {"page": lazy(r"^pp?\. (?=\S)"), "volume": lazy(r"^vol\. (?=\S)"),
              "issue": lazy(r"^no\. (?=\S)")}
# A number's own "<" and ">" while citeproc-py splits it at "&" (see _numeric_field, _html).
_ANGLES_KEPT = str.maketrans({"<": "\ue013", ">": "\ue014"})
