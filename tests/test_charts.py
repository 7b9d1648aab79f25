"""What each chart draws from the fixture data: the traces, the points, the hover text and the table."""
from __future__ import annotations

import json

import pytest

from charts import MarkerError, load, make_chart, parse_marker
from charts.render import PLOT_CONFIG, chart_html, chart_spec


@pytest.fixture
def data(fixture_data):
    return load(fixture_data)


def chart(data, body):
    return make_chart(parse_marker(body), data)


def test_timeline_has_one_trace_per_theme_with_events_in_date_order(data):
    figure = chart(data, "timeline").figure
    assert [trace.name for trace in figure.data] == ["Military", "Diplomacy", "Russian politics"]
    military = figure.data[0]
    assert list(military.x) == ["2015-09-30", "2015-11-24"]
    assert list(military.customdata) == ["airstrikes", "su24"]


def test_timeline_hover_has_date_title_and_source(data):
    hover = chart(data, "timeline").figure.data[0].text[1]
    assert hover.startswith("<b>24 November 2015</b><br>Turkey downs a Russian Su-24")
    assert "Source: What can we expect from Russia in Syria?" in hover


def test_timeline_marks_dates_known_only_to_the_month(data):
    politics = chart(data, "timeline").figure.data[2]
    assert list(politics.marker.symbol) == ["circle-open-dot"]


def test_timeline_filters_by_date_theme_period_actor_and_chapter(data):
    def ids(body):
        return sorted(i for trace in chart(data, body).figure.data for i in trace.customdata)
    assert ids("timeline from=2015-09 to=2015-11") == ["airstrikes", "su24"]
    assert ids("timeline to=2015-12") == ["airstrikes", "protests", "res2254", "su24"]
    assert ids("timeline themes=diplomacy") == ["res2254"]
    assert ids("timeline periods=background") == ["protests"]
    assert ids("timeline actors=turkey") == ["su24"]
    assert ids("timeline chapter=assad-isis") == ["airstrikes"]


def test_a_marker_that_selects_nothing_is_an_error(data):
    with pytest.raises(MarkerError, match="no event matches"):
        chart(data, "timeline from=2030")


def test_stance_matrix_places_each_coding_in_its_cell(data):
    result = chart(data, "stances")
    cells = {(x, y, trace.name) for trace in result.figure.data for x, y in zip(trace.x, trace.y)}
    assert ("Assad stays", "Russia", "++ Strongly supports") in cells
    assert ("ISIS first", "Turkey", "? No clear position") in cells
    assert len(cells) == 6  # the 2011 coding is not part of the late-2015 matrix
    assert "Washington fights ISIS but wants Assad out." in " ".join(t for trace in result.figure.data for t in trace.hovertext)


def test_stance_matrix_summary_counts_for_and_against(data):
    assert "“Assad stays”: 1 for, 2 against" in chart(data, "stances").summary


def test_stance_shifts_show_a_change_over_time(data):
    result = chart(data, "stance-shifts issue=assad-stays")
    assert "United States went from strongly opposes (2011) to opposes (2015)" in result.summary
    assert len(result.table.rows) == 4


def test_estimates_show_ranges_as_error_bars(data):
    result = chart(data, "estimates measure=russian-citizens-fighting-with-isis")
    trace = result.figure.data[0]
    assert list(trace.x) == [4000, 2000]
    assert list(trace.error_x.array) == [0, 3000]
    assert "range from 2,000 to 5,000" in result.summary


def test_spec_is_plotly_json_with_safe_config_and_no_template(data):
    spec = json.loads(chart_spec(chart(data, "timeline")))
    assert spec["config"] == PLOT_CONFIG
    assert spec["config"]["displaylogo"] is False and spec["config"]["showSendToCloud"] is False
    assert len(json.dumps(spec["layout"]["template"])) < 100  # not Plotly's 10 KB default theme
    assert len(spec["data"]) == 3


def test_text_from_the_data_is_escaped_in_html_and_hover(fixture_data):
    events = fixture_data / "events.csv"
    events.write_text(events.read_text().replace("First Russian air strikes", "<script>alert(1)</script>"))
    data = load(fixture_data)
    result = chart(data, "timeline")
    html = chart_html(result, data, "spec.json", "chart-x")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in chart_spec(result)


def test_chart_html_has_caption_summary_table_and_reserved_height(data):
    result = chart(data, "stances")
    html = chart_html(result, data, "../assets/charts/stances.json", "chart-stances")
    assert '<figcaption class="chart__title" id="chart-stances-title">Who stood where, November 2015</figcaption>' in html
    assert f'style="height: {result.height}px"' in html
    assert 'data-spec="../assets/charts/stances.json"' in html
    assert html.count("<tr>") == 1 + 6
