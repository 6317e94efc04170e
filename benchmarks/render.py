"""Whole-library rendering: wall time and peak memory of `citetool format` on
../shared/corpus/perf/cdl.json (6,314 items), next to raw citeproc-py's in the same run.

Target (issue #5): ≤ 11 s at ≤ 200 MB in APA; measured by the issue's author on this kind of
machine: citeproc-js 21.8 s / 394 MB, raw citeproc-py 102 s / 67 MB, pandoc 11.4 s / 638 MB.

Usage: python benchmarks/render.py [--style apa] [--limit N] [--no-raw]   (needs citetool
installed; each command runs in its own process, and its peak RSS is that process's own)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LIBRARY = SHARED / "perf" / "cdl.json"


def measure(command: list[str]) -> tuple[float, float, list[str], int]:
    """Seconds, peak RSS in MB, output lines and exit code of one command in a child process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        lines = out.read().decode("utf-8").splitlines()
    return seconds, usage.ru_maxrss / 1024, lines, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", default="apa")
    parser.add_argument("--limit", type=int, help="render only the first N items")
    parser.add_argument("--no-raw", action="store_true", help="skip raw citeproc-py")
    args = parser.parse_args()
    if not LIBRARY.is_file():
        sys.exit(f"{LIBRARY} is missing: this benchmark needs ../shared beside the project")
    citetool = shutil.which("citetool") or sys.exit("citetool is not installed")
    items = json.loads(LIBRARY.read_text("utf-8"))[:args.limit]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.json"
        path.write_text(json.dumps(items), "utf-8")
        commands = {"citetool": [citetool, "format", "--style", args.style, "--from",
                                 "csl-json", str(path)]}
        if not args.no_raw:
            commands["raw citeproc-py"] = [sys.executable, str(SHARED / "citeproc_py_cmd.py"),
                                           args.style, str(path)]
        print(f"{len(items)} items, style {args.style}")
        for name, command in commands.items():
            seconds, megabytes, lines, code = measure(command)
            print(f"{name:>16}: {seconds:7.1f} s  {megabytes:6.0f} MB peak  "
                  f"{len(lines)} entries  ({len(items) / seconds:,.0f} items/s)"
                  + (f"  exit code {code}" if code else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
