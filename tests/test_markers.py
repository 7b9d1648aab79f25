"""Chart markers: how an author places a chart, and what a mistake in a marker says."""
from __future__ import annotations

import pytest

from charts import MARKER, MarkerError, PartialDate, parse_marker


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
    ("pie", "unknown chart 'pie'; known charts: estimates, scorecard, stance-shifts, stances, timeline"),
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
