"""Parts of pages that the build adds around the authors' Markdown.

The chapter header (question, summary, reading time, credit and link to the original) and
footer (citations), glossary tooltips, and the dataset downloads. Texts come from the page's
front matter and from ``extra.article`` in mkdocs.yml, never from code.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from dataclasses import dataclass
import zipfile
from html import escape
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

WORDS_PER_MINUTE = 220
GLOSSARY_TERM = re.compile(r"^## (?P<term>.+?) \{#(?P<slug>[a-z0-9-]+)\}\n+(?P<definition>(?:.+\n)+)", re.M)
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


def reading_minutes(page: Page) -> int:
    prose = (page.markdown or "").split("## Questions for discussion")[0]
    prose = re.sub(r"<[^>]+>|\[\^[^\]]+\]:.*", " ", prose)
    return max(1, round(len(prose.split()) / WORDS_PER_MINUTE))


def chapter_header(page: Page, config: MkDocsConfig) -> str:
    article = _article(config)
    part = page.meta.get("article_part", "")
    # A text fragment link scrolls the original to the part this chapter explains, where browsers support it.
    part_url = article["url"] + (f"#:~:text={quote(part)}" if part else "")
    return _templates.get_template("chapter_header.html.j2").render(
        page=page, article=article, part=part, part_url=part_url, minutes=reading_minutes(page))


def chapter_footer(page: Page, config: MkDocsConfig) -> str:
    year = get_build_datetime().year
    url = config.site_url + page.url if config.site_url else page.url
    site, title = config.site_name, page.title
    citations = {
        "APA": f"{title} ({year}). In <em>{escape(site)}</em>. {escape(url)}",
        "MLA": f"“{escape(title)}.” <em>{escape(site)}</em>, {year}, {escape(url)}.",
        "Chicago": f"“{escape(title)}.” {escape(site)}. {year}. {escape(url)}.",
    }
    return _templates.get_template("chapter_footer.html.j2").render(page=page, citations=citations, article=_article(config))


def data_downloads(data_dir: Path, dataset) -> dict[str, bytes]:
    """Every CSV and the package descriptor as they are, plus one zip of them all with fixed timestamps."""
    names = ["datapackage.json"] + [resource["path"] for resource in dataset.package["resources"]]
    files = {name: (data_dir / name).read_bytes() for name in names}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            # A fixed date keeps the zip byte-identical from one build to the next.
            info = zipfile.ZipInfo(f"russia-in-syria-data/{name}", date_time=(2015, 11, 24, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    files["russia-in-syria-data.zip"] = buffer.getvalue()
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


def embed_page(chart, chart_block: str, home_page: Page, root: str, config: MkDocsConfig, assets: "HashedAssets") -> str:
    """A page with only the chart, its credit and sources, for an iframe; it follows ?theme=light|dark|auto."""
    return _templates.get_template("embed.html.j2").render(
        chart=chart, chart_block=chart_block, root=root.rstrip("/") + "/", article=_article(config), assets=assets,
        chapter_title=home_page.title, chapter_url=f"{root.rstrip('/')}/{home_page.url}", site_name=config.site_name,
        canonical=(config.site_url or "") + f"embed/{chart.key}/")


def short_hash(content: str | bytes) -> str:
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()[:10]


ASSET_FOLDERS = {".js": "assets/javascripts", ".css": "assets/stylesheets", ".svg": "assets/images"}


@dataclass
class HashedAssets:
    """The site's own front-end files under names that carry a hash of their content."""

    contents: dict[str, bytes]  # plain name -> content, after the names inside it were hashed
    names: dict[str, str]  # plain name -> path in the site

    def path(self, name: str) -> str:
        return self.names[name]

    def files(self) -> list[tuple[str, bytes]]:
        return [(self.names[name], content) for name, content in sorted(self.contents.items())]


def hashed_assets(folder: Path, plotly_bundle: Path) -> HashedAssets:
    contents = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    contents["plotly-basic.min.js"] = plotly_bundle.read_bytes()
    names: dict[str, str] = {}
    # explainer.js loads plotly and explore.js by name, so theirs are settled first.
    for name in sorted(contents, key=lambda n: n == "explainer.js"):
        if name == "explainer.js":
            text = contents[name].decode()
            for dependency in ("plotly-basic.min.js", "explore.js"):
                text = text.replace(f'"{dependency}"', f'"{Path(names[dependency]).name}"')
            contents[name] = text.encode()
        stem, suffix = name.rsplit(".", 1)
        names[name] = f"{ASSET_FOLDERS['.' + suffix]}/{stem}.{short_hash(contents[name])}.{suffix}"
    return HashedAssets(contents, names)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)


def content_security_policy(site: Path) -> str:
    """A policy the built site satisfies: Material's few inline scripts are allowed by their hashes;
    styles allow inline because plotly.js writes its own <style> and style attributes. No framing
    rule: charts are made to be embedded."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
                     for page in site.rglob("*.html") for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8"))})
    return "; ".join([
        "default-src 'self'", "script-src 'self' " + " ".join(hashes), "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'none'",
    ])


def headers_file(policy: str) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages): the policy, and long caching for content-named assets."""
    return (f"/*\n  Content-Security-Policy: {policy}\n  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n")


def add_policy_meta(site: Path, policy: str) -> None:
    """The same policy in every page's <head>, for hosts that set no headers (GitHub Pages).
    Added after the hashes are taken; it changes no script, so the hashes stay valid."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'(<meta charset="utf-8">)', lambda m: m.group(1) + "\n" + tag, html, count=1, flags=re.I),
                        encoding="utf-8")


EXTERNAL_LINK = re.compile(r'<a (?P<attributes>[^>]*?)href="(?P<href>https?://[^"]+)"(?P<rest>[^>]*)>')


def mark_external_links(html: str, site_url: str) -> str:
    """Every link to another site gets rel="noopener" (the rule is kept even for links that open in place)."""
    def marked(match: re.Match) -> str:
        tag = match.group(0)
        if (site_url and match.group("href").startswith(site_url)) or "rel=" in tag:
            return tag
        return tag[:-1] + ' rel="noopener">'
    return EXTERNAL_LINK.sub(marked, html)


def social_meta(page: Page, config: MkDocsConfig, title: str, image: str) -> dict:
    """Open Graph and Twitter values and schema.org data for a page: Article for chapters, Dataset for the data."""
    site_url = config.site_url or "/"
    url = site_url + page.url
    description = page.meta.get("description") or config.site_description
    article = _article(config)
    original = {"@type": "CreativeWork", "name": article["title"], "url": article["url"],
                "author": {"@type": "Person", "name": article["author"]},
                "publisher": {"@type": "Organization", "name": article["publisher"]}}
    us = {"@type": "Organization", "name": config.site_name, "url": site_url}
    data: dict = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description, "url": url,
                  "inLanguage": "en", "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": site_url}}
    if "question" in page.meta:
        data.update({"@type": "Article", "headline": title, "image": site_url + image, "isBasedOn": original,
                     "author": us, "publisher": us, "dateModified": get_build_datetime().date().isoformat(),
                     "license": "https://creativecommons.org/licenses/by/4.0/"})
    elif page.file.src_uri == "data.md":
        data.update({"@type": "Dataset", "creator": us, "license": "https://creativecommons.org/licenses/by/4.0/",
                     "isAccessibleForFree": True, "isBasedOn": original, "temporalCoverage": "1980/2026",
                     "distribution": [{"@type": "DataDownload", "encodingFormat": "application/zip",
                                       "contentUrl": site_url + "data/russia-in-syria-data.zip"}]})
    # "<" is escaped so that no text can close the surrounding <script>.
    json_ld = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return {"type": "article" if "question" in page.meta else "website", "title": title, "description": description,
            "url": url, "image": site_url + image, "image_alt": f"{title}: {config.site_name}", "json_ld": json_ld}


def data_dictionary(dataset) -> str:
    """Every table and field of the data package, documented from the package itself."""
    counts = {name: len(rows) for name, rows in dataset.tables.items()}
    return _templates.get_template("data_dictionary.html.j2").render(package=dataset.package, counts=counts)
