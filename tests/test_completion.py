"""Shell completion through click's mechanism: commands, style names, locales; --version."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from citetool import __version__
from citetool.cli import cli


def complete(line: str) -> list[str]:
    """What bash would be offered for the last word of ``line``."""
    words = line.split(" ")
    result = CliRunner().invoke(cli, [], prog_name="citetool", env={
        "_CITETOOL_COMPLETE": "bash_complete", "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1)})
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_commands():
    offered = complete("citetool ")
    assert offered == [f"plain,{name}" for name in sorted(cli.commands)]
    assert {"plain,check", "plain,fetch", "plain,config", "plain,completion"} <= set(offered)
    assert complete("citetool f") == ["plain,fetch", "plain,format"]


def test_style_names_ours_and_the_repositorys():
    assert complete("citetool format --style md") == ["plain,mdpi", "plain,mdpi-references"]
    offered = complete("citetool format -s chicago-author-date-1")
    assert offered == ["plain,chicago-author-date-16th-edition",
                       "plain,chicago-author-date-17th-edition"]


def test_a_style_file_is_completed_as_a_file():
    assert complete("citetool format --style ./my") == ["file,./my"]


def test_locales():
    assert complete("citetool format --locale pt") == ["plain,pt", "plain,pt-BR", "plain,pt-PT"]


@pytest.mark.parametrize("shell, marker", [
    ("bash", "complete -o nosort -F _citetool_completion citetool"),
    ("zsh", "compdef _citetool_completion citetool"),
    ("fish", "complete --no-files --command citetool"),
])
def test_completion_scripts(shell, marker):
    result = CliRunner().invoke(cli, ["completion", shell])
    assert result.exit_code == 0 and marker in result.stdout
    assert "_CITETOOL_COMPLETE" in result.stdout


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"citetool, version {__version__}\n")


def test_cite_completes_styles_and_locales_too():
    assert complete("citetool cite --style md") == ["plain,mdpi", "plain,mdpi-references"]
    assert complete("citetool cite --locale pt-") == ["plain,pt-BR", "plain,pt-PT"]


@pytest.mark.parametrize("line", ["citetool format ex", "citetool format --to ris ex",
                                  "citetool check ex", "citetool cite -i ex"])
def test_inputs_are_completed_as_files(line):
    assert complete(line) == ["file,ex"]


def test_style_names_any_case_aliases_and_csl_files_beside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert complete("citetool format --style MD") == ["plain,mdpi", "plain,mdpi-references"]
    assert complete("citetool format --style vanc") == [
        "plain,vancouver-ama", "plain,vancouver-nlm", "plain,vancouver"]  # names, then aliases
    assert "file,my-" not in complete("citetool format --style my-")
    (tmp_path / "my-journal.csl").write_text("<style/>")
    assert complete("citetool format --style my-") == ["file,my-"]
    (tmp_path / "manuscript.md").write_text("text")
    assert "file,manu" not in complete("citetool format --style manu")  # no .csl, no folder
