"""Checking a user's .csl file before it is used, the way a compiler checks a program: every
problem at once, each with its line.

citeproc-py takes any XML: a file that is not a style fails deep inside it (AttributeError),
a macro that is not defined as an IndexError while rendering, and a misspelt element or
attribute is silently ignored. What a style may hold comes from the CSL 1.0.2 RELAX NG schema
that citeproc-py ships (``citeproc.SCHEMA_PATH``), read into a table of elements, their
attributes, values and children; order and counts are not checked (libxml2's RELAX NG validator
stops at the first problem of an interleave and often names the wrong element). cs:info is
metadata, which rendering never reads: it is not checked. The schema does not know macros:
undefined, twice defined and self-calling macros are checked here.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from lxml import etree

from ..errors import Problem
from ..patterns import lazy
from .styles import not_a_style

CSL = "http://purl.org/net/xbiblio/csl"
_RNG = "http://relaxng.org/ns/structure/1.0"
_XML = "http://www.w3.org/XML/1998/namespace"
#: What to read if a style has problems.
SPECIFICATION = "https://docs.citationstyles.org/en/v1.0.2/specification.html"


@dataclass
class _Values:
    """What an attribute may hold: any text (free), or tokens of the schema's values and types."""

    free: bool = False
    tokens: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    is_list: bool = False

    def merge(self, other: _Values) -> None:
        self.free |= other.free
        self.is_list |= other.is_list
        self.tokens |= other.tokens
        self.types |= other.types

    def allows(self, value: str) -> bool:
        if self.free:
            return True
        words = value.split() if self.is_list else [value.strip()]
        return bool(words) and all(word in self.tokens or any(
            _TYPES[kind].fullmatch(word) for kind in self.types) for word in words)


#: The XML Schema datatypes the CSL schema checks values against; the others (string,
#: anyURI, language …) take any text.
_TYPES = {"boolean": lazy(r"true|false|1|0"), "integer": lazy(r"[+-]?\d+"),
          "nonNegativeInteger": lazy(r"\+?\d+")}


@dataclass
class _Element:
    """One element definition of the schema."""

    name: str
    attributes: dict[str, _Values] = field(default_factory=dict)
    children: list[_Element] = field(default_factory=list)
    required_attributes: set[str] = field(default_factory=set)
    required_children: set[str] = field(default_factory=set)

    @cached_property
    def by_tag(self) -> dict[str, list[_Element]]:
        """The definitions of the elements it may hold, by their tag."""
        found: dict[str, list[_Element]] = {}
        for child in self.children:
            found.setdefault(f"{{{CSL}}}{child.name}", []).append(child)
        return found


@dataclass(frozen=True)
class _Schema:
    roots: list[_Element]
    element_names: frozenset[str]


def problems(path: Path, data: bytes) -> list[Problem]:
    """Everything wrong with the style file ``path`` (its bytes ``data``, known to be
    well-formed XML without a DOCTYPE), in the order of the file."""
    source = str(path)
    try:
        root = etree.fromstring(data, etree.XMLParser(remove_comments=True, remove_pis=True,
                                                      resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:  # what libxml2 (citeproc-py's parser) refuses
        return [Problem(source, error.lineno, not_a_style(f"XML that libxml2 cannot read: "
                                                          f"{error.msg}"))]
    if root.tag != f"{{{CSL}}}style":
        return [Problem(source, root.sourceline, _not_a_style(root))]
    found = _macro_problems(root, source)
    if "mlz" not in root.get("version", ""):  # CSL-M (Juris-M) adds elements the schema lacks
        schema = _schema()
        found += _element_problems(root, _best(root, schema.roots), schema, source)
    return sorted(found, key=lambda problem: problem.line or 0)


def _not_a_style(root: etree._Element) -> str:
    """Why a file whose root is ``root`` is not a style, and what to do."""
    name = etree.QName(root)
    if name.localname == "locale" and name.namespace == CSL:
        return "not a CSL style (it is a CSL locale file: give it with --locale)"
    if name.localname == "style":
        return f'not a CSL style (its <style> is not in the CSL namespace: add xmlns="{CSL}")'
    return not_a_style(f"its root element is <{name.localname}>, not <style>")


def _element_problems(element: etree._Element, definition: _Element, schema: _Schema,
                      source: str) -> Iterator[Problem]:
    """The problems of ``element`` (matched to ``definition``) and of all it holds."""
    if definition.name == "info":
        return
    yield from (Problem(source, line, message)
                for line, message in _own_problems(element, definition, schema))
    for child in element:
        candidates = definition.by_tag.get(child.tag)
        if candidates:
            yield from _element_problems(child, _best(child, candidates), schema, source)


def _own_problems(element: etree._Element, definition: _Element,
                  schema: _Schema) -> list[tuple[int, str]]:
    """What is wrong with ``element``'s attributes and with the kinds of elements it holds,
    each with its line."""
    name, line = definition.name, element.sourceline
    found = []
    for attribute, value in element.attrib.items():
        values = definition.attributes.get(attribute)
        if values is None:
            shown = _shown(attribute)
            found.append((line, f"<{name}> has no attribute '{shown}' in CSL"
                          f"{_closest(shown, [_shown(a) for a in definition.attributes])}"))
        elif not values.allows(value):
            shown = _shown(attribute)
            known = sorted(values.tokens)
            hint = (f"; one of: {', '.join(known)}" if 0 < len(known) <= 12 else
                    _closest(value, known))
            found.append((line, f"<{name} {shown}=\"{value}\">: '{value}' is not a value CSL "
                                f"allows there{hint}"))
    if definition.required_attributes:
        found += [(line, f"<{name}> needs the attribute '{attribute}'") for attribute in
                  sorted(definition.required_attributes.difference(element.attrib))]
    present = set()
    for child in element:
        if child.tag in definition.by_tag:
            present.add(child.tag)
            continue
        qname = etree.QName(child)
        if qname.namespace is None:
            found.append((child.sourceline, f"<{qname.localname}> is not in the CSL namespace"))
        elif qname.namespace != CSL:
            found.append((child.sourceline, f"<{qname.localname}> of namespace "
                                            f"{qname.namespace} is not CSL"))
        elif qname.localname in schema.element_names:
            found.append((child.sourceline, f"<{qname.localname}> cannot be inside <{name}>"))
        else:
            allowed = [d.name for d in definition.children]
            found.append((child.sourceline, f"<{qname.localname}> is not a CSL element"
                                            f"{_closest(qname.localname, allowed, '<', '>')}"))
    if definition.required_children:
        found += [(line, f"<{name}> has no <{child}>, which CSL requires") for child in
                  sorted(definition.required_children.difference(
                      etree.QName(tag).localname for tag in present))]
    return found


def _macro_problems(root: etree._Element, source: str) -> list[Problem]:
    """Calls of macros that are not defined, macros defined twice, and macros that call
    themselves (which would never end)."""
    found = []
    macros: dict[str, etree._Element] = {}
    for macro in root.iterchildren(f"{{{CSL}}}macro"):
        name = macro.get("name")
        if name is None:
            continue  # reported by the schema check
        if name in macros:
            found.append(Problem(source, macro.sourceline, f"macro '{name}' is defined twice "
                                 f"(first on line {macros[name].sourceline})"))
        else:
            macros[name] = macro
    for call in root.iter(f"{{{CSL}}}text", f"{{{CSL}}}key"):
        name = call.get("macro")
        if name is not None and name not in macros:
            found.append(Problem(source, call.sourceline, f"macro '{name}' is not defined"
                                 f"{_closest(name, list(macros))}"))
    calls = {name: [call.get("macro") for call in macro.iter(f"{{{CSL}}}text")
                    if call.get("macro") in macros] for name, macro in macros.items()}
    for loop in _loops(calls):
        found.append(Problem(source, macros[loop[0]].sourceline,
                             f"macro '{loop[0]}' calls itself ({' → '.join(loop)}), which "
                             f"would never end"))
    return found


def _loops(calls: dict[str, list[str]]) -> list[list[str]]:
    """One path for each loop of macro calls, from the first macro of it that is defined.
    Depth first without recursion: a chain of thousands of macros is no error."""
    loops = []
    state: dict[str, str] = {}  # "open" while its calls are followed, then "done"
    for start in calls:
        if start in state:
            continue
        state[start] = "open"
        path, pending = [start], [iter(calls[start])]
        while pending:
            called = next(pending[-1], None)
            if called is None:
                state[path.pop()] = "done"
                pending.pop()
            elif state.get(called) == "open":
                loops.append([*path[path.index(called):], called])
            elif called not in state:
                state[called] = "open"
                path.append(called)
                pending.append(iter(calls[called]))
    return loops


def _best(element: etree._Element, candidates: list[_Element]) -> _Element:
    """The definition ``element`` fits best where the schema has several of the same name
    (an independent or a dependent style; cs:names in full or short in cs:substitute)."""
    if len(candidates) == 1:
        return candidates[0]
    schema = _schema()
    return min(candidates, key=lambda d: len(_own_problems(element, d, schema)))


def _shown(attribute: str) -> str:
    return attribute.replace(f"{{{_XML}}}", "xml:")


def _closest(word: str, known: list[str], before: str = "'", after: str = "'") -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean {before}{close[0]}{after}?" if close else ""


#: Patterns whose content is required where they are (a branch of a choice is not).
_KEEP_REQUIRED = ("start", "define", "group", "interleave", "oneOrMore")


@cache
def _schema() -> _Schema:
    """The table of CSL's elements, made from citeproc-py's copy of the CSL schema."""
    from citeproc import SCHEMA_PATH

    grammar = etree.parse(SCHEMA_PATH).getroot()
    defines = {define.get("name"): define for define in grammar.iter(f"{{{_RNG}}}define")}
    made: dict[etree._Element, _Element] = {}
    named: dict[str, _Values] = {}

    def element(node: etree._Element) -> _Element:
        if node not in made:
            made[node] = definition = _Element(_name(node))
            for child in node:
                _content(child, definition, True)
        return made[node]

    def _content(node: etree._Element, into: _Element, required: bool) -> None:
        kind = _kind(node)
        if kind == "element":
            into.children.append(element(node))
            if required and into.children[-1].name != "info":  # not checked, not required
                into.required_children.add(into.children[-1].name)
        elif kind == "attribute":
            name = _name(node)
            values = into.attributes.setdefault(name, _Values())
            _values(node, values, defines, named)
            if not (values.tokens or values.types):
                values.free = True
            if required:
                into.required_attributes.add(name)
        elif kind == "ref":
            _content(defines[node.get("name")], into, required)
        elif kind in _KEEP_REQUIRED or kind in ("optional", "zeroOrMore", "choice"):
            for child in node:
                _content(child, into, required and kind in _KEEP_REQUIRED)

    holder = _Element("")
    for start in grammar.iter(f"{{{_RNG}}}start"):
        _content(start, holder, False)
    roots = [root for root in holder.children if root.name == "style"]
    return _Schema(roots, frozenset(d.name for d in made.values()))


def _values(node: etree._Element, into: _Values, defines: dict[str, etree._Element],
            named: dict[str, _Values]) -> None:
    """What the attribute ``node`` allows, added to ``into``; ``named`` holds what each define
    allows, once worked out (the list of variables is used by dozens of attributes)."""
    for child in node:
        kind = _kind(child)
        if kind == "value":
            into.tokens.add((child.text or "").strip())
        elif kind == "data":
            if child.get("type") in _TYPES:
                into.types.add(child.get("type"))
            else:
                into.free = True
        elif kind == "text":
            into.free = True
        elif kind == "ref":
            name = child.get("name")
            if name not in named:
                named[name] = _Values()
                _values(defines[name], named[name], defines, named)
            into.merge(named[name])
        elif kind == "list":
            into.is_list = True
            _values(child, into, defines, named)
        elif kind in ("choice", "group", "oneOrMore", "zeroOrMore", "optional"):
            _values(child, into, defines, named)


def _kind(node: etree._Element) -> str | None:
    """The RELAX NG pattern ``node`` is (None: an annotation or a comment)."""
    tag = node.tag
    return tag[_RNG_TAG:] if isinstance(tag, str) and tag.startswith(_RNG, 1) else None


_RNG_TAG = len(_RNG) + 2


def _name(node: etree._Element) -> str:
    """An element's or attribute's name in the schema (Clark notation outside no namespace and
    CSL's)."""
    name = node.find(f"{{{_RNG}}}name")
    namespace = name.get("ns", "")
    return name.text if namespace in ("", CSL) else f"{{{namespace}}}{name.text}"
