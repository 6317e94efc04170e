"""citetool from Python: read, check, format and convert without the command line.

Run: python examples/api_example.py   (from anywhere)
"""
from pathlib import Path

from citetool import api, check

HERE = Path(__file__).parent

# Read: items (CSL-JSON dicts) and problems (file:line, never printed nor raised).
result = api.load([HERE / "refs.bib", HERE / "socsci-9-1.txt"])
print(len(result.items), "items;", len(result.problems), "problems")

# Check: the same findings as `citetool check` (the page repeats the article in refs.bib).
for finding in check.run([HERE / "refs.bib", HERE / "socsci-9-1.txt"]):
    print(finding)

# Format: any CSL style, in text, HTML or Markdown, in the style's own language or another.
print(api.format_bibliography(result.items[:1], style="mdpi"), end="")
print(api.format_bibliography(result.items[:1], style="chicago-author-date", locale="de-DE"),
      end="")

# Convert: BibTeX, RIS, CSL-JSON or CSL YAML text, to save where you like (atomically).
print(api.convert(result.items[2:3], "ris"), end="")
