"""CSL YAML out: the model as pandoc reads a YAML bibliography (``references:`` list)."""
from __future__ import annotations

import yaml

from ..model import Item, written


def write(items: list[Item]) -> str:
    return yaml.safe_dump({"references": [written(item) for item in items]}, allow_unicode=True,
                          sort_keys=False, width=float("inf"))
