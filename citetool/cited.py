"""The works a document cites, and pandoc's citation syntax.

``citetool format --cited-in paper.md`` formats only what ``paper.md`` cites. A document is
read for its citekeys as the tool that typesets it would: pandoc's Markdown citations (``@key``,
``[see @key, p. 3; -@other]``; none in code or in e-mail addresses), LaTeX's cite commands
(natbib's and biblatex's, starred, with optional arguments, several keys), or the citations
LaTeX wrote to an ``.aux`` file (``\\citation``, biblatex's ``\\abx@aux@cite``). ``@*`` and
``\\nocite{*}`` cite every entry.

``citetool cite '[@smith2020, p. 12; see @lee2021]'`` reads a citation as pandoc does
(https://pandoc.org/MANUAL.html#citation-syntax): a prefix, the key (``-@key`` leaves the
author out), a locator with its label (``p.``, ``chap.``, ``sec.`` … in the en-US terms of
CSL's locator labels, page when none is given) and a suffix.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import Problem
from .model import Item
from .patterns import lazy
from .readers import Lines

#: The key that cites every entry (pandoc's ``nocite: '@*'``, LaTeX's ``\nocite{*}``).
EVERY = "*"


@dataclass(frozen=True)
class Cited:
    """A citekey a document cites, and where."""

    citekey: str
    source: str
    line: int


# pandoc: a key starts with a letter, digit or _ and may hold internal punctuation
# (:.#$%&-+?<>~/), or is any text in braces (@{a key}); "@" after a letter is an e-mail's.
_KEY = r"(?:\{(?P<braced>[^{}\n]+)\}|(?P<key>[\w*](?:[\w:.#$%&\-+?<>~/]*\w)?))"
_AT = lazy(r"(?<![\w\\@`])(?P<minus>-?)@" + _KEY)


def scan(text: str, source: str) -> list[Cited]:
    """The citekeys ``text`` cites, in document order: an .aux file's, a LaTeX file's (.tex,
    .ltx, or text with cite commands and no Markdown citations) or Markdown's."""
    name = source.lower()
    if name.endswith(".aux") or _AUX.search(text) and not _LATEX.search(text):
        return _found(_aux_keys(text), source)
    latex = list(_latex_keys(text))
    if name.endswith((".tex", ".ltx", ".latex")) or latex and not name.endswith(
            (".md", ".markdown", ".rmd", ".qmd", ".txt")):
        return _found(latex, source)
    return _found(_markdown_keys(text), source)


def _found(keys: Iterable[tuple[int, str]], source: str) -> list[Cited]:
    """The (line, key) pairs as :class:`Cited`."""
    return [Cited(key, source, line) for line, key in keys]


# ----- Markdown -------------------------------------------------------------------------

_FENCE = lazy(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = lazy(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# An HTML comment; one left open runs to the end (found with str.find: a lazy regex looked
# for the end again from every "<!--", 45 s for 30,000 of them).
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"
# Link targets and URLs ("](https://example.org/@name)", "<https://…>"): an "@" in them is
# the address's, not a citation.
_URL = lazy(r"\]\([^()\s]*|<[A-Za-z][\w+.-]*:[^<>\s]*>|\b[A-Za-z][\w+.-]*://[^\s<>()\[\]]*")
_FRONT_MATTER = lazy(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _markdown_keys(text: str) -> Iterator[tuple[int, str]]:
    """pandoc's citations outside code blocks, code spans and HTML comments; those of the
    YAML front matter (its ``nocite``) after the text's, as pandoc numbers them."""
    front = _FRONT_MATTER.match(text)
    end = front.end() if front else 0
    prose = _blank(_URL, _blank(_CODE_SPAN, _without_comments(_without_code_blocks(
        re.sub(r"[^\n]", " ", text[:end]) + text[end:]))))
    matches = list(_AT.finditer(prose))
    if front:
        matches += _AT.finditer(text[:end])
    lines = Lines(text)
    for match in matches:
        yield lines.at(match.start()), match["braced"] or match["key"]


def _without_comments(text: str) -> str:
    """The text with its HTML comments made spaces, line ends kept."""
    pieces, position = [], 0
    while (start := text.find(_COMMENT_OPEN, position)) >= 0:
        end = text.find(_COMMENT_CLOSE, start + len(_COMMENT_OPEN))
        end = len(text) if end < 0 else end + len(_COMMENT_CLOSE)
        pieces += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    return "".join([*pieces, text[position:]])


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """The text with what ``pattern`` matches made spaces, its line ends kept (so that lines
    are still counted right)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _without_code_blocks(text: str) -> str:
    """The text with fenced and indented code blocks made blank lines. A line indented four
    spaces is code after a blank line and outside a list only: in a list it goes on the
    item ("- item", a blank line, then "    more text [@key]")."""
    lines = text.split("\n")
    fence: str | None = None
    in_code = False  # in an indented code block
    previous = ""  # the last line of text that is not blank
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        indented = bool(_INDENTED.match(line))
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            lines[number] = ""
        elif opening:
            fence, lines[number] = opening[1], ""
        elif indented and (in_code or not (number and lines[number - 1].strip())
                           and not _LIST_ITEM.match(previous) and not _INDENTED.match(previous)):
            in_code, lines[number] = True, ""
        elif line.strip():
            in_code, previous = False, line
    return "\n".join(lines)


_INDENTED = lazy(r"(?: {4}|\t)(?=.*\S)")
_LIST_ITEM = lazy(r" {0,3}(?:[-*+]|\d{1,9}[.)])\s")


# ----- LaTeX ----------------------------------------------------------------------------

# natbib's and biblatex's citation commands (\cite, \citep, \parencite, \Textcites, …).
_LATEX = lazy(r"\\(?P<command>nocite|(?:[Cc]ite|[Pp]arencite|[Tt]extcite|[Aa]utocite"
              r"|[Ff]ootcite|footcitetext|[Ss]martcite|[Ss]upercite|fullcite"
              r"|[Cc]ite(?:p|t|alp|alt|author|year|yearpar|num|title|date|url))s?)"
              r"(?![A-Za-z@])\*?")
# What may come between a command and its keys: optional arguments [..] and, for the
# multicite forms (\parencites), (..) for the whole list.
_OPTIONAL = lazy(r"\s*(?:\[(?:[^\[\]]|\[[^\[\]]*\])*\]|\((?:[^()]|\([^()]*\))*\))")
_GROUP = lazy(r"\s*\{([^{}]*)\}")
_TEX_COMMENT = lazy(r"(?<!\\)%[^\n]*")


def _latex_keys(text: str) -> Iterator[tuple[int, str]]:
    """The keys of every citation command, comments left out."""
    text = _blank(_TEX_COMMENT, text)
    lines = Lines(text)
    for match in _LATEX.finditer(text):
        position = match.end()
        several = match["command"].endswith("s")  # \cites{a}{b}, \parencites[1]{a}[2]{b}
        while True:
            while optional := _OPTIONAL.match(text, position):
                position = optional.end()
            group = _GROUP.match(text, position)
            if not group:
                break
            line = lines.at(group.start(1))
            yield from ((line, key.strip()) for key in group[1].split(",") if key.strip())
            position = group.end()
            if not several:
                break


_AUX = lazy(r"\\(?:citation|abx@aux@cite)\{([^{}]*)\}(?:\{([^{}]*)\})?")
_AUX_INPUT = lazy(r"\\@input\{([^{}]+)\}")


def aux_inputs(text: str) -> list[tuple[int, str]]:
    """The .aux files an .aux file takes in (``\\@input{chapter1.aux}``: LaTeX writes one for
    each ``\\include``d file, holding that file's citations), as named in it, with their
    lines."""
    lines = Lines(text)
    return [(lines.at(match.start()), match[1]) for match in _AUX_INPUT.finditer(text)]


def _aux_keys(text: str) -> Iterator[tuple[int, str]]:
    """``\\citation{a,b}`` (BibTeX) and ``\\abx@aux@cite{0}{a}`` (biblatex; ``{a}`` alone
    before biblatex 3.8)."""
    lines = Lines(text)
    for match in _AUX.finditer(text):
        keys = match[2] if match[2] is not None else match[1]
        line = lines.at(match.start())
        yield from ((line, key.strip()) for key in keys.split(",") if key.strip())


# ----- choosing the cited items ---------------------------------------------------------

def select(items: list[Item], cited: Iterable[Cited],
           aliases: dict[str, str] | None = None) -> tuple[list[Item], list[Problem]]:
    """The items cited, in the order first cited (what numeric styles number by), then, when
    every entry is cited (``@*``, ``\\nocite{*}``), the others in input order; and a problem
    for each citekey no item has, where it is first cited. ``aliases`` maps a citekey merged
    away (``--dedupe``) to the one it was merged into."""
    by_key = {str(item.get("id")): item for item in items}
    chosen: dict[str, Item] = {}
    problems: list[Problem] = []
    missing: set[str] = set()
    every = False
    for cite in cited:
        key = (aliases or {}).get(cite.citekey, cite.citekey)
        if key == EVERY:
            every = True
        elif key in by_key:
            chosen.setdefault(key, by_key[key])
        elif key not in missing:
            missing.add(key)
            problems.append(Problem(cite.source, cite.line, f"no entry '{cite.citekey}'"))
    if every:
        chosen.update((key, item) for key, item in by_key.items() if key not in chosen)
    return list(chosen.values()), problems


# ----- pandoc's citation syntax, for ``citetool cite`` ----------------------------------

#: CSL's locator labels (CSL 1.0.2, "Locators").
LOCATORS = frozenset(("act appendix article-locator book canon chapter column elocation "
                      "equation figure folio issue line note opus page paragraph part rule "
                      "scene section sub_verbo supplement table timestamp title-locator verse "
                      "version volume").replace("_", " ").split())
# Brackets, with brackets one deep inside, written so that no text matches two ways (a
# pattern that could took minutes on 15,000 unclosed "[@a").
_BRACKETED = lazy(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]")
_AFTER_KEY = lazy(r"\s*\[([^\[\]@]*)\]")
# A locator is words with digits, or Roman numerals, joined by dashes and commas (pandoc:
# "pp. 33-35, 38-39 and passim" has the locator "33-35, 38-39"), or any text in braces.
_NUMBERISH = r"(?:[\w.:]*\d[\w.:]*|[ivxlcdm]+|[IVXLCDM]+)(?![\w])"
_LOCATOR = lazy(rf"\{{(?P<braced>[^{{}}]*)\}}|(?P<value>{_NUMBERISH}"
                rf"(?:\s*[-–—,]\s*{_NUMBERISH})*)")


def citations_of(argument: str) -> list[list[dict[str, Any]]]:
    """The citations of one ``citetool cite`` argument: pandoc's syntax when it has an "@",
    else citekeys separated by commas (``smith2020,lee2021`` or ``'smith2020, lee2021'``),
    cited together."""
    if "@" in argument:
        return parse_citations(argument)
    keys = [key.strip() for key in argument.split(",") if key.strip()]
    return [[{"id": key} for key in keys]] if keys else []


def parse_citations(text: str) -> list[list[dict[str, Any]]]:
    """The citations in ``text`` written in pandoc's syntax, each a list of cites as
    :func:`citetool.api.format_citations` takes them: ``[@a, p. 3; see -@b]`` is one
    citation of two cites; ``@a [p. 3]`` and a bare ``@a`` (pandoc's author in text) one of
    one, marked ``author-in-text``. Text around them is left out."""
    found: list[tuple[int, str, bool]] = []  # where each citation starts, its text, in text?
    outside = list(text)  # the text with the bracketed citations made spaces
    for match in _BRACKETED.finditer(text):
        if "@" in match[1]:
            found.append((match.start(), match[1], False))
            outside[match.start():match.end()] = " " * (match.end() - match.start())
    for bare in _AT.finditer("".join(outside)):
        after = _AFTER_KEY.match(text, bare.end())  # @key [p. 3]: its locator and suffix
        found.append((bare.start(), f"{bare[0]}, {after[1]}" if after else bare[0],
                      not bare["minus"]))
    citations = []
    for _, body, in_text in sorted(found):
        citation = [cite for part in body.split(";") if (cite := _cite(part))]
        if citation:
            if in_text:
                citation[0]["author-in-text"] = True
            citations.append(citation)
    return citations


def _cite(part: str) -> dict[str, Any] | None:
    """One cite: ``prefix -@key locator, suffix``."""
    at = _AT.search(part)
    if not at:
        return None
    cite: dict[str, Any] = {"id": at["braced"] or at["key"]}
    if prefix := part[:at.start()].strip():
        cite["prefix"] = prefix + " "
    if at["minus"]:
        cite["suppress-author"] = True
    rest = part[at.end():]
    locator = re.match(r"\s*,?\s*", rest)
    label, value, after = _locator(rest[locator.end() if locator else 0:])
    if value:
        cite["label"], cite["locator"] = label, value
        rest = after
    if rest.strip():
        cite["suffix"] = rest.rstrip() if rest[:1] in ",.;:" else " " + rest.strip()
    return cite


def _locator(text: str) -> tuple[str, str, str]:
    """The label, locator and the text after it at the start of ``text``: "pp. 33-35, 38
    and passim" is ("page", "33-35, 38", " and passim"); "" for no locator."""
    label, term = _label(text)
    rest = text[len(term):].lstrip() if term else text
    match = _LOCATOR.match(rest)
    if not match or not (term or match["braced"] is not None or match["value"][:1].isdigit()):
        return "", "", text
    value = match["braced"] if match["braced"] is not None else match["value"]
    return label or "page", value.strip(), rest[match.end():]


def _label(text: str) -> tuple[str, str]:
    """The locator label ``text`` starts with and the term that says it, longest first."""
    lowered = text.lower()
    for term, label in _labels():
        if lowered.startswith(term) and (term[-1:] in ".§¶" or not lowered[len(term):][:1]
                                         .isalpha()):
            return label, text[:len(term)]
    return "", ""


@cache
def _labels() -> list[tuple[str, str]]:
    """Each en-US term of a locator label (long, short and symbol forms, singular and
    plural) with its label, longest term first: "pp." is page, "chap." chapter."""
    from citeproc import LOCALES_PATH
    from lxml import etree

    root = etree.parse(f"{LOCALES_PATH}/locales-en-US.xml").getroot()
    terms = {}
    for term in root.iter("{*}term"):
        name = term.get("name", "")
        if name in LOCATORS:
            forms = [child.text or "" for child in term.iterchildren("{*}single", "{*}multiple")]
            forms = forms or [term.text or ""]
            for form in filter(None, (form.strip().lower() for form in forms)):
                terms.setdefault(form, name)  # the first label with a term keeps it: "v." verse
    return sorted(terms.items(), key=lambda pair: -len(pair[0]))
