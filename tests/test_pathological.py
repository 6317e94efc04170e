"""Pathological inputs through the real command: each is read correctly or refused with one
clear line and its exit code, in bounded time and memory.

Big inputs run in a child process (conftest.run_citetool) with a generous timeout and a cap on
its address space, so that a quadratic reader or an unbounded expansion fails the test without
any timing assertion; small ones run in process. Encoding policy (README, "Encodings"): UTF-8
with or without BOM and UTF-16 with or without BOM are read; other bytes are read as
Windows-1252 with a one-line note and no change of exit code; binary data is refused.
"""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from conftest import run_citetool

from citetool.api import LEGACY_NOTE
from citetool.cli import cli

MB = 10_000_000
DEPTH = 10_000
BINARY = ("citetool: {}: binary data, not text: give a BibTeX, RIS, CSL-JSON, HTML or "
          "article-page text file")


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def to_json(path, *options: str, memory: int = 2 << 30):
    """``citetool format --to csl-json PATH`` in a child: (exit code, items, stderr lines)."""
    result = run_citetool("format", "--to", "csl-json", *options, str(path), memory=memory)
    items = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, items, result.stderr.decode("utf-8").splitlines()


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr.splitlines()


# A 10 MB single line, in each format where it can be one record.

def test_ten_megabyte_bibtex_field_on_one_line(tmp_path):
    title = "word " * (MB // 5)
    path = write(tmp_path, "long.bib", f"@article{{k, title={{{title}}}, year=2020}}")
    code, items, errors = to_json(path)
    assert (code, errors) == (0, [])
    assert items[0]["title"] == title.strip()


def test_ten_megabyte_csl_json_on_one_line(tmp_path):
    title = "y" * MB
    path = write(tmp_path, "long.json", json.dumps([{"id": "a", "type": "book", "title": title}]))
    code, items, errors = to_json(path)
    assert (code, errors, items[0]["title"]) == (0, [], title)


def test_ten_megabyte_html_meta_and_junk(tmp_path):
    """A long attribute, then 10 MB of "<a" that made the standard library's parser quadratic."""
    title = "t" * MB
    path = write(tmp_path, "long.html", f'<html><head><meta name="citation_title" '
                                        f'content="{title}">' + "<a" * (MB // 2))
    code, items, errors = to_json(path)
    assert (code, errors, items[0]["title"]) == (0, [], title)


def test_ten_megabyte_line_of_text_is_not_a_page(tmp_path):
    path = write(tmp_path, "long.txt", "x" * MB)
    code, items, errors = to_json(path)
    assert (code, items) == (1, [])
    assert errors == [f"citetool: {path}:1: no MDPI cite line (e.g. 'Soc. Sci. 2020, 9(1), 1; "
                      "https://doi.org/…') found: is this an article page? Save the page as "
                      "HTML and read that instead"]


# Nesting 10,000 deep.

def test_deep_balanced_braces_in_bibtex_are_read(tmp_path):
    path = write(tmp_path, "deep.bib",
                 "@article{k, title={" + "{" * DEPTH + "x" + "}" * DEPTH + "}, year=2020}")
    code, items, errors = to_json(path)
    assert (code, errors) == (0, [])
    assert items[0]["title"] == '<span class="nocase">x</span>'  # braces protect case


def test_deep_unbalanced_braces_cost_only_their_entry(tmp_path):
    path = write(tmp_path, "deep.bib", "@article{k, title={" + "{" * DEPTH + "x}, year=2020}\n"
                 "@book{ok, title={Fine}}\n")
    code, items, errors = to_json(path)
    assert code == 1
    assert [item["title"] for item in items] == ["Fine"]
    assert errors == [f"citetool: {path}:1: cannot parse this entry; it was skipped: check its "
                      "braces and commas"]


def test_deep_latex_commands_are_one_clear_line(tmp_path):
    """The field keeps its text, the entry the rest (issue 15: a field's failure costs only
    that field)."""
    title = "\\textbf{" * DEPTH + "x" + "}" * DEPTH
    path = write(tmp_path, "deep.bib", "@article{k, title={" + title + "}}\n"
                 "@book{ok, title={Fine}}\n")
    code, items, errors = to_json(path)
    assert code == 1
    assert [item["title"] for item in items] == [title, "Fine"]
    assert errors == [f"citetool: {path}:1: entry 'k': field 'title': braces or LaTeX commands "
                      "nested too deeply to decode; its text was kept as written"]


def test_deep_json_is_one_clear_line(tmp_path):
    path = write(tmp_path, "deep.json", "[" * DEPTH + "]" * DEPTH)
    code, items, errors = to_json(path)
    assert (code, items) == (1, [])
    assert errors == [f"citetool: {path}:1: JSON nested too deeply to be a CSL-JSON item; the "
                      "rest of the file was not read"]


def test_deep_html_keeps_metadata_after_it(tmp_path):
    path = write(tmp_path, "deep.html", '<meta name="citation_title" content="T">' +
                 "<div>" * DEPTH + '<meta name="citation_author" content="Ng, Ann">')
    code, items, errors = to_json(path)
    assert (code, errors) == (0, [])
    assert items[0]["author"] == [{"family": "Ng", "given": "Ann"}]


# 100,000 entries (benchmarks/big_input.py measures time and memory on real entries).

@pytest.mark.parametrize("name, record", [
    ("many.bib", "@misc{{k{n}, title={{T{n}}}}}\n"),
    ("many.ris", "TY  - BOOK\nID  - k{n}\nTI  - T{n}\nER  - \n"),
    ("many.json", '{{"id": "k{n}", "type": "book", "title": "T{n}"}},\n'),
])
def test_one_hundred_thousand_records(tmp_path, name, record):
    text = "".join(record.format(n=n) for n in range(100_000))
    if name.endswith(".json"):
        text = "[" + text.rstrip(",\n") + "]"
    code, items, errors = to_json(write(tmp_path, name, text))
    assert (code, errors, len(items)) == (0, [], 100_000)
    assert items[-1]["title"] == "T99999"


def test_a_large_library_is_written_as_it_is_read(tmp_path):
    """40,000 entries (7 MB; as text 15 MB, as one "–" is outside Latin-1) in 150 MB of
    address space: before items were streamed from reader to writer this took 250 MB."""
    entry = ("@article{{k{n}, author = {{M{{\\\"u}}ller, J{{\\'o}}zsef and van der Berg, Anna}}, "
             "title = {{On the {{DNA}} of things – part {n}}}, journal = {{Journal of Tests}}, "
             "year = {year}, pages = {{1--10}}}}\n")
    path = write(tmp_path, "large.bib", "".join(entry.format(n=n, year=1900 + n % 125)
                                                for n in range(40_000)))
    code, items, errors = to_json(path, memory=150 << 20)
    assert (code, errors, len(items)) == (0, [], 40_000)
    assert items[-1]["title"] == 'On the <span class="nocase">DNA</span> of things – part 39999'
    assert items[-1]["author"][0] == {"family": "Müller", "given": "József"}


def test_one_hundred_thousand_bad_records_are_each_one_line(tmp_path):
    path = write(tmp_path, "bad.json", "[" + ",".join(['{"id": [1]}'] * 100_000) + "]")
    code, items, errors = to_json(path)
    assert (code, items, len(errors)) == (1, [], 100_000)
    assert errors[-1] == f"citetool: {path}:1: 'id' must be a string or a number"


# Binary garbage.

@pytest.mark.parametrize("data", [
    random.Random(1).randbytes(1_000_000),
    bytes(b for b in random.Random(2).randbytes(300_000) if b),  # no NUL at all
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4,
], ids=["random", "random-without-nul", "png"])
def test_binary_garbage_is_refused(tmp_path, data):
    path = write(tmp_path, "garbage.bib", data)
    code, items, errors = to_json(path)
    assert (code, items, errors) == (1, [], [BINARY.format(path)])


# Encodings and line ends.

BIB = "@article{k, author={Müller, József}, title={Çà et là: “quoted” – €5}, year=2020}\n"
EXPECTED = {"id": "k", "type": "article-journal", "title": "Çà et là: “quoted” – €5",
            "author": [{"family": "Müller", "given": "József"}],
            "issued": {"date-parts": [[2020]]}}


@pytest.mark.parametrize("encoded", [
    BIB.encode("utf-8"),
    b"\xef\xbb\xbf" + BIB.encode("utf-8"),
    BIB.encode("utf-16"),  # with its BOM
    b"\xff\xfe" + BIB.encode("utf-16-le"),
    b"\xfe\xff" + BIB.encode("utf-16-be"),
    BIB.encode("utf-16-le"),  # without BOM
    BIB.encode("utf-16-be"),
    BIB.replace("\n", "\r\n").encode("utf-8"),
    BIB.replace("\n", "\r\n").encode("utf-16"),
], ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le",
        "utf-16-be", "crlf", "utf-16-crlf"])
def test_unicode_encodings_are_read_without_a_word(tmp_path, encoded):
    code, out, errors = invoke("format", "--to", "csl-json", str(write(tmp_path, "r.bib",
                                                                       encoded)))
    assert (code, errors, json.loads(out)) == (0, [], [EXPECTED])


def test_windows_1252_is_read_with_a_note(tmp_path):
    path = write(tmp_path, "r.bib", BIB.encode("cp1252"))
    code, out, errors = invoke("format", "--to", "csl-json", str(path))
    assert (code, json.loads(out)) == (0, [EXPECTED])
    assert errors == [f"citetool: {path}: {LEGACY_NOTE}"]


def test_latin_1_is_read_with_a_note(tmp_path):
    path = write(tmp_path, "r.bib", "@book{k, title={Çà et là, Ørsted}}\n".encode("latin-1"))
    code, out, errors = invoke("format", "--to", "csl-json", str(path))
    assert (code, json.loads(out)[0]["title"]) == (0, "Çà et là, Ørsted")
    assert errors == [f"citetool: {path}: {LEGACY_NOTE}"]


def test_broken_utf_16_is_refused(tmp_path):
    path = write(tmp_path, "r.bib", b"\xff\xfe" + "@book{k}".encode("utf-16-le") + b"\x00\xd8")
    code, out, errors = invoke("format", "--to", "csl-json", str(path))
    assert (code, errors) == (1, [f"citetool: {path}: broken UTF-16 text at byte 18"])


@pytest.mark.parametrize("name, text", [
    ("r.ris", "TY  - JOUR\nAU  - Müller, József\nTI  - Çà et là\nPY  - 2020\nER  - \n"),
    ("r.json", '[{"id": "k", "type": "book",\n "title": "Çà et là"}]\n'),
    ("r.html", '<html>\n<head>\n<meta name="citation_title" content="Çà et là">\n</head>\n'),
])
@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_in_every_format(tmp_path, name, text, line_end):
    expected = invoke("format", "--to", "csl-json", str(write(tmp_path, name, text)))
    path = write(tmp_path, "crlf-" + name, text.replace("\n", line_end).encode("utf-16"))
    code, out, errors = invoke("format", "--to", "csl-json", str(path))
    assert (code, out, errors) == expected[:2] + ([],)
    assert "Çà et là" in out


def test_article_page_text_with_crlf(tmp_path):
    from conftest import SEED

    text = SEED.read_text("utf-8")
    expected = invoke("format", "--style", "mdpi", str(SEED))
    path = write(tmp_path, "page.txt", text.replace("\n", "\r\n"))
    assert invoke("format", "--style", "mdpi", str(path)) == expected




@pytest.mark.parametrize("inner", ["mail: a@b.org, @misc{not-at-line-start}",
                                   "\n@article{inside, title={x}}\n"],
                         ids=["at-sign-in-text", "entry-start-inside-braces"])
def test_big_bibtex_read_in_pieces_is_read_as_a_whole(monkeypatch, inner):
    """Files over 1 MB without @string/crossref/xdata are parsed a piece at a time (memory):
    items, problems and line numbers are those of reading them whole, whatever they hold."""
    from citetool.readers import bibtex

    entry = "@article{{k{n},\n  author={{M{{\\\"u}}ller, J.}},\n  title={{T{n} {pad}}},\n" \
            "  year=2020,\n  abstract={{{inner}}}\n}}\n"
    text = "".join(entry.format(n=n, pad="x" * (n % 50), inner=inner) for n in range(1_000))
    text += "@article{k5, title={Duplicate of an early key}}\n@book{broken, title={x}\n" \
            "@book{after, title={After the broken one}}\n"
    monkeypatch.setattr(bibtex, "_PIECE", 20_000)  # 1 MB in real use: the same, faster
    assert len(list(bibtex._pieces(text))) > 5
    in_pieces = bibtex.read(text, "big.bib")
    monkeypatch.setattr(bibtex, "_PIECE", len(text) + 1)
    whole = bibtex.read(text, "big.bib")
    assert len(list(bibtex._pieces(text))) == 1
    assert in_pieces.items == whole.items
    assert sorted(map(str, in_pieces.problems)) == sorted(map(str, whole.problems))
    if "inside" not in inner:
        assert len(whole.items) == 1_001 and len(whole.problems) == 2
