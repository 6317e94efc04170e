"""Rules of citeproc-js found with a dozen more popular styles on bibliographies outside the
dev corpus (issue #17), each shown on a small case of ours (checked with citeproc-js 2.4.63)."""
from __future__ import annotations

import pytest

from citetool import api

SORT_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>names key</title><id>t</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography {area}><sort><key variable="author" {key}/></sort>
    <layout><text variable="title"/></layout></bibliography>
</style>"""


def _work(key: str, title: str, *families: str, **fields: object) -> dict[str, object]:
    return {"id": key, "type": "article-journal", "title": title,
            "author": [{"family": family, "given": family[0]} for family in families],
            **fields}


def test_a_names_sort_key_is_cut_by_the_et_al_rule_of_the_bibliography():
    """Springer's second key is the author variable: citeproc-js cuts it as the entry cuts
    the names (et-al-min 5, et-al-use-first 3), so two works whose first three authors are
    alike keep the order of the records and take year suffixes in that order, whatever their
    fourth authors ("Abrosimov" before "Riemann" gave the second work "2013a")."""
    first = _work("w1", "Zeta", "Wolf", "Tyr", "George", "Riemann", "Becker",
                  issued={"date-parts": [[2013, 6]]})
    second = _work("w2", "Alpha", "Wolf", "Tyr", "George", "Abrosimov", "Becker",
                   issued={"date-parts": [[2013]]})
    assert api.format_bibliography([first, second], "springer-basic-author-date").splitlines() \
        == ["Wolf W, Tyr T, George G, et al (2013a) Zeta",
            "Wolf W, Tyr T, George G, et al (2013b) Alpha"]


@pytest.mark.parametrize("area, key, expected", [
    ('et-al-min="3" et-al-use-first="1"', "", ["One", "Two", "Three"]),  # the area's rule
    ("", 'names-min="3" names-use-first="1"', ["One", "Two", "Three"]),  # the key's own
    ('et-al-min="4" et-al-use-first="1" et-al-use-last="true"', "",
     ["Three", "One", "Two"]),  # the first name and the last
    ("", "", ["Three", "Two", "One"]),  # no et-al rule: every name
])
def test_a_names_sort_key_takes_the_names_the_et_al_rule_keeps(tmp_path, area, key, expected):
    """The key's names-min, names-use-first and names-use-last, else the et-al rule of the
    cs:bibliography (CSL 1.0.2, "Sorting"); works that tie keep the order of the records."""
    style = tmp_path / "key.csl"
    style.write_text(SORT_STYLE.format(area=area, key=key), "utf-8")
    items = [_work("x1", "One", "Ab", "Zz", "Mm", "Cc"),
             _work("x2", "Two", "Ab", "Bb", "Mm", "Dd"),
             _work("x3", "Three", "Ab", "Bb", "Mm", "Bb")]
    assert api.format_bibliography(items, style).splitlines() == expected


def _chapter(author: list[str], editors: list[str]) -> dict[str, object]:
    def persons(names: list[str]) -> list[dict[str, str]]:
        return [{"family": name.split()[-1], "given": " ".join(name.split()[:-1])}
                for name in names]
    return {"id": "a", "type": "chapter", "title": "Taxation", "container-title": "Handbook",
            "publisher": "P", "issued": {"date-parts": [[2001]]}, "author": persons(author),
            "editor": persons(editors)}


@pytest.mark.parametrize("author, editors, expected", [
    (["AJ Auerbach"], ["Alan Auerbach", "Martin Feldstein"],
     "Auerbach, A., 2001. Taxation, in: Auerbach, Alan, Feldstein, M. (Eds.), Handbook. P."),
    (["Jo Smith"], ["Alan Auerbach", "Andrew Auerbach"],
     "Smith, J., 2001. Taxation, in: Auerbach, A., Auerbach, Andrew (Eds.), Handbook. P."),
    (["Jo Smith"], ["Alan Auerbach", "Martin Feldstein", "Andrew Auerbach"],
     ("Smith, J., 2001. Taxation, in: Auerbach, A., Feldstein, M., Auerbach, Andrew (Eds.), "
      "Handbook. P.")),
    (["Alan J. Auerbach"], ["Alan Auerbach"],  # other initials: nothing to tell apart
     "Auerbach, A.J., 2001. Taxation, in: Auerbach, A. (Ed.), Handbook. P."),
])
def test_a_name_the_cite_does_not_show_is_expanded_after_an_earlier_person_alike(
        author, editors, expected):
    """By the by-cite rule, citeproc-js registers the persons of an entry as it renders them,
    after those its cite showed, and gives the whole given name to a person whose family
    name and initials a person registered before has with another given name: the editor
    after the author "Auerbach, A." and the second of two editors "Auerbach, A.", never the
    first (we expanded both editors and left the editor after the author)."""
    assert api.format_bibliography([_chapter(author, editors)], "elsevier-harvard") \
        == expected + "\n"
