"""The site's full-text search index, written by Pagefind into ``pagefind/`` of the built site.

Pagefind reads the finished pages and writes an index split into small chunks that the browser
fetches per query, plus its search library (``pagefind.js``, a worker and WebAssembly). Nothing of
it is loaded until a reader asks to search (build/assets/search-box.js).

Only the prose of the pages is indexed: each page's article carries ``data-pagefind-body`` (so
embed pages, which have none, are left out), and chart drawings, controls, share boxes and data
tables are skipped. Each dated event is indexed once, as a record of its own that links to the
event on the timeline: a small page written for the indexer only (never published), whose
``url`` meta names the address its result opens.
"""
from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE_DIR = "pagefind"
# Chart parts that are not prose: the drawing (tick and row labels), the timeline's filters,
# the reading-keys hint, the live region, downloads, the embed box, the data table and its credit.
NOT_PROSE = [".chart__plot", ".chart__controls", ".chart__keys", ".chart__live", ".chart__event", ".chart__source",
             ".chart__actions", ".chart__share", ".chart__data", ".headerlink", ".md-source-file"]
# Pagefind's ready-made interfaces: the site uses its own search box with the JS API instead.
UNUSED = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"]
# An event's record is a few lines long, and Pagefind ranks short records high: without a lower
# weight, a name like "Hmeimim" would fill the list with events and push out the pages explaining it.
RECORD_WEIGHT = 0.5


@dataclass(frozen=True)
class Record:
    """A search result that is not a page of its own, such as a dated event."""

    url: str  # relative to the site root, so that it works under a sub-path: "timeline/?…"
    title: str
    date: str
    text: str


def write_index(site: Path, records: list[Record]) -> None:
    """Index every page of ``site`` and the extra records; write the bundle to ``site/pagefind``."""
    asyncio.run(_write_index(site, records))
    for name in UNUSED:
        (site / BUNDLE_DIR / name).unlink(missing_ok=True)


async def _write_index(site: Path, records: list[Record]) -> None:
    config = IndexConfig(exclude_selectors=NOT_PROSE, force_language="en", output_path=str(site / BUNDLE_DIR))
    if (site / BUNDLE_DIR).exists():
        shutil.rmtree(site / BUNDLE_DIR)
    # Records go in as pages from a scratch folder: one directory read instead of a round trip to
    # Pagefind's service per record, which costs a tenth of a second each.
    with tempfile.TemporaryDirectory() as scratch:
        for number, record in enumerate(records):
            (Path(scratch) / f"{number:04d}.html").write_text(_record_page(record), encoding="utf-8")
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(site))
            await index.add_directory(scratch)


def _record_page(record: Record) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(record.title)}</title></head>'
            f'<body data-pagefind-body><h1 data-pagefind-meta="title" data-pagefind-weight="{RECORD_WEIGHT}">{escape(record.title)}</h1>'
            f'<p data-pagefind-weight="{RECORD_WEIGHT}">{escape(record.text)}</p>'
            f'<span data-pagefind-meta="url:{escape(record.url)}"></span><span data-pagefind-meta="date:{escape(record.date)}"></span>'
            "</body></html>")
