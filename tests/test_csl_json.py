"""The CSL-JSON reader: lists, single items, and broken input that costs only itself."""
from __future__ import annotations

import json

from conftest import FIXTURES

from citetool import api
from citetool.model import UnprintedText


def test_single_item_and_list():
    item = {"id": "Smith2020", "type": "book", "title": "T"}
    assert api.parse(json.dumps(item)).items == [item]
    assert api.parse(json.dumps([item, {**item, "id": "smith2020"}])).items[1]["id"] == "smith2020"


def test_bad_items_and_fields_reported_with_their_line_and_others_kept():
    text = ('[\n {"id": "a", "type": "book"},\n 42,\n'
            ' {"id": "b", "type": "book",\n  "author": "x"}\n]')
    result = api.parse(text, "refs.json")
    assert [item["id"] for item in result.items] == ["a", "b"]
    assert [str(p) for p in result.problems] == [
        "refs.json:3: a CSL-JSON item must be an object, not int",
        "refs.json:4: entry 'b': field 'author' is not what CSL-JSON allows there; it was "
        "ignored"]


def test_syntax_error_keeps_items_before_it():
    result = api.parse('[{"id": "a", "type": "book"},\n{"id": "b" "type": 1}]', "x.json")
    assert [item["id"] for item in result.items] == ["a"]
    [problem] = result.problems
    assert str(problem).startswith("x.json:2: invalid JSON")


def test_items_without_id_get_unique_citekeys():
    items = [{"type": "book", "title": "The Same", "author": [{"family": "Ng"}],
              "issued": {"date-parts": [[2001]]}}] * 2
    result = api.parse(json.dumps(items))
    assert [item["id"] for item in result.items] == ["ng2001same", "ng2001samea"]


def test_deep_nesting_is_a_problem_not_a_crash():
    result = api.parse('[{"id": "a", "type": "book"}, ' + "[" * 100000 + "]" * 100000 + "]",
                       "deep.json")
    assert [item["id"] for item in result.items] == ["a"]
    assert [str(p) for p in result.problems] == [
        "deep.json:1: JSON nested too deeply to be a CSL-JSON item; the rest of the file was "
        "not read"]


def test_fields_of_the_wrong_shape_are_dropped_and_reported():
    text = ('[{"id": "a", "type": "book", "title": null, "author": [{"family": 3}],'
            ' "issued": {"date-parts": [["x"]]}, "note": [1]}, {"id": true}]')
    result = api.parse(text, "odd.json")
    assert result.items == [{"id": "a", "type": "book", "author": [{"family": "3"}]}]
    assert [str(p) for p in result.problems] == [
        "odd.json:1: entry 'a': field 'issued' is not what CSL-JSON allows there; it was ignored",
        "odd.json:1: entry 'a': field 'note' is not what CSL-JSON allows there; it was ignored",
        "odd.json:1: 'id' must be a string or a number"]
    for style in ("apa", "chicago-author-date"):
        assert api.format_bibliography(result.items, style)


def test_text_variable_given_as_a_list_is_kept_as_unprinted_and_reported():
    """citation.js splits "Rowman and Littlefield" into a list: not CSL-JSON, but citeproc-js
    takes the variable as set, so it is kept (as empty text) and reported."""
    path = FIXTURES / "csl_json" / "publisher_given_as_list.json"
    result = api.parse(path.read_text("utf-8"), "list.json")
    [item] = result.items
    assert isinstance(item["publisher"], UnprintedText) and item["publisher"] == ""
    assert [str(p) for p in result.problems] == [
        "list.json:2: entry 'essl2012music': field 'publisher' is a list, not text; as in "
        "citeproc-js, it counts as given but is not printed"]


def test_lists_of_other_things_are_still_dropped():
    result = api.parse('{"id": "a", "type": "book", "note": [1], "volume": [], '
                       '"publisher": [["x"]]}')
    assert result.items == [{"id": "a", "type": "book"}]
    assert len(result.problems) == 3
