"""The library API that the CLI is a thin layer over; usable from Python directly.

>>> from citetool import api
>>> result = api.load(["examples/socsci-9-1.txt"])
>>> print(api.format_bibliography(result.items, style="mdpi"))  # doctest: +SKIP
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import formats
from .errors import DUPLICATE_CITEKEY, CitetoolError, InputError, Problem, UsageError
from .fetch import Resolver, default_cache_dir, doi_of
from .model import DEFAULT_CITEKEY_PATTERN, Item, assign_citekeys, parse_citekey_pattern
from .readers import Read

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
    head = data[:8192]
    utf16 = "utf-16" if data.startswith(_UTF16_BOMS) else _utf16_without_bom(head)
    if utf16:
        try:
            return data.decode(utf16), None
        except UnicodeDecodeError as error:
            raise InputError(f"broken UTF-16 text at byte {error.start}") from None
    if b"\0" in head or sum(head.count(byte) for byte in _CONTROLS) > max(8, len(head) // 100):
        raise InputError("binary data, not text: give a BibTeX, RIS, CSL-JSON, HTML or "
                         "article-page text file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), LEGACY_NOTE


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
    _add(result, _read(text, source, format), source, set())
    assign_citekeys(result.items, citekey_pattern)
    return result


def _read(text: str, source: str, format: str | None) -> Read:
    return formats.reader(format or formats.sniff(text, source))(text, source)


def _add(combined: Read, result: Read, source: str, seen: set[str]) -> None:
    """Add what one input gave; an item whose citekey came earlier is skipped and reported,
    as BibTeX does, so that every citekey names one work."""
    combined.problems.extend(result.problems)
    combined.notes.extend(result.notes)
    for item, line in zip(result.items, result.lines, strict=True):
        citekey = item.get("id")
        if citekey in (None, ""):
            combined.add(item, line)
        elif str(citekey) in seen:
            combined.problems.append(Problem(source, line, DUPLICATE_CITEKEY, str(citekey)))
        else:
            seen.add(str(citekey))
            combined.add(item, line)


def read_inputs(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
                resolver: Resolver | None = None) -> Iterator[tuple[str, str, Read]]:
    """Each input's name ("<stdin>" for "-"), text ("" if unreadable or a DOI) and what its
    reader got; an input that cannot be read is one problem, and the others are still read.

    An input that is no file but a DOI (10.1234/abc, doi:…, https://doi.org/…) is looked up
    through ``resolver`` (default: doi.org, with the user's cache).
    """
    for path in paths:
        source = "<stdin>" if str(path) == "-" else str(path)
        if str(path) != "-" and not os.path.exists(path) and doi_of(str(path)):
            resolver = resolver or Resolver(cache_dir=default_cache_dir())
            yield source, "", resolver.fetch(str(path))
            continue
        try:
            data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
            text, note = decode_noting(data)
            del data  # the text is all that is needed now: half the memory on big inputs
        except OSError as error:  # one unreadable input does not cost the others
            yield source, "", Read(problems=[Problem(source, None,
                                                     f"cannot read: {error.strerror or error}")])
            continue
        except InputError as error:
            yield source, "", Read(problems=[Problem(source, None, str(error))])
            continue
        result = _read(text, source, format)
        if note:
            result.notes.append(Problem(source, None, note))
        yield source, text, result


def load(paths: Iterable[str | os.PathLike[str]], format: str | None = None,
         resolver: Resolver | None = None,
         citekey_pattern: str = DEFAULT_CITEKEY_PATTERN) -> Read:
    """Read files ("-" is standard input) and DOIs into one list of items, with every problem
    found. Records without a citekey get one made by ``citekey_pattern``."""
    parse_citekey_pattern(citekey_pattern)  # a wrong pattern fails before any input is read
    combined = Read()
    seen: set[str] = set()
    for source, _text, result in read_inputs(paths, format, resolver):
        _add(combined, result, source, seen)
    assign_citekeys(combined.items, citekey_pattern)
    return combined


def format_bibliography(items: list[Item], style: str | os.PathLike[str] = "apa",
                        output_format: str = "text", locale: str | None = None,
                        progress: Callable[[list[Any]], Iterable[Any]] | None = None) -> str:
    """The formatted bibliography: one reference per line (HTML: citeproc-js's markup;
    Markdown: a blank line between references, each its own paragraph).

    ``style`` is one of ours (mdpi, acs, apa), a CSL repository name or a .csl file's path;
    ``locale`` a locale code citeproc-py ships (de-DE) or a CSL locale file's path, by default
    the style's own (its default-locale, else en-US); ``progress`` wraps the entries as they
    are rendered (the CLI's progress bar).
    """
    from .render.engine import render_bibliography
    from .render.styles import resolve

    _check_output_format(output_format)
    entries = [_encodable(entry) for entry in
               render_bibliography(items, resolve(str(style)), output_format, locale,
                                   progress)]
    if output_format == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    if output_format == "markdown":  # one paragraph each: a blank line between references
        return "\n".join(entry + "\n" for entry in entries)
    return "".join(entry + "\n" for entry in entries)


def format_citations(items: list[Item], citations: list[list[dict[str, str]]],
                     style: str | os.PathLike[str] = "apa", output_format: str = "text",
                     locale: str | None = None) -> str:
    """In-text citations (notes in note styles), one line per citation, in document order.

    A citation is a list of cites, each ``{"id": citekey}`` with optional ``locator``,
    ``label`` (a CSL locator term such as "page" or "chapter"), ``prefix`` and ``suffix``:
    ``[[{"id": "smith2020", "locator": "33"}], [{"id": "smith2020"}, {"id": "ng2019"}]]``.
    An unknown citekey is an InputError. ``locale`` as for format_bibliography.
    """
    from .render.engine import render_citations
    from .render.styles import resolve

    _check_output_format(output_format)
    lines = render_citations(items, citations, resolve(str(style)), output_format, locale)
    return "".join(line + "\n" for line in lines)


def _check_output_format(output_format: str) -> None:
    from .render.engine import OUTPUT_FORMATS

    if output_format not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format '{output_format}' "
                         f"(known: {', '.join(OUTPUT_FORMATS)})")


def convert(items: list[Item], to: str, **options: bool) -> str:
    """The items in a data format (a name in formats.WRITERS); ``options`` go to its writer
    (``ascii=True`` for BibTeX)."""
    return _encodable(formats.writer(to)(items, **options))


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (JSON's "\\ud800" makes them; no encoding can write them)
    as U+FFFD, the character decoders put for what is not text."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def save(text: str, path: str | os.PathLike[str]) -> None:
    """Write ``text`` to ``path`` atomically: a reader never sees a partial file, and on any
    failure an existing file is left as it was."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    except OSError as error:
        raise CitetoolError(f"cannot write '{path}': {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
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
