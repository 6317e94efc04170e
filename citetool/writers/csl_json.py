"""CSL-JSON out: the model as it is, for citeproc-js, pandoc and Zotero."""
from __future__ import annotations

import json

from ..model import Item


def write(items: list[Item]) -> str:
    """The text of ``json.dumps(items, indent=2)``, made one item at a time: with an indent,
    json builds a list of every token of the whole file first (300 MB for 100,000 entries)."""
    if not items:
        return "[]\n"
    parts = ["["]
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        parts.append("\n  " + text.replace("\n", "\n  ") + ",")
    parts[-1] = parts[-1][:-1]
    parts.append("\n]\n")
    return "".join(parts)
