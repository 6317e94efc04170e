"""Writes styles/mdpi-references.csl from styles/mdpi.csl: ``python styles/mdpi_references.py``.

The two styles are one set of rules and differ in two things only, where MDPI's web page and
MDPI's LaTeX template (mdpi.bst) part: the DOI, which the page's cite box leaves out and mdpi.bst
prints last as ``https://doi.org/…``, and a hyphenated given name, whose hyphen the cite box
keeps ("Wu, C.-H.") and mdpi.bst leaves out ("Chen, L.C."). CSL has no
include, and a standalone .csl file is what other CSL processors (Zotero, citeproc-js) take,
so the second file is made from the first here rather than kept by hand;
tests/test_mdpi.py fails when it is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE, TARGET = HERE / "mdpi.csl", HERE / "mdpi-references.csl"

#: What changes, each text found exactly once in mdpi.csl.
CHANGES = (
    ('<?xml version="1.0" encoding="utf-8"?>\n',
     '<?xml version="1.0" encoding="utf-8"?>\n'
     "<!-- Made from mdpi.csl by styles/mdpi_references.py: edit that file, then run this. -->\n"),
    ('demote-non-dropping-particle="never">',
     'demote-non-dropping-particle="never"\n       initialize-with-hyphen="false">'),
    ("<title>MDPI (citetool)</title>", "<title>MDPI reference list, with DOIs (citetool)</title>"),
    ("<id>http://citetool.invalid/styles/mdpi</id>",
     "<id>http://citetool.invalid/styles/mdpi-references</id>"),
    (", no DOI.</summary>", (', initials of a hyphenated name without the hyphen and the DOI'
                             ' as "https://doi.org/…" (mdpi.bst).</summary>')),
    ('  <macro name="doi">\n    <text value=""/>\n',
     '  <macro name="doi">\n    <text variable="DOI" prefix="https://doi.org/"/>\n'),
)


def derived(source: str) -> str:
    """mdpi-references.csl's text for mdpi.csl's ``source``."""
    for old, new in CHANGES:
        if source.count(old) != 1:
            raise ValueError(f"mdpi.csl should hold {old!r} exactly once")
        source = source.replace(old, new)
    return source


if __name__ == "__main__":
    TARGET.write_text(derived(SOURCE.read_text("utf-8")), "utf-8")
    sys.exit(0)
