"""Parts of pages that the build adds around the authors' Markdown.

The chapter header (question, summary, reading time, credit and link to the original) and
footer (citations), glossary tooltips, and the dataset downloads. Texts come from the page's
front matter and from ``extra.article`` in mkdocs.yml, never from code.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html import escape

from markupsafe import Markup
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs.utils import get_build_datetime, get_relative_url

from charts.dataset import spreadsheet_safe
from charts.i18n import ENGLISH, Catalogue, template_words
from charts.translations import translated_tables

WORDS_PER_MINUTE = 220
GLOSSARY_TERM = re.compile(r"^## (?P<term>.+?) \{#(?P<slug>[a-z0-9-]+)\}\n+(?P<definition>(?:.+\n)+)", re.M)
VERDICT_MARKER = re.compile(r"<!--\s*verdict:\s*(?P<id>.*?)\s*-->")
GLOSSARY_LINK = re.compile(r'<a href="(?P<href>[^"]*glossary/#(?P<slug>[a-z0-9-]+))"')

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
)


def glossary_definitions(glossary: Path) -> dict[str, str]:
    """Slug -> first paragraph of its definition, as plain text for a tooltip."""
    if not glossary.exists():
        return {}
    definitions = {}
    for match in GLOSSARY_TERM.finditer(glossary.read_text(encoding="utf-8")):
        text = re.sub(r"\[\^[^\]]+\]", "", match.group("definition"))  # footnote references
        text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
        text = re.sub(r"[*_`]", "", text)
        definitions[match.group("slug")] = " ".join(text.split())
    return definitions


def add_glossary_titles(html: str, definitions: dict[str, str]) -> str:
    """Give every link to a glossary entry its definition as a title, shown as a tooltip on hover and focus."""
    def titled(match: re.Match) -> str:
        definition = definitions.get(match.group("slug"))
        if not definition:
            return match.group(0)
        return f'<a class="glossary-term" href="{match.group("href")}" title="{escape(definition)}"'
    return GLOSSARY_LINK.sub(titled, html)


def _article(config: MkDocsConfig) -> dict:
    return config.extra["article"]


# The closing sections start here; a translated heading keeps the English slug (data/i18n/README.md).
CLOSING_SECTIONS = re.compile(r"^## (?:Questions for discussion\b|.*\{#questions-for-discussion\}).*$", re.M)


def reading_minutes(page: Page) -> int:
    return _reading_minutes(page.markdown or "")


def _reading_minutes(markdown: str) -> int:
    prose = CLOSING_SECTIONS.split(markdown)[0]
    prose = re.sub(r"<[^>]+>|\[\^[^\]]+\]:.*", " ", prose)
    return max(1, round(len(prose.split()) / WORDS_PER_MINUTE))


def chapter_header(page: Page, config: MkDocsConfig, words: Catalogue) -> str:
    article = _article(config)
    part = page.meta.get("article_part", "")
    # A text fragment link scrolls the original to the part this chapter explains, where browsers support it.
    part_url = article["url"] + (f"#:~:text={quote(part)}" if part else "")
    return _templates.get_template("chapter_header.html.j2").render(
        page=page, article=article, part=part, part_url=part_url, minutes=reading_minutes(page), _=template_words(words))


def chapter_footer(page: Page, config: MkDocsConfig, words: Catalogue) -> str:
    _ = template_words(words)
    values = {"title": page.title, "year": get_build_datetime().year, "url": config.site_url + page.url if config.site_url else page.url}
    site = Markup("<em>{}</em>").format(config.site_name)
    citations = {
        "APA": _("{title} ({year}). In {site}. {url}", site=site, **values),
        "MLA": _("“{title}.” {site}, {year}, {url}.", site=site, **values),
        "Chicago": _("“{title}.” {site}. {year}. {url}.", site=config.site_name, **values),
    }
    return _templates.get_template("chapter_footer.html.j2").render(page=page, citations=citations, article=_article(config), _=_)


def spreadsheet_csv(text: str) -> bytes:
    """A CSV file as the site publishes it: a UTF-8 byte-order mark, so that Excel opens it with
    accents and dashes intact, and no cell that a spreadsheet would run as a formula."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def zipped(folder: str, files: dict[str, bytes]) -> bytes:
    """Files in one zip under ``folder``, with a fixed date so that it is byte-identical from one build to the next."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2015, 11, 24, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def data_readme(dataset, site_url: str, translations: list[str]) -> str:
    """The README that travels with the data files: what they are, the licence, how to cite them, and
    in an edition, where the text translated for it is."""
    package, _ = dataset.package, dataset.words
    licence = package["licenses"][0]
    lines = [f"# {package['title']}", "", package["description"], "",
             _("Licence: {licence} ({url}). Source: {source}", licence=licence["title"], url=licence["path"], source=f"{site_url or '/'}data/"), "",
             _("Files (UTF-8 CSV with a byte-order mark; each has a .metadata.json beside it):"), ""]
    lines += [f"- {resource['path']}: {resource.get('description', '')}" for resource in package["resources"]]
    lines += ["", _("Fields are described in datapackage.json. Every row cites its sources by id in sources.csv."),
              _("Cells that begin with =, +, - or @ carry a leading apostrophe, so that spreadsheets show them as text.")]
    if translations:
        lines += ["", _("The tables are in English, the language of the dataset. Their text for readers, translated for this edition, "
                        "is in the folder {folder}: {files}. Each has a row for each row of the English table, with the same id "
                        "(join them on it); ids, dates, numbers and sources are not translated.", folder="translations/", files=", ".join(translations))]
    return "\n".join(lines) + "\n"


def data_downloads(data_dir: Path, dataset, site_url: str = "") -> dict[str, bytes]:
    """Every CSV made safe for spreadsheets, each with a .metadata.json (its description, fields,
    licence and where it comes from), the package descriptor, a README, and one zip of them all. An
    edition adds its translation of the tables' text (data/i18n/<lang>/), without the drift check's column."""
    package, lang = dataset.package, dataset.words.lang
    translations = {}
    for table in ([] if lang == ENGLISH else translated_tables(package)):
        source = data_dir / "i18n" / lang / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"), newline="")))
        kept = [index for index, column in enumerate(rows[0]) if column != "english_hash"]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([row[index] for index in kept] for row in rows)
        translations[f"translations/{table}.csv"] = spreadsheet_csv(buffer.getvalue())
    files = {"README.txt": data_readme(dataset, site_url, [name.removeprefix("translations/") for name in translations]).encode("utf-8"),
             "datapackage.json": (data_dir / "datapackage.json").read_bytes()}
    for resource in package["resources"]:
        name = resource["path"]
        files[name] = spreadsheet_csv((data_dir / name).read_text(encoding="utf-8-sig"))
        metadata = {key: resource[key] for key in ("name", "path", "description") if key in resource}
        metadata.update(dataset=package["title"], licenses=package["licenses"], url=f"{site_url or '/'}data/{name}",
                        fields=resource["schema"]["fields"])
        files[name.removesuffix(".csv") + ".metadata.json"] = (json.dumps(metadata, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files.update(translations)
    files["russia-in-syria-data.zip"] = zipped("russia-in-syria-data", files)
    return files


def chapter_titles(nav: list) -> dict[str, str]:
    """Chapter slug -> its title in the navigation, found wherever the nav lists ``chapters/<slug>.md``."""
    titles: dict[str, str] = {}
    for item in nav:
        for title, target in (item.items() if isinstance(item, dict) else []):
            if isinstance(target, list):
                titles.update(chapter_titles(target))
            elif isinstance(target, str) and target.startswith("chapters/"):
                titles[Path(target).stem] = title
    return titles


def nav_pages(nav: list) -> list[str]:
    """The Markdown files the navigation lists, in its order."""
    pages: list[str] = []
    for item in nav:
        targets = item.values() if isinstance(item, dict) else [item]
        for target in targets:
            pages += nav_pages(target) if isinstance(target, list) else [target] if isinstance(target, str) and target.endswith(".md") else []
    return pages


def page_url(src: str) -> str:
    """A Markdown file's address relative to the site root, as MkDocs gives it with directory URLs."""
    path = src.removesuffix(".md")
    return "" if path == "index" else path.removesuffix("/index") + "/"


PLACE_LINK = re.compile(r'href="place:(?P<place>[^"]*)"')


def link_places(html: str, page_url: str, maps: dict[str, str], where: str) -> str:
    """Authors link a place as ``[Tartus](place:tartus)``: the link goes to the first map that shows it,
    with the place selected. A place on no map, or not in the data, stops the build."""
    def linked(match: re.Match) -> str:
        place = match.group("place")
        if place not in maps:
            raise ValueError(f"{where}: 'place:{place}' is on no map of the site; places on a map: {', '.join(sorted(maps))}")
        target, _, query = maps[place].partition("?")
        return f'href="{escape(get_relative_url(target or ".", page_url or ".").rstrip("/") + "/?" + query)}"'
    return PLACE_LINK.sub(linked, html)


def embed_page(chart, chart_block: str, home_page: Page, root: str, config: MkDocsConfig, assets, script_words_path: str) -> str:
    """A page with only the chart, its credit and sources, for an iframe; it follows ?theme=light|dark|auto."""
    words = chart.words
    return _templates.get_template("embed.html.j2").render(
        lang=words.lang, dir="rtl" if words.rtl else "ltr", _=template_words(words), script_words_path=script_words_path,
        chart=chart, chart_block=chart_block, root=root.rstrip("/") + "/", article=_article(config), assets=assets,
        chapter_title=home_page.title, chapter_url=f"{root.rstrip('/')}/{home_page.url}", site_name=config.site_name,
        canonical=(config.site_url or "") + f"embed/{chart.key}/")


def verdict_html(expectation_id: str, dataset, root: str, event_link: str) -> str:
    """The verdict of one expectation, its reasoning and evidence, all from data/expectations.csv, so that
    the chapter and the scorecard chart can never disagree. ``event_link`` is a path from the site root
    with ``{}`` for the event id; ``root`` is the site root relative to the page."""
    expectations = dataset.by_id("expectations")
    if expectation_id not in expectations:
        raise ValueError(f"unknown expectation '{expectation_id}'; known: {', '.join(expectations)}")
    expectation = expectations[expectation_id]
    category = next(c for c in dataset.categories("expectations", "verdict") if c["value"] == expectation["verdict"])
    events = dataset.by_id("events")
    evidence = [(events[e]["title"], root + event_link.format(e)) for e in expectation["event_ids"]]
    return _templates.get_template("verdict.html.j2").render(expectation=expectation, category=category, evidence=evidence,
                                                             _=template_words(dataset.words), date=dataset.words.date)


def data_dictionary(dataset) -> str:
    """Every table and field of the data package, documented from the package itself (its descriptions
    translated through the catalogue, its category labels by the edition's categories.csv)."""
    counts = {name: len(rows) for name, rows in dataset.tables.items()}
    return _templates.get_template("data_dictionary.html.j2").render(package=dataset.package, counts=counts,
                                                                     _=template_words(dataset.words))


def key_events(dataset) -> str:
    """The key events (the events table's `key` column) in date order: the timeline's labels, in brief."""
    events = sorted((event for event in dataset.events if event["key"]), key=lambda event: event["date"])
    return _templates.get_template("key_events.html.j2").render(events=events, date=dataset.words.date)


def chapter_cards(docs_dir: Path, chapters: dict[str, str], page_url: str, words: Catalogue) -> str:
    """A Material grid of cards, one per chapter in reading order: its title, the question it answers
    and its reading time, all from the chapter's own file, so that the home page never falls behind."""
    cards = []
    for number, (slug, title) in enumerate(chapters.items(), start=1):
        markdown, meta = get_data((docs_dir / "chapters" / f"{slug}.md").read_text(encoding="utf-8"))
        cards.append({"title": title.split(". ", 1)[-1], "number": number, "url": get_relative_url(f"chapters/{slug}/", page_url or "."),
                      "question": meta["question"], "minutes": _reading_minutes(markdown)})
    return _templates.get_template("chapter_cards.html.j2").render(cards=cards, _=template_words(words))
