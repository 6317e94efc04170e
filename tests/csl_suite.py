"""Running the CSL processor test suite (../shared/csl-test-suite, see its FORMAT.md) through
citetool's library API, for tests/test_csl_suite.py and benchmarks/csl_suite.py.

A fixture gives a style, CSL-JSON items and the HTML citeproc-js renders; we render the same
through citetool.api and compare after the normalisations citeproc-js's own test runner makes.
"""
from __future__ import annotations

import html
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from citetool import api
from citetool.errors import CitetoolError, RenderError
from citetool.render.engine import bibliography_order

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "csl-test-suite" / "humans"
PASSING = Path(__file__).resolve().parent / "csl_suite_passing.txt"
#: The fixtures outside the CSL specification (upstream's experiments/ and off-spec/).
NON_NORMATIVE = SUITE.parent / "NON-NORMATIVE.tsv"

_SECTION = re.compile(r">>=+ *([A-Z-]+) *=+>>\n?(.*?)\n?<<=+ *\1 *=+<<", re.S)


class Unsupported(Exception):
    """A fixture asks for something citetool does not offer (a mode, a section)."""


@dataclass
class Outcome:
    """What one fixture gave: passed, failed (with a one-line reason) or crashed."""

    name: str
    status: str  # "pass", "fail" or "crash"
    reason: str = ""

    @property
    def category(self) -> str:
        return self.name.split("_", 1)[0]


def fixtures() -> list[Path]:
    """Every fixture file of the suite, by name."""
    return sorted(SUITE.glob("*.txt"))


def non_normative() -> set[str]:
    """The names of the fixtures outside the specification, which the suite's normative
    count leaves out."""
    lines = NON_NORMATIVE.read_text("utf-8").splitlines()
    return {line.split("\t")[1] for line in lines if line and not line.startswith("#")}


def read(path: Path) -> dict[str, str]:
    """A fixture's sections, by name."""
    return {name: body for name, body in _SECTION.findall(path.read_text("utf-8"))}


def normalise(text: str) -> str:
    """The comparison form of a rendering: outer whitespace dropped, entities in one spelling
    (citeproc-js writes "&#38;" where we write "&amp;"), the bibliography's layout whitespace
    between entries dropped."""
    text = re.sub(r"&#(\d+);", lambda m: html.escape(chr(int(m[1])), quote=False), text)
    text = text.replace("&#x2F;", "/")
    if text.lstrip().startswith('<div class="csl-bib-body">'):
        text = re.sub(r">\s+<", "><", text)
    return text.strip()


def render(sections: dict[str, str], style: Path) -> str:
    """What citetool renders for a fixture, in citeproc-js's HTML, in the style's own
    default-locale as citeproc-js's runner has it."""
    mode = sections.get("MODE", "").strip()
    if "INPUT" not in sections:
        raise Unsupported("the fixture has no INPUT section")
    items = json.loads(sections["INPUT"])
    for number, item in enumerate(items, start=1):
        item.setdefault("id", f"ITEM-{number}")  # as citeproc-js's runner names them
    for unsupported in ("BIBSECTION", "ABBREVIATIONS"):
        if unsupported in sections:
            raise Unsupported(f"{unsupported} section not supported")
    if mode == "bibliography":
        if "BIBENTRIES" in sections:
            raise Unsupported("BIBENTRIES section not supported")
        cited = _cited_ids(sections)
        if cited is not None:
            by_id = {str(item.get("id")): item for item in items}
            items = [by_id[key] for key in cited if key in by_id]
        return api.format_bibliography(items, style, "html", locale=None)
    if mode == "citation":
        if "CITATIONS" in sections:
            return _citations(items, json.loads(sections["CITATIONS"]), style)
        if "CITATION-ITEMS" in sections:
            clusters = json.loads(sections["CITATION-ITEMS"])
        else:  # citeproc-js's runner: one citation of every item, in bibliography order
            clusters = [[{"id": key} for key in bibliography_order(items, style)]]
        return api.format_citations(items, [_cites(c) for c in clusters], style, "html",
                                    locale=None)
    raise Unsupported(f"mode '{mode}' not supported")


def _cited_ids(sections: dict[str, str]) -> list[str] | None:
    """The ids a fixture's citations cite, in order of first citation (None without any)."""
    if "CITATIONS" in sections:
        clusters = [entry[0]["citationItems"] for entry in json.loads(sections["CITATIONS"])]
    elif "CITATION-ITEMS" in sections:
        clusters = json.loads(sections["CITATION-ITEMS"])
    else:
        return None
    return list(dict.fromkeys(str(cite["id"]) for cluster in clusters for cite in cluster))


def _cites(cluster: list[dict[str, object]]) -> list[dict[str, object]]:
    """A fixture's cite items as citetool cites; options we cannot honour are refused."""
    for cite in cluster:
        for option in ("suppress-author", "author-only"):
            if cite.get(option):
                raise Unsupported(f"cite option '{option}' not supported")
    return [{key: value if key in ("position", "near-note") else str(value)
             for key, value in cite.items()
             if key in ("id", "locator", "label", "prefix", "suffix", "position", "near-note")}
            for cite in cluster]


def _citations(items: list[dict[str, object]], calls: list[list[object]], style: Path) -> str:
    """The CITATIONS form: each call adds (or edits) one citation between the citations
    before and after it; citeproc-js's runner then prints the document's citations, ">>" for
    those the last call changed and ".." for the others. citeproc-js renders again (and
    reports) every citation of an item cited more than once whose first-reference-note-number
    the call changed, even where the text stays the same."""
    document: list[str] = []
    clusters: dict[str, list[dict[str, object]]] = {}
    notes: dict[str, object] = {}
    previous: dict[str, str] = {}
    previous_notes: dict[str, object] = {}
    for number, (citation, before, after) in enumerate(calls):
        identifier = citation.get("citationID") or f"CITATION-{number}"
        clusters[identifier] = _cites(citation["citationItems"])
        notes[identifier] = (citation.get("properties") or {}).get("noteIndex")
        # the calls' [id, noteIndex] pairs renumber the notes of the other citations
        notes.update({entry[0]: entry[1] for entry in before + after if len(entry) > 1})
        document = [entry[0] for entry in before] + [identifier] + [entry[0] for entry in after]
        texts = api.format_citations(items, [
            {"citationItems": clusters[i], "properties": {"noteIndex": notes[i]}}
            if notes.get(i) is not None else clusters[i] for i in document],
            style, "html", locale=None).splitlines()
        current = dict(zip(document, texts))
        first_notes = _first_notes(document, clusters, notes)
        if number < len(calls) - 1:
            previous, previous_notes = current, first_notes
    renumbered = {key for key, note in first_notes.items()
                  if key in previous_notes and previous_notes[key] != note}
    changed = {identifier} | {i for i in document
                              if any(str(cite["id"]) in renumbered for cite in clusters[i])}
    return "\n".join(f"{'>>' if i in changed or previous.get(i) != text else '..'}"
                     f"[{index}] {text}" for index, (i, text) in enumerate(current.items()))


def _first_notes(document: list[str], clusters: dict[str, list[dict[str, object]]],
                 notes: dict[str, object]) -> dict[str, object]:
    """The first-reference-note-number of each item cited more than once in the document."""
    cited: dict[str, list[object]] = {}
    for identifier in document:
        for cite in clusters[identifier]:
            cited.setdefault(str(cite["id"]), []).append(notes.get(identifier))
    return {key: found[0] for key, found in cited.items() if len(found) > 1}


def run(path: Path) -> Outcome:
    """Render one fixture and compare; every exception is an outcome, never raised."""
    name = path.stem
    try:
        sections = read(path)
        if "CSL" not in sections:
            raise Unsupported("the fixture has no CSL section")
        with tempfile.TemporaryDirectory() as folder:
            style = Path(folder) / "style.csl"
            style.write_text(sections["CSL"], "utf-8")
            got = render(sections, style)
    except Unsupported as error:
        return Outcome(name, "fail", f"unsupported: {error}")
    except CitetoolError as error:
        if not isinstance(error, RenderError):  # a clear refusal (a broken style), no crash
            return Outcome(name, "fail", f"refused: {_one_line(str(error))}")
        return Outcome(name, "crash", f"{type(error).__name__}: {_one_line(str(error))}")
    except Exception as error:  # a crash of ours: reported, grouped by the benchmark
        return Outcome(name, "crash", f"{type(error).__name__}: {_one_line(str(error))}")
    return compare(name, got, sections.get("RESULT", ""))


def compare(name: str, got: str, expected: str) -> Outcome:
    """pass, or fail with the first line that differs."""
    got, expected = normalise(got), normalise(expected)
    if got == expected:
        return Outcome(name, "pass")
    if expected.startswith('<div class="csl-bib-body">'):
        got_lines = got.replace("</div><div", "</div>\n<div").splitlines()
        expected_lines = expected.replace("</div><div", "</div>\n<div").splitlines()
    else:
        got_lines, expected_lines = got.splitlines(), expected.splitlines()
    for mine, theirs in zip(got_lines + [""] * len(expected_lines),
                            expected_lines + [""] * len(got_lines)):
        if mine != theirs:
            return Outcome(name, "fail", f"expected {_one_line(theirs)!r}, "
                                         f"got {_one_line(mine)!r}")
    return Outcome(name, "fail", "differs")  # pragma: no cover - lines differ somewhere


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def summary(outcomes: list[Outcome]) -> str:
    """The passes over all the fixtures and over the normative ones, in one line."""
    outside = non_normative()
    passed = [o.name for o in outcomes if o.status == "pass"]
    normative = [o for o in outcomes if o.name not in outside]
    return (f"{len(passed)} of {len(outcomes)} fixtures pass; "
            f"{sum(name not in outside for name in passed)} of {len(normative)} normative ones")


def passing_names() -> list[str]:
    """The fixtures we pass, as committed (tests/csl_suite_passing.txt)."""
    if not PASSING.exists():
        return []
    return [line.strip() for line in PASSING.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
