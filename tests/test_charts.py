"""What each chart draws from the fixture data: the traces, the points, the hover text and the table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from charts import MarkerError, load, make_chart, parse_marker
from charts.registry import Table
from charts.render import ChartLinks, chart_csv, chart_html, chart_spec, embed_code

LINKS = ChartLinks(spec="../assets/charts/x.json", csv="../assets/charts/x.csv", root="../",
                   embed_url="https://example.org/site/embed/x/", permalink="https://example.org/site/chapters/c/#chart-x",
                   origin="https://example.org", site="https://example.org/site/")


@pytest.fixture
def data(fixture_data):
    return load(fixture_data)


@pytest.fixture(scope="module")
def real_data():
    """The project's own data: the map needs real places and Natural Earth's shapes of the region."""
    return load(Path(__file__).resolve().parent.parent / "data")


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
    assert "Source: European Council on Foreign Relations" in hover


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
    # What a reader gets: no Plotly logo, no cloud button, no modebar (the page has its own controls), a chart that follows its box.
    assert spec["config"] == {"displaylogo": False, "showSendToCloud": False, "displayModeBar": False, "responsive": True}
    assert len(json.dumps(spec["layout"]["template"])) < 100  # not Plotly's 10 KB default theme
    assert len(spec["data"]) == 3


def test_text_from_the_data_is_escaped_in_html_and_hover(fixture_data):
    events = fixture_data / "events.csv"
    events.write_text(events.read_text().replace("First Russian air strikes", "<script>alert(1)</script>"))
    data = load(fixture_data)
    result = chart(data, "timeline")
    html = chart_html(result, data, LINKS, "chart-x", "Site", 2026)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hover = " ".join(text for trace in json.loads(chart_spec(result))["data"] for text in trace["text"])
    assert "<script>" not in hover and "&lt;script&gt;" in hover
    assert '<tr data-row="airstrikes">' in html  # the page script reads an event's details from its row


def test_hover_labels_and_axis_labels_escape_the_data_once(fixture_data):
    """Plotly reads labels as HTML and decodes entities once: escaped twice, a reader would see '&amp;' or '&#x27;'."""
    sources, issues = fixture_data / "sources.csv", fixture_data / "issues.csv"
    sources.write_text(sources.read_text().replace(",European Council on Foreign Relations,", ",Reuters' & <b>Co</b>,"))
    issues.write_text(issues.read_text().replace(",Assad stays,", ",Assad <i>stays</i> & goes,"))
    data = load(fixture_data)
    hover = " ".join(json.loads(chart_spec(chart(data, "timeline")))["data"][0]["text"])
    assert "Reuters&#x27; &amp; &lt;b&gt;Co&lt;/b&gt;" in hover
    assert "&amp;#x27;" not in hover and "&amp;amp;" not in hover
    stance_hover = " ".join(text for trace in json.loads(chart_spec(chart(data, "stances")))["data"] for text in trace["hovertext"])
    assert "Source: What can we expect from Russia in Syria?" in stance_hover and "&amp;amp;" not in stance_hover
    axis = json.loads(chart_spec(chart(data, "stances")))["layout"]["xaxis"]
    assert "Assad &lt;i&gt;stays&lt;/i&gt; &amp; goes" in axis["ticktext"]


def test_a_title_that_looks_like_html_is_shown_as_text_everywhere(data):
    """In the caption, the citation, the table's label and the embed snippet (an iframe attribute, inside a textarea)."""
    result = chart(data, "stances")
    result.title = 'Who said "no" <script>alert(1)</script> & why'
    code = embed_code(result, LINKS)
    assert 'title="Who said &quot;no&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; why"' in code
    html = chart_html(result, data, LINKS, "chart-x", "Site", 2026)
    assert "<script>" not in html
    assert '<figcaption class="chart__title" id="chart-x-title">Who said &#34;no&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; why</figcaption>' in html
    assert "“Who said &#34;no&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; why” [Chart]" in html
    assert 'aria-label="Data table: Who said &#34;no&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; why"' in html


def test_chart_html_has_caption_summary_table_and_reserved_height(data):
    result = chart(data, "stances")
    html = chart_html(result, data, LINKS, "chart-stances", "Site", 2026)
    assert '<figcaption class="chart__title" id="chart-stances-title">Who stood where, November 2015</figcaption>' in html
    assert f'style="height: {result.height}px"' in html
    assert 'data-spec="../assets/charts/x.json"' in html and 'href="../assets/charts/x.csv" download' in html
    assert html.count("<tr") == 1 + 6  # the head and a row per coding


def test_a_charts_title_names_its_filters(data):
    """Timelines with other filters never share a title, even when they happen to select the same events."""
    bodies = ["timeline", "timeline themes=military", "timeline periods=autumn-2015", "timeline themes=diplomacy",
              "timeline actors=turkey", "timeline chapter=plane-crashes", "timeline from=2015-09", "timeline from=2015-09-30",
              "stances", "stances actors=russia", "stances issues=assad-stays", "stance-shifts issue=assad-stays",
              "stance-shifts issue=assad-stays actors=usa"]
    titles = [chart(data, body).title for body in bodies]
    assert len(set(titles)) == len(titles), titles
    assert chart(data, "timeline themes=military actors=turkey").title == \
        "Timeline (Military; involving Turkey): 24 November 2015"


def test_the_credit_line_names_the_publishers_of_the_charts_sources(data):
    """Built from the chart's source ids, not from its table: a table without a Sources column still credits them."""
    result = chart(data, "timeline themes=diplomacy")
    result.table = Table(["Date", "Event"], [["18 December 2015", "Resolution 2254"]])
    html = chart_html(result, data, LINKS, "chart-x", "Site", 2026)
    assert '<p class="chart__source"><span class="chart__publishers">Sources: United Nations Security Council.</span> Each row' in html


def test_csv_has_the_rows_the_chart_shows_with_source_titles_and_urls(data):
    rows = chart_csv(chart(data, "timeline from=2015-09 to=2015-11")).lstrip("\ufeff").splitlines()
    assert rows[0] == "ID,Date,Date (ISO 8601),Event,Theme,Actors,Summary,Sources,Sources (URLs)"
    assert len(rows) == 3
    assert rows[2].startswith("su24,24 November 2015,2015-11-24,Turkey downs a Russian Su-24,Military,\"Turkey, Russia\"")
    assert rows[2].endswith("What can we expect from Russia in Syria?,https://ecfr.eu/article/commentary_what_can_we_expect_from_russia_in_syria5035/")


def test_embed_code_is_a_titled_lazy_iframe_and_a_script_that_trusts_only_our_origin(data):
    code = embed_code(chart(data, "stances"), LINKS)
    assert code.startswith('<iframe src="https://example.org/site/embed/x/" title="Who stood where, November 2015" loading="lazy" '
                           'scrolling="no" allow="clipboard-write" data-ris-chart="stances"')
    assert 'var s=h("https://example.org");' in code and "if(h(e.origin)!==s||" in code
    assert 'd.type!=="ris-embed-resize"' in code and "f.contentWindow===e.source" in code


def test_timeline_spec_carries_events_for_filters_and_links(data):
    spec = json.loads(chart_spec(chart(data, "timeline"), {"chapters": {"why-russia": "1. Why is Russia in Syria?"}}))
    explore = spec["explore"]
    assert explore["reading"] == "time" and explore["key"] == "timeline"
    assert explore["events"]["su24"]["actors"] == ["turkey", "russia"]
    assert explore["events"]["su24"]["chapters"] == ["plane-crashes"]
    # A jump shows the period's declared days (data package) and ten more either side; an open start begins at its first event.
    assert explore["periods"] == [["background", "Background, before the intervention", "2011-11-21", "2015-10-09"],
                                  ["autumn-2015", "Autumn 2015, as the article saw it", "2015-09-20", "2015-12-20"],
                                  ["after", "After the article", "2015-12-01", None]]
    assert explore["chapters"]["why-russia"] == "1. Why is Russia in Syria?"


def test_scorecard_shows_every_expectation_in_its_verdict_column_with_sign_and_colour(data):
    result = chart(data, "scorecard")
    categories = {c["value"]: c for c in data.categories("expectations", "verdict")}
    placed = {}
    for trace in result.figure.data:
        verdict = next(c for c in categories.values() if trace.name == f"{c['sign']} {c['label']}")
        assert set(trace.x) == {verdict["label"]} and trace.marker.color == verdict["color"]
        assert list(trace.text) == [verdict["sign"]] * len(trace.x)
        placed.update({key: verdict["value"] for key in trace.customdata})
    assert placed == {x["id"]: x["verdict"] for x in data.expectations}
    # Every verdict keeps its column, so an empty one ("did not hold") is visible as empty.
    assert list(result.figure.layout.xaxis.categoryarray) == [c["label"] for c in categories.values()]
    assert "held 1 (✓), partly held 1 (±), did not hold 0 (✗), too early to tell 1 (?)" in result.summary


def test_scorecard_table_links_each_verdict_to_its_evidence_and_section(data):
    result = chart(data, "scorecard")
    columns = result.table.columns
    row = dict(zip(columns, result.table.rows[result.table.row_ids.index("turkey-no-game-changer")]))
    assert row["Verdict"] == "Partly held"
    assert row["Evidence"] == [("Turkey downs a Russian Su-24", "timeline/?chart=chart-timeline--from-2011&event=su24")]
    assert row["Section"] == [("What happened next: No game-changer with Turkey", "chapters/what-next/#turkey-no-game-changer")]
    html = chart_html(result, data, LINKS, "chart-scorecard", "Site", 2026)
    assert 'href="https://example.org/site/chapters/what-next/#turkey-no-game-changer"' in html
    assert "Ties with Turkey broke &lt;b&gt;for a while&lt;/b&gt; &amp; healed." in html
    rows = chart_csv(result, "https://example.org/site/").lstrip("\ufeff").splitlines()
    assert rows[0] == ("ID,Expectation,In our words,Part of the article,Verdict,As of,As of (ISO 8601),Reasoning,Evidence,Evidence (URLs),"
                       "Section,Section (URLs),Sources,Sources (URLs)")
    assert "https://example.org/site/timeline/?chart=chart-timeline--from-2011&event=su24" in rows[2]

def test_map_places_are_inside_their_region_with_events_and_sources(real_data):
    from charts.basemap import REGIONS
    chart = make_chart(parse_marker("map region=levant"), real_data)
    region, places = REGIONS["levant"], real_data.by_id("places")
    shown = chart.table.row_ids
    assert {"tartus", "hmeimim", "su24-crash", "metrojet-crash", "aleppo", "palmyra", "raqqa"} <= set(shown)
    assert all(region.contains(places[p]["lon"], places[p]["lat"]) for p in shown)
    assert "moscow" not in shown  # outside the region
    rows = dict(zip(shown, chart.table.rows))
    assert all(row[-1] for row in rows.values()), "every place cites its sources"
    assert "24 November 2015: Turkey shoots down a Russian Su-24" in rows["su24-crash"][3]
    assert "Natural Earth" in chart.summary and "no position on disputed territory" in chart.summary
    hover = next(t for t in chart.figure.data if t.customdata is not None and "su24-crash" in t.customdata)
    assert "24 November 2015" in hover.hovertext[list(hover.customdata).index("su24-crash")]


def test_map_selects_a_chapters_places_and_rejects_unknown_ones(real_data):
    chart = make_chart(parse_marker("map region=levant chapter=plane-crashes"), real_data)
    assert {"su24-crash", "metrojet-crash"} <= set(chart.table.row_ids)
    with pytest.raises(MarkerError, match="'atlantis' is not in the id column of .*places.csv"):
        make_chart(parse_marker("map places=tartus,atlantis"), real_data)
    with pytest.raises(MarkerError, match="region='mars': expected one of the map's regions: levant, russia-syria, wider"):
        make_chart(parse_marker("map region=mars"), real_data)


def test_a_maps_places_carry_their_events_for_the_list_a_reader_opens(real_data):
    chart = make_chart(parse_marker("map region=levant"), real_data)
    places = chart.explore["places"]
    assert set(places) == set(chart.table.row_ids)
    su24 = places["su24-crash"]
    assert su24["name"] == "Su-24 crash area, Turkmen Mountain" and "Yamadi" in su24["about"]
    assert ["su24-shootdown", "24 November 2015", "Turkey shoots down a Russian Su-24", ["plane-crashes"]] in [
        [event[0], event[1], event[2], event[3][:1]] for event in su24["events"]]
    dates = [real_data.by_id("events")[event[0]]["date"] for event in places["hmeimim"]["events"]]
    assert len(dates) >= 3 and dates == sorted(dates), "a place's events in date order"


def test_a_timelines_events_name_their_places(real_data):
    chart = make_chart(parse_marker("timeline from=2015-09 to=2015-12"), real_data)
    assert chart.explore["events"]["su24-shootdown"]["places"] == ["su24-crash"]
    assert chart.explore["place_names"]["su24-crash"] == "Su-24 crash area, Turkmen Mountain"
