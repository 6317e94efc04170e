"""Citations (CSL 1.0.2, "Citation", "Position", cite grouping and collapsing): cites in order
and collapsed, their positions (first, subsequent, ibid, near-note), locators, and
author-in-text and suppress-author cites.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from citeproc import Citation, CitationItem
from citeproc.model import CitationStylesElement, If, Layout
from citeproc.source import Locator, VariableError
from citeproc.string import join

from . import richtext


def _render_citation(layout: Layout, citation: Citation, callback: Callable) -> object:
    """citeproc-py's citation layout with two fixes: the cites stay in the order given unless
    the style sorts them (it put them in bibliography order), and they are grouped and
    collapsed as cs:citation asks (CSL 1.0.2, "Citation Collapsing"), which it never did."""
    element = layout.getparent()
    cites = [cite for cite in citation.cites if not cite.is_bad()]
    for cite in citation.cites:
        if cite.is_bad():
            callback(cite)
    if element.sort is not None:  # ties stay in the order given, as citeproc-js has them
        cites = element.sort.sort(cites, layout)
    grouping = element.get("collapse") or element.get("cite-group-delimiter")
    rendered = []
    for cite in cites:
        full = _render_cite(layout, cite, vars(cite).get(_SUPPRESS_AUTHOR, False))
        if full is None:
            continue
        rest = _render_cite(layout, cite, without_author=True) if grouping else None
        element.cites.append(cite)  # the history that positions (ibid, subsequent) read
        rendered.append((cite, full, rest))
    delimiter = layout.get("delimiter", "")
    if element.get("collapse") == "citation-number":
        pieces = _collapse_numbers(rendered, delimiter)
    elif grouping:
        pieces = _collapse_authors(element, rendered, delimiter)
    else:  # a suffix ending in punctuation takes the delimiter's: "one source, Jones"
        pieces = [(full, delimiter.lstrip(",.;:") if cite.get("suffix", "")[-1:] in (
            ",", ".", ";", ":") else delimiter) for cite, full, _ in rendered]
    output = pieces[0][0] if pieces else None
    for (_, before), (text, _) in zip(pieces, pieces[1:]):
        # A cite whose prefix opens with punctuation takes the delimiter's place, as in
        # citeproc-js: "Book A, cited in Book B", not "Book A; , cited in Book B".
        output = join([output, text], "" if str(text)[:1] in ",.;:" else before)
    return layout.format(layout.wrap(output)) if output is not None else None


def _render_cite(layout: Layout, cite: CitationItem, without_author: bool = False) -> object:
    """One cite with its prefix and suffix; without_author leaves out its first names."""
    layout.repressed = {}
    object.__setattr__(cite, "without_author", without_author)
    try:
        output = layout.render_children(cite)
    except VariableError:
        return None
    finally:
        object.__setattr__(cite, "without_author", False)
    if output is None:
        return None
    return cite.get("prefix", "") + output + cite.get("suffix", "")


def _collapse_numbers(rendered: list[tuple], delimiter: str) -> list[tuple[object, str]]:
    """collapse="citation-number": three or more consecutive numbers as a range ("[1]–[4]")."""
    pieces: list[tuple[object, str]] = []
    run: list[tuple] = []

    def flush() -> None:
        if len(run) >= 3:
            pieces.append((join([run[0][1], run[-1][1]], "\u2013"), delimiter))
        else:
            pieces.extend((full, delimiter) for _, full, _ in run)
        run.clear()

    for entry in rendered:
        cite, full, _ = entry
        plain = not (cite.get("locator") or cite.get("prefix") or cite.get("suffix"))
        if run and plain and cite.number == run[-1][0].number + 1:
            run.append(entry)
            continue
        flush()
        if plain:
            run.append(entry)
        else:
            pieces.append((full, delimiter))
    flush()
    return pieces


def _collapse_authors(element: CitationStylesElement, rendered: list[tuple],
                      delimiter: str) -> list[tuple[object, str]]:
    """Cites by the same author together, the author printed once ("Doe 1965, 1970"); with
    collapse="year-suffix" the year once too ("1965a, b"), "year-suffix-ranged" as ranges.
    As in citeproc-js, a cite of the author alone (no date) adds nothing to the group, and
    after a cite with a locator comes the after-collapse-delimiter ("Wong 1999, 328; 2000")."""
    mode = element.get("collapse")
    # The defaults citeproc-js uses: ", " in in-text styles, else the layout's delimiter ("(Smith
    # 2000a; 2000b)" in a note style); the layout's delimiter; the cite-group-delimiter if
    # the style gives one, else the layout's delimiter.
    group_delimiter = element.get("cite-group-delimiter", ", " if element.get_root().get(
        "class") == "in-text" else delimiter)
    after_collapse = element.get("after-collapse-delimiter", delimiter)
    # citeproc-js puts the after-collapse-delimiter after a cite alone too ("(Whittaker 1967;
    # Wiens 1989b)"), but not with collapse="year-suffix"
    after_alone = after_collapse if mode != "year-suffix" else delimiter
    suffix_delimiter = element.get("year-suffix-delimiter",
                                   element.get("cite-group-delimiter", delimiter))
    groups: dict[str, list[tuple]] = {}
    for cite, full, rest in rendered:
        text, remainder = str(full), str(rest) if rest is not None else ""
        if cite.get("prefix") or not text.endswith(remainder):
            author = text + "\0"  # \0: never grouped
        else:  # a cite of its author alone (no date) groups with the others: "Smith, 1900"
            author = text[:len(text) - len(remainder)].strip()
        groups.setdefault(author, []).append((cite, full, rest))
    pieces: list[tuple[object, str]] = []
    for entries in groups.values():
        if len(entries) == 1:
            pieces.append((entries[0][1], after_alone))
            continue
        if mode is None:  # cite-group-delimiter alone: grouped, not collapsed
            output = join([full for _, full, _ in entries], group_delimiter)
        else:
            output = entries[0][1]
            previous_year = _year_of(entries[0])
            letters = [_suffix(entries[0])]
            located = entries[0][0].has_locator
            for entry in entries[1:]:
                if entry[2] is None:
                    continue
                year_text = _year_of(entry)
                if mode.startswith("year-suffix") and year_text and year_text == previous_year:
                    letters.append(_suffix(entry))
                    continue
                output = _with_letters(output, letters, mode, suffix_delimiter)
                output = join([output, entry[2]], after_collapse if len(letters) > 1 or located
                              else group_delimiter)
                previous_year, letters = year_text, [_suffix(entry)]
                located = entry[0].has_locator
            output = _with_letters(output, letters, mode, suffix_delimiter)
        pieces.append((output, after_collapse))
    return pieces


def _suffix(entry: tuple) -> str:
    return str(entry[0].reference.get("year_suffix") or "")


def _year_of(entry: tuple) -> str | None:
    """The cite's text without its author and year suffix, if it ends with that suffix (a
    suffix in an explicit font-style="normal" too: see _explicit_normal)."""
    cite, _, rest = entry
    suffix = _suffix(entry)
    text = richtext.flip_flop(str(rest)) if rest is not None else ""
    if suffix and text.endswith(suffix) and not cite.get("locator"):
        return text[:-len(suffix)]
    return None


def _with_letters(output: object, letters: list[str], mode: str, delimiter: str) -> object:
    """The cite that printed the year (its own suffix letters[0]), then the other suffixes of
    that year: "2000a, b", or with year-suffix-ranged runs of three or more: "2000a, c–e"."""
    runs: list[list[str]] = []
    for letter in letters:
        if mode == "year-suffix-ranged" and runs and len(letter) == len(runs[-1][-1]) == 1 \
                and ord(letter) == ord(runs[-1][-1]) + 1:
            runs[-1].append(letter)
        else:
            runs.append([letter])
    for number, run in enumerate(runs):
        shown = [run[0], run[-1]] if len(run) >= 3 else run
        if number == 0:  # its first letter is already printed
            if len(run) >= 3:
                output = join([output, run[-1]], "\u2013")
                continue
            shown = shown[1:]
        elif len(run) >= 3:
            shown = [join(shown, "\u2013")]
        output = join([output, *shown], delimiter)
    return output


class _Locator(Locator):
    """citeproc-py's locator, equal to another of the same label and value: ibid-with-locator
    compared locators by identity, so a cite repeating "p. 34" was never plain ibid."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locator) and (self.label, str(self.identifier)) == (
            other.label, str(other.identifier))

    def __hash__(self) -> int:
        return hash((self.label, str(self.identifier)))


#: A cite in a citation: {"id": citekey} plus optional "locator", "label" (a CSL locator term,
#: "page" when omitted), "prefix", "suffix" (as CSL-JSON citation items have them), and
#: "position" (0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator) and "near-note" (a bool)
#: given by the caller in place of the positions the document order gives.
Cite = dict[str, Any]

#: A citation: its cites, or citeproc-js's citation data ``{"citationItems": [cites],
#: "properties": {"noteIndex": 2}}`` whose note number positions read (see _places).
CitationData = list[Cite] | dict[str, Any]


class _Place(NamedTuple):
    """Where a cite stands in the document (CSL 1.0.2, "Position"): its position as
    citeproc-js numbers them, whether it is near a cite of the same item (near-note), and
    the note that first cited the item (first-reference-note-number, None in a first cite).
    A NamedTuple, made at import more cheaply than a frozen dataclass (config.Setting)."""

    position: int
    near_note: bool
    first_note: int | None


_FIRST, _SUBSEQUENT, _IBID, _IBID_WITH_LOCATOR = range(4)


def _citation_parts(citation: CitationData, number: int) -> tuple[list[Cite], int]:
    """A citation's cites and note number; without a noteIndex each citation is its own
    note, numbered from 1 in document order."""
    if isinstance(citation, dict):
        note = citation.get("noteIndex", citation.get("properties", {}).get("noteIndex"))
        return list(citation.get("citationItems", [])), int(note) if note is not None \
            else number + 1
    return list(citation), number + 1


def _places(citations: list[tuple[list[Cite], int]], distance: int) -> list[list[_Place]]:
    """Each cite's place as citeproc-js gives it (CSL 1.0.2, "Position"). A cite is ibid when
    the cite before it in the same citation, or the whole previous citation if it holds one
    cite only, references the same item: plain ibid when both have no locator or the same
    one, ibid-with-locator when the current one has a new locator, subsequent when only the
    previous one had a locator. As in citeproc-js, a previous citation in an earlier note
    counts only when it is that note's one citation, and citations in the text of a note
    style (note number 0) follow one another apart from the notes. It is near-note when the
    item was last cited at most near-note-distance notes before (0: the same note). A
    position or near-note given in a cite takes the place of the computed one
    (citeproc-js's citation items may carry them)."""
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    places: list[list[_Place]] = []
    previous: dict[bool, tuple[list[Cite], int]] = {}  # by "in the text", the last citation
    in_note: dict[int, int] = {}  # how many citations each note holds
    for cites, note in citations:
        row = []
        last, last_in = previous.get(note == 0, ([], note))
        alone = len(last) == 1 and (last_in == note or in_note.get(last_in) == 1)
        for index, cite in enumerate(cites):
            key = str(cite.get("id"))
            before = cites[index - 1] if index else (last[0] if alone else None)
            if key not in first_note:
                position = _FIRST
            elif before is None or str(before.get("id")) != key:
                position = _SUBSEQUENT
            elif _locator(cite) is None:
                position = _IBID if _locator(before) is None else _SUBSEQUENT
            else:
                position = _IBID if _locator(cite) == _locator(before) else _IBID_WITH_LOCATOR
            near = key in last_note and note - last_note[key] <= distance
            if cite.get("position") is not None:
                position = int(cite["position"])
            if cite.get("near-note") is not None:
                near = bool(cite["near-note"])
            row.append(_Place(position, near, first_note.get(key)))
            first_note.setdefault(key, note)
            last_note[key] = note
        places.append(row)
        previous[note == 0] = (cites, note)
        in_note[note] = in_note.get(note, 0) + 1
    return places


def _locator(cite: Cite) -> tuple[str, str] | None:
    """A cite's locator with its label, as ibid compares them."""
    if cite.get("locator") in (None, ""):
        return None
    return str(cite.get("label") or "page"), str(cite["locator"])


def _position(condition: If, item: object, context: object) -> list[bool]:
    """cs:if position="…" read from the cite's place in the document (_places): citeproc-py
    worked positions out from the cites rendered before, without note numbers and without
    the positions a caller gives. "ibid" holds for ibid-with-locator too, "subsequent" for
    both ibids (CSL 1.0.2, "Position")."""
    place = vars(item).get(_PLACE)
    if place is None or (context if context is not None else condition).xpath_search(
            "./ancestor::*[self::cs:bibliography]"):
        return _CITEPROC_POSITION(condition, item, context)
    tests = {"first": place.position == _FIRST, "subsequent": place.position != _FIRST,
             "ibid": place.position in (_IBID, _IBID_WITH_LOCATOR),
             "ibid-with-locator": place.position == _IBID_WITH_LOCATOR,
             "near-note": place.near_note}
    return [tests.get(test, False) for test in condition.get("position").split()]


_PLACE = "_citetool_place"  # a cite's attribute: its _Place


_CITEPROC_POSITION = If._position


def _in_text_author(layout: Layout, citation: Citation, cites: list[Cite]) -> str:
    """The author of a citation whose one cite is pandoc's author in text (``@key [p. 3]``):
    the first names its cite renders in the citation layout, as citeproc-js's author-only
    and jgm/citeproc's AuthorOnly give them ("Watson & Crick" in APA); "" for other
    citations and for styles whose citations print no names (numeric ones, where pandoc
    prints the citation alone)."""
    if len(cites) != 1 or not cites[0].get("author-in-text"):
        return ""
    cite = citation.cites[0]
    object.__setattr__(cite, _AUTHOR_ONLY, None)
    try:
        _render_cite(layout, cite)
        return str(vars(cite).get(_AUTHOR_ONLY) or "")
    finally:
        object.__delattr__(cite, _AUTHOR_ONLY)


def _with_author(author: str, rest: str, in_notes: bool) -> str:
    """An author-in-text citation: the author, then the citation without it; in a note style
    the citation is the note, written as pandoc's inline note (``Author^[note]``)."""
    if not rest:
        return author
    return f"{author}^[{rest}]" if in_notes else f"{author} {rest}"


_SUPPRESS_AUTHOR = "suppress_author"
_AUTHOR_ONLY = "author_only"
