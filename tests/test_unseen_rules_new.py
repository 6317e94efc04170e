"""Rules of citeproc-js found with ten further popular styles (MHRA, IOP, AAA, Copernicus,
ACL, EMBO, Proc. R. Soc. B, NLM citation-name, T&F CSE, Chicago 18th) on bibliographies
outside the dev corpus (issue #17), each shown on a small case of ours (checked with
citeproc-js 2.4.63)."""
from __future__ import annotations

from citetool import api

DATE_MACRO_KEY = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>date macro key</title><id>t</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="key">
    <choose>
      <if type="book"><date variable="issued" form="text" date-parts="year"/></if>
      <else><group delimiter=" "><text variable="title"/><names variable="author"/></group></else>
    </choose>
  </macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key macro="key"/></sort>
    <layout><text variable="title"/></layout></bibliography>
</style>"""


def _smith(key: str, title: str, year: int | None, **fields: object) -> dict[str, object]:
    work: dict[str, object] = {"id": key, "type": "book", "title": title,
                               "author": [{"family": "Smith", "given": "Robert"}], **fields}
    if year:
        work["issued"] = {"date-parts": [[year]]}
    return work


def test_a_macro_key_with_a_date_of_its_own_is_keyed_by_its_dates_alone():
    """NLM's second key is its date macro, "2016 [cited 2024 Apr 4]" for a work with a URL:
    citeproc-js keys it by the dates' numbers alone, one after the other (no "cited"), so
    the work sorts after its author's works with one date, whatever their years, and an
    undated one last (we keyed "2016 cited 2024…", first by 2016)."""
    items = [_smith("a", "With access date", 1990, URL="http://x.org",
                    accessed={"date-parts": [[2010, 4, 4]]}),
             _smith("b", "Later", 2025),
             _smith("c", "Access date only", None, URL="http://x.org",
                    accessed={"date-parts": [[2005, 4, 4]]}),
             _smith("d", "Undated", None),
             _smith("e", "Earlier", 1980)]
    titles = [line.split(". ")[2] for line in
              api.format_bibliography(items, "nlm-citation-name").splitlines()]
    assert titles == ["Earlier", "Access date only [Internet]", "Later",
                      "With access date [Internet]", "Undated."]


def test_a_date_macro_key_has_no_key_where_it_renders_no_date(tmp_path):
    """The macro's text, terms, numbers and names are no part of its key even in a branch
    with no date: those works sort after the dated ones, in the order of the records."""
    style = tmp_path / "key.csl"
    style.write_text(DATE_MACRO_KEY, "utf-8")
    items = [{"id": "z", "type": "article-journal", "title": "Zulu"},
             _smith("b", "Book 2001", 2001),
             {"id": "a", "type": "article-journal", "title": "Alpha"},
             _smith("c", "Book 1999", 1999)]
    assert api.format_bibliography(items, style).splitlines() == [
        "Book 1999", "Book 2001", "Zulu", "Alpha"]


LEFT_MARGIN = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>left margin</title><id>t</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout suffix=".">
    <group display="left-margin"><text variable="title"/></group>
    <group display="right-inline"><text variable="note"/><text variable="URL" prefix=". "/></group>
  </layout></bibliography>
</style>"""


def test_a_mark_after_a_field_in_the_left_margin_ends_that_field(tmp_path):
    """AAA prints the date in the left margin and the rest inline: a ". " the rest starts
    with (the URL's prefix, where the title took the author's place) ends the date's field
    before its space, merged with the field's own last mark as marks merge where fields
    meet ("N.d. proteinatlas.org."; we printed "N.d. . proteinatlas.org."); a field alone has
    no layout suffix after it."""
    style = tmp_path / "margin.csl"
    style.write_text(LEFT_MARGIN, "utf-8")
    items = [{"id": "a", "type": "webpage", "title": "Alpha", "URL": "http://x.org"},
             {"id": "b", "type": "webpage", "title": "N.d.", "URL": "http://x.org"},
             {"id": "c", "type": "webpage", "title": "Golf:", "note": ". p"},
             {"id": "d", "type": "webpage", "title": "Eps?", "note": "; semi"},
             {"id": "e", "type": "webpage", "title": "Foxtrot", "note": "spaced"},
             {"id": "f", "type": "webpage", "title": "Hotel"}]
    assert api.format_bibliography(items, style).splitlines() == [
        "Alpha. http://x.org.", "N.d. http://x.org.", "Golf: p.", "Eps?; semi.",
        "Foxtrot spaced.", "Hotel"]


def test_a_formatted_variable_keeps_its_end_apart_from_its_own_suffix():
    """ACL prints a book's title in italics with its own suffix "." right in the layout:
    citeproc-js merges no mark across the end of the formatted text, so a title ending in
    "?", "!" or ":" keeps the period ("Where are we going now?."), as it does in a group
    (we merged them where the title was in no group: "now?")."""
    items = [{"id": "a", "type": "book", "title": "Where are we going now?",
              "author": [{"family": "Doe", "given": "Jane"}]},
             {"id": "b", "type": "book", "title": "Consultant:",
              "author": [{"family": "Roe", "given": "Jim"}], "issued": {"date-parts": [[2001]]},
              "publisher": "Pub?"}]
    assert api.format_bibliography(items, "association-for-computational-linguistics"
                                   ).splitlines() == ["Jane Doe. Where are we going now?.",
                                                      "Jim Roe. 2001. Consultant:. Pub?"]


def test_a_roman_numeral_is_written_below_6000_only():
    """MHRA writes a volume in Roman numerals: citeproc-js writes none for 6000 or more
    (Lecture Notes in Computer Science's volume 7978 is left out, where we printed
    "mmmmmmmcmlxxviii"). Without the pages after it, citeproc-js still prints the comma
    before it ("(2000),"); we print none."""
    chapters = [{"id": str(volume), "type": "chapter", "title": f"T{volume}",
                 "container-title": "Book", "volume": str(volume), "page": "1-37",
                 "issued": {"date-parts": [[2000]]},
                 "author": [{"family": f"A{volume}", "given": "B"}]} for volume in (5999, 6000)]
    assert api.format_bibliography(chapters, "mhra-notes", locale="en-US").splitlines() == [
        "A5999, B., “T5999,” in Book (2000), mmmmmcmxcix, pp. 1–37",
        "A6000, B., “T6000,” in Book (2000), pp. 1–37"]


def test_cites_that_tie_on_the_sort_keys_keep_the_order_given():
    """Harvard sorts a citation's cites by its date macro alone (year suffixes are no part
    of the key): cites of one year keep the order they were given in, as in citeproc-js
    (we put ties in bibliography order, and "2010a" after "2010")."""
    def book(key: str, family: str, year: int) -> dict[str, object]:
        return {"id": key, "type": "book", "title": key.upper(),
                "author": [{"family": family, "given": "R"}], "issued": {"date-parts": [[year]]}}
    items = [book("b", "Smith", 2010), book("a", "Smith", 2010), book("z", "Adams", 2005),
             book("m", "Brown", 2010)]
    cites = [[{"id": key} for key in "bazm"]]
    assert api.format_citations(items, cites, "harvard-cite-them-right").strip() == \
        "(Adams, 2005; Smith, 2010b, 2010a; Brown, 2010)"
