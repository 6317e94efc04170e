"""cs:text (CSL 1.0.2, "Text", "Terms"): variables, values, macros' output and terms, with the
item's language; terms that open a note capitalised.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc import CitationItem, formatter
from citeproc.model import Text
from citeproc.source import VariableError
from citeproc.string import MixedString, String

from ..patterns import lazy
from . import numbers, textcase
from .bibliography import _TERM_START, ENTRY, NUMBER_ASKED
from .citations import _PLACE
from .labels import citation_label
from .lookups import affixes, planned
from .number_end import MARKS_APART, carry, decorated, delimiting_group, formatted_end
from .numbers import (
    _LOCATOR_DASH,
    _LOCATOR_RANGE,
    _NUMBER_VARIABLES,
    _last_page,
    _localized_ampersand,
)
from .output import _html_text, _plain_text, unformatted
from .source import DEFAULT_LANGUAGE


def _text(text: Text, item: object, context: object = None, **kwargs: object) -> object:
    """citeproc-py's cs:text from its plan (_text_plan); a term is marked (_TERM_START) in
    the citations of note styles: there a term that opens a citation or a sentence is
    capitalised ("Ibid."), see _capitalise_terms."""
    value, language = _text_value(text, item, context, **kwargs)
    return _marked_up(text, value, language)


def _marked_up(text: Text, value: object, language: str) -> object:
    """A cs:text's value (None or empty: nothing) in the item's language, with the text's
    case, periods, formatting, quotes and affixes (see _markup)."""
    return planned(text, _markup)(value, language)


def _markup(text: Text) -> Callable[[object, str], object]:
    """_marked_up for this cs:text, its attributes read once: the steps its attributes do
    not ask for are left out (formatting and affixes give a text as it is without them, see
    output.unformatted and lookups.affixes), where they were asked for every item."""
    kind, _, _, strip, cased, quoted, note_term = planned(text, _text_plan)
    term, formatted = kind == "term", not unformatted(text)
    opening = term and text.get("text-case") != "lowercase"
    repeating = text.get("text-case") in _REPEATING_CASES
    leading = kind == "variable" and (quoted or repeating)
    prefix, suffix, numeric = affixes(text)
    wrapped = bool(prefix or suffix or numeric)
    case, format_, quote, wrap = text.case, text.format, text.quote, text.wrap
    if cased and kind == "variable" and text.get("variable") in _NUMBER_VARIABLES:
        case = _case_per_part(case)
    # a formatted variable's end is kept apart from its own suffix's mark wherever it is
    # (formatted_end); from a delimiter's, in a cs:group
    formatted_variable = formatted and kind == "variable" and not quoted
    group = delimiting_group(text.getparent()) if formatted_variable else None

    def marked_up(value: object, language: str) -> object:
        if not value:
            return None
        lead = ""
        if leading and (match := _LEADING_MARKS.match(_plain(value))):
            lead = match[0]  # see _LEADING_MARKS
            value = value if repeating else MixedString([String(_plain(value)[len(lead):])])
        output = case(value, language) if cased else value
        if strip:
            output = textcase.strip_periods(output, term=term)
        if formatted:
            output = format_(output)
        elif isinstance(output, int | float):
            output = str(output)
        if quoted:
            output = quote(output)
        if output is not value:
            output = carry(value, output)
        if formatted_variable:
            output = formatted_end(output, suffix, group)
        if lead:
            output = String(lead + MARKS_APART) + output  # no seam merges them
        if opening and (entry := ENTRY.get()) is not None and not entry.get(NUMBER_ASKED):
            # inside its affixes, which merge as before
            output = String(_TERM_START) + output
        if wrapped:
            output = wrap(output)
        if formatted:
            output = decorated(output)
        if output and note_term:
            return String(_TERM_START) + output
        return output
    return marked_up


def _case_per_part(case: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``case`` on each part of a number variable's value of one piece, as citeproc-js
    changes the case of the parts it cuts a number variable into at its joiners (", ",
    "-", "&", " and ", "; "): "4., völlig überarb. Aufl" in capitalize-first is
    "4., Völlig überarb. Aufl" ("4., völlig" before), "second-edition" "Second-Edition"."""
    def cased(value: Any, language: str) -> Any:
        plain = _plain(value)
        parts = numbers.parts(plain) if plain else []
        if len(parts) < 2:
            return case(value, language)
        return MixedString([case(String(part), language) if index % 2 == 0 else String(part)
                            for index, part in enumerate(parts) if part])
    return cased


def _plain(value: object) -> str:
    """The text of a value of one piece without markup; "" for any other value."""
    pieces = list(value) if isinstance(value, MixedString) else [value]
    return str(pieces[0]) if len(pieces) == 1 and type(pieces[0]) in (str, String) else ""


def _text_value(text: Text, item: object, context: object = None, **kwargs: object
                ) -> tuple[object, str]:
    """citeproc-py's text and its language; a value="…" read as rich text, as citeproc-js
    reads it (its markup, and quotes made typographic: value="'friend'" prints “friend”);
    citeproc-py escaped its tags. A macro called through cs:text in a sort key gets the key's
    name options (CSL 1.0.2, "Sorting": they affect all names the key's macro generates);
    citeproc-py dropped them there, so Chicago's author key sorted "Trajkovski, Goran P., and
    Samuel G. Collins, eds." after "Trajkovski, Goran P., and Samuel G. Collins"."""
    kind, target, default_language, *_ = planned(text, _text_plan)
    language = item.text_language or default_language
    if kind == "variable":
        return text._variable(item, text if context is None else context), language
    if kind == "macro":
        return target.render(item, text if context is None else context,
                             sort_options=kwargs.get("sort_options")), language
    if kind == "term":
        return text._term(item), language
    if kind == "value":
        value = _html_text(target) if text.get_formatter() is formatter.html else \
            _NOCASE_TAGS.sub("", _plain_text(target))
        return String(MARKS_APART + value if _OWN_MARK.match(value) else value), language
    return None, language


def _text_language(item: CitationItem) -> str | None:
    """The item's language as citeproc-py's cs:text reads it (two letters), kept on the
    item (CitationItem.text_language): citeproc-py cut it from the record for every text."""
    reference = item.reference
    language = reference.get("language") or reference.get(DEFAULT_LANGUAGE.replace("-", "_"))
    return str(language)[:2] if language else None


def _text_plan(text: Text) -> tuple[str | None, Any, str, bool, bool, bool, bool]:
    """What a cs:text renders (variable, macro, term or value, in citeproc-py's order of
    precedence, and the macro or value), the style's default language, and whether it strips
    periods, changes case (never a called macro's output: citeproc-js cases only the
    variables and terms text-case is on), quotes, and is a term in a note style's citation."""
    kind = next((kind for kind in ("variable", "macro", "term", "value")
                 if kind in text.attrib), None)
    target = text.get_macro(text.get("macro")) if kind == "macro" else text.get("value")
    root = text.get_root()
    return (kind, target, root.get("default-locale", "en")[:2],
            text.get("strip-periods", "false").lower() == "true",
            text.get("text-case") is not None and kind != "macro",
            text.get("quotes", "false").lower() == "true",
            kind == "term" and root.get("class") == "note" and bool(
                text.xpath_search("./ancestor::cs:citation")))


# Marks a variable opens with, before more text ("! and ?: Storage"): citeproc-js prints them
# before the variable's quotes ("! “and ?: Storage”") and, where a text-case other than
# sentence case applies, once more before the variable ("! ! And ?: Storage"), as its
# output has them; a comma, hyphen or bracket stays in place. A value of marks alone ("??",
# "?!", "!! ") has no text after them: printed once, as citeproc-js 2.4.63 prints it.
# (\ue012: MARKS_APART, which keeps them apart)
_LEADING_MARKS = lazy(r"(?:[!?.;:]\ue012?)+\s*(?=[^\s!?.;:\ue012])")
_REPEATING_CASES = frozenset(("title", "capitalize-first", "capitalize-all", "lowercase",
                              "uppercase"))
_NOCASE_TAGS = lazy(r'<span class="nocase">|</span>')
# A value of marks alone (value="." or ", ") or one that opens with a comma: citeproc-js
# moves no mark of it into the quotes before it, nor merges it with the mark before
# ("“Title”.", "“Why?”.", "“Title”, x"); only affixes and delimiters are moved and merged,
# and the marks other values open with, which it takes for their prefix (": colon" after
# "semicolon;" is "semicolon; colon").
_OWN_MARK = lazy(r"[.,;:!?]+\s*$|,")


def _capitalise_terms(citation: str) -> str:
    """Terms at the start of a note's citation or after a sentence in its prefix capitalised,
    as citeproc-js does ("Ibid.", "This has been said. Ibid.", but "Nocaps. ibid." after a
    one-word prefix); names keep their particles ("de Simone")."""
    citation = _OPENING_TERM.sub(lambda m: m[1] + m[2].upper() if m.start() == 0 or " " in
                                 citation[:m.start()] else m[0], citation)
    return citation.replace(_TERM_START, "")


_OPENING_TERM = lazy(r"((?:^|[.!?][”’»\ue003]?\s)(?:<[^>]+>|[(\[“‘])*)\ue011(\w)")


def _text_variable(text: Text, item: object, context: object) -> object:
    """citeproc-py's text variable, noted when a substitute renders it (see _substitute). A
    number variable that is a range of numbers gets an en dash, or the style's
    page-range-delimiter term, as citeproc-js renders it ("nos. 2–3" for issue "2-3", AMA's
    "51(2-3)"); citeproc-py did that for pages only.
    first-reference-note-number is the note that first cited the item (see _places), which
    citeproc-py looked up in the record. A record variable the item lacks is None at once:
    citeproc-py raised an exception for it (a third of all a bibliography raised), which the
    element around the text caught and took as this None."""
    name, keys = planned(text, _variable_plan)
    if name == "first-reference-note-number":
        place = vars(item).get(_PLACE)
        if place is None or place.first_note is None:
            raise VariableError
        return str(place.first_note)
    if keys and not any(key in item.reference for key in keys):
        return None
    if keys:
        value = _record_variable(text, item, context, name, keys)
    elif name == "citation-label":
        value = _citation_label(text, item)
    elif name == "page-first" and "page" not in item.reference:
        value = item.reference.get("page_first")  # the record's own, see numbers
    else:
        value = _CITEPROC_TEXT_VARIABLE(text, item, context)
    if value and name == "URL" and text.get("form") == "short":
        value = _short_url(str(value))
    if value and name == "locator":  # "100 - 103" is 100–103; "327\-30"
        value = _LOCATOR_DASH.sub("\u2013", value).replace("\\\u2013", "-")  # stays
        if item.locator.label == "page":  # page locators follow page-range-format too
            value = _LOCATOR_RANGE.sub(lambda m: m[1] + "\u2013" + _last_page(
                text, m[1], m[2]), value)
    rendered = item.get("_substituting")
    if value and rendered is not None:
        rendered.add(name)
    if value and name in _NUMBER_VARIABLES:
        value = numbers.number_variable(value, numbers.range_delimiter(text),
                                        numbers.range_formatted(text))
        if not str(value):  # joiners alone ("-"): printed as nothing (numbers.number_variable)
            return None
    if value and "&" in str(value) and (name in _NUMBER_VARIABLES or
                                        name in ("locator", "page")):
        value = _localized_ampersand(text, value)
    return value


def _variable_plan(text: Text) -> tuple[str, tuple[str, ...]]:
    """The variable of a cs:text, and the record keys citeproc-py reads it from (its short
    form's too for form="short"); none for the variables it works out otherwise."""
    name = text.get("variable")
    if name.startswith("page") or name in ("citation-number", "citation-label", "locator",
                                           "first-reference-note-number"):
        return name, ()
    keys = (name.replace("-", "_"),)
    return name, keys + ((name.replace("-", "_") + "_short",) if text.get("form") == "short"
                         else ())


_CITEPROC_TEXT_VARIABLE = Text._variable


def _citation_label(text: Text, item: Any) -> String:
    """The record's citation-label, else the one citeproc-js makes (labels.py), with the
    item's year suffix: citeproc-js tells alike labels apart by it ("Lane04a", "Lane04b")."""
    reference = item.reference
    label = reference.get("citation_label") or citation_label(reference, text)
    return String(str(label) + str(reference.get("year_suffix") or ""))


def _record_variable(text: Text, item: Any, context: Any, name: str,
                     keys: tuple[str, ...]) -> object:
    """citeproc-py's Text._variable for a variable read from the record (``keys``, see
    _variable_plan): none where a substitute printed it (the layout's repressed variables),
    its short form where form="short" and the record has one; the variable's and the keys'
    names worked out once."""
    repressed = context.get_layout().repressed
    if text.tag in repressed and name in repressed[text.tag]:
        return None
    reference = item.reference
    return reference[keys[1] if len(keys) > 1 and keys[1] in reference else keys[0]]


def _short_url(url: str) -> str:
    """A URL's short form as citeproc-js 2.4.63 cuts it (CSL defines none): the path after
    the last dotted part that a slash follows goes ("http://rcwww.kek.jp/research/egs/" is
    "http://rcwww.kek.jp"), and the scheme too where "//www." is left (annual-reviews'
    "www.ncbi.nlm.nih.gov/assembly/GCF_000001405.13")."""
    url = _URL_PATH.sub(r"\1", url, count=1)
    return _URL_SCHEME.sub("", url, count=1) if "//www." in url else url


_URL_PATH = lazy(r"(.*\.[^/]+)/.*")
_URL_SCHEME = lazy(r"https?://")
