"""The library API that the CLI is a thin layer over; usable from Python directly.

>>> from citetool import api
>>> result = api.load(["examples/socsci-9-1.txt"])
>>> print(api.format_bibliography(result.items, style="mdpi"))  # doctest: +SKIP
"""
from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .errors import DUPLICATE_CITEKEY, CitetoolError, InputError, Problem, UsageError
from .fetch import Resolver, default_cache_dir, doi_of, fetch_all
from .model import DEFAULT_CITEKEY_PATTERN, Item, assign_citekeys, parse_citekey_pattern
from .patterns import lazy
from .readers import Read, Record, Text, collect, whole

if TYPE_CHECKING:  # the engine loads citeproc-py: imported only to render
    from .cited import Cited
    from .render.engine import CitationData

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Control bytes that no text file holds (tab, line ends, form feed and escape are left out).
_CONTROLS = bytes([*range(0x01, 0x09), *range(0x0e, 0x1b), *range(0x1c, 0x20)])
LEGACY_NOTE = ("not UTF-8: read as Windows-1252 (Latin-1); if accented letters look wrong, "
               "save the file as UTF-8")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 (BOM or not), else Windows-1252;
    InputError for binary data. See :func:`decode_noting`."""
    return decode_noting(data)[0]


def decode_noting(data: bytes) -> tuple[str, str | None]:
    """The text, and a note when its encoding was guessed.

    Real .bib and RIS exports still come in legacy 8-bit encodings; bytes that are not valid
    UTF-8 are far more likely Windows-1252 (a superset of Latin-1's printable characters) than
    anything else, so they are read as that, with a note saying so.
    """
    utf16 = _utf16(data[:_HEAD])
    if utf16:
        try:
            return data.decode(utf16), None
        except UnicodeDecodeError as error:
            raise InputError(f"broken UTF-16 text at byte {error.start}") from None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), LEGACY_NOTE


#: How much of the start of an input tells UTF-16 and binary data from text.
_HEAD = 8192


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec the start of an input is in, None if it is in neither; InputError for
    binary data."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    if utf16 := _utf16_without_bom(head):
        return utf16
    if b"\0" in head or sum(head.count(byte) for byte in _CONTROLS) > max(8, len(head) // 100):
        raise InputError("binary data, not text: give a BibTeX, RIS, CSL-JSON, HTML or "
                         "article-page text file")
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "-be" when every other byte is NUL, as in UTF-16 text that is mostly
    ASCII (some Windows tools write it without a byte-order mark)."""
    even, odd = head[0:len(head) // 2 * 2:2], head[1:len(head) // 2 * 2:2]
    for zeros, others, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(zeros) >= 2 and zeros.count(0) >= len(zeros) * 0.4 and 0 not in others:
            return name
    return None


def parse(text: str, source: str = "<text>", format: str | None = None,
          citekey_pattern: str = DEFAULT_CITEKEY_PATTERN) -> Read:
    """Read one input's text; ``format`` (a name in formats.READERS) overrides sniffing.
    Records without a citekey get one made by ``citekey_pattern``."""
    result = Read()
    if not text.strip():
        result.problems.append(Problem(source, None, EMPTY))
        return result
    records = formats.reader(format or formats.sniff(text, source))(text, source)
    for item, line in _kept(records, source, set(), result.problems):
        result.add(item, line)
    assign_citekeys(result.items, citekey_pattern)
    return result


def _kept(records: Iterable[Record], source: str, seen: set[str],
          problems: list[Problem]) -> Iterator[tuple[Item, int | None]]:
    """The items of one input whose citekey did not come earlier (``seen``, which grows); the
    reader's problems go to ``problems`` as they come, then one for each item skipped, as
    BibTeX skips them, so that every citekey names one work."""
    skipped = []
    for record in records:
        if isinstance(record, Problem):
            problems.append(record)
            continue
        citekey = record[0].get("id")
        if citekey not in (None, ""):
            if str(citekey) in seen:
                skipped.append(Problem(source, record[1], DUPLICATE_CITEKEY, str(citekey)))
                continue
            seen.add(str(citekey))
        yield record
    problems.extend(skipped)


def read_inputs(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
                resolver: Resolver | None = None) -> Iterator[tuple[str, str, Read]]:
    """Each input's name ("<stdin>" for "-"), text ("" if unreadable or a DOI) and what its
    reader got; an input that cannot be read is one problem, and the others are still read.

    An input that is no file but a DOI (10.1234/abc, doi:…, https://doi.org/…) is looked up
    through ``resolver`` (default: doi.org, with the user's cache).
    """
    for source, text, records, notes in _inputs(paths, format, resolver, pieces=False):
        result = collect(records)
        result.notes.extend(notes)
        yield source, whole(text), result


def _inputs(paths: Iterable[str | os.PathLike[str]], format: str | None,
            resolver: Resolver | None, pieces: bool
            ) -> Iterator[tuple[str, Text, Iterable[Record], list[Problem]]]:
    """What :func:`read_inputs` gives, with the reader's records made as they are gone through
    and the input's notes beside them; ``pieces``: a large file is read a piece at a time
    (see :func:`_file_text`). The DOIs among the inputs are looked up together, from the first
    one on, and each is yielded in its place."""
    inputs = [(path, looks_up(path)) for path in paths]
    lookups = [str(path) for path, doi in inputs if doi]
    fetched = (fetch_all(resolver or Resolver(cache_dir=default_cache_dir()), lookups)
               if lookups else iter(()))
    for path, doi in inputs:
        source = "<stdin>" if str(path) == "-" else str(path)
        if doi:
            read = next(fetched)
            yield source, "", read.records(), read.notes
            continue
        text: Text
        try:
            if str(path) == "-":
                text, note = decode_noting(sys.stdin.buffer.read())
            elif pieces:
                text, note = _file_text(Path(path))
            else:
                text, note = decode_noting(Path(path).read_bytes())
            name = format or formats.sniff(text if isinstance(text, str)
                                           else next(iter(text), ""), source)
            if not isinstance(text, str) and name not in formats.PIECEWISE:
                # Read at once: joining the pieces would hold them and the text together.
                text, note = decode_noting(Path(path).read_bytes())
        except OSError as error:  # one unreadable input does not cost the others
            unreadable = Problem(source, None, f"cannot read: {error.strerror or error}")
            yield source, "", [unreadable], []
            continue
        except InputError as error:
            yield source, "", [Problem(source, None, str(error))], []
            continue
        if isinstance(text, str) and not text.strip():  # each reader had its own words for it
            yield source, "", [Problem(source, None, EMPTY)], []
            continue
        yield (source, text, _read_on(formats.reader(name), text, source),
               [Problem(source, None, note)] if note else [])


def looks_up(path: str | os.PathLike[str]) -> bool:
    """Whether an input is a DOI to look up: it is written as one, and no file has its name."""
    return str(path) != "-" and not os.path.exists(path) and doi_of(str(path)) is not None


#: What an input with nothing but white space in it is (a file saved empty, a pipe that failed).
EMPTY = ("empty input: nothing to read; give a BibTeX, RIS, CSL-JSON or HTML file, or an article "
         "page's text")


def _read_on(reader: Callable[[Text, str], Iterable[Record]], text: Text,
             source: str) -> Iterator[Record]:
    """The reader's records, ended by a problem if the file, read a piece at a time, cannot
    be read any further."""
    try:
        yield from reader(text, source)
    except OSError as error:
        yield Problem(source, None, f"cannot read: {error.strerror or error}")


#: Regular files larger than this are read a piece of this many characters at a time, each
#: time a reader goes through them (BibTeX's goes through twice): a 28 MB library held whole
#: takes 57 MB as text once one letter in it is outside Latin-1.
_PIECE = 1 << 18


def _file_text(path: Path) -> tuple[Text, str | None]:
    """A file's text and note, as :func:`decode_noting` gives them; a large regular file in
    UTF-8 or Windows-1252 as :class:`_FilePieces`, once all its bytes are checked for UTF-8."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) or status.st_size <= _PIECE:
        return decode_noting(path.read_bytes())
    with path.open("rb") as stream:
        if _utf16(stream.read(_HEAD)):
            return decode_noting(path.read_bytes())
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := stream.read(_PIECE):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _FilePieces(path, "cp1252"), LEGACY_NOTE
    return _FilePieces(path, "utf-8-sig"), None


class _FilePieces:
    """A file's text, read a piece at a time each time it is gone through. Each piece ends at
    a line end, so that no line is cut (what readers taking pieces count on)."""

    def __init__(self, path: Path, encoding: str) -> None:
        self._path, self._encoding = path, encoding

    def __iter__(self) -> Iterator[str]:
        # errors="replace" as decode_noting reads Windows-1252; UTF-8 was checked before.
        with self._path.open(encoding=self._encoding, errors="replace", newline="") as stream:
            while piece := stream.read(_PIECE):
                yield piece + stream.readline()


class Stream:
    """The items of inputs, made as they are read, for writing each as it comes: a 100,000-entry
    library is never held whole. Go through it once; ``problems`` and ``notes`` are complete
    when that is done. Arguments as for :func:`load`, which gathers one."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], format: str | None = None,
                 resolver: Resolver | None = None,
                 citekey_pattern: str = DEFAULT_CITEKEY_PATTERN) -> None:
        parse_citekey_pattern(citekey_pattern)  # a wrong pattern fails before any input is read
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        #: How many items have been gone through so far.
        self.count = 0
        #: The items with the lines they start on and the inputs they come from.
        self.records = self._records(paths, format, resolver, citekey_pattern)

    def __iter__(self) -> Iterator[Item]:
        for item, _line, _source in self.records:
            self.count += 1
            yield item

    def _records(self, paths: Iterable[str | os.PathLike[str]], format: str | None,
                 resolver: Resolver | None,
                 citekey_pattern: str) -> Iterator[tuple[Item, int | None, str]]:
        seen: set[str] = set()
        # From the first item without a citekey on, items are held to the end: the key made
        # for it must not be one that a later item has.
        held: list[tuple[Item, int | None, str]] = []
        for source, _text, records, notes in _inputs(paths, format, resolver, pieces=True):
            self.notes.extend(notes)
            for item, line in _kept(records, source, seen, self.problems):
                if held or item.get("id") in (None, ""):
                    held.append((item, line, source))
                else:
                    yield item, line, source
        if held:
            assign_citekeys([item for item, _line, _source in held], citekey_pattern,
                            taken=seen)
            yield from held


def load(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
         resolver: Resolver | None = None,
         citekey_pattern: str = DEFAULT_CITEKEY_PATTERN) -> Read:
    """Read files ("-" is standard input) and DOIs into one list of items, with every problem
    found. Records without a citekey get one made by ``citekey_pattern``."""
    stream = Stream(paths, format, resolver, citekey_pattern)
    combined = Read(problems=stream.problems, notes=stream.notes)
    for item, line, source in stream.records:
        combined.add(item, line, source)
    return combined


def cited_keys(paths: Iterable[str | os.PathLike[str]]) -> list[Cited]:
    """The citekeys the documents cite, in document order, each with where: pandoc Markdown,
    LaTeX or .aux files (see :mod:`citetool.cited`)."""
    read: set[Path] = set()
    return [cite for path in paths for cite in _cited_in(Path(path), read)]


def _cited_in(path: Path, read: set[Path]) -> list[Cited]:
    """The citekeys of one document; an .aux file's with those of the .aux files it takes in
    (LaTeX writes one for each \\include'd file, beside the main one) where it takes them
    in, each read once (``read``), those a run has not written yet left out."""
    from .cited import aux_inputs, scan

    try:
        text = decode(path.read_bytes())
    except OSError as error:
        raise InputError(f"cannot read '{path}': {error.strerror or error}") from None
    except InputError:
        raise InputError(f"{path}: binary data, not a document: give a Markdown, LaTeX or "
                         f".aux file to --cited-in") from None
    read.add(path.resolve())
    found = scan(text, str(path))
    if path.suffix.lower() != ".aux":
        return found
    for line, name in reversed(aux_inputs(text)):
        included = path.parent / name
        if included.is_file() and included.resolve() not in read:
            at = next((n for n, cite in enumerate(found) if cite.line > line), len(found))
            found[at:at] = _cited_in(included, read)
    return found


def select(read: Read, cited_in: Iterable[str | os.PathLike[str]] = (),
           dedupe: bool = False) -> Read:
    """The works of ``read`` that a run asks for: each work once (``dedupe``; each merge a
    note), and only those the documents ``cited_in`` cite, in the order first cited (a
    problem for each citekey no item has); with neither, ``read`` itself."""
    aliases: dict[str, str] = {}
    if dedupe:
        from .dedupe import dedupe as merged

        read, aliases = merged(read)
    documents = list(cited_in)
    if not documents:
        return read
    from .cited import select as cited_items

    cites: list[Cited] = []
    notes = list(read.notes)
    for document in documents:
        found = cited_keys([document])
        if not found:  # a wrong file given, most likely: say so rather than print nothing
            notes.append(Problem(str(document), None, "cites nothing (no pandoc @key, LaTeX "
                                                      "\\cite{key} or .aux \\citation{key})"))
        cites += found
    chosen, missing = cited_items(read.items, cites, aliases)
    where = {id(item): index for index, item in enumerate(read.items)}
    result = Read(problems=[*read.problems, *missing], notes=notes)
    for item in chosen:
        index = where[id(item)]
        result.add(item, read.lines[index], read.sources[index])
    return result


def format_bibliography(items: list[Item], style: str | os.PathLike[str] = "apa",
                        output_format: str = "text", locale: str | None = None,
                        progress: Callable[[list[Any]], Iterable[Any]] | None = None,
                        jobs: int | None = None, unprinted: list[Item] | None = None) -> str:
    """The formatted bibliography: one reference per line (HTML: citeproc-js's markup;
    Markdown: a blank line between references, each its own paragraph).

    ``style`` is one of ours (mdpi, acs, apa), a CSL repository name or a .csl file's path;
    ``locale`` a locale code citeproc-py ships (de-DE) or a CSL locale file's path, by default
    the style's own (its default-locale, else en-US); ``progress`` wraps the entries as they
    are rendered (the CLI's progress bar); ``jobs`` how many processes render a large
    bibliography (default: one per core; the output is the same). Items the style prints
    nothing for (APA's personal communications) have no line; they are added to
    ``unprinted``.
    """
    from .render.engine import render_bibliography
    from .render.styles import resolve

    _check_output_format(output_format)
    entries = [_encodable(entry) for entry in
               render_bibliography(items, resolve(str(style)), output_format, locale,
                                   progress, jobs, unprinted)]
    if output_format == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    if output_format == "markdown":  # one paragraph each: a blank line between references
        return "\n".join(entry + "\n" for entry in entries)
    return "".join(entry + "\n" for entry in entries)


def format_citations(items: list[Item], citations: list[CitationData],
                     style: str | os.PathLike[str] = "apa", output_format: str = "text",
                     locale: str | None = None) -> str:
    """In-text citations (notes in note styles), one line per citation, in document order.

    A citation is a list of cites, each ``{"id": citekey}`` with optional ``locator``,
    ``label`` (a CSL locator term such as "page" or "chapter"), ``prefix`` and ``suffix``:
    ``[[{"id": "smith2020", "locator": "33"}], [{"id": "smith2020"}, {"id": "ng2019"}]]``.
    To give a citation its note number (what near-note and first-reference-note-number
    read; "Doe, supra note 1"), write it as citeproc-js's citation data,
    ``{"citationItems": [cites], "properties": {"noteIndex": 3}}``; without one, each
    citation is its own note, numbered from 1. A cite may also carry ``position`` (0 first,
    1 subsequent, 2 ibid, 3 ibid-with-locator) and ``near-note`` (True or False) to
    override the positions that the citations' order gives, and ``suppress-author`` (True)
    to leave the author out ("(2020, p. 3)"; pandoc's ``-@key``); the one cite of a
    citation may carry ``author-in-text`` (True; pandoc's ``@key [p. 3]``): its author as
    the style's citation names it, then the citation without it ("Smith (2020, p. 3)").
    :func:`citetool.cited.parse_citations` reads pandoc's syntax into such citations.
    An unknown citekey is an InputError. ``locale`` as for format_bibliography.
    """
    from .render.engine import render_citations
    from .render.styles import resolve

    _check_output_format(output_format)
    lines = render_citations(items, citations, resolve(str(style)), output_format, locale)
    return "".join(line + "\n" for line in lines)


def _check_output_format(output_format: str) -> None:
    from .render.output import OUTPUT_FORMATS

    if output_format not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format '{output_format}' "
                         f"(known: {', '.join(OUTPUT_FORMATS)})")


def convert(items: Iterable[Item], to: str, **options: bool) -> str:
    """The items in a data format (a name in formats.WRITERS); ``options`` go to its writer
    (``ascii=True`` for BibTeX)."""
    return "".join(convert_stream(items, to, **options))


def convert_stream(items: Iterable[Item], to: str, **options: bool) -> Iterator[str]:
    """The text of :func:`convert` a piece at a time, the items taken one at a time where the
    format allows it (not CSL YAML): with a :class:`Stream`, a large library is written as it
    is read."""
    write = formats.writer(to)  # an unknown format fails here, not when first written
    return (_encodable(chunk) for chunk in write(items, **options))


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (JSON's "\\ud800" makes them; no encoding can write them)
    as U+FFFD, the character decoders put for what is not text."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = lazy("[\ud800-\udfff]")


def save(text: str | Iterable[str], path: str | os.PathLike[str],
         wanted: Callable[[], bool] = lambda: True) -> bool:
    """Write ``text`` (or its pieces, as they are made) to ``path`` atomically: a reader never
    sees a partial file, and on any failure an existing file is left as it was. ``wanted`` is
    asked once all the text is made (a stream's problems are known only then): False leaves
    ``path`` as it was too. True when ``path`` was written."""
    import tempfile  # with shutil, random, bz2 and lzma: only for -o

    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    except OSError as error:
        raise CitetoolError(f"cannot write '{path}': {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for chunk in [text] if isinstance(text, str) else text:
                stream.write(chunk)
        if not wanted():
            Path(temporary).unlink()
            return False
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        return True
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a directory in the way: one line
            raise CitetoolError(f"cannot write '{path}': {error.strerror or error}; it was "
                                f"left as it was") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
