"""Conformance with the CSL processor test suite (../shared/csl-test-suite): every fixture
rendered through citetool's API and compared as citeproc-js's runner does (tests/csl_suite.py).

Prints pass/fail/crash per category (the fixture name's prefix) and the total, the passes
also over the normative fixtures (NON-NORMATIVE.tsv names the others), the crashes grouped by
exception, and writes every failure with its one-line reason.

Usage: python benchmarks/csl_suite.py [--failures FILE] [--write-passing] [--only PREFIX]
  --failures FILE   where to write the failures [default: csl_suite_failures.txt]
  --write-passing   rewrite tests/csl_suite_passing.txt (review the diff: a fixture that
                    leaves it is a regression) and tests/csl_suite_failures.txt, the
                    committed list of the fixtures we fail, each with its reason
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import csl_suite  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", default="csl_suite_failures.txt")
    parser.add_argument("--write-passing", action="store_true")
    parser.add_argument("--only", default="", help="run only fixtures starting with this")
    options = parser.parse_args()
    paths = [p for p in csl_suite.fixtures() if p.stem.startswith(options.only)]
    if not paths:
        sys.exit(f"no fixtures in {csl_suite.SUITE} (the suite lives in ../shared)")
    start = time.perf_counter()
    outcomes = [csl_suite.run(path) for path in paths]
    seconds = time.perf_counter() - start

    table: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        table[outcome.category][outcome.status] += 1
        table["TOTAL"][outcome.status] += 1
    print(f"{'category':<14}{'fixtures':>9}{'pass':>6}{'fail':>6}{'crash':>7}{'pass %':>8}")
    for category in sorted(table, key=lambda c: (c == "TOTAL", -table[c].total(), c)):
        counts = table[category]
        print(f"{category:<14}{counts.total():>9}{counts['pass']:>6}{counts['fail']:>6}"
              f"{counts['crash']:>7}{100 * counts['pass'] / counts.total():>7.1f}%")
    print(f"({seconds:.0f} s)")
    if not options.only:
        print(csl_suite.summary(outcomes))

    crashes: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.status == "crash":
            # the exception inside our RenderError, with the start of its message
            cause = outcome.reason.split(" failed on style style.csl: ")[-1]
            crashes[cause[:80]].append(outcome.name)
    for exception, names in sorted(crashes.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
        print(f"crash {exception} ×{len(names)}: {shown}")

    failures = [o for o in outcomes if o.status != "pass"]
    if options.write_passing:
        options.failures = str(csl_suite.PASSING.with_name("csl_suite_failures.txt"))
    Path(options.failures).write_text("".join(
        f"{o.name}\t{o.status}\t{o.reason}\n" for o in failures), "utf-8")
    print(f"{len(failures)} failures with reasons in {options.failures}")
    if options.write_passing:
        if options.only:
            sys.exit("--write-passing needs the whole suite (no --only)")
        csl_suite.PASSING.write_text(
            "# CSL test-suite fixtures citetool passes, asserted by tests/test_csl_suite.py;\n"
            "# regenerate with: python benchmarks/csl_suite.py --write-passing\n" +
            "".join(f"{o.name}\n" for o in outcomes if o.status == "pass"), "utf-8")
        print(f"wrote {csl_suite.PASSING}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
