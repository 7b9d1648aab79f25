"""The MkDocs side of the build: one hook module, with ``page_parts.py``, the only code that knows MkDocs.

It loads the dataset once per build, swaps each ``<!-- chart: … -->`` marker for the chart's
HTML, writes each chart's Plotly spec, CSV and embed page, adds the chapter header and citation
block from a chapter's front matter, glossary tooltips, link previews and structured data, and
last a Content-Security-Policy that the finished pages satisfy. Charts themselves live in ``charts/``.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime, get_relative_url

ROOT = Path(__file__).resolve().parent.parent
PROJECT_MODULES = ("charts", "page_parts", "publishing", "preview_image", "search")


_imported: tuple = ()  # the project's Python files and their times, as last imported


def _import_project_modules() -> None:
    """Import charts/ and the build helpers afresh when their code changed. MkDocs imports this hook
    module once per process (it caches it), so on_config calls this on every build: under `mkdocs serve`
    an edit to the chart or build code takes effect on the next rebuild, while the editions built one
    after another by build_site.py share what the modules keep (the base map's shapes)."""
    global charts, i18n, ChartLinks, chart_csv, chart_html, chart_metadata, chart_readme, chart_spec, page_parts, publishing, preview_png, search
    global _imported
    code = tuple((str(path), path.stat().st_mtime_ns) for folder in ("charts", "build") for path in sorted((ROOT / folder).glob("*.py")))
    if code != _imported:
        for name in [name for name in sys.modules if name.split(".")[0] in PROJECT_MODULES]:
            del sys.modules[name]
    _imported = code
    for folder in (str(ROOT), str(ROOT / "build")):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    import charts
    from charts import i18n
    from charts.render import ChartLinks, chart_csv, chart_html, chart_metadata, chart_readme, chart_spec
    import page_parts  # build/page_parts.py: chapter header, citations, glossary, downloads
    import publishing  # build/publishing.py: hashed assets, CSP, link previews
    from preview_image import preview_png
    import search  # build/search.py: the Pagefind index


_import_project_modules()

PLOTLY_BUNDLE = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
ASSETS = Path(__file__).resolve().parent / "assets"
SPEC_DIR = "assets/charts"
EMBED_DIR = publishing.EMBED_FOLDER


@dataclass
class PlacedChart:
    chart: charts.Chart
    page: Page  # the first page that shows it: the embed page links back there
    element_id: str
    spec: str  # Plotly JSON
    csv: str  # the rows it shows
    metadata: str = ""  # JSON: title, licence, citation and sources, beside the CSV and in its zip

    # Names change with content, so that browsers may cache them for good.
    @property
    def spec_path(self) -> str:
        return f"{SPEC_DIR}/{self.chart.key}.{publishing.short_hash(self.spec)}.json"

    def _data_path(self, suffix: str) -> str:
        return f"{SPEC_DIR}/{self.chart.key}.{publishing.short_hash(self.csv + self.metadata)}{suffix}"

    @property
    def csv_path(self) -> str:
        return self._data_path(".csv")

    @property
    def metadata_path(self) -> str:
        return self._data_path(".metadata.json")

    @property
    def zip_path(self) -> str:
        return self._data_path(".zip")


@dataclass
class BuildState:
    data: charts.Dataset | None = None
    charts: dict[str, PlacedChart] = field(default_factory=dict)  # chart key -> where it first appears
    slots: dict[str, dict[str, str]] = field(default_factory=dict)  # page src path -> placeholder -> HTML
    glossary: dict[str, str] = field(default_factory=dict)
    chapters: dict[str, str] = field(default_factory=dict)  # chapter slug -> title in the navigation
    previews: dict[str, str] = field(default_factory=dict)  # preview image path in the site -> page title
    assets: "publishing.HashedAssets | None" = None
    made: dict[str, charts.Chart] = field(default_factory=dict)  # chart key -> the chart, made once per build
    # Links between charts, relative to the site root: place id -> the first map (in the navigation's
    # order) that shows it, with the place selected; and the full timeline (the one with most events).
    maps: dict[str, str] = field(default_factory=dict)
    timeline: tuple[str, frozenset[str]] = ("", frozenset())  # its address, naming the chart; its events
    # The page scripts' words in the edition's language (none in English): JSON, and where it goes in the
    # edition's site. Only the scripts loaded on demand use them, so they are a file rather than in every page.
    script_words: str = ""
    script_words_path: str = ""


state = BuildState()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    _import_project_modules()
    state = BuildState()
    if not PLOTLY_BUNDLE.exists():
        raise PluginError(f"{PLOTLY_BUNDLE.relative_to(ROOT)} is missing: run `npm ci` (make does this for you)")
    _set_up_edition(config)
    state.assets = publishing.hashed_assets(ASSETS, PLOTLY_BUNDLE)
    if config.extra["edition"] != i18n.ENGLISH:
        state.assets.prefix = "../"  # the English site's copy, one folder up
    config.extra_css.append(state.assets.path("explainer.css"))
    config.extra_javascript.append(state.assets.path("explainer.js"))
    config.extra_javascript.append(state.assets.path("search-box.js"))
    # build/overrides/partials/site-search.html hands it to the search box, which loads it when first used.
    config.extra["search_script"] = state.assets.path("search.js")
    config.theme["favicon"] = state.assets.path("favicon.svg")
    try:
        state.data = charts.load(ROOT / "data", config.extra["edition"])
    except charts.DataError as error:
        raise PluginError("The data has problems:\n" + str(error)) from None
    for warning in state.data.warnings:  # printed, not logged: MkDocs' strict mode would stop the build
        print(f"Warning: {warning}", file=sys.stderr)
    state.script_words = i18n.script_words(state.data.words, sorted(ASSETS.glob("*.js")))
    if state.script_words:
        state.script_words_path = f"{publishing.ASSET_FOLDERS['.js']}/words.{publishing.short_hash(state.script_words)}.json"
    # Python-Markdown's own words: the heading permalinks' and footnote back-links' titles (the
    # latter without the footnote's number, which would make each of them differ: 1 KB gzip on a long page).
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = state.data.words("Permanent link")
    config.mdx_configs.setdefault("footnotes", {})["BACKLINK_TITLE"] = state.data.words("Back to the text")
    state.glossary = page_parts.glossary_definitions(Path(config.docs_dir) / "glossary.md")
    state.chapters = page_parts.chapter_titles(config.nav or [])
    _find_links_between_charts(config)
    return config


def editions(config: MkDocsConfig) -> list[dict]:
    """The editions `make build` builds (``extra.editions``, ``build`` not false), English first."""
    return [edition for edition in config.extra["editions"] if edition.get("build", True)]


def _set_up_edition(config: MkDocsConfig) -> None:
    """An edition lives at /<lang>/ under the site's root (the English site's address, SITE_URL): its
    own address, and links to every built edition for Material's language switcher and hreflang."""
    lang = config.extra["edition"]
    root = config.extra.setdefault("root_url", config.site_url or "/")  # kept, as on_config runs again under `mkdocs serve`
    config.site_url = root if lang == i18n.ENGLISH else urljoin(root, f"{lang}/")
    config.extra["alternate"] = [{"name": edition["name"], "lang": edition["lang"],
                                  "link": root if edition["lang"] == i18n.ENGLISH else urljoin(root, f"{edition['lang']}/")}
                                 for edition in editions(config)]


def on_env(env, config: MkDocsConfig, files: Files):
    """Material's templates and the overrides get the edition's words as ``_``, and where the page scripts' words are."""
    env.globals["_"] = i18n.template_words(state.data.words)
    env.globals["script_words_path"] = state.script_words_path
    return env


def _markers(markdown: str, pattern: re.Pattern = charts.MARKER):
    """(line index, match) of each marker (a chart's, unless another pattern is given) outside code fences."""
    in_fence = False
    for number, line in enumerate(markdown.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else pattern.search(line)
        if match:
            yield number, match


def _chart(body: str) -> charts.Chart:
    marker = charts.parse_marker(body)
    if marker.key not in state.made:
        state.made[marker.key] = charts.make_chart(marker, state.data)
    return state.made[marker.key]


def _element_id(key: str, seen: dict[str, int]) -> str:
    """The chart's id in its page: a chart shown twice on one page gets a number the second time."""
    seen[key] = seen.get(key, 0) + 1
    return f"chart-{key}" + (f"-{seen[key]}" if seen[key] > 1 else "")


def _find_links_between_charts(config: MkDocsConfig) -> None:
    """Read every page's markers before any page is built, so that a map's events can link to the full
    timeline and the timeline's events to their places on a map, whichever page comes first."""
    for src in page_parts.nav_pages(config.nav or []):
        source = Path(config.docs_dir) / src
        seen: dict[str, int] = {}
        for _, match in _markers(source.read_text(encoding="utf-8") if source.exists() else ""):
            try:
                chart = _chart(match.group("body"))
            except charts.MarkerError:
                continue  # reported with its file and line when the page is built
            element_id = _element_id(chart.key, seen)
            where = f"{page_parts.page_url(src)}?chart={element_id}"
            for place in chart.explore.get("places", {}):
                state.maps.setdefault(place, f"{where}&place={place}#{element_id}")
            events = chart.explore.get("events", {})
            if len(events) > len(state.timeline[1]):
                state.timeline = (where, frozenset(events))


def _spec_context(chart: charts.Chart) -> dict:
    """What a chart's page script needs from the rest of the site: chapter titles, and the links between charts."""
    context: dict = {"chapters": state.chapters}
    if "places" in chart.explore:  # a map: each place's events link to the full timeline
        listed = {event[0] for place in chart.explore["places"].values() for event in place["events"]}
        context["timeline"] = {"href": state.timeline[0], "events": sorted(listed & state.timeline[1])}
    if "events" in chart.explore:  # a timeline: each event's places link to a map
        context["maps"] = {place: state.maps[place] for place in chart.explore.get("place_names", {}) if place in state.maps}
    return context


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in state.assets.files() if not state.assets.prefix else []:
        files.append(File.generated(config, path, content=content))
    for name, content in page_parts.data_downloads(ROOT / "data", state.data, config.site_url or "").items():
        files.append(File.generated(config, f"data/{name}", content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots: dict[str, str] = {}
    seen: dict[str, int] = {}
    lines = markdown.split("\n")
    first_line = _front_matter_lines(page)
    for number, match in _markers(markdown, page_parts.VERDICT_MARKER):
        where = f"docs/{page.file.src_uri}:{first_line + number + 1}"
        try:
            block = page_parts.verdict_html(match.group("id"), state.data, get_relative_url(".", page.url).rstrip("/") + "/",
                                            charts.figures.TIMELINE_EVENT)
        except ValueError as error:
            raise PluginError(f"{where}: verdict marker: {error}") from None
        placeholder = f'<div class="verdict-slot" data-slot="{len(slots)}"></div>'
        slots[placeholder] = block
        lines[number] = f"\n{placeholder}\n"
    for number, match in _markers(markdown):
        where = f"docs/{page.file.src_uri}:{first_line + number + 1}"
        try:
            chart = _chart(match.group("body"))
        except charts.MarkerError as error:
            raise PluginError(f"{where}: {error}") from None
        element_id = _element_id(chart.key, seen)
        if chart.key not in state.charts:
            placed = PlacedChart(chart, page, element_id, chart_spec(chart, _spec_context(chart)),
                                 chart_csv(chart, config.site_url or "/"))
            metadata = chart_metadata(chart, state.data, _links(placed, page.url, config), config.site_name, get_build_datetime().year)
            placed.metadata = json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
            state.charts[chart.key] = placed
        placeholder = f'<div class="chart-slot" data-slot="{len(slots)}"></div>'
        slots[placeholder] = _chart_block(state.charts[chart.key], page.url, element_id, config)
        lines[number] = f"\n{placeholder}\n"
    state.slots[page.file.src_uri] = slots
    return "\n".join(lines)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = html.replace("<!-- data-dictionary -->", page_parts.data_dictionary(state.data))
    html = html.replace("<!-- key-events -->", page_parts.key_events(state.data))
    if "<!-- chapter-cards -->" in html:
        html = html.replace("<!-- chapter-cards -->", page_parts.chapter_cards(Path(config.docs_dir), state.chapters, page.url, state.data.words))
    for placeholder, chart_block in state.slots.get(page.file.src_uri, {}).items():
        html = html.replace(placeholder, chart_block)
    html = page_parts.add_glossary_titles(html, state.glossary)
    try:
        html = page_parts.link_places(html, page.url, state.maps, f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from None
    if "question" in page.meta:
        words = state.data.words
        html = page_parts.chapter_header(page, config, words) + html + page_parts.chapter_footer(page, config, words)
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    image = f"previews/{page.url.strip('/').replace('/', '-') or 'home'}.png"
    title = config.site_name if page.is_homepage else page.title
    state.previews[image] = title
    page.meta["social"] = publishing.social_meta(page, config, title, image, {e["lang"]: e["locale"] for e in editions(config)})
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    publishing.check_inline_scripts(output, f"docs/{page.file.src_uri}")
    # The article is what search indexes; pages without the mark (embed pages) stay out of it.
    output = output.replace('<article class="md-content__inner md-typeset">',
                            '<article class="md-content__inner md-typeset" data-pagefind-body>', 1)
    # Material links every page to each edition's home page as its hreflang alternate, which misleads
    # search engines, and its script then fetches every edition's sitemap on every page (1.2 KB gzip) to
    # find twins that the switcher's links already name. The sitemaps give each page's twins instead.
    output = ROOT_ALTERNATE.sub("", output)
    return publishing.mark_external_links(output, config.site_url or "")


ROOT_ALTERNATE = re.compile(r'\n\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    _write_previews(site, config)
    if config.extra["edition"] == i18n.ENGLISH:  # one robots.txt, at the root, naming every edition's sitemap
        sitemaps = "".join(f"Sitemap: {edition['link']}sitemap.xml\n" for edition in config.extra["alternate"])
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n{sitemaps}", encoding="utf-8")
    _write_chart_files(site, config)
    if state.script_words_path:
        (site / state.script_words_path).write_text(state.script_words, encoding="utf-8")
    try:
        search.write_index(site, _event_records(), state.data.words.lang)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
    # Last, once every page is written: the policy lists the hashes of their inline scripts. build_site.py
    # does this again over all editions at once, for the one _headers file at the root.
    publishing.apply_policy(site)


def _write_previews(site: Path, config: MkDocsConfig) -> None:
    article, words = config.extra["article"], state.data.words
    # An edition names the article by its title's translation (article.gloss): the card has room for one title.
    credit = words("Explaining {title} by {author}, {publisher}, {published}", title=article.get("gloss") or f"“{article['title']}”",
                   author=article["author"], publisher=article["publisher"], published=article["published"])
    for image, title in sorted(state.previews.items()):
        target = site / image
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(preview_png(title, config.site_name, credit, words.lang))


def _write_chart_files(site: Path, config: MkDocsConfig) -> None:
    """Each chart's spec and CSV, and its embed page."""
    (site / SPEC_DIR).mkdir(parents=True, exist_ok=True)
    for key, placed in sorted(state.charts.items()):
        (site / placed.spec_path).write_text(placed.spec, encoding="utf-8")
        (site / placed.csv_path).write_text(placed.csv, encoding="utf-8")
        (site / placed.metadata_path).write_text(placed.metadata, encoding="utf-8")
        readme = chart_readme(json.loads(placed.metadata), f"{key}.csv", state.data.words)
        (site / placed.zip_path).write_bytes(page_parts.zipped(key, {f"{key}.csv": placed.csv.encode("utf-8"), "README.md": readme.encode("utf-8"),
                                                                     f"{key}.metadata.json": placed.metadata.encode("utf-8")}))
        embed_url = f"{EMBED_DIR}/{key}/"
        block = _chart_block(placed, embed_url, placed.element_id, config)
        page = page_parts.embed_page(placed.chart, block, placed.page, get_relative_url(".", embed_url), config, state.assets,
                                     state.script_words_path)
        target = site / EMBED_DIR / key / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")


def _event_records() -> list[search.Record]:
    """One search record per event, linking to the event opened on the Timeline page's chart
    (the address its "Link to this event" gives), or to the chapter that discusses it."""
    timeline = next((placed for key, placed in sorted(state.charts.items())
                     if placed.page.file.src_uri == "timeline.md" and "events" in placed.chart.explore), None)
    records = []
    for event in state.data.events:
        if timeline and event["id"] in timeline.chart.explore["events"]:
            url = f"{timeline.page.url}?chart={timeline.element_id}&event={event['id']}#{timeline.element_id}"
        elif event["chapters"]:
            url = f"chapters/{event['chapters'][0]}/"
        else:
            continue
        records.append(search.Record(url, event["title"], state.data.words.date(event["date"]), event["summary"]))
    return records


def _links(placed: PlacedChart, page_url: str, config: MkDocsConfig) -> ChartLinks:
    """The chart's files as seen from ``page_url``; permalinks point to where it first appears.
    Only the embed page holds the data table and the share box's contents; other pages fetch them
    from there when they are opened."""
    chart, site_url = placed.chart, config.site_url or "/"
    embed_page = f"{EMBED_DIR}/{chart.key}/"
    return ChartLinks(
        spec=get_relative_url(placed.spec_path, page_url or "."),
        csv=get_relative_url(placed.csv_path, page_url or "."),
        root=get_relative_url(".", page_url or ".").rstrip("/") + "/",
        embed_url=urljoin(site_url, embed_page),
        permalink=urljoin(site_url, f"{placed.page.url}#{placed.element_id}"),
        origin="{0.scheme}://{0.netloc}".format(urlsplit(site_url)),
        site=site_url,
        chart_page="" if page_url == embed_page else get_relative_url(embed_page, page_url or "."),
        new_tab=page_url == embed_page,
        data_zip=get_relative_url(placed.zip_path, page_url or "."),
    )


def _chart_block(placed: PlacedChart, page_url: str, element_id: str, config: MkDocsConfig) -> str:
    """The chart's HTML as seen from ``page_url``."""
    return chart_html(placed.chart, state.data, _links(placed, page_url, config), element_id, config.site_name,
                      get_build_datetime().year)


def _front_matter_lines(page: Page) -> int:
    """Lines MkDocs removed from the top (front matter and the blank lines after it), so that
    error messages name the line in the file rather than in the Markdown body."""
    if not page.file.abs_src_path:
        return 0
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    return source.count("\n") - (page.markdown or "").count("\n")
