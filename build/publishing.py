"""What the site needs to be published well: content-named assets, a Content-Security-Policy,
safe external links, and link-preview and schema.org data for every page."""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import material
import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime


def short_hash(content: str | bytes) -> str:
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()[:10]


EMBED_FOLDER = "embed"  # the embed pages, the only ones other sites may frame
ASSET_FOLDERS = {".js": "assets/javascripts", ".css": "assets/stylesheets", ".svg": "assets/images"}


@dataclass
class HashedAssets:
    """The site's own front-end files under names that carry a hash of their content."""

    contents: dict[str, bytes]  # plain name -> content, after the names inside it were hashed
    names: dict[str, str]  # plain name -> path in the site
    # Where pages find them, from their edition's root: an edition at /<lang>/ uses the English site's
    # copy ("../"), so that a reader who switches editions downloads no script twice, and each edition
    # is not built with another copy of plotly.js.
    prefix: str = ""

    def path(self, name: str) -> str:
        return self.prefix + self.names[name]

    def files(self) -> list[tuple[str, bytes]]:
        return [(self.names[name], content) for name, content in sorted(self.contents.items())]


def minified(path: Path) -> bytes:
    """Scripts and styles without their comments and spacing: a third less on every first load.
    The sources keep their comments for the people who read them."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".js":
        return rjsmin.jsmin(text).encode()
    if path.suffix == ".css":
        return rcssmin.cssmin(text).encode()
    return text.encode()


def hashed_assets(folder: Path, plotly_bundle: Path) -> HashedAssets:
    contents = {path.name: minified(path) for path in sorted(folder.iterdir())}
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
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
# The inline scripts a page may carry, by the template that writes them. Any other inline script
# (a <script> typed into Markdown, say) stops the build rather than being allowed by its hash.
EXPECTED_INLINE_SCRIPTS = {
    "Material's storage helpers": MATERIAL_TEMPLATES / "partials" / "javascripts" / "base.html",
    "Material's colour scheme restore": MATERIAL_TEMPLATES / "partials" / "javascripts" / "palette.html",
    "Material's tab opener": MATERIAL_TEMPLATES / "partials" / "javascripts" / "content.html",
    "the early no-js switch": Path(__file__).resolve().parent / "overrides" / "main.html",
}


@functools.cache
def _expected_scripts() -> tuple[re.Pattern, ...]:
    """Each script of those templates as a pattern; a Jinja expression in it (the site's address) may be any URL."""
    scripts = (script for template in EXPECTED_INLINE_SCRIPTS.values()
               for script in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S))
    return tuple(re.compile(r"[\w./:-]*".join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", script))) for script in scripts)


def check_inline_scripts(html: str, where: str) -> list[str]:
    """The page's inline scripts, after checking that each is one the site expects."""
    scripts = INLINE_SCRIPT.findall(html)
    for script in scripts:
        if not any(pattern.fullmatch(script) for pattern in _expected_scripts()):
            raise PluginError(f"{where}: an inline <script> the site does not expect ({script.strip()[:60]!r}); "
                              "pages may not carry scripts: the site's own go in build/assets/")
    return scripts


def content_security_policy(site: Path) -> str:
    """A policy the built site satisfies: the expected inline scripts are allowed by their hashes;
    styles allow inline because plotly.js writes its own <style> and style attributes. The framing
    rule is in the headers file (see headers_file)."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
                     for page in site.rglob("*.html")
                     for script in check_inline_scripts(page.read_text(encoding="utf-8"), str(page.relative_to(site.parent)))})
    return "; ".join([
        "default-src 'self'",
        # Search (build/search.py) runs Pagefind's WebAssembly, which browsers compile only with this
        # keyword; it allows WebAssembly and nothing more (no eval of strings).
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes), "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'none'",
    ])


def _edition_paths(site: Path, prefix: str = "/") -> tuple[list[str], list[str]]:
    """(embed folders, everything else with pages) of the site and of each edition in it (/ar/, /ru/:
    a folder with an embed folder of its own), as header paths."""
    embeds, unframed = [f"{prefix}{EMBED_FOLDER}/*"], [prefix]
    for entry in sorted(site.iterdir()):
        if entry.name == EMBED_FOLDER:
            continue
        if entry.is_dir() and (entry / EMBED_FOLDER).is_dir():
            more = _edition_paths(entry, f"{prefix}{entry.name}/")
            embeds, unframed = embeds + more[0], unframed + more[1]
        elif entry.suffix == ".html" or entry.is_dir() and any(entry.rglob("*.html")):
            unframed.append(f"{prefix}{entry.name}/*" if entry.is_dir() else f"{prefix}{entry.name}")
    return embeds, unframed


def headers_file(policy: str, site: Path) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages): the policy, and long caching for content-named assets.

    No page may be framed by another site (frame-ancestors 'none') but the embed pages, which are made
    for it. Hosts add up the rules that match a path (Cloudflare joins two policies with a comma and
    browsers enforce both), so the framing rule names each edition's top-level pages and folders rather than /*."""
    embeds, unframed = _edition_paths(site)
    rules = [f"/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"]
    rules += [f"{path}\n  Content-Security-Policy: {policy}\n" for path in embeds]
    rules += [f"{path}\n  Content-Security-Policy: {policy}; frame-ancestors 'none'\n" for path in unframed]
    assets = [path.removesuffix(f"{EMBED_FOLDER}/*") + "assets/*" for path in embeds]
    return "".join(rules) + "".join(f"{path}\n  Cache-Control: public, max-age=31536000, immutable\n" for path in assets)


def finish_site(site: Path) -> None:
    """The steps over the whole site once every edition is built: styles cut to what is used, then the policy."""
    purge_unused_styles(site)
    apply_policy(site)


MATERIAL_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<folder>[^"]*?)(?P<name>(?:main|palette)\.[0-9a-f]{8}\.min\.css)">')


def purge_unused_styles(site: Path) -> None:
    """Material's two stylesheets carry rules for every feature it offers (tabs, annotations, diagrams,
    its own search, a hundred colour palettes); the site uses a fraction. PurgeCSS keeps each rule whose
    classes, ids and attributes appear in a page or a script of the built site (scripts too, so what
    Material's JavaScript adds on the fly stays) and the custom properties those rules use: about 10 KB
    gzip and one request off every page's first load. The two become one file named by its content."""
    stylesheets = site / ASSET_FOLDERS[".css"]
    sheets = [next(stylesheets.glob(f"{name}.*.min.css")) for name in ("main", "palette")]  # in the pages' order
    request = {"content": [f"{site}/**/*.html", f"{site}/**/*.js"], "sheets": [str(sheet) for sheet in sheets],
               "keep": [str(path) for path in sorted(stylesheets.glob("*.css")) if path not in sheets]}
    try:
        result = subprocess.run(["node", str(Path(__file__).with_name("purge_styles.mjs"))], input=json.dumps(request),
                                capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PluginError("Node.js is needed to build the site (it trims the stylesheets): install it, then run `make build`") from None
    if result.returncode:
        raise PluginError(f"build/purge_styles.mjs failed (run `npm ci` if purgecss is missing): {result.stderr.strip()[-400:]}")
    name = f"material.{short_hash(result.stdout)}.min.css"
    # Every edition has its own copy of Material's files (the same files): each gets the cut one.
    for folder in sorted({sheet.parent for sheet in site.rglob(f"{ASSET_FOLDERS['.css']}/*.min.css")}):
        for old in [*folder.glob("main.*.min.css*"), *folder.glob("palette.*.min.css*")]:
            old.unlink()
        (folder / name).write_text(result.stdout, encoding="utf-8")

    def relinked(link: re.Match) -> str:
        return f'<link rel="stylesheet" href="{link["folder"]}{name}">' if link["name"].startswith("main.") else ""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if MATERIAL_STYLESHEET.search(html):
            page.write_text(re.sub(r"\n?" + MATERIAL_STYLESHEET.pattern, relinked, html), encoding="utf-8")


def apply_policy(site: Path) -> None:
    """The policy that the site's pages (every edition's) satisfy, in the root's _headers and in each page."""
    for old in site.rglob("_headers"):
        old.unlink()
    policy = content_security_policy(site)
    (site / "_headers").write_text(headers_file(policy, site), encoding="utf-8")
    add_policy_meta(site, policy)


def add_policy_meta(site: Path, policy: str) -> None:
    """The same policy in every page's <head>, for hosts that set no headers (GitHub Pages).
    Added after the hashes are taken; it changes no script, so the hashes stay valid."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for page in site.rglob("*.html"):
        html = re.sub(r'\n<meta http-equiv="Content-Security-Policy" content="[^"]*">', "", page.read_text(encoding="utf-8"))  # an edition's own
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


def social_meta(page: Page, config: MkDocsConfig, title: str, image: str, locales: dict[str, str]) -> dict:
    """Open Graph and Twitter values and schema.org data for a page: Article for chapters, Dataset for the data."""
    site_url = config.site_url or "/"
    url = site_url + page.url
    description = page.meta.get("description") or config.site_description
    article = config.extra["article"]
    original = {"@type": "CreativeWork", "name": article["title"], "url": article["url"],
                "author": {"@type": "Person", "name": article["author"]},
                "publisher": {"@type": "Organization", "name": article["publisher"]}}
    us = {"@type": "Organization", "name": config.site_name, "url": site_url}
    data: dict = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description, "url": url,
                  "inLanguage": config.extra["edition"], "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": site_url}}
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
            "url": url, "image": site_url + image, "image_alt": f"{title}: {config.site_name}", "json_ld": json_ld,
            "locale": locales[config.extra["edition"]],
            "locale_alternates": [locale for lang, locale in locales.items() if lang != config.extra["edition"]]}
