"""Fidelity to citeproc-js: run ../shared/corpus/compare.py over the dev corpus for its 10
styles with citetool, and print its table (entries identical per style, files identical).

The corpus was rendered by citeproc-js in en-US whatever a style's default-locale says
(nature's is en-GB, yet its renderings have en-US quotes): the runs get CITETOOL_LOCALE=en-US,
as a user would set it, where citetool by itself follows the style's default-locale.

Usage: python benchmarks/fidelity.py [--limit N] [--styles a,b]   (needs citetool installed)
"""
from __future__ import annotations

import os
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
    return subprocess.run(command, env={**os.environ, "CITETOOL_LOCALE": "en-US"}).returncode


if __name__ == "__main__":
    sys.exit(main())
