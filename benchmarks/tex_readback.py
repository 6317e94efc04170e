"""Every corpus .bib file read by citetool, written back as BibTeX, and read by BibTeX itself
and by biber: prints per program the entries written, those it read, and every field it reads
otherwise than citetool (tests/test_tex_readback.py's comparisons, which the test suite runs
on the fixtures).

Usage: python benchmarks/tex_readback.py [--ascii] [--shared PATH] [--program bibtex|biber]
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

import test_tex_readback as readback  # noqa: E402  (each program's reading, the comparisons)

from citetool import api  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ascii", action="store_true", help="write with --ascii")
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--program", choices=("bibtex", "biber"), action="append")
    args = parser.parse_args()
    items = api.load(sorted((args.shared / "corpus" / "raw").glob("*.bib"))).items
    bibtex = api.convert(items, "bibtex", ascii=args.ascii)
    failed = False
    for program in args.program or ("bibtex", "biber"):
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            if program == "bibtex":
                read, errors = readback.bibtex_entries(bibtex, Path(folder))
                found = readback.bibtex_differences(bibtex, read)
            else:
                read, errors = readback.biber_entries(bibtex, Path(folder)), []
                found = readback.differences(bibtex, read)
        for line in errors + found:
            print(program, line)
        by_field = Counter(line.split(": ")[1] for line in found)
        print(f"{program}: entries written {len(items)}, read {len(read)}, errors "
              f"{len(errors)}, fields read otherwise {len(found)} {dict(by_field.most_common())}"
              f", {time.perf_counter() - start:.1f} s")
        failed = failed or bool(found or errors) or len(read) != len(items)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
