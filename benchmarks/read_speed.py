"""How fast citetool reads a large real BibTeX library into CSL-JSON items (full LaTeX
decoding, name splitting), and writes them out as CSL-JSON text: entries per second.

Each run is a fresh process (nothing cached from an earlier run); the best and the median of
the runs are printed, wall time and the process's CPU time (steadier on a busy machine).
Target (issue #4): ≥ 5,000 entries/s reading ../shared/corpus/perf/cdl.bib.

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


def once(path: Path) -> dict[str, float]:
    from citetool import api

    wall, cpu = time.perf_counter(), time.process_time()
    result = api.load([path])
    read = time.perf_counter() - wall, time.process_time() - cpu
    api.convert(result.items, "csl-json")
    return {"entries": len(result.items), "bad": len(result.problems), "read": read[0],
            "read_cpu": read[1], "total": time.perf_counter() - wall,
            "total_cpu": time.process_time() - cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(once(args.file)))
        return 0
    runs = [json.loads(subprocess.run([sys.executable, __file__, str(args.file), "--once"],
                                      check=True, capture_output=True, text=True).stdout)
            for _ in range(args.runs)]
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
