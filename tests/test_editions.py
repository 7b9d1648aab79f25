"""The Arabic and Russian editions, built from a complete pseudo-translation (tests/pseudo_edition.py):
every letter of translated text in the edition's script, so that English on an edition's page can only
come from code that bypassed the catalogue or the data overlay."""
from __future__ import annotations

import csv
import functools
import gzip
import http.server
import io
import json
import os
import re
import resource
import subprocess
import sys
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import HostingHandler, free_port, read_headers_file, wait_until
from pseudo_edition import make_project

ROOT = Path(__file__).resolve().parent.parent


def _build(project: Path, site_dir: Path, site_url: str, config: str = "mkdocs.yml") -> float:
    """Build; return the processor time it took (the build's and its helpers', such as Pagefind's), which,
    unlike the time on the clock, does not depend on what else the machine is doing."""
    started = _children_time()
    result = subprocess.run([sys.executable, "build/build_site.py", "--config", config, "--site-dir", str(site_dir)], cwd=project,
                            env={**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1448323200"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return _children_time() - started


def _children_time() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The project with both editions pseudo-translated and switched on, built for a sub-path; with the
    time of that build and of the English one alone."""
    project = make_project(tmp_path_factory.mktemp("editions") / "project")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/explainer/"
    (project / "english-only.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  editions:\n    - {lang: en, name: English, locale: en_GB}\n",
                                              encoding="utf-8")
    english = _build(project, project / "english", site_url, "english-only.yml")
    every = _build(project, project / "served" / "explainer", site_url)
    return {"project": project, "site": project / "served" / "explainer", "url": site_url, "port": port, "times": (english, every)}


@pytest.fixture(scope="module")
def served(editions):
    handler = functools.partial(HostingHandler, directory=str(editions["site"].parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", editions["port"]), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield editions["url"].rstrip("/")
    httpd.shutdown()


def test_each_edition_is_built_under_the_site_root_in_its_language(editions):
    site = editions["site"]
    for lang, direction in (("ar", "rtl"), ("ru", "ltr")):
        for page in ["index.html", "chapters/why-russia/index.html", "timeline/index.html", "404.html"]:
            html = (site / lang / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html and f'<body dir="{direction}"' in html, f"{lang}/{page}"
            assert f'<link rel="canonical" href="{editions["url"]}{lang}/' in html or page == "404.html"
        embed = next((site / lang / "embed").glob("*/index.html")).read_text(encoding="utf-8")
        assert f'<html lang="{lang}" dir="{direction}"' in embed
        assert f'property="og:locale" content="{ {"ar": "ar_AR", "ru": "ru_RU"}[lang]}"' in \
            (site / lang / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (site / "index.html").read_text(encoding="utf-8")


class _ReaderText(HTMLParser):
    """The words a reader sees (text, titles, labels), without code, the English original's title
    (marked lang="en"), links to sources and addresses."""

    VOID = {"br", "meta", "link", "input", "img", "hr", "wbr", "path", "line", "rect", "circle", "source"}

    def __init__(self):
        super().__init__()
        self.skipping: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.VOID:
            return
        source = tag == "a" and (attributes.get("href") or "").startswith("http") and "md-select__link" not in (attributes.get("class") or "")
        self.skipping.append(tag in {"script", "style", "code", "svg", "textarea", "cite"} or attributes.get("lang") == "en" or source)
        if not any(self.skipping):
            self.text += [attributes[name] for name in ("title", "aria-label", "placeholder", "alt") if attributes.get(name)]

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping):
            self.text.append(data)


def _source_words() -> set[str]:
    """Words of source titles and publishers, which are cited as published."""
    text = (ROOT / "data" / "sources.csv").read_text(encoding="utf-8")
    return set(re.findall(r"[A-Za-z]+", text))


# Names that are the same in every edition: citation styles, licence and file formats.
PROPER_NAMES = {"APA", "MLA", "Chicago", "CC", "BY", "CSV", "PNG", "SVG", "ECFR", "zip", "YYYY", "MM", "Ctrl"}


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_no_english_is_left_on_an_editions_pages(editions, lang):
    allowed = _source_words() | PROPER_NAMES
    found: dict[str, str] = {}
    for page in sorted((editions["site"] / lang).rglob("*.html")):
        reader = _ReaderText()
        reader.feed(page.read_text(encoding="utf-8"))
        text = re.sub(r"https?://\S+|\b[\w-]+\.(?:csv|json|zip|md)\b", " ", " ".join(reader.text))
        for word in re.findall(r"[A-Za-z]{2,}", text):
            if word not in allowed:
                found.setdefault(word, str(page.relative_to(editions["site"])))
    assert not found, f"English words on {lang} pages: " + ", ".join(f"{w} ({p})" for w, p in sorted(found.items())[:30])


def test_the_chart_specs_and_downloads_are_in_the_editions_language(editions):
    site = editions["site"] / "ar"
    spec = json.loads(next(path for path in (site / "assets" / "charts").glob("timeline--*.json")
                           if not path.name.endswith(".metadata.json")).read_text(encoding="utf-8"))
    assert spec["config"]["locale"] == "ris-ar" and spec["locale"]["months"][4] == "أيار", "plotly.js's own ar locale misnames May"
    ticks = spec["layout"]["xaxis"]["ticktext"]
    assert all(not re.search(r"[A-Za-z]", tick) for tick in ticks), ticks
    hover = " ".join(text for trace in spec["data"] for text in trace.get("text") or [])
    assert "أيلول" in hover or "تشرين" in hover, "hover dates name the Levantine months"
    assert re.search(r"[\u0600-\u06FF]", spec["explore"]["title"])
    words_file = re.search(r'<meta name="ris-words" content="([^"]+)">', (site / "timeline" / "index.html").read_text(encoding="utf-8")).group(1)
    words = json.loads((site / "timeline" / words_file).resolve().read_text(encoding="utf-8"))
    assert "Showing {shown} of {total} events." in words and not re.search(r"[A-Za-z]{3}", words["Showing {shown} of {total} events."].replace("{shown}", "").replace("{total}", ""))
    assert "ris-words" not in (editions["site"] / "timeline" / "index.html").read_text(encoding="utf-8"), "English needs no words block"


def test_an_editions_data_download_carries_its_translated_text(editions):
    """An edition's dataset download has the tables' text in its language: a file per table, a row per
    English row with its id, and a README in that language saying how to join them. English has none."""
    site, folder = editions["site"], "russia-in-syria-data/"
    archive = zipfile.ZipFile(site / "ar" / "data" / "russia-in-syria-data.zip")
    events = list(csv.DictReader(io.StringIO(archive.read(folder + "translations/events.csv").decode("utf-8-sig"))))
    english = list(csv.DictReader(io.StringIO((site / "data" / "events.csv").read_text(encoding="utf-8-sig"))))
    assert [row["id"] for row in events] == [row["id"] for row in english]
    assert list(events[0]) == ["id", "title", "summary", "key"]  # the drift check's column stays behind
    assert all(re.search(r"[\u0600-\u06FF]", row["title"]) for row in events)
    readme = archive.read(folder + "README.txt").decode("utf-8")
    assert "translations/" in readme and "events.csv" in readme and "Fields are described" not in readme
    assert not any("translations/" in name for name in zipfile.ZipFile(site / "data" / "russia-in-syria-data.zip").namelist())


def test_the_switcher_and_the_sitemaps_link_each_page_to_its_twins(editions):
    site, url = editions["site"], editions["url"]
    html = (site / "ar" / "chapters" / "why-russia" / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"[^>]*class="md-select__link"', html))
    assert {lang: href for href, lang in links.items()} == {
        "en": f"{url}chapters/why-russia/", "ar": f"{url}ar/chapters/why-russia/", "ru": f"{url}ru/chapters/why-russia/"}
    sitemap = (site / "ru" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}ru/chapters/why-russia/</loc>" in sitemap
    assert f'hreflang="ar" href="{url}ar/chapters/why-russia/"' in sitemap and f'hreflang="x-default" href="{url}chapters/why-russia/"' in sitemap
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert all(f"Sitemap: {url}{prefix}sitemap.xml" in robots for prefix in ("", "ar/", "ru/"))
    assert not (site / "ar" / "robots.txt").exists()


def test_one_headers_file_covers_every_edition(editions):
    site = editions["site"]
    assert [path.relative_to(site) for path in site.rglob("_headers")] == [Path("_headers")]
    rules = read_headers_file(site / "_headers")
    policies = {pattern: value for pattern, name, value in rules if name == "Content-Security-Policy"}
    for lang in ("ar", "ru"):
        assert "frame-ancestors" not in policies[f"/{lang}/embed/*"], "an edition's charts may be embedded"
        assert "frame-ancestors 'none'" in policies[f"/{lang}/chapters/*"] and "frame-ancestors 'none'" in policies[f"/{lang}/"]
        assert (f"/{lang}/assets/*", "Cache-Control", "public, max-age=31536000, immutable") in rules
    policy = policies["/"].removesuffix("; frame-ancestors 'none'")
    for page in site.rglob("*.html"):
        assert page.read_text(encoding="utf-8").count(f'content="{policy}"') == 1, page


def test_editions_preview_images_are_drawn_in_their_script(editions):
    from PIL import Image
    english, arabic = (Image.open(editions["site"] / prefix / "previews" / "chapters-why-russia.png") for prefix in ("", "ar"))
    assert english.size == arabic.size == (1200, 630)
    # Arabic is set from the right margin: the title's ink ends near the right edge, English's starts near the left.
    def ink(image):
        return image.convert("L").point(lambda value: 255 if value > 200 else 0).crop((0, 150, 1170, 260)).getbbox()
    assert ink(arabic)[2] > 1100 and ink(english)[0] < 100


def test_all_editions_build_in_at_most_three_times_the_english_time(editions):
    english, every = editions["times"]
    print(f"English {english:.1f} s, three editions {every:.1f} s of processor time ({every / english:.2f}x)")
    assert every <= 3 * english


def _first_load(tab, served: str, site: Path, path: str) -> tuple[int, int]:
    """(gzip bytes of everything fetched before scrolling, of which the page itself)."""
    fetched: list[str] = []
    tab.on("requestfinished", lambda request: fetched.append(request.url))
    tab.goto(served + path, wait_until="networkidle")
    sizes = {}
    for address in set(fetched):
        local = site / address.removeprefix(served + "/").split("?")[0]
        local = local / "index.html" if local.is_dir() else local
        sizes[address] = len(gzip.compress(local.read_bytes(), compresslevel=6, mtime=0)) if local.is_file() else 0
    return sum(sizes.values()), sizes.get(served + path, 0)


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_an_edition_loads_no_more_than_english_but_its_words(browser, served, editions, lang):
    """An edition's first load is English's but for the page itself: the same shared scripts and styles
    (its words for the page scripts come in a file of their own, when a chart or the search asks). Pseudo-translated prose is as long as the English in letters but two
    bytes a letter in Arabic or Cyrillic, so the page's own weight is not compared here: `make bench`
    measures the real editions against the 90 KB budget once they are switched on."""
    for path in ("/", "/chapters/why-russia/", "/timeline/"):
        tab = browser.new_page(viewport={"width": 412, "height": 823})
        english, english_page = _first_load(tab, served, editions["site"], path)
        tab.close()
        tab = browser.new_page(viewport={"width": 412, "height": 823})
        edition, edition_page = _first_load(tab, served, editions["site"], f"/{lang}{path}")
        tab.close()
        print(f"{path}: English {english / 1024:.1f} KB, /{lang}{path} {edition / 1024:.1f} KB (page {edition_page / 1024:.1f} KB) gzip")
        assert edition - edition_page <= english - english_page + 512, f"/{lang}{path} fetches more than English"


@pytest.mark.parametrize("lang", ["", "ar/", "ru/"])
def test_a_timelines_date_fields_show_their_whole_hint_on_a_phone(browser, served, lang):
    tab = browser.new_page(viewport={"width": 375, "height": 800})
    tab.goto(f"{served}/{lang}timeline/")
    cut = tab.evaluate("""() => [...document.querySelectorAll('.chart__range input')].filter(input => {
        const style = getComputedStyle(input), context = document.createElement('canvas').getContext('2d');
        context.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(' ');  // 'font' can be empty
        return context.measureText(input.placeholder).width > input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    }).map(input => input.placeholder)""")
    count = tab.locator(".chart__range input").count()
    tab.close()
    assert count and not cut


def test_the_language_switcher_opens_the_same_page_in_another_edition(browser, served):
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(served + "/ar/chapters/stability/")
    tab.locator(".md-header__option .md-select").hover()
    tab.locator('.md-select__link[hreflang="ru"]').click()
    tab.wait_for_url("**/ru/chapters/stability/")
    wait_until(tab, "document.documentElement.lang === 'ru' && document.body.dir === 'ltr'")
    # Within the edition, instant navigation keeps working; the switcher then leads from the new page.
    tab.locator(".md-nav__link[href$='timeline/']").first.evaluate("link => link.click()")
    tab.wait_for_url("**/ru/timeline/")
    tab.locator('.md-select__link[hreflang="ar"]').evaluate("link => link.click()")
    tab.wait_for_url("**/ar/timeline/")
    wait_until(tab, "document.body.dir === 'rtl' && document.documentElement.lang === 'ar'")
    tab.close()


def test_an_arabic_chart_keeps_time_left_to_right_and_reads_in_arabic(browser, served):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(served + "/ar/timeline/")
    figure = tab.locator("figure.chart").first
    assert figure.evaluate("f => getComputedStyle(f).direction") == "rtl"
    plot = figure.locator(".chart__plot")
    assert plot.evaluate("p => getComputedStyle(p).direction") == "ltr"
    plot.focus()
    plot.hover()
    wait_until(tab, "document.querySelector('.chart__plot').getAttribute('data-rendered') === 'true'", timeout=30)
    plot.focus()
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("ArrowRight")
    spoken = figure.locator(".chart__live").text_content()
    english = set(re.findall(r"[A-Za-z]{2,}", spoken)) - _source_words()  # sources are cited as published
    assert re.search(r"[\u0600-\u06FF]", spoken) and not english, spoken
    # The earliest events come first, at the left, as on the axis.
    ticks = tab.evaluate("""() => [...document.querySelectorAll('.chart__plot .xtick text')]
        .map(t => [t.getBoundingClientRect().left, t.textContent]).sort((a, b) => a[0] - b[0]).map(t => t[1])""")
    years = [int(y) for y in re.findall(r"\d{4}", " ".join(ticks))]
    assert years == sorted(years) and years, ticks
    # Nothing that plotly.js adds widens the page: a right-to-left page can scroll to whatever lies left of it.
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1280
    tab.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/ar/chapters/why-russia/", "/ru/chapters/plane-crashes/"])
def test_axe_finds_no_violation_in_an_edition(browser, served, scheme, path):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(served + path)
    results = Axe().run(tab)
    context.close()
    assert not results.violations_count, results.generate_report()
