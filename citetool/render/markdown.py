"""Markdown output: a reference rendered as HTML (where every piece of record text is already
escaped) turned into Markdown, so that style text and record text are escaped alike.

Italic and bold become ``*…*`` and ``**…**``; superscript and subscript stay the raw
``<sup>``/``<sub>`` that CommonMark passes through; other markup (small caps, underline,
nocase) keeps its text only. Every character CommonMark or GitHub gives a meaning to is
backslash-escaped, so that a title holding ``*``, ``_``, ``[``, ``<``, backticks, ``~`` or ``$``
reads literally (CommonMark 0.31, "Backslash escapes": any ASCII punctuation may be escaped).
"""
from __future__ import annotations

from html.parser import HTMLParser

from ..patterns import lazy

#: Escaped wherever they are: emphasis, code, links, raw HTML, GFM strikethrough, math.
_SPECIAL = lazy(r"([\\`*_\[\]<>~$|])")
#: "&name;" or "&#…;" would be read as a character reference.
_ENTITY = lazy(r"&(?=#?\w+;)")
#: Special only at the start of a line: headings, block quotes, list items, setext lines.
_LINE_START = lazy(r"^(?:([#>+=-])|(\d+)([.)]))")

_EMPHASIS = {"i": "*", "em": "*", "b": "**", "strong": "**"}
_RAW = ("sup", "sub")
_SET_APART = frozenset(("csl-block", "csl-indent", "csl-right-inline"))


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text."""
    return _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))


def from_html(entry: str) -> str:
    """One reference, rendered as HTML by the engine, as one line of Markdown."""
    converter = _Converter()
    converter.feed(entry)
    converter.close()
    text = "".join(converter.out)
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], text, count=1)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, int]] = []  # (tag, where its content starts in out)
        self.divs: list[str | None] = []  # the classes of the divs open
        # The text after here is set apart by a space, as in text output: a display div
        # opened (csl-block, csl-indent, second-field-align's csl-right-inline) or the left
        # margin closed.
        self.apart = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self.divs.append(dict(attrs).get("class"))
            self.apart = self.apart or self.divs[-1] in _SET_APART
        self.open.append((tag, len(self.out)))
        if tag in _RAW:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.apart = self.apart or self.divs.pop() == "csl-left-margin"
        if not self.open or self.open[-1][0] != tag:
            return  # the engine's HTML is well nested; anything else keeps its text only
        tag, start = self.open.pop()
        if tag in _RAW:
            self.out.append(f"</{tag}>")
        elif tag in _EMPHASIS and not any(outer == tag for outer, _ in self.open):
            # Italic inside italic stays italic, as in the HTML: marks of its own would end
            # the outer ones.
            self.out[start:] = [_emphasis("".join(self.out[start:]), _EMPHASIS[tag])]

    def handle_data(self, data: str) -> None:
        self._set_apart()
        self.out.append(escape(data))

    def _set_apart(self) -> None:
        """The space that sets the text here apart (see apart), unless one is there."""
        if self.apart and self.out and not self.out[-1][-1:].isspace():
            self.out.append(" ")
        self.apart = False


def _emphasis(text: str, mark: str) -> str:
    """``text`` between ``mark``s, with its outer spaces outside them: CommonMark reads
    ``* x*`` as literal asterisks."""
    inner = text.strip()
    if not inner:
        return text
    start = text.index(inner)
    return f"{text[:start]}{mark}{inner}{mark}{text[start + len(inner):]}"
