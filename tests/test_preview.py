"""The static drawing of a chart that embed pages show before plotly.js: what it draws and where."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from charts import CHARTS, load, make_chart, parse_marker
from charts.i18n import Catalogue
from charts.preview import _date_ticks, plotly_layout, preview_html
from conftest import ROOT, site_markers


SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def data(fixture_data):
    return load(fixture_data)


def drawing(data, body):
    chart = make_chart(parse_marker(body), data)
    markup = preview_html(chart.figure.to_dict())
    assert markup is not None, f"{body} cannot be drawn"
    # Inline SVG in HTML need not be XML, but ours is: that makes it checkable here.
    return chart, ET.fromstring(markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def points(root):
    return [element for element in root.iter(f"{SVG}svg") if element.get("class") == "point"]


def across(element) -> float:
    return float(element.get("x").rstrip("%"))


FIRST_MARKERS = {}  # chart name -> the first marker that places it on the site
for _body in site_markers():
    FIRST_MARKERS.setdefault(_body.split()[0], _body)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_point_of_the_figure_is_drawn_inside_the_chart_box(name):
    """Every chart type in the registry, as the site first places it."""
    data = load(ROOT / "data")
    chart = make_chart(parse_marker(FIRST_MARKERS[name]), data)
    if preview_html(chart.figure.to_dict()) is None:  # a chart the drawing does not cover: plotly.js draws it
        assert {trace.type for trace in chart.figure.data} != {"scatter"}, f"{name} is made of scatter traces: it should be drawn"
        return
    chart, root = drawing(data, FIRST_MARKERS[name])
    expected = sum(len(trace.x) for trace in chart.figure.data if "markers" in trace.mode)
    drawn = points(root)
    assert len(drawn) == expected
    svg = root.find(f"{SVG}svg")
    height = float(re.search(r"height:([\d.]+)px", svg.get("style")).group(1))
    # Across in percent of the plot, or, for a map drawn in its own viewBox, in its units.
    width = float(svg.get("viewBox").split()[2]) if svg.get("viewBox") else 100
    for point in drawn:
        assert 0 <= across(point) <= width
        assert 0 < float(point.get("y")) < height


def test_timeline_points_run_left_to_right_in_date_order(data):
    chart, root = drawing(data, "timeline")
    dates = [x for trace in chart.figure.data for x in trace.x]  # in the order the points are drawn
    positions = [across(point) for point in points(root)]
    by_date = sorted(range(len(dates)), key=lambda i: dates[i])
    assert [positions[i] for i in by_date] == sorted(positions)
    assert len(set(positions)) == len(set(dates)) > 2


def test_timeline_rows_are_the_themes_from_top_to_bottom(data):
    _, root = drawing(data, "timeline")
    labels = [("".join(text.itertext()), float(text.get("y"))) for text in root.iter(f"{SVG}text") if "row-label" in text.get("class", "")]
    assert [label for label, _ in sorted(labels, key=lambda pair: pair[1])] == ["Military", "Diplomacy", "Russian politics"]


def test_stance_cells_carry_their_sign_and_colour_and_the_legend_explains_them(data):
    chart, root = drawing(data, "stances")
    signs = {"".join(point.itertext()) for point in points(root)}
    assert signs <= {"++", "+", "±", "−", "−−", "?"} and signs
    colours = {point.find(f"{SVG}rect").get("fill") for point in points(root)}
    assert colours == {trace.marker.color for trace in chart.figure.data}
    legend = root.find(".//ul")
    assert [li.find("span").text for li in legend] == [trace.name.split()[0] for trace in chart.figure.data]


def test_an_estimate_given_as_a_range_is_drawn_as_a_bar(data):
    chart, root = drawing(data, "estimates measure=russian-citizens-fighting-with-isis")
    ranges = sum(1 for plus in chart.figure.data[0].error_x.array if plus)
    bars = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#0072B2"]
    assert len(bars) == ranges > 0
    assert all(across_end > across_start for across_start, across_end in
               ((float(bar.get("x1").rstrip("%")), float(bar.get("x2").rstrip("%"))) for bar in bars))


def test_ticks_are_years_months_or_weeks_as_the_range_needs():
    day = lambda text: __import__("datetime").date.fromisoformat(text).toordinal()
    assert [label for _, label in _date_ticks(day("2011-01-01"), day("2026-06-01"), Catalogue())] == [str(y) for y in range(2012, 2027, 2)]
    assert [label for _, label in _date_ticks(day("2015-09-20"), day("2015-12-20"), Catalogue())] == ["Oct 2015", "Nov", "Dec"]
    assert [label for _, label in _date_ticks(day("2015-11-01"), day("2015-11-30"), Catalogue())] == ["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]


@pytest.mark.parametrize("figure", [
    go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout=dict(height=300)),
    go.Figure(go.Scatter(x=[1, 2], y=["a", "b"], mode="markers", marker=dict(symbol="diamond")), layout=dict(height=300)),
    go.Figure(go.Scatter(x=[1, 2], y=["a", "b"], mode="markers"), layout=dict(height=300, annotations=[dict(text="note", x=1, y="a")])),
    go.Figure(go.Scatter(x=[1, 2], y=["a", "b"], mode="markers", xaxis="x2"), layout=dict(height=300)),
], ids=["bars", "an unknown symbol", "annotations", "a second x axis"])
def test_a_figure_it_cannot_draw_gives_no_drawing(figure):
    assert preview_html(figure.to_dict()) is None


def test_text_from_the_data_is_escaped():
    figure = go.Figure(go.Scatter(x=[1], y=["<b>Russia & Iran</b>"], mode="markers"), layout=dict(height=200))
    markup = preview_html(figure.to_dict())
    assert "&lt;b&gt;Russia &amp; Iran&lt;/b&gt;" in markup and "<b>" not in markup


def test_plotly_gets_the_drawings_frame(data):
    chart, root = drawing(data, "stances")
    layout = plotly_layout(chart.figure.to_dict())
    style = root.find(f"{SVG}svg").get("style")
    assert f"margin-left:{layout['margin']['l']:g}px" in style
    assert layout["xaxis"]["tickangle"] == -90 and layout["xaxis"]["range"] == [-0.5, len(chart.figure.layout.xaxis.categoryarray) - 0.5]
    assert layout["yaxis"]["tickvals"] == list(chart.figure.layout.yaxis.categoryarray)
    assert not layout["xaxis"]["automargin"] and not layout["yaxis"]["automargin"]


def test_long_row_labels_are_stacked_in_a_narrow_frame_with_their_lift(data):
    chart = make_chart(parse_marker("estimates measure=russian-citizens-fighting-with-isis"), data)
    stack = plotly_layout(chart.figure.to_dict())["meta"]["stack"]
    assert stack["width"] == 520 and len(stack["lifts"]) == len(chart.figure.data[0].y)
    assert 'chart__preview--stack' in preview_html(chart.figure.to_dict())


def test_a_figure_it_cannot_draw_keeps_plotlys_own_layout():
    assert plotly_layout(go.Figure(go.Bar(x=["a"], y=[1]), layout=dict(height=300)).to_dict()) == {}


def test_a_map_is_drawn_with_country_shapes_rivers_names_a_scale_bar_and_a_north_arrow():
    chart = make_chart(parse_marker("map region=levant"), load(ROOT / "data"))
    drawing = preview_html(chart.figure.to_dict())
    assert drawing and 'class="chart__preview chart__preview--map"' in drawing
    land, arrow = re.findall(r'<path class="land" d="([^"]*)"', drawing)
    assert re.match(r"M[-0-9]+ [-0-9]+l", land) and len(land) > 1000, "filled country shapes"
    # The arrow: a filled head pointing up (its tip above its two feet), with an N above the tip.
    tip_x, tip_y = (float(v) for v in re.match(r"M([-0-9.]+) ([-0-9.]+)", arrow).groups())
    north = re.search(r'<text class="axis" x="([-0-9.]+)" y="([-0-9.]+)" text-anchor="middle"[^>]*>N</text>', drawing)
    assert north and abs(float(north.group(1)) - tip_x) < 1 and float(north.group(2)) < tip_y
    assert re.match(r"M[-0-9]+ [-0-9]+l[-0-9]+ [0-9]+", arrow), "from the tip, down to the first foot"
    assert '<path class="line"' in drawing, "rivers and the scale bar"
    assert ">Mediterranean Sea</text>" in drawing and "km</text>" in drawing
    assert ">Tartus</text>" in drawing and ">Aleppo</text>" in drawing, "a few place names"
    assert drawing.count('class="point"') == len(chart.table.rows), "one point per place in the table"
    assert "http" not in drawing, "the drawing requests nothing"
    assert plotly_layout(chart.figure.to_dict()) == {}, "plotly.js keeps the map's own frame"
