"""Long fuzzing runs of the readers' contract, with the strategies of tests/test_fuzz.py.

For each reader it draws ``--examples`` inputs (generated text, random text, mutated fixtures,
mutated ../shared/corpus/raw files when present, other formats' seeds), runs each through
``check_example`` (read, every writer, one render), and groups failures by exception type and
the last frame in citetool's code (or the broken assertion). Prints per reader the examples
tried and the failures found, and each distinct failure with its smallest input; ``--reduce``
shrinks that input further (delta debugging) to a minimal reproducer. Exit code 1 when any
failure was found.

Usage: python benchmarks/fuzz.py [--examples N] [--reader NAME ...] [--shared PATH|--no-shared]
                                 [--seed N] [--reduce] [--max-seconds S]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import test_fuzz as fuzz  # noqa: E402  (tests/test_fuzz.py: strategies and checks)
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

import citetool  # noqa: E402

_OURS = str(Path(citetool.__file__).resolve().parent)
_TESTS = str(HERE.parent / "tests")


@dataclass
class Failure:
    signature: str
    error: str
    count: int = 0
    text: str = ""
    style: str = ""
    output_format: str = ""


@dataclass
class Tally:
    examples: int = 0
    refused: int = 0  # bytes api.decode rightly refused
    failures: int = 0
    seconds: float = 0.0
    distinct: dict[str, Failure] = field(default_factory=dict)


def signature(error: BaseException) -> str:
    """Where a failure comes from: the exception and the last frame in citetool's code (for a
    broken assertion of the contract checks, the assertion's line in tests/test_fuzz.py)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(_OURS)]
    if frames[-1].filename.startswith(_TESTS) or not ours:
        # Raised by the checks themselves (or nowhere in citetool): where, in the tests. An
        # AssertionError from a library (html.parser raises some) counts as a crash.
        ours = [f for f in frames if f.filename.startswith(_TESTS)] or frames
    frame = ours[-1]
    where = Path(frame.filename).resolve()
    try:
        where = where.relative_to(Path(_OURS).parent)
    except ValueError:
        pass
    return f"{type(error).__name__} at {where}:{frame.lineno} in {frame.name}"


def attempt(format: str, text: str | None, style: str, output_format: str) -> BaseException | None:
    try:
        fuzz.check_example(format, text, style, output_format)
    except Exception as error:  # every failure is a finding
        return error
    return None


#: Examples per Hypothesis run: a long run is many of these, each with its own seed, so that
#: --max-seconds is checked between them and Hypothesis never holds a huge run in memory.
BATCH = 1000


def run_reader(format: str, seeds: dict[str, list[str]], examples: int, random_seed: int,
               deadline: float) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    strategy = fuzz.examples(format, seeds)

    def record(example) -> None:
        text, style, output_format = example
        tally.examples += 1
        if text is None:
            tally.refused += 1
            return
        error = attempt(format, text, style, output_format)
        if error is None:
            return
        tally.failures += 1
        key = signature(error)
        found = tally.distinct.setdefault(key, Failure(key, _one_line(error), text=text,
                                                       style=style,
                                                       output_format=output_format))
        found.count += 1
        if len(text) < len(found.text):
            found.text, found.style, found.output_format = text, style, output_format

    batch = 0
    while tally.examples < examples and time.perf_counter() < deadline:
        before = tally.examples
        run = given(strategy)(record)
        run = settings(max_examples=min(BATCH, examples - tally.examples), deadline=None,
                       database=None, phases=[Phase.generate], derandomize=False,
                       suppress_health_check=list(HealthCheck))(run)
        run = seed(random_seed * 1_000_003 + batch)(run)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run()
        batch += 1
        if tally.examples == before:  # Hypothesis found nothing left to try
            break
    tally.seconds = time.perf_counter() - started
    return tally


def _one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def reduce(format: str, failure: Failure, budget: float = 60.0) -> str:
    """The failing text made small (delta debugging on lines, then characters), keeping the
    same failure signature."""
    stop = time.perf_counter() + budget

    def fails(text: str) -> bool:
        error = attempt(format, text, failure.style, failure.output_format)
        return error is not None and signature(error) == failure.signature

    text = failure.text
    for unit in ("line", "char"):
        pieces = text.splitlines(keepends=True) if unit == "line" else list(text)
        chunk = max(1, len(pieces) // 2)
        while chunk >= 1 and time.perf_counter() < stop:
            i, changed = 0, False
            while i < len(pieces) and time.perf_counter() < stop:
                candidate = pieces[:i] + pieces[i + chunk:]
                if fails("".join(candidate)):
                    pieces, changed = candidate, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        text = "".join(pieces)
    # Runs of one character (nesting): as short as still fails, by halving.
    for char in sorted(set(text), key=text.count, reverse=True)[:3]:
        run = char * 2
        while run * 2 in text:
            run *= 2
        while len(run) > 1 and time.perf_counter() < stop:
            shorter = text.replace(run, run[:len(run) // 2], 1)
            if shorter != text and fails(shorter):
                text = shorter
                run = run[:len(run) // 2]
            else:
                break
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000, help="per reader")
    parser.add_argument("--reader", action="append", choices=fuzz.READERS,
                        help="only this reader (repeatable); default: all")
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared",
                        help="../shared, whose corpus/raw files are used as seeds")
    parser.add_argument("--no-shared", action="store_true", help="fixtures only as seeds")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--reduce", action="store_true",
                        help="shrink each distinct failure's input to a minimal reproducer")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help=f"stop each reader after the batch of {BATCH} examples that "
                             "passes this many seconds (--reduce takes up to 60 s per failure "
                             "more)")
    args = parser.parse_args()
    # Failing inputs may hold lone surrogates (JSON's "\ud800"): print them escaped.
    sys.stdout.reconfigure(errors="backslashreplace")
    random_seed = args.seed if args.seed is not None else random.randrange(2**32)

    seeds = {name: list(texts) for name, texts in fuzz.SEEDS.items()}
    raw = args.shared / "corpus" / "raw"
    corpus = 0
    if not args.no_shared and raw.is_dir():
        for name, texts in fuzz.corpus_seeds(raw).items():
            seeds[name] += texts
            corpus += len(texts)
    print(f"seed {random_seed}; seeds: " + ", ".join(f"{n} {len(t)}" for n, t in seeds.items())
          + (f" (with {corpus} pieces of {raw})" if corpus else " (fixtures only)"))

    total = Tally()
    found: list[tuple[str, Failure]] = []
    for format in args.reader or fuzz.READERS:
        deadline = time.perf_counter() + (args.max_seconds or float("inf"))
        tally = run_reader(format, seeds, args.examples, random_seed, deadline)
        print(f"{format:9} {tally.examples:8d} examples ({tally.refused} refused by decode), "
              f"{tally.failures:6d} failures, {len(tally.distinct):3d} distinct, "
              f"{tally.seconds:7.1f}s", flush=True)
        for failure in sorted(tally.distinct.values(), key=lambda f: -f.count):
            print(f"    {failure.count:6d}x {failure.signature}\n           {failure.error}",
                  flush=True)
            found.append((format, failure))
        total.examples += tally.examples
        total.refused += tally.refused
        total.failures += tally.failures
        total.seconds += tally.seconds
    distinct = {(format, failure.signature) for format, failure in found}
    print(f"{'total':9} {total.examples:8d} examples ({total.refused} refused by decode), "
          f"{total.failures:6d} failures, {len(distinct):3d} distinct, {total.seconds:7.1f}s")

    if found:
        print("\nsmallest input per failure" + (" (reduced)" if args.reduce else "") + ":")
        for format, failure in found:
            text = reduce(format, failure) if args.reduce else failure.text
            shown = repr(text) if len(text) <= 400 else \
                repr(text[:400]) + f" ... ({len(text)} chars)"
            print(f"  [{format}] {failure.signature}\n    style={failure.style} "
                  f"output={failure.output_format}\n    {shown}", flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
