"""Punctuation and quotes as citeproc-js settles them (CSL 1.0.2, "Punctuation" of the
locale's punctuation-in-quote, "Quotes"): marks merged where fields meet, punctuation moved
into quotes, quotes in quotes alternated, the record's straight quotes made typographic.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from citeproc import CitationStylesStyle

from ..patterns import lazy
from .number_end import MARKS_APART


def _spaces(text: str) -> str:
    """Runs of spaces as one, the ends trimmed; a no-break space is text, not layout."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" \t\n\r\f\v")


_LAYOUT_SPACE = lazy(r"[ \t\n\r\f\v]+")


def _punctuation_in_quote(style: CitationStylesStyle) -> bool:
    """The locale's punctuation-in-quote option (true for en-US), as the style sets it."""
    return style.root.get_locale_option("punctuation-in-quote").lower() == "true"


def _finish(entry: str, in_quote: bool) -> str:
    """Punctuation as citeproc-js settles it: no period after a "?", "!", ";" or ":"
    ("Memory?." → "Memory?"); with the locale's punctuation-in-quote (en-US), the commas,
    periods, "!" and "?" after a closing quote move inside it, settled first ("“Wow”!: x" →
    "“Wow!” x", as citeproc-js; citeproc-py moved none and we moved only "," and "."),
    merging with a mark the quoted text ends with as marks merge where fields meet (“Risk,”
    and “Risk;” before "," and "."; “Risk.,” stays), and
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
    kept = mark[1:] if before and (mark[0] == "." and before in ".?!" or
                                   mark[0] in _DROPPED_AFTER.get(before, "")) else mark
    if closing.startswith("’") and not _inner_quote_open(match.string[:match.start(2)]):
        if closing == "’":  # an apostrophe alone: "The students’."
            return match[0]
        return before + "’" + kept + closing[1:] + tags
    return before + kept + closing + tags


def _inner_quote_open(text: str) -> bool:
    """Whether an inner quote ‘ is open at the end of ``text``, within its last “ quote: a ’
    closes one that is open where no letter follows (’s, n’t are apostrophes, and so is a ’
    with no ‘ open: "Un’ oinochoe del ‘Middle Wild Goat Style I.’")."""
    depth = 0
    for mark in _INNER_QUOTE.findall(text[text.rfind("“") + 1:]):
        depth = depth + 1 if mark == "‘" else max(depth - 1, 0)
    return depth > 0


_INNER_QUOTE = lazy(r"‘|’(?!\w)")


def _one_mark(match: re.Match[str]) -> str:
    """Two marks met where a field ends and the next begins, settled as citeproc-js does:
    "Memory?." → "Memory?", "semicolon;: colon" → "semicolon; colon", "colon:! x" → "colon!
    x"; other pairs ("comma,. period") stay."""
    first, tags, second = match[1], match[2], match[3]
    if first == second == "." and tags:
        return first + tags  # "<b>Doe Co.</b>." is a field's end: one period
    marks = merged(first, second)
    if marks == first:
        return first + tags
    if marks == second:
        return tags + second
    return match[0]


def merged(first: str, second: str) -> str:
    """Two punctuation marks where fields meet, as citeproc-js settles them: "?." → "?",
    ";:" → ";", ":!" → "!"; other pairs stay ("?;", ".,", ".." as an ellipsis)."""
    if second in _DROPPED_AFTER.get(first, ""):
        return first
    if first in ";:" and second in "!?":
        return second
    return first + second


# For each mark, the marks that go after it ("?." → "?"); ".." stays (an ellipsis).
_DROPPED_AFTER = {":": ":.", ";": ":.;", "!": ":.!", "?": ":.?", ",": ","}
# A seam is followed by a space, a tag, a closing bracket, the end, or a mark kept apart from
# the next one (number_end.delimited): "Click::TWEET" is a title's own text.
_DOUBLED = lazy(r"([.,;:!?])((?:</[a-z]+>)*)([.,;:!?])(?=[\s<)\]\ue012]|$)")
_MARKS_TOGETHER = lazy(r"([.,;:!?])(?=[.,;:!?])")
# A run of closing quotes (“a ‘b “c”’”), or the record's ‘…’ closing alone outside quotes
# (an apostrophe before marks that a quote closes after is text: “Risk’,”).
_AFTER_QUOTE = lazy(r"([.,;:?!]?)([’”]*”|’(?![.,!?]+[’”]))((?:</(?:i|b|span|sup|sub)>)*)"
                    r"([.,!?]+)")


def _typographic(text: str) -> str:
    """Straight quotes in record text as citeproc-js prints them: any other ' as ’ (also
    "NeurIPS ’24", "Plug ’n Play"), and quoted text ("…", '…' or “…”) in the locale's outer
    quotes “…” (inner ones inside the style's quotes, see _nest_quotes); punctuation the
    record itself puts after its quote stays outside (citeproc-js moves only the style's).
    Quotes in quotes pair from the inside out: Bruce ''Tog'' is Bruce “‘Tog’”. Text without
    a quote (most of it) only has its marks kept apart: every other step reads a quote.
    A space after « or before » : ; ? ! is a narrow no-break one, as citeproc-js makes it
    (French typography): the word after "« " is no word of its own then, which title case
    leaves as written ("des « facilitateurs » pour" is "Des « facilitateurs » Pour")."""
    text = _FRENCH_SPACE.sub("\u202f", text)
    if _QUOTE.search(text) is None:
        return _MARKS_TOGETHER.sub(r"\1" + MARKS_APART, text)
    text = _DOUBLE_QUOTED.sub(_STRAIGHT_QUOTED, text)
    while (quoted := _SINGLE_QUOTED.sub(_single_quoted, text)) != text:  # ''Tog'': inner first
        text = quoted
    while (quoted := _CURLY_SINGLE.sub(_SINGLE, _CURLY_QUOTED.sub(_QUOTED, text))) != text:
        text = quoted  # “a ‘b “c”’”: the inner pair first, then the pair around it
    text = _APOSTROPHE.sub("’", text.replace("‘", _LONE_OPEN))  # ‘…' is no quotation
    text = text.replace("”", _LONE_CLOSE)
    text = _OWN_PUNCTUATION.sub(_CLOSE_KEPT, _OWN_AFTER_SINGLE.sub(r"\g<0>" + MARKS_APART, text))
    return _MARKS_TOGETHER.sub(r"\1" + MARKS_APART, text)


# One space after « or before » : ; ? ! (a no-break space there stays as it is).
_FRENCH_SPACE = lazy("(?<=«) | (?=[»:;?!])")
# What any step of _typographic but the last reads: a quote, or a placeholder of the closing
# ones (_OWN_PUNCTUATION, _OWN_AFTER_SINGLE).
_QUOTE = lazy("[\"'“”‘’\ue001\ue009]")
# A ' that pairs with no other is an apostrophe, but after "(": there citeproc-js took it
# for an opening quote that never closed, and prints it as written ("('Assesos’)").
_APOSTROPHE = lazy(r"(?<!\()'")


def _single_quoted(match: re.Match[str]) -> str:
    """Straight single quotes around text, as placeholders: loose ones where the closing quote
    is followed by a space, which citeproc-js's title case does not take for a closing quote
    (textcase.py): 'what's new' in x stays “what’s New” in x, as written."""
    loose = match.string[match.end():match.end() + 1].isspace()
    opening, closing = (_OPEN_LOOSE, _CLOSE_LOOSE) if loose else (_OPEN_STRAIGHT, _CLOSE)
    return opening + match[1] + closing


# Quotes of record text are placeholders while citeproc-py renders (see _nest_quotes): opening,
# closing, and closing followed by the record's own punctuation; those of a cite's prefix and
# suffix others (_AFFIX_QUOTES).
_OPEN, _CLOSE, _CLOSE_KEPT = "\ue000", "\ue001", "\ue004"
# A ” that closes no quote of the record ('From ”folklore” to ”memory”.'): text, which
# citeproc-js moves no punctuation into.
_LONE_CLOSE = "\ue005"
_QUOTED = f"{_OPEN}\\1{_CLOSE}"
# The opening quote of the record's straight quotes, which outside any quotes print in the
# locale's outer quotes ("…" is „…“ in German), where its typographic ones print as written.
_OPEN_STRAIGHT = "\ue00d"
_STRAIGHT_QUOTED = f"{_OPEN_STRAIGHT}\\1{_CLOSE}"
# A ‘ that no ’ of the record closes: text, as in citeproc-js, where a straight ' does not close
# it either ("the ‘local zone'." is "the ‘local Zone’." in title case, the period outside).
_LONE_OPEN = "\ue00c"
# The record's straight single quotes whose closing one citeproc-js's title case passes over
# (_single_quoted); printed as _OPEN_STRAIGHT and _CLOSE.
_OPEN_LOOSE, _CLOSE_LOOSE = "\ue00a", "\ue00b"
_LOOSE_AS_QUOTED = str.maketrans({_OPEN_LOOSE: _OPEN_STRAIGHT, _CLOSE_LOOSE: _CLOSE})
# The record's ‘…’: the inner quotes of its “…”, and kept as ‘…’ outside any quotes.
_OPEN_SINGLE, _CLOSE_SINGLE = "\ue008", "\ue009"
_SINGLE = f"{_OPEN_SINGLE}\\1{_CLOSE_SINGLE}"
_CURLY_QUOTED = lazy("“([^“”]*)”")
_CURLY_SINGLE = lazy("‘([^‘’]*(?:’\\w[^‘’]*)*)’(?!\\w)")  # "’s" inside is an apostrophe
_OWN_PUNCTUATION = lazy(_CLOSE + "(?=[.,?!])")
_OWN_AFTER_SINGLE = lazy(_CLOSE_SINGLE + "(?=[.,?!])")
_AFFIX_QUOTES = str.maketrans({_OPEN: "\ue002", _OPEN_STRAIGHT: "\ue002", _CLOSE: "\ue003",
                               _CLOSE_KEPT: "\ue003",
                               _OPEN_LOOSE: "\ue002", _CLOSE_LOOSE: "\ue003",
                               _OPEN_SINGLE: "‘", _CLOSE_SINGLE: "’"})
_AFFIX_QUOTES_PRINTED = str.maketrans({"\ue002": "“", "\ue003": "”"})
# Closing quotes _finish moves no punctuation into, and inner ones it moves punctuation
# before (_AFTER_QUOTE), printed at its end.
_KEPT_QUOTES = str.maketrans({_LONE_CLOSE: "”", "\ue006": "’", _LONE_OPEN: "‘"})
# The placeholders as text-case sees them (textcase.py): quotes, and marks kept apart.
_CASE_QUOTES = {_OPEN: ("open", "record"), _OPEN_STRAIGHT: ("open", "record"),
                _CLOSE: ("close", "record"),
                _CLOSE_KEPT: ("close", "record"), _LONE_CLOSE: ("close", "double"),
                _LONE_OPEN: ("open", "lone"),  # closed by nothing: the word after keeps its case
                _OPEN_SINGLE: ("open", "record-single"),
                _CLOSE_SINGLE: ("close", "record-single"), MARKS_APART: None,
                # a loose quotation is given up by the next one of its kind (see textcase.py)
                _OPEN_LOOSE: ("open", "loose", "record"), _CLOSE_LOOSE: ("close", "apostrophe")}


def _quote_marks(style: CitationStylesStyle) -> tuple[str, str, str, str, str, str]:
    """The locale's outer and inner quotes (open-quote, close-quote, open-inner-quote,
    close-inner-quote), outer ones without the spaces French puts inside them, then the
    outer ones as the locale writes them (« … »)."""
    terms = [str(style.root.get_single_term(name=name) or default)
             for name, default in (("open-quote", "“"), ("close-quote", "”"),
                                   ("open-inner-quote", "‘"), ("close-inner-quote", "’"))]
    stripped = [term.strip("\u00a0\u202f ") for term in terms]
    return stripped[0], stripped[1], stripped[2], stripped[3], terms[0], terms[1]


def _nest_quotes(text: str, marks: tuple[str, ...] = ("“", "”", "‘", "’", "“", "”")) -> str:
    """Record text's quotes as citeproc-js prints them: outside quotes as written, straight
    ones in the locale's outer quotes as it writes them ("…" is „…“ in German, ‘…’ in
    British English, « … » in French), inside quotes the locale's inner and outer quotes
    in turn: “My ‘Amazing’ Title”, “My ‘“Amazing” Bogus’ Title”, « Life’s “Little”
    Surprises »."""
    text = text.translate(_LOOSE_AS_QUOTED)
    if not _RECORD_QUOTE.search(text):
        return text
    opening, closing = {"“", "«", marks[0]}, {"”", "»", marks[1]}  # not ’: an apostrophe
    output, depth = [], 0  # quotes open, the style's and the record's
    straight: list[bool] = []  # of the record's open quotes: straight ones outside quotes
    for character in text:
        if character in opening:
            depth += 1
        elif character in closing:
            depth = max(depth - 1, 0)
        elif character in (_OPEN, _OPEN_STRAIGHT, _OPEN_SINGLE):
            straight.append(character == _OPEN_STRAIGHT and not depth)
            written = "‘" if character == _OPEN_SINGLE else marks[4] if straight[-1] else "“"
            character = written if not depth else marks[2] if depth % 2 else marks[0]
            depth += 1
        elif character in (_CLOSE, _CLOSE_KEPT, _CLOSE_SINGLE):
            depth = max(depth - 1, 0)
            written = "’" if character == _CLOSE_SINGLE else marks[5] if straight and \
                straight[-1] else "”"
            if straight:
                straight.pop()
            mark = written if not depth else marks[3] if depth % 2 else marks[1]
            # the record's own punctuation follows: see _KEPT_QUOTES
            character = {"”": "\ue005", "’": "\ue006"}.get(mark, mark) \
                if character == _CLOSE_KEPT else mark
        output.append(character)
    return "".join(output)


# Quoted text: its quotes hug it ('"Positive Obligations "' is no quotation), and an
# apostrophe inside a word does not end it ("'Nobody Knows You're a Dog'"). A quote opens
# only where citeproc-js's opening tags are (' "', "('", ' \'' and after another opening
# quote): at the start, after a space, "(" or an opening quote; so "-'x'" is "-’x’" and
# '["x"]' stays as written ("Kynk"a"anniemi" too).
_RECORD_QUOTE = lazy("[\ue000\ue001\ue004\ue008\ue009\ue00d]")
_DOUBLE_QUOTED = lazy(r'(?<![^\s(\'“‘\ue000-\ue00b\ue00d])"(?!\s)([^"<>]+)(?<!\s)"'
                      r'(?![\w"])')
# A ' closes a quote only before the end, another quote or tag, "," "." "?" ":" ";" or a space
# that is not before ":" ";" "?" "!" (which citeproc-js turns into a no-break space first):
# citeproc-js prints any other as an apostrophe, and the quote it would close opens nothing
# ("the ’Uncaused Sound’ : Description", "’Sound’-like").
_SINGLE_QUOTED = lazy(r"(?<![^\s('\"“‘\ue000-\ue00b\ue00d])'(?!\s)((?:[^'<>]|(?<=\w)'(?=\w))+)"
                      r"(?<!\s)'(?=$|['<\ue000-\ue00b\ue00d,.?:;”’]|\s(?![:;?!»]))")


def _typographic_around(pieces: list[str], markup: set[int],
                        escape: Callable[[str], str]) -> str:
    """The text of ``pieces`` made typographic as one text, its markup pieces (indexes in
    ``markup``) kept in place and left out of ``escape``: quotes around markup pair up
    (“<i>My Title</i>”), where piece by piece they stayed straight. Without markup (most
    record text) there is nothing to mask."""
    if not markup:
        return escape(_typographic("".join(pieces)))
    masked = "".join(chr(_MASK + index) if index in markup else piece
                     for index, piece in enumerate(pieces))
    return _MASKED.sub(lambda m: pieces[ord(m[0]) - _MASK], escape(_typographic(masked)))


# Markup pieces stand in the text as characters of a private-use plane while it is made
# typographic (see _typographic_around).
_MASK = 0xF0000
_MASKED = lazy("[\U000f0000-\U000fffff]")
