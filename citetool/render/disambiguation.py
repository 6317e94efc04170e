"""Disambiguation of cites (CSL 1.0.2, "Disambiguation"), which citeproc-py never does.

Cites that render alike are told apart, in the spec's order: names hidden by et-al are added
(disambiguate-add-names), given names or initials shown (disambiguate-add-givenname, by the
givenname-disambiguation-rule), ``disambiguate="true"`` conditions turned on, and what is
still alike gets year suffixes ("2000a"), in bibliography order. Cites are compared as the
style renders them: each item's first cite, without locator.

The result is kept on each reference (``Ambiguity``) and, as citeproc-js does, also used by
the bibliography: its entries show the names the cite added, the given names it expanded and
its disambiguate condition (engine._name_process and _condition read it).
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from citeproc.string import String

from ..model import family_with_particle, suffix_letters

_STATE = "_citetool_ambiguity"

#: Given-name levels: initials, then the whole given name (CSL 1.0.2, "Step (2)").
INITIALS, FULL = 1, 2


@dataclass
class Ambiguity:
    """How an item's cites are told apart from others."""

    names: dict[str, int] = field(default_factory=dict)  # names shown, per variable
    givens: dict[tuple[str, int], int] = field(default_factory=dict)  # (variable, index)
    disambiguate: bool = False  # disambiguate="true" conditions hold
    # the name variables a cite shows: names shown, names it has
    rendered: dict[str, tuple[int, int]] = field(default_factory=dict)


def state(reference: Any) -> Ambiguity | None:
    """The reference's disambiguation, None when the style asks for none."""
    return vars(reference).get(_STATE)


def disambiguate(style: Any, bibliography: Any, render: Callable[[Any], str]) -> None:
    """Tell apart the cites of the bibliography's items that ``render`` (one cite's text)
    renders alike, as the style's cs:citation asks; set each reference's Ambiguity and
    year suffix."""
    citation = style.root.citation
    if citation is None:
        return
    add_names = citation.get("disambiguate-add-names") == "true"
    rule = (citation.get("givenname-disambiguation-rule", "by-cite")
            if citation.get("disambiguate-add-givenname") == "true" else None)
    add_suffix = citation.get("disambiguate-add-year-suffix") == "true"
    condition = bool(style.root.xpath('//cs:*[@disambiguate="true"]',
                                      namespaces=style.root.nsmap))
    if not (add_names or rule or add_suffix or condition):
        return
    items = list(bibliography.items)
    for item in items:
        object.__setattr__(item.reference, _STATE, Ambiguity())
    if rule and rule != "by-cite":
        _expand_ambiguous_names(items, rule)
    if not isinstance(vars(citation).get("cites"), list):
        citation.cites = []  # the cite history positions read: none, these are first cites
    texts = {item.key: render(item) for item in items}
    resolver = _Resolver(render, texts, add_names, rule, add_suffix, condition)
    for group in _alike(items, texts):
        resolver.resolve(group)
    if add_suffix:
        for group in _alike(items, texts):
            for number, item in enumerate(group):
                item.reference.year_suffix = String(suffix_letters(number))


def _alike(items: Iterable[Any], texts: dict[str, str]) -> list[list[Any]]:
    """The groups of two or more items whose cites read the same, in the items' order."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        if texts[item.key]:
            groups.setdefault(texts[item.key], []).append(item)
    return [group for group in groups.values() if len(group) > 1]


@dataclass
class _Resolver:
    render: Callable[[Any], str]
    texts: dict[str, str]
    add_names: bool
    rule: str | None
    add_suffix: bool
    condition: bool

    def resolve(self, group: list[Any]) -> None:
        """Tell one group of alike cites apart (CSL 1.0.2, "Disambiguation", steps 1-4)."""
        base = {item.key: copy.deepcopy(state(item.reference)) for item in group}
        best = {item.key: (len(group) - 1, base[item.key]) for item in group}
        pending = list(group)
        most = max((total for item in group
                    for _, total in state(item.reference).rendered.values()), default=0)
        for count in range(1, most + 1) if self.add_names else [None]:
            self._show_names(pending, count)
            if self.rule == "by-cite":
                self._expand_givens(pending)
                self._rerender(pending)
            if not (pending := self._settle(group, pending, best)):
                return
        for item in pending:  # the names that told it apart from the most others
            object.__setattr__(item.reference, _STATE, copy.deepcopy(best[item.key][1]))
        if self.condition:
            for item in pending:
                state(item.reference).disambiguate = True
        self._rerender(pending)
        if self.condition:
            self._settle(group, pending, best)

    def _show_names(self, items: list[Any], count: int | None) -> None:
        """``count`` names shown in each name variable the items' cites show."""
        if count is not None:
            for item in items:
                ambiguity = state(item.reference)
                for variable in ambiguity.rendered:
                    ambiguity.names[variable] = count
        self._rerender(items)

    def _rerender(self, items: list[Any]) -> None:
        for item in items:
            self.texts[item.key] = self.render(item)

    def _settle(self, group: list[Any], pending: list[Any],
                best: dict[str, tuple[int, Ambiguity]]) -> list[Any]:
        """The items still alike another of the group; each item's fewest clashes noted."""
        still = []
        for item in pending:
            clashes = sum(self.texts[other.key] == self.texts[item.key]
                          for other in group if other is not item)
            if clashes < best[item.key][0]:
                best[item.key] = (clashes, copy.deepcopy(state(item.reference)))
            if clashes:
                still.append(item)
        return still

    def _expand_givens(self, pending: list[Any]) -> None:
        """by-cite: in each set of alike cites, the shown names that share a family name but
        not the person get initials, or the whole given name if initials are alike too."""
        for alike in _alike(pending, self.texts):
            shown: dict[str, int] = {}
            for item in alike:
                for variable, (count, _) in state(item.reference).rendered.items():
                    shown[variable] = max(shown.get(variable, 0), count)
            for variable, count in shown.items():
                for index in range(count):
                    people = [(item, _person(item, variable, index)) for item in alike]
                    _set_levels([(item, variable, index, person) for item, person in people
                                 if person is not None], "by-cite")


def _person(item: Any, variable: str, index: int) -> Any:
    people = item.reference.get(variable.replace("-", "_")) or []
    return people[index] if index < len(people) else None


def _expand_ambiguous_names(items: list[Any], rule: str) -> None:
    """The global rules (all-names, primary-name and their -with-initials forms): every name
    that shares its family name with another person gets initials, or its whole given name
    where the initials are alike too, in every cite, ambiguous or not."""
    entries = []
    for item in items:
        for variable, people in item.reference.items():
            if not isinstance(people, list):
                continue
            for index, person in enumerate(people):
                if hasattr(person, "parts") and (index == 0 or not rule.startswith("primary")):
                    entries.append((item, variable.replace("_", "-"), index, person))
    _set_levels(entries, rule)


def _set_levels(entries: list[tuple[Any, str, int, Any]], rule: str) -> None:
    """Raise each entry's given-name level as far as its person needs to be told apart from
    the other persons of its family name among ``entries``."""
    families: dict[str, set[str]] = {}
    for _, _, _, person in entries:
        if person.get("given"):
            families.setdefault(family_with_particle(person), set()).add(_same(person["given"]))
    for item, variable, index, person in entries:
        givens = families.get(family_with_particle(person), set())
        if len(givens) < 2 or not person.get("given"):
            continue
        own = _initials(str(person["given"]))
        alike = sum(_initials(given) == own for given in givens) > 1
        if alike and rule.endswith("with-initials"):
            continue  # initials cannot tell them apart, and are all the rule allows
        level = FULL if alike else INITIALS
        givens_of = state(item.reference).givens
        givens_of[variable, index] = max(givens_of.get((variable, index), 0), level)


def _same(given: str) -> str:
    """A given name as compared to tell persons apart: "J. J." and "J.J." are one."""
    return re.sub(r"[\s.]+", " ", str(given)).strip()


def _initials(given: str) -> str:
    return "".join(word[:1] for word in re.split(r"[\s.\-]+", given) if word)
