"""Disambiguation of cites (CSL 1.0.2, "Disambiguation"), which citeproc-py never does.

Cites that render alike are told apart, in the spec's order: names hidden by et-al are added
(disambiguate-add-names), given names or initials shown (disambiguate-add-givenname, by the
givenname-disambiguation-rule), ``disambiguate="true"`` conditions turned on, and what is
still alike gets year suffixes ("2000a"), in bibliography order. Cites are compared as the
style renders them: each item's first cite, without locator.

Which names and given names are added follows citeproc-js's procedure (its results are what
the corpus compares against; the spec leaves the order open): the items that cite alike are
taken in order of how many names they have, compared as text as citeproc-js compares them
("10" before "3"); one setting, raised a step at a time (the last
shown name's given name to initials, then to the whole name, then one more name), is tried on
all of them; the first item is settled when it no longer reads like the others, and the items
it parted from are taken on as a group of their own, from the setting reached (a group after
the first may get a name more than it needs). Only the steps that told items apart are kept
for them (the rest was tried, not needed); when names run out, the disambiguate condition is
turned on with the settings kept so far.

The result is kept on each reference (``Ambiguity``) and, as citeproc-js does, also used by
the bibliography: its entries show the names the cite added (only where the style adds given
names too), the given names it expanded and its disambiguate condition (names._name_process
and _condition read it). The bibliography is
sorted in between (prepare, then disambiguate): as citeproc-js's, its sort keys show the given
names that the givenname rules expand in every cite, but not what comparing cites adds, and
year suffixes follow the sorted order.

Styles that never print the year-suffix variable get it after the year
(_implicit_year_suffixes).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from citeproc import CitationStylesBibliography, CitationStylesStyle
from citeproc.source import Date, DateRange
from citeproc.string import String

from ..model import family_with_particle, suffix_letters
from . import parallel
from .lookups import planned

_STATE = "_citetool_ambiguity"

#: Given-name levels: initials, then the whole given name (CSL 1.0.2, "Step (2)").
INITIALS, FULL = 1, 2


class Ambiguity:
    """How an item's cites are told apart from others. Plain classes here, not dataclasses:
    a dataclass is made at import by generating and compiling its methods (2-3 M
    instructions each, in every run)."""

    __slots__ = ("names", "givens", "rule_givens", "initials_alike", "disambiguate",
                 "names_in_entries", "by_cite", "rendered")

    def __init__(self, names_in_entries: bool = True) -> None:
        self.names: dict[str, int] = {}  # names shown, per variable
        self.givens: dict[tuple[str, int], int] = {}  # (variable, index)
        self.rule_givens: dict[tuple[str, int], int] = {}  # global rules
        # names initialized alike in the item: whole given names in long forms
        self.initials_alike: set[tuple[str, int]] = set()
        self.disambiguate = False  # disambiguate="true" conditions hold
        # whether bibliography entries show the names added (see names._disambiguated_names)
        self.names_in_entries = names_in_entries
        self.by_cite = False  # given names added by the by-cite rule (see entry_levels)
        # the name variables a cite shows, in order: names shown, names it has
        self.rendered: dict[str, tuple[int, int]] = {}

    def levels(self, variable: str, short: bool) -> dict[int, int]:
        """The given-name level of each expanded name of ``variable``, by index, in a short
        or long form."""
        levels: dict[int, int] = {index: FULL for name_variable, index in self.initials_alike
                                  if name_variable == variable and not short}
        for given in (self.givens, self.rule_givens):
            for (name_variable, index), level in given.items():
                if name_variable == variable and level:
                    levels[index] = max(levels.get(index, 0), level)
        return levels


def state(reference: Any) -> Ambiguity | None:
    """The reference's disambiguation, None when the style asks for none."""
    return vars(reference).get(_STATE)


def _options(citation: Any) -> tuple[list[str], bool, str | None]:
    """What the style's cs:citation asks for: the modes tried in turn on cites alike,
    whether names are added, the givenname-disambiguation-rule (None: no given names); read
    once per loaded style (planned: its query for disambiguate="true" goes over the whole
    style, half a millisecond for APA, and prepare and disambiguate both ask)."""
    return planned(citation, _read_options)


def _read_options(citation: Any) -> tuple[list[str], bool, str | None]:
    add_names = citation.get("disambiguate-add-names") == "true"
    rule = (citation.get("givenname-disambiguation-rule", "by-cite")
            if citation.get("disambiguate-add-givenname") == "true" else None)
    modes = [mode for mode, wanted in (
        ("names", add_names or rule == "by-cite"),
        ("condition", bool(citation.xpath('//cs:*[@disambiguate="true"]',
                                          namespaces=citation.nsmap))),
        ("year-suffix", citation.get("disambiguate-add-year-suffix") == "true")) if wanted]
    return modes, add_names, rule


def prepare(style: Any, bibliography: Any) -> None:
    """Each registered item's Ambiguity as it stands before cites are compared, which the
    sort keys read: the given names the rule expands in every cite."""
    citation = style.root.citation
    if citation is None:
        return
    modes, _, rule = _options(citation)
    if not modes and not rule:
        return
    items = list(bibliography.items)
    for item in items:
        object.__setattr__(item.reference, _STATE, Ambiguity(names_in_entries=rule is not None))
    if rule and rule != "by-cite":
        _expand_ambiguous_names(items, rule)
    elif rule:
        _expand_names_alike_in_one_item(items)
        for item in items:
            state(item.reference).by_cite = True


def disambiguate(style: Any, bibliography: Any, render: Callable[[Any], str],
                 ident: Callable[[Any], str]) -> None:
    """Tell apart the cites of the bibliography's items (prepared, then sorted) that
    ``render`` (one cite's text) renders alike, as the style's cs:citation asks; set each
    reference's Ambiguity and year suffix. ``ident`` gives an item's citekey (citeproc-js
    orders ties by it)."""
    citation = style.root.citation
    if citation is None:
        return
    modes, add_names, rule = _options(citation)
    if not modes:
        return
    items = list(bibliography.items)
    if not isinstance(vars(citation).get("cites"), list):
        citation.cites = []  # the cite history positions read: none, these are first cites
    texts = {}
    for item, (text, rendered) in zip(items, parallel.render_parts(lambda start, end: [
            (render(cited), state(cited.reference).rendered) for cited in items[start:end]],
            len(items)), strict=True):
        texts[item.key] = text
        state(item.reference).rendered = rendered  # what its cite showed, maybe in a child
    position = {item.key: number for number, item in enumerate(items)}
    for group in _alike(items, texts):
        _Run(render, modes, add_names, rule == "by-cite", position).run(
            sorted(group, key=lambda item: (_counts_as_text(item), str(ident(item)))))


def _alike(items: Iterable[Any], texts: dict[str, str]) -> list[list[Any]]:
    """The groups of two or more items whose cites read the same, in the items' order. Cites
    that print nothing are alike too, as in citeproc-js 2.4.63: springer-basic's web pages
    without author or date, "()" in the text, get "Accessed 2 Dec 2019a", "… 2018b"."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(texts[item.key], []).append(item)
    return [group for group in groups.values() if len(group) > 1]


def _counts_as_text(item: Any) -> str:
    """How many names each name variable of the item's cite has, as citeproc-js orders the
    items of a group by it: a list it compares as text ("10" before "3", "3" before "4"), so
    an item of ten names comes before one of three, and its count bounds the names added."""
    return ",".join(str(total) for _, total in state(item.reference).rendered.values())


def _most(item: Any) -> int:
    """How many names the first name variable of the item's cite has."""
    return next(iter(state(item.reference).rendered.values()), (0, 0))[1]


class _Setting:
    """A disambiguation setting by position: names shown in each name variable the cite
    shows (the first, the second...), given-name levels by (variable position, name)."""

    __slots__ = ("names", "givens", "disambiguate")

    def __init__(self, names: list[int], givens: dict[tuple[int, int], int] | None = None,
                 disambiguate: bool = False) -> None:
        self.names, self.disambiguate = names, disambiguate
        self.givens = {} if givens is None else givens

    def copy(self) -> _Setting:
        return _Setting(list(self.names), dict(self.givens), self.disambiguate)


def _apply(item: Any, setting: _Setting) -> None:
    ambiguity = state(item.reference)
    variables = list(ambiguity.rendered)
    ambiguity.names = {variable: count for variable, count in zip(variables, setting.names)}
    ambiguity.givens = {(variables[where], index): level for (where, index), level
                        in setting.givens.items() if where < len(variables) and level}
    ambiguity.disambiguate = setting.disambiguate


class _Run:
    """citeproc-js's procedure for one group of items whose cites read alike."""

    def __init__(self, render: Callable[[Any], str], modes: list[str], add_names: bool,
                 by_cite: bool, position: dict[str, int]) -> None:
        self.render, self.modes, self.add_names = render, modes, add_names
        self.givens_max = FULL if by_cite else None
        self.position = position

    def run(self, items: list[Any]) -> None:
        defaults = {item.key: _Setting([shown for shown, _ in
                                        state(item.reference).rendered.values()])
                    for item in items}
        self.base = defaults[items[0].key].copy()
        for item in items[1:]:  # the longer of their names shown, the fewer name variables
            other = defaults[item.key].names
            self.base.names = [max(a, b) for a, b in zip(self.base.names, other)]
        self.better = self.base.copy()
        self.names_max, self.namesets_max = _most(items[0]), len(self.base.names) - 1
        self.mode, self.fresh, self.settled = 0, True, set()
        self.lists = [list(items)]
        steps = 0
        while self.lists:
            self.nameset, self.name, self.clashes = 0, 0, [1, 0]
            while self.lists[0] and steps < 10_000:  # steps: a guard, never reached
                steps += 1
                maxed = self._step()
                self._scan(self.lists[0])
                getattr(self, "_" + self.modes[self.mode].replace("-", "_"))(maxed)
                if maxed and self.mode < len(self.modes) - 1:
                    self.mode += 1
            self.lists.pop(0)
        for item in items:  # items never settled keep what they had
            if item.key not in self.settled:
                _apply(item, defaults[item.key])

    def _step(self) -> bool:
        """Raise the setting one step; whether it cannot be raised further."""
        if self.fresh:
            self.fresh = False
            return False
        if self.modes[self.mode] == "condition":  # citeproc-js turns it on, then renders
            self.base.disambiguate = self.better.disambiguate = True
            return False
        if self.modes[self.mode] != "names":
            return False
        if not self.base.names:
            return True
        base, key = self.base, (self.nameset, self.name)
        more_names = self.givens_max is None
        if not more_names:
            if base.givens.get(key, 0) < self.givens_max:
                base.givens[key] = base.givens.get(key, 0) + 1
            else:
                more_names = True
        next_nameset = False
        if more_names:  # without disambiguate-add-names only the first name's given name
            # is raised, then the next name variable's (citeproc-js's incrementDisambig)
            if self.add_names and self.name < self.names_max:
                base.names[self.nameset] += 1
                self.name += 1
            else:
                next_nameset = True
        if next_nameset and self.nameset < self.namesets_max:
            self.nameset += 1
            base.names[self.nameset] = 1
            self.name = 0
        return (self.nameset == self.namesets_max and
                (not self.add_names or self.name >= self.names_max) and
                (self.givens_max is None or
                 base.givens.get((self.nameset, self.name), 0) >= self.givens_max))

    def _scan(self, items: list[Any]) -> None:
        """Render the items with the setting: those that read like the first are partners."""
        texts = []
        for item in items:
            _apply(item, self.base)
            texts.append(self.render(item))
            # citeproc-js writes the names each cite shows back into the setting it renders
            # with, so an item with fewer names lowers the count for the items after it
            for where, (shown, _) in enumerate(state(item.reference).rendered.values()):
                if where < len(self.base.names):
                    self.base.names[where] = shown
        self.partners = [item for item, text in zip(items, texts) if text == texts[0]]
        self.others = [item for item, text in zip(items, texts) if text != texts[0]]
        self.clashes = [self.clashes[1], len(self.partners) - 1]

    def _settle(self, item: Any, setting: _Setting) -> None:
        """The item keeps ``setting``: its given names as the run left them, also those of
        persons it has twice with one set of initials, which citeproc-js expands only in
        cites no run settled ("Wang, S. et al." beside "Wang, T. et al.")."""
        _apply(item, setting.copy())
        state(item.reference).initials_alike.clear()
        self.settled.add(item.key)

    def _keep_step(self) -> None:
        """The step just taken told items apart: keep it (citeproc-js's captureStepToBase)."""
        key = (self.nameset, self.name)
        if self.givens_max is not None:
            self.better.givens[key] = self.base.givens.get(key, 0)
        if self.base.names:
            self.better.names[self.nameset] = self.base.names[self.nameset]

    def _names(self, maxed: bool) -> None:
        clashes, partners, others = self.clashes[1], self.partners, self.others
        if clashes == 0 and len(others) == 1:
            self._keep_step()
            self._settle(others[0], self.better)
            self._settle(partners[0], self.better)
            self.lists[0] = []
        elif clashes == 0:
            self._keep_step()
            self._settle(partners[0], self.better)
            self.lists[0] = others
            self.fresh = bool(others)
        elif len(others) == 1:
            self._keep_step()
            self._settle(others[0], self.better)
            self.lists[0] = partners
        elif clashes < self.clashes[0]:
            self._keep_step()
            self.lists[0] = partners
            self.lists.append(others)
        elif maxed:
            if self.mode == len(self.modes) - 1:  # out of means: they stay alike
                for item in partners:
                    self._settle(item, self.better)
                self.lists[0] = others
            else:
                self.lists[0] = others
                self.lists.append(partners)

    def _condition(self, maxed: bool) -> None:
        if len(self.modes) > 1 and not self.base.disambiguate:
            self.mode = 0
            self.base = self.better.copy()
        if not self.better.disambiguate:
            self.base.disambiguate = self.better.disambiguate = True
            self.fresh = True
        elif self.mode == len(self.modes) - 1:  # tried: they stay alike
            for item in self.lists[0]:
                self._settle(item, self.better)
            self.lists[0] = []
        else:
            self.mode += 1

    def _year_suffix(self, maxed: bool) -> None:
        """The items still alike get "a", "b", … in bibliography order."""
        if self.clashes[1]:
            for number, item in enumerate(sorted(self.lists[0],
                                                 key=lambda item: self.position[item.key])):
                self._settle(item, self.better)
                item.reference.year_suffix = String(suffix_letters(number))
        self.lists[0] = []


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


def _expand_names_alike_in_one_item(items: list[Any]) -> None:
    """by-cite: two persons of one item with the same family name and initials ("Kim, J." and
    "Kim, J.") show their whole given names where names are initialized ("Kim, Junsu, Kim,
    Jaeyeon"), as citeproc-js has it; a short form stays ("Smith & Smith")."""
    for item in items:
        for variable, people in item.reference.items():
            if not isinstance(people, list):
                continue
            initials: dict[tuple[str, str], set[str]] = {}
            for person in people:
                if hasattr(person, "parts") and person.get("given"):
                    initials.setdefault((family_with_particle(person), _initials(
                        person["given"])), set()).add(_same(person["given"]))
            for index, person in enumerate(people):
                if hasattr(person, "parts") and person.get("given") and len(initials[
                        family_with_particle(person), _initials(person["given"])]) > 1:
                    state(item.reference).initials_alike.add((variable.replace("_", "-"), index))


def _set_levels(entries: list[tuple[Any, str, int, Any]], rule: str) -> None:
    """Raise each entry's given-name level as far as its person needs to be told apart from
    the other persons of its family name among ``entries``."""
    families: dict[str, set[str]] = {}
    for _, _, _, person in entries:
        if person.get("given"):
            families.setdefault(family_with_particle(person), set()).add(_same(person["given"]))
    # how many of a family's given names have each initials, counted once per family: for
    # every person apart, it grew with the family (Wang, Zhang), quadratic in a large library
    initials = {family: Counter(map(_initials, givens)) for family, givens in families.items()
                if len(givens) > 1}
    for item, variable, index, person in entries:
        family = family_with_particle(person)
        if family not in initials or not person.get("given"):
            continue
        alike = initials[family][_initials(str(person["given"]))] > 1
        if alike and rule.endswith("with-initials"):
            continue  # initials cannot tell them apart, and are all the rule allows
        level = FULL if alike else INITIALS
        givens_of = state(item.reference).rule_givens
        givens_of[variable, index] = max(givens_of.get((variable, index), 0), level)


def entry_levels(reference: Any, variable: str, store: dict[str, Any]) -> dict[int, int]:
    """The given-name levels of names of a bibliography entry that its cite does not show
    (an editor where the cite shows the author), by the by-cite rule: citeproc-js registers
    each person of the item when it renders them, after the persons the cite showed, and
    gives the whole given name to a person whose family name and initials a person
    registered before has with another given name. So the editor "Alan Auerbach" of a
    chapter by "AJ Auerbach" is "Auerbach, Alan" (the author stays "Auerbach, A."), and of
    two editors "Auerbach, A." only the second is expanded (we expanded both). ``store`` is
    the entry's per-render store, where the persons registered so far are kept in order (a
    part rendered twice registers nobody anew)."""
    registered = store.get(_REGISTERED)
    if registered is None:
        registered = store[_REGISTERED] = {}
        for shown_variable, (shown, _) in state(reference).rendered.items():
            for person in (reference.get(shown_variable.replace("-", "_")) or [])[:shown]:
                _register(registered, person)
    levels = {}
    for index, person in enumerate(reference.get(variable.replace("-", "_")) or []):
        key = _register(registered, person)
        if key and any(other[:2] == key[:2] and other[2] != key[2]
                       and order < registered[key] for other, order in registered.items()):
            levels[index] = FULL
    return levels


_REGISTERED = "citetool-registered-persons"  # a key of the layout's per-render store


def _register(registered: dict[tuple[str, str, str], int], person: Any
              ) -> tuple[str, str, str] | None:
    """Register a person who has a given name, keyed by family name, initials and given
    name as citeproc-js's name registry keys them (periods aside), in the order first seen;
    the person's key."""
    given = person.get("given") if hasattr(person, "get") else None
    if not given:
        return None
    key = (_same(person.get("family") or ""), _initials(str(given)), _same(given))
    registered.setdefault(key, len(registered))
    return key


def _same(given: str) -> str:
    """A given name as compared to tell persons apart: "J. J." and "J.J." are one."""
    return re.sub(r"[\s.]+", " ", str(given)).strip()


def _initials(given: str) -> str:
    """A given name's initials with the hyphens between them, as citeproc-js compares the
    initialized names it prints: "Paul-André" (P.-A.) is told apart from "Paul André"
    (P. A.) by its initials, "Jean-Paul" and "J.-P." are alike."""
    return "".join(separator.strip(" .") + word[:1] for separator, word in re.findall(
        r"([\s.\-]*)([^\s.\-]+)", given))


def _implicit_year_suffixes(style: CitationStylesStyle,
                            bibliography: CitationStylesBibliography) -> None:
    """In styles that never print the year-suffix variable, the suffix follows a year (CSL
    1.0.2, "Disambiguation": "1965a"); citeproc-py then printed none. As in citeproc-js
    2.4.63 it is the first year the cite or entry prints, of whichever date: springer-basic's
    web page without an issued date is "Accessed 2 Dec 2019a", and an accessed date printed
    before the issued one takes it (dates._year_part prints it once). In a range it follows
    the last year printed, as in citeproc-js: "2005–2007a", and "2007a" for a range within
    2007 (a raw "2007/05/03/" is one), whichever end prints that year. A style that prints
    the citation-label has the suffix there (text._citation_label)."""
    if style.root.xpath('//cs:text[@variable="year-suffix" or @variable="citation-label"]',
                        namespaces=style.root.nsmap):
        return
    for key in bibliography.keys:
        reference = bibliography.source[key]
        if "year_suffix" not in reference:
            continue
        for value in dict.values(reference):
            if isinstance(value, (Date, DateRange)):
                for date in _year_suffixed_ends(value):
                    object.__setattr__(date, "implicit_year_suffix",
                                       str(reference["year_suffix"]))


def _year_suffixed_ends(date: object) -> list[object]:
    """The dates of a date value whose year may carry the implicit year suffix: the date,
    a range's end when its years differ, else both ends (the one printed first takes it)."""
    if not isinstance(date, DateRange):
        return [date]
    if date.end.is_nil():
        return [date.begin]
    if date.begin.get("year") != date.end.get("year"):
        return [date.end]
    return [date.begin, date.end]
