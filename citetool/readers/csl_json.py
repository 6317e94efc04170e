"""CSL-JSON: a list of items, or a single item, as citeproc-js, pandoc and Zotero write it.

Items are decoded one at a time so that a syntax error or a bad item costs only itself and
what follows it in the broken part, and each problem has its line.
"""
from __future__ import annotations

import json
from collections.abc import Generator, Iterator

from ..errors import Problem
from ..model import DATE_VARIABLES, NAME_VARIABLES, VARIABLES, Item, UnprintedText
from . import Lines, Read, Record, Text, collect, whole

_decoder = json.JSONDecoder()


def read(text: str, source: str) -> Read:
    return collect(records(text, source))


def records(text: Text, source: str) -> Iterator[Record]:
    """The items, and the problems, each as it is decoded."""
    text = whole(text)
    lines = Lines(text)
    start = _skip_space(text, 0)
    if text.startswith("{", start):
        yield from _decode_item(text, start, source, lines)
        return
    if not text.startswith("[", start):
        yield Problem(source, lines.at(start), "CSL-JSON must be a list of items or one item")
        return
    position = _skip_space(text, start + 1)
    if text.startswith("]", position):
        return
    while True:
        end = yield from _decode_item(text, position, source, lines)
        if end is None:
            return
        position = _skip_space(text, end)
        if text.startswith("]", position):
            return
        if not text.startswith(",", position):
            yield Problem(source, lines.at(position), "expected ',' or ']' between CSL-JSON "
                          "items; the rest of the file was not read")
            return
        position = _skip_space(text, position + 1)


def _decode_item(text: str, position: int, source: str,
                 lines: Lines) -> Generator[Record, None, int | None]:
    """The item at ``position`` and its problems; returns where it ends, or None if the JSON
    is broken."""
    try:
        value, end = _decoder.raw_decode(text, position)
    except json.JSONDecodeError as error:
        yield Problem(source, error.lineno, f"invalid JSON ({error.msg}); the rest of the "
                      "file was not read")
        return None
    except ValueError as error:  # e.g. an integer longer than Python converts
        yield Problem(source, lines.at(position), f"invalid JSON ({error}); the rest of the "
                      "file was not read")
        return None
    except RecursionError:
        yield Problem(source, lines.at(position), "JSON nested too deeply to be a CSL-JSON "
                      "item; the rest of the file was not read")
        return None
    yield from item_records(value, source, lines.at(position))
    return end


def item_records(value: object, source: str, line: int | None,
                 shape: str = "a CSL-JSON item must be an object") -> Iterator[Record]:
    """One decoded CSL item (also from CSL YAML), cleaned: the item and its problems; ``shape``
    says what an item is when ``value`` is no mapping."""
    if not isinstance(value, dict):
        yield Problem(source, line, f"{shape}, not {type(value).__name__}")
        return
    item, problems = _clean(value)
    for problem in problems:
        yield Problem(source, line, problem, _id(value))
    if item is not None:
        yield item, line


def _clean(item: Item) -> tuple[Item | None, list[str]]:
    """The item with every value of the shape CSL-JSON gives it, and what was wrong.

    An unusable id loses the item; a field of the wrong shape is dropped and reported; null
    fields are dropped silently (exporters write them for empty fields). A standard variable
    given as a list of strings is kept as UnprintedText, and reported: citeproc-js takes it as
    set but prints nothing for it.
    """
    if "id" in item and _id(item) is None:
        return None, ["'id' must be a string or a number"]
    clean: Item = {}
    problems = []
    for key, value in item.items():
        if value is None:
            continue
        if key in NAME_VARIABLES:
            value = _names(value)
        elif key in DATE_VARIABLES:
            value = _date(value)
        elif key == "custom":
            value = value if isinstance(value, dict) else None
        elif key in _STANDARD and _strings(value):
            clean[key] = UnprintedText()
            problems.append(f"field '{key}' is a list, not text; as in citeproc-js, it counts "
                            "as given but is not printed")
            continue
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            value = None
        if value is None:
            problems.append(f"field '{key}' is not what CSL-JSON allows there; it was ignored")
        else:
            clean[key] = value
    return clean, problems


# The standard (text and number) variables: what may be text in a CSL-JSON item.
_STANDARD = VARIABLES - NAME_VARIABLES - DATE_VARIABLES - {"id", "type", "custom"}


def _strings(value: object) -> bool:
    """A non-empty list of strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _names(value: object) -> list[dict[str, str]] | None:
    if not isinstance(value, list) or not all(isinstance(name, dict) for name in value):
        return None
    names = [{part: str(text) for part, text in name.items()
              if isinstance(text, (str, int, float)) and not isinstance(text, bool)}
             for name in value]
    return [name for name in names if name]


def _date(value: object) -> dict[str, object] | None:
    if not isinstance(value, dict):
        return None
    date: dict[str, object] = {k: str(v) for k, v in value.items()
                               if k in ("literal", "raw", "season", "circa")
                               and isinstance(v, (str, int))}
    parts = value.get("date-parts")
    if parts is not None:
        try:
            date["date-parts"] = [[int(part) for part in date_part][:3] for date_part in parts
                                  if date_part][:2]
        except (TypeError, ValueError, OverflowError):
            return None
        if not date["date-parts"] or any(not 1 <= p[1] <= 12 for p in date["date-parts"]
                                         if len(p) > 1):
            return None
    return date or None


def _id(item: Item) -> str | None:
    citekey = item.get("id")
    return str(citekey) if isinstance(citekey, (str, int)) and citekey is not True and \
        citekey is not False else None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position

