"""Wall time (and CPU time, which a busy machine changes less) of a small `citetool format`
call, startup included, median of N runs: issue #16's target is ≤ 0.2 s for `citetool format
--style apa examples/refs.bib`; then the seed's article page in each built-in style and one
CSL repository style.

The runs use compiled bytecode, as a user's install does (pip compiles a wheel's modules when it
installs them; an editable install writes them on its first run): one untimed run first writes
them, and PYTHONDONTWRITEBYTECODE, which some sandboxes set, is left out of the runs' environment
(with it, every run compiles all of citetool's sources again: about 0.1 s more).

Usage: python benchmarks/one_record.py [RUNS]   (needs citetool installed)
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TARGET = 0.2
#: (style, input): the issue's command first.
CALLS = (("apa", EXAMPLES / "refs.bib"), *((style, EXAMPLES / "socsci-9-1.txt") for style in
                                            ("mdpi", "acs", "apa", "american-medical-association")))


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    command = shutil.which("citetool") or sys.exit("citetool is not installed")
    environment = {name: value for name, value in os.environ.items()
                   if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([command, "format", "--style", "apa", str(CALLS[0][1])], env=environment,
                   stdout=subprocess.DEVNULL, check=False)  # writes the bytecode
    for number, (style, path) in enumerate(CALLS):
        times, cpus = [], []
        for _ in range(runs):
            started = time.perf_counter()
            child = subprocess.Popen([command, "format", "--style", style, str(path)],
                                     stdout=subprocess.DEVNULL, env=environment)
            _, status, usage = os.wait4(child.pid, 0)
            times.append(time.perf_counter() - started)
            cpus.append(usage.ru_utime + usage.ru_stime)
            if status:
                sys.exit(f"citetool format --style {style} {path} failed")
        median = statistics.median(times)
        verdict = f"  (target ≤ {TARGET} s: {'met' if median <= TARGET else 'MISSED'})" \
            if number == 0 else ""
        print(f"{style:>28} {path.name:<15}: median {median:.3f} s, max {max(times):.3f} s, "
              f"CPU {statistics.median(cpus):.3f} s over {runs} runs{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
