"""Signals, as a Unix filter should take them: a reader that goes away (``… | head -1``) ends
citetool quietly, killed by SIGPIPE as ``cat`` is (the shell sees 141); Ctrl-C ends it with
exit 130 and one line, never a traceback. Real child processes: signals cannot be faked."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import pytest

COMMAND = [sys.executable, "-c", "from citetool.cli import main; main()"]
ENTRIES = b"".join(b"@misc{k%d, title={Title %d}}\n" % (n, n) for n in range(100_000))
#: Output well beyond what a pipe holds (64 KB), so that writing it outlives `head -1`.
LONG_TITLES = b"".join(b"@book{k%d, title={Title %d %s}, year=2020}\n" % (n, n, b"x" * 300)
                       for n in range(600))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("signals") / "big.bib"
    path.write_bytes(LONG_TITLES)
    return path


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None,
                    reason="needs bash and head")
@pytest.mark.parametrize("options", [["--to", "csl-json"], ["--to", "bibtex", "--ascii"]],
                         ids=["csl-json", "bibtex"])
def test_head_ends_it_quietly(big, options):
    """What a shell user sees: one line, nothing on stderr, and SIGPIPE's status 141."""
    command = " ".join([*(f"'{part}'" for part in COMMAND), "format", *options, f"'{big}'"])
    result = subprocess.run(["bash", "-c", f"{command} | head -1; "
                             "echo \"status ${PIPESTATUS[0]}\" >&2"],
                            capture_output=True, timeout=120)
    assert result.stdout.count(b"\n") == 1, result.stdout[:200]
    assert result.stderr == b"status 141\n"


def test_closed_pipe_is_death_by_sigpipe_without_traceback(big):
    child = subprocess.Popen([*COMMAND, "format", "--to", "csl-json", str(big)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline() == b"[\n"
    child.stdout.close()
    assert child.wait(timeout=120) == -signal.SIGPIPE
    assert child.stderr.read() == b""


@pytest.mark.parametrize("close_input", [False, True], ids=["waiting-for-input", "reading"])
def test_ctrl_c_is_exit_130_and_one_line(close_input):
    child = subprocess.Popen([*COMMAND, "format", "--to", "csl-json", "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    # More than a pipe holds: once written, the child is certainly running and reading.
    child.stdin.write(ENTRIES[:1_000_000])
    child.stdin.flush()
    if close_input:  # the rest, then end of input: the child is busy reading 100,000 entries
        child.stdin.write(ENTRIES[1_000_000:])
    child.stdin.close()
    child.send_signal(signal.SIGINT)
    child.wait(timeout=120)
    out, err = child.stdout.read(), child.stderr.read()
    assert (child.returncode, err, out) == (130, b"citetool: interrupted\n", b"")
