"""The site works from a sub-path, as on GitHub Pages project sites (https://user.github.io/repo/)."""
from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

from conftest import HostingHandler, free_port, run_build, wait_until

PREFIX = "/russia-in-syria"
RENDERED = ".chart__plot[data-rendered='true']"


class SubPathHandler(HostingHandler):
    """Serves the site under PREFIX only; anything else is a 404, as on a shared host."""

    def translate_path(self, path):
        if not path.startswith(PREFIX + "/"):
            return "/nonexistent"
        return super().translate_path(path[len(PREFIX):])

    def send_error(self, code, message=None, explain=None):
        if code == 404:  # a static host answers with the site's own 404 page
            page = (self.directory + "/404.html")
            body = open(page, "rb").read()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@pytest.fixture(scope="module")
def subpath_server(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}/"
    site = tmp_path_factory.mktemp("subpath") / "site"
    result = run_build(site, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base, site
    httpd.shutdown()


def test_every_page_and_asset_loads_under_a_sub_path(browser, subpath_server):
    base, site = subpath_server
    paths = sorted(str(p.parent.relative_to(site)).replace(".", "") for p in site.rglob("index.html"))
    tab = browser.new_page()
    failed, errors = [], []
    tab.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for path in paths:
        tab.goto(base + (path + "/" if path else ""))
        tab.evaluate("window.explainerRenderAll()")
        count = tab.locator(".chart__plot").count()
        if count:
            wait_until(tab, "([selector, total]) => document.querySelectorAll(selector).length === total", [RENDERED, count])
        links = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in links:
            if urlparse(href).netloc == urlparse(base).netloc:
                assert urlparse(href).path.startswith(PREFIX + "/"), f"{path}: {href} leaves the sub-path"
    tab.close()
    assert failed == [] and errors == []


def test_the_404_page_leads_back_into_the_site(browser, subpath_server):
    base, _ = subpath_server
    tab = browser.new_page()
    response = tab.goto(base + "no/such/page/")
    assert response.status == 404
    tab.get_by_role("link", name="Home").first.click()
    tab.wait_for_url(base)
    assert tab.locator("h1").first.inner_text()
    tab.close()


def test_search_finds_pages_and_events_under_a_sub_path(browser, subpath_server):
    base, _ = subpath_server
    tab = browser.new_page()
    failed = []
    tab.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    tab.goto(base + "chapters/stability/")
    tab.keyboard.press("/")
    tab.keyboard.type("Hmeimim")
    wait_until(tab, "() => document.querySelector('#site-search-status').textContent.includes('Hmeimim')")
    links = tab.locator("#site-search-results a").evaluate_all("links => links.map(a => a.href)")
    assert f"{base}glossary/#hmeimim" in links
    assert any(link.startswith(f"{base}timeline/?chart=") for link in links), links
    assert all(urlparse(link).path.startswith(PREFIX + "/") for link in links), links
    target = f"{base}glossary/#hmeimim"
    tab.keyboard.press("ArrowDown")
    while tab.evaluate("document.querySelector('[aria-selected=true]').href") != target:
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    tab.wait_for_url(target)
    assert failed == []
    tab.close()
