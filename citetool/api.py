"""The library API that the CLI is a thin layer over; usable from Python directly.

>>> from citetool import api
>>> result = api.load(["examples/socsci-9-1.txt"])
>>> print(api.format_bibliography(result.items, style="mdpi"))  # doctest: +SKIP
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import formats
from .errors import InputError, Problem, UsageError
from .model import Item, assign_citekeys
from .readers import Read

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Real .bib and RIS exports still come in legacy 8-bit encodings; bytes that are not valid
    UTF-8 are far more likely Windows-1252 than anything else.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"broken UTF-16 text at byte {error.start}") from None
    if b"\0" in data[:8192]:
        raise InputError("binary data, not text: give a BibTeX, RIS, CSL-JSON, HTML or "
                         "article-page text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(text: str, source: str = "<text>", format: str | None = None) -> Read:
    """Read one input's text; ``format`` (a name in formats.READERS) overrides sniffing."""
    result = Read()
    _add(result, _read(text, source, format), source, set())
    assign_citekeys(result.items)
    return result


def _read(text: str, source: str, format: str | None) -> Read:
    return formats.reader(format or formats.sniff(text, source))(text, source)


def _add(combined: Read, result: Read, source: str, seen: set[str]) -> None:
    """Add what one input gave; an item whose citekey came earlier is skipped and reported,
    as BibTeX does, so that every citekey names one work."""
    combined.problems.extend(result.problems)
    for item in result.items:
        citekey = item.get("id")
        if citekey in (None, ""):
            combined.items.append(item)
        elif str(citekey) in seen:
            combined.problems.append(Problem(source, None, "duplicate citekey: this entry was "
                                             "skipped, the first one with this key was kept",
                                             str(citekey)))
        else:
            seen.add(str(citekey))
            combined.items.append(item)


def load(paths: Iterable[str | os.PathLike[str]], format: str | None = None) -> Read:
    """Read files ("-" is standard input) into one list of items, with every problem found."""
    combined = Read()
    seen: set[str] = set()
    for path in paths:
        source = "<stdin>" if str(path) == "-" else str(path)
        try:
            data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
            text = decode(data)
        except OSError as error:  # one unreadable input does not cost the others
            combined.problems.append(Problem(source, None,
                                             f"cannot read: {error.strerror or error}"))
            continue
        except InputError as error:
            combined.problems.append(Problem(source, None, str(error)))
            continue
        _add(combined, _read(text, source, format), source, seen)
    assign_citekeys(combined.items)
    return combined


def format_bibliography(items: list[Item], style: str | os.PathLike[str] = "apa",
                        output_format: str = "text", locale: str | None = "en-US") -> str:
    """The formatted bibliography: one reference per line (HTML: citeproc-js's markup).

    ``style`` is one of ours (mdpi, acs, apa), a CSL repository name or a .csl file's path;
    ``locale`` is the locale of terms and dates: en-US by default, as the corpus renderings
    (citeproc-js) use; None uses the style's default-locale (en-US when it has none).
    """
    from .render.engine import render_bibliography
    from .render.styles import resolve

    _check_output_format(output_format)
    entries = render_bibliography(items, resolve(str(style)), output_format, locale)
    if output_format == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    return "".join(entry + "\n" for entry in entries)


def format_citations(items: list[Item], citations: list[list[dict[str, str]]],
                     style: str | os.PathLike[str] = "apa", output_format: str = "text",
                     locale: str | None = "en-US") -> str:
    """In-text citations (notes in note styles), one line per citation, in document order.

    A citation is a list of cites, each ``{"id": citekey}`` with optional ``locator``,
    ``label`` (a CSL locator term such as "page" or "chapter"), ``prefix`` and ``suffix``:
    ``[[{"id": "smith2020", "locator": "33"}], [{"id": "smith2020"}, {"id": "ng2019"}]]``.
    An unknown citekey is an InputError.
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
    return formats.writer(to)(items, **options)


def save(text: str, path: str | os.PathLike[str]) -> None:
    """Write ``text`` to ``path`` atomically: a reader never sees a partial file, and on any
    failure an existing file is left as it was."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
