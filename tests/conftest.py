"""Shared fixtures: the fixture dataset, a built site, a local web server and a browser."""
from __future__ import annotations

import fnmatch
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
sys.path.insert(0, str(ROOT))


def site_markers() -> list[str]:
    """The body of every chart marker in the site's pages, in page order."""
    from charts import MARKER
    return [match.group("body") for page in sorted((ROOT / "docs").rglob("*.md"))
            for match in MARKER.finditer(page.read_text(encoding="utf-8"))]


def edition_folders(site: Path) -> list[str]:
    """The built editions' folders (ar, ru): each holds its own sitemap."""
    return sorted(folder.name for folder in site.iterdir() if (folder / "sitemap.xml").exists())


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def run_build(site_dir: Path, env: dict[str, str] | None = None, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run the build exactly as `make build` does, in a separate process."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1448323200", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "build" / "build_site.py"), "--config", str(config), "--site-dir", str(site_dir)],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_url() -> str:
    # Material's instant navigation only takes over links under site_url, so the site is built for the test server's address.
    return f"http://127.0.0.1:{free_port()}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_url) -> Path:
    """The real site, built once per test session."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = run_build(site_dir, env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


def read_headers_file(path: Path) -> list[tuple[str, str, str]]:
    """(path pattern, header, value) from a Netlify-style `_headers` file."""
    rules, pattern = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            pattern = line.strip()
        elif line.strip():
            name, _, value = line.strip().partition(":")
            rules.append((pattern, name.strip(), value.strip()))
    return rules


class HostingHandler(_QuietHandler):
    """Serves the site as a static host would, with the headers its `_headers` file asks for (CSP included)."""

    def end_headers(self):
        headers = Path(self.directory) / "_headers"
        if headers.exists():
            for pattern, name, value in read_headers_file(headers):
                if fnmatch.fnmatch(self.path.split("?")[0], pattern):
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="session")
def server(site: Path, site_url: str):
    """Serve the built site at its site_url; yields the base URL without the trailing slash."""
    handler = functools.partial(HostingHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", int(site_url.rsplit(":", 1)[1].strip("/"))), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def wait_until(tab, expression: str, arg=None, timeout: float = 15) -> None:
    """Poll ``expression`` in the page until it is true.

    Playwright's wait_for_function compiles its predicate with eval inside the page, which the
    site's Content-Security-Policy refuses; evaluate() goes through the debugging protocol instead.
    """
    deadline = time.monotonic() + timeout
    while not tab.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression} ({arg})")
        time.sleep(0.05)


RENDERED = ".chart__plot[data-rendered='true']"  # plotly.js has drawn the chart
DRAWING = ".chart__plot .chart__preview"  # the static drawing made at build time


def reach_for(tab, plot) -> None:
    """Point at a chart as a reader would, which has plotly.js draw it, and wait until it has."""
    plot.scroll_into_view_if_needed()
    plot.hover()
    plot.locator("xpath=self::*[@data-rendered='true']").wait_for(timeout=15000)


def reach_for_every_chart(tab) -> int:
    plots = tab.locator(".chart__plot")
    for index in range(plots.count()):
        reach_for(tab, plots.nth(index))
    return plots.count()


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI a missing browser is a failure, never a skip."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
