"""Defaults for the options users set once. Each setting comes from the first of: the command
line's option, a CITETOOL_* environment variable, the project's file, the user's file, the
default.

The project's file is the nearest ``citetool.toml`` (or pyproject.toml with a
``[tool.citetool]`` table) in the working directory or a folder above it, up to the filesystem
root, as ruff and pytest find theirs; the user's file is ``$XDG_CONFIG_HOME/citetool/config.toml``
(``~/.config/citetool/config.toml`` without XDG_CONFIG_HOME).

Every setting keeps where its value came from, for ``citetool config`` and for the message of a
wrong value, which breaks only the commands that use it (a wrong timeout, only DOI lookups).
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from .errors import UsageError
from .fetch import DEFAULT_RESOLVER, check_resolver, default_cache_dir
from .model import DEFAULT_CITEKEY_PATTERN, parse_citekey_pattern
from .patterns import lazy

FILE = "citetool.toml"
#: What a pyproject.toml holding [tool.citetool] has: a tool.citetool key (a table's header or
#: a dotted key, quoted or not), a [tool] table or an inline ``tool = {…}``. Others are not
#: parsed: most name citetool only as a dependency or a script, and parsing costs a run 10 ms.
_TOOL_TABLE = lazy(r"""\btool["']?\s*\.\s*["']?citetool\b|^\s*\[\s*["']?tool["']?\s*\]"""
                   r"""|\btool["']?\s*=\s*\{""", re.MULTILINE)
#: The markups of formatted references (format's --output-format).
OUTPUT_FORMATS = ("text", "html", "markdown")


def _output_format(value: str) -> None:
    if value not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format '{value}' (known: {', '.join(OUTPUT_FORMATS)})")


def _timeout(value: str) -> None:
    try:
        if float(value) > 0:
            return
    except ValueError:
        pass
    raise UsageError(f"timeout must be a number of seconds above 0, not '{value}'")


class Setting(NamedTuple):
    """One setting: its default and what it is for (shown by ``citetool config``). Immutable
    records made on every run are NamedTuples: a frozen dataclass compiles six methods when
    it is made (4 M instructions; 0.9 M for a NamedTuple)."""

    name: str
    default: str
    help: str
    #: Raises UsageError for a value that cannot be used.
    check: Callable[[str], object] = lambda value: None

    @property
    def env(self) -> str:
        return "CITETOOL_" + self.name.upper().replace("-", "_")


SETTINGS = {setting.name: setting for setting in (
    Setting("style", "apa", "CSL style of formatted references (a name or a .csl file)"),
    Setting("locale", "", "locale of dates and terms, e.g. de-DE or a locale file "
                          "(empty: the style's own)"),
    Setting("output-format", "text", "markup of formatted references", _output_format),
    Setting("citekey-pattern", DEFAULT_CITEKEY_PATTERN,
            "how citekeys are made for records without one", parse_citekey_pattern),
    Setting("doi-resolver", DEFAULT_RESOLVER, "where DOIs are looked up", check_resolver),
    Setting("cache-dir", str(default_cache_dir()), "where looked-up DOIs are kept"),
    Setting("timeout", "20", "seconds to wait for the DOI resolver", _timeout),
)}


class Value(NamedTuple):
    """A setting's value and where it comes from."""

    value: str
    origin: str
    #: Why the value cannot be used, where it was set ("environment CITETOOL_TIMEOUT: …");
    #: None when it can.
    problem: str | None = None


def load(directory: str | os.PathLike[str] = ".",
         environ: Mapping[str, str] | None = None) -> dict[str, Value]:
    """Every setting's value and origin: default < user file < project file < environment. A
    broken file is a UsageError; a wrong value is only its Value's problem."""
    environ = os.environ if environ is None else environ
    values = {name: Value(setting.default, "default") for name, setting in SETTINGS.items()}
    for key, value, origin in _file_settings(Path(directory), environ):
        name = key.replace("_", "-")
        if name not in SETTINGS:
            raise UsageError(f"{origin}: unknown setting '{key}' (known: "
                             f"{', '.join(SETTINGS)})")
        if name == "timeout" and isinstance(value, (int, float)) and \
                not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise UsageError(f"{origin}: '{key}' must be a string, not "
                             f"{type(value).__name__}")
        values[name] = Value(value, origin)
    for name, setting in SETTINGS.items():
        if setting.env in environ:
            values[name] = Value(environ[setting.env], f"environment {setting.env}")
    return {name: _checked(SETTINGS[name], value) for name, value in values.items()}


def _checked(setting: Setting, value: Value) -> Value:
    try:
        setting.check(value.value)
    except UsageError as error:
        return Value(value.value, value.origin, f"{value.origin}: {error}")
    return value


def _file_settings(directory: Path,
                   environ: Mapping[str, str]) -> Iterator[tuple[str, object, str]]:
    """Each setting of the user's file, then of the project's (which wins): key, value and the
    file it is in."""
    for table, origin in (_user_file(environ), _project_file(directory)):
        for key, value in table.items():
            yield key, value, origin


def _user_file(environ: Mapping[str, str]) -> tuple[dict[str, object], str]:
    """The user's settings: $XDG_CONFIG_HOME/citetool/config.toml, else ~/.config's (the XDG
    Base Directory rule: a relative XDG_CONFIG_HOME is ignored)."""
    base = environ.get("XDG_CONFIG_HOME", "")
    folder = Path(base) if os.path.isabs(base) else Path.home() / ".config"
    file = folder / "citetool" / "config.toml"
    return (_table(file, str(file), ()), str(file)) if file.is_file() else ({}, "")


def _project_file(directory: Path) -> tuple[dict[str, object], str]:
    """The settings table of the nearest citetool.toml, else pyproject.toml's [tool.citetool],
    in ``directory`` or above it (shown by its name in ``directory``, else by its path)."""
    start = directory.resolve()
    for folder in (start, *start.parents):
        for name, path in ((FILE, ()), ("pyproject.toml", ("tool", "citetool"))):
            file = folder / name
            if not file.is_file():
                continue
            shown = name if folder == start else str(file)
            table = _table(file, shown, path)
            if name == FILE or table:
                return table, shown if name == FILE else f"{shown} [tool.citetool]"
    return {}, ""


def _table(file: Path, shown: str, path: tuple[str, ...]) -> dict[str, object]:
    """The table at ``path`` in TOML ``file`` ({} where there is none)."""
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{shown}: not valid TOML ({error}): fix it or remove it") from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None
    if path and not _TOOL_TABLE.search(text):  # another tool's pyproject.toml: not parsed
        return {}
    if sys.version_info >= (3, 11):  # imported here: a run with no settings file needs none
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        table: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{shown}: not valid TOML ({error}): fix it or remove it") from None
    for key in path:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise UsageError(f"{shown}: [{'.'.join(path)}] must be a table")
    return table

