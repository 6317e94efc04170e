"""What people do with a citation tool beyond one whole file (issue 18): python -m citetool,
a paper's cited works, one entry per work, pandoc citations, DOIs from a pipe."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import DOI, ROOT

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


def test_format_looks_its_dois_up_in_parallel_and_keeps_their_order(resolver, tmp_path):
    """DOIs given to `format` among files: the three slow ones take about one timeout (one
    after the other they took three), and each problem and entry stays in its input's place."""
    refs = tmp_path / "one.bib"
    refs.write_text("@book{zed, author = {Zed, A.}, title = {Last}, year = {2001}}\n", "utf-8")
    start = time.monotonic()
    result = run("format", "--style", "apa", "--timeout", "1", "--no-cache", "10.1234/slow1",
                 str(refs), "10.1234/slow2", DOI, "10.1234/slow3")
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    assert [line.split(":")[2] for line in result.stderr.splitlines()] == [
        "10.1234/slow1", "10.1234/slow2", "10.1234/slow3"]
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["Hoefinger", "Zed"]
    assert elapsed < 2.5


CITED = ROOT / "tests" / "fixtures" / "cited"
REFS = EXAMPLES / "refs.bib"


def _ieee(*cited_in):
    return run("format", "--style", "ieee", *(arg for path in cited_in
                                               for arg in ("--cited-in", path)), REFS)


def _starts(output):
    return [line.split(",")[0] for line in output.splitlines()]


def test_cited_in_markdown_keeps_the_cited_works_numbered_as_first_cited():
    """examples/paper.md cites Dijkstra, then Knuth, then Watson (and Dijkstra again): IEEE
    numbers them so; Hoefinger, not cited, is left out; the e-mail address and code are no
    citations; the unknown key is one line with its place, exit 1."""
    result = _ieee(EXAMPLES / "paper.md")
    assert _starts(result.stdout) == ["[1] E. W. Dijkstra", "[2] D. E. Knuth",
                                      "[3] J. D. Watson and F. H. C. Crick"]
    assert result.stderr == f"citetool: {EXAMPLES / 'paper.md'}:16: no entry 'nosuchkey'\n"
    assert result.exit_code == 1


def test_cited_in_latex_reads_natbib_and_biblatex_commands():
    """Optional arguments, starred and multicite forms; comments left out; \\nocite{*}
    brings in the works not cited, after the cited ones."""
    result = _ieee(CITED / "paper.tex")
    assert _starts(result.stdout) == [
        "[1] J. D. Watson and F. H. C. Crick", "[2] E. W. Dijkstra",
        "[3] D. E. Knuth", "[4] H. Hoefinger et al."]
    assert result.stderr == f"citetool: {CITED / 'paper.tex'}:7: no entry 'nosuchkey'\n"


def test_cited_in_aux_reads_bibtex_and_biblatex_citations():
    result = _ieee(CITED / "paper.aux")
    assert _starts(result.stdout) == ["[1] D. E. Knuth",
                                      "[2] E. W. Dijkstra", "[3] J. D. Watson and F. H. C. Crick"]
    assert result.stderr == f"citetool: {CITED / 'paper.aux'}:6: no entry 'nosuchkey'\n"


def test_cited_in_several_documents_in_the_order_given():
    result = _ieee(CITED / "paper.aux", EXAMPLES / "paper.md")
    assert _starts(result.stdout)[0] == "[1] D. E. Knuth"
    assert result.stderr.count("no entry 'nosuchkey'") == 1  # reported where first cited


def test_cited_in_extracts_a_papers_bibtex(tmp_path):
    """--to bibtex -o paper.bib: the cited entries, as written without --cited-in."""
    target = tmp_path / "paper.bib"
    result = run("format", "--cited-in", EXAMPLES / "paper.md", "--to", "bibtex", "-o", target,
                 REFS)
    assert result.exit_code == 1 and "no entry 'nosuchkey'" in result.stderr
    whole = run("format", "--to", "bibtex", REFS).stdout
    entries = {chunk.split(",")[0]: chunk for chunk in ("\n" + whole).split("\n@")[1:]}
    assert target.read_text() == "\n".join(
        "@" + entries[key] for key in ("article{dijkstra1968goto", "book{knuth1984texbook",
                                       "article{watson1953molecular")).rstrip("\n") + "\n"


def test_dedupe_merges_the_same_work_field_by_field():
    """examples/more.ris has Watson & Crick again (its DOI as a doi.org URL, in capitals)
    with a URL refs.bib lacks, and Dijkstra under another key with other punctuation."""
    result = run("format", "--dedupe", "--to", "csl-json", REFS, EXAMPLES / "more.ris")
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == ["hoefinger2020community", "knuth1984texbook",
                                              "watson1953molecular", "dijkstra1968goto"]
    watson = items[2]  # as many fields in both: refs.bib's win, the URL fills a gap
    assert (watson["URL"], watson["issued"], watson["DOI"], watson["issue"]) == (
        "https://www.nature.com/articles/171737a0", {"date-parts": [[1953]]},
        "10.1038/171737a0", "4356")
    assert len(items[3]) == len(json.loads(run("format", "--to", "csl-json", REFS).stdout)[3])
    more = EXAMPLES / "more.ris"
    assert result.stderr == (
        f"citetool: {more}:1: 'watson1953' merged into 'watson1953molecular' (same DOI)\n"
        f"citetool: {more}:15: 'dijkstra-goto' merged into 'dijkstra1968goto' (same title, "
        f"year and first author)\n")
    assert result.exit_code == 0
    assert len(run("format", "--to", "csl-json", REFS, more).stdout.split('"id"')) == 7


def test_dedupe_then_cited_in_finds_a_merged_away_key(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("As [@dijkstra-goto] says.\n")
    result = _ieee_with(paper, "--dedupe", REFS, EXAMPLES / "more.ris")
    assert _starts(result.stdout) == ["[1] E. W. Dijkstra"]
    assert result.exit_code == 0


def _ieee_with(paper, *args):
    return run("format", "--style", "ieee", "--cited-in", paper, *args)


def test_dedupe_one_doi_given_three_ways(resolver):
    result = run("format", "--dedupe", "--to", "csl-json", "10.3390/socsci9010001",
                 "doi:10.3390/SOCSCI9010001", "https://doi.org/10.3390/socsci9010001")
    assert len(json.loads(result.stdout)) == 1
    assert result.stderr.count("(same DOI)") == 2 and result.exit_code == 0


def test_cite_reads_pandocs_citation_syntax():
    """Locators with their labels, prefixes, suffixes, -@key, several citations in one
    argument; the plain key,key form (with a space too) as before."""
    result = run("cite", "-i", REFS, "[@dijkstra1968goto, p. 147; see @watson1953molecular]",
                 "[-@knuth1984texbook, pp. 33-35, 38 and passim] [@dijkstra1968goto, sec. 2]",
                 "@watson1953molecular [fig. 1]", "knuth1984texbook, dijkstra1968goto")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "(Dijkstra, 1968, p. 147; see Watson & Crick, 1953)\n"
        "(1984, pp. 33–35, 38 and passim)\n"
        "(Dijkstra, 1968, Section 2)\n"
        "Watson & Crick (1953, Figure 1)\n"
        "(Dijkstra, 1968; Knuth, 1984)\n")


def test_cite_numbers_in_a_numeric_style_and_reports_unknown_keys():
    result = run("cite", "--style", "ieee", "-i", REFS, "[@watson1953molecular, chap. 3]",
                 "[@nosuchkey; @dijkstra1968goto]")
    assert result.stdout == "[1, Ch. 3]\n[2]\n"
    assert result.stderr == (f"citetool: no record has the citekey 'nosuchkey' (inputs: "
                             f"{REFS})\n")
    assert result.exit_code == 1


def test_cite_writes_markdown():
    result = run("cite", "--output-format", "markdown", "-i", REFS,
                 "[see @knuth1984texbook, p. 3]")
    assert (result.exit_code, result.stdout) == (0, "(see Knuth, 1984, p. 3)\n")
    result = run("cite", "--output-format", "markdown", "--style", "chicago-notes-bibliography",
                 "-i", REFS, "[@knuth1984texbook]")
    assert result.stdout == "Donald E. Knuth, *The TeXBook* (Addison-Wesley, 1984).\n"


@pytest.mark.parametrize("style, expected", [
    ("apa", ["Watson & Crick (1953, p. 3)", "Knuth (1984)", "(Watson & Crick, 1953, p. 3)",
             "(1953)"]),
    ("chicago-author-date", ["Watson and Crick (1953, 3)", "Knuth (1984)",
                             "(Watson and Crick 1953, 3)", "(1953)"]),
    # numeric: the citation prints no names, and pandoc prints the citation alone
    ("ieee", ["[1, p. 3]", "[2]", "[1, p. 3]", "[1]"]),
    # a note style: the names in the text (as the note gives them), the rest in the note
    ("chicago-notes-bibliography", [
        "J. D. Watson and F. H. C. Crick^[“Molecular Structure of Nucleic Acids: A Structure "
        "for Deoxyribose Nucleic Acid,” Nature 171, no. 4356 (1953): 3, "
        "https://doi.org/10.1038/171737a0.]",
        "Donald E. Knuth^[The TeXBook (Addison-Wesley, 1984).]"]),  # then short notes
], ids=["apa", "chicago-author-date", "ieee", "chicago-notes"])
def test_pandocs_author_in_text(style, expected):
    """``@key [p. 3]`` and a bare ``@key``: the author as the style's citation gives it
    (citeproc-js's author-only), then the citation without it (suppress-author), as pandoc
    prints them; ``[@key, p. 3]`` and ``[-@key]`` stay as they were."""
    result = run("cite", "--style", style, "-i", REFS,
                 "@watson1953molecular [p. 3]", "@knuth1984texbook",
                 "[@watson1953molecular, p. 3]", "[-@watson1953molecular]")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:len(expected)] == expected


def test_an_author_in_text_note_is_pandocs_inline_note_in_markdown():
    result = run("cite", "--style", "chicago-notes-bibliography", "--output-format", "markdown",
                 "-i", REFS, "@knuth1984texbook [chap. 2]")
    assert result.stdout == "Donald E. Knuth^[*The TeXBook* (Addison-Wesley, 1984), chap. 2.]\n"


def test_pandoc_locator_labels_are_csl_locators():
    from citetool.cited import parse_citations

    assert parse_citations("[@a, chaps. 3-4, passim; @b, § 2; @c, {IV.2}; @d, vol. ii]") == [[
        {"id": "a", "label": "chapter", "locator": "3-4", "suffix": ", passim"},
        {"id": "b", "label": "section", "locator": "2"},
        {"id": "c", "label": "page", "locator": "IV.2"},
        {"id": "d", "label": "volume", "locator": "ii"}]]


def test_dedupe_takes_each_field_from_the_fullest_record():
    from citetool import api
    from citetool.readers import Read

    read = Read()
    read.add({"id": "short", "type": "book", "title": "Éléments", "issued": {
        "date-parts": [[1900]]}, "author": [{"family": "Poincaré"}]}, 1, "a.json")
    read.add({"id": "full", "type": "book", "title": "elements!", "publisher": "Gauthier",
              "issued": {"date-parts": [[1900, 5]]}, "author": [{"family": "Poincare",
                                                                 "given": "H."}]}, 9, "b.json")
    result = api.select(read, dedupe=True)
    assert result.items == [{"id": "short", "type": "book", "title": "elements!",
                             "publisher": "Gauthier", "issued": {"date-parts": [[1900, 5]]},
                             "author": [{"family": "Poincare", "given": "H."}]}]
    assert [str(note) for note in result.notes] == [
        "b.json:9: 'full' merged into 'short' (same title, year and first author)"]


def test_cited_in_aux_takes_in_the_aux_files_of_included_chapters():
    """LaTeX writes an .aux file for each \\include'd chapter and \\@input's it in the main
    one: its citations count where it is taken in; one not written yet (chapter2.aux) and
    one that would take the main one in again are no error."""
    result = _ieee(CITED / "thesis.aux")
    assert _starts(result.stdout) == ["[1] J. D. Watson and F. H. C. Crick",
                                      "[2] E. W. Dijkstra", "[3] D. E. Knuth",
                                      "[4] H. Hoefinger et al."]
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("text, keys", [
    ("Mail a@b.org or @c.", ["c"]),
    ("`@code` and ``@a `tick` @b`` but @c", ["c"]),
    ("para\n\n    @indented\n    @code\n\n    @still\n@after", ["after"]),
    ("- item\n\n    more [@inlist]\n\n    [@again]\n\n1. one\n\n    [@third]", [
        "inlist", "again", "third"]),
    ("~~~~\n@fenced\n~~~\n@still\n~~~~\n@out", ["out"]),
    ("<!-- @hidden -->[@shown]", ["shown"]),
    ("[link](https://x.org/@user) <https://y.org/@u> https://z.org/@v @real", ["real"]),
    ("[@a; -@b, p. 3] @{odd key}: and @c.d, \\@e", ["a", "b", "odd key", "c.d"]),
    ("---\nnocite: |\n  @late\n---\nText [@early].", ["early", "late"]),
], ids=["e-mail", "code-spans", "indented-code", "list-continuation", "fences", "html-comment", "urls",
        "forms", "front-matter-nocite-last"])
def test_markdown_citations(text, keys):
    from citetool.cited import scan

    assert [cite.citekey for cite in scan(text, "paper.md")] == keys


def test_latex_citations_with_their_lines():
    from citetool.cited import scan

    text = ("\\cite{a, b}\n% \\cite{c}\n\\citep[see][p.~2]{d} 50\\% \\citealt*{e}\n"
            "\\Textcites[1]{f}[2]{g}{h} \\citeauthor{i}{j}\n\\nocite{*}\\relax\\citestyle{x}")
    assert [(c.citekey, c.line) for c in scan(text, "paper.tex")] == [
        ("a", 1), ("b", 1), ("d", 3), ("e", 3), ("f", 4), ("g", 4), ("h", 4), ("i", 4),
        ("*", 5)]


def test_a_numeric_locator_is_numeric_for_the_style():
    """APA labels a numeric chapter ("Chapter 27", as citeproc-js); is-numeric="locator"
    looked at the record, never at the cite (it printed "27"). A Roman number and a range
    are numbers for citeproc-js 2.4.63 ("Chapter iv", "Chapters 2–3"; we printed "iv")."""
    result = run("cite", "-i", REFS, "[@knuth1984texbook, chap. 27]",
                 "[@knuth1984texbook, chap. iv]", "[@knuth1984texbook, chap. 2-3]")
    assert result.stdout == ("(Knuth, 1984, Chapter 27)\n(Knuth, 1984, Chapter iv)\n"
                             "(Knuth, 1984, Chapters 2–3)\n")


def test_cited_in_a_document_that_cites_nothing_or_is_no_text(tmp_path):
    empty, binary = tmp_path / "empty.md", tmp_path / "paper.pdf"
    empty.write_text("No citations here; mail a@b.org.\n")
    binary.write_bytes(bytes(range(256)) * 4)
    result = run("format", "--cited-in", empty, REFS)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (f"citetool: {empty}: cites nothing (no pandoc @key, LaTeX "
                             f"\\cite{{key}} or .aux \\citation{{key}})\n")
    result = run("format", "--cited-in", binary, REFS)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"citetool: {binary}: binary data, not a document: give a "
                             f"Markdown, LaTeX or .aux file to --cited-in\n")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("@[]{}();,-.:pchap §\\`~\n ae1*%<>/") | st.characters(),
               max_size=80), st.sampled_from(["paper.md", "paper.tex", "paper.aux", "notes"]))
def test_any_text_is_scanned_and_parsed_without_error(text, name):
    """Whatever a document or a cite argument holds, reading its citations never fails, and
    every citekey found is one the text holds, on a line it has."""
    from citetool.cited import citations_of, scan

    for cite in scan(text, name):
        assert cite.citekey and cite.citekey in text
        assert 1 <= cite.line <= text.count("\n") + 1
    for citation in citations_of(text):
        assert all(cite["id"] and cite["id"] in text for cite in citation)


@pytest.mark.parametrize("name, text", [
    ("paper.md", "<!--" * 300_000), ("paper.md", "`x `` " * 200_000),
    ("paper.md", "[@a" * 300_000), ("paper.tex", "\\cite[" * 200_000),
    ("paper.md", "    x\n" * 200_000)], ids=["open-comments", "backticks", "open-brackets",
                                            "open-options", "indented"])
def test_pathological_documents_take_bounded_time(tmp_path, name, text):
    """Megabytes of what a regular expression could try again from every position: the
    command ends well within the child's timeout (the open comments took minutes)."""
    from conftest import run_citetool

    document = tmp_path / name
    document.write_text(text)
    result = run_citetool("format", "--cited-in", str(document), str(REFS), timeout=30)
    assert result.returncode in (0, 1)
    assert result.stderr.decode().count("\n") <= 2


def test_pathological_cite_arguments_take_bounded_time():
    from conftest import run_citetool

    result = run_citetool("cite", "-i", str(REFS), "@a [" * 20_000, "[@a" * 20_000, timeout=30)
    assert result.returncode == 1


def test_cite_takes_the_output_format_setting_markdown_too(monkeypatch):
    monkeypatch.setenv("CITETOOL_OUTPUT_FORMAT", "markdown")
    result = run("cite", "--style", "chicago-notes-bibliography", "-i", REFS,
                 "[@knuth1984texbook]")
    assert result.stdout == "Donald E. Knuth, *The TeXBook* (Addison-Wesley, 1984).\n"
