"""mdpi and mdpi-references: MDPI's LaTeX template (mdpi.bst) rules for every BibTeX type.

The expected lines are what mdpi.bst prints for our entries in tests/fixtures/bibtex/mdpi_types.bib,
each entry rendered alone by BibTeX 0.99d with mdpi.bst and read back as golden-tex reads a .bbl
(bbl2text.py direct); docs/mdpi.md. mdpi-references adds mdpi.bst's DOI; mdpi is the
same without it.
"""
from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES, shared

from citetool import api
from citetool.styles import mdpi_references

ENTRIES = api.load([FIXTURES / "bibtex" / "mdpi_types.bib"]).items
DOI = re.compile(r"\. https://doi\.org/\S+$")

EXPECTED = {
    "eleven": "Alpha, A.; Beta, B.; Gamma, C.; Delta, D.; Epsilon, E.; Zeta, F.; Eta, G.; "
              "Theta, H.; Iota, I.; Kappa, J.; et al. Eleven authors in one list. Journal of Tests "
              "2021, 12, 34–56. https://doi.org/10.1234/jt.2021.34.",
    "numbered": "Kind, A. Flood gauges of the upper valley. Technical Report TR-7, Valley Water "
                "Board, Riverton, 2019.",
    "unnumbered": "Kind, A. Flood gauges revisited. Technical report, Valley Water Board, 2020.",
    # a report with an edition is a manual (edition is a field of @manual, not @techreport):
    # no kind or number, the edition before the year
    "gaugeguide": "Gauge, R.; Moss, I. Gauge Simulator, User Guide. Gauge Standards Board, "
                  "Riverton, sixth ed., 2013.",
    "placedguide": "Gauge, R. Gauge Simulator, Quick Guide. Riverton, 2014.",
    "working": "Kind, A. Gauges and rain. Working Paper 12, Valley Water Board, 2021.",
    "placed": "Moss, I. Sorting small lists. In Proceedings of the 4th Workshop on Small Things, "
              "Lyon, France, May 2018; pp. 11–19. https://doi.org/10.5555/wst.2018.11.",
    "published": "Moss, I. Sorting tiny lists. In Proceedings of the 2019 Conference on Tiny "
                 "Things (CTT). IEEE, 2019, pp. 1–9.",
    "bare": "Moss, I. Sorting lists. In Proceedings of the Proceedings of the Meeting on Lists, "
            "2017, pp. 101–102.",
    "edited": "Moss, I. Lists in R. In Proceedings of the Third Workshop on Statistical Lists; "
              "Oak, B.; Pine, C., Eds., Vienna, Austria, March 2003.",
    "package": "Roe, J.Q. fooR: Tools for Foo, 2022. R package version 1.2.3.",
    "webmisc": "The Example Vocabulary. https://example.org/vocab/, 2015. Accessed: 01/02/2020.",
    "proposal": "Field, M. Measuring the spin of small things. Proposal to the Small Things "
                "Committee.",
    "thesis": "Stone, E.R. Gauges in rivers. PhD thesis, University of Riverton, Riverton, 2012. "
              "Order No. 12345.",
    "isbn": "Wood, A.; Reed, J. Lists: The Definitive Guide; List Press: Boston, 2018. "
            "ISBN 9781234567897.",
    "series": "Wood, A. More Lists; Vol. 3, Lecture Notes on Lists, List Press: Boston, 2001.",
    "chapter": "Hill, A. Lists of lists. In The Book of Lists; Oak, B.; Pine, C., Eds.; List "
               "Press: Boston, 2010; Vol. 2, Studies in Lists, pp. 10–20.",
    "edition": "Wood, A. Even More Lists, revised ed.; List Press, 2005.",
    "numberedchapter": "Hill, A. Lists of sets. In The Book of Sets; Set Press: Boston, 2011; "
                       "chapter 4, pp. 30–40.",
    "leaflet": "Field, M. Gauge leaflet. Handed out at the fair, Riverton, 2014.",
    "deposit": "Stone, E.R. Gauge readings 2010–2020, 2021. https://doi.org/10.5281/zenodo.999.",
    "cutshort": "Alpha, A.; et al. A list cut short. Journal of Tests 2022, 13, 7–9.",
    "nojournal": "Gauges for rivers, part 2: readings 2022.",
    # no journal: the volume and pages after a period (mdpi.bst's output.state after.block)
    # a book's editors are printed only when it has no authors
    "editedauthored": "Wood, A. Letters on Lists; List Press: Boston, 1994.",
    # a number with no volume is the number in the series
    "numberedseries": "Wood, A. Lists in Missions; Number 42 in Studies in Lists, List Press: "
                      "Boston, 2009.",
    "numberedproceedings": "Moss, I. Sorting long lists. In Proceedings of the Workshop on "
                           "Lists. List Press, 2016, number 7 in Lecture Notes on Lists, "
                           "pp. 5–9.",
    # TeX prints ' as ’, as we do
    "masters": "Reed, J. Counting gauges. Master’s thesis, University of Riverton, Riverton, 2015.",
    "talk": "Moss, I. Sorting lists by hand. In Proceedings of the Meeting on Lists, Lyon, France, "
            "June 2021; pp. 3–4.",
    "site": "Gauge Standards Board. River gauge register. Available online: "
            "https://example.org/gauges.",
    "nojournalpages": "Gauge, R. Land use and surface temperature 2001. pp. 1–17.",
    # simple math: its scripts raised or lowered, as TeX prints them (no "^" or "_")
    "ordinal": "Moss, I. Sorting lists with CO2. In Proceedings of the Proceedings of the "
               "5th Workshop on Lists, "
               "2011, pp. 99–108.",
    # pages as the record writes them, the hyphen made a dash (mdpi.bst's n.dashify)
    "shortrange": "Gauge, R.; Flow, I. Readings of river gauges in spring. Journal of Tests 2014, "
                  "30, 721–9.",
    # a chapter without the book's title: its title, then "; " (mdpi.bst's after.item)
    "nobooktitle": "Hill, A. Lists without a book; List Press, 2011; pp. 87–105.",
    # a report is published by its institution; a publisher field is none of BibTeX's
    "standard": "Gauge Standards Board. Gauge standard 12: river gauges. Standard, Gauge "
                "Standards Board, 2021.",
    # a chapter or paper without authors: its editors stay after the book's title (mdpi.bst
    # never puts them in the authors' place, as it does for a book)
    "editedchapter": "Lists without authors. In The Book of Lists; Oak, B.; Pine, C., Eds.; List "
                     "Press: Boston, 2013; pp. 40–49.",
    "editedpaper": "Sorting unsigned lists. In Proceedings of the Workshop on Lists; Oak, B., Ed., "
                   "Lyon, France, 2015; pp. 7–9.",
    # ... and without the title of the proceedings, neither they nor the edition are printed
    "editednobook": "Sorting lists of lists. 2016.",
    # a paper's own title, without the subtitle of the proceedings it cross-references
    "crossedpaper": "Moss, I. Sorting lists on the web. In Proceedings of the Spring Meeting: "
                    "Lists on the Web. List Press, 2009, pp. 1–2.",
    # a paper with a place and no proceedings' title: the place runs on after the title
    "placednobook": "Moss, I. Sorting lists by the sea, Lyon, France, May 2019; pp. 5–6.",
}


def line(key: str, style: str, output_format: str = "text") -> str:
    item = next(item for item in ENTRIES if item["id"] == key)
    return api.format_bibliography([item], style, output_format).strip()


@pytest.mark.parametrize("key", EXPECTED)
def test_each_type_as_mdpi_bst_prints_it(key):
    assert line(key, "mdpi-references") == EXPECTED[key]


#: Types where we print another line than mdpi.bst, each for a reason docs/mdpi.md gives:
#: (ours, mdpi.bst's).
DIFFERENT = {
    # a period after the authors, as MDPI's instructions write a chapter (mdpi.bst: a comma)
    "inbookchapter": ("Hill, A. Lists of maps. In The Book of Maps; Map Press: Boston, 2012; "
                      "pp. 5–9.",
                      "Hill, A., Lists of maps. In The Book of Maps; Map Press: Boston, 2012; "
                      "pp. 5–9."),
    # @proceedings reads as a CSL book (CSL has no type for it)
    "procs": ("Oak, B.; Pine, C., Eds. Proceedings of the Meeting on Lists; List Press: Boston, "
              "2019.",
              "Oak, B.; Pine, C., Eds. Proceedings of the Meeting on Lists, Boston, 2019. "
              "List Press."),
    # @manual and @techreport are both a CSL report: an organization reads as an institution
    "rcore": ("R Core Team. R: A Language for Lists. Technical report, R Foundation for Lists, "
              "Vienna, Austria, 2020.",
              "R Core Team. R: A Language for Lists. R Foundation for Lists, Vienna, Austria, "
              "2020."),
    # an eprint of a published article: CSL has no eprint variable (mdpi.bst: ", [eprint]")
    "arxivjournal": ("Gauge, R. Rain gauges seen from orbit. Journal of Tests 2019, 15, 21–30. "
                     "https://doi.org/10.1234/jt.2019.21.",
                     "Gauge, R. Rain gauges seen from orbit. Journal of Tests 2019, 15, 21–30, "
                     "[arXiv:astro-ph.EP/1904.12931]. https://doi.org/10.1234/jt.2019.21."),
    # a page range that is not two numbers keeps its hyphen, as in citeproc-js
    "letterpages": ("Gauge, R. Gauges with lettered pages. Journal of Tests 2006, 22, e497-506.",
                    "Gauge, R. Gauges with lettered pages. Journal of Tests 2006, 22, e497–506."),
    # a numeric range loses the spaces the .bib put around its dash, as MDPI's pages print it
    "spacedpages": ("Gauge, R. Gauges with spaced pages. Journal of Tests 2012, 689, 87–97.",
                    "Gauge, R. Gauges with spaced pages. Journal of Tests 2012, 689, 87 – 97."),
    # a @misc url field takes howpublished's place (mdpi.bst drops it)
    "urlmisc": ("Gauge Standards Board. Examination programme for gauges. "
                "https://example.org/gauges.pdf, 2012.",
                "Gauge Standards Board. Examination programme for gauges, 2012."),
    # no period after a name without initials, none doubled (mdpi.bst's "{, f{.}}.")
    "collaboration": ("The Gauge Collaboration; Moss, I. The gauge detector. Journal of Tests "
                      "2008, 3, 8–9.",
                      "The Gauge Collaboration.; Moss, I. The gauge detector. Journal of Tests "
                      "2008, 3, 8–9."),
    "company": ("Gauge Makers, Ltd. Model 8600 gauge data sheet, 2010.",
                "Gauge Makers, Ltd.. Model 8600 gauge data sheet, 2010."),
    # quotes typed in a title are the locale's, as citeproc-js prints them (TeX: as typed)
    "quoted": ("Gauge, R. Gauges under “ideal” conditions. Journal of Tests 1991, 56, 275–294.",
               "Gauge, R. Gauges under 'ideal' conditions. Journal of Tests 1991, 56, 275–294."),
    # a month is named: as written in braces ("jan"), or a macro mdpi.bst does not define
    "bracedmonth": ("Moss, I. Sorting lists in winter. In Proceedings of the Proceedings of the "
                    "Winter Meeting on Lists. List Press, January 2017, pp. 70–81.",
                    "Moss, I. Sorting lists in winter. In Proceedings of the Proceedings of the "
                    "Winter Meeting on Lists. List Press, jan 2017, pp. 70–81."),
    "macromonth": ("Moss, I. Sorting lists in summer. In Proceedings of the Proceedings of the "
                   "Summer Meeting on Lists. List Press, July 2018, pp. 1–9.",
                   "Moss, I. Sorting lists in summer. In Proceedings of the Proceedings of the "
                   "Summer Meeting on Lists. List Press, 2018, pp. 1–9."),
    # a note whose first line is "word: …" (a URL's "https:") is a field to citeproc-js,
    # which prints no such note in any style, and neither do we
    "linknote": ("Gauge, R. Gauges with a link in the note. Journal of Tests 2016, 25, 534–546.",
                 "Gauge, R. Gauges with a link in the note. Journal of Tests 2016, 25, 534–546. "
                 "https://doi.org/10.1234/jt.2016.534."),
}


@pytest.mark.parametrize("key", DIFFERENT)
def test_types_where_we_differ_from_mdpi_bst(key):
    ours, bst = DIFFERENT[key]
    assert line(key, "mdpi-references") == ours != bst

@pytest.mark.parametrize("key", EXPECTED)
def test_mdpi_is_the_same_without_the_doi(key):
    assert line(key, "mdpi") == DOI.sub(".", EXPECTED[key])


def test_italics_where_mdpi_bst_has_them():
    assert "<i>fooR: Tools for Foo</i>, 2022" in line("package", "mdpi", "html")
    assert "<i>Gauge Simulator, Quick Guide</i>. Riverton" in line("placedguide", "mdpi", "html")
    chapter = line("chapter", "mdpi", "html")
    assert "In <i>The Book of Lists</i>;" in chapter
    assert "Vol. 2, <i>Studies in Lists</i>, pp." in chapter


def test_hyphenated_given_names_lose_the_hyphen_only_in_the_reference_list():
    """mdpi.bst's {f.} joins all initials with periods ("Chen, L.C.", as it prints
    sandler2018mobilenetv2 of golden-tex), and MDPI's reference guide asks for the initials of
    the first and middle names, each with a period; MDPI's cite box keeps the hyphen
    ("Wu, C.-H.; Pu, N.-W." on https://www.mdpi.com/1996-1944/14/3/679)."""
    assert line("hyphenated", "mdpi-references") == (
        "Chen, L.C.; Wu, C.H.; Dubois, J.P. Hyphens in given names. Journal of Tests 2023, 14, "
        "1–8.")
    assert line("hyphenated", "mdpi").startswith("Chen, L.-C.; Wu, C.-H.; Dubois, J.-P. Hyphens")


@pytest.mark.parametrize("path", [mdpi_references.SOURCE, mdpi_references.TARGET],
                         ids=lambda path: path.name)
def test_both_files_are_valid_csl(path):
    """Either file is meant for any CSL processor (Zotero validates styles before using them):
    checked against the CSL 1.0 schema that citeproc-py ships."""
    from importlib import resources

    from lxml import etree

    schema = resources.files("citeproc") / "data/schema/schemas/styles/csl.rng"
    validator = etree.RelaxNG(etree.parse(str(schema)))
    assert validator.validate(etree.parse(str(path))), validator.error_log


def test_mdpi_references_is_made_from_mdpi():
    """Edit styles/mdpi.csl, then run python styles/mdpi_references.py."""
    source = mdpi_references.SOURCE.read_text("utf-8")
    assert mdpi_references.TARGET.read_text("utf-8") == mdpi_references.derived(source)


#: Entries of ../shared/golden-tex/mdpi.jsonl where mdpi-references and mdpi.bst differ, each for
#: a reason docs/mdpi.md gives.
DOCUMENTED = {
    "Benita": "article number kept",
    "Carlson:2011aa": "eprint as the article number, without brackets",
    "Guo09": "month with days",
    "Antognini:2015aa": "numeric month",
    "gopinath_tutorial_1993": "initials without a space",
    "rmarkdown2018": "initials without a space",
    "kurakin2018adversarial": "note ending in \\!: no final period in BibTeX or MDPI; CSL adds one",
    "Andrade2019a": "lower-case word in a given name: MDPI prints M.d.J. too, CSL cannot",
    "Lopes2010": "lower-case word in a given name: MDPI prints M.d.J. too, CSL cannot",
    "Madyastha2012": "inbook comma",
    "eaton1989group": "inbook comma",
    "eshyana2026": "a note of a URL alone: citeproc-js drops it (a note line 'https: …')",
    "Collins2011": "a space before a colon: citeproc-js prints a narrow no-break space",
}


def test_every_difference_from_mdpi_bst_is_documented():
    path = shared("golden-tex", "mdpi.jsonl")
    rows = [json.loads(text) for text in path.read_text("utf-8").splitlines()]
    differ = set()
    for row in rows:
        items = api.parse(row["bibtex"], "<golden>", "bibtex").items
        ours = api.format_bibliography(items, "mdpi-references").strip()
        if "’" not in row["bibtex"]:  # TeX prints ' as ’ too; golden-tex maps it back
            ours = ours.replace("’", "'")
        if ours != row["text"]:
            differ.add(row["key"])
    assert differ == set(DOCUMENTED)  # a fixed entry leaves the list (and docs/mdpi.md)
