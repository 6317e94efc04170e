"""The command line: thin over citetool.api. The only module that knows stdout, stderr and exit
codes; every CitetoolError becomes one line on stderr and its exit code."""
from __future__ import annotations

import signal
import sys

import click

from . import __version__, api
from .errors import EXIT_BAD_RECORDS, EXIT_INTERRUPTED, EXIT_USAGE, CitetoolError, UsageError
from .formats import READERS, WRITERS

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
            click.echo(f"citetool: {error}", err=True)
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
def cli() -> None:
    """Format citations exactly: article pages, BibTeX, RIS, HTML and CSL-JSON in; MDPI, ACS,
    APA or any CSL style, BibTeX, RIS and CSL-JSON out."""


@cli.command("format", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-s", "--style", default=None, metavar="NAME|FILE.csl",
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
def format_command(inputs: tuple[str, ...], style: str | None, to: str | None,
                   from_: str | None, output_format: str, ascii_only: bool,
                   output: str | None) -> None:
    """Format the references in INPUT... ("-" is standard input) as one bibliography.

    \b
    Examples:
      citetool format --style mdpi examples/socsci-9-1.txt
      cat page.txt | citetool format --style apa -
      citetool format --to bibtex page.txt -o refs.bib
    """
    if to and (style or output_format != "text"):
        raise UsageError(f"--style and --output-format apply to formatted references, not to "
                         f"--to {to}")
    if ascii_only and to != "bibtex":
        raise UsageError("--ascii applies to --to bibtex only")
    if not to:
        from .render.styles import resolve

        style_path = resolve(style or "apa")  # a wrong style fails before any input is read
    result = api.load(inputs, format=from_)
    if to:
        text = api.convert(result.items, to, **({"ascii": True} if ascii_only else {}))
    else:
        text = api.format_bibliography(result.items, style_path, output_format)
    if output:
        api.save(text, output)
    else:
        # In slices: encoding 60 MB of output at once would hold a second copy of it.
        for start in range(0, len(text), 1 << 20):
            click.echo(text[start:start + (1 << 20)], nl=False)
    for message in [*result.notes, *result.problems]:
        click.echo(f"citetool: {message}", err=True)
    if result.problems:
        sys.exit(EXIT_BAD_RECORDS)


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
