"""Wall time of a one-record `citetool format` call (target: ≤ 0.3 s), median of N runs,
for each built-in style and one CSL repository style.

Usage: python benchmarks/one_record.py [RUNS]   (needs citetool installed)
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "examples" / "socsci-9-1.txt"
STYLES = ("mdpi", "acs", "apa", "american-medical-association")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    command = shutil.which("citetool") or sys.exit("citetool is not installed")
    for style in STYLES:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([command, "format", "--style", style, str(PAGE)], check=True,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        print(f"{style:>30}: median {statistics.median(times):.3f} s, "
              f"max {max(times):.3f} s over {runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
