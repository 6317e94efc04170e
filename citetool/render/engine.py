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
  citeproc-js keeps lower-case ("within"): text-case "title", "capitalize-first" and
  "capitalize-all" are ours, as citeproc-js does them (_TitleCased, textcase.py);
- in styles with second-field-align it runs the citation number into the entry ("1.Smith"),
  and it prints a period after a "?" or ";" — both settled as citeproc-js does;
- straight quotes in record text stay straight; citeproc-js prints ’ and “…”;
- it never adds year suffixes ("1973a"): _add_year_suffixes does, and _year_part prints them
  after the year in styles that do not place them (implicit year suffix);
- its XML parser acts on a style's DOCTYPE (entities: local files, URLs, expansion bombs): it
  gets the style's bytes only after styles.checked_xml refused any DOCTYPE.

Fixes found by the CSL processor test suite (tests/csl_suite.py, benchmarks/csl_suite.py):
crashes on near-note positions and on elements it has no class for; cites kept in the given
order and collapsed (_render_citation); subsequent-author-substitute and the HTML blocks of
second-field-align (_render_entries); page-range-format (_last_page); initials (_initialize);
et-al-subsequent (_name_process); terms opening a note capitalised (_text, _capitalise_terms);
punctuation where fields meet (_one_mark) and quotes in quotes (_nest_quotes).

Fixes found by the corpus of real bibliographies (../shared/corpus, benchmarks/fidelity.py):
year suffixes only where add-names/add-givenname leave citations alike (_add_year_suffixes);
substituted variables suppressed in the rest of the entry (_substitute, _text_variable,
_names_process); initials of abbreviated, lower-case and hyphenated given names (_initials);
page ranges left as written unless both ends are page numbers, and pages or volumes that are
not numbers with the singular label (_number_text, _is_plural); raw CSL-JSON dates (_prepare);
every other straight apostrophe as ’ and the record's punctuation after its own quote kept
outside it (_typographic); marks the record puts together kept ("Thou?:") and the style's
punctuation moved inside the record's inner quotes (_finish); given names of styles that do
not initialize kept whole (_initials); shorthand names in a cs:choose of cs:substitute
(_names_process); repeated page prefixes of shortened ranges (_last_page); en dashes in
number ranges (_text_variable).
"""
from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import (
    CitationStylesElement,
    Date_Part,
    FormatNumber,
    Label,
    Layout,
    Name,
    Names,
    Style,
    Substitute,
    Text,
    TextCased,
)
from citeproc.source import Locator, VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String, join

from ..errors import InputError, RenderError, StyleError
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
from . import locales, textcase
from .lookups import keep_proxies

OUTPUT_FORMATS = ("text", "html", "markdown")


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


class _TitleCased(TextCased):
    """citeproc-py's text-case, with "title", "capitalize-first" and "capitalize-all" done as
    citeproc-js does them (render/textcase.py): citeproc-py joined the words with single spaces
    (a title's trailing space went: "Graphics ." became "Graphics."), capitalised stop words
    before hyphens and single letters ("Student-T"), and capitalised "arXiv" as "ArXiv"."""

    def case(self, text, language=None):
        mode = self.get("text-case")
        if mode in ("capitalize-first", "capitalize-all") or mode == "title" and (
                language or "en").lower() == "en":  # "English" too
            return _changed_case(mode, text)
        return _CITEPROC_CASE(self, text, language)


def _changed_case(mode: str, text: MixedString | String) -> MixedString | String:
    pieces = list(text) if isinstance(text, MixedString) else [text]
    changed = textcase.change_case(mode, [(str(piece), isinstance(piece, NoCase))
                                          for piece in pieces], _CASE_QUOTES)
    out = [piece if isinstance(piece, NoCase) else piece.__class__(new)
           for piece, new in zip(pieces, changed)]
    return MixedString(out) if isinstance(text, MixedString) else out[0]


def _initialize(name: Name, given: str, mark: str, context: object) -> str:
    """Given names initialized as citeproc-js does (CSL 1.0.2, "Name-part Formatting"):
    citeproc-py ignored initialize="false" (then full given names stay, only initials get the
    mark) and cut abbreviations written with a period ("Ph.", "ME.") to one letter."""
    setting = next((element.get("initialize") for element in (
        name, context, name.getroottree().getroot())
        if element is not None and hasattr(element, "get") and element.get("initialize")),
        "true")
    return _initials(str(given), mark, name.get_option("initialize-with-hyphen", context),
                     setting != "false")


def _initials(given: str, mark: str, hyphen: bool, initialize: bool) -> str:
    """Initials as citeproc-js makes them: "Md. Shad" → "Md. S." (a word written abbreviated
    stays), "A. d’Avila", "emmanouil" and "Linqi (Alex)" keep their words that do not begin
    with a capital, a lower-case part after a hyphen goes ("Shun-ichi" → "S."), an upper-case
    one stays joined ("Jean-Luc" → "J.-L."); without initialize-with-hyphen a hyphen reads as
    a space ("Jean-Luc" → "JL" in AMA). Without initializing, whole words stay ("Shun-ichi")
    and only initials get the mark. citeproc-py made "S.-. ichi ." and "M. S."."""
    out, after_hyphen = "", False
    for dash, word, period in _GIVEN_WORD.findall(given):
        if dash:
            after_hyphen = hyphen  # without initialize-with-hyphen a hyphen is a space
            continue
        if word[0].islower() and after_hyphen and initialize:
            pass  # "Shun-ichi" → "S."
        elif not word[0].isupper() or not (period or len(word) == 1 or initialize):
            out = out.rstrip() + ("-" if after_hyphen and out else " ") + word + period + " "
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


def _render_known(element: CitationStylesElement, *args: object, **kwargs: object) -> object:
    """Elements citeproc-py has no class for (CSL-M's cs:conditions) render nothing: it
    called their missing markup method and crashed."""
    if not hasattr(type(element), "markup"):
        return None
    return _CITEPROC_RENDER(element, *args, **kwargs)


def _style_option(style: Style, name: str) -> object:
    """near-note-distance is an option of cs:citation (CSL 1.0.2, "Note Distance");
    citeproc-py asked the style root for it and crashed on every near-note test."""
    if name == "near-note-distance":
        citation = style.citation
        return int(citation.get(name, 5)) if citation is not None else 5
    return _CITEPROC_OPTION(style, name)


def _year_part(part: Date_Part, date: object, context: object = None) -> object:
    """citeproc-py's date part, the year followed by its implicit year suffix if it has one
    (see _implicit_year_suffixes)."""
    text = _CITEPROC_DATE_PART(part, date, context)
    suffix = vars(date).get("implicit_year_suffix")
    if suffix and text and part.get("name") == "year":
        return f"{text}{suffix}"
    return text


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
        full = _render_cite(layout, cite)
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
    else:
        pieces = [(full, delimiter) for _, full, _ in rendered]
    output = pieces[0][0] if pieces else None
    for (_, before), (text, _) in zip(pieces, pieces[1:]):
        output = join([output, text], before)
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
    rendered = item.get("_substituting")
    if output and rendered is not None:
        rendered.update(variable for variable in variables if variable in item.reference)
    if "author_text" in vars(item) and vars(item)["author_text"] is None:  # _render_entries
        object.__setattr__(item, "author_text", str(output or ""))
        previous, substitute = vars(item)["author_substitute"]
        if substitute is not None and output and str(output) == previous:
            return substitute
    return output


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
    collapse="year-suffix" the year once too ("1965a, b"), "year-suffix-ranged" as ranges."""
    mode = element.get("collapse")
    # The defaults citeproc-js uses: ", "; the layout's delimiter; the cite-group-delimiter if
    # the style gives one, else the layout's delimiter.
    group_delimiter = element.get("cite-group-delimiter", ", ")
    after_collapse = element.get("after-collapse-delimiter", delimiter)
    suffix_delimiter = element.get("year-suffix-delimiter",
                                   element.get("cite-group-delimiter", delimiter))
    groups: dict[str, list[tuple]] = {}
    for cite, full, rest in rendered:
        text, remainder = str(full), str(rest) if rest is not None else ""
        author = text[:len(text) - len(remainder)] if remainder and text.endswith(
            remainder) and not cite.get("prefix") else text + "\0"  # \0: never grouped
        groups.setdefault(author, []).append((cite, full, rest))
    pieces: list[tuple[object, str]] = []
    for entries in groups.values():
        if len(entries) == 1:
            pieces.append((entries[0][1], delimiter))
            continue
        if mode is None:  # cite-group-delimiter alone: grouped, not collapsed
            output = join([full for _, full, _ in entries], group_delimiter)
        else:
            output = entries[0][1]
            previous_year = _year_of(entries[0])
            letters = [_suffix(entries[0])]
            for entry in entries[1:]:
                year_text = _year_of(entry)
                if mode.startswith("year-suffix") and year_text and year_text == previous_year:
                    letters.append(_suffix(entry))
                    continue
                output = _with_letters(output, letters, mode, suffix_delimiter)
                output = join([output, entry[2]],
                              after_collapse if len(letters) > 1 else group_delimiter)
                previous_year, letters = year_text, [_suffix(entry)]
            output = _with_letters(output, letters, mode, suffix_delimiter)
        pieces.append((output, after_collapse))
    return pieces


def _suffix(entry: tuple) -> str:
    return str(entry[0].reference.get("year_suffix") or "")


def _year_of(entry: tuple) -> str | None:
    """The cite's text without its author and year suffix, if it ends with that suffix."""
    cite, _, rest = entry
    suffix = _suffix(entry)
    text = str(rest) if rest is not None else ""
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


def _render_entries(layout: Layout, citation_items: list[CitationItem]) -> list[object]:
    """citeproc-py's bibliography entries, with what it left out: with second-field-align the
    end of the first field is marked (_FIELD_END) for _second_field to set it apart; with
    subsequent-author-substitute an entry whose author (the first names element's output, its
    substitute included) is the previous entry's gets the substitute instead, the names'
    affixes kept ("———." in MLA; CSL 1.0.2, "Reference Grouping"; only the default rule,
    complete-all; see _names_process)."""
    bibliography = layout.getparent()
    align = bibliography.get("second-field-align") is not None
    substitute = bibliography.get("subsequent-author-substitute")
    if not align and substitute is None:
        return _CITEPROC_ENTRIES(layout, citation_items)
    first = next((child for child in layout.iterchildren() if isinstance(child.tag, str)), None)
    if substitute is not None and bibliography.get(
            "subsequent-author-substitute-rule", "complete-all") == "complete-all":
        substitute = layout.preformat(substitute)
    else:
        substitute = None
    entries, previous_author = [], None
    for item in citation_items:
        layout.repressed = {}
        object.__setattr__(item, "author_text", None)
        object.__setattr__(item, "author_substitute", (previous_author, substitute))
        entry = layout.format(layout.wrap(layout.render_children(item)))
        if entry is None:
            continue
        previous_author = vars(item).pop("author_text", None)
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


_FIELD_END = "\ue010"


_PAGE = re.compile(r"(|.*\D)(\d+)")


def _last_page(number: FormatNumber, first: str, last: str) -> str:
    """The last page of a range as page-range-format asks (CSL 1.0.2, Appendix V): an
    abbreviated last page is read in full first ("110-5" is 110–115); citeproc-py shortened
    ranges whose ends differ in length ("1–19" became "1–9") and never expanded. As in
    citeproc-js, a range that does not go up stays as written ("120-15"), and the formats
    that shorten drop the last page's repeated prefix ("S1-S168" → "S1–168")."""
    range_format = number.get_root().get_option("page-range-format")
    first_match, last_match = _PAGE.match(first), _PAGE.match(last)
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


def _text(text: Text, *args: object, **kwargs: object) -> object:
    """citeproc-py's text; a term is marked (_TERM_START) in the citations of note styles:
    there a term that opens a citation or a sentence is capitalised ("Ibid."), see
    _capitalise_terms."""
    output = _CITEPROC_TEXT(text, *args, **kwargs)
    if output and text.get("term") and text.get_root().get("class") == "note" and \
            text.xpath_search("./ancestor::cs:citation"):
        return String(_TERM_START) + output
    return output


def _capitalise_terms(citation: str) -> str:
    """Terms at the start of a note's citation or after a sentence in its prefix capitalised,
    as citeproc-js does ("Ibid.", "This has been said. Ibid.", but "Nocaps. ibid." after a
    one-word prefix); names keep their particles ("de Simone")."""
    citation = _OPENING_TERM.sub(lambda m: m[1] + m[2].upper() if m.start() == 0 or " " in
                                 citation[:m.start()] else m[0], citation)
    return citation.replace(_TERM_START, "")


_TERM_START = "\ue011"
_OPENING_TERM = re.compile(r"((?:^|[.!?]\s)(?:<[^>]+>|[(\[“‘])*)\ue011(\w)")


def _number_text(number: FormatNumber, value: object, variable: str) -> object:
    """citeproc-py's numbers and ranges, read from the record's text: in HTML its "&" came
    escaped, and citeproc-py split "142-145 &amp; 235" at the "&" ("&amp; amp;"). Page ranges
    stay as written unless both ends are page numbers ("12", "S1"), as citeproc-js does:
    "1:1-1:4" stayed, citeproc-py made "1:1–:4"."""
    value = str(value).replace("&amp;", "&")
    if variable.startswith("page") and not _numeric_pages(value):
        return value
    return _CITEPROC_NUMBER(number, value, variable)


def _name_process(name: Name, item: object, variable: str, context: object = None,
                  sort_options: dict[str, object] | None = None, **kwargs: object) -> object:
    """citeproc-py's names, with et-al-subsequent-min and -use-first applied to cites of a
    work cited before (CSL 1.0.2, "Name"), which it read but never used."""
    element = context if context is not None else name
    if sort_options is None and isinstance(item, CitationItem) and \
            element.xpath_search("./ancestor::cs:citation"):
        subsequent_min = name.get_option("et-al-subsequent-min", context)
        history = name.get_root().citation.cites
        if subsequent_min and any(cite.key == item.key for cite in history):
            sort_options = {"et-al-min": subsequent_min, "et-al-use-first":
                            name.get_option("et-al-subsequent-use-first", context)}
    return _CITEPROC_NAME(name, item, variable, context, sort_options, **kwargs)


def _name_count(names: Names, item: object, context: object) -> str | None:
    """form="count": how many names the element would print, et-al rule applied, over all
    its variables (citeproc-py printed each variable's count side by side: "32" for 5)."""
    name = names.name
    if name is None or name.get("form") != "count":
        return None
    total = 0
    for variable in names.get("variable", "").split():
        people = item.reference.get(variable.replace("-", "_")) or []
        et_al_min = name.get_option("et-al-min", context)
        total += (name.get_option("et-al-use-first", context)
                  if et_al_min and len(people) >= et_al_min else len(people))
    return str(total) if total else None


def _is_plural(label: Label, item: object) -> bool:
    """citeproc-py's plural label test; pages or volumes that are not numbers ("1:1-1:4",
    "paper9", "FS-06-05") take the singular label ("p.", "vol."), as in citeproc-js, except
    a range left open ("pp. 180-")."""
    variable = label.get("variable") or ""
    value = item.reference.get(variable)
    if variable in ("page", "volume", "issue") and not _numeric_pages(value):
        return bool(_OPEN_RANGE.fullmatch(str(value)))
    return _CITEPROC_IS_PLURAL(label, item)


def _numeric_pages(value: object) -> bool:
    """Whether each end of each range is a page number: "12", "S1", "xxv" (roman)."""
    return all(_PAGE_NUMBER.fullmatch(end.strip()) for end in _PAGE_SEPARATOR.split(
        str(value).replace("&amp;", "&")))  # HTML's record text is escaped


_PAGE_NUMBER = re.compile(r"[A-Za-z]*\d+|[ivxlcdm]+|[IVXLCDM]+")
_PAGE_SEPARATOR = re.compile(r"[-–,&]")
_OPEN_RANGE = re.compile(r"\s*[A-Za-z]*\d+\s*[-–]+\s*")


_TEXT_TAG, _NAMES_TAG = ("{http://purl.org/net/xbiblio/csl}text",
                         "{http://purl.org/net/xbiblio/csl}names")


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
        for tag in (_TEXT_TAG, _NAMES_TAG):  # see _text_variable and _names_process
            repressed.setdefault(tag, []).extend(rendered)
        item["_substituted"] = True
    return text


def _text_variable(text: Text, item: object, context: object) -> object:
    """citeproc-py's text variable, noted when a substitute renders it (see _substitute). A
    number variable that is a range of numbers gets an en dash, as citeproc-js renders it
    ("nos. 2–3" for issue "2-3"); citeproc-py did that for pages only."""
    value = _CITEPROC_TEXT_VARIABLE(text, item, context)
    rendered = item.get("_substituting")
    if value and rendered is not None:
        rendered.add(text.get("variable"))
    if value and text.get("variable") in _NUMBER_VARIABLES and _NUMBER_RANGE.fullmatch(
            str(value)):
        value = value.replace("-", "\u2013")
    return value


# CSL's number variables that citeproc-js reads as numbers when a cs:text renders them (pages
# are citeproc-py's own _process, see _number_text).
_NUMBER_VARIABLES = frozenset("chapter-number collection-number edition issue number "
                              "number-of-pages number-of-volumes volume".split())
_NUMBER_RANGE = re.compile(r"\d+-\d+")


# The patches of citeproc-py, all here: its text-case, name, label, substitute and text
# elements get our title case, initializing, empty-variable rule, singular labels and
# suppression of substituted variables (see _TitleCased, _initialize, _label, _is_plural,
# _substitute and _text_variable).
_CITEPROC_CASE = TextCased.case
_CITEPROC_LABEL, _CITEPROC_IS_PLURAL = Label.process, Label._is_plural
_CITEPROC_SUBSTITUTE, _CITEPROC_TEXT_VARIABLE = Substitute.render, Text._variable
TextCased.case = _TitleCased.case
Name.initialize = _initialize
Label.process = _label
Label._is_plural = _is_plural
Substitute.render = _substitute
Text._variable = _text_variable
# Crashes found by the CSL test suite (tests/test_render.py shows each case).
_CITEPROC_RENDER, _CITEPROC_OPTION = CitationStylesElement.render, Style.get_option
CitationStylesElement.render = _render_known
Style.get_option = _style_option
_CITEPROC_DATE_PART = Date_Part.process
Date_Part.process = _year_part
_CITEPROC_NAMES = Names.process
Layout.render_citation = _render_citation
Names.process = _names_process
_CITEPROC_ENTRIES = Layout.render_bibliography
Layout.render_bibliography = _render_entries
FormatNumber._format_last_page = _last_page
_CITEPROC_NUMBER = FormatNumber._process
FormatNumber._process = _number_text
_CITEPROC_TEXT = Text.render
Text.render = _text
_CITEPROC_NAME = Name.process
Name.process = _name_process


def render_bibliography(items: list[Item], style_path: Path, output_format: str = "text",
                        locale: str | None = None,
                        progress: Callable[[list[Any]], Iterable[Any]] | None = None,
                        ) -> list[str]:
    """One formatted reference per item, in the style's bibliography order; ``locale`` is a
    code or a CSL locale file (render/locales.py), None for the style's own. ``progress``
    wraps the sorted entries as they are rendered one by one (for a progress bar)."""
    if output_format == "markdown":  # rendered as HTML, whose escaping it relies on
        from .markdown import from_html

        return [from_html(entry) for entry in render_bibliography(items, style_path, "html",
                                                                   locale, progress)]
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = _load_style(style_path, locale)
        if not style.has_bibliography():
            raise StyleError(f"style {style_path.name} has no bibliography: it formats "
                             f"citations only (citetool cite)")
        try:
            language = _language(style, locale)
            prepared = [_prepare(item, f"item{number}", text, language)
                        for number, item in enumerate(items)]
            bibliography = _bibliography(style, prepared, fmt)
            _add_year_suffixes(style, bibliography, items)
            _implicit_year_suffixes(style, bibliography)
            # bibliography.bibliography(), with the entries passed through ``progress``.
            entries = [str(entry) for entry in style.render_bibliography(
                progress(bibliography.items) if progress else bibliography.items)]
            in_quote = _punctuation_in_quote(style)
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    return [_second_field(_finish(_nest_quotes(_spaces(entry)), in_quote), output_format)
            for entry in entries]


def bibliography_order(items: list[Item], style_path: Path) -> list[str]:
    """The items' ids in the style's bibliography order (input order without a sort), the
    order citeproc-js's test runner cites them in when a fixture gives no citations."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = _load_style(style_path, None)
        if not style.has_bibliography():
            return [str(item.get("id")) for item in items]
        prepared = [_prepare(item, f"item{number}", _plain_text, "en")
                    for number, item in enumerate(items)]
        keys = _bibliography(style, prepared, formatter.plain).keys
    return [str(items[int(key.removeprefix("item"))].get("id")) for key in keys]


#: A cite in a citation: {"id": citekey} plus optional "locator", "label" (a CSL locator term,
#: "page" when omitted), "prefix", "suffix" (as CSL-JSON citation items have them).
Cite = dict[str, str]


def render_citations(items: list[Item], citations: list[list[Cite]], style_path: Path,
                     output_format: str = "text", locale: str | None = None) -> list[str]:
    """One formatted citation per citation (a list of cites), in document order: positions
    (first, subsequent, ibid) and citation numbers follow that order, as in a document."""
    keys = {str(item.get("id")): f"item{number}" for number, item in enumerate(items)}
    for cites in citations:
        for cite in cites:
            if str(cite.get("id")) not in keys:
                raise InputError(f"no item has the citekey '{cite.get('id')}'")
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = _load_style(style_path, locale)
        if style.root.citation is None:
            raise StyleError(f"style {style_path.name} has no citation layout")
        try:
            language = _language(style, locale)
            prepared = [_prepare(item, f"item{number}", text, language)
                        for number, item in enumerate(items)]
            cited = [Citation([_citation_item(cite, keys[str(cite["id"])], text)
                               for cite in cites]) for cites in citations]
            bibliography = CitationStylesBibliography(style, _Source(prepared), fmt)
            for citation in cited:
                bibliography.register(citation)
            if style.has_bibliography():  # citation numbers follow the bibliography's sort
                bibliography.sort()
            _add_year_suffixes(style, bibliography, items)
            _implicit_year_suffixes(style, bibliography)
            rendered = [str(bibliography.cite(citation, _unknown) or "")  # nothing, not "None"
                        for citation in cited]
            in_quote = _punctuation_in_quote(style)
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    # A layout delimiter may be a line break (&#x0A;): lines are kept, spaces in them settled.
    # A cite's prefix and suffix are the author's text, whose quotes citeproc-js leaves as
    # they are: punctuation moves only into the quotes of the style and the record.
    return ["\n".join(_capitalise_terms(_finish(_nest_quotes(_spaces(line)), in_quote))
                      .translate(_AFFIX_QUOTES_PRINTED) for line in citation.splitlines())
            for citation in rendered]


def _spaces(text: str) -> str:
    """Runs of spaces as one, the ends trimmed; a no-break space is text, not layout."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" \t\n\r\f\v")


_LAYOUT_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _citation_item(cite: Cite, key: str, text: Callable[[str], str]) -> CitationItem:
    """citeproc-py's cite: its locator (labelled "page" unless said), prefix and suffix as
    record text made ready for the output format."""
    options: dict[str, object] = {}
    if cite.get("locator") not in (None, ""):
        options["locator"] = Locator(str(cite.get("label") or "page"),
                                     text(str(cite["locator"])))
    for affix in ("prefix", "suffix"):
        if cite.get(affix):
            options[affix] = text(str(cite[affix])).translate(_AFFIX_QUOTES)
    return CitationItem(key, **options)


def _unknown(item: CitationItem) -> str:
    raise RenderError(f"no item '{item.key}'")  # ids are checked before rendering


def _load_style(style_path: Path, locale: str | None) -> CitationStylesStyle:
    """The parsed style in ``locale`` (render/locales.py; a bad style or locale file is the
    user's StyleError or UsageError, not our crash), its lookups memoized (lookups.py)."""
    style = locales.style(style_path, locale)
    keep_proxies(style)
    return style


def _language(style: CitationStylesStyle, locale: str | None) -> str:
    """The language of items that name none: the locale's, else the style's default."""
    return (locales.resolve(locale)[0] or style.root.get("default-locale") or "en")[:2]


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
    original = _prints_original_date(style)
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
        original_year = year(item, "original-date") if original else None
        groups.setdefault((*names, title, year(item), original_year), []).append(key)
    for keys in groups.values():
        if len(keys) > 1:
            for number, key in enumerate(keys):
                bibliography.source[key].year_suffix = String(suffix_letters(number))


def _prints_original_date(style: CitationStylesStyle) -> bool:
    """Whether the style prints the original date (then "[1995] 1999" and "1999" differ)."""
    return bool(style.root.xpath('//cs:date[@variable="original-date"]',
                                 namespaces=style.root.nsmap))


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


def _finish(entry: str, in_quote: bool) -> str:
    """Punctuation as citeproc-js settles it: no period after a "?", "!", ";" or ":"
    ("Memory?." → "Memory?"); with the locale's punctuation-in-quote (en-US), a comma or
    period after a closing quote moves inside it, and inside the record's inner quotes that
    close there too (“… ‘Rubbish.’”). Marks the record itself puts together ("Thou?: Dance")
    stay as they are (see _typographic)."""
    if in_quote:
        # A period after the title's own "." "?" "!" goes; a comma stays: “Intractable.,”
        entry = _AFTER_QUOTE.sub(lambda m: m[1] + (m[3] if m[3] == "," or not m[1] else "")
                                 + m[2] + "”", entry)
    return _DOUBLED.sub(_one_mark, entry).replace(_RECORD_MARKS, "").translate(_KEPT_QUOTES)


def _one_mark(match: re.Match[str]) -> str:
    """Two marks met where a field ends and the next begins, settled as citeproc-js does:
    "Memory?." → "Memory?", "semicolon;: colon" → "semicolon; colon", "colon:! x" → "colon!
    x"; other pairs ("comma,. period") stay."""
    first, tags, second = match[1], match[2], match[3]
    if second in _DROPPED_AFTER.get(first, ""):
        return first + tags
    if first in ";:" and second in "!?":
        return tags + second
    return match[0]


# For each mark, the marks that go after it ("?." → "?"); ".." stays (an ellipsis).
_DROPPED_AFTER = {":": ":.", ";": ":.;", "!": ":.!", "?": ":.?", ",": ","}
# A seam is followed by a space, a tag or the end: "Click::TWEET" is a title's own text.
_DOUBLED = re.compile(r"([.,;:!?])((?:</[a-z]+>)*)([.,;:!?])(?=\s|<|$)")
# Marks the record puts together are kept apart by this while citeproc-py renders.
_RECORD_MARKS = "\ue012"
_MARKS_TOGETHER = re.compile(r"([.,;:!?])(?=[.,;:!?])")
# A closing quote, and the record's inner closing quotes right before it (_nest_quotes).
_AFTER_QUOTE = re.compile("([.?!]?)(\ue007*)”([.,])")
_NOCASE = '<span class="nocase">'
_RICH_TAG = re.compile(r'(<span class="nocase">|<span style="font-variant:\s?small-caps;?">|'
                       r'</?(?:i|b|sup|sub)>|</span>)')


def _typographic(text: str) -> str:
    """Straight quotes in record text as citeproc-js prints them: any other ' as ’ (also
    "NeurIPS ’24", "Plug ’n Play"), and quoted text ("…", '…' or “…”) in the locale's outer
    quotes “…” (inner ones inside the style's quotes, see _nest_quotes); punctuation the
    record itself puts after its quote stays outside (citeproc-js moves only the style's)."""
    text = _SINGLE_QUOTED.sub(_QUOTED, _DOUBLE_QUOTED.sub(_QUOTED, text))
    text = _CURLY_QUOTED.sub(_QUOTED, text.replace("'", "’")).replace("”", _LONE_CLOSE)
    return _MARKS_TOGETHER.sub(r"\1" + _RECORD_MARKS, _OWN_PUNCTUATION.sub(_CLOSE_KEPT, text))


# Quotes of record text are placeholders while citeproc-py renders (see _nest_quotes): opening,
# closing, and closing followed by the record's own punctuation; those of a cite's prefix and
# suffix others (_AFFIX_QUOTES).
_OPEN, _CLOSE, _CLOSE_KEPT = "\ue000", "\ue001", "\ue004"
# A ” that closes no quote of the record ('From ”folklore” to ”memory”.'): text, which
# citeproc-js moves no punctuation into.
_LONE_CLOSE = "\ue005"
_QUOTED = f"{_OPEN}\\1{_CLOSE}"
_CURLY_QUOTED = re.compile("“([^“”]*)”")
_OWN_PUNCTUATION = re.compile(_CLOSE + "(?=[.,])")
_AFFIX_QUOTES = str.maketrans({_OPEN: "\ue002", _CLOSE: "\ue003", _CLOSE_KEPT: "\ue003"})
_AFFIX_QUOTES_PRINTED = str.maketrans({"\ue002": "“", "\ue003": "”"})
# Closing quotes _finish moves no punctuation into, and inner ones it moves punctuation
# before (_AFTER_QUOTE), printed at its end.
_KEPT_QUOTES = str.maketrans({_LONE_CLOSE: "”", "\ue006": "’", "\ue007": "’"})
# The placeholders as text-case sees them (textcase.py): quotes, and marks kept apart.
_CASE_QUOTES = {_OPEN: ("open", "record"), _CLOSE: ("close", "record"),
                _CLOSE_KEPT: ("close", "record"), _LONE_CLOSE: ("close", "double"),
                _RECORD_MARKS: None}


def _nest_quotes(text: str) -> str:
    """Record text's quotes as citeproc-js prints them: “…”, or ‘…’ inside the style's own
    quotes (“My ‘Amazing’ Title”)."""
    if _OPEN not in text and _CLOSE not in text and _CLOSE_KEPT not in text:
        return text
    output, depth = [], 0
    for character in text:
        if character in "“«":
            depth += 1
        elif character in "”»":
            depth = max(depth - 1, 0)
        elif character == _OPEN:
            character = "‘" if depth else "“"
        elif character == _CLOSE:  # an inner one as \ue007: see _AFTER_QUOTE
            character = "\ue007" if depth else "”"
        elif character == _CLOSE_KEPT:
            character = "\ue006" if depth else "\ue005"  # see _KEPT_QUOTES
        output.append(character)
    return "".join(output)


_DOUBLE_QUOTED = re.compile(r'(?<![\w"])"([^"<>]+)"(?![\w"])')  # not inside a word: Kynk"a"anniemi
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'<>]+)'(?![\w'])")


def _html_text(value: str) -> str:
    """Record text for the HTML formatter: escaped, its rich-text tags kept as markup where
    they open and close in pairs (a lone "<i>" would run on into the rest of the entry)."""
    pieces = _RICH_TAG.split(value)
    markup = _paired_tags(pieces)
    return "".join(piece if index in markup else html.escape(_typographic(piece), quote=False)
                   for index, piece in enumerate(pieces))


def _paired_tags(pieces: list[str]) -> set[int]:
    """Indexes of the rich-text tags among ``pieces`` that open and close in pairs."""
    paired: set[int] = set()
    opened: list[tuple[int, str]] = []
    for index, piece in enumerate(pieces):
        if not _RICH_TAG.fullmatch(piece):
            continue
        name = "span" if piece.startswith(("<span", "</span")) else piece.strip("</>")
        if not piece.startswith("</"):
            opened.append((index, name))
        elif opened and opened[-1][1] == name:
            paired.update((opened.pop()[0], index))
    return paired


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
