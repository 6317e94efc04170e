"""CSL-JSON out: the model as it is, for citeproc-js, pandoc and Zotero."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..model import Item, written


def write(items: list[Item]) -> str:
    return "".join(chunks(items))


def chunks(items: Iterable[Item]) -> Iterator[str]:
    """The text of ``json.dumps(items, indent=2)``, one item at a time: with an indent, json
    builds a list of every token of the whole file first (300 MB for 100,000 entries)."""
    before = "[\n  "
    for item in items:
        text = json.dumps(written(item), ensure_ascii=False, indent=2)
        yield before + text.replace("\n", "\n  ")
        before = ",\n  "
    yield "[]\n" if before == "[\n  " else "\n]\n"
