"""The classes of citeproc-py and lxml as importing citetool and rendering leave them, compared
with what they were before (tests/test_render_contract.py runs it in a child process, so that
nothing citetool loaded before counts).

Usage: python tests/library_classes.py FILE.json   prints a JSON list of what changed ([] if
nothing): an attribute of a class added, removed or replaced, or an element of a style that
citeproc-py's own parser made of a class not its own
"""
from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
import warnings
from pathlib import Path
from types import ModuleType

import citeproc
from citeproc import CitationStylesStyle
from lxml import etree


def _modules() -> list[ModuleType]:
    """citeproc-py's modules and lxml's etree."""
    names = [info.name for info in pkgutil.walk_packages(citeproc.__path__, "citeproc.")
             if "scripts" not in info.name]
    return [citeproc, etree, *(importlib.import_module(name) for name in names)]


def _classes() -> dict[str, dict[str, object]]:
    """Each class of those modules, by its qualified name, with its attributes."""
    return {f"{module.__name__}.{name}": dict(vars(cls)) for module in _modules()
            for name, cls in vars(module).items() if inspect.isclass(cls)}


def _changed(before: dict[str, dict[str, object]],
             after: dict[str, dict[str, object]]) -> list[str]:
    return [f"{name}.{attribute}" for name in sorted(before.keys() | after.keys())
            for attribute in sorted(before.get(name, {}).keys() | after.get(name, {}).keys())
            if before.get(name, {}).get(attribute, before) is not
            after.get(name, {}).get(attribute, after)]


def _foreign_elements() -> list[str]:
    """Elements of APA, and of its locale, that citeproc-py's parser made of classes that are
    not citeproc-py's."""
    style = CitationStylesStyle("apa", validate=False)
    trees = [style.root] + [locale.getroottree().getroot() for locale in style.root.locales]
    return sorted({f"{element.tag}: {type(element).__module__}" for tree in trees
                   for element in tree.iter()
                   if not type(element).__module__.startswith(("citeproc.", "lxml."))})


def main() -> None:
    warnings.filterwarnings("ignore")  # citeproc-py's notes on fields it does not know
    before = _classes()
    from citetool import api

    items = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    cites = [[{"id": item["id"], "locator": "3"}] for item in items + items]
    for style, locale in (("apa", None), ("ieee", "de-DE"), ("chicago-notes", None)):
        for output_format in ("text", "html"):
            if style != "chicago-notes":  # it has no bibliography
                api.format_bibliography(json.loads(json.dumps(items)), style, output_format,
                                        locale)
            api.format_citations(items, cites, style, output_format, locale)
    print(json.dumps(_changed(before, _classes()) + _foreign_elements()))


if __name__ == "__main__":
    main()
