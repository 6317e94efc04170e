"""Bibliography (CSL 1.0.2, "Bibliography", subsequent-author-substitute,
second-field-align): the sorted bibliography, its entries, citation numbers counted down.
"""
from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar

from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.model import Label, Layout, Names

from ..patterns import lazy
from .lookups import FIELD_END as _FIELD_END
from .number_end import MARKS
from .punctuation import merged


def _labelled_substitute(names: Names, item: object, substitute: object,
                         variables: list[str], kwargs: dict[str, object]) -> object:
    """subsequent-author-substitute in place of the names, their cs:label kept on its side
    ("——— ed."): citeproc-js replaces the names and not their label; citeproc-py's output
    lost both."""
    context = kwargs.get("names_context")
    if context is None or not len(context):  # an empty cs:names has no cs:label: its own
        context = names
    label = next((child for child in context.iterchildren() if isinstance(child, Label)), None)
    role = next((variable for variable in variables if variable in item.reference), None)
    if label is None or role is None:
        return substitute
    text = label.render(item, role, len(item.reference[role]) > 1)
    if not text:
        return substitute
    return text + substitute if label is context.getchildren()[0] else substitute + text


def _replaceable(names: Names) -> bool:
    """Whether subsequent-author-substitute may replace what ``names`` printed: citeproc-js
    never replaces a substitute that comes after a cs:names of the same cs:substitute with a
    cs:name of its own (MLA's guest, before its editors: "Visi, Federico, editor." twice)."""
    return not (names.xpath_search("parent::cs:substitute") and
                names.xpath_search("preceding-sibling::cs:names[cs:name]"))


def _render_entries(layout: Layout, citation_items: list[CitationItem],
                    earlier: Sequence[CitationItem] = ()) -> list[object | None]:
    """citeproc-py's bibliography entries, one per item, None where the item renders nothing
    (APA prints no personal communication; citeproc-py dropped it unsaid), with what it
    left out: with second-field-align the
    end of the first field is marked (_FIELD_END) for _second_field to set it apart (an entry
    of the first field alone is that field, without the layout's suffix: citeproc-js prints
    "[2]" where nothing else of the item renders, not "[2] ."); with
    subsequent-author-substitute an entry whose author (the first names element's output, its
    substitute included) is the previous entry's gets the substitute instead, the names'
    affixes kept ("———." in MLA; CSL 1.0.2, "Reference Grouping"; see _names_process), or with
    the rules complete-each, partial-each and partial-first each of its names that matches
    the previous entry's (names._names_text). ``earlier`` are the items whose entries come before
    these (rendered apart, render/parallel.py): the last of them that renders gives the
    previous author."""
    bibliography = layout.getparent()
    align = bibliography.get("second-field-align") is not None
    substitute = bibliography.get("subsequent-author-substitute")
    if not align and substitute is None:
        return [_entry(layout, item)[0] for item in citation_items]
    rule = bibliography.get("subsequent-author-substitute-rule", "complete-all")
    substitute = layout.preformat(substitute) if substitute is not None and rule in _RULES \
        else None
    layout_suffix = layout.get("suffix", "")
    previous_author = None
    for item in reversed(earlier if substitute is not None else ()):
        entry, author, _ = _entry(layout, item, None, substitute, rule)
        if entry is not None:
            previous_author = author
            break
    entries: list[object | None] = []
    for item in citation_items:
        entry, author, left = _entry(layout, item, previous_author, substitute, rule)
        if entry is None:
            entries.append(None)
            continue
        previous_author = author
        text = str(entry)
        if align and left and text.startswith(left):
            rest = text[len(left):]
            entry = left + _FIELD_END + (rest if rest != layout_suffix else "")
        entries.append(entry)
    return entries


def _entry(layout: Layout, item: CitationItem, previous_author: object = None,
           substitute: str | None = None, rule: str = "complete-all"
           ) -> tuple[object, object, str]:
    """The item's entry (None if it renders nothing), with a ``substitute`` its author (see
    _names_process), and what the layout's first child printed (see _rendered)."""
    layout.repressed = {}
    if substitute is None:
        entry, first = _rendered(layout, item)
        return entry, None, first
    object.__setattr__(item, "author_text", None)
    object.__setattr__(item, "shown_names", [])  # see _note_shown
    object.__setattr__(item, "author_substitute", (previous_author, substitute, rule))
    entry, first = _rendered(layout, item)
    vars(item).pop("shown_names", None)
    return entry, vars(item).pop("author_text", None), first


def _rendered(layout: Layout, item: CitationItem) -> tuple[object, str]:
    """The layout's output for the item, a term it opens with capitalised (see
    capitalised_opening) after the citation number its first child printed, and what that
    child printed ("" for nothing; second-field-align sets it apart)."""
    from .compiled import render_entry  # which imports this module (through names, text)
    token = ENTRY.set({})
    try:
        children, opening = render_entry(layout, item)
        entry = layout.format(layout.wrap(children))
    finally:
        ENTRY.reset(token)
    opening = str(opening or "")
    if entry is None or _TERM_START not in str(entry):
        return entry, opening
    first = next((child for child in layout.iterchildren() if isinstance(child.tag, str)), None)
    number = opening if first is not None and first.get("variable") == "citation-number" else ""
    return capitalised_opening(str(entry), number), opening


def capitalised_opening(entry: str, number: str) -> str:
    """A bibliography entry whose first printed text is a term (after its citation number
    ``number``, formatting, "(" or quotes) with that term capitalised, as citeproc-js does
    ("[1] Vol. 2019." in IEEE for a document with a volume alone); a term after any other
    text stays as it is, and so does one after a number variable the entry lacks (see
    NUMBER_ASKED)."""
    start = len(number) if number and entry.startswith(number) else 0
    entry = entry[:start] + _OPENING_ENTRY_TERM.sub(lambda m: m[1] + m[2].upper(),
                                                    entry[start:], count=1)
    return entry.replace(_TERM_START, "")


#: The store of the bibliography entry that renders (None outside one): its terms are marked
#: (_TERM_START) for capitalised_opening, but not once NUMBER_ASKED is set in it.
ENTRY: ContextVar[dict[str, bool] | None] = ContextVar("ENTRY", default=None)
#: citeproc-js 2.4.63 counts a cs:text of a number variable (volume, issue, edition, …; not
#: pages) as printed text before a term even where the item lacks the variable, so the term
#: is not capitalised: APS's "[1] (n.d.)." (its volume asked for in the group before), where
#: "[1] (N.d.)." follows a cs:number or nothing; a group or macro that prints nothing gives
#: back what was before it (compiled.group), as citeproc-js does.
NUMBER_ASKED = "number-asked"
_OPENING_ENTRY_TERM = lazy(r"^((?:<[^>]*>|[^\w<\ue011])*\ue011(?:<[^>]*>|[^\w<])*)(\w)")
_TERM_START = "\ue011"
# The values of subsequent-author-substitute-rule (CSL 1.0.2, "Reference Grouping").
_RULES = frozenset(("complete-all", "complete-each", "partial-each", "partial-first"))


def _count_down(style: CitationStylesStyle, bibliography: CitationStylesBibliography) -> None:
    """Citation numbers counted down the bibliography when its sort has a descending
    citation-number key (a variable, or a macro printing it), as citeproc-js does: the
    entries sorted by citation order descending read "[4] … [1]"; citeproc-py numbered every
    bibliography from 1 at its top. The numbers are counted by lookups._number."""
    descending = False  # the last citation-number key decides, as in citeproc-js
    root = style.root
    keys = root.xpath("cs:bibliography/cs:sort/cs:key", namespaces=root.nsmap)
    # the macros printing it, found at once (a query over the whole style per macro key was
    # a tenth of a millisecond or more each, APA has five)
    printing = set(root.xpath('//cs:text[@variable="citation-number"]/ancestor::cs:macro/@name',
                              namespaces=root.nsmap)) if keys else set()
    for key in keys:
        macro = key.get("macro")
        if key.get("variable") == "citation-number" or macro and macro in printing:
            descending = key.get("sort") == "descending"
    if descending:
        bibliography.__dict__["_citetool_count_down"] = True


def _second_field(entry: str, output_format: str, layout_suffix: str = "") -> str:
    """The first field set apart, with second-field-align, as citeproc-js does: in a block of
    its own in HTML (csl-left-margin, csl-right-inline), which reads as a space in text
    ("[1] Smith"); citeproc-py ran the two together ("[1]Smith"). In text, so is each field
    displayed in the left margin (lookups.affixes). A punctuation mark the rest starts with
    ends the field, merged with a mark the field ends with ("[1], Title" for a work without
    author, where we printed "[1] , Title"; AAA's "N.d. proteinatlas.org" for the ". " before
    the URL of a work whose title took the author's place, where we printed "N.d. . "), and
    a field alone is printed alone (no csl-right-inline), without the layout's suffix."""
    if _FIELD_END not in entry:
        return entry
    if output_format == "html":
        left, right = _field_end(*entry.split(_FIELD_END, 1))
        if not right:
            return f'<div class="csl-left-margin">{left}</div>'
        return (f'<div class="csl-left-margin">{left}</div>'
                f'<div class="csl-right-inline">{right}</div>')
    text, *rest = entry.split(_FIELD_END)
    if rest[-1] == layout_suffix:
        rest[-1] = ""
    for right in rest:
        text, right = _field_end(text, right)
        text = f"{text.rstrip()} {right.lstrip()}" if right else text.rstrip()
    return text


def _field_end(left: str, right: str) -> tuple[str, str]:
    """A field and the rest, a punctuation mark the rest starts with moved to the field's
    end, merged with the mark the field ends with: the same mark twice is one ("N.d." and
    ". "), "Golf:" and "." give "Golf:", "Eps?" and ";" "Eps?;" (punctuation.merged). A comma
    that a record's text (not an affix) starts with stays where it is in citeproc-js ("Fox.
    , comma"); we move it too."""
    if right[:1] not in MARKS:
        return left, right
    end, mark = left[-1:], right[0]
    if end == mark:
        return left, right[1:]
    if end and end in MARKS:
        return left[:-1] + merged(end, mark), right[1:]
    return left + mark, right[1:]
