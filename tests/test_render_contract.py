"""What the renderer owes the process it runs in and the records it is given (issue #16):
citeproc-py left as it was found, every character of a record passed through, threads kept
apart.

The engine of today carries marks in private-use characters, a record's own kept apart from
them by render/sheltered.py: the new evaluator is to carry none.
"""
from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import GOLDEN, PAGES, SEED, SHARED
from hypothesis import example, given, settings
from hypothesis import strategies as st

from citetool import api
from citetool.render import engine

#: Items of perf/cdl.json rendered by plain citeproc-py: the patched engine of before changed
#: about half of the lines of any such sample (463 of 900 for the 300 items #16 measured);
#: plain citeproc-py takes 0.2 s of CPU an item here, so 100 keep the test to 20 s.
PLAIN_ITEMS = 100


def _pages() -> list[dict[str, object]]:
    """The items of our article pages, from their golden CSL-JSON, each citekey once."""
    items = {item["id"]: item for page in [SEED, *PAGES]
             for item in json.loads((GOLDEN / f"{page.stem}.json").read_text("utf-8"))}
    return list(items.values())


def _library(tmp_path: Path) -> Path:
    """perf/cdl.json, or where ../shared is absent, the items of our article pages."""
    cdl = SHARED / "corpus" / "perf" / "cdl.json"
    if cdl.exists():
        return cdl
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(_pages()), "utf-8")
    return path


def test_plain_citeproc_py_renders_the_same_after_citetool(tmp_path):
    script = Path(__file__).with_name("plain_citeproc.py")
    child = subprocess.run([sys.executable, str(script), str(_library(tmp_path)),
                            str(PLAIN_ITEMS)], capture_output=True, text=True, check=True)
    renderings = json.loads(child.stdout)
    differing = {style: sum(a != b for a, b in zip(before, after)) + abs(len(before) - len(after))
                 for style, (before, after) in renderings.items()}
    lines = sum(len(before) for before, _after in renderings.values())
    assert not any(differing.values()), f"{sum(differing.values())} of {lines} lines differ: " \
        f"{differing}"


def test_citeproc_py_and_lxml_classes_are_as_they_were_after_citetool_renders(tmp_path):
    """No attribute of a class of citeproc-py or lxml is added, removed or replaced by
    importing citetool and rendering (bibliographies and citations, text and HTML, in a
    locale of citeproc-py's), and citeproc-py's own parser makes elements of its own classes
    only: citetool's elements are of classes derived from them (render/lookups.py)."""
    items = tmp_path / "pages.json"
    items.write_text(json.dumps(_pages()[:20]), "utf-8")
    script = Path(__file__).with_name("library_classes.py")
    child = subprocess.run([sys.executable, str(script), str(items)], capture_output=True,
                           text=True, check=True)
    assert json.loads(child.stdout) == []


#: Private-use characters (the engine's marks are among them), planes 15 and 16, and U+FFFC.
RARE = st.one_of(st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
                 st.characters(min_codepoint=0xF0000, max_codepoint=0x10FFFD),
                 st.just("\ufffc"))
WORDS = st.sampled_from(["Alpha", "Beta", " ", "Gamma ", "of", "-", "'", ".", "the"])
TEXTS = st.lists(st.one_of(WORDS, RARE), min_size=1).map("".join)


def _rare(text: str) -> Counter[str]:
    return Counter(c for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000
                   or c == "\ufffc")


def _rendered(item: dict[str, object], cite: dict[str, object], style: str,
              output_format: str) -> str:
    return (api.format_bibliography([item], style, output_format)
            + api.format_citations([item], [[cite]], style, output_format))


@settings(max_examples=60, deadline=None, report_multiple_bugs=False)
@given(title=TEXTS, family=TEXTS.map(lambda text: "Zed" + text), container=TEXTS,
       given_name=TEXTS.map(lambda text: "Ann" + text), affix=TEXTS,
       style=st.sampled_from(["apa", "ieee", "modern-language-association",
                              "chicago-notes-bibliography-17th-edition"]),
       output_format=st.sampled_from(["text", "html", "markdown"]))
@example(title="Alpha\ue012Beta \ue005 Gamma", family="Zed", container="Cell", given_name="Ann",
         affix="see", style="apa", output_format="text")
@example(title="Alpha", family="Zed\ue000", container="Cell", given_name="Ann", affix="see",
         style="apa", output_format="text")
@example(title="A\U000F0041B", family="Zed", container="Cell", given_name="Ann", affix="see",
         style="apa", output_format="html")
def test_rare_characters_come_out_unchanged(title, family, container, given_name, affix, style,
                                             output_format):
    """Private-use characters and U+FFFC of a record's title, names and container, and of a
    cite's prefix, suffix and locator, come out as they went in, in bibliographies and
    cites; and everything around them as around any other symbol (stand-ins of the
    Miscellaneous Symbols block, which the renderer never took for marks of its own)."""
    def item_and_cite(mapping: dict[str, str]) -> tuple[dict[str, object], dict[str, object]]:
        def text(value: str) -> str:
            return "".join(mapping.get(c, c) for c in value)
        return ({"id": "rare", "type": "article-journal", "title": text(title),
                 "container-title": text(container),
                 "author": [{"family": text(family), "given": text(given_name)}],
                 "issued": {"date-parts": [[2020]]}},
                {"id": "rare", "prefix": text(affix) + " ", "suffix": ", " + text(affix),
                 "locator": "3" + text(affix)})
    rare = sorted(set(_rare(title + family + container + given_name + affix)))
    stand_ins = {c: chr(0x2600 + number) for number, c in enumerate(rare)}
    rendered = _rendered(*item_and_cite({}), style, output_format)
    printed = _rare(rendered)  # given names may be initials: theirs may be left out
    assert set(printed) <= set(rare), rendered
    assert all(printed[c] >= count for c, count in _rare(title + family + container + affix)
               .items()), rendered
    reference = _rendered(*item_and_cite(stand_ins), style, output_format)
    assert rendered == "".join({s: c for c, s in stand_ins.items()}.get(x, x)
                               for x in reference)


@pytest.mark.parametrize(("title", "text", "html"), [
    ("A\U000F1234B", "A\U000F1234B", "<i>A\U000F1234B</i>"),
    ("\U000FFFFD", "\U000FFFFD", "<i>\U000FFFFD</i>"),
    ("<i>Alpha</i> \U000F0001", "Alpha \U000F0001",
     '<i><span style="font-style:normal;">Alpha</span> \U000F0001</i>'),
    ("A\ufffcB", "A\ufffcB", "<i>A\ufffcB</i>"),
], ids=["plane-15-beyond-the-markup", "plane-15-last", "plane-15-naming-a-markup-piece",
        "object-replacement"])
def test_a_plane_15_character_in_a_title_is_text(title, text, html):
    """The renderer stood markup pieces in for characters of plane 15 while it made record
    text typographic (punctuation._typographic_around) and read every such character back as the
    piece its code point counts to: one beyond the pieces failed the run (IndexError), one
    within printed a piece ("<i>Alpha</i> \U000F0001" as "Alpha Alpha", and unbalanced
    markup in HTML). U+FFFC, which citeproc-py and the engine do not read, stays as it is."""
    item = {"id": "r", "type": "book", "title": title, "issued": {"date-parts": [[2020]]},
            "author": [{"family": "Zed", "given": "Ann"}]}
    assert api.format_bibliography([item], "apa") == f"Zed, A. (2020). {text}.\n"
    assert f'<div class="csl-entry">Zed, A. (2020). {html}.</div>' in \
        api.format_bibliography([item], "apa", "html")


def test_rare_characters_sort_as_themselves():
    """Sort keys compare a record's private-use characters, not the placeholders of plane 16
    that stand for them while citeproc-py renders (render/sheltered.py), which would sort
    after U+40000 (unassigned): the order is citeproc-js's (2.4.63), letters first, then by
    code point."""
    families = ["Ab\U0010FFFD", "Ab\U000F0000", "Ab\U00040000", "Ab\uf8ff", "Abz", "Ab\ue000",
                "Abb"]
    items = [{"id": f"i{number}", "type": "book", "title": "T", "issued": {"date-parts": [[2020]]},
              "author": [{"family": family, "given": "Ann"}]}
             for number, family in enumerate(families)]
    lines = api.format_bibliography(items, "apa").splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "Abb", "Abz", "Ab\ue000", "Ab\uf8ff", "Ab\U00040000", "Ab\U000F0000", "Ab\U0010FFFD"]


@pytest.mark.parametrize(("title", "cased"), [
    ("alpha \U000F0001beta gamma", "Alpha \U000F0001beta Gamma"),
    ("the \ufffc object\ue000s and x", "The \ufffc Object\ue000s and x"),
    ("\ue100word of the \ue012day", "\ue100word of the \ue012day"),
])
def test_title_case_takes_rare_characters_for_neither_letters_nor_spaces(title, cased):
    """Title case as citeproc-js's (2.4.63, Chicago): a private-use character or U+FFFC is
    no letter (the letter after it at a word's start stays as written) and no space (a word
    it is inside is one word)."""
    item = {"id": "r", "type": "article-journal", "title": title, "container-title": "j",
            "issued": {"date-parts": [[1999]]}, "author": [{"family": "Zz", "given": "B"}]}
    assert api.format_bibliography([item], "chicago-author-date") == \
        f"Zz, B. 1999. “{cased}.” J.\n"


def test_records_differing_only_in_rare_characters_stay_apart():
    """Two records alike but for a private-use character of the title get year suffixes in
    the order of those characters; two authors alike but for one are two authors."""
    titles = [{"id": key, "type": "book", "title": f"Alpha{mark}", "issued": {"date-parts": [[2020]]},
               "author": [{"family": "Zed", "given": "Ann"}]}
              for key, mark in (("b", "\ue001"), ("a", "\ue000"))]
    assert api.format_bibliography(titles, "apa") == (
        "Zed, A. (2020a). Alpha\ue000.\nZed, A. (2020b). Alpha\ue001.\n")
    authors = [{"id": key, "type": "book", "title": "Alpha", "issued": {"date-parts": [[2020]]},
                "author": [{"family": f"Zed{mark}", "given": "Ann"}]}
               for key, mark in (("a", "\U000F0001"), ("b", "\U000F0002"))]
    assert api.format_citations(authors, [[{"id": "a"}, {"id": "b"}]], "apa") == (
        "(Zed\U000F0001, 2020; Zed\U000F0002, 2020)\n")


def test_two_threads_rendering_different_styles_give_what_each_gives_alone():
    items = _pages()
    styles = ("apa", "ieee", "modern-language-association")

    def render(style: str) -> str:
        cites = [[{"id": item["id"]}] for item in items]
        return (api.format_bibliography(json.loads(json.dumps(items)), style, "html")
                + api.format_citations(items, cites, style))

    alone = {style: render(style) for style in styles}
    together: dict[str, list[str]] = {style: [] for style in styles}
    _at_once([lambda s=style: together[s].extend(render(s) for _ in range(4))
              for style in styles])
    assert together == {style: [alone[style]] * 4 for style in styles}


def _at_once(targets: list[Callable[[], object]]) -> None:
    """Run each target in a thread of its own, the threads taking turns as often as they can."""
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=target) for target in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)


#: A record with what citeproc-py's own source warns of: CSL 1.0.2 variables newer than it
#: (available-date, performer) and CSL-JSON name fields it does not know (parse-names).
NEWER = {"id": "newer", "type": "song", "title": "Alpha", "available-date": {
             "date-parts": [[2021, 3]]}, "issued": {"date-parts": [[2020]]},
         "author": [{"family": "Roe", "given": "Al", "parse-names": True}],
         "performer": [{"family": "Doe", "given": "Bo"}]}


def test_threads_rendering_at_once_warn_of_nothing_and_leave_the_warning_filters_alone():
    """No warning of citeproc-py's (nor of lxml's) is left for the caller to see, and none is
    silenced by changing the process's warning filters, which two threads rendering at once
    left changed (warnings.catch_warnings is not safe with threads)."""
    items = [NEWER, *_pages()[:30]]
    styles = ("apa", "modern-language-association", "chicago-author-date")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        filters = list(warnings.filters)
        _at_once([lambda s=style: [api.format_bibliography(json.loads(json.dumps(items)), s)
                                   for _ in range(3)] for style in styles])
        assert warnings.filters == filters
    assert [str(warning.message) for warning in caught] == []


def test_the_cli_prints_no_warning_even_where_warnings_are_errors(tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps([NEWER]), "utf-8")
    child = subprocess.run([sys.executable, "-W", "error", "-m", "citetool", "format",
                            "--style", "apa", str(path)], capture_output=True, text=True)
    assert (child.returncode, child.stderr) == (0, "")
    assert child.stdout == "Roe, A. (2020). Alpha [Audio recording].\n"


def test_rendering_an_item_leaves_nothing_of_it_on_the_style():
    """The branch a cs:choose takes, and what its variables did, is returned to the group or
    macro around it (render/compiled.py), not written on the style's elements: rendering an
    article after a book leaves every cs:choose, cs:if and cs:else as the book left it,
    so that no rendering reads another's branch."""
    from citeproc import formatter
    from citeproc.model import Choose, Else, If

    from citetool.render import engine, styles
    from citetool.render.output import _plain_text
    from citetool.render.source import _prepare

    items = [{"id": "a", "type": "article-journal", "title": "Alpha", "volume": "3",
              "author": [{"family": "Roe", "given": "Al"}], "container-title": "Journal",
              "issued": {"date-parts": [[2020]]}},
             {"id": "b", "type": "book", "title": "Beta", "publisher": "Press"}]
    style = engine._load_style(styles.resolve("apa"), None)
    prepared = [_prepare(item, f"item{number}", _plain_text, "en")
                for number, item in enumerate(items)]
    entries = engine._bibliography(style, prepared, formatter.plain).items
    layout = style.root.bibliography.layout

    def state() -> dict[object, dict[object, object]]:
        return {element: dict(vars(element)) for element in style.root.iter()
                if isinstance(element, Choose | If | Else)}

    assert [str(entry) for entry in layout.render_bibliography(entries[:1])] == [
        "Beta. (n.d.). Press."]
    first = state()
    assert [str(entry) for entry in layout.render_bibliography(entries[1:])] == [
        "Roe, A. (2020). Alpha. Journal, 3."]
    second = state()
    assert {element: {key: value for key, value in second[element].items()
                      if key in values} for element, values in first.items()} == first


def _read_as(source: object) -> dict[str, dict[str, object]]:
    """Each reference of a citeproc-py source as text: its type and each variable's value
    (names as their parts, dates as their parts, the rest as its text)."""
    from citeproc.source import Date, DateRange, Name

    def text(value: object) -> object:
        if isinstance(value, list) and all(isinstance(name, Name) for name in value):
            return [sorted((k, str(v)) for k, v in vars(name).items()) for name in value]
        if isinstance(value, (Date, DateRange)):
            return sorted((k, str(v)) for k, v in vars(value).items())
        return str(value)
    return {key: {"type": reference.type,
                  **{variable: text(value) for variable, value in reference.items()}}
            for key, reference in source.items()}


def test_our_source_reads_plain_items_as_citeproc_py_reads_them():
    """render/source.py's _Source restates citeproc-py's CiteProcJSON loop (it cannot be
    reused: the class it builds and the check it makes are fixed in that loop); on items
    citeproc-py reads right (names, full dates, text without markup) the two must agree, so
    that a citeproc-py release changing how it reads CSL-JSON shows here."""
    from citeproc.source.json import CiteProcJSON

    from citetool.render.source import _Source
    from citeproc import VARIABLES
    plain = [{key: value for key, value in item.items()
              if key in ("id", "type") or key.replace("-", "_") in VARIABLES and key != "language"
              and (not isinstance(value, str) or "<" not in value)}
             for item in _pages()]
    assert len(plain) > 5 and any("author" in item for item in plain)
    ours, theirs = _read_as(_Source(plain)), _read_as(CiteProcJSON(plain))
    assert ours == theirs


@pytest.mark.parametrize("size, calls", [(30, 30), (engine.FREEZE_FROM, 5)],
                         ids=["small", "frozen-heap"])
def test_rendering_again_and_again_leaves_no_growing_heap(size, calls):
    """A process that renders bibliography after bibliography through the library API keeps
    what the garbage collector can reach to what one rendering leaves: with the heap frozen
    for every rendering, the cycles of the earlier ones were frozen too and never collected
    (11,000 more objects a call of 30 items)."""
    items = [{"id": f"k{number}", "type": "article-journal", "title": f"On cycles {number}",
              "author": [{"family": f"Doe{number % 7}", "given": "Ann"}],
              "container-title": "Journal", "issued": {"date-parts": [[2000 + number % 5]]}}
             for number in range(size)]
    counts = []
    for _ in range(calls):
        api.format_bibliography(json.loads(json.dumps(items)), "apa")
        counts.append(len(gc.get_objects()))
    # Python collects the oldest objects now and then: at least once in the last fifth
    tail = calls // 5
    assert min(counts[-tail:]) < 1.5 * counts[tail], counts
