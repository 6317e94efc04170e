"""One exception hierarchy, and the record-level problems readers collect instead of raising.

Readers never raise for one bad record: they return a :class:`Problem` and go on, so one bad entry
never loses the others. Exceptions are for whole-run failures; the CLI maps each to an exit code.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Exit codes, documented in README and ``citetool --help``.
EXIT_OK = 0
EXIT_BAD_RECORDS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: What a reader says of an entry whose citekey an earlier entry has (``citetool check`` knows
#: such problems by this text).
DUPLICATE_CITEKEY = ("duplicate citekey: this entry was skipped, the first one with this key "
                     "was kept")


@dataclass(frozen=True)
class Problem:
    """A record that could not be read (or was read only in part), with where it is."""

    source: str
    line: int | None
    message: str
    citekey: str | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        entry = f"entry '{self.citekey}': " if self.citekey else ""
        # One line whatever the input holds: line breaks in keys or field names are shown.
        return f"{where}: {entry}{self.message}".replace("\r", "\\r").replace("\n", "\\n")


class CitetoolError(Exception):
    """Base of every error citetool raises on purpose; its text is one line for the user."""

    exit_code = EXIT_BAD_RECORDS


class InputError(CitetoolError):
    """An input cannot be read at all (missing, undecodable, not any format we know)."""


class UsageError(CitetoolError):
    """The call itself is wrong: an unknown format, conflicting options."""

    exit_code = EXIT_USAGE


class StyleError(UsageError):
    """A style name that is not known, or a .csl file that cannot be used."""


class StyleProblems(StyleError):
    """A user's .csl file that cannot be used, with every problem found in it (each with its
    line, as a compiler reports them): one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class RenderError(CitetoolError):
    """The CSL engine failed on the items (a bug of ours or of the style)."""
