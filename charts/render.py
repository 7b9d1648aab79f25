"""A chart's HTML block, its Plotly spec, its CSV download and its embed code."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from html import escape
from dataclasses import dataclass
from pathlib import Path

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .dataset import Dataset
from .preview import plotly_layout, preview_html
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
EMBED_MESSAGE = "ris-embed-resize"  # the one message an embedded chart sends to the page around it


@dataclass(frozen=True)
class ChartLinks:
    """Where a chart's files live, as seen from the page that shows it, and its public addresses."""

    spec: str  # the Plotly spec, relative to the page
    csv: str  # the chart's rows as CSV, relative to the page
    root: str  # the site root, relative to the page
    embed_url: str  # the embed page's absolute address, for the snippet
    permalink: str  # the chart in the chapter that explains it, absolute
    origin: str  # the site's origin, the only one the snippet accepts messages from
    # The page that holds the data table, relative to this one, when this page leaves the table out
    # to stay light (the chart's embed page); empty when the table is in this page.
    table: str = ""


def chart_html(chart: Chart, data: Dataset, links: ChartLinks, element_id: str, site_name: str, year: int) -> str:
    """The HTML that replaces a marker. Every text from the data is escaped by the template.

    The chart's box holds its static drawing (charts/preview.py): the page script loads plotly.js
    only when the reader reaches for the chart, and print always uses the drawing.
    """
    sources = data.by_id("sources")
    cited = Counter(sources[source_id]["publisher"] for source_id in chart.source_ids)
    publishers = [name for name, _ in sorted(cited.items(), key=lambda item: (-item[1], item[0]))]  # most sources first
    return _templates.get_template("chart.html.j2").render(
        chart=chart, links=links, element_id=element_id, publishers=publishers,
        embed_code=embed_code(chart, links), site_name=site_name, year=year,
        preview=preview_html(chart.figure.to_dict()),
    )


def embed_code(chart: Chart, links: ChartLinks) -> str:
    """The snippet a journalist pastes: an iframe, and a script that lets only our frames set their own height."""
    script = (
        '<script>window.addEventListener("message",function(e){'
        f'if(e.origin!=={json.dumps(links.origin)})return;var d=e.data;'
        f'if(!d||d.type!=="{EMBED_MESSAGE}"||typeof d.chart!=="string"||typeof d.height!=="number"||!(d.height>0))return;'
        'document.querySelectorAll("iframe[data-ris-chart]").forEach(function(f){'
        'if(f.contentWindow===e.source&&f.getAttribute("data-ris-chart")===d.chart)f.style.height=Math.ceil(d.height)+"px";});});</script>'
    )
    return (f'<iframe src="{escape(links.embed_url)}" title="{escape(chart.title)}" loading="lazy" data-ris-chart="{escape(chart.key)}" '
            f'style="width:100%;min-width:300px;height:{chart.height + 260}px;border:0"></iframe>\n{script}')


def chart_spec(chart: Chart, context: dict | None = None) -> str:
    """The JSON that explainer.js hands to Plotly.newPlot, with stable ordering for byte-identical builds.

    ``context`` adds what the page script needs from the site, such as chapter titles for event links.
    """
    figure = json.loads(pio.to_json(chart.figure, validate=False))
    layout = figure["layout"]
    # The static drawing's frame (margins, x range, row labels), so that nothing moves when
    # plotly.js replaces the drawing.
    for key, value in plotly_layout(chart.figure.to_dict()).items():
        layout[key] = {**layout.get(key, {}), **value} if isinstance(value, dict) else value
    spec = {"data": figure["data"], "layout": layout, "config": PLOT_CONFIG,
            "explore": {**chart.explore, **(context or {}), "key": chart.key, "title": chart.title}}
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chart_csv(chart: Chart) -> str:
    """Exactly the rows the chart shows; a cell of sources becomes two columns, titles and addresses."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = []
    for column in chart.table.columns:
        header += [column, f"{column} (URLs)"] if column == "Sources" else [column]
    writer.writerow(header)
    for row in chart.table.rows:
        cells = []
        for cell in row:
            if isinstance(cell, str):
                cells.append(cell)
            else:
                cells += ["; ".join(title for title, _ in cell), " ".join(url for _, url in cell)]
        writer.writerow(cells)
    return buffer.getvalue()
