"""Readers: one module per input format, each ``read(text, source) -> Read``; a reader that can
also give its records one at a time (BibTeX) has ``records(text, source) -> Iterator[Record]``,
so that a large file's items can be written as they are read.

A reader never prints and never exits: records it cannot read become :class:`Problem` entries
with their line, and the rest are still returned.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Item

#: What ``records`` yields, in input order: an item with the line it starts on, or a problem.
Record = tuple[Item, int | None] | Problem
#: An input's text as ``records`` takes it: whole, or (a large file) pieces that each end at a
#: line end, which can be gone through more than once.
Text = str | Iterable[str]


@dataclass
class Read:
    """What a reader got out of one input."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The line each item starts on in its input (None where unknown), parallel to ``items``:
    #: what ``citetool check`` points its findings at.
    lines: list[int | None] = field(default_factory=list)
    #: Worth telling, but nothing was lost (an input's encoding guessed): no exit code change.
    notes: list[Problem] = field(default_factory=list)
    #: The input each item came from (None where unknown), parallel to ``items``: what
    #: ``--dedupe`` says a merged record's place with.
    sources: list[str | None] = field(default_factory=list)

    def add(self, item: Item, line: int | None, source: str | None = None) -> None:
        self.items.append(item)
        self.lines.append(line)
        self.sources.append(source)

    def records(self) -> Iterator[Record]:
        """The problems, then the items with their lines: a whole read as ``records`` gives it."""
        yield from self.problems
        yield from zip(self.items, self.lines, strict=True)


def collect(records: Iterable[Record]) -> Read:
    """A reader's records gathered into one :class:`Read`."""
    result = Read()
    for record in records:
        if isinstance(record, Problem):
            result.problems.append(record)
        else:
            result.add(*record)
    return result


def whole(text: Text) -> str:
    """The text of an input given whole or in pieces (for readers that need all of it)."""
    return text if isinstance(text, str) else "".join(text)


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
