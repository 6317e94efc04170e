"""The style's layouts, groups, macros and choices compiled once into closures (issue #16).

citeproc-py renders by asking every element of the style tree, for every item, what it is and
what its attributes say; our methods kept their answers on the elements (lookups.planned), but
each item still went through citeproc-py's generic render and one method per element kind.
Here each container of a loaded style (cs:layout, cs:if, cs:else-if, cs:else, cs:group,
cs:macro, cs:choose) is compiled, the first time it renders, into a closure over its children's
closures: the walk from a layout down to its leaves calls no generic dispatch. The leaves
(cs:text, cs:date, cs:number, cs:label) render through their elements' methods, the rendering
rules of text.py, dates.py and numbers.py; a cs:names through the plan names.py compiles for it
(names.names_plan: its cs:name, cs:label, delimiter and substitute found once, the cs:name's
options read once per context).

Nothing is written on the style's elements while rendering: a cs:choose returns the text of
the branch it took with whether that branch called variables and whether one rendered (CSL
1.0.2, "Group": a group or macro around it is suppressed when a variable was called and none
rendered). The closures are kept on the elements (planned), made once per loaded style and
locale.

A cs:choose whose first branches test only the item's type and which variables it has (its
shape) settles them once per shape: the decision, which of those branches holds, is kept with
the compiled choose, keyed by the type and the presence of the variables its tests name (and,
for a test of "locator", whether the cite has one), which is all that those tests read.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc.model import (
    Choose,
    Else,
    Group,
    If,
    Label,
    Macro,
    Names,
    Number,
    StrippedPeriods,
    Text,
    TextCased,
)
from citeproc.model import Date as DateElement
from citeproc.source import VariableError
from citeproc.string import String, join

from . import conditions, numbers
from .bibliography import ENTRY, NUMBER_ASKED
from .dates import called_by
from .lookups import affixes, calls_variable, planned
from .names import names_plan
from .number_end import (
    after_decorations,
    carry,
    decorated,
    delimited,
    delimiting_group,
    is_decorated,
    is_substituted,
    undecorated,
)
from .output import unformatted
from .text import _markup, _text_plan, _variable_plan

#: A compiled element: the item and the keyword arguments of citeproc-py's render (context,
#: sort_options, …) give its text or None; it raises VariableError as the element's render.
Node = Callable[[Any, dict[str, Any]], Any]
#: A compiled cs:choose: item, keyword arguments and the delimiter of the element around it
#: give the text, whether the branch taken called variables and whether one rendered.
ChooseNode = Callable[[Any, dict[str, Any], str], tuple[Any, bool, bool]]
#: A compiled child: its closure, whether it calls a variable, whether its output counts as a
#: variable's rendering, and whether it is a cs:choose (a ChooseNode, given the delimiter).
Child = tuple[Callable[..., Any], bool, bool, bool]


def children(parent: Any) -> list[Child]:
    """The compiled children of a layout, branch or group: what each calls counts, and the
    output of a macro counts as a group's does (see _counts)."""
    return [_child(child, calls_variable(child), _counts(child) or None)
            for child in parent.iterchildren()]


def macro_children(macro: Macro) -> list[Child]:
    """The compiled children of a macro: a child's output counts as a variable's rendering
    also when it chooses by a test of variables (see macro), or calls a macro (_counts)."""
    compiled = []
    for child in macro.iterchildren():
        calls = calls_variable(child)
        compiled.append(_child(child, calls, calls or _counts(child) or planned(
            child, _tests_variables)))
    return compiled


def _counts(element: Any) -> bool:
    """Whether the element's output counts as a variable's rendering whatever it calls: a
    cs:text calling a macro, which citeproc-js renders as a group (and citeproc-py counts
    a printed cs:group so): a macro printing only the term "In" keeps the group or macro
    around it, whose variables are empty, as in citeproc-js 2.4.63 (springer-humanities'
    "Thinking Institutionally. In ." for a chapter without its book)."""
    return isinstance(element, Text) and "macro" in element.attrib


def _child(element: Any, calls: bool, counts: bool | None = None) -> Child:
    if isinstance(element, Choose):
        return planned(element, choose), calls, calls, True
    return node(element), calls, calls if counts is None else counts, False


def node(element: Any) -> Node:
    """The element's closure: a group's or cs:text's compiled one; a cs:names, cs:date,
    cs:number or cs:label its process and markup called at once (citeproc-py's generic
    render, which they keep, calls them); else its own render."""
    if isinstance(element, Group):
        return planned(element, group)
    if isinstance(element, Text):
        return planned(element, text)
    if isinstance(element, DateElement):
        return planned(element, date)
    if isinstance(element, Names):
        return names(element)
    if isinstance(element, Number | Label):
        process, markup = element.process, element.markup
        return lambda item, kwargs: markup(process(item, **kwargs))
    render = element.render
    return lambda item, kwargs: render(item, **kwargs)


def names(element: Names) -> Node:
    """A cs:names: its compiled plan (names.names_plan), then its markup."""
    markup = planned(element, leaf_markup)

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        given = kwargs.get("names_context")
        rest = {key: value for key, value in kwargs.items()
                if key != "context" and key != "names_context"}
        return markup(names_plan(element, given)(item, kwargs.get("context"), rest))
    return render


def date(element: DateElement) -> Node:
    """A cs:date: a date variable the item lacks raises VariableError at once, where
    citeproc-py's process raised it after looking up the locale's date and rendering it (half
    of APA's dates), having noted what called the date (dates.called_by). A date without a
    variable, or of a form the locales lack, renders as before (and fails there)."""
    process = element.process  # its markup gives the text as it is
    variable, form = element.get("variable"), element.get("form")
    if variable is None or form is not None and not element.is_locale_date() and \
            element.get_date(form) is None:
        return lambda item, kwargs: process(item, **kwargs)
    key = variable.replace("-", "_")

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        if key not in item.reference:
            called_by(element, kwargs.get("context"))
            raise VariableError
        return process(item, **kwargs)
    return render


def leaf_markup(element: Names | Number | Label) -> Callable[[Any], Any]:
    """citeproc-py's markup of a cs:names, cs:number or cs:label (periods stripped, case,
    formatting, affixes; names have neither of the first two), its attributes read once:
    the steps they do not ask for are left out, each of which gave the text as it is (see
    output.unformatted, lookups.affixes), where they were asked for every item."""
    stripped = isinstance(element, StrippedPeriods) and element.get(
        "strip-periods", "false").lower() == "true"
    cased = isinstance(element, TextCased) and element.get("text-case") is not None
    formatted = not unformatted(element)
    prefix, suffix, numeric = affixes(element)
    wrapped = bool(prefix or suffix or numeric)

    def markup(text: Any) -> Any:
        if not text:
            return None
        if is_substituted(text):  # a cs:names's substitute that is no names: as it is
            return text
        if stripped:
            text = element.strip_periods(text)
        if cased:
            text = element.case(text)
        if formatted:
            text = element.format(text)
        elif isinstance(text, int | float):
            text = str(text)
        text = element.wrap(text) if wrapped else text
        return decorated(text) if formatted else text
    return markup


def text(element: Text) -> Node:
    """A cs:text (text._text) without its generic steps: a macro called directly, a
    variable read at once (and a record variable the item lacks nothing at once, see
    text._text_variable), a term looked up; then its markup (text._markup). A value, or a
    text whose plan fails (a macro the style lacks), renders as before (and fails there)."""
    render = element.render
    try:
        kind, target, default_language, *_ = planned(element, _text_plan)
        keys = planned(element, _variable_plan)[1] if kind == "variable" else ()
        markup = planned(element, _markup)
    except Exception:  # raised again where the text renders
        kind, keys = None, ()
    if kind == "macro":
        called: Node | None = None  # compiled when first called

        def render_macro(item: Any, kwargs: dict[str, Any]) -> Any:
            nonlocal called
            if called is None:
                called = planned(target, macro)
            if kwargs.get("context") is None:
                kwargs = {"context": element, "sort_options": kwargs.get("sort_options")}
            elif len(kwargs) != 2 or "sort_options" not in kwargs:  # else a macro's own
                kwargs = {"context": kwargs["context"], "sort_options": kwargs.get(
                    "sort_options")}
            return markup(called(item, kwargs), item.text_language or default_language)
        return render_macro
    if kind == "variable":
        variable = element._variable
        asked = element.get("variable") in _ASKED_NUMBERS
        numeric = element.get("variable").replace("-", "_") \
            if element.get("variable") in conditions.NUMERIC_TESTED else None

        def render_variable(item: Any, kwargs: dict[str, Any]) -> Any:
            if keys:
                reference = item.reference
                for key in keys:
                    if key in reference:
                        break
                else:
                    if asked and (entry := ENTRY.get()) is not None:
                        entry[NUMBER_ASKED] = True
                    return None
            context = kwargs.get("context")
            text = markup(variable(item, element if context is None else context),
                          item.text_language or default_language)
            if text is None and numeric and numbers.joiners_alone(str(
                    item.reference.get(numeric, ""))):
                return UNPRINTED
            return text
        return render_variable
    if kind == "term":
        term = element._term

        def render_term(item: Any, kwargs: dict[str, Any]) -> Any:
            return markup(term(item), item.text_language or default_language)
        return render_term
    return lambda item, kwargs: render(item, **kwargs)


# The number variables whose cs:text counts as printed before a term where the item lacks them
# (bibliography.NUMBER_ASKED): citeproc-js's list of those it reads as numbers, but the pages.
_ASKED_NUMBERS = frozenset("chapter-number collection-number edition issue number "
                           "number-of-pages number-of-volumes volume".split())


class _Unprinted(str):
    """What a number variable of joiners alone prints (numbers._number_text: a page "-"):
    nothing, but as citeproc-js 2.4.63 counts it, a variable the item has, so the group
    around it is not suppressed (IEEE's label "p.," before it)."""

    __slots__ = ()


UNPRINTED = _Unprinted()


def run(compiled: list[Child], item: Any, kwargs: dict[str, Any], delimiter: str
        ) -> tuple[list[Any], bool, bool]:
    """The children's output, whether they called variables and whether one rendered; a
    child that raises VariableError renders nothing, and counts as calling what it calls."""
    output = []
    called = rendered = False
    for render, calls, counts, is_choose in compiled:
        try:
            if is_choose:
                text, calls, counts = render(item, kwargs, delimiter)
            else:
                text = render(item, kwargs)
        except VariableError:
            called = called or calls
            continue
        called = called or calls
        if text is UNPRINTED:
            rendered = rendered or counts
        elif text is not None:
            output.append(text)
            rendered = rendered or counts
    return output, called, rendered


def group(element: Group) -> Node:
    """A cs:group: suppressed (VariableError) when it calls variables and none of them
    rendered (CSL 1.0.2, "Group"). A cs:choose counts with the variables of the branch it
    took, as citeproc-js decides when it renders: APA's "Publication" chosen for a thesis with
    a genre is a term, and the thesis number printed after it is empty, so the group is not
    printed; "n.d." chosen for no date is printed."""
    delimiter = element.get("delimiter", "")
    wrap, format_ = element.wrap, element.format
    # without affixes and formatting, wrapping and formatting give the text as it is
    formatted = not unformatted(element)
    plain = not formatted and not any(affixes(element))
    plan = _item_plan(element)

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        entry = ENTRY.get()
        asked = entry is not None and entry.get(NUMBER_ASKED, False)
        output, called, rendered = run(plan(item, kwargs), item, kwargs, delimiter)
        if not output or (called and not rendered):
            if entry is not None:  # a group that prints nothing asked for nothing
                entry[NUMBER_ASKED] = asked
            raise VariableError
        if len(output) == 1:  # joined, it is itself
            text = output[0]
        else:
            try:
                text = carry(output[-1], join(delimited(output, delimiter, element)
                                              if delimiter else after_decorations(output),
                                              delimiter))
            except Exception:  # as citeproc-py's Delimited.join: unjoinable output is empty
                text = String("")
        if not text:
            return None
        if formatted:
            return decorated(wrap(format_(text)))
        return undecorated(text if plain else wrap(text))
    return render


def macro(element: Macro) -> Node:
    """A cs:macro, given the item and its context and sort options (the keyword arguments
    its children render with, which nothing changes): suppressed (None) as a group is
    when it calls variables and none of them rendered, as citeproc-js treats a macro (a
    chapter without a container printed "His Anonymous Life, in"). A term chosen by a test of
    variables ("Anon." for no author) counts as their rendering, as in citeproc-js; in a
    cs:choose, only the variables of the branch taken count: elsevier-harvard's "in: " and an
    empty container were printed for a chapter without a book title."""
    plan = _item_plan(element)

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        entry = ENTRY.get()
        asked = entry is not None and entry.get(NUMBER_ASKED, False)
        output, called, rendered = run(plan(item, kwargs), item, kwargs, "")
        if not output or (called and not rendered):
            if entry is not None:  # as a group (bibliography.NUMBER_ASKED)
                entry[NUMBER_ASKED] = asked
            return None
        if len(output) == 1:
            return undecorated(output[0])
        return carry(output[-1], join(after_decorations(output), ""))
    return render


def branch(parent: Any) -> ChooseNode:
    """A layout's or branch's children, joined by the delimiter given (a cs:choose takes the
    delimiter of the element around it), with what they did with variables."""
    plan = _item_plan(parent)

    def render(item: Any, kwargs: dict[str, Any], delimiter: str) -> tuple[Any, bool, bool]:
        output, called, rendered = run(plan(item, kwargs), item, kwargs, delimiter)
        return _joined(parent, output, delimiter), called, rendered
    return render


def _item_plan(parent: Any) -> Callable[[Any, dict[str, Any]], list[Child]]:
    """The compiled children (macro_children for a macro) that a layout, branch, group or
    macro renders for an item: its plan for the item's shape where it has one (by_shape);
    compiled when it first renders."""
    compiled: list[Child] | None = None
    shaped: Shaped | None = None

    def plan(item: Any, kwargs: dict[str, Any]) -> list[Child]:
        nonlocal compiled, shaped
        if compiled is None:
            compiled = planned(parent, macro_children if isinstance(parent, Macro) else children)
            shaped = planned(parent, by_shape)
        return compiled if shaped is None else shaped(item, kwargs)
    return plan


def _joined(parent: Any, output: list[Any], delimiter: str) -> Any:
    """The children's output joined by ``delimiter`` (see branch)."""
    if len(output) > 1:  # a choice is no element: its last one's formatting is its end's
        joined = delimited(output, delimiter, delimiting_group(parent), suffixes=False) \
            if delimiter else after_decorations(output)
        text = carry(output[-1], join(joined, delimiter))
        return decorated(text) if is_decorated(output[-1]) else text
    return output[0] if output else None


class _Choice:
    """A cs:choose's branches, and which of its leading branches (those that test only the
    item's shape, conditions.by_shape) holds for an item: decided once per shape and kept,
    keyed by the type and the presence of the variables their tests name (and, for a test
    of "locator", whether the cite has one), which is all that those tests read."""

    def __init__(self, element: Choose) -> None:
        self.elements = list(element.iterchildren())
        self.branches = [_branch(child) for child in self.elements]
        self.settled = next((number for number, child in enumerate(self.elements)
                             if not conditions.by_shape(child)), len(self.elements))
        tested = sorted({variable for child in self.elements[:self.settled]
                         if isinstance(child, If) for variable in conditions.variables(child)})
        self.locator = "locator" in tested
        self.tested = [variable for variable in tested if variable != "locator"]
        self._decisions: dict[tuple[Any, ...], int] = {}

    def first(self, item: Any, context: Any) -> int:
        """The first settled branch that holds for the item's shape, else ``settled``."""
        shape = _shape(item, self.locator, self.tested)
        try:
            return self._decisions[shape]
        except KeyError:
            first = self._decisions[shape] = next(
                (number for number, (test, _) in enumerate(self.branches[:self.settled])
                 if test is None or test(item, context)), self.settled)
            return first


def _shape(item: Any, locator: bool, tested: list[str]) -> tuple[Any, ...]:
    """The item's shape as tests that read only it see it: its type, whether the cite has a
    locator (where ``locator``) and whether the record has each of the ``tested`` variables."""
    reference = item.reference
    return (reference.get("type"), locator and "locator" in item,
            *map(reference.__contains__, tested))


def choose(element: Choose) -> ChooseNode:
    """A cs:choose: the first branch whose tests hold renders (conditions.test); none
    rendered is (None, False, False). The leading branches that test only the item's shape
    are settled once per shape (_Choice)."""
    choice = planned(element, _Choice)
    branches, settled = choice.branches, choice.settled

    def render(item: Any, kwargs: dict[str, Any], delimiter: str) -> tuple[Any, bool, bool]:
        context = kwargs.get("context")
        first = choice.first(item, context) if settled else 0
        if first < settled:
            return branches[first][1](item, kwargs, delimiter)
        for test, taken in branches[first:]:
            if test is None or test(item, context):
                return taken(item, kwargs, delimiter)
        return None, False, False
    return render


#: A container's compiled children for an item (and the keyword arguments it renders with).
Shaped = Callable[[Any, dict[str, Any]], list[Child]]


def by_shape(parent: Any) -> Shaped | None:
    """A layout's, branch's, group's or macro's children for an item's shape (issue #16's
    plan per shape), None when no cs:choose child has branches settled by the shape
    (_Choice). Such a choose renders what the settled branch that holds renders: in the
    plan, it is that branch; a branch of at most one child is that child, or nothing (the
    branch renders what its one child does, with what that child calls and whether it
    counts); where no branch holds and all of them are settled, the choose is nothing. So an
    item goes through neither the choose nor, mostly, its branch. The plan is kept per shape:
    the type and the presence of the variables the chooses' settled branches test."""
    choices = {number: planned(child, _Choice) for number, child in enumerate(
        parent.iterchildren()) if isinstance(child, Choose)}
    choices = {number: choice for number, choice in choices.items() if choice.settled}
    if not choices:
        return None
    compiled = planned(parent, macro_children if isinstance(parent, Macro) else children)
    locator = any(choice.locator for choice in choices.values())
    tested = sorted({variable for choice in choices.values() for variable in choice.tested})
    plans: dict[tuple[Any, ...], list[Child]] = {}

    def shaped(item: Any, kwargs: dict[str, Any]) -> list[Child]:
        shape = _shape(item, locator, tested)
        try:
            return plans[shape]
        except KeyError:
            plan = plans[shape] = _plan(compiled, choices, item, kwargs.get("context"))
            return plan
    return shaped


def _plan(compiled: list[Child], choices: dict[int, _Choice], item: Any, context: Any
          ) -> list[Child]:
    """The children of by_shape's plan for the item's shape."""
    plan: list[Child] = []
    for number, child in enumerate(compiled):
        choice = choices.get(number)
        if choice is None:
            plan.append(child)
            continue
        first = choice.first(item, context)
        if first == choice.settled:  # none of the settled branches holds
            if first < len(choice.elements):
                plan.append(child)  # the choose tests the others
            continue
        taken = choice.elements[first]
        kids = planned(taken, children) if isinstance(taken, If | Else) else None
        if kids is None or len(kids) > 1:
            plan.append((choice.branches[first][1], child[1], child[2], True))
        else:
            plan.extend(kids)
    return plan


def _tests_variables(element: Any) -> bool:
    """Whether the element chooses by a test of variables (cs:if variable="…"), itself or
    in a macro it calls (planned: kept on the element, which its style holds)."""
    root = element.getroottree().getroot()
    if element.xpath(".//cs:if[@variable] | .//cs:else-if[@variable]", namespaces=root.nsmap):
        return True
    macros = element.xpath("descendant-or-self::cs:text/@macro", namespaces=root.nsmap)
    return any(planned(macro, _tests_variables) for name in macros for macro in root.xpath(
        f'cs:macro[@name="{name}"]', namespaces=root.nsmap))


def _branch(element: Any) -> tuple[Callable[[Any, Any], bool] | None, ChooseNode]:
    """A branch's test (conditions.test; None for cs:else, which always holds) and its
    compiled children. An element of no known branch kind fails when taken, as citeproc-py
    failed on it."""
    if isinstance(element, If):
        return conditions.test(element), planned(element, branch)
    if isinstance(element, Else):
        return None, planned(element, branch)
    return None, lambda item, kwargs, delimiter: element.render_children(
        item, delimiter=delimiter, **kwargs)


# The methods of our elements that render through the compiled closures (engine._OVERRIDES):
# whoever renders an element (a layout for each entry or cite, a sort key its macro, a
# substitute its children) enters here.

def render_children(parent: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
    """A layout's (or branch's) children, joined by ``delimiter``."""
    return planned(parent, branch)(item, kwargs, delimiter)[0]


def render_entry(layout: Any, item: Any) -> tuple[Any, Any]:
    """A bibliography layout's children joined, as render_children joins them, and what the
    first of them printed (None: nothing), every child rendered once: the entry and its
    citation number (bibliography._rendered)."""
    plan = planned(layout, _item_plan)(item, {})
    first = run(plan[:1], item, {}, "")[0]
    return _joined(layout, first + run(plan[1:], item, {}, "")[0], ""), next(iter(first), None)


def render_group(element: Group, item: Any, **kwargs: Any) -> Any:
    """A cs:group (see group)."""
    return planned(element, group)(item, kwargs)


def render_choose(element: Choose, item: Any, context: Any = None, delimiter: str = "",
                  **kwargs: Any) -> Any:
    """A cs:choose's text (see choose)."""
    return planned(element, choose)(item, {"context": context, **kwargs}, delimiter)[0]


def render_macro(element: Macro, item: Any, context: Any = None, sort_options: Any = None
                 ) -> Any:
    """A cs:macro (see macro)."""
    return planned(element, macro)(item, {"context": context, "sort_options": sort_options})


def render_markup(element: Names | Number | Label, text: Any) -> Any:
    """The markup of a cs:names, cs:number or cs:label (see leaf_markup)."""
    return planned(element, leaf_markup)(text)
