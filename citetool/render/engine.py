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
  citeproc-js keeps lower-case ("within"): text-case="title" is ours (_title_case);
- in styles with second-field-align it runs the citation number into the entry ("1.Smith"),
  and it prints a period after a "?" or ";" — both settled as citeproc-js does;
- straight quotes in record text stay straight; citeproc-js prints ’ and “…”;
- it never adds year suffixes ("1973a"): _add_year_suffixes does.
"""
from __future__ import annotations

import html
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import (
    FormatNumber,
    Label,
    Layout,
    Name,
    Names,
    Quoted,
    Substitute,
    Text,
    TextCased,
)
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String

from ..errors import RenderError
from ..model import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    TYPES,
    Item,
    family_with_particle,
    parse_date_text,
    suffix_letters,
    year,
)

OUTPUT_FORMATS = ("text", "html")


class _ProtectedCase(NoCase):
    """Text in ``<span class="nocase">``: no text-case transform changes it."""

    def lower(self) -> _ProtectedCase:
        return self

    upper = title = lower


class _Source(CiteProcJSON):
    """citeproc-py's CSL-JSON source, marking nocase text as _ProtectedCase, and reading
    every CSL name and date variable as names and dates: it knows only some of them and
    crashed on a "performer" given as text."""

    def parse_string(self, string: object) -> object:
        if isinstance(string, list):
            return self.parse_names(string)
        if isinstance(string, dict):
            return self.parse_date(string)
        return MixedString(_ProtectedCase(piece) if isinstance(piece, NoCase) else piece
                           for piece in super().parse_string(string))


# CSL title case, as citeproc-js does it: lower-case words are capitalised, also after a
# hyphen ("Long-Term"), except these short words (citeproc-js's list) in mid-title.
_STOP_WORDS = frozenset("""
    about above across afore after against al along alongside amid amidst among amongst anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath
    beside besides between beyond but by circa despite down during et except for forenenst from
    given in inside into lest like modulo near next notwithstanding of off on onto out over per
    plus pro qua sans since than through thru throughout thruout till to toward towards under
    underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or yet so
    and nor a an the de d' von van c ca""".split())


def _title_case(text: MixedString | String) -> MixedString | String:
    words = []
    capitalise = True  # the first word, and the first after a colon
    for word in text.words():
        if not isinstance(word, NoCase):
            parts = str(word).split("-")
            word = word.__class__("-".join(  # "Key-to-Pitch": the first part only
                _capitalise(part) if part.islower() and (
                    (capitalise and number == 0) or part not in _STOP_WORDS) else part
                for number, part in enumerate(parts)))
        capitalise = str(word).endswith((":", "?", "!", "."))
        words.append(word)
    return String(" ").join(words) if words else text


def _capitalise(word: str) -> str:
    """The first letter upper-cased, after any opening bracket or quote: "(Continued)"."""
    start = len(word) - len(word.lstrip("([{“‘\"'" + _OPEN))
    return word[:start] + word[start:start + 1].upper() + word[start + 1:]


class _TitleCased(TextCased):
    """citeproc-py's text-case, with its "title" done as citeproc-js does it."""

    def case(self, text, language=None):
        if self.get("text-case") == "title" and (language or "en").lower() == "en":  # "English" too
            return _title_case(text)
        return _CITEPROC_CASE(self, text, language)


def _initialize(name: Name, given: str, mark: str, context: object) -> str:
    """citeproc-py's initializing of given names, minding initialize="false" (CSL 1.0.2,
    "Name-part Formatting"): then full given names stay, only bare initials get the mark."""
    setting = next((element.get("initialize") for element in (
        name, context, name.getroottree().getroot())
        if element is not None and hasattr(element, "get") and element.get("initialize")),
        "true")
    if setting != "false":
        return _initials(str(given), mark, name.get_option("initialize-with-hyphen", context))
    return " ".join(word + mark.rstrip() if len(word) == 1 and word.isupper() else word
                    for word in given.split())


def _initials(given: str, mark: str, hyphen: bool) -> str:
    """Initials as citeproc-js makes them: "Md. Shad" → "Md. S." (a word written abbreviated
    stays), "A. d’Avila" and "emmanouil" keep their lower-case words, a lower-case part after
    a hyphen goes ("Shun-ichi" → "S."), an upper-case one stays joined ("Jean-Luc" → "J.-L.");
    without initialize-with-hyphen a hyphen reads as a space ("Jean-Luc" → "JL" in AMA).
    citeproc-py made "S.-. ichi ." and "M. S."."""
    out, after_hyphen = "", False
    for dash, word, period in _GIVEN_WORD.findall(given):
        if dash:
            after_hyphen = hyphen  # without initialize-with-hyphen a hyphen is a space
            continue
        if word[0].islower():
            if not after_hyphen:
                out = f"{out} {word}{period} "
        else:
            initial = (word if period and len(word) > 1 else word[0]) + mark
            out = (out.rstrip() + "-" if after_hyphen and out else out) + initial
        after_hyphen = False
    return " ".join(out.split())


_GIVEN_WORD = re.compile(r"(-)|([^\s.\-]+)(\.?)")


def _label(label: Label, item: object, variable: str | None = None, *args: object,
           **kwargs: object) -> object:
    """citeproc-py's label, but none for an empty variable (CSL 1.0.2, "Label": a label is
    rendered only with its variable): MDPI printed "1987; p ." for a report without pages."""
    name = variable or label.get("variable")
    if name and name != "locator" and not item.reference.get(name.replace("-", "_")):
        return None
    return _CITEPROC_LABEL(label, item, variable, *args, **kwargs)


def _page_ranges(number: FormatNumber, value: object, variable: str) -> object:
    """citeproc-py's page ranges, left as written unless both ends are page numbers ("12",
    "S1"), as citeproc-js does: "1:1-1:4" stayed, citeproc-py made "1:1–:4"."""
    if variable.startswith("page") and not _numeric_pages(value):
        return value
    return _CITEPROC_PAGE_RANGES(number, value, variable)


def _last_page(number: FormatNumber, first: str, last: str) -> str:
    """citeproc-py's shortened last page, but whole when the two numbers differ in length or
    are the same ("1–16", "274–274" in minimal-two, as citeproc-js prints them; citeproc-py
    made "1–6" and "274–74"), and chicago-16 as CSL 1.0.2 defines it."""
    if first == last or len(first) != len(last):
        return last
    if number.get_root().get_option("page-range-format") == "chicago-16" and first.isdigit():
        # CSL 1.0.2 "chicago-16": as chicago-15 but without its rule for four-digit numbers
        # ("1496–500"); citeproc-py does chicago-15 for both ("1496–1500")
        if int(first) < 100 or int(first) % 100 == 0:
            return last
        common = len(os.path.commonprefix((first, last)))
        return last[common if int(first) % 100 < 10 else min(common, len(first) - 2):]
    return _CITEPROC_LAST_PAGE(number, first, last)


def _is_plural(label: Label, item: object) -> bool:
    """citeproc-py's plural label test; pages or volumes that are not numbers ("1:1-1:4",
    "paper9", "FS-06-05") take the singular label ("p.", "vol."), as in citeproc-js."""
    variable = label.get("variable") or ""
    if variable in ("page", "volume", "issue") and not _numeric_pages(
            item.reference.get(variable)):
        return False
    return _CITEPROC_IS_PLURAL(label, item)


def _numeric_pages(value: object) -> bool:
    return all(_PAGE_NUMBER.fullmatch(end.strip()) for end in _PAGE_SEPARATOR.split(str(value)))


_PAGE_NUMBER = re.compile(r"[A-Za-z]*\d+")
_PAGE_SEPARATOR = re.compile(r"[-–,&]")


class _AuthorSubstitute:
    """subsequent-author-substitute over one bibliography: the names of the entry before."""

    def __init__(self, value: object) -> None:
        self.value, self.previous, self.entry = value, None, None


def _render_bibliography(layout: Layout, citation_items: list[object]) -> list[object]:
    """citeproc-py's bibliography, with subsequent-author-substitute, which it ignores (CSL
    1.0.2, "Reference Grouping"; the default rule "complete-all" only): names that read as in
    the entry before are replaced by the style's text, "———" in MLA."""
    bibliography = layout.getparent()
    value = bibliography.get("subsequent-author-substitute")
    if value is not None and bibliography.get(
            "subsequent-author-substitute-rule", "complete-all") == "complete-all":
        state = _AuthorSubstitute(layout.preformat(value))
        for item in citation_items:
            item["_author_substitute"] = state
    return _CITEPROC_RENDER_BIBLIOGRAPHY(layout, citation_items)


_TEXT_TAG, _NAMES_TAG = "{http://purl.org/net/xbiblio/csl}text", "{http://purl.org/net/xbiblio/csl}names"


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
        text = _CITEPROC_SUBSTITUTE(substitute, item, context=context, **kwargs)
    finally:
        item["_substituting"] = outer
    if text and rendered:
        if outer is not None:
            outer |= rendered
        repressed = (context if context is not None else substitute).get_layout().repressed
        for tag in (_TEXT_TAG, _NAMES_TAG):  # see _text_variable and _names
            repressed.setdefault(tag, []).extend(rendered)
        item["_substituted"] = True
    return text


def _text_variable(text: Text, item: object, context: object) -> object:
    """citeproc-py's text variable, noted when a substitute renders it (see _substitute)."""
    value = _CITEPROC_TEXT_VARIABLE(text, item, context)
    rendered = item.get("_substituting")
    if value and rendered is not None:
        rendered.add(text.get("variable"))
    return value


def _names(names: Names, item: object, *args: object, context: object = None,
           **kwargs: object) -> object:
    """citeproc-py's names, minding variables a substitute rendered before (see _substitute);
    the first names an entry renders are checked against the entry before when the
    bibliography sets subsequent-author-substitute."""
    variables = names.get("variable", "").split()
    hidden = {}
    if item.get("_substituted"):
        repressed = (context if context is not None else names).get_layout().repressed
        suppressed = [variable for variable in variables
                      if variable in repressed.get(_NAMES_TAG, ())]
        if len(suppressed) == len(variables):
            raise VariableError
        hidden = {key: item.reference.pop(key) for key in suppressed if key in item.reference}
    try:
        text = _CITEPROC_NAMES(names, item, *args, context=context, **kwargs)
    finally:
        item.reference.update(hidden)
    rendered = item.get("_substituting")
    if text and rendered is not None:
        rendered.update(variable for variable in variables if variable in item.reference)
    state = item.get("_author_substitute")
    if state is None or state.entry is item or not text:
        return text
    state.entry = item
    if str(text) == state.previous:
        return state.value
    state.previous = str(text)
    return text


def _quote(quoted: Quoted, text: object) -> object:
    """citeproc-py's quotes; the record's own quotes inside them become inner quotes ‘…’,
    as citeproc-js alternates them (“‘What Is a Petri Net?’ Informal Answers”)."""
    if text and quoted.get("quotes", "false").lower() == "true":
        text = text.replace(_OPEN, "‘").replace(_CLOSE, "’").replace(_CLOSE_KEPT, "’")
    return _CITEPROC_QUOTE(quoted, text)


# The patches of citeproc-py, all here: its text-case, name, names, label, substitute, text
# and bibliography layout get our title case, initializing, author substitute, suppression
# of substituted variables and empty-variable rule (see _TitleCased, _initialize, _names,
# _render_bibliography, _substitute, _text_variable and _label).
_CITEPROC_CASE = TextCased.case
_CITEPROC_LABEL, _CITEPROC_NAMES = Label.process, Names.process
_CITEPROC_RENDER_BIBLIOGRAPHY = Layout.render_bibliography
_CITEPROC_SUBSTITUTE, _CITEPROC_TEXT_VARIABLE = Substitute.render, Text._variable
_CITEPROC_PAGE_RANGES, _CITEPROC_IS_PLURAL = FormatNumber._process, Label._is_plural
_CITEPROC_QUOTE, _CITEPROC_LAST_PAGE = Quoted.quote, FormatNumber._format_last_page
TextCased.case = _TitleCased.case
Name.initialize = _initialize
Label.process = _label
Names.process = _names
Layout.render_bibliography = _render_bibliography
Substitute.render = _substitute
Text._variable = _text_variable
FormatNumber._process = _page_ranges
Label._is_plural = _is_plural
Quoted.quote = _quote
FormatNumber._format_last_page = _last_page


def render_bibliography(items: list[Item], style_path: Path, output_format: str = "text",
                        locale: str = "en-US") -> list[str]:
    """One formatted reference per item, in the style's bibliography order."""
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            style = CitationStylesStyle(str(style_path), locale=locale, validate=False)
            language = (style.root.get("default-locale") or locale)[:2]
            prepared = [_prepare(item, f"item{number}", text, language)
                        for number, item in enumerate(items)]
            bibliography = _bibliography(style, prepared, fmt)
            _add_year_suffixes(style, bibliography, items)
            entries = [str(entry) for entry in bibliography.bibliography()]
            number_field = _number_field(style)
            in_quote = _punctuation_in_quote(style)
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    return [_finish(" ".join(entry.split()), number_field, in_quote) for entry in entries]


def _bibliography(style: CitationStylesStyle, prepared: list[Item],
                  fmt: object) -> CitationStylesBibliography:
    """The bibliography of the items, sorted by the style's keys."""
    bibliography = CitationStylesBibliography(style, _Source(prepared), fmt)
    for item in prepared:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    return bibliography


def _add_year_suffixes(style: CitationStylesStyle, bibliography: CitationStylesBibliography,
                       items: list[Item]) -> None:
    """Give items whose in-text citations read the same "a", "b", … in bibliography order
    (CSL 1.0.2, disambiguate-add-year-suffix), which citeproc-py never does.

    A citation reads the same when its names and year do. Names count as the citation would
    show them after its other disambiguation steps: all of them with disambiguate-add-names
    (else cut by the citation's et-al rule), with given names (or initials) by the
    givenname-disambiguation-rule with disambiguate-add-givenname. Rendering every citation to
    compare them made chicago-author-date five times slower.
    """
    citation = style.root.citation
    if citation is None or citation.get("disambiguate-add-year-suffix") != "true":
        return
    et_al_min = int(citation.get("et-al-min", 0) or 0)
    et_al_first = int(citation.get("et-al-use-first", 1) or 1)
    add_names = citation.get("disambiguate-add-names") == "true"
    given_rule = (citation.get("disambiguate-add-givenname") == "true" and
                  citation.get("givenname-disambiguation-rule", "by-cite"))
    groups: dict[tuple[object, ...], list[str]] = {}
    for key in bibliography.keys:
        item = items[int(key.removeprefix("item"))]
        people = [name for name in item.get("author") or item.get("editor") or []
                  if isinstance(name, dict)]
        names: list[object] = [family_with_particle(name) for name in people]
        if given_rule:  # names told apart by given names need no suffix
            names = [(family, _given_for_disambiguation(person, given_rule))
                     if number == 0 or not given_rule.startswith("primary") else family
                     for number, (family, person) in enumerate(zip(names, people))]
        if et_al_min and len(names) >= et_al_min and not add_names:
            names = names[:et_al_first] + ["et al."]
        title = "" if names else str(item.get("title", ""))
        groups.setdefault((*names, title, year(item)), []).append(key)
    for keys in groups.values():
        if len(keys) > 1:
            for number, key in enumerate(keys):
                bibliography.source[key].year_suffix = String(suffix_letters(number))


def _given_for_disambiguation(name: dict[str, str], rule: str) -> str:
    """The given name a disambiguating citation would show: initials under the
    "…-with-initials" rules, the whole given name otherwise."""
    given = str(name.get("given", ""))
    if rule.endswith("with-initials"):
        return " ".join(word[:1] for word in re.split(r"[\s.-]+", given) if word)
    return given


def _punctuation_in_quote(style: CitationStylesStyle) -> bool:
    """The locale's punctuation-in-quote option (true for en-US), as the style sets it."""
    return style.root.get_locale_option("punctuation-in-quote").lower() == "true"


def _number_field(style: CitationStylesStyle) -> re.Pattern[str] | None:
    """How an entry's first field (its citation number) starts, in styles that set it apart.

    With second-field-align, citeproc-js puts the first field in a block of its own, which
    reads as a space in plain text ("[1] Smith"); citeproc-py runs the two together.
    """
    bibliography = style.root.bibliography
    if bibliography is None or bibliography.get("second-field-align") is None:
        return None
    first = next((child for child in bibliography.layout.iterchildren()
                  if isinstance(child.tag, str)), None)
    if first is None or first.get("variable") != "citation-number":
        return None
    return re.compile(r"^(?:<[^>]+>)*" + re.escape(first.get("prefix", "")) + r"\d+" +
                      re.escape(first.get("suffix", "").rstrip()) + r"(?=\S)")


def _finish(entry: str, number_field: re.Pattern[str] | None, in_quote: bool) -> str:
    """Punctuation as citeproc-js settles it: a space after the number field; no period after
    a "?", "!", ";" or ":" ("Memory?." → "Memory?"); with the locale's punctuation-in-quote
    (en-US), a comma or period after a closing quote moves inside it."""
    if number_field:
        entry = number_field.sub(lambda m: m[0] + " ", entry, count=1)
    if in_quote:
        # A period after the title's own "." "?" "!" goes; a comma stays: “Intractable.,”
        entry = _AFTER_QUOTE.sub(
            lambda m: m[1] + (m[3] if m[3] == "," or not m[1] else "") + m[2], entry)
    return _DOUBLED.sub(r"\1\2", entry).translate(_RECORD_QUOTES)


# Private-use characters, never in output: the record's opening and closing quotes, a closing
# quote followed by the record's own punctuation, and a ” that closes nothing.
_OPEN, _CLOSE, _CLOSE_KEPT, _STRAY = "\ue001", "\ue002", "\ue003", "\ue004"
_DOUBLED = re.compile(r"([?!;:])((?:</[a-z]+>)*)\.")
_AFTER_QUOTE = re.compile(r"([.?!]?)([”" + _CLOSE + "])([.,])")
_RECORD_QUOTES = str.maketrans({_OPEN: "“", _CLOSE: "”", _CLOSE_KEPT: "”", _STRAY: "”"})
_NOCASE = '<span class="nocase">'
_RICH_TAG = re.compile(r'(<span class="nocase">|<span style="font-variant:\s?small-caps;?">|'
                       r'</?(?:i|b|sup|sub)>|</span>)')


def _typographic(text: str) -> str:
    """Straight quotes in record text as citeproc-js prints them: any other ' as ’ (also
    "NeurIPS ’24", "Plug ’n Play"), and quoted
    text ("…" or '…') in the locale's outer quotes “…”. The record's double quotes are marked
    until _finish: inside a quoted title they become inner quotes ‘…’, and punctuation the
    record itself puts after them stays outside (citeproc-js moves only the style's)."""
    text = _SINGLE_QUOTED.sub("“\\1”", _DOUBLE_QUOTED.sub("“\\1”", text))
    text = _CURLY_QUOTED.sub(_OPEN + "\\1" + _CLOSE, text.replace("'", "’"))
    text = _OWN_PUNCTUATION.sub(_CLOSE_KEPT, text)  # the record's own "." after its quote
    return text.replace("”", _STRAY)  # a ” that closes nothing stays as it is


_OWN_PUNCTUATION = re.compile(_CLOSE + "(?=[.,])")
_CURLY_QUOTED = re.compile("“([^“”]*)”")
_DOUBLE_QUOTED = re.compile(r'"([^"<>]+)"')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'<>]+)'(?![\w'])")


def _html_text(value: str) -> str:
    """Record text for the HTML formatter: escaped, its rich-text tags kept as markup."""
    return "".join(piece if _RICH_TAG.fullmatch(piece) else
                   html.escape(_typographic(piece), quote=False)
                   for piece in _RICH_TAG.split(value))


def _plain_text(value: str) -> str:
    """Record text for plain output: rich-text tags dropped, except nocase, which citeproc-py
    reads itself."""
    return "".join(piece if _RICH_TAG.fullmatch(piece) else _typographic(piece)
                   for piece in _RICH_TAG.split(value)
                   if piece in (_NOCASE, "</span>") or not _RICH_TAG.fullmatch(piece))


def _prepare(item: Item, internal_id: str, text: Callable[[str], str],
             language: str) -> Item:
    """The item as citeproc-py can take it: a safe id, a known type, CSL variables only, text
    made ready for the output format.

    An item without a language is in the style's language (CSL 1.0.2, "Title case
    conversion"); citeproc-py would otherwise never title-case it. A date given only as
    "raw" text ("2005/05/31/") is read as citeproc-js reads it; citeproc-py dropped it.
    """
    prepared: Item = {"id": internal_id,
                      "type": item.get("type") if item.get("type") in TYPES else "document",
                      "language": language}
    for key, value in item.items():
        if key in ("id", "type", "custom") or (key == "language" and not value):
            continue
        if key in NAME_VARIABLES:
            names = [{part: text(str(v)) for part, v in n.items()} for n in value
                     if isinstance(n, dict)] if isinstance(value, list) else []
            if names:
                prepared[key] = names
        elif key in DATE_VARIABLES:
            if isinstance(value, dict) and "date-parts" not in value and isinstance(
                    value.get("raw"), str):  # citeproc-py ignores raw dates
                value = parse_date_text(value["raw"].rstrip("/")) or {"literal": value["raw"]}
            if isinstance(value, dict):
                prepared[key] = {part: text(v) if isinstance(v, str) else v
                                 for part, v in value.items()}
        elif isinstance(value, (str, int, float)) and str(value) != "":
            prepared[key] = text(str(value))
    return prepared
