"""Chart markers: how an author places a chart, and what a mistake in a marker says."""
from __future__ import annotations

import pytest

from charts import CHARTS, MARKER, MarkerError, PartialDate, load, make_chart, parse_marker
from charts.registry import id_list, single_id
from conftest import ROOT, site_markers


def test_a_marker_is_an_html_comment_with_a_chart_name_and_parameters():
    match = MARKER.search("Before <!-- chart: timeline from=2015-09 to=2015-12 --> after")
    marker = parse_marker(match.group("body"))
    assert marker.name == "timeline"
    assert marker.params == {"from": PartialDate(2015, 9), "to": PartialDate(2015, 12)}


def test_the_key_is_stable_whatever_the_order_of_parameters():
    one = parse_marker("stances issues=assad-stays,isis-first actors=russia")
    two = parse_marker("stances actors=russia issues=assad-stays,isis-first")
    assert one.key == two.key == "stances--actors-russia--issues-assad-stays-isis-first"


def test_lists_are_split_on_commas():
    assert parse_marker("timeline themes=military,diplomacy").params["themes"] == ("military", "diplomacy")


@pytest.mark.parametrize("body, message", [
    ("pie", f"unknown chart 'pie'; known charts: {', '.join(sorted(CHARTS))}"),
    ("timeline colour=red", "chart 'timeline' has no parameter 'colour'; its parameters: actors, chapter, from, periods, themes, to"),
    ("timeline from=autumn", "chart 'timeline': from='autumn': expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("timeline from", "chart 'timeline': 'from' is not of the form name=value"),
    ("stance-shifts", "chart 'stance-shifts' needs issue=…"),
    ("estimates measure=Russian", "chart 'estimates': measure='Russian': expected one id in lower-case-with-hyphens"),
])
def test_mistakes_in_markers_are_explained(body, message):
    with pytest.raises(MarkerError) as caught:
        parse_marker(body)
    assert str(caught.value) == message


@pytest.mark.parametrize("body, message", [
    ("timeline actors=russia,turky", "actors='russia,turky': 'turky' is not in the id column of {data}/actors.csv; "
                                     "valid values: russia, turkey, usa"),
    ("timeline themes=militry", "themes='militry': 'militry' is not in the theme column of {data}/events.csv; valid values: "
                                "military, diplomacy, terrorism, russian-domestic, ukraine-sanctions, uprisings"),
    ("timeline periods=autumn", "periods='autumn': 'autumn' is not in the period column of {data}/events.csv; "
                                "valid values: background, autumn-2015, after"),
    ("timeline chapter=why", "chapter='why': 'why' is not in the chapters column of {data}/events.csv; valid values: "
                             "why-russia, stability, assad-isis, plane-crashes, cooperation, what-next"),
    ("stances issues=assad", "issues='assad': 'assad' is not in the id column of {data}/issues.csv; valid values: "),
    ("stances as_of=2011", "as_of='2011': '2011' is not in the as_of column of {data}/stances.csv; valid values: 2011-08, "),
    ("stance-shifts issue=assad", "issue='assad': 'assad' is not in the id column of {data}/issues.csv; valid values: "),
    ("estimates measure=fighters", "measure='fighters': 'fighters' is not in the measure column of {data}/figures.csv; "
                                   "valid values: russian-citizens-fighting-with-isis, "),
])
def test_marker_values_are_checked_against_the_data_with_the_valid_values(fixture_data, body, message):
    with pytest.raises(MarkerError) as caught:
        make_chart(parse_marker(body), load(fixture_data))
    assert str(caught.value).startswith(f"chart '{body.split()[0]}': " + message.format(data=fixture_data))


def test_every_parameter_that_names_data_is_checked_against_it():
    """A new chart's parameters that name ids, themes or dates declare where those live (charts/registry.py: ids, one_id, date_of)."""
    unchecked = [f"{name} {param}" for name, chart_type in CHARTS.items() for param, parse in chart_type.params.items()
                 if parse in (id_list, single_id)]
    assert unchecked == []


def test_every_chart_type_is_placed_on_a_page_and_every_marker_there_builds():
    data = load(ROOT / "data")
    bodies = site_markers()
    assert set(CHARTS) <= {body.split()[0] for body in bodies}
    for body in bodies:
        make_chart(parse_marker(body), data)
