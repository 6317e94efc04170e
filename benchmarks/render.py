"""Whole-library rendering against issue #16's targets, side by side in one run: `citetool
format` on ../shared/corpus/perf/cdl.json (6,314 items), pandoc on the same library's
perf/cdl.bib, raw citeproc-py on cdl.json, each with the same style file.

Targets (issue #16, APA): citetool at most 0.45 × pandoc's time, peak memory at most 150 MB;
linear growth: the time per item at all 6,314 items at most 1.1 × that at the first 1,000
(each the run's time less that of a one-item run, which is startup and loading the style).
Measured by the issue's author on 2 cores: citetool 7.4-7.8 s / 110 MB, pandoc 2.17 9.3-9.7 s
/ 650 MB, raw citeproc-py 93 s.

pandoc is not a dependency: it comes from the OS packages. The benchmark installs it with
apt-get when it is missing and runs as root, and otherwise leaves it out with a note. pandoc
renders a document holding nothing but `nocite: '@*'` with --citeproc to plain text, unwrapped.

Usage: python benchmarks/render.py [--style apa] [--limit N] [--no-raw] [--no-pandoc]
                                   [--jobs N] [--repeat N]
(needs citetool installed). Each command runs in its own process, timed while nothing else
looks at it: citetool and pandoc --repeat times (the median is the figure, of the wall and of
the CPU seconds), raw citeproc-py once. The runs go in rounds (every command once, then again):
on a shared machine the load changes within minutes, and timing all runs of one library before
the next made the growth figure follow the load (0.74 to 1.14 on one commit). citetool's peak
memory is measured in one more run, because sampling it takes CPU from the command on a small
machine (5.9 s instead of 4.0 s on two cores). It is the peak
of all the command's processes together: citetool renders a large bibliography in forked
children (--jobs, default one per core), which share the parent's pages until they write to
them, so the benchmark samples the proportional set size (PSS: each shared page counted once,
split between its sharers) of the process and its children every 10 ms and prints the largest
sum; where /proc has no PSS, the largest RSS of one process. The other commands' peaks are
the largest RSS of their process, from the timed run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LIBRARY = SHARED / "perf" / "cdl.json"
BIBTEX = SHARED / "perf" / "cdl.bib"
#: Issue #16's targets.
PANDOC_RATIO, PEAK_MB, GROWTH = 0.45, 150, 1.1
#: The smaller library of the linear-growth figure.
SMALL = 1000


def measure(command: list[str], sample: bool = False) -> tuple[float, float, float, float,
                                                            list[str], int]:
    """Seconds, CPU seconds, peak memory in MB (see the module's docstring; 0 unless
    ``sample``), the largest RSS of one of its processes in MB, output lines and exit code of
    one command in a child process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG if sample else 0)
            if pid:
                break
            peak = max(peak, _tree_pss(child.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        out.seek(0)
        lines = out.read().decode("utf-8").splitlines()
    cpu = usage.ru_utime + usage.ru_stime  # with the children it reaped
    rss = usage.ru_maxrss / 1024
    return seconds, cpu, peak or rss, rss, lines, os.waitstatus_to_exitcode(status)


def _tree_pss(pid: int) -> float:
    """The PSS in MB of the process and its children, 0 if /proc cannot tell."""
    total, pids = 0, [pid]
    while pids:
        pid = pids.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) for line in rollup
                              if line.startswith("Pss:"))
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
                pids += [int(child) for child in children.read().split()]
        except (OSError, StopIteration, ValueError):  # gone meanwhile, or no /proc
            continue
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", default="apa")
    parser.add_argument("--limit", type=int, help="render only the first N items (not pandoc)")
    parser.add_argument("--no-raw", action="store_true", help="skip raw citeproc-py")
    parser.add_argument("--no-pandoc", action="store_true", help="skip pandoc")
    parser.add_argument("--jobs", type=int, help="citetool's --jobs [default: its own]")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of citetool, pandoc")
    args = parser.parse_args()
    if not LIBRARY.is_file():
        sys.exit(f"{LIBRARY} is missing: this benchmark needs ../shared beside the project")
    citetool = shutil.which("citetool") or sys.exit("citetool is not installed")
    from citetool.render.styles import resolve

    style = resolve(args.style)
    items = json.loads(LIBRARY.read_text("utf-8"))[:args.limit]
    pandoc = None if args.no_pandoc or args.limit else _pandoc()
    with tempfile.TemporaryDirectory() as folder:
        libraries = {count: Path(folder) / f"library-{count}.json"
                     for count in {len(items), min(SMALL, len(items)), 1}}
        for count, path in libraries.items():
            path.write_text(json.dumps(items[:count]), "utf-8")
        commands = {f"citetool {count:,}": [
            citetool, "format", "--style", str(style), "--from", "csl-json", str(path),
            *(["--jobs", str(args.jobs)] if args.jobs else [])]
            for count, path in sorted(libraries.items(), reverse=True)}
        if pandoc:
            document = Path(folder) / "nocite.md"
            document.write_text("---\nnocite: '@*'\n---\n", "utf-8")
            commands[pandoc[0]] = [pandoc[1], "--citeproc", "--csl", str(style),
                                   "--bibliography", str(BIBTEX), "--to", "plain",
                                   "--wrap", "none", str(document)]
        if not args.no_raw:
            commands["raw citeproc-py"] = [sys.executable, str(SHARED / "citeproc_py_cmd.py"),
                                           args.style, str(libraries[len(items)])]
        print(f"style {args.style} ({style}); citetool N: its first N items of cdl.json")
        print(f"{'':>22}{'wall s':>9}{'CPU s':>8}{'peak MB':>9}{'entries':>9}  runs (s)")
        seconds, cpus, peaks = {}, {}, {}
        timed = {name: [] for name in commands}  # in rounds: a change of load hits every size
        for round_ in range(args.repeat):
            for name, command in commands.items():
                if round_ == 0 or name != "raw citeproc-py":
                    timed[name].append(measure(command))
        for name, runs in timed.items():
            seconds[name] = statistics.median(run[0] for run in runs)
            cpus[name] = statistics.median(run[1] for run in runs)
            _, _, peaks[name], _, lines, code = runs[0]
            if name == f"citetool {len(items):,}":  # forked children sharing pages: PSS
                peaks[name] = measure(commands[name], sample=True)[2]
            entries = sum(1 for line in lines if line.strip())
            print(f"{name:>22}{seconds[name]:9.2f}{cpus[name]:8.1f}{peaks[name]:9.0f}{entries:9}  "
                  + " ".join(f"{run[0]:.2f}" for run in runs)
                  + (f"  exit code {code}" if code else ""))
        print(_targets(seconds, cpus, peaks, len(items), pandoc and pandoc[0]))
    return 0


def _targets(seconds: dict[str, float], cpus: dict[str, float], peaks: dict[str, float],
             count: int, pandoc: str | None) -> str:
    """The lines that set the figures against issue #16's targets."""
    def verdict(figure: float, target: float, unit: str = "") -> str:
        return f"target ≤ {target}{unit}: {'met' if figure <= target else 'MISSED'}"

    whole = seconds[f"citetool {count:,}"]
    lines = [f"peak memory: {peaks[f'citetool {count:,}']:.0f} MB "
             f"({verdict(peaks[f'citetool {count:,}'], PEAK_MB, ' MB')})"]
    if pandoc:
        ratio = whole / seconds[pandoc]
        lines.append(f"citetool / pandoc: {ratio:.2f} ({verdict(ratio, PANDOC_RATIO)})")
    if count > SMALL:
        growth, cpu = (_growth(times, count) for times in (seconds, cpus))
        lines.append(f"time per item at {count:,} / at {SMALL:,} items: {growth:.2f} "
                     f"({verdict(growth, GROWTH)}; in CPU seconds {cpu:.2f})")
    if "raw citeproc-py" in seconds:
        lines.append(f"citetool / raw citeproc-py: {whole / seconds['raw citeproc-py']:.3f}")
    return "\n".join(lines)


def _growth(times: dict[str, float], count: int) -> float:
    """The time per item at ``count`` items over that at SMALL, each less the one-item run's
    (startup and loading the style)."""
    start = times["citetool 1"]
    return (times[f"citetool {count:,}"] - start) / count \
        / ((times[f"citetool {SMALL:,}"] - start) / SMALL)


def _pandoc() -> tuple[str, str] | None:
    """pandoc's name with its version and its path, installed from the OS packages when it is
    missing and we may (root, apt-get); None, with a note, when it cannot be had."""
    if not shutil.which("pandoc") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("pandoc is missing: installing it with apt-get", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", "pandoc"], stdout=subprocess.DEVNULL)
    path = shutil.which("pandoc")
    if not path:
        print("pandoc is not installed and cannot be installed here (not root, or no apt-get): "
              "left out; install it with your OS's packages to compare", file=sys.stderr)
        return None
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    return f"pandoc {version.split()[1]}", path


if __name__ == "__main__":
    sys.exit(main())
