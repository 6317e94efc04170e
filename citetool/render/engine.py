"""Rendering items through a CSL style with citeproc-py, and the fixes we put around it.

Imported only when rendering (citeproc-py and lxml take time to load).

Each fix is named and documented here, with a test in tests/test_render.py that shows the case:
- citeproc-py lower-cases item ids, which merges "Smith2020" and "smith2020": it gets
  positional ids and never sees the user's citekeys;
- it crashes on items without a known type: those render as CSL's generic "document" type
  (falls back to the style's default branch);
- it stringifies fields it does not know (``custom``, nested objects): only CSL variables and
  scalar values are passed to it;
- its HTML formatter escapes the style's own text but not the record's (a title holding
  ``<script>`` came out as markup): record text is escaped before it gets it, and CSL-JSON's
  rich-text tags (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps) are kept as markup in HTML
  and dropped in plain text, as citeproc-js does;
- it leaves the bibliography in input order unless asked to sort it by the style's keys;
- its ``nocase`` text still follows text-case="lowercase"/"uppercase" (CSL 1.0.2, "Rich
  Text Markup": nocase text is exempt from every text-case transform);
- its title case skips items without a language, keeps "Long-term", and capitalises words
  citeproc-js keeps lower-case ("within"): text-case is ours (_TitleCased, textcase.py),
  "title" and "capitalize-*" as citeproc-js does them, the others kept off markup;
- in styles with second-field-align it runs the citation number into the entry ("1.Smith"),
  and it prints a period after a "?" or ";" — both settled as citeproc-js does;
- straight quotes in record text stay straight; citeproc-js prints ’ and “…”;
- it never disambiguates cites (add-names, add-givenname, year suffixes "1973a", the
  disambiguate condition): render/disambiguation.py does, through _disambiguate, and
  _name_process and _condition apply its result to cites and, as citeproc-js does, to
  bibliography entries; _year_part prints year suffixes after the year in styles that do not
  place them (implicit year suffix);
- its XML parser acts on a style's DOCTYPE (entities: local files, URLs, expansion bombs): it
  gets the style's bytes only after styles.checked_xml refused any DOCTYPE.

Fixes found by the CSL processor test suite (tests/csl_suite.py, benchmarks/csl_suite.py):
crashes on near-note positions and on elements it has no class for; cites kept in the given
order and collapsed (_render_citation); subsequent-author-substitute and the HTML blocks of
second-field-align (_render_entries); page-range-format (_last_page); initials (_initialize);
et-al-subsequent (_name_process); terms opening a note capitalised (_text, _capitalise_terms);
punctuation where fields meet (_one_mark) and quotes in quotes (_nest_quotes).

More found by the suite: names as citeproc-js prints them (_names_text, _one_name: name-part
formatting and affixes, particles and suffixes read from the name, comma suffixes, CJK order,
after-inverted-name delimiters); flip-flop decorations, explicit "normal" and superscript
characters in HTML (richtext.py, _explicit_normal); title case over markup and nocase pieces
(_title_case, _outside_markup); date-parts with seasons and empty parts (_Source.parse_date);
citation numbers counted down (_count_down); sort keys without markup and punctuation
(_sort_keys); page ranges of unlike prefixes (_unlike_range); locators compared by value
(_Locator); macros suppressed as groups (_macro_render); style values as rich text
(_text_value); prefixes and suffixes that take the delimiter's place (_render_citation).
Positions (first, subsequent, ibid, ibid-with-locator, near-note) and
first-reference-note-number from the citations' note numbers or the positions given in the
cites, which citeproc-py never read (_places, _position, _text_variable).
Year collapsing past undated and located cites (_collapse_authors); locators trimmed
(_citation_item); number-of-pages and number-of-volumes labelled (_label); Zotero's
journalAbbreviation and shortTitle read as the short forms (_prepare). The record's space
after a particle's apostrophe (_spaced_particle); initials of capitals before lower case,
"Ts." (_initial); an "&" in a number as the locale's and-symbol (_localized_ampersand); no
cs:label before a locator with a label of its own (_labelled_locator);
subsequent-author-substitute comparing names without their role (_note_shown). Family names
in double quotes taken as written (_literal_family); uppercase and lowercase in the item's
language, Turkish "İ" (_locale_case); a substitute's empty term ending the substitute
(_first_substitute); tags in a number that opens with a number printed as text (_numeric_field);
"!" and "?" after a closing quote moved inside it with punctuation-in-quote (_finish); the
names' label kept after subsequent-author-substitute (_labelled_substitute).

Fixes found by the corpus of real bibliographies (../shared/corpus, benchmarks/fidelity.py):
cites compared without their accessed date (_disambiguate);
substituted variables suppressed in the rest of the entry (_substitute, _text_variable,
_names_process); initials of abbreviated, lower-case and hyphenated given names (_initials);
page ranges left as written unless both ends are page numbers, and pages or volumes that are
not numbers with the singular label (_number_text, _is_plural); raw CSL-JSON dates (_prepare);
every other straight apostrophe as ’ and the record's punctuation after its own quote kept
outside it (_typographic); marks the record puts together kept ("Thou?:") and the style's
punctuation moved inside the record's inner quotes (_finish); given names of styles that do
not initialize kept whole (_initials); shorthand names in a cs:choose of cs:substitute
(_names_process); repeated page prefixes of shortened ranges (_last_page); en dashes in
number ranges, or the style's page-range-delimiter (_text_variable); a standard variable
given as a list of strings set in conditions but printed as nothing (model.UnprintedText,
_prepare); sort keys of names without "et al.", the and-term or labels, also in macros a key
calls through cs:text, compared by base letters (_names_text, _label, _text_value,
_unpunctuated); no subsequent-author-substitute for a title in the author's place, or for a
substitute after a cs:names with its own cs:name (_names_process, _replaceable); date ranges
as CSL 1.0.2 has them and raw dates ending in a range delimiter (_date_range, _raw_date);
straight quotes in straight quotes, quotes closed only where citeproc-js closes them, and no
punctuation moved inside an apostrophe (_typographic, _SINGLE_QUOTED, _into_quote); items
alike disambiguated in citeproc-js's order, the run's given names kept (disambiguation.py);
a suffix's punctuation mark kept apart from the one before it where that follows a number
("Vol. 4;.", number_end.py).

Fixes found by real bibliographies outside the dev corpus and by every independent style of
the CSL repository: groups and macros count the variables of the cs:choose branch taken
(lookups.branch_flags); pages split only where citeproc-js splits them, and page-first
(_number_text, _counted_pages); a date given as text printed in the year's place only
(_date_process); name suffixes through initialize-with (_one_name); an initial after a
hyphen set apart where the style does not initialize (_initials); a suffix's mark kept apart
from a group's delimiter (number_end.delimited); the year suffix of a localized date in a
macro and sentence case of name parts and macros, which crashed (_year_part, _SentenceCase);
the style's period inside every quote closing with a field, the record's own marks after its
quotes kept out (_typographic, _into_quote); a quotation in straight single quotes closed
before a space left as written by title case (_single_quoted).

Speed: cs:choose, cs:text and macros render from plans made once per element (_choose,
_text_plan, _macro_plan; groups and the rest in lookups.py), with the same output; the work of
a large bibliography is shared among the cores (render/parallel.py).
"""
from __future__ import annotations

import functools
import gc
import html
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.formatter.html import TagWrapper
from citeproc.model import (
    Choose,
    CitationStylesElement,
    ConditionFailed,
    Date_Part,
    Et_Al,
    FormatNumber,
    Formatted,
    Group,
    If,
    Key,
    Label,
    Layout,
    Macro,
    Name,
    Names,
    Number,
    SomewhatObjectifiedElement,
    Sort,
    Style,
    Substitute,
    Text,
    TextCased,
)
from citeproc.model import Date as DateElement
from citeproc.source import Date, DateRange, LiteralDate, Locator, VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String, join

from ..errors import InputError, RenderError, StyleError
from ..model import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    RICH_TAG,
    TYPES,
    Item,
    UnprintedText,
    base_letters,
    ends_with_others,
    family_with_particle,
    paired_tags,
    parse_date_text,
)
from . import disambiguation, locales, numbers, parallel, richtext, sheltered, styles, textcase
from .lookups import (
    OVERRIDES,
    branch_flags,
    calls_variable,
    derived,
    element_lookup,
    keep_proxies,
    planned,
    took_branch,
)
from .number_end import MARKS_APART, carry

OUTPUT_FORMATS = ("text", "html", "markdown")


class _ProtectedCase(NoCase):
    """Text in ``<span class="nocase">``: no text-case transform changes it."""

    def lower(self) -> _ProtectedCase:
        return self

    upper = title = lower


class _Source(CiteProcJSON):
    """citeproc-py's CSL-JSON source, marking nocase text as _ProtectedCase, and reading
    every CSL name and date variable as names and dates: it knows only some of them and
    crashed on a "performer" given as text. Text without a nocase span is one piece, made
    at once (citeproc-py's parse took as long as the rest of reading a library)."""

    def parse_string(self, string: object) -> object:
        if isinstance(string, UnprintedText):  # set, printing nothing (see _prepare)
            return string
        if isinstance(string, list):
            return self.parse_names(string)
        if isinstance(string, dict):
            return self.parse_date(string)
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


class _TitleCased(TextCased):
    """citeproc-py's text-case, with "title", "capitalize-first" and "capitalize-all" done as
    citeproc-js does them (render/textcase.py): citeproc-py joined the words with single spaces
    (a title's trailing space went: "Graphics ." became "Graphics."), capitalised stop words
    before hyphens and single letters ("Student-T"), and capitalised "arXiv" as "ArXiv";
    lowercase and uppercase are kept off markup (citeproc-py's uppercase made "<I>")."""

    def case(self, text, language=None):
        mode = self.get("text-case")
        if mode in ("capitalize-first", "capitalize-all") or mode == "title" and (
                language or "en").lower() == "en":  # "English" too
            return _changed_case(mode, text)
        if mode in _CASES:
            return _outside_markup(text, _locale_case(mode, language))
        if mode == "sentence" and (type(text) is str or self.get("macro")):
            # a name part or a macro's output: citeproc-py's sentence case crashed on them
            return _SentenceCase()(text) if type(text) is str else _outside_markup(
                text, _SentenceCase())
        return _CITEPROC_CASE(self, text, language)


class _SentenceCase:
    """text-case="sentence" as citeproc-js does it on a name part or a macro's output (a
    variable's words it puts in lower case), called on each run of a text in turn: the first
    letter capitalised, the rest as written ("McDONALD", "THE ROLE OF DNA" stay)."""

    def __init__(self) -> None:
        self.first = True

    def __call__(self, run: str) -> str:
        if self.first and run.strip():
            start = len(run) - len(run.lstrip())
            run, self.first = run[:start] + run[start].upper() + run[start + 1:], False
        return run


def _locale_case(mode: str, language: str | None) -> Callable[[str], str]:
    """Lowercase or uppercase in the item's language, as citeproc-js's toLocaleUpperCase does:
    Turkish and Azerbaijani pair dotted i with İ and dotless ı with I ("ic" → "İC");
    citeproc-py's str.upper made "IC"."""
    if (language or "").lower().replace("_", "-").split("-")[0] not in ("tr", "az"):
        return _CASES[mode]
    if mode == "uppercase":
        return lambda text: text.replace("i", "İ").upper()
    return lambda text: text.replace("I", "ı").replace("İ", "i").lower()


def _changed_case(mode: str, text: MixedString | String) -> MixedString | String:
    """The text's pieces through textcase.change_case: nocase pieces, and text in small caps,
    superscript, subscript or a nodecor span (CSL 1.0.2, "Rich Text Markup"), unchanged."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    segments, owners = [], []
    for number, piece in enumerate(pieces):
        runs = [(str(piece), True)] if isinstance(piece, NoCase) else _markup_runs(str(piece))
        segments += runs
        owners += [number] * len(runs)
    joined = [""] * len(pieces)
    for number, new in zip(owners, textcase.change_case(mode, segments, _CASE_QUOTES)):
        joined[number] += new
    out = [piece if isinstance(piece, NoCase) else piece.__class__(new)
           for piece, new in zip(pieces, joined)]
    return MixedString(out) if isinstance(text, MixedString) else out[0]


def _markup_runs(text: str) -> list[tuple[str, bool]]:
    """(text, protected) runs: protected inside small caps, sup, sub and nodecor markup."""
    runs, protected = [], 0
    for index, part in enumerate(_TAG_SPLIT.split(text)):
        if index % 2:
            protected = _depth_after(part, protected, _PROTECTING,
                                     ("</span>", "</sup>", "</sub>"))
        if part:
            runs.append((part, protected > 0 and not index % 2))
    return runs or [("", False)]


_PROTECTING = re.compile(r'<span style="font-variant:\s?small-caps;?">|<su[pb]>|'
                         r'<span class="nodecor">')


def _outside_markup(text: MixedString | String, transform: Callable[[str], str]
                    ) -> MixedString | String:
    """``transform`` applied to the text between tags, but not to nocase pieces nor to the
    text of a nodecor span (CSL 1.0.2, "Rich Text Markup")."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    cased, protected = [], 0
    for piece in pieces:
        if isinstance(piece, NoCase):
            cased.append(piece)
            continue
        parts = _TAG_SPLIT.split(str(piece))
        for index, part in enumerate(parts):
            if index % 2:
                protected = _depth_after(part, protected, _NODECOR, ("</span>",))
            elif not protected:
                parts[index] = transform(part)
        cased.append(piece.__class__("".join(parts)))
    return MixedString(cased) if isinstance(text, MixedString) else cased[0]


def _depth_after(tag: str, depth: int, opening: re.Pattern[str], closing: tuple[str, ...]
                 ) -> int:
    """How deep in protecting markup the text after ``tag`` is (its closing tags may close
    other markup too: only open protection is closed)."""
    return depth + bool(opening.fullmatch(tag)) - (depth > 0 and tag in closing)


_TAG_SPLIT = re.compile("(<[^>]*>)")
_NODECOR = re.compile('<span class="nodecor">')
_CASES: dict[str, Callable[[str], str]] = {"lowercase": str.lower, "uppercase": str.upper}


def _initialize(name: Name, given: str, mark: str, context: object) -> str:
    """Given names initialized as citeproc-js does (CSL 1.0.2, "Name-part Formatting"):
    citeproc-py ignored initialize="false" (then full given names stay, only initials get the
    mark) and cut abbreviations written with a period ("Ph.", "ME.") to one letter."""
    if isinstance(given, _WholeGiven):
        return str(given)
    settings = name.__dict__.setdefault(_INITIALIZE, {})  # by context: the style's, once
    if context not in settings:
        setting = next((element.get("initialize") for element in (
            name, context, name.getroottree().getroot()) if element is not None and hasattr(
                element, "get") and element.get("initialize")), "true")
        settings[context] = (name.get_option("initialize-with-hyphen", context),
                             setting != "false")
    return _initials(str(given), mark, *settings[context])


_INITIALIZE = "_citetool_initialize"


@functools.lru_cache(maxsize=1 << 16)  # a bibliography names the same people again and again
def _initials(given: str, mark: str, hyphen: bool, initialize: bool) -> str:
    """Initials as citeproc-js makes them: "Md. Shad" → "Md. S." (a word written abbreviated
    stays), "A. d’Avila", "emmanouil" and "Linqi (Alex)" keep their words that do not begin
    with a capital, a lower-case part after a hyphen goes ("Shun-ichi" → "S."), an upper-case
    one stays joined ("Jean-Luc" → "J.-L."); without initialize-with-hyphen a hyphen reads as
    a space ("Jean-Luc" → "JL" in AMA). Without initializing, whole words stay ("Shun-ichi")
    and only initials get the mark, an initial after a hyphen set apart as after a space
    ("C.-H." → "C. H.", "J.-Paul" stays). citeproc-py made "S.-. ichi ." and "M. S."."""
    out, after_hyphen = "", False
    for dash, word, period in _GIVEN_WORD.findall(given):
        if dash:
            after_hyphen = hyphen  # without initialize-with-hyphen a hyphen is a space
            continue
        if word[0].islower() and after_hyphen and initialize:
            pass  # "Shun-ichi" → "S."; not initialized, "Gil-jin" stays whole
        elif not (word[0].isupper() or _lone_mark(word, initialize)) \
                or not (period or len(word) == 1 or initialize):
            out = out.rstrip() + ("-" if after_hyphen and out else " ") + word + period + " "
        else:
            initial = (word if period and len(word) > 1 else _initial(word)) + mark
            out = (out.rstrip() + "-" if after_hyphen and out and initialize else out) + initial
        after_hyphen = False
    return " ".join(out.split())


_GIVEN_WORD = re.compile(r"(-)|([^\s.\-]+)(\.?)")


def _lone_mark(word: str, initialize: bool) -> bool:
    """Whether a one-character word that is no letter ("&" in "John & Mary") is an initial:
    citeproc-js takes any character without a lower case for one where it does not
    initialize, so MLA and Chicago print "John &. Mary"; initializing, it stays as it is."""
    return not initialize and len(word) == 1 and not word.isalpha() and word.upper() == word


def _initial(word: str) -> str:
    """A word's initial as citeproc-js makes it: its first letter, with the capitals right
    after it in lower case when lower-case letters follow them ("TSerendorjiin" → "Ts", the
    transliteration of one Mongolian letter; "JOHN" → "J"). citeproc-py kept one letter."""
    letters = _LETTERS.match(word, 1)[0]
    capitals = next((index for index, letter in enumerate(letters) if not letter.isupper()),
                    len(letters))
    return word[0] + (letters[:capitals].lower() if capitals < len(letters) else "")


_LETTERS = re.compile(r"[^\W\d_]*")


def _label(label: Label, item: object, variable: str | None = None, *args: object,
           **kwargs: object) -> object:
    """citeproc-py's label, but none for an empty variable (CSL 1.0.2, "Label": a label is
    rendered only with its variable): MDPI printed "1987; p ." for a report without pages.
    number-of-pages and number-of-volumes take the page and volume terms, plural above 1.
    A name label is left out of sort keys, as citeproc-js leaves it: "Doe, John, ed." sorts
    with "Doe, John"."""
    if variable is not None and _sorting(kwargs.get("sort_options")):  # a cs:names label
        return None
    name = variable or label.get("variable")
    if name == "editortranslator":  # citeproc-py's names of one editor and translator
        name = "editor"
    if name and name != "locator" and not item.reference.get(name.replace("-", "_")):
        return None
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
_LOCATOR_LABEL = re.compile(r"(?:art|bk|ch|col|fig|fol|l|n|no|op|pp?|para|pt|r|sec|sv|tit|vol|"
                            r"vrs)\.\s*\d")


# The terms that label the count variables (citeproc-py looked for a term of their name).
_COUNT_TERMS = {"number-of-pages": "page", "number-of-volumes": "volume"}


def _render_known(element: CitationStylesElement, *args: object, **kwargs: object) -> object:
    """Elements citeproc-py has no class for (CSL-M's cs:conditions) render nothing: it
    called their missing markup method and crashed."""
    if not hasattr(type(element), "markup"):
        return None
    return _CITEPROC_RENDER(element, *args, **kwargs)


def _condition(condition: If, item: object, *args: object, **kwargs: object) -> object:
    """citeproc-py's cs:if and cs:else-if, with the disambiguate="true" test (CSL 1.0.2,
    "Choose"): it ignored the attribute, so the branch always held. It holds when
    disambiguation turned it on for the item (render/disambiguation.py), in cites and, as in
    citeproc-js, in the item's bibliography entry."""
    if condition.get("disambiguate") != "true":
        return _CITEPROC_IF(condition, item, *args, **kwargs)
    ambiguity = disambiguation.state(item.reference) if isinstance(item, CitationItem) \
        else None
    holds = ambiguity is not None and ambiguity.disambiguate
    match = condition.get("match", "all")
    if not any(test in condition.attrib for test in _CONDITION_TESTS):
        if holds == (match != "none"):
            return condition.render_children(item, *args, **kwargs)
        raise ConditionFailed
    if holds and match == "any":
        return condition.render_children(item, *args, **kwargs)
    if (not holds and match == "all") or (holds and match == "none"):
        raise ConditionFailed
    return _CITEPROC_IF(condition, item, *args, **kwargs)


def _choose(choose: Choose, item: object, context: object = None, delimiter: str = "",
            **kwargs: object) -> object:
    """citeproc-py's cs:choose from its plan (_branches): the first branch whose tests hold
    renders. citeproc-py read each branch's attributes again and raised an exception for each
    branch that failed, for every item; a branch with disambiguate="true" goes through
    _condition. It notes which branch it took: the group around it counts only that branch's
    variables (lookups.took_branch)."""
    for branch, holds in planned(choose, _branches):
        if holds is _condition:
            try:
                text = branch.render(item, context=context, delimiter=delimiter, **kwargs)
            except ConditionFailed:
                continue
        elif holds is None or holds(item, context):
            text = branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
        else:
            continue
        took_branch(choose, branch)
        return text
    took_branch(choose, None)
    return None


def _branches(choose: Choose) -> list[tuple[CitationStylesElement, Callable | None]]:
    """Each branch and the test of whether it holds: None for cs:else, _condition for a
    disambiguate="true" branch."""
    return [(branch, None if not isinstance(branch, If) else _condition
             if "disambiguate" in branch.attrib else _holds(branch))
            for branch in choose.iterchildren()]


def _holds(branch: If) -> Callable[[object, object], bool]:
    """Whether the branch's tests hold for an item, as citeproc-py's If decides: each test
    gives one result per value it names, and match (all by default) combines them. A test of
    types alone compares the item's type with a set."""
    tests = [test for test in _IF_TESTS if test[0] in branch.attrib]
    match = branch.get("match", "all")
    if [name for name, *_ in tests] == ["type"]:
        types = [typ.lower() for typ in branch.get("type").split()]
        kinds = frozenset(types)
        if match == "any":
            return lambda item, context: item.reference["type"] in kinds
        if match == "none":
            return lambda item, context: item.reference["type"] not in kinds
        return lambda item, context: all(typ == item.reference["type"] for typ in types)
    combine = any if match == "any" else _none if match == "none" else all
    methods = [(getattr(branch, method), takes_context) for _, method, takes_context in tests]

    def holds(item: object, context: object) -> bool:
        results: list[bool] = []
        for test, takes_context in methods:
            results += test(item, context) if takes_context else test(item)
        return combine(results)
    return holds


def _none(results: list[bool]) -> bool:
    return not any(results)


# citeproc-py's If: its tests, each an attribute, a method, and whether it takes the context.
_IF_TESTS = (("type", "_type", False), ("variable", "_variable", False),
             ("is-numeric", "_is_numeric", False),
             ("is-uncertain-date", "_is_uncertain_date", False), ("locator", "_locator", False),
             ("position", "_position", True))


def _type_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's type test, the condition's types split and lowered once (kept on the
    element, lookups.keep_proxies): it split them for every item at every condition."""
    try:
        types = condition.__dict__[_TYPES]
    except KeyError:
        types = condition.__dict__[_TYPES] = [typ.lower() for typ in condition.get("type").split()]
    if not types:
        return []
    kind = item.reference.type
    return [typ == kind for typ in types]


def _variable_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's variable test, the condition's variables split once (as _type_test)."""
    try:
        variables = condition.__dict__[_VARIABLES]
    except KeyError:
        variables = condition.__dict__[_VARIABLES] = [
            variable.replace("-", "_") for variable in condition.get("variable").split()]
    return [("locator" in item) if variable == "locator" else (variable in item.reference)
            for variable in variables]


def _numeric_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's is-numeric test, which reads the cite's locator too: it looked for
    "locator" among the record's variables only, so APA's label-locator macro took "chap. 27"
    for not numeric and printed "(Knuth, 1984, 27)" where citeproc-js has "Chapter 27"."""
    results = []
    for variable in condition.get("is-numeric").split():
        if variable == "locator":
            locator = item.get("locator") if isinstance(item, CitationItem) else None
            results.append(bool(locator and condition.re_numeric.match(
                str(locator.identifier))))
        elif variable in _NUMBER_VARIABLES and variable.replace("-", "_") in item.reference \
                and (numeric := numbers.is_numeric(item.reference[variable.replace("-", "_")])
                     ) is not None:  # "2-3" is numeric for citeproc-js, not for citeproc-py
            results.append(numeric)
        else:
            results += _CITEPROC_IS_NUMERIC(condition, item)
    return results


_TYPES, _VARIABLES = "_citetool_types", "_citetool_variables"
_CONDITION_TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator",
                    "position")


def _style_option(style: Style, name: str) -> object:
    """near-note-distance is an option of cs:citation (CSL 1.0.2, "Note Distance");
    citeproc-py asked the style root for it and crashed on every near-note test."""
    if name == "near-note-distance":
        citation = style.citation
        return int(citation.get(name, 5)) if citation is not None else 5
    return _CITEPROC_OPTION(style, name)


def _year_part(part: Date_Part, date: object, context: object = None) -> object:
    """citeproc-py's date part, the year followed by its implicit year suffix if it has one
    (see _implicit_year_suffixes), only where a cite or entry first prints the year, as
    citeproc-js does ("[1990a] Doe, Book A 05/30/1990")."""
    text = _CITEPROC_DATE_PART(part, date, context)
    suffix = vars(date).get("implicit_year_suffix")
    if suffix and text and part.get("name") == "year":
        owner = context if context is not None else part
        printed = vars(owner).get(_CALLER, owner).get_layout().repressed
        if not printed.get(_YEAR_SUFFIX_PRINTED):
            printed[_YEAR_SUFFIX_PRINTED] = True
            return f"{text}{suffix}"
    return text


_YEAR_SUFFIX_PRINTED = "citetool-year-suffix-printed"  # a key of the layout's per-render store
_CALLER = "_citetool_caller"  # what a localized date was rendered for (see _date_process)


def _date_process(date: DateElement, item: object, variable: str | None = None,
                  show_parts: list[str] | None = None, context: object = None,
                  **kwargs: object) -> object:
    """citeproc-py's date, with a date given as text ("forthcoming") printed only where the
    date shows its year, as citeproc-js prints it in the year's place: citeproc-py printed it
    for every date element, so APA gave "(forthcoming, forthcoming)" for the year and the
    month and day of a newspaper article, Chicago "J. Stuff, forthcoming" for a month."""
    name = (variable or date.get("variable") or "").replace("-", "_")
    if isinstance(dict.get(item.reference, name), LiteralDate) and (
            date.is_locale_date() or date.get("form") is None) and not (
            "year" in (show_parts or ["year"]) and any(
                part.get("name") == "year" for part in date.iterchildren()
                if part.tag == _DATE_PART_TAG)):
        return None
    if context is not None and date.get("form") is not None:
        # citeproc-py renders the locale's date with this one as its context: the year's
        # part finds the layout through what called it (a date in a macro has none; its
        # year suffix crashed 1 style in 10 of the CSL repository's)
        date.__dict__[_CALLER] = context
    return _CITEPROC_DATE_PROCESS(date, item, variable, show_parts, context, **kwargs)


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
    pieces = [*rendered(begin, parts[:start], ""),
              joiner.join(rendered(begin, parts[start:stop], "suffix")) + delimiter +
              joiner.join(rendered(end, parts[start:stop], "prefix")),
              *rendered(end, parts[stop:], "")]
    return joiner.join(pieces)


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
    body = part.format(part.case(part.strip_periods(text)))
    prefix = "" if bare_prefix else part.get("prefix", "")
    suffix = "" if bare_suffix else part.get("suffix", "")
    return prefix + body + suffix


def _render_citation(layout: Layout, citation: Citation, callback: Callable) -> object:
    """citeproc-py's citation layout with two fixes: the cites stay in the order given unless
    the style sorts them (it put them in bibliography order), and they are grouped and
    collapsed as cs:citation asks (CSL 1.0.2, "Citation Collapsing"), which it never did."""
    element = layout.getparent()
    cites = [cite for cite in citation.cites if not cite.is_bad()]
    for cite in citation.cites:
        if cite.is_bad():
            callback(cite)
    if element.sort is not None:  # ties stay in bibliography order, as citeproc-js has them
        cites.sort(key=lambda cite: citation.bibliography.keys.index(cite.key))
        cites = element.sort.sort(cites, layout)
    grouping = element.get("collapse") or element.get("cite-group-delimiter")
    rendered = []
    for cite in cites:
        full = _render_cite(layout, cite, vars(cite).get(_SUPPRESS_AUTHOR, False))
        if full is None:
            continue
        rest = _render_cite(layout, cite, without_author=True) if grouping else None
        element.cites.append(cite)  # the history that positions (ibid, subsequent) read
        rendered.append((cite, full, rest))
    delimiter = layout.get("delimiter", "")
    if element.get("collapse") == "citation-number":
        pieces = _collapse_numbers(rendered, delimiter)
    elif grouping:
        pieces = _collapse_authors(element, rendered, delimiter)
    else:  # a suffix ending in punctuation takes the delimiter's: "one source, Jones"
        pieces = [(full, delimiter.lstrip(",.;:") if cite.get("suffix", "")[-1:] in (
            ",", ".", ";", ":") else delimiter) for cite, full, _ in rendered]
    output = pieces[0][0] if pieces else None
    for (_, before), (text, _) in zip(pieces, pieces[1:]):
        # A cite whose prefix opens with punctuation takes the delimiter's place, as in
        # citeproc-js: "Book A, cited in Book B", not "Book A; , cited in Book B".
        output = join([output, text], "" if str(text)[:1] in ",.;:" else before)
    return layout.format(layout.wrap(output)) if output is not None else None


def _render_cite(layout: Layout, cite: CitationItem, without_author: bool = False) -> object:
    """One cite with its prefix and suffix; without_author leaves out its first names."""
    layout.repressed = {}
    object.__setattr__(cite, "without_author", without_author)
    try:
        output = layout.render_children(cite)
    except VariableError:
        return None
    finally:
        object.__setattr__(cite, "without_author", False)
    if output is None:
        return None
    return cite.get("prefix", "") + output + cite.get("suffix", "")


def _names_process(names: Names, item: object, *args: object, context: object = None,
                   **kwargs: object) -> object:
    """citeproc-py's names, or none for a cite rendered without its author (to collapse it),
    once: the first names element rendered is the author; its output is kept where an entry
    asks for it (author_text, for subsequent-author-substitute). Variables a substitute
    rendered before are left out (see _substitute), and those it renders noted. A shorthand
    ``<names variable="editor"/>`` in a substitute takes the cs:name and cs:label of the names
    it substitutes for (CSL 1.0.2, "Substitute") also inside a cs:choose there; citeproc-py
    gave them only to the substitute's own children (Chicago printed "F. Visi." for "Visi,
    Federico, ed.")."""
    if vars(item).get("without_author"):
        object.__setattr__(item, "without_author", False)
        return None
    variables = names.get("variable", "").split()
    if not args and kwargs.get("names_context") is None and len(names) == 0:
        outer = names.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names")
        if outer:
            kwargs["names_context"] = outer[0]
    hidden = {}
    if item.get("_substituted"):
        repressed = (context if context is not None else names).get_layout().repressed
        suppressed = [variable for variable in variables
                      if variable in repressed.get(_NAMES_TAG, ())]
        if len(suppressed) == len(variables):
            raise VariableError
        hidden = {key: item.reference.pop(key) for key in suppressed if key in item.reference}
    try:
        output = _name_count(names, item, context) or _CITEPROC_NAMES(
            names, item, *args, context=context, **kwargs)
    finally:
        item.reference.update(hidden)
    if output and vars(item).get(_AUTHOR_ONLY, False) is None:  # asked by _in_text_author
        object.__setattr__(item, _AUTHOR_ONLY, output)
    rendered = item.get("_substituting")
    if output and rendered is not None:
        rendered.update(variable for variable in variables if variable in item.reference)
    if "author_text" in vars(item) and vars(item)["author_text"] is None:  # _render_entries
        # the entry's author: the persons its names show, else (a substitute) its text; but
        # not a title, which citeproc-js never replaces (it leaves out text substitutes of
        # the title variable), so two entries under one title both print it
        shown = vars(item).pop("shown_names", None)
        author = tuple(shown) if shown else "" if "title" in item.get(
            "_substituted", ()) else str(output or "")
        if not _replaceable(names):
            author = ""
        object.__setattr__(item, "author_text", author)
        previous, substitute = vars(item)["author_substitute"]
        if substitute is not None and output and author and author == previous:
            return _labelled_substitute(names, item, substitute, variables, kwargs)
    return output


def _labelled_substitute(names: Names, item: object, substitute: object,
                         variables: list[str], kwargs: dict[str, object]) -> object:
    """subsequent-author-substitute in place of the names, their cs:label kept on its side
    ("——— ed."): citeproc-js replaces the names and not their label; citeproc-py's output
    lost both."""
    context = kwargs.get("names_context") or names
    label = next((child for child in context.iterchildren() if isinstance(child, Label)), None)
    role = next((variable for variable in variables if variable in item.reference), None)
    if label is None or role is None:
        return substitute
    text = label.render(item, role, len(item.reference[role]) > 1)
    if not text:
        return substitute
    return text + substitute if label is context.getchildren()[0] else substitute + text


def _replaceable(names: Names) -> bool:
    """Whether subsequent-author-substitute may replace what ``names`` printed: citeproc-js
    never replaces a substitute that comes after a cs:names of the same cs:substitute with a
    cs:name of its own (MLA's guest, before its editors: "Visi, Federico, editor." twice)."""
    return not (names.xpath_search("parent::cs:substitute") and
                names.xpath_search("preceding-sibling::cs:names[cs:name]"))


def _collapse_numbers(rendered: list[tuple], delimiter: str) -> list[tuple[object, str]]:
    """collapse="citation-number": three or more consecutive numbers as a range ("[1]–[4]")."""
    pieces: list[tuple[object, str]] = []
    run: list[tuple] = []

    def flush() -> None:
        if len(run) >= 3:
            pieces.append((join([run[0][1], run[-1][1]], "\u2013"), delimiter))
        else:
            pieces.extend((full, delimiter) for _, full, _ in run)
        run.clear()

    for entry in rendered:
        cite, full, _ = entry
        plain = not (cite.get("locator") or cite.get("prefix") or cite.get("suffix"))
        if run and plain and cite.number == run[-1][0].number + 1:
            run.append(entry)
            continue
        flush()
        if plain:
            run.append(entry)
        else:
            pieces.append((full, delimiter))
    flush()
    return pieces


def _collapse_authors(element: CitationStylesElement, rendered: list[tuple],
                      delimiter: str) -> list[tuple[object, str]]:
    """Cites by the same author together, the author printed once ("Doe 1965, 1970"); with
    collapse="year-suffix" the year once too ("1965a, b"), "year-suffix-ranged" as ranges.
    As in citeproc-js, a cite of the author alone (no date) adds nothing to the group, and
    after a cite with a locator comes the after-collapse-delimiter ("Wong 1999, 328; 2000")."""
    mode = element.get("collapse")
    # The defaults citeproc-js uses: ", " in in-text styles, else the layout's delimiter ("(Smith
    # 2000a; 2000b)" in a note style); the layout's delimiter; the cite-group-delimiter if
    # the style gives one, else the layout's delimiter.
    group_delimiter = element.get("cite-group-delimiter", ", " if element.get_root().get(
        "class") == "in-text" else delimiter)
    after_collapse = element.get("after-collapse-delimiter", delimiter)
    # citeproc-js puts the after-collapse-delimiter after a cite alone too ("(Whittaker 1967;
    # Wiens 1989b)"), but not with collapse="year-suffix"
    after_alone = after_collapse if mode != "year-suffix" else delimiter
    suffix_delimiter = element.get("year-suffix-delimiter",
                                   element.get("cite-group-delimiter", delimiter))
    groups: dict[str, list[tuple]] = {}
    for cite, full, rest in rendered:
        text, remainder = str(full), str(rest) if rest is not None else ""
        if cite.get("prefix") or not text.endswith(remainder):
            author = text + "\0"  # \0: never grouped
        else:  # a cite of its author alone (no date) groups with the others: "Smith, 1900"
            author = text[:len(text) - len(remainder)].strip()
        groups.setdefault(author, []).append((cite, full, rest))
    pieces: list[tuple[object, str]] = []
    for entries in groups.values():
        if len(entries) == 1:
            pieces.append((entries[0][1], after_alone))
            continue
        if mode is None:  # cite-group-delimiter alone: grouped, not collapsed
            output = join([full for _, full, _ in entries], group_delimiter)
        else:
            output = entries[0][1]
            previous_year = _year_of(entries[0])
            letters = [_suffix(entries[0])]
            located = entries[0][0].has_locator
            for entry in entries[1:]:
                if entry[2] is None:
                    continue
                year_text = _year_of(entry)
                if mode.startswith("year-suffix") and year_text and year_text == previous_year:
                    letters.append(_suffix(entry))
                    continue
                output = _with_letters(output, letters, mode, suffix_delimiter)
                output = join([output, entry[2]], after_collapse if len(letters) > 1 or located
                              else group_delimiter)
                previous_year, letters = year_text, [_suffix(entry)]
                located = entry[0].has_locator
            output = _with_letters(output, letters, mode, suffix_delimiter)
        pieces.append((output, after_collapse))
    return pieces


def _suffix(entry: tuple) -> str:
    return str(entry[0].reference.get("year_suffix") or "")


def _year_of(entry: tuple) -> str | None:
    """The cite's text without its author and year suffix, if it ends with that suffix (a
    suffix in an explicit font-style="normal" too: see _explicit_normal)."""
    cite, _, rest = entry
    suffix = _suffix(entry)
    text = richtext.flip_flop(str(rest)) if rest is not None else ""
    if suffix and text.endswith(suffix) and not cite.get("locator"):
        return text[:-len(suffix)]
    return None


def _with_letters(output: object, letters: list[str], mode: str, delimiter: str) -> object:
    """The cite that printed the year (its own suffix letters[0]), then the other suffixes of
    that year: "2000a, b", or with year-suffix-ranged runs of three or more: "2000a, c–e"."""
    runs: list[list[str]] = []
    for letter in letters:
        if mode == "year-suffix-ranged" and runs and len(letter) == len(runs[-1][-1]) == 1 \
                and ord(letter) == ord(runs[-1][-1]) + 1:
            runs[-1].append(letter)
        else:
            runs.append([letter])
    for number, run in enumerate(runs):
        shown = [run[0], run[-1]] if len(run) >= 3 else run
        if number == 0:  # its first letter is already printed
            if len(run) >= 3:
                output = join([output, run[-1]], "\u2013")
                continue
            shown = shown[1:]
        elif len(run) >= 3:
            shown = [join(shown, "\u2013")]
        output = join([output, *shown], delimiter)
    return output


def _render_entries(layout: Layout, citation_items: list[CitationItem],
                    earlier: Sequence[CitationItem] = ()) -> list[object | None]:
    """citeproc-py's bibliography entries, one per item, None where the item renders nothing
    (APA prints no personal communication; citeproc-py dropped it unsaid), with what it
    left out: with second-field-align the
    end of the first field is marked (_FIELD_END) for _second_field to set it apart; with
    subsequent-author-substitute an entry whose author (the first names element's output, its
    substitute included) is the previous entry's gets the substitute instead, the names'
    affixes kept ("———." in MLA; CSL 1.0.2, "Reference Grouping"; only the default rule,
    complete-all; see _names_process). ``earlier`` are the items whose entries come before
    these (rendered apart, render/parallel.py): the last of them that renders gives the
    previous author."""
    bibliography = layout.getparent()
    align = bibliography.get("second-field-align") is not None
    substitute = bibliography.get("subsequent-author-substitute")
    if not align and substitute is None:
        return [_entry(layout, item)[0] for item in citation_items]
    first = next((child for child in layout.iterchildren() if isinstance(child.tag, str)), None)
    if substitute is not None and bibliography.get(
            "subsequent-author-substitute-rule", "complete-all") == "complete-all":
        substitute = layout.preformat(substitute)
    else:
        substitute = None
    previous_author = None
    for item in reversed(earlier if substitute is not None else ()):
        entry, author = _entry(layout, item, None, substitute)
        if entry is not None:
            previous_author = author
            break
    entries: list[object | None] = []
    for item in citation_items:
        entry, author = _entry(layout, item, previous_author, substitute)
        if entry is None:
            entries.append(None)
            continue
        previous_author = author
        text = str(entry)
        if align:
            try:
                left = str(first.render(item) or "")
            except VariableError:
                left = ""
            if left and text.startswith(left) and text != left:
                entry = left + _FIELD_END + text[len(left):]
        entries.append(entry)
    return entries


def _entry(layout: Layout, item: CitationItem, previous_author: object = None,
           substitute: str | None = None) -> tuple[object, object]:
    """The item's entry (None if it renders nothing) and, with a ``substitute``, its author
    (see _names_process)."""
    layout.repressed = {}
    if substitute is None:
        return layout.format(layout.wrap(layout.render_children(item))), None
    object.__setattr__(item, "author_text", None)
    object.__setattr__(item, "shown_names", [])  # see _note_shown
    object.__setattr__(item, "author_substitute", (previous_author, substitute))
    entry = layout.format(layout.wrap(layout.render_children(item)))
    vars(item).pop("shown_names", None)
    return entry, vars(item).pop("author_text", None)


_FIELD_END = "\ue010"


_PAGE = re.compile(r"(|.*\D)(\d+)")


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
    if range_format.startswith("chicago"):
        value = int(first)
        if value < 100 or value % 100 == 0:
            return digits
        if range_format in ("chicago", "chicago-15") and len(first) == 4 and sum(
                a != b for a, b in zip(first, digits)) >= 3:
            return digits  # 15th edition: 1496–1504, not 1496–504
        range_format = "minimal" if value % 100 < 10 else "minimal-two"
    common = next((i for i, (a, b) in enumerate(zip(first, digits)) if a != b), len(digits))
    if range_format == "minimal-two":
        common = min(common, len(digits) - 2)
    return digits[common:]


def _text(text: Text, item: object, context: object = None, **kwargs: object) -> object:
    """citeproc-py's cs:text from its plan (_text_plan); a term is marked (_TERM_START) in
    the citations of note styles: there a term that opens a citation or a sentence is
    capitalised ("Ibid."), see _capitalise_terms."""
    value, language = _text_value(text, item, context, **kwargs)
    if not value:
        return None
    _, _, _, strip, cased, quoted, note_term = planned(text, _text_plan)
    output = text.case(value, language) if cased else value
    if strip:
        output = textcase.strip_periods(output)
    output = text.format(output)
    if quoted:
        output = text.quote(output)
    output = text.wrap(output if output is value else carry(value, output))
    if output and note_term:
        return String(_TERM_START) + output
    return output


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
        if text.get_formatter() is formatter.html:
            return String(_html_text(target)), language
        return String(_NOCASE_TAGS.sub("", _plain_text(target))), language
    return None, language


def _text_language(item: CitationItem) -> str | None:
    """The item's language as citeproc-py's cs:text reads it (two letters), kept on the
    item (CitationItem.text_language): citeproc-py cut it from the record for every text."""
    reference = item.reference
    return str(reference["language"])[:2] if "language" in reference else None


def _text_plan(text: Text) -> tuple[str | None, Any, str, bool, bool, bool, bool]:
    """What a cs:text renders (variable, macro, term or value, in citeproc-py's order of
    precedence, and the macro or value), the style's default language, and whether it strips
    periods, changes case, quotes, and is a term in a note style's citation."""
    kind = next((kind for kind in ("variable", "macro", "term", "value")
                 if kind in text.attrib), None)
    target = text.get_macro(text.get("macro")) if kind == "macro" else text.get("value")
    root = text.get_root()
    return (kind, target, root.get("default-locale", "en")[:2],
            text.get("strip-periods", "false").lower() == "true",
            text.get("text-case") is not None, text.get("quotes", "false").lower() == "true",
            kind == "term" and root.get("class") == "note" and bool(
                text.xpath_search("./ancestor::cs:citation")))


_NOCASE_TAGS = re.compile(r'<span class="nocase">|</span>')


def _capitalise_terms(citation: str) -> str:
    """Terms at the start of a note's citation or after a sentence in its prefix capitalised,
    as citeproc-js does ("Ibid.", "This has been said. Ibid.", but "Nocaps. ibid." after a
    one-word prefix); names keep their particles ("de Simone")."""
    citation = _OPENING_TERM.sub(lambda m: m[1] + m[2].upper() if m.start() == 0 or " " in
                                 citation[:m.start()] else m[0], citation)
    return citation.replace(_TERM_START, "")


_TERM_START = "\ue011"
_OPENING_TERM = re.compile(r"((?:^|[.!?][”’»\ue003]?\s)(?:<[^>]+>|[(\[“‘])*)\ue011(\w)")


def _number_text(number: FormatNumber, value: object, variable: str) -> object:
    """citeproc-py's numbers and ranges, read from the record's text: in HTML its "&" came
    escaped, and citeproc-py split "142-145 &amp; 235" at the "&" ("&amp; amp;"). Page ranges
    stay as written unless both ends are page numbers ("12", "S1"), as citeproc-js does:
    "1:1-1:4" stayed, citeproc-py made "1:1–:4"; only their dashes are closed up hyphens.
    Other numbers that are not numbers ("SE-10", "3,4") are printed as written too.
    Ranges listed with "; " are formatted as those listed with ", "."""
    value = str(value).replace("&amp;", "&")
    if variable == "page-first":  # what comes before the first separator ("56:1" of
        first = _FIRST_PAGE_END.split(value)[0]  # "56:1-56:30"), as citeproc-js takes it,
        value = value if first.endswith("\\") else first  # but "327\-30" is one page
    if variable.startswith("page") and _PAGE_LIST.search(value) and _numeric_pages(value):
        return join([_number_text(number, part, variable) for part in _PAGE_LIST.split(value)],
                    "; ")  # "33-37; 54-55", separated as with commas (citeproc-js)
    if variable == "page":  # "327\-30": an escaped hyphen is no range (citeproc-js)
        value = _UNLIKE_RANGE.sub(_unlike_range, _HYPHEN_RUN.sub(
            lambda m: _KEPT_HYPHEN * len(m[1]) + m[2], value.replace("\\-", _KEPT_HYPHEN)))
    if variable.startswith("page") and not _numeric_pages(value):  # "1:1 - 1:4" -> "1:1-1:4"
        delimiter = number.get_single_term(name="page-range-delimiter") or "\u2013"
        return _PAGE_JOINER.sub(lambda m: f"{m[1]} {delimiter} " if m[1] else "-",
                                value).replace(_KEPT_HYPHEN, "-")
    if not variable.startswith("page") and number.get("form", "numeric") == "numeric" and \
            "&" not in value:  # "04" stays "04", "2 - 3" is "2–3" (see numbers.py)
        return numbers.number_variable(value, str(number.get_single_term(
            name="page-range-delimiter") or "\u2013"), "page-range-format" in number.get_root(
        ).attrib)
    if not _numeric_pages(value):  # a volume "SE-10", a report "RR-1443": as written
        return value
    output = _CITEPROC_NUMBER(number, value, variable)
    return output.replace(_KEPT_HYPHEN, "-") if _KEPT_HYPHEN in value else output


def _unlike_range(match: re.Match[str]) -> str:
    """A page range whose ends have different prefixes ("N110 - 5", "123N110 - N5") is no
    range to format: kept as written, its hyphen closed up, as citeproc-js does."""
    first, last = _PAGE.fullmatch(match[1]), _PAGE.fullmatch(match[2])
    if not first or not last or first[1] == last[1]:  # also roman numbers: "xxv-xxviii"
        return match[0]
    return match[1] + _KEPT_HYPHEN + match[2]


_UNLIKE_RANGE = re.compile(r"([^\s,&\-–]+)\s*[-–]\s*([^\s,&\-–]+)")
_KEPT_HYPHEN = "\ue007"
_PAGE_LIST = re.compile(r";\s+")
_FIRST_PAGE_END = re.compile("\\s*(?:&|, |-|\u2013)\\s*")
# A hyphen and the spaces around it; or one after a number and words, before a number, which
# citeproc-js spaces around the style's delimiter ("16474 LP - 16479" is "16474 LP – 16479",
# "12 (LP)-15, 20" is "12 (LP) – 15, 20"; "12 LP-B15" stays).
_PAGE_JOINER = re.compile(r"((?:^|(?<=[,;]\s))\d+\s+[^\d\s,;&\-–][^\d,;&\-–]*?)?\s*[-–]\s*"
                          r"(?=\d+[a-z]*(?:$|[,;]\s))|\s*[-–]+\s*")
# A run of hyphens, which citeproc-js prints as written but for the spaces before it
# ("E2579--E2586"; "1 -- 5" is "1-- 5").
_HYPHEN_RUN = re.compile(r"\s*(-{2,})(\s*)")


def _name_process(name: Name, item: object, variable: str, context: object = None,
                  sort_options: dict[str, object] | None = None, **kwargs: object) -> object:
    """citeproc-py's names, with et-al-subsequent-min and -use-first applied to cites of a
    work cited before (CSL 1.0.2, "Name"), which it read but never used, and the names and
    given names disambiguation added (see _disambiguated_names), in sort keys those it
    expands before cites are compared (disambiguation.prepare): "Kim, Junsu, Kim, Jaeyeon"
    sorts after "Kim, J., Lee, Y.", as in citeproc-js."""
    element = context if context is not None else name
    if not isinstance(item, CitationItem):
        return _names_text(name, item, variable, context, sort_options)
    if sort_options is not None:  # a sort key
        ambiguity = disambiguation.state(item.reference)
        if ambiguity is None:
            return _names_text(name, item, variable, context, sort_options)
        return _disambiguated_names(name, item, variable, context, sort_options, ambiguity,
                                    in_citation=False)
    in_citation = bool(element.xpath_search("./ancestor::cs:citation"))
    if in_citation:
        subsequent_min = name.get_option("et-al-subsequent-min", context)
        history = name.get_root().citation.cites
        if subsequent_min and any(cite.key == item.key for cite in history):
            sort_options = {"et-al-min": subsequent_min, "et-al-use-first":
                            name.get_option("et-al-subsequent-use-first", context)}
    ambiguity = disambiguation.state(item.reference)
    if ambiguity is None:
        _note_shown(name, item, variable, context, sort_options or {})
        return _names_text(name, item, variable, context, sort_options)
    return _disambiguated_names(name, item, variable, context, sort_options or {},
                                ambiguity, in_citation)


def _names_text(name: Name, item: object, variable: str, context: object,
                sort_options: dict[str, object] | None) -> object:
    """A name list as CSL 1.0.2 ("Name") has it, where citeproc-py's differed: the and-term
    joined with the name delimiter (it always used ", "), delimiter-precedes-last and
    -et-al "after-inverted-name", and each name as _one_name makes it. In a sort key the list
    is cut by et-al-min and -use-first (or the key's names-min and names-use-first, CSL
    1.0.2, "Sorting") but, as in citeproc-js, holds only the names: no "et al." and no
    and-term, so "Moody, Daniel L., et al." sorts with "Moody, Daniel L." and before
    "Moody, Daniel, and Jos van Hillegersberg"."""
    options: dict[str, Any] = {}

    def option(key: str) -> Any:  # asked for each name: kept for the list (one element)
        if key not in options:
            options[key] = name.get_option(key, context, sort_options)
        return options[key]

    delimiter = option("delimiter")
    names = item.reference.get(variable, [])
    others = ends_with_others(names)
    names = names[:-1] if others else names
    if option("form") == "count":
        return sum(1 for _ in names[:option("et-al-use-first")])
    et_al_min, use_first = option("et-al-min"), option("et-al-use-first")
    truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
    use_last = truncate and option("et-al-use-last") and use_first <= et_al_min - 2 \
        and not others
    if truncate:
        names = names[:use_first] + ([names[-1]] if use_last else [])
        if not names:  # et-al-use-first="0": no names, and no "et al." alone
            return None
    order = option("name-as-sort-order")
    inverted = [order == "all" or (order == "first" and number == 0)
                for number in range(len(names))]
    sorting = _sorting(sort_options)
    output = [_one_name(name, person, upside, option, context, sorting)
              for person, upside in zip(names, inverted)]
    if sorting and not use_last:
        return name.join(output, delimiter)

    def precedes(rule: str, previous_inverted: bool, count: int) -> bool:
        return rule == "always" or (rule == "contextual" and count >= 2) or (
            rule == "after-inverted-name" and previous_inverted)

    if truncate and use_last:
        output[-1] = name.unicode_character("horizontal ellipsis") + " " + output[-1]
        return name.join(output, delimiter)
    et_al = name.et_al() if truncate or others else None
    if et_al:
        if precedes(option("delimiter-precedes-et-al"), inverted[-1], len(output)):
            return name.join(output + [et_al], delimiter)
        return name.join(output, delimiter) + " " + et_al
    and_ = option("and")
    if and_ in ("text", "symbol") and len(output) > 1:
        term = name.get_single_term(name="and") if and_ == "text" else name.preformat("&")
        text = name.join(output[:-1], delimiter)
        if precedes(option("delimiter-precedes-last"), inverted[-2], len(output) - 1):
            return text + delimiter + f"{term} " + output[-1]
        return text + f" {term} " + output[-1]
    return name.join(output, delimiter)


def _sorting(sort_options: dict[str, object] | None) -> bool:
    """Whether names are rendered for a sort key: citeproc-py's macro keys pass options with
    name-as-sort-order (CSL 1.0.2, "Sorting"); cites past et-al-subsequent-min pass others."""
    return sort_options is not None and "name-as-sort-order" in sort_options


def _one_name(name: Name, person: object, inverted: bool, option: Callable[[str], Any],
              context: object, sorting: bool) -> str:
    """One name as citeproc-js prints it: name-part formatting on each part (particles
    included) and its affixes around the whole given or family block (CSL 1.0.2, "Name-part
    Formatting"); a comma before a comma-suffix ("Doe, Jr."); a name of given name only kept
    whole ("Banksy"); names in CJK script family first without a space ("我妻栄"); a suffix's
    abbreviations with the initialize-with mark, as the initials ("Jr" where it is "").
    citeproc-py formatted "van der Meer" as one family and ran suffixes into the family's
    affixes."""
    given, family, dropping, non_dropping, suffix = person.parts()
    parts = {part.get("name"): part for part in name.findall("cs:name-part", name.nsmap)}

    def styled(key: str, text: str | None) -> str | None:
        part = parts.get(key)
        return part.format(part.case(text)) if part is not None and text else text

    def block(key: str, pieces: Iterable[str | None]) -> str:
        text = _name_join(pieces)
        part = parts.get(key)
        return part.wrap(text) if part is not None and text else text

    form = option("form")
    if "literal" in person or not family:
        if not family:  # given name only: no initials
            return block("given", [styled("given", given)])
        return block("family", [styled("family", family)])
    if given and not _ROMANESQUE.search(given + family):
        if form == "short":
            return block("family", [styled("family", family)])
        return block("family", [styled("family", family)]) + block("given", [styled("given",
                                                                                    given)])
    initialize_with = option("initialize-with")
    if given is not None and initialize_with is not None:
        given = name.initialize(given, initialize_with, context)
    if suffix and initialize_with is not None:  # "Jr." is "Jr" in AMA, as in citeproc-js
        suffix = _initials(str(suffix), initialize_with, False, False)
    if form == "short":
        return block("family", [styled("family", non_dropping), styled("family", family)])
    comma = str(person.get("comma-suffix", "")).lower() == "true"
    if not inverted:
        family_block = block("family", [dropping, styled("family", non_dropping),
                                        styled("family", family) + ("," if comma and suffix
                                                                    else ""), suffix])
        return _name_join([block("given", [styled("given", given)]), family_block])
    separator = option("sort-separator")
    demote = option("demote-non-dropping-particle")
    if demote == "never" or (demote == "sort-only" and not sorting):
        first = block("family", [styled("family", non_dropping), styled("family", family)])
        rest = block("given", [styled("given", given), styled("given", dropping)])
    else:
        first = block("family", [styled("family", family)])
        rest = block("given", [styled("given", given), styled("given", dropping),
                               styled("family", non_dropping)])
    return separator.join(piece for piece in (first, rest, suffix) if piece)


def _name_join(pieces: Iterable[str | None]) -> str:
    """Name parts joined by spaces, but none after a particle ending in an apostrophe or a
    hyphen ("d’Aubignac", "al-One") or after a part's own space (_spaced_particle) or
    no-break space."""
    text = ""
    for piece in pieces:
        if not piece:
            continue
        end = _TAGS.sub("", text)[-1:]
        text += piece if not text or end in "’'- \u00a0" else " " + piece
    return text.rstrip(" ")  # a particle's own space, where it comes last


_TAGS = re.compile("<[^>]*>")
# Scripts whose names read given name first (Latin, Greek, Cyrillic, Hebrew, Arabic and their
# extensions); other names (CJK) print family name first, without a space.
_ROMANESQUE = re.compile("[A-Za-z0-9\u00c0-\u024f\u0370-\u06ff\u1e00-\u1fff]")


def _disambiguated_names(name: Name, item: CitationItem, variable: str, context: object,
                         options: dict[str, object], ambiguity: disambiguation.Ambiguity,
                         in_citation: bool) -> object:
    """The names as disambiguation left them (render/disambiguation.py), in cites and, as
    citeproc-js does, in bibliography entries: names it added are shown where they are more
    than the element's et-al-use-first (all of them, without "et al.", when that is all),
    and a name it expanded shows its initials or whole given name (a short form becomes
    "J. Doe", initials become the given name). A cite notes the names it showed."""
    key = variable.replace("-", "_")
    people = item.reference.get(key) or []
    # a sort key's names-min and names-use-first come as the style spells them
    use_first = int(options.get("et-al-use-first")
                    or name.get_option("et-al-use-first", context))
    et_al_min = int(options.get("et-al-min", name.get_option("et-al-min", context)))
    truncated = bool(et_al_min) and len(people) >= et_al_min > 0
    count = ambiguity.names.get(variable)
    if truncated and count and count > use_first:
        options = {**options, "et-al-use-first": count}
        if count >= len(people):
            options["et-al-min"] = truncated = 0
        use_first = count
    if in_citation:
        ambiguity.rendered[variable] = (min(use_first, len(people)) if truncated
                                        else len(people), len(people))
    _note_shown(name, item, variable, context, options)
    short = name.get_option("form", context, options) == "short"
    levels = {index: level for index, level in ambiguity.levels(variable, short).items()
              if index < len(people)}
    if not levels:
        return _names_text(name, item, variable, context, options or None)
    mark = name.get_option("initialize-with", context, options)
    expanded = list(people)
    for index, level in levels.items():
        person = people[index]
        given = person.get("given")
        if not given:
            continue
        if short:  # the given name (or initials) joined to the family name: "J. Doe"
            shown = _initialize(name, given, mark, context) if (
                mark is not None and level == disambiguation.INITIALS) else str(given)
            parts = (shown, person.get("dropping-particle"),
                     person.get("non-dropping-particle"), person.get("family"))
            expanded[index] = type(person)(**{"family": " ".join(filter(None, parts)),
                                              **({"suffix": person["suffix"]}
                                                 if person.get("suffix") else {})})
        elif level == disambiguation.FULL and mark is not None:
            expanded[index] = type(person)(**{**person, "given": _WholeGiven(given)})
    item.reference[key] = expanded
    try:
        return _names_text(name, item, variable, context, options or None)
    finally:
        item.reference[key] = people


def _note_shown(name: Name, item: CitationItem, variable: str, context: object,
                options: dict[str, object]) -> None:
    """The persons the names show, noted where an entry's author is being compared (see
    _names_process): citeproc-js's subsequent-author-substitute compares the names shown,
    not the "et al." or "and" around them ("Ho, Jocelyn." then "———, et al." is "———."),
    nor their role or label: an author after the same person as editor is "———." too (we
    compared roles)."""
    noted = vars(item).get("shown_names")
    if not isinstance(noted, list):
        return
    people = [person for person in item.reference.get(variable.replace("-", "_")) or []]
    use_first = options.get("et-al-use-first") or name.get_option("et-al-use-first", context)
    et_al_min = options.get("et-al-min", name.get_option("et-al-min", context))
    if et_al_min and len(people) > 1 and len(people) >= et_al_min:
        people = people[:use_first]
    noted.extend((family_with_particle(person), person.get("given"),
                  person.get("dropping-particle"), person.get("suffix")) for person in people)


class _WholeGiven(str):
    """A given name that disambiguation shows whole: _initialize leaves it as it is."""


def _name_count(names: Names, item: object, context: object) -> str | None:
    """form="count": how many names the element would print, et-al rule applied, over all
    its variables (citeproc-py printed each variable's count side by side: "32" for 5)."""
    name = names.name
    if name is None or name.get("form") != "count":
        return None
    total = 0
    for variable in names.get("variable", "").split():
        people = item.reference.get(variable.replace("-", "_")) or []
        people = people[:-1] if ends_with_others(people) else people
        et_al_min = name.get_option("et-al-min", context)
        total += (name.get_option("et-al-use-first", context)
                  if et_al_min and len(people) >= et_al_min else len(people))
    return str(total) if total else None


def _is_plural(label: Label, item: object) -> bool:
    """citeproc-py's plural label test; pages or volumes that are not numbers ("1:1-1:4",
    "paper9", "FS-06-05") take the singular label ("p.", "vol."), as in citeproc-js, except
    a range left open ("pp. 180-")."""
    variable = label.get("variable") or ""
    if variable in ("page", "volume", "issue"):
        value = item.reference.get(variable)
        if not _numeric_pages(value):
            return bool(_OPEN_RANGE.fullmatch(str(value))) or _counted_pages(str(value))
        # a range or list of page numbers, roman ones too ("i–ix"), is plural
        return bool(_PAGE_SEPARATOR.search(str(value)))
    if variable == "locator" and "\\-" in str(item.locator.identifier):
        return False  # an escaped hyphen is no range
    return _CITEPROC_IS_PLURAL(label, item)


def _counted_pages(value: str) -> bool:
    """Whether pages that are not all page numbers still count as several, as citeproc-js
    counts them: more than one part, the first a number ("33-37,54-55", "e1-e3,e9": "pp."),
    each of the others opening with one."""
    first, *others = (part.strip() for part in _PAGE_SEPARATOR.split(value))
    return bool(others) and bool(_FIRST_COUNTED.fullmatch(first)) and all(
        _OTHER_COUNTED.match(part) for part in others)


_FIRST_COUNTED = re.compile(r"(?:[A-Za-z]*\d+|[ivx]+)[,:A-Za-z]*")
_OTHER_COUNTED = re.compile(r"[A-Za-z]*\d")


def _numeric_pages(value: object) -> bool:
    """Whether each end of each range is a page number: "12", "S1", "xxv" (roman). As in
    citeproc-js, a comma or semicolon separates pages only when a space follows it:
    "33-37,54-55" is one odd page, printed as written."""
    return all(_PAGE_NUMBER.fullmatch(end.strip()) for end in _PAGE_SEPARATOR.split(
        str(value).replace("&amp;", "&")))  # HTML's record text is escaped


_PAGE_NUMBER = re.compile(r"(?:\d*[A-Za-z]+)?\d+|[ivxlcdm]+|[IVXLCDM]+")  # "8n1568"
_PAGE_SEPARATOR = re.compile(r"[-–]+|&|[,;]\s")
_OPEN_RANGE = re.compile(r"\s*[A-Za-z]*\d+\s*[-–]+\s*")


_TEXT_TAG, _NAMES_TAG = ("{http://purl.org/net/xbiblio/csl}text",
                         "{http://purl.org/net/xbiblio/csl}names")
_DATE_PART_TAG = "{http://purl.org/net/xbiblio/csl}date-part"


def _substitute(substitute: Substitute, item: object, context: object = None,
                **kwargs: object) -> object:
    """citeproc-py's substitute, suppressing every variable it rendered in the rest of the
    entry (CSL 1.0.2, "Substitute": substituted variables are suppressed in the rest of the
    output). citeproc-py suppresses only a text element's own variable attribute, so
    ``<substitute><text macro="title"/>`` printed the title twice, and a substituted editor
    came back as "In F. Visi (Ed.),"."""
    outer = item.get("_substituting")
    item["_substituting"] = rendered = set()
    try:
        text = _first_substitute(substitute, item, context, **kwargs)
    finally:
        item["_substituting"] = outer
    if text and rendered:
        if outer is not None:
            outer |= rendered
        repressed = (context if context is not None else substitute).get_layout().repressed
        for tag in (_TEXT_TAG, _NAMES_TAG):  # see _text_variable and _names_process
            repressed.setdefault(tag, []).extend(rendered)
        item["_substituted"] = frozenset(rendered)  # the variables it rendered
    return text


def _first_substitute(substitute: Substitute, item: object, context: object,
                      **kwargs: object) -> object:
    """What the first child of a cs:substitute that renders prints, as citeproc-py finds it,
    except that a cs:text of a term ends the search even where the locale's term is empty:
    citeproc-js substitutes once, and an empty "editor" term before the "author" term
    prints nothing (citeproc-py went on and printed the author term)."""
    text = None
    for child in substitute.getchildren():
        try:
            if isinstance(child, Names) and child.name is None:
                names = substitute.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        if text:
            substitute.add_to_repressed_list(child, context)
            break
        if child.tag == _TEXT_TAG and child.get("term"):
            break
    return text


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
    value = _CITEPROC_TEXT_VARIABLE(text, item, context)
    if value and name == "locator":  # "100 - 103" is 100–103; "327\-30"
        value = _LOCATOR_DASH.sub("\u2013", value).replace("\\\u2013", "-")  # stays
        if item.locator.label == "page":  # page locators follow page-range-format too
            value = _LOCATOR_RANGE.sub(lambda m: m[1] + "\u2013" + _last_page(
                text, m[1], m[2]), value)
    rendered = item.get("_substituting")
    if value and rendered is not None:
        rendered.add(name)
    if value and name in _NUMBER_VARIABLES:
        value = numbers.number_variable(value, str(text.get_single_term(
            name="page-range-delimiter") or "\u2013"), "page-range-format" in text.get_root(
        ).attrib)
    if value and "&" in str(value) and (name in _NUMBER_VARIABLES or
                                        name in ("locator", "page")):
        value = _localized_ampersand(text, value)
    return value


def _localized_ampersand(text: Text, value: object) -> str:
    """An "&" between numbers ("pages 213 & 235") as the locale's symbol form of the "and"
    term, spaced, as citeproc-js joins the parts of a number variable; citeproc-py kept the
    record's "&". Like citeproc-js, the plain "&" where the symbol form is the long term
    (a locale without one), and no spaces between letters ("R&D"). In HTML the value and
    the term come escaped."""
    symbol = str(text.get_single_term("and", "symbol") or text.preformat("&"))
    if symbol == str(text.get_single_term("and")):
        symbol = text.preformat("&")

    def joined(match: re.Match[str]) -> str:
        return match[1] + (symbol if match[1] and match[2] else f" {symbol} ")
    return _AMPERSAND.sub(joined, str(value))


# An "&", escaped in HTML (but no other entity), and the letters right around it, if any.
_AMPERSAND = re.compile(r"([A-Za-z]?)\s*(?:&amp;|&(?!#?\w+;))\s*(?=([A-Za-z]?))")


def _variable_plan(text: Text) -> tuple[str, tuple[str, ...]]:
    """The variable of a cs:text, and the record keys citeproc-py reads it from (its short
    form's too for form="short"); none for the variables it works out otherwise."""
    name = text.get("variable")
    if name.startswith("page") or name in ("citation-number", "locator",
                                           "first-reference-note-number"):
        return name, ()
    keys = (name.replace("-", "_"),)
    return name, keys + ((name.replace("-", "_") + "_short",) if text.get("form") == "short"
                         else ())


def _explicit_normal(method: Callable, attribute: str, decoration: str) -> Callable:
    """citeproc-py's font-style, font-weight or font-variant, with an explicit "normal" kept
    in HTML as a span (CSL 1.0.2, "Formatting": normal undoes the decoration around it);
    richtext.flip_flop keeps it only inside that decoration. citeproc-py printed nothing,
    so a ``font-style="normal"`` title in an italic group stayed italic."""
    span = richtext.NORMAL[decoration]
    wrapper = type(f"_Normal{attribute}", (TagWrapper,), {
        "tag": "span", "attributes": {"style": span.split('"')[1]}})

    def formatted(element: Formatted, text: object) -> object:
        if element.get(attribute) == "normal" and text and \
                element.get_formatter() is formatter.html:
            return wrapper(text)
        return method(element, text)
    return formatted


def _format(element: Formatted, text: object) -> object:
    """citeproc-py's formatting, skipped for an element that sets none of its attributes:
    each of its five steps then returns the text as it is, after asking the formatter and
    the attribute (a quarter of a million calls for 1,000 APA entries). Whether it sets any
    is kept on the element (its proxy is pinned, lookups.keep_proxies)."""
    try:
        plain = element.__dict__[_UNFORMATTED]
    except KeyError:
        plain = element.__dict__[_UNFORMATTED] = all(
            element.get(attribute) is None for attribute in _FORMATTING)
    if not plain:
        return carry(text, _CITEPROC_FORMAT(element, text))
    return str(text) if isinstance(text, int | float) else text


_UNFORMATTED = "_citetool_unformatted"
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _sort_keys(key: Key, items: list[object], context: object) -> list[object]:
    """citeproc-py's sort keys, compared without markup and punctuation, as citeproc-js
    compares them: "<i>Roe</i>" sorts under R, “Simple” under S, "[F]linders" under F,
    "Simple title, here A" before "Simple title here B" (the HTML formatter's tags and the
    quotes of the style or record were part of the key); a record's private-use characters
    compare as themselves (render/sheltered.py)."""
    return [_unpunctuated(sheltered.restored(_SORT_IGNORED.sub("", html.unescape(
        _SORT_IGNORED.sub("", str(value)))))) if isinstance(value, str | MixedString) else value
            for value in _CITEPROC_SORT_KEYS(key, items, context)]  # variables come escaped


def _unpunctuated(text: str) -> str:
    """Without punctuation and accents, which citeproc-js's comparison ignores (it compares
    base letters, model.base_letters), and one space between words, which it keeps: "Moody,
    D. L." before "Moody, D., & van H.", "Dale" before "Dalebout", "Cádiz" before
    "Carrascoza", "Großhauser" before "Grossmann". A key that opens or ends with a space keeps
    one there: citeproc-js turns every space into its sort separator, which it does not
    ignore, so " \\text MHS" sorts before "A" (and gets year suffix a), "Alpha " after
    "Alpha"."""
    kept = "".join(character for character in base_letters(text)
                   if not unicodedata.category(character).startswith(("P", "M")))
    return " " * kept[:1].isspace() + " ".join(kept.split()) + " " * kept[-1:].isspace()


_SORT_IGNORED = re.compile("<[^>]*>|[\ue000-\ue00b]")


def _lazy_sort(sort: Sort, items: list[object], context: object) -> list[object]:
    """citeproc-py's sort, each key rendered only for the items whose earlier keys tie:
    citeproc-py rendered every key of every item first (APA's title and archive macros for
    all of them), though most are told apart by the author and the date. The comparison is
    citeproc-py's, asked in the same order, so the order is the same (see _sort_compare)."""
    keys = list(sort.findall("cs:key", sort.nsmap))
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
    values: list[dict[int, object]] = [{} for _ in keys]
    if keys:  # every item's first key is compared: rendered for all (on every core)
        values[0] = dict(enumerate(map(_sort_value, parallel.render_parts(
            lambda start, end: _sort_keys(keys[0], items[start:end], context), len(items)))))

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


def _sort_value(key: object) -> tuple[object, int | None] | None:
    """A sort key as citeproc-py's Sort compares it, worked out once: None if missing, else
    the text without case (a date's key as it is) and the number it reads as, if any."""
    if key is None:
        return None
    try:
        key = str(key.lower())  # type: ignore[attr-defined]
    except AttributeError:  # a date's sort key
        pass
    try:
        return key, int(str(key))
    except ValueError:
        return key, None


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


_LOCATOR_DASH = re.compile("\\s*\u2013\\s*")
_LOCATOR_RANGE = re.compile("(\\w+)\u2013(\\w+)")


def _macro_render(macro: Macro, item: object, context: object = None,
                  sort_options: dict[str, object] | None = None) -> object:
    """citeproc-py's macro, suppressed as a group is when it calls variables and none of
    them rendered (CSL 1.0.2, "Group"), as citeproc-js treats a macro: a chapter without a
    container printed "His Anonymous Life, in". A term chosen by a test of variables
    ("Anon." for no author) counts as their rendering, as in citeproc-js; in a cs:choose,
    only the variables of the branch taken count (lookups.branch_flags): elsevier-harvard's
    "in: " and an empty container were printed for a chapter without a book title."""
    output, called, rendered = [], False, False
    for child, calls, counts in planned(macro, _macro_plan):
        try:
            text = child.render(item, context=context, sort_options=sort_options)
        except VariableError:
            called = called or calls
            continue
        if isinstance(child, Choose):  # the variables of the branch it took
            calls, counts = branch_flags(child, calls)
        called = called or calls
        if text is not None:
            output.append(text)
            rendered = rendered or counts
    if not output or (called and not rendered):
        return None
    return carry(output[-1], join(output, ""))


def _macro_plan(macro: Macro) -> list[tuple[CitationStylesElement, bool, bool]]:
    """Each child of the macro, whether it calls a variable, and whether its output counts
    as a variable's rendering (it calls one, or chooses by a test of variables)."""
    plan = []
    for child in macro.iterchildren():
        calls = calls_variable(child)
        plan.append((child, calls, calls or planned(child, _tests_variables)))
    return plan


def _tests_variables(element: CitationStylesElement) -> bool:
    """Whether the element chooses by a test of variables (cs:if variable="…"), itself or
    in a macro it calls (planned: kept on the element, which its style holds)."""
    root = element.getroottree().getroot()
    if element.xpath(".//cs:if[@variable] | .//cs:else-if[@variable]", namespaces=root.nsmap):
        return True
    macros = element.xpath("descendant-or-self::cs:text/@macro", namespaces=root.nsmap)
    return any(planned(macro, _tests_variables) for name in macros for macro in root.xpath(
        f'cs:macro[@name="{name}"]', namespaces=root.nsmap))


class _Locator(Locator):
    """citeproc-py's locator, equal to another of the same label and value: ibid-with-locator
    compared locators by identity, so a cite repeating "p. 34" was never plain ibid."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locator) and (self.label, str(self.identifier)) == (
            other.label, str(other.identifier))

    def __hash__(self) -> int:
        return hash((self.label, str(self.identifier)))


#: A cite in a citation: {"id": citekey} plus optional "locator", "label" (a CSL locator term,
#: "page" when omitted), "prefix", "suffix" (as CSL-JSON citation items have them), and
#: "position" (0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator) and "near-note" (a bool)
#: given by the caller in place of the positions the document order gives.
Cite = dict[str, Any]

#: A citation: its cites, or citeproc-js's citation data ``{"citationItems": [cites],
#: "properties": {"noteIndex": 2}}`` whose note number positions read (see _places).
CitationData = list[Cite] | dict[str, Any]


@dataclass(frozen=True)
class _Place:
    """Where a cite stands in the document (CSL 1.0.2, "Position"): its position as
    citeproc-js numbers them, whether it is near a cite of the same item (near-note), and
    the note that first cited the item (first-reference-note-number, None in a first cite)."""

    position: int
    near_note: bool
    first_note: int | None


_FIRST, _SUBSEQUENT, _IBID, _IBID_WITH_LOCATOR = range(4)


def _citation_parts(citation: CitationData, number: int) -> tuple[list[Cite], int]:
    """A citation's cites and note number; without a noteIndex each citation is its own
    note, numbered from 1 in document order."""
    if isinstance(citation, dict):
        note = citation.get("noteIndex", citation.get("properties", {}).get("noteIndex"))
        return list(citation.get("citationItems", [])), int(note) if note is not None \
            else number + 1
    return list(citation), number + 1


def _places(citations: list[tuple[list[Cite], int]], distance: int) -> list[list[_Place]]:
    """Each cite's place as citeproc-js gives it (CSL 1.0.2, "Position"). A cite is ibid when
    the cite before it in the same citation, or the whole previous citation if it holds one
    cite only, references the same item: plain ibid when both have no locator or the same
    one, ibid-with-locator when the current one has a new locator, subsequent when only the
    previous one had a locator. As in citeproc-js, a previous citation in an earlier note
    counts only when it is that note's one citation, and citations in the text of a note
    style (note number 0) follow one another apart from the notes. It is near-note when the
    item was last cited at most near-note-distance notes before (0: the same note). A
    position or near-note given in a cite takes the place of the computed one
    (citeproc-js's citation items may carry them)."""
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    places: list[list[_Place]] = []
    previous: dict[bool, tuple[list[Cite], int]] = {}  # by "in the text", the last citation
    in_note: dict[int, int] = {}  # how many citations each note holds
    for cites, note in citations:
        row = []
        last, last_in = previous.get(note == 0, ([], note))
        alone = len(last) == 1 and (last_in == note or in_note.get(last_in) == 1)
        for index, cite in enumerate(cites):
            key = str(cite.get("id"))
            before = cites[index - 1] if index else (last[0] if alone else None)
            if key not in first_note:
                position = _FIRST
            elif before is None or str(before.get("id")) != key:
                position = _SUBSEQUENT
            elif _locator(cite) is None:
                position = _IBID if _locator(before) is None else _SUBSEQUENT
            else:
                position = _IBID if _locator(cite) == _locator(before) else _IBID_WITH_LOCATOR
            near = key in last_note and note - last_note[key] <= distance
            if cite.get("position") is not None:
                position = int(cite["position"])
            if cite.get("near-note") is not None:
                near = bool(cite["near-note"])
            row.append(_Place(position, near, first_note.get(key)))
            first_note.setdefault(key, note)
            last_note[key] = note
        places.append(row)
        previous[note == 0] = (cites, note)
        in_note[note] = in_note.get(note, 0) + 1
    return places


def _locator(cite: Cite) -> tuple[str, str] | None:
    """A cite's locator with its label, as ibid compares them."""
    if cite.get("locator") in (None, ""):
        return None
    return str(cite.get("label") or "page"), str(cite["locator"])


def _position(condition: If, item: object, context: object) -> list[bool]:
    """cs:if position="…" read from the cite's place in the document (_places): citeproc-py
    worked positions out from the cites rendered before, without note numbers and without
    the positions a caller gives. "ibid" holds for ibid-with-locator too, "subsequent" for
    both ibids (CSL 1.0.2, "Position")."""
    place = vars(item).get(_PLACE)
    if place is None or (context if context is not None else condition).xpath_search(
            "./ancestor::*[self::cs:bibliography]"):
        return _CITEPROC_POSITION(condition, item, context)
    tests = {"first": place.position == _FIRST, "subsequent": place.position != _FIRST,
             "ibid": place.position in (_IBID, _IBID_WITH_LOCATOR),
             "ibid-with-locator": place.position == _IBID_WITH_LOCATOR,
             "near-note": place.near_note}
    return [tests.get(test, False) for test in condition.get("position").split()]


_PLACE = "_citetool_place"  # a cite's attribute: its _Place


# CSL's number variables that citeproc-js reads as numbers when a cs:text renders them (pages
# are citeproc-py's own _process, see _number_text).
_NUMBER_VARIABLES = frozenset("chapter-number collection-number edition issue number "
                              "number-of-pages number-of-volumes volume".split())


# Our methods in place of citeproc-py's, by the citeproc-py class whose method each replaces
# (with lookups.OVERRIDES; see lookups.derived): its text-case, name, label, substitute and
# text elements get our title case, initializing, empty-variable rule, singular labels and
# suppression of substituted variables (see _TitleCased, _initialize, _label, _is_plural,
# _substitute and _text_variable); crashes found by the CSL test suite are fixed
# (tests/test_render.py shows each case). citeproc-py's own methods that ours call are the
# _CITEPROC_ names.
_CITEPROC_CASE = TextCased.case
_CITEPROC_LABEL, _CITEPROC_IS_PLURAL = Label.process, Label._is_plural
_CITEPROC_TEXT_VARIABLE = Text._variable
_CITEPROC_RENDER, _CITEPROC_OPTION = CitationStylesElement.render, Style.get_option
_CITEPROC_IF = If.render
_CITEPROC_IS_NUMERIC = If._is_numeric
_CITEPROC_POSITION = If._position
_CITEPROC_DATE_PART = Date_Part.process
_CITEPROC_DATE_PROCESS = DateElement.process
_CITEPROC_DATE_RANGE = DateElement.render_date_range
_CITEPROC_NUMBER = FormatNumber._process
_CITEPROC_SORT_KEYS = Key.sort_keys
_CITEPROC_FORMAT = Formatted.format
_OVERRIDES: dict[type, dict[str, Any]] = {
    TextCased: {"case": _TitleCased.case},
    Name: {"initialize": _initialize, "process": _name_process},
    Label: {"process": _label, "_is_plural": _is_plural},
    Substitute: {"render": _substitute},
    Text: {"_variable": _text_variable, "render": _text, "process": _text_value},
    CitationStylesElement: {"render": _render_known},
    Style: {"get_option": _style_option},
    If: {"render": _condition, "_type": _type_test, "_variable": _variable_test,
         "_is_numeric": _numeric_test, "_position": _position},
    Choose: {"render": _choose},
    Date_Part: {"process": _year_part},
    DateElement: {"process": _date_process, "render_date_range": _date_range},
    Layout: {"render_citation": _render_citation, "render_bibliography": _render_entries},
    Names: {"process": _names_process},
    FormatNumber: {"_format_last_page": _last_page, "_process": _number_text},
    CitationItem: {"text_language": functools.cached_property(_text_language)},
    Macro: {"render": _macro_render},
    Key: {"sort_keys": _sort_keys},
    Sort: {"sort": _lazy_sort},
    Formatted: {"format": _format,
                "font_style": _explicit_normal(Formatted.font_style, "font-style", "italic"),
                "font_weight": _explicit_normal(Formatted.font_weight, "font-weight", "bold"),
                "font_variant": _explicit_normal(Formatted.font_variant, "font-variant",
                                                 "small-caps")},
}
for _known in (DateElement, Date_Part, Et_Al, Group, Label, Name, Names, Number):
    # they have markup: no need to ask (a third of a million)
    _OVERRIDES.setdefault(_known, {})["render"] = _CITEPROC_RENDER
# The classes of our style's elements, cites and bibliographies.
_ELEMENTS = element_lookup(OVERRIDES, _OVERRIDES)
_CitationItem = derived(CitationItem, OVERRIDES, _OVERRIDES)
_Bibliography = derived(CitationStylesBibliography, OVERRIDES, _OVERRIDES)


def _citeproc_names(names: Names, item: object, names_context: Names | None = None,
                    context: object = None, **kwargs: object) -> object:
    """citeproc-py's cs:names (Names.process). Where the names it takes its cs:name from have
    none, it puts a cs:name of its own class in them (``Name()``: a <Name/>, without
    namespace, which cs:name lookups never find) for each variable it renders: one of ours,
    made alike, is put there for the call and given to it as their cs:name."""
    where = names if names_context is None else names_context
    if where.name is not None or not any(variable in item.reference
                                         for variable in names.get("variable", "").split()):
        return Names.process(names, item, names_context, context, **kwargs)
    # Our Name class, as the style's parser makes a cs:name, made as citeproc-py makes its own.
    ours = type(where.makeelement(f"{{{SomewhatObjectifiedElement.nsmap['cs']}}}name"))
    given, name = where.__dict__.get("name"), ours()
    where.insert(0, name)
    where.__dict__["name"] = name
    try:
        return Names.process(names, item, names_context, context, **kwargs)
    finally:
        where.__dict__["name"] = given


_CITEPROC_NAMES = _citeproc_names


def render_bibliography(items: list[Item], style_path: Path, output_format: str = "text",
                        locale: str | None = None,
                        progress: Callable[[list[Any]], Iterable[Any]] | None = None,
                        jobs: int | None = None, unprinted: list[Item] | None = None
                        ) -> list[str]:
    """One formatted reference per item, in the style's bibliography order; ``locale`` is a
    code or a CSL locale file (render/locales.py), None for the style's own. ``progress``
    wraps the sorted entries as they are rendered one by one (for a progress bar); ``jobs``
    is how many processes render a large bibliography (render/parallel.py; default: one per
    core). The items the style prints nothing for are added to ``unprinted``, in that order:
    as citeproc-js, it prints no line for them (APA's personal communications)."""
    if output_format == "markdown":  # rendered as HTML, whose escaping it relies on
        from .markdown import from_html

        return [from_html(entry) for entry in render_bibliography(
            items, style_path, "html", locale, progress, jobs, unprinted)]
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    with warnings.catch_warnings(), parallel.jobs(jobs), sheltered.sheltering(items) as shelter:
        warnings.simplefilter("ignore")
        style = _load_style(style_path, locale)
        if not style.has_bibliography():
            raise StyleError(f"style {style_path.name} has no bibliography: it formats "
                             f"citations only (citetool cite)"
                             f"{styles.bibliography_hint(style_path)}")
        try:
            language = _language(style, locale)
            prepared = parallel.render_parts(lambda start, end: [
                _prepare(shelter.kept(items[number]), f"item{number}", text, language)
                for number in range(start, end)], len(items))
            with _frozen_heap():
                bibliography = _bibliography(style, prepared, fmt)
                _disambiguate(style, bibliography, items)
                _implicit_year_suffixes(style, bibliography)
                in_quote, marks = _punctuation_in_quote(style), _quote_marks(style)
                sorted_items, layout = bibliography.items, style.root.bibliography.layout

                def part(start: int, end: int) -> list[str | None]:
                    """The finished entries of the sorted items start to end."""
                    these = sorted_items[start:end]
                    return [entry if entry is None else shelter.restore(
                            _finished(str(entry), marks, in_quote, output_format))
                            for entry in layout.render_bibliography(
                                progress(these) if progress and not start else these,
                                sorted_items[:start])]
                entries = parallel.render_parts(part, len(sorted_items))
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    if unprinted is not None:
        unprinted += [_input_item(items, item.key)
                      for item, entry in zip(sorted_items, entries, strict=True) if entry is None]
    return [entry for entry in entries if entry is not None]


def _finished(entry: str, marks: tuple[str, str, str, str], in_quote: bool,
              output_format: str) -> str:
    """A bibliography entry as citeproc-py left it, finished as citeproc-js writes it."""
    return _second_field(_html(_finish(_nest_quotes(_spaces(entry), marks), in_quote),
                               output_format), output_format)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The objects made so far (the items, the style) left out of garbage collection while
    it runs: rendering allocates much and frees little, so collections would walk the whole
    library again and again (7 % of the time for 6,314 items), and a forked child
    (render/parallel.py) would copy every page they walk. Afterwards they are collected as
    usual again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def bibliography_order(items: list[Item], style_path: Path) -> list[str]:
    """The items' ids in the style's bibliography order (input order without a sort), the
    order citeproc-js's test runner cites them in when a fixture gives no citations."""
    with warnings.catch_warnings(), sheltered.sheltering(items) as shelter:
        warnings.simplefilter("ignore")
        style = _load_style(style_path, None)
        if not style.has_bibliography():
            return [str(item.get("id")) for item in items]
        prepared = [_prepare(shelter.kept(item), f"item{number}", _plain_text, "en")
                    for number, item in enumerate(items)]
        keys = _bibliography(style, prepared, formatter.plain).keys
    return [str(_input_item(items, key).get("id")) for key in keys]


def render_citations(items: list[Item], citations: list[CitationData], style_path: Path,
                     output_format: str = "text", locale: str | None = None) -> list[str]:
    """One formatted citation per citation (a list of cites, or a CitationData with a note
    number), in document order: positions (first, subsequent, ibid, near-note) and citation
    numbers follow that order, as in a document. A citation of pandoc's author in text
    (a cite marked ``author-in-text``) is its author, then the citation without it."""
    markdown = output_format == "markdown"  # rendered as HTML, whose escaping it relies on
    lines, authors, in_notes = _citation_texts(items, citations, style_path,
                                               "html" if markdown else output_format, locale)
    if markdown:
        from .markdown import from_html

        lines, authors = [from_html(line) for line in lines], [
            author and from_html(author) for author in authors]
    return [_with_author(author, line, in_notes) if author else line
            for line, author in zip(lines, authors)]


def _citation_texts(items: list[Item], citations: list[CitationData], style_path: Path,
                    output_format: str, locale: str | None
                    ) -> tuple[list[str], list[str], bool]:
    """Each citation finished, and the author of each author-in-text one ("" for the others,
    see _in_text_author), rendered with suppress-author; and whether the style is a note
    style."""
    keys = {str(item.get("id")): f"item{number}" for number, item in enumerate(items)}
    parts = [_citation_parts(citation, number) for number, citation in enumerate(citations)]
    for cites, _ in parts:
        for cite in cites:
            if str(cite.get("id")) not in keys:
                raise InputError(f"no item has the citekey '{cite.get('id')}'")
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    with warnings.catch_warnings(), sheltered.sheltering(items, parts) as shelter:
        warnings.simplefilter("ignore")
        style = _load_style(style_path, locale)
        if style.root.citation is None:
            raise StyleError(f"style {style_path.name} has no citation layout")
        try:
            language = _language(style, locale)
            prepared = [_prepare(shelter.kept(item), f"item{number}", text, language)
                        for number, item in enumerate(items)]
            places = _places(parts, _style_option(style.root, "near-note-distance"))
            cited = [Citation([_citation_item(shelter.kept(cite), keys[str(cite["id"])], text,
                                              place)
                               for cite, place in zip(cites, row)])
                     for (cites, _), row in zip(parts, places)]
            bibliography = _Bibliography(style, _Source(prepared), fmt)
            for citation in cited:
                bibliography.register(citation)
            disambiguation.prepare(style, bibliography)
            if style.has_bibliography():  # citation numbers follow the bibliography's sort
                bibliography.sort()
                _count_down(style, bibliography)
            _disambiguate(style, bibliography, items)
            _implicit_year_suffixes(style, bibliography)
            rendered = [str(bibliography.cite(citation, _unknown) or "")  # nothing, not "None"
                        for citation in cited]
            authors = [_in_text_author(style.root.citation.layout, citation, cites)
                       for citation, (cites, _) in zip(cited, parts)]
            in_quote, marks = _punctuation_in_quote(style), _quote_marks(style)
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    # A layout delimiter may be a line break (&#x0A;): lines are kept, spaces in them settled.
    # A cite's prefix and suffix are the author's text, whose quotes citeproc-js leaves as
    # they are: punctuation moves only into the quotes of the style and the record.
    lines = [shelter.restore("\n".join(
                 _capitalise_terms(_finish(_nest_quotes(_spaces(line), marks), in_quote))
                 .translate(_AFFIX_QUOTES_PRINTED)
                 for line in _html(citation, output_format).splitlines()))
             for citation in [*rendered, *filter(None, authors)]]
    finished = iter(lines[len(rendered):])
    return (lines[:len(rendered)], [author and next(finished) for author in authors],
            style.root.get("class") == "note")


def _in_text_author(layout: Layout, citation: Citation, cites: list[Cite]) -> str:
    """The author of a citation whose one cite is pandoc's author in text (``@key [p. 3]``):
    the first names its cite renders in the citation layout, as citeproc-js's author-only
    and jgm/citeproc's AuthorOnly give them ("Watson & Crick" in APA); "" for other
    citations and for styles whose citations print no names (numeric ones, where pandoc
    prints the citation alone)."""
    if len(cites) != 1 or not cites[0].get("author-in-text"):
        return ""
    cite = citation.cites[0]
    object.__setattr__(cite, _AUTHOR_ONLY, None)
    try:
        _render_cite(layout, cite)
        return str(vars(cite).get(_AUTHOR_ONLY) or "")
    finally:
        object.__delattr__(cite, _AUTHOR_ONLY)


def _with_author(author: str, rest: str, in_notes: bool) -> str:
    """An author-in-text citation: the author, then the citation without it; in a note style
    the citation is the note, written as pandoc's inline note (``Author^[note]``)."""
    if not rest:
        return author
    return f"{author}^[{rest}]" if in_notes else f"{author} {rest}"


def _html(text: str, output_format: str) -> str:
    """HTML finished as citeproc-js's: flip-flop decorations, superscript characters."""
    if output_format != "html":
        return text
    return richtext.superscripts(richtext.flip_flop(text)).translate(_ANGLES_PRINTED)


def _spaces(text: str) -> str:
    """Runs of spaces as one, the ends trimmed; a no-break space is text, not layout."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" \t\n\r\f\v")


_LAYOUT_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _citation_item(cite: Cite, key: str, text: Callable[[str], str],
                   place: _Place) -> CitationItem:
    """citeproc-py's cite: its locator (labelled "page" unless said), prefix and suffix as
    record text made ready for the output format, and its place in the document."""
    options: dict[str, object] = {}
    if str(cite.get("locator") or "").strip():  # citeproc-js trims it: "Title:666"
        options["locator"] = _Locator(str(cite.get("label") or "page"),
                                     text(str(cite["locator"]).strip()))
    for affix in ("prefix", "suffix"):
        if cite.get(affix):
            options[affix] = text(str(cite[affix])).translate(_AFFIX_QUOTES)
    item = _CitationItem(key, **options)
    object.__setattr__(item, _PLACE, place)
    if cite.get("suppress-author") or cite.get("author-in-text"):
        # citeproc-js's flag (pandoc's -@key): "(2020, p. 3)"; the author in text goes before
        object.__setattr__(item, _SUPPRESS_AUTHOR, True)
    return item


_SUPPRESS_AUTHOR = "suppress_author"
_AUTHOR_ONLY = "author_only"


def _unknown(item: CitationItem) -> str:
    raise RenderError(f"no item '{item.key}'")  # ids are checked before rendering


def _load_style(style_path: Path, locale: str | None) -> CitationStylesStyle:
    """The parsed style in ``locale`` (render/locales.py; a bad style or locale file is the
    user's StyleError or UsageError, not our crash), its lookups memoized (lookups.py)."""
    style = locales.style(style_path, locale, _ELEMENTS)
    keep_proxies(style)
    return style


def _language(style: CitationStylesStyle, locale: str | None) -> str:
    """The language of items that name none: the locale's, else the style's default."""
    return (locales.resolve(locale)[0] or style.root.get("default-locale") or "en")[:2]


def _bibliography(style: CitationStylesStyle, prepared: list[Item],
                  fmt: object) -> CitationStylesBibliography:
    """The bibliography of the items, sorted by the style's keys."""
    bibliography = _Bibliography(style, _Source(prepared), fmt)
    for item in prepared:
        bibliography.register(Citation([_CitationItem(item["id"])]))
    disambiguation.prepare(style, bibliography)
    bibliography.sort()
    _count_down(style, bibliography)
    return bibliography


def _count_down(style: CitationStylesStyle, bibliography: CitationStylesBibliography) -> None:
    """Citation numbers counted down the bibliography when its sort has a descending
    citation-number key (a variable, or a macro printing it), as citeproc-js does: the
    entries sorted by citation order descending read "[4] … [1]"; citeproc-py numbered every
    bibliography from 1 at its top. The numbers are counted by lookups._number."""
    descending = False  # the last citation-number key decides, as in citeproc-js
    for key in style.root.xpath("cs:bibliography/cs:sort/cs:key", namespaces=style.root.nsmap):
        macro = key.get("macro")
        if key.get("variable") == "citation-number" or macro and style.root.xpath(
                f'//cs:macro[@name="{macro}"]//cs:text[@variable="citation-number"]',
                namespaces=style.root.nsmap):
            descending = key.get("sort") == "descending"
    if descending:
        bibliography.__dict__["_citetool_count_down"] = True


def _disambiguate(style: CitationStylesStyle, bibliography: CitationStylesBibliography,
                  items: list[Item]) -> None:
    """The cites of the bibliography's items told apart (render/disambiguation.py), which
    citeproc-py never does; each is compared as its first cite renders without locator and,
    as in citeproc-js, without its accessed date (cites alike but for it are ambiguous)."""
    citation = style.root.citation
    if citation is None:
        return

    def cite_text(item: CitationItem) -> str:
        accessed = item.reference.pop("accessed", None)
        try:
            return str(_render_cite(citation.layout, item) or "")
        finally:
            if accessed is not None:
                item.reference["accessed"] = accessed

    disambiguation.disambiguate(style, bibliography, cite_text,
                                lambda item: _input_item(items, item.key).get("id"))


def _input_item(items: list[Item], key: str) -> Item:
    """The input item that citeproc-py knows by ``key`` ("item12": _prepare's ids)."""
    return items[int(key.removeprefix("item"))]


def _implicit_year_suffixes(style: CitationStylesStyle,
                            bibliography: CitationStylesBibliography) -> None:
    """In styles that never print the year-suffix variable, the suffix follows the year of the
    issued date (CSL 1.0.2, "Disambiguation": "1965a"); citeproc-py then printed none."""
    if style.root.xpath('//cs:text[@variable="year-suffix"]', namespaces=style.root.nsmap):
        return
    for key in bibliography.keys:
        reference = bibliography.source[key]
        issued = reference.get("issued")
        if "year_suffix" in reference and issued is not None:
            object.__setattr__(issued, "implicit_year_suffix", str(reference["year_suffix"]))


def _second_field(entry: str, output_format: str) -> str:
    """The first field set apart, with second-field-align, as citeproc-js does: in a block of
    its own in HTML (csl-left-margin, csl-right-inline), which reads as a space in text
    ("[1] Smith"); citeproc-py ran the two together ("[1]Smith")."""
    if _FIELD_END not in entry:
        return entry
    left, right = entry.split(_FIELD_END, 1)
    if output_format == "html":
        return (f'<div class="csl-left-margin">{left}</div>'
                f'<div class="csl-right-inline">{right}</div>')
    return f"{left.rstrip()} {right.lstrip()}"


def _punctuation_in_quote(style: CitationStylesStyle) -> bool:
    """The locale's punctuation-in-quote option (true for en-US), as the style sets it."""
    return style.root.get_locale_option("punctuation-in-quote").lower() == "true"


def _finish(entry: str, in_quote: bool) -> str:
    """Punctuation as citeproc-js settles it: no period after a "?", "!", ";" or ":"
    ("Memory?." → "Memory?"); with the locale's punctuation-in-quote (en-US), the commas,
    periods, "!" and "?" after a closing quote move inside it, settled first ("“Wow”!: x" →
    "“Wow!” x", as citeproc-js; citeproc-py moved none and we moved only "," and "."), and
    inside the record's inner quotes that close there too (“… ‘Rubbish.’”, three levels “a ‘b
    “c.”’”, or the record's ‘…’ alone outside quotes: ‘Cultural Education.’). Marks the record
    itself puts together ("Thou?: Dance") stay as they are (see _typographic)."""
    entry = _DOUBLED.sub(_one_mark, entry)
    if in_quote:
        # A period after the title's own "." "?" "!" goes; a comma stays: “Intractable.,”
        # It moves inside an inner quote too (“This is ‘The One.’”), and inside the quote
        # before the end of a decoration (<i>“Book A.”</i>).
        entry = _DOUBLED.sub(_one_mark, _AFTER_QUOTE.sub(_into_quote, entry))
    return entry.replace(MARKS_APART, "").translate(_KEPT_QUOTES)


def _into_quote(match: re.Match[str]) -> str:
    """The marks after a closing quote moved inside it (see _finish), and inside
    the ’ before it only when that closes an inner quote opened within: after “… the `Caméra
    Musicale’” the ’ is an apostrophe, and the period goes between it and the ”."""
    before, closing, tags, mark = match[1], match[2], match[3], match[4]
    kept = mark[1:] if before and mark[0] in (".", before) else mark
    if closing.startswith("’") and not _inner_quote_open(match.string[:match.start(2)]):
        if closing == "’":  # an apostrophe alone: "The students’."
            return match[0]
        return before + "’" + kept + closing[1:] + tags
    return before + kept + closing + tags


def _inner_quote_open(text: str) -> bool:
    """Whether an inner quote ‘ is open at the end of ``text``, within its last “ quote: a ’
    closes one where no letter follows (’s, n’t are apostrophes)."""
    quoted = text[text.rfind("“") + 1:]
    return quoted.count("‘") > len(_INNER_CLOSE.findall(quoted))


_INNER_CLOSE = re.compile(r"’(?!\w)")


def _one_mark(match: re.Match[str]) -> str:
    """Two marks met where a field ends and the next begins, settled as citeproc-js does:
    "Memory?." → "Memory?", "semicolon;: colon" → "semicolon; colon", "colon:! x" → "colon!
    x"; other pairs ("comma,. period") stay."""
    first, tags, second = match[1], match[2], match[3]
    if second in _DROPPED_AFTER.get(first, "") or (first == second == "." and tags):
        return first + tags  # "<b>Doe Co.</b>." is a field's end: one period
    if first in ";:" and second in "!?":
        return tags + second
    return match[0]


# For each mark, the marks that go after it ("?." → "?"); ".." stays (an ellipsis).
_DROPPED_AFTER = {":": ":.", ";": ":.;", "!": ":.!", "?": ":.?", ",": ","}
# A seam is followed by a space, a tag, a closing bracket, the end, or a mark kept apart from
# the next one (number_end.delimited): "Click::TWEET" is a title's own text.
_DOUBLED = re.compile(r"([.,;:!?])((?:</[a-z]+>)*)([.,;:!?])(?=[\s<)\]\ue012]|$)")
_MARKS_TOGETHER = re.compile(r"([.,;:!?])(?=[.,;:!?])")
# A run of closing quotes (“a ‘b “c”’”), or the record's ‘…’ closing alone outside quotes.
_AFTER_QUOTE = re.compile(r"([.?!]?)([’”]*”|’)((?:</(?:i|b|span|sup|sub)>)*)([.,!?]+)")
_NOCASE = '<span class="nocase">'
# citeproc-js's <sc> is small caps (CSL 1.0.2, "Rich Text Markup" has the span form).
_SMALL_CAPS_TAGS = {"<sc>": '<span style="font-variant:small-caps;">', "</sc>": "</span>"}


def _typographic(text: str) -> str:
    """Straight quotes in record text as citeproc-js prints them: any other ' as ’ (also
    "NeurIPS ’24", "Plug ’n Play"), and quoted text ("…", '…' or “…”) in the locale's outer
    quotes “…” (inner ones inside the style's quotes, see _nest_quotes); punctuation the
    record itself puts after its quote stays outside (citeproc-js moves only the style's).
    Quotes in quotes pair from the inside out: Bruce ''Tog'' is Bruce “‘Tog’”."""
    text = _DOUBLE_QUOTED.sub(_QUOTED, text)
    while (quoted := _SINGLE_QUOTED.sub(_single_quoted, text)) != text:  # ''Tog'': inner first
        text = quoted
    text = text.replace("'", "’")
    while (quoted := _CURLY_SINGLE.sub(_SINGLE, _CURLY_QUOTED.sub(_QUOTED, text))) != text:
        text = quoted  # “a ‘b “c”’”: the inner pair first, then the pair around it
    text = text.replace("”", _LONE_CLOSE)
    text = _OWN_PUNCTUATION.sub(_CLOSE_KEPT, _OWN_AFTER_SINGLE.sub(r"\g<0>" + MARKS_APART, text))
    return _MARKS_TOGETHER.sub(r"\1" + MARKS_APART, text)


def _single_quoted(match: re.Match[str]) -> str:
    """Straight single quotes around text, as placeholders: loose ones where the closing quote
    is followed by a space, which citeproc-js's title case does not take for a closing quote
    (textcase.py): 'what's new' in x stays “what’s New” in x, as written."""
    loose = match.string[match.end():match.end() + 1].isspace()
    opening, closing = (_OPEN_LOOSE, _CLOSE_LOOSE) if loose else (_OPEN, _CLOSE)
    return opening + match[1] + closing


# Quotes of record text are placeholders while citeproc-py renders (see _nest_quotes): opening,
# closing, and closing followed by the record's own punctuation; those of a cite's prefix and
# suffix others (_AFFIX_QUOTES).
_OPEN, _CLOSE, _CLOSE_KEPT = "\ue000", "\ue001", "\ue004"
# A ” that closes no quote of the record ('From ”folklore” to ”memory”.'): text, which
# citeproc-js moves no punctuation into.
_LONE_CLOSE = "\ue005"
_QUOTED = f"{_OPEN}\\1{_CLOSE}"
# The record's straight single quotes whose closing one citeproc-js's title case passes over
# (_single_quoted); printed as _OPEN and _CLOSE.
_OPEN_LOOSE, _CLOSE_LOOSE = "\ue00a", "\ue00b"
_LOOSE_AS_QUOTED = str.maketrans({_OPEN_LOOSE: _OPEN, _CLOSE_LOOSE: _CLOSE})
# The record's ‘…’: the inner quotes of its “…”, and kept as ‘…’ outside any quotes.
_OPEN_SINGLE, _CLOSE_SINGLE = "\ue008", "\ue009"
_SINGLE = f"{_OPEN_SINGLE}\\1{_CLOSE_SINGLE}"
_CURLY_QUOTED = re.compile("“([^“”]*)”")
_CURLY_SINGLE = re.compile("‘([^‘’]*(?:’\\w[^‘’]*)*)’(?!\\w)")  # "’s" inside is an apostrophe
_OWN_PUNCTUATION = re.compile(_CLOSE + "(?=[.,?!])")
_OWN_AFTER_SINGLE = re.compile(_CLOSE_SINGLE + "(?=[.,?!])")
_AFFIX_QUOTES = str.maketrans({_OPEN: "\ue002", _CLOSE: "\ue003", _CLOSE_KEPT: "\ue003",
                               _OPEN_LOOSE: "\ue002", _CLOSE_LOOSE: "\ue003",
                               _OPEN_SINGLE: "‘", _CLOSE_SINGLE: "’"})
_AFFIX_QUOTES_PRINTED = str.maketrans({"\ue002": "“", "\ue003": "”"})
# Closing quotes _finish moves no punctuation into, and inner ones it moves punctuation
# before (_AFTER_QUOTE), printed at its end.
_KEPT_QUOTES = str.maketrans({_LONE_CLOSE: "”", "\ue006": "’"})
# The placeholders as text-case sees them (textcase.py): quotes, and marks kept apart.
_CASE_QUOTES = {_OPEN: ("open", "record"), _CLOSE: ("close", "record"),
                _CLOSE_KEPT: ("close", "record"), _LONE_CLOSE: ("close", "double"),
                _OPEN_SINGLE: ("open", "record-single"),
                _CLOSE_SINGLE: ("close", "record-single"), MARKS_APART: None,
                # a loose quotation is given up by the next one of its kind (see textcase.py)
                _OPEN_LOOSE: ("open", "loose", "record"), _CLOSE_LOOSE: ("close", "apostrophe")}


def _quote_marks(style: CitationStylesStyle) -> tuple[str, str, str, str]:
    """The locale's outer and inner quotes (open-quote, close-quote, open-inner-quote,
    close-inner-quote), outer ones without the spaces French puts inside them."""
    return tuple(str(style.root.get_single_term(name=name) or default).strip("\u00a0\u202f ")
                 for name, default in (("open-quote", "“"), ("close-quote", "”"),
                                       ("open-inner-quote", "‘"), ("close-inner-quote", "’")))


def _nest_quotes(text: str, marks: tuple[str, str, str, str] = ("“", "”", "‘", "’")) -> str:
    """Record text's quotes as citeproc-js prints them: outside quotes as written (straight
    ones as “…”), inside quotes the locale's inner and outer quotes in turn: “My ‘Amazing’
    Title”, “My ‘“Amazing” Bogus’ Title”, « Life’s “Little” Surprises »."""
    text = text.translate(_LOOSE_AS_QUOTED)
    if not _RECORD_QUOTE.search(text):
        return text
    opening, closing = {"“", "«", marks[0]}, {"”", "»", marks[1]}  # not ’: an apostrophe
    output, depth = [], 0  # quotes open, the style's and the record's
    for character in text:
        if character in opening:
            depth += 1
        elif character in closing:
            depth = max(depth - 1, 0)
        elif character in (_OPEN, _OPEN_SINGLE):
            written = "“" if character == _OPEN else "‘"
            character = written if not depth else marks[2] if depth % 2 else marks[0]
            depth += 1
        elif character in (_CLOSE, _CLOSE_KEPT, _CLOSE_SINGLE):
            depth = max(depth - 1, 0)
            written = "’" if character == _CLOSE_SINGLE else "”"
            mark = written if not depth else marks[3] if depth % 2 else marks[1]
            # the record's own punctuation follows: see _KEPT_QUOTES
            character = {"”": "\ue005", "’": "\ue006"}.get(mark, mark) \
                if character == _CLOSE_KEPT else mark
        output.append(character)
    return "".join(output)


# Quoted text: its quotes hug it ('"Positive Obligations "' is no quotation), and an
# apostrophe inside a word does not end it ("'Nobody Knows You're a Dog'").
_RECORD_QUOTE = re.compile("[\ue000\ue001\ue004\ue008\ue009]")
_DOUBLE_QUOTED = re.compile(r'(?<![\w"])"(?!\s)([^"<>]+)(?<!\s)"(?![\w"])')  # Kynk"a"anniemi
# A ' closes a quote only before the end, another quote or tag, "," "." "?" ":" ";" or a space
# that is not before ":" ";" "?" "!" (which citeproc-js turns into a no-break space first):
# citeproc-js prints any other as an apostrophe, and the quote it would close opens nothing
# ("the ’Uncaused Sound’ : Description", "’Sound’-like").
_SINGLE_QUOTED = re.compile(r"(?<!\w)'(?!\s)((?:[^'<>]|(?<=\w)'(?=\w))+)(?<!\s)'"
                            r"(?=$|['<\ue000-\ue00b,.?:;]|\s(?![:;?!»]))")


@functools.lru_cache(maxsize=1 << 16)  # records repeat their texts: names, journals
def _html_text(value: str) -> str:
    """Record text for the HTML formatter: escaped, its rich-text tags kept as markup where
    they open and close in pairs (a lone "<i>" would run on into the rest of the entry)."""
    pieces = RICH_TAG.split(value)
    markup = paired_tags(pieces)
    pieces = [_SMALL_CAPS_TAGS.get(piece, piece) if index in markup else piece
              for index, piece in enumerate(pieces)]
    return _typographic_around(pieces, markup, lambda text: html.escape(text, quote=False))


def _typographic_around(pieces: list[str], markup: set[int],
                        escape: Callable[[str], str]) -> str:
    """The text of ``pieces`` made typographic as one text, its markup pieces (indexes in
    ``markup``) kept in place and left out of ``escape``: quotes around markup pair up
    (“<i>My Title</i>”), where piece by piece they stayed straight."""
    masked = "".join(chr(_MASK + index) if index in markup else piece
                     for index, piece in enumerate(pieces))
    return _MASKED.sub(lambda m: pieces[ord(m[0]) - _MASK], escape(_typographic(masked)))


# Markup pieces stand in the text as characters of a private-use plane while it is made
# typographic (see _typographic_around).
_MASK = 0xF0000
_MASKED = re.compile("[\U000f0000-\U000fffff]")


@functools.lru_cache(maxsize=1 << 16)  # records repeat their texts: names, journals
def _plain_text(value: str) -> str:
    """Record text for plain output: rich-text tags dropped, except nocase, which citeproc-py
    reads itself (with its own closing tag only: "Anonymous</span>" was left of small caps)."""
    pieces, spans = [], []
    for piece in RICH_TAG.split(value):
        if not RICH_TAG.fullmatch(piece):
            pieces.append(piece)
        elif piece.startswith("<span"):
            spans.append(piece == _NOCASE)
            if piece == _NOCASE:
                pieces.append(piece)
        elif piece == "</span>" and spans and spans.pop():
            pieces.append(piece)
    return _typographic_around(pieces, {index for index, piece in enumerate(pieces)
                                        if RICH_TAG.fullmatch(piece)}, lambda text: text)


def _prepare(item: Item, internal_id: str, text: Callable[[str], str],
             language: str) -> Item:
    """The item as citeproc-py can take it: a safe id, a known type, CSL variables only, text
    made ready for the output format.

    An item without a language is in the style's language (CSL 1.0.2, "Title case
    conversion"); citeproc-py would otherwise never title-case it. A date given only as
    "raw" text ("2005/05/31/") is read as citeproc-js reads it; citeproc-py dropped it.
    Zotero's journalAbbreviation and shortTitle are the short forms (_SHORT_ALIASES).
    A variable the record gave as a list of strings (model.UnprintedText) stays, empty: as in
    citeproc-js, ``<if variable="publisher">`` holds for it and it prints nothing.
    """
    prepared: Item = {"id": internal_id,
                      "type": item.get("type") if item.get("type") in TYPES else "document",
                      "language": language}
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
            if isinstance(value, dict):
                prepared[key] = {part: text(v) if isinstance(v, str) else v
                                 for part, v in value.items()}
        elif isinstance(value, UnprintedText):
            prepared[key] = value
        elif isinstance(value, (str, int, float)) and str(value) != "":
            prepared[key] = _numeric_field(key, str(value), text)
    for alias, variable in _SHORT_ALIASES.items():
        if alias in prepared:
            prepared.setdefault(variable, prepared[alias])
    return prepared


def _numeric_field(key: str, value: str, text: Callable[[str], str]) -> str:
    """Record text made ready for the output format, but a number variable that opens with
    a number keeps its tags as text ("1<sup>er</sup>" prints the tags), as citeproc-js,
    which reads rich-text markup in numeric fields only when they hold no number."""
    if key not in _NUMBER_VARIABLES or not value[:1].isdigit() or "<" not in value:
        return text(value)
    if text is not _html_text:
        return value
    return html.escape(value.translate(_ANGLES_KEPT), quote=False)  # "&lt;" after numbers split


# A number's own "<" and ">" while citeproc-py splits it at "&" (see _numeric_field, _html).
_ANGLES_KEPT = str.maketrans({"<": "\ue013", ">": "\ue014"})
_ANGLES_PRINTED = str.maketrans({"\ue013": "&lt;", "\ue014": "&gt;"})


def _raw_date(raw: str) -> dict[str, Any]:
    """A raw date read as citeproc-js reads it: "2005/05/31"; a range delimiter after it with
    nothing beyond ("2005/05/31/") makes a range whose end is its start, which prints as
    "31–31 May 2005" where a date shows the day (see _date_range); else the raw text."""
    date = parse_date_text(raw.rstrip("/"))
    if date is None:
        return {"literal": raw}
    if raw.strip().endswith("/"):
        date["date-parts"].append(list(date["date-parts"][0]))
    return date


# The short forms that CSL-JSON from Zotero names in its own way, read as citeproc-js reads
# them: journalAbbreviation is container-title-short, shortTitle title-short.
_SHORT_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}


def _suffix_in_given(name: dict[str, Any]) -> dict[str, Any]:
    """A suffix written after a comma in the given name read as citeproc-js reads it:
    "John, III" is John with suffix III; "John,! Jr." has a comma-suffix ("John Doe, Jr.")."""
    given = name.get("given")
    if not isinstance(given, str) or "," not in given or name.get("suffix"):
        return name
    first, suffix = given.split(",", 1)
    comma = suffix.startswith("!")
    name = {**name, "given": first.strip(), "suffix": suffix.lstrip("!").strip()}
    if comma:
        name["comma-suffix"] = True
    return name


def _particles(name: dict[str, Any]) -> dict[str, Any]:
    """Particles written into the family or given name read as citeproc-js reads them
    (CSL 1.0.2, "Name-part Order"): the lower-case words opening a family name are its
    non-dropping particle ("van der Vlist", "d'Aubignac", "al-One"), those closing a given
    name its dropping particle ("Alexander von"). They sort and print as particles."""
    name = dict(name)
    family, given = name.get("family"), name.get("given")
    if _literal_family(family):
        name["family"] = family[1:-1]
    elif isinstance(family, str) and "non-dropping-particle" not in name:
        particle, rest = "", family
        while match := _FAMILY_PARTICLE.match(rest):
            if not _is_particle(match[1]) or not rest[match.end():] or (
                    not match[2] and not match[1].endswith(("'", "’", "-"))):
                break
            particle, rest = particle + match[0], rest[match.end():]
        if particle:
            name["non-dropping-particle"], name["family"] = _spaced_particle(particle), rest
    if isinstance(given, str) and "dropping-particle" not in name:
        words = given.split(" ")
        cut = len(words)
        while cut > 1 and _is_particle(words[cut - 1]):
            cut -= 1
        if cut < len(words):
            name["given"], name["dropping-particle"] = (" ".join(words[:cut]),
                                                        " ".join(words[cut:]))
    return name


def _literal_family(family: object) -> bool:
    """Whether a family name is written in double quotes ('"van Happel"'): citeproc-js then
    reads no particle from it and prints it without the quotes; citeproc-py printed the
    quotes as curly ones and _particles split off "van"."""
    return isinstance(family, str) and len(family) > 2 and family[0] == family[-1] == '"'


def _spaced_particle(particle: str) -> str:
    """A particle read from the family name, its trailing space dropped, except after an
    apostrophe: citeproc-js keeps the record's space there ("de' Frinkle" prints "de’
    Frinkle"; "d'Wander" stays glued), and _name_join adds none after it."""
    kept = particle.rstrip()
    return kept + " " if kept != particle and kept.endswith(("'", "’")) else kept


def _is_particle(word: str) -> bool:
    letters = word.lstrip("'’")
    return bool(letters) and letters[0].islower()


# A word that may open a family name as a particle: lower-case, ending in a space, or glued
# to the family name by an apostrophe or a hyphen.
_FAMILY_PARTICLE = re.compile(r"(['’]?[^\W\d_][^\s'’-]*['’-]?)(\s*)")
