"""Conditions (CSL 1.0.2, "Choose"): cs:choose and cs:if as citeproc-js tests them, from plans
made once per element (position and disambiguate tests read citations.py and
disambiguation.py).
"""
from __future__ import annotations

from collections.abc import Callable

from citeproc import CitationItem
from citeproc.model import Choose, CitationStylesElement, ConditionFailed, If

from . import disambiguation, numbers
from .lookups import planned, took_branch
from .numbers import _NUMBER_VARIABLES


def _condition(condition: If, item: object, *args: object, **kwargs: object) -> object:
    """citeproc-py's cs:if and cs:else-if, with the disambiguate="true" test (CSL 1.0.2,
    "Choose"): it ignored the attribute, so the branch always held. It holds when
    disambiguation turned it on for the item (render/disambiguation.py), in cites and, as in
    citeproc-js, in the item's bibliography entry."""
    if condition.get("disambiguate") != "true":
        return _CITEPROC_IF(condition, item, *args, **kwargs)
    ambiguity = disambiguation.state(item.reference) if isinstance(item, CitationItem) \
        else None
    holds = ambiguity is not None and ambiguity.disambiguate
    match = condition.get("match", "all")
    if not any(test in condition.attrib for test in _CONDITION_TESTS):
        if holds == (match != "none"):
            return condition.render_children(item, *args, **kwargs)
        raise ConditionFailed
    if holds and match == "any":
        return condition.render_children(item, *args, **kwargs)
    if (not holds and match == "all") or (holds and match == "none"):
        raise ConditionFailed
    return _CITEPROC_IF(condition, item, *args, **kwargs)


def _choose(choose: Choose, item: object, context: object = None, delimiter: str = "",
            **kwargs: object) -> object:
    """citeproc-py's cs:choose from its plan (_branches): the first branch whose tests hold
    renders. citeproc-py read each branch's attributes again and raised an exception for each
    branch that failed, for every item; a branch with disambiguate="true" goes through
    _condition. It notes which branch it took: the group around it counts only that branch's
    variables (lookups.took_branch)."""
    for branch, holds in planned(choose, _branches):
        if holds is _condition:
            try:
                text = branch.render(item, context=context, delimiter=delimiter, **kwargs)
            except ConditionFailed:
                continue
        elif holds is None or holds(item, context):
            text = branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
        else:
            continue
        took_branch(choose, branch)
        return text
    took_branch(choose, None)
    return None


def _branches(choose: Choose) -> list[tuple[CitationStylesElement, Callable | None]]:
    """Each branch and the test of whether it holds: None for cs:else, _condition for a
    disambiguate="true" branch."""
    return [(branch, None if not isinstance(branch, If) else _condition
             if "disambiguate" in branch.attrib else _holds(branch))
            for branch in choose.iterchildren()]


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
        variables = condition.__dict__[_VARIABLES]
    except KeyError:
        variables = condition.__dict__[_VARIABLES] = [
            variable.replace("-", "_") for variable in condition.get("variable").split()]
    return [("locator" in item) if variable == "locator" else (variable in item.reference)
            for variable in variables]


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
        elif variable in _NUMERIC_TESTED and variable.replace("-", "_") in item.reference \
                and (numeric := numbers.is_numeric(item.reference[variable.replace("-", "_")])
                     ) is not None:  # "2-3" is numeric for citeproc-js, not for citeproc-py
            results.append(numeric)
        else:
            results += _CITEPROC_IS_NUMERIC(condition, item)
    return results


_NUMERIC_TESTED = _NUMBER_VARIABLES | {"page"}
_TYPES, _VARIABLES = "_citetool_types", "_citetool_variables"
_CONDITION_TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator",
                    "position")


_CITEPROC_IF = If.render
_CITEPROC_IS_NUMERIC = If._is_numeric
