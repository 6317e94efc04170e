"""How fast citetool reads a large real BibTeX library into CSL-JSON (full LaTeX decoding,
name splitting): prints entries, seconds and entries per second.

Usage: python benchmarks/read_speed.py [FILE.bib]   (default: ../shared/corpus/perf/cdl.bib)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from citetool import api

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "perf" / "cdl.bib"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    started = time.perf_counter()
    result = api.load([path])
    api.convert(result.items, "csl-json")
    seconds = time.perf_counter() - started
    print(f"file: {path.name}")
    print(f"entries: {len(result.items)} read, {len(result.problems)} reported bad")
    print(f"seconds: {seconds:.2f}")
    print(f"entries/s: {len(result.items) / seconds:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
