"""A newsroom's use of the charts: embeds in another site's article at desktop and phone widths,
with and without the snippet's script, and downloads that open cleanly in Excel and print well."""
from __future__ import annotations

import csv
import io
import json
import re
import struct
import sys
import time
import zipfile
from collections import Counter

import pytest

from charts import load, make_chart, parse_marker
from charts.dataset import spreadsheet_safe
from charts.render import chart_csv
from conftest import DRAWING, FIXTURE_DATA, RENDERED, ROOT, reach_for, wait_until
from test_embeds import embed_keys, frame_of, other_origin, snippet_for  # noqa: F401  (fixture)



def one_of_each_type(site) -> list[str]:
    """The first embed of every chart type (the key starts with the type's name)."""
    first: dict[str, str] = {}
    for key in embed_keys(site):
        first.setdefault(key.split("--")[0], key)
    return sorted(first.values())


def story(browser, other_origin, server, site, keys, width, script=True, transform=lambda code: code):  # noqa: F811
    folder, origin = other_origin
    snippets = [transform(snippet_for(site, key)) for key in keys]
    if not script:
        snippets = [code.split("\n")[0] for code in snippets]
    body = "\n".join(f"<h2>{key}</h2>\n{code}\n<p>Article text after the chart.</p>" for key, code in zip(keys, snippets))
    (folder / "newsroom.html").write_text(f"<!doctype html><html lang=en><title>Story</title><link rel=icon href='data:,'>"
                                          f"<body style='margin:16px'>{body}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(origin + "/newsroom.html")
    return context, tab


def frame_state(tab, key):
    """The frame's height, and how tall its document is and how far it scrolls, seen from inside."""
    iframe = tab.locator(f'iframe[data-ris-chart="{key}"]')
    iframe.scroll_into_view_if_needed()
    frame_of(tab, key).locator("figure.chart").wait_for()
    inner = frame_of(tab, key).locator("html").evaluate(
        "html => ({content: Math.ceil(document.body.getBoundingClientRect().bottom), scroll: html.scrollHeight})")
    return iframe.evaluate("f => f.offsetHeight"), inner


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_every_chart_type_fits_its_frame_at_desktop_and_phone_widths(browser, other_origin, site, server, width, script):  # noqa: F811
    keys = one_of_each_type(site)
    assert {"timeline--from-2011", "stances"} <= set(keys)
    context, tab = story(browser, other_origin, server, site, keys, width, script)
    for key in keys:
        iframe = tab.locator(f'iframe[data-ris-chart="{key}"]')
        assert iframe.get_attribute("scrolling") == "no" and iframe.get_attribute("allow") == "clipboard-write"
        height, inner = frame_state(tab, key)
        # Nothing cut off, with or without the script; with it, no space left over and no scrollbar.
        assert inner["content"] <= height, f"{key} at {width}px: {inner['content']} px of content in a {height} px frame"
        if script:
            wait_until(tab, "([key, h]) => Math.abs(document.querySelector(`iframe[data-ris-chart='${key}']`).offsetHeight - h) <= 1",
                       [key, inner["content"]], timeout=15)
    context.close()


def test_an_open_data_table_keeps_the_frame_bounded_and_links_leave_the_frame(browser, other_origin, site, server):  # noqa: F811
    key = "timeline--from-2011"
    context, tab = story(browser, other_origin, server, site, [key], 375)
    frame = frame_of(tab, key)
    frame.locator("details.chart__data summary").click()
    frame.locator(".chart__data table tr").nth(50).wait_for(state="attached")
    tab.wait_for_timeout(400)
    assert tab.locator("iframe").evaluate("f => f.offsetHeight") < 3000  # the table scrolls in its own box
    assert frame.locator(".chart__table-wrap").evaluate("box => box.scrollHeight > box.clientHeight")
    links = frame.locator("main a[href]:not([download])")
    for index in range(links.count()):
        link = links.nth(index)
        if link.get_attribute("href").endswith(".zip"):
            continue
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel"), link.evaluate("a => a.outerHTML")
    context.close()


def says(button, words: str, timeout: float = 15) -> None:
    """Wait until a copy button has said these words: it says them for three seconds only, which a
    busy machine can let pass between two steps of a test, so every text it takes is recorded."""
    deadline = time.monotonic() + timeout
    while not any(words in text for text in button.evaluate("b => b.said")):
        assert time.monotonic() < deadline, f"the button said {button.evaluate('b => b.said')}, never {words!r}"
        time.sleep(0.1)


def press_and_record(button) -> None:
    button.wait_for()
    button.evaluate("""b => { b.said = []; new MutationObserver(() => b.said.push(b.textContent))
        .observe(b, { childList: true, characterData: true, subtree: true }); }""")
    button.click()


def test_copy_works_inside_a_frame_or_selects_the_text(browser, other_origin, site, server):  # noqa: F811
    key = "stances"
    context, tab = story(browser, other_origin, server, site, [key], 1280)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    frame = frame_of(tab, key)
    frame.locator("details.chart__share summary").click()
    cite = frame.locator("[id$='-cite']").text_content()
    press_and_record(frame.locator("[data-copy$='-cite']"))
    says(frame.locator("[data-copy$='-cite']"), "Copied")
    assert tab.evaluate("navigator.clipboard.readText()") == cite
    context.close()
    # Where the browser refuses the clipboard, the text is selected for the reader to copy.
    context, tab = story(browser, other_origin, server, site, [key], 1280, transform=lambda code: code.replace(' allow="clipboard-write"', ""))
    frame = frame_of(tab, key)
    frame.locator("details.chart__share summary").click()
    press_and_record(frame.locator("[data-copy$='-embed']"))
    says(frame.locator("[data-copy$='-embed']"), "Ctrl+C")
    selected = tab.frames[1].evaluate("document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)")
    assert selected.startswith("<iframe")
    context.close()


def test_the_stance_matrix_is_legible_on_a_phone(browser, other_origin, site, server):  # noqa: F811
    context, tab = story(browser, other_origin, server, site, ["stances"], 375)
    frame = frame_of(tab, "stances")
    cells = frame.locator(".chart__matrix i[data-key]")
    cells.first.wait_for()
    sizes = cells.evaluate_all("cells => cells.map(c => { const r = c.getBoundingClientRect(); return [r.width, r.height, getComputedStyle(c).fontSize]; })")
    assert sizes and all(w >= 24 and h >= 24 and float(font[:-2]) >= 12 for w, h, font in sizes), sizes[:3]
    assert frame.locator(".chart__plot").is_hidden()
    context.close()


def test_hover_labels_stay_inside_a_phone_frame(browser, server):
    context = browser.new_context(viewport={"width": 343, "height": 800})
    tab = context.new_page()
    tab.goto(server + "/embed/stance-shifts--issue-assad-stays/")
    tab.locator(".chart__plot").hover()
    tab.locator(RENDERED).wait_for()
    points = tab.evaluate("[...document.querySelector('.chart__plot').data.entries()]"
                          ".flatMap(([curve, t]) => t.hovertext ? t.x.map((_, point) => [curve, point]) : [])")
    boxes = []
    for curve, point in points:
        tab.evaluate("([c, p]) => Plotly.Fx.hover(document.querySelector('.chart__plot'), [{curveNumber: c, pointNumber: p}])", [curve, point])
        boxes.append(tab.evaluate("() => { const t = document.querySelector('.hoverlayer .hovertext');"
                                  " return t && t.getBoundingClientRect().toJSON(); }"))
    shown = [box for box in boxes if box]
    assert len(shown) >= len(points) // 2  # Plotly may skip a point hidden under another
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 343 for box in shown), [b for b in shown if b["x"] < 0 or b["right"] > 343][:3]
    context.close()


@pytest.mark.parametrize("flags, scheme, background", [("theme=dark", "dark", "rgb(30, 33, 41)"), ("theme=light", "light", "rgb(255, 255, 255)"),
                                                      ("theme=light&transparent=1", "light", "rgba(0, 0, 0, 0)")])
def test_theme_flags(browser, server, flags, scheme, background):
    context = browser.new_context(viewport={"width": 800, "height": 800}, color_scheme="dark" if scheme == "light" else "light")
    tab = context.new_page()
    tab.goto(f"{server}/embed/stances/?{flags}")
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == background
    assert tab.evaluate("getComputedStyle(document.documentElement).colorScheme") == scheme
    context.close()


def test_plain_and_static_modes(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(server + "/embed/timeline--from-2011/?mode=plain")
    assert tab.locator(".chart__controls").is_hidden() and tab.locator(".chart__share").is_hidden()
    assert tab.locator(DRAWING).is_visible()
    tab.goto(server + "/embed/timeline--from-2011/?mode=static&themes=terrorism")
    tab.locator(".chart__plot").hover()
    tab.keyboard.press("Tab")
    tab.wait_for_timeout(500)
    assert not [url for url in requested if "plotly" in url]
    assert tab.locator(".chart__title").inner_text().startswith("Timeline: ")  # the whole chart's title, with a note
    assert "whole chart" in tab.locator(".chart__view-note").inner_text()
    # The same for a narrowed map and stance matrix; and in plain mode, once drawn, no box of choices.
    for page, title in [("map--region-levant/?mode=static&period=autumn-2015", "Where it happened: Syria and its neighbours"),
                        ("stances/?mode=static&actors=russia", "Who stood where, November 2015")]:
        tab.goto(f"{server}/embed/{page}")
        assert tab.locator(".chart__title").inner_text() == title and "whole chart" in tab.locator(".chart__view-note").inner_text()
        assert tab.locator(".chart__choices").is_hidden()
    tab.goto(server + "/embed/stances/?mode=plain")
    tab.locator(".chart__plot").hover()
    tab.locator(RENDERED).wait_for()
    assert tab.locator(".chart__choices").is_hidden()
    context.close()


def test_the_resize_script_runs_once_and_ignores_absurd_heights_and_accepts_www(browser, other_origin, site, server):  # noqa: F811
    keys = ["stances", "estimates--measure-syrian-war-deaths"]
    site_origin = server
    www = server.replace("http://", "https://www.")  # as if the snippet had been made on https://www.
    context, tab = story(browser, other_origin, server, site, keys, 1280, transform=lambda code: code.replace(f'h("{site_origin}")', f'h("{www}")'))
    assert tab.evaluate("window.risEmbedResize") == 1
    frame_of(tab, keys[0]).locator("figure.chart").wait_for()
    height, inner = frame_state(tab, keys[0])
    wait_until(tab, "([h]) => Math.abs(document.querySelector('iframe').offsetHeight - h) <= 1", [inner["content"]], timeout=5)
    settled = tab.locator("iframe").first.evaluate("f => f.offsetHeight")
    frame = next(f for f in tab.frames if "/embed/stances/" in f.url)
    for bad in ["50000", "Infinity", "NaN", "-5"]:
        frame.evaluate(f"parent.postMessage({{type: 'ris-embed-resize', chart: 'stances', height: {bad}}}, '*')")
    tab.wait_for_timeout(300)
    assert tab.locator("iframe").first.evaluate("f => f.offsetHeight") == settled
    context.close()


def test_a_filtered_timeline_gives_one_view_everywhere(browser, server, site, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(server + "/timeline/")
    figure = tab.locator("figure.chart").first
    figure.locator(".chart__plot").hover()
    figure.locator(RENDERED).wait_for()
    for box in figure.locator(".chart__themes input").all():
        if box.get_attribute("value") != "terrorism":
            box.uncheck()
    figure.locator("input[name=from]").fill("2015-12")
    figure.locator("input[name=to]").fill("2026")
    figure.locator("input[name=to]").press("Enter")
    figure.locator("input[name=to]").blur()
    data = load(ROOT / "data")
    expected = {e["id"] for e in data.events if e["theme"] == "terrorism" and e["date"].start.isoformat() >= "2015-12-01"}
    title = "Timeline: Terrorism, December 2015 to 2026"
    expect_text = f"Showing {len(expected)} of "
    wait_until(tab, "([t]) => document.querySelector('figure.chart .chart__title').textContent === t", [title])
    assert figure.locator(".chart__count").inner_text().startswith(expect_text)
    assert figure.locator(".chart__count").inner_text().endswith(": Terrorism, December 2015 to 2026.")
    figure.locator("details.chart__share summary").click()  # its contents arrive now, and name the view
    snippet = figure.locator(".chart__embed-code").input_value()
    assert "?themes=terrorism&amp;from=2015-12&amp;to=2026" in snippet and f'title="{title}"' in snippet
    assert f"“{title}”" in figure.locator("[id$='-cite']").text_content()
    assert "themes=terrorism" in figure.locator(".chart__permalink").get_attribute("href")
    with tab.expect_download() as download:
        figure.locator("a.chart__download[download]").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert {row["ID"] for row in rows} == expected
    with tab.expect_download() as download:
        figure.locator("button[data-image=svg]").click()
    svg = open(download.value.path(), encoding="utf-8").read()
    assert title in svg and "Known only to the month or year" in svg
    # The credit names the publishers of the events shown, most sources first, on the page and in the image.
    publisher = {source["id"]: source["publisher"] for source in data.sources}
    cited = Counter(publisher[s] for s in {s for e in data.events if e["id"] in expected for s in e["source_ids"]})
    names = [name for name, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]
    assert len(names) > 4
    assert figure.locator(".chart__publishers").inner_text() == f"Sources: {'; '.join(names[:4])} and {len(names) - 4} more."
    assert f"and {len(names) - 4} more." in svg
    # The embed code's address shows the same view on the chart's own page.
    src = json.loads('"' + re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&") + '"')
    tab.goto(src)
    tab.locator(RENDERED).wait_for()
    assert tab.locator(".chart__title").inner_text() == title
    context.close()


def test_a_narrowed_stance_matrix_gives_one_view_everywhere(browser, server, site):
    """Choosing some actors and issues of the stance matrix: the title, the count, the embed code, the
    link, the CSV and the chart's own page all show that view and nothing else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(server + "/who-is-who/")
    figure = tab.locator("figure[data-chart=stances]").first
    reach_for(tab, figure.locator(".chart__plot"))
    figure.locator(".chart__choices summary").click()
    issues, actors = ["assad-stays", "russian-airstrikes"], ["russia", "usa", "turkey"]
    for box in figure.locator(".chart__choices input").all():
        if box.get_attribute("value") not in issues + actors:
            box.uncheck()
    title = "Who stood where, November 2015: Assad stays, Russian air strikes (Russia, United States, Turkey)"
    wait_until(tab, "([t]) => document.querySelector('figure[data-chart=stances] .chart__title').textContent === t", [title])
    assert figure.locator(".chart__choices .chart__count").inner_text() == "Showing 3 of 15 actors and 2 of 7 issues."
    plot = figure.locator(".chart__plot")
    assert plot.evaluate("e => e._fullLayout.yaxis.categoryarray") == ["Turkey", "United States", "Russia"]
    assert plot.evaluate("e => e.data.reduce((n, trace) => n + trace.x.length, 0)") == 6
    figure.locator("details.chart__share summary").click()
    snippet = figure.locator(".chart__embed-code").input_value()
    assert "?actors=russia%2Cusa%2Cturkey&amp;issues=assad-stays%2Crussian-airstrikes" in snippet and f'title="{title}"' in snippet
    assert "issues=assad-stays" in figure.locator(".chart__permalink").get_attribute("href")
    with tab.expect_download() as download:
        figure.locator("a.chart__download[download]").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert sorted(row["ID"] for row in rows) == sorted(f"{a}/{i}" for a in actors for i in issues)
    # The credit names the publishers of the codings shown, by the sources the CSV gives for them.
    publisher = {source["url"]: source["publisher"] for source in load(ROOT / "data").sources}
    cited = Counter(publisher[url] for url in {url for row in rows for url in row["Sources (URLs)"].split()})
    names = [name for name, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]
    credit = f"Sources: {'; '.join(names[:4])} and {len(names) - 4} more." if len(names) > 4 else f"Sources: {'; '.join(names)}."
    assert figure.locator(".chart__publishers").inner_text() == credit
    src = json.loads('"' + re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&") + '"')
    tab.goto(src)
    tab.locator(RENDERED).wait_for()
    assert tab.locator(".chart__title").inner_text() == title
    assert tab.locator(".chart__plot").evaluate("e => e._fullLayout.yaxis.categoryarray.length") == 3
    context.close()


def test_a_map_narrowed_to_a_period_gives_one_view_everywhere(browser, server, site):
    """The home page's map narrowed to autumn 2015: only the places where something happened then, each
    named, and the same view in the title, the count, the embed code, the CSV and the chart's own page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(server + "/")
    figure = tab.locator("figure[data-chart^=map]").first
    plot = figure.locator(".chart__plot")
    reach_for(tab, plot)
    on_map = plot.evaluate("e => e.data.filter(t => t.customdata && t.mode === 'markers').flatMap(t => t.customdata)")
    data = load(ROOT / "data")
    expected = sorted({p for e in data.events if e["period"] == "autumn-2015" for p in e["place_ids"]} & set(on_map))
    assert 0 < len(expected) < len(on_map)
    figure.locator(".chart__choices summary").click()
    figure.locator(".chart__choices input[value=autumn-2015]").check()
    title = "Where it happened: Syria and its neighbours: Autumn 2015, as the article saw it"
    wait_until(tab, "([t]) => document.querySelector('figure[data-chart^=map] .chart__title').textContent === t", [title])
    assert figure.locator(".chart__choices .chart__count").inner_text() == f"Showing {len(expected)} of {len(on_map)} places."
    shown = plot.evaluate("e => e.data.filter(t => t.customdata && t.mode === 'markers').flatMap(t => t.customdata)")
    named = plot.evaluate("e => e.data.filter(t => t.customdata && t.mode === 'text').flatMap(t => t.customdata)")
    assert sorted(shown) == expected and named and set(named) <= set(expected)
    figure.locator("details.chart__share summary").click()
    snippet = figure.locator(".chart__embed-code").input_value()
    assert "?period=autumn-2015" in snippet and f'title="{title}"' in snippet
    with tab.expect_download() as download:
        figure.locator("a.chart__download[download]").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert sorted(row["ID"] for row in rows) == expected
    src = json.loads('"' + re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&") + '"')
    tab.goto(src)
    tab.locator(RENDERED).wait_for()
    assert tab.locator(".chart__title").inner_text() == title
    context.close()


def png_size(content: bytes) -> tuple[int, int]:
    return struct.unpack(">II", content[16:24])


@pytest.mark.parametrize("scale, minimum", [("2", 2000), ("3", 3000)])
def test_png_is_print_sized_with_title_credit_and_key(browser, server, tmp_path, scale, minimum):
    context = browser.new_context(viewport={"width": 375, "height": 800}, accept_downloads=True, color_scheme="dark")
    tab = context.new_page()
    tab.goto(server + "/embed/timeline--from-2011/?theme=dark")
    with tab.expect_download() as download:
        tab.locator(f"button[data-image=png][data-scale='{scale}']").click()
    width, height = png_size(open(download.value.path(), "rb").read())
    assert width >= minimum and height > 0
    with tab.expect_download() as download:
        tab.locator("button[data-image=svg]").click()
    svg = open(download.value.path(), encoding="utf-8").read()
    assert "Timeline:" in svg and "CC BY 4.0" in svg and "#chart-timeline--from-2011" in svg
    assert "Event known to the day" in svg and "After the article" in svg
    assert 'fill: rgb(255, 255, 255)' in svg or "fill: rgb(255, 255, 255);" in svg.replace('"', "")  # light print palette
    context.close()


# Data downloads


def test_chart_csv_opens_in_excel_with_machine_columns():
    data = load(FIXTURE_DATA)
    timeline = chart_csv(make_chart(parse_marker("timeline"), data))
    assert timeline.startswith("\ufeffID,Date,Date (ISO 8601),")
    rows = list(csv.DictReader(io.StringIO(timeline[1:])))
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["Date (ISO 8601)"]) for row in rows)


def test_estimates_csv_has_plain_numbers(site):
    csv_file = next((site / "assets" / "charts").glob("estimates--measure-syrian-war-deaths.*.csv"))
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert all(row["Estimate (low)"].isdigit() and row["Estimate (high)"].isdigit() for row in rows)
    assert any("," in row["Estimate"] for row in rows)  # the display text stays beside them


def test_formula_cells_are_neutralised_everywhere(fixture_data, tmp_path):
    assert spreadsheet_safe('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert [spreadsheet_safe(cell) for cell in ["+1 day", "-x", "@SUM(A1)", "-5", "12.5", "Plain"]] == ["'+1 day", "'-x", "'@SUM(A1)", "-5", "12.5", "Plain"]
    events = fixture_data / "events.csv"
    rows = list(csv.reader(io.StringIO(events.read_text(encoding="utf-8"))))
    title = rows[0].index("title")
    rows[1][title] = '=HYPERLINK("http://evil.example","Click")'
    with events.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    data = load(fixture_data)
    assert any("events.csv:2: column title" in warning and "formula" in warning for warning in data.warnings)
    chart = chart_csv(make_chart(parse_marker("timeline"), data))
    assert "'=HYPERLINK(" in chart and ',=HYPERLINK(' not in chart
    sys.path.insert(0, str(ROOT / "build"))
    import page_parts  # build/page_parts.py
    downloads = page_parts.data_downloads(fixture_data, data, "https://example.org/")
    published = downloads["events.csv"].decode("utf-8")
    assert published.startswith("\ufeff") and "'=HYPERLINK(" in published and ",=HYPERLINK(" not in published
    archive = zipfile.ZipFile(io.BytesIO(downloads["russia-in-syria-data.zip"]))
    names = archive.namelist()
    assert "russia-in-syria-data/README.txt" in names and "russia-in-syria-data/events.metadata.json" in names
    assert "Creative Commons" in archive.read("russia-in-syria-data/README.txt").decode()


def test_each_chart_csv_has_metadata_and_a_zip_with_licence_and_sources(site):
    folder = site / "assets" / "charts"
    for csv_file in folder.glob("*.csv"):
        stem = csv_file.name.removesuffix(".csv")
        metadata = json.loads((folder / f"{stem}.metadata.json").read_text(encoding="utf-8"))
        assert metadata["licence"]["name"] == "CC BY 4.0" and metadata["sources"] and metadata["url"].startswith("http")
        names = zipfile.ZipFile(folder / f"{stem}.zip").namelist()
        assert any(name.endswith("README.md") for name in names) and any(name.endswith(".metadata.json") for name in names)


def test_the_share_box_sets_the_embeds_flags(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(server + "/chapters/cooperation/")
    figure = tab.locator("figure.chart").first
    figure.locator("details.chart__share summary").click()
    figure.locator("select[name=theme]").select_option("dark")
    figure.locator("input[name=transparent]").check()
    figure.locator("select[name=mode]").select_option("static")
    figure.locator("input[name=script]").uncheck()
    code = figure.locator(".chart__embed-code").input_value()
    assert "?theme=dark&amp;transparent=1&amp;mode=static" in code and "<script>" not in code
    context.close()
