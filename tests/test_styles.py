"""Style names as people say them: any case, aliases, did-you-mean, titles searched, and
dependent styles (as Zotero's repository hands them out) rendered through their parent."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from citetool.cli import cli
from citetool.render import styles

REFS = str(ROOT / "examples" / "refs.bib")
#: A chapter with editors: German and English terms differ in its reference ("Hrsg"/"eds").
CHAPTER = str(FIXTURES / "csl_json" / "chapter_with_editors.json")


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def formatted(style: str, source: str = REFS) -> str:
    result = run("format", "--style", style, source)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("said, name", [("APA", "apa"), ("Mla", "modern-language-association"),
                                        ("chicago", "chicago-author-date"), ("MDPI", "mdpi")])
def test_names_in_any_case_and_aliases(said, name):
    assert formatted(said) == formatted(name)


def test_every_alias_means_a_style_and_hides_none():
    known = set(styles.repository_names()) | set(styles.BUILTIN)
    for alias, name in styles.ALIASES.items():
        assert alias == alias.lower() and alias not in known and name in known


def test_styles_aliases_documents_the_table():
    result = run("styles", "--aliases")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(alias, name) for alias, name, _ in rows] == list(styles.ALIASES.items())
    assert ["mla", "modern-language-association", "MLA Handbook 9th edition (in-text citations)"
            ] in rows


@pytest.mark.parametrize("style, message", [
    ("chicgo-author-date", "unknown style 'chicgo-author-date'; closest: chicago-author-date,"),
    ("apa.csl", "style file 'apa.csl' does not exist; did you mean the style name 'apa'?\n"),
    ("MLA.csl", "style file 'MLA.csl' does not exist; did you mean the style name 'MLA'?\n"),
    ("harvard1", "unknown style 'harvard1'; closest: harvard-cite-them-right,"),  # renamed
    ("apa-5th-edition", "unknown style 'apa-5th-edition'; closest: apa,"),
    ("springer-basic", "unknown style 'springer-basic'; closest: springer-basic-note, "
                       "springer-basic-brackets, springer-basic-author-date,"),
])
def test_did_you_mean_in_one_line_exit_2(style, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("format", "--style", style, REFS)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"citetool: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_a_name_that_begins_styles_suggests_them():
    # chicago is an alias; were it not, the styles it begins would be suggested
    assert "chicago-author-date" in styles._hint("chicago")


def test_styles_searches_titles_too():
    result = run("styles", "apa 7")
    names = result.stdout.splitlines()
    assert result.exit_code == 0 and names[0] == "apa"  # "APA Style 7th edition"
    assert "apa-6th-edition" not in names
    assert "modern-language-association" in run("styles", "mla").stdout.splitlines()


def test_a_dependent_style_file_renders_through_its_parent(tmp_path):
    dependent = tmp_path / "nature-genetics.csl"
    shutil.copy(Path(styles._repository_dirs()[1]) / "nature-genetics.csl", dependent)
    assert 'rel="independent-parent"' in dependent.read_text("utf-8")
    assert formatted(str(dependent)) == formatted("nature-genetics") == formatted("nature")
    assert run("cite", "--style", str(dependent), "-i", REFS, "knuth1984texbook").stdout == "1\n"


def test_a_dependent_style_keeps_its_default_locale(tmp_path):
    # datenbank-spektrum is springer-basic-brackets (en-US) in de-DE
    german = ("1. Smith A (2020) A chapter. In: Lee B, Ng C (Hrsg) A book. Springer, Berlin, "
              "S 1–10\n")
    assert formatted("datenbank-spektrum", CHAPTER) == german
    assert formatted("springer-basic-brackets", CHAPTER) == german.replace(
        "Hrsg", "eds").replace(", S", ", pp")
    copy = tmp_path / "datenbank-spektrum.csl"
    shutil.copy(Path(styles._repository_dirs()[1]) / copy.name, copy)
    assert formatted(str(copy), CHAPTER) == german
    result = run("format", "--style", str(copy), "--locale", "en-US", CHAPTER)
    assert "(eds)" in result.stdout  # --locale still wins


def test_a_dependent_style_whose_parent_is_missing(tmp_path):
    style = tmp_path / "orphan.csl"
    style.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
                     'version="1.0" class="in-text"><info><title>Orphan</title><link href='
                     '"http://www.zotero.org/styles/no-such-style" rel="independent-parent"/>'
                     '</info></style>\n', "utf-8")
    result = run("format", "--style", str(style), REFS)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"citetool: style '{style}' is a dependent style whose parent "
        f"'http://www.zotero.org/styles/no-such-style' is not installed: download "
        f"no-such-style.csl from the CSL repository and give its path with --style\n")


def test_chicago_notes_without_a_bibliography_names_the_one_with():
    # CMOS 18's chicago-notes is notes only: format, which prints a bibliography, points at
    # its sibling, and cite still uses it
    result = run("format", "--style", "chicago-notes", REFS)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("citetool: style chicago-notes.csl has no bibliography: it formats "
                             "citations only (citetool cite); for a bibliography: --style "
                             "chicago-notes-bibliography\n")
    assert formatted("chicago-notes-bibliography").startswith("Dijkstra, Edsger W.")
    assert run("cite", "--style", "chicago-notes", "-i", REFS, "knuth1984texbook").exit_code == 0
