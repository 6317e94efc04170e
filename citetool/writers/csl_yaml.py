"""CSL YAML out: the model as pandoc reads a YAML bibliography (``references:`` list)."""
from __future__ import annotations

import yaml

from ..model import Item, written


def write(items: list[Item]) -> str:
    return yaml.dump({"references": [written(item) for item in items]}, Dumper=_Dumper,
                     allow_unicode=True, sort_keys=False, width=float("inf"))


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, but text holding a NEL (U+0085) is double-quoted, where it is
    written "\\N": in the other styles it is written as a line break, which reads back as a
    space (tests/test_csl_yaml.py, the round trip)."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if "\x85" in data:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)
