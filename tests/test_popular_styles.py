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
    # the names' suffix ". " is not printed after a substitute that is no names (see
    # test_a_names_substitute_that_is_no_names_prints_without_the_names_affixes)
    assert api.format_bibliography(items, style) == "Delta, 2007\nDoe. [5/2008]\n"


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
    ("See: http://example.org/x", "T {See: http://example.org/x}"),
    ("foo: bar\nbaz: qux", "T"),
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
    variable goes too, the first time (citeproc-js keeps it as a field of that name); a
    capitalised word is none. A BibTeX note of a URL alone ("http://…", "r://…") is no note
    text in citeproc-js, which we printed (iso690's "Ontology Tools Survey, Revisited.
    r://www.xml.com/…"), and gost-r-7-0-5-2008, which sorts by the note first, put such items
    apart. mdpi.bst prints the note (docs/mdpi.md)."""
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


@pytest.mark.parametrize("first, printed", [
    ('<text variable="container-title" font-style="italic"/>', "Rev. Mod. Phys.. Online"),
    ('<text variable="container-title"/>', "Rev. Mod. Phys. Online"),
    ('<text variable="title" font-weight="bold" suffix="."/>', "Python.. Online"),
    ('<choose><if type="book"><text variable="container-title" font-style="italic"/></if>'
     '</choose>', "Rev. Mod. Phys.. Online"),
    ('<group font-style="italic"><text variable="container-title"/></group>',
     "Rev. Mod. Phys.. Online"),
    ('<group><text variable="container-title" font-style="italic"/></group>',
     "Rev. Mod. Phys. Online"),
])
def test_no_punctuation_merges_across_the_end_of_a_formatted_element(tmp_path, first, printed):
    """The mark a formatted element (font-style, font-weight, …) ends with stays beside the
    same mark the next element's prefix starts with, as citeproc-js 2.4.63 merges punctuation
    only between elements without formatting: iso690-author-date-en prints "Rev. Mod.
    Phys.. Online" and "Hierarchical Datasets in Python.. Online" (we printed one period). A
    choice is no element (its text's formatting counts); a group around the formatted text
    is one, without formatting of its own."""
    style = _style(tmp_path, "", f'<group>{first}<text value="Online" prefix=". "/></group>')
    items = [{"id": "a", "type": "book", "title": "Python", "container-title": "Rev. Mod. Phys."}]
    assert api.format_bibliography(items, style) == printed + "\n"


def test_second_field_align_ends_the_first_field_with_the_rests_mark(tmp_path):
    """With second-field-align, a punctuation mark the rest of the entry starts with ends the
    first field, and an entry of the first field alone is that field, without the layout's
    suffix, as in citeproc-js 2.4.63: angewandte-chemie prints "[41], Entrepreneurship" for
    a work without author (we printed "[41] , Entrepreneurship") and "[148]" for an item of
    which nothing else renders ("[148] ."), in HTML without a csl-right-inline."""
    style = _style(tmp_path, '<text variable="citation-number"/>',
                   '<text variable="citation-number" prefix="[" suffix="]"/><group><names '
                   'variable="author"/><text variable="title" prefix=", "/></group>')
    style.write_text(style.read_text().replace(
        "<bibliography><layout>", '<bibliography second-field-align="flush"><layout suffix=".">'))
    items = [{"id": "a", "type": "book", "title": "T1"}, {"id": "b", "type": "book"},
             {"id": "c", "type": "book", "title": "T3", "author": [{"family": "X"}]}]
    assert api.format_bibliography(items, style) == "[1], T1.\n[2]\n[3] X, T3.\n"
    html = api.format_bibliography(items, style, "html")
    assert '<div class="csl-left-margin">[1],</div><div class="csl-right-inline"> T1.</div>' \
        in html
    assert '<div class="csl-entry"><div class="csl-left-margin">[2]</div></div>' in html


@pytest.mark.parametrize("substitute, printed", [
    ('<names variable="editor"/><text macro="anon"/>', "Anon."),  # it opens the entry
    ('<text variable="title"/>', "Python"),
    ('<group><text variable="title"/></group>', "Python"),
    ('<date variable="issued"><date-part name="year"/></date>', "2000"),
    ('<names variable="editor"/>', "(<i>A Ed</i>,"),
])
def test_a_names_substitute_that_is_no_names_prints_without_the_names_affixes(
        tmp_path, substitute, printed):
    """A cs:names prints the text, group or date its cs:substitute gives without its own
    prefix, suffix and formatting, as citeproc-js 2.4.63 does; a substitute cs:names takes
    them. harvard-anglia-ruskin-university's ``<names variable="author" suffix=",">`` with a
    substitute "Anon." printed "Anon., 2005a." where citeproc-js prints "Anon. 2005a."
    (19 of 191 entries)."""
    style = _style(tmp_path, "", f'<names variable="author" prefix="(" suffix="," font-style='
                   f'"italic"><substitute>{substitute}</substitute></names>')
    style.write_text(style.read_text().replace("<citation>", (
        '<macro name="anon"><text term="anonymous" form="short"/></macro><citation>')))
    item = {"id": "a", "type": "book", "title": "Python", "issued": {"date-parts": [[2000]]}}
    if "editor" in substitute and "anon" not in substitute:
        item["editor"] = [{"family": "Ed", "given": "A"}]
    html = api.format_bibliography([item], style, "html")
    assert f'<div class="csl-entry">{printed}</div>' in html


@pytest.mark.parametrize("rule, printed", [
    ("partial-each", ["A. Abe and B. Bo. A", "--, --, and C. Cy. B", "--, --, and --. C",
                      "-- and D. Dee. D", "Same", "--"]),
    ("partial-first", ["A. Abe and B. Bo. A", "--, B. Bo, and C. Cy. B",
                       "--, B. Bo, and C. Cy. C", "-- and D. Dee. D", "Same", "--"]),
    ("complete-each", ["A. Abe and B. Bo. A", "A. Abe, B. Bo, and C. Cy. B",
                       "--, --, and --. C", "A. Abe and D. Dee. D", "Same", "Same"]),
    ("complete-all", ["A. Abe and B. Bo. A", "A. Abe, B. Bo, and C. Cy. B", "--. C",
                      "A. Abe and D. Dee. D", "Same", "Same"]),
])
def test_subsequent_author_substitute_rules_replace_names_one_by_one(tmp_path, rule, printed):
    """subsequent-author-substitute-rule (CSL 1.0.2, "Reference Grouping") as citeproc-js
    2.4.63 applies it: complete-each replaces each name where all match the previous
    entry's, partial-each those that match from the first on, partial-first the first; the
    and-term and delimiters stay. We applied only complete-all: american-meteorological-
    society (partial-each) printed "Billard, A., S. Calinon, R. Dillmann, …" for "——, ——,
    R. Dillmann, …". A title in the author's place is replaced by the partial rules (AMS's
    "——, 1992b."), not by the complete ones (see test_a_title_in_the_authors_place_…)."""
    style = _style(tmp_path, "", '<group delimiter=". "><names variable="author"><name and='
                   '"text" delimiter=", "/><substitute><text variable="title"/></substitute>'
                   '</names><text variable="title"/></group>')
    style.write_text(style.read_text().replace("<bibliography>", (
        f'<bibliography subsequent-author-substitute="--" '
        f'subsequent-author-substitute-rule="{rule}">')))
    people = {"A": ["Abe", "Bo"], "B": ["Abe", "Bo", "Cy"], "C": ["Abe", "Bo", "Cy"],
              "D": ["Abe", "Dee"]}
    items = [{"id": key, "type": "book", "title": key, "author": [
        {"family": family, "given": family[0] + "."} for family in families]}
        for key, families in people.items()]
    items += [{"id": key, "type": "book", "title": "Same"} for key in ("e", "f")]
    assert api.format_bibliography(items, style).splitlines() == printed


def test_a_block_starts_a_line_that_reads_as_a_space(tmp_path):
    """An element with display="block" or "indent" starts a line and one with
    display="left-margin" is followed by a space, as citeproc-js 2.4.63 writes them in
    text ("T\\nhttp://…\\n    NoteL R"); our entry is one line, where the line break reads
    as a space. We ran them together: iso690-author-date-en printed its note or abstract
    block right after the URL ("….htmlLatin America", 7 of 191 entries)."""
    style = _style(tmp_path, "", '<text variable="title"/><group display="block"><text '
                   'variable="URL"/></group><text variable="note" display="indent"/><text '
                   'value="L" display="left-margin"/><text value="R" display="right-inline"/>')
    items = [{"id": "a", "type": "book", "title": "T", "URL": "http://x.org/a.html",
              "note": "Note"}]
    assert api.format_bibliography(items, style) == "T http://x.org/a.html NoteL R\n"


def test_displayed_elements_are_divs_of_their_own_in_html(tmp_path):
    """In HTML each element the layout displays is a div of its own around its affixes, as
    citeproc-js 2.4.63 writes it: csl-block, csl-indent, csl-left-margin, csl-right-inline,
    with the layout's suffix inside the last div but a csl-block. Ours ran them into the
    entry's text (american-anthropological-association's author block, year and rest)."""
    style = _style(tmp_path, "", '<group display="block"><text variable="title"/></group>'
                   '<text value="1990" display="left-margin"/><group display="right-inline">'
                   '<text variable="publisher"/></group>')
    style.write_text(style.read_text().replace("<bibliography><layout>",
                                               '<bibliography><layout suffix=".">'))
    items = [{"id": "a", "type": "book", "title": "T", "publisher": "P"}]
    assert api.format_bibliography(items, style, "html").splitlines()[1].strip() == (
        '<div class="csl-entry"><div class="csl-block">T</div><div class="csl-left-margin">'
        '1990</div><div class="csl-right-inline">P.</div></div>')
    assert api.format_bibliography(items, style) == "T1990 P.\n"  # as citeproc-js writes it
    assert api.format_bibliography(items, style, "markdown") == "T1990 P.\n"


def test_display_is_passed_over_below_the_layouts_own_elements(tmp_path):
    """citeproc-js 2.4.63 displays only the layout's own elements (in its cs:choose or not):
    an element in a group or a macro is printed in line, in text and in HTML alike
    (photochemistry-and-photobiology's block group after the citation number is no div)."""
    style = _style(tmp_path, "", '<text value="A"/><group><text variable="title" '
                   'display="block"/></group><choose><if type="book"><text value="C" '
                   'display="indent"/></if></choose>')
    items = [{"id": "a", "type": "book", "title": "B"}]
    assert api.format_bibliography(items, style) == "AB C\n"
    assert api.format_bibliography(items, style, "html").splitlines()[1].strip() == (
        '<div class="csl-entry">AB<div class="csl-indent">C</div></div>')


def test_spaces_inside_guillemets_are_narrow_no_break_spaces():
    """citeproc-js 2.4.63 prints a record's "« " and " »" with a narrow no-break space
    (U+202F); the word after "« " is then no word of its own, which title case leaves as
    written: Chicago's "Des « facilitateurs » Pour" (ours capitalised "Facilitateurs")."""
    items = [{"id": "a", "type": "book", "title": "des « facilitateurs » pour «x» et x »",
              "issued": {"date-parts": [[2000]]}}]
    assert api.format_bibliography(items, "chicago-author-date", locale="en-US") == (
        "Des «\u202ffacilitateurs\u202f» Pour «x» et X\u202f». 2000.\n")


def test_a_date_given_as_text_takes_the_affixes_of_the_year_part(tmp_path):
    """A date given as text prints with the prefix and suffix of the date's year part, in
    the year's place, as citeproc-js 2.4.63 prints it (a localized date with the locale's
    year part): iso690's access date, whose year part's prefix is a no-break space, printed
    "[AccessedMarch 14, 2001]"."""
    style = _style(tmp_path, "", '<group delimiter="|"><text value="A"/><date variable='
                   '"accessed" prefix="&lt;" suffix="&gt;"><date-part name="day" prefix="d"/>'
                   '<date-part name="year" prefix="y" suffix="z"/></date><date variable='
                   '"accessed" form="text" prefix="&lt;"/></group>')
    items = [{"id": "a", "type": "book", "title": "T", "accessed": {"literal": "March 2001"}}]
    assert api.format_bibliography(items, style) == "A|<yMarch 2001z>|<March 2001\n"


def test_a_choice_in_a_substitute_offers_its_children_one_by_one(tmp_path):
    """The children of the branch a cs:choose in a cs:substitute takes are substituted one
    by one, the first that renders alone, as citeproc-js 2.4.63 does (a cs:group's are one
    text): american-geophysical-union's substitute chooses "publisher" then the title for
    a report, and printed "Human Rights WatchBlack Hole: …" for citeproc-js's "Human Rights
    Watch. (2005). Black Hole: …"."""
    style = _style(tmp_path, "", '<group delimiter=" | "><names variable="author"><substitute>'
                   '<choose><if type="report"><text variable="publisher"/><text variable='
                   '"title"/></if></choose></substitute></names><names variable="editor">'
                   '<substitute><group><text variable="genre"/><text variable="medium"/>'
                   '</group></substitute></names></group>')
    items = [{"id": "a", "type": "report", "title": "T", "publisher": "P", "genre": "G",
              "medium": "M"}]
    assert api.format_bibliography(items, style) == "P | GM\n"


def test_the_year_suffix_takes_the_affixes_and_formatting_of_the_year(tmp_path):
    """An implicit year suffix prints after the year with the year part's own affixes and
    formatting, as citeproc-js 2.4.63 prints it: harvard-anglia-ruskin-university's legal
    case year "[1992]" is "[1992][a]" (we printed "[1992a]"); a year without affixes reads
    "1992a" as before."""
    style = _style(tmp_path, '<text variable="title"/><date variable="issued"><date-part '
                   'name="year"/></date>', '<text variable="title" suffix=" "/><date variable='
                   '"issued" prefix="(" suffix=")"><date-part name="year" prefix="[" suffix="]"'
                   ' font-weight="bold"/><date-part name="month" prefix="-"/></date>')
    style.write_text(style.read_text().replace(
        "<citation>", '<citation disambiguate-add-year-suffix="true">'))
    items = [{"id": key, "type": "book", "title": "T", "issued": {"date-parts": [[1992, month]]}}
             for key, month in (("a", 5), ("b", 6))]
    assert api.format_bibliography(items, style) == "T ([1992][a]-May)\nT ([1992][b]-June)\n"
    assert "T ([<b>1992</b>][<b>a</b>]-May)" in api.format_bibliography(items, style, "html")


def test_affixes_and_delimiters_are_escaped_in_html(tmp_path):
    """A style's affixes and delimiters are text, escaped in HTML as the record's text is, as
    citeproc-js 2.4.63 escapes them ("&#60;"); harvard-anglia-ruskin-university's
    "Available at: <http://…>" printed as an unknown tag, which a browser hides. The
    period after "&gt;" is the layout's (an entity's ";" is no punctuation)."""
    style = _style(tmp_path, "", '<group delimiter=" &amp; "><text variable="title" prefix='
                   '"&lt;" suffix="&gt;"/><text term="and" prefix="&lt;"/></group>')
    style.write_text(style.read_text().replace(
        "<bibliography><layout>", '<bibliography><layout suffix=".">'))
    items = [{"id": "a", "type": "book", "title": "T"}]
    assert '<div class="csl-entry">&lt;T&gt; &amp; &lt;and.</div>' in api.format_bibliography(
        items, style, "html")
    assert api.format_bibliography(items, style) == "<T> & <and.\n"
