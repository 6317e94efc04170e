"""Output formats (CSL 1.0.2, "Formatting", "Rich Text Markup"): record text made ready for
plain text or HTML, formatting attributes, and the HTML finished as citeproc-js writes it.
richtext.py and markdown.py finish HTML and turn it into Markdown.
"""
from __future__ import annotations

import functools
import html
from collections.abc import Callable

from citeproc import formatter
from citeproc.formatter.html import TagWrapper
from citeproc.model import Formatted

from ..model import RICH_TAG, paired_tags
from ..patterns import lazy
from . import richtext
from .number_end import carry
from .punctuation import _typographic_around

OUTPUT_FORMATS = ("text", "html", "markdown")


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
    """citeproc-py's formatting (Formatted.format), with only the steps of the attributes
    the element sets: each of the five steps returns the text as it is for an attribute not
    set, after asking the formatter and the attribute (a quarter of a million calls for
    1,000 APA entries). Which it sets is kept on the element (its proxy is pinned,
    lookups.keep_proxies)."""
    steps = _format_steps(element)
    value = str(text) if isinstance(text, int | float) else text
    if not steps:
        return value
    for step in steps:
        value = step(value)
    return carry(text, value)


def _format_steps(element: Formatted) -> tuple[Callable[[object], object], ...]:
    """The element's steps of Formatted.format, in its order, for the attributes it sets."""
    try:
        return element.__dict__[_FORMAT_STEPS]
    except KeyError:
        steps = element.__dict__[_FORMAT_STEPS] = tuple(
            getattr(element, method) for attribute, method in zip(_FORMATTING, _STEPS)
            if element.get(attribute) is not None)
        return steps


def unformatted(element: Formatted) -> bool:
    """Whether the element sets none of the formatting attributes (kept on the element)."""
    try:
        return element.__dict__[_UNFORMATTED]
    except KeyError:
        plain = element.__dict__[_UNFORMATTED] = all(
            element.get(attribute) is None for attribute in _FORMATTING)
        return plain


_UNFORMATTED, _FORMAT_STEPS = "_citetool_unformatted", "_citetool_format_steps"
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
_STEPS = ("font_style", "font_variant", "font_weight", "text_decoration", "vertical_align")


def _html(text: str, output_format: str) -> str:
    """HTML finished as citeproc-js's: flip-flop decorations, superscript characters."""
    if output_format != "html":
        return text
    return richtext.superscripts(richtext.flip_flop(text)).translate(_ANGLES_PRINTED)


def display_divs(entry: str, layout_suffix: str) -> str:
    """An HTML entry's display divs (lookups.affixes) as citeproc-js ends them: the layout's
    suffix inside the div that ends the entry, but for a csl-block
    (american-anthropological-association's "…Academic Press.</div>", ours "…Press</div>."),
    and no space before the entry's last "</div>", which the end of an entry in text loses
    too."""
    if not entry.endswith("</div>" + layout_suffix):
        return entry
    if layout_suffix and _LAST_DIV.search(entry, 0, len(entry) - len(layout_suffix)):
        entry = entry[:-len(layout_suffix) - 6] + layout_suffix + "</div>"
    return _SPACE_AT_END.sub("</div>", entry)


# A div but a csl-block that ends the text.
_LAST_DIV = lazy(r'<div class="csl-(?!block)[a-z-]+">(?:(?!<div ).)*</div>$')
_SPACE_AT_END = lazy(r"\s+</div>$")


def escape_affixes(style: object) -> None:
    """In HTML, the style's affixes and delimiters (and its locales') escaped as text, as
    citeproc-js escapes them ("<" prints "&#60;", ours "&lt;" as in record text; kept as
    placeholders until _html prints them): they
    printed as written, so harvard-anglia-ruskin's "Available at: <http://…>" was an
    unknown tag to a browser, and an affix "&" no entity (307 styles of the CSL repository
    have such an affix or delimiter)."""
    root = style.root  # type: ignore[attr-defined]
    trees = {id(tree): tree for tree in [root] + [
        locale.getroottree().getroot() for locale in root.locales]}
    for tree in trees.values():
        for element in tree.iter():
            if not isinstance(element.tag, str):  # a comment
                continue
            for attribute in _TEXT_ATTRIBUTES:
                value = element.get(attribute)
                if value and _HTML_SPECIAL.search(value):
                    element.set(attribute, value.translate(_AFFIX_SPECIAL))


_TEXT_ATTRIBUTES = ("prefix", "suffix", "delimiter", "range-delimiter", "sort-separator",
                    "after-collapse-delimiter", "cite-group-delimiter",
                    "year-suffix-delimiter", "names-delimiter", "name-delimiter")
_HTML_SPECIAL = lazy("[&<>]")
# Placeholders while the entry is rendered (an entity's ";" would meet the punctuation after
# it), printed as entities by _html.
_AFFIX_SPECIAL = str.maketrans({"<": "\ue013", ">": "\ue014", "&": "\ue016"})


_NOCASE = '<span class="nocase">'
# citeproc-js's <sc> is small caps (CSL 1.0.2, "Rich Text Markup" has the span form).
_SMALL_CAPS_TAGS = {"<sc>": '<span style="font-variant:small-caps;">', "</sc>": "</span>"}


@functools.lru_cache(maxsize=1 << 16)  # records repeat their texts: names, journals
def _html_text(value: str) -> str:
    """Record text for the HTML formatter: escaped, its rich-text tags kept as markup where
    they open and close in pairs (a lone "<i>" would run on into the rest of the entry)."""
    pieces = RICH_TAG.split(value)
    markup = paired_tags(pieces)
    pieces = [_SMALL_CAPS_TAGS.get(piece, piece) if index in markup else piece
              for index, piece in enumerate(pieces)]
    return _typographic_around(pieces, markup, lambda text: html.escape(text, quote=False))


@functools.lru_cache(maxsize=1 << 16)  # records repeat their texts: names, journals
def _plain_text(value: str) -> str:
    """Record text for plain output: rich-text tags dropped, except nocase, which citeproc-py
    reads itself (with its own closing tag only: "Anonymous</span>" was left of small caps).
    Text whose tags were dropped is a PlainRuns, which keeps where they were."""
    if "<" not in value:  # no tag (most record text)
        return _typographic_around([value], set(), str)
    pieces, spans = [], []
    runs: list[tuple[str, bool]] = []  # the text between dropped tags, and whether raised
    raised: list[bool] = []  # for each open tag: sup, sub, small caps or nodecor
    for piece in RICH_TAG.split(value):
        if not RICH_TAG.fullmatch(piece):
            pieces.append(piece)
            if piece:
                runs.append((piece, any(raised)))
        elif piece.startswith("<span"):
            spans.append(piece == _NOCASE)
            if piece == _NOCASE:
                pieces.append(piece)
            else:
                raised.append(True)
        elif piece == "</span>" and spans and spans.pop():
            pieces.append(piece)
        elif piece.startswith("</"):
            if raised:
                raised.pop()
        else:
            raised.append(piece in _RAISING)
    text = _typographic_around(pieces, {index for index, piece in enumerate(pieces)
                                        if RICH_TAG.fullmatch(piece)}, lambda text: text)
    if len(runs) < 2 or spans or _NOCASE in value or \
            sum(len(run) for run, _ in runs) != len(text):
        return text  # one run, or the quotes changed its length: text as before
    return PlainRuns(text, runs)


class PlainRuns(str):
    """Plain record text from rich text (CSL 1.0.2, "Rich Text Markup"), with its runs: the
    text between the tags dropped, each with whether it was in sup, sub, small caps or a
    nodecor span. citeproc-js's title case sees the tags ("p<sub>y</sub> superfluid" is "py
    Superfluid", "p" a word of one letter, "y" unchanged); source._Source makes the runs
    pieces of the text (textcase.RaisedText for the raised ones)."""

    runs: tuple[tuple[str, bool], ...]

    def __new__(cls, text: str, runs: list[tuple[str, bool]]) -> PlainRuns:
        made = super().__new__(cls, text)
        position, cut = 0, []
        for run, raised in runs:  # the runs as the typographic text has them
            cut.append((text[position:position + len(run)], raised))
            position += len(run)
        made.runs = tuple(cut)
        return made


_RAISING = frozenset(("<sup>", "<sub>", "<sc>"))


_ANGLES_PRINTED = str.maketrans({"\ue013": "&lt;", "\ue014": "&gt;", "\ue016": "&amp;"})
