"""Memoized style lookups for citeproc-py: its speed layer.

citeproc-py looks things up in the style tree with XPath every time it needs them — a macro by
name, the enclosing layout, a locale term — and asks every group, for every item, whether
its children call a variable, walking into every macro again. For a large style (the CSL
repository's APA) that was 40 % of the rendering time. The answers depend only on the
style, which never changes once loaded, so each element keeps them after the first time.
Likewise each cited item keeps its reference, and the bibliography finds keys in a set and
numbers in a dict, where citeproc-py searched its list of keys (quadratic in the items).

Each element's cache lives on its lxml proxy object. lxml makes a new proxy for a node whenever
no Python object refers to the old one, so keep_proxies() holds every element of a loaded style
and of its locales: then each node has one proxy, and one cache, for the style's lifetime.
"""
from __future__ import annotations

from typing import Any

from citeproc import CitationItem, CitationStylesBibliography
from citeproc.model import (
    CitationStylesElement,
    Locale,
    Parent,
    SomewhatObjectifiedElement,
    Text,
)

_XPATH, _CALLS, _ROOT = "_citetool_xpath", "_citetool_calls_variable", "_citetool_root"


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


def _xpath_search(element: Any, expression: str) -> list[Any]:
    cache = element.__dict__.setdefault(_XPATH, {})
    try:
        return cache[expression]
    except KeyError:
        found = cache[expression] = element.xpath(expression, namespaces=element.nsmap)
        return found


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


def _reference(item: Any) -> Any:
    try:
        return item.__dict__["_citetool_reference"]
    except KeyError:
        reference = item.__dict__["_citetool_reference"] = item.bibliography.source[item.key]
        return reference


def _number(item: Any) -> int:
    bibliography = item.bibliography
    cached = bibliography.__dict__.get("_citetool_numbers")
    if cached is None or cached[0] is not bibliography.keys \
            or len(cached[1]) != len(bibliography.keys):
        numbers = {key: number for number, key in enumerate(bibliography.keys, start=1)}
        cached = bibliography.__dict__["_citetool_numbers"] = (bibliography.keys, numbers)
    number = cached[1][item.key]
    if bibliography.__dict__.get("_citetool_count_down"):  # see engine._count_down
        return len(cached[1]) + 1 - number
    return number


def _register(bibliography: Any, citation: Any, callback: Any = None) -> None:
    citation.bibliography = bibliography
    known = bibliography.__dict__.setdefault("_citetool_known", set(bibliography.keys))
    for item in citation.cites:
        if item.key in bibliography.source:
            if item.key not in known:
                known.add(item.key)
                bibliography.keys.append(item.key)
                bibliography.items.append(item)
        elif callback is not None:
            callback(item)


Locale.get_option = _memoized_locale_option(Locale.get_option)
CitationItem.reference = property(_reference)
CitationItem.number = property(_number)
CitationStylesBibliography.register = _register
CitationStylesElement.get_root = _get_root
CitationStylesElement.xpath_search = _xpath_search
SomewhatObjectifiedElement.__getattr__ = _child
Parent.calls_variable = _memoized_calls_variable(Parent.calls_variable)
Text.calls_variable = _memoized_calls_variable(Text.calls_variable)
