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

from . import conditions
from .dates import called_by
from .lookups import affixes, calls_variable, planned
from .names import names_plan
from .number_end import carry, delimited, delimiting_group
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
        if stripped:
            text = element.strip_periods(text)
        if cased:
            text = element.case(text)
        if formatted:
            text = element.format(text)
        elif isinstance(text, int | float):
            text = str(text)
        return element.wrap(text) if wrapped else text
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

        def render_variable(item: Any, kwargs: dict[str, Any]) -> Any:
            if keys:
                reference = item.reference
                for key in keys:
                    if key in reference:
                        break
                else:
                    return None
            context = kwargs.get("context")
            return markup(variable(item, element if context is None else context),
                          item.text_language or default_language)
        return render_variable
    if kind == "term":
        term = element._term

        def render_term(item: Any, kwargs: dict[str, Any]) -> Any:
            return markup(term(item), item.text_language or default_language)
        return render_term
    return lambda item, kwargs: render(item, **kwargs)


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
        if text is not None:
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
    plain = unformatted(element) and not any(affixes(element))
    compiled: list[Child] | None = None

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        nonlocal compiled
        if compiled is None:
            compiled = children(element)
        output, called, rendered = run(compiled, item, kwargs, delimiter)
        if not output or (called and not rendered):
            raise VariableError
        if len(output) == 1:  # joined, it is itself
            text = output[0]
        else:
            try:
                text = carry(output[-1], join(delimited(output, delimiter, element), delimiter))
            except Exception:  # as citeproc-py's Delimited.join: unjoinable output is empty
                text = String("")
        if not text:
            return None
        return text if plain else wrap(format_(text))
    return render


def macro(element: Macro) -> Node:
    """A cs:macro, given the item and its context and sort options (the keyword arguments
    its children render with, which nothing changes): suppressed (None) as a group is
    when it calls variables and none of them rendered, as citeproc-js treats a macro (a
    chapter without a container printed "His Anonymous Life, in"). A term chosen by a test of
    variables ("Anon." for no author) counts as their rendering, as in citeproc-js; in a
    cs:choose, only the variables of the branch taken count: elsevier-harvard's "in: " and an
    empty container were printed for a chapter without a book title."""
    compiled: list[Child] | None = None

    def render(item: Any, kwargs: dict[str, Any]) -> Any:
        nonlocal compiled
        if compiled is None:
            compiled = macro_children(element)
        output, called, rendered = run(compiled, item, kwargs, "")
        if not output or (called and not rendered):
            return None
        return output[0] if len(output) == 1 else carry(output[-1], join(output, ""))
    return render


def branch(parent: Any) -> ChooseNode:
    """A layout's or branch's children, joined by the delimiter given (a cs:choose takes the
    delimiter of the element around it), with what they did with variables."""
    compiled: list[Child] | None = None

    def render(item: Any, kwargs: dict[str, Any], delimiter: str) -> tuple[Any, bool, bool]:
        nonlocal compiled
        if compiled is None:
            compiled = children(parent)
        output, called, rendered = run(compiled, item, kwargs, delimiter)
        if len(output) > 1:
            output = delimited(output, delimiter, delimiting_group(parent), suffixes=False)
            return carry(output[-1], join(output, delimiter)), called, rendered
        return output[0] if output else None, called, rendered
    return render


def choose(element: Choose) -> ChooseNode:
    """A cs:choose: the first branch whose tests hold renders (conditions.test); none
    rendered is (None, False, False). The leading branches that test only the item's shape
    are settled once per shape (see the module's docstring)."""
    kids = list(element.iterchildren())
    branches = [_branch(child) for child in kids]
    settled = next((number for number, child in enumerate(kids)  # the leading branches
                    if not conditions.by_shape(child)), len(kids))  # the shape decides
    tested = sorted({variable for child in kids[:settled]
                     if isinstance(child, If) for variable in conditions.variables(child)})
    locator = "locator" in tested
    tested = [variable for variable in tested if variable != "locator"]
    # the first settled branch that holds for an item's shape, else ``settled``
    decisions: dict[tuple[Any, ...], int] = {}

    def render(item: Any, kwargs: dict[str, Any], delimiter: str) -> tuple[Any, bool, bool]:
        context = kwargs.get("context")
        if settled:
            reference = item.reference
            shape = (reference.get("type"), locator and "locator" in item,
                     *map(reference.__contains__, tested))
            try:
                first = decisions[shape]
            except KeyError:
                first = decisions[shape] = next(
                    (number for number, (test, _) in enumerate(branches[:settled])
                     if test is None or test(item, context)), settled)
            if first < settled:
                return branches[first][1](item, kwargs, delimiter)
        else:
            first = 0
        for test, taken in branches[first:]:
            if test is None or test(item, context):
                return taken(item, kwargs, delimiter)
        return None, False, False
    return render


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
