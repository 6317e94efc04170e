"""Locales: the codes citeproc-py ships locale files for, and CSL locale files of one's own.

citeproc-py takes only codes, and one it does not know silently becomes en-US; we check the
code first, and put a locale file's terms and dates before the shipped ones (after the style's
own <locale> elements, which CSL 1.0.2 "Locale Fallback" puts first).
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .styles import checked_xml, independent


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    """Every locale code citeproc-py ships (de-DE, en-GB, …), and the languages it maps to a
    primary dialect (de → de-DE)."""
    from citeproc import LOCALES_PATH, PRIMARY_DIALECTS

    shipped = {path.stem.removeprefix("locales-") for path in Path(LOCALES_PATH).glob(
        "locales-*.xml")}
    return tuple(sorted(shipped | {language for language, dialect in PRIMARY_DIALECTS.items()
                                   if dialect in shipped}))


def is_file(locale: str) -> bool:
    return locale.endswith((".xml", ".csl")) or "/" in locale or "\\" in locale


def resolve(locale: str | None) -> tuple[str | None, Path | None]:
    """The code to give citeproc-py and the locale file to add (if ``locale`` is one)."""
    if locale is None:
        return None, None
    if is_file(locale):
        path = Path(locale)
        if not path.is_file():
            raise UsageError(f"locale file '{locale}' does not exist")
        text = checked_xml(path, "locale").decode("utf-8", errors="replace")
        lang = re.search(r"<locale\b[^>]*\bxml:lang=\"([^\"]+)\"", text)
        if not lang:
            raise UsageError(f"locale file '{locale}' is not a CSL locale (no <locale "
                             f"xml:lang=\"…\">)")
        code = lang[1] if lang[1] in names() or lang[1].split("-")[0] in names() else "en-US"
        return code, path
    if locale not in names():
        import difflib  # only when a locale is not found

        close = difflib.get_close_matches(locale, names(), n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise UsageError(f"unknown locale '{locale}'{hint} (give a code such as de-DE, or a "
                         f"CSL locale file)")
    return locale, None


def style(style_path: Path, locale: str | None, lookup: Any) -> Any:
    """citeproc-py's style object for the style in ``locale`` (None: the style's own), its
    elements of the classes of ``lookup`` (lookups.element_lookup)."""
    from .lookups import CSLFile, StyleFile

    code, file = resolve(locale)
    style_path, own = independent(style_path)  # a dependent style: its parent, in its locale
    # Style and locale files may come from anyone: checked_xml refuses a DOCTYPE (entities).
    loaded = StyleFile(io.BytesIO(checked_xml(style_path)), lookup, locale=code or own)
    if own:  # what the style is written in, for items that name no language
        loaded.root.set("default-locale", own)
    if file is not None:
        root = loaded.root
        # The style's own <locale> elements come first (getroottree() is a new object each
        # time: compare roots).
        own = sum(1 for element in root.locales if element.getroottree().getroot() is root)
        element = CSLFile(io.BytesIO(checked_xml(file, "locale")), lookup).root
        element.style = root
        root.locales.insert(own, element)
    return loaded
