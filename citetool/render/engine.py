"""Rendering items through a CSL style with citeproc-py: the entry points.

render_bibliography, render_citations and bibliography_order load the style, make the items
ready (source.py), disambiguate (disambiguation.py) and finish the output (punctuation.py,
output.py). The rendering rules themselves live in one module per CSL concern (see the map
in render/__init__.py); here they are put in citeproc-py's place, where it renders otherwise
than citeproc-js. Imported only when rendering (citeproc-py and lxml take time to load).
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
    Choose,
    CitationStylesElement,
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
    Parent,
    Sort,
    Style,
    Substitute,
    Text,
    TextCased,
)
from citeproc.model import Date as DateElement

from ..errors import InputError, RenderError, StyleError
from ..model import Item
from . import compiled, disambiguation, locales, parallel, sheltered, styles
from .bibliography import _count_down, _render_entries, _second_field
from .citations import (
    _PLACE,
    _SUBSEQUENT,
    _SUPPRESS_AUTHOR,
    CitationData,
    Cite,
    _citation_parts,
    _in_text_author,
    _Locator,
    _Place,
    _places,
    _position,
    _render_citation,
    _render_cite,
    _with_author,
)
from .conditions import _numeric_test, _type_test, _variable_test
from .dates import _date_part_markup, _date_process, _date_range, _single_date, _year_part
from .disambiguation import _implicit_year_suffixes
from .groups import _substitute
from .lookups import OVERRIDES, derived, element_lookup, keep_proxies
from .names import _initialize, _name_process, _names_process
from .numbers import (
    _format_number,
    _is_plural,
    _label,
    _last_page,
    _number_process,
    _number_text,
)
from .output import (
    _explicit_normal,
    _format,
    _html,
    _html_text,
    _plain_text,
    display_divs,
    escape_affixes,
)
from .punctuation import (
    _AFFIX_QUOTES,
    _AFFIX_QUOTES_PRINTED,
    _finish,
    _nest_quotes,
    _punctuation_in_quote,
    _quote_marks,
    _spaces,
)
from .sorting import _lazy_sort, _sort_keys
from .source import _input_item, _prepare, _Source
from .text import _capitalise_terms, _text, _text_language, _text_value, _text_variable
from .textcase import _TitleCased


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


# Our methods in place of citeproc-py's, by the citeproc-py class whose method each replaces
# (with lookups.OVERRIDES; see lookups.derived): its text-case, name, label, substitute and
# text elements get our title case, initializing, empty-variable rule, singular labels and
# suppression of substituted variables (see _TitleCased, _initialize, _label, _is_plural,
# _substitute and _text_variable); crashes found by the CSL test suite are fixed
# (tests/test_render.py shows each case). citeproc-py's own methods that ours call are the
# _CITEPROC_ names.
_CITEPROC_RENDER, _CITEPROC_OPTION = CitationStylesElement.render, Style.get_option
_OVERRIDES: dict[type, dict[str, Any]] = {
    TextCased: {"case": _TitleCased.case},
    Name: {"initialize": _initialize, "process": _name_process},
    Label: {"process": _label, "_is_plural": _is_plural, "markup": compiled.render_markup},
    Number: {"markup": compiled.render_markup, "process": _number_process,
             "format_number": _format_number},
    Substitute: {"render": _substitute},
    Text: {"_variable": _text_variable, "render": _text, "process": _text_value},
    CitationStylesElement: {"render": _render_known},
    Style: {"get_option": _style_option},
    If: {"_type": _type_test, "_variable": _variable_test, "_is_numeric": _numeric_test,
         "_position": _position},
    Choose: {"render": compiled.render_choose},
    Group: {"render": compiled.render_group},
    Parent: {"render_children": compiled.render_children},
    Date_Part: {"process": _year_part, "markup": _date_part_markup},
    DateElement: {"process": _date_process, "render_date_range": _date_range,
                  "render_single_date": _single_date},
    Layout: {"render_citation": _render_citation, "render_bibliography": _render_entries},
    Names: {"process": _names_process, "markup": compiled.render_markup},
    FormatNumber: {"_format_last_page": _last_page, "_process": _number_text},
    CitationItem: {"text_language": functools.cached_property(_text_language)},
    Macro: {"render": compiled.render_macro},
    Key: {"sort_keys": _sort_keys},
    Sort: {"sort": _lazy_sort},
    Formatted: {"format": _format,
                "font_style": _explicit_normal(Formatted.font_style, "font-style", "italic"),
                "font_weight": _explicit_normal(Formatted.font_weight, "font-weight", "bold"),
                "font_variant": _explicit_normal(Formatted.font_variant, "font-variant",
                                                 "small-caps")},
}
for _known in (DateElement, Date_Part, Et_Al, Label, Name, Names, Number):
    # they have markup: no need to ask (a third of a million)
    _OVERRIDES.setdefault(_known, {})["render"] = _CITEPROC_RENDER
# The classes of our style's elements, cites and bibliographies.
_ELEMENTS = element_lookup(OVERRIDES, _OVERRIDES)
_CitationItem = derived(CitationItem, OVERRIDES, _OVERRIDES)
_Bibliography = derived(CitationStylesBibliography, OVERRIDES, _OVERRIDES)


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
    with parallel.jobs(jobs), sheltered.sheltering(items) as shelter:
        style = _load_style(style_path, locale, output_format)
        if not style.has_bibliography():
            raise StyleError(f"style {style_path.name} has no bibliography: it formats "
                             f"citations only (citetool cite)"
                             f"{styles.bibliography_hint(style_path)}")
        try:
            language = _language(style, locale)
            prepared = [_prepare(shelter.kept(item), f"item{number}", text, language)
                        for number, item in enumerate(items)]
            with _frozen_heap(len(prepared)):
                bibliography = _bibliography(style, prepared, fmt)
                _disambiguate(style, bibliography, items)
                _implicit_year_suffixes(style, bibliography)
                in_quote, marks = _punctuation_in_quote(style), _quote_marks(style)
                sorted_items, layout = bibliography.items, style.root.bibliography.layout

                def part(start: int, end: int) -> list[str | None]:
                    """The finished entries of the sorted items start to end."""
                    these = sorted_items[start:end]
                    return [entry if entry is None else shelter.restore(
                            _finished(str(entry), marks, in_quote, output_format,
                                      layout.get("suffix", "")))
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


def _finished(entry: str, marks: tuple[str, ...], in_quote: bool,
              output_format: str, layout_suffix: str = "") -> str:
    """A bibliography entry as citeproc-py left it, finished as citeproc-js writes it."""
    entry = _nest_quotes(_spaces(entry), marks)
    if output_format == "html" and "</div>" in entry:
        entry = display_divs(entry, layout_suffix)
    return _second_field(_html(_finish(entry, in_quote), output_format), output_format,
                         layout_suffix)


#: From how many items a bibliography is rendered with the heap frozen (see _frozen_heap).
FREEZE_FROM = 200


@contextmanager
def _frozen_heap(items: int) -> Iterator[None]:
    """For a large bibliography, the objects made so far (the items, the style) left out of
    garbage collection while it renders: rendering allocates much and frees little, so
    collections would walk the whole library again and again (7 % of the time for 6,314
    items), and a forked child (render/parallel.py) would copy every page they walk. What
    earlier renderings left for collection is collected first: frozen with the rest, it was
    never collected by a process that renders again and again (the library API's users grew
    by 2 MB a call of 30 items). A small bibliography is rendered as Python collects."""
    if items < FREEZE_FROM:
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def bibliography_order(items: list[Item], style_path: Path) -> list[str]:
    """The items' ids in the style's bibliography order (input order without a sort), the
    order citeproc-js's test runner cites them in when a fixture gives no citations."""
    with sheltered.sheltering(items) as shelter:
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
    with sheltered.sheltering(items, parts) as shelter:
        style = _load_style(style_path, locale, output_format)
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


def _unknown(item: CitationItem) -> str:
    raise RenderError(f"no item '{item.key}'")  # ids are checked before rendering


def _load_style(style_path: Path, locale: str | None, output_format: str = "text"
                ) -> CitationStylesStyle:
    """The parsed style in ``locale`` (render/locales.py; a bad style or locale file is the
    user's StyleError or UsageError, not our crash), its lookups memoized (lookups.py), its
    affixes escaped for HTML (output.escape_affixes)."""
    style = locales.style(style_path, locale, _ELEMENTS)
    if output_format == "html":
        escape_affixes(style)
    keep_proxies(style)
    return style


def _language(style: CitationStylesStyle, locale: str | None) -> str:
    """The language of items that name none: the locale's, else the style's default."""
    return (locales.resolve(locale)[0] or style.root.get("default-locale") or "en")[:2]


def _bibliography(style: CitationStylesStyle, prepared: list[Item],
                  fmt: object) -> CitationStylesBibliography:
    """The bibliography of the items, sorted by the style's keys. ``prepared`` is emptied
    (each item None) as citeproc-py reads it: the references take the place of the items,
    not room beside them (8 MB for 6,314 items, which forked children would share)."""
    source = _Source(_handed_out(prepared))
    bibliography = _Bibliography(style, source, fmt)
    for key in source:  # the items' ids, in their order
        bibliography.register(Citation([_CitationItem(key)]))
    disambiguation.prepare(style, bibliography)
    bibliography.sort()
    _count_down(style, bibliography)
    return bibliography


def _handed_out(items: list[Any]) -> Iterator[Any]:
    """The items, each dropped from the list once handed out, so that it is freed once its
    reader is done with it."""
    for number, item in enumerate(items):
        items[number] = None
        yield item


def _disambiguate(style: CitationStylesStyle, bibliography: CitationStylesBibliography,
                  items: list[Item]) -> None:
    """The cites of the bibliography's items told apart (render/disambiguation.py), which
    citeproc-py never does; each is compared as citeproc-js 2.4.63 compares it: without
    locator, without its accessed date (cites alike but for it are ambiguous), and as a
    subsequent cite near its previous one, whatever its place in the document (a note
    style's short form: MHRA's "Doe and others, Same" for two works of 2001 and 2002 whose
    first notes differ by the year)."""
    citation = style.root.citation
    if citation is None:
        return

    def cite_text(item: CitationItem) -> str:
        accessed = item.reference.pop("accessed", None)
        place = vars(item).get(_PLACE)
        object.__setattr__(item, _PLACE, _Place(_SUBSEQUENT, True, place and place.first_note))
        try:
            return str(_render_cite(citation.layout, item) or "")
        finally:
            if accessed is not None:
                item.reference["accessed"] = accessed
            if place is None:
                object.__delattr__(item, _PLACE)
            else:
                object.__setattr__(item, _PLACE, place)

    disambiguation.disambiguate(style, bibliography, cite_text,
                                lambda item: _input_item(items, item.key).get("id"))
