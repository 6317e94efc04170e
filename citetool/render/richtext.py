"""Finishing the engine's HTML as citeproc-js's HTML formatter writes it: flip-flop
formatting and superscript characters.

Kept apart from output.py because it works on the rendered HTML only, never on citeproc-py.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..patterns import lazy

#: What each decoration's "normal" span looks like (CSL 1.0.2, "Formatting": font-style,
#: font-weight, font-variant).
NORMAL = {"italic": '<span style="font-style:normal;">',
          "bold": '<span style="font-weight:normal;">',
          "small-caps": '<span style="font-variant:normal;">'}
_OPENING = {"<i>": "italic", "<b>": "bold",
            '<span style="font-variant:small-caps;">': "small-caps"}
_CLOSING = {"italic": "</i>", "bold": "</b>", "small-caps": "</span>"}
_NORMAL_SPAN = {span: decoration for decoration, span in NORMAL.items()}
#: Record text's <span class="nodecor">: every decoration around it is reset.
NODECOR = '<span class="nodecor">'
_TAG = lazy(r"</?(?:i|b|span)(?:\s[^>]*)?>")


def flip_flop(entry: str) -> str:
    """Decorations inside the same decoration flipped back to normal, as citeproc-js does
    (CSL 1.0.2, "Rich Text Markup"; its "flip-flop"): italic record text in an italic title
    is ``<span style="font-style:normal;">``, and italic inside that is italic again. A style's
    explicit "normal" (see output._explicit_normal) and nodecor spans are printed only where a
    decoration is on."""
    if "<" not in entry:
        return entry
    active: set[str] = set()
    stack: list[tuple[str, str, frozenset[str]]] = []  # (the tag's kind, its closer, state)
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(entry):
        out.append(entry[position:match.start()])
        position = match.end()
        tag = match[0]
        before = frozenset(active)
        if tag.startswith("</"):
            kind = tag[2:-1]
            if not stack or stack[-1][0] != kind:
                out.append(tag)  # not ours to mend (the engine's HTML is well nested)
                continue
            _, closer, state = stack.pop()
            out.append(closer)
            active = set(state)
            continue
        kind = tag[1:].split(">")[0].split()[0]
        if tag in _OPENING:
            decoration = _OPENING[tag]
            if decoration in active:
                active.discard(decoration)
                out.append(NORMAL[decoration])
                stack.append((kind, "</span>", before))
            else:
                active.add(decoration)
                out.append(tag)
                stack.append((kind, _CLOSING[decoration], before))
        elif tag in _NORMAL_SPAN or tag == NODECOR:
            reset = [d for d in NORMAL if d in active and (tag == NODECOR or
                                                           _NORMAL_SPAN[tag] == d)]
            active.difference_update(reset)
            out.extend(NORMAL[d] for d in reset)
            stack.append((kind, "</span>" * len(reset), before))
        else:
            out.append(tag)
            stack.append((kind, f"</{kind}>", before))
    out.append(entry[position:])
    return "".join(out)


def superscripts(entry: str) -> str:
    """Superscript characters ("ª", "ʳᵉ", "²") as ``<sup>`` of their letter, as citeproc-js's
    HTML has them ("1<sup>r</sup><sup>e</sup>"): the characters Unicode decomposes as
    <super>."""
    table, pattern = _superscripts()
    return pattern.sub(lambda m: f"<sup>{table[m[0]]}</sup>", entry)


@cache
def _superscripts() -> tuple[dict[str, str], re.Pattern[str]]:
    """The superscript characters with their letters, and a pattern that finds them: made on
    first use, as going through Unicode's table takes some 12 ms and only HTML output needs
    it."""
    # Modifier letters without a <super> decomposition that citeproc-js lists too.
    table = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
    for code in range(0x80, 0x10000):
        character = chr(code)
        decomposition = unicodedata.decomposition(character)
        if decomposition.startswith("<super> "):  # "℠" is <super> 0053 004D
            table[character] = "".join(chr(int(point, 16))
                                       for point in decomposition.split()[1:])
    return table, re.compile("[" + "".join(table) + "]")
