"""CSL YAML in (readers/csl_yaml.py): what `--to csl-yaml` writes reads back as the same
items, pandoc's YAML bibliographies and Markdown front matter are read, bad YAML is one line."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, shared
from hypothesis import given, settings
from hypothesis import strategies as st

from citetool import api, formats
from citetool.cli import cli

REFS = ROOT / "examples" / "refs.bib"


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_csl_yaml_written_is_formatted_as_its_source(tmp_path):
    # was read as an article page: "no MDPI cite line … found"
    refs = tmp_path / "refs.yaml"
    refs.write_text(_run("format", "--to", "csl-yaml", str(REFS)).stdout, "utf-8")
    result = _run("format", str(refs))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == _run("format", str(REFS)).stdout
    assert result.stdout.count("\n") == 4


def test_from_csl_yaml_reads_standard_input():
    text = _run("format", "--to", "csl-yaml", str(REFS)).stdout
    result = _run("format", "--from", "csl-yaml", "--to", "csl-json", "-", input=text)
    assert result.exit_code == 0
    assert result.stdout == _run("format", "--to", "csl-json", str(REFS)).stdout


@pytest.mark.parametrize("text, source", [
    pytest.param("references:\n- id: a\n", "-", id="references_key"),
    pytest.param("---\nreferences:\n- id: a\n...\n", "-", id="yaml_document"),
    pytest.param("# refs\n- type: book\n  title: A\n", "-", id="list_of_items"),
    pytest.param("---\ntitle: Paper\nbibliography: x\nreferences:\n- id: a\n---\n# Intro\n",
                 "paper.md", id="markdown_front_matter"),
    pytest.param("id: [\n", "refs.yml", id="broken_yml_by_extension"),
    pytest.param("title: 'unclosed\n", "refs.yaml", id="broken_yaml_by_extension"),
])
def test_csl_yaml_is_known_by_content_or_extension(text, source):
    assert formats.sniff(text, source) == "csl-yaml"


@pytest.mark.parametrize("text", [
    "Smith, J. (2020). References: a list.\n- the first\n",  # a copied page
    "Notes\n- title: of a list item after text\n",
    "@article{a, title = {x:\nreferences:\n}}\n",  # BibTeX that holds the word
])
def test_other_text_is_not_taken_for_csl_yaml(text):
    assert formats.sniff(text, "-") != "csl-yaml"


MARKDOWN = """\
---
title: "A paper"
references:
- id: doe2020
  type: book
  title: A Book
  author:
  - family: Doe
    given: Jane
  issued: 2020-05
- id: bad
  type: book
  author: Nobody
  title: yes
...

Text [@doe2020] and [@bad].
"""


def test_markdown_front_matter_references_are_read_with_their_lines(tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text(MARKDOWN, "utf-8")
    result = _run("format", str(paper))
    assert result.exit_code == 1
    assert result.stdout == "Doe, J. (2020). A Book.\nyes. (n.d.).\n"
    assert result.stderr == (f"citetool: {paper}:11: entry 'bad': field 'author' is not what "
                             "CSL-JSON allows there; it was ignored\n")


def test_dates_and_words_yaml_would_change_are_kept_as_written():
    read = api.parse("- id: a\n  issued: 2020-05-01\n  title: yes\n  note: 2020-05-01\n",
                     "x.yaml")
    assert read.items == [{"id": "a", "issued": {"raw": "2020-05-01"}, "title": "yes",
                           "note": "2020-05-01"}]


# The parser's own words differ between libyaml and PyYAML's Python parser: "(…)".
@pytest.mark.parametrize("text, line, message", [
    pytest.param("- id: a\n  title: [unclosed\n- id: b\n", 3,
                 "invalid YAML (…); the file was not read", id="unclosed_list"),
    pytest.param("references:\n- id: a\n\ttitle: x\n", 3,
                 "invalid YAML (…); the file was not read", id="tab"),
    pytest.param("references:\n- &x {id: a}\n- *x\n", 2, "invalid CSL YAML (an anchor and its "
                 "aliases, &name and *name: write the value out); the file was not read",
                 id="alias"),
    pytest.param("references: 12\n", 1, "CSL YAML must be a list of items, or a mapping with a "
                 "'references:' list", id="references_not_a_list"),
])
def test_bad_yaml_is_one_line_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "refs.yaml"
    path.write_text(text, "utf-8")
    result = _run("format", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    expected = re.escape(f"citetool: {path}:{line}: {message}\n").replace("…", "[^()\n]+")
    assert re.fullmatch(expected, result.stderr), result.stderr


def test_a_bad_item_costs_only_itself():
    read = api.parse("- id: a\n  note: !!python/object:os.system x\n- 1\n- id: b\n  title: ok\n",
                     "x.yaml")
    assert read.items == [{"id": "b", "title": "ok"}]
    assert [(p.line, p.message) for p in read.problems] == [
        (1, "a CSL YAML item that cannot be read (could not determine a constructor for the "
            "tag 'tag:yaml.org,2002:python/object:os.system'); it was skipped"),
        (3, "a CSL YAML item must be a mapping, not int")]


# CSL-JSON → CSL YAML → CSL-JSON: any text, numbers, names, dates and custom data.
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_scalar = _text | st.integers(-10**6, 10**6)
_json = st.recursive(st.none() | st.booleans() | _scalar, lambda inner: st.lists(
    inner, max_size=3) | st.dictionaries(_text, inner, max_size=3), max_leaves=8)
_item = st.fixed_dictionaries(
    {"id": st.from_regex(r"[A-Za-z0-9][\w:.-]{0,10}", fullmatch=True) | st.integers(0, 999),
     "type": st.sampled_from(["book", "article-journal", "chapter", "yes", "null"])},
    optional={"title": _text, "volume": _scalar, "page": _text, "note": _text,
              "author": st.lists(st.dictionaries(st.sampled_from(
                  ["family", "given", "literal", "suffix"]), _scalar, min_size=1), max_size=3),
              "issued": st.fixed_dictionaries({}, optional={
                  "date-parts": st.lists(st.lists(st.integers(1, 9999), min_size=1,
                                                  max_size=1), min_size=1, max_size=2),
                  "raw": _text, "literal": _text}),
              "custom": st.dictionaries(_text, _json, max_size=3)})


@settings(max_examples=300, deadline=None)
@given(st.lists(_item, max_size=4))
def test_csl_json_to_csl_yaml_and_back_is_identical(items):
    json_read = api.parse(json.dumps(items), "in.json")
    again = api.parse(api.convert(json_read.items, "csl-yaml"), "out.yaml")
    assert again.problems == []
    assert api.convert(again.items, "csl-json") == api.convert(json_read.items, "csl-json")


def _round_trip(path) -> None:
    items = api.load([path]).items
    again = api.parse(api.convert(items, "csl-yaml"), f"{path.name}.yaml")
    assert again.problems == [], path
    assert api.convert(again.items, "csl-json") == api.convert(items, "csl-json"), path


@pytest.mark.parametrize("path", sorted(
    path for folder in ("bibtex", "ris", "csl_json", "check", "pages")
    for path in (FIXTURES / folder).iterdir() if path.suffix in (".bib", ".ris", ".json")),
    ids=lambda path: f"{path.parent.name}/{path.name}")
def test_our_fixtures_go_through_csl_yaml_unchanged(path):
    _round_trip(path)


def test_the_shared_corpus_goes_through_csl_yaml_unchanged():
    paths = sorted(shared("corpus", "csl").glob("*.json"))
    assert len(paths) > 100
    for path in paths:
        _round_trip(path)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.lists(st.sampled_from(
    ["references:", "\n", "- ", "  ", "id: a", "&x", "*x", "!!str", "[", "{", "---", "...",
     "title: ", "issued: ", "2020-05", "? ", ":", "\t", "'", '"', "#"])).map("".join))
def test_any_text_read_as_csl_yaml_never_crashes(text):
    read = api.parse(text, "fuzz.yaml", format="csl-yaml")
    assert all(str(problem).count("\n") == 0 for problem in read.problems)
