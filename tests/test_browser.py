"""What a reader's browser shows: every page, both colour schemes, charts drawn on demand.

Every chart arrives as a static drawing; plotly.js is fetched only when a reader points at a
chart, touches it or moves focus into it (build/assets/explainer.js).

Runs Debian's Chromium through Playwright against the built site on a local server.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from conftest import DRAWING, edition_folders, RENDERED, reach_for, reach_for_every_chart, wait_until
from axe_playwright_python.sync_playwright import Axe


def pages_of(site) -> list[str]:
    """The English site's pages; embed pages have tests of their own (test_embeds.py), and so do the
    Arabic and Russian editions (test_editions.py), which keeps these checks of every page fast."""
    editions = edition_folders(site)
    return sorted("/" + str(page.parent.relative_to(site)).replace(".", "").strip("/") + ("/" if page.parent != site else "")
                  for page in site.rglob("index.html")
                  if "embed" not in page.parts and page.relative_to(site).parts[0] not in editions)


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and every request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.errors, tab.foreign = [], []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: urlparse(request.url).netloc != urlparse(server).netloc
           and not request.url.startswith("data:") and tab.foreign.append(request.url))
    yield tab
    context.close()


def scroll_to_end(tab) -> None:
    """Scroll down a screen at a time, as a reader would."""
    height = tab.evaluate("document.body.scrollHeight")
    for y in range(0, height + 800, 600):
        tab.mouse.wheel(0, 600)
        tab.wait_for_timeout(30)


def expect_every_chart_shown_as_a_drawing(tab) -> int:
    """A chart the drawing does not cover (charts/preview.py) is drawn by plotly.js once it has neared the viewport."""
    plots = tab.locator(".chart__plot")
    for index in range(plots.count()):
        plot = plots.nth(index)
        if plot.locator(".chart__preview").count():
            assert plot.locator(".chart__preview .point").first.is_visible(), f"chart {index + 1} has no drawing"
        else:
            plot.locator("xpath=self::*[@data-rendered='true']").wait_for(timeout=15000)
    return plots.count()


def test_every_page_loads_cleanly_and_draws_its_charts(page, server, site):
    drawn = 0
    for path in pages_of(site):
        page.goto(server + path)
        scroll_to_end(page)
        expect_every_chart_shown_as_a_drawing(page)
        drawn += reach_for_every_chart(page)
        assert page.locator(f"{RENDERED} .main-svg").count() >= page.locator(".chart__plot").count()
        assert page.errors == [], path
        assert page.foreign == [], path
    assert drawn >= 8


def test_chart_library_waits_until_a_reader_reaches_for_a_chart(page, server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "/glossary/")
    page.wait_for_load_state("networkidle")
    page.goto(server + "/chapters/cooperation/")
    scroll_to_end(page)  # scrolling past the charts shows their drawings and fetches nothing more
    page.wait_for_load_state("networkidle")
    assert expect_every_chart_shown_as_a_drawing(page) >= 2
    assert not [url for url in requested if "plotly" in url]
    reach_for(page, page.locator(".chart__plot").first)
    assert [url for url in requested if re.search(r"/plotly-basic\.min\.[0-9a-f]{10}\.js$", url)]
    assert page.locator(DRAWING).first.is_hidden(), "the drawing gives way to the chart"


def test_on_a_phone_no_page_or_chart_drawing_runs_off_the_screen(browser, server, site):
    tab = browser.new_page(viewport={"width": 360, "height": 800})
    outside = []
    for path in pages_of(site):
        tab.goto(server + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} scrolls sideways"
        outside += [f"{path}: {text}" for text in tab.evaluate("""() => [...document.querySelectorAll(
            '.chart__preview .point, .chart__preview text, .chart__preview-legend li')].filter(element => {
                const box = element.getBoundingClientRect();
                return box.width && (box.right > innerWidth + 1 || box.left < -1);
            }).map(element => element.textContent.slice(0, 60))""")]
    tab.close()
    assert not outside, outside


@pytest.mark.parametrize("width", [1280, 360])
def test_a_drawings_legend_keys_sit_side_by_side_inside_the_chart_box(browser, server, width):
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(server + "/who-is-who/")
    figure = tab.locator("figure.chart:has(.chart__preview-legend)").first
    # A matrix shows its list, with the list's own legend, in a narrow frame (tests/test_newsroom.py).
    matrix = figure.locator(".chart__matrix").is_visible()
    keys = figure.locator(".chart__matrix-legend > li" if matrix else ".chart__preview-legend > li")
    tops = {round(keys.nth(i).bounding_box()["y"]) for i in range(keys.count())}
    assert keys.count() == 6 and len(tops) <= (2 if width == 1280 else 3)
    legend = figure.locator(".chart__matrix-legend" if matrix else ".chart__preview-legend").bounding_box()
    plot = figure.locator(".chart__matrix" if matrix else ".chart__plot").bounding_box()
    last = keys.nth(keys.count() - 1).bounding_box()
    assert last["y"] + last["height"] <= plot["y"] + plot["height"] + 1, "the legend spills out of the chart's box"
    assert legend["x"] >= plot["x"] - 1
    tab.close()


def test_a_chart_without_a_drawing_is_drawn_when_it_nears_the_viewport(page, server):
    """The fallback for a figure charts/preview.py cannot draw: the page is served with its drawings taken out."""
    def without_drawings(route):
        body = route.fetch().text()
        route.fulfill(body=re.sub(r'<div class="chart__preview[^"]*" aria-hidden="true">.*?</div>', "", body, flags=re.S),
                      content_type="text/html")
    page.route(re.compile(r".*/chapters/cooperation/$"), without_drawings)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "/chapters/cooperation/")
    assert page.locator(DRAWING).count() == 0
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('.chart__plot').getBoundingClientRect().top > innerHeight + 300")
    assert not [url for url in requested if "plotly" in url]
    page.locator(".chart__plot").first.scroll_into_view_if_needed()  # no pointer, no focus: scrolling alone
    page.locator(RENDERED).first.wait_for()
    assert page.errors == []


DRAWN_POINTS = """plot => [...plot.querySelectorAll('.chart__preview .point')].map(point => {
    const box = point.querySelector('rect, circle').getBoundingClientRect();
    return [+point.dataset.curve, +point.dataset.point, box.x + box.width / 2, box.y + box.height / 2]; })"""
PLOTLY_POINTS = """plot => [...plot.querySelectorAll('.scatterlayer .trace')].map(trace =>
    [...trace.querySelectorAll('.points .point')].map(point => {
        const box = point.getBoundingClientRect(); return [box.x + box.width / 2, box.y + box.height / 2]; }))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_moves_when_plotly_replaces_the_drawing(browser, server, width):
    """plotly.js gets the drawing's frame (charts/preview.py, plotly_layout): every point stays put."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    moved = []
    for path in ["/chapters/assad-isis/", "/timeline/", "/chapters/what-next/"]:  # every kind of chart
        tab.goto(server + path)
        for plot in tab.locator(".chart__plot:visible").all():  # a matrix on a phone shows its list instead
            plot.scroll_into_view_if_needed()
            before = plot.evaluate(DRAWN_POINTS)
            reach_for(tab, plot)
            after = plot.evaluate(PLOTLY_POINTS)
            assert len(before) == sum(len(trace) for trace in after) > 0
            moved += [(path, curve, point) for curve, point, x, y in before
                      if abs(after[curve][point][0] - x) > 1.5 or abs(after[curve][point][1] - y) > 1.5]
    tab.close()
    assert not moved, moved


def test_row_labels_follow_the_drawing_when_the_frame_narrows_after_drawing(browser, server):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(server + "/chapters/assad-isis/")
    plot = tab.locator("figure.chart:has(.chart__preview--stack) .chart__plot").first
    reach_for(tab, plot)
    tab.set_viewport_size({"width": 390, "height": 900})  # a phone turned, a window narrowed
    wait_until(tab, "() => document.querySelector('.chart__preview--stack').closest('.chart__plot')._fullLayout.margin.l === 8")
    tab.wait_for_timeout(200)
    plot.evaluate("e => e.removeAttribute('data-rendered')")  # show the drawing again, to compare
    before = plot.evaluate(DRAWN_POINTS)
    plot.evaluate("e => e.setAttribute('data-rendered', 'true')")
    after = plot.evaluate(PLOTLY_POINTS)
    assert all(abs(after[c][i][0] - x) <= 1.5 and abs(after[c][i][1] - y) <= 1.5 for c, i, x, y in before)
    assert plot.locator(".annotation-text").count() == len(before)  # one label above each row
    tab.close()


def test_when_the_chart_library_cannot_load_the_drawing_stays(page, server):
    page.route(re.compile(r".*/plotly-basic\.min\.[0-9a-f]+\.js$"), lambda route: route.fulfill(status=503, body=""))
    page.goto(server + "/chapters/cooperation/")
    plot = page.locator(".chart__plot").first
    plot.scroll_into_view_if_needed()
    point = plot.locator(".chart__preview .point rect").first.bounding_box()
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)  # onto a drawn point
    wait_until(page, "() => document.querySelector('.chart__plot').hasAttribute('data-error')")
    assert plot.locator(".chart__preview .point").first.is_visible()
    page.keyboard.press("Tab")  # more intents and a reading key must not raise either
    plot.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert [error for error in page.errors if "503" not in error] == []


def test_a_data_table_is_fetched_from_the_charts_own_page_when_opened(page, server, site):
    page.goto(server + "/chapters/cooperation/")
    figure = page.locator("figure.chart:has(.chart__controls)").first
    assert figure.locator(".chart__data table").count() == 0  # not in the chapter's HTML: it stays light
    figure.locator(".chart__data summary").click()
    rows = figure.locator(".chart__data tbody tr")
    rows.first.wait_for()
    key = figure.get_attribute("data-chart")
    embedded = (site / "embed" / key / "index.html").read_text(encoding="utf-8").count("<tr data-row=")
    assert rows.count() == embedded >= 20
    assert figure.locator(".chart__data a[href^='http']").count() >= rows.count()  # every row links its source
    assert page.errors == []


def test_chart_follows_the_palette_toggle(page, server):
    page.goto(server + "/chapters/cooperation/")
    plot = page.locator(".chart__plot").first
    plot.scroll_into_view_if_needed()
    drawing_colour = "el => getComputedStyle(el.querySelector('.chart__preview .axis')).fill"
    drawing_before = plot.evaluate(drawing_colour)
    reach_for(page, plot)
    font_colour = "el => el._fullLayout.font.color"
    before = plot.evaluate(font_colour)
    outlines = "el => [...el.querySelectorAll('.scatterlayer .point')].map(point => getComputedStyle(point).stroke)"
    outlines_before = set(plot.evaluate(outlines))
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    # Material's toggle cycles system -> light -> dark; click until the scheme really changes.
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme:
            break
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
    wait_until(page, "([selector, before]) => document.querySelector(selector)._fullLayout.font.color !== before",
               [RENDERED, before])
    assert plot.evaluate(font_colour) != before
    # Marker outlines follow the scheme too: every one changes, none keeps the light scheme's colour.
    outlines_after = set(plot.evaluate(outlines))
    assert len(outlines_after) == 1 and not outlines_after & outlines_before, (outlines_before, outlines_after)
    assert plot.evaluate(drawing_colour) != drawing_before  # the drawing, printed or shown again, follows too


def test_chart_renders_after_instant_navigation(page, server):
    page.goto(server + "/")
    page.evaluate("window.__samePage = true")
    page.locator("article a[href$='chapters/assad-isis/']").first.click()
    page.wait_for_url(re.compile(r".*/chapters/assad-isis/$"))
    assert page.evaluate("window.__samePage") is True  # navigated without a full reload
    scroll_to_end(page)
    expect_every_chart_shown_as_a_drawing(page)
    reach_for_every_chart(page)
    assert page.errors == []


def test_chart_in_a_closed_details_gets_its_full_width_when_opened(page, server):
    page.goto(server + "/chapters/cooperation/")
    page.evaluate("""() => {
        const figure = document.querySelector('figure.chart');
        const details = document.createElement('details');
        figure.parentNode.insertBefore(details, figure);
        details.appendChild(figure);
        window.scrollTo(0, details.offsetTop - 100);
    }""")
    page.wait_for_timeout(300)
    page.evaluate("document.querySelector('details:has(figure.chart)').open = true")
    reach_for(page, page.locator("details figure.chart .chart__plot"))
    widths = page.evaluate("""() => {
        const plot = document.querySelector('figure.chart .chart__plot');
        return [plot.getBoundingClientRect().width, plot.querySelector('.main-svg').getBoundingClientRect().width];
    }""")
    assert abs(widths[0] - widths[1]) < 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser, server, site, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    axe = Axe()
    reports = []
    for path in pages_of(site):
        tab.goto(server + path)
        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        # The scheme's colours survive the cut of Material's stylesheet (build/publishing.py).
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (scheme == "light"), f"{path}: {background}"
        scroll_to_end(tab)
        # Both states of a page: charts as drawings, then drawn by plotly.js with their tables open.
        for state in ("drawings", "charts and tables"):
            if state != "drawings" and tab.locator(".chart__plot").count():
                reach_for_every_chart(tab)
                for summary in tab.locator(".chart__data summary").all():
                    summary.click()
                tab.locator(".chart__data table").nth(tab.locator(".chart__data").count() - 1).wait_for()
            elif state != "drawings":
                continue
            results = axe.run(tab)
            if results.violations_count:
                reports.append(f"{path} ({state}):\n{results.generate_report()}")
    context.close()
    assert not reports, "\n".join(reports)


def test_the_content_security_policy_is_served_and_enforced(page, server):
    response = page.goto(server + "/chapters/stability/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "'unsafe-eval'" not in policy
    # Material's own inline scripts run (their hashes are listed); any other inline script is refused.
    assert page.evaluate("typeof __md_get") == "function"
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                             document.head.appendChild(s); }""")
    assert page.evaluate("window.__injected") is None
    page.errors.clear()  # the refusal above is logged on purpose


def test_no_inline_event_handlers_and_external_links_are_noopener(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path
        for tag in re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', html):
            assert "noopener" in tag or "127.0.0.1" in tag, f"{path}: {tag}"
