"""The command line: thin over citetool.api. The only module that knows stdout, stderr and exit
codes; every CitetoolError becomes one line on stderr and its exit code."""
from __future__ import annotations

import gc

# Cyclic garbage collection after 30,000 new objects, not Python's 700, from here on: a run's
# objects (modules, the style and its plans, the items) mostly live until it ends, so
# collecting often walked them again and again (68 times in a one-record run, a tenth of its
# CPU time). Set before click and the rest are imported, whose imports alone made 18 of those
# collections; at 30,000 a one-record run makes none after Python's start (at 10,000: two,
# 5 ms of CPU each). A whole library still collects its cycles in good time: 6,314 items in
# APA peak at 146-147 MB either way. Streamed records make their cycles collectable too.
gc.set_threshold(30_000)

import copy
import glob
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, api, config
from .errors import EXIT_BAD_RECORDS, EXIT_INTERRUPTED, EXIT_USAGE, CitetoolError, UsageError
from .fetch import DEFAULT_RESOLVER, Resolver, default_cache_dir
from .formats import READERS, WRITERS, sniff
from .model import DEFAULT_CITEKEY_PATTERN, Item, assign_citekeys, doi_of
from .readers import Read

T = TypeVar("T")
#: Fewer inputs (files, DOIs) or entries to render than these are quick enough not to need a
#: progress bar (citeproc-py renders some 80 entries a second).
PROGRESS_FROM = 5
PROGRESS_ENTRIES = 200

#: What --style takes, for format and cite alike.
STYLE_HELP = ("CSL style: mdpi, mdpi-references, acs, apa, any CSL repository name in any case, "
              "an alias (citetool styles --aliases), or a .csl file")
EPILOG = """\b
Exit codes: 0 all records read and written; 1 some records could not be read
(the others are still written, each problem is reported on stderr); 2 usage error
(unknown option, style or format, unusable style file); 130 interrupted.
-o FILE is replaced (atomically) only by a run that read at least one record or
had no problem: otherwise it is left as it was. After exit 1 it holds only the
good records: in a Makefile, add .DELETE_ON_ERROR: so that make does not take it
for built."""


class _Group(click.Group):
    """Turns citetool's own errors into one line and an exit code, never a traceback."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """click's usage errors (an unknown option, a missing argument, a bad value) as one
        line, as ours are, where click printed three (usage, a hint, the error); exit 2."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as error:
            message = error.format_message().rstrip(".")
            context = getattr(error, "ctx", None)
            hint = f"; see {context.command_path} --help" if context is not None else ""
            click.echo(f"citetool: {message[:1].lower()}{message[1:]}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:  # interrupted while click read the command line
            click.echo("citetool: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)

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
    try:
        cli()
    finally:
        # The process ends here. Python's exit would go through every object it made to find
        # garbage cycles (6 % of a one-record run's instructions): the objects made so far are
        # left out of that collection (files are closed by then, output flushed at exit).
        gc.freeze()


@click.group("citetool", cls=_Group, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citetool")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing but data and errors: no progress, no summaries.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool) -> None:
    """Format citations exactly: article pages, BibTeX, RIS, HTML and CSL-JSON in; MDPI, ACS,
    APA or any CSL style, BibTeX, RIS and CSL-JSON out."""
    loaded = config.load()
    ctx.obj = {"quiet": quiet, "settings": loaded}
    # Settings become the commands' option defaults: an option given on the command line wins.
    # A wrong one is left out (None: the option's own default), and _check_settings reports it
    # where it is used.
    settings = {name: None if value.problem else value.value for name, value in loaded.items()}
    lookup = {"resolver": settings["doi-resolver"], "cache_dir": settings["cache-dir"],
              "timeout": settings["timeout"] and float(settings["timeout"])}
    ctx.default_map = {
        "format": {**lookup, "style": settings["style"], "output_format": settings["output-format"],
                   "locale": settings["locale"] or None,
                   "citekey_pattern": settings["citekey-pattern"]},
        "cite": {**lookup, "style": settings["style"], "output_format": settings["output-format"],
                 "locale": settings["locale"] or None,
                 "citekey_pattern": settings["citekey-pattern"]},
        "fetch": {**lookup, "citekey_pattern": settings["citekey-pattern"]},
    }


def _check_settings(**options: str) -> None:
    """UsageError, saying where it was set, for the first wrong setting among those this run
    uses (keyword: the option it is the default of, if any; value: the setting), unless the
    option was given on the command line: a wrong timeout breaks DOI lookups, not `styles`."""
    ctx = click.get_current_context()
    settings = ctx.find_root().obj["settings"]
    for option, name in options.items():
        if settings[name].problem and not _given(ctx, option):
            raise UsageError(settings[name].problem)


@contextmanager
def _blamed(option: str, name: str) -> Iterator[None]:
    """A UsageError raised in the block names where the setting ``name`` was set, when its
    value is the one used (``option`` not given): the wrong style may be CITETOOL_STYLE's."""
    try:
        yield
    except UsageError as error:
        ctx = click.get_current_context()
        value = ctx.find_root().obj["settings"][name]
        if _given(ctx, option) or value.origin == "default":
            raise
        raise type(error)(f"{value.origin}: {error}") from None


def _lookup(inputs: Sequence[str], resolver: str, cache_dir: str | None, no_cache: bool,
            refresh: bool, timeout: float) -> Resolver | None:
    """The DOI resolver of the options (or settings) for DOIs among ``inputs``; None when no
    input is a DOI, so that a wrong lookup setting breaks only runs that look DOIs up."""
    if not any(api.looks_up(path) for path in inputs):
        return None
    _check_settings(resolver="doi-resolver", cache_dir="cache-dir", timeout="timeout")
    return _resolver(resolver, cache_dir, no_cache, refresh, timeout)


class _Renamed(click.Option):
    """An option that still answers to its older spelling ``old``, so that scripts keep
    working, while --help and the man page show only its one name."""

    def __init__(self, *args: Any, old: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old = old

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown = copy.copy(self)
        shown.opts = [opt for opt in self.opts if opt != self.old]
        return click.Option.get_help_record(shown, ctx)


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
    """Style names and aliases for shell completion (ours first), and file names where a .csl
    file or a folder begins so (my-journal.csl)."""
    from click.shell_completion import CompletionItem

    from .render import styles

    if styles.is_file(incomplete) or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    offered = [CompletionItem(name) for name in [*styles.search(), *styles.ALIASES]
               if name.startswith(incomplete.lower())]
    if any(path.is_dir() or path.suffix == ".csl"
           for path in Path().glob(f"{glob.escape(incomplete)}*")):
        offered.append(CompletionItem(incomplete, type="file"))
    return offered


def _quiet_option(command: Callable[..., None]) -> Callable[..., None]:
    """-q after the verb (citetool format -q …) means what it means before it."""
    def quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.find_root().obj["quiet"] = True

    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=quiet,
                        help="Print nothing but data and errors (as citetool -q).")(command)


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


def _resolver_options(command: Callable[..., None]) -> Callable[..., None]:
    """Where DOIs are looked up and cached: options of every command that takes DOIs."""
    for decorator in reversed((
            click.option("--doi-resolver", "--resolver", "resolver", cls=_Renamed,
                         old="--resolver", metavar="URL", default=DEFAULT_RESOLVER,
                         show_default=True, help="DOI resolver to ask (content negotiation)."),
            click.option("--cache-dir", type=click.Path(), default=None,
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


@cli.command("format", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(allow_dash=True))
@click.option("-s", "--style", default=None, metavar="NAME|FILE.csl",
              shell_complete=lambda ctx, param, incomplete: complete_style(incomplete),
              help=f"{STYLE_HELP} [default: apa].")
@click.option("-t", "--to", "to", type=click.Choice(list(WRITERS)), default=None,
              help="Write data in this format instead of formatted references.")
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--output-format", type=click.Choice(config.OUTPUT_FORMATS), default="text",
              show_default=True, help="Markup of formatted references.")
@click.option("--ascii", "ascii_only", is_flag=True,
              help="With --to bibtex: LaTeX-encode non-ASCII letters ({\\'e} for é).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (atomically) instead of standard output; never one of the "
                   "inputs.")
@click.option("--in-place", is_flag=True,
              help="With --to: rewrite the one INPUT file in its own format (normalise a .bib), "
                   "atomically, and only when every record in it was read; what is not a "
                   "record (comments, @preamble) is not kept.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that render a large bibliography (the output is the same) "
                   "[default: one per core].")
@click.option("--cited-in", "cited_in", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Only the works FILE cites: pandoc Markdown, LaTeX or .aux (repeatable); "
                   "numbered as first cited.")
@click.option("--dedupe", is_flag=True,
              help="One entry per work: records with the same DOI, or the same title, year "
                   "and first author, merged (each merge noted on stderr).")
@_locale_option
@_citekey_pattern_option
@_resolver_options
@_quiet_option
def format_command(inputs: tuple[str, ...], style: str | None, to: str | None,
                   from_: str | None, output_format: str, ascii_only: bool,
                   output: str | None, in_place: bool, jobs: int | None,
                   cited_in: tuple[str, ...], dedupe: bool, locale: str | None,
                   citekey_pattern: str, resolver: str, cache_dir: str | None, no_cache: bool,
                   refresh: bool, timeout: float) -> None:
    """Format the references in INPUT... ("-" is standard input) as one bibliography.

    \b
    Examples:
      citetool format --style mdpi examples/socsci-9-1.txt
      cat page.txt | citetool format --style apa -
      citetool format --to bibtex page.txt -o refs.bib
      citetool format --to bibtex --in-place refs.bib
      citetool format --style ieee --cited-in paper.md refs.bib
      citetool format --cited-in paper.aux --to bibtex -o paper.bib library.bib
    """
    if in_place and cited_in:
        raise UsageError("--in-place keeps every record of its file, --cited-in only the cited "
                         "ones: write those to another file with -o")
    if in_place:
        output = _in_place(inputs, to, from_, output)
    else:
        _not_an_input(output, inputs)
    if to and _given(click.get_current_context(), "style", "output_format", "locale", "jobs"):
        raise UsageError(f"--style, --output-format, --locale and --jobs apply to formatted "
                         f"references, not to --to {to}")
    if ascii_only and to != "bibtex":
        raise UsageError("--ascii applies to --to bibtex only")
    _check_settings(citekey_pattern="citekey-pattern",
                    **({} if to else {"output_format": "output-format"}))
    lookup = _lookup(inputs, resolver, cache_dir, no_cache, refresh, timeout)
    writer_options = {"ascii": True} if ascii_only else {}
    if to and not (cited_in or dedupe):  # each item written as it is read: a large library
        stream = api.Stream(_progress(inputs, "Reading"), format=from_,  # is never held whole
                            resolver=lookup, citekey_pattern=citekey_pattern)
        _write(api.convert_stream(stream, to, **writer_options), output, stream.problems,
               stream.notes, lambda: stream.count, whole=in_place)
        return
    style_path = None if to else _checked_style(style or "apa", locale)
    result = api.select(api.load(_progress(inputs, "Reading"), format=from_,
                                 resolver=lookup, citekey_pattern=citekey_pattern),
                        cited_in, dedupe)
    if style_path is None:
        _write(api.convert_stream(result.items, str(to), **writer_options), output,
               result.problems, result.notes, lambda: len(result.items), whole=in_place)
        return
    unprinted: list[Item] = []
    text = api.format_bibliography(result.items, style_path, output_format, locale,
                                   lambda entries: _progress(entries, "Formatting",
                                                             PROGRESS_ENTRIES), jobs, unprinted)
    _write(text, output, result.problems, [*result.notes, *(
        f"entry '{item.get('id')}': style {style_path.stem} prints no reference for this "
        f"{item.get('type') or 'item'}, so it has no line in the output"
        for item in unprinted)], lambda: len(result.items))


def _not_an_input(output: str | None, inputs: Sequence[str]) -> None:
    """UsageError when ``output`` is one of the inputs, also through a link: the output would
    replace the records it is made from (APA text over refs.bib)."""
    if output is None or not os.path.exists(output):
        return
    for path in inputs:
        try:
            same = path != "-" and os.path.samefile(path, output)
        except OSError:  # not a file: a DOI, or a file that cannot be read
            continue
        if same:
            raise UsageError(f"-o {output} is the input {path}: the output would replace it (it "
                             f"was left as it was); write to another file, or rewrite a data "
                             f"file in its own format with --to FORMAT --in-place")


def _in_place(inputs: Sequence[str], to: str | None, from_: str | None,
              output: str | None) -> str:
    """The file --in-place rewrites: the one input, a file, read and written in one format
    (so that a .bib is never replaced by RIS, nor an article page by its record)."""
    if not to or output or len(inputs) != 1 or not os.path.isfile(inputs[0]):
        raise UsageError("--in-place rewrites one INPUT file in its own format: give one file, "
                         "--to FORMAT and no -o")
    path = inputs[0]
    if from_ is None:
        try:
            with open(path, "rb") as stream:
                from_ = sniff(api.decode(stream.read(1 << 16)), path)
        except (OSError, CitetoolError):
            from_ = None  # reading it again says what is wrong, and leaves it as it was
    if from_ and from_ != to:
        raise UsageError(f"--in-place keeps {path} in its own format, {from_}: give --to {from_}"
                         f" (or -o another file)")
    return path


def _checked_style(style: str, locale: str | None) -> Path:
    """The style's file, once it and the locale are known good: a wrong style or locale fails
    before any input is read."""
    from .render import locales
    from .render.styles import resolve

    with _blamed("style", "style"):
        path = resolve(style)
    with _blamed("locale", "locale"):
        locales.resolve(locale)
    return path


def _write(text: str | Iterable[str] | None, output: str | None, problems: Sequence[object],
           notes: Sequence[object] = (), count: Callable[[], int] = lambda: 1,
           whole: bool = False) -> None:
    """The data (None: nothing to write; or its pieces, as they are made) to ``output``
    (atomically) or stdout, then one stderr line per note and problem (all known once the data
    is written); exit 1 when there was a problem: good records are written whatever bad ones
    did, and a note (an encoding guessed) changes no exit code.

    ``output`` is replaced only when the run had no problem or read some records (``count``
    of them), and with ``whole`` (--in-place) only when it had no problem: a run that read
    nothing never empties a file (a Makefile's target, the only copy of refs.bib)."""
    kept = []
    if output:
        if text is None or not api.save(text, output,
                                        lambda: not problems or (count() > 0 and not whole)):
            kept = [f"{output}: left as it was: --in-place rewrites it only when every record "
                    f"is read" if whole else f"{output}: left as it was: no record was read"]
    elif text is not None:
        for piece in _slices(text):
            click.echo(piece, nl=False)
    for message in [*dict.fromkeys(notes), *problems, *kept]:
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
@click.argument("citations", nargs=-1, required=True, metavar="CITATION...")
@click.option("-i", "--input", "inputs", multiple=True, required=True, metavar="INPUT",
              type=click.Path(allow_dash=True),
              help="A file holding the cited records (repeatable; \"-\" is standard input).")
@click.option("-s", "--style", default="apa", show_default=True, metavar="NAME|FILE.csl",
              shell_complete=lambda ctx, param, incomplete: complete_style(incomplete),
              help=f"{STYLE_HELP}.")
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--output-format", type=click.Choice(["text", "html", "markdown"]),
              default="text", show_default=True, help="Markup of the citations.")
@_locale_option
@_citekey_pattern_option
@_resolver_options
@_quiet_option
def cite_command(citations: tuple[str, ...], inputs: tuple[str, ...], style: str,
                 from_: str | None, output_format: str, locale: str | None,
                 citekey_pattern: str, resolver: str, cache_dir: str | None, no_cache: bool,
                 refresh: bool, timeout: float) -> None:
    """Print each citation (the note, in note styles) one per line, in order, as they would
    read in one document. A CITATION is pandoc's syntax (several in one argument are
    several citations) or citekeys: KEY,KEY cites several works at once.

    \b
    Examples:
      citetool cite -i refs.bib smith2020 ng2019,lee2021
      citetool cite -i refs.bib '[@smith2020, p. 12; see @lee2021]' '[-@ng2019, chap. 3]'
      citetool cite --style ieee -i refs.bib -i more.ris smith2020
    """
    from .cited import citations_of

    _check_settings(citekey_pattern="citekey-pattern", output_format="output-format")
    style_path = _checked_style(style, locale)
    result = api.load(inputs, format=from_,
                      resolver=_lookup(inputs, resolver, cache_dir, no_cache, refresh, timeout),
                      citekey_pattern=citekey_pattern)
    known = {str(item.get("id")) for item in result.items}
    problems = [str(problem) for problem in result.problems]
    cited = []
    for argument in citations:
        for citation in citations_of(argument):
            problems += [f"no record has the citekey '{cite['id']}' (inputs: "
                         f"{', '.join(inputs)})" for cite in citation if cite["id"] not in known]
            if any(cite["id"] in known for cite in citation):
                cited.append([cite for cite in citation if cite["id"] in known])
    _write(api.format_citations(result.items, cited, style_path, output_format, locale)
           if cited else None, None, problems)


@cli.command("styles")
@click.argument("query", nargs=-1)
@click.option("--titles", is_flag=True, help="Show each style's full title too.")
@click.option("--aliases", is_flag=True,
              help="List the short names people say (mla, chicago, …) and the style each means.")
@_quiet_option
def styles_command(query: tuple[str, ...], titles: bool, aliases: bool) -> None:
    """List the styles whose names or titles contain every word of QUERY (ours first). Style
    names are case-insensitive everywhere, and the aliases of --aliases work as names.

    \b
    Examples:
      citetool styles chemical
      citetool styles 'apa 7'
      citetool styles --aliases
    """
    from .render import styles

    if aliases:
        for alias, name in styles.ALIASES.items():
            click.echo(f"{alias}\t{name}\t{styles.title(name)}")
        return
    names = styles.search(" ".join(query))
    if not names:
        click.echo(f"citetool: no style name or title contains '{' '.join(query)}'", err=True)
        sys.exit(EXIT_USAGE)
    for name in names:
        click.echo(f"{name}\t{styles.title(name)}" if titles else name)


@cli.command("check", epilog="""\b
Exit codes: 0 nothing found; 1 findings (or an input that cannot be read);
2 usage error; 130 interrupted.""")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(allow_dash=True))
@click.option("-f", "--from", "from_", type=click.Choice(list(READERS)), default=None,
              help="Input format [default: detected from the content].")
@click.option("--output-format", "--format", "output", cls=_Renamed, old="--format",
              type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One line per finding, or a JSON list for tools.")
@_quiet_option
def check_command(inputs: tuple[str, ...], from_: str | None, output: str) -> None:
    """Check bibliographies: missing fields, duplicate citekeys and works, malformed DOIs,
    ISBNs and ISSNs, impossible pages and years, unbalanced braces.

    \b
    One finding a line, "file:line: entry 'key': what [check]", on standard output.
    Examples:
      citetool check refs.bib
      citetool check --output-format json refs.bib refs.ris | jq '.[].check'
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


@cli.command("fetch", epilog=EPILOG)
@click.argument("dois", nargs=-1, required=True, metavar="DOI...")
@click.option("-t", "--to", "to", type=click.Choice(list(WRITERS)), default="csl-json",
              show_default=True, help="Data format to write the records in.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (atomically) instead of standard output.")
@_resolver_options
@_citekey_pattern_option
@_quiet_option
def fetch_command(dois: tuple[str, ...], to: str, output: str | None, resolver: str,
                  cache_dir: str | None, no_cache: bool, refresh: bool, timeout: float,
                  citekey_pattern: str) -> None:
    """Look DOIs up (DOI content negotiation, CSL-JSON) and write their records, in the
    order given; "-" reads DOIs from standard input (one a line or separated by spaces,
    # comments). Several DOIs are looked up at once.

    \b
    Answers are cached, so a DOI is asked for once and is there offline afterwards.
    To format a DOI's reference directly: citetool format --style apa 10.1234/abc
    Examples:
      citetool fetch 10.3390/socsci9010001
      citetool fetch --to bibtex doi:10.1000/182 https://doi.org/10.1000/183 >> refs.bib
      citetool fetch --to bibtex - < dois.txt >> refs.bib
    """
    from .fetch import dois_in, fetch_all

    _check_settings(resolver="doi-resolver", cache_dir="cache-dir", timeout="timeout",
                    citekey_pattern="citekey-pattern")
    result = Read()
    given: list[str] = []
    for doi in dois:
        if doi == "-":
            found, problems = dois_in(api.decode(sys.stdin.buffer.read()))
            given += found
            result.problems += problems
        elif doi_of(doi) is None:
            raise UsageError(f"'{doi}' is not a DOI (a DOI looks like 10.1234/abc)")
        else:
            given.append(doi)
    lookup = _resolver(resolver, cache_dir, no_cache, refresh, timeout)
    for _doi, read in zip(_progress(given, "Looking up DOIs"), fetch_all(lookup, given)):
        result.items.extend(read.items)
        result.problems.extend(read.problems)
        result.notes.extend(read.notes)
    assign_citekeys(result.items, citekey_pattern)
    _write(api.convert(result.items, to) if result.items else None, output, result.problems,
           result.notes)


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
@_quiet_option
def config_command() -> None:
    """Show the settings in effect and where each comes from, as citetool.toml lines.

    \b
    Each setting comes from the first of: the command line's option; a CITETOOL_*
    environment variable (CITETOOL_STYLE, CITETOOL_CITEKEY_PATTERN, …); the project's
    file, the nearest citetool.toml (or pyproject.toml with [tool.citetool]) in the
    working folder or above it; the user's file, $XDG_CONFIG_HOME/citetool/config.toml
    (~/.config/citetool/config.toml); the default.
    """
    for name, value in config.load().items():
        click.echo(f"{name} = {json.dumps(value.value, ensure_ascii=False)}  # "
                   f"{value.problem or value.origin}")


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@_quiet_option
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
