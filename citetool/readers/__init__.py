"""Readers: one module per input format, each ``read(text, source) -> Read``.

A reader never prints and never exits: records it cannot read become :class:`Problem` entries
with their line, and the rest are still returned.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Item


@dataclass
class Read:
    """What a reader got out of one input."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The line each item starts on in its input (None where unknown), parallel to ``items``:
    #: what ``citetool check`` points its findings at.
    lines: list[int | None] = field(default_factory=list)

    def add(self, item: Item, line: int | None) -> None:
        self.items.append(item)
        self.lines.append(line)
