"""Shared test helpers: fixture paths, golden files, the optional ../shared data."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "socsci-9-1.txt"
#: Article pages (copied text and saved HTML), each with its hand-written <name>.json record.
PAGES = sorted(p for p in (FIXTURES / "pages").glob("*.*")
               if p.suffix in (".txt", ".html") and not p.name.endswith(".mdpi.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file byte for byte, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        assert path.exists(), f"no golden file {path}: run pytest --update-golden and review"
        assert text == path.read_text(encoding="utf-8")

    return check


def shared(*parts: str) -> Path:
    """A path in ../shared; the test is skipped where that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the project in CI/dev)")
    return path


def run_citetool(*args: str, stdin: bytes | None = None, timeout: float = 60,
                 memory: int = 2 << 30, cwd: Path | None = None):
    """``citetool ARGS`` in a child process, killed after ``timeout`` seconds (the test then
    fails with TimeoutExpired) and with at most ``memory`` bytes of address space (more makes
    it fail with MemoryError): time and memory bounds that hold without timing anything."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-c", "from citetool.cli import main; main()", *args],
                          input=stdin, capture_output=True, timeout=timeout, preexec_fn=limit,
                          cwd=cwd)
