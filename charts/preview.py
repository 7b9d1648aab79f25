"""A chart drawn as static SVG at build time, from its Plotly figure, and the frame plotly.js shares.

Every page shows this drawing at once and fetches plotly.js (about 400 KB gzip, seconds of script
on a phone) only when the reader reaches for the chart, so that pages are quick, charts print at
any paper width and show without JavaScript. It draws the part of Plotly that ``figures.py`` uses:
scatter traces (markers, text in markers, lines, horizontal error bars) on a category y axis over
a date, category or linear x axis, with rectangles spanning the plot's height, and short labels
above the plot for key dates (annotations at the plot's top edge). Anything else gets no drawing,
and the page falls back to plotly.js.

Positions across are percentages of the plot's width, so the drawing fits any width without
script; positions down are pixels within the figure's height. ``plotly_layout`` hands plotly.js
the same frame (margins, ranges, row labels, legend), so that nothing moves when it takes over.
"""
from __future__ import annotations

import math
from datetime import date
from dataclasses import dataclass
from html import escape, unescape
from textwrap import wrap
from typing import Any

from .i18n import Catalogue

CHAR_WIDTH = 7.0  # px per character of 12 px text: generous, so that labels are not clipped
LABEL_CHARS = 28  # a row label longer than this wraps, onto three lines at most
STACK_LEFT = 150  # px: row labels wider than this go above their rows in a narrow frame
STACK_WIDTH = 520  # px: a frame this narrow or narrower (the container query in explainer.css)
LINE_HEIGHT = 14.4  # px, a line of 12 px label text
LEGEND_ROW = 24  # px per line of legend, reserved for the narrowest frame (two keys a line)
MAX_TICKS = 8  # on narrow frames every other tick label is hidden by the stylesheet
SYMBOLS = {"circle", "circle-open-dot", "square"}
# Key-date labels sit in rows above the plot, each on a short leader line down to the plot's edge.
# Rows are chosen so that no two labels of one row meet in a frame just wider than KEY_WIDTH; in
# frames up to KEY_WIDTH wide (the container query in explainer.css) only the labels that still
# fit a phone's frame (PHONE_FRAME, on a 360 px screen) are shown.
KEY_WIDTH = 640
PHONE_FRAME = 328
KEY_ROW = 16  # px per row of labels
KEY_ROWS = 3  # rows of labels, unless a wide frame needs more to show them all
KEY_GAP = 2  # px at least between two labels of one row (their leader lines already part them)
KEY_LINE = "rgba(128,128,128,0.9)"  # a leader line, seen on light and dark pages


class Unsupported(ValueError):
    """The figure uses something this drawing does not know."""


def preview_html(figure: dict[str, Any], words: Catalogue = Catalogue()) -> str | None:
    """The drawing of a figure (``go.Figure.to_dict()``) as HTML, or None if it cannot be drawn.
    ``words`` names the months and writes the numbers of its ticks in the edition's language."""
    try:
        if _is_map(figure["layout"]):
            return _draw_map(figure["data"], figure["layout"])
        return _draw(figure["data"], figure["layout"], words)
    except Unsupported:
        return None


def _attr(value: Any) -> str:
    """A value from the figure (a colour, usually) made safe inside a quoted attribute."""
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """Numbers rounded for the markup: two decimals are finer than a pixel on any screen."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _wrap(label: str) -> list[str]:
    """A row label in lines of at most LABEL_CHARS characters, three lines at the most."""
    lines = wrap(label, LABEL_CHARS) or [label]
    return lines[:2] + [" ".join(lines[2:])] if len(lines) > 3 else lines


def _lift(lines: int) -> float:
    """How far a stacked row label rises so that its last line clears the row's 12 px marker."""
    return round(LINE_HEIGHT * lines / 2 + 8)


def _day(value: str) -> int:
    return date.fromisoformat(value[:10]).toordinal()


def _date_ticks(low: float, high: float, words: Catalogue) -> list[tuple[float, str]]:
    """Ticks on years, months or weeks, whichever gives a handful across the range."""
    first, last = date.fromordinal(math.ceil(low)), date.fromordinal(math.floor(high))
    if high - low > 3 * 365:
        years = range(first.year + (first > date(first.year, 1, 1)), last.year + 1)
        step = next(s for s in (1, 2, 5, 10, 20) if len(years) / s <= MAX_TICKS)
        return [(date(year, 1, 1).toordinal(), str(year)) for year in years if year % step == 0]
    months = [date(year, month, 1) for year in range(first.year, last.year + 1) for month in range(1, 13)
              if first <= date(year, month, 1) <= last]
    if len(months) >= 3:
        step = next(s for s in (1, 2, 3, 6, 12) if len(months) / s <= MAX_TICKS)
        chosen = [m for m in months if (m.month - 1) % step == 0]
        return [(m.toordinal(), words.short_month(m.month) + (f" {m.year}" if i == 0 or m.month == 1 else ""))
                for i, m in enumerate(chosen)]
    mondays = [d for d in range(math.ceil(low), math.floor(high) + 1) if date.fromordinal(d).weekday() == 0]
    step = next(s for s in (1, 2, 4, 8) if len(mondays) / s <= MAX_TICKS)
    return [(d, f"{date.fromordinal(d).day} {words.short_month(date.fromordinal(d).month)}") for d in mondays[::step]]


def _nice_step(span: float) -> float:
    power = 10 ** math.floor(math.log10(span / 5))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * 5 >= span)


class _XAxis:
    """Maps an x value to a fraction of the plot's width, and knows its ticks."""

    def __init__(self, axis: dict[str, Any], traces: list[dict], shapes: list[dict], words: Catalogue):
        values = [v for trace in traces for v in trace.get("x", [])]
        self.kind = axis.get("type") or ("category" if any(isinstance(v, str) for v in values) else "linear")
        self.top = axis.get("side") == "top"
        self.grid = axis.get("showgrid", self.kind != "category")
        self.title = (axis.get("title") or {}).get("text", "")
        if self.kind == "category":
            self.categories = list(axis.get("categoryarray") or dict.fromkeys(values))
            self.ticks = [(label, label) for label in self.categories]
            self.low, self.high = -0.5, len(self.categories) - 0.5
        elif self.kind == "date":
            days = [_day(v) for v in values] + [_day(s[k]) for s in shapes for k in ("x0", "x1")]
            pad = max((max(days) - min(days)) * 0.04, 10)
            self.low, self.high = min(days) - pad, max(days) + pad
            self.ticks = _date_ticks(self.low, self.high, words)
        elif self.kind == "linear":
            ends = [v + plus for trace in traces for v, plus in zip(trace["x"], _error_plus(trace))]
            self.low = 0 if axis.get("rangemode") == "tozero" else min(values)
            self.high = max(ends) + (max(ends) - self.low) * 0.05
            if self.high <= self.low:  # one value and no zero to start from
                self.low, self.high = self.low - 1, self.low + 1
            step = _nice_step(self.high - self.low)
            start = math.ceil(self.low / step) * step
            self.ticks = [(start + i * step, words.number(start + i * step))
                          for i in range(int((self.high - start) / step) + 1)]
        else:
            raise Unsupported(f"x axis of type {self.kind}")

    def percent(self, value: Any) -> float:
        """Where a value (or a date tick's day number) lies across the plot, in percent."""
        if self.kind == "category":
            value = self.categories.index(value)
        elif isinstance(value, str):
            value = _day(value)
        return (value - self.low) / (self.high - self.low) * 100


@dataclass(frozen=True)
class _Rows:
    """The category y axis: one band of the plot's height per row, the first category at the bottom."""

    names: list[str]
    top: float
    bottom: float

    @property
    def band(self) -> float:
        return (self.bottom - self.top) / len(self.names)

    def y(self, name: str) -> float:
        return self.top + (len(self.names) - 1 - self.names.index(name) + 0.5) * self.band


def _error_plus(trace: dict) -> list[float]:
    error = trace.get("error_x") or {}
    return list(error.get("array") or [0] * len(trace.get("x", [])))


def _marker(symbol: str, size: float, colour: str, line_width: float) -> str:
    """A marker centred on (0, 0)."""
    half = _num(size / 2)
    if symbol == "square":
        return (f'<rect class="mark" x="-{half}" y="-{half}" width="{_num(size)}" height="{_num(size)}" '
                f'fill="{colour}" stroke-width="{_num(line_width)}"/>')
    if symbol == "circle-open-dot":
        return (f'<circle r="{_num(size / 2 - 1)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                f'<circle r="2" fill="{colour}"/>')
    return f'<circle class="mark" r="{half}" fill="{colour}" stroke-width="{_num(line_width)}"/>'


def _listed(value: Any, count: int) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value] * count


def _points(trace: dict, curve: int, x: _XAxis, rows: _Rows) -> list[str]:
    """A trace's lines, error bars, markers and marker text, in Plotly's order. Each marker names its
    trace and point as Plotly numbers them, so that the page script can show the tooltip of the
    point a reader touched before plotly.js had arrived."""
    mode = trace.get("mode", "markers")
    xs, ys = trace.get("x", []), trace.get("y", [])
    if trace.get("type", "scatter") != "scatter" or trace.get("orientation") or not set(mode.split("+")) <= {"markers", "text", "lines"}:
        raise Unsupported(f"trace {trace.get('type')} in mode {mode}")
    parts = []
    if "lines" in mode:
        line = trace.get("line", {})
        for (x0, y0), (x1, y1) in zip(zip(xs, ys), list(zip(xs, ys))[1:]):
            parts.append(f'<line x1="{_num(x.percent(x0))}%" y1="{_num(rows.y(y0))}" x2="{_num(x.percent(x1))}%" '
                         f'y2="{_num(rows.y(y1))}" stroke="{_attr(line.get("color", "#888"))}" stroke-width="{_num(line.get("width", 2))}"/>')
    error = trace.get("error_x") or {}
    for x_value, y_value, plus in zip(xs, ys, _error_plus(trace)):
        if plus:
            parts.append(f'<line x1="{_num(x.percent(x_value))}%" x2="{_num(x.percent(x_value + plus))}%" '
                         f'y1="{_num(rows.y(y_value))}" y2="{_num(rows.y(y_value))}" stroke="{_attr(error.get("color", "#888"))}" '
                         f'stroke-width="{_num(error.get("thickness", 2))}"/>')
    if "markers" not in mode:
        return parts
    marker = trace.get("marker", {})
    symbols = _listed(marker.get("symbol", "circle"), len(xs))
    if not set(symbols) <= SYMBOLS or any(isinstance(marker.get(k), (list, tuple)) for k in ("color", "size")):
        raise Unsupported(f"markers {set(symbols) - SYMBOLS or 'with a colour or size per point'}")
    size = min(marker.get("size", 6), rows.band * 0.9)
    texts = _listed(trace.get("text", ""), len(xs)) if "text" in mode else [""] * len(xs)
    font = trace.get("textfont", {})
    for number, (x_value, y_value, symbol, text) in enumerate(zip(xs, ys, symbols, texts)):
        point_attributes = f'class="point" data-curve="{curve}" data-point="{number}"'
        shape = _marker(symbol, size, _attr(marker.get("color", "#1f77b4")), (marker.get("line") or {}).get("width", 0))
        if text:
            shape += (f'<text text-anchor="middle" dominant-baseline="central" font-size="{_num(font.get("size", 12))}" '
                      f'fill="{_attr(font.get("color", "#000"))}">{escape(str(text))}</text>')
        if x.kind == "category":
            # The column's box: a square wider than its column is scaled down to fit it.
            column = 100 / len(x.categories)
            index = x.categories.index(x_value)
            parts.append(f'<svg {point_attributes} x="{_num(index * column)}%" y="{_num(rows.y(y_value) - size / 2)}" width="{_num(column)}%" '
                         f'height="{_num(size)}" viewBox="{_num(-size / 2)} {_num(-size / 2)} {_num(size)} {_num(size)}" overflow="visible">{shape}</svg>')
        else:
            parts.append(f'<svg {point_attributes} x="{_num(x.percent(x_value))}%" y="{_num(rows.y(y_value))}" overflow="visible">{shape}</svg>')
    return parts


def _legend(traces: list[dict], layout: dict) -> list[tuple[str, str, str, str]]:
    """(name, fill, text colour, sign) per legend key: Plotly shows a legend for two or more named traces."""
    keys = [(t["name"], t.get("marker", {}).get("color", "#888"), (t.get("textfont") or {}).get("color", "#000"),
             t["text"][0] if t.get("text") and "text" in t.get("mode", "") else "")
            for t in traces if t.get("showlegend", True) and t.get("name")]
    return keys if layout.get("showlegend", True) and len(keys) > 1 else []


def _axes(x: _XAxis, rows: _Rows, labels: dict[str, list[str]], y_grid: bool, svg_height: float) -> list[str]:
    """Grid lines, tick labels, the x axis title and the row labels (at negative x, left of the plot)."""
    parts = []
    if x.grid:
        parts += [f'<line class="grid" x1="{_num(x.percent(v))}%" x2="{_num(x.percent(v))}%" y1="{_num(rows.top)}" '
                  f'y2="{_num(rows.bottom)}"/>' for v, _ in x.ticks]
    if y_grid:
        parts += [f'<line class="grid" x1="0" x2="100%" y1="{_num(rows.y(r))}" y2="{_num(rows.y(r))}"/>' for r in rows.names]
    for i, (value, label) in enumerate(x.ticks):
        if x.top:
            parts.append(f'<svg x="{_num(x.percent(value))}%" y="{_num(rows.top - 6)}" overflow="visible"><text class="axis" '
                         f'transform="rotate(-90)" dominant-baseline="central">{escape(label)}</text></svg>')
        else:  # every other label is hidden in a narrow frame
            parts.append(f'<text class="axis{" alt" if i % 2 else ""}" x="{_num(x.percent(value))}%" '
                         f'y="{_num(rows.bottom + 16)}" text-anchor="middle">{escape(label)}</text>')
    if x.title:
        parts.append(f'<text class="axis" x="50%" y="{_num(svg_height - 8)}" text-anchor="middle">{escape(x.title)}</text>')
    for row, lines in labels.items():
        spans = "".join(f'<tspan x="-8" dy="{_num(-0.6 * (len(lines) - 1) if i == 0 else 1.2)}em">{escape(line)}</tspan>'
                        for i, line in enumerate(lines))
        parts.append(f'<text class="axis row-label" style="--lift:-{_lift(len(lines))}px" y="{_num(rows.y(row))}" '
                     f'text-anchor="end" dominant-baseline="central">{spans}</text>')
    return parts


@dataclass(frozen=True)
class _KeyLabel:
    text: str
    x: str  # the date it marks
    row: int  # 0 is the row nearest the plot
    end: bool  # the text ends at its date (runs to the left of its leader line)
    phone: bool  # shown in narrow frames too


def _key_labels(annotations: list[dict], x: "_XAxis", wide: float, phone: float) -> list[_KeyLabel]:
    """Rows and sides for the labels, given the plot's width in the narrowest wide frame and in a
    phone's. A label goes where it fits both, in at most KEY_ROWS rows; failing that, where it
    fits the wide frame, and it is left out on phones."""
    def span(percent: float, width: float, plot: float, end: bool) -> tuple[float, float]:
        at = percent / 100 * plot
        return (at - width - 3, at) if end else (at, at + width + 3)

    def fits(new: tuple[float, float], plot: float, taken: list[tuple[float, float]]) -> bool:
        return (new[0] >= -8 and new[1] <= plot + 8
                and all(new[1] + KEY_GAP <= old[0] or old[1] + KEY_GAP <= new[0] for old in taken))

    wide_rows: list[list[tuple[float, float]]] = []
    phone_rows: list[list[tuple[float, float]]] = []
    labels = []
    for note in sorted(annotations, key=lambda a: _day(a["x"])):
        text, percent = unescape(note["text"]), x.percent(note["x"])
        width = _text_width(text)
        places = [(row, end) for row in range(len(wide_rows) + 1) for end in (True, False)]
        both = [(row, end) for row, end in places if row < KEY_ROWS
                and fits(span(percent, width, wide, end), wide, wide_rows[row] if row < len(wide_rows) else [])
                and fits(span(percent, width, phone, end), phone, phone_rows[row] if row < len(phone_rows) else [])]
        on_phone = bool(both)
        row, end = both[0] if both else next(
            (row, end) for row, end in places if fits(span(percent, width, wide, end), wide, wide_rows[row] if row < len(wide_rows) else []))
        if row == len(wide_rows):
            wide_rows.append([])
            phone_rows.append([])
        wide_rows[row].append(span(percent, width, wide, end))
        if on_phone:
            phone_rows[row].append(span(percent, width, phone, end))
        labels.append(_KeyLabel(text, note["x"], row, end, on_phone))
    return labels


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the figure's box: the drawing and plotly.js both use it, so that
    nothing moves when plotly.js takes over."""

    x: _XAxis
    rows: _Rows
    labels: dict[str, list[str]]  # row label lines
    stack: bool  # in a narrow frame, row labels go above their rows
    left: float
    right: float
    svg_height: float  # the drawing's SVG; the legend's room is below it
    legend: list[tuple[str, str, str, str]]
    legend_height: float
    keys: list[_KeyLabel]


def _is_key_label(note: dict) -> bool:
    return (note.get("xref") == "x" and note.get("yref") == "paper" and note.get("y") == 1
            and note.get("showarrow") is False and set(note) <= {"x", "xref", "y", "yref", "text", "showarrow", "name"})


def _frame(traces: list[dict], layout: dict, words: Catalogue) -> _Frame:
    if any(layout.get(key) for key in ("images", "xaxis2", "yaxis2", "grid")) or \
            any(t.get("xaxis", "x") != "x" or t.get("yaxis", "y") != "y" for t in traces):
        raise Unsupported("images or more than one pair of axes")
    annotations = layout.get("annotations", [])
    if not all(_is_key_label(note) for note in annotations):
        raise Unsupported("annotations other than key-date labels at the plot's top edge")
    shapes = layout.get("shapes", [])
    if any(s.get("type") != "rect" or s.get("xref") != "x" or s.get("yref") != "paper" for s in shapes):
        raise Unsupported("shapes other than rectangles across the plot")
    x = _XAxis(layout.get("xaxis", {}), traces, shapes, words)
    y_axis = layout.get("yaxis", {})
    names = list(y_axis.get("categoryarray") or dict.fromkeys(v for t in traces for v in t.get("y", [])))
    if y_axis.get("type") not in (None, "category") or not all(isinstance(name, str) for name in names):
        raise Unsupported("a y axis that is not a list of categories")
    legend = _legend(traces, layout)
    legend_height = LEGEND_ROW * math.ceil(len(legend) / 2)
    # Margins in px: room for the labels, as Plotly's automatic margins would give it.
    labels = {name: _wrap(name) for name in names}
    left = 16 + max(_text_width(line) for lines in labels.values() for line in lines)
    # Long row labels would leave a phone's plot a sliver wide: in a narrow frame they go above their
    # rows, which only works where the x axis is not a row of columns.
    stack = left > STACK_LEFT and x.kind != "category"
    if annotations and (x.kind != "date" or x.top):
        raise Unsupported("key-date labels on an axis that is not of dates along the bottom")
    plot_margins = (8 + 16) if stack else (left + 16)  # in a narrow frame: stacked row labels, or not
    keys = _key_labels(annotations, x, KEY_WIDTH + 1 - left - 16, PHONE_FRAME - plot_margins)
    top = 8 + (max(_text_width(label) for _, label in x.ticks) + 8 if x.top else 8)
    if keys:
        top += KEY_ROW * (max(key.row for key in keys) + 1) + 4
    bottom = 8 + (0 if x.top else 20) + (22 if x.title else 0)
    svg_height = layout["height"] - legend_height
    if stack:  # room above the top row for its label
        lines = len(labels[names[-1]])
        half_band = (svg_height - top - bottom) / len(names) / 2
        top = max(top, _lift(lines) + LINE_HEIGHT * lines / 2 + 2 - half_band)
    return _Frame(x, _Rows(names, top, svg_height - bottom), labels, stack, left, 16, svg_height, legend, legend_height, keys)


def plotly_layout(figure: dict[str, Any], words: Catalogue = Catalogue()) -> dict[str, Any]:
    """Layout settings that give plotly.js the drawing's frame: the same margins, x range, row labels
    and legend place. Empty for a figure the drawing cannot handle."""
    if _is_map(figure["layout"]):
        return {}  # the map's frame is its own layout: fixed ranges, equal scales, no ticks
    try:
        frame = _frame(figure["data"], figure["layout"], words)
    except Unsupported:
        return {}
    x, rows, height = frame.x, frame.rows, figure["layout"]["height"]
    # Plotly's own ranges leave room for large markers; the drawing's do not.
    xaxis: dict[str, Any] = {"automargin": False, "tickfont": {"size": 12}, "autorange": False,
                             "range": [date.fromordinal(round(end)).isoformat() for end in (x.low, x.high)]
                             if x.kind == "date" else [x.low, x.high]}
    if x.top:  # upright labels, 6 px above the plot as in the drawing
        xaxis.update(tickangle=-90, ticklabelstandoff=6)
    if x.kind == "category":  # Plotly reads tick labels as HTML: the labels from the data are escaped, as the rows' are
        xaxis.update(tickmode="array", tickvals=x.categories, ticktext=[escape(label) for label in x.categories])
    else:  # the drawing's ticks; the page script lets Plotly choose when it zooms
        xaxis.update(tickmode="array", ticktext=[label for _, label in x.ticks],
                     tickvals=[date.fromordinal(round(value)).isoformat() if x.kind == "date" else value for value, _ in x.ticks])
    if x.title:
        xaxis["title"] = {"text": x.title, "font": {"size": 12}}
    update = {
        "margin": {"l": frame.left, "r": frame.right, "t": rows.top, "b": height - rows.bottom, "pad": 0},
        "xaxis": xaxis,
        "yaxis": {"automargin": False, "tickfont": {"size": 12}, "autorange": False, "range": [-0.5, len(rows.names) - 0.5],
                  "tickmode": "array", "tickvals": rows.names,
                  "ticktext": ["<br>".join(escape(line) for line in frame.labels[name]) for name in rows.names]},
    }
    if frame.legend:
        # Where the drawing's legend starts, measured on the whole figure, so that it pushes no margin.
        update["legend"] = {"yref": "container", "y": 1 - (frame.svg_height + 6) / height, "yanchor": "top"}
    meta: dict[str, Any] = {}
    if frame.stack:
        # For the page script: in a frame up to this wide, labels go above their rows, lifted this far.
        meta["stack"] = {"width": STACK_WIDTH, "lifts": [_lift(len(frame.labels[name])) for name in rows.names]}
    if frame.keys:
        shapes = list(figure["layout"].get("shapes", []))
        update["annotations"] = [
            {"x": key.x, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "yshift": _key_rise(key) - 4,
             "xanchor": "right" if key.end else "left", "xshift": -3 if key.end else 3, "text": escape(key.text),
             "showarrow": False, "font": {"size": 12}} for key in frame.keys]
        update["shapes"] = shapes + [
            {"type": "line", "xref": "x", "x0": key.x, "x1": key.x, "yref": "paper", "y0": 1,
             "y1": 1 + (_key_rise(key) + 10) / (rows.bottom - rows.top), "line": {"width": 1, "color": KEY_LINE}} for key in frame.keys]
        # For the page script: in a frame up to this wide, these labels and their leader lines are hidden.
        meta["keys"] = {"width": KEY_WIDTH, "annotations": [i for i, key in enumerate(frame.keys) if not key.phone],
                        "shapes": [len(shapes) + i for i, key in enumerate(frame.keys) if not key.phone]}
    if meta:
        update["meta"] = meta
    return update



def _key_rise(key: _KeyLabel) -> float:
    """How far above the plot a label's baseline sits, in px."""
    return 6 + KEY_ROW * key.row


def _draw(traces: list[dict], layout: dict, words: Catalogue) -> str:
    frame = _frame(traces, layout, words)
    x, rows = frame.x, frame.rows
    parts = []
    for shape in layout.get("shapes", []):
        start, end = sorted((x.percent(shape["x0"]), x.percent(shape["x1"])))
        parts.append(f'<rect x="{_num(start)}%" y="{_num(rows.top)}" width="{_num(end - start)}%" '
                     f'height="{_num(rows.bottom - rows.top)}" fill="{_attr(shape.get("fillcolor", "rgba(128,128,128,0.2)"))}"/>')
    parts += _axes(x, rows, frame.labels, layout.get("yaxis", {}).get("showgrid", True), frame.svg_height)
    for key in frame.keys:
        at, rise = _num(x.percent(key.x)), rows.top - _key_rise(key)
        wide = "" if key.phone else " key-label--wide"
        side = 'dx="-3" text-anchor="end"' if key.end else 'dx="3"'
        parts.append(f'<g class="key-label{wide}"><line x1="{at}%" x2="{at}%" y1="{_num(rows.top)}" y2="{_num(rise - 10)}" stroke="{KEY_LINE}"/>'
                     f'<text class="axis" x="{at}%" y="{_num(rise)}" {side}>{escape(key.text)}</text></g>')
    for curve, trace in enumerate(traces):
        parts += _points(trace, curve, x, rows)

    left, right = frame.left, frame.right
    svg = (f'<svg class="chart__preview-plot" style="margin-left:{_num(left)}px;width:calc(100% - {_num(left + right)}px);'
           f'height:{_num(frame.svg_height)}px" overflow="visible" focusable="false">{"".join(parts)}</svg>')
    keys = "".join(f'<li><span class="chart__preview-key" style="background:{_attr(fill)};color:{_attr(colour)}">{escape(sign)}</span>'
                   f'{escape(name.removeprefix(sign).strip())}</li>' for name, fill, colour, sign in frame.legend)
    stack = " chart__preview--stack" if frame.stack else ""
    return (f'<div class="chart__preview{stack}" aria-hidden="true">{svg}'
            + (f'<ul class="chart__preview-legend" style="height:{_num(frame.legend_height)}px">{keys}</ul>' if keys else "")
            + "</div>")


# A map: two linear axes on one scale (``yaxis.scaleanchor``), hidden. The drawing is one SVG whose
# viewBox is the plot at the figure's height; it keeps its shape at any width as plotly.js does with
# ``constrain: "domain"`` (letterboxed, centred), so points stay where plotly.js will put them.
TEXT_OFFSETS = {  # Plotly's textposition: dx, dy in px, text-anchor
    "middle right": (7, 0, "start"), "middle left": (-7, 0, "end"), "top center": (0, -11, "middle"),
    "bottom center": (0, 12, "middle"), "middle center": (0, 0, "middle"), "top left": (0, -8, "end"),
}


def _is_map(layout: dict) -> bool:
    return (layout.get("yaxis") or {}).get("scaleanchor") == "x"


def _path(xs: list, ys: list, to_view, close: bool) -> str:
    """An SVG path through points, a gap (None) starting a new piece; relative steps in whole pixels
    keep a map's outlines short (a page's first load has a budget)."""
    parts, pen, start = [], None, True
    for x, y in zip(xs, ys):
        if x is None or y is None:
            parts.append("z" if close and not start else "")
            start = True
            continue
        vx, vy = (round(v) for v in to_view(x, y))
        if start:
            parts.append(f"M{_num(vx)} {_num(vy)}")
        elif (vx, vy) != pen:
            dx, dy = vx - pen[0], vy - pen[1]
            parts.append(f"l{_num(dx)}{'' if dy < 0 else ' '}{_num(dy)}")
        pen, start = (vx, vy), False
    if close and not start:
        parts.append("z")
    return "".join(parts)


def _draw_map(traces: list[dict], layout: dict) -> str:
    if any(layout.get(key) for key in ("annotations", "images", "shapes", "xaxis2", "yaxis2", "grid")):
        raise Unsupported("annotations, images or shapes on a map")
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    legend = _legend(traces, layout)
    legend_height = (layout.get("margin") or {}).get("b", 0)
    height = layout["height"] - legend_height
    width = height * (x1 - x0) / (y1 - y0)

    def to_view(x: float, y: float) -> tuple[float, float]:
        return (x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height

    parts = []
    for curve, trace in enumerate(traces):
        mode, xs, ys = trace.get("mode", "markers"), trace.get("x", []), trace.get("y", [])
        if trace.get("type", "scatter") != "scatter" or not set(mode.split("+")) <= {"markers", "text", "lines"}:
            raise Unsupported(f"trace {trace.get('type')} in mode {mode} on a map")
        line = trace.get("line", {})
        if "lines" in mode:
            filled = trace.get("fill") == "toself"
            parts.append(f'<path class="{"land" if filled else "line"}" d="{_path(xs, ys, to_view, filled)}" '
                         f'fill="{_attr(trace.get("fillcolor", "none")) if filled else "none"}" stroke="{_attr(line.get("color", "#888"))}" '
                         f'stroke-width="{_num(line.get("width", 1))}" stroke-linejoin="round"/>')
        if "markers" in mode:
            marker = trace.get("marker", {})
            symbol = marker.get("symbol", "circle")
            if symbol not in SYMBOLS or any(isinstance(marker.get(k), (list, tuple)) for k in ("color", "size", "symbol")):
                raise Unsupported("map markers with a symbol, colour or size per point")
            shape = _marker(symbol, marker.get("size", 6), _attr(marker.get("color", "#1f77b4")), (marker.get("line") or {}).get("width", 0))
            for number, (x, y) in enumerate(zip(xs, ys)):
                vx, vy = to_view(x, y)
                parts.append(f'<svg class="point" data-curve="{curve}" data-point="{number}" x="{_num(vx)}" y="{_num(vy)}" '
                             f'overflow="visible">{shape}</svg>')
        if "text" in mode:
            font = trace.get("textfont", {})
            colour = f' fill="{_attr(font["color"])}"' if font.get("color") else ' class="axis"'
            positions = _listed(trace.get("textposition", "middle center"), len(xs))
            for x, y, text, position in zip(xs, ys, _listed(trace.get("text", ""), len(xs)), positions):
                if not text:
                    continue
                if position not in TEXT_OFFSETS:
                    raise Unsupported(f"text position {position}")
                dx, dy, anchor = TEXT_OFFSETS[position]
                vx, vy = to_view(x, y)
                parts.append(f'<text{colour} x="{_num(vx + dx)}" y="{_num(vy + dy)}" text-anchor="{anchor}" dominant-baseline="central" '
                             f'font-size="{_num(font.get("size", 12))}">{escape(str(text))}</text>')
    svg = (f'<svg class="chart__preview-plot" viewBox="0 0 {_num(width)} {_num(height)}" preserveAspectRatio="xMidYMid meet" '
           f'style="width:100%;height:{_num(height)}px" focusable="false">{"".join(parts)}</svg>')
    keys = "".join(f'<li><span class="chart__preview-key" style="background:{_attr(fill)};color:{_attr(colour)}">{escape(sign)}</span>'
                   f'{escape(name)}</li>' for name, fill, colour, sign in legend)
    return (f'<div class="chart__preview chart__preview--map" aria-hidden="true">{svg}'
            + (f'<ul class="chart__preview-legend" style="height:{_num(legend_height)}px">{keys}</ul>' if keys else "") + "</div>")
