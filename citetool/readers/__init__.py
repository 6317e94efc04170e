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
    #: Worth telling, but nothing was lost (an input's encoding guessed): no exit code change.
    notes: list[Problem] = field(default_factory=list)


class Lines:
    """Line numbers of positions in one text, asked for mostly in increasing order: each call
    counts only the line ends since the last one (counting from the start for every record
    made reading 100,000 records take minutes)."""

    def __init__(self, text: str) -> None:
        self._text, self._position, self._line = text, 0, 1

    def at(self, position: int) -> int:
        if position < self._position:
            self._position, self._line = 0, 1
        self._line += self._text.count("\n", self._position, position)
        self._position = position
        return self._line
