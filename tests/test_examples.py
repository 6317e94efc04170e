"""examples/: the Makefile rebuilds only what is out of date, the pipeline and the Python API
example run and print what the library gives."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from citetool import api

EXAMPLES = ROOT / "examples"
#: The citetool this test run imports, as a command (its console script beside the Python).
SCRIPT = Path(sys.executable).parent / "citetool"
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="citetool is not installed")


def make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-C", str(folder), f"CITETOOL={SCRIPT}", *args],
                          capture_output=True, text=True, timeout=300)


@needs_make
def test_make_n_shows_the_commands(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    result = make(tmp_path / "ex", "-n", "refs.html", "refs.md")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:3] == [
        f"{SCRIPT} format --style mdpi --output-format html refs.bib -o refs.html",
        f"{SCRIPT} format --style mdpi --output-format markdown refs.bib -o refs.md"]


@needs_make
@needs_script
def test_make_builds_then_rebuilds_only_what_is_out_of_date(tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLES, folder)
    assert make(folder, "refs.html", "refs.md", "STYLE=apa").returncode == 0
    items = api.load([folder / "refs.bib"]).items
    for name, output_format in (("refs.html", "html"), ("refs.md", "markdown")):
        assert (folder / name).read_text("utf-8") == api.format_bibliography(
            items, "apa", output_format)
    assert make(folder, "-q", "refs.html", "refs.md", "STYLE=apa").returncode == 0  # up to date
    later = (folder / "refs.html").stat().st_mtime + 10
    os.utime(folder / "refs.bib", (later, later))
    assert make(folder, "-q", "refs.html", "STYLE=apa").returncode == 1  # refs.bib changed
    rebuilt = make(folder, "refs.html", "refs.md", "STYLE=apa")
    assert rebuilt.stdout.count(" format ") == 2
    assert make(folder, "check").returncode == 0  # refs.bib passes the linter


@needs_make
@needs_script
def test_make_rebuilds_when_the_style_changes_and_only_then(tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLES, folder)
    items = api.load([folder / "refs.bib"]).items
    assert make(folder, "refs.html").returncode == 0  # STYLE=mdpi
    assert make(folder, "STYLE=apa", "refs.html").stdout.count(" format ") == 1
    assert (folder / "refs.html").read_text("utf-8") == api.format_bibliography(
        items, "apa", "html")
    assert make(folder, "-q", "STYLE=apa", "refs.html").returncode == 0  # same style: up to date
    style = folder / "mine.csl"  # a style file: rebuilt when it is edited
    shutil.copy(ROOT / "styles" / "acs.csl", style)
    assert make(folder, "STYLE=mine.csl", "refs.html").returncode == 0
    assert make(folder, "-q", "STYLE=mine.csl", "refs.html").returncode == 0
    later = (folder / "refs.html").stat().st_mtime + 10
    os.utime(style, (later, later))
    assert make(folder, "-q", "STYLE=mine.csl", "refs.html").returncode == 1


@needs_make
@needs_script
def test_make_never_takes_a_failed_target_for_built(tmp_path):
    """Some bad records: citetool writes the good ones and exits 1, make deletes the target.
    No record read: citetool leaves the old target as it was."""
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLES, folder)
    refs = folder / "refs.bib"
    refs.write_text(refs.read_text("utf-8") + "\n@article{broken,\n  title = {No end\n")
    result = make(folder, "refs.html")
    assert result.returncode == 2
    assert "refs.bib:47: cannot parse this entry" in result.stderr
    assert not (folder / "refs.html").exists()
    assert make(folder, "-q", "refs.html").returncode == 1  # still to be built
    (folder / "refs.html").write_text("old\n")
    refs.write_text("% nothing here\n")
    later = (folder / "refs.html").stat().st_mtime + 10
    os.utime(refs, (later, later))
    assert make(folder, "refs.html").returncode == 2
    assert (folder / "refs.html").read_text() == "old\n"


@needs_script
def test_the_pipeline(tmp_path):
    env = {**os.environ, "CITETOOL": str(SCRIPT)}
    result = subprocess.run(["sh", str(EXAMPLES / "pipeline.sh")], capture_output=True,
                            text=True, env=env, timeout=300, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. Hoefinger, H., Musto, J.")
    assert len(lines) == 1 + 3  # the page's reference, then refs.bib's three with a DOI
    assert all("https://doi.org/" in line for line in lines)


def test_the_api_example(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "api_example.py")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    items = api.load([EXAMPLES / "refs.bib", EXAMPLES / "socsci-9-1.txt"]).items
    lines = result.stdout.splitlines()
    assert lines[:2] == ["5 items; 0 problems", f"{EXAMPLES / 'socsci-9-1.txt'}:1: same work "
                         f"as 'hoefinger2020community' at {EXAMPLES / 'refs.bib'}:2 (same DOI) "
                         f"[duplicate-work]"]
    assert lines[2] == api.format_bibliography(items[:1], "mdpi").strip()
    assert " u.\u00a0a. 2020. „Community-Based" in lines[3]
    assert lines[4:] == api.convert(items[2:3], "ris").splitlines()
