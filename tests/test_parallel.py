"""A bibliography rendered in several processes (citetool/render/parallel.py) is the one
rendered in one: sorting, disambiguation and subsequent-author-substitute cross the parts."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citetool import api
from citetool.render import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="renders in one process here")

FAMILIES = ["Doe", "Roe", "van Dyke", "Müller", "Öztürk"]


def _items(draws: list[tuple[int, int, int]]) -> list[dict[str, object]]:
    """Books by few authors in few years: many year suffixes and repeated authors."""
    return [{"id": f"k{number}", "type": "book", "title": f"Title {title}",
             "author": [{"family": FAMILIES[author], "given": "Ann"}],
             "issued": {"date-parts": [[2000 + year]]}}
            for number, (author, year, title) in enumerate(draws)]


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(parallel, "MINIMUM", 2)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(0, 3)),
                min_size=2, max_size=30),
       st.sampled_from(["apa", "modern-language-association", "ieee"]),
       st.integers(2, 4))
def test_parts_render_what_one_process_renders(draws, style, jobs):
    items = _items(draws)
    one = api.format_bibliography(items, style, jobs=1)
    saved = parallel.MINIMUM
    parallel.MINIMUM = 2  # hypothesis does not take function-scoped fixtures
    try:
        assert api.format_bibliography(items, style, jobs=jobs) == one
    finally:
        parallel.MINIMUM = saved


def test_the_items_printed_as_nothing_are_those_of_one_process(small_parts):
    """Parts report the items the style prints nothing for (APA: personal communications),
    in bibliography order, as one process does."""
    items = _items([(number % 5, number % 3, number) for number in range(12)])
    for number in (1, 6, 7):
        items[number]["type"] = "personal_communication"
    reports = []
    for jobs in (1, 3):
        unprinted: list[dict[str, object]] = []
        lines = api.format_bibliography(items, "apa", jobs=jobs, unprinted=unprinted)
        reports.append((lines, [item["id"] for item in unprinted]))
    assert reports[0] == reports[1]
    assert len(reports[0][0].splitlines()) == 9
    assert sorted(reports[0][1]) == ["k1", "k6", "k7"]


def test_an_author_repeated_across_a_part_boundary_is_substituted(small_parts):
    items = _items([(0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 0, 0)])
    lines = api.format_bibliography(items, "modern-language-association", jobs=2).splitlines()
    assert [line.startswith("———") for line in lines] == [False, True, True, False]


def test_a_part_whose_child_fails_is_rendered_in_the_parent(small_parts):
    parent = os.getpid()
    calls = []

    def render(start: int, end: int) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        calls.append((start, end))
        return list(range(start, end))

    with parallel.jobs(3):
        assert parallel.render_parts(render, 9) == list(range(9))
    assert calls == [(0, 3), (3, 6), (6, 9)]


def test_few_items_are_rendered_in_one_process(monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for two items"))
    with parallel.jobs(4):
        assert parallel.render_parts(lambda start, end: list(range(start, end)), 2) == [0, 1]


def test_the_cli_renders_the_same_with_any_number_of_jobs(tmp_path, small_parts):
    from click.testing import CliRunner

    from citetool.cli import cli

    path = tmp_path / "refs.json"
    path.write_text(json.dumps(_items([(n % 3, n % 2, n) for n in range(12)])))
    runs = [CliRunner().invoke(cli, ["format", "--jobs", str(jobs), "--style",
                                     "modern-language-association", str(path)])
            for jobs in (1, 3)]
    assert runs[0].exit_code == runs[1].exit_code == 0
    assert runs[0].output == runs[1].output and runs[0].output.count("———") == 9
    refused = CliRunner().invoke(cli, ["format", "--jobs", "0", str(path)])
    assert refused.exit_code == 2 and "--jobs" in refused.output


def test_a_process_with_other_threads_renders_alone(monkeypatch, small_parts):
    import threading

    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked beside another thread"))
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with parallel.jobs(2):
            assert parallel.render_parts(lambda start, end: list(range(start, end)), 8) == \
                list(range(8))
    finally:
        release.set()
        other.join()


def _unloadable() -> None:
    raise ValueError("cannot be made again")


class _Unloadable:
    def __reduce__(self):
        return _unloadable, ()


def test_a_part_that_cannot_be_read_back_is_rendered_in_the_parent(small_parts):
    parent = os.getpid()

    def render(start: int, end: int) -> list[object]:
        if os.getpid() != parent:
            return [_Unloadable()]
        return list(range(start, end))

    with parallel.jobs(2):
        assert parallel.render_parts(render, 6) == list(range(6))


def test_a_publisher_given_as_a_list_renders_alike_in_parts(small_parts):
    from conftest import FIXTURES

    read = api.load([FIXTURES / "csl_json" / "publisher_given_as_list.json"])
    items = read.items * 3
    items = [{**item, "id": f"{item['id']}{number}"} for number, item in enumerate(items)]
    for style in ("modern-language-association", "apa"):
        assert api.format_bibliography(items, style, jobs=2) == \
            api.format_bibliography(items, style, jobs=1)


def test_parts_give_back_the_records_private_use_characters(small_parts):
    """Each part sorts by a record's private-use characters and gives them back in its
    entries (render/sheltered.py), as one process does."""
    items = _items([(number % 5, number % 3, number) for number in range(12)])
    marks = [chr(0xE000 + number) if number % 2 else chr(0xF0000 + number)
             for number in range(12)]
    for item, mark in zip(items, marks):
        item["author"][0]["family"] += mark  # type: ignore[index]
    lines = [api.format_bibliography(items, "apa", jobs=jobs) for jobs in (1, 3)]
    assert lines[0] == lines[1]
    assert sorted(c for c in lines[0] if c in marks) == sorted(marks)


def test_the_prepared_items_are_let_go_as_citeproc_reads_them():
    """The bibliography is built from the items made ready for citeproc-py without keeping
    them (8 MB for 6,314 items, held in every forked child): the list is emptied, and the
    bibliography has every item, in order, sorted as before."""
    from citetool.render import engine, styles
    from citetool.render.source import _prepare

    items = _items([(4, 0, 0), (0, 1, 1), (0, 0, 2)])
    prepared = [_prepare(item, f"item{number}", str, "en") for number, item in enumerate(items)]
    style = engine._load_style(styles.resolve("apa"), None)
    bibliography = engine._bibliography(style, prepared, engine.formatter.plain)
    assert prepared == [None, None, None]
    assert list(bibliography.source) == ["item0", "item1", "item2"]
    assert bibliography.keys == ["item2", "item1", "item0"]  # Doe 2000, Doe 2001, Öztürk


def test_the_items_are_made_ready_in_the_parent(monkeypatch, small_parts):
    """Making the items ready for citeproc-py costs less than a fork: only the sort keys, the
    cites disambiguation compares and the entries are rendered in parts (one child each, and
    one for each later sort key of the items tied before it: here the six of three authors
    have their date-sort-group and date-sort keys rendered so)."""
    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    items = _items([(number % 5, number % 3, number) for number in range(8)])
    assert api.format_bibliography(items, "apa", jobs=2) == api.format_bibliography(
        items, "apa", jobs=1)
    assert len(forks) == 5


def test_the_next_sort_key_of_tied_items_is_rendered_in_parts(monkeypatch, small_parts):
    """Items tied on a sort key (one author) have their next key (the date) rendered on every
    core before the sort compares them, not one by one in this process as the sort asks."""
    from citetool.render import sorting

    items = _items([(0, year % 3, year) for year in range(8)])
    one = api.format_bibliography(items, "apa", jobs=1)
    parent, rendered = os.getpid(), []
    keys = sorting._sort_keys

    def counted(key, cited, context):
        if os.getpid() == parent:
            rendered.append((key.get("macro") or key.get("variable"), len(cited)))
        return keys(key, cited, context)

    monkeypatch.setattr(sorting, "_sort_keys", counted)
    assert api.format_bibliography(items, "apa", jobs=2) == one
    assert [count for name, count in rendered if name == "date-sort-group"] == [4]
