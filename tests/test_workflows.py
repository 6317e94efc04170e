"""What people do with a citation tool beyond one whole file (issue 18): python -m citetool,
a paper's cited works, one entry per work, pandoc citations, DOIs from a pipe."""
from __future__ import annotations

import json
import subprocess
import sys
import time

from click.testing import CliRunner
from conftest import ROOT

from citetool.cli import cli

EXAMPLES = ROOT / "examples"


def run(*args, stdin=None):
    return CliRunner().invoke(cli, [str(arg) for arg in args], input=stdin)


def test_python_m_citetool_runs_the_command_line():
    result = subprocess.run([sys.executable, "-m", "citetool", "format", "--style", "mdpi",
                             str(EXAMPLES / "socsci-9-1.txt")],
                            capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == run("format", "--style", "mdpi",
                                EXAMPLES / "socsci-9-1.txt").stdout
    assert result.stdout.startswith("Hoefinger, H.; Musto, J.;")


def test_fetch_dash_reads_dois_from_stdin_in_order(resolver):
    """DOIs from a pipe: one a line or several on one, comments and blank lines left out, a
    word that is no DOI reported with its line; the records in input order."""
    dois = ("# my reading list\n\n10.3390/socsci9010001 10.1234/none\n"
            "not-a-doi  # typo\nhttps://doi.org/10.3390/socsci9010001\n")
    result = run("fetch", "--to", "csl-json", "--citekey-pattern", "[auth]", "-", stdin=dois)
    assert result.exit_code == 1
    assert [item["id"] for item in json.loads(result.stdout)] == ["Hoefinger", "Hoefingera"]
    host = resolver.removeprefix("http://").rstrip("/")
    assert result.stderr == (
        "citetool: <stdin>:4: 'not-a-doi' is not a DOI (a DOI looks like 10.1234/abc); it was "
        "skipped\n"
        f"citetool: doi:10.1234/none: DOI not found at {host} (check it for typos)\n")


def test_fetch_looks_dois_up_in_parallel(resolver):
    """Three DOIs whose resolver answers after 2 s, with a 1 s timeout: about one timeout in
    all (lookups one after the other took three)."""
    start = time.monotonic()
    result = run("fetch", "--timeout", "1", "--no-cache", "-",
                 stdin="10.1234/slow1\n10.1234/slow2\n10.1234/slow3\n")
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    assert result.stderr.count("no answer from") == 3
    assert [line.split(":")[2] for line in result.stderr.splitlines()] == [
        "10.1234/slow1", "10.1234/slow2", "10.1234/slow3"]
    assert elapsed < 2.5
