"""CONTRIBUTING.md's path for a new chart type, followed step by step in a copy of the project:
one function in charts/figures.py, one marker in a page, then the site's chart tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

NEW_CHART = Path(__file__).parent / "fixtures" / "new_chart" / "events_per_year.py"  # bars: no static drawing
# The tests that go through every chart type or every chart of the site.
SITE_TESTS = [
    "tests/test_markers.py", "tests/test_preview.py",
    "tests/test_build.py::test_every_chart_spec_exists_and_is_plotly_json",
    "tests/test_pages.py::test_every_chart_embed_has_its_own_title",
    "tests/test_embeds.py::test_every_chart_embeds_draws_and_sizes_itself_on_another_site",
    "tests/test_embeds.py::test_axe_finds_nothing_on_embed_pages",
    "tests/test_browser.py::test_every_page_loads_cleanly_and_draws_its_charts",
]


def test_a_new_chart_type_is_one_function_and_one_marker(tmp_path):
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "1. Add one function to `charts/figures.py`" in guide and "2. Put its marker on a line of its own" in guide
    copy = tmp_path / "project"
    for name in ["docs", "data", "build", "charts", "tests"]:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "_drafts"))
    for config in ROOT.glob("mkdocs*.yml"):  # English and each edition's configuration
        shutil.copy(config, copy / config.name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")

    with (copy / "charts" / "figures.py").open("a", encoding="utf-8") as figures:  # step 1
        figures.write(NEW_CHART.read_text(encoding="utf-8"))
    page = copy / "docs" / "timeline.md"  # step 2
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- chart: events-per-year -->\n", encoding="utf-8")

    basetemp = tmp_path / "run"  # step 3
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", f"--basetemp={basetemp}", *SITE_TESTS],
                            cwd=copy, capture_output=True, text=True, timeout=900, env={**os.environ, "CI": os.environ.get("CI", "")})
    assert result.returncode == 0, result.stdout[-4000:]
    embed = next(basetemp.glob("built*/site/embed/events-per-year/index.html")).read_text(encoding="utf-8")
    assert "Events per year" in embed and "<td>2015</td>" in embed
    assert 'class="chart__preview' not in embed  # drawn by plotly.js, as a chart without a drawing is
    assert '<p class="chart__source"><span class="chart__publishers">Sources: ' in embed
