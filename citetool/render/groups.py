"""Groups, macros and substitute (CSL 1.0.2, "Group", "Macro", "Substitute"): macros suppressed
as groups, and the variables a substitute printed suppressed in the rest of the entry.
Group rendering itself is lookups.py's.
"""
from __future__ import annotations

from collections.abc import Iterator

from citeproc.model import Choose, CitationStylesElement, Else, If, Names, Substitute
from citeproc.source import VariableError

from . import conditions
from .lookups import planned
from .number_end import substituted


_TEXT_TAG, _NAMES_TAG, _DATE_TAG = ("{http://purl.org/net/xbiblio/csl}text",
                                    "{http://purl.org/net/xbiblio/csl}names",
                                    "{http://purl.org/net/xbiblio/csl}date")


def _substitute(substitute: Substitute, item: object, context: object = None,
                **kwargs: object) -> object:
    """citeproc-py's substitute, suppressing every variable it rendered in the rest of the
    entry (CSL 1.0.2, "Substitute": substituted variables are suppressed in the rest of the
    output). citeproc-py suppresses only a text element's own variable attribute, so
    ``<substitute><text macro="title"/>`` printed the title twice, and a substituted editor
    came back as "In F. Visi (Ed.),". A date the substitute printed is suppressed too, as in
    citeproc-js (iso690-author-date's title with its year, then no date)."""
    outer = item.get("_substituting")
    item["_substituting"] = rendered = set()
    try:
        text = _first_substitute(substitute, item, context, **kwargs)
    finally:
        item["_substituting"] = outer
    if text and rendered:
        if outer is not None:
            outer |= rendered
        repressed = (context if context is not None else substitute).get_layout().repressed
        for tag in (_TEXT_TAG, _NAMES_TAG, _DATE_TAG):  # _text_variable, _names_process
            # and dates._date_process
            repressed.setdefault(tag, []).extend(rendered)
        item["_substituted"] = frozenset(rendered)  # the variables it rendered
    return text


def _first_substitute(substitute: Substitute, item: object, context: object,
                      **kwargs: object) -> object:
    """What the first child of a cs:substitute that renders prints, as citeproc-py finds it,
    except that a cs:text of a term ends the search even where the locale's term is empty:
    citeproc-js substitutes once, and an empty "editor" term before the "author" term
    prints nothing (citeproc-py went on and printed the author term); so does a cs:names
    whose variable the item has, though it prints nothing (an author of a given name alone,
    in a short form: APA's cite "(n.d.)", not the title). The children of a
    cs:choose there are tried one by one, as citeproc-js tries them (_candidates). A text that
    no cs:names printed is marked so: the cs:names around prints it without its formatting
    and affixes (number_end.substituted)."""
    text = None
    for child in _candidates(substitute, item, context):
        try:
            if isinstance(child, Names) and child.name is None:
                names = substitute.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        if text:
            substitute.add_to_repressed_list(child, context)
            return substituted(text, isinstance(child, Names))
        if isinstance(child, Names) or child.tag == _TEXT_TAG and child.get("term"):
            break
    return text


def _candidates(parent: CitationStylesElement, item: object, context: object
                ) -> Iterator[CitationStylesElement]:
    """The children of a cs:substitute in turn, a cs:choose's being those of the branch that
    holds: citeproc-js substitutes the first of them that renders, so AGU's report without
    author, whose substitute chooses "publisher" then the title for a report, prints "Human
    Rights Watch. (2005). Black Hole: …" (we printed both in the author's place)."""
    for child in parent.iterchildren():
        if not isinstance(child, Choose):
            yield child
            continue
        taken = next((branch for branch in child.iterchildren() if isinstance(branch, Else) or
                      isinstance(branch, If) and planned(branch, conditions.test)(
                          item, context)), None)
        if taken is not None:
            yield from _candidates(taken, item, context)
