"""The command line: inputs, stdin, -o, exit codes and one-line errors."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT as SEED_DIR
from conftest import SEED

from citetool import api
from citetool.cli import cli

SEED = str(SEED)
MDPI_LINE = ("Hoefinger, H.; Musto, J.; Macioti, P.G.; Fehrenbacher, A.E.; Mai, N.; Bennachie, C.; "
             "Giametta, C. Community-Based Responses to Negative Health Impacts of Sexual "
             "Humanitarian Anti-Trafficking Policies and the Criminalization of Sex Work and "
             "Migration in the US. Soc. Sci. 2020, 9, 1.")


def run(*args, stdin=None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_seed_in_mdpi_style_is_the_pages_own_line():
    result = run("format", "--style", "mdpi", SEED)
    assert (result.exit_code, result.stdout) == (0, MDPI_LINE + "\n")


def test_stdin_is_dash():
    with open(SEED, "rb") as page:
        result = run("format", "--style", "mdpi", "-", stdin=page.read())
    assert (result.exit_code, result.stdout) == (0, MDPI_LINE + "\n")


def test_output_file(tmp_path):
    target = tmp_path / "ref.json"
    result = run("format", "--to", "csl-json", SEED, "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(target.read_text())[0]["id"] == "hoefinger2020community"


def test_output_file_untouched_when_rendering_fails(tmp_path):
    target = tmp_path / "refs.txt"
    target.write_text("old\n")
    result = run("format", "--style", "no-such-style-anywhere", SEED, "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.txt"]


def test_an_item_the_style_prints_nothing_for_is_noted(tmp_path):
    """APA has no reference for a personal communication (nor does citeproc-js print one):
    the other entries are printed, and each such item is one note on stderr, exit 0."""
    items = [{"id": "talk", "type": "personal_communication", "title": "Talk",
              "author": [{"family": "Yoo", "given": "John"}], "issued": {"date-parts": [[2001]]}},
             {"id": "book", "type": "book", "title": "Book",
              "author": [{"family": "Ng", "given": "A."}], "issued": {"date-parts": [[2001]]}}]
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(items))
    result = run("format", "--style", "apa", str(refs))
    assert (result.exit_code, result.stdout) == (0, "Ng, A. (2001). Book.\n")
    assert result.stderr == ("citetool: entry 'talk': style apa prints no reference for this "
                             "personal_communication, so it has no line in the output\n")


def test_several_inputs_make_one_bibliography(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a reference\n")
    result = run("format", "--style", "mdpi", SEED, str(notes), SEED)
    assert result.exit_code == 1
    assert result.stdout == (MDPI_LINE + "\n") * 2
    assert result.stderr == f"citetool: {notes}:1: " + result.stderr.split(":1: ", 1)[1]
    assert len(result.stderr.splitlines()) == 1


def test_unknown_style_names_the_closest():
    result = run("format", "--style", "american-medical-asociation", SEED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("citetool: unknown style 'american-medical-asociation'; "
                                    "closest: american-medical-association")
    assert len(result.stderr.splitlines()) == 1


def test_missing_file_is_one_line_exit_1(tmp_path):
    result = run("format", str(tmp_path / "nope.bib"))
    assert result.exit_code == 1
    assert result.stderr.startswith("citetool: ") and "nope.bib: cannot read" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", [["--style", "apa"], ["--jobs", "2"]])
def test_a_rendering_option_with_to_is_a_usage_error(option):
    result = run("format", "--to", "ris", *option, SEED)
    assert result.exit_code == 2
    assert "not to --to ris" in result.stderr


def test_styles_lists_ours_first():
    result = run("styles", "apa")
    names = result.stdout.splitlines()
    assert result.exit_code == 0
    assert names[0] == "apa" and "apa-6th-edition" in names
    from citetool.render.styles import title
    assert all("apa" in f"{name} {title(name)}".lower() for name in names)


def test_ascii_bibtex():
    result = run("format", "--to", "bibtex", "--ascii",
                 str(SEED_DIR / "tests" / "fixtures" / "bibtex" / "latex_accents_and_case.bib"))
    assert result.exit_code == 0
    assert "M{\\\"u}ller" in result.stdout and result.stdout.isascii()


def test_ascii_needs_bibtex_output():
    result = run("format", "--ascii", SEED)
    assert result.exit_code == 2 and "--ascii applies to --to bibtex only" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="no make here")
def test_example_makefile_builds_and_then_has_nothing_to_do(tmp_path):
    for name in ("Makefile", "socsci-9-1.txt", "refs.bib"):
        shutil.copy(SEED_DIR / "examples" / name, tmp_path)
    citetool = shutil.which("citetool", path=str(Path(sys.executable).parent))
    assert citetool, "citetool must be installed (pip install .) for this test"
    make = ["make", "-C", str(tmp_path), f"CITETOOL={citetool}"]
    assert subprocess.run([*make, "-n"], capture_output=True, text=True).stdout.count(
        " format ") == 5
    subprocess.run(make, check=True, capture_output=True)
    assert (tmp_path / "socsci-9-1.mdpi.txt").read_text() == MDPI_LINE + "\n"
    again = subprocess.run([*make, "-n"], capture_output=True, text=True).stdout
    assert "format" not in again


CITED_BIB = """@article{chase1973a, author = {Chase, W. G. and Simon, H. A.}, title = {Perception in
chess}, journal = {Cognitive Psychology}, year = {1973}, volume = {4}, pages = {55--81}}
@book{Ng2001, author = {Ng, Andrew}, title = {Tables}, publisher = {P}, year = {2001}}
"""


def test_cite_prints_each_citation_on_its_own_line(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(CITED_BIB, "utf-8")
    result = run("cite", "-i", str(bib), "Ng2001", "chase1973a,Ng2001")
    assert (result.exit_code, result.stdout) == (0, "(Ng, 2001)\n(Chase & Simon, 1973; Ng, "
                                                    "2001)\n")
    result = run("cite", "--style", "ieee", "-i", str(bib), "Ng2001", "chase1973a", "Ng2001")
    assert result.stdout == "[1]\n[2]\n[1]\n"


def test_cite_reports_each_unknown_key_and_prints_the_others(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(CITED_BIB, "utf-8")
    result = run("cite", "-i", str(bib), "nobody", "Ng2001,ng2001")
    assert result.exit_code == 1
    assert result.stdout == "(Ng, 2001)\n"
    assert result.stderr.splitlines() == [
        f"citetool: no record has the citekey 'nobody' (inputs: {bib})",
        f"citetool: no record has the citekey 'ng2001' (inputs: {bib})"]


def test_cite_from_stdin_in_html():
    with open(SEED, "rb") as page:
        result = run("cite", "-i", "-", "--output-format", "html", "hoefinger2020community",
                     stdin=page.read())
    assert (result.exit_code, result.stdout) == (0, "(Hoefinger et al., 2020)\n")

def test_exit_codes_are_documented_in_help_and_readme():
    from citetool import errors

    codes = [errors.EXIT_OK, errors.EXIT_BAD_RECORDS, errors.EXIT_USAGE, errors.EXIT_INTERRUPTED]
    readme = (SEED_DIR / "README.md").read_text("utf-8")
    for command in (["--help"], ["format", "--help"]):
        text = " ".join(run(*command).stdout.split())
        assert all(f"{code} " in text.split("Exit codes:")[1] for code in codes), text
    assert all(f"\n| {code} | " in readme for code in codes)


EMPTY = ("empty input: nothing to read; give a BibTeX, RIS, CSL-JSON or HTML file, or an "
         "article page's text")


@pytest.mark.parametrize("name, content", [
    ("refs.bib", b""), ("refs.json", b""), ("refs.ris", b"  \n\n"), ("page.txt", b"\t\r\n"),
    ("refs.bib", b"\xef\xbb\xbf\n"), ("refs.json", b"\xff\xfe \x00\n\x00"), ("-", b""),
])
@pytest.mark.parametrize("options", [["--style", "mdpi"], ["--to", "csl-json"],
                                     ["--from", "bibtex", "--to", "csl-json"]])
def test_an_empty_input_is_said_so_the_same_way_and_the_others_are_read(tmp_path, name,
                                                                        content, options):
    path = tmp_path / name
    if name != "-":
        path.write_bytes(content)
    refs = str(SEED_DIR / "examples" / "refs.bib")
    result = run("format", *options, str(path) if name != "-" else name, refs,
                 stdin=content if name == "-" else None)
    source = "<stdin>" if name == "-" else str(path)
    assert (result.exit_code, result.stderr) == (1, f"citetool: {source}: {EMPTY}\n")
    assert result.stdout == run("format", *options, refs).stdout != ""


def test_check_and_the_library_say_empty_input_too(tmp_path):
    (tmp_path / "refs.bib").write_text("\n")
    result = run("check", str(tmp_path / "refs.bib"))
    assert (result.exit_code, result.stdout) == (1, f"{tmp_path / 'refs.bib'}: {EMPTY} "
                                                    "[unreadable]\n")
    assert [str(p) for p in api.parse(" \n", "x.json").problems] == [f"x.json: {EMPTY}"]
@pytest.mark.parametrize("args", [["-q", "check"], ["check", "-q"], ["check", "--quiet"]])
def test_quiet_before_or_after_the_verb(args):
    clean = str(SEED_DIR / "tests" / "fixtures" / "check" / "clean.bib")
    assert run("check", clean).stderr == "citetool: 0 findings in 1 input\n"
    assert (run(*args, clean).exit_code, run(*args, clean).stderr) == (0, "")


def test_quiet_after_format_keeps_errors(tmp_path):
    result = run("format", "-q", "--to", "csl-json", str(tmp_path / "missing.bib"), SEED)
    assert result.exit_code == 1 and '"id"' in result.stdout
    assert result.stderr.count("\n") == 1 and "missing.bib: cannot read" in result.stderr


def test_a_one_record_run_collects_no_garbage_cycles_once_citetool_runs():
    """The console script collects garbage cycles after 30,000 new objects, not Python's 700,
    set before click and the rest are imported: a run's objects live until it ends, and
    collecting walked them again and again (68 times in this run, a tenth of its CPU time;
    16 times from click's import on when cli.py still imported it at 700). Counted from
    click's import on: before it, Python's import system finding and compiling citetool's
    modules collects 3 to 4 times, depending on how it was installed.
    tests/test_pathological.py holds the other side: a streamed large library still fits in
    150 MB."""
    probe = ("import gc, sys\n"
             "collections = []\n"
             "gc.callbacks.append(lambda phase, info: phase == 'start' and 'click' in sys.modules\n"
             "                    and collections.append(1))\n"
             "from citetool.cli import main\n"
             "sys.argv = ['citetool', 'format', '--style', 'apa', sys.argv[1]]\n"
             "try:\n"
             "    main()\n"
             "finally:\n"
             "    print(len(collections), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(SEED_DIR / "examples" / "refs.bib")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Dijkstra, E. W. (1968).")
    assert int(result.stderr) <= 1


@pytest.mark.parametrize(("args", "message"), [
    (["format", "--style", "apa", "--format", "html", "x.bib"],
     "citetool: no such option '--format'"),
    (["format"], "citetool: missing argument 'INPUT...'; see citetool format --help"),
    (["format", "--jobs", "x", "x.bib"], "citetool: invalid value for '-j' / '--jobs'"),
    (["convert", "x.bib"], "citetool: no such command 'convert'; see citetool --help"),
])
def test_a_wrong_command_line_is_one_line_on_stderr_and_exit_2(args, message):
    """A mistake on the command line is reported as citetool's own errors are, in one line
    (click printed the usage, a hint and the error: three lines), nothing on stdout."""
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
