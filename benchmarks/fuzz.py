"""Long fuzzing runs of the readers' contract, with the strategies of tests/test_fuzz.py.

For each reader it draws ``--examples`` inputs (generated text, random text, mutated fixtures,
mutated ../shared/corpus/raw files when present, other formats' seeds), runs each through
``check_example`` (read and every writer always; rendering through citeproc-py for every
``--render-every``-th example that gave records, as it costs more than reading and writing
together), and groups failures by exception type and the last frame in citetool's code (or the
broken assertion). Prints per reader the examples tried, how many gave records and how many
were rendered, the failures found, and each distinct failure with its smallest input;
``--reduce`` shrinks that input further (delta debugging) to a minimal reproducer. Exit code 1
when any failure was found.

Examples run in batches of BATCH, each a Hypothesis run with its own seed (derived from
``--seed``); ``--jobs N`` runs the batches in N worker processes. A progress line per batch
goes to stderr, so that a long run killed half-way still tells how far it got.

Usage: python benchmarks/fuzz.py [--examples N] [--reader NAME ...] [--shared PATH|--no-shared]
                                 [--seed N] [--reduce] [--max-seconds S] [--render-every N]
                                 [--jobs N]
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
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
    with_records: int = 0  # examples whose reading gave records
    rendered: int = 0  # examples whose records went through format_bibliography
    failures: int = 0
    seconds: float = 0.0  # wall time of the batches (summed over the processes)
    cpu: float = 0.0  # CPU time of the processes that ran the examples
    spent: dict[str, float] = field(default_factory=dict)  # of it: read, write, render
    distinct: dict[str, Failure] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Count ``other`` in (a batch's tally into its reader's), keeping per failure the
        smallest input."""
        self.examples += other.examples
        self.refused += other.refused
        self.with_records += other.with_records
        self.rendered += other.rendered
        self.failures += other.failures
        self.seconds += other.seconds
        self.cpu += other.cpu
        for step, seconds in other.spent.items():
            self.spent[step] = self.spent.get(step, 0.0) + seconds
        for key, failure in other.distinct.items():
            mine = self.distinct.get(key)
            if mine is None:
                self.distinct[key] = failure
                continue
            mine.count += failure.count
            if len(failure.text) < len(mine.text):
                mine.text, mine.style = failure.text, failure.style
                mine.output_format = failure.output_format


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


def attempt(format: str, text: str, style: str, output_format: str,
            render: Callable[[], bool] = lambda: True,
            spent: dict[str, float] | None = None) -> tuple[bool, BaseException | None]:
    """``text`` read, its records (if any) written in every format and, when ``render`` says
    so, rendered, each by its check in tests/test_fuzz.py: whether they were rendered, and the
    failure (None when the contract held). Adds each step's CPU time to ``spent``."""
    spent = {} if spent is None else spent
    rendered = False
    try:
        now = time.process_time()
        items = fuzz.check_read(text, format).items
        now = _count(spent, "read", now)
        if items:
            fuzz.check_write(items)
            now = _count(spent, "write", now)
            if render():
                rendered = True
                fuzz.check_render(items, style, output_format)
                _count(spent, "render", now)
    except Exception as error:  # every failure is a finding
        return rendered, error
    return rendered, None


def _count(spent: dict[str, float], step: str, since: float) -> float:
    now = time.process_time()
    spent[step] = spent.get(step, 0.0) + now - since
    return now


#: Examples per Hypothesis run: a long run is many of these, each with its own seed, so that
#: --max-seconds is checked between them, batches can run in parallel, and Hypothesis never
#: holds a huge run in memory.
BATCH = 1000

#: The strategy of each reader, built once from the seeds; worker processes inherit them (fork).
_STRATEGIES: dict[str, object] = {}


def build_strategies(seeds: dict[str, list[str]]) -> None:
    _STRATEGIES.update({format: fuzz.examples(format, seeds) for format in fuzz.READERS})


def run_batch(format: str, batch: int, size: int, random_seed: int, render_every: int,
              deadline: float) -> Tally:
    """One Hypothesis run of ``size`` examples (none once ``deadline``, a time.time(), has
    passed). Of the examples that gave records, the 1st, (1 + render_every)th, … of the batch
    are rendered."""
    tally = Tally()
    if time.time() >= deadline:
        return tally
    started, wall = time.process_time(), time.perf_counter()

    def sampled() -> bool:
        tally.with_records += 1
        return (tally.with_records - 1) % render_every == 0

    def record(example) -> None:
        text, style, output_format = example
        tally.examples += 1
        if text is None:
            tally.refused += 1
            return
        rendered, error = attempt(format, text, style, output_format, sampled, tally.spent)
        tally.rendered += rendered
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

    run = given(_STRATEGIES[format])(record)
    run = settings(max_examples=size, deadline=None, database=None, phases=[Phase.generate],
                   derandomize=False, suppress_health_check=list(HealthCheck))(run)
    run = seed(random_seed * 1_000_003 + batch)(run)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run()
    tally.cpu = time.process_time() - started
    tally.seconds = time.perf_counter() - wall
    return tally


def run_readers(formats: list[str], examples: int, random_seed: int, render_every: int,
                deadline: float, jobs: int) -> dict[str, Tally]:
    """The batches of all ``formats``, ``jobs`` at a time (in this process when 1). The next
    batch goes to the reader with the fewest examples given out, so that a run stopped by its
    deadline has tried about as many examples of each reader."""
    tallies = {format: Tally() for format in formats}
    given_out = dict.fromkeys(formats, 0)
    batches = dict.fromkeys(formats, 0)

    def next_batch() -> tuple | None:
        open_ = [format for format in formats if given_out[format] < examples]
        if not open_ or time.time() >= deadline:
            return None
        format = min(open_, key=given_out.__getitem__)  # ties: the order given
        size = min(BATCH, examples - given_out[format])
        given_out[format] += size
        batches[format] += 1
        return (format, batches[format] - 1, size, random_seed, render_every, deadline)

    def count(format: str, done: Tally) -> None:
        tally = tallies[format]
        for key, failure in done.distinct.items():  # new ones now: a long run may be cut
            if key not in tally.distinct:
                print(f"  {format}: new failure {key}\n    {failure.error}\n    style="
                      f"{failure.style} output={failure.output_format} "
                      f"{_shown(failure.text)}", file=sys.stderr, flush=True)
        tally.add(done)
        print(f"  {format}: {tally.examples}/{examples} examples, {tally.with_records} with "
              f"records, {tally.rendered} rendered, {tally.failures} failures, "
              f"{tally.seconds:.0f} s", file=sys.stderr, flush=True)

    if jobs == 1:
        while (these := next_batch()) is not None:
            count(these[0], run_batch(*these))
        return tallies
    # fork: the workers inherit the imported modules and the strategies.
    with ProcessPoolExecutor(jobs, multiprocessing.get_context("fork")) as pool:
        running = {}
        while True:
            while len(running) < jobs and (these := next_batch()) is not None:
                running[pool.submit(run_batch, *these)] = these[0]
            if not running:
                return tallies
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                count(running.pop(future), future.result())


def _row(name: str, tally: Tally, distinct: int) -> str:
    return (f"{name:9} {tally.examples:8d} {tally.refused:7d} {tally.with_records:8d} "
            f"{tally.rendered:8d} "
            f"{tally.failures:8d} {distinct:8d} {tally.seconds:8.1f} {tally.cpu:8.1f}")


def _steps(tally: Tally) -> str:
    """Where the CPU time of an example goes (ms): drawing it is what the steps leave."""
    def ms(seconds: float, count: int) -> str:
        return f"{1000 * seconds / count:6.2f}" if count else "     -"

    read, write, render = (tally.spent.get(step, 0.0) for step in ("read", "write", "render"))
    drawing = tally.cpu - read - write - render
    return (f"{ms(tally.cpu, tally.examples)} = {ms(drawing, tally.examples)} + "
            f"{ms(read, tally.examples)} + {ms(write, tally.examples)} "
            f"({ms(write, tally.with_records)}) + {ms(render, tally.examples)} "
            f"({ms(render, tally.rendered)})")


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 400 else repr(text[:400]) + f" ... ({len(text)} chars)"


def _one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def reduce(format: str, failure: Failure, budget: float = 60.0) -> str:
    """The failing text made small (delta debugging on lines, then characters), keeping the
    same failure signature."""
    stop = time.perf_counter() + budget

    def fails(text: str) -> bool:
        error = attempt(format, text, failure.style, failure.output_format)[1]
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
                        help=f"give out no batch of {BATCH} examples after this many seconds "
                             "of the run (batches running then finish; --reduce takes up to "
                             "60 s per failure more)")
    parser.add_argument("--render-every", type=int, default=10, metavar="N",
                        help="render every Nth example through citeproc-py (1: all; reading "
                             "and writing run for every example); default 10")
    parser.add_argument("--jobs", type=int, default=1,
                        help="worker processes running the batches (default 1: this one)")
    args = parser.parse_args()
    if args.render_every < 1 or args.jobs < 1:
        parser.error("--render-every and --jobs take a number of at least 1")
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

    print(f"rendering every {args.render_every}th example that gave records; "
          f"{args.jobs} job(s)", flush=True)

    build_strategies(seeds)
    started = time.perf_counter()
    deadline = time.time() + (args.max_seconds or float("inf"))
    tallies = run_readers(args.reader or list(fuzz.READERS), args.examples, random_seed,
                          args.render_every, deadline, args.jobs)
    print(f"{'reader':9} {'examples':>8} {'refused':>7} {'records':>8} {'rendered':>8} "
          f"{'failures':>8} {'distinct':>8} {'wall s':>8} {'cpu s':>8}", flush=True)
    total = Tally()
    found: list[tuple[str, Failure]] = []
    for format, tally in tallies.items():
        print(_row(format, tally, len(tally.distinct)), flush=True)
        for failure in sorted(tally.distinct.values(), key=lambda f: -f.count):
            print(f"    {failure.count:6d}x {failure.signature}\n           {failure.error}",
                  flush=True)
            found.append((format, failure))
        total.add(Tally(tally.examples, tally.refused, tally.with_records, tally.rendered,
                        tally.failures, tally.seconds, tally.cpu, tally.spent))
    print(_row("total", total, len({(format, f.signature) for format, f in found})))
    print(f"(refused: mutated bytes api.decode rightly refused; records: examples whose "
          f"reading gave records, all written in every format; rendered: those of them also "
          f"rendered, every {args.render_every}th; wall s: of the batches, summed over "
          f"{args.jobs} job(s); the run took {time.perf_counter() - started:.1f} s)")
    print("CPU ms per example: Hypothesis (drawing the input, its engine) + read + write "
          "(examples with records) + render (rendered examples):")
    for format, tally in [*tallies.items(), ("total", total)]:
        print(f"{format:9} {_steps(tally)}")

    if found:
        print("\nsmallest input per failure" + (" (reduced)" if args.reduce else "") + ":")
        for format, failure in found:
            text = reduce(format, failure) if args.reduce else failure.text
            print(f"  [{format}] {failure.signature}\n    style={failure.style} "
                  f"output={failure.output_format}\n    {_shown(text)}", flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
