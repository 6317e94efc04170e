"""Shared test helpers: fixture paths, golden files, the optional ../shared data."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


@pytest.fixture(scope="session")
def _empty_config_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config-home")


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, _empty_config_home: Path) -> None:
    """No test reads the settings of whoever runs it (~/.config/citetool/config.toml)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_empty_config_home))


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


#: The DOI the tests' resolver knows, and its answer (a recorded Crossref-shaped record).
DOI = "10.3390/socsci9010001"
ANSWER = (FIXTURES / "doi" / "10.3390_socsci9010001.json").read_text("utf-8")
CSL_JSON = "application/vnd.citationstyles.csl+json"


class DoiResolver(BaseHTTPRequestHandler):
    """doi.org as far as the tests need it: CSL-JSON for the DOI it knows, when asked for it."""

    requests: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requests.append((self.path, self.headers.get("Accept", "")))
        if self.path.startswith("/10.1234/slow"):
            time.sleep(2)
        if self.path == "/10.1234/html":
            return self._send(200, "text/html", "<html>landing page</html>")
        # DOIs are case-insensitive (ISO 26324), as doi.org reads them
        if self.path.lower() == f"/{DOI}" and self.headers.get("Accept") == CSL_JSON:
            return self._send(200, f"{CSL_JSON}; charset=utf-8", ANSWER)
        self._send(404, "text/plain", "DOI not found")

    def _send(self, status: int, kind: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except ConnectionError:  # a client that gave up waiting (the slow DOIs)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def resolver(monkeypatch, tmp_path):
    """Our resolver's URL, with CITETOOL_DOI_RESOLVER and CITETOOL_CACHE_DIR pointing at it and
    at an empty cache."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), DoiResolver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    DoiResolver.requests = []
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setenv("CITETOOL_DOI_RESOLVER", url)
    monkeypatch.setenv("CITETOOL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    yield url
    server.shutdown()
    server.server_close()
