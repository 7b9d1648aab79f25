"""Loading the CSV tables: what is accepted, and the one-line message for each kind of mistake."""
from __future__ import annotations

from pathlib import Path

import pytest

from charts import DataError, PartialDate, load

ROOT = Path(__file__).resolve().parent.parent


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(data_dir)
    return caught.value.problems


def test_the_fixture_loads_with_typed_values(fixture_data):
    data = load(fixture_data)
    strikes = data.by_id("events")["airstrikes"]
    assert strikes["date"] == PartialDate(2015, 9, 30)
    assert strikes["chapters"] == ("why-russia", "assad-isis")
    assert data.by_id("figures")["range-2015"]["value_max"] == 5000


def test_the_real_dataset_loads():
    data = load(ROOT / "data")
    assert len(data.events) >= 15
    assert len(data.actors) >= 5


@pytest.mark.parametrize("text, precision, label", [
    ("2015", "year", "2015"),
    ("2015-09", "month", "September 2015"),
    ("2015-09-30", "day", "30 September 2015"),
])
def test_dates_keep_their_precision(text, precision, label):
    date = PartialDate.parse(text)
    assert (date.precision, date.label, date.iso) == (precision, label, text)


def test_a_month_covers_all_its_days():
    assert PartialDate.parse("2016-02").end.isoformat() == "2016-02-29"


def test_bad_date_names_file_line_column_and_value(fixture_data):
    replace_in(fixture_data / "events.csv", "2015-09-30", "2015-13-01")
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:3: date '2015-13-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"]


def test_unknown_actor_is_reported(fixture_data):
    replace_in(fixture_data / "events.csv", "turkey;russia", "turkey;narnia")
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:4: actor_ids 'narnia' is not an id in {fixture_data}/actors.csv"]


def test_duplicate_id_names_the_first_line(fixture_data):
    replace_in(fixture_data / "events.csv", "res2254,", "su24,")
    assert problems(fixture_data) == [f"{fixture_data}/events.csv:5: id 'su24' is a duplicate (first on line 4)"]


def test_duplicate_composite_key(fixture_data):
    replace_in(fixture_data / "stances.csv", "usa,assad-stays,2011-08", "usa,assad-stays,2015-11")
    assert problems(fixture_data) == [
        f"{fixture_data}/stances.csv:8: actor_id/issue_id/as_of 'usa, assad-stays, 2015-11' is a duplicate (first on line 4)"]


def test_stance_out_of_range(fixture_data):
    replace_in(fixture_data / "stances.csv", "strongly-supports", "adores")
    [message] = problems(fixture_data)
    assert message.startswith(f"{fixture_data}/stances.csv:2: stance 'adores' is not one of: strongly-supports, supports, mixed, opposes, strongly-opposes, no-clear-position")


def test_every_value_of_a_list_cell_is_checked_against_the_categories(fixture_data):
    replace_in(fixture_data / "events.csv", ",why-russia;assad-isis,", ",why-russia;narnia,")
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:3: chapters 'narnia' is not one of: why-russia, stability, assad-isis, plane-crashes, cooperation, what-next"]


def test_missing_source(fixture_data):
    replace_in(fixture_data / "events.csv", "military,autumn-2015,russia,why-russia;assad-isis,ecfr-2015-liik-russia-syria",
               "military,autumn-2015,russia,why-russia;assad-isis,")
    assert problems(fixture_data) == [f"{fixture_data}/events.csv:3: source_ids is empty; a value is required"]


def test_unknown_source(fixture_data):
    replace_in(fixture_data / "figures.csv", "Estimate cited in the article.,ecfr-2015-liik-russia-syria",
               "Estimate cited in the article.,hearsay")
    assert problems(fixture_data) == [
        f"{fixture_data}/figures.csv:2: source_ids 'hearsay' is not an id in {fixture_data}/sources.csv"]


def test_negative_number(fixture_data):
    replace_in(fixture_data / "figures.csv", ",4000,", ",-4,")
    assert problems(fixture_data) == [f"{fixture_data}/figures.csv:2: value -4 is below the minimum 0"]


def test_empty_file(fixture_data):
    (fixture_data / "issues.csv").write_text("", encoding="utf-8")
    found = problems(fixture_data)
    assert found[0] == f"{fixture_data}/issues.csv:1: file is empty; expected a header row: id,label,question"


def test_misencoded_file(fixture_data):
    (fixture_data / "actors.csv").write_bytes("id,name\nturkey,T\xfcrkiye\n".encode("latin-1"))
    found = problems(fixture_data)
    assert found[0] == f"{fixture_data}/actors.csv:2: not UTF-8 text (byte 0xfc at offset 16); save the file as UTF-8"


def test_wrong_header(fixture_data):
    replace_in(fixture_data / "issues.csv", "id,label,question", "id,label")
    assert problems(fixture_data) == [f"{fixture_data}/issues.csv:1: header is id,label; expected id,label,question"]


def test_a_period_that_does_not_fit_the_date_names_the_period_that_does(fixture_data):
    replace_in(fixture_data / "events.csv", "2015-11-24,Turkey downs a Russian Su-24,\"A Turkish F-16 shoots down a Russian bomber near the border.\",military,autumn-2015",
               "2015-11-24,Turkey downs a Russian Su-24,\"A Turkish F-16 shoots down a Russian bomber near the border.\",military,after")
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:4: period 'after' (from 11 December 2015) does not fit date 2015-11-24; "
        "it falls in autumn-2015 (30 September 2015 to 10 December 2015)"]


def test_period_ranges_are_read_from_the_data_package(fixture_data):
    """Moving a period's declared end moves the check with it: the ranges are declared once."""
    replace_in(fixture_data / "datapackage.json", '"start": "2015-09-30", "end": "2015-12-10"', '"start": "2015-09-30", "end": "2015-11-20"')
    replace_in(fixture_data / "datapackage.json", '"start": "2015-12-11"', '"start": "2015-11-21"')
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:4: period 'autumn-2015' (30 September 2015 to 20 November 2015) does not fit date 2015-11-24; "
        "it falls in after (from 21 November 2015)"]


def test_every_problem_is_reported_at_once(fixture_data):
    replace_in(fixture_data / "events.csv", "2015-09-30", "30/09/2015")
    replace_in(fixture_data / "events.csv", ",diplomacy,", ",gossip,")
    assert len(problems(fixture_data)) == 2


# The real dataset: what the explainer promises its readers about the data.

@pytest.fixture(scope="module")
def real():
    return load(ROOT / "data")


def test_every_chapter_an_event_names_has_a_page(real):
    chapters = {chapter for event in real.events for chapter in event["chapters"]}
    assert chapters and all((ROOT / "docs" / "chapters" / f"{chapter}.md").exists() for chapter in chapters)
    enum = list(real.labels("events", "chapters"))
    assert sorted(enum) == sorted(p.stem for p in (ROOT / "docs" / "chapters").glob("*.md"))


def test_every_row_of_every_table_cites_a_known_source(real):
    sources = set(real.by_id("sources"))
    for table in ("events", "actors", "stances", "figures"):
        for row in real.tables[table]:
            assert row["source_ids"] and set(row["source_ids"]) <= sources, (table, row)


def test_every_source_is_cited_and_has_a_web_address(real):
    cited = {s for rows in real.tables.values() for row in rows for s in row.get("source_ids", ())}
    assert set(real.by_id("sources")) == cited
    assert all(source["url"].startswith(("http://", "https://")) for source in real.sources)


def test_events_cover_background_autumn_2015_and_after(real):
    periods = {period: sum(1 for e in real.events if e["period"] == period) for period in ("background", "autumn-2015", "after")}
    assert len(real.events) >= 80 and min(periods.values()) >= 10, periods
    for event in real.events:
        date = event["date"].start.isoformat()
        expected = "background" if date < "2015-09-30" else "autumn-2015" if date <= "2015-12-10" else "after"
        assert event["period"] == expected, (event["id"], date, event["period"])


def test_late_2015_stances_cover_ten_actors_on_six_issues_each_justified(real):
    late = [s for s in real.stances if s["as_of"].iso == "2015-11"]
    actors = {s["actor_id"] for s in late}
    full = [a for a in actors if len({s["issue_id"] for s in late if s["actor_id"] == a}) >= 6]
    assert len(full) >= 10 and len(real.issues) >= 6
    assert all(len(s["justification"].split()) >= 5 for s in real.stances)


def test_positions_shift_over_time_on_at_least_three_issues(real):
    shifting = {s["issue_id"] for s in real.stances if s["as_of"].iso != "2015-11"}
    assert len(shifting) >= 3


def test_disputed_figures_keep_every_estimate_with_who_and_when(real):
    fighters = [f for f in real.figures if f["measure"] == "russian-citizens-fighting-with-isis"]
    assert len(fighters) >= 4 and len({f["value"] for f in fighters}) >= 3
    assert any(f["value"] == 4000 for f in fighters)  # the article's figure is among them


def test_expectation_citing_an_unknown_event_names_file_line_and_column(fixture_data):
    replace_in(fixture_data / "expectations.csv", "protests;airstrikes", "protests;yalta-1945")
    assert problems(fixture_data) == [
        f"{fixture_data}/expectations.csv:2: event_ids 'yalta-1945' is not an id in {fixture_data}/events.csv"]


def test_unknown_verdict_lists_the_valid_ones(fixture_data):
    replace_in(fixture_data / "expectations.csv", ",partly-held,", ",mostly-right,")
    assert problems(fixture_data) == [
        f"{fixture_data}/expectations.csv:3: verdict 'mostly-right' is not one of: held, partly-held, did-not-hold, too-early-to-tell"]


def test_expectation_without_sources_stops_the_load(fixture_data):
    replace_in(fixture_data / "expectations.csv", "protests,un-2015-res-2254", "protests,")
    assert problems(fixture_data) == [f"{fixture_data}/expectations.csv:4: source_ids is empty; a value is required"]


def test_every_expectation_of_the_article_has_a_verdict_and_dated_evidence(real):
    """The article's thirteen expectations, the 'no third force' one included, each judged from
    events that came after the article."""
    expectations = real.by_id("expectations")
    assert set(expectations) == {
        "keep-the-regime", "dignified-exit", "out-of-isolation", "ukraine-gains", "isis-later", "sinai-no-change",
        "turkey-no-game-changer", "coalition-on-moscows-terms", "modest-concessions", "hold-tartus",
        "isis-threat-to-russia", "west-comes-round", "no-third-force"}
    events = real.by_id("events")
    for expectation in real.expectations:
        assert any(events[e]["period"] == "after" for e in expectation["event_ids"]), expectation["id"]
        assert all(events[e]["date"] <= expectation["judged_as_of"] for e in expectation["event_ids"]), expectation["id"]
    assert expectations["coalition-on-moscows-terms"]["verdict"] == "held"
    third_force = expectations["no-third-force"]
    assert {"hts-offensive-aleppo", "fall-of-assad"} <= set(third_force["event_ids"])
    assert "Hayat Tahrir al-Sham" in third_force["reasoning"]

def test_unknown_place_in_an_event_stops_with_file_line_and_column(fixture_data):
    replace_in(fixture_data / "events.csv", "ecfr-2015-liik-russia-syria,su24-crash", "ecfr-2015-liik-russia-syria,su24-crash;atlantis")
    assert problems(fixture_data) == [
        f"{fixture_data}/events.csv:4: place_ids 'atlantis' is not an id in {fixture_data}/places.csv"]


def test_a_latitude_out_of_range_is_reported(fixture_data):
    replace_in(fixture_data / "places.csv", "55.7522", "95.7522")
    assert problems(fixture_data) == [f"{fixture_data}/places.csv:4: lat 95.7522 is above the maximum 90"]


def test_places_are_sourced_and_events_name_them(real):
    places = real.by_id("places")
    assert len(places) >= 25
    for place in places.values():
        assert place["source_ids"] and isinstance(place["lat"], float) and isinstance(place["lon"], float), place["id"]
    placed = {p for event in real.events for p in event["place_ids"]}
    assert placed == set(places), "every place is where some event happened, and every event's place is on the map"
    assert {"tartus", "hmeimim", "su24-crash", "metrojet-crash", "aleppo", "idlib", "palmyra", "raqqa", "qamishli"} <= placed
    # The Su-24's position is disputed: its description says so.
    assert "disagree" in places["su24-crash"]["description"]
