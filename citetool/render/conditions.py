"""Conditions (CSL 1.0.2, "Choose"): cs:if and cs:else-if tested as citeproc-js tests them,
each compiled once into a closure (position and disambiguate tests read citations.py and
disambiguation.py); compiled.py chooses the branch.
"""
from __future__ import annotations

from collections.abc import Callable

from citeproc import CitationItem
from citeproc.model import CitationStylesElement, Else, If

from . import disambiguation, numbers
from .numbers import _NUMBER_VARIABLES


def test(condition: If) -> Callable[[object, object], bool]:
    """Whether a cs:if or cs:else-if holds for an item in a context (_holds), with the
    disambiguate="true" test (CSL 1.0.2, "Choose"), which citeproc-py ignored, so the branch
    always held: it holds when disambiguation turned it on for the item
    (render/disambiguation.py), in cites and, as in citeproc-js, in the item's bibliography
    entry."""
    holds = _holds(condition)
    if condition.get("disambiguate") != "true":
        return holds
    match = condition.get("match", "all")
    others = any(name in condition.attrib for name in _CONDITION_TESTS)

    def disambiguated(item: object, context: object) -> bool:
        ambiguity = disambiguation.state(item.reference) if isinstance(item, CitationItem) \
            else None
        turned_on = ambiguity is not None and ambiguity.disambiguate
        if not others:
            return turned_on == (match != "none")
        if turned_on and match == "any":
            return True
        if (not turned_on and match == "all") or (turned_on and match == "none"):
            return False
        return holds(item, context)
    return disambiguated


def by_shape(branch: CitationStylesElement) -> bool:
    """Whether the branch's test reads only the item's shape: its type and which variables
    it has (and whether the cite has a locator), as a cs:else trivially does; not so for
    is-numeric, is-uncertain-date, locator, position or disambiguate, which read values,
    the cite or the state of disambiguation."""
    if isinstance(branch, Else):
        return True
    return isinstance(branch, If) and "disambiguate" not in branch.attrib and all(
        name in ("type", "variable") for name in _CONDITION_TESTS if name in branch.attrib)


def variables(condition: If) -> list[str]:
    """The keys of the record a variable test reads (as _variable_test reads them)."""
    return [variable.replace("-", "_") for variable in condition.get("variable", "").split()]


def _holds(branch: If) -> Callable[[object, object], bool]:
    """Whether the branch's tests hold for an item, as citeproc-py's If decides: each test
    gives one result per value it names, and match (all by default) combines them. A test of
    types alone compares the item's type with a set."""
    tests = [test for test in _IF_TESTS if test[0] in branch.attrib]
    match = branch.get("match", "all")
    if [name for name, *_ in tests] == ["type"]:
        types = [typ.lower() for typ in branch.get("type").split()]
        kinds = frozenset(types)
        if match == "any":
            return lambda item, context: item.reference["type"] in kinds
        if match == "none":
            return lambda item, context: item.reference["type"] not in kinds
        return lambda item, context: all(typ == item.reference["type"] for typ in types)
    combine = any if match == "any" else _none if match == "none" else all
    methods = [(getattr(branch, method), takes_context) for _, method, takes_context in tests]

    def holds(item: object, context: object) -> bool:
        results: list[bool] = []
        for test, takes_context in methods:
            results += test(item, context) if takes_context else test(item)
        return combine(results)
    return holds


def _none(results: list[bool]) -> bool:
    return not any(results)


# citeproc-py's If: its tests, each an attribute, a method, and whether it takes the context.
_IF_TESTS = (("type", "_type", False), ("variable", "_variable", False),
             ("is-numeric", "_is_numeric", False),
             ("is-uncertain-date", "_is_uncertain_date", False), ("locator", "_locator", False),
             ("position", "_position", True))


def _type_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's type test, the condition's types split and lowered once (kept on the
    element, lookups.keep_proxies): it split them for every item at every condition."""
    try:
        types = condition.__dict__[_TYPES]
    except KeyError:
        types = condition.__dict__[_TYPES] = [typ.lower() for typ in condition.get("type").split()]
    if not types:
        return []
    kind = item.reference.type
    return [typ == kind for typ in types]


def _variable_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's variable test, the condition's variables split once (as _type_test)."""
    try:
        tested = condition.__dict__[_VARIABLES]
    except KeyError:
        tested = condition.__dict__[_VARIABLES] = variables(condition)
    return [("locator" in item) if variable == "locator" else (variable in item.reference)
            for variable in tested]


def _numeric_test(condition: If, item: object) -> list[bool]:
    """citeproc-py's is-numeric test, which reads the cite's locator too: it looked for
    "locator" among the record's variables only, so APA's label-locator macro took "chap. 27"
    for not numeric and printed "(Knuth, 1984, 27)" where citeproc-js has "Chapter 27".
    Pages and locators are numbers as citeproc-js reads the number variables: "2-3",
    "12, 14", "iv-xii" are numeric (annual-reviews printed "Journal. 2–3" for "Journal,
    pp. 2–3"), "A-3" and "1:1-1:4" are not."""
    results = []
    for variable in condition.get("is-numeric").split():
        if variable == "locator":
            locator = item.get("locator") if isinstance(item, CitationItem) else None
            identifier = str(locator.identifier) if locator else ""
            numeric = numbers.is_numeric(identifier) if identifier else False
            results.append(bool(condition.re_numeric.match(identifier)) if numeric is None
                           else numeric)
        elif variable in NUMERIC_TESTED and variable.replace("-", "_") in item.reference \
                and (numeric := numbers.is_numeric(item.reference[variable.replace("-", "_")])
                     ) is not None:  # "2-3" is numeric for citeproc-js, not for citeproc-py
            results.append(numeric)
        else:
            results += _CITEPROC_IS_NUMERIC(condition, item)
    return results


#: The variables is-numeric tests as citeproc-js does (numbers.is_numeric), the number
#: variables and the page; compiled.text also knows them as numbers an item may have.
NUMERIC_TESTED = _NUMBER_VARIABLES | {"page"}
_TYPES, _VARIABLES = "_citetool_types", "_citetool_variables"
_CONDITION_TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator",
                    "position")

_CITEPROC_IS_NUMERIC = If._is_numeric
