"""CSL-JSON out: the model as it is, for citeproc-js, pandoc and Zotero."""
from __future__ import annotations

import json

from ..model import Item


def write(items: list[Item]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
