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
    #: Worth telling, but nothing was lost (an input's encoding guessed): no exit code change.
    notes: list[Problem] = field(default_factory=list)
