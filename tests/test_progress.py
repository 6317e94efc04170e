"""Progress bars: on stderr, only when it is a terminal and the run is long, never with
--quiet; data on stdout is the same either way."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from conftest import SEED

from citetool.cli import PROGRESS_FROM

MAIN = "from citetool.cli import main; main()"
INPUTS = [str(SEED)] * PROGRESS_FROM  # the same page: as many items, keys a, b, …


def run(*args: str, tty: bool) -> tuple[bytes, bytes]:
    """stdout and stderr of citetool, stderr a pseudo-terminal when ``tty``."""
    if not tty:
        done = subprocess.run([sys.executable, "-c", MAIN, *args], capture_output=True,
                              timeout=120)
        return done.stdout, done.stderr
    parent, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", MAIN, *args], stdout=subprocess.PIPE,
                               stderr=child)
    os.close(child)
    stdout, _ = process.communicate(timeout=120)
    stderr = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # the terminal closed: everything was read
            break
        if not chunk:
            break
        stderr += chunk
    os.close(parent)
    return stdout, stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_bar_on_a_terminal_only_and_never_with_quiet():
    on_tty, bar = run("format", "--to", "csl-json", *INPUTS, tty=True)
    assert b"Reading" in bar and b"100%" in bar
    piped, nothing = run("format", "--to", "csl-json", *INPUTS, tty=False)
    quiet, silence = run("--quiet", "format", "--to", "csl-json", *INPUTS, tty=True)
    assert on_tty == piped == quiet and on_tty.count(b'"id"') == PROGRESS_FROM
    assert (nothing, silence) == (b"", b"")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_few_inputs_need_no_bar():
    _, stderr = run("format", str(SEED), tty=True)
    assert stderr == b""


def test_quiet_keeps_errors():
    _, stderr = run("--quiet", "format", "missing.bib", tty=False)
    assert stderr == b"citetool: missing.bib: cannot read: No such file or directory\n"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_bar_while_many_entries_are_rendered(tmp_path):
    from citetool.cli import PROGRESS_ENTRIES

    bib = tmp_path / "many.bib"
    bib.write_text("".join(f"@book{{k{n}, author={{Author{n}, A.}}, title={{Book {n}}}, "
                           f"publisher={{P}}, year={{2000}}}}\n" for n in range(PROGRESS_ENTRIES)))
    on_tty, bar = run("format", str(bib), tty=True)
    piped, nothing = run("format", str(bib), tty=False)
    assert b"Formatting" in bar and b"100%" in bar
    assert on_tty == piped and on_tty.count(b"\n") == PROGRESS_ENTRIES and nothing == b""


def test_the_library_renders_through_the_progress_wrapper():
    from citetool import api

    items = api.load([SEED, SEED, SEED]).items
    seen: list[int] = []

    def progress(entries):
        seen.append(len(entries))
        return entries

    for output_format in ("text", "markdown"):
        assert api.format_bibliography(items, "apa", output_format, progress=progress) == \
            api.format_bibliography(items, "apa", output_format)
    assert seen == [3, 3]
