"""Rules found by rendering real bibliographies in popular styles beyond the ten main ones
(annual-reviews, chicago-notes, springer, …) and comparing with citeproc-js 2.4.63 (#17)."""
from __future__ import annotations

import pytest

from citetool import api


def _style(tmp_path, citation_layout: str, bibliography_layout: str = "", root: str = ""):
    """A minimal in-text style with these layouts (and attributes of cs:style)."""
    style = tmp_path / "style.csl"
    bibliography = (f"<bibliography><layout>{bibliography_layout}</layout></bibliography>"
                    if bibliography_layout else "")
    style.write_text(f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text"
  version="1.0" {root}><info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated>
  </info><citation><layout delimiter="; ">{citation_layout}</layout></citation>
  {bibliography}</style>""", "utf-8")
    return style


_NUMERIC = '<choose><if is-numeric="{0}"><text value="N"/></if><else><text value="T"/></else></choose>'


@pytest.mark.parametrize("value, numeric", [
    ("2-3", True), ("12, 14", True), ("2 & 5", True), ("iv-xii", True), ("e1-e3", True),
    ("S1-S5", True), ("33-37,54-55", True), ("1, 3-5", True), ("3 and 5", True),
    ("123", True), ("3a", True), ("paper9", True),
    ("A-3", False), ("1:1-1:4", False), ("7 (Suppl 2)", False), ("3,4", False),
    ("Chapter 3", False), ("n/a", False),
])
def test_pages_and_locators_are_numeric_as_citeproc_js_reads_number_variables(
        tmp_path, value, numeric):
    """is-numeric on page and locator as on the other number variables: the first number of a
    range or list makes it numeric, as in citeproc-js 2.4.63 (and CSL 1.0.2: "2-4", "2, 3",
    "2 & 4" are numeric). citeproc-py took only a lone number: annual-reviews printed
    "Journal. 2–3" for citeproc-js's "Journal, pp. 2–3"."""
    style = _style(tmp_path, _NUMERIC.format("locator"), _NUMERIC.format("page"))
    items = [{"id": "a", "type": "article-journal", "page": value}]
    expected = "N\n" if numeric else "T\n"
    assert api.format_bibliography(items, style) == expected
    assert api.format_citations(items, [[{"id": "a", "locator": value, "label": "page"}]],
                                style) == expected


@pytest.mark.parametrize("page, expected", [
    ("6896-6916", "6896–6916"), ("1496-1504", "1496–1504"), ("1536-1600", "1536–1600"),
    ("321-328", "321–28"), ("101-108", "101–8"), ("1087-1089", "1087–89"),
    ("12345-12378", "12345–78"), ("12345-12401", "12345–401"), ("10000-10005", "10000–5"),
    ("1000-1005", "1000–1005"), ("71-72", "71–72"), ("95-105", "95–105"),
])
def test_chicago_page_ranges_are_abbreviated_within_a_hundred_only(tmp_path, page, expected):
    """page-range-format="chicago" (the 15th edition's rule, as citeproc-js 2.4.63 applies
    it): a range within one hundred keeps at most its last two digits, one crossing a hundred
    is printed in full below 10,000 (we printed "6896–916" where annual-reviews, ASA and
    APSA print "6896–6916"), and from 10,000 on the last three digits."""
    style = _style(tmp_path, '<text variable="page"/>', '<text variable="page"/>',
                   'page-range-format="chicago"')
    items = [{"id": "a", "type": "article-journal", "page": page}]
    assert api.format_bibliography(items, style) == expected + "\n"


def _book(key: str, *names: tuple[str, str]) -> dict:
    return {"id": key, "type": "book", "title": key.upper(), "issued": {"date-parts": [[2000]]},
            "author": [{"family": family, "given": given} for family, given in names]}


@pytest.mark.parametrize("style, names, expected", [
    ("science", [("Abe", "K. et.al.")], "K. Abe et al., A (2000)."),
    ("science", [("Abe", "K. et al.")], "K. Abe et al., A (2000)."),
    ("science", [("Abe", "K. et.al."), ("Roe", "J.")], "K. Abe, J. Roe, et al., A (2000)."),
    ("the-lancet", [("Abe", "K. et.al.")], "Abe K et al. A. 2000."),
    ("springer-basic-author-date", [("Abe", "F. et.al.")], "Abe F et al (2000) A"),
    ("science", [("Cee", "Ludwig van")], "L. van Cee, A (2000)."),  # another particle stays
])
def test_et_al_closing_a_given_name_cuts_the_name_list_short(style, names, expected):
    """A given name closing with "et al." ("K. et.al.", as BibTeX files write a cut list):
    citeproc-js 2.4.63 reads it as a dropping particle that ends the list, printing the name
    without it and the style's et-al term after the names; we printed "K. et.al. Abe"."""
    assert api.format_bibliography([_book("a", *names)], style).strip().endswith(expected)


@pytest.mark.parametrize("style, given, expected", [
    ("springer-basic-author-date", "\\relax MAXWELL", "Flitton \\relax MAXWELL (2000) A"),
    ("springer-basic-author-date", "\\relax Th.", "Flitton \\relax Th. (2000) A"),
    ("springer-basic-author-date", "MAXWELL", "Flitton M (2000) A"),
    ("science", "(Max) Well", "(Max) Well Flitton, A (2000)."),
])
def test_a_given_name_not_opening_with_a_letter_is_not_initialized(style, given, expected):
    """citeproc-js initializes a given name only when it opens with a letter of the scripts
    it knows ("\\relax Maxwell", LaTeX left in a record, stays whole: we printed
    "\\relax M")."""
    assert api.format_bibliography([_book("a", ("Flitton", given))], style).strip().endswith(
        expected)


@pytest.mark.parametrize("url, expected", [
    ("http://www-huber.embl.de/users/anders/HTSeq/doc/index.html", "http://www-huber.embl.de"),
    ("http://www.ncbi.nlm.nih.gov/assembly/GCF_000001405.13/",
     "www.ncbi.nlm.nih.gov/assembly/GCF_000001405.13"),
    ("https://github.com/", "https://github.com"),
    ("http://www.x.org", "www.x.org"),
    ("ftp://x.org/y", "ftp://x.org"),
])
def test_short_form_of_a_url_is_cut_as_citeproc_js_cuts_it(tmp_path, url, expected):
    """<text variable="URL" form="short"/> (annual-reviews and 10 other styles): CSL defines
    no short URL; citeproc-js 2.4.63 drops the path after the last dotted part a slash
    follows, and the scheme where "//www." is left. We printed the whole URL."""
    style = _style(tmp_path, '<text variable="title"/>', '<text variable="URL" form="short"/>')
    items = [{"id": "a", "type": "webpage", "title": "T", "URL": url}]
    assert api.format_bibliography(items, style) == expected + "\n"


@pytest.mark.parametrize("case", ["sentence", "title", "capitalize-first", "uppercase"])
def test_text_case_on_the_citation_number_prints_the_number(tmp_path, case):
    """current-organic-synthesis cites <text variable="citation-number" text-case="sentence">:
    the engine failed ("'int' object has no attribute 'words'"); a number has no case, so it
    prints "[1]" as citeproc-js does."""
    layout = f'<text variable="citation-number" text-case="{case}" prefix="[" suffix="]"/>'
    style = _style(tmp_path, layout, layout)
    items = [{"id": "a", "type": "book", "title": "T"}]
    assert api.format_citations(items, [[{"id": "a"}]], style) == "[1]\n"
    assert api.format_bibliography(items, style) == "[1]\n"


@pytest.mark.parametrize("issued, years", [
    ({"date-parts": [[2005], [2007]]}, "2005–2007a 2005–2007b"),
    ({"raw": "2007/05/03/"}, "2007a 2007b"),
    ({"date-parts": [[2007, 5, 3], [2007, 6, 1]]}, "2007a 2007b"),
])
def test_the_implicit_year_suffix_of_a_date_range_follows_its_last_year(tmp_path, issued, years):
    """A range's implicit year suffix follows the year printed last, as in citeproc-js
    2.4.63; a raw "2007/05/03/" (a range on one day) had none, so the New York Times
    articles of one year all printed "(2007)" in the-journal-of-neuroscience."""
    year = '<date variable="issued"><date-part name="year"/></date>'
    style = _style(tmp_path, year, year)
    style.write_text(style.read_text().replace("<citation>", '<citation '
                                               'disambiguate-add-year-suffix="true">'))
    items = [{"id": key, "type": "article-newspaper", "title": key, "issued": issued}
             for key in "ab"]
    assert api.format_bibliography(items, style).split() == years.split()


def test_a_localized_date_joins_its_parts_with_the_locales_delimiter(tmp_path):
    """An in-style locale's cs:date with a delimiter joins its parts with it, as in
    citeproc-js 2.4.63: nlm-citation-sequence printed "[cited 2010Oct2]" for "2010 Oct 2"."""
    locale = ('<locale xml:lang="en"><date form="text" delimiter=" "><date-part name="year"/>'
              '<date-part name="month" form="short" strip-periods="true"/>'
              '<date-part name="day"/></date></locale>')
    date = '<date variable="accessed" form="text" prefix="[cited " suffix="]"/>'
    style = _style(tmp_path, date, date)
    style.write_text(style.read_text().replace("<citation>", locale + "<citation>"))
    items = [{"id": "a", "type": "webpage", "accessed": {"date-parts": [[2010, 10, 2]]}}]
    assert api.format_bibliography(items, style, locale="en-US") == "[cited 2010 Oct 2]\n"
    page = {**items[0], "title": "Page", "URL": "https://example.org",
            "issued": {"date-parts": [[2009]]}}
    assert "[cited 2010 Oct 2]" in api.format_bibliography([page], "nlm-citation-sequence")


def test_an_item_without_a_language_has_no_language_variable(tmp_path):
    """The style's language, which titles of an item naming none are cased in, is no variable
    of the item: the bibtex style printed "language={en}" for every entry, where citeproc-js
    2.4.63 prints the field only for a record that gives it."""
    style = _style(tmp_path, "", '<text variable="title" text-case="title"/><choose>'
                   '<if variable="language"><text variable="language" prefix=" ["'
                   ' suffix="]"/></if><else><text value=" (none)"/></else></choose>')
    items = [{"id": "a", "type": "book", "title": "a tale"},
             {"id": "b", "type": "book", "title": "b tale", "language": "de"}]
    assert api.format_bibliography(items, style, locale="en-US") == \
        "A Tale (none)\nb tale [de]\n"


def test_a_date_a_substitute_printed_is_suppressed_in_the_rest_of_the_entry(tmp_path):
    """A date the cs:substitute rendered (through a macro) prints no more in that entry, as
    the substituted title does (CSL 1.0.2, "Substitute"; citeproc-js 2.4.63):
    iso690-author-date printed "Delta, 2007. The Times. 5–5 May 2007." for "Delta, 2007. The
    Times." where an article without author is listed under its title and year."""
    year = '<date variable="issued"><date-part name="year"/></date>'
    style = _style(tmp_path, "", (
        '<names variable="author" suffix=". "><substitute><text macro="t"/></substitute>'
        '</names><date variable="issued" prefix="[" suffix="]"><date-part name="day"/>'
        '<date-part name="year" prefix="/"/></date>'))
    style.write_text(style.read_text().replace("<citation>", (
        f'<macro name="t"><text variable="title" suffix=", "/>{year}</macro><citation>')))
    items = [{"id": "a", "type": "book", "title": "Delta",
              "issued": {"date-parts": [[2007, 5, 5]]}},
             {"id": "b", "type": "book", "title": "Gamma", "author": [{"family": "Doe"}],
              "issued": {"date-parts": [[2008, 5, 5]]}}]
    assert api.format_bibliography(items, style) == "Delta, 2007.\nDoe. [5/2008]\n"


@pytest.mark.parametrize("layout, expected", [
    ('<group delimiter=" "><text macro="in"/><text variable="container-title"/></group>',
     "T. In|"),
    ('<text macro="in-container"/>', "T. In |"),
    ('<group delimiter=" "><text term="in"/><text variable="container-title"/></group>',
     "T. |"),
])
def test_a_macro_that_prints_counts_for_the_group_around_it(tmp_path, layout, expected):
    """A macro call that prints (only a term here) keeps the group or macro around it whose
    variables are empty, as a printed cs:group does: citeproc-js 2.4.63 renders a macro as
    a group (springer-humanities-author-date: "Thinking Institutionally. In ." for a chapter
    without its book). A term itself does not count."""
    style = _style(tmp_path, "", f'<text variable="title" suffix=". "/>{layout}'
                   '<text value="|"/>')
    style.write_text(style.read_text().replace("<citation>", (
        '<macro name="in"><text term="in" text-case="capitalize-first"/></macro>'
        '<macro name="in-container"><choose><if type="chapter"><text macro="in" suffix=" "/>'
        '</if></choose><text variable="container-title"/></macro><citation>')))
    items = [{"id": "a", "type": "chapter", "title": "T"}]
    assert api.format_bibliography(items, style) == expected + "\n"


@pytest.mark.parametrize("layout, expected", [
    ('<text variable="title"/><label variable="page" form="short" prefix=" "/>', "T p."),
    ('<group delimiter=" "><label variable="page" form="short"/><text variable="page"/>'
     '</group><text variable="title"/>', "T"),
    ('<text variable="title"/><label variable="number-of-volumes" prefix=" "/>', "T volume"),
])
def test_a_label_of_an_empty_variable_prints_its_singular_term(tmp_path, layout, expected):
    """A cs:label whose variable is empty prints its singular term, as in citeproc-js 2.4.63
    (ecology: "Crawling the Web. Page in M. Levene …"); a group calling the empty variable
    is still suppressed with it."""
    style = _style(tmp_path, "", layout)
    items = [{"id": "a", "type": "chapter", "title": "T"}]
    assert api.format_bibliography(items, style) == expected + "\n"


def test_a_number_variable_named_with_a_hyphen_prints_in_cs_number(tmp_path):
    """cs:number prints number-of-volumes, number-of-pages, collection-number and
    chapter-number, as citeproc-js 2.4.63 does: citeproc-py looked them up under their
    hyphenated name and printed nothing (springer-humanities-author-date lost "3 vols.")."""
    style = _style(tmp_path, "", '<text variable="title"/><group prefix=" [" suffix="]">'
                   '<number variable="number-of-volumes"/><text term="volume" form="short"'
                   ' prefix=" " plural="true"/></group><number variable="collection-number"'
                   ' prefix=" {" suffix="}"/><number variable="chapter-number" prefix=" #"/>')
    items = [{"id": "a", "type": "book", "title": "T", "number-of-volumes": "3",
              "collection-number": 12, "chapter-number": "4"}]
    assert api.format_bibliography(items, style) == "T [3 vols.] {12} #4\n"


@pytest.mark.parametrize("note, printed", [
    ("http://example.org/x", "T"),
    ("r://example.org/x.html. Accessed Sept. 29, 2013", "T"),
    ("DOI: 10.1/abc\nhttp://example.org/x", "T doi=10.1/abc"),
    ("http://example.org/x\nDOI: 10.1/abc", "T doi=10.1/abc"),
    ("http://a.org\nhttp://b.org", "T {http://b.org}"),
    ("Intro\nhttps://x.org", "T {Intro}"),
    ("See: this", "T {See: this}"),
    ("Intro line\nDOI: 10.1/abc\npublisher: Pub", "T {Intro line} doi=10.1/abc pub=Pub"),
    ("publisher: A\nMiddle text\npublisher: B", "T {Middle text publisher: B} pub=A"),
    ("original-date: 1900\ntranslator: Doe || Jane", "T od=1900 tr=Jane Doe"),
    ("title: X\nHello", "T {title: X Hello}"),
])
def test_fields_on_the_notes_first_lines_are_read_as_citeproc_js_reads_them(
        tmp_path, note, printed):
    """Lines "key: value" from the start of a note (Zotero's way to give CSL variables it
    has no field for) are no note text and give the item the variable it lacks, as in
    citeproc-js 2.4.63; a key the item has stays in the note. A line of a word that is no
    variable goes too, the first time (citeproc-js keeps it as a field of that name): a
    BibTeX note of a URL alone ("http://…", "r://…") is no note text in citeproc-js, which
    we printed (iso690's "Ontology Tools Survey, Revisited. r://www.xml.com/…"), and
    gost-r-7-0-5-2008, which sorts by the note first, put such items apart. mdpi.bst prints
    the note (docs/mdpi.md)."""
    style = _style(tmp_path, "", '<text variable="title"/><text variable="note" prefix=" {"'
                   ' suffix="}"/><text variable="DOI" prefix=" doi="/><text variable='
                   '"publisher" prefix=" pub="/><date variable="original-date" prefix=" od=">'
                   '<date-part name="year"/></date><names variable="translator" prefix=" tr="/>')
    items = [{"id": "a", "type": "manuscript", "title": "T", "note": note}]
    assert api.format_bibliography(items, style) == printed + "\n"


def test_a_straight_apostrophe_in_a_term_prints_typographic(tmp_path):
    """A term's straight apostrophe prints as "’", as citeproc-js 2.4.63 prints it and as a
    value="…" already did: iso690-author-date-fr printed "Disponible à l'adresse" in every
    entry with a URL (60.7 % of entries identical there)."""
    style = _style(tmp_path, "", '<text variable="title"/><text term="from" prefix=" ["'
                   ' suffix="]"/><text term="entry-encyclopedia" prefix=" [" suffix="]"/>',
                   'default-locale="fr-FR"')
    style.write_text(style.read_text().replace("<citation>", (
        '<locale xml:lang="fr"><terms><term name="from">à l\'adresse</term></terms></locale>'
        '<citation>')))
    items = [{"id": "a", "type": "book", "title": "T"}]
    assert api.format_bibliography(items, style) == "T [à l’adresse] [entrée d’encyclopédie]\n"
