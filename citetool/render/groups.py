"""Groups, macros and substitute (CSL 1.0.2, "Group", "Macro", "Substitute"): macros suppressed
as groups, and the variables a substitute printed suppressed in the rest of the entry.
Group rendering itself is lookups.py's.
"""
from __future__ import annotations

from citeproc.model import Choose, CitationStylesElement, Macro, Names, Substitute
from citeproc.source import VariableError
from citeproc.string import join

from .lookups import branch_flags, calls_variable, planned
from .number_end import carry

_TEXT_TAG, _NAMES_TAG = ("{http://purl.org/net/xbiblio/csl}text",
                         "{http://purl.org/net/xbiblio/csl}names")


def _substitute(substitute: Substitute, item: object, context: object = None,
                **kwargs: object) -> object:
    """citeproc-py's substitute, suppressing every variable it rendered in the rest of the
    entry (CSL 1.0.2, "Substitute": substituted variables are suppressed in the rest of the
    output). citeproc-py suppresses only a text element's own variable attribute, so
    ``<substitute><text macro="title"/>`` printed the title twice, and a substituted editor
    came back as "In F. Visi (Ed.),"."""
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
        for tag in (_TEXT_TAG, _NAMES_TAG):  # see _text_variable and _names_process
            repressed.setdefault(tag, []).extend(rendered)
        item["_substituted"] = frozenset(rendered)  # the variables it rendered
    return text


def _first_substitute(substitute: Substitute, item: object, context: object,
                      **kwargs: object) -> object:
    """What the first child of a cs:substitute that renders prints, as citeproc-py finds it,
    except that a cs:text of a term ends the search even where the locale's term is empty:
    citeproc-js substitutes once, and an empty "editor" term before the "author" term
    prints nothing (citeproc-py went on and printed the author term)."""
    text = None
    for child in substitute.getchildren():
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
            break
        if child.tag == _TEXT_TAG and child.get("term"):
            break
    return text


def _macro_render(macro: Macro, item: object, context: object = None,
                  sort_options: dict[str, object] | None = None) -> object:
    """citeproc-py's macro, suppressed as a group is when it calls variables and none of
    them rendered (CSL 1.0.2, "Group"), as citeproc-js treats a macro: a chapter without a
    container printed "His Anonymous Life, in". A term chosen by a test of variables
    ("Anon." for no author) counts as their rendering, as in citeproc-js; in a cs:choose,
    only the variables of the branch taken count (lookups.branch_flags): elsevier-harvard's
    "in: " and an empty container were printed for a chapter without a book title."""
    output, called, rendered = [], False, False
    for child, calls, counts in planned(macro, _macro_plan):
        try:
            text = child.render(item, context=context, sort_options=sort_options)
        except VariableError:
            called = called or calls
            continue
        if isinstance(child, Choose):  # the variables of the branch it took
            calls, counts = branch_flags(child, calls)
        called = called or calls
        if text is not None:
            output.append(text)
            rendered = rendered or counts
    if not output or (called and not rendered):
        return None
    return carry(output[-1], join(output, ""))


def _macro_plan(macro: Macro) -> list[tuple[CitationStylesElement, bool, bool]]:
    """Each child of the macro, whether it calls a variable, and whether its output counts
    as a variable's rendering (it calls one, or chooses by a test of variables)."""
    plan = []
    for child in macro.iterchildren():
        calls = calls_variable(child)
        plan.append((child, calls, calls or planned(child, _tests_variables)))
    return plan


def _tests_variables(element: CitationStylesElement) -> bool:
    """Whether the element chooses by a test of variables (cs:if variable="…"), itself or
    in a macro it calls (planned: kept on the element, which its style holds)."""
    root = element.getroottree().getroot()
    if element.xpath(".//cs:if[@variable] | .//cs:else-if[@variable]", namespaces=root.nsmap):
        return True
    macros = element.xpath("descendant-or-self::cs:text/@macro", namespaces=root.nsmap)
    return any(planned(macro, _tests_variables) for name in macros for macro in root.xpath(
        f'cs:macro[@name="{name}"]', namespaces=root.nsmap))
