"""Disambiguation as citeproc-js 2.4.63 does it, on items whose cites read alike (#17)."""
from __future__ import annotations

from citetool import api


def _article(key: str, title: str, year: int, *families: str) -> dict:
    return {"id": key, "type": "article-journal", "title": title, "container-title": "J",
            "issued": {"date-parts": [[year]]},
            "author": [{"family": family, "given": "Ann"} for family in ("Poon", *families)]}


def test_an_item_with_fewer_names_lowers_the_names_added_to_the_items_scanned_after_it():
    """MLA's cites are "(Poon et al.)" for all five items; names are added until they differ.
    citeproc-js writes the names a cite shows back into the setting it is rendering with: once
    "Fourth" (three names, all shown) is rendered with four requested, the count is three for
    the items after it in the same scan, and three is what "Third" and "Fifth" keep (we added
    four). Lines checked with citeproc-js 2.4.63; found on a real publication list."""
    ten = ("Lee", "Kim", "Park", "Zed", "Ode", "Pax", "Qi")
    items = [
        _article("big1", "First", 2010, "Swenson", "Dong", *ten[:7]),
        _article("big2", "Second", 2012, "Swenson", "Bunnik", *ten[:7]),
        _article("many", "Third", 2018, "Prodger", "Lynch", "Lai", "Reynolds", *ten),
        _article("three", "Fourth", 2005, "Davis", "Chao"),
        _article("eight", "Fifth", 2019, "Ndashimye", "Avino", "Gibson", *ten[:4]),
    ]
    assert api.format_bibliography(items, "modern-language-association", locale="en-US") == (
        "Poon, Ann, Ann Ndashimye, Ann Avino, et al. “Fifth.” J, 2019.\n"
        "Poon, Ann, Ann Swenson, Ann Dong, et al. “First.” J, 2010.\n"
        "Poon, Ann, Ann Davis, and Ann Chao. “Fourth.” J, 2005.\n"
        "Poon, Ann, Ann Swenson, Ann Bunnik, et al. “Second.” J, 2012.\n"
        "Poon, Ann, Ann Prodger, Ann Lynch, et al. “Third.” J, 2018.\n")


def test_cites_are_compared_as_subsequent_cites_near_the_previous_one(tmp_path):
    """citeproc-js 2.4.63 compares cites as a subsequent cite near its previous one, whatever
    their place: this note style's first cites differ by their years, its subsequent ones
    ("Doe et al., Same") do not, so a name is added to both, in first cites too (checked with
    citeproc-js; MHRA's notes and bibliography show such names)."""
    style = tmp_path / "notes.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"><info>'
        '<title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>'
        '<citation et-al-min="3" et-al-use-first="1" disambiguate-add-names="true"><layout>'
        '<names variable="author"><name form="short"/></names><text variable="title" '
        'prefix=", "/><choose><if position="first"><date variable="issued" prefix=" ">'
        '<date-part name="year"/></date></if><else-if position="near-note"><text '
        'value=" near"/></else-if></choose></layout></citation></style>', "utf-8")
    items = [{"id": key, "type": "book", "title": "Same", "issued": {"date-parts": [[year]]},
              "author": [{"family": family} for family in ("Doe", second, "Cee")]}
             for key, second, year in (("x", "Bee", 2001), ("y", "Xu", 2002))]
    assert api.format_citations(items, [[{"id": "x"}], [{"id": "y"}], [{"id": "x"}]],
                                style).splitlines() == [
        "Doe, Bee, et al., Same 2001", "Doe, Xu, et al., Same 2002", "Doe, Bee, et al., Same near"]


def test_entries_show_the_names_added_only_where_given_names_are_added_too(tmp_path):
    """citeproc-js 2.4.63 shows the names disambiguation added in bibliography entries only
    where the style has disambiguate-add-givenname as well as disambiguate-add-names: both
    cites read "Doe, Bee, et al." and "Doe, Xu, et al.", the entries "Doe et al." without it
    (we showed the names added in both cases; checked with citeproc-js)."""
    def style(add_givenname: str) -> object:
        path = tmp_path / f"style{add_givenname}.csl"
        path.write_text(
            '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" '
            'et-al-min="3" et-al-use-first="1"><info><title>t</title><id>t</id><updated>'
            '2024-01-01T00:00:00+00:00</updated></info><citation disambiguate-add-names='
            f'"true" {add_givenname}><layout><names variable="author"><name form="short"/>'
            '</names></layout></citation><bibliography><layout><names variable="author"/>'
            '<text variable="title" prefix=", "/></layout></bibliography></style>', "utf-8")
        return path
    items = [{"id": key, "type": "book", "title": key,
              "author": [{"family": family} for family in ("Doe", second, "Cee")]}
             for key, second in (("x", "Bee"), ("y", "Xu"))]
    for add_givenname, entries in (("", ["Doe et al., x", "Doe et al., y"]), (
            'disambiguate-add-givenname="true"', ["Doe, Bee, et al., x", "Doe, Xu, et al., y"])):
        assert api.format_citations(items, [[{"id": "x"}], [{"id": "y"}]],
                                    style(add_givenname)).splitlines() == [
            "Doe, Bee, et al.", "Doe, Xu, et al."]
        assert api.format_bibliography(items, style(add_givenname)).splitlines() == entries
