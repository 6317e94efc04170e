"""The one internal model: CSL-JSON items (plain dicts), and helpers for their names and dates.

CSL-JSON is what citeproc-js, pandoc and Zotero share, so every reader produces it and every
writer consumes it. Nothing here does I/O.
"""
from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .errors import UsageError
from .patterns import lazy

Item = dict[str, Any]

#: CSL 1.0.2 item types (csl-data.json schema).
TYPES = frozenset("""
    article article-journal article-magazine article-newspaper bill book broadcast chapter classic
    collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic
    hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet
    paper-conference patent performance periodical personal_communication post post-weblog
    regulation report review review-book software song speech standard thesis treaty webpage
""".split())

NAME_VARIABLES = frozenset("""
    author chair collection-editor compiler composer container-author contributor curator director
    editor editorial-director editor-translator executive-producer guest host illustrator
    interviewer narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator
""".split())

DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split())

#: CSL 1.0.2 standard and number variables, and the csl-data.json keys beside them: what a
#: CSL-JSON item may hold besides names and dates (resolvers send much else).
VARIABLES = frozenset("""
    id type citation-key custom abstract annote archive archive_collection
    archive_location archive-place authority call-number chapter-number citation-label
    collection-number collection-title container-title container-title-short dimensions division
    DOI edition event event-title event-place genre ISBN ISSN issue jurisdiction keyword language
    license medium note number number-of-pages number-of-volumes original-publisher
    original-publisher-place original-title page page-first part-number part-title PMCID PMID
    printing-number publisher publisher-place references reviewed-genre reviewed-title scale
    section source status supplement-number title title-short URL version volume volume-title
    volume-title-short
""".split()) | NAME_VARIABLES | DATE_VARIABLES


class UnprintedText(str):
    """A standard variable a CSL-JSON record gave as a list of strings, which CSL-JSON does not
    allow there (citation.js writes ``"publisher": ["Rowman", "Littlefield"]``). citeproc-js
    counts such a variable as set in ``variable=`` conditions but prints nothing for it, so it
    is kept as empty text: conditions see it (render/conditions.py), nothing prints or is written
    (``written``), and any code that reads it as text finds it empty."""

    __slots__ = ()

    def __new__(cls) -> UnprintedText:
        return super().__new__(cls, "")

    def __reduce__(self) -> tuple[type[UnprintedText], tuple[()]]:
        return UnprintedText, ()  # pickled as itself (render/parallel.py sends items back)


_DOI = lazy(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)", re.I)


def doi_of(text: str) -> str | None:
    """The DOI ``text`` is, written bare (10.1234/abc), as doi:… or as a doi.org URL; else None.
    Readers keep DOIs bare with it, since styles print them behind their own https://doi.org/."""
    m = _DOI.fullmatch(text.strip())
    return urllib.parse.unquote(m[1]) if m else None


def written(item: Item) -> Item:
    """The item as a writer keeps it: without the variables that hold no text to write
    (UnprintedText)."""
    if not any(isinstance(value, UnprintedText) for value in item.values()):
        return item
    return {key: value for key, value in item.items() if not isinstance(value, UnprintedText)}


#: CSL-JSON's rich-text markup in record text (CSL 1.0.2, "Rich Text Markup"; citeproc-js's
#: <sc> is small caps), split out with its tags kept.
RICH_TAG = lazy(r'(<span class="no(?:case|decor)">|'
                r'<span style="font-variant:\s?small-caps;?">|'
                r'</?(?:i|b|sup|sub|sc)>|</span>)')


def paired_tags(pieces: list[str]) -> set[int]:
    """Indexes of the rich-text tags among ``pieces`` (the text split by RICH_TAG) that open
    and close in pairs: a lone "<i>" is text, not markup."""
    paired: set[int] = set()
    opened: list[tuple[int, str]] = []
    for index, piece in enumerate(pieces):
        if not RICH_TAG.fullmatch(piece):
            continue
        name = "span" if piece.startswith(("<span", "</span")) else piece.strip("</>")
        if not piece.startswith("</"):
            opened.append((index, name))
        elif opened and opened[-1][1] == name:
            paired.update((opened.pop()[0], index))
    return paired


def without_markup(text: str) -> str:
    """Record text with its rich-text markup taken out, for formats that have none (RIS):
    "The <span class="nocase">DNA</span> of <i>E. coli</i>" is "The DNA of E. coli"."""
    pieces = RICH_TAG.split(text)
    markup = paired_tags(pieces)
    return "".join(piece for index, piece in enumerate(pieces) if index not in markup)


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}

# Particles written in lower case before a family name ("Jan van der Berg", "Maria de la Cruz").
_PARTICLES = frozenset("""
    van von der den de del della dei degli di da das dos du la le les ter ten zu zum zur y al el
    bin ibn af av
""".split())

_STOPWORDS = frozenset("""
    a an the of on in for and to with from by at as is are towards toward via into
""".split())

# Letters NFKD does not split into a base letter plus accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i",
                       "ð": "d", "Ð": "D"})


def base_letters(text: str) -> str:
    """The text without accents, special letters spelled out ("Żółkowski" → "Zolkowski",
    "Großhauser" → "Grosshauser"): the letters a collation compares first."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ascii_fold(text: str) -> str:
    """Drop accents and map special letters to ASCII, for citekeys ("Żółkowski" → "Zolkowski")."""
    return base_letters(text).encode("ascii", "ignore").decode()


def split_full_name(full: str) -> dict[str, str]:
    """Split "Given [particle] Family" as written on article pages into CSL name parts.

    The family name is the last word, with lower-case particles before it ("Maria de la Cruz").
    A name already written "Family, Given" is split at the comma.
    """
    full = " ".join(full.split()).strip(", ")
    if "," in full:
        family, given = (part.strip(", ") for part in full.split(",", 1))
        return name_parts(family, given)
    words = full.split(" ")
    if len(words) == 1:
        return {"family": full}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return name_parts(" ".join(words[cut:]), " ".join(words[:cut]))


def name_parts(family: str, given: str) -> dict[str, str]:
    """A CSL name from a family name that may start with particles ("de la Cruz")."""
    words = family.split(" ")
    cut = 0
    while cut < len(words) - 1 and words[cut] in _PARTICLES:
        cut += 1
    name = {"family": " ".join(words[cut:])}
    if given:
        name["given"] = given
    if cut:
        name["non-dropping-particle"] = " ".join(words[:cut])
    return name


def spaced_initials(given: str) -> str:
    """Write initials as CSL processors and BibTeX expect them: "P.G." → "P. G."."""
    return re.sub(r"\.(?=[^\s.-])", ". ", given)


def ends_with_others(names: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a name list ends in the name "others" after another name: BibTeX's "and
    others" (a list the author cut short) as pandoc reads it, ``{"literal": "others"}``.
    Styles print it as their et-al term, as citeproc (pandoc's CSL processor) does."""
    return len(names) > 1 and names[-1].get("literal") == "others"


def family_with_particle(name: dict[str, str]) -> str:
    """The family name as printed in a sorted list: "de la Cruz", "van der Berg"."""
    return " ".join(filter(None, (name.get("non-dropping-particle"), name.get("family"),
                                  name.get("literal"))))


def parse_date_text(text: str) -> dict[str, Any] | None:
    """A CSL date from the forms article pages use: "1 October 2019", "May 14, 2019",
    "2019/05/14", "2019-05", "2019". None when the text is not a date."""
    text = text.strip().rstrip(".")
    if m := re.fullmatch(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?/?", text):
        parts = [int(p) for p in m.groups() if p]
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text):
        parts = [int(m[3]), _MONTHS.get(m[2].lower()), int(m[1])]
    elif m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text):
        parts = [int(m[3]), _MONTHS.get(m[1].lower()), int(m[2])]
    elif m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text):
        parts = [int(m[2]), _MONTHS.get(m[1].lower())]
    else:
        return None
    if None in parts or not _plausible(parts):
        return None
    return {"date-parts": [parts]}


def _plausible(parts: list[int]) -> bool:
    month_ok = len(parts) < 2 or 1 <= parts[1] <= 12
    return month_ok and (len(parts) < 3 or 1 <= parts[2] <= 31)


def date_parts(item: Item, variable: str = "issued") -> list[int]:
    """[year, month, day] (as far as known) of a date variable; [] when it has none usable."""
    try:
        return [int(part) for part in item[variable]["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def year(item: Item, variable: str = "issued") -> int | None:
    """The year of a date variable (the item's issue), if its date has one."""
    parts = date_parts(item, variable)
    return parts[0] if parts else None


#: The citekey pattern used unless one is given: ``hoefinger2020community``.
DEFAULT_CITEKEY_PATTERN = "[auth:lower][year][veryshorttitle:lower]"

_PATTERN_PIECE = lazy(r"\[([A-Za-z]+)((?::[A-Za-z]+)*)\]|([^\[]+)|(\[)")
#: Characters a citekey may hold in BibTeX, biblatex and pandoc alike, besides letters/digits.
_KEY_PUNCTUATION = "-_:./+"


def _title_words(item: Item) -> list[str]:
    words = re.findall(r"[^\W_]+", ascii_fold(str(item.get("title") or "")))
    return [w[:1].upper() + w[1:] for w in words if w.lower() not in _STOPWORDS]


def _families(item: Item) -> list[str]:
    names = [name for name in item.get("author") or item.get("editor") or []
             if isinstance(name, dict)]
    return [re.sub(r"[^A-Za-z]", "", ascii_fold(family_with_particle(name))) for name in names]


#: The fields a citekey pattern can use, after JabRef's and Better BibTeX's names.
CITEKEY_FIELDS = {
    "auth": lambda item: "".join(_families(item)[:1]),
    "authors": lambda item: "".join(_families(item)[:3]) + (
        "EtAl" if len(_families(item)) > 3 else ""),
    "year": lambda item: str(year(item) or ""),
    "title": lambda item: "".join(_title_words(item)),
    "shorttitle": lambda item: "".join(_title_words(item)[:3]),
    "veryshorttitle": lambda item: "".join(_title_words(item)[:1]),
}
_MODIFIERS = {"lower": str.lower, "upper": str.upper}


@lru_cache(maxsize=64)
def parse_citekey_pattern(pattern: str) -> tuple[tuple[str, tuple[str, ...]] | str, ...]:
    """A pattern such as ``[auth:lower][year][shorttitle]`` as (field, modifiers) pairs and
    literal text; a field or modifier that does not exist is a usage error."""
    pieces: list[tuple[str, tuple[str, ...]] | str] = []
    for field, modifiers, literal, bracket in _PATTERN_PIECE.findall(pattern):
        if bracket:
            raise UsageError(f"citekey pattern '{pattern}': a '[' without its field and ']' "
                             f"(fields: {', '.join(CITEKEY_FIELDS)})")
        if literal:
            pieces.append(literal)
            continue
        names = tuple(m for m in modifiers.split(":") if m)
        if field not in CITEKEY_FIELDS:
            raise UsageError(f"citekey pattern '{pattern}': unknown field [{field}] (known: "
                             f"{', '.join(CITEKEY_FIELDS)})")
        if unknown := [m for m in names if m not in _MODIFIERS]:
            raise UsageError(f"citekey pattern '{pattern}': unknown modifier ':{unknown[0]}' "
                             f"(known: {', '.join(_MODIFIERS)})")
        pieces.append((field, names))
    return tuple(pieces)


def citekey(item: Item, pattern: str = DEFAULT_CITEKEY_PATTERN) -> str:
    """A citekey for ``item`` made by ``pattern``; "item" when the pattern gives nothing."""
    out = []
    for piece in parse_citekey_pattern(pattern):
        if isinstance(piece, str):
            out.append(piece)
            continue
        field, modifiers = piece
        text = CITEKEY_FIELDS[field](item)
        for modifier in modifiers:
            text = _MODIFIERS[modifier](text)
        out.append(text)
    key = "".join(c for c in ascii_fold("".join(out))
                  if c.isalnum() or c in _KEY_PUNCTUATION)
    return key or "item"


def assign_citekeys(items: list[Item], pattern: str = DEFAULT_CITEKEY_PATTERN,
                    taken: Iterable[str] = ()) -> None:
    """Give every item without an id a citekey made by ``pattern``, unique within ``items``
    and not one of ``taken`` (the citekeys of items written already).

    Existing ids are kept exactly (they are the user's citekeys); a generated key that is taken
    gets a letter suffix, as BibTeX tools do: ``smith2020a``, ``smith2020b``.
    """
    parse_citekey_pattern(pattern)  # a wrong pattern fails even when every item has its key
    in_use = {*taken, *(str(item["id"]) for item in items if item.get("id") not in (None, ""))}
    for item in items:
        if item.get("id") not in (None, ""):
            continue
        base = key = citekey(item, pattern)
        suffix = 0
        while key in in_use:
            key = base + suffix_letters(suffix)
            suffix += 1
        in_use.add(key)
        fields = {name: value for name, value in item.items() if name != "id"}
        item.clear()
        item.update({"id": key, **fields})  # id first, as CSL-JSON files are usually written


def suffix_letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa: suffixes for colliding citekeys and for years ("2020a")."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
