"""Read every file of ../shared/corpus/raw (and perf/cdl.bib) and print what was read.

Prints: files, entries read, entries reported bad, crashes (must be 0), round-trip mismatches
(every field of every item, after file → model → same format → model; must be 0),
bibtexparser's own entry count for the .bib files, and the time taken. On stderr: each entry
reported bad (file:line: why), and each .bib file whose entry count differs from bibtexparser's.
Usage: python benchmarks/read_corpus.py [--shared PATH]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import bibtexparser

from citetool import api


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    files = sorted((corpus / "raw").iterdir()) + [corpus / "perf" / "cdl.bib"]
    totals = dict(files=0, entries=0, bad=0, crashes=0, mismatches=0, bibtexparser=0)
    started = time.perf_counter()
    for path in files:
        totals["files"] += 1
        try:
            result = api.load([path])
        except Exception as error:  # a crash is what this script exists to find
            totals["crashes"] += 1
            print(f"CRASH {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
            continue
        totals["entries"] += len(result.items)
        totals["bad"] += len(result.problems)
        for problem in result.problems:
            print(f"BAD {problem}", file=sys.stderr)
        if path.suffix == ".bib":
            library = bibtexparser.parse_string(api.decode(path.read_bytes()))
            totals["bibtexparser"] += len(library.entries)
            if len(library.entries) != len(result.items):
                print(f"DIFFER {path.name}: citetool {len(result.items)} entries, bibtexparser "
                      f"{len(library.entries)} ({len(library.failed_blocks)} failed blocks, "
                      f"{len(result.problems)} reported bad by citetool)", file=sys.stderr)
        native = "ris" if path.suffix == ".ris" else "bibtex"
        again = api.parse(api.convert(result.items, native), f"roundtrip.{native}").items
        for before, after in zip(result.items, again):
            if before != after:
                totals["mismatches"] += 1
                diff = sorted(k for k in before.keys() | after.keys()
                              if before.get(k) != after.get(k))
                print(f"MISMATCH {path.name} {before.get('id')}: {diff}", file=sys.stderr)
        totals["mismatches"] += abs(len(result.items) - len(again))
    totals["seconds"] = round(time.perf_counter() - started, 1)
    for key, value in totals.items():
        print(f"{key:>14}: {value}")
    return 1 if totals["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
