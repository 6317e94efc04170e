"""CSL YAML: pandoc's YAML bibliography (what writers/csl_yaml.py writes): a list of CSL items,
or a mapping whose ``references`` holds them, also as a Markdown document's front matter.

Each item is checked as a CSL-JSON item is (csl_json.item_records), with the line it starts on.
"""
from __future__ import annotations

from collections.abc import Generator, Iterator

import yaml

from ..errors import Problem
from ..model import DATE_VARIABLES
from ..patterns import lazy
from . import Read, Record, Text, collect, whole
from .csl_json import item_records


def read(text: str, source: str) -> Read:
    return collect(records(text, source))


def records(text: Text, source: str) -> Iterator[Record]:
    """The items, and the problems, in the order of the file."""
    text = whole(text).lstrip("\ufeff")
    front = _FRONT_MATTER.match(text)
    # Front matter ends at its closing line, which YAML would take for a second document.
    loader = _Loader(text[:front.start(1)] if front else text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            yield Problem(source, mark.line + 1 if mark else None, f"invalid YAML "
                          f"({error.problem or error.context}); the file was not read")
            return
        except yaml.reader.ReaderError as error:  # a character YAML does not allow
            character = error.character  # libyaml gives its code, PyYAML the character
            code = ord(character) if isinstance(character, str) else character
            yield Problem(source, text.count("\n", 0, error.position) + 1, f"invalid YAML "
                          f"(character U+{code:04X} is not allowed); the file was not read")
            return
        except RecursionError:
            yield Problem(source, None, "YAML nested too deeply to be CSL YAML; the file was "
                          "not read")
            return
        if root is not None and (alias := _aliased(root)) is not None:
            yield Problem(source, alias.start_mark.line + 1, "invalid CSL YAML (an anchor "
                          "and its aliases, &name and *name: write the value out); the file "
                          "was not read")
            return
        for node in (yield from _item_nodes(root, source, front is not None)):
            line = node.start_mark.line + 1
            try:
                value = loader.construct_document(node)
            except yaml.MarkedYAMLError as error:  # a tag such as !!python/object
                yield Problem(source, line, f"a CSL YAML item that cannot be read "
                              f"({error.problem}); it was skipped")
                continue
            yield from item_records(_dates(value), source, line,
                                    "a CSL YAML item must be a mapping")
    finally:
        loader.dispose()


#: A Markdown document's YAML front matter: from a first line "---" to a line "---" or "...";
#: group 1 is that closing line.
_FRONT_MATTER = lazy(r"---[ \t]*\r?\n(?:.*\n)*?((?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))")


def _item_nodes(root: yaml.Node | None, source: str, front_matter: bool
                ) -> Generator[Record, None, list[yaml.Node]]:
    """The nodes of the items (a generator of the problem if there are none: a ``yield
    from`` gives its return value)."""
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        references = next((value for key, value in root.value if key.value == "references"),
                          None)
        if references is None and front_matter:
            yield Problem(source, root.start_mark.line + 1, "the front matter has no "
                          "'references:' list of CSL items")
            return []
        if references is None:  # one item, as CSL-JSON allows one object
            return [root]
        root = references
    if not isinstance(root, yaml.SequenceNode):
        yield Problem(source, root.start_mark.line + 1, "CSL YAML must be a list of items, or "
                      "a mapping with a 'references:' list")
        return []
    return root.value


def _dates(value: object) -> object:
    """The item with dates written as text (pandoc's ``issued: 2020-05``) as CSL-JSON's raw
    dates."""
    if not isinstance(value, dict):
        return value
    return {key: {"raw": str(date)} if key in DATE_VARIABLES and isinstance(date, (str, int))
            and not isinstance(date, bool) else date for key, date in value.items()}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's: 5-10 times faster
    """PyYAML's safe loader, with dates, yes, no, on and off kept as written: they are text in
    CSL, as pandoc (YAML 1.2) reads them; YAML 1.1 makes them date objects and booleans."""

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool | str:
        if node.value.lower() in ("true", "false"):
            return super().construct_yaml_bool(node)
        return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)


def _aliased(root: yaml.Node) -> yaml.Node | None:
    """A node met twice (an alias of it), if any. CSL YAML has no use for aliases, and an alias
    of a list of aliases of … turns a few hundred bytes into billions of values written out."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
    return None
