"""Rules of citeproc-js found on bibliographies outside the dev corpus (issue #17), each
shown on a small case of ours."""
from __future__ import annotations

import pytest

from citetool import api


def _book(**fields: object) -> dict[str, object]:
    return {"id": "a", "type": "book", "title": "T", "publisher": "P",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            **fields}


@pytest.mark.parametrize("edition, expected", [
    ("2-е изд.", "(2nd-е изд. eds.)"),  # the number's part takes the ordinal, the rest as is
    ("2-e, 3", "(2nd-e, 3rd eds.)"),  # every whole number of the parts
    ("2 - е", "(2nd-е eds.)"),  # a hyphen closed up
    ("2e", "(2e ed.)"),  # one part: no whole number, as written
    ("12a-c", "(12a-c ed.)"),  # "12a-c" is one number ("p. 12a-c")
])
def test_the_parts_of_a_number_after_a_number_take_its_form_and_the_plural_label(
        edition, expected):
    """citeproc-js cuts a number variable at its joiners ("-", ", ", "&"); when the first
    part is a number, each part that is a whole number is printed in the cs:number's form
    and the label is plural, whatever the other parts hold."""
    assert expected in api.format_bibliography([_book(edition=edition)], "apa")


def test_a_volume_with_words_after_its_number_takes_the_plural_label():
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "volume": "10, Issue 3"}
    assert "J, vols. 10, Issue 3, 2000." in api.format_bibliography(
        [item], "modern-language-association")


@pytest.mark.parametrize("style, page, expected", [
    ("apa", "25-1 - 25-26", "25-1-25–26"),  # a chapter's page "25-1" to its "25-26"
    ("elsevier-vancouver", "25-1-25-26", "25-1-25–6"),  # its minimal format
    ("apa", "1-2, 5-6-7", "1–2, 5-6–7"),  # each part of a list
    ("apa", "S1-2-S3", "S1-2-S3"),  # the last two pages have different prefixes: no range
])
def test_three_pages_joined_by_hyphens_are_a_range_of_the_last_two(style, page, expected):
    """citeproc-js reads a page of three or more numbers joined by hyphens as a range of
    the last two: the hyphens before them are closed up and kept, the last one is the
    style's range ("25-1 - 25-26" was printed as written)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "page": page}
    assert expected + "." in api.format_bibliography([item], style)


OPENING = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>opening term</title><id>t</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="volume"><text term="volume" form="short"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>{layout}</layout></bibliography>
</style>"""


@pytest.mark.parametrize("layout, expected", [
    ('<text term="volume" form="short"/><text variable="volume" prefix=" "/>', "Vol. 2019"),
    ('<text variable="citation-number" suffix=". "/><text term="volume" form="short"/>',
     "1. Vol."),  # the citation number is not printed text for this
    ('<text macro="volume"/>', "Vol."),  # through a macro
    ('<text term="volume" form="short" prefix="(" font-style="italic"/>', "(Vol."),
    ('<text variable="title"/><group><text variable="title"/></group>'  # empty variables
     '<text term="volume" form="short"/>', "Vol."),
    ('<text term="in" suffix=" "/><text term="volume" form="short"/>', "In vol."),
    ('<number variable="volume" suffix=" "/><text term="volume" form="short"/>', "2019 vol."),
    ('<text term="volume" form="short" text-case="lowercase"/>', "vol."),
    ('<label variable="volume" form="short"/>', "vol."),  # a label is no term here
    ('<text value="vol."/>', "vol."),
])
def test_a_term_that_opens_a_bibliography_entry_is_capitalised(tmp_path, layout, expected):
    """citeproc-js capitalises the first letter of a cs:text term when nothing was printed
    before it in the entry ("[1] Vol. 2019." in IEEE for a document with a volume alone)."""
    style = tmp_path / "opening.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    item = {"id": "a", "type": "book", "volume": "2019"}
    assert api.format_bibliography([item], style) == expected + "\n"


@pytest.mark.parametrize("layout, expected", [
    ('<text variable="issue"/><text term="no date" form="short"/>', "n.d."),
    ('<group delimiter=" "><text variable="edition"/><text macro="volume" prefix="(" '
     'suffix=")"/></group>', "(vol.)"),  # as APS's "[1] (n.d.)."
    ('<text variable="volume" form="short"/><text term="no date" form="short"/>', "n.d."),
    # a cs:number, the pages, or a group or macro that prints nothing ask for nothing
    ('<number variable="issue"/><text term="no date" form="short"/>', "N.d."),
    ('<text variable="page"/><text term="no date" form="short"/>', "N.d."),
    ('<group><text variable="issue"/></group><text term="no date" form="short"/>', "N.d."),
])
def test_a_term_after_a_number_variable_the_item_lacks_is_not_capitalised(tmp_path, layout,
                                                                          expected):
    """citeproc-js 2.4.63 counts a cs:text of a number variable (volume, issue, edition, …)
    as printed text before a term even where the item lacks it: APS prints "[1] (n.d.)."
    for a record of no fields, where we printed "[1] (N.d.)." (checked on probes)."""
    style = tmp_path / "opening.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    assert api.format_bibliography([{"id": "a", "type": "book"}], style) == expected + "\n"
    record = [{"id": "a", "type": "article-journal"}]
    assert api.format_bibliography(record, "american-physics-society") == "[1] (n.d.).\n"


def test_a_term_after_other_text_keeps_its_prefix_merging(tmp_path):
    """The mark of a term that may open the entry sits inside its affixes: DIN 1505-2's
    ``<text prefix=". " term="in"/>`` after a title with its period is one period."""
    layout = '<text variable="title" suffix="."/><text term="in" prefix=". " suffix=": "/>'
    style = tmp_path / "din.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    item = {"id": "a", "type": "book", "title": "Title"}
    assert api.format_bibliography([item], style) == "Title. in:\n"


@pytest.mark.parametrize("layout, expected", [
    ('<text variable="title" quotes="true"/><text value="."/>', "“Why?”."),
    ('<text variable="title" quotes="true"/><text value=", "/><text variable="URL"/>',
     "“Why?”, u"),
    ('<text variable="title" quotes="true" suffix="."/>', "“Why?”"),  # an affix moves in
    ('<group delimiter=", "><text variable="title" quotes="true"/><text variable="URL"/>'
     '</group>', "“Why?,” u"),  # and a delimiter
])
def test_the_marks_of_a_value_stay_outside_the_quotes_before_it(tmp_path, layout, expected):
    """punctuation-in-quote moves affixes and delimiters into the quotes before them, never
    a cs:text value's own marks, which neither merge with the title's "?" ("“Why?”."; IEEE's
    value="." after a title alone)."""
    style = tmp_path / "value.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    item = {"id": "a", "type": "article-journal", "title": "Why?", "URL": "u"}
    assert api.format_bibliography([item], style) == expected + "\n"


@pytest.mark.parametrize("parts, expected", [
    ([[11], [7]], "11–7 AD"),  # one era, after the range
    ([[-11], [7]], "11–7 BC"),  # the first year's
    ([[900], [2000]], "900–2000"),  # AD only below 500
    ([[499]], "499! AD"),  # after the year's suffix
    ([[700]], "700!"),
])
def test_a_years_era_is_the_first_years_after_the_range_and_its_affixes(
        tmp_path, parts, expected):
    """citeproc-js prints AD after years 1 to 499 (citeproc-py: up to 999) and BC before
    year 1, after the year's affixes, and a range of years once, with its first year's era
    ("Accessed: 11–7 AD" for a record whose accessed years are 11 and 7)."""
    suffix = "!" if len(parts) == 1 else ""
    layout = f'<date variable="issued"><date-part name="year" suffix="{suffix}"/></date>'
    style = tmp_path / "era.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    item = {"id": "a", "type": "book", "issued": {"date-parts": parts}}
    assert api.format_bibliography([item], style) == expected + "\n"


@pytest.mark.parametrize("layout, expected", [
    ('<text variable="title" quotes="true"/>', "! “and ?: Storage”"),  # before the quotes
    ('<text variable="title" text-case="title"/>', "! ! And ?: Storage"),  # once more
    ('<text variable="title" text-case="title" quotes="true"/>', "! “! And ?: Storage”"),
    ('<text variable="title" font-style="italic"/>', "! and ?: Storage"),
])
def test_marks_a_variable_opens_with_go_before_its_quotes_and_repeat_before_its_case(
        tmp_path, layout, expected):
    """citeproc-js takes the marks a variable opens with ("! and ?: Storage as Tensorial
    Strength") out of it: they come before the variable's quotes, and where a text-case
    other than sentence case applies, they are printed once more before the variable."""
    style = tmp_path / "lead.csl"
    style.write_text(OPENING.format(layout=layout), "utf-8")
    item = {"id": "a", "type": "article-journal", "title": "! and ?: Storage"}
    assert api.format_bibliography([item], style).replace("\u202f", " ") == expected + "\n"


@pytest.mark.parametrize("page, label", [
    ("4-pp", "pp."),  # a word after the number: still two parts
    ("12-Suppl", "pp."),
    ("e4a-pp", "pp."),  # "e" opens the number 4a
    ("xii-pp", "pp."),  # a roman number first
    ("4a, pp", "pp."),
    ("4a-pp", "p."),  # one number, as "12a-c"
    ("4:1-pp", "p."),  # "4:1" is no number
    ("c-pp", "p."),
])
def test_pages_that_are_not_all_page_numbers_are_counted_by_their_first_part(page, label):
    """citeproc-js counts the parts of a page that are not all page numbers as those of any
    number variable: plural when there are several and the first is a number, whatever the
    others hold ("pp. 4-pp"; we printed "p. 4-pp")."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "page": page}
    assert f"J, 2000, {label} {page}." in api.format_bibliography(
        [item], "modern-language-association")


@pytest.mark.parametrize("style, fields, expected", [
    ("apa", {"author": [{"family": "Theobald", "given": "Christoph (1946-....)"}]},
     "Theobald, C. (1946-. . . . ). (2000)."),  # each period an initial of its own
    ("modern-language-association", {"author": [{"family": "Theobald",
                                                 "given": "Christoph (1946-....)"}]},
     "Theobald, Christoph (1946-.. .. .. .. ). T."),  # not initializing: each gets the mark
    ("american-medical-association", {"author": [{"family": "Theobald",
                                                  "given": "Christoph (1946-....)"}]},
     "Theobald C (1946 . . . . ). T."),
    ("apa", {"type": "chapter", "editor": [{"family": "Ed", "given": "sj"}]},
     "T ( sj Ed, Ed.)."),  # a word opening in lower case keeps a space before it
    ("modern-language-association", {"author": [{"family": "Fam", "given": "Soo-A"}]},
     "Fam, Soo-A. T."),  # an initial after a hyphen stays joined
    ("american-medical-association", {"author": [{"family": "Deng",
                                                  "given": "Pradeep A K & E S"}]},
     "Deng PAK& ES. T."),  # the mark, none in AMA, takes the place of the space after
    ("american-medical-association", {"author": [{"family": "Hanley", "given": "K _"}]},
     "Hanley K_. T."),
])
def test_given_names_are_initialized_word_by_word_as_citeproc_js_cuts_them(
        style, fields, expected):
    """citeproc-js puts a space after every period of a given name that has none, cuts the
    name at spaces and hyphens, and makes each word that opens with a capital an initial,
    its mark in place of the space after it: "(1946-....)" is four initials ("(1946-. . . )"
    before), a lower-case word keeps the space before it ("(sj Ed, Ed.)" before), "K _" in
    AMA is "K_" ("K _" before)."""
    assert expected in api.format_bibliography([_book(title="T", **fields)], style)


@pytest.mark.parametrize("issue, expected", [
    ("3&sol;4", "nos. 3 & sol;4,"),  # entity-like text after an "&" is no entity
    ("3&amp;4", "nos. 3 & amp;4,"),
    ("a&sol;b", "no. a&sol;b,"),  # between letters, unspaced, as "R&D"
])
def test_any_ampersand_of_a_number_variable_joins_its_parts(issue, expected):
    """citeproc-js reads every "&" of a number variable as a joiner of its parts, spaced
    where no letters are around it, also where what follows looks like an HTML entity:
    "3&sol;4" is "nos. 3 & sol;4" in MLA ("nos. 3&sol;4" before)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "volume": "1", "issue": issue}
    assert f"J, vol. 1, {expected} 2000." in api.format_bibliography(
        [item], "modern-language-association")


def test_an_ampersand_of_a_number_printed_by_cs_number_joins_its_parts_too():
    """IEEE prints the issue with cs:number: "no. 3 & sol;4" as citeproc-js ("3&sol;4"
    before, where cs:text printed it joined)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "volume": "1", "issue": "3&sol;4"}
    assert "J, vol. 1, no. 3 & sol;4, 2000." in api.format_bibliography([item], "ieee")


@pytest.mark.parametrize("style, ending, expected", [
    ("ieee", ",", "“T Risk,” in Proc"),  # the style's comma merges with the title's
    ("ieee", "’,", "“T Risk’,” in Proc"),  # after an apostrophe too
    ("ieee", ".", "“T Risk.,” in Proc"),  # a comma after a period stays
    ("modern-language-association", ";", "“T Risk;” Proc"),  # a period after ";" goes
    ("modern-language-association", ",", "“T Risk,.” Proc"),  # a period after "," stays
])
def test_a_mark_moved_into_quotes_merges_with_the_mark_the_quoted_text_ends_with(
        style, ending, expected):
    """citeproc-js merges the punctuation it moves inside a closing quote with the mark the
    quoted title ends with, as marks merge where fields meet: IEEE prints “Risk,” for a
    title ending in a comma (“Risk,,” before) and MLA “Risk;” (“Risk;.” before)."""
    item = {"id": "a", "type": "paper-conference", "title": "T Risk" + ending,
            "container-title": "Proc", "author": [{"family": "Ng", "given": "Jo"}],
            "issued": {"date-parts": [[2000]]}}
    assert expected in api.format_bibliography([item], style)


@pytest.mark.parametrize("style, page, expected", [
    ("elsevier-vancouver", "92a-93", "92a–93"),  # minimal: "993" less what "92a" opens with
    ("modern-language-association", "92a-9", "92a–29"),  # minimal-two keeps two digits
    ("modern-language-association", "15e-9", "15e–59"),
    ("apa", "92a-93", "92a–993"),  # expanded
    ("ieee", "92a-93", "92a–993"),  # no format: a last end that goes up
    ("ieee", "92a-91", "92a–91"),  # ... but not one below the first's digits
    ("apa", "4ab-5", "4ab–5"),  # the opening "4a" is no digits: not taken
])
def test_a_lettered_range_is_expanded_then_made_minimal(style, page, expected):
    """citeproc-js expands the last end of a range from a lettered page ("92a-93") with the
    first end's opening digits, then the minimal formats drop what both ends open with
    alike: "92a–93" in Vancouver and MLA ("92a–993" before)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Ng", "given": "Jo"}], "issued": {"date-parts": [[2000]]},
            "page": page}
    assert expected in api.format_bibliography([item], style)


@pytest.mark.parametrize("style, edition, expected", [
    ("modern-language-association", "4., völlig überarb. Aufl", "T. 4., Völlig überarb. Aufl,"),
    ("modern-language-association", "second-edition revised", "T. Second-Edition revised,"),
    ("modern-language-association", "second and revised", "T. Second and Revised,"),
    ("ieee", "Second edition, revised", "T, Second edition, Revised."),
    ("modern-language-association", "second edition,revised", "T. Second edition,revised,"),
])
def test_the_case_of_a_number_variable_applies_to_each_of_its_parts(style, edition, expected):
    """citeproc-js cuts a number variable that is no number into parts at its joiners
    (", ", "-", "&", " and ", "; ") and changes the case of each part: capitalize-first
    prints "4., Völlig überarb. Aufl" ("4., völlig" before); a comma without a space
    cuts nothing."""
    assert expected in api.format_bibliography([_book(edition=edition)], style)


def test_a_given_name_alone_keeps_its_spaces():
    """citeproc-js prints the given name of a name without a family name as written, its
    closing spaces too: "Tom ," (we printed "Tom,"; runs of spaces print as one)."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"given": "Tom  ", "non-dropping-particle": "Cer"},
                       {"given": "Al", "family": "Zed"}], "issued": {"date-parts": [[2000]]}}
    assert "Cer Tom , & Zed, A. (2000)." in api.format_bibliography([item], "apa")


@pytest.mark.parametrize("style, family, given, expected", [
    ("american-chemical-society", "* ", "Mantz Yorke", "(1) * M. Y.; Zed, A."),
    ("ieee", "*", "Mantz Yorke", "[1] * M. Y. and A. Zed,"),  # not given name first
    ("ieee", "*", "3M", "[1] *3M and A. Zed,"),  # nor a given name in no script: no space
])
def test_a_family_name_without_letters_is_followed_by_the_given_name(
        style, family, given, expected):
    """citeproc-js prints a name whose family name has no letter or digit family name
    first, the given name after a space where it opens with a Latin letter ("* M. Y.";
    "* , M. Y." in ACS and "M. Y. *" in IEEE before), without one where it does not."""
    item = {"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": family, "given": given}, {"given": "Al", "family": "Zed"}],
            "issued": {"date-parts": [[2000]]}}
    assert expected in api.format_bibliography([item], style)


_PERSON = {"family": "Doe", "given": "Jane"}


@pytest.mark.parametrize("style, authors, expected", [
    ("apa", [{"literal": "Brian D. Barnes"}, {"literal": "Wayne Wurtsbaugh"}],
     "Brian D. Barnes & Wayne Wurtsbaugh. (2001)."),  # APA: "always"
    ("apa", [_PERSON, {"literal": "Acme Corp"}], "Doe, J. & Acme Corp. (2001)."),
    ("apa", [{"literal": "Acme Corp"}, _PERSON], "Acme Corp, & Doe, J. (2001)."),  # as the style
    ("nature", [{"literal": "Hani Abu"}, {"literal": "Gus Williams"}, {"literal": "A. Miller"}],
     "1. Hani Abu, Gus Williams, & A. Miller."),  # Nature: "never"
    ("nature", [{"literal": "One A"}, {"literal": "Two B"}, _PERSON],
     "1. One A, Two B & Doe, J."),
    ("modern-language-association", [_PERSON, {"literal": "Acme Corp"}],
     "Doe, Jane and Acme Corp."),
])
def test_the_delimiter_before_an_institution_that_ends_the_names_is_contextual(
        style, authors, expected):
    """Before a literal name (an institution) that ends a name list, citeproc-js puts the
    delimiter before the and-term only after two or more names, whatever the style's
    delimiter-precedes-last ("A & Acme Corp", "A, B, & Acme Corp"); before a person the
    style's rule holds. 62 entries of a RIS file's single-field names in the ten styles."""
    item = {"id": "a", "type": "book", "title": "T", "author": authors,
            "issued": {"date-parts": [[2001]]}}
    assert api.format_bibliography([item], style).startswith(expected)


@pytest.mark.parametrize("style, issued, expected", [
    ("apa", [[0]], "Aa, B. (n.d.). Zero."),
    ("apa", [["0"]], "Aa, B. (n.d.). Zero."),
    ("chicago-author-date", [[0]], "Aa, B. n.d. Zero."),
    ("ieee", [[0]], "[1] B. Aa, Zero.\n"),
])
def test_a_date_of_year_0_alone_is_no_date(style, issued, expected):
    """citeproc-js reads date-parts [[0]] as no date: "n.d." where the style prints one,
    nothing else (we printed "(0)"; 15 entries of one Zotero export, lines checked with
    citeproc-js 2.4.63)."""
    item = {"id": "a", "type": "book", "title": "Zero", "author": [{"family": "Aa", "given": "B"}],
            "issued": {"date-parts": issued}}
    assert api.format_bibliography([item], style).startswith(expected)
