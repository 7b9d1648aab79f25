"""The chapters as a reader gets them: every part a chapter promises is in the built page.

These tests read the built HTML (the session's `site` fixture) and the Markdown sources. They
check the rules of CONTRIBUTING.md that no single build step enforces: a chapter's parts and their
order, its length, glossary links and their tooltips, footnotes and their sources, page titles
and the verdicts of the "What happened next" chapter.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

CHAPTER_SOURCES = sorted((ROOT / "docs" / "chapters").glob("*.md"))
CHAPTERS = [source.stem for source in CHAPTER_SOURCES]
ARTICLE_URL = "https://ecfr.eu/article/commentary_what_can_we_expect_from_russia_in_syria5035/"
VERDICTS = ("Held", "Partly held", "Did not hold", "Too early to tell")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- A small DOM, so that tests can speak of elements rather than of strings -------------------

class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Element | None" = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def elements(self) -> list["Element"]:
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self):
        for child in self.elements():
            yield child
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        return [element for element in self.iter()
                if (tag is None or element.tag == tag) and (cls is None or cls in element.classes)
                and all(element.attrs.get(name) == value for name, value in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:  # close elements left open, as browsers do
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page_path(site: Path, page: str) -> Path:
    return site / page / "index.html"


def article_of(site: Path, page: str) -> Element:
    """The page's content column (`<article class="md-content__inner">`), without navigation."""
    article = parse(page_path(site, page).read_text(encoding="utf-8")).find("article", "md-content__inner")
    assert article is not None, f"{page}: no content column"
    return article


def sections(article: Element) -> dict[str, list[Element]]:
    """The article's `<h2>` headings, each with the elements that follow it up to the next `<h2>`."""
    found: dict[str, list[Element]] = {}
    current: list[Element] | None = None
    for element in article.elements():
        if element.tag == "section" and element.find("h2") is not None:  # e.g. <section class="cite">
            heading = element.find("h2")
            found[heading.text().strip(" ¶")] = [element]
            current = None
        elif element.tag == "h2":
            current = found.setdefault(element.text().strip(" ¶"), [])
        elif current is not None:
            current.append(element)
    return found


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- A chapter's parts -------------------------------------------------------------------------

def test_there_are_six_chapters():
    assert CHAPTERS == sorted(["why-russia", "stability", "assad-isis", "plane-crashes", "cooperation", "what-next"])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_opens_with_its_question_summary_and_reading_time(site, chapter):
    intro = article_of(site, f"chapters/{chapter}").find("div", "chapter-intro")
    assert intro is not None, "the build draws the header from the front matter"
    summary = intro.find("ul", "chapter-intro__summary")
    assert summary is not None and len(summary.find_all("li")) == 3, "three summary points"
    assert re.search(r"\b\d+ min read\b", intro.text()), "the reading time"
    assert any(link.attrs.get("href", "").startswith(ARTICLE_URL) for link in intro.find_all("a")), \
        "the header links to the original article"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_has_at_least_one_chart(site, chapter):
    assert article_of(site, f"chapters/{chapter}").find("figure", "chart") is not None, "no <figure class=\"chart\">"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_closes_with_questions_quiz_reading_and_citation_in_that_order(site, chapter):
    article = article_of(site, f"chapters/{chapter}")
    parts = sections(article)
    closing = ["Questions for discussion", "Check your understanding", "Further reading", "Cite this chapter"]
    for heading in closing:
        assert heading in parts, f"missing section {heading!r}"
    headings = list(parts)
    assert [headings.index(heading) for heading in closing] == sorted(headings.index(heading) for heading in closing)
    assert headings[-len(closing):] == closing, "the closing sections come last"

    questions = [element for element in parts["Questions for discussion"] if element.tag == "ol"]
    assert questions and len(questions[0].find_all("li")) >= 4, "at least four numbered discussion questions"

    quiz = [element for element in parts["Check your understanding"] if element.tag == "details"]
    assert all("question" in element.classes for element in quiz)
    assert 3 <= len(quiz) <= 5, "three to five collapsed questions"
    for block in quiz:
        assert "open" not in block.attrs, "answers stay hidden until asked for"
        summary = block.find("summary")
        assert summary is not None and summary.text().strip(), "each question has a visible question"
        assert block.text().replace(summary.text(), "").strip(), "each question has an answer"

    reading = [element for element in parts["Further reading"] if element.tag in ("ul", "ol")]
    assert reading and reading[0].find_all("li"), "a list of further reading"
    assert all(item.find("a") is not None for item in reading[0].find_all("li")), "every reading item is a link"

    cite = parts["Cite this chapter"][0]
    labels = [term.text().strip() for term in cite.find_all("dt")]
    assert labels == ["APA", "MLA", "Chicago"]
    assert all(text.text().strip() for text in cite.find_all("span", "cite__text"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_links_to_the_original_article(site, chapter):
    hrefs = [link.attrs.get("href", "") for link in article_of(site, f"chapters/{chapter}").find_all("a")]
    assert ARTICLE_URL in hrefs


# --- A chapter's length ------------------------------------------------------------------------

def prose_of(markdown: str) -> str:
    """The running text a reader reads, headings included: before the closing sections, without markup or apparatus."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)              # front matter
    text = text.split("\n## Questions for discussion", 1)[0]                    # closing sections
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)                         # chart markers, comments
    text = re.sub(r"^\[\^[^\]]+\]:.*(?:\n(?:    |\t).*)*", " ", text, flags=re.M)  # footnote definitions
    text = re.sub(r"^(?:!!!|\?\?\?\+?)\s.*$", " ", text, flags=re.M)            # admonition markers
    text = re.sub(r"^#{1,6}\s+", " ", text, flags=re.M)                         # heading markers
    text = re.sub(r"\[\^[^\]]+\]", " ", text)                                   # footnote references
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)                      # links keep their text
    text = re.sub(r"\{[#.][^}]*\}", " ", text)                                  # attribute lists
    return re.sub(r"<[^>]+>", " ", text)                                        # inline HTML


def word_count(markdown: str) -> int:
    return len(re.findall(r"\w+(?:['’.,-]\w+)*", prose_of(markdown)))


def test_word_count_ignores_the_apparatus():
    source = ('---\ntitle: T\nsummary:\n  - one two\n---\n\n## A heading\n\nOne [two](../glossary.md#x) '
              'three.[^a]\n\n<!-- chart: timeline -->\n\n!!! info "With hindsight"\n    Four 1,100 el-Sheikh.\n\n'
              '## Questions for discussion\n\n1. Not counted.\n\n[^a]: [Source](https://example.org), Publisher.\n')
    assert word_count(source) == 8  # A heading One two three Four 1,100 el-Sheikh


@pytest.mark.parametrize("source", CHAPTER_SOURCES, ids=CHAPTERS)
def test_a_chapter_has_800_to_1500_words_of_prose(source):
    words = word_count(source.read_text(encoding="utf-8"))
    assert 800 <= words <= 1500, f"{source.name}: {words} words"


# --- Glossary ----------------------------------------------------------------------------------

def glossary_terms(site: Path) -> dict[str, str]:
    """The glossary's terms: heading id -> heading text."""
    return {heading.attrs["id"]: heading.text().strip(" ¶")
            for heading in article_of(site, "glossary").find_all("h2") if heading.attrs.get("id")}


def test_the_glossary_has_at_least_25_terms(site):
    assert len(glossary_terms(site)) >= 25


def test_every_glossary_link_points_to_a_term_and_carries_its_definition(site):
    terms = glossary_terms(site)
    checked = 0
    for page in all_pages(site):
        for link in parse(page.read_text(encoding="utf-8")).find_all("a"):
            match = re.search(r"glossary/#([^\"'?]+)$", link.attrs.get("href", ""))
            if not match:
                continue
            checked += 1
            where = f"{page.relative_to(site)}: {link.attrs['href']}"
            assert match.group(1) in terms, f"{where} points to no glossary term"
            assert link.attrs.get("title", "").strip(), f"{where} has no tooltip"
    assert checked >= len(CHAPTERS), "chapters link their key terms to the glossary"


# --- Footnotes ---------------------------------------------------------------------------------

def test_every_footnote_reference_has_its_note_and_every_note_a_source(site):
    notes_seen = 0
    for page in all_pages(site):
        root = parse(page.read_text(encoding="utf-8"))
        ids = {element.attrs["id"] for element in root.iter() if "id" in element.attrs}
        for link in root.find_all("a"):
            href = link.attrs.get("href", "")
            if href.startswith(("#fn:", "#fnref")):
                assert href[1:] in ids, f"{page.relative_to(site)}: {href} has no target"
        for note in root.find_all("li"):
            if not note.attrs.get("id", "").startswith("fn:"):
                continue
            notes_seen += 1
            sources = [link for link in note.find_all("a") if re.match(r"https?://", link.attrs.get("href", ""))]
            assert sources, f"{page.relative_to(site)}: footnote {note.attrs['id']} cites no web source"
        referenced = {link.attrs["href"][1:] for link in root.find_all("a") if link.attrs.get("href", "").startswith("#fn:")}
        defined = {note.attrs["id"] for note in root.find_all("li") if note.attrs.get("id", "").startswith("fn:")}
        assert defined <= referenced, f"{page.relative_to(site)}: footnotes never referenced: {sorted(defined - referenced)}"
    assert notes_seen >= len(CHAPTERS)


# --- Titles ------------------------------------------------------------------------------------

def titles_of(site: Path, pages: list[Path]) -> dict[str, list[str]]:
    """Each `<title>` with the pages that carry it."""
    titles: dict[str, list[str]] = {}
    for page in pages:
        title = parse(page.read_text(encoding="utf-8")).find("title")
        assert title is not None and title.text().strip(), f"{page.relative_to(site)} has no title"
        titles.setdefault(title.text().strip(), []).append(str(page.relative_to(site)))
    return titles


def test_every_page_has_its_own_title(site):
    pages = [page for page in all_pages(site) if page.relative_to(site).parts[0] != "embed"]
    shared = {title: where for title, where in titles_of(site, pages).items() if len(where) > 1}
    assert not shared, shared


def test_every_chart_embed_has_its_own_title(site):
    # Embeds of one chart with different parameters show different data, so their titles differ too.
    embeds = sorted((site / "embed").rglob("index.html"))
    assert len(embeds) >= 8, "every chart has its own page under embed/"
    shared = {title: where for title, where in titles_of(site, embeds).items() if len(where) > 1}
    assert not shared, shared


# --- What happened next ------------------------------------------------------------------------

def test_what_next_gives_a_verdict_for_every_expectation(site):
    parts = sections(article_of(site, "chapters/what-next"))
    expectations = {heading: body for heading, body in parts.items() if re.match(r"\d+\.\s", heading)}
    assert len(expectations) >= 5
    for heading, body in expectations.items():
        verdicts = [strong.text().strip().rstrip(".") for element in body for strong in
                    ([element] if element.tag == "strong" else element.find_all("strong"))
                    if strong.text().startswith("Verdict:")]
        assert len(verdicts) == 1, f"{heading!r}: expected one verdict, found {verdicts}"
        assert verdicts[0].removeprefix("Verdict:").strip() in VERDICTS, f"{heading!r}: {verdicts[0]!r}"


def test_the_home_page_orients_in_its_first_screen(browser, server, site):
    """The question, a one-paragraph answer and three ways in, above the fold on a desktop; chapter
    cards carry each chapter's own question and the reading time its header shows."""
    import re as _re
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.goto(server + "/")
    first_screen = tab.evaluate("""() => [...document.querySelectorAll('.md-content p, .md-content li')]
        .filter(element => element.getBoundingClientRect().bottom <= innerHeight).map(element => element.textContent).join(' ')""")
    assert "The question:" in first_screen and "The short answer" in first_screen
    for way in ["Read the chapters in order", "Explore the data", "For teachers and journalists"]:
        assert way in first_screen, way
    ways = tab.locator(".grid.cards.ways-in > ul > li")
    assert ways.count() == 3 and len({round(ways.nth(i).bounding_box()["y"]) for i in range(3)}) == 1, "side by side"
    tab.close()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index("ways-in") < home.index('data-chart="timeline--from-2015-09--to-2015-12"'), "the timeline leads the visuals"
    cards = _re.findall(r'<li>\s*<p><strong><a href="(chapters/[a-z-]+/)">[^<]+</a></strong></p>\s*<hr>\s*<p>([^<]+)</p>\s*'
                        r'<p class="chapter-cards__time">(\d+) min read</p>', home)
    assert len(cards) == 6
    for url, question, minutes in cards:
        chapter = (site / url / "index.html").read_text(encoding="utf-8")
        assert f'<p class="chapter-intro__question">{question}</p>' in chapter
        assert f'<p class="chapter-intro__meta">{minutes} min read' in chapter
