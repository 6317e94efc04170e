"""The one internal model: CSL-JSON items (plain dicts), and helpers for their names and dates.

CSL-JSON is what citeproc-js, pandoc and Zotero share, so every reader produces it and every
writer consumes it. Nothing here does I/O.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

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


def ascii_fold(text: str) -> str:
    """Drop accents and map special letters to ASCII, for citekeys ("Żółkowski" → "Zolkowski")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode(
        "ascii", "ignore").decode()


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


def citekey(item: Item) -> str:
    """A citekey in the common ``[auth][year][shorttitle]`` form: ``hoefinger2020community``."""
    names = item.get("author") or item.get("editor") or []
    family = family_with_particle(names[0]) if names else ""
    title_words = re.findall(r"[^\W_]+", ascii_fold(str(item.get("title") or "")).lower())
    word = next((w for w in title_words if w not in _STOPWORDS), "")
    key = re.sub(r"[^a-z]", "", ascii_fold(family).lower()) + str(year(item) or "") + word
    return key or "item"


def assign_citekeys(items: list[Item]) -> None:
    """Give every item without an id a generated citekey, unique within ``items``.

    Existing ids are kept exactly (they are the user's citekeys); a generated key that is taken
    gets a letter suffix, as BibTeX tools do: ``smith2020a``, ``smith2020b``.
    """
    taken = {str(item["id"]) for item in items if item.get("id") not in (None, "")}
    for item in items:
        if item.get("id") not in (None, ""):
            continue
        base = key = citekey(item)
        suffix = 0
        while key in taken:
            key = base + suffix_letters(suffix)
            suffix += 1
        taken.add(key)
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
