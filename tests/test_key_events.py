"""Key events (the events table's `key` column): labelled on the timeline, in the static drawing and
in plotly.js alike, clear of each other on a desktop and a phone, and listed in brief under it."""
from __future__ import annotations

import json
import re

import pytest

import charts
from charts.preview import preview_html
from conftest import ROOT, reach_for

KEYED = {e["id"]: e["key"] for e in charts.load(ROOT / "data").events if e["key"]}


def test_key_events_are_chosen_in_the_data():
    assert 6 <= len(KEYED) <= 9
    assert {"first-russian-airstrikes", "sinai-bombing", "su24-shootdown", "aleppo-falls", "fall-of-assad"} <= set(KEYED)


def test_labels_are_in_the_drawing_and_the_spec(site):
    chart = charts.make_chart(charts.parse_marker("timeline from=2011"), charts.load(ROOT / "data"))
    drawing = preview_html(chart.figure.to_dict())
    assert drawing and sorted(re.findall(r'<g class="key-label[^"]*">.*?<text[^>]*>([^<]+)</text>', drawing)) == sorted(KEYED.values())
    page = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    spec_path = site / "timeline" / re.search(r'data-chart="timeline--from-2011".*?data-spec="([^"]+)"', page, re.S).group(1)
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    assert sorted(note["text"] for note in spec["layout"]["annotations"]) == sorted(KEYED.values())
    # A label that does not fit a phone's frame is hidden there by plotly.js as by the drawing.
    hidden = spec["layout"]["meta"]["keys"]["annotations"]
    assert len(hidden) == drawing.count("key-label--wide")


def test_the_timeline_lists_the_key_events_in_brief(site):
    html = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r"<li><strong>([^<]+)</strong>", html.split('class="key-events"')[1].split("</ul>")[0])
    assert len(items) == len(KEYED)
    assert items[0] == "30 September 2015: Strikes begin." and items[-1] == "8 December 2024: Assad falls."


def overlaps(boxes):
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5]


@pytest.mark.parametrize("width", [1280, 360])
def test_labels_do_not_collide_in_the_drawing_or_in_plotly(browser, server, width):
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(server + "/timeline/")
    figure = tab.locator("figure.chart").first
    figure.scroll_into_view_if_needed()
    frame = figure.locator(".chart__plot").bounding_box()
    drawn = figure.evaluate("""figure => [...figure.querySelectorAll('.chart__preview .key-label')]
        .filter(group => getComputedStyle(group).display !== 'none')
        .map(group => { const box = group.querySelector('text').getBoundingClientRect();
                        return [group.textContent, box.left, box.top, box.right, box.bottom]; })""")
    reach_for(tab, figure.locator(".chart__plot"))
    # plotly.js draws a hidden annotation not at all; row labels on a phone are annotations too.
    plotted = figure.evaluate("""figure => [...figure.querySelectorAll('.annotation text')]
        .map(text => { const box = text.getBoundingClientRect(); return [text.textContent, box.left, box.top, box.right, box.bottom]; })""")
    plotted = [box for box in plotted if box[0] in KEYED.values() and box[3] > box[1]]
    tab.close()
    for boxes in (drawn, plotted):
        assert overlaps(boxes) == []
        assert all(frame["x"] - 1 <= left and right <= frame["x"] + frame["width"] + 1 for _, left, _, right, _ in boxes)
    if width == 1280:  # a desktop shows every label
        assert sorted(box[0] for box in drawn) == sorted(box[0] for box in plotted) == sorted(KEYED.values())
    else:  # a phone shows those that fit, the same in both
        assert 4 <= len(drawn) and sorted(box[0] for box in drawn) == sorted(box[0] for box in plotted)
