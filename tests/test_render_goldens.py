"""A fast part of the renderer's goldens (issue #16): five dev files of the corpus in the 10
corpus styles still render to the digests recorded by `python benchmarks/goldens.py record`.
The whole set (all 70 dev files, perf/cdl.json) is `python benchmarks/goldens.py check`'s.
"""
from __future__ import annotations

import pytest
from conftest import shared
from render_goldens import DIGESTS, cases, digest, recorded, render

#: Small files with many item types and names: books, chapters, theses, reports, editors.
FILES = ("1kastner__bibliography", "1kastner__evaluate_visual_syntax", "bdarcus__references",
         "NIME-confere__music_proceedings__nime2019_music",
         "jgrey4296__plus__conferences_primary__aaai__2023_aaai_bridge")
CASES = list(cases(list(FILES), cdl=False))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_output_is_as_recorded(case):
    shared("corpus", "csl")
    assert digest(render(case)) == recorded()[case.name], (
        f"{case.name} changed: `python benchmarks/goldens.py check --diff DIR` writes it; "
        f"record it again only in a commit that fixes a named rendering rule")


def test_every_output_has_a_digest():
    shared("corpus", "csl")
    assert DIGESTS.exists()
    assert {case.name for case in cases()} == set(recorded())
