"""The work of a large bibliography done on every core, in forked copies of the process.

Three steps take every item once, each item apart from the others: its first sort key, its
first cite (which disambiguation compares), and its entry once the items are sorted and
disambiguated (an entry depends on the one before it only through subsequent-author-substitute,
which bibliography._render_entries takes care of). So consecutive parts of the items can be
done apart. A forked child starts with everything the parent has loaded and worked out (the
style, its plans, the sorted and disambiguated items) and shares its memory until it writes to
it; it sends back only what it made. A part whose child fails is done again in the parent, so
an error surfaces there as it would without workers. Making the items ready for citeproc-py
(source._prepare) is left to the parent: it costs less than a fork does (0.15 s of CPU for
6,314 items, 0.3-0.9 s more with a child).
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

#: Fewer entries than this are rendered in the parent alone: a fork costs more than it saves.
MINIMUM = 400


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


_JOBS: ContextVar[int | None] = ContextVar("jobs", default=None)


@contextmanager
def jobs(count: int | None) -> Iterator[None]:
    """Within it, render_parts uses ``count`` processes (None: one per core)."""
    token = _JOBS.set(count)
    try:
        yield
    finally:
        _JOBS.reset(token)


def render_parts(render: Callable[[int, int], list[T]], count: int) -> list[T]:
    """``render(start, end)`` for consecutive parts of range(count), concatenated in order:
    the first part in this process, each other one in a forked child (see jobs())."""
    jobs = min(_JOBS.get() or cores(), count // (MINIMUM // 2) or 1)
    if jobs < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        # With other threads running (citetool used as a library), a fork would copy only
        # this one, and a lock another one holds would stay locked in the child forever.
        return render(0, count)
    bounds = [count * part // jobs for part in range(jobs + 1)]
    parts = list(zip(bounds[1:-1], bounds[2:]))
    children: list[tuple[int, int]] = []  # (process id, pipe) of parts[0], parts[1], …
    reaped = 0
    try:
        for start, end in parts:
            try:
                children.append(_fork(render, start, end))
            except OSError:  # no more processes or memory: this process renders the rest
                break
        results = render(bounds[0], bounds[1])
        for number, (start, end) in enumerate(parts):
            part = None
            if number < len(children):
                part = _collect(*children[number])
                reaped = number + 1
            results += render(start, end) if part is None else part
    finally:
        for pid, _ in children[reaped:]:  # after an error or an interrupt: none outlives us
            _end(pid)
    return results


def _fork(render: Callable[[int, int], list[T]], start: int, end: int) -> tuple[int, int]:
    """A child writing ``render(start, end)`` into a pipe; its process id and the pipe's
    reading end."""
    import pickle  # here, before the fork: a run that never forks never loads it

    reading, writing = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writing)
        return pid, reading
    # The child: it must never return into the caller's code, nor flush the parent's
    # buffered output, nor print a traceback: it leaves through os._exit alone.
    status = 1
    try:
        os.close(reading)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
        data = pickle.dumps(render(start, end), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, pipe: int) -> list[T] | None:
    """The child's part, or None if it failed or sent what cannot be read back; the child
    reaped."""
    import pickle

    with os.fdopen(pipe, "rb") as reading:
        data = reading.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        part: list[T] = pickle.loads(data)
    except Exception:  # an object of the part that pickle cannot make again: done here
        return None
    return part


def _end(pid: int) -> None:
    """The child (not yet reaped, so its id is still its own) stopped and reaped."""
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
