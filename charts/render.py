"""A chart's HTML block (caption, reserved plot area, summary, data table) and its Plotly spec."""
from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .dataset import Dataset
from .registry import Chart

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)

# Passed to Plotly.newPlot: no logo, no cloud button, and the modebar hidden because the
# page offers its own accessible controls and the data table.
PLOT_CONFIG = {"displaylogo": False, "showSendToCloud": False, "displayModeBar": False, "responsive": True}


def chart_html(chart: Chart, data: Dataset, spec_url: str, element_id: str) -> str:
    """The HTML that replaces a marker. Every text from the data is escaped by the template."""
    sources = data.by_id("sources")
    publishers = sorted({sources[i]["publisher"] for i in chart.source_ids})
    return _templates.get_template("chart.html.j2").render(
        chart=chart, spec_url=spec_url, element_id=element_id, publishers=publishers,
    )


def chart_spec(chart: Chart) -> str:
    """The JSON that explainer.js hands to Plotly.newPlot, with stable ordering for byte-identical builds."""
    figure = json.loads(pio.to_json(chart.figure, validate=False))
    spec = {"data": figure["data"], "layout": figure["layout"], "config": PLOT_CONFIG}
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
