"""LaTeX → Unicode for BibTeX field values, on top of pylatexenc.

pylatexenc does the decoding; this layer fixes what it gets wrong for bibliographies:
- a bare ``%``, ``&``, ``#`` or ``_`` would be a comment, an alignment or a parameter to it
  (text after ``%`` is lost): they are taken literally, as BibTeX users mean them;
- brace groups that protect case (``{DNA}``) are marked ``<span class="nocase">`` (CSL-JSON's
  rich-text mark for it) in fields that styles may re-case, instead of vanishing;
- ``~`` is a plain space, ``\\url{x}`` is ``x`` and ``\\href{x}{t}`` is ``t`` (pylatexenc gives
  U+00A0 and ``<x>``);
- an unknown macro is not silently dropped: its argument is kept (``\\mycmd{x}`` → ``x``),
  and one without an argument stays visible (``\\foo``).
Values without any LaTeX take a fast path that never reaches pylatexenc.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

from .patterns import lazy

_NEEDS_LATEX = lazy(r"[\\{}~$%&#_^]|--|''|``")
_BARE = lazy(r"(?<!\\)([%&#_])")
#: \url{address} and \href{address}{text}: LaTeX prints the address, or the text when given.
_URL = lazy(r"\\(url|href)\s*\{([^{}]*)\}(?:\{([^{}]*)\})?")
_MACRO_WITH_GROUP = lazy(r"\\([A-Za-z]+)\s*(?=\{)")
_SPACE = lazy(r"\s+")
_GROUP_MARK = lazy(r"[\\${]")  # where _top_level_groups has something to decide
_BRACE_MARK = lazy(r"[\\{}]")
NOCASE_OPEN, NOCASE_CLOSE = '<span class="nocase">', "</span>"
#: Math that is only letters, digits and super- or subscripts (``$5^{th}$``, ``CO$_2$``,
#: ``10$^{-3}$``, ``D$^*$``): LaTeX raises or lowers the script, it does not print ``^``.
_SCRIPT = r"[\^_]\s*(?:\{[^\W_\s]*(?:[*+\-\s][^\W_\s]*)*\}|[^\W_]|\*)"
_ONE_SCRIPT = lazy(r"([\^_])\s*(?:\{([^{}]*)\}|(.))")
_SIMPLE_MATH = lazy(r"(?:[^\W_]|[*\s]|" + _SCRIPT + r")*")
_MATH = lazy(r"(?<!\\)\$([^$]*[\^_][^$]*)\$")


class LatexError(ValueError):
    """pylatexenc failed on a value: it raises KeyError, IndexError … on LaTeX it cannot parse
    (``$\\frac\\sqrt n$``), which must cost the reader one field, never the file (issue 15)."""


def is_plain(value: str) -> bool:
    """True when ``value`` has nothing LaTeX would print differently from the text itself."""
    return not _NEEDS_LATEX.search(value)


def decode(value: str, protect_case: bool = False) -> str:
    """Unicode text for a LaTeX field value. With ``protect_case`` (titles), case-protected
    groups and font commands become CSL-JSON rich-text markup."""
    if not _NEEDS_LATEX.search(value):
        return " ".join(value.split())
    value = _URL.sub(_link_text, value)
    value = _MATH.sub(_scripts_as_text, value)
    if not protect_case:
        return _decode_plain(value).strip()
    out = []
    for text, protected in _top_level_groups(value):
        decoded = _decode_plain(text, rich=True)
        out.append(f"{NOCASE_OPEN}{decoded}{NOCASE_CLOSE}" if protected and decoded.strip()
                   else decoded)
    return _SPACE.sub(" ", "".join(out)).strip()


def _link_text(m: re.Match[str]) -> str:
    """What LaTeX prints for ``\\url`` or ``\\href`` (an address as written); after a command
    word (``\\newline\\url{…}``) an empty group keeps its name from running into the text."""
    if m[1] == "href" and m[3] is not None:
        text = m[3]
    else:  # an address is verbatim: its "~" is a tilde, not a space
        text = m[2].replace("\\", "").replace("~", "\\textasciitilde{}")
    return "{}" + text if re.search(r"\\[A-Za-z]+$", m.string[:m.start()]) else text


def _scripts_as_text(math: re.Match[str]) -> str:
    """A simple math run as text: its scripts as ``\\textsuperscript`` or ``\\textsubscript``
    (rich text in titles, plain letters elsewhere), its spaces dropped as math drops them.
    Other math is left to pylatexenc."""
    if not _SIMPLE_MATH.fullmatch(math[1]):
        return math[0]

    def script(m: re.Match[str]) -> str:
        arg = "".join((m[2] if m[2] is not None else m[3]).split()).replace("-", "\u2212")
        return "\\text" + ("superscript" if m[1] == "^" else "subscript") + "{" + arg + "}"
    return "".join(_ONE_SCRIPT.sub(script, math[1]).split())


def _top_level_groups(value: str) -> list[tuple[str, bool]]:
    """Split a value into (text, case-protected?) runs.

    BibTeX protects a brace group at the top level unless it starts with a backslash: then it
    is a "special character" like ``{\\'E}``, decoded but not protected. Groups that are a
    macro's arguments (``\\emph{x}``) belong to the macro.
    """
    runs: list[tuple[str, bool]] = []
    start = i = 0
    while found := _GROUP_MARK.search(value, i):
        i = found.start()
        if value[i] == "\\":
            i = _after_macro(value, i)
        elif value[i] == "$":
            # Math is one piece: its braces group arguments, they protect nothing.
            close = value.find("$", i + 1)
            i = len(value) if close < 0 else close + 1
        elif i and value[i - 1] in "^_":
            i = matching_brace(value, i) + 1  # a super-/subscript's argument, not protection
        else:
            close = matching_brace(value, i)
            if i > start:
                runs.append((value[start:i], False))
            inner = value[i + 1:close]
            runs.append((inner, not inner.lstrip().startswith("\\")))
            i = start = close + 1
    if start < len(value):
        runs.append((value[start:], False))
    return runs


def _after_macro(value: str, at: int) -> int:
    """The index after the macro starting at ``at`` and its braced arguments."""
    i = at + 1
    if i < len(value) and value[i].isalpha():
        while i < len(value) and value[i].isalpha():
            i += 1
    else:
        i += 1
    while i < len(value) and value[i] == "{":
        i = matching_brace(value, i) + 1
    return i


def matching_brace(value: str, open_at: int) -> int:
    """The index of the brace that closes the one at ``open_at`` (the end if none does)."""
    depth = 0
    i = open_at
    while found := _BRACE_MARK.search(value, i):
        i = found.start()
        if value[i] == "\\":
            i += 2
            continue
        depth += 1 if value[i] == "{" else -1
        if depth == 0:
            return i
        i += 1
    return len(value)


# The fast path: the LaTeX that fills real .bib files (accents, special letters, escaped
# specials, dashes, font commands) decoded by table; anything else goes to pylatexenc.
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
            "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð",
            "DH": "Ð", "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ"}
# \'e, \'{e}, \'{\i}: an accent command, then its one letter, braced or not.
_FAST_ACCENT = lazy(r"""\\(['`^"~=.]|[uvHckrdb](?=[\s{]))\s*"""
                    r"""(?:\{\s*(\\[ij]|\w)\s*\}|(\\[ij]\b|\w))""")
_FAST_LETTER = lazy(r"\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) +
                    r")(?![A-Za-z])\s*(?:\{\})?")
_FAST_ESCAPE = lazy(r"\\([&%$#_{}])|\\(textasciicircum|textasciitilde|textbackslash|"
                    r"textbraceleft|textbraceright)"
                    r"(?![A-Za-z])\s*(?:\{\})?")
_FAST_FONT = lazy(r"\\(emph|textit|textbf|textsc|textrm|textsf|texttt|textup|textsl|"
                  r"textnormal|textsuperscript|textsubscript|mbox|text)\s*\{([^{}\\]*)\}")
#: Font commands as CSL-JSON rich text, kept in titles where styles may show them.
_RICH = {"emph": ("<i>", "</i>"), "textit": ("<i>", "</i>"), "textsl": ("<i>", "</i>"),
         "textbf": ("<b>", "</b>"), "textsuperscript": ("<sup>", "</sup>"),
         "textsubscript": ("<sub>", "</sub>"),
         "textsc": ('<span style="font-variant:small-caps;">', "</span>")}
_FAST_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
                ("~", " "))


def _fast(text: str, rich: bool) -> str | None:
    """Decode by table, or None when the text needs the full parser."""
    if _PARKING.search(text):
        return None
    text = _FAST_FONT.sub(lambda m: m[2].join(_RICH.get(m[1], ("", "")) if rich else ("", "")),
                          text)
    text = _FAST_ACCENT.sub(_accented, text)
    text = _FAST_LETTER.sub(lambda m: _LETTERS[m[1]], text)
    # Escaped braces are text, not groups: park them while group braces are dropped.
    text = _FAST_ESCAPE.sub(lambda m: _PARKED.get(m[1] or m[2], m[1]), text)
    if "\\" in text or "$" in text or "^" in text:
        return None
    for latex_form, character in _FAST_DASHES:
        text = text.replace(latex_form, character)
    text = text.replace("{", "").replace("}", "")  # after the dashes: "-{}-" is two hyphens
    return text.translate(_UNPARK)


# Private-use characters hold escaped text while group braces are dropped.
_TEXT_SYMBOLS = {"textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\",
                 "textbraceleft": "{", "textbraceright": "}"}
#: LaTeX's logos, font switches and spacing commands, which pylatexenc does not know: LaTeX
#: prints "The \\TeX{}book" as "The TeXbook" and "{\\em ps13\\/}" as an italic "ps13".
_TEXT_MACROS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
                "relax": "", "/": "", "newline": " "} | {
    switch: "" for switch in ("em", "it", "sl", "sc", "bf", "rm", "sf", "tt", "normalfont",
                              "itshape", "slshape", "scshape", "bfseries", "upshape")}
_PARKED = {"{": "\ue000", "}": "\ue001"} | {
    name: chr(0xE002 + n) for n, name in enumerate(_TEXT_SYMBOLS)}
_UNPARK = str.maketrans({v: _TEXT_SYMBOLS.get(k, k) for k, v in _PARKED.items()})
_PARKING = lazy("[\ue000-\ue006]")


def _accented(m: re.Match[str]) -> str:
    base = m[2] or m[3]
    if base.startswith("\\"):
        base = base[1:]  # an accent on a dotless \i or \j is an accent on i or j
    return unicodedata.normalize("NFC", base + _ACCENTS[m[1]])


@lru_cache(maxsize=65536)
def _decode_plain(text: str, rich: bool = False) -> str:
    """Decode one run; whitespace at its edges is kept (as one space) for joining runs.
    ``rich``: font commands become CSL-JSON rich text (``\\emph{x}`` → ``<i>x</i>``)."""
    if not _NEEDS_LATEX.search(text):
        return _SPACE.sub(" ", text)
    if (fast := _fast(text, rich)) is not None:
        return _SPACE.sub(" ", fast)
    converter = _converter()
    text = _BARE.sub(r"\\\1", text)
    text = _MACRO_WITH_GROUP.sub(
        lambda m: m[0] if converter.latex_context.get_macro_spec(m[1]) else "", text)
    try:
        decoded = converter.convert(text).replace("\u00a0", " ")
    except RecursionError as error:
        raise LatexError("braces or LaTeX commands nested too deeply to decode") from error
    except Exception as error:  # anything pylatexenc raises
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:80]
        raise LatexError(f"pylatexenc cannot convert its LaTeX ({reason})") from error
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + _SPACE.sub(" ", decoded).strip() + trail


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc import latex2text
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
    from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db

    walker_context = get_default_latex_context_db()
    text_context = latex2text.get_default_latex_context_db()
    # pylatexenc gives U+02C6 for \textasciicircum, where LaTeX prints the ASCII circumflex,
    # and drops \textbraceleft and \textbraceright (the BibTeX writer's unpaired braces).
    text_context.add_context_category("citetool", prepend=True, macros=[
        MacroTextSpec(name, symbol) for name, symbol in (_TEXT_SYMBOLS | _TEXT_MACROS).items()])

    # A macro short of arguments (\textfrac{1}) is only logged by pylatexenc, which then gives
    # its replacement pattern ("%s/%s"): the log tells convert that it failed, never stderr.
    logger = logging.getLogger("pylatexenc.latex2text")
    logger.propagate = False

    class KeepUnknownMacros(LatexNodes2Text):
        """pylatexenc's converter, but an unknown macro stays visible (``\\foo``).

        ``convert`` parses with one shared context: ``latex_to_text`` rebuilds pylatexenc's
        default macro database on every call, which was a third of all reading time.
        """

        def convert(self, text: str) -> str:
            nodes = LatexWalker(text, latex_context=walker_context,
                                tolerant_parsing=True).get_latex_nodes()[0]
            failed = _Logged()
            logger.addHandler(failed)
            try:
                converted = self.nodelist_to_text(nodes)
            finally:
                logger.removeHandler(failed)
            if failed.messages:
                raise ValueError(" ".join(failed.messages[0].replace("WARNING: ", "").split()))
            return converted

        def macro_node_to_text(self, node):
            if self.latex_context.get_macro_spec(node.macroname) is None:
                return "\\" + node.macroname + getattr(node, "macro_post_space", "")
            return super().macro_node_to_text(node)

    return KeepUnknownMacros(latex_context=text_context, math_mode="text")


class _Logged(logging.Handler):
    """The warnings pylatexenc logs while it converts one value (in this thread)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())
