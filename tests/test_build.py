"""The built site: what the HTML holds, that builds repeat exactly, and how a bad build fails."""
from __future__ import annotations

import csv
import filecmp
import io
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build

CHAPTERS = ["why-russia", "stability", "assad-isis", "plane-crashes", "cooperation", "what-next"]


def html_of(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_every_chapter_has_a_chart_with_caption_summary_and_table(site):
    for chapter in CHAPTERS:
        html = html_of(site, f"chapters/{chapter}")
        assert '<figure class="chart"' in html, chapter
        assert '<figcaption class="chart__title"' in html, chapter
        assert '<p class="chart__summary"' in html, chapter
        assert '<details class="chart__data" data-search-exclude>' in html, chapter


def test_every_chart_spec_exists_and_is_plotly_json(site):
    specs = set()
    for page in site.rglob("index.html"):
        for url in re.findall(r'data-spec="([^"]+)"', page.read_text(encoding="utf-8")):
            spec = (page.parent / url).resolve()
            assert spec.is_file(), f"{page}: {url}"
            specs.add(spec)
    assert specs
    for spec in specs:
        figure = json.loads(spec.read_text(encoding="utf-8"))
        assert figure["data"] and figure["config"]["displaylogo"] is False


def test_chart_blocks_hold_no_script_and_no_inline_json(site):
    # Specs live in separate files: an inline JSON <script> would be run as JavaScript by instant navigation.
    blocks = [block for page in site.rglob("*.html")
              for block in re.findall(r'<figure class="chart".*?</figure>', page.read_text(encoding="utf-8"), re.S)]
    assert len(blocks) >= 6
    for block in blocks:
        assert "<script" not in block


def test_pages_request_nothing_from_other_hosts(site, site_url):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            # The canonical address and the editions' addresses (hreflang) are the site's own, and absolute.
            own = 'rel="canonical"' in tag or ('rel="alternate"' in tag and f'href="{site_url}' in tag)
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag) or own, f"{page}: {tag}"


def test_the_chart_library_is_served_by_the_site(site):
    [bundle] = (site / "assets" / "javascripts").glob("plotly-basic.min.*.js")
    assert bundle.stat().st_size > 500_000
    assert "plotly-basic" not in html_of(site, "chapters/why-russia")  # fetched on demand, not in the page
    [script] = (site / "assets" / "javascripts").glob("explainer.*.js")
    assert f'"{bundle.name}"' in script.read_text()  # the page script asks for the bundle by its hashed name


def test_chapters_credit_the_article_and_offer_citations(site):
    for chapter in CHAPTERS:
        html = html_of(site, f"chapters/{chapter}")
        assert "https://ecfr.eu/article/commentary_what_can_we_expect_from_russia_in_syria5035/" in html
        assert "Kadri Liik" in html
        assert html.count('class="cite__text"') == 3


def test_data_downloads_are_published(site):
    for name in ["events.csv", "actors.csv", "stances.csv", "sources.csv", "expectations.csv", "datapackage.json", "russia-in-syria-data.zip"]:
        assert (site / "data" / name).stat().st_size > 0, name
    # The same rows, with a byte-order mark for Excel (tests/test_newsroom.py checks formulas are neutralised).
    published = (site / "data" / "events.csv").read_text(encoding="utf-8")
    assert published.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(published[1:]))) == list(csv.reader(io.StringIO((ROOT / "data" / "events.csv").read_text(encoding="utf-8"))))


def test_two_builds_are_byte_identical(site, site_url, tmp_path):
    again = tmp_path / "again"
    result = run_build(again, env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(site, again)
    differing = []

    def walk(cmp, prefix=""):
        differing.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")
    walk(comparison)
    # dircmp compares by size and date first; compare every file's bytes to be sure.
    for path in site.rglob("*"):
        if path.is_file() and path.read_bytes() != (again / path.relative_to(site)).read_bytes():
            differing.append(str(path.relative_to(site)))
    assert not differing


def broken_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs to break on purpose, leaving the real ones alone."""
    copy = tmp_path / "project"
    for name in ["docs", "data", "build", "charts"]:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "_drafts"))
    for config in ROOT.glob("mkdocs*.yml"):  # English and each edition's configuration
        shutil.copy(config, copy / config.name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


def build_copy(copy: Path, site_dir: Path):
    import os, subprocess, sys
    environment = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    return subprocess.run([sys.executable, str(copy / "build" / "build_site.py"), "--site-dir", str(site_dir)],
                          cwd=copy, env={**environment, "SOURCE_DATE_EPOCH": "1448323200"}, capture_output=True, text=True)


def test_bad_data_fails_with_one_line_and_keeps_the_old_site(tmp_path):
    copy = broken_copy(tmp_path)
    site_dir = copy / "site"
    first = build_copy(copy, site_dir)
    assert first.returncode == 0
    assert "SITE_URL is not set: links, previews and embed code point to http://127.0.0.1:8000/" in first.stdout
    before = (site_dir / "index.html").read_bytes()
    events = copy / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").split("\n")
    lines[13] = re.sub(r"^([^,]+),[^,]+,", r"\1,2015-13-01,", lines[13])
    events.write_text("\n".join(lines), encoding="utf-8")

    result = build_copy(copy, site_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/events.csv:14: date '2015-13-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" in result.stderr
    assert (site_dir / "index.html").read_bytes() == before
    assert not list(copy.glob(".site-*"))


@pytest.mark.parametrize("line, message", [
    ("<!-- chart: pie -->", ":41: unknown chart 'pie'"),
    ("<!-- chart: timeline actors=turky -->",
     ":41: chart 'timeline': actors='turky': 'turky' is not in the id column of data/actors.csv; valid values: "),
    # A place link must name a place that a map of the site shows.
    ("See [Atlantis](place:atlantis).", ": 'place:atlantis' is on no map of the site; places on a map: aleppo, "),
    # A script typed into a page is refused, rather than allowed by the policy.
    ("<script>alert(1)</script>", ": an inline <script> the site does not expect ('alert(1)')"),
])
def test_a_bad_marker_or_a_script_names_the_page(tmp_path, line, message):
    copy = broken_copy(tmp_path)
    page = copy / "docs" / "chapters" / "why-russia.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(40, line)
    page.write_text("\n".join(lines), encoding="utf-8")
    result = build_copy(copy, copy / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"docs/chapters/why-russia.md{message}" in result.stderr


REBUILD = """
import sys
from pathlib import Path
sys.path.insert(0, "build")
from build_site import build_site
assert build_site(Path("mkdocs.yml"), Path("before")) == []
figures = Path("charts/figures.py")
figures.write_text(figures.read_text(encoding="utf-8").replace('_titled(_("Timeline")', '_titled(_("Chronology")'), encoding="utf-8")
assert build_site(Path("mkdocs.yml"), Path("after")) == []
"""


def test_a_rebuild_in_the_same_process_uses_the_edited_chart_code(tmp_path):
    """`make serve` rebuilds in one process, where MkDocs keeps the hook module: a Python edit must still take effect."""
    import os, subprocess, sys
    copy = broken_copy(tmp_path)
    # English only: the edited word has no translation yet, which the editions would rightly refuse.
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("_RU}", "_RU, build: false}").replace("_AR}", "_AR, build: false}"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", REBUILD], cwd=copy, capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1448323200"})
    assert result.returncode == 0, result.stderr
    page = "chapters/plane-crashes/index.html"
    assert ">Timeline" in (copy / "before" / page).read_text(encoding="utf-8")
    after = (copy / "after" / page).read_text(encoding="utf-8")
    assert ">Chronology" in after and ">Timeline" not in after


def test_properdocs_builds_the_same_site(site, site_url, tmp_path):
    """The way out if MkDocs 1.x stops installing: ProperDocs (a maintained fork of MkDocs 1.x, in
    requirements-dev.txt) builds this site byte for byte as MkDocs does, but for the generator tag."""
    import os, subprocess, sys
    from mkdocs.config import load_config
    editions = [edition["lang"] for edition in load_config(str(ROOT / "mkdocs.yml")).extra["editions"][1:] if edition.get("build", True)]
    other = tmp_path / "properdocs-site"
    # English first (a build empties its folder), then each edition into its own folder, as build_site.py does.
    for config, folder in [("mkdocs.yml", other), *((f"mkdocs.{lang}.yml", other / lang) for lang in editions)]:
        result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--quiet", "--config-file", str(ROOT / config),
                                 "--site-dir", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                                env={**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1448323200"})
        assert result.returncode == 0, result.stderr
    for lang in editions:  # build_site.py keeps one headers file, at the root, for every edition
        (other / lang / "_headers").unlink()
    sys.path.insert(0, str(ROOT / "build"))
    import publishing
    publishing.finish_site(other)  # as build_site.py does once every edition is built
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    ours = sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file())
    assert ours == sorted(path.relative_to(other) for path in other.rglob("*") if path.is_file())
    differing = [str(path) for path in ours
                 if generator.sub(b"", (site / path).read_bytes()) != generator.sub(b"", (other / path).read_bytes())]
    assert not differing
    assert b'content="mkdocs-ProperDocs 1.6.7' in (other / "index.html").read_bytes()


def test_unknown_expectation_in_a_verdict_marker_names_the_page_line_and_known_ids(tmp_path):
    copy = broken_copy(tmp_path)
    page = copy / "docs" / "chapters" / "what-next.md"
    text = page.read_text(encoding="utf-8")
    line = text[:text.index("<!-- verdict: hold-tartus -->")].count("\n") + 1
    page.write_text(text.replace("<!-- verdict: hold-tartus -->", "<!-- verdict: hold-tartous -->"), encoding="utf-8")
    result = build_copy(copy, copy / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"docs/chapters/what-next.md:{line}: verdict marker: unknown expectation 'hold-tartous'; "
            "known: keep-the-regime, dignified-exit") in result.stderr


def _map_spec(site: Path, page: str, figure_id: str) -> dict:
    """The spec of the chart with this id on this page of the built site."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    block = re.search(rf'<figure class="chart" id="{re.escape(figure_id)}".*?data-spec="([^"]+)"', html, re.S)
    assert block, f"{page or 'home'} has no chart {figure_id}"
    return json.loads((site / page / block.group(1)).resolve().read_text(encoding="utf-8"))


PLACE_LINK = re.compile(r'<a href="(?P<page>[^"?#]*)\?chart=(?P<chart>[^"&]+)&amp;place=(?P<place>[^"#]+)#(?P=chart)"[^>]*>(?P<text>[^<]+)</a>')


def test_glossary_and_who_is_who_link_place_names_to_a_map_that_shows_them(site):
    for page in ["glossary", "who-is-who"]:
        links = PLACE_LINK.findall((site / page / "index.html").read_text(encoding="utf-8"))
        assert len(links) >= 6, page
        for href, figure_id, place, text in links:
            target = posixpath.normpath(f"{page}/{href}").strip(".")
            assert place in _map_spec(site, target, figure_id)["explore"]["places"], (page, text)
    glossary = dict((place, (href, chart)) for href, chart, place, _ in PLACE_LINK.findall((site / "glossary" / "index.html").read_text()))
    # Russia's two bases: on the home page's map, which shows the whole Levant.
    assert glossary["tartus"] == glossary["hmeimim"] == ("../", "chart-map--region-levant")


def test_maps_and_the_full_timeline_link_to_each_other(site):
    timeline = _map_spec(site, "timeline", "chart-timeline--from-2011")
    assert set(timeline["explore"]["maps"]) == set(timeline["explore"]["place_names"]), "every place of an event is on a map"
    href = timeline["explore"]["maps"]["su24-crash"]
    assert href == "?chart=chart-map--region-levant&place=su24-crash#chart-map--region-levant"  # the home page's map
    home_map = _map_spec(site, "", "chart-map--region-levant")
    assert "su24-crash" in home_map["explore"]["places"]
    links = home_map["explore"]["timeline"]
    assert links["href"] == "timeline/?chart=chart-timeline--from-2011"
    assert "su24-shootdown" in links["events"] and set(links["events"]) <= set(timeline["explore"]["events"])
