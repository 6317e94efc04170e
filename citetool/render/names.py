"""Names (CSL 1.0.2, "Names", "Name", "Name-part Formatting", "Et-al", particles): names as
citeproc-js prints them, initials, et-al, and the names disambiguation added.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from citeproc import CitationItem
from citeproc.model import Name, Names, SomewhatObjectifiedElement
from citeproc.source import VariableError
from citeproc.string import String, join

from ..model import ends_with_others, family_with_particle
from ..patterns import lazy
from . import disambiguation
from .bibliography import _labelled_substitute, _replaceable
from .citations import _AUTHOR_ONLY
from .groups import _NAMES_TAG
from .number_end import MARKS_APART
from .punctuation import _MARKS_TOGETHER
from .sorting import _sorting, et_al_cut


def _initialize(name: Name, given: str, mark: str, context: object) -> str:
    """Given names initialized as citeproc-js does (CSL 1.0.2, "Name-part Formatting"):
    citeproc-py ignored initialize="false" (then full given names stay, only initials get the
    mark) and cut abbreviations written with a period ("Ph.", "ME.") to one letter."""
    if isinstance(given, _WholeGiven):
        return str(given)
    options = _options(name, context)
    return _initials(str(given), mark, options["initialize-with-hyphen"], options.initializing)


@functools.lru_cache(maxsize=1 << 16)  # a bibliography names the same people again and again
def _initials(given: str, mark: str, hyphen: bool, initialize: bool) -> str:
    """A given name as citeproc-js 2.4.63 initializes it (``initialize``) or, where the style
    sets initialize="false", only gives its initials and abbreviations the mark: each period
    not followed by a space gets one ("A.B." is "A. B.", "(1946-....)" is four initials:
    "(1946-. . . . )", MLA's "(1946-.. .. .. .. )."), the name is cut at spaces and hyphens
    (a hyphen before a lower-case letter is no cut: "Shun-ichi" is "S."), and each word that
    opens with a capital (its capitals before lower case with it: "TSerendorjiin" is "Ts.")
    becomes an initial, the mark taking the place of the space after it; a word that opens
    otherwise ("a Colin", "(1946") keeps a space before it, at the name's start too (APA's
    "( sj Ed, Ed.)"). Without initialize-with-hyphen a hyphen is a space
    ("JL" in AMA). A given name that does not open with a letter of the scripts citeproc-js
    initializes ("\\relax Maxwell", "1st"), and "Lord" and "Lady", stay as written."""
    name = given.replace(MARKS_APART, "")
    if name in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(_OPENING_TAGS.sub("", name)):
        return given
    if not hyphen:
        name = name.replace("-", " ")
    name = _LOWER_AFTER_HYPHEN.sub("\u2013\\1", _SPACES.sub(" ", _HYPHEN.sub("-", name)))
    parts = _NAME_SEPARATOR.split(_PERIOD_BEFORE.sub(". ", name))  # words and separators
    if len(parts) == 1 and len(last := parts[0].rsplit(".", 1)[-1]) == 1 and \
            last != last.lower():
        parts[0] += "."  # "J" is "J."
    name = _initialized(parts, mark) if initialize else _normalized(parts, mark)
    name = _ASCII_SPACES.sub(" ", _HYPHEN.sub("-", _TRAILING_SPACE.sub("", name)))
    return _MARKS_TOGETHER.sub(r"\1" + MARKS_APART, _DASH_BEFORE_LOWER.sub("-\\1", name))


def _initialized(parts: list[str], mark: str) -> str:
    """The words of a given name (``parts``: words and the separators between them) as
    initials with ``mark``, as citeproc-js initializes them."""
    for index in range(0, len(parts), 2):
        word = parts[index]
        match = _NAME_INITIAL.match(word)
        if match and match[1] == match[1].upper():
            whole = bool(match[2] and match[3])  # an abbreviation ("Md.") stays whole
            letters = "" if whole else match[2]
            capitals = next((n for n, c in enumerate(letters) if c != c.upper()), len(letters))
            parts[index] = match[1] + (match[2] if whole else "") + (
                letters[:capitals].lower() if capitals < len(letters) else "")
            if index == len(parts) - 1:
                parts.append(mark)
            elif "-" in parts[index + 1]:
                parts[index + 1] = _with_tags(parts[index + 1].replace("-", "", 1), mark) + "-"
            else:
                parts[index + 1] = _with_tags(parts[index + 1], mark)
        elif word and _ROMANESQUE_CHARACTER.search(word) and not (match and match[3]):
            parts[index] = " " + word
    return "".join(parts)


def _normalized(parts: list[str], mark: str) -> str:
    """The words of a given name (``parts``: words and the separators between them) with
    ``mark`` after the initials and abbreviations only, as citeproc-js normalizes them
    where a style does not initialize: a word of one character without lower case is an
    initial ("John &. Mary" in MLA and Chicago), one ending in a period an abbreviation."""
    abbreviated = []
    for index, part in enumerate(parts):
        if len(_OPENING_TAGS.sub("", part)) > 1 and part.endswith("."):
            parts[index] = part[:-1]
            abbreviated.append(True)
        else:
            abbreviated.append(len(part) == 1 and part.upper() == part)
    for index in range(0, len(parts), 2):
        if not abbreviated[index]:
            continue
        if index == len(parts) - 1:
            parts[index] += mark
            continue
        after = _tags_only(parts[index + 1]) + ("" if abbreviated[index + 2] else " ")
        parts[index + 1] = mark.removesuffix("\ufeff") + after if len(parts[index + 2]) > 1 \
            else _with_tags(after, mark)
    return "".join(parts)


def _tags_only(separator: str) -> str:
    """The first run of markup tags in a separator, else the separator."""
    tags = _TAG_RUN.search(separator)
    return tags[0] if tags else separator


def _with_tags(separator: str, mark: str) -> str:
    """``mark`` in place of a separator, with the separator's markup tags (before the
    mark's closing spaces)."""
    tags = "".join(_TAG.findall(separator))
    if not tags:
        return mark
    text = mark.rstrip()
    return text + tags + mark[len(text):]


_OPENING_TAGS = lazy(r"^(?:<[^>]+>)*")
_STARTS_ROMANESQUE = lazy("[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f"
                          "\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c"
                          "\u200d\u200e\u0218-\u021b\u202a-\u202e]")  # citeproc-js's
_ROMANESQUE_CHARACTER = lazy(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e]")
# An initial: a capital (or a letter of a script without case), the letters after it, and
# the periods after them (citeproc-js's NAME_INITIAL_REGEXP).
_NAME_INITIAL = lazy(
    "([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
    "\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee"
    "\u03f4\u03f7\u03fd-\u03ff])([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff"
    "\u0370-\u03ff\u1f00-\u1fff]*)(\\.)*")
# The spaces and hyphens between the words of a given name, with markup tags among them.
_NAME_SEPARATOR = lazy(r'((?:[-\s]*</*(?:span\s+class="no(?:case|decor)"|i|sc|b|sub|sup)>'
                       r'[-\s]*|[-\s]+))')
_TAG = lazy(r"-*<[^>]+>-*")
_TAG_RUN = lazy(r"(?:<[^>]+>)+")
_PERIOD_BEFORE = lazy(r"\.(?=[^ ])")
_HYPHEN = lazy(r"\s*-\s*")
_SPACES = lazy(r"\s+")
_ASCII_SPACES = lazy("[\t\n\x0b\x0c\r ]+")
_TRAILING_SPACE = lazy("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")
_LOWER_AFTER_HYPHEN = lazy("-([a-z])")
_DASH_BEFORE_LOWER = lazy("\u2013([a-z])")


def _names_process(names: Names, item: object, names_context: Names | None = None,
                   context: object = None, **kwargs: object) -> object:
    """A cs:names rendered by its element's method (a substitute's child, a sort key):
    what names_plan makes of it, given the cs:names whose cs:name and cs:label it takes."""
    return names_plan(names, names_context)(item, context, kwargs)


#: A compiled cs:names: the item, the context and the other keyword arguments of its render
#: (sort_options, …) give its text (None for none), or it raises VariableError.
NamesNode = Callable[[Any, Any, dict[str, Any]], Any]


def names_plan(names: Names, names_context: Names | None = None) -> NamesNode:
    """The cs:names compiled once for the cs:names it takes its cs:name and cs:label from
    (itself unless a substitute gives another): its variables, name, label, delimiter and
    substitute found once (kept on the element, whose proxy the style pins)."""
    plans = names.__dict__.setdefault(_PLANS, {})
    try:
        return plans[names_context]
    except KeyError:
        plan = plans[names_context] = _names_plan(names, names_context)
        return plan


_PLANS = "_citetool_names_plans"


def _names_plan(names: Names, names_context: Names | None) -> NamesNode:
    """citeproc-py's cs:names (Names.process) with our rules: none for a cite rendered
    without its author (to collapse it), once: the first names element rendered is the
    author; its output is kept where an entry asks for it (author_text, for
    subsequent-author-substitute). Variables a substitute rendered before are left out (see
    _substitute), and those it renders noted. A shorthand ``<names variable="editor"/>`` in a
    substitute takes the cs:name and cs:label of the names it substitutes for (CSL 1.0.2,
    "Substitute") also inside a cs:choose there; citeproc-py gave them only to the
    substitute's own children (Chicago printed "F. Visi." for "Visi, Federico, ed.")."""
    if names_context is None and len(names) == 0:
        outer = names.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names")
        names_context = outer[0] if outer else None
    variables = names.get("variable", "").split()
    listed = _listed_names(names, names_context, variables)
    counting = names.name is not None and names.name.get("form") == "count"
    given = {"names_context": names_context}

    def render(item: Any, context: Any, kwargs: dict[str, Any]) -> Any:
        if vars(item).get("without_author"):
            object.__setattr__(item, "without_author", False)
            return None
        hidden = {}
        if item.get("_substituted"):
            repressed = (context if context is not None else names).get_layout().repressed
            suppressed = [variable for variable in variables
                          if variable in repressed.get(_NAMES_TAG, ())]
            if len(suppressed) == len(variables):
                raise VariableError
            hidden = {key: item.reference.pop(key) for key in map(_key, suppressed)
                      if key in item.reference}
        try:
            output = counting and _name_count(names, item, context,
                                              kwargs.get("sort_options")) or listed(
                item, context, kwargs)
        finally:
            item.reference.update(hidden)
        if output and vars(item).get(_AUTHOR_ONLY, False) is None:  # asked by _in_text_author
            object.__setattr__(item, _AUTHOR_ONLY, output)
        rendered = item.get("_substituting")
        if output and rendered is not None:
            rendered.update(variable for variable in variables
                            if _key(variable) in item.reference)
        if "author_text" in vars(item) and vars(item)["author_text"] is None:  # _render_entries
            # the entry's author: the persons its names show, else (a substitute) its text;
            # but not a title, which citeproc-js never replaces by the complete rules (it
            # leaves out text substitutes of the title variable), so two entries under one
            # title both print it; the partial rules replace it (AMS's "——, 1992b.")
            shown = vars(item).pop("shown_names", None)
            previous, substitute, rule = vars(item)["author_substitute"]
            author = tuple(shown) if shown else "" if "title" in item.get(
                "_substituted", ()) and rule.startswith("complete") else str(output or "")
            replaceable = _replaceable(names)
            if not replaceable:  # nor is it what the next entry's author is compared with,
                author = previous  # but the one before it (citeproc-js)
            object.__setattr__(item, "author_text", author)
            if replaceable and substitute is not None and output and author and \
                    author == previous and (not shown or rule == "complete-all"):
                # (the other rules replace names one by one: _each_substituted)
                return _labelled_substitute(names, item, substitute, variables, given)
        return output
    return render


def _key(variable: str) -> str:
    """The key of a CSL name variable in citeproc-py's reference ("container_author"): a name
    variable with a hyphen (container-author, collection-editor, original-author,
    reviewed-author, …) was looked up as written and never printed."""
    return variable.replace("-", "_")


def _listed_names(names: Names, names_context: Names | None, variables: list[str]
                  ) -> NamesNode:
    """citeproc-py's Names.process, compiled: each variable the item has as its cs:name
    renders it (_name_process), with its cs:label before or after; the variables joined by
    the names' delimiter, else the names-delimiter of the cs:citation or cs:bibliography
    around the context (read once per context); none of them, the cs:substitute (none:
    VariableError). An editor who is also the translator is named once, labelled with the
    editortranslator term where the locale has it. Where the names it takes its cs:name from
    have none, a cs:name of ours, made as citeproc-py makes its own (``Name()``), is put in
    them when first needed."""
    where = names if names_context is None else names_context
    name = where.name
    label = where.label
    label_first = label is not None and label is where.getchildren()[0]
    label_markup = label.markup if label is not None else None
    own_delimiter = names.get("delimiter")
    delimiters: dict[Any, str] = {}
    substitute = names.substitute()
    editor_translator = set(variables) == {"editor", "translator"}

    def render(item: Any, context: Any, kwargs: dict[str, Any]) -> Any:
        nonlocal name, label_first
        if context is None:
            context = names
        roles, reference = variables, item.reference
        ed_trans = False
        if editor_translator:
            try:
                ed_trans = (reference.editor == reference.translator and
                            names.get_term("editortranslator").getchildren())
            except VariableError:
                pass
            if ed_trans:
                roles = ["editor"]
        output = []
        for role in roles:
            if _key(role) not in reference:
                continue
            if name is None:
                name, label_first = _default_name(where), False  # the label is first no more
            text = _name_markup(name, _name_process(
                name, item, role, context, kwargs.get("sort_options")))
            if label is not None:
                try:
                    labelled = label_markup(label.process(
                        item, "editortranslator" if ed_trans else role,
                        len(reference[_key(role)]) > 1, **kwargs))
                    if labelled is not None:
                        text = labelled + text if label_first else text + labelled
                except AttributeError:  # as citeproc-py, which asked label of None so
                    pass
            output.append(text)
        if not output:
            if substitute is None:
                raise VariableError
            return substitute.render(item, context=context, **kwargs)
        try:
            delimiter = delimiters[context]
        except KeyError:  # the parent's is asked for also where the names have their own
            parent = names.get_parent_delimiter(context)
            delimiter = delimiters[context] = parent if own_delimiter is None else own_delimiter
        try:
            return join([text for text in output if text is not None], delimiter)
        except Exception:  # as citeproc-py's Delimited.join: an unjoinable output is empty
            return String("")
    return render


def _default_name(names: Names) -> Name:
    """citeproc-py's cs:name for names that have none (``Name()``, put in them), of our
    class as the style's parser makes a cs:name: lookups of cs:name do not find it."""
    name = type(names.makeelement(f"{{{SomewhatObjectifiedElement.nsmap['cs']}}}name"))()
    names.insert(0, name)
    return name


def _name_markup(name: Name, text: Any) -> Any:
    """citeproc-py's Name.markup: formatting and affixes."""
    return name.wrap(name.format(text)) if text else None


def _name_process(name: Name, item: object, variable: str, context: object = None,
                  sort_options: dict[str, object] | None = None, **kwargs: object) -> object:
    """citeproc-py's names, with et-al-subsequent-min and -use-first applied to cites of a
    work cited before (CSL 1.0.2, "Name"), which it read but never used, and the names and
    given names disambiguation added (see _disambiguated_names), in sort keys those it
    expands before cites are compared (disambiguation.prepare): "Kim, Junsu, Kim, Jaeyeon"
    sorts after "Kim, J., Lee, Y.", as in citeproc-js."""
    if not isinstance(item, CitationItem):
        return _names_text(name, item, variable, context, sort_options)
    if sort_options is not None:  # a sort key
        ambiguity = disambiguation.state(item.reference)
        if ambiguity is None:
            return _names_text(name, item, variable, context, sort_options)
        return _disambiguated_names(name, item, variable, context, sort_options, ambiguity,
                                    in_citation=False)
    options = _options(name, context)
    in_citation = options.in_citation
    if in_citation:
        subsequent_min = options["et-al-subsequent-min"]
        history = name.get_root().citation.cites
        if subsequent_min and any(cite.key == item.key for cite in history):
            sort_options = {"et-al-min": subsequent_min, "et-al-use-first":
                            options["et-al-subsequent-use-first"]}
    ambiguity = disambiguation.state(item.reference)
    if ambiguity is None:
        _note_shown(name, item, variable, context, sort_options or {})
        return _names_text(name, item, variable, context, sort_options)
    return _disambiguated_names(name, item, variable, context, sort_options or {},
                                ambiguity, in_citation)


def _names_text(name: Name, item: object, variable: str, context: object,
                sort_options: dict[str, object] | None) -> object:
    """A name list as CSL 1.0.2 ("Name") has it, where citeproc-py's differed: the and-term
    joined with the name delimiter (it always used ", "), delimiter-precedes-last and
    -et-al "after-inverted-name", and each name as _one_name makes it. In a sort key the list
    is cut by et-al-min and -use-first (or the key's names-min and names-use-first, CSL
    1.0.2, "Sorting") but, as in citeproc-js, holds only the names: no "et al." and no
    and-term, so "Moody, Daniel L., et al." sorts with "Moody, Daniel L." and before
    "Moody, Daniel, and Jos van Hillegersberg"."""
    option = _options(name, context, sort_options)
    delimiter = option["delimiter"]
    names = item.reference.get(_key(variable), [])
    others = ends_with_others(names)
    names = names[:-1] if others else names
    if any(_ET_AL_PARTICLE.fullmatch(person.get("dropping-particle") or "") for person in names):
        names = [_without_et_al(person) for person in names]
        others = others or not option["et-al-use-last"]
    names, truncate, use_last = et_al_cut(names, option["et-al-min"], option["et-al-use-first"],
                                          bool(option["et-al-use-last"]) and not others)
    if option["form"] == "count":  # a substitute's names (_name_count counts the others)
        return len(names)
    if truncate and not names:  # et-al-use-first="0": no names, and no "et al." alone
        return None
    order = option["name-as-sort-order"]
    inverted = [order == "all" or (order == "first" and number == 0)
                for number in range(len(names))]
    sorting = _sorting(sort_options)
    output = _each_substituted(item, names, [
        _one_name(option.name, person, upside, option, sorting)
        for person, upside in zip(names, inverted)])
    if not all(output):  # a short form of a given name alone: citeproc-js 2.4.63 leaves the
        # person out ("Doe and Roe" for Doe, OIS and Roe; nothing, no "et al.", for OIS alone)
        kept = [shown for shown in zip(names, inverted, output) if shown[2]]
        if not kept:
            return None
        names, inverted, output = (list(column) for column in zip(*kept))
    if sorting and not use_last:
        return name.join(output, delimiter)

    def precedes(rule: str, previous_inverted: bool, count: int) -> bool:
        return rule == "always" or (rule == "contextual" and count >= 2) or (
            rule == "after-inverted-name" and previous_inverted)

    if truncate and use_last:  # "A, B, … Z", but "A … Z" after one name, and "Z" alone
        # (citeproc-js 2.4.63; CSL 1.0.2 puts the delimiter before the ellipsis always)
        if len(output) > 1:
            output[-1] = name.unicode_character("horizontal ellipsis") + " " + output[-1]
        if len(output) == 2:
            return name.join(output, " ")
        return name.join(output, delimiter)
    et_al = name.et_al() if truncate or others else None
    if et_al:
        if precedes(option["delimiter-precedes-et-al"], inverted[-1], len(output)):
            return name.join(output + [et_al], delimiter)
        return name.join(output, delimiter) + " " + et_al
    and_ = option["and"]
    if and_ in ("text", "symbol") and len(output) > 1:
        term = name.get_single_term(name="and") if and_ == "text" else name.preformat("&")
        text = name.join(output[:-1], delimiter)
        # before an institution, citeproc-js puts the delimiter only after two or more names
        # ("A & Acme Corp", "A, B, & Acme Corp"), whatever the style says
        last = "contextual" if "literal" in names[-1] else option["delimiter-precedes-last"]
        if precedes(last, inverted[-2], len(output) - 1):
            return text + delimiter + f"{term} " + output[-1]
        return text + f" {term} " + output[-1]
    return name.join(output, delimiter)


class _Options(dict):
    """A cs:name's options in one context (Name.get_option: its own attributes, else those
    of the cs:citation or cs:bibliography around the context, else the defaults; a sort
    key's own first), each read when first asked."""

    def __init__(self, name: Name, context: object, sort_options: dict[str, object] | None
                 = None) -> None:
        super().__init__()
        self.name, self.context = name, context
        self.sort_options = dict(sort_options) if sort_options else None  # as it was asked
        self.parts = {part.get("name"): part for part in name.findall("cs:name-part",
                                                                      name.nsmap)}
        # a name part, and a given or family block, with the cs:name-part's rules
        self.styled, self.block = (_styled, _block) if not self.parts else (
            _styled_part(self.parts), _block_part(self.parts))

    @functools.cached_property
    def in_citation(self) -> bool:
        """Whether the names render in the cs:citation."""
        element = self.context if self.context is not None else self.name
        return bool(element.xpath_search("./ancestor::cs:citation"))

    @functools.cached_property
    def initializing(self) -> bool:
        """Whether given names are initialized: initialize="false" on the cs:name, else on
        the context, else on the style, keeps them whole."""
        setting = next((element.get("initialize") for element in (
            self.name, self.context, self.name.getroottree().getroot())
            if element is not None and hasattr(element, "get") and element.get("initialize")),
            "true")
        return setting != "false"

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.name.get_option(key, self.context, self.sort_options)
        return value


def _options(name: Name, context: object, sort_options: dict[str, object] | None = None
             ) -> _Options:
    """The name's options in ``context`` (and with a sort key's options: those of one key
    are the same for every item), made once (kept on the name, whose proxy the style pins:
    lookups.keep_proxies)."""
    by_context = name.__dict__.setdefault(_OPTIONS, {})
    try:
        key = (context, *sorted(sort_options.items())) if sort_options else context
        return by_context[key]
    except KeyError:
        options = by_context[key] = _Options(name, context, sort_options)
        return options
    except TypeError:  # an option's value that is no string or number
        return _Options(name, context, sort_options)


_OPTIONS = "_citetool_names_options"


def _one_name(name: Name, person: object, inverted: bool, options: _Options,
              sorting: bool) -> str:
    """One name as citeproc-js prints it: name-part formatting on each part (particles
    included) and its affixes around the whole given or family block (CSL 1.0.2, "Name-part
    Formatting"); a comma before a comma-suffix ("Doe, Jr."); a name of given name only kept
    whole ("Banksy"); names in CJK script family first without a space ("我妻栄"), and so,
    with a space before a given name in Latin script, a family name without a letter or
    digit ("* M. Y." in every position, "*3M", as citeproc-js prints such names); a suffix's
    abbreviations with the initialize-with mark, as the initials ("Jr" where it is "").
    citeproc-py formatted "van der Meer" as one family and ran suffixes into the family's
    affixes."""
    given, family, dropping, non_dropping, suffix = person.parts()
    styled, block = options.styled, options.block

    form = options["form"]
    if "literal" in person or not family:
        if not family and non_dropping:  # "Ster Hal", short "Ster", as citeproc-js
            if form == "short":
                return block("family", [styled("family", non_dropping)])
            return _name_join([block("family", [styled("family", non_dropping)]),
                               block("given", [styled("given", given)])])
        if not family:  # given name only: no initials, and no short form (_names_text)
            return "" if form == "short" else block("given", [styled("given", given)])
        return block("family", [styled("family", family)])
    if given and not _ROMANESQUE.search(given + family):
        if form == "short":
            return block("family", [styled("family", family)])
        return block("family", [styled("family", family)]) + block("given", [styled("given",
                                                                                    given)])
    initialize_with = options["initialize-with"]
    if given is not None and initialize_with is not None:
        given = name.initialize(given, initialize_with, options.context)
    if suffix and initialize_with is not None:  # "Jr." is "Jr" in AMA, as in citeproc-js
        suffix = _initials(str(suffix), initialize_with, False, False)
    if form == "short":
        return block("family", [styled("family", non_dropping), styled("family", family)])
    if not _ROMANESQUE_CHARACTER.search(str(family).replace('"', "")):  # "* M. Y.", "*3M"
        family_block = block("family", [styled("family", non_dropping), styled("family", family)])
        given_block = block("given", [styled("given", given)])
        return _name_join([family_block, given_block]) if _STARTS_ROMANESQUE.match(
            str(given or "")) else family_block + given_block
    comma = str(person.get("comma-suffix", "")).lower() == "true"
    if not inverted:
        family_block = block("family", [dropping, styled("family", non_dropping),
                                        styled("family", family) + ("," if comma and suffix
                                                                    else ""), suffix])
        return _name_join([block("given", [styled("given", given)]), family_block],
                          joining=" \u00a0")  # "T.-H. `Kenneth’ Huang", as citeproc-js
    separator = options["sort-separator"]
    demote = options["demote-non-dropping-particle"]
    if demote == "never" or (demote == "sort-only" and not sorting):
        first = block("family", [styled("family", non_dropping), styled("family", family)])
        rest = block("given", [styled("given", given), styled("given", dropping)])
    else:
        first = block("family", [styled("family", family)])
        rest = block("given", [styled("given", given), styled("given", dropping),
                               styled("family", non_dropping)])
    return separator.join(piece for piece in (first, rest, suffix) if piece)


def _styled(key: str, text: str | None) -> str | None:
    """A name part as it is, where the cs:name formats none."""
    return text


def _block(key: str, pieces: Iterable[str | None]) -> str:
    """A given or family block, where the cs:name formats none."""
    return _name_join(pieces, key == "given")


def _styled_part(parts: dict[str, Any]) -> Callable[[str, str | None], str | None]:
    """A name part with its cs:name-part's case and formatting."""
    def styled(key: str, text: str | None) -> str | None:
        part = parts.get(key)
        return part.format(part.case(text)) if part is not None and text else text
    return styled


def _block_part(parts: dict[str, Any]) -> Callable[[str, Iterable[str | None]], str]:
    """A given or family block with its cs:name-part's affixes."""
    def block(key: str, pieces: Iterable[str | None]) -> str:
        text = _name_join(pieces, key == "given")
        part = parts.get(key)
        return part.wrap(text) if part is not None and text else text
    return block


def _name_join(pieces: Iterable[str | None], given: bool = False,
               joining: str = "’'- \u00a0") -> str:
    """Name parts joined by spaces, but none after a particle ending in an apostrophe or a
    hyphen ("d’Aubignac", "al-One") or after a part's own space (_spaced_particle) or
    no-break space (``joining``: a given name before the family name is followed by a space
    whatever it ends with). A given block loses a particle's own space at its end; a family
    block keeps the record's spaces, as citeproc-js prints family names verbatim ("Quill ,
    A."), and so does a given name alone ("Tom ́a ̌s , " of a name without a family)."""
    text, count = "", 0
    for piece in pieces:
        if not piece:
            continue
        end = text[-1:]
        if end == ">" or type(text) is not str:  # a tag ends it: the text's last character
            end = _TAGS.sub("", text)[-1:]
        text += piece if not text or end in joining else " " + piece
        count += 1
    return text.rstrip(" ") if given and count > 1 else text  # a particle's own space


_TAGS = lazy("<[^>]*>")
# Scripts whose names read given name first (Latin, Greek, Cyrillic, Hebrew, Arabic and their
# extensions); other names (CJK) print family name first, without a space.
_ROMANESQUE = lazy("[A-Za-z0-9\u00c0-\u024f\u0370-\u06ff\u1e00-\u1fff]")


def _disambiguated_names(name: Name, item: CitationItem, variable: str, context: object,
                         options: dict[str, object], ambiguity: disambiguation.Ambiguity,
                         in_citation: bool) -> object:
    """The names as disambiguation left them (render/disambiguation.py), in cites and, as
    citeproc-js does, in bibliography entries: names it added are shown where they are more
    than the element's et-al-use-first (all of them, without "et al.", when that is all;
    with et-al-use-last, as citeproc-js 2.4.63 cuts them, still at most et-al-min - 2 before
    the last one: APA's "A0, … A18, … Z" for 23 names whose cite shows all), and a name it
    expanded shows its initials or whole given name (a short form becomes "J. Doe",
    initials become the given name). A cite notes the names it showed.
    citeproc-js 2.4.63 shows the names added in entries only where the style has
    disambiguate-add-givenname too ("Doe et al." in the entry of a cite "Doe, Bee, et al."
    without it; checked on probes, in-text and note styles alike)."""
    key = variable.replace("-", "_")
    people = item.reference.get(key) or []
    # a sort key's names-min and names-use-first come as the style spells them
    own = _options(name, context)
    use_first = int(options.get("et-al-use-first") or own["et-al-use-first"])
    et_al_min = int(options.get("et-al-min", own["et-al-min"]))
    truncated = bool(et_al_min) and len(people) >= et_al_min > 0
    count = ambiguity.names.get(variable) if in_citation or ambiguity.names_in_entries \
        else None
    if truncated and count and count > use_first:
        options = {**options, "et-al-use-first": count}
        if count >= len(people) and not own["et-al-use-last"]:
            options["et-al-min"] = truncated = 0
        use_first = count
    if in_citation:
        ambiguity.rendered[variable] = (min(use_first, len(people)) if truncated
                                        else len(people), len(people))
    _note_shown(name, item, variable, context, options)
    short = options.get("form", own["form"]) == "short"
    levels = {index: level for index, level in ambiguity.levels(variable, short).items()
              if index < len(people)}
    if ambiguity.by_cite and not in_citation and not short and not _sorting(options) \
            and variable not in ambiguity.rendered:
        levels = disambiguation.entry_levels(item.reference, variable, (
            context if context is not None else name).get_layout().repressed)
    if not levels:
        return _names_text(name, item, variable, context, options or None)
    mark = options.get("initialize-with", own["initialize-with"])
    expanded = list(people)
    for index, level in levels.items():
        person = people[index]
        given = person.get("given")
        if not given:
            continue
        if short:  # the given name (or initials) joined to the family name: "J. Doe"
            shown = _initialize(name, given, mark, context) if (
                mark is not None and level == disambiguation.INITIALS) else str(given)
            parts = (shown, person.get("dropping-particle"),
                     person.get("non-dropping-particle"), person.get("family"))
            expanded[index] = type(person)(**{"family": " ".join(filter(None, parts)),
                                              **({"suffix": person["suffix"]}
                                                 if person.get("suffix") else {})})
        elif level == disambiguation.FULL and mark is not None:
            expanded[index] = type(person)(**{**person, "given": _WholeGiven(given)})
    item.reference[key] = expanded
    try:
        return _names_text(name, item, variable, context, options or None)
    finally:
        item.reference[key] = people


def _each_substituted(item: object, people: list[Any], output: list[Any]) -> list[Any]:
    """The names of an entry's author (see _names_plan) with subsequent-author-substitute in
    place of those the previous entry's author shows too, by the rules that replace names
    one by one (CSL 1.0.2, "Reference Grouping"), as citeproc-js does: complete-each all of
    them where all match; partial-each those that match from the first on, partial-first
    only the first ("——, ——, R. Dillmann, and S. Schaal" after "Billard, A., S. Calinon,
    and F. Guenter" in AMS, which we printed in full). The and-term, delimiters and "et al."
    stay."""
    if not isinstance(item, CitationItem) or vars(item).get("author_text", False) is not None:
        return output
    previous, substitute, rule = vars(item)["author_substitute"]
    if substitute is None or rule == "complete-all" or not isinstance(previous, tuple):
        return output
    shown = [_shown(person) for person in people]
    if rule == "complete-each":
        count = len(output) if tuple(shown) == previous else 0
    else:
        count = 0
        while count < min(len(shown), len(previous)) and shown[count] == previous[count]:
            count += 1
        count = min(count, 1) if rule == "partial-first" else count
    return [substitute] * count + output[count:]


def _shown(person: Any) -> tuple[Any, ...]:
    """What subsequent-author-substitute compares of a person (see _note_shown)."""
    return (family_with_particle(person), person.get("given"), person.get("dropping-particle"),
            person.get("suffix"))


def _note_shown(name: Name, item: CitationItem, variable: str, context: object,
                options: dict[str, object]) -> None:
    """The persons the names show, noted where an entry's author is being compared (see
    _names_process): citeproc-js's subsequent-author-substitute compares the names shown,
    not the "et al." or "and" around them ("Ho, Jocelyn." then "———, et al." is "———."),
    nor their role or label: an author after the same person as editor is "———." too (we
    compared roles)."""
    noted = vars(item).get("shown_names")
    if not isinstance(noted, list):
        return
    people = item.reference.get(variable.replace("-", "_")) or []
    shown = _cut(people, _options(name, context, options or None))
    if len(shown) == len(people) - 1 and ends_with_others(people):
        shown.append(people[-1])  # "and others" where nothing was cut: "A, et al." is not "A"
    noted.extend(_shown(person) for person in shown)


class _WholeGiven(str):
    """A given name that disambiguation shows whole: _initialize leaves it as it is."""


def _name_count(names: Names, item: object, context: object,
                sort_options: dict[str, object] | None = None) -> str | None:
    """form="count": how many names the element would print, et-al rule applied, over all
    its variables (citeproc-py printed each variable's count side by side: "32" for 5); in a
    sort key, by the key's names-min and names-use-first, as citeproc-js 2.4.63 counts
    (Copernicus's key of names-min 3, names-use-first 3 is 3 for 3, 4 or 5 authors; we
    counted them all, so their titles did not order them)."""
    options = _options(names.name, context, sort_options)
    total = sum(len(_cut(item.reference.get(variable.replace("-", "_")) or [], options))
                for variable in names.get("variable", "").split())
    return str(total) if total else None


def _cut(people: list[Any], option: _Options) -> list[Any]:
    """The persons a name list prints by the et-al rule (sorting.et_al_cut), the last one
    with et-al-use-last, which citeproc-js 2.4.63 counts for form="count" and compares for
    subsequent-author-substitute; BibTeX's "others" is not a person and keeps the last one
    out, as in _names_text."""
    others = ends_with_others(people)
    return et_al_cut(people[:-1] if others else people, option["et-al-min"],
                     option["et-al-use-first"], bool(option["et-al-use-last"]) and not others)[0]


def _suffix_in_given(name: dict[str, Any]) -> dict[str, Any]:
    """A suffix written after a comma in the given name read as citeproc-js reads it:
    "John, III" is John with suffix III; "John,! Jr." has a comma-suffix ("John Doe, Jr.")."""
    given = name.get("given")
    if not isinstance(given, str) or "," not in given or name.get("suffix"):
        return name
    first, suffix = given.split(",", 1)
    comma = suffix.startswith("!")
    name = {**name, "given": first.strip(), "suffix": suffix.lstrip("!").strip()}
    if comma:
        name["comma-suffix"] = True
    return name


def _without_et_al(person: dict[str, Any]) -> dict[str, Any]:
    """A name whose given name closes with "et al." ("K. et.al."): citeproc-js reads it as a
    dropping particle that cuts the list short, printing the name without it and the style's
    et-al term after the list ("K. Asakimori et al."), as for BibTeX's "and others" (not in
    a style with et-al-use-last, which prints no "et al." after a single name)."""
    if not _ET_AL_PARTICLE.fullmatch(person.get("dropping-particle") or ""):
        return person
    return type(person)(**{part: value for part, value in person.items()
                           if part != "dropping-particle"})


_ET_AL_PARTICLE = lazy(r"et.?al[^a-z]")


def _particles(name: dict[str, Any]) -> dict[str, Any]:
    """Particles written into the family or given name read as citeproc-js reads them
    (CSL 1.0.2, "Name-part Order"): the lower-case words opening a family name are its
    non-dropping particle ("van der Vlist", "d'Aubignac", "al-One"), those closing a given
    name its dropping particle ("Alexander von"). They sort and print as particles."""
    name = dict(name)
    family, given = name.get("family"), name.get("given")
    if _literal_family(family):
        name["family"] = family[1:-1]
    elif isinstance(family, str) and "non-dropping-particle" not in name:
        particle, rest = "", family
        while match := _FAMILY_PARTICLE.match(rest):
            if not _is_particle(match[1]) or not rest[match.end():] or (
                    not match[2] and not match[1].endswith(("'", "’", "-"))):
                break
            particle, rest = particle + match[0], rest[match.end():]
        if particle:
            name["non-dropping-particle"], name["family"] = _spaced_particle(particle), rest
    if isinstance(given, str) and "dropping-particle" not in name:
        words = given.split(" ")
        cut = len(words)
        while cut > 1 and _is_particle(words[cut - 1]):
            cut -= 1
        if cut < len(words):
            name["given"], name["dropping-particle"] = (" ".join(words[:cut]),
                                                        " ".join(words[cut:]))
    return name


def _literal_family(family: object) -> bool:
    """Whether a family name is written in double quotes ('"van Happel"'): citeproc-js then
    reads no particle from it and prints it without the quotes; citeproc-py printed the
    quotes as curly ones and _particles split off "van"."""
    return isinstance(family, str) and len(family) > 2 and family[0] == family[-1] == '"'


def _spaced_particle(particle: str) -> str:
    """A particle read from the family name, its trailing space dropped, except after an
    apostrophe: citeproc-js keeps the record's space there ("de' Frinkle" prints "de’
    Frinkle"; "d'Wander" stays glued), and _name_join adds none after it."""
    kept = particle.rstrip()
    return kept + " " if kept != particle and kept.endswith(("'", "’")) else kept


def _is_particle(word: str) -> bool:
    letters = word.lstrip("'’")
    return bool(letters) and letters[0].islower()


# A word that may open a family name as a particle: lower-case, ending in a space, or glued
# to the family name by an apostrophe or a hyphen.
_FAMILY_PARTICLE = lazy(r"(['’]?[^\W\d_][^\s'’-]*['’-]?)(\s*)")
