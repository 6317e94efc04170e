"""citetool's man page, docs/citetool.1, written from its Click commands, so that it says what
``--help`` says: ``python docs/manpage.py`` rewrites it, and tests/test_docs.py fails when the
committed page is not what this writes. Install it with ``cp docs/citetool.1
~/.local/share/man/man1/`` (then ``man citetool``)."""
from __future__ import annotations

import inspect
from pathlib import Path

import click

from citetool import __version__
from citetool.cli import EPILOG, cli
from citetool.fetch import default_cache_dir

PAGE = Path(__file__).with_name("citetool.1")


def roff(text: str) -> str:
    """``text`` as roff prints it: backslashes and hyphens escaped, no line read as a request.
    The default cache folder is the builder's own: the page names Linux's instead."""
    text = text.replace(str(default_cache_dir()), "~/.cache/citetool")
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(f"\\&{line}" if line.startswith((".", "'")) else line
                     for line in text.split("\n"))


def paragraphs(text: str) -> list[str]:
    """Click's help text in roff: paragraphs reflowed, those after Click's \\b kept line by
    line."""
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):
            out.append(f".PP\n.nf\n{roff(paragraph[1:].strip(chr(10)))}\n.fi")
        else:
            out.append(f".PP\n{roff(' '.join(paragraph.split()))}")
    return out


def options(command: click.Command, ctx: click.Context) -> list[str]:
    """Each option --help shows, with its help."""
    out = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
        if record is not None:
            name, text = record
            out.append(f".TP\n\\fB{roff(name)}\\fR\n{roff(text)}")
    return out


def manpage() -> str:
    """The man page of every command and option, in roff."""
    root = cli.make_context("citetool", [], resilient_parsing=True)
    summary = " ".join(inspect.cleandoc(cli.help or "").split())
    lines = [f'.TH CITETOOL 1 "" "citetool {__version__}" "User Commands"', ".SH NAME",
             f"citetool \\- {roff(summary)}", ".SH SYNOPSIS",
             "\\fBcitetool\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
             ".SH OPTIONS", *options(cli, root), ".SH COMMANDS"]
    for name, command in cli.commands.items():
        if command.hidden:
            continue
        ctx = command.make_context(name, [], parent=root, resilient_parsing=True)
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += [f'.SS "citetool {name} {roff(usage)}"', *paragraphs(command.help or ""),
                  *options(command, ctx)]
        if command.epilog and command.epilog != EPILOG:
            lines += paragraphs(command.epilog)
    lines += [".SH EXIT STATUS", *paragraphs(EPILOG), ".SH FILES",
              ".TP\n\\fIcitetool.toml\\fR\nSettings of a project, in the working folder or one "
              "above it (see \\fBcitetool config\\fR).",
              ".TP\n\\fI$XDG_CONFIG_HOME/citetool/config.toml\\fR\nThe user's settings "
              "(\\fI~/.config/citetool/config.toml\\fR without XDG_CONFIG_HOME)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    PAGE.write_text(manpage(), "utf-8")
    print(f"wrote {PAGE}")
