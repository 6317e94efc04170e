"""Punctuation after a number, as citeproc-js settles it.

citeproc-js merges a suffix's punctuation mark into the one its element's output ends with
("Springer, 2013;" + "." is "Springer, 2013;"), except where that output ends in a number:
MDPI's books print "Springer, 2013; Vol. 4;." and "p. 410;.". The number is the value of a
number variable (NUMBERS) that ends in a whole number without a leading zero (410, 12–15, A12;
not 0410, 12a or xii); suffixes after it do not count. A date's year is no such number. CSL
1.0.2 leaves the merging of punctuation unspecified; punctuation._finish merges what meets, and
this module keeps such pairs apart for it.

Likewise a mark a suffix ends with stays apart from a different mark a group's delimiter
starts with (delimited): citeproc-js merges suffixes with prefixes, not with delimiters. And
the mark an element with formatting (font-style, font-weight, …) ends with stays apart from
the same mark the next element's prefix starts with (after_decorations): citeproc-js merges no
punctuation across a formatted element's end, so iso690's italic "Rev. Mod. Phys." before
the prefix ". " of "Online" prints "Rev. Mod. Phys.. Online".

A cs:names that prints its substitute's cs:text (or group, date, …) prints it without its own
formatting and affixes, as citeproc-js does (substituted); a substitute's cs:names takes them.

Whether a text ends in a number is kept on the rendered text object, as an attribute, from the
number's element up through each group, macro, choice and formatting that ends with it
(lookups._wrap; compiled.group, branch and macro; text._marked_up, output._format).
"""
from __future__ import annotations

from typing import Any

from citeproc.model import Number, Text
from citeproc.string import MixedString, String, normalize_seam

from ..patterns import lazy

#: Set between two punctuation marks that stay as they are, those the record puts together
#: ("Thou?: Dance", punctuation._typographic) and those after a number; punctuation._finish merges
#: what else meets, then takes it out.
MARKS_APART = "\ue012"
# The variables a cs:text or cs:number renders as a number in citeproc-js (edition it renders
# as text).
NUMBERS = frozenset("chapter-number citation-number collection-number issue locator number "
                    "number-of-pages number-of-volumes page page-first volume".split())
_ATTRIBUTE = "_citetool_number_end"
_SUFFIX_MARK = "_citetool_suffix_mark"
# Not carried up (carry): only the delimiter of the group right around the text counts.
_FORMATTED_MARK = "_citetool_formatted_mark"
_ATTRIBUTES = (_ATTRIBUTE, _SUFFIX_MARK)
# Set on the output of an element with formatting, not carried to the group around it (see
# after_decorations); and on a substitute's text that is no names (see substituted).
_DECORATED, _SUBSTITUTED = "_citetool_decorated", "_citetool_substituted"
# What a copy of a text keeps (_copy): not _SUBSTITUTED, which only the names take.
_KEPT = (*_ATTRIBUTES, _DECORATED)
_PLAIN_NUMBER_END = lazy(r"(?:^|\D)[1-9]\d*(?:</[a-z]+>)*$")
#: The punctuation marks that merge with or stay apart from one another.
MARKS = frozenset(".,;:!?")
_LAST_MARK = lazy(r"([.,;:!?])(?:</[a-z]+>)*$")
_FORMATTED_END = lazy(r"([!?:;])(?:</[a-z]+>)*$")
_MARKS_ALONE = lazy("(?:<[^>]*>|[!?:;.,\\s\ue012])*")  # \ue012: MARKS_APART


def renders_number(element: Any) -> bool:
    """Whether the element renders one of the number variables."""
    return isinstance(element, Text | Number) and element.get("variable") in NUMBERS


def ends_in_number(text: Any, numeric: bool) -> bool:
    """Whether ``text``, an element's output before its affixes, ends in a number: marked so,
    or the output of an element that ``renders_number`` ending in a plain whole number."""
    return getattr(text, _ATTRIBUTE, False) or (
        numeric and _PLAIN_NUMBER_END.search(str(text)) is not None)


def kept_apart(text: Any, suffix: str) -> Any:
    """``text``, which ends in a number, ready for ``suffix``: a mark it ends with kept apart
    from a different mark the suffix starts with (the same mark twice is still one)."""
    if suffix[:1] in MARKS and (mark := _LAST_MARK.search(str(text))) and mark[1] != suffix[0]:
        return text + String(MARKS_APART)
    return text


def carry(source: Any, text: Any) -> Any:
    """``text`` marked as ``source``, the text it was made from, is: ending in a number, or
    in a suffix's punctuation mark."""
    if text is None:
        return text
    for attribute in _ATTRIBUTES:
        if getattr(source, attribute, False):
            text = _with(text, attribute)
    return text


def marked(text: Any) -> Any:
    """A copy of ``text`` of its own type, marked as ending in a number: the text itself may
    be shared (output._plain_text caches record texts)."""
    return _with(text, _ATTRIBUTE)


def suffixed(text: Any, suffix: str) -> Any:
    """``text`` with ``suffix`` after it, marked if the suffix is a punctuation mark that the
    text does not already end with (the same mark twice is one, and no suffix's)."""
    joined = text + normalize_seam(text, suffix)
    if suffix[-1:] in MARKS and not str(text).endswith(suffix[-1]):
        return _with(joined, _SUFFIX_MARK)
    return joined


def delimited(output: list[Any], delimiter: str, group: Any = None,
              suffixes: bool = True) -> list[Any]:
    """The outputs ``group`` joins with ``delimiter``: one that ends in a suffix's mark keeps
    it apart from a different mark the delimiter starts with (unless not ``suffixes``).
    citeproc-js merges a suffix's mark with the next element's prefix, but not with a
    delimiter: Springer's volume suffix ":" before the ". " of the DOI prints "15:.
    https://doi.org/…". So does a formatted variable of this group that ends in "!", "?",
    ":" or ";" (formatted_end), also in a cs:choose's branch, which joins with the group's
    delimiter."""
    if delimiter[:1] not in MARKS:
        return output
    return [text + String(MARKS_APART) if number < len(output) - 1 and str(text)[-1:] != (
        delimiter[0]) and (suffixes and getattr(text, _SUFFIX_MARK, False) or (
            group is not None and getattr(text, _FORMATTED_MARK, None) is group)) else text
        for number, text in enumerate(output)]


def substituted(text: Any, names: bool) -> Any:
    """``text``, what a cs:substitute printed, marked as printed by a child that is no
    cs:names (``names`` false): the cs:names around it then leaves it as it is (is_substituted).
    citeproc-js prints harvard-anglia-ruskin's ``<names variable="author" suffix=",">`` with a
    substitute ``<text macro="anon"/>`` as "Anon. 2005a." where we printed "Anon., 2005a."."""
    if text is None:
        return text
    if not names:
        return _with(text, _SUBSTITUTED)
    if not is_substituted(text):  # a cs:names's text: the names around it take it as theirs
        return text
    return _copy(text, _KEPT)


def is_substituted(text: Any) -> bool:
    """Whether ``text`` is a substitute's text that is no names (see substituted)."""
    return getattr(text, _SUBSTITUTED, False)


def decorated(text: Any) -> Any:
    """``text``, the output of an element with formatting, marked so (see after_decorations)."""
    return text if text is None else _with(text, _DECORATED)


def is_decorated(text: Any) -> bool:
    """Whether ``text`` is the output of an element with formatting (see decorated)."""
    return getattr(text, _DECORATED, False)


def undecorated(text: Any) -> Any:
    """``text`` as a group's or macro's output: the formatting of the one element it holds
    is not the group's own."""
    if not is_decorated(text):
        return text
    return _copy(text, _ATTRIBUTES)


def after_decorations(output: list[Any]) -> list[Any]:
    """The outputs a group, macro or branch joins without a delimiter: one of an element with
    formatting that ends in a mark keeps it apart from the same mark the next one starts
    with. citeproc-js merges no punctuation across the end of a formatted element:
    "<i>Rev. Mod. Phys.</i>" before ". Online" keeps both periods. (Where only the next one
    is formatted, it keeps both too unless the first's suffix ends in the mark; that case is
    not done here.)"""
    return [text + String(MARKS_APART) if number < len(output) - 1 and is_decorated(
        text) and (mark := _LAST_MARK.search(str(text))) and str(
        output[number + 1]).startswith(mark[1]) else text
        for number, text in enumerate(output)]


def delimiting_group(parent: Any) -> Any:
    """The cs:group whose delimiter joins the children of ``parent``: ``parent`` itself or
    the nearest group around it past cs:choose and its branches (None for a macro or
    layout)."""
    while parent is not None and parent.tag.rpartition("}")[2] in _BRANCHES:
        parent = parent.getparent()
    return parent if parent is not None and parent.tag.endswith("}group") else None


_BRANCHES = ("choose", "if", "else-if", "else")


def formatted_end(text: Any, suffix: str, group: Any | None) -> Any:
    """A cs:text variable's formatted output (font-style, font-weight, font-variant,
    text-decoration or vertical-align set, even to "normal") that ends in "!", "?", ":" or ";",
    ready for ``suffix``: citeproc-js merges no other mark after it, neither its own suffix's
    nor the delimiter of ``group``, the cs:group right around it, if any ("<i>Onward!</i>.
    2011" in AMA; "Onward! 2011" where the text is unformatted, formatted by a macro or group
    around it, or in a group within the delimiting one). Its own suffix's it keeps apart
    wherever the text is, in a group, a macro or the layout itself: ACL's italic book title
    "<i>Where are we going now?</i>." (where we printed "now?"). Text of marks alone ("?",
    "??", "?!") merges as unformatted text does: AMA's "In: ?? 1991", not "In: ??. 1991"."""
    end = _FORMATTED_END.search(str(text))
    if end is None or _MARKS_ALONE.fullmatch(str(text)):
        return text
    if suffix:
        return text + String(MARKS_APART) if suffix[0] in MARKS and suffix[0] != end[1] \
            else text
    return _with(text, _FORMATTED_MARK, group)


def _with(text: Any, attribute: str, value: Any = True) -> Any:
    """A copy of ``text`` of its own type with ``attribute`` set to ``value``, and those it
    had."""
    if getattr(text, attribute, None) is value:
        return text
    copy = _copy(text, _KEPT)
    if (group := getattr(text, _FORMATTED_MARK, None)) is not None:
        setattr(copy, _FORMATTED_MARK, group)
    setattr(copy, attribute, value)
    return copy


def _copy(text: Any, attributes: tuple[str, ...]) -> Any:
    """A copy of ``text`` of its own type with those of ``attributes`` that it has set."""
    had = [name for name in attributes if getattr(text, name, False)]
    if isinstance(text, MixedString):
        text = MixedString(text)
    else:  # a plain str takes no attribute; a TagWrapper's __new__ would add its tags again
        text = String(text) if type(text) is str else str.__new__(type(text), text)
    for name in had:
        setattr(text, name, True)
    return text
