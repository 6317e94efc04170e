"""Large inputs are read a piece at a time and each item written as it is read (issue #6).
That must give what reading the input whole gives: the same items on the same lines, the same
problems in the same order, the same output bytes, the same exit code."""
from __future__ import annotations

import io
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.library import Library
from click.testing import CliRunner
from conftest import FIXTURES, PAGES, SEED, shared
from hypothesis import given, settings
from hypothesis import strategies as st

from citetool import api
from citetool.cli import cli
from citetool.errors import DUPLICATE_CITEKEY
from citetool.model import citekey
from citetool.readers import Read, bibtex, collect
from citetool.writers import bibtex as bibtex_writer
from citetool.writers import ris as ris_writer

WHOLE = 1 << 40  # a piece size no text reaches: the text is parsed in one piece


def cut(text: str, size: int) -> list[str]:
    """The text in pieces as api._FilePieces reads a file: ``size`` characters, then the rest
    of the line."""
    stream, pieces = io.StringIO(text, newline=""), []
    while piece := stream.read(size):
        pieces.append(piece + stream.readline())
    return pieces


def read_bibtex(text: str | list[str], piece: int, source: str = "refs.bib") -> Read:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bibtex, "_PIECE", piece)
        return collect(bibtex.records(text, source))


def same_read(pieced: Read, whole: Read) -> None:
    assert pieced.items == whole.items
    assert pieced.lines == whole.lines
    assert pieced.problems == whole.problems


# Entries of every kind a problem is reported for; {k} is a citekey from a small pool, so that
# citekeys repeat within a piece and across pieces.
FRAGMENTS = [
    "@article{{k{k}, author = {{Ng, Ann and van Berg, Bo}}, title = {{T{k}}}, year = 2020}}\n",
    "@book{{k{k},\n  title = {{A}},\n  title = {{B}}\n}}\n",  # a field given twice
    "@article{{k{k}, title = {{unbalanced}}\n",  # broken: swallows what follows
    "@misc{{k{k},\r\n  note = {{two\r\n lines}}}}\r\n",
    "@inproceedings(k{k}, booktitle = {{Proc.}}, year = {{19x9}})\n",
    "@article{{k{k}, title = {{x}}}} @book{{k{k}, title = {{y}}}}\n",  # two on one line
    "@misc{{k{k}, author = {{{{\\\\\\\\}}}}}}\n",
    "% a comment\n", "\n", "@comment{{anything}}\n", "some text between entries\n",
    "@preamble{{\"\\\\newcommand\"}}\n", "@{{no type}}\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.integers(0, 6)), max_size=40),
       st.integers(1, 300), st.integers(1, 120))
def test_bibtex_in_pieces_reads_as_whole(fragments, piece, size):
    text = "".join(fragment.format(k=k) for fragment, k in fragments)
    same_read(read_bibtex(cut(text, size), piece), read_bibtex(text, WHOLE))


def test_entries_that_depend_on_others_are_read_whole():
    text = (FIXTURES / "bibtex" / "strings_crossref_broken.bib").read_text("utf-8")
    pieced = read_bibtex(cut(text, 10), 10)
    assert pieced.items[1]["container-title"] == "Proceedings of the Tenth Conference"
    same_read(pieced, read_bibtex(text, WHOLE))


def library_files() -> list:
    """Our BibTeX fixtures, and corpus files with problems or large enough for many pieces."""
    files = sorted((FIXTURES / "bibtex").glob("*.bib"))
    return files + [pytest.param(name, id=name) for name in (
        "raw/1kastner__bibliography.bib", "raw/b-vitamins__conferences__neurips__2008.bib",
        "perf/cdl.bib")]


@pytest.mark.parametrize("path", library_files())
def test_files_read_a_piece_at_a_time_read_as_whole(path, monkeypatch):
    if isinstance(path, str):
        path = shared("corpus", path)
    monkeypatch.setattr(api, "_PIECE", 100)
    text, note = api._file_text(path)
    assert isinstance(text, api._FilePieces) and note is None
    same_read(read_bibtex(text, 1000), read_bibtex(path.read_text("utf-8"), WHOLE))


def write_library(tmp_path):
    """A library of 300 entries over many pieces, with a field given twice, a citekey given
    again in another piece and a broken entry."""
    entries = [f"@article{{k{n}, author = {{Ng, Ann}}, title = {{Title {n} – “x”}}, "
               f"journal = {{J}}, year = {1900 + n}}}\n" for n in range(300)]
    entries[20] = "@book{k20, title = {A}, title = {B}}\n"
    entries[150] = entries[3]
    entries[280] = "@article{k280, title = {unbalanced}\n"
    path = tmp_path / "refs.bib"
    path.write_text("".join(entries), "utf-8")
    return path


@pytest.mark.parametrize("output", [False, True], ids=["stdout", "-o"])
def test_command_line_streamed_output_is_the_whole_files(tmp_path, monkeypatch, output):
    path = write_library(tmp_path)
    whole = read_bibtex(path.read_text("utf-8"), WHOLE, str(path))
    monkeypatch.setattr(api, "_PIECE", 2048)
    monkeypatch.setattr(bibtex, "_PIECE", 4096)
    target = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["format", "--to", "csl-json", str(path),
                                      *(["-o", str(target)] if output else [])])
    written = target.read_text("utf-8") if output else result.stdout
    assert written == api.convert(whole.items, "csl-json")
    assert result.stderr.splitlines() == [f"citetool: {problem}" for problem in whole.problems]
    assert result.exit_code == 1
    assert [str(problem) for problem in whole.problems] == [
        f"{path}:21: entry 'k20': field 'title' given more than once; the first value was used",
        f"{path}:151: entry 'k3': {DUPLICATE_CITEKEY}",
        f"{path}:281: cannot parse this entry; it was skipped: check its braces and commas"]
    ids = [item["id"] for item in json.loads(written)]
    assert len(ids) == 298 and ids[-1] == "k299"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_file_read_in_pieces_is_decoded_as_a_whole_one(tmp_path, monkeypatch, encoding):
    path = tmp_path / "refs.bib"
    path.write_bytes("".join(f"@article{{k{n}, author = {{Müller, Jürgen}}, title = {{Ça {n}}}}}"
                             "\r\n" for n in range(200)).encode(encoding))

    def run(piece: int):
        monkeypatch.setattr(api, "_PIECE", piece)
        monkeypatch.setattr(bibtex, "_PIECE", piece)
        result = CliRunner().invoke(cli, ["format", "--to", "csl-json", str(path)])
        return result.exit_code, result.stdout, result.stderr

    whole = run(WHOLE)
    assert run(1000) == whole
    assert isinstance(api._file_text(path)[0], api._FilePieces)
    assert json.loads(whole[1])[199]["author"] == [{"family": "Müller", "given": "Jürgen"}]
    assert whole[2] == ("" if encoding == "utf-8-sig" else f"citetool: {path}: {api.LEGACY_NOTE}\n")


def test_interrupted_while_streaming_leaves_the_output_file_as_it_was(tmp_path, monkeypatch):
    path = write_library(tmp_path)
    target = tmp_path / "out.json"
    target.write_text("old\n")
    monkeypatch.setattr(api, "_PIECE", 2048)
    monkeypatch.setattr(bibtex, "_PIECE", 4096)
    made = bibtex._item

    def interrupted(entry, *args):
        if entry.key == "k200":  # long after the first items were written to the file
            raise KeyboardInterrupt
        return made(entry, *args)

    monkeypatch.setattr(bibtex, "_item", interrupted)
    result = CliRunner().invoke(cli, ["format", "--to", "csl-json", str(path), "-o", str(target)])
    assert (result.exit_code, result.stderr) == (130, "citetool: interrupted\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "refs.bib"]


def test_made_citekeys_avoid_those_of_later_inputs(tmp_path):
    record = {"type": "book", "title": "Streams", "author": [{"family": "Ng"}],
              "issued": {"date-parts": [[2020]]}}
    made = citekey(record, api.DEFAULT_CITEKEY_PATTERN)
    first, later = tmp_path / "first.json", tmp_path / "later.json"
    first.write_text(json.dumps([{"id": "a", "type": "book"}, record, {"id": "b"}]))
    later.write_text(json.dumps([{"id": made, "type": "book"}]))
    stream = api.Stream([first, later])
    assert [item["id"] for item in stream] == ["a", made + "a", "b", made]
    assert stream.problems == []


def items() -> list:
    loaded = api.load([SEED, *PAGES, *sorted((FIXTURES / "bibtex").glob("*.bib"))]).items
    return [*loaded, {"id": "", "type": "book", "title": "No citekey"}]


@pytest.mark.parametrize("ascii", [False, True])
def test_bibtex_written_an_entry_at_a_time_is_one_librarys_text(ascii):
    entries = Library([bibtex_writer._enclosed(bibtex_writer._ascii(bibtex_writer._entry(item))
                                               if ascii else bibtex_writer._entry(item))
                       for item in items()])
    layout = bibtexparser.BibtexFormat()
    layout.indent, layout.block_separator = "  ", "\n"
    assert bibtex_writer.write(items(), ascii=ascii) == \
        bibtexparser.write_string(entries, unparse_stack=[], bibtex_format=layout)


def test_ris_written_a_record_at_a_time_is_one_dumps_text():
    expected = rispy.dumps([ris_writer._record(item) for item in items()],
                           implementation=ris_writer._Writer)
    assert ris_writer.write(items()) == expected
    assert ris_writer.write([]) == rispy.dumps([], implementation=ris_writer._Writer)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_csl_json_written_an_item_at_a_time_is_json_dumps_text(count):
    some = items()[:count]
    assert api.convert(iter(some), "csl-json") == \
        json.dumps(some, ensure_ascii=False, indent=2) + "\n"
