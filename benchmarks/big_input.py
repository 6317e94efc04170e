"""How much time and memory reading a very large BibTeX file takes: builds a file of
``--entries`` entries (the real entries of ../shared/corpus/perf/cdl.bib repeated with fresh
keys, or synthetic ones where ../shared is absent), runs ``citetool format --to csl-json`` on it
in a child process, and prints entries, seconds, input size, the child's peak memory (maximum
resident set size) and that peak divided by the input size.

Usage: python benchmarks/big_input.py [--entries N] [--keep FILE.bib]
"""
from __future__ import annotations

import argparse
import itertools
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "perf" / "cdl.bib"
_ENTRY = re.compile(r"^@[ \t]*([A-Za-z]+)[ \t]*\{[ \t]*([^,\s]*)[ \t]*,", re.M)
_SYNTHETIC = """@article{{{key},
  author = {{M{{\\"u}}ller, J{{\\'o}}zsef and van der Berg, Anna and Smith, Jr., John}},
  title = {{On the {{DNA}} of things, part {n}}},
  journal = {{Journal of Tests}}, year = {year}, volume = {{{volume}}}, pages = {{1--10}},
  doi = {{10.1234/test.{n}}}
}}
"""


def entries(count: int) -> str:
    """BibTeX text of ``count`` entries with distinct citekeys."""
    if not CORPUS.is_file():
        return "\n".join(_SYNTHETIC.format(key=f"k{n}", n=n, year=1900 + n % 125,
                                           volume=n % 90) for n in range(count))
    text = CORPUS.read_text("utf-8")
    starts = [m.start() for m in _ENTRY.finditer(text)] + [len(text)]
    blocks = [text[a:b] for a, b in itertools.pairwise(starts)]
    out = []
    for n, block in zip(range(count), itertools.cycle(blocks)):
        copy = n // len(blocks)
        out.append(block if copy == 0 else
                   _ENTRY.sub(lambda m, c=copy: f"@{m[1]}{{{m[2]}-{c},", block, count=1))
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the BibTeX file here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "big.bib"
        path.write_text(entries(args.entries), "utf-8")
        size = path.stat().st_size
        started = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", "from citetool.cli import main; main()",
                                "format", "--to", "csl-json", str(path)],
                               capture_output=True)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    items = child.stdout.count(b'\n    "id": ')
    problems = len(child.stderr.splitlines())
    kind = "cdl.bib repeated" if CORPUS.is_file() else "synthetic"
    print(f"input: {args.entries:,} entries ({kind}), {size / 1e6:.1f} MB")
    print(f"exit code: {child.returncode}; items written: {items:,}; problems: {problems:,}")
    print(f"seconds: {seconds:.1f}")
    print(f"peak memory (max RSS of the child): {peak / 1e6:.0f} MB")
    print(f"peak / input size: {peak / size:.1f}")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
