"""DOI lookup against our own resolver on 127.0.0.1: content negotiation, cache, offline,
timeouts, and DOIs given to `format` directly. No test needs the internet."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DOI, DoiResolver

from citetool import api
from citetool.cli import cli
from citetool.fetch import CSL_JSON, Resolver, doi_of

APA_LINE = ("Hoefinger, H., Musto, J., Macioti, P. G., Fehrenbacher, A. M., Mai, N., Bennachie, "
            "C., & Giametta, C. (2019). Community-Based Responses to Negative Health Impacts of "
            "Sexual Humanitarian Anti-Trafficking Policies and the Criminalization of Sex Work "
            "and Migration in the US. Social Sciences, 9(1), 1. "
            "https://doi.org/10.3390/socsci9010001\n")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_fetch_writes_the_record_as_csl_json(resolver):
    result = run("fetch", DOI)
    assert (result.exit_code, result.stderr) == (0, "")
    [item] = json.loads(result.stdout)
    assert item["id"] == "hoefinger2019community"  # made from the record: the DOI's is a URL
    assert item["ISSN"] == "2076-0760"  # Crossref's list, as CSL-JSON's string
    assert "reference" not in item and "sequence" not in item["author"][0]
    assert DoiResolver.requests == [(f"/{DOI}", CSL_JSON)]


def test_the_cache_answers_the_second_time_even_offline(resolver, tmp_path, monkeypatch):
    first = run("fetch", "--to", "bibtex", f"https://doi.org/{DOI}")
    monkeypatch.setenv("CITETOOL_DOI_RESOLVER", "http://127.0.0.1:9/")  # nothing listens
    second = run("fetch", "--to", "bibtex", f"doi:{DOI}")
    assert (second.exit_code, second.stdout) == (0, first.stdout)
    assert len(DoiResolver.requests) == 1
    assert len(list((tmp_path / "cache" / "doi").glob("*.json"))) == 1


def test_refresh_and_no_cache_ask_again(resolver):
    run("fetch", DOI)
    run("fetch", "--refresh", DOI)
    run("fetch", "--no-cache", DOI)
    assert len(DoiResolver.requests) == 3


def test_offline_is_one_clear_line_and_the_other_dois_still_come(resolver, monkeypatch):
    run("fetch", DOI)  # now in the cache
    monkeypatch.setenv("CITETOOL_DOI_RESOLVER", "http://127.0.0.1:9/")
    result = run("fetch", "10.1234/other", DOI)
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["DOI"] == DOI
    assert result.stderr.startswith("citetool: doi:10.1234/other: cannot reach 127.0.0.1:9 (")
    assert result.stderr.endswith("are we offline? DOIs looked up before are read from the "
                                  "cache\n")
    assert result.stderr.count("\n") == 1


def test_a_fetch_that_gets_nothing_leaves_its_output_as_it_was(resolver, tmp_path):
    target = tmp_path / "refs.json"
    target.write_text("old\n")
    result = run("fetch", "-o", str(target), "10.1234/missing")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"citetool: {target}: left as it was: no record "
                                              "was read")
    assert target.read_text() == "old\n"


def test_unknown_doi_timeout_and_a_resolver_that_is_not_one(resolver):
    result = run("fetch", "--timeout", "0.5", "10.1234/missing", "10.1234/slow",
                 "10.1234/html")
    host = resolver.split("//")[1].rstrip("/")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"citetool: doi:10.1234/missing: DOI not found at {host} (check it for typos)",
        f"citetool: doi:10.1234/slow: no answer from {host} within 0.5 s (try again, or with a "
        "longer --timeout)",
        f"citetool: doi:10.1234/html: {host} did not answer in CSL-JSON (it sent text/html): "
        f"is {resolver} a DOI resolver?"]


def test_a_doi_given_to_format(resolver):
    result = run("format", "--style", "apa", DOI)
    assert (result.exit_code, result.stdout) == (0, APA_LINE)


def test_a_file_named_like_a_doi_is_read_as_a_file(resolver, tmp_path):
    (tmp_path / "10.1234").mkdir()
    (tmp_path / "10.1234" / "x").write_text("@book{k, title={T}, publisher={P}, year=2000}")
    result = run("format", "--to", "csl-json", "10.1234/x")
    assert json.loads(result.stdout)[0]["id"] == "k"
    assert DoiResolver.requests == []


def test_not_a_doi_is_a_usage_error(resolver):
    result = run("fetch", "10.12/x")
    assert (result.exit_code, result.stderr) == (
        2, "citetool: '10.12/x' is not a DOI (a DOI looks like 10.1234/abc)\n")


def test_library_api(resolver, tmp_path):
    lookup = Resolver(resolver, cache_dir=tmp_path / "api-cache")
    result = api.load([DOI, "10.1234/missing"], resolver=lookup)
    assert [item["id"] for item in result.items] == ["hoefinger2019community"]
    assert [p.source for p in result.problems] == ["doi:10.1234/missing"]


@pytest.mark.parametrize("text, doi", [
    (DOI, DOI), (f"doi:{DOI}", DOI), (f"https://doi.org/{DOI}", DOI),
    ("http://dx.doi.org/10.1002/(SICI)1097-4571", "10.1002/(SICI)1097-4571"),
    ("https://doi.org/10.1000/a%20b", "10.1000/a b"), ("refs.bib", None), ("10.1/x", None),
])
def test_doi_forms(text, doi):
    assert doi_of(text) == doi


def test_port_9_is_closed():
    """The offline tests take 127.0.0.1:9 (discard) for a resolver nobody answers on."""
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", 9)) != 0


NOT_A_URL = ("citetool: {origin}DOI resolver 'notaurl' is not an http or https URL (such as "
             "https://doi.org/)\n")


@pytest.mark.parametrize("args, env, origin", [
    (["fetch", "--resolver", "notaurl", "10.1000/182"], {}, ""),
    (["format", "10.1000/182"], {"CITETOOL_DOI_RESOLVER": "notaurl"},
     "environment CITETOOL_DOI_RESOLVER: "),
    (["fetch", "10.1000/182"], {"CITETOOL_DOI_RESOLVER": "notaurl"},
     "environment CITETOOL_DOI_RESOLVER: "),
    (["fetch", "--resolver", "file:///etc/", "10.1000/182"], {}, ""),
])
def test_a_resolver_that_is_no_url_is_one_line_and_exit_2(tmp_path, monkeypatch, args, env,
                                                          origin):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args, env=env)
    expected = NOT_A_URL.format(origin=origin)
    if "file:///etc/" in args:
        expected = expected.replace("'notaurl'", "'file:///etc/'")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


@pytest.mark.parametrize("unusable", ["/proc/1/nope", "a-file", "answer-is-a-folder"])
@pytest.mark.parametrize("command", [["fetch", "--to", "csl-json"],
                                     ["format", "--to", "csl-json"]])
def test_an_unusable_cache_folder_costs_only_the_cache(resolver, tmp_path, monkeypatch,
                                                       unusable, command):
    cache = unusable
    if unusable == "a-file":  # a file where the folder should be
        (tmp_path / unusable).write_text("")
    elif unusable == "answer-is-a-folder":  # the answer's file cannot be read
        cache = str(tmp_path / unusable)
        Resolver(resolver, Path(cache)).fetch(DOI)
        [answer] = (tmp_path / unusable / "doi").iterdir()
        answer.unlink()
        answer.mkdir()
    monkeypatch.setenv("CITETOOL_CACHE_DIR", cache)
    result = run(*command, DOI, f"https://doi.org/{DOI}")
    assert result.exit_code == 0
    assert [item["DOI"] for item in json.loads(result.stdout)] == [DOI, DOI]
    reason = {"/proc/1/nope": "No such file or directory", "a-file": "Not a directory",
              "answer-is-a-folder": "Is a directory"}[unusable]
    assert result.stderr == (f"citetool: {cache}: cannot be used as the DOI cache ({reason}): "
                             "going on without it; give --cache-dir or CITETOOL_CACHE_DIR a "
                             "folder that can be written\n")
@pytest.mark.parametrize("command", [["format", "--style", "apa"], ["format", "--to", "ris"],
                                     ["cite", "-i"]])
def test_format_and_cite_take_fetchs_lookup_options(command, resolver, monkeypatch, tmp_path):
    monkeypatch.setenv("CITETOOL_DOI_RESOLVER", "http://127.0.0.1:9/")  # the option must win
    monkeypatch.setenv("CITETOOL_TIMEOUT", "30")
    result = run(*command, "10.1234/slow", "--doi-resolver", resolver, "--timeout", "0.5",
                 "--cache-dir", str(tmp_path / "elsewhere"), *(["x"] * (command[0] == "cite")))
    assert result.exit_code == 1
    assert result.stderr.startswith("citetool: doi:10.1234/slow: no answer from 127.0.0.1:")
    assert "within 0.5 s" in result.stderr
    result = run(*command, DOI, "--resolver", resolver, "--no-cache",
                 *(["hoefinger2019community"] * (command[0] == "cite")))
    assert result.exit_code == 0 and "Hoefinger" in result.stdout
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("command, canonical, old", [
    (["fetch"], "--doi-resolver", "--resolver"), (["check"], "--output-format", "--format")])
def test_one_name_for_one_setting_old_spelling_hidden(command, canonical, old):
    shown = run(*command, "--help").stdout
    assert f"{canonical} " in shown and f"{old} " not in shown


def test_check_output_format_and_its_old_spelling(tmp_path):
    bib = tmp_path / "one.bib"
    bib.write_text("@book{k, title={T}, year={2000}}\n", "utf-8")
    new, old = (run("check", option, "json", str(bib)) for option in ("--output-format",
                                                                     "--format"))
    assert (new.exit_code, new.stdout) == (old.exit_code, old.stdout) == (1, new.stdout)
    assert json.loads(new.stdout)[0]["check"] == "missing-field"
