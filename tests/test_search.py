"""Search: the header's box finds words in the pages and the timeline's events, by keyboard alone,
and costs a page's first load nothing (build/search.py, build/assets/search-box.js and search.js)."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

import charts
from conftest import ROOT, wait_until

# A word a reader remembers -> a page (and heading) the search must offer for it.
FINDS = {
    "Sukhoi": "/chapters/plane-crashes/",
    "Hmeimim": "/glossary/#hmeimim",
    "Metrojet": "/glossary/#metrojet-9268",
    "transitional justice": "/chapters/assad-isis/",
    "Lavrov": "/chapters/cooperation/",
}
# A word found only in one event's summary (the Su-24's pilot was shot while parachuting).
EVENT_WORD, EVENT_ID = "parachuting", "su24-shootdown"


def indexed_records(site) -> list[dict]:
    """Every record in Pagefind's index: its address, text and meta."""
    records = []
    for fragment in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data[data.index(b"{"):]))
    return records


def search(tab, query: str) -> list[str]:
    """Type a query into the open search box, wait for its announcement, return the results' addresses."""
    tab.keyboard.press("Control+A")
    tab.keyboard.type(query)
    wait_until(tab, "q => document.querySelector('#site-search-status').textContent.includes(q)", query)
    return tab.locator("#site-search-results a").evaluate_all("links => links.map(a => a.href)")


def test_the_index_holds_page_prose_and_each_event_once(site):
    data = charts.load(ROOT / "data")
    records = indexed_records(site)
    pages = [r for r in records if "url" not in r["meta"]]
    events = [r for r in records if "url" in r["meta"]]
    assert not [r["url"] for r in pages if r["url"].startswith("/embed/")], "embed pages are not searched"
    assert {r["url"] for r in pages} >= {"/", "/chapters/plane-crashes/", "/glossary/", "/who-is-who/", "/timeline/"}
    # Events before the timeline's first year open the chapter that discusses them.
    on_timeline = [r for r in events if r["meta"]["url"].startswith("timeline/")]
    assert len(events) == len(data.events) and len(on_timeline) >= 100
    event_ids = [re.search(r"&event=([a-z0-9-]+)#", r["meta"]["url"]).group(1) for r in on_timeline]
    assert len(event_ids) == len(set(event_ids))
    assert all(r["meta"]["url"].startswith("chapters/") for r in events if r not in on_timeline)
    su24 = next(r for r in events if "event=su24-shootdown" in r["meta"]["url"])
    assert su24["meta"]["date"] == "24 November 2015" and su24["meta"]["url"].startswith("timeline/?chart=")
    timeline = next(r for r in pages if r["url"] == "/timeline/")
    # Chart drawings, controls, share boxes and data tables are not prose.
    for text in ["Showing ", "Download data", "Embed code", "Sources (URLs)", "Data table"]:
        assert text not in timeline["content"], text


def test_a_first_load_fetches_no_search_file(browser, server):
    tab = browser.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    for path in ["/", "/who-is-who/", "/timeline/"]:
        tab.goto(server + path)
        tab.wait_for_load_state("networkidle")
        tab.mouse.wheel(0, 2000)
        tab.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url or re.search(r"/search\.[0-9a-f]{10}\.js$", url)]
    tab.keyboard.press("/")  # only asking to search loads it
    assert tab.evaluate("document.activeElement.id") == "site-search-input"
    wait_until(tab, "() => !!window.siteSearch")
    tab.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_by_keyboard_finds_what_a_reader_remembers(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.goto(server + "/chapters/why-russia/")
    tab.keyboard.press("s")
    box = tab.locator("#site-search-input")
    for query, expected in FINDS.items():
        links = search(tab, query)
        assert any(expected in link for link in links), f"{query}: {links}"
        assert tab.locator("#site-search-results mark").count(), f"{query}: no highlighted snippet"
    assert re.fullmatch(r"\d+ results? for “Lavrov”.*", tab.locator("#site-search-status").text_content())
    # Arrow keys move through the results; the box names the one chosen.
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-option-1"
    assert tab.locator("#site-search-option-1").get_attribute("aria-selected") == "true"
    results = Axe().run(tab)
    assert not results.violations_count, results.generate_report()
    # Escape closes the list; a second Escape leaves the box.
    tab.keyboard.press("Escape")
    assert tab.locator(".site-search__panel").is_hidden() and box.get_attribute("aria-expanded") == "false"
    tab.keyboard.press("Escape")
    assert tab.evaluate("document.activeElement.id") != "site-search-input"
    # An event, by a word of its summary: Enter opens it on the timeline, through instant navigation.
    tab.keyboard.press("/")
    links = search(tab, EVENT_WORD)
    assert f"event={EVENT_ID}" in links[0]
    assert tab.locator("#site-search-option-0").inner_text().startswith("24 November 2015: Turkey shoots down")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(rf".*/timeline/\?chart=chart-timeline[^&]*&event={EVENT_ID}#.*"))
    tab.locator(".chart__event:not([hidden])").wait_for(timeout=20000)
    assert "Turkey shoots down a Russian Su-24" in tab.locator(".chart__event:not([hidden])").inner_text()
    assert errors == []
    context.close()


def test_a_heading_result_opens_at_its_section(browser, server):
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(server + "/")
    tab.keyboard.press("/")
    links = search(tab, "Metrojet")
    target = next(link for link in links if "/glossary/#metrojet-9268" in link)
    tab.keyboard.press("ArrowDown")
    while tab.evaluate("document.querySelector('[aria-selected=true]').href") != target:
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    tab.wait_for_url(target)
    top = tab.locator("#metrojet-9268").bounding_box()["y"]
    assert 0 <= top < 300, "the page opens at the heading"
    tab.close()


def test_an_address_with_q_opens_the_results(browser, server):
    tab = browser.new_page(viewport={"width": 360, "height": 740})
    tab.goto(server + "/glossary/?q=Hmeimim")
    wait_until(tab, "() => document.querySelectorAll('#site-search-results [role=option]').length > 0")
    assert tab.locator("#site-search-results").is_visible()
    box = tab.locator(".site-search__panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the results fit a phone's screen"
    tab.close()
