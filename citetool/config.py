"""Defaults for the options users set once: from ``citetool.toml`` in the working directory (or
``[tool.citetool]`` in its pyproject.toml), overridden by CITETOOL_* environment variables; the
command line's options override both.

Every setting keeps where its value came from, for ``citetool config`` and for the message of a
wrong value, which breaks only the commands that use it (a wrong timeout, only DOI lookups).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .fetch import DEFAULT_RESOLVER, check_resolver, default_cache_dir
from .model import DEFAULT_CITEKEY_PATTERN, parse_citekey_pattern

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE = "citetool.toml"
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


@dataclass(frozen=True)
class Setting:
    """One setting: its default and what it is for (shown by ``citetool config``)."""

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


@dataclass(frozen=True)
class Value:
    value: str
    origin: str
    #: Why the value cannot be used, where it was set ("environment CITETOOL_TIMEOUT: …");
    #: None when it can.
    problem: str | None = None


def load(directory: str | os.PathLike[str] = ".",
         environ: Mapping[str, str] | None = None) -> dict[str, Value]:
    """Every setting's value and origin: default < file < environment. A broken file is a
    UsageError; a wrong value is only its Value's problem."""
    environ = os.environ if environ is None else environ
    values = {name: Value(setting.default, "default") for name, setting in SETTINGS.items()}
    table, origin = _file(Path(directory))
    for key, value in table.items():
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


def _file(directory: Path) -> tuple[dict[str, object], str]:
    """The settings table of citetool.toml, else of pyproject.toml's [tool.citetool]."""
    for name, path in ((FILE, ()), ("pyproject.toml", ("tool", "citetool"))):
        file = directory / name
        if not file.is_file():
            continue
        try:
            table: object = tomllib.loads(file.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise UsageError(f"{name}: not valid TOML ({error}): fix it or remove it") from None
        except OSError as error:
            raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
        for key in path:
            table = table.get(key, {}) if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            raise UsageError(f"{name}: [{'.'.join(path)}] must be a table")
        if name == FILE or table:
            return table, name if name == FILE else f"{name} [tool.citetool]"
    return {}, ""
