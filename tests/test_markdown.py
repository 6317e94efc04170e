"""Markdown output (citetool/render/markdown.py): every reference, rendered by a CommonMark
parser, reads exactly as the HTML output does, character by character and with the same
italic, bold, superscript and subscript, whatever the record text holds."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from citetool import api
from citetool.cli import cli

# CommonMark plus GitHub's strikethrough and tables: the Markdown a reader is likely to use.
MARKDOWN = MarkdownIt("commonmark").enable(["strikethrough", "table"])
STYLES = ("apa", "american-medical-association", "ieee", "mdpi")
HOSTILE = [
    "*Not* _emphasis_ and __not bold__",
    "[a link](https://example.org) and ![an image](x.png) and [^1]",
    "<b>rich</b> text, <script>alert(1)</script>, <https://example.org>",
    "`code` and ``more``, ~~struck~~, $x^2$ and $$y$$",
    "Back\\slash \\*, &amp; &#42; & an ampersand, a | b, 2 > 1",
    "# Not a heading",
    "1. Not a list",
    "- not a list either",
    "> not a quote",
    "Title <i>with italic</i> and <sup>2</sup> <sub>x</sub>",
]


class _Styled(HTMLParser):
    """An HTML fragment as (character, its formatting) pairs: what a reader sees."""

    KEEP = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: list[tuple[str, frozenset[str]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        styles = frozenset(self.KEEP[t] for t in self.open if t in self.KEEP)
        self.chars.extend((char, styles) for char in data)


def seen(html: str) -> list[tuple[str, frozenset[str]]]:
    parser = _Styled()
    parser.feed(html)
    parser.close()
    return [(" " if char.isspace() else char, styles) for char, styles in parser.chars]


def check_same_as_html(items: list[dict], style: str) -> None:
    markdown = api.format_bibliography(items, style, "markdown")
    html = api.format_bibliography(items, style, "html")
    paragraphs = markdown.split("\n\n")
    entries = html.split('<div class="csl-entry">')[1:]
    assert len(paragraphs) == len(entries) == len(items)
    for paragraph, entry in zip(paragraphs, entries):
        assert "\n" not in paragraph.strip("\n")  # one reference, one line
        rendered = MARKDOWN.render(paragraph)
        assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
        # A citation number (second-field-align) is a block of its own, set apart from the
        # rest: one space in Markdown, as in text.
        entry = entry.replace('</div><div class="csl-right-inline">', " ")
        assert seen(rendered.strip()) == seen(entry.split("</div>")[0]), (paragraph, entry)


def item(title: str, **more: object) -> dict:
    return {"id": "x", "type": "article-journal", "title": title,
            "author": [{"family": "Ng", "given": "Ann"}], "container-title": "J. Tests",
            "issued": {"date-parts": [[2020]]}, "volume": "3", **more}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_read_literally(title, style):
    check_same_as_html([item(title)], style)


def test_hostile_names_and_journal_read_literally():
    check_same_as_html([item("T", author=[{"family": "O_Brien*", "given": "[J]"}],
                             **{"container-title": "# `J` *of* <Tests>"})], "apa")


def test_markdown_marks_and_escapes():
    """What the output looks like, not only how it renders."""
    out = api.format_bibliography([item("A *b* <i>c</i> [d]")], "apa", "markdown")
    assert out == "Ng, A. (2020). A \\*b\\* *c* \\[d\\]. *J. Tests*, *3*.\n"


def test_numbered_style_line_start_is_not_a_list():
    out = api.format_bibliography([item("T")], "american-medical-association", "markdown")
    assert out.startswith("1\\. Ng A. T.")


def test_references_are_paragraphs():
    items = [item("First", id="a"), item("Second", id="b", author=[{"family": "Zed"}])]
    out = api.format_bibliography(items, "apa", "markdown")
    assert out.count("\n\n") == 1 and out.endswith(".\n")
    check_same_as_html(items, "apa")


def test_cli_output_format_markdown(tmp_path):
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([item("A_b *c*")]), "utf-8")
    result = CliRunner().invoke(cli, ["format", "--output-format", "markdown", str(source)])
    assert result.exit_code == 0, result.output
    assert result.output == "Ng, A. (2020). A\\_b \\*c\\*. *J. Tests*, *3*.\n"


# Text made of Markdown's special characters, letters and spaces, with rich-text tags.
_PIECES = st.sampled_from(list("\\`*_[]()<>!#&;~$|-+=.:0123456789\"' ") +
                          ["<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "&amp;", "&#42;",
                           "1. ", "# ", "> ", "- ", "http://x.org/a_b", "Word", "é"])


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(title=st.lists(_PIECES, min_size=1, max_size=30).map("".join),
       family=st.lists(_PIECES, min_size=1, max_size=6).map("".join),
       style=st.sampled_from(STYLES))
def test_any_record_text_reads_literally(title, family, style):
    check_same_as_html([item(title, author=[{"family": family, "given": "Ann"}])], style)
