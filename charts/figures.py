"""The charts: one registered function each, from validated data to a Plotly figure.

Colours are set for a light page; ``build/assets/explainer.js`` restyles text and grid
lines for the dark scheme, so the figures here stay free of theme logic.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from html import escape
from textwrap import wrap
from typing import Any

import plotly.graph_objects as go

from .dataset import Dataset, PartialDate
from .i18n import N_, Catalogue
from .registry import Chart, MarkerError, Table, Value, chart, date_of, ids, one_id, partial_date

# Labels, colours and signs of themes, periods, stances and measures are declared once, as
# categories in data/datapackage.json: theme colours are Okabe-Ito and stance colours a diverging
# purple-orange scale (ColorBrewer PuOr), safe for the common forms of colour blindness, with a
# sign in each stance cell so that no reading depends on colour alone.
# A period's jump shows its declared days (categories of events.period) and this much on either
# side, so that the events on its first and last day are drawn whole.
PERIOD_MARGIN = dt.timedelta(days=10)
LATE_2015 = PartialDate(2015, 11)
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def _layout(_: Catalogue, height: int, **overrides: Any) -> dict[str, Any]:
    layout = dict(
        separators=_.separators,
        template=go.layout.Template(),
        height=height,
        autosize=True,
        margin=dict(l=8, r=8, t=8, b=8),
        font=dict(family=FONT, size=13, color="#1f1f1f"),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(align="right" if _.rtl else "left", font=dict(family=FONT, size=13)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
        dragmode=False,
    )
    layout.update(overrides)
    return layout


def _axis(**overrides: Any) -> dict[str, Any]:
    return dict(fixedrange=True, automargin=True, gridcolor="rgba(0,0,0,0.12)", zeroline=False, **overrides)


# A line break that only wraps a long line: an invisible word joiner after it tells the page script's
# keyboard reading to read a space there, where a plain <br> between two parts reads as a full stop.
SOFT_BREAK = "<br>\u2060"


def _wrap(text: str, width: int = 60) -> str:
    """Escape text for Plotly's hover labels and break long lines, which Plotly never wraps."""
    return SOFT_BREAK.join(escape(line) for line in wrap(text, width)) or ""


def _date(data: Dataset, date: PartialDate) -> Value:
    """A date as readers see it, and in ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) for the CSV."""
    return Value(data.words.date(date), {"ISO 8601": date.iso})


def _sources(data: Dataset, source_ids) -> list[tuple[str, str]]:
    sources = data.by_id("sources")
    return [(sources[i]["title"], sources[i]["url"]) for i in source_ids]


# Plain text: _wrap escapes it once, on its way into a hover label.
def _source_line(data: Dataset, source_ids) -> str:
    return data.words("Source: {sources}", sources="; ".join(title for title, _ in _sources(data, source_ids)))


def _publisher_line(data: Dataset, source_ids) -> str:
    sources = data.by_id("sources")
    return data.words("Source: {sources}", sources="; ".join(dict.fromkeys(sources[i]["publisher"] for i in source_ids)))


def _names(data: Dataset, actor_ids) -> str:
    actors = data.by_id("actors")
    return data.words.join(actors[a]["name"] for a in actor_ids)


def _credits(data: Dataset, rows: dict[str, list[str]]) -> dict[str, dict]:
    """What a narrowed view's credit line is made of (build/assets/explore.js names the publishers of the
    rows shown, as the chart's line names them all): the publishers, each source's publisher and each
    row's sources, by their places in those lists, which keeps the spec small."""
    sources = data.by_id("sources")
    cited = sorted({s for ids in rows.values() for s in ids})
    publishers = sorted({sources[s]["publisher"] for s in cited})
    publisher_at, source_at = {name: i for i, name in enumerate(publishers)}, {s: i for i, s in enumerate(cited)}
    return {"credits": {"publishers": publishers, "sources": [publisher_at[sources[s]["publisher"]] for s in cited],
                        "rows": {row: [source_at[s] for s in ids] for row, ids in rows.items()}}}


def _count_phrase(_: Catalogue, counter: Counter, labels: dict[str, str]) -> str:
    return _.join(f"{labels[key]} {count}" for key, count in counter.most_common())


@chart("timeline", **{"from": partial_date, "to": partial_date, "themes": ids("events", "theme"), "actors": ids("actors"),
                      "periods": ids("events", "period"), "chapter": one_id("events", "chapters")})
def timeline(data: Dataset, params: dict[str, Any]) -> Chart:
    """Events on a date axis, one row per theme."""
    _ = data.words
    start, end = params.get("from"), params.get("to")
    theme_labels = data.labels("events", "theme")
    events = [
        e for e in data.events
        if (not start or e["date"].start >= start.start)
        and (not end or e["date"].start <= end.end)
        and e["theme"] in params.get("themes", theme_labels)
        and e["period"] in params.get("periods", data.labels("events", "period"))
        and (not params.get("actors") or set(params["actors"]) & set(e["actor_ids"]))
        and (not params.get("chapter") or params["chapter"] in e["chapters"])
    ]
    if not events:
        raise MarkerError("timeline: no event matches these parameters")
    events.sort(key=lambda e: (e["date"], e["id"]))
    themes = [t for t in data.categories("events", "theme") if any(e["theme"] == t["value"] for e in events)]

    figure = go.Figure()
    for theme in themes:
        label = theme["label"]
        rows = [e for e in events if e["theme"] == theme["value"]]
        figure.add_trace(go.Scatter(
            name=label,
            x=[e["date"].start.isoformat() for e in rows],
            y=[label] * len(rows),
            mode="markers",
            marker=dict(color=theme["color"], size=13, line=dict(width=1, color="#1f1f1f"),
                        symbol=["circle" if e["date"].precision == "day" else "circle-open-dot" for e in rows]),
            customdata=[e["id"] for e in rows],
            # Publishers only: the full source titles and links are in the event's details and the table.
            text=[f"<b>{escape(_.date(e['date']))}</b><br>{_wrap(e['title'])}<br><i>{_wrap(_publisher_line(data, e['source_ids']))}</i>"
                  for e in rows],
            hovertemplate="%{text}<extra></extra>",
        ))
    first, last = events[0]["date"], events[-1]["date"]
    shapes = []
    periods = {category["value"]: category for category in data.categories("events", "period")}
    autumn = tuple(PartialDate.parse(periods["autumn-2015"][key]) for key in ("start", "end"))
    if first <= autumn[1] and last >= autumn[0]:
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=autumn[0].start.isoformat(), x1=autumn[1].start.isoformat(),
                           y0=0, y1=1, fillcolor="rgba(128,128,128,0.22)", line=dict(width=0), layer="below"))
    if last > autumn[1] and first < autumn[1]:
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=autumn[1].start.isoformat(), x1=last.end.isoformat(),
                           y0=0, y1=1, fillcolor="rgba(128,128,128,0.08)", line=dict(width=0), layer="below"))
    height = 90 + 46 * len(themes)
    # No legend: each row is labelled with its theme.
    figure.update_layout(**_layout(_, height, shapes=shapes, showlegend=False, xaxis=_axis(type="date"), yaxis=_axis(
        categoryorder="array", categoryarray=[t["label"] for t in reversed(themes)])))

    # Key events (the data's `key` column) are labelled on the chart; charts/preview.py places the labels.
    figure.update_layout(annotations=[dict(x=e["date"].start.isoformat(), xref="x", y=1, yref="paper", text=escape(e["key"]),
                                           showarrow=False, name=e["id"]) for e in events if e["key"]])
    counts = Counter(e["theme"] for e in events)
    labels = theme_labels
    start_label, end_label = (_.date(params[key] if key in params else date) for key, date in (("from", first), ("to", last)))
    title = _("{chart}: {dates}", chart=_titled(_("Timeline"), _timeline_filters(data, params)),
              dates=_("{start} to {end}", start=start_label, end=end_label) if start_label != end_label else start_label)
    summary = _("{count} events from {first} to {last}, one row per theme ({themes}). Filled dots are events known to the day; "
                "rings are known only to the month or year.", count=len(events), first=_.date(first), last=_.date(last),
                themes=_count_phrase(_, counts, labels))
    if shapes:
        summary += " " + _("A dark band marks autumn 2015, the weeks the article discusses; a light one, what came after.")
    table = Table(
        [_("Date"), _("Event"), _("Theme"), _("Actors"), _("Summary"), _("Sources")],
        [[_date(data, e["date"]), e["title"], labels[e["theme"]], _names(data, e["actor_ids"]), e["summary"],
          _sources(data, e["source_ids"])] for e in events],
        [e["id"] for e in events],
    )
    actors, places = data.by_id("actors"), data.by_id("places")
    explore = {
        "reading": "time",
        "themes": [[t["value"], t["label"]] for t in themes],
        "periods": [_period_view(period, [e for e in events if e["period"] == period["value"]]) for period in periods.values()
                    if any(e["period"] == period["value"] for e in events)],
        "actors": sorted(([a, actors[a]["name"]] for a in {a for e in events for a in e["actor_ids"]}), key=lambda pair: pair[1]),
        # Only what filters need: an event's text and sources are read from its row in the data table.
        "events": {e["id"]: {"theme": e["theme"], "period": e["period"], "actors": list(e["actor_ids"]),
                             "chapters": list(e["chapters"]), "places": list(e["place_ids"])} for e in events},
        **_credits(data, {e["id"]: e["source_ids"] for e in events}),
        # An event's details name its places; the build adds where each is on a map (build/hooks.py).
        "place_names": {p: places[p]["name"] for p in sorted({p for e in events for p in e["place_ids"]})},
    }
    return Chart("", title, summary, figure, table, sorted({s for e in events for s in e["source_ids"]}), height, explore)


def _titled(name: str, filters: list[str]) -> str:
    """A chart's title names every filter of its marker, so two charts of different rows never share one."""
    return f"{name} ({'; '.join(filters)})" if filters else name


def _timeline_filters(data: Dataset, params: dict[str, Any]) -> list[str]:
    _ = data.words
    filters = [_.join(data.labels("events", field)[value] for value in params[key])
               for key, field in (("themes", "theme"), ("periods", "period")) if key in params]
    if "actors" in params:
        filters.append(_("involving {actors}", actors=_names(data, params["actors"])))
    if "chapter" in params:
        filters.append(_("chapter {chapter}", chapter=data.labels("events", "chapters")[params["chapter"]]))
    return filters


def _period_view(period: dict, events: list[dict]) -> list[str | None]:
    """[value, label, first day, last day] of a period's jump: an open start begins at its first event;
    an open end (None) is left to the page, which ends it at the last event."""
    start = dt.date.fromisoformat(period["start"]) if "start" in period else events[0]["date"].start
    end = dt.date.fromisoformat(period["end"]) + PERIOD_MARGIN if "end" in period else None
    return [period["value"], period["label"], (start - PERIOD_MARGIN).isoformat(), end and end.isoformat()]


def _stance_rows(data: Dataset, params: dict[str, Any], as_of: PartialDate | None) -> list[dict]:
    rows = [s for s in data.stances
            if (as_of is None or s["as_of"] == as_of)
            and (not params.get("actors") or s["actor_id"] in params["actors"])
            and (not params.get("issues") or s["issue_id"] in params["issues"])
            and (not params.get("issue") or s["issue_id"] == params["issue"])]
    if not rows:
        raise MarkerError("no stance matches these parameters")
    return rows


def _stance_hover(data: Dataset, row: dict) -> str:
    actor = data.by_id("actors")[row["actor_id"]]["name"]
    issue = data.by_id("issues")[row["issue_id"]]["label"]
    stance = data.labels("stances", "stance")[row["stance"]]
    return (f"<b>{escape(actor)}: {escape(issue)}</b><br>{escape(stance)} ({escape(data.words.date(row['as_of']))})"
            f"<br>{_wrap(row['justification'])}<br><i>{_wrap(_source_line(data, row['source_ids']))}</i>")


def _stance_table(data: Dataset, rows: list[dict], row_ids: list[str] | None = None) -> Table:
    actors, issues, stances = data.by_id("actors"), data.by_id("issues"), data.labels("stances", "stance")
    _ = data.words
    return Table([_("Actor"), _("Issue"), _("As of"), _("Stance"), _("Justification"), _("Sources")],
                 [[actors[r["actor_id"]]["name"], issues[r["issue_id"]]["question"], _date(data, r["as_of"]),
                   stances[r["stance"]], r["justification"], _sources(data, r["source_ids"])] for r in rows], row_ids or [])


@chart("stances", actors=ids("actors"), issues=ids("issues"), as_of=date_of("stances", "as_of"))
def stances(data: Dataset, params: dict[str, Any]) -> Chart:
    """Actor-by-issue matrix of coded stances at one date (late 2015 unless ``as_of`` says otherwise)."""
    _ = data.words
    as_of = params.get("as_of", LATE_2015)
    rows = _stance_rows(data, params, as_of)
    actor_order = [a["id"] for a in data.actors if any(r["actor_id"] == a["id"] for r in rows)]
    issue_order = [i["id"] for i in data.issues if any(r["issue_id"] == i["id"] for r in rows)]
    actors, issues = data.by_id("actors"), data.by_id("issues")

    figure = go.Figure()
    for category in data.categories("stances", "stance"):
        label, colour, sign, text_colour = (category[k] for k in ("label", "color", "sign", "text_color"))
        cells = [r for r in rows if r["stance"] == category["value"]]
        if not cells:
            continue
        figure.add_trace(go.Scatter(
            name=f"{sign} {label}",
            x=[issues[r["issue_id"]]["label"] for r in cells],
            y=[actors[r["actor_id"]]["name"] for r in cells],
            mode="markers+text",
            marker=dict(symbol="square", size=34, color=colour, line=dict(width=1, color="#1f1f1f")),
            text=[sign] * len(cells),
            textfont=dict(color=text_colour, size=14),
            customdata=[f"{r['actor_id']}/{r['issue_id']}" for r in cells],  # the table's row ids
            hovertext=[_stance_hover(data, r) for r in cells],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    height = 130 + 44 * len(actor_order)
    figure.update_layout(**_layout(
        _, height,
        xaxis=_axis(side="top", categoryorder="array", categoryarray=[issues[i]["label"] for i in issue_order], showgrid=False),
        yaxis=_axis(categoryorder="array", categoryarray=[actors[a]["name"] for a in reversed(actor_order)], showgrid=False),
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, xanchor="left"),
    ))

    parts = []
    for issue in issue_order:
        tally = Counter(r["stance"] for r in rows if r["issue_id"] == issue)
        pro = tally["supports"] + tally["strongly-supports"]
        con = tally["opposes"] + tally["strongly-opposes"]
        parts.append(_("“{issue}”: {supporting} for, {opposing} against", issue=issues[issue]["label"], supporting=pro, opposing=con))
    summary = " ".join([
        _("Coded positions of {actors} actors on {issues} issues as of {date}, from strongly opposes (−−) to strongly supports (++).",
          actors=len(actor_order), issues=len(issue_order), date=_.date(as_of)),
        "; ".join(parts) + ".",
        _("Each coding is the editors' reading of the sources; the table gives every justification.")])
    title = base_title = _("Who stood where, {date}", date=_.date(as_of))
    if params.get("issues"):
        title += ": " + _.join(issues[i]["label"] for i in params["issues"])
    if params.get("actors"):
        title += " (" + _names(data, params["actors"]) + ")"
    cell_ids = [f"{r['actor_id']}/{r['issue_id']}" for r in rows]  # as in each point's customdata
    # What a reader may narrow the matrix to at run time (build/assets/explore.js), and the title's stem.
    explore = {"reading": "rows", "cells": 34, "view_title": base_title, **_credits(data, dict(zip(cell_ids, (r["source_ids"] for r in rows)))),
               "filters": {"actors": [[a, actors[a]["name"]] for a in actor_order], "issues": [[i, issues[i]["label"]] for i in issue_order]}}
    return Chart("", title, summary, figure, _stance_table(data, rows, cell_ids),
                 sorted({s for r in rows for s in r["source_ids"]}), height, explore)


@chart("stance-shifts", required=("issue",), issue=one_id("issues"), actors=ids("actors"))
def stance_shifts(data: Dataset, params: dict[str, Any]) -> Chart:
    """One issue's stances over time, one row per actor: how positions moved from 2011 to today."""
    _ = data.words
    issues = data.by_id("issues")
    rows = sorted(_stance_rows(data, params, None), key=lambda r: (r["as_of"], r["actor_id"]))
    actors = data.by_id("actors")
    actor_order = [a["id"] for a in data.actors if any(r["actor_id"] == a["id"] for r in rows)]

    figure = go.Figure()
    for actor in actor_order:
        mine = [r for r in rows if r["actor_id"] == actor]
        figure.add_trace(go.Scatter(x=[r["as_of"].start.isoformat() for r in mine], y=[actors[actor]["name"]] * len(mine),
                                    mode="lines", line=dict(color="rgba(128,128,128,0.6)", width=2),
                                    hoverinfo="skip", showlegend=False))
    for category in data.categories("stances", "stance"):
        label, colour, sign, text_colour = (category[k] for k in ("label", "color", "sign", "text_color"))
        cells = [r for r in rows if r["stance"] == category["value"]]
        if cells:
            figure.add_trace(go.Scatter(
                name=f"{sign} {label}", x=[r["as_of"].start.isoformat() for r in cells],
                y=[actors[r["actor_id"]]["name"] for r in cells], mode="markers+text",
                marker=dict(symbol="square", size=26, color=colour, line=dict(width=1, color="#1f1f1f")),
                text=[sign] * len(cells), textfont=dict(color=text_colour, size=12),
                hovertext=[_stance_hover(data, r) for r in cells], hovertemplate="%{hovertext}<extra></extra>"))
    height = 150 + 44 * len(actor_order)
    figure.update_layout(**_layout(_, height, xaxis=_axis(type="date"), yaxis=_axis(
        categoryorder="array", categoryarray=[actors[a]["name"] for a in reversed(actor_order)], showgrid=False),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left")))

    changes = []
    for actor in actor_order:
        mine = [r for r in rows if r["actor_id"] == actor]
        if len(mine) > 1:
            first, last = (data.labels("stances", "stance")[r["stance"]].lower() for r in (mine[0], mine[-1]))
            years = {"actor": actors[actor]["name"], "first_year": mine[0]["as_of"].year, "last_year": mine[-1]["as_of"].year}
            changes.append(_("{actor} went from {first} ({first_year}) to {last} ({last_year})", first=first, last=last, **years)
                           if first != last else _("{actor} {stance} ({first_year}) and again ({last_year})", stance=first, **years))
    label = issues[params["issue"]]["label"]
    summary = (_("How {count} actors' positions on “{question}” changed between {first_year} and {last_year}.",
                 count=len(actor_order), question=issues[params["issue"]]["question"], first_year=rows[0]["as_of"].year,
                 last_year=rows[-1]["as_of"].year)
               + " " + ("; ".join(changes) + "." if changes else _("No actor's coded position changed.")))
    title = _("Shifting positions: {issue}", issue=label) + (f" ({_names(data, params['actors'])})" if params.get("actors") else "")
    return Chart("", title, summary, figure, _stance_table(data, rows),
                 sorted({s for r in rows for s in r["source_ids"]}), height, {"reading": "rows"})


@chart("estimates", required=("measure",), measure=one_id("figures", "measure"))
def estimates(data: Dataset, params: dict[str, Any]) -> Chart:
    """Every estimate of one disputed figure, with who gave it and when, so the spread is visible."""
    rows = sorted((f for f in data.figures if f["measure"] == params["measure"]), key=lambda f: (f["date"], f["id"]))
    if not rows:
        raise MarkerError(f"estimates: no figure has measure '{params['measure']}'")
    _ = data.words
    measure = data.labels("figures", "measure")[params["measure"]]
    labels = [f"{f['estimated_by']} ({_.date(f['date'])})" for f in rows]
    figure = go.Figure(go.Scatter(
        x=[f["value"] for f in rows], y=labels, mode="markers",
        marker=dict(size=12, color="#0072B2", line=dict(width=1, color="#1f1f1f")),
        error_x=dict(type="data", symmetric=False, array=[(f["value_max"] or f["value"]) - f["value"] for f in rows],
                     arrayminus=[0] * len(rows), color="#0072B2", thickness=3, width=0),
        hovertext=[f"<b>{escape(label)}</b><br>" + _range(_, f)
                   + (f"<br>{_wrap(f['note'])}" if f["note"] else "") + f"<br><i>{_wrap(_source_line(data, f['source_ids']))}</i>"
                   for f, label in zip(rows, labels)],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
    height = 120 + 46 * len(rows)  # room for a row label of three lines in the static drawing
    figure.update_layout(**_layout(_, height, xaxis=_axis(rangemode="tozero", tickformat=",", title=dict(text=measure)),
                                   yaxis=_axis(categoryorder="array", categoryarray=list(reversed(labels)))))
    low = min(f["value"] for f in rows)
    high = max(f["value_max"] or f["value"] for f in rows)
    summary = _("{count} estimates ({measure}), given between {first} and {last}, range from {low} to {high}. "
                "A bar marks an estimate given as a range.", count=len(rows), measure=measure, first=_.date(rows[0]["date"]),
                last=_.date(rows[-1]["date"]), low=_.number(low), high=_.number(high))
    table = Table([_("Estimate"), _("Given by"), _("Date"), _("Note"), _("Sources")],
                  [[Value(_.number(f["value"]) + (f"–{_.number(f['value_max'])}" if f["value_max"] else ""),
                          {"low": f["value"], "high": f["value_max"] or f["value"]}), f["estimated_by"], _date(data, f["date"]),
                    f["note"] or "", _sources(data, f["source_ids"])] for f in rows])
    return Chart("", _("Disputed figure: {measure}", measure=measure), summary, figure, table, sorted({s for f in rows for s in f["source_ids"]}), height,
                 {"reading": "rows"})


def _range(_: Catalogue, figure: dict) -> str:
    """An estimate as hover text: '1,000' or '1,000 to 2,000'."""
    if figure["value_max"]:
        return _("{low} to {high}", low=_.number(figure["value"]), high=_.number(figure["value_max"]))
    return _.number(figure["value"])


# Where the scorecard links: the full timeline opens an event from its address (build/assets/explore.js),
# and each expectation's section in the chapter carries the expectation's id as its anchor.
TIMELINE_EVENT = "timeline/?chart=chart-timeline--from-2011&event={}"
EXPECTATION_SECTION = "chapters/what-next/#{}"


@chart("scorecard")
def scorecard(data: Dataset, params: dict[str, Any]) -> Chart:
    """Every expectation of the article with its verdict: one row per expectation, one column per verdict,
    each cell a coloured square carrying the verdict's sign."""
    _ = data.words
    expectations = data.expectations
    events, parts = data.by_id("events"), data.labels("expectations", "article_part")
    verdicts = data.categories("expectations", "verdict")
    labels = {v["value"]: v["label"] for v in verdicts}
    figure = go.Figure()
    for verdict in verdicts:
        rows = [x for x in expectations if x["verdict"] == verdict["value"]]
        if not rows:
            continue
        figure.add_trace(go.Scatter(
            name=f"{verdict['sign']} {verdict['label']}",
            x=[verdict["label"]] * len(rows), y=[x["title"] for x in rows], mode="markers+text",
            marker=dict(symbol="square", size=30, color=verdict["color"], line=dict(width=1, color="#1f1f1f")),
            text=[verdict["sign"]] * len(rows), textfont=dict(color=verdict["text_color"], size=15),
            customdata=[x["id"] for x in rows],
            hovertext=[f"<b>{escape(x['title'])}</b><br>{escape(verdict['sign'])} {escape(verdict['label'])} "
                       f"({escape(_('as of {date}', date=_.date(x['judged_as_of'])))})<br>{_wrap(x['reasoning'])}"
                       f"<br><i>{_wrap(_('Evidence: {events}', events='; '.join(events[e]['title'] for e in x['event_ids'])))}</i>"
                       for x in rows],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    height = 130 + 42 * len(expectations)
    figure.update_layout(**_layout(
        _, height,
        xaxis=_axis(side="top", categoryorder="array", categoryarray=[v["label"] for v in verdicts], showgrid=False),
        yaxis=_axis(categoryorder="array", categoryarray=[x["title"] for x in reversed(expectations)], showgrid=False),
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, xanchor="left"),
    ))
    tally = Counter(x["verdict"] for x in expectations)
    judged = max(x["judged_as_of"] for x in expectations)
    summary = " ".join([
        _("{count} expectations from the article, each with our verdict as of {date}: {tally}.", count=len(expectations),
          date=_.date(judged), tally=_.join(f"{v['label'].lower()} {tally[v['value']]} ({v['sign']})" for v in verdicts)),
        _("The table gives each verdict's reasoning, the events that are its evidence, and its sources.")])
    table = Table(
        [_("Expectation"), _("In our words"), _("Part of the article"), _("Verdict"), _("As of"), _("Reasoning"), _("Evidence"),
         _("Section"), _("Sources")],
        [[x["title"], x["expectation"], parts[x["article_part"]], labels[x["verdict"]], _date(data, x["judged_as_of"]), x["reasoning"],
          [(events[e]["title"], TIMELINE_EVENT.format(e)) for e in x["event_ids"]],
          [(_("What happened next: {expectation}", expectation=x["title"]), EXPECTATION_SECTION.format(x["id"]))],
          _sources(data, x["source_ids"])] for x in expectations],
        [x["id"] for x in expectations],
    )
    return Chart("", _("The article's expectations: what became of them"), summary, figure, table,
                 sorted({s for x in expectations for s in x["source_ids"]}), height, {"reading": "rows", "cells": 30})

# Map colours that read on a light and a dark page alike: land and borders in translucent grey.
LAND = "rgba(128,128,128,0.16)"
BORDER = "rgba(110,110,110,0.75)"
RIVER = "#4f8fc0"
MAP_INK = "#808080"  # the scale bar and north arrow: at least 3:1 against the light and the dark page
MAP_LEGEND = 52  # px below the map for the legend of kinds: two lines on a phone
MAP_LABELS = 6  # at most this many place names on the map itself; the rest are in hover, keyboard reading and the table
SEAS = {  # (lon, lat) of each sea's name, for the regions that show it
    "levant": [(N_("Mediterranean Sea"), 33.2, 33.6), (N_("Euphrates"), 39.6, 35.25)],
    "russia-syria": [(N_("Black Sea"), 34.5, 43.4), (N_("Mediterranean"), 27.5, 33.0)],
    "wider": [(N_("Mediterranean Sea"), 18.0, 34.2), (N_("Black Sea"), 34.5, 43.4), (N_("Caspian Sea"), 50.8, 41.8)],
}
NATURAL_EARTH = N_("Borders, coasts and rivers: Natural Earth (public domain), simplified. "
                 "They imply no position on disputed territory such as the Golan Heights, Hatay or Crimea.")


def region_name(text: str) -> str:
    """A region of the base map (charts/basemap.py), not a value in the data."""
    from .basemap import REGIONS
    if text not in REGIONS:
        raise ValueError(f"expected one of the map's regions: {', '.join(REGIONS)}")
    return text


def _region_for(places: list[dict], name: str | None):
    from .basemap import REGIONS
    if name:
        return name, REGIONS[name]
    for key, region in REGIONS.items():  # the smallest region that holds every place
        if all(region.contains(p["lon"], p["lat"]) for p in places):
            return key, region
    return "wider", REGIONS["wider"]


def _map_labels(points: list[tuple[dict, float, float]], span: float, arrow: tuple[float, float, float, float]) -> dict[str, str]:
    """Which places get their name on the map, and on which side: the most eventful first, each name
    kept clear of the names already placed, of every marker and of the north arrow (and its N), at the
    scale of a 360 px phone."""
    px = 300 / span  # projected units to px on a phone, the map's width being about 300 px there
    boxes: list[tuple[float, float, float, float]] = [(x * px - 6, -y * px - 6, x * px + 6, -y * px + 6) for _, x, y in points]
    boxes.append((arrow[0] * px - 6, -arrow[3] * px - 18, arrow[2] * px + 6, -arrow[1] * px))
    chosen: dict[str, str] = {}
    # Russia's bases first: the map is about them; then the places with most events.
    for place, x, y in sorted(points, key=lambda item: (item[0]["kind"] != "base", -item[0]["event_count"], item[0]["name"])):
        if len(chosen) == MAP_LABELS:
            break
        width, cx, cy = len(place["name"]) * 7 + 4, x * px, -y * px
        for side in ("middle right", "middle left", "top center", "bottom center"):
            left = {"middle right": cx + 8, "middle left": cx - 8 - width}.get(side, cx - width / 2)
            top = {"top center": cy - 24, "bottom center": cy + 8}.get(side, cy - 8)
            box = (left, top, left + width, top + 16)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                chosen[place["id"]] = side
                boxes.append(box)
                break
    return chosen


@chart("map", **{"places": ids("places"), "region": region_name, "from": partial_date, "to": partial_date,
                 "chapter": one_id("events", "chapters")})
def place_map(data: Dataset, params: dict[str, Any]) -> Chart:
    """Where events happened: places as points on Natural Earth borders, with their events and sources."""
    _ = data.words
    from .basemap import joined, layer, scale_bar_km, KM_PER_DEGREE
    start, end = params.get("from"), params.get("to")
    events = [e for e in data.events
              if (not start or e["date"].start >= start.start) and (not end or e["date"].start <= end.end)
              and (not params.get("chapter") or params["chapter"] in e["chapters"])]
    places = data.by_id("places")
    wanted = params.get("places") or list(dict.fromkeys(p for e in events for p in e["place_ids"]))
    shown = [dict(places[p]) for p in wanted]
    key, region = _region_for(shown, params.get("region"))
    shown = sorted((p for p in shown if region.contains(p["lon"], p["lat"])), key=lambda p: (-p["lat"], p["lon"]))
    if not shown:
        raise MarkerError("map: no place matches these parameters in this region")
    happened = {p["id"]: sorted((e for e in (events if not params.get("places") else data.events) if p["id"] in e["place_ids"]),
                                key=lambda e: (e["date"], e["id"])) for p in shown}
    for place in shown:
        place["event_count"] = len(happened[place["id"]])
    kinds = data.categories("places", "kind")
    kind_labels = {c["value"]: c["label"] for c in kinds}

    x0, y0, x1, y1 = region.box
    figure = go.Figure()
    xs, ys = joined(layer(key, "countries"))
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=LAND, line=dict(color=BORDER, width=0.7),
                                hoverinfo="skip", showlegend=False, name="Countries"))
    xs, ys = joined(layer(key, "rivers"))
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=RIVER, width=1.2), hoverinfo="skip",
                                showlegend=False, name="Rivers"))
    names = SEAS.get(key, [])
    figure.add_trace(go.Scatter(x=[region.project(lon, lat)[0] for _, lon, lat in names], y=[lat for _, _, lat in names],
                                text=[_(name) for name, _lon, _lat in names], mode="text", hoverinfo="skip", showlegend=False,
                                textfont=dict(size=11, color="#4f8fc0"), name="Seas and rivers"))
    # The scale bar, in the lower left corner: along a parallel, a kilometre is 1 / (111.32 cos φ) degrees.
    km = scale_bar_km(region)
    bar = km / KM_PER_DEGREE  # projected units: x is already scaled by cos φ
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    figure.add_trace(go.Scatter(x=[bx, bx + bar], y=[by, by], mode="lines+text", text=["", _("{distance} km", distance=_.number(km))],
                                textposition="top left", textfont=dict(size=11), line=dict(color=MAP_INK, width=2),
                                hoverinfo="skip", showlegend=False, name="Scale"))
    # The north arrow, in the upper left corner: on this projection north is straight up everywhere.
    size = min(x1 - x0, y1 - y0) * 0.07
    nx, ny = x0 + (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.04 - size * 0.4
    figure.add_trace(go.Scatter(x=[nx, nx + size * 0.3, nx, nx - size * 0.3, nx], y=[ny, ny - size, ny - size * 0.7, ny - size, ny],
                                mode="lines+text", fill="toself", fillcolor=MAP_INK, line=dict(color=MAP_INK, width=1),
                                text=[_("N"), "", "", "", ""], textposition="top center", textfont=dict(size=11),
                                hoverinfo="skip", showlegend=False, name="North"))
    sources = data.by_id("sources")
    for kind in kinds:
        mine = [p for p in shown if p["kind"] == kind["value"]]
        if not mine:
            continue
        figure.add_trace(go.Scatter(
            name=kind["label"],
            x=[region.project(p["lon"], p["lat"])[0] for p in mine], y=[p["lat"] for p in mine],
            mode="markers", customdata=[p["id"] for p in mine],
            marker=dict(color=kind["color"], size=11, symbol="square" if kind["value"] == "base" else "circle",
                        line=dict(width=1, color="#1f1f1f")),
            hovertext=[_place_hover(data, p, happened[p["id"]]) for p in mine],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    points = [(p, *region.project(p["lon"], p["lat"])) for p in shown]
    arrow = (nx - size * 0.3, ny - size, nx + size * 0.3, ny + size * 0.4)
    labels = _map_labels(points, x1 - x0, arrow)
    # A narrowed view (build/assets/explore.js) names its own places: one period's, placed among themselves;
    # those a reader picks, each where the full map names it or, if it has no name there, as if alone.
    periods = [[c["value"], c["label"]] for c in data.categories("events", "period")
               if any(e["period"] == c["value"] for p in shown for e in happened[p["id"]])]
    period_labels = {period: _map_labels([point for point in points if any(e["period"] == period for e in happened[point[0]["id"]])],
                                         x1 - x0, arrow) for period, _label in periods}
    alone = {p["id"]: labels.get(p["id"]) or _map_labels([(p, x, y)], x1 - x0, arrow).get(p["id"], "top center") for p, x, y in points}
    labelled = [(p, x, y) for p, x, y in points if p["id"] in labels]
    figure.add_trace(go.Scatter(x=[x for _, x, _ in labelled], y=[y for _, _, y in labelled], mode="text",
                                text=[p["name"] for p, _, _ in labelled], textposition=[labels[p["id"]] for p, _, _ in labelled],
                                textfont=dict(size=12), hoverinfo="skip", showlegend=False, name="Names",
                                customdata=[p["id"] for p, _, _ in labelled]))  # a narrowed view keeps its places' names
    height = round(440 * min(1.0, (y1 - y0) / (x1 - x0)) + 80) if (y1 - y0) < (x1 - x0) else 480
    figure.update_layout(**_layout(
        _, height, showlegend=True, legend=dict(orientation="h", yanchor="top", y=0, x=0, xanchor="left"),
        margin=dict(l=0, r=0, t=0, b=MAP_LEGEND, pad=0),
        xaxis=dict(range=[x0, x1], visible=False, fixedrange=True, constrain="domain"),
        yaxis=dict(range=[y0, y1], visible=False, fixedrange=True, scaleanchor="x", scaleratio=1, constrain="domain"),
    ))
    summary = " ".join([
        _("A map of {region} with {count} places ({kinds}).", region=_(region.label), count=len(shown),
          kinds=_count_phrase(_, Counter(p["kind"] for p in shown), kind_labels)),
        _("The names on the map: {names}; every place's name, events and sources are in the table.",
          names=_.join(p["name"] for p, _x, _y in labelled)),
        _(NATURAL_EARTH), _("The bar marks {distance} km; the arrow points north.", distance=_.number(km))])
    # Other spellings are English transliterations: only the English edition lists them.
    table = Table(
        [_("Place"), _("Kind"), _("Latitude, longitude"), _("What happened there"), _("About the place"), _("Sources")],
        [[p["name"] + (f" ({p['other_names']})" if p["other_names"] and _.lang == "en" else ""), kind_labels[p["kind"]],
          f"{p['lat']:.3f}, {p['lon']:.3f}",
          "; ".join(f"{_.date(e['date'])}: {e['title']}" for e in happened[p["id"]]) or "—", p["description"],
          _sources(data, p["source_ids"])] for p in shown],
        [p["id"] for p in shown],
    )
    # Titles tell maps apart: a selection is named by its places, a period by its dates.
    named = [p["name"] for p in sorted(shown, key=lambda p: -p["event_count"])]
    listed = _("{places} and {count} more", places=_.join(named[:3]), count=len(named) - 3) if len(named) > 3 else _.join(named)
    title = (_("Where it happened: {places}", places=listed if params.get("places") or params.get("chapter") else _(region.label))
             + (_(", from {date}", date=_.date(start)) if start else "") + (_(" to {date}", date=_.date(end)) if end else ""))
    source_ids = sorted({s for p in shown for s in p["source_ids"]})
    # Selecting a place lists its events, each linked to its chapters and, by the build, to the full timeline.
    # A reader may narrow the map to some places, or to the places of one period's events (build/assets/explore.js).
    at = {p["id"]: (x, y) for p, x, y in points}
    explore = {"reading": "map", "view_title": title, "periods": periods, "period_labels": period_labels,
               **_credits(data, {p["id"]: p["source_ids"] for p in shown}), "places": {p["id"]: {
        "name": p["name"], "about": p["description"], "periods": sorted({e["period"] for e in happened[p["id"]]}),
        "x": at[p["id"]][0], "y": at[p["id"]][1], "label": alone[p["id"]],
        "events": [[e["id"], _.date(e["date"]), e["title"], list(e["chapters"])] for e in happened[p["id"]]]} for p in shown}}
    return Chart("", title, summary, figure, table, source_ids, height, explore)


def _place_hover(data: Dataset, place: dict, events: list[dict]) -> str:
    _ = data.words
    listed = [f"{escape(_.date(e['date']))}: {_wrap(e['title'], 50)}" for e in events[:5]]
    if len(events) > 5:
        listed.append(escape(_("and {count} more events (in the table)", count=len(events) - 5)))
    return (f"<b>{escape(place['name'])}</b><br>" + "<br>".join(listed or [_wrap(place["description"], 50)])
            + f"<br><i>{_wrap(_publisher_line(data, place['source_ids']))}</i>")
