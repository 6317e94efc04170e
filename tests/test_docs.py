"""The docs say what the code does: docs/formats.md's mapping tables, README's outputs."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from citetool.cli import cli
from citetool.readers import bibtex as bibtex_reader
from citetool.readers import ris as ris_reader
from citetool.writers import bibtex as bibtex_writer
from citetool.writers import ris as ris_writer

DOC = (ROOT / "docs" / "formats.md").read_text("utf-8")


def test_every_type_mapping_is_documented():
    for entry_type, csl in bibtex_reader.CSL_TYPES.items():
        assert f"| `@{entry_type}` | `{csl}` |" in DOC
    for csl, entry_type in bibtex_writer.BIBTEX_TYPES.items():
        assert f"| `{csl}` | `@{entry_type}` |" in DOC
    for tag, csl in ris_reader.CSL_TYPES.items():
        assert f"| `{tag}` | `{csl}` |" in DOC
    for csl, tag in ris_writer.RIS_TYPES.items():
        assert f"| `{csl}` | `{tag}` |" in DOC


def test_every_bibtex_field_is_documented():
    for field in [*bibtex_reader.TEXT_FIELDS, *bibtex_reader.NAME_FIELDS,
                  *bibtex_reader.DATE_FIELDS]:
        assert f"| `{field}` |" in DOC


def test_readme_shows_real_output():
    from conftest import SEED

    from citetool import api

    readme = (ROOT / "README.md").read_text("utf-8")
    items = api.load([SEED]).items
    for style in ("mdpi", "apa"):
        assert f"\n{api.format_bibliography(items, style)}```" in readme


def tour_commands() -> list[tuple[str, str]]:
    """Each ``$ command`` in README's console blocks, with the output shown under it."""
    readme = (ROOT / "README.md").read_text("utf-8")
    runs: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", readme, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            runs.append((command, output))
    return runs


def run_shown(command: str) -> str:
    """What ``command`` (``VAR=value … citetool …``) prints, standard error included."""
    words = shlex.split(command)
    env: dict[str, str | None] = dict(word.split("=", 1)
                                      for word in words[:words.index("citetool")])
    if words[-1] == "config":  # it shows the environment: the tests' resolver port varies
        env.setdefault("CITETOOL_DOI_RESOLVER", None)
    result = CliRunner().invoke(cli, words[words.index("citetool") + 1:], env=env,
                                prog_name="citetool")
    return result.output


@pytest.mark.parametrize("command, shown", tour_commands())
def test_readme_tour_shows_real_output(command, shown, resolver, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_shown(command) == shown


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("command, shown", tour_commands())
def test_readme_commands_are_what_a_shell_runs(command, shown, tmp_path):
    """bash gives citetool the words and environment that the tour's test runs with: no
    quoted assignment that bash takes for a command, no glob (failglob makes one an error)."""
    words = shlex.split(command)
    at = words.index("citetool")
    assigned = dict(word.split("=", 1) for word in words[:at])
    script = ('citetool() { printf "%s\\0" "$@" ' + " ".join(f'"${name}"' for name in assigned)
              + "; }\n" + command)
    ran = subprocess.run(["bash", "-O", "failglob", "-c", script], cwd=tmp_path,
                         capture_output=True, text=True)
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout.split("\0")[:-1] == [*words[at + 1:], *assigned.values()]


def usage_commands() -> list[str]:
    """The lines of README's Usage block."""
    readme = (ROOT / "README.md").read_text("utf-8")
    return re.search(r"## Usage\n\n```sh\n(.*?)```", readme, re.S)[1].splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("command", usage_commands())
def test_readme_usage_runs_as_written_from_the_repo_root(command, resolver, tmp_path):
    """Each line of README's Usage block runs in bash, unchanged, in a folder that has the
    project's examples, tests and styles as the repo root has them (where -o and > may write);
    its DOIs go to the tests' resolver (the resolver fixture's CITETOOL_DOI_RESOLVER)."""
    for name in ("examples", "tests", "styles"):
        (tmp_path / name).symlink_to(ROOT / name)
    script = (f'citetool() {{ "{sys.executable}" -c "from citetool.cli import main; main()" '
              f'"$@"; }}\nset -o pipefail\n{command}')
    ran = subprocess.run(["bash", "-O", "failglob", "-c", script], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr  # check: 0 is "nothing found"
    assert "Traceback" not in ran.stderr


def test_the_man_page_is_up_to_date_and_has_every_command_and_option():
    import runpy

    import click

    written = runpy.run_path(str(ROOT / "docs" / "manpage.py"))
    page = (ROOT / "docs" / "citetool.1").read_text("utf-8")
    assert page == written["manpage"](), "docs/citetool.1 is out of date: python docs/manpage.py"
    roff = written["roff"]
    for name, command in cli.commands.items():
        assert f'.SS "citetool {name} ' in page
        for param in command.params:
            if isinstance(param, click.Option):
                old = getattr(param, "old", None)  # an old spelling works but is not shown
                assert all(roff(opt) in page for opt in param.opts if opt != old)
                assert old is None or f", {roff(old)}" not in page
