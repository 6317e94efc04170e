"""Fidelity to citeproc-js: run ../shared/corpus/compare.py over the dev corpus for its 10
styles with citetool, and print its table (entries identical per style, files identical).

Usage: python benchmarks/fidelity.py [--limit N] [--styles a,b]   (needs citetool installed)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

COMPARE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "compare.py"


def main() -> int:
    if not COMPARE.exists():
        sys.exit(f"{COMPARE} is not here: the corpus lives in ../shared")
    citetool = shutil.which("citetool") or sys.exit("citetool is not installed")
    command = [sys.executable, str(COMPARE), "--set", "dev", "--jobs", "2",
               "--cmd", f"{citetool} format --style {{style}} --from csl-json {{input}}",
               *sys.argv[1:]]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
