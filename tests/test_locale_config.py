"""--locale (codes citeproc-py ships, CSL locale files), settings from citetool.toml,
pyproject.toml and the environment, and citekey patterns."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEED
from hypothesis import given
from hypothesis import strategies as st

from citetool import api, config
from citetool.cli import cli
from citetool.errors import UsageError
from citetool.model import DEFAULT_CITEKEY_PATTERN, assign_citekeys, citekey

SEED = str(SEED)
RECORD = str(FIXTURES / "doi" / "10.3390_socsci9010001.json")  # read as CSL-JSON: a full date
KOLLEGEN = str(FIXTURES / "locales" / "locales-de-DE-kollegen.xml")


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def mla(*locale: str) -> str:
    items = api.load([RECORD]).items
    return api.format_bibliography(items, "modern-language-association", "text", *locale)


@pytest.mark.parametrize("locale, words", [
    ((), ("et al.", "“Community", "vol. 9", "Dec. 2019")),
    # The locales' own no-break spaces are kept, as citeproc-js keeps them.
    (("de-DE",), ("u.\u00a0a.", "„Community", "Bd. 9", "Dezember 2019")),
    (("de",), ("u.\u00a0a.", "„Community", "Bd. 9", "Dezember 2019")),
    (("fr-FR",), ("et al.", "«\u00a0Community", "décembre 2019")),
    ((KOLLEGEN,), ("und Kollegen", "„Community", "Bd. 9", "XII. 2019")),
])
def test_locale_sets_terms_quotes_and_dates(locale, words):
    line = mla(*locale)
    for word in words:
        assert word in line


def test_a_locale_through_the_command_line():
    result = run("format", "--style", "chicago-author-date", "--locale", "de-DE", SEED)
    assert result.exit_code == 0
    assert result.stdout.startswith("Hoefinger, H., J. Musto, P. G. Macioti, u.\u00a0a. 2020. „")


@pytest.mark.parametrize("locale, message", [
    ("xx-YY", "citetool: unknown locale 'xx-YY' (give a code such as de-DE, or a CSL locale "
              "file)\n"),
    ("de_DE", "citetool: unknown locale 'de_DE'; closest: de-DE, de (give a code such as de-DE, "
              "or a CSL locale file)\n"),
    ("missing.xml", "citetool: locale file 'missing.xml' does not exist\n"),
    (SEED, f"citetool: locale file '{SEED}' is not well-formed XML: syntax error: line 1, "
           f"column 0\n"),
    (str(FIXTURES / "locales" / "not_a_locale.xml"),
     f"citetool: locale file '{FIXTURES / 'locales' / 'not_a_locale.xml'}' is not a CSL locale "
     f"(no <locale xml:lang=\"…\">)\n"),
    (str(FIXTURES / "locales" / "doctype_entity.xml"),
     f"citetool: locale file '{FIXTURES / 'locales' / 'doctype_entity.xml'}' has a DOCTYPE, "
     f"which CSL locales never have and whose entities could read files, reach the network or "
     f"expand without bound: it was refused; remove the DOCTYPE\n"),
])
def test_a_wrong_locale_is_a_usage_error(locale, message):
    result = run("format", "--locale", locale, SEED)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_locale_completion_lists_citeprocs_locales():
    from citetool.render import locales

    assert {"de", "de-DE", "en-GB", "fr-FR", "pt-BR"} <= set(locales.names())


# Settings


def test_settings_come_from_citetool_toml_then_environment_then_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citetool.toml").write_text('style = "mdpi"\ncitekey-pattern = "[auth]"\n')
    from_file = run("format", SEED).stdout
    assert from_file.startswith("Hoefinger, H.; Musto, J.;")  # MDPI
    from_env = run("format", SEED, env={"CITETOOL_STYLE": "acs"}).stdout
    assert from_env.startswith("Hoefinger, H.; Musto, J.; Macioti, P. G.;")  # ACS
    from_option = run("format", "--style", "apa", SEED, env={"CITETOOL_STYLE": "acs"}).stdout
    assert from_option.startswith("Hoefinger, H., Musto, J.,")  # APA
    assert from_file != from_env
    item = json.loads(run("format", "--to", "csl-json", SEED).stdout)[0]
    assert item["id"] == "Hoefinger"  # the file's pattern; its style does not clash with --to


def test_pyproject_table_when_there_is_no_citetool_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.citetool]\n'
                                             'output-format = "html"\nlocale = "fr-FR"\n'
                                             'style = "chicago-author-date"\n')
    result = run("format", SEED)
    assert result.stdout.startswith('<div class="csl-bib-body">')
    assert "et al. 2020. «\u00a0Community-Based" in result.stdout


def test_config_shows_values_and_where_they_come_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citetool.toml").write_text('style = "mdpi"\ntimeout = 5\n')
    result = run("config", env={"CITETOOL_LOCALE": "de-DE", "CITETOOL_CACHE_DIR": "/c"})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        'style = "mdpi"  # citetool.toml',
        'locale = "de-DE"  # environment CITETOOL_LOCALE',
        'output-format = "text"  # default',
        f'citekey-pattern = "{DEFAULT_CITEKEY_PATTERN}"  # default',
        'doi-resolver = "https://doi.org/"  # default',
        'cache-dir = "/c"  # environment CITETOOL_CACHE_DIR',
        'timeout = "5"  # citetool.toml',
    ]


@pytest.mark.parametrize("text, message", [
    ("style = ", "citetool: citetool.toml: not valid TOML (Invalid value (at end of document)):"
                 " fix it or remove it\n"),
    ("colour = 'red'\n", "citetool: citetool.toml: unknown setting 'colour' (known: style, "
                         "locale, output-format, citekey-pattern, doi-resolver, cache-dir, "
                         "timeout)\n"),
    ("style = 3\n", "citetool: citetool.toml: 'style' must be a string, not int\n"),
])
def test_a_broken_settings_file_is_one_line_and_exit_2(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citetool.toml").write_text(text)
    result = run("format", SEED)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


TIMEOUT = "timeout must be a number of seconds above 0, not '{}'"
PDF = "unknown output format 'pdf' (known: text, html, markdown)"


@pytest.mark.parametrize("where", ["environment", "file"])
@pytest.mark.parametrize("setting, value, message, broken, working", [
    ("timeout", "abc", TIMEOUT.format("abc"),
     [["fetch", "10.1000/182"], ["format", "10.1000/182"]],
     [["format", SEED], ["format", "--to", "ris", SEED], ["styles", "mdpi"],
      ["check", SEED], ["fetch", "--timeout", "5", "--resolver", "http://127.0.0.1:9/",
                        "--no-cache", "10.1000/182"]]),
    ("timeout", "-1", TIMEOUT.format("-1"), [["fetch", "10.1000/182"]], [["format", SEED]]),
    ("output-format", "pdf", PDF,
     [["format", SEED], ["cite", "-i", SEED, "hoefinger2020community"]],
     [["format", "--to", "bibtex", SEED], ["format", "--output-format", "html", SEED],
      ["fetch", "--resolver", "http://127.0.0.1:9/", "--no-cache", "10.1000/182"]]),
    ("doi-resolver", "notaurl", "DOI resolver 'notaurl' is not an http or https URL (such as "
                                "https://doi.org/)",
     [["fetch", "10.1000/182"], ["format", "--to", "bibtex", "10.1000/182"]],
     [["format", SEED]]),
    ("citekey-pattern", "[yr]", "citekey pattern '[yr]': unknown field [yr] (known: auth, "
                                "authors, year, title, shorttitle, veryshorttitle)",
     [["format", SEED]], [["styles", "mdpi"], ["format", "--citekey-pattern", "[auth]", SEED]]),
])
def test_a_wrong_setting_breaks_only_what_uses_it_and_says_where_it_is(
        tmp_path, monkeypatch, where, setting, value, message, broken, working):
    monkeypatch.chdir(tmp_path)
    env = {}
    if where == "file":
        (tmp_path / "citetool.toml").write_text(f"{setting} = {json.dumps(value)}\n")
        origin = "citetool.toml"
    else:
        origin = config.SETTINGS[setting].env
        env[origin] = value
        origin = f"environment {origin}"
    for args in broken:
        result = run(*args, env=env)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2, "", f"citetool: {origin}: {message}\n"), args
    for args in working:
        result = run(*args, env=env)
        assert result.exit_code in (0, 1) and "Traceback" not in result.stderr, args
        assert message not in result.stderr, args
    shown = run("config", env=env)
    assert shown.exit_code == 0
    assert f'{setting} = {json.dumps(value)}  # {origin}: {message}' in shown.stdout.splitlines()


@pytest.mark.parametrize("setting, value, message", [
    ("style", "no-such-style-anywhere", "unknown style 'no-such-style-anywhere'"),
    ("locale", "xx-YY", "unknown locale 'xx-YY'"),
])
def test_a_wrong_style_or_locale_setting_says_where_it_is(tmp_path, monkeypatch, setting,
                                                         value, message):
    monkeypatch.chdir(tmp_path)
    env = {config.SETTINGS[setting].env: value}
    for args in (["format", SEED], ["cite", "-i", SEED, "hoefinger2020community"]):
        result = run(*args, env=env)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"citetool: environment {config.SETTINGS[setting].env}"
                                        f": {message}")
    given = run("format", f"--{setting}", value, SEED, env=env)  # the option's: no origin
    assert given.stderr.startswith(f"citetool: {message}")
    assert run("format", "--to", "ris", SEED, env=env).exit_code == 0


def test_library_settings_load(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    values = config.load(tmp_path, environ={})
    assert {value.origin for value in values.values()} == {"default"}


def test_another_tools_pyproject_is_not_parsed(tmp_path):
    """A pyproject.toml that never names citetool is not ours to judge: one another tool
    cannot read yet does not stop a run, and parsing it would cost every run 10 ms."""
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 100\n")
    assert {value.origin for value in config.load(tmp_path, environ={}).values()} \
        == {"default"}
    (tmp_path / "pyproject.toml").write_text("[tool.citetool\nstyle = 'ieee'\n")
    with pytest.raises(UsageError, match="pyproject.toml: not valid TOML"):
        config.load(tmp_path, environ={})


def test_a_pyproject_naming_citetool_only_as_a_package_is_not_parsed(tmp_path):
    """Naming citetool is not enough: a dependency, a script or a package name is no
    settings table (parsing this file would fail on its last line)."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "citetool"\ndependencies = ["citetool>=0.1"]\n'
        '[project.scripts]\ncitetool = "citetool.cli:main"\n'
        '[tool.setuptools.package-data]\n"citetool.data" = ["*.tsv"]\n[tool.black\n')
    assert {value.origin for value in config.load(tmp_path, environ={}).values()} \
        == {"default"}


@pytest.mark.parametrize("table", [
    '[tool.citetool]\nstyle = "ieee"\n',
    '[ tool . "citetool" ]\nstyle = "ieee"\n',
    'tool.citetool.style = "ieee"\n',
    '[tool]\ncitetool = { style = "ieee" }\n',
    'tool = { citetool = { style = "ieee" } }\n',
], ids=["header", "quoted_header", "dotted_key", "tool_table", "inline_table"])
def test_every_toml_spelling_of_the_tool_citetool_table_is_read(tmp_path, table):
    (tmp_path / "pyproject.toml").write_text(f'{table}[project]\nname = "paper"\n')
    assert config.load(tmp_path, environ={})["style"].value == "ieee"


# Citekey patterns

PAGE_ITEM = api.load([SEED]).items[0]


@pytest.mark.parametrize("pattern, key", [
    (DEFAULT_CITEKEY_PATTERN, "hoefinger2020community"),
    ("[auth][year][shorttitle]", "Hoefinger2020CommunityBasedResponses"),
    ("[auth:lower]_[year]", "hoefinger_2020"),
    ("[authors]", "HoefingerMustoMaciotiEtAl"),
    ("[veryshorttitle:upper]-[year]", "COMMUNITY-2020"),
    ("[title]", "CommunityBasedResponsesNegativeHealthImpactsSexualHumanitarianAntiTrafficking"
                "PoliciesCriminalizationSexWorkMigrationUS"),
    ("key {[year]}", "key2020"),  # characters no citekey can hold are left out
])
def test_citekey_patterns(pattern, key):
    assert citekey(PAGE_ITEM, pattern) == key


@pytest.mark.parametrize("pattern, message", [
    ("[auth][yr]", "unknown field [yr]"), ("[auth:title]", "unknown modifier ':title'"),
    ("[auth", "a '[' without its field"),
])
def test_a_wrong_pattern_is_a_usage_error(pattern, message):
    with pytest.raises(UsageError, match=message.replace("[", r"\[")):
        assign_citekeys([{"id": "given"}], pattern)
    result = run("format", "--to", "bibtex", "--citekey-pattern", pattern, SEED)
    assert result.exit_code == 2 and message in result.stderr


def test_patterns_from_the_command_line_for_ris_records(tmp_path):
    ris = tmp_path / "two.ris"
    ris.write_text("TY  - JOUR\nAU  - Smith, Ann\nTI  - On Things\nPY  - 2020\nER  - \n"
                   "TY  - JOUR\nAU  - Smith, Bob\nTI  - On Stuff\nPY  - 2020\nER  - \n")
    result = run("format", "--to", "csl-json", "--citekey-pattern", "[auth:lower][year]",
                 str(ris))
    assert [item["id"] for item in json.loads(result.stdout)] == ["smith2020", "smith2020a"]


names = st.text(alphabet="AbcÉø -", max_size=6)
items = st.lists(st.fixed_dictionaries({
    "title": names, "author": st.lists(st.fixed_dictionaries({"family": names}), max_size=2),
    "issued": st.fixed_dictionaries({"date-parts": st.just([[2020]])})},
    optional={"id": st.sampled_from(["smith2020", "a", "item"])}), max_size=8)


@given(items, st.sampled_from([DEFAULT_CITEKEY_PATTERN, "[auth]", "[year]", "x"]))
def test_generated_citekeys_are_unique_and_given_ones_kept(records, pattern):
    given_ids = [r.get("id") for r in records]
    assign_citekeys(records, pattern)
    ids = [r["id"] for r in records]
    assert all(i == g for i, g in zip(ids, given_ids) if g is not None)
    generated = [i for i, g in zip(ids, given_ids) if g is None]
    assert len(set(generated)) == len(generated)
    assert not set(generated) & {g for g in given_ids if g}


def test_without_locale_a_style_speaks_its_own_language():
    """din-1505-2 has default-locale="de-DE"; citetool used to force en-US ("vol. 9")."""
    line = api.format_bibliography(api.load([SEED]).items, "din-1505-2")
    assert "In: Social Sciences Bd. 9, MDPI (2020), Nr.\u00a01" in line


def test_a_styles_own_locale_comes_before_a_locale_file():
    items = api.load([SEED]).items
    style = FIXTURES / "locales" / "instyle_et_al.csl"
    assert "et alii (style)" in api.format_bibliography(items, style, "text", KOLLEGEN)
    assert "und Kollegen" in mla(KOLLEGEN)  # where the style has no such term, the file's


def test_cite_takes_locale_pattern_and_settings(tmp_path, monkeypatch):
    refs = str(ROOT / "examples" / "refs.bib")
    german = run("cite", "-i", refs, "--style", "chicago-author-date", "--locale", "de-DE",
                 "hoefinger2020community", "watson1953molecular")
    assert german.stdout == "(Hoefinger u.\u00a0a. 2020)\n(Watson und Crick 1953)\n"
    page = run("cite", "-i", SEED, "--citekey-pattern", "[auth]", "Hoefinger")
    assert page.stdout == "(Hoefinger et al., 2020)\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citetool.toml").write_text('style = "ieee"\noutput-format = "markdown"\n')
    # cite writes Markdown too, where "[" is escaped
    assert run("cite", "-i", refs, "knuth1984texbook").stdout == "\\[1\\]\n"


def config_lines(env: dict[str, str] | None = None) -> dict[str, str]:
    """``citetool config``'s lines by setting: value and origin."""
    result = run("config", env=env or {})
    assert result.exit_code == 0, result.stderr
    return dict(line.split(" = ", 1) for line in result.stdout.splitlines())


def test_the_nearest_project_file_above_the_working_folder(tmp_path, monkeypatch):
    inner = tmp_path / "paper" / "chapters" / "one"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    (tmp_path / "citetool.toml").write_text('style = "mdpi"\nlocale = "de-DE"\n')
    lines = config_lines()
    assert lines["style"] == f'"mdpi"  # {tmp_path.resolve() / "citetool.toml"}'
    (tmp_path / "paper" / "pyproject.toml").write_text('[tool.citetool]\nstyle = "ieee"\n')
    (tmp_path / "paper" / "chapters" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    lines = config_lines()  # the nearest file with settings wins, whole: no merging of the two
    pyproject = tmp_path.resolve() / "paper" / "pyproject.toml"
    assert lines["style"] == f'"ieee"  # {pyproject} [tool.citetool]'
    assert lines["locale"] == '""  # default'
    assert run("format", SEED).stdout.startswith("[1] H. Hoefinger et al., “")  # IEEE


def test_user_file_under_project_file_under_environment_under_options(tmp_path, monkeypatch):
    user = tmp_path / "xdg" / "citetool" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('style = "nature"\ncitekey-pattern = "[auth]"\ntimeout = 7\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    (tmp_path / "project" / "citetool.toml").write_text('style = "mdpi"\ntimeout = 9\n')
    lines = config_lines({"CITETOOL_TIMEOUT": "11"})
    assert lines["style"] == '"mdpi"  # citetool.toml'
    assert lines["citekey-pattern"] == f'"[auth]"  # {user}'
    assert lines["timeout"] == '"11"  # environment CITETOOL_TIMEOUT'
    assert json.loads(run("format", "--to", "csl-json", SEED).stdout)[0]["id"] == "Hoefinger"
    assert run("format", "--style", "apa", SEED).stdout.startswith("Hoefinger, H., Musto")


def test_the_user_file_without_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    user = tmp_path / ".config" / "citetool" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text("style = 3\n")
    result = run("config")
    assert (result.exit_code, result.stderr) == (2, f"citetool: {user}: 'style' must be a "
                                                    f"string, not int\n")


@pytest.mark.parametrize("style, locale", [
    ("apa", None), ("apa", "de-DE"), ("apa", "de"), ("apa", "pt-BR"), ("apa", "en"),
    ("chicago-author-date", "fr-FR"), ("din-1505-2", None), ("ieee", "en-GB")])
def test_locales_fall_back_as_citeproc_py_orders_them_each_file_of_our_classes(style, locale):
    """Our locale list (each shipped file parsed once, by the style's parser) is citeproc-py's:
    the style's own cs:locale for the dialect, the language and none, then the files of the
    dialect, the primary dialect and en-US; the files' elements have our methods."""
    from citeproc import CitationStylesStyle

    from citetool.render import engine, styles

    path = styles.resolve(style)
    ours = engine._load_style(path, locale).root
    theirs = CitationStylesStyle(str(path), locale=locale, validate=False).root

    def origins(root):
        return [(element.get("{http://www.w3.org/XML/1998/namespace}lang"),
                 element.getroottree().getroot() is root or element.getroottree().docinfo.URL)
                for element in root.locales]

    assert origins(ours) == origins(theirs)
    files = [element for element in ours.locales if element.getroottree().getroot() is not ours]
    assert files and all(type(element).__module__ == "citetool.render.lookups" and
                         element.style is ours for element in files)
