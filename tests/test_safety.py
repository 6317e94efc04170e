"""Untrusted input: .csl style files and article HTML pages never read local files, reach the
network or expand entities without bound; HTML output never carries markup from record text."""
from __future__ import annotations

import json
import os
import socket
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from conftest import ROOT, run_citetool
from hypothesis import given, settings
from hypothesis import strategies as st

from citetool import api
from citetool.cli import cli
from citetool.errors import StyleError

STYLE = """<?xml version="1.0" encoding="utf-8"?>
{doctype}
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text value="{value}"/><text variable="title"/></layout></bibliography>
</style>
"""
ITEMS = '[{"id": "a", "type": "book", "title": "A Title"}]'
MARKER = "SECRET-7f3a9c"

# The classic expansion bomb: ten of each entity in the next, 10^9 "lol"s for a few hundred bytes.
LAUGHS = "<!DOCTYPE style [<!ENTITY lol0 \"lol\">" + "".join(
    f"<!ENTITY lol{n} \"{f'&lol{n - 1};' * 10}\">" for n in range(1, 10)) + "]>"


@pytest.fixture
def listener():
    """A local TCP port that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            server.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


def url(server: socket.socket, path: str) -> str:
    return f"http://127.0.0.1:{server.getsockname()[1]}/{path}"


def attacks(secret: str, server: socket.socket) -> dict[str, tuple[str, str]]:
    """DOCTYPEs (and the text that uses their entities) that read a file or a URL."""
    return {
        "file entity": (f'<!DOCTYPE style [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"),
        "passwd entity": ('<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
        "url entity": (f'<!DOCTYPE style [<!ENTITY x SYSTEM "{url(server, "e")}">]>', "&x;"),
        "external dtd": (f'<!DOCTYPE style SYSTEM "{url(server, "s.dtd")}">', "x"),
        "parameter entity": (f'<!DOCTYPE style [<!ENTITY % p SYSTEM "{url(server, "p")}"> %p;]>',
                             "x"),
        "billion laughs": (LAUGHS, "&lol9;"),
    }


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(MARKER)
    return str(path)


@pytest.mark.parametrize("attack", ["file entity", "passwd entity", "url entity", "external dtd",
                                    "parameter entity", "billion laughs"])
def test_style_with_a_doctype_is_refused_in_one_line(tmp_path, secret, listener, attack):
    doctype, value = attacks(secret, listener)[attack]
    style = tmp_path / "evil.csl"
    style.write_text(STYLE.format(doctype=doctype, value=value), "utf-8")
    items = tmp_path / "items.json"
    items.write_text(ITEMS, "utf-8")
    # A child process with bounded time and memory: an expanded bomb would fail it.
    result = run_citetool("format", "--style", str(style), str(items), timeout=60,
                          memory=1 << 30)
    assert result.returncode == 2, result.stderr
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        f"citetool: style file '{style}' has a DOCTYPE, which CSL styles never have and whose "
        "entities could read files, reach the network or expand without bound: it was "
        "refused; remove the DOCTYPE"]
    assert connections(listener) == 0
    # The library refuses it too, whoever calls it (the CLI checks first, the engine again).
    with pytest.raises(StyleError, match="has a DOCTYPE"):
        api.format_bibliography(api.parse(ITEMS).items, style)
    assert connections(listener) == 0


def test_engine_checks_the_style_it_is_given(tmp_path, secret):
    """render_bibliography itself refuses a DOCTYPE, for a path that never went through
    styles.resolve (the file may also change between the two)."""
    from citetool.render.engine import render_bibliography

    style = tmp_path / "evil.csl"
    style.write_text(STYLE.format(doctype=f'<!DOCTYPE style [<!ENTITY x SYSTEM "file://{secret}">'
                                  f']>', value="&x;"), "utf-8")
    with pytest.raises(StyleError, match="has a DOCTYPE"):
        render_bibliography(api.parse(ITEMS).items, style)


def test_style_that_is_not_xml_is_one_line_exit_2(tmp_path):
    style = tmp_path / "broken.csl"
    style.write_text("<style><info>", "utf-8")
    result = CliRunner().invoke(cli, ["format", "--style", str(style), "-"], input=ITEMS)
    assert result.exit_code == 2
    assert result.stderr == (f"citetool: {style}:1: not a CSL style (not well-formed XML: no "
                             "element found: line 1, column 13; give a CSL style file, or a "
                             "style's name: citetool styles WORD lists them)\n")


def test_style_without_doctype_still_renders(tmp_path):
    style = tmp_path / "plain.csl"
    style.write_text(STYLE.format(doctype="", value="&#8212; &amp; "), "utf-8")
    assert api.format_bibliography(api.parse(ITEMS).items, style) == "— & A Title\n"


# Article pages as HTML: the standard library's parser knows no DTD and fetches nothing.

PAGE = """<!DOCTYPE html{subset}>
<html><head>
<meta name="citation_title" content="Title {value}">
<meta name="citation_author" content="Ng, Ann">
<link rel="stylesheet" href="{url}"><script src="{url}"></script>
</head><body><img src="{url}"><iframe src="{url}"></iframe></body></html>
"""


@pytest.mark.parametrize("attack", ["file entity", "passwd entity", "url entity",
                                    "parameter entity", "billion laughs"])
def test_html_page_entities_stay_text(tmp_path, secret, listener, attack):
    doctype, value = attacks(secret, listener)[attack]
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(subset=doctype.removeprefix("<!DOCTYPE style")[:-1],
                                value=value, url=url(listener, "r")), "utf-8")
    result = run_citetool("format", "--to", "csl-json", str(page), timeout=60, memory=1 << 30)
    assert (result.returncode, result.stderr) == (0, b"")
    out = result.stdout.decode()
    assert f'"title": "Title {value}"' in out  # the reference, as written
    assert MARKER not in out and "root:" not in out
    assert connections(listener) == 0


# HTML output: record text is text, wherever it is in the record.

HOSTILE = st.sampled_from(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
                           '"><b>', "</div><div>", "&lt;i&gt;", "&", "<", ">", "<i>", "</b>",
                           "<span style=\"x\">", "<a href='javascript:x'>l</a>", "<!--", "]]>"])
TEXT_VARIABLES = ("title", "container-title", "publisher", "publisher-place", "volume", "issue",
                  "page", "DOI", "URL", "edition", "note", "number", "collection-title",
                  "genre", "medium", "status", "version", "archive", "event-title")
#: What the engine itself writes: the entry divs, citeproc's formatting, CSL-JSON rich text.
ALLOWED = {("div", (("class", "csl-bib-body"),)), ("div", (("class", "csl-entry"),)),
           ("div", (("class", "csl-left-margin"),)), ("div", (("class", "csl-right-inline"),)),
           ("i", ()), ("b", ()), ("sup", ()), ("sub", ()), ("u", ()), ("l", ()),
           ("span", (("style", "font-variant:small-caps;"),))}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[tuple[str, tuple[tuple[str, str | None], ...]]] = set()
        self.text = ""
        self.other = False  # comments, declarations, processing instructions

    def handle_starttag(self, tag, attrs):
        self.tags.add((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text += data

    def handle_comment(self, data):
        self.other = True

    handle_decl = handle_pi = unknown_decl = handle_comment


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(hostile=st.lists(HOSTILE, min_size=1, max_size=4).map("".join),
       style=st.sampled_from(["apa", "mdpi", "acs", "ieee", "chicago-author-date"]))
def test_html_output_carries_no_markup_from_record_text(hostile, style):
    item = {"id": "a", "type": "article-journal", "issued": {"date-parts": [[2020]]},
            "author": [{"family": f"Ng{hostile}", "given": f"Ann{hostile}"}],
            "editor": [{"literal": f"Org{hostile}"}]}
    item.update({variable: f"{variable}{hostile}" for variable in TEXT_VARIABLES})
    out = api.format_bibliography([item], style, "html")
    parsed = _Tags()
    parsed.feed(out)
    parsed.close()
    assert parsed.tags <= ALLOWED, parsed.tags - ALLOWED
    assert not parsed.other
    assert "<script" not in out


def test_unpaired_rich_text_tags_are_text_in_html():
    """A lone "<i>" in a title used to open italics for the rest of the entry."""
    items = [{"id": "a", "type": "book", "title": "A <i>lone tag, <b>bold</b> </sup>",
              "publisher": "P"}]
    out = api.format_bibliography(items, "apa", "html")
    assert "A &lt;i&gt;lone tag, <b>bold</b> &lt;/sup&gt;" in out


# -o FILE: atomic, and one line when it cannot be written.

@pytest.mark.parametrize("failing", ["write", "replace"])
def test_output_file_untouched_when_writing_fails(tmp_path, monkeypatch, failing):
    import os

    target = tmp_path / "refs.json"
    target.write_text("old\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "replace":
        monkeypatch.setattr(os, "replace", fail)
    else:  # the disk fills up halfway through the text
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, stream):
                self.stream = stream

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.stream.close()

            def write(self, text):
                self.stream.write(text[:len(text) // 2])
                self.stream.flush()
                fail()

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    source = tmp_path / "in.json"
    source.write_text(ITEMS, "utf-8")
    result = CliRunner().invoke(cli, ["format", "--to", "csl-json", str(source), "-o",
                                      str(target)])
    assert (result.exit_code, result.stderr) == (1, f"citetool: cannot write '{target}': No "
                                                    "space left on device; it was left as it "
                                                    "was\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "refs.json"]


def test_output_into_a_missing_folder_is_one_line(tmp_path):
    target = tmp_path / "no" / "refs.json"
    result = CliRunner().invoke(cli, ["format", "--to", "csl-json", "-", "-o", str(target)],
                                input=ITEMS)
    assert (result.exit_code, result.stderr) == (
        1, f"citetool: cannot write '{target}': No such file or directory\n")


# -o never destroys a file: not one of the inputs, not replaced by a run that read nothing

REFS = (ROOT / "examples" / "refs.bib").read_bytes()


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("options", [["--style", "apa"], ["--to", "bibtex"]])
def test_output_that_is_an_input_is_refused_and_left_as_it_was(tmp_path, link, options):
    refs = tmp_path / "refs.bib"
    refs.write_bytes(REFS)
    target = tmp_path / "out.bib"
    if link == "same":
        target = refs
    elif link == "symlink":
        target.symlink_to(refs)
    else:
        os.link(refs, target)
    result = CliRunner().invoke(cli, ["format", *options, "-o", str(target), str(refs)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"citetool: -o {target} is the input {refs}: the output would "
                             "replace it (it was left as it was); write to another file, or "
                             "rewrite a data file in its own format with --to FORMAT "
                             "--in-place\n")
    assert refs.read_bytes() == REFS


def test_in_place_rewrites_a_bib_only_when_every_record_is_read(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_bytes(REFS)
    result = CliRunner().invoke(cli, ["format", "--to", "bibtex", "--in-place", str(refs)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert refs.read_text("utf-8") == api.convert(api.load([ROOT / "examples" / "refs.bib"])
                                                  .items, "bibtex")
    broken = REFS + b"\n@article{broken,\n  title = {No end\n"
    refs.write_bytes(broken)
    result = CliRunner().invoke(cli, ["format", "--to", "bibtex", "--in-place", str(refs)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"citetool: {refs}: left as it was: --in-place "
                                              "rewrites it only when every record is read")
    assert refs.read_bytes() == broken
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]  # no temporary file left


@pytest.mark.parametrize("options, message", [
    (["--to", "ris"], "--in-place keeps {refs} in its own format, bibtex: give --to bibtex (or "
                      "-o another file)"),
    (["--style", "apa"], "--in-place rewrites one INPUT file in its own format: give one file, "
                         "--to FORMAT and no -o"),
    (["--to", "bibtex", "-o", "other.bib"], "--in-place rewrites one INPUT file in its own "
                                            "format: give one file, --to FORMAT and no -o"),
    (["--to", "bibtex", "--cited-in", str(ROOT / "examples" / "paper.md")],
     "--in-place keeps every record of its file, --cited-in only the cited ones: write those "
     "to another file with -o"),
])
def test_in_place_is_refused_where_it_would_lose_the_file(tmp_path, options, message):
    refs = tmp_path / "refs.bib"
    refs.write_bytes(REFS)
    result = CliRunner().invoke(cli, ["format", "--in-place", *options, str(refs)])
    assert (result.exit_code, result.stderr) == (2, f"citetool: {message.format(refs=refs)}\n")
    assert refs.read_bytes() == REFS


@pytest.mark.parametrize("options, content", [
    (["--to", "bibtex"], b""), (["--to", "csl-json"], b"garbage\n"),
    (["--to", "csl-yaml"], b"garbage\n"), (["--style", "apa"], b"garbage\n"),
    (["--style", "apa", "--output-format", "html"], b""),
])
def test_a_run_that_reads_nothing_leaves_the_target_as_it_was(tmp_path, options, content):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    source = tmp_path / "in.json"
    if content:
        source.write_bytes(content)
    result = CliRunner().invoke(cli, ["format", *options, "-o", str(target), str(source)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (f"citetool: {target}: left as it was: no record "
                                              "was read")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"] * bool(content) + [
        "out.txt"]


def test_a_run_with_some_bad_records_writes_the_good_ones(tmp_path):
    """Documented: the good records are written and the exit code is 1 (a Makefile then
    deletes the target: .DELETE_ON_ERROR, tests/test_examples.py)."""
    target = tmp_path / "out.json"
    target.write_text("old\n")
    source = tmp_path / "in.bib"
    source.write_bytes(REFS + b"\n@article{broken,\n  title = {No end\n")
    result = CliRunner().invoke(cli, ["format", "--to", "csl-json", "-o", str(target),
                                      str(source)])
    assert result.exit_code == 1
    assert json.loads(target.read_text()) == api.load([ROOT / "examples" / "refs.bib"]).items
