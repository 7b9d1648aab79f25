"""Measure build time and page weight against the budgets in build/budgets.json.

Usage: python build/benchmark.py [--runs 5]

Build time: the median of N full builds, and of N builds of the same pages with the chart
markers taken out. Page weight: each page loaded in Chromium from a local server; every file
it fetched is counted at its gzip size (level 6, as a typical server sends it), first before any
scrolling, after scrolling to the end, and after pointing at every chart, which has plotly.js draw
it. Exits 1 over budget.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_site import build_site  # noqa: E402  (build/build_site.py)

BUDGETS = json.loads((ROOT / "build" / "budgets.json").read_text())
MARKER = re.compile(r"<!--\s*chart:.*?-->")


def timed_builds(runs: int, config: Path, docs_dir: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            problems = build_site(config, Path(out) / "site", docs_dir=docs_dir)
            times.append(time.perf_counter() - start)
            if problems:
                sys.exit("\n".join(problems))
    return statistics.median(times)


PLACE_LINK = re.compile(r"\[([^\]]+)\]\(place:[^)]+\)")  # a link to a place on a map, which needs the map


def docs_without_charts(target: Path) -> Path:
    shutil.copytree(ROOT / "docs", target)
    for page in target.rglob("*.md"):
        page.write_text(PLACE_LINK.sub(r"\1", MARKER.sub("", page.read_text(encoding="utf-8"))), encoding="utf-8")
    return target


def gzip_size(site: Path, url: str) -> int:
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)) if path.is_file() else 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The site is built for the address it is measured at: its pages fetch every edition's sitemap from
# their site address (Material's language switcher), which a page served elsewhere may not reach.
PORT = _free_port()
SITE_URL = f"http://127.0.0.1:{PORT}/"


def _serve(site: Path, handler=_Quiet) -> http.server.ThreadingHTTPServer:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class PageWeight(NamedTuple):
    path: str
    first: int  # gzip bytes fetched before any scrolling
    scrolled: int  # ... after scrolling to the end, as a reader who only reads
    reached: int  # ... after pointing at every chart, which has plotly.js draw each of them
    painted_ms: float  # embed pages: navigation to first paint, which holds the chart's drawing
    interactive_ms: float  # embed pages: pointer on the chart to plotly.js having drawn it


def page_weights(site: Path) -> list[PageWeight]:
    """Every page loaded in Chromium on a phone-sized screen, with every file it fetched counted."""
    from playwright.sync_api import sync_playwright
    httpd = _serve(site)
    base = SITE_URL.rstrip("/")
    pages = sorted("/" + str(p.parent.relative_to(site)).strip(".") for p in site.rglob("index.html"))
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            tab = browser.new_page(viewport={"width": 412, "height": 823})  # a phone's first screen
            fetched: list[str] = []
            tab.on("requestfinished", lambda request: fetched.append(request.url))
            weight = lambda: sum(gzip_size(site, url) for url in set(fetched))
            tab.goto(base + path.rstrip("/") + "/", wait_until="networkidle")
            first = weight()
            painted_ms = interactive_ms = 0.0
            plots = tab.locator(".chart__plot:visible")  # a matrix on a phone shows its list, with no plot to draw
            if "/embed/" in path + "/":
                if not tab.locator(".chart__preview .point:visible, .chart__matrix i[data-key]:visible").first.is_visible():
                    sys.exit(f"{path}: no static drawing of the chart on the first screen")
                painted_ms = tab.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
                if plots.count():
                    started = time.perf_counter()
                    plots.first.hover()
                    plots.first.locator("xpath=self::*[@data-rendered='true']").wait_for(timeout=20000)
                    interactive_ms = (time.perf_counter() - started) * 1000
            for _ in range(200):
                if tab.evaluate("innerHeight + scrollY >= document.body.scrollHeight - 2"):
                    break
                tab.mouse.wheel(0, 700)
                tab.wait_for_timeout(40)
            tab.wait_for_load_state("networkidle")
            scrolled = weight()
            for index in range(plots.count()):
                plots.nth(index).scroll_into_view_if_needed()
                plots.nth(index).hover()
                plots.nth(index).locator("xpath=self::*[@data-rendered='true']").wait_for(timeout=20000)
            tab.wait_for_load_state("networkidle")
            rows.append(PageWeight(path.rstrip("/") + "/", first, scrolled, weight(), painted_ms, interactive_ms))
            tab.close()
        browser.close()
    httpd.shutdown()
    httpd.server_close()
    return rows


PRECOMPRESSED = {".pagefind", ".pf_meta", ".pf_index", ".pf_fragment"}  # Pagefind's index files are gzip already


class SearchCost(NamedTuple):
    first_query: int  # bytes fetched from asking to search to the first results: code, WebAssembly, index chunks
    later_queries: list[int]  # bytes fetched by each query after it
    first_result_ms: float  # from pressing "/" on a fresh page to the first result on screen
    index_bytes: int  # the index on disk: its chunks, fragments and metadata
    bundle_bytes: int  # everything in pagefind/, the library and WebAssembly included


def search_cost(site: Path, queries: list[str]) -> SearchCost:
    """The bytes a reader's searches fetch and the time to the first result, from a local server."""
    from playwright.sync_api import sync_playwright
    httpd = _serve(site)
    base = SITE_URL.rstrip("/")

    def size(url: str) -> int:
        path = site / urlparse(url).path.lstrip("/")
        return path.stat().st_size if path.suffix in PRECOMPRESSED and path.is_file() else gzip_size(site, url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        fetched: list[str] = []
        tab.on("requestfinished", lambda request: fetched.append(request.url))
        tab.goto(base + "/", wait_until="networkidle")
        costs, first_ms = [], 0.0
        for number, query in enumerate(queries):
            before = len(fetched)
            started = time.perf_counter()
            if number == 0:
                tab.keyboard.press("/")
            tab.keyboard.press("Control+A")
            tab.keyboard.type(query)
            tab.locator("#site-search-status", has_text=f"for “{query}”").wait_for(state="attached", timeout=20000)
            if number == 0:
                first_ms = (time.perf_counter() - started) * 1000
            tab.wait_for_load_state("networkidle")
            costs.append(sum(size(url) for url in set(fetched[before:])))
        browser.close()
    httpd.shutdown()
    httpd.server_close()
    bundle = site / "pagefind"
    index = [p for p in bundle.rglob("*") if p.is_file() and p.suffix in PRECOMPRESSED - {".pagefind"}]
    return SearchCost(costs[0], costs[1:], first_ms, sum(p.stat().st_size for p in index),
                      sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()))


class _GzipHost(_Quiet):
    """Serves the site as a production host would: gzip, and the headers from its `_headers` file."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return self.send_error(404)
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in {".html", ".js", ".css", ".json", ".svg", ".csv", ".xml"}:
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        rules = (Path(self.directory) / "_headers").read_text().split("\n")
        pattern = None
        for line in rules:
            if line and not line[0].isspace():
                pattern = line.strip()
            elif line.strip() and re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), self.path.split("?")[0]):
                name, _, value = line.strip().partition(":")
                self.send_header(name, value.strip())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


LIGHTHOUSE = ROOT / "build" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def lighthouse_scores(site: Path, paths: list[str]) -> dict[str, dict[str, int]]:
    """Lighthouse's mobile profile (simulated slow 4G and a slower CPU) against the site served with gzip."""
    httpd = _serve(site, _GzipHost)
    base = SITE_URL.rstrip("/")
    scores = {}
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    for path in paths:
        result = subprocess.run(["node", str(LIGHTHOUSE), base + path, "--quiet", "--output=json", "--output-path=stdout",
                                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                                capture_output=True, text=True, timeout=300,
                                env={**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")})
        if result.returncode:
            sys.exit(f"lighthouse failed on {path}:\n{result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        scores[path] = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
        scores[path]["failing"] = sorted(audit for audit, data in report["audits"].items()
                                         if data.get("score") is not None and data["score"] < 1
                                         and data.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))[:12]
    httpd.shutdown()
    httpd.server_close()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = ROOT / "mkdocs.yml"
    os.environ["SITE_URL"] = SITE_URL
    failures = []

    full = timed_builds(args.runs, config)
    with tempfile.TemporaryDirectory() as scratch:
        bare = timed_builds(args.runs, config, docs_without_charts(Path(scratch) / "docs"))
    print(f"Build time, median of {args.runs}: {full:.2f} s in all, {bare:.2f} s without charts "
          f"(budget {BUDGETS['full_build_seconds']} s)")
    if full > BUDGETS["full_build_seconds"]:
        failures.append("full build time")

    with tempfile.TemporaryDirectory() as out:
        site = Path(out) / "site"
        build_site(config, site)
        rows = page_weights(site)
        search = search_cost(site, ["Hmeimim", "transitional justice", "Lavrov", "Sukhoi"])
    pages = [row for row in rows if "/embed/" not in row.path]
    embeds = [row for row in rows if "/embed/" in row.path]
    print(f"\n{'page (gzip KB)':40} {'first load':>10} {'scrolled':>9} {'every chart drawn':>18}")
    for row in pages:
        print(f"{row.path:40} {row.first / 1024:10.1f} {row.scrolled / 1024:9.1f} {row.reached / 1024:18.1f}")
        if row.first / 1024 > BUDGETS["first_load_gzip_kb"]:
            failures.append(f"{row.path} first load")
    print(f"\n{'embed page':64} {'first (KB)':>10} {'in all (KB)':>11} {'drawn (ms)':>10} {'interactive (ms)':>16}")
    print(f"{'':64} {'':>10} {'':>11} {'first paint':>10} {'after pointer':>16}")
    for row in embeds:
        print(f"{row.path:64} {row.first / 1024:10.1f} {row.reached / 1024:11.1f} {row.painted_ms:10.0f} {row.interactive_ms:16.0f}")
        if row.reached / 1024 > BUDGETS["embed_gzip_kb"]:
            failures.append(f"{row.path} weight")
        if max(row.painted_ms, row.interactive_ms) > BUDGETS["embed_chart_visible_ms"]:
            failures.append(f"{row.path} time to chart")
    print(f"\nSearch (loads nothing until used): first query {search.first_query / 1024:.1f} KB, "
          f"later queries {' / '.join(f'{cost / 1024:.1f}' for cost in search.later_queries)} KB; "
          f"first result {search.first_result_ms:.0f} ms after pressing /; "
          f"index {search.index_bytes / 1024:.0f} KB on disk ({search.bundle_bytes / 1024:.0f} KB with the library)")
    # The after-scrolling budget is held to the worst case: a reader who has every chart drawn.
    heaviest = max(pages, key=lambda row: row.reached)
    if LIGHTHOUSE.exists():
        with tempfile.TemporaryDirectory() as out:
            site = Path(out) / "site"
            build_site(config, site)
            # The lightest and the heaviest embed page.
            embeds_by_size = sorted((p.stat().st_size, p.parent.name) for p in (site / "embed").glob("*/index.html"))
            editions = sorted(path.parent.name for path in site.glob("*/embed"))  # /ar/, /ru/: a home page and a chapter each
            scores = lighthouse_scores(site, ["/", "/chapters/assad-isis/", "/timeline/",
                                              f"/embed/{embeds_by_size[0][1]}/", f"/embed/{embeds_by_size[-1][1]}/",
                                              *(f"/{lang}{path}" for lang in editions for path in ("/", "/chapters/what-next/"))])
        print(f"\nLighthouse, mobile: {' / '.join(CATEGORIES)} (budget {BUDGETS['lighthouse']})")
        for path, score in scores.items():
            print(f"{path:72} " + " / ".join(str(score[name]) for name in CATEGORIES))
            if score["failing"]:
                print(f"{'':72} not passed: {', '.join(score['failing'])}")
            for name in CATEGORIES:
                if score[name] < BUDGETS["lighthouse"][name]:
                    failures.append(f"{path} Lighthouse {name}")
    else:
        print(f"\nLighthouse is not installed ({LIGHTHOUSE.relative_to(ROOT)}); `make bench` installs it.")
    print(f"\nHeaviest first load: {max(row.first for row in pages) / 1024:.1f} KB (budget {BUDGETS['first_load_gzip_kb']} KB)")
    print(f"Heaviest with every chart drawn: {heaviest.path} {heaviest.reached / 1024:.1f} KB (budget {BUDGETS['after_scroll_gzip_kb']} KB)")
    if heaviest.reached / 1024 > BUDGETS["after_scroll_gzip_kb"]:
        failures.append(f"{heaviest.path} with every chart drawn")
    if failures:
        print("\nOver budget: " + ", ".join(failures))
        return 1
    print("\nAll within budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
