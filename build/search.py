"""The site's full-text search index, written by Pagefind into ``pagefind/`` of the built site.

Pagefind reads the finished pages and writes an index split into small chunks that the browser
fetches per query, plus its search library (``pagefind.js``, a worker and WebAssembly). Nothing of
it is loaded until a reader asks to search (build/assets/search-box.js).

Only the prose of the pages is indexed: each page's article carries ``data-pagefind-body`` (so
embed pages, which have none, are left out), and chart drawings, controls, share boxes and data
tables are skipped. Each dated event is indexed once, as a record of its own that links to the
event on the timeline: a small page written for the indexer only (removed before publishing),
whose ``url`` meta names the address its result opens.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from pagefind_bin import get_executable

BUNDLE_DIR = "pagefind"
# Chart parts that are not prose: the drawing (tick and row labels), the timeline's filters,
# the reading-keys hint, the live region, downloads, the embed box, the data table and its credit.
NOT_PROSE = [".chart__plot", ".chart__controls", ".chart__keys", ".chart__live", ".chart__event", ".chart__source",
             ".chart__actions", ".chart__share", ".chart__data", ".headerlink", ".md-source-file"]
# Pagefind's ready-made interfaces: the site uses its own search box with the JS API instead.
UNUSED = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"]


@dataclass(frozen=True)
class Record:
    """A search result that is not a page of its own, such as a dated event."""

    url: str  # relative to the site root, so that it works under a sub-path: "timeline/?…"
    title: str
    date: str
    text: str


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is its own report."""


def write_index(site: Path, records: list[Record], lang: str = "en") -> None:
    """Index every page of ``site`` and the extra records; write the bundle to ``site/pagefind``.

    Pagefind's command line does the work: it writes the whole bundle before it exits (its Python
    API can be stopped while the last file is still being written). The records go in as small
    pages in a folder of the site that is removed again once they are indexed.
    """
    scratch = site / "_search-records"
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    scratch.mkdir()
    try:
        for number, record in enumerate(records):
            (scratch / f"{number:04d}.html").write_text(_record_page(record, lang), encoding="utf-8")
        with tempfile.TemporaryDirectory() as folder:
            # Pagefind reads its settings from pagefind.json in the folder it runs in.
            settings = {"site": str(site), "output_subdir": BUNDLE_DIR, "exclude_selectors": NOT_PROSE, "force_language": lang}
            (Path(folder) / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
            result = subprocess.run([str(get_executable()), "--silent"], cwd=folder, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if result.returncode or not (site / BUNDLE_DIR / "pagefind-entry.json").stat().st_size:
        raise SearchIndexError(f"search index (Pagefind): {(result.stderr or result.stdout).strip() or 'no index written'}")
    for name in UNUSED:
        (site / BUNDLE_DIR / name).unlink(missing_ok=True)


def _record_page(record: Record, lang: str) -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(record.title)}</title></head>'
            f'<body data-pagefind-body><h1 data-pagefind-meta="title">{escape(record.title)}</h1>'
            f'<p>{escape(record.text)}</p>'
            f'<span data-pagefind-meta="url:{escape(record.url)}"></span><span data-pagefind-meta="date:{escape(record.date)}"></span>'
            "</body></html>")
