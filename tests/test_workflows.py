"""What people do with a citation tool beyond one whole file (issue 18): python -m citetool,
a paper's cited works, one entry per work, pandoc citations, DOIs from a pipe."""
from __future__ import annotations

import subprocess
import sys

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
