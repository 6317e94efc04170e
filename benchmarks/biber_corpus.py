"""Every corpus .bib file read by citetool, written back as BibTeX, and read by biber: prints
the entries written, those biber read, and every field biber reads otherwise than citetool
(tests/test_biber.py's comparison, which the test suite runs on the fixtures).

Usage: python benchmarks/biber_corpus.py [--ascii] [--shared PATH]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import test_biber  # noqa: E402  (tests/test_biber.py: biber's reading and the comparison)

from citetool import api  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ascii", action="store_true", help="write with --ascii")
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    args = parser.parse_args()
    start = time.perf_counter()
    items = api.load(sorted((args.shared / "corpus" / "raw").glob("*.bib"))).items
    bibtex = api.convert(items, "bibtex", ascii=args.ascii)
    with tempfile.TemporaryDirectory() as folder:
        read = test_biber.biber_entries(bibtex, Path(folder))
    found = test_biber.differences(bibtex, read)
    for line in found:
        print("DIFFER", line)
    by_field = Counter(line.split(": ")[1] for line in found)
    print(f"entries written: {len(items)}\n  read by biber: {len(read)}\n    differences: "
          f"{len(found)} {dict(by_field.most_common())}\n        seconds: "
          f"{time.perf_counter() - start:.1f}")
    return 1 if found or len(read) != len(items) else 0


if __name__ == "__main__":
    sys.exit(main())
