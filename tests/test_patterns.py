"""Regular expressions compiled on first use (citetool/patterns.py): a run compiles only the
ones its input needs, and a lazy pattern matches as its compiled pattern does."""
from __future__ import annotations

import re
import subprocess
import sys

from citetool.patterns import lazy


def test_a_lazy_pattern_is_compiled_on_first_use_and_answers_as_re_compile():
    pattern, flags = r"^(\w+)-(\d+)$", re.MULTILINE
    deferred, compiled = lazy(pattern, flags), re.compile(pattern, flags)
    assert "search" not in vars(deferred)  # nothing compiled yet
    assert deferred.pattern == pattern  # known before compiling
    assert "search" not in vars(deferred)
    text = "a-1\nbb-22\nc-x"
    assert deferred.findall(text) == compiled.findall(text) == [("a", "1"), ("bb", "22")]
    assert "search" in vars(deferred)  # compiled once, for every method
    assert deferred.sub(r"\2", text) == compiled.sub(r"\2", text)
    assert deferred.search(text)[1] == "a"
    assert [match[2] for match in deferred.finditer(text)] == ["1", "22"]
    assert deferred.groups == 2


def test_importing_the_cli_reader_and_renderer_compiles_no_expression():
    """A module-level pattern of citetool is lazy: importing what a `citetool format` run
    imports compiles none of citetool's (it took a tenth of a one-record run's time)."""
    probe = (
        "import re, sys\n"
        "compiled = []\n"
        "original = re.compile\n"
        "def counting(pattern, flags=0):\n"
        "    caller = sys._getframe(1).f_code.co_filename\n"
        "    if '/citetool/' in caller.replace('\\\\', '/'):\n"
        "        compiled.append((caller, pattern))\n"
        "    return original(pattern, flags)\n"
        "re.compile = counting\n"
        "import citetool.cli, citetool.api, citetool.render.engine, citetool.readers.bibtex\n"
        "import citetool.readers.ris, citetool.readers.csl_json, citetool.latex\n"
        "print(compiled)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
