"""CSL-JSON: a list of items, or a single item, as citeproc-js, pandoc and Zotero write it.

Items are decoded one at a time so that a syntax error or a bad item costs only itself and
what follows it in the broken part, and each problem has its line.
"""
from __future__ import annotations

import json

from ..errors import Problem
from ..model import Item
from . import Read

_decoder = json.JSONDecoder()


def read(text: str, source: str) -> Read:
    result = Read()
    start = _skip_space(text, 0)
    if text.startswith("{", start):
        _decode_item(text, start, source, result)
        return result
    if not text.startswith("[", start):
        result.problems.append(Problem(source, _line(text, start),
                                       "CSL-JSON must be a list of items or one item"))
        return result
    position = _skip_space(text, start + 1)
    if text.startswith("]", position):
        return result
    while True:
        position = _decode_item(text, position, source, result)
        if position is None:
            return result
        position = _skip_space(text, position)
        if text.startswith("]", position):
            return result
        if not text.startswith(",", position):
            result.problems.append(Problem(source, _line(text, position),
                                           "expected ',' or ']' between CSL-JSON items; the "
                                           "rest of the file was not read"))
            return result
        position = _skip_space(text, position + 1)


def _decode_item(text: str, position: int, source: str, result: Read) -> int | None:
    """Decode the item at ``position``; return where it ends, or None if the JSON is broken."""
    try:
        value, end = _decoder.raw_decode(text, position)
    except json.JSONDecodeError as error:
        result.problems.append(Problem(source, error.lineno, f"invalid JSON ({error.msg}); "
                                       "the rest of the file was not read"))
        return None
    except RecursionError:
        result.problems.append(Problem(source, _line(text, position), "JSON nested too deeply "
                                       "to be a CSL-JSON item; the rest of the file was not "
                                       "read"))
        return None
    line = _line(text, position)
    if not isinstance(value, dict):
        result.problems.append(Problem(source, line, "a CSL-JSON item must be an object, "
                                       f"not {type(value).__name__}"))
    elif problem := _check(value):
        result.problems.append(Problem(source, line, problem, _id(value)))
    else:
        result.items.append(value)
    return end


def _check(item: Item) -> str | None:
    """What makes an item unusable, or None. Odd but usable values are left to the renderer."""
    if "id" in item and not isinstance(item["id"], (str, int)):
        return "'id' must be a string or a number"
    for key, value in item.items():
        if key in ("author", "editor", "translator") and not (
                isinstance(value, list) and all(isinstance(n, dict) for n in value)):
            return f"'{key}' must be a list of name objects"
    return None


def _id(item: Item) -> str | None:
    return str(item["id"]) if isinstance(item.get("id"), (str, int)) else None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
