"""The map in a reader's browser: keyboard reading, a place's events and their links, the timeline's
links back to the map, the page without JavaScript, and axe with a place's events listed.

Runs Debian's Chromium through Playwright against the built site on a local server, like test_browser.py.
"""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import RENDERED, reach_for, wait_until
from test_browser import page  # noqa: F401  (the fixture: a fresh page that records errors and foreign requests)

HOME_MAP = "#chart-map--region-levant"
LIVE = "() => document.querySelector('%s .chart__live').textContent" % HOME_MAP


def test_arrow_keys_read_the_map_from_north_to_south_with_each_places_events(page, server):
    page.goto(server + "/")
    plot = page.locator(f"{HOME_MAP} .chart__plot")
    plot.scroll_into_view_if_needed()
    plot.focus()  # keyboard only: focus brings plotly.js, and the first key waits for it
    page.keyboard.press("ArrowDown")
    wait_until(page, LIVE + ".startsWith('1 of ')")
    first = page.evaluate(LIVE)
    count = int(re.match(r"1 of (\d+): ", first).group(1))
    assert count == page.locator(f"{HOME_MAP} .chart__preview .point").count() >= 16
    # Qamishli, the northernmost place, with its events and their dates, then its sources.
    assert first.startswith(f"1 of {count}: Qamishli. 22 October 2019: Russia and Turkey carve up the north-east border. "
                            "27 January 2026: Russia withdraws from Qamishli airport")
    assert "Source: GeoNames" in first
    names = [first.split(": ", 1)[1].split(". ", 1)[0]]
    for number in range(2, count + 1):
        page.keyboard.press("ArrowDown")
        wait_until(page, LIVE + f".startsWith('{number} of ')")
        names.append(page.evaluate(LIVE).split(": ", 1)[1].split(". ", 1)[0])
    # The places as plotly.js holds them, north to south (west to east at one latitude).
    expected = plot.evaluate("""plot => plot.data.filter(trace => trace.customdata && trace.hoverinfo !== 'skip').flatMap(trace => trace.customdata.map((id, i) =>
        [trace.y[i], trace.x[i], trace.hovertext[i].match(/<b>(.*?)<\\/b>/)[1]])).sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .map(place => place[2])""")
    assert names == expected and names[-1] == "Sharm el-Sheikh"
    assert page.errors == [] and page.foreign == []


def test_selecting_a_place_lists_its_events_linked_to_the_timeline_and_chapters_and_back(page, server):
    page.goto(server + "/")
    plot = page.locator(f"{HOME_MAP} .chart__plot")
    reach_for(page, plot)
    # Click Hmeimim's square, where plotly.js drew it.
    curve, point = page.evaluate("""selector => {
        const plot = document.querySelector(selector + ' .chart__plot');
        const curve = plot.data.findIndex(trace => (trace.customdata || []).includes('hmeimim'));
        return [curve, plot.data[curve].customdata.indexOf('hmeimim')]; }""", HOME_MAP)
    box = plot.locator(".scatterlayer .trace").nth(curve).locator(".points .point").nth(point).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.locator(f"{HOME_MAP} .chart__event")
    panel.wait_for()
    assert panel.locator(".chart__event-title").inner_text() == "Hmeimim air base"
    assert page.evaluate("document.activeElement.classList.contains('chart__event')"), "focus moves to the list"
    items = panel.locator("li")
    assert items.count() >= 3
    assert "25 November 2015: Russia sends S-400 air defences to Hmeimim" in panel.inner_text()
    for link in panel.locator("li a").all():  # every link leads somewhere on the site
        assert page.request.get(link.evaluate("a => a.href")).ok, link.inner_text()
    assert panel.locator("a[href^='http']").count() >= 1, "the place's sources"
    assert "place=hmeimim" in page.url  # the address names the selected place
    shared = page.url

    # Into the timeline: the event opens there, as its own "Link to this event" would open it.
    event = items.filter(has_text="Russia sends S-400 air defences to Hmeimim")
    assert event.locator("a", has_text="on the timeline").get_attribute("href").endswith(
        "timeline/?chart=chart-timeline--from-2011&event=s400-hmeimim")
    assert event.locator("a", has_text="4. The two plane crashes").count() == 1
    event.locator("a", has_text="on the timeline").click()
    page.wait_for_url(re.compile(r".*/timeline/\?chart=chart-timeline--from-2011&event=s400-hmeimim"))
    details = page.locator("#chart-timeline--from-2011 .chart__event")
    details.wait_for()
    page.locator(f"#chart-timeline--from-2011 {RENDERED}").wait_for()  # and the page has scrolled to the chart
    assert "Russia sends S-400 air defences to Hmeimim" in details.locator(".chart__event-title").inner_text()

    # And back: the event's details link each of its places to a map that shows it, with the place selected.
    where = details.locator("p", has_text="Where:")
    assert where.locator("a").count() >= 1
    where.locator("a", has_text="Hmeimim air base").click()
    page.wait_for_url(re.compile(r".*/\?chart=chart-map--region-levant&place=hmeimim#chart-map--region-levant$"))
    page.locator(f"{HOME_MAP} .chart__event .chart__event-title").wait_for()
    assert page.locator(f"{HOME_MAP} .chart__event .chart__event-title").inner_text() == "Hmeimim air base"
    page.go_back()

    # A shared link to a place opens its list, as it did for the reader who shared it.
    page.goto(shared)
    assert page.locator(f"{HOME_MAP} .chart__event .chart__event-title").inner_text(timeout=15000) == "Hmeimim air base"
    page.locator(f"{HOME_MAP} .chart__event-close").click()
    assert page.locator(f"{HOME_MAP} .chart__event").is_hidden() and "place=" not in page.url
    assert page.errors == [] and page.foreign == []


def test_enter_lists_the_events_of_the_place_being_read(page, server):
    page.goto(server + "/chapters/plane-crashes/")
    plot = page.locator("figure:has(.chart__preview--map) .chart__plot")
    plot.scroll_into_view_if_needed()
    plot.focus()
    figure = page.locator("figure:has(.chart__preview--map)")
    live = "e => e.querySelector('.chart__live').textContent"
    for _ in range(6):
        page.keyboard.press("ArrowDown")
        wait_until(page, "() => /^\\d+ of /.test(document.querySelector('figure:has(.chart__preview--map) .chart__live').textContent)")
        if "Su-24" in figure.evaluate(live).split(". ", 1)[0]:
            break
    page.keyboard.press("Enter")
    panel = figure.locator(".chart__event")
    panel.wait_for()
    assert panel.locator(".chart__event-title").inner_text() == "Su-24 crash area, Turkmen Mountain"
    assert "24 November 2015: Turkey shoots down a Russian Su-24" in panel.inner_text()
    assert panel.locator("li a", has_text="4. The two plane crashes").count() >= 1
    assert page.errors == [] and page.foreign == []


def test_without_javascript_the_map_is_a_drawing_and_its_table_is_a_link_away(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(server + "/")
    figure = tab.locator(f"{HOME_MAP}")
    assert figure.locator(".chart__preview--map .point").first.is_visible()
    assert figure.locator(".chart__preview--map text", has_text="Tartus").is_visible()
    assert figure.locator(".chart__preview--map text", has_text="N").first.is_visible()  # the north arrow's letter
    figure.locator(".chart__data summary").click()
    table_link = figure.locator(".chart__data a", has_text="the chart's own page")
    table_link.click()
    tab.wait_for_url(re.compile(r".*/embed/map--region-levant/$"))
    tab.locator(".chart__data summary").click()
    rows = tab.locator(".chart__data tbody tr")
    assert rows.count() >= 16
    assert "Hmeimim air base" in tab.locator(".chart__data tbody").inner_text()
    assert tab.locator(".chart__preview--map .point").first.is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_map_with_a_places_events_listed(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(server + "/?chart=chart-map--region-levant&place=tartus#chart-map--region-levant")
    tab.locator(f"{HOME_MAP} .chart__event .chart__event-title").wait_for(timeout=15000)
    assert tab.locator(RENDERED).count() >= 1
    results = Axe().run(tab)
    context.close()
    assert not results.violations_count, results.generate_report()
