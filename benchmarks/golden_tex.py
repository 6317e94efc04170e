"""Our styles against the publishers' own BibTeX styles: each entry of
../shared/golden-tex/<file>.jsonl read from its BibTeX, rendered alone (as mdpi.bst rendered it),
and its text compared with the .bst's. Prints per style the entries identical, identical in
HTML too (italic and bold), and identical once the DOI link (``https://doi.org/…``) is set aside
on both sides.

Usage: python benchmarks/golden_tex.py [--file mdpi] [--styles mdpi,mdpi-references] [--show]
       [--shared PATH]   (--show prints every entry that differs, expected first)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from citetool import api

HERE = Path(__file__).resolve().parent
#: The DOI link as mdpi.bst prints it, last, with the mark before it: ". https://doi.org/10.1/x."
DOI = re.compile(r"[.,]? https://doi\.org/\S+$")
ENTRY_DIVS = re.compile(r'^<div class="csl-bib-body">\s*<div class="csl-entry">|</div>\s*</div>$')


def without_doi(text: str) -> str:
    """The text with its DOI link left out ("…, 10. https://doi.org/x." -> "…, 10.")."""
    return DOI.sub(".", text)


def rendered(bibtex: str, style: str, output_format: str = "text") -> str:
    """One entry rendered alone in ``style`` (empty when it cannot be read); HTML without the
    csl-bib-body and csl-entry divs. Our typographic apostrophe is the ASCII one where the entry
    has none: TeX prints ' as ’ too, and the golden text maps it back (golden-tex/README.md)."""
    items = api.parse(bibtex, "<golden>", "bibtex").items
    text = api.format_bibliography(items, style, output_format).strip() if items else ""
    text = ENTRY_DIVS.sub("", text)
    return text if "’" in bibtex else text.replace("’", "'")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="mdpi", help="golden-tex file name without .jsonl")
    parser.add_argument("--styles", default="mdpi,mdpi-references")
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--show", action="store_true", help="print the entries that differ")
    args = parser.parse_args()
    path = args.shared / "golden-tex" / f"{args.file}.jsonl"
    if not path.exists():
        sys.exit(f"{path} is not here: golden-tex lives in ../shared")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    for style in args.styles.split(","):
        same = same_html = same_doi_aside = 0
        for row in rows:
            ours = rendered(row["bibtex"], style)
            same += ours == row["text"]
            if ours == row["text"]:
                same_html += rendered(row["bibtex"], style, "html") == row["html"]
            if without_doi(ours) == without_doi(row["text"]):
                same_doi_aside += 1
            elif args.show:
                print(f"--- {row['key']} ({row['type']})\n  bst: {row['text']}\n  our: {ours}")
        print(f"{style}: {same}/{len(rows)} identical ({same_html} in HTML too), "
              f"{same_doi_aside}/{len(rows)} with the DOI set aside")
    return 0


if __name__ == "__main__":
    sys.exit(main())
