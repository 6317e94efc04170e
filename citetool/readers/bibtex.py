"""BibTeX and BibLaTeX, through bibtexparser v2: blocks it cannot parse become problems with
their line, every other entry is still read.

The mapping of entry types and fields to CSL is the tables below (documented in README).
Fields with no CSL variable are kept under ``custom.bibtex`` so that a round trip loses nothing.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Iterator
from functools import lru_cache
from typing import Any

from .. import latex
from ..errors import DUPLICATE_CITEKEY, Problem
from ..model import Item, doi_of, parse_date_text
from ..patterns import lazy
from . import Read, Record, Text, collect, whole

#: BibTeX/BibLaTeX entry type → CSL type. Anything else is "document".
CSL_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "suppbook": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "proceedings": "book", "collection": "book", "mvcollection": "book", "manual": "report",
    "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "unpublished": "manuscript",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "patent": "patent",
    "dataset": "dataset", "software": "software", "periodical": "periodical",
    "misc": "document", "inreference": "entry-encyclopedia", "reference": "book",
    "jurisdiction": "legal_case", "legislation": "legislation",
}
_SUBTYPES = {("article-journal", "magazine"): "article-magazine",
             ("article-journal", "newspaper"): "article-newspaper"}
_THESIS_GENRE = {"mastersthesis": "Master's thesis", "phdthesis": "PhD thesis"}
_REPORT_TYPES = ("techreport", "report")

#: BibTeX field → CSL variable, for fields whose text maps one to one.
TEXT_FIELDS = {
    "title": "title", "journal": "container-title", "journaltitle": "container-title",
    "shortjournal": "container-title-short", "journalabbrev": "container-title-short",
    "volume": "volume", "edition": "edition", "series": "collection-title",
    "publisher": "publisher", "address": "publisher-place", "location": "publisher-place",
    "doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN", "abstract": "abstract",
    "keywords": "keyword", "note": "note", "language": "language", "langid": "language",
    "pages": "page", "pagetotal": "number-of-pages", "eid": "number", "chapter":
    "chapter-number", "shorttitle": "title-short", "subtitle": "_subtitle",
    "booktitle": "_booktitle", "school": "_institution", "institution": "_institution",
    "organization": "_organization", "howpublished": "_howpublished", "type": "genre",
    "eventtitle": "event-title", "venue": "event-place", "version": "version",
    "pmid": "PMID", "pmcid": "PMCID", "number": "_number", "issue": "issue",
    "article-number": "number", "eprint": "_eprint", "eprinttype": "_eprinttype",
    "archiveprefix": "_eprinttype", "primaryclass": "_eprintclass",
}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
               "bookauthor": "container-author"}
DATE_FIELDS = {"date": "issued", "urldate": "accessed", "eventdate": "event-date",
               "origdate": "original-date"}
_CASED = {"title", "booktitle", "subtitle", "journal", "journaltitle", "series", "shorttitle",
          "eventtitle"}
#: Types whose number is their arXiv id (preprints: @misc, @unpublished, @online). An arXiv
#: eprint of a book, paper, thesis or report (Mendeley exports one for many) is no number of it.
_PREPRINT_TYPES = ("document", "article", "manuscript", "webpage")
_ESCAPED = lazy(r"\\([_%&#$])")
_VERBATIM = {"doi", "url", "eprint", "isbn", "issn", "pmid", "pmcid"}
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_MACROS = {m: str(i) for m, i in _MONTHS.items()}
_SPECIAL_CHARACTER = lazy(r"\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
#: A tilde accent outside braces (``Uma\~{n}a``): its ``~`` would split the name as a tie does.
_TILDE_ACCENT = lazy(r"(?<!\{)\\~(\{[^{}]*\}|[A-Za-z])")
_IFMMODE = lazy(r"\\ifmmode\s.*?\\else\s*(.*?)\s*\\fi(?:\{\})?")


#: Control characters (text copied from PDFs has them): no text, and biber stops at them.
CONTROL_CHARACTERS = lazy("[\x00-\x08\x0e-\x1b\x7f]")
#: An entry type and its opening brace on different lines ("@article\n{key,"), which BibTeX
#: reads and bibtexparser does not: the brace is moved up, the line ends after it.
_SPACED_ENTRY = lazy(r"^([ \t]*@[ \t]*[A-Za-z]+)(\s*\n\s*)([{(])", re.M)


def _parseable(text: str) -> str:
    """The text as bibtexparser can read it, with as many lines as BibTeX reads."""
    text = _SPACED_ENTRY.sub(r"\1\3\2", CONTROL_CHARACTERS.sub("", text))
    if _QUOTE_IN_BRACES.search(text) is not None:
        text = _QUOTED_VALUE.sub(_braced, text)
    return _counted_escapes(text)


#: A quote inside braces, as in ``"Implementing {``A Generative Theory"}"``: it does not end a
#: quoted value for BibTeX, but does for bibtexparser, and the entry's next fields were lost.
_QUOTE_IN_BRACES = lazy(r'\{[^{}"]*[^{}"\\]"')
#: A field's quoted value as BibTeX delimits it (braces two deep inside it).
_QUOTED_VALUE = lazy(
    r'((?:^|[{,])\s*[^\s=,{}"#]+\s*=\s*)"((?:[^"{}\\]|\\.|\{(?:[^{}]|\{[^{}]*\})*\})*)"', re.M)


def _braced(value: re.Match[str]) -> str:
    """A quoted value written in braces where a quote inside its braces would end it for
    bibtexparser (the two are the same value for BibTeX)."""
    if _QUOTE_IN_BRACES.search(value[2]) is None:
        return value[0]
    return f"{value[1]}{{{value[2]}}}"


#: Put between a backslash and a brace that BibTeX counts (see _counted_escapes) and taken out
#: after a backslash by resolve: a noncharacter, which Unicode keeps for a program's own use
#: (a text that holds one is left as it is).
_COUNTED = "\ufdd0"


def _counted_escapes(text: str) -> str:
    """The text with each escaped brace (``\\{``, ``\\}``) of an entry made one bibtexparser
    counts, where the entry balances only when they are counted. BibTeX counts every brace and
    bibtexparser none after a backslash: a Mendeley abstract holding ``{\\{}`` ended its entry
    early for bibtexparser, and the fields after it were lost without a word. An entry that
    balances only without them is left to bibtexparser's reading (BibTeX fails on it)."""
    if "\\{" not in text and "\\}" not in text or _COUNTED in text:
        return text
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    pieces = [text[:starts[0]] if starts else text]
    for start, end in zip(starts, [*starts[1:], len(text)]):
        entry = text[start:end]
        if entry.count("\\{") != entry.count("\\}") and \
                entry.count("{") == entry.count("}"):
            entry = entry.replace("\\{", f"\\{_COUNTED}{{").replace("\\}", f"\\{_COUNTED}}}")
        pieces.append(entry)
    return "".join(pieces)


def read(text: str, source: str) -> Read:
    return collect(records(text, source))


def records(text: Text, source: str) -> Iterator[Record]:
    """The entries as items, as they are read: one piece of the text at a time (see
    :data:`_PIECE`), so that a large library is never held parsed. The problems come after
    the items, in the order one parse of the whole text gives them, whatever the pieces."""
    # bibtexparser logs each block it gives up on; we report those as problems instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    # Citekeys of the pieces before: whether an entry bibtexparser parsed had it (so that it
    # takes a later entry with that key for a duplicate), or only one read despite a field
    # given twice.
    seen: dict[str, bool] = {}
    problems: _Problems = ([], [], [])
    found = written = False
    for lines_before, piece in _pieces(text):
        found = (yield from _piece_items(piece, source, lines_before, seen, problems)) or found
        written = written or (piece != "" and not piece.isspace())
    for kind in problems:
        yield from kind
    if not found and written:
        yield Problem(source, 1, "no BibTeX entries found (entries start with @article{key, …)")


#: A field that could be read only in part: (field, why, the field whose line it is counted
#: from, lines after that one's first).
_Kept = tuple[str, str, str, int]

#: A whole parse's problems in its order: blocks that failed (bibtexparser's duplicate
#: citekeys among them), our duplicate citekeys, entries that could not be made items.
_Problems = tuple[list[Problem], list[Problem], list[Problem]]


#: A file whose entries are independent (no @string, crossref or xdata) is parsed a piece of
#: about this many characters at a time, each piece's blocks dropped once its items are made:
#: bibtexparser's blocks take ten times the size of their text (280 MB for a 28 MB library).
_PIECE = 1 << 18
_ENTRY_START = lazy(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.M)
_STRING = lazy(r"@[ \t]*string\b")


def _dependent(text: Text) -> bool:
    """Whether any entry may depend on another: @string, crossref or xdata anywhere. (One
    case-insensitive regex over a whole library cost a tenth of all reading time.) Pieces end
    at line ends, and none of these spans a line."""
    for piece in [text] if isinstance(text, str) else text:
        lower = piece.lower()
        if "crossref" in lower or "xdata" in lower or _STRING.search(lower) is not None:
            return True
    return False


def _pieces(text: Text) -> Iterator[tuple[int, str]]:
    """The text in pieces of about _PIECE characters, cut only where an entry starts outside
    any braces, each with the number of lines before it; one piece if entries depend on others.
    """
    if isinstance(text, str) and len(text) <= _PIECE or _dependent(text):
        yield 0, whole(text)
        return
    buffer, start, counted, depth, lines = "", 0, 0, 0, 0
    search_from = _PIECE
    for chunk in [text] if isinstance(text, str) else text:
        # What is left of the last chunk and this one; positions move with the cut-off part.
        buffer = buffer[start:] + chunk
        counted, search_from, start = counted - start, search_from - start, 0
        # An entry start lies within one line, and a chunk ends at a line end: a start not
        # in the buffer yet cannot be before one that is.
        while (match := _ENTRY_START.search(buffer, search_from)) is not None:
            cut = match.start()
            depth += buffer.count("{", counted, cut) - buffer.count("}", counted, cut)
            counted = search_from = cut + 1
            if depth == 0:
                yield lines, buffer[start:cut]
                lines += buffer.count("\n", start, cut)
                start, search_from = cut, cut + _PIECE
    yield lines, buffer[start:]


def _piece_items(text: str, source: str, lines_before: int, seen: dict[str, bool],
                 problems: _Problems) -> Generator[tuple[Item, int], None, bool]:
    """The items of one piece, its problems added to ``problems``; returns whether it held
    any entry, even a broken one."""
    import bibtexparser
    from bibtexparser import model

    failed, duplicates, unusable = problems
    library = bibtexparser.parse_string(_parseable(text), parse_stack=[])
    strings: dict[str, str] = {}
    for string in library.strings:
        strings[string.key.lower()] = resolve(string.value, strings)
    parsed: list[model.Entry] = []
    read_despite: list[model.Entry] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1 + lines_before
        if isinstance(block, model.Entry) and not seen.get(block.key):
            parsed.append(block)
        elif isinstance(block, model.Entry | model.DuplicateBlockKeyBlock):
            # An Entry here has the citekey of one parsed in a piece before: a parse of the
            # whole text would have made it a DuplicateBlockKeyBlock.
            failed.append(Problem(source, line, DUPLICATE_CITEKEY, block.key))
        elif isinstance(block, model.DuplicateFieldKeyBlock) and \
                isinstance(entry := block.ignore_error_block, model.Entry):
            # BibTeX itself warns and uses the first value: so do we, and say so.
            read_despite.append(entry)
            fields = ", ".join(f"'{k}'" for k in sorted(block.duplicate_keys))
            failed.append(Problem(source, line, f"field {fields} given more than once; the "
                                  "first value was used", entry.key))
        elif isinstance(block, model.ParsingFailedBlock):
            failed.append(Problem(source, line, _failure(block), getattr(block, "key", None)))
        elif isinstance(block, model.ImplicitComment) and \
                (stray := _STRAY_FIELD.search(block.comment)) is not None:
            failed.append(Problem(source, line + block.comment.count("\n", 0, stray.start()),
                                  f"'{_shown(stray[1])}' after an entry's end was not read: "
                                  "the entry before it ended early; check its braces and "
                                  "quotes"))
    readable = sorted(parsed + read_despite, key=lambda entry: entry.start_line or 0)
    entries: dict[str, Any] = {}
    for entry in readable:
        line = (entry.start_line or 0) + 1 + lines_before
        if entry.key in entries or entry.key in seen:
            duplicates.append(Problem(source, line, DUPLICATE_CITEKEY, entry.key))
        else:
            entries[entry.key] = entry
    for entry in read_despite:
        seen.setdefault(entry.key, False)
    seen.update((entry.key, True) for entry in parsed)
    for entry in entries.values():
        if entry.entry_type.lower() == "xdata":
            continue  # BibLaTeX data containers are inherited from, never cited
        line = (entry.start_line or 0) + 1 + lines_before
        kept: list[_Kept] = []
        try:
            yield _item(entry, entries, strings, kept), line
        except ValueError as error:
            unusable.append(Problem(source, line, str(error), entry.key))
        except RecursionError:
            unusable.append(Problem(source, line, "braces or LaTeX commands nested too "
                                    "deeply to decode; the entry was skipped", entry.key))
        for key, message, anchor, lines_after in kept:
            at = next((field.start_line for field in entry.fields
                       if field.key.lower() == anchor), None)
            unusable.append(Problem(
                source, line if at is None else at + 1 + lines_before + lines_after,
                f"field '{key}': {message}", entry.key))
    return bool(library.entries or library.failed_blocks)


#: Letters among a year's digits ("20x1", "2O19"): a typo, which styles print as written.
_YEAR_TYPO = lazy(r"\d[^\W\d_]+\d|^[^\W\d_]\d{3}$|^\d{3}[^\W\d_]$")


def warnings(text: str) -> Iterator[tuple[str, int, str | None, str]]:
    """What BibTeX warns about but the reader reads on, silently wrong (issue 15): an undefined
    @string used as a value (printed as its name), a crossref to no entry of the file (nothing
    inherited), a date that is no date and a year with letters among its digits. Each as
    (kind: "undefined-string", "crossref" or "year", line, citekey, message)."""
    import bibtexparser

    library = bibtexparser.parse_string(_parseable(text), parse_stack=[])
    defined = {string.key.lower() for string in library.strings}
    keys = {entry.key for entry in library.entries}
    for entry in library.entries:
        for field in entry.fields:
            if not isinstance(field.value, str):
                continue
            line = (field.start_line or entry.start_line or 0) + 1
            for key, raw in _split_swallowed(field.key.lower(), field.value, None):
                for name in _undefined(raw, defined):
                    yield ("undefined-string", line, entry.key, f"field '{key}': @string "
                           f"'{name}' is not defined, so its name is printed (define it with "
                           f"@string{{{name} = {{…}}}} or brace the value)")
                value = resolve(raw, {}).strip()
                if key == "crossref" and value and value not in keys:
                    yield ("crossref", line, entry.key, f"crossref '{value}' names no entry "
                           "of this file: nothing was inherited")
                elif key in DATE_FIELDS and value and _date(value) is None:
                    yield ("year", line, entry.key, f"field '{key}': '{value}' cannot be "
                           "read as a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
                elif key == "year" and _YEAR_TYPO.search(value):
                    yield ("year", line, entry.key, f"year '{value}' has letters among its "
                           "digits (a typo?)")


def _undefined(raw: str, defined: set[str]) -> list[str]:
    """The @string names in a raw value that no @string defines (month names are defined)."""
    return [piece for piece in _concatenated(raw) if piece[:1] not in ("{", '"')
            and not piece.isdecimal() and piece.lower() not in defined
            and piece.lower() not in _MONTH_MACROS]


def _failure(block: Any) -> str:
    reason = str(getattr(block, "error", "")).strip().splitlines()
    detail = f" ({reason[0].rstrip('.: ')})" if reason else ""
    return f"cannot parse this entry{detail}; it was skipped: check its braces and commas"


def resolve(raw: str, strings: dict[str, str]) -> str:
    """A raw field value as BibTeX reads it: ``{…}`` and ``"…"`` pieces, numbers and @string
    macros (month names included), joined by ``#``."""
    if _COUNTED in raw:  # only where _counted_escapes put it: the record's own stays
        raw = raw.replace("\\" + _COUNTED, "\\")
    if "\\ifmmode" in raw:
        # \ifmmode math\else text\fi (some exporters' accents): the text branch.
        raw = _IFMMODE.sub(r"{\1}", raw)
    if "#" not in raw and raw[:1] == "{" and raw[-1:] == "}":
        return raw[1:-1]  # the common case: one braced value
    pieces = []
    for piece in _concatenated(raw):
        if piece[:1] in "{\"" and len(piece) > 1:
            pieces.append(piece[1:-1])
        elif piece.isdecimal():
            pieces.append(piece)
        else:
            pieces.append(strings.get(piece.lower(), _MONTH_MACROS.get(piece.lower(), piece)))
    return "".join(pieces)


#: Text outside any entry that is a field (``, author = {…}``): an entry closed too early.
_STRAY_FIELD = lazy(r'(?:\A|\n)[ \t]*,?\s*([A-Za-z][\w-]*\s*=\s*[{"\d].*)')
# A value's pieces as bibtexparser delimits them: a backslash escapes a brace or a quote.
_VALUE_MARK = lazy(r'(?<!\\)[{}"]')
_BARE_PIECE = lazy(r'[^\s#{}"]+')
_FIELD_START = lazy(r'([^\s=,{}"#]+)\s*=\s*', re.S)


def _value_end(raw: str) -> int:
    """Where a raw value ends as BibTeX reads it: pieces ({…}, "…", a number or an @string
    name) joined by ``#``. bibtexparser ends a value only at a comma, so text after that end
    is what a missing comma let in (BibTeX: "I was expecting a ',' or a '}'")."""
    i = 0
    while True:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i == len(raw):
            return i
        if raw[i] == "{":
            depth = 0
            for mark in _VALUE_MARK.finditer(raw, i):
                depth += {"{": 1, "}": -1}.get(mark[0], 0)
                if depth == 0:
                    break
            else:
                return len(raw)  # unbalanced: the braces check tells
            i = mark.end()
        elif raw[i] == '"':
            for mark in _VALUE_MARK.finditer(raw, i + 1):
                if mark[0] == '"' and raw[mark.start() - 1:mark.end() + 1] != '{"}':
                    break
            else:
                return len(raw)
            i = mark.end()
        elif bare := _BARE_PIECE.match(raw, i):
            i = bare.end()
        else:
            return i
        after = i
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i == len(raw):
            return i
        if raw[i] != "#":
            return after
        i += 1


def _split_swallowed(key: str, raw: str,
                     kept: list[_Kept] | None) -> list[tuple[str, str]]:
    """(field, raw value) of one field as bibtexparser gave it: a value that swallowed the
    fields after it for want of a comma is split back into them, and each missing comma told
    to ``kept`` (if given) at its line."""
    if "=" not in raw and raw.rstrip()[-1:] in ("}", '"'):
        # The common case, at a fifth of the cost: no field can hide in a value without "=",
        # and text after a value's end shows as a last character outside any group.
        return [(key, raw)]
    found, anchor, lines_after = [], key, 0
    while (end := _value_end(raw)) < len(raw):
        rest = raw[end:].lstrip()
        lines_after += raw.count("\n", 0, len(raw) - len(rest))
        if start := _FIELD_START.match(rest):
            if kept is not None:
                kept.append((key, f"no comma after its value: '{_shown(rest)}' was read as "
                             f"field '{start[1].lower()}' (add the comma)", anchor,
                             lines_after))
            found.append((key, raw[:end]))
            key, raw = start[1].lower(), rest[start.end():]
            lines_after += rest.count("\n", 0, start.end())
            continue
        if kept is not None:
            kept.append((key, f"no comma or '}}' after its value: '{_shown(rest)}' was "
                         "skipped", anchor, lines_after))
        raw = raw[:end]
    return [*found, (key, raw)]


def _shown(text: str) -> str:
    """The first line of a text, or its start, for a message."""
    text = " ".join(text.split("\n", 1)[0].split())
    return text if len(text) <= 40 else text[:37] + "..."


def _concatenated(raw: str) -> list[str]:
    """Split a raw value at the ``#`` that are outside braces and quotes."""
    if "#" not in raw:
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(raw):
        if i and raw[i - 1] == "\\" and (i < 2 or raw[i - 2] != "\\"):
            continue  # an escaped character: \{ \} \" \# are text
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    pieces.append(raw[start:].strip())
    return [piece for piece in pieces if piece]


def _fields(entry: Any, entries: dict[str, Any], strings: dict[str, str],
            kept: list[_Kept] | None = None, depth: int = 0) -> dict[str, str]:
    """Fields of an entry, with what it inherits by ``crossref`` and BibLaTeX ``xdata``;
    fields that a missing comma joined to the one before are told to ``kept``."""
    own: dict[str, str] = {}
    for field in entry.fields:
        if isinstance(field.value, str):
            for key, raw in _split_swallowed(field.key.lower(), field.value, kept):
                own.setdefault(key, resolve(raw, strings))
    if depth > 8:
        raise ValueError("crossref/xdata chain is too deep or circular")
    if "xdata" not in own and "crossref" not in own:
        return own
    inherited: dict[str, str] = {}
    for key in own.get("xdata", "").split(","):
        if (parent := entries.get(key.strip())) is not None:
            inherited.update(_fields(parent, entries, strings, depth=depth + 1))
    if (parent := entries.get(own.get("crossref", "").strip())) is not None:
        parent_fields = _fields(parent, entries, strings, depth=depth + 1)
        # BibLaTeX's default inheritance: the parent's title is the child's container title,
        # its subtitle the container's (booksubtitle, printed "Booktitle: Subtitle"), and its
        # titleaddon and shorttitle are not the child's either.
        title, subtitle = parent_fields.pop("title", None), parent_fields.pop("subtitle", None)
        if title:
            parent_fields.setdefault("booktitle", f"{title}: {subtitle}" if subtitle else title)
        for key in ("titleaddon", "shorttitle"):
            parent_fields.pop(key, None)
        inherited.update(parent_fields)
    return {**inherited, **own}


def _item(entry: Any, entries: dict[str, Any], strings: dict[str, str],
          kept: list[_Kept]) -> Item:
    """The entry as an item; a field whose LaTeX cannot be converted keeps its text as written,
    and is told to ``kept``, as are missing commas."""
    entry_type = entry.entry_type.lower()
    fields = _fields(entry, entries, strings, kept)
    item: Item = {"id": entry.key, "type": CSL_TYPES.get(entry_type, "document")}
    custom: dict[str, str] = {}
    for key, raw in fields.items():
        if key in NAME_FIELDS:
            names = _decoded(key, raw, kept, _names)
            if isinstance(names, str):
                names = [{"literal": names}]
            if names:
                item[NAME_FIELDS[key]] = names
        elif key in DATE_FIELDS:
            if date := _date(raw):
                item[DATE_FIELDS[key]] = date
            else:
                custom[key] = raw
        elif key in TEXT_FIELDS:
            value = raw.strip() if key in _VERBATIM else _decoded(
                key, raw, kept, lambda raw: latex.decode(raw, key in _CASED))
            if key == "doi":  # "10.1007/3-540-45699-6\_6": the escape is LaTeX's, not the DOI's
                value = _ESCAPED.sub(r"\1", value)
                value = doi_of(value) or value
            if value:
                item[TEXT_FIELDS[key]] = value
        elif key == "entrysubtype" and (item["type"], raw.strip()) in _SUBTYPES:
            item["type"] = _SUBTYPES[item["type"], raw.strip()]
        elif key not in ("year", "month", "crossref", "xdata"):
            custom[key] = raw
    _dates(item, fields, custom, kept)
    _containers(item, entry_type, custom)
    if custom:
        item["custom"] = {"bibtex": custom}
    return item


def _decoded(key: str, raw: str, kept: list[_Kept], decode: Callable[[str], Any]) -> Any:
    """``decode(raw)``, or the raw text (spaces made one) when its LaTeX cannot be converted."""
    try:
        return decode(raw)
    except latex.LatexError as error:
        kept.append((key, f"{error}; its text was kept as written", key, 0))
        return " ".join(raw.split())


def _names(raw: str) -> list[dict[str, str]]:
    # "Smith, Brian and and Robert Cosgrove" (a real typo): BibTeX makes "and" a particle of
    # the next name, which no BibTeX reader takes back; it is read as one "and".
    # "and others" (BibTeX's mark of a list cut short) is kept as pandoc keeps it, a last
    # name {"literal": "others"}, which the engine prints as the style's "et al."; so is
    # "and et al.", which means the same (BibTeX makes it a name, "al., et.").
    names = ({"literal": "others"} if _OTHERS.fullmatch(person.strip())
             else _person(_DOUBLED_AND.sub("", person.strip().strip(",").strip()))
             for person in _split_names(raw))
    return [dict(name) for name in names if name]


_AND = lazy(r"[ \t\r\n]+[aA][nN][dD][ \t\r\n]+")
_DOUBLED_AND = lazy(r"^(?:and[ \t\r\n]+)+")
_OTHERS = lazy(r"others|[Ee]t(?:\.\s*|\s+)al\.?")
_AND_OR_BRACE = lazy("[{}]|" + _AND.pattern)


def _split_names(raw: str) -> list[str]:
    """A name list split at its "and"s outside braces, as BibTeX splits it.

    BibTeX counts every brace, escaped or not: ``\\{Mausam\\}`` is a group. bibtexparser's
    splitter skips the character after a backslash and so loses the text before the name
    (``Mausam\\}``), which no longer balances when written back.
    """
    raw = raw.strip(" \r\n\t")
    if "{" not in raw and "}" not in raw:
        return _AND.split(raw) if raw else []
    names, start, depth = [], 0, 0
    for found in _AND_OR_BRACE.finditer(raw):
        if found[0] == "{":
            depth += 1
        elif found[0] == "}":
            depth = max(depth - 1, 0)
        elif not depth:
            names.append(raw[start:found.start()])
            start = found.end()
    return [*names, raw[start:]]


@lru_cache(maxsize=16384)
def _person(person: str) -> tuple[tuple[str, str], ...]:
    """One BibTeX name as CSL name parts (cached: libraries repeat their authors)."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    words = person.replace(",", " ").split()
    if latex.is_plain(person) and person.count(",") <= 1 and words and \
            all(_upper_start(word) for word in words):
        # Most names: "Last, First" or "First Last", no LaTeX, no particle. BibTeX's rules
        # give the same split as the full parser, which costs three times as much.
        if "," in person:
            family, given = (" ".join(part.split()) for part in person.split(","))
        else:
            family, given = words[-1], " ".join(words[:-1])
        return tuple((k, v) for k, v in (("family", family), ("given", given)) if v)
    if person.startswith("{") and latex.matching_brace(person, 0) == len(person) - 1 \
            and " " in person:
        # A name wholly in braces is one name as written: "{World Health Organization}".
        return (("literal", latex.decode(person[1:-1])),)
    # BibTeX takes a special character's case from its letter ({\'E}adaoin is upper case);
    # bibtexparser takes it for lower case and makes the given name a particle. Decode first.
    person = _TILDE_ACCENT.sub(r"{\\~\1}", person)
    person = _SPECIAL_CHARACTER.sub(lambda m: latex.decode(m[0]), person)
    parts = parse_single_name_into_parts(person, strict=False)
    name = {"family": latex.decode(" ".join(parts.last)),
            "given": latex.decode(" ".join(parts.first)),
            "non-dropping-particle": latex.decode(" ".join(parts.von)),
            "suffix": latex.decode(" ".join(parts.jr))}
    return tuple((key, value) for key, value in name.items() if value)


def _upper_start(word: str) -> bool:
    """Whether BibTeX takes ``word`` for upper case (its first letter is): a lower-case word is
    a particle ("van", "de"). Most words start with their letter, which is checked first."""
    first = word[0]
    if not first.isalpha():
        first = next((char for char in word if char.isalpha()), "")
    return first.isupper()


def _date(raw: str) -> dict[str, Any] | None:
    """A BibLaTeX date: "2020", "2020-05-14", a range "2019/2020", open "2019/"."""
    raw = raw.strip()
    if "/" in raw and not re.fullmatch(r"\d{4}/\d{1,2}(/\d{1,2})?", raw):
        start, _, end = raw.partition("/")
        first, second = parse_date_text(start), parse_date_text(end) if end else None
        if first:
            parts = first["date-parts"] + (second["date-parts"] if second else [])
            return {"date-parts": parts}
        return None
    return parse_date_text(raw)


def _dates(item: Item, fields: dict[str, str], custom: dict[str, str],
           kept: list[_Kept]) -> None:
    if "issued" in item or "year" not in fields:
        if "month" in fields and "issued" not in item:
            custom["month"] = fields["month"]
        return
    year_text = _decoded("year", fields["year"], kept, latex.decode)
    if not re.fullmatch(r"\d{1,4}", year_text):
        # "in press", "forthcoming", "2019a": kept as a literal date CSL processors print.
        item["issued"] = {"literal": year_text}
        return
    parts = [int(year_text)]
    month = fields.get("month", "").strip().lower()[:3]
    if month.isdecimal() and 1 <= int(month) <= 12:
        parts.append(int(month))
    elif month in _MONTHS:
        parts.append(_MONTHS[month])
    elif month:
        custom["month"] = fields["month"]
    item["issued"] = {"date-parts": [parts]}


def _containers(item: Item, entry_type: str, custom: dict[str, str]) -> None:
    """Fields whose CSL variable depends on the entry type (``custom``: fields kept as written)."""
    booktitle = item.pop("_booktitle", None)
    if booktitle and "container-title" not in item:
        item["container-title"] = booktitle
    if subtitle := item.pop("_subtitle", None):
        item["title"] = f"{item['title']}: {subtitle}" if item.get("title") else subtitle
    number = item.pop("_number", None)
    if number:
        item["issue" if entry_type == "article" else "number"] = number
    institution = item.pop("_institution", None) or item.pop("_organization", None)
    item.pop("_organization", None)
    if item["type"] == "thesis" and "publisher" in item:
        # a thesis's publisher (CSL) is the school that granted the degree: BibTeX's and
        # biblatex's thesis types have no publisher field and print none; it is kept as written
        custom["publisher"] = item.pop("publisher")
    elif entry_type in _REPORT_TYPES and institution and "publisher" in item:
        # a report is published by its institution, as BibTeX's and biblatex's report types
        # print it; neither has a publisher field (kept as written)
        custom["publisher"] = item.pop("publisher")
    if institution and "publisher" not in item:
        item["publisher"] = institution
    howpublished = item.pop("_howpublished", None)
    if howpublished:
        if re.match(r"https?://", howpublished) and "URL" not in item:
            item["URL"] = howpublished
        else:
            item.setdefault("medium", howpublished)
    eprint, kind = item.pop("_eprint", None), (item.pop("_eprinttype", None) or "").lower()
    eprint_class = item.pop("_eprintclass", None)
    if eprint and kind == "arxiv":
        eprint = re.sub(r"(?i)^arxiv:\s*", "", eprint)  # Mendeley's "arXiv:1011.1669v3"
        if item["type"] in _PREPRINT_TYPES:  # a book's or paper's number is its own
            item.setdefault("number", f"arXiv:{eprint}")
        item.setdefault("URL", f"https://arxiv.org/abs/{eprint}")
        if item["type"] == "document":
            item["type"] = "article"
            item.setdefault("publisher", "arXiv")
    elif eprint and kind in ("pmid", "pubmed", "pmcid"):  # biblatex's PubMed eprints
        item.setdefault("PMCID" if kind == "pmcid" else "PMID", eprint)
    elif eprint:
        item.setdefault("number", eprint)
    if eprint_class and kind == "arxiv":  # an arXiv id needs no class; a note would print it
        custom["primaryclass"] = eprint_class
    elif eprint_class:
        item.setdefault("note", eprint_class)
    if entry_type in _THESIS_GENRE:
        item.setdefault("genre", _THESIS_GENRE[entry_type])
