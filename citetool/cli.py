"""The command line: thin over citetool.api. The only module that knows stdout, stderr and exit
codes; every CitetoolError becomes one line on stderr and its exit code."""
from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from . import __version__, api
from .errors import EXIT_BAD_RECORDS, EXIT_INTERRUPTED, EXIT_USAGE, CitetoolError, UsageError
from .fetch import DEFAULT_RESOLVER, Resolver, default_cache_dir, doi_of
from .formats import READERS, WRITERS
from .model import DEFAULT_CITEKEY_PATTERN, Item, assign_citekeys
from .readers import Read

T = TypeVar("T")
#: Fewer inputs (files, DOIs) or entries to render than these are quick enough not to need a
#: progress bar (citeproc-py renders some 80 entries a second).
PROGRESS_FROM = 5
PROGRESS_ENTRIES = 200

EPILOG = """\b
Exit codes: 0 all records read and written; 1 some records could not be read
(the others are still written, each problem is reported on stderr); 2 usage error
(unknown option, style or format, unusable style file); 130 interrupted."""


class _Group(click.Group):
    """Turns citetool's own errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CitetoolError as error:
            for line in str(error).split("\n"):  # StyleProblems: one line each
                click.echo(f"citetool: {line}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("citetool: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


def main() -> None:
    """The console script: behave like a Unix filter, then run the commands."""
    # End quietly, as `cat` does, when the reader of our output goes away (`… | head -1`).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli()


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citetool")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing but data and errors: no progress, no summaries.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool) -> None:
    """Format citations exactly: article pages, BibTeX, RIS, HTML and CSL-JSON in; MDPI, ACS,
    APA or any CSL style, BibTeX, RIS and CSL-JSON out."""
    from . import config

    settings = {name: value.value for name, value in config.load().items()}
    ctx.obj = {"quiet": quiet, "settings": settings}
    # Settings become the commands' option defaults: an option given on the command line wins.
    ctx.default_map = {
        "format": {"style": settings["style"], "output_format": settings["output-format"],
                   "locale": settings["locale"] or None,
                   "citekey_pattern": settings["citekey-pattern"]},
        "cite": {"style": settings["style"], "locale": settings["locale"] or None,
                 "citekey_pattern": settings["citekey-pattern"],
                 # cite writes no Markdown: that setting is format's alone
                 **({"output_format": settings["output-format"]}
                    if settings["output-format"] in ("text", "html") else {})},
        "fetch": {"resolver": settings["doi-resolver"], "cache_dir": settings["cache-dir"],
                  "timeout": float(settings["timeout"]),
                  "citekey_pattern": settings["citekey-pattern"]},
    }


def _settings_resolver() -> Resolver:
    """The DOI resolver the settings describe, for DOIs given to commands other than fetch."""
    settings = click.get_current_context().find_root().obj["settings"]
    return Resolver(settings["doi-resolver"], Path(settings["cache-dir"]),
                    float(settings["timeout"]))


def _given(ctx: click.Context, *names: str) -> list[str]:
    """Which of the options ``names`` were given on the command line (not by the settings)."""
    return [name for name in names
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]


def _note(message: str) -> None:
    """A message that is not an error (a summary, what was fetched): silenced by --quiet."""
    if not click.get_current_context().find_root().obj.get("quiet"):
        click.echo(f"citetool: {message}", err=True)


def _complete_locale(ctx: click.Context, param: click.Parameter,
                     incomplete: str) -> list[click.shell_completion.CompletionItem]:
    from click.shell_completion import CompletionItem

    from .render import locales

    if locales.is_file(incomplete) or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    return [CompletionItem(name) for name in locales.names() if name.startswith(incomplete)]


def complete_style(incomplete: str) -> list[click.shell_completion.CompletionItem]:
    """Style names for shell completion (ours first), or file names for a .csl path."""
    from click.shell_completion import CompletionItem

    from .render import locales, styles

    if locales.is_file(incomplete) or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    return [CompletionItem(name) for name in styles.search() if name.startswith(incomplete)]


def _locale_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "-l", "--locale", default=None, metavar="CODE|FILE", shell_complete=_complete_locale,
        help="Locale of dates and terms: a code citeproc-py ships (de-DE, fr-FR, …) or a CSL "
             "locale file [default: the style's own].")(command)


def _citekey_pattern_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--citekey-pattern", metavar="PATTERN", default=DEFAULT_CITEKEY_PATTERN,
        help="How citekeys are made for records without one, from [auth] [authors] [year] "
             "[title] [shorttitle] [veryshorttitle], each with :lower or :upper "
             f"[default: {DEFAULT_CITEKEY_PATTERN}].")(command)


@cli.command("format", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-s", "--style", default=None, metavar="NAME|FILE.csl",
              shell_complete=lambda ctx, param, incomplete: complete_style(incomplete),
              help="CSL style: mdpi, acs, apa, any CSL repository name, or a .csl file "
                   "[default: apa].")
@click.option("-t", "--to", "to", type=click.Choice(list(WRITERS)), default=None,
              help="Write data in this format instead of formatted references.")
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--output-format", type=click.Choice(["text", "html", "markdown"]), default="text",
              show_default=True, help="Markup of formatted references.")
@click.option("--ascii", "ascii_only", is_flag=True,
              help="With --to bibtex: LaTeX-encode non-ASCII letters ({\\'e} for é).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (atomically) instead of standard output.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that render a large bibliography (the output is the same) "
                   "[default: one per core].")
@_locale_option
@_citekey_pattern_option
def format_command(inputs: tuple[str, ...], style: str | None, to: str | None,
                   from_: str | None, output_format: str, ascii_only: bool,
                   output: str | None, jobs: int | None, locale: str | None,
                   citekey_pattern: str) -> None:
    """Format the references in INPUT... ("-" is standard input) as one bibliography.

    \b
    Examples:
      citetool format --style mdpi examples/socsci-9-1.txt
      cat page.txt | citetool format --style apa -
      citetool format --to bibtex page.txt -o refs.bib
    """
    if to and _given(click.get_current_context(), "style", "output_format", "locale", "jobs"):
        raise UsageError(f"--style, --output-format, --locale and --jobs apply to formatted "
                         f"references, not to --to {to}")
    if ascii_only and to != "bibtex":
        raise UsageError("--ascii applies to --to bibtex only")
    if to:  # each item written as it is read: a large library is never held whole
        stream = api.Stream(_progress(inputs, "Reading"), format=from_,
                            resolver=_settings_resolver(), citekey_pattern=citekey_pattern)
        _write(api.convert_stream(stream, to, **({"ascii": True} if ascii_only else {})),
               output, stream.problems, stream.notes)
        return
    style_path = _checked_style(style or "apa", locale)
    result = api.load(_progress(inputs, "Reading"), format=from_, resolver=_settings_resolver(),
                      citekey_pattern=citekey_pattern)
    unprinted: list[Item] = []
    text = api.format_bibliography(result.items, style_path, output_format, locale,
                                   lambda entries: _progress(entries, "Formatting",
                                                             PROGRESS_ENTRIES), jobs, unprinted)
    _write(text, output, result.problems, [*result.notes, *(
        f"entry '{item.get('id')}': style {style_path.stem} prints no reference for this "
        f"{item.get('type') or 'item'}, so it has no line in the output"
        for item in unprinted)])


def _checked_style(style: str, locale: str | None) -> Path:
    """The style's file, once it and the locale are known good: a wrong style or locale fails
    before any input is read."""
    from .render import locales
    from .render.styles import resolve

    path = resolve(style)
    locales.resolve(locale)
    return path


def _write(text: str | Iterable[str] | None, output: str | None, problems: Sequence[object],
           notes: Sequence[object] = ()) -> None:
    """The data (None: nothing to write; or its pieces, as they are made) to ``output``
    (atomically) or stdout, then one stderr line per note and problem (all known once the data
    is written); exit 1 when there was a problem: good records are written whatever bad ones
    did, and a note (an encoding guessed) changes no exit code."""
    if text is not None and output:
        api.save(text, output)
    elif text is not None:
        for piece in _slices(text):
            click.echo(piece, nl=False)
    for message in [*notes, *problems]:
        click.echo(f"citetool: {message}", err=True)
    if problems:
        sys.exit(EXIT_BAD_RECORDS)


def _slices(text: str | Iterable[str], size: int = 1 << 18) -> Iterator[str]:
    """The text in slices of about ``size`` characters: encoding 60 MB of output at once would
    hold a second copy of it, and echoing 100,000 items' text one by one took 0.9 s (0.2 s in
    slices)."""
    if isinstance(text, str):
        yield from (text[start:start + size] for start in range(0, len(text), size))
        return
    pending: list[str] = []
    length = 0
    for chunk in text:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    yield "".join(pending)


@cli.command("cite", epilog=EPILOG)
@click.argument("citations", nargs=-1, required=True, metavar="KEY[,KEY...]...")
@click.option("-i", "--input", "inputs", multiple=True, required=True, metavar="INPUT",
              help="A file holding the cited records (repeatable; \"-\" is standard input).")
@click.option("-s", "--style", default="apa", show_default=True, metavar="NAME|FILE.csl",
              shell_complete=lambda ctx, param, incomplete: complete_style(incomplete),
              help="CSL style: mdpi, acs, apa, any CSL repository name, or a .csl file.")
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--output-format", type=click.Choice(["text", "html"]), default="text",
              show_default=True, help="Markup of the citations.")
@_locale_option
@_citekey_pattern_option
def cite_command(citations: tuple[str, ...], inputs: tuple[str, ...], style: str,
                 from_: str | None, output_format: str, locale: str | None,
                 citekey_pattern: str) -> None:
    """Print the in-text citation (the note, in note styles) of each KEY argument, one per
    line, in order, as they would read in one document; KEY,KEY cites several works at once.

    \b
    Examples:
      citetool cite -i refs.bib smith2020 ng2019,lee2021
      citetool cite --style ieee -i refs.bib -i more.ris smith2020
    """
    style_path = _checked_style(style, locale)
    result = api.load(inputs, format=from_, resolver=_settings_resolver(),
                      citekey_pattern=citekey_pattern)
    known = {str(item.get("id")) for item in result.items}
    problems = [str(problem) for problem in result.problems]
    cited = []
    for argument in citations:
        keys = [key for key in argument.split(",") if key]
        problems += [f"no record has the citekey '{key}' (inputs: {', '.join(inputs)})"
                     for key in keys if key not in known]
        if any(key in known for key in keys):
            cited.append([{"id": key} for key in keys if key in known])
    _write(api.format_citations(result.items, cited, style_path, output_format, locale)
           if cited else None, None, problems)


@cli.command("styles")
@click.argument("query", nargs=-1)
@click.option("--titles", is_flag=True, help="Show each style's full title too (slower).")
def styles_command(query: tuple[str, ...], titles: bool) -> None:
    """List the styles whose names contain every word of QUERY (ours first).

    \b
    Example: citetool styles chemical
    """
    from .render import styles

    names = styles.search(" ".join(query))
    if not names:
        click.echo(f"citetool: no style name contains '{' '.join(query)}'", err=True)
        sys.exit(EXIT_USAGE)
    for name in names:
        click.echo(f"{name}\t{styles.title(name)}" if titles else name)


@cli.command("check", epilog="""\b
Exit codes: 0 nothing found; 1 findings (or an input that cannot be read);
2 usage error; 130 interrupted.""")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per finding, or a JSON list for tools.")
def check_command(inputs: tuple[str, ...], from_: str | None, output: str) -> None:
    """Check bibliographies: missing fields, duplicate citekeys and works, malformed DOIs,
    ISBNs and ISSNs, impossible pages and years, unbalanced braces.

    \b
    One finding a line, "file:line: entry 'key': what [check]", on standard output.
    Examples:
      citetool check refs.bib
      citetool check --format json refs.bib refs.ris | jq '.[].check'
    """
    from .check import run

    findings = run(_progress(inputs, "Checking"), format=from_)
    if output == "json":
        click.echo(json.dumps([finding.as_dict() for finding in findings], ensure_ascii=False,
                              indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
    count = len(findings)
    _note(f"{count} finding{'s' * (count != 1)} in {len(inputs)} input"
          f"{'s' * (len(inputs) != 1)}")
    if findings:
        sys.exit(EXIT_BAD_RECORDS)


def _resolver_options(command: Callable[..., None]) -> Callable[..., None]:
    """Where DOIs are looked up and cached: options of every command that takes DOIs."""
    for decorator in reversed((
            click.option("--resolver", metavar="URL", default=DEFAULT_RESOLVER,
                         show_default=True, help="DOI resolver to ask (content negotiation)."),
            click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                         help=f"Where answers are kept [default: {default_cache_dir()}]."),
            click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
            click.option("--refresh", is_flag=True,
                         help="Ask the resolver again for DOIs in the cache."),
            click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                         default=20.0, show_default=True, metavar="SECONDS",
                         help="How long to wait for the resolver."))):
        command = decorator(command)
    return command


def _resolver(resolver: str, cache_dir: str | None, no_cache: bool, refresh: bool,
              timeout: float) -> Resolver:
    return Resolver(resolver, None if no_cache else Path(cache_dir or default_cache_dir()),
                    timeout, refresh)


@cli.command("fetch", epilog=EPILOG)
@click.argument("dois", nargs=-1, required=True, metavar="DOI...")
@click.option("-t", "--to", "to", type=click.Choice(list(WRITERS)), default="csl-json",
              show_default=True, help="Data format to write the records in.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (atomically) instead of standard output.")
@_resolver_options
@_citekey_pattern_option
def fetch_command(dois: tuple[str, ...], to: str, output: str | None, resolver: str,
                  cache_dir: str | None, no_cache: bool, refresh: bool, timeout: float,
                  citekey_pattern: str) -> None:
    """Look DOIs up (DOI content negotiation, CSL-JSON) and write their records.

    \b
    Answers are cached, so a DOI is asked for once and is there offline afterwards.
    To format a DOI's reference directly: citetool format --style apa 10.1234/abc
    Examples:
      citetool fetch 10.3390/socsci9010001
      citetool fetch --to bibtex doi:10.1000/182 https://doi.org/10.1000/183 >> refs.bib
    """
    for doi in dois:
        if doi_of(doi) is None:
            raise UsageError(f"'{doi}' is not a DOI (a DOI looks like 10.1234/abc)")
    lookup = _resolver(resolver, cache_dir, no_cache, refresh, timeout)
    result = Read()
    for doi in _progress(dois, "Looking up DOIs"):
        read = lookup.fetch(doi)
        result.items.extend(read.items)
        result.problems.extend(read.problems)
    assign_citekeys(result.items, citekey_pattern)
    _write(api.convert(result.items, to) if result.items else None, output, result.problems)


def _progress(values: Sequence[T], label: str, minimum: int = PROGRESS_FROM) -> Iterable[T]:
    """``values``, with a progress bar on stderr when it is a terminal, there are at least
    ``minimum`` of them (enough to wait for), and --quiet is not given."""
    quiet = click.get_current_context().find_root().obj.get("quiet")
    if quiet or len(values) < minimum or not sys.stderr.isatty():
        return values
    return _bar(values, label)


def _bar(values: Sequence[T], label: str) -> Iterator[T]:
    with click.progressbar(values, label=label, file=sys.stderr) as bar:
        yield from bar


@cli.command("config")
def config_command() -> None:
    """Show the settings in effect and where each comes from, as citetool.toml lines.

    \b
    Settings come from citetool.toml in the working directory (or [tool.citetool] in its
    pyproject.toml), then CITETOOL_* environment variables (CITETOOL_STYLE,
    CITETOOL_CITEKEY_PATTERN, …); the command line's options override both.
    """
    from . import config

    for name, value in config.load().items():
        click.echo(f"{name} = {json.dumps(value.value, ensure_ascii=False)}  # {value.origin}")


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the script that makes SHELL complete citetool's commands, options, style names
    and locales (click's completion).

    \b
    Examples:
      eval "$(citetool completion bash)"          # in ~/.bashrc
      eval "$(citetool completion zsh)"           # in ~/.zshrc
      citetool completion fish > ~/.config/fish/completions/citetool.fish
    """
    from click.shell_completion import get_completion_class

    complete = get_completion_class(shell)(cli, {}, "citetool", "_CITETOOL_COMPLETE")
    click.echo(complete.source())
