"""Regular expressions compiled on their first use, not when their module is imported.

A run needs few of citetool's 180 expressions (a BibTeX file in APA, about a third), yet
compiling all of them at import took a tenth of a one-record run's time. A lazy pattern is
compiled by ``re`` the first time one of its attributes is asked for; then the compiled
pattern's methods are kept on it, where Python finds them as fast as on the pattern itself.
"""
from __future__ import annotations

import re
from typing import Any, cast

#: What callers ask a compiled pattern for, but its pattern and flags (re.Pattern's methods and
#: attributes).
_COMPILED = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
             "groups", "groupindex")


class _Lazy:
    """``re.compile(pattern, flags)``, compiled when first used (its ``pattern`` and ``flags``
    are known before)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:  # only until compiled: then they are attributes
        compiled = re.compile(self.pattern, self.flags)
        for attribute in _COMPILED:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that behaves as ``re.compile(pattern, flags)`` and is compiled on first use."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
