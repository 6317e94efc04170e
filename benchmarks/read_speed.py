"""How fast citetool reads a large real BibTeX library into CSL-JSON items (full LaTeX
decoding, name splitting), and writes them out as CSL-JSON text: entries per second.

Each run is a fresh process (nothing cached from an earlier run); the best and the median of
the runs are printed, wall time and the process's CPU time (steadier on a busy machine).
Target (issue #4): ≥ 5,000 entries/s reading ../shared/corpus/perf/cdl.bib on the issue's
machine, where bibtexparser's bare parse of that file took 0.47 s. Machines differ, so each run
also times that bare parse (and, once, bibtexparser with its own decoding middlewares), and the
rate is also printed scaled to the issue's machine: ours × (bare parse here / 0.47 s).

Usage: python benchmarks/read_speed.py [FILE.bib] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "perf" / "cdl.bib"


ISSUE_BARE_PARSE = 0.47  # seconds, bibtexparser.parse_string on cdl.bib, the issue's machine


def bibtexparser_seconds(path: Path, middlewares: bool) -> float:
    """bibtexparser v2 alone: its bare parse, or with its LaTeX, month and name middlewares."""
    import bibtexparser
    from bibtexparser import middlewares as m

    text = path.read_text(encoding="utf-8")
    stack = [m.LatexDecodingMiddleware(), m.MonthIntMiddleware(True), m.SeparateCoAuthors(True),
             m.SplitNameParts(True)] if middlewares else None
    start = time.process_time()
    bibtexparser.parse_string(text, append_middleware=stack)
    return time.process_time() - start


def once(path: Path) -> dict[str, float]:
    from citetool import api

    wall, cpu = time.perf_counter(), time.process_time()
    result = api.load([path])
    read = time.perf_counter() - wall, time.process_time() - cpu
    api.convert(result.items, "csl-json")
    total = time.perf_counter() - wall, time.process_time() - cpu
    return {"entries": len(result.items), "bad": len(result.problems), "read": read[0],
            "read_cpu": read[1], "total": total[0], "total_cpu": total[1],
            "bare_cpu": bibtexparser_seconds(path, middlewares=False)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--once", choices=("ours", "middlewares"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(once(args.file) if args.once == "ours"
                         else bibtexparser_seconds(args.file, middlewares=True)))
        return 0

    def fresh(what: str):
        return json.loads(subprocess.run([sys.executable, __file__, str(args.file), "--once", what],
                                         check=True, capture_output=True, text=True).stdout)

    runs = [fresh("ours") for _ in range(args.runs)]
    entries = runs[0]["entries"]
    print(f"file: {args.file.name}: {entries} entries read, {runs[0]['bad']} reported bad; "
          f"{args.runs} runs, each in a fresh process")
    for key, what in (("read", "read into CSL-JSON items"),
                      ("total", "read + written as CSL-JSON text")):
        for clock in ("", "_cpu"):
            seconds = [run[key + clock] for run in runs]
            print(f"{what:>32} ({'CPU' if clock else 'wall'}): best {min(seconds):.2f} s = "
                  f"{entries / min(seconds):,.0f} entries/s, median "
                  f"{statistics.median(seconds):.2f} s = "
                  f"{entries / statistics.median(seconds):,.0f} entries/s")
    bare = statistics.median(run["bare_cpu"] for run in runs)
    ours = statistics.median(run["read_cpu"] for run in runs)
    print(f"bibtexparser alone (CPU): bare parse median {bare:.2f} s; with its LaTeX, month and "
          f"name middlewares {fresh('middlewares'):.2f} s")
    print(f"read into items, CPU median, scaled to the issue's machine (bare parse "
          f"{ISSUE_BARE_PARSE} s there): {ours * ISSUE_BARE_PARSE / bare:.2f} s = "
          f"{entries * bare / (ours * ISSUE_BARE_PARSE):,.0f} entries/s (target ≥ 5,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
