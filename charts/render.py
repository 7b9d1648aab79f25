"""A chart's HTML block, its Plotly spec, its CSV download and its embed code."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from html import escape
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .dataset import Dataset, PartialDate, spreadsheet_safe
from .i18n import ENGLISH, Catalogue, template_words
from .preview import plotly_layout, preview_html
from .registry import Chart, Value

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
    site: str  # the site's absolute address: table links to the site's own pages are relative to it
    # The chart's own page (its embed page), relative to this one, when this page leaves the data table
    # and the share box's contents to it, to stay light; empty on the chart's own page, which holds them.
    chart_page: str = ""
    # The page is made to be framed by other sites: its links open in a new tab, never inside the frame.
    new_tab: bool = False
    data_zip: str = ""  # the CSV with its README and metadata (licence, citation, sources), relative to the page


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
        preview=preview_html(chart.figure.to_dict(), chart.words), matrix=matrix_list(chart), _=template_words(chart.words), citation=citation(chart, site_name, year, links.permalink),
    )


@dataclass(frozen=True)
class MatrixKey:
    label: str  # the stance
    sign: str
    fill: str
    colour: str


def matrix_list(chart: Chart) -> dict | None:
    """A matrix of cells (the stance matrix) as rows of cells in reading order, for the layout that
    narrow frames show instead of the drawing: each row's label above its cells, so that the cells
    get the frame's whole width and stay large enough to read their signs. A cell is the number of
    its key in the legend, or None."""
    if not chart.explore.get("cells"):
        return None
    figure = chart.figure.to_dict()
    columns = list(figure["layout"]["xaxis"]["categoryarray"])
    rows = list(reversed(figure["layout"]["yaxis"]["categoryarray"]))
    grid: dict[str, list[int | None]] = {row: [None] * len(columns) for row in rows}
    legend = []
    for number, trace in enumerate(figure["data"]):
        sign = trace["text"][0]
        legend.append(MatrixKey(trace["name"].removeprefix(sign).strip(), sign, trace["marker"]["color"], trace["textfont"]["color"]))
        for column, row in zip(trace["x"], trace["y"]):
            grid[row][columns.index(column)] = number
    return {"columns": columns, "rows": list(grid.items()), "legend": legend}


# The snippet's script, the same for every chart so that a page holding several runs it once:
# it sizes our frames to the height they report, from our site only (either scheme, with or
# without "www."), and ignores any height a chart could not have.
RESIZE_SCRIPT = (
    '<script>(function(w){if(w.risEmbedResize)return;w.risEmbedResize=1;'
    'function h(o){return o.replace(/^https?:\\/\\/(www\\.)?/,"")}var s=h(%(origin)s);'
    'w.addEventListener("message",function(e){var d=e.data;'
    'if(h(e.origin)!==s||!d||d.type!=="%(message)s"||typeof d.height!=="number"||!(d.height>0&&d.height<=%(limit)d))return;'
    'document.querySelectorAll("iframe[data-ris-chart]").forEach(function(f){'
    'if(f.contentWindow===e.source&&f.getAttribute("data-ris-chart")===d.chart)f.style.height=Math.ceil(d.height)+"px"})})})(window)</script>'
)
MAX_EMBED_HEIGHT = 20000  # px; a taller report is a fault (or a hostile frame), never a chart


def embed_height(chart: Chart) -> int:
    """The frame's height without the snippet's script: enough for the whole chart in a phone's
    frame (343 px in a 375 px screen), the narrowest common width, where texts wrap onto the most
    lines (a wider frame keeps some space below the chart). Counted in lines of the embed page's type
    (build/assets/embed.css): about 32 characters a line for the title, 38 for the small text, lines of 19 px."""
    def lines(text: str, chars: int = 38) -> int:
        return -(-len(text) // chars)
    height = 8 + 21 * lines(chart.title, 32)
    if "events" in chart.explore:  # the timeline's filters: one line per period, two themes a line, dates, actors and count
        periods, themes = len(chart.explore["periods"]), len(chart.explore["themes"])
        height += 190 + (19 * (periods + 2) if periods > 1 else 0) + 19 * (1 + -(-themes // 2))
    matrix = matrix_list(chart)
    if matrix:  # the narrow frame's list: column labels, a label line and a row of cells per row, the legend
        height += 150 + 55 * len(matrix["rows"]) + 24 * -(-len(matrix["legend"]) // 2)
    else:
        height += chart.height
    height += 12 + 19 * lines(chart.summary)
    # Sources (at most four publishers, eight lines), actions, the two closed boxes, the credit, the body's padding.
    return height + 170 + 115 + 135 + 24 + 16


def embed_code(chart: Chart, links: ChartLinks) -> str:
    """The snippet a journalist pastes: an iframe that shows the whole chart by itself at common
    widths, and a script that fits the frame to the chart exactly (optional: CMSs often strip it)."""
    iframe = (f'<iframe src="{escape(links.embed_url)}" title="{escape(chart.title)}" loading="lazy" scrolling="no" '
              f'allow="clipboard-write" data-ris-chart="{escape(chart.key)}" '
              f'style="width:100%;min-width:300px;height:{embed_height(chart)}px;border:0"></iframe>')
    script = RESIZE_SCRIPT % {"origin": json.dumps(links.origin), "message": EMBED_MESSAGE, "limit": MAX_EMBED_HEIGHT}
    return f"{iframe}\n{script}"


def chart_spec(chart: Chart, context: dict | None = None) -> str:
    """The JSON that explainer.js hands to Plotly.newPlot, with stable ordering for byte-identical builds.

    ``context`` adds what the page script needs from the site, such as chapter titles for event links.
    """
    figure = json.loads(pio.to_json(chart.figure, validate=False))
    layout = figure["layout"]
    # The static drawing's frame (margins, x range, row labels), so that nothing moves when
    # plotly.js replaces the drawing.
    for key, value in plotly_layout(chart.figure.to_dict(), chart.words).items():
        layout[key] = {**layout.get(key, {}), **value} if isinstance(value, dict) else value
    spec = {"data": figure["data"], "layout": layout, "config": PLOT_CONFIG,
            "explore": {**chart.explore, **(context or {}), "key": chart.key, "title": chart.title}}
    if chart.words.lang != ENGLISH:
        # plotly.js names months itself when it chooses ticks (a filtered timeline): it gets the edition's
        # names, registered as a locale of its own (plotly.js's "ar" locale misnames May).
        spec["config"] = {**PLOT_CONFIG, "locale": f"ris-{chart.words.lang}"}
        spec["locale"] = {"months": [chart.words.date(PartialDate(2015, m)).removesuffix(" 2015") for m in range(1, 13)],
                          "shortMonths": [chart.words.short_month(m) for m in range(1, 13)],
                          "decimal": chart.words.separators[0], "thousands": chart.words.separators[1:] or ","}
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def citation(chart: Chart, site_name: str, year: int, permalink: str) -> str:
    return chart.words("{site} ({year}). “{title}” [Chart]. {url}", site=site_name, year=year, title=chart.title, url=permalink)


LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def chart_csv(chart: Chart, site: str = "") -> str:
    """Exactly the rows the chart shows, for a spreadsheet: a byte-order mark so that Excel reads
    UTF-8 (accents and dashes intact), machine-readable columns (ISO dates, plain numbers) beside the
    display text, a cell of links (sources, events) as two columns (titles and addresses, the site's
    own pages given in full from ``site``), a timeline's event ids first (the page script picks a
    filtered view's rows by them), and no cell a spreadsheet would run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["ID"] if chart.table.row_ids else []
    for column, cell in zip(chart.table.columns, chart.table.rows[0] if chart.table.rows else []):
        if isinstance(cell, Value):
            header += [column] + [f"{column} ({name})" for name in cell.machine]
        elif isinstance(cell, str):
            header.append(column)
        else:
            header += [column, f"{column} (URLs)"]
    writer.writerow(header)
    for number, row in enumerate(chart.table.rows):
        cells = [chart.table.row_ids[number]] if chart.table.row_ids else []
        for cell in row:
            if isinstance(cell, str):
                cells += [cell] + [str(value) for value in getattr(cell, "machine", {}).values()]
            else:
                cells += ["; ".join(title for title, _ in cell), " ".join(urljoin(site, url) for _, url in cell)]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return "\ufeff" + buffer.getvalue()


def chart_metadata(chart: Chart, data: Dataset, links: ChartLinks, site_name: str, year: int) -> dict:
    """What travels with a chart's CSV (as Our World in Data does): title, description, where the chart
    lives, the licence, how to cite it and every source, in a .metadata.json and a README."""
    sources = data.by_id("sources")
    return {
        "title": chart.title,
        "description": chart.summary,
        "url": links.permalink,
        "embed": links.embed_url,
        "publisher": site_name,
        "licence": LICENCE,
        "citation": citation(chart, site_name, year, links.permalink),
        "columns": next(iter(csv.reader([chart_csv(chart).lstrip("\ufeff").split("\n")[0]]))),
        "notes": chart.words("Cells that begin with =, +, - or @ carry a leading apostrophe, so that spreadsheets show them as text."),
        "sources": [{"title": sources[i]["title"], "publisher": sources[i]["publisher"], "url": sources[i]["url"]}
                    for i in chart.source_ids],
    }


def chart_readme(metadata: dict, csv_name: str, words: Catalogue = Catalogue()) -> str:
    """The README beside a chart's CSV, from its metadata."""
    _ = words
    lines = [f"# {metadata['title']}", "", metadata["description"], "",
             _("Data: {file} (UTF-8 with a byte-order mark; columns: {columns}).", file=csv_name, columns=", ".join(metadata["columns"])),
             _("Chart: {url}", url=metadata["url"]), "",
             _("Licence: {licence} ({url}). Credit {publisher}.", licence=metadata["licence"]["name"], url=metadata["licence"]["url"],
               publisher=metadata["publisher"]),
             _("Cite as: {citation}", citation=metadata["citation"]), "", metadata["notes"], "", "## " + _("Sources"), ""]
    lines += [f"- {source['title']}, {source['publisher']}: {source['url']}" for source in metadata["sources"]]
    return "\n".join(lines) + "\n"
