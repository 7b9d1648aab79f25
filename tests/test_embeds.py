"""Journalists' use of the charts: embedding from another site, downloads, shareable views, keyboard."""
from __future__ import annotations

import csv
import functools
import html
import http.server
import io
import re
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from charts import load
from conftest import DRAWING, RENDERED, ROOT, _QuietHandler, reach_for, wait_until


def embed_keys(site: Path) -> list[str]:
    return sorted(path.name for path in (site / "embed").iterdir())


def has_drawing(site: Path, key: str) -> bool:
    """False for a chart charts/preview.py does not draw: plotly.js draws it as it nears the viewport."""
    return 'class="chart__preview' in (site / "embed" / key / "index.html").read_text(encoding="utf-8")


def snippet_for(site: Path, key: str) -> str:
    """The embed code exactly as the English site offers it, in the share box of the chart's own page
    (a chapter's box fetches its contents from there when a reader opens it)."""
    text = (site / "embed" / key / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'<textarea[^>]*class="chart__embed-code"[^>]*>(.*?)</textarea>', text, re.S).group(1))


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A second web server, on another origin, for the pages that embed our charts."""
    folder = tmp_path_factory.mktemp("newsroom")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    # "localhost" is another origin than the site's "127.0.0.1", though both are this machine.
    yield folder, f"http://localhost:{httpd.server_address[1]}"
    httpd.shutdown()


def newsroom_page(browser, other_origin, site, server, keys):
    folder, origin = other_origin
    body = "\n".join(f"<h2>{key}</h2>\n{snippet_for(site, key)}" for key in keys)
    (folder / "story.html").write_text(f"<!doctype html><html lang=en><title>Story</title><link rel=icon href='data:,'><body>{body}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 800, "height": 900})
    tab = context.new_page()
    tab.errors, tab.foreign, tab.requested = [], [], []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    allowed = {urlparse(server).netloc, urlparse(origin).netloc}
    tab.on("request", lambda request: urlparse(request.url).netloc not in allowed and tab.foreign.append(request.url))
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.goto(origin + "/story.html")
    return context, tab


def frame_of(tab, key):
    return tab.frame_locator(f'iframe[data-ris-chart="{key}"]')


def assert_frame_fits_its_content(tab, key):
    content = frame_of(tab, key).locator("body").evaluate("body => Math.ceil(body.getBoundingClientRect().bottom)")
    wait_until(tab, "([key, h]) => Math.abs(document.querySelector(`iframe[data-ris-chart='${key}']`).offsetHeight - h) <= 2",
               [key, content], timeout=5)


def test_every_chart_embeds_draws_and_sizes_itself_on_another_site(browser, other_origin, site, server):
    keys = embed_keys(site)
    assert len(keys) >= 8
    context, tab = newsroom_page(browser, other_origin, site, server, keys)
    for key in keys:
        tab.locator(f'iframe[data-ris-chart="{key}"]').scroll_into_view_if_needed()
        frame_of(tab, key).locator(f"{DRAWING} .point" if has_drawing(site, key) else RENDERED).first.wait_for(state="visible", timeout=15000)
        assert_frame_fits_its_content(tab, key)
    if all(has_drawing(site, key) for key in keys):  # a reader who only scrolls past never downloads the chart library
        assert not [url for url in tab.requested if "plotly" in url]
    for key in keys:
        # Chromium routes the pointer to a frame from another origin by where it was last painted:
        # let a scroll settle before pointing.
        tab.locator(f'iframe[data-ris-chart="{key}"]').scroll_into_view_if_needed()
        tab.wait_for_timeout(250)
        frame_of(tab, key).locator(".chart__plot").hover()
        frame_of(tab, key).locator(RENDERED).wait_for(timeout=15000)
        assert frame_of(tab, key).locator(DRAWING).is_hidden()  # kept for print, hidden on screen
        assert frame_of(tab, key).locator(".chart__plot .main-svg").first.is_visible()
        assert_frame_fits_its_content(tab, key)
    assert tab.errors == [] and tab.foreign == []
    context.close()


def test_messages_of_another_shape_or_origin_are_ignored(browser, other_origin, site, server):
    """Each message is wrong in one way only, so that each check of the snippet is seen to reject it on its own."""
    key = embed_keys(site)[0]
    folder, origin = other_origin
    (folder / "impostor.html").write_text("<!doctype html><title>Another site</title>", encoding="utf-8")
    context, tab = newsroom_page(browser, other_origin, site, server, [key])
    frame_of(tab, key).locator(DRAWING).wait_for(timeout=15000)
    # Two more frames: a page of another origin that names itself a chart, and one of our pages that is not a chart frame.
    tab.evaluate("""([impostor, plain]) => {
        const named = document.createElement("iframe"); named.id = "impostor"; named.src = impostor;
        named.setAttribute("data-ris-chart", "impostor"); document.body.append(named);
        const unnamed = document.createElement("iframe"); unnamed.id = "plain"; unnamed.src = plain; document.body.append(unnamed);
    }""", [origin + "/impostor.html", server + "/about/"])
    impostor, plain = (tab.locator(f"#{name}").element_handle().content_frame() for name in ("impostor", "plain"))
    for frame in (impostor, plain):
        frame.wait_for_load_state()
    heights = "() => [...document.querySelectorAll('iframe')].map(f => f.offsetHeight)"
    tab.wait_for_timeout(300)
    settled = tab.evaluate(heights)
    ours = frame_of(tab, key).locator("body").element_handle().owner_frame()
    right = {"type": "ris-embed-resize", "chart": key, "height": 5000}
    for sender, message in [
        (impostor, {**right, "chart": "impostor"}),  # another origin, in a frame that bears the chart's name
        (plain, right),  # our origin, from a frame that is not the chart's
        (ours, {**right, "chart": "another-chart"}),  # our chart's frame, with another chart's name
        (ours, {**right, "height": "5000"}),  # a height that is not a number
        (ours, {**right, "height": -5}),  # a height that is not positive
        (ours, {**right, "type": "resize"}),  # another type of message
        (ours, f"ris-embed-resize {key} 5000"),  # not an object
    ]:
        sender.evaluate("message => parent.postMessage(message, '*')", message)
        tab.wait_for_timeout(100)
        assert tab.evaluate(heights) == settled, message
    context.close()


@pytest.fixture
def chapter(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    yield tab
    context.close()


@pytest.mark.parametrize("page", ["/chapters/cooperation/", "/embed/stances/"])
@pytest.mark.parametrize("format, signature", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_chart_downloads_as_an_image(chapter, server, page, format, signature, tmp_path):
    """The button is there at once; if plotly.js has not drawn the chart yet, the click has it drawn."""
    chapter.goto(server + page)
    figure = chapter.locator("figure.chart").first
    with chapter.expect_download() as download:
        figure.locator(f"button[data-image={format}]").first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    content = path.read_bytes()
    assert path.suffix == f".{format}" and len(content) > 5000 and signature in content[:200]
    if format == "svg":
        assert b"Who stood where" in content  # the title travels with the image


def test_chart_csv_has_exactly_the_rows_it_shows_with_sources(site, server, chapter):
    chapter.goto(server + "/chapters/plane-crashes/")
    figure = chapter.locator("figure.chart[data-chart='timeline--from-2015-09-28--to-2015-12-10']")
    href = figure.locator("a[download]").get_attribute("href")
    response = chapter.request.get(urljoin(chapter.url, href))
    assert response.ok, href
    rows = list(csv.DictReader(io.StringIO(response.text())))
    data = load(ROOT / "data")
    expected = {e["title"] for e in data.events if "2015-09-28" <= e["date"].start.isoformat() <= "2015-12-10"}
    assert {row["Event"] for row in rows} == expected
    assert all(row["Sources (URLs)"].startswith("http") for row in rows)


def test_a_shared_link_restores_the_timeline_view(chapter, server, site):
    page = site / "timeline" / "index.html"
    figure_id = re.search(r'<figure class="chart" id="(chart-timeline--periods-after[^"]*)"', page.read_text()).group(1)
    data = load(ROOT / "data")
    event = next(e for e in data.events if e["period"] == "after" and e["theme"] == "military")
    chapter.goto(f"{server}/timeline/?chart={figure_id}&themes=military&event={event['id']}")
    figure = chapter.locator(f"#{figure_id}")
    figure.locator(RENDERED).wait_for()
    military = sum(1 for e in data.events if e["period"] == "after" and e["theme"] == "military")
    assert figure.locator(".chart__count").inner_text().startswith(f"Showing {military} of")
    assert figure.locator(".chart__themes input:checked").count() == 1
    assert event["title"] in figure.locator(".chart__event").inner_text()
    assert chapter.errors == []


def test_choosing_filters_updates_the_link(chapter, server):
    chapter.goto(server + "/timeline/")
    figure = chapter.locator("figure.chart:has(.chart__controls)").first
    reach_for(chapter, figure.locator(".chart__plot"))
    figure.locator(".chart__themes input[value=diplomacy]").uncheck()
    figure.locator("select[name=actors]").select_option(["russia", "turkey"])
    params = dict(p.split("=") for p in urlparse(chapter.url).query.split("&"))
    assert params["chart"] == figure.get_attribute("id")
    assert "diplomacy" not in params["themes"] and params["actors"] == "russia%2Cturkey"


def test_a_period_jump_gets_ticks_for_its_own_range(chapter, server):
    chapter.goto(server + "/timeline/")
    figure = chapter.locator("figure.chart").first
    ticks = lambda: figure.locator(".xtick text").evaluate_all("texts => texts.map(text => text.textContent)")
    figure.locator(".chart__periods input[value=autumn-2015]").check()  # this alone has plotly.js draw the chart
    figure.locator(RENDERED).wait_for()
    expect(figure.locator(".xtick text").first).not_to_have_text("2012")
    autumn = ticks()
    assert len(autumn) >= 3 and not {"2012", "2014", "2016"} & set(autumn), autumn  # weeks or months, not years
    figure.locator(".chart__periods input[value='']").check()
    expect(figure.locator(".xtick text").first).to_have_text("2012")  # back to the drawing's ticks


def test_keyboard_alone_reaches_controls_and_reads_points(chapter, server):
    chapter.goto(server + "/timeline/")
    figure = chapter.locator("figure.chart:has(.chart__controls)").first
    figure.scroll_into_view_if_needed()
    before = figure.locator(".chart__count").inner_text()
    figure.locator(".chart__themes input").first.focus()  # focus alone has plotly.js draw the chart
    chapter.keyboard.press("Space")  # untick the first theme by keyboard
    figure.locator(RENDERED).wait_for()
    expect(figure.locator(".chart__count")).not_to_have_text(before)
    for _ in range(30):  # Tab on until the chart itself has focus
        chapter.keyboard.press("Tab")
        if chapter.evaluate("document.activeElement.classList.contains('chart__plot')"):
            break
    assert chapter.evaluate("document.activeElement.classList.contains('chart__plot')")
    chapter.keyboard.press("ArrowRight")
    assert re.match(r"1 of \d+: .+", figure.locator(".chart__live").inner_text())
    assert figure.locator(".hoverlayer .hovertext").count() == 1
    chapter.keyboard.press("Enter")  # the event's details, from its row of the table the chapter fetches now
    expect(figure.locator(".chart__event")).to_be_visible()
    expect(figure.locator(".chart__event .chart__event-title")).not_to_be_empty()


@pytest.mark.parametrize("touch", [False, True], ids=["pointer", "tap"])
def test_the_point_under_the_first_pointer_or_tap_gets_its_tooltip(browser, server, touch):
    """No second tap or movement needed once plotly.js has arrived."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=touch, is_mobile=touch)
    tab = context.new_page()
    tab.goto(server + "/embed/estimates--measure-russian-citizens-fighting-with-isis/")
    point = tab.locator(".chart__preview .point").nth(2).bounding_box()
    x, y = point["x"] + point["width"] / 2, point["y"] + point["height"] / 2
    if touch:
        tab.touchscreen.tap(x, y)
    else:
        tab.mouse.move(x, y)
    tab.locator(RENDERED).wait_for()
    expect(tab.locator(".hoverlayer .hovertext")).to_have_count(1)
    context.close()


def test_a_key_pressed_before_the_chart_library_arrives_is_not_lost(chapter, server):
    held = []  # plotly.js is held back until the key has been pressed, so the key surely comes first
    chapter.route("**/plotly-basic*.js", lambda route: held.append(route))
    chapter.goto(server + "/embed/stances/")
    plot = chapter.locator(".chart__plot")
    plot.focus()  # from here plotly.js is on its way
    chapter.keyboard.press("ArrowRight")
    while not held:
        chapter.wait_for_timeout(50)
    assert plot.get_attribute("data-rendered") != "true"
    held[0].continue_()
    expect(chapter.locator(".chart__live")).to_have_text(re.compile(r"^1 of \d+: Russia"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_on_embed_pages(browser, server, site, theme):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    reports = []
    for key in embed_keys(site):
        tab.goto(f"{server}/embed/{key}/?theme={theme}")
        # Both states: the static drawing, then the plotly.js chart that replaces it.
        # A matrix shows its list instead, at this width: the chart library has nothing to draw.
        matrix = tab.locator(".chart__matrix").is_visible()
        for state in ("drawing",) if matrix else ("drawing", "chart") if has_drawing(site, key) else ("chart",):
            if state == "chart":
                tab.locator(".chart__plot").hover()
            tab.locator(".chart__matrix" if matrix else DRAWING if state == "drawing" else RENDERED).wait_for()
            assert tab.evaluate("document.documentElement.scrollWidth <= 360"), f"{key} ({state}) scrolls sideways at 360 px"
            results = Axe().run(tab)
            if results.violations_count:
                reports.append(f"{key} ({state}):\n{results.generate_report()}")
    context.close()
    assert not reports, "\n".join(reports)
    assert errors == []
