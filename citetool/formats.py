"""The one registry of formats: name → reader or writer module, and content sniffing.

Adding a format is one module in readers/ or writers/ and one line here. Modules are imported
when used, so that start-up stays fast.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from pathlib import PurePath

from .errors import UsageError
from .model import Item
from .patterns import lazy
from .readers import Record, Text, whole

READERS = {
    "csl-json": "citetool.readers.csl_json",
    "html": "citetool.readers.page_html",
    "page": "citetool.readers.page_text",
    "bibtex": "citetool.readers.bibtex",
    "ris": "citetool.readers.ris",
    "csl-yaml": "citetool.readers.csl_yaml",
}

#: Readers that take a large file's text in pieces and never join them; the others get it
#: whole (see api._file_text).
PIECEWISE = {"bibtex"}

WRITERS = {
    "bibtex": "citetool.writers.bibtex",
    "ris": "citetool.writers.ris",
    "csl-json": "citetool.writers.csl_json",
    "csl-yaml": "citetool.writers.csl_yaml",
}

# Content sniffing, most specific first; an article page's text is what is left.
_SNIFFERS = (
    ("csl-json", lazy(r"\A\s*[\[{]")),
    ("ris", lazy(r"^TY  - ", re.M)),
    ("bibtex", lazy(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.M)),
    ("html", lazy(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta)\b",
                  re.I | re.S)),
    # A YAML list whose first item opens with a CSL variable, or pandoc's references: list (a
    # Markdown document's front matter has one).
    ("csl-yaml", lazy(r"\A(?:---[ \t]*\r?\n)?(?:[ \t]*(?:#.*)?\r?\n)*-[ \t]+(?:id|type|"
                      r"title|author|issued)[ \t]*:|^references:[ \t]*(?:#.*)?\r?$", re.M)),
)


#: What a file's name says it is, believed when its content looks like none of our formats
#: (so that a broken .bib is reported as broken BibTeX, not as an unknown article page).
_EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json",
               ".html": "html", ".htm": "html", ".yaml": "csl-yaml", ".yml": "csl-yaml"}


def sniff(text: str, source: str = "") -> str:
    """The input format ``text`` (read from ``source``) looks like."""
    head = text[:65536].lstrip("\ufeff")
    for name, pattern in _SNIFFERS:
        if pattern.search(head):
            return name
    return _EXTENSIONS.get(PurePath(source).suffix.lower(), "page")


def reader(name: str) -> Callable[[Text, str], Iterable[Record]]:
    """The reader's records: one at a time where it gives them so (``records``), else those
    of its whole read."""
    module = importlib.import_module(_module(READERS, name, "input"))
    if hasattr(module, "records"):
        return module.records
    return lambda text, source: module.read(whole(text), source).records()


def writer(name: str) -> Callable[..., Iterable[str]]:
    """The writer's text a piece at a time, taking the items one at a time, where it can
    (``chunks``); else its whole text, made from all the items."""
    module = importlib.import_module(_module(WRITERS, name, "output"))
    if hasattr(module, "chunks"):
        return module.chunks

    def whole_text(items: Iterable[Item], **options: bool) -> Iterable[str]:
        return [module.write(list(items), **options)]

    return whole_text


def _module(table: dict[str, str], name: str, kind: str) -> str:
    try:
        return table[name]
    except KeyError:
        raise UsageError(f"unknown {kind} format '{name}' (known: {', '.join(table)})") from None
