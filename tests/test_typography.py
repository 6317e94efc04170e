"""Record text printed with citeproc-js 2.4.63's typography (#17)."""
from __future__ import annotations

import pytest

from citetool import api

_NARROW = "\u202f"


@pytest.mark.parametrize("title, printed", [
    ("Urgences pastorales : comprendre", f"Urgences Pastorales{_NARROW}: Comprendre"),
    ("Quoi ? pourquoi ! ici ; là", f"Quoi{_NARROW}? Pourquoi{_NARROW}! Ici{_NARROW}; Là"),
    ("Les » religion « aux", f"Les{_NARROW}» Religion «{_NARROW}aux"),
    ("a\u00a0: b", "A\u00a0: B"),
    ("Effect of plants published by : the society",
     f"Effect of Plants Published by{_NARROW}: The Society"),
    ("Take a : b and c", f"Take a{_NARROW}: B and c"),
])
def test_a_space_before_a_french_mark_is_a_narrow_no_break_space(title, printed):
    """One space before : ; ? ! or » (or after «, paired or not) prints as U+202F, as French
    typography has it, in every field of the record (here the title and the publisher); a
    no-break space stays, and title case still sees the word before it ("by" stays a stop
    word). The scorers fold spaces, so only a byte comparison shows it: 1,030
    lines of the dev corpus's citeproc-js renderings have such a space ("Gyrotyre\u202f: A
    Dynamic…"). Lines checked with citeproc-js 2.4.63."""
    item = {"id": "t", "type": "book", "title": title, "publisher": "Éd. du Seuil : Paris",
            "author": [{"family": "A", "given": "B"}], "issued": {"date-parts": [[2000]]}}
    assert api.format_bibliography([item], "chicago-author-date", locale="en-US") == (
        f"A, B. 2000. {printed}. Éd. du Seuil{_NARROW}: Paris.\n")


def test_title_case_ends_on_the_word_before_a_narrow_no_break_space():
    """The last word of a title is capitalised even when it is a stop word, and the narrow
    no-break space put before a final "?" does not hide it ("for" is that word). Line checked
    with citeproc-js 2.4.63."""
    item = {"id": "a", "type": "article-journal", "title": "what is it for ?",
            "container-title": "Journal", "author": [{"family": "Doe", "given": "Jane"}],
            "issued": {"date-parts": [[2000]]}}
    assert api.format_bibliography([item], "chicago-author-date", locale="en-US") == (
        f"Doe, Jane. 2000. “What Is It For{_NARROW}?” Journal.\n")
