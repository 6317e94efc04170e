"""The renderer's goldens (issue #16): what today's engine prints for the corpus in
../shared, kept as one sha256 and line count per output in golden/render-digests.json, so
that a rewrite of the engine can show it changes no byte. The outputs themselves are not
kept: the corpus belongs to its authors.

Used by benchmarks/goldens.py (record, check the whole set) and tests/test_render_goldens.py
(a fast subset). Each output is one call of citetool.api, as the CLI makes it, in en-US
whatever a style's default-locale says, as the corpus was rendered (CITETOOL_LOCALE=en-US, see
benchmarks/fidelity.py).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from citetool import api
from citetool.errors import CitetoolError
from citetool.model import Item

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DIGESTS = Path(__file__).resolve().parent / "golden" / "render-digests.json"
LOCALE = "en-US"
#: The corpus's styles (its expected/ folders), as compare.py names them.
STYLES = ("american-chemical-society", "american-medical-association", "apa",
          "chicago-author-date", "elsevier-vancouver", "harvard-cite-them-right", "ieee",
          "modern-language-association", "multidisciplinary-digital-publishing-institute",
          "nature")
#: Cites of the first items in threes, beside each item cited alone (see _citations).
GROUPS = 4


@dataclass(frozen=True)
class Case:
    """One output: its name in the digests file and how to render it."""

    name: str
    render: Callable[[], str]


def dev_files() -> list[str]:
    """The dev corpus's files (split.json "dev"), by name."""
    return json.loads((CORPUS / "split.json").read_text("utf-8"))["dev"]


@cache
def _items(path: Path) -> tuple[Item, ...]:
    """A CSL-JSON file's items, read as `citetool format --from csl-json` reads them
    (rendering changes none of them)."""
    return tuple(api.load([path], format="csl-json").items)


def cases(files: list[str] | None = None, cdl: bool = True) -> Iterator[Case]:
    """Every output: each dev file (or ``files``) in each style as a text and an HTML
    bibliography and as citations; perf/cdl.json in each style as text (``cdl``)."""
    for file in dev_files() if files is None else files:
        path = CORPUS / "csl" / f"{file}.json"
        for style in STYLES:
            for markup, suffix in (("text", "txt"), ("html", "html")):
                yield Case(f"bibliography/{file}/{style}.{suffix}",
                           _bibliography(path, style, markup))
            yield Case(f"cite/{file}/{style}.txt", _cited(path, style))
    if cdl:
        for style in STYLES:
            yield Case(f"perf/cdl/{style}.txt",
                       _bibliography(CORPUS / "perf" / "cdl.json", style, "text"))


def _bibliography(path: Path, style: str, markup: str) -> Callable[[], str]:
    return lambda: api.format_bibliography(list(_items(path)), style, markup, LOCALE)


def _cited(path: Path, style: str) -> Callable[[], str]:
    def render() -> str:
        items = list(_items(path))
        return api.format_citations(items, _citations(items), style, "text", LOCALE)
    return render


def _citations(items: list[Item]) -> list[list[dict[str, object]]]:
    """One document's citations: every item alone in order, the first items in threes
    (cites grouped, sorted and collapsed), every item at once, the first item again (a
    subsequent cite)."""
    ids = [{"id": item["id"]} for item in items]
    threes = [ids[start:start + 3] for start in range(0, min(len(ids), 3 * GROUPS), 3)]
    return [[cite] for cite in ids] + threes + [ids] + [ids[:1]]


def render(case: Case) -> str:
    """The case's output; a refusal is its output too (one line naming the error), so that
    a renderer that starts or stops failing on an input changes the digest."""
    try:
        return case.render()
    except CitetoolError as error:
        return f"error: {type(error).__name__}: {error}\n"


def digest(text: str) -> list[object]:
    """The sha256 of the output's UTF-8 bytes and its line count."""
    return [hashlib.sha256(text.encode("utf-8")).hexdigest(), text.count("\n")]


def recorded() -> dict[str, list[object]]:
    """The digests recorded by `benchmarks/goldens.py record`, by case name."""
    return json.loads(DIGESTS.read_text("utf-8"))["outputs"]
