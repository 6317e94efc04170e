"""How much time and memory reading a very large BibTeX file takes: builds a file of
``--entries`` entries (the real entries of ../shared/corpus/perf/cdl.bib repeated with fresh
keys, or synthetic ones where ../shared is absent), runs ``citetool format --to csl-json`` on it
in a child process, once writing with ``-o FILE`` and once to standard output, and prints for
each the seconds, the child's peak memory (maximum resident set size) and that peak divided by
the input size.

Usage: python benchmarks/big_input.py [--entries N] [--keep FILE.bib]
"""
from __future__ import annotations

import argparse
import itertools
import re
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


#: Runs the command given and writes its exit code and peak memory (KiB) to the file given.
#: The benchmark itself holds the whole library, and a child started from it counts the
#: parent's memory in its peak (Linux keeps the larger of the two across exec); this small
#: starter holds next to nothing.
_STARTER = """import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as report:
    report.write(f"{child.returncode} {usage.ru_maxrss}")
"""


def run(bib: Path, folder: Path, to_stdout: bool) -> tuple[int, bytes, str, float, int]:
    """Exit code, output, stderr, seconds and peak memory (bytes) of one child's run."""
    out, err, report = folder / "out.json", folder / "err.txt", folder / "report.txt"
    command = [sys.executable, "-c", "from citetool.cli import main; main()",
               "format", "--to", "csl-json", str(bib), *([] if to_stdout else ["-o", str(out)])]
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    with open(folder / "stdout", "wb") as stdout, open(err, "wb") as stderr:
        subprocess.run([sys.executable, "-c", _STARTER, str(report), *command],
                       stdout=stdout, stderr=stderr, check=True)
    seconds = time.perf_counter() - started
    code, peak = map(int, report.read_text().split())
    written = (folder / "stdout" if to_stdout else out).read_bytes()
    return code, written, err.read_text("utf-8"), seconds, peak * 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the BibTeX file here and keep it")
    args = parser.parse_args()
    kind = "cdl.bib repeated" if CORPUS.is_file() else "synthetic"
    worst = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = args.keep or folder / "big.bib"
        path.write_text(entries(args.entries), "utf-8")
        size = path.stat().st_size
        print(f"input: {args.entries:,} entries ({kind}), {size / 1e6:.1f} MB")
        outputs = []
        for label, to_stdout in (("-o out.json", False), ("stdout", True)):
            code, written, errors, seconds, peak = run(path, folder, to_stdout)
            outputs.append(written)
            worst = max(worst, code)
            items = written.count(b'\n    "id": ')
            print(f"{label}: exit code {code}; items written: {items:,}; "
                  f"problems: {len(errors.splitlines()):,}; {seconds:.1f} s; "
                  f"peak memory (max RSS of the child): {peak / 1e6:.0f} MB = "
                  f"{peak / size:.1f} x the input")
        if outputs[0] != outputs[1]:
            print("the two outputs differ")
            worst = max(worst, 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
