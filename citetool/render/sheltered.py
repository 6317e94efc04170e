"""Record characters the renderer uses as marks of its own, kept out of its way while it
renders, so that every character of a record comes out as it went in (issue #16).

The engine carries marks in private-use characters while citeproc-py renders: quotes, terms,
field ends and eras are U+E000-U+E017 (engine.py, number_end.py, dates.py), markup pieces stand
in record text as characters of plane 15 (punctuation._typographic_around). A record's own such
characters (icon fonts, publisher glyphs, U+FFFC where an object was pasted) were read as
marks: a title ``Alpha\\ue012Beta`` printed "AlphaBeta", a plane-15 character failed the whole
run.

So before the items and cites are made ready for citeproc-py, each character of the private
use areas (U+E000-U+F8FF, planes 15 and 16) and U+FFFC is replaced by a placeholder of plane
16, which nothing in the renderer reads, and the finished output gets the characters back.
The placeholders are numbered in the order of the characters they stand for, one per
distinct character of the rendering. Like those characters they are neither letters, digits,
spaces nor punctuation, so text case, initials, particles and punctuation treat them alike;
sort keys compare the characters themselves (``restored``), and two records that differ only
in such characters still differ. The long-term design (issue #16) is an output tree without
marks in strings, which makes this module unneeded.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from ..errors import InputError
from ..patterns import lazy

T = TypeVar("T")

#: The characters kept out of the renderer's way: the private use areas and U+FFFC.
RARE = lazy("[\ue000-\uf8ff\ufffc\U000f0000-\U0010ffff]")
#: Where the placeholders start: plane 16, whose own characters are sheltered too.
_FIRST = 0x100000
_PLACEHOLDER = lazy("[\U00100000-\U0010ffff]")


class Shelter:
    """The rare characters of one rendering, each with its placeholder."""

    def __init__(self, *values: object) -> None:
        # One pass over all the text in C: json's ASCII form writes each of the characters as
        # an escape that opens with \ue, \uf or (planes 15 and 16) \udb, so a library
        # without any, the common case, costs this pass alone (0.07 s for 6,314 items).
        # default=str: a value that is no JSON value prints as str() of it (source._prepare).
        escaped = json.dumps(values, default=str, skipkeys=True)
        characters: list[str] = []
        if "\\ue" in escaped or "\\uf" in escaped or "\\udb" in escaped:
            characters = sorted(set(RARE.findall(json.dumps(
                values, ensure_ascii=False, default=str, skipkeys=True))))
        if len(characters) > 0x10000:
            raise InputError(f"the records hold {len(characters):,} different private-use "
                             f"characters: at most 65,536 can be rendered together")
        self._placeholders = {ord(c): chr(_FIRST + n) for n, c in enumerate(characters)}
        self._characters = characters

    def kept(self, value: T) -> T:
        """``value`` (an item, a cite, a name, a text) with its rare characters as
        placeholders; a value without any is returned as it is (subclasses of str included:
        model.UnprintedText)."""
        if not self._characters:
            return value
        return self._kept(value)

    def _kept(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.translate(self._placeholders) if RARE.search(value) else value
        if isinstance(value, dict):
            return {key: self._kept(part) for key, part in value.items()}
        if isinstance(value, list):
            return [self._kept(part) for part in value]
        return value

    def restore(self, text: str) -> str:
        """``text`` with the record's characters back in place of their placeholders."""
        if not self._characters:
            return text
        return _PLACEHOLDER.sub(lambda m: self._characters[ord(m[0]) - _FIRST], text)


_CURRENT: ContextVar[Shelter | None] = ContextVar("shelter", default=None)


@contextmanager
def sheltering(*values: object) -> Iterator[Shelter]:
    """The shelter of the rare characters in ``values`` (items, cites), which ``restored``
    uses within it (in this thread, and in the children render/parallel.py forks)."""
    shelter = Shelter(*values)
    token = _CURRENT.set(shelter)
    try:
        yield shelter
    finally:
        _CURRENT.reset(token)


def restored(text: str) -> str:
    """``text`` with the record's characters back (see ``sheltering``): where citeproc-py
    compares them, in sort keys, they sort as themselves, not as their placeholders."""
    shelter = _CURRENT.get()
    return text if shelter is None else shelter.restore(text)
