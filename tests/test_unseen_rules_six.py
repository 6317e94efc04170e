"""Rules of citeproc-js 2.4.63 found on the shared corpus's dev_all files beyond dev (#17),
each with records of our own."""
from __future__ import annotations

from citetool import api


def _article(key: str, **fields: str) -> dict[str, object]:
    return {"id": key, "type": "article-journal", "title": key.upper(),
            "author": [{"family": "Doe", "given": "Jane"}], "container-title": "Journal",
            "issued": {"date-parts": [[2000]]}, **fields}


def test_a_joiner_that_opens_a_number_variable_goes():
    """citeproc-js cuts a number variable at its joiners and prints no empty part nor the
    joiner after it: an issue "-2" is "2", a page "-" or "--" prints nothing, and the group
    around it goes as for no page (APA's ", -"). The variable is still set: a condition on
    it holds (Nature's comma after the volume), and a group around it is not suppressed
    (IEEE's label "p." before it)."""
    items = [_article("a", volume="3", issue="-2", page="5-9"),
             _article("b", volume="3", issue="4", page="-"),
             _article("c", volume="-", issue="\u2013", page="--")]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "Doe, J. (2000a). A. Journal, 3(2), 5–9.",
        "Doe, J. (2000b). B. Journal, 3(4).",
        "Doe, J. (2000c). C. Journal."]
    assert api.format_bibliography(items[1:2], "nature", locale="en-US").splitlines() == [
        "1. Doe, J. B. Journal 3, (2000)."]
    assert api.format_bibliography(items[1:2], "ieee", locale="en-US") == \
        "[1] J. Doe, “B,” Journal, vol. 3, no. 4, p., 2000.\n"


def test_a_number_with_leading_zeros_takes_no_form():
    """Only a whole number without leading zeros is printed in a cs:number's form: an
    edition "0", "01" or "00" is printed as written, as citeproc-js prints it ("0 ed.")."""
    items = [{"id": edition, "type": "book", "title": f"T{edition}", "publisher": "Pub",
              "edition": edition, "issued": {"date-parts": [[2000]]},
              "author": [{"family": f"A{edition}", "given": "B"}]} for edition in
             ("0", "01", "00", "2")]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "A0, B. (2000). T0 (0 ed.). Pub.", "A00, B. (2000). T00 (00 ed.). Pub.",
        "A01, B. (2000). T01 (01 ed.). Pub.", "A2, B. (2000). T2 (2nd ed.). Pub."]



def test_a_label_after_a_page_range_ends_the_range():
    """citeproc-js reads a label in a page ("539-546 vol. 1"): the numbers before it are
    the page range, formatted as one (APA "539–546", Vancouver "539–46"), the label is the
    locale's short term where citeproc-js knows it ("ch." is "chap.", "vols." before a
    range) and as written where not ("sup."), and the page's own label goes; the page
    label counts the numbers before it ("pp." in IEEE). We printed the page as written."""
    pages = ["539-546 vol. 1", "539 vol. 1", "539-546 ch. 3", "539-546 sup. 2",
             "539-46 vol. 1-2", "12-18 p. 20"]
    items = [_article(f"a{index}", page=page) for index, page in enumerate(pages)]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "Doe, J. (2000a). A0. Journal, 539–546 vol. 1.",
        "Doe, J. (2000b). A1. Journal, 539 vol. 1.",
        "Doe, J. (2000c). A2. Journal, 539–546 chap. 3.",
        "Doe, J. (2000d). A3. Journal, 539–546 sup. 2.",
        "Doe, J. (2000e). A4. Journal, 539–546 vols. 1–2.",
        "Doe, J. (2000f). A5. Journal, 12–18 20."]
    assert api.format_bibliography(items[:1], "elsevier-vancouver", locale="en-US") == \
        "[1] Doe J. A0. Journal 2000:539–46 vol. 1.\n"
    assert api.format_bibliography(items[:2], "ieee", locale="en-US").splitlines() == [
        "[1] J. Doe, “A0,” Journal, pp. 539–546 vol. 1, 2000.",
        "[2] J. Doe, “A1,” Journal, p. 539 vol. 1, 2000."]


def test_a_range_from_a_page_with_capital_letters_takes_a_spaced_delimiter():
    """citeproc-js's page ranges know small letters only: a range from "72611J" to "10"
    (alone or as the last two of three pages) takes the style's delimiter spaced with a
    page-range-format (APA "72611J-72611J – 10", AMA "72611J - 10") and without one where
    it does not go down (IEEE "5J – 10", but "72611J–10"). We printed them as written."""
    items = [_article(f"a{index}", page=page) for index, page in
             enumerate(["72611J-72611J-10", "72611J-10", "5J-10", "5J-6J"])]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "Doe, J. (2000a). A0. Journal, 72611J-72611J – 10.",
        "Doe, J. (2000b). A1. Journal, 72611J – 10.",
        "Doe, J. (2000c). A2. Journal, 5J – 10.",
        "Doe, J. (2000d). A3. Journal, 5J-6J."]
    assert api.format_bibliography(items, "ieee", locale="en-US").splitlines() == [
        "[1] J. Doe, “A0,” Journal, pp. 72611J-72611J–10, 2000.",
        "[2] J. Doe, “A1,” Journal, pp. 72611J–10, 2000.",
        "[3] J. Doe, “A2,” Journal, pp. 5J – 10, 2000.",
        "[4] J. Doe, “A3,” Journal, pp. 5J-6J, 2000."]
    assert api.format_bibliography(items[:1], "american-medical-association",
                                   locale="en-US") == \
        "1. Doe J. A0. Journal. Published online 2000:72611J-72611J - 10.\n"


def test_names_added_by_disambiguation_keep_the_et_al_use_last_cut():
    """APA cites both works "M0 et al., 2000"; to tell them apart the cite of the one with
    23 authors shows all 23. The bibliography takes the names a cite added, but with
    et-al-use-last citeproc-js still cuts a list of et-al-min (21) or more names to
    et-al-min - 2 before the ellipsis and the last name; we printed all 23 names."""
    def article(key: str, families: list[str]) -> dict[str, object]:
        return {"id": key, "type": "article-journal", "title": key, "container-title": "J",
                "issued": {"date-parts": [[2000]]},
                "author": [{"family": family, "given": "Ann"} for family in families]}
    first = [f"M{index}" for index in range(22)]
    items = [article("G", [*first, "Al-Sayed"]), article("H", [*first, "Al-Sayed", "Ko"])]
    shown = ", ".join(f"M{index}, A." for index in range(19))
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        f"{shown}, … Al-Sayed, A. (2000). G. J.", f"{shown}, … Ko, A. (2000). H. J."]


def _paper(key: str, container: str, year: int) -> dict[str, object]:
    return {"id": key, "type": "paper-conference", "title": "Verification",
            "container-title": container, "issued": {"date-parts": [[year]]},
            "author": [{"family": "Basin", "given": "David"}]}


def test_a_value_of_marks_alone_is_printed_once_in_title_case():
    """citeproc-js prints the marks a variable opens with twice where title case applies
    ("?? b" is "?? ?? B"), but a value of marks alone ("??", "?!") once: we printed "???"
    in APA's title-cased container title."""
    items = [_paper("a", "??", 1991), _paper("b", "?!", 1992), _paper("c", "?? b", 1993)]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "Basin, D. (1991). Verification. ??", "Basin, D. (1992). Verification. ?!",
        "Basin, D. (1993). Verification. ?? ?? B."]


def test_a_sort_key_of_marks_alone_is_empty():
    """MLA sorts by the container too: citeproc-js's key of a container "??" is empty and
    comes before "Why?"; ours kept the character that holds the record's marks apart, and
    sorted it after every letter."""
    items = [_paper("a", "Why?", 1992), _paper("b", "??", 1991)]
    assert api.format_bibliography(items, "modern-language-association",
                                   locale="en-US").splitlines() == [
        "Basin, David. “Verification.” ??, 1991.", "———. “Verification.” Why?, 1992."]


def test_a_dotless_i_sorts_after_i():
    """citeproc-js collates a dotless ı as a letter of its own between i and j: "Dıaz"
    (and "Dı́az") after "Ding", before "Dj"; we read it as i."""
    families = ["Dj", "Dıaz", "Ding", "Diaz"]
    items = [{"id": family, "type": "book", "title": "T", "issued": {"date-parts": [[2000]]},
              "author": [{"family": family, "given": "A"}]} for family in families]
    assert api.format_bibliography(items, "apa", locale="en-US").splitlines() == [
        "Diaz, A. (2000). T.", "Ding, A. (2000). T.", "Dıaz, A. (2000). T.",
        "Dj, A. (2000). T."]


def test_formatted_text_of_marks_alone_merges_with_its_suffix():
    """citeproc-js keeps the end of a formatted variable ("<i>Why?</i>." in AMA) apart
    from its own suffix's mark, but not that of a formatted text of marks alone: AMA's
    italic container "??" is "In: ?? 1991."; we printed "In: ??. 1991."."""
    items = [_paper("a", "Why?", 1992), _paper("b", "??", 1991)]
    assert api.format_bibliography(items, "american-medical-association",
                                   locale="en-US").splitlines() == [
        "1. Basin D. Verification. In: Why?. 1992.", "2. Basin D. Verification. In: ?? 1991."]
