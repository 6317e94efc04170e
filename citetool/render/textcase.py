"""CSL text-case "title", "capitalize-first" and "capitalize-all" as citeproc-js applies them.

citeproc-js does not work word by word over the whole text: it cuts the text at quotes,
brackets, parentheses and the marks - – — / . , ; ? ! : and capitalises the words between
those cuts, with these rules (facts of its behaviour, which the corpus renderings show):

- only words written all in lower case change ("arXiv", "ExVideo" stay);
- in title case a word of one letter ("Student-t", "Top-k", "f.ing") or a stop word stays
  lower case, except the first word, a word after "!", "?" or ":", the last word of the text,
  and a word right before a hyphen in the text's first run ("Pro-Environmental", but
  "beyond next-Token" later in a title);
- a lone Greek letter is never upper-cased ("α-Helix" stays "α");
- a closing quote that closes nothing (an apostrophe: "we’re", "Tarjan’ s") and an opening
  quote that is never closed give the text after them back its first letter as written; a
  straight ' followed by a space closes nothing ("x 'what's new' in y" keeps "what’s");
- whitespace, including a leading or trailing space, is kept as it is.

Text in nocase spans is never changed, but counts as a word for "first" and "last".

The rest of this module puts it in citeproc-py's place (CSL 1.0.2, "Text-case"): text-case
on an element applied over markup and nocase text, in the item's language.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from citeproc.model import TextCased
from citeproc.string import MixedString, NoCase, String

from ..patterns import lazy
from .punctuation import _CASE_QUOTES

# citeproc-js's skip words; " thru" is written with a space there and so never matches a word,
# and "v." and "vs." are in its pattern unescaped: any "v" or "vs" and one more character is a
# stop word too ("Cheat Sheet v2.2", "DPM-Solver-v3"), see _is_stop_word.
STOP_WORDS = frozenset("""
    about above across afore after against al along alongside amid amidst among amongst anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath
    beside besides between beyond but by circa despite down during et except for forenenst from
    given in inside into lest like modulo near next notwithstanding of off on onto out over per
    plus pro qua sans since than through throughout thruout till to toward towards under
    underneath until unto up upon versus vs v via with within without or yet so and nor a an
    the de von van c ca""".split())

# Where citeproc-js cuts the text: quotes, brackets, the marks, and markup (HTML output's tags
# and entities, so that "&amp;" is never taken for a word). Other text in angle brackets is
# the record's own text, cased as any (plain output's "<mml:Math Xmlns:Mml=…>" in title case).
_CUTS = "‘’“”\"'\\-–—/.,;?!:\\[\\]()"
# The tags of HTML output: citeproc-py's formatter's and the record's rich text (output.py).
_MARKUP_TAG = r"</?(?:i|b|l|u|sup|sub|sc|span)(?:\s[^>]*)?>"
_SPACE = lazy("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_GREEK = lazy("[\u0370-\u03ff]")
_V_WORD = lazy("vs?.")


def _is_stop_word(lower: str) -> bool:
    return lower in STOP_WORDS or bool(_V_WORD.fullmatch(lower))


#: The caller's own cutting characters: a quote's part, ("open", kind) or ("close", kind) (an
#: opener is closed by the closer of its kind), or None for a character that only cuts. An
#: opener may name the kind that can open inside it, ("open", kind, inner), where that is not
#: its own: citeproc-js nests a straight ' only in a straight ", and gives up a ' opened
#: before another '.
Quotes = Mapping[str, tuple[str, ...] | None]


def _cutter(quotes: Quotes) -> re.Pattern[str]:
    return _cut_pattern("".join(quotes))


@functools.lru_cache(maxsize=16)
def _cut_pattern(marks: str) -> re.Pattern[str]:
    """The pattern that cuts a text at markup, entities, _CUTS and the ``marks``, made once
    for the marks (its source was built for every text cased, 4,000 times for 2,000 items
    in APA)."""
    extra = "".join(re.escape(mark) for mark in marks)
    return re.compile(f"({_MARKUP_TAG}|&#?\\w+;|[{_CUTS}{extra}])")


class _Case:
    """One run of citeproc-js's text-case engine over a text cut into strings and cuts."""

    def __init__(self, mode: str, strings: list[str], protected: list[bool],
                 language: str | None = None) -> None:
        self.mode, self.strings, self.protected = mode, strings, protected
        self.language = language
        self.first, self.after_mark = True, False
        self.last_word: tuple[int, int] | None = None

    def words(self, index: int, following: str | None) -> None:
        text = self.strings[index]
        if not text.strip():
            return
        words = _SPACE.split(text)
        for number in range(0, len(words), 2):
            word = words[number]
            if not word:
                continue
            lower = word.lower()
            if self.mode == "title":  # "by\u202f: x" (punctuation._typographic): "by" is a word
                bare = lower.rstrip("\u202f")
                capitalise = (len(bare) > 1 and not _is_stop_word(bare)) or self.first or \
                    self.after_mark or (number == len(words) - 1 and following == "-")
                self.last_word = (index, number)
            elif self.mode == "capitalize-first":
                capitalise = self.first
            else:
                capitalise = True
            if capitalise and word == lower:
                words[number] = capitalised(word, self.language)
            self.first = self.after_mark = False
            if self.mode == "capitalize-first":
                break
        self.strings[index] = "".join(words)


def capitalised(word: str, language: str | None = None) -> str:
    """The first letter upper-cased in the item's language (_locale_case: "in" is "İn" in
    Turkish), unless the word is one Greek letter."""
    if len(word) == 1 and _GREEK.match(word):
        return word
    return _locale_case("uppercase", language)(word[:1]) + word[1:]


def change_case(mode: str, segments: Sequence[tuple[str, bool]],
                quotes: Quotes, language: str | None = None) -> list[str]:
    """``segments`` (text, protected) in text-case ``mode`` ("title", "capitalize-first",
    "capitalize-all"), each segment's new text; protected (nocase) ones stay as they are."""
    cutter = _cutter(quotes)
    strings, cuts, protected, owners = [""], [], [False], [0]  # owners: segment of each string
    for number, (text, is_protected) in enumerate(segments):
        pieces = [text] if is_protected else cutter.split(text)
        for position, piece in enumerate(pieces):
            if position % 2:
                cuts.append(piece)
                strings.append("")
                protected.append(is_protected)
                owners.append(number)
            elif strings[-1] or protected[-1] != is_protected:
                cuts.append("")  # a boundary between segments cuts nothing
                strings.append(piece)
                protected.append(is_protected)
                owners.append(number)
            else:
                strings[-1], protected[-1], owners[-1] = piece, is_protected, number
    original = list(strings)
    case = _Case(mode, strings, protected, language)
    if not protected[0]:
        case.words(0, cuts[0] if cuts else None)
    opened: list[tuple[str, str, int | None]] = []  # kind, the kind inside, the cut's index

    def restore(cut: int) -> None:  # the text after the cut gets its first letter back
        strings[cut + 1] = original[cut + 1][:1] + strings[cut + 1][1:]
        case.last_word = None

    for index, cut in enumerate(cuts):
        text = strings[index + 1]
        if cut and cut in "!?:":
            case.after_mark = True
        if not protected[index + 1]:
            case.words(index + 1, None)  # citeproc-js's hyphen rule reaches only the first run
        elif text.strip():
            case.last_word = None
        part = quotes[cut] if cut in quotes else _QUOTES.get(cut)
        if part is not None:
            role, kind, inner = part[0], part[1], part[-1]
            if role == "open":
                if not opened or opened[-1][1] == kind:
                    opened.append((kind, inner, index))
                else:  # another kind of quote opens: the one open before is given up
                    restore_at = opened.pop()[2]
                    opened.append((kind, inner, None))
                    if restore_at is not None:
                        restore(restore_at)
            elif opened and opened[-1][0] == kind:
                opened.pop()
            else:
                restore(index)
        if text.strip():
            case.first = case.after_mark = False
    for _, _, index in opened:  # opened and never closed
        if index is not None:
            strings[index + 1] = original[index + 1][:1] + strings[index + 1][1:]
    if mode == "title" and case.last_word is not None:
        index, number = case.last_word
        words = _SPACE.split(strings[index])
        bare = words[number].rstrip("\u202f")  # as in _Case.words
        if len(bare) > 1 and _is_stop_word(bare.lower()):
            words[number] = capitalised(words[number], language)
            strings[index] = "".join(words)
    out = [""] * len(segments)
    for index, text in enumerate(strings):
        out[owners[index]] += (cuts[index - 1] if index else "") + text
    return out


# Typographic and straight quotes as citeproc-js reads them: “ and ‘ open, ” ’ " ' close.
_QUOTES: dict[str, tuple[str, str]] = {"“": ("open", "double"), "”": ("close", "double"),
                                       "‘": ("open", "single"), "’": ("close", "single"),
                                       '"': ("close", "straight"), "'": ("close", "apostrophe")}


_Text = TypeVar("_Text", bound=str | MixedString)
# A period that strip-periods removes from a variable's text: citeproc-js keeps one followed by
# a lower-case ASCII letter, so "www.example.org" and "e.g" stay, "J.Am.Chem." is "JAmChem".
_STRIPPED_PERIOD = lazy(r"\.([^a-z]|$)")


def strip_periods(text: _Text, term: bool = False) -> _Text:
    """strip-periods="true" on a cs:text's output as citeproc-js applies it, after its
    text-case (Vancouver's title-cased "j.neurosci" is "JNeurosci"), to each piece of rich
    text, markup and nocase text included (CSL 1.0.2 says "all periods"; citeproc-js keeps
    those before a lower-case letter, but not in a term: "n.d." is "nd")."""
    if isinstance(text, MixedString):
        return MixedString(strip_periods(piece, term) for piece in text)
    return text.__class__(str(text).replace(".", "") if term
                          else _STRIPPED_PERIOD.sub(r"\1", str(text)))


class RaisedText(String):
    """Plain output's record text that was in sup, sub, small caps or a nodecor span
    (output.PlainRuns): title case and capitalization leave it as HTML output's do."""


class _ProtectedCase(NoCase):
    """Text in ``<span class="nocase">``: no text-case transform changes it."""

    def lower(self) -> _ProtectedCase:
        return self

    upper = title = lower


class _TitleCased(TextCased):
    """citeproc-py's text-case, with "title", "capitalize-first" and "capitalize-all" done as
    citeproc-js does them (render/textcase.py): citeproc-py joined the words with single spaces
    (a title's trailing space went: "Graphics ." became "Graphics."), capitalised stop words
    before hyphens and single letters ("Student-T"), and capitalised "arXiv" as "ArXiv";
    lowercase and uppercase are kept off markup (citeproc-py's uppercase made "<I>")."""

    def case(self, text, language=None):
        if isinstance(text, int):  # a citation-number has no case (citeproc-py's crashed)
            return text
        mode = self.get("text-case")
        if mode in ("capitalize-first", "capitalize-all") or mode == "title" and (
                language or "en").lower() == "en":  # "English" too
            return _changed_case(mode, text, language)
        if mode in _CASES:
            return _outside_markup(text, _locale_case(mode, language))
        if mode == "sentence" and (type(text) is str or self.get("term")):
            # a name part: citeproc-py's sentence case crashed on it; a term ("in"):
            # capitalised in the item's language (Vancouver's Turkish "İn:")
            return _SentenceCase(language)(text) if type(text) is str else _outside_markup(
                text, _SentenceCase(language))
        return _CITEPROC_CASE(self, text, language)


class _SentenceCase:
    """text-case="sentence" as citeproc-js does it on a name part or a term (a variable's
    words it puts in lower case), called on each run of a text in turn: the first
    letter capitalised, the rest as written ("McDONALD", "THE ROLE OF DNA" stay)."""

    def __init__(self, language: str | None = None) -> None:
        self.first, self.language = True, language

    def __call__(self, run: str) -> str:
        if self.first and run.strip():
            start = len(run) - len(run.lstrip())
            upper = _locale_case("uppercase", self.language)
            run, self.first = run[:start] + upper(run[start]) + run[start + 1:], False
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


def _changed_case(mode: str, text: MixedString | String,
                  language: str | None = None) -> MixedString | String:
    """The text's pieces through textcase.change_case: nocase pieces, and text in small caps,
    superscript, subscript or a nodecor span (CSL 1.0.2, "Rich Text Markup"), unchanged."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    segments, owners = [], []
    for number, piece in enumerate(pieces):
        runs = [(str(piece), True)] if isinstance(piece, NoCase | RaisedText) else \
            _markup_runs(str(piece))
        segments += runs
        owners += [number] * len(runs)
    joined = [""] * len(pieces)
    for number, new in zip(owners, change_case(mode, segments, _CASE_QUOTES, language)):
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


_PROTECTING = lazy(r'<span style="font-variant:\s?small-caps;?">|<su[pb]>|'
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


_TAG_SPLIT = lazy(f"({_MARKUP_TAG})")
_NODECOR = lazy('<span class="nodecor">')
_CASES: dict[str, Callable[[str], str]] = {"lowercase": str.lower, "uppercase": str.upper}


_CITEPROC_CASE = TextCased.case
