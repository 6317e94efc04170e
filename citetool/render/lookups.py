"""Memoized style lookups for citeproc-py: its speed layer.

citeproc-py looks things up in the style tree with XPath every time it needs them — a macro by
name, the enclosing layout, a locale term — and asks every group, for every item, whether
its children call a variable, walking into every macro again. For a large style (the CSL
repository's APA) that was 40 % of the rendering time. The answers depend only on the
style, which never changes once loaded, so each element keeps them after the first time.
Likewise each cited item keeps its reference, and the bibliography finds keys in a set and
numbers in a dict, where citeproc-py searched its list of keys (quadratic in the items).

The elements rendered for every item also keep their plans (planned()): layouts, groups,
macros and choices their compiled closures (compiled.py), affixed elements their prefix and
suffix, names their options. citeproc-py read the attributes again for every item (an lxml attribute read
costs as much as the rest of a simple element's work), asked each child its class, and raised
and caught an exception for every option it found unset; together that was a fifth of the time.

None of this is assigned to citeproc-py's classes, which stay as citeproc-py defines them for
anyone else in the process: our styles' elements, cites and bibliographies are of classes
derived from them with our methods (OVERRIDES, with engine.py's; derived, element_lookup),
parsed by a parser of our own (CSLFile, StyleFile).

Each element's cache lives on its lxml proxy object. lxml makes a new proxy for a node whenever
no Python object refers to the old one, so keep_proxies() holds every element of a loaded style
and of its locales: then each node has one proxy, and one cache, for the style's lifetime.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

from citeproc import (
    LANGUAGE_NAMES,
    LOCALES_PATH,
    PRIMARY_DIALECTS,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.frontend import CitationStylesXML
from citeproc.model import (
    Affixed,
    CitationStylesElement,
    Locale,
    Name,
    Parent,
    SomewhatObjectifiedElement,
    Style,
    Text,
)
from citeproc.string import String, normalize_seam
from lxml import etree

from .number_end import (
    ends_in_number,
    kept_apart,
    marked,
    renders_number,
    suffixed,
)

_XPATH, _CALLS, _ROOT = "_citetool_xpath", "_citetool_calls_variable", "_citetool_root"
_LAYOUT = "_citetool_layout"
_AFFIXES, _OPTIONS = "_citetool_affixes", "_citetool_name_options"
_TERMS, _MACROS, _TERM_TABLE = "_citetool_terms", "_citetool_macros", "_citetool_term_table"
_CS = f"{{{SomewhatObjectifiedElement.nsmap['cs']}}}"
Plan = TypeVar("Plan")


def keep_proxies(style: Any) -> None:
    """Pin one proxy per element of a citeproc-py CitationStylesStyle and its locales."""
    trees = [style.root] + [locale.getroottree().getroot() for locale in style.root.locales]
    style.root.__dict__["_citetool_proxies"] = [element for tree in trees
                                                for element in tree.iter()]


def _get_root(element: Any) -> Any:
    try:
        return element.__dict__[_ROOT]
    except KeyError:
        root = element.__dict__[_ROOT] = element.getroottree().getroot()
        return root


def _get_layout(element: Any) -> Any:
    try:
        return element.__dict__[_LAYOUT]
    except KeyError:
        layout = element.__dict__[_LAYOUT] = element.xpath_search(
            "./ancestor-or-self::cs:layout[1]")[0]
        return layout


def _xpath_search(element: Any, expression: str) -> list[Any]:
    cache = element.__dict__.setdefault(_XPATH, {})
    try:
        return cache[expression]
    except KeyError:
        found = cache[expression] = _xpath(expression)(element)
        return found


@functools.lru_cache(maxsize=256)
def _xpath(expression: str) -> etree.XPath:
    """citeproc-py's XPath expression, compiled once: lxml compiles an element.xpath()'s again
    for every element, and citeproc-py asks the same of many (each name its cs:names)."""
    return etree.XPath(expression, namespaces=SomewhatObjectifiedElement.nsmap)


def _get_macro(element: Any, name: str) -> Any:
    """The style's first macro of this name, from a table of its macros made once: citeproc-py
    ran an XPath query for each name, which lxml compiles every time (138 queries, a sixth of
    the rendering of a one-record run in APA). No such macro: IndexError, as citeproc-py's."""
    root = element.get_root()
    try:
        macros = root.__dict__[_MACROS]
    except KeyError:
        macros = root.__dict__[_MACROS] = {}
        for macro in root.iterchildren(_CS + "macro"):
            macros.setdefault(macro.get("name"), macro)
    try:
        return macros[name]
    except KeyError:
        raise IndexError(name) from None


def _locale_term(locale: Any, name: str, form: str | None = None,
                 zero_padded: bool = False) -> Any:
    """The locale's first term of this name and form (None: no form attribute), from a table
    of its terms made once, where citeproc-py ran an XPath query each time (see _get_macro);
    ``zero_padded`` leaves out terms that match whole numbers or last two digits. None:
    IndexError, as citeproc-py's."""
    try:
        table = locale.__dict__[_TERM_TABLE]
    except KeyError:
        table = locale.__dict__[_TERM_TABLE] = {}
        terms = locale.terms
        for term in () if terms is None else terms.iterchildren(_CS + "term"):
            table.setdefault((term.get("name"), term.get("form")), []).append(term)
    found = table.get((name, form), ())
    if zero_padded:
        found = [term for term in found
                 if term.get("match") not in ("whole-number", "last-two-digits")]
    if not found:
        raise IndexError(name)
    return found[0]


def _child(element: Any, name: str) -> Any:
    """citeproc-py's child by attribute name (``names.substitute``, ``style.citation``), a
    search of its children each time: kept on the element, where Python finds it without asking
    again (the style's tree never changes; attributes assigned later replace it)."""
    found = element.__dict__[name] = element.find("cs:" + name, element.nsmap)
    return found


def _memoized_calls_variable(compute: Any) -> Any:
    def calls_variable(element: Any) -> bool:
        try:
            return element.__dict__[_CALLS]
        except KeyError:
            answer = element.__dict__[_CALLS] = compute(element)
            return answer
    return calls_variable


def _memoized_locale_option(compute: Any) -> Any:
    def get_option(locale: Any, name: str) -> Any:
        cache = locale.__dict__.setdefault("_citetool_options", {})
        if name not in cache:
            try:
                cache[name] = (compute(locale, name),)
            except IndexError:  # this locale has no style-options: the next one is asked
                cache[name] = ()
        if not cache[name]:
            raise IndexError(name)
        return cache[name][0]
    return get_option


def _memoized_term(compute: Any) -> Any:
    """citeproc-py's singular or plural form of a term, found once for each element's root
    (the style, or a locale rendering its own date): citeproc-py searched the locales and
    read the term's text again for every label, month, quote and text term (8,000 searches
    for 2,000 APA entries). The root's locales and formatter are set before the first item
    renders and never change while its style renders. A straight apostrophe in a term other
    than a quote prints as "’", as citeproc-js 2.4.63 prints it (and as a value="…" and the
    record's text already were): iso690-author-date-fr's "Disponible à l'adresse"."""
    def term(element: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        cache = element.get_root().__dict__.setdefault(_TERMS, {})
        key = (compute, name, args, tuple(kwargs.items()))
        try:
            return cache[key]
        except KeyError:
            found = compute(element, name, *args, **kwargs)
            if found and "'" in found and "quote" not in name:
                found = String(str(found).replace("'", "\u2019"))
            cache[key] = found
            return found
    return term


def _reference(item: Any) -> Any:
    return item.bibliography.source[item.key]


def _number(item: Any) -> int:
    bibliography = item.bibliography
    cached = bibliography.__dict__.get("_citetool_numbers")
    if cached is None or cached[0] is not bibliography.keys \
            or len(cached[1]) != len(bibliography.keys):
        numbers = {key: number for number, key in enumerate(bibliography.keys, start=1)}
        cached = bibliography.__dict__["_citetool_numbers"] = (bibliography.keys, numbers)
    number = cached[1][item.key]
    if bibliography.__dict__.get("_citetool_count_down"):  # see bibliography._count_down
        return len(cached[1]) + 1 - number
    return number


def _register(bibliography: Any, citation: Any, callback: Any = None) -> None:
    citation.bibliography = bibliography
    known = bibliography.__dict__.get("_citetool_known")
    if known is None:  # made once: a default argument would be made for every citation
        known = bibliography.__dict__["_citetool_known"] = set(bibliography.keys)
    for item in citation.cites:
        if item.key in bibliography.source:
            if item.key not in known:
                known.add(item.key)
                bibliography.keys.append(item.key)
                bibliography.items.append(item)
        elif callback is not None:
            callback(item)


def planned(element: Any, build: Callable[[Any], Plan]) -> Plan:
    """What ``build`` makes of the element, made once: its plan for rendering every item
    (kept under ``build`` itself, so that an element can have plans of several kinds)."""
    try:
        return element.__dict__[build]
    except KeyError:
        plan = element.__dict__[build] = build(element)
        return plan


def calls_variable(element: Any) -> bool:
    """Whether the element calls a variable; an element citeproc-py has no class for (CSL-M's
    cs:conditions) calls none, where citeproc-py crashed on asking it."""
    return hasattr(type(element), "calls_variable") and element.calls_variable()


def _parent_calls_variable(parent: Any) -> bool:
    return any(calls_variable(child) for child in parent.iterchildren())


def _wrap(element: Any, text: Any) -> Any:
    """citeproc-py's prefix and suffix, read once; without either, the text as it is. A text
    that ends in a number keeps its punctuation mark apart from the suffix's (number_end)."""
    if text is None:
        return None
    prefix, suffix, numeric = affixes(element)
    number_end = ends_in_number(text, numeric)
    if prefix or suffix:
        text = prefix + normalize_seam(prefix, text)
        if number_end:
            text = kept_apart(text, suffix)
        text = suffixed(text, suffix)
    return marked(text) if number_end else text


def affixes(element: Any) -> tuple[str, str, bool]:
    """The element's prefix and suffix, and whether it renders a number variable (read once:
    see _wrap). Without any of them, _wrap gives a text as it is. An element displayed as a
    block (display="block" or "indent") starts a line, as citeproc-js writes it in text; in
    our one line per entry the line break reads as a space: iso690's note after a URL
    printed "….htmlLatin America". One in the left margin ends a field (FIELD_END), as the
    first field of second-field-align does (bibliography._second_field).
    In HTML each displayed element is a div of its own around its affixes, as citeproc-js
    writes it (``<div class="csl-block">…</div>``, csl-indent, csl-left-margin,
    csl-right-inline); ours ran it into the entry's text. Like citeproc-js, only the
    layout's own elements (in its cs:choose or not) are displayed: in a group or a macro
    the attribute is passed over, in text too (photochemistry-and-photobiology's block
    group after the citation number)."""
    try:
        return element.__dict__[_AFFIXES]
    except KeyError:
        prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
        display = element.get("display") if _in_layout(element) else None
        if display in _DISPLAY_CLASSES and element.get_formatter() is formatter.html:
            prefix = f'<div class="{_DISPLAY_CLASSES[display]}">{prefix}'
            suffix += "</div>"
        elif display in ("block", "indent"):
            prefix = "\n" + prefix
        elif display == "left-margin":
            suffix += FIELD_END
        found = element.__dict__[_AFFIXES] = (prefix, suffix, renders_number(element))
        return found


#: Where a field in the left margin ends, in text: bibliography._second_field sets it apart.
FIELD_END = "\ue010"
_DISPLAY_CLASSES = {"block": "csl-block", "indent": "csl-indent", "left-margin": "csl-left-margin",
                    "right-inline": "csl-right-inline"}


def _in_layout(element: Any) -> bool:
    """Whether the element is one of its layout's own, in a cs:choose or not."""
    parent = element.getparent()
    while parent is not None and etree.QName(parent).localname in _BRANCHES:
        parent = parent.getparent()
    return parent is not None and etree.QName(parent).localname == "layout"


_BRANCHES = frozenset(("choose", "if", "else-if", "else"))


def _memoized_name_option(compute: Any) -> Any:
    def get_option(name: Any, option: str, context: Any = None, sort_options: Any = None
                   ) -> Any:
        if sort_options and option in sort_options:  # a sort key's own name options
            return compute(name, option, context, sort_options)
        cache = name.__dict__.setdefault(_OPTIONS, {})
        try:
            return cache[option, context]
        except KeyError:
            value = cache[option, context] = compute(name, option, context)
            return value
    return get_option


def set_locale_list(style: Any, output_locale: str, validate: bool = True) -> None:
    """citeproc-py's locales of a cs:style, in the order of CSL 1.0.2's "Locale Fallback": the
    style's own cs:locale for the dialect, for its language and for no language, then the
    locale files citeproc-py ships for the dialect, the language's primary dialect and en-US.
    Each file is parsed once, by the style's parser, so that its elements are of our classes
    (citeproc-py's Style.set_locale_list parses them with a parser of its own classes, which
    have none of our methods, and we parsed them again). Like the style, they are not
    validated against the CSL schema (``validate``, citeproc-py's argument, is not used)."""
    language = output_locale.split("-")[0]
    locales = []
    for code in (output_locale, language, None):
        found = style.xpath_search(f'./cs:locale[@xml:lang="{code}"]' if code else
                                   "./cs:locale[not(@xml:lang)]")
        if found:
            element, = found  # as citeproc-py: a style has one cs:locale per language
            locales.append(element)
    parser = style.getroottree().parser
    files = (output_locale if output_locale in LANGUAGE_NAMES else None,
             PRIMARY_DIALECTS.get(language), "en-US")
    for code in dict.fromkeys(code for code in files if code):
        try:
            locales.append(etree.parse(os.path.join(LOCALES_PATH, f"locales-{code}.xml"),
                                       parser).getroot())
        except OSError:
            raise ValueError(f"'{code}' is not a known locale") from None
    style.locales = locales
    for locale in locales:
        locale.style = style


#: Our methods in place of citeproc-py's, by the citeproc-py class whose method each replaces
#: (engine.py adds its own): citeproc-py's classes stay as they are, and the classes of our
#: elements and objects are derived from them with these methods (see derived).
OVERRIDES: dict[type, dict[str, Any]] = {
    Locale: {"get_option": _memoized_locale_option(Locale.get_option),
             "get_term": _locale_term},
    CitationItem: {"reference": functools.cached_property(_reference),  # then a plain attribute
                   "number": property(_number)},
    CitationStylesBibliography: {"register": _register},
    CitationStylesElement: {"get_root": _get_root, "xpath_search": _xpath_search,
                            "get_layout": _get_layout, "get_macro": _get_macro,
                            "get_single_term": _memoized_term(
                                CitationStylesElement.get_single_term),
                            "get_plural_term": _memoized_term(
                                CitationStylesElement.get_plural_term)},
    SomewhatObjectifiedElement: {"__getattr__": _child},
    Parent: {"calls_variable": _memoized_calls_variable(_parent_calls_variable)},
    Text: {"calls_variable": _memoized_calls_variable(Text.calls_variable)},
    Affixed: {"wrap": _wrap},
    Name: {"get_option": _memoized_name_option(Name.get_option)},
    Style: {"set_locale_list": set_locale_list},
}


def derived(cls: type, *tables: dict[type, dict[str, Any]], name: str | None = None) -> type:
    """A subclass of citeproc-py's ``cls`` with the methods of ``tables`` (OVERRIDES and the
    like; of two for the same method, the later) that it inherits: for each method, the one
    of the first class along ``cls``'s MRO that has it, ours or, where that class has none of
    ours, citeproc-py's (a Text's calls_variable is Text's, a Group's Parent's; Citation's
    render is its own, not CitationStylesElement's). ``name`` names the class (default:
    ``cls``'s name)."""
    ours: dict[type, dict[str, Any]] = {}
    for table in tables:
        for base, methods in table.items():
            ours.setdefault(base, {}).update(methods)
    pending = {method for methods in ours.values() for method in methods}
    own = {}
    for base in cls.__mro__:
        attributes, replaced = vars(base), ours.get(base, {})
        for method in list(pending):
            if method in replaced:
                own[method] = replaced[method]
            elif method not in attributes:
                continue
            pending.discard(method)
    return type(name or cls.__name__, (cls,), {"__module__": __name__, **own})


def element_lookup(*tables: dict[type, dict[str, Any]]) -> etree.ElementNamespaceClassLookup:
    """A parser's classes of CSL elements: citeproc-py's, by tag as its CitationStylesXML finds
    them (cs:date-part is Date_Part), each derived with the methods of ``tables``."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(SomewhatObjectifiedElement.nsmap["cs"])
    namespace.update({cls.__name__.replace("_", "-").lower(): derived(cls, *tables)
                      for cls in CitationStylesElement.__subclasses__()
                      if cls.__module__ == CitationStylesElement.__module__})
    # The class of elements citeproc-py has none for. As a subclass of CitationStylesElement it
    # is among the classes whose names citeproc-py's own parsers take for tags: its name is no
    # XML name, so that it is no tag's class there.
    namespace[None] = derived(CitationStylesElement, *tables, name="CSL element")
    return lookup


class CSLFile(CitationStylesXML):
    """citeproc-py's parse of a CSL file (a file object), its elements of the classes of
    ``lookup`` (element_lookup) where citeproc-py's own parser makes them of its classes; not
    validated (a user's style is checked by render/validation.py, before)."""

    def __init__(self, source: Any, lookup: etree.ElementNamespaceClassLookup) -> None:
        self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        self.parser.set_element_class_lookup(lookup)
        self.xml = etree.parse(source, self.parser)
        self.root = self.xml.getroot()


class StyleFile(CitationStylesStyle):
    """citeproc-py's style, parsed as a CSLFile, in ``locale`` (None: its default-locale)."""

    def __init__(self, source: Any, lookup: etree.ElementNamespaceClassLookup,
                 locale: str | None = None) -> None:
        parsed = CSLFile(source, lookup)
        self.parser, self.xml, self.root = parsed.parser, parsed.xml, parsed.root
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"),
                                  validate=False)
