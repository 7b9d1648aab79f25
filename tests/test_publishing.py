"""What search engines, link previews and hosts see: titles, descriptions, previews, structured data."""
from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import pytest

from conftest import edition_folders, reach_for, read_headers_file


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_every_page_has_its_own_title_and_description(site):
    titles, descriptions = {}, {}
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        description = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)
        assert title not in titles, f"{page} repeats the title of {titles.get(title)}"
        assert description not in descriptions, f"{page} repeats the description of {descriptions.get(description)}"
        assert 50 <= len(description) <= 300, f"{page}: description of {len(description)} characters"
        titles[title], descriptions[description] = page, page


def test_site_pages_have_canonical_link_previews_and_structured_data(site, site_url):
    for page in pages(site):
        if "embed" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        url = site_url + str(page.parent.relative_to(site)).replace(".", "").strip("/") + "/"
        url = url.replace(site_url + "/", site_url)
        assert f'<link rel="canonical" href="{url}">' in html, page
        assert meta(html, "og:url") == url and meta(html, "twitter:card") == "summary_large_image"
        image = meta(html, "og:image")
        assert image.startswith(site_url) and (site / image[len(site_url):]).stat().st_size > 5000
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["@context"] == "https://schema.org" and data["url"] == url
        if "chapters" in page.parts:
            # Each edition names the author in its own script.
            assert data["@type"] == "Article" and data["isBasedOn"]["author"]["name"] in ("Kadri Liik", "كادري ليك", "Кадри Лийк")
        if page.parent.name == "data":
            assert data["@type"] == "Dataset" and data["license"].endswith("/by/4.0/")


def test_each_chapter_has_its_own_preview_image(site):
    images = {meta(p.read_text(encoding="utf-8"), "og:image") for p in (site / "chapters").rglob("index.html")}
    assert len(images) == 6
    assert len({(site / "previews" / Path(i).name).read_bytes() for i in images}) == 6


def test_sitemap_lists_every_page_and_robots_points_to_it(site, site_url):
    editions = edition_folders(site)
    robots = (site / "robots.txt").read_text()
    for page in pages(site):
        if "embed" not in page.parts:
            path = str(page.parent.relative_to(site)).replace(".", "").strip("/")
            edition = path.split("/")[0] if path.split("/")[0] in editions else ""
            sitemap = (site / edition / "sitemap.xml").read_text(encoding="utf-8")
            assert f"<loc>{site_url}{path + '/' if path else ''}</loc>" in sitemap
    for edition in ["", *editions]:
        assert f"Sitemap: {site_url}{edition + '/' if edition else ''}sitemap.xml" in robots


def test_the_404_page_offers_a_way_back(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "This page is not here" in html and html.count("chapters/") >= 6


def test_assets_are_named_by_their_content(site):
    for folder in ("javascripts", "stylesheets"):
        for path in (site / "assets" / folder).glob("*.*s"):
            assert re.search(r"\.[0-9a-f]{8,10}(\.min)?\.(js|css)$", path.name), path
    for path in (site / "assets" / "charts").iterdir():
        assert re.search(r"\.[0-9a-f]{10}\.(json|csv|metadata\.json|zip)$", path.name), path


@pytest.fixture
def no_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_embed_pages_work_without_javascript(no_javascript, server, site):
    key = sorted(p.name for p in (site / "embed").iterdir())[0]
    no_javascript.goto(f"{server}/embed/{key}/")
    assert no_javascript.locator(".chart__preview .point").first.is_visible()  # the chart itself, drawn at build time
    assert no_javascript.locator(".chart__summary").is_visible()
    no_javascript.locator(".chart__data summary").click()
    assert no_javascript.locator(".chart__data tbody tr").count() >= 3
    assert no_javascript.locator(".chart__controls").is_hidden()
    assert no_javascript.locator("a[download]").is_visible()


def test_chapter_charts_work_without_javascript(no_javascript, server):
    no_javascript.goto(f"{server}/chapters/cooperation/")
    figure = no_javascript.locator("figure.chart:has(.chart__controls)").first
    assert figure.locator(".chart__preview .point").first.is_visible()  # the chart, drawn at build time
    assert figure.locator(".chart__controls").is_hidden()  # filters need the page script
    figure.locator(".chart__data summary").click()
    link = figure.locator(".chart__data a").first
    assert link.is_visible() and "/embed/" in link.get_attribute("href")
    link.click()  # the chart's own page holds the table
    assert no_javascript.locator(".chart__data tbody tr").count() >= 20


def test_a_chart_appearing_does_not_move_the_page(browser, server):
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(server + "/chapters/cooperation/")
    plot = tab.locator(".chart__plot").first
    before = plot.evaluate("e => e.getBoundingClientRect().height")
    reach_for(tab, plot)  # the drawing gives way to plotly.js in the same box
    assert plot.evaluate("e => e.getBoundingClientRect().height") == before
    tab.close()


def policies_for(site: Path, url_path: str) -> list[str]:
    """The Content-Security-Policy values a host that reads `_headers` sends for a path: every matching rule adds its own."""
    return [value for pattern, name, value in read_headers_file(site / "_headers")
            if name == "Content-Security-Policy" and fnmatch.fnmatch(url_path, pattern)]


def test_no_page_but_the_embed_pages_may_be_framed_by_another_site(site):
    for page in site.rglob("*.html"):
        path = "/" + page.relative_to(site).as_posix()
        for url_path in {path, path.removesuffix("index.html")}:
            [policy] = policies_for(site, url_path)  # one policy: two would both be enforced
            embed_page = path.startswith("/embed/") or path.split("/")[2:3] == ["embed"]  # an edition's too: /ar/embed/
            assert ("frame-ancestors 'none'" in policy) != embed_page, url_path


def test_pages_carry_the_same_policy_as_the_headers_file_for_hosts_without_headers(site):
    """A <meta> policy cannot carry frame-ancestors: without headers, any page may be framed."""
    [header] = policies_for(site, "/embed/stances/")
    for page in site.rglob("*.html"):
        assert f'<meta http-equiv="Content-Security-Policy" content="{header}">' in page.read_text(encoding="utf-8"), page
