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
  Text Markup": nocase text is exempt from every text-case transform).
"""
from __future__ import annotations

import html
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
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase

from ..errors import RenderError
from ..model import DATE_VARIABLES, NAME_VARIABLES, TYPES, Item

OUTPUT_FORMATS = ("text", "html")


class _ProtectedCase(NoCase):
    """Text in ``<span class="nocase">``: no text-case transform changes it."""

    def lower(self) -> _ProtectedCase:
        return self

    upper = title = lower


class _Source(CiteProcJSON):
    """citeproc-py's CSL-JSON source, marking nocase text as _ProtectedCase."""

    def parse_string(self, string: str) -> MixedString:
        return MixedString(_ProtectedCase(piece) if isinstance(piece, NoCase) else piece
                           for piece in super().parse_string(string))


def render_bibliography(items: list[Item], style_path: Path, output_format: str = "text",
                        locale: str = "en-US") -> list[str]:
    """One formatted reference per item, in the style's bibliography order."""
    fmt = {"text": formatter.plain, "html": formatter.html}[output_format]
    text = _html_text if output_format == "html" else _plain_text
    prepared = [_prepare(item, f"item{number}", text) for number, item in enumerate(items)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            style = CitationStylesStyle(str(style_path), locale=locale, validate=False)
            bibliography = CitationStylesBibliography(style, _Source(prepared), fmt)
            for item in prepared:
                bibliography.register(Citation([CitationItem(item["id"])]))
            bibliography.sort()
            entries = [str(entry) for entry in bibliography.bibliography()]
        except Exception as error:  # citeproc-py's failures are not typed
            raise RenderError(f"the CSL engine failed on style {style_path.name}: "
                              f"{type(error).__name__}: {error}") from error
    return [" ".join(entry.split()) for entry in entries]


_NOCASE = '<span class="nocase">'
_RICH_TAG = re.compile(r'(<span class="nocase">|<span style="font-variant:\s?small-caps;?">|'
                       r'</?(?:i|b|sup|sub)>|</span>)')


def _html_text(value: str) -> str:
    """Record text for the HTML formatter: escaped, its rich-text tags kept as markup."""
    return "".join(piece if _RICH_TAG.fullmatch(piece) else html.escape(piece, quote=False)
                   for piece in _RICH_TAG.split(value))


def _plain_text(value: str) -> str:
    """Record text for plain output: rich-text tags dropped, except nocase, which citeproc-py
    reads itself."""
    return "".join(piece for piece in _RICH_TAG.split(value)
                   if piece in (_NOCASE, "</span>") or not _RICH_TAG.fullmatch(piece))


def _prepare(item: Item, internal_id: str, text: Callable[[str], str]) -> Item:
    """The item as citeproc-py can take it: a safe id, a known type, CSL variables only, text
    made ready for the output format."""
    prepared: Item = {"id": internal_id,
                      "type": item.get("type") if item.get("type") in TYPES else "document"}
    for key, value in item.items():
        if key in ("id", "type", "custom"):
            continue
        if key in NAME_VARIABLES:
            names = [{part: text(str(v)) for part, v in n.items()} for n in value
                     if isinstance(n, dict)] if isinstance(value, list) else []
            if names:
                prepared[key] = names
        elif key in DATE_VARIABLES:
            if isinstance(value, dict):
                prepared[key] = value
        elif isinstance(value, (str, int, float)) and str(value) != "":
            prepared[key] = text(str(value))
    return prepared
