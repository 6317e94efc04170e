"""Records by DOI, through DOI content negotiation: the resolver (doi.org) hands the request to
the DOI's registration agency (Crossref, DataCite, mEDRA), which answers in CSL-JSON.

Answers are kept in an on-disk cache, so a DOI is looked up once and works offline after that.
What comes back goes through the CSL-JSON reader's cleaning like any CSL-JSON file.
"""
from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import CitetoolError, Problem, UsageError
from .model import NAME_VARIABLES, VARIABLES, Item, doi_of
from .patterns import lazy
from .readers import Read

DEFAULT_RESOLVER = "https://doi.org/"
CSL_JSON = "application/vnd.citationstyles.csl+json"
_NAME_PARTS = frozenset("family given dropping-particle non-dropping-particle suffix comma-suffix "
                        "static-ordering literal parse-names".split())
_JATS = lazy(r"</?jats:[^>]*>")


def default_cache_dir() -> Path:
    """The user's cache folder for citetool, where each platform keeps caches."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "citetool" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "citetool"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "citetool"


def check_resolver(url: str) -> None:
    """UsageError unless ``url`` can be asked: urllib takes only http(s) URLs with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UsageError(f"DOI resolver '{url}' is not an http or https URL (such as "
                         f"{DEFAULT_RESOLVER})")


@dataclass(frozen=True)
class Resolver:
    """Where and how DOIs are looked up. ``cache_dir`` None means no cache; ``refresh`` asks
    the resolver again even for DOIs in the cache (and updates it)."""

    url: str = DEFAULT_RESOLVER
    cache_dir: Path | None = None
    timeout: float = 20.0
    refresh: bool = False

    def __post_init__(self) -> None:
        check_resolver(self.url)

    def fetch(self, doi: str) -> Read:
        """The record of one DOI, or a problem saying why there is none. A cache folder that
        cannot be used costs only the cache: a note says so, and the resolver is asked."""
        doi = doi_of(doi) or doi
        source = f"doi:{doi}"
        cached = self._cache_path(doi)
        notes = []
        text = None
        if cached and not self.refresh:
            try:
                text = cached.read_text("utf-8")
            except FileNotFoundError:
                pass  # not looked up before
            except OSError as error:
                notes.append(self._unusable(error))
                cached = None
        if text is None:
            try:
                text = self._ask(doi)
            except _Failure as failure:
                return Read(problems=[Problem(source, None, str(failure))], notes=notes)
            if cached:
                from .api import save

                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    save(text, cached)
                except (OSError, CitetoolError) as error:
                    notes.append(self._unusable(error))
        read = _record(text, source, doi)
        read.notes.extend(notes)
        return read

    def _unusable(self, error: Exception) -> Problem:
        """The note that the cache folder cannot be used (the same for every DOI: told once)."""
        reason = getattr(error, "strerror", None) or str(error)
        return Problem(str(self.cache_dir), None, f"cannot be used as the DOI cache ({reason}): "
                       f"going on without it; give --cache-dir or CITETOOL_CACHE_DIR a folder "
                       f"that can be written")

    def _cache_path(self, doi: str) -> Path | None:
        if self.cache_dir is None:
            return None
        import hashlib  # OpenSSL's: only when a DOI is looked up

        # DOIs are case-insensitive (ISO 26324) and may hold any character: hash the folded form.
        name = hashlib.sha256(doi.lower().encode("utf-8")).hexdigest()
        return Path(self.cache_dir) / "doi" / f"{name}.json"

    def _ask(self, doi: str) -> str:
        import urllib.error
        import urllib.request  # loads http.client and ssl: only when a DOI is looked up

        url = self.url.rstrip("/") + "/" + urllib.parse.quote(doi, safe="/:;()[]<>")
        request = urllib.request.Request(url, headers={
            "Accept": CSL_JSON, "User-Agent": f"citetool/{__version__} (DOI lookup)"})
        host = urllib.parse.urlsplit(self.url).netloc or self.url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise _Failure(f"DOI not found at {host} (check it for typos)") from None
            raise _Failure(f"{host} answered HTTP {error.code} {error.reason} "
                           f"(try again later)") from None
        except TimeoutError:
            raise _Failure(f"no answer from {host} within {self.timeout:g} s (try again, or "
                           f"with a longer --timeout)") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise _Failure(f"no answer from {host} within {self.timeout:g} s (try again, "
                               f"or with a longer --timeout)") from None
            raise _Failure(f"cannot reach {host} ({reason}): are we offline? DOIs looked up "
                           f"before are read from the cache") from None
        if "json" not in kind:
            raise _Failure(f"{host} did not answer in CSL-JSON (it sent {kind}): is "
                           f"{self.url} a DOI resolver?")
        return data.decode("utf-8", errors="replace")


def fetch_all(resolver: Resolver, dois: Iterable[str], workers: int = 8) -> Iterator[Read]:
    """Each DOI's record (as :meth:`Resolver.fetch` gives it), in the order given, ``workers``
    looked up at once: a lookup mostly waits on the network, so three unreachable DOIs take
    about one timeout, not three."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(resolver.fetch, dois)


def dois_in(text: str, source: str = "<stdin>") -> tuple[list[str], list[Problem]]:
    """The DOIs of a list (one a line or separated by spaces; blank lines and # comments
    left out), and a problem for each word that is no DOI, with its line."""
    dois: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for word in re.sub(r"(?:^|\s)#.*", "", line).split():
            if doi_of(word):
                dois.append(word)
            else:
                problems.append(Problem(source, number, f"'{word}' is not a DOI (a DOI looks "
                                                        f"like 10.1234/abc); it was skipped"))
    return dois, problems


class _Failure(Exception):
    """Why a lookup gave nothing, in the words of the problem reported."""


def _record(text: str, source: str, doi: str) -> Read:
    """The item in a resolver's answer, made CSL-JSON: lists of strings where CSL has one string
    (Crossref's ISSN, ISBN, container-title) joined, keys and name parts CSL has no variable for
    (reference, link, sequence, …) dropped, JATS tags taken out of the text, and the id (a
    URL) dropped so that a citekey is made for it."""
    from .readers import csl_json

    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return Read(problems=[Problem(source, None, "the answer is not valid JSON; it was "
                                      "skipped (look it up again with --refresh)")])
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, dict):
        return Read(problems=[Problem(source, None, "the answer is not one CSL-JSON item")])
    item: Item = {}
    for key, field in value.items():
        if key not in VARIABLES or key == "id":
            continue
        if key in NAME_VARIABLES and isinstance(field, list):
            field = [{part: text for part, text in name.items() if part in _NAME_PARTS}
                     for name in field if isinstance(name, dict)]
        elif isinstance(field, list):
            if not field or not all(isinstance(v, str) for v in field):
                continue  # Crossref's license: a list of objects where CSL has a string
            field = ", ".join(dict.fromkeys(field))
        if isinstance(field, str):
            field = _JATS.sub("", field).strip()  # Crossref abstracts are JATS XML
        item[key] = field
    item.setdefault("DOI", doi)
    read = csl_json.read(json.dumps(item), source)
    read.problems[:] = [Problem(source, None, p.message) for p in read.problems]
    read.lines[:] = [None] * len(read.items)
    return read
