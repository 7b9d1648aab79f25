"""A chapter printed as a handout: no site chrome, charts drawn, questions on paper.

Teachers print chapters (docs/teachers.md). Print shows each chart's static drawing
(charts/preview.py), which fits the paper, rather than plotly.js's screen-sized chart; to show
that, the fixture first has plotly.js draw every chart (`explainerRenderAll()`), then sends the
`beforeprint` event that printing sends (Material opens every <details> on it), switches Chromium
to print media and saves the page as a PDF. The checks need nothing beyond Chromium: the PDF's
text is compressed, so the discussion questions are checked in the print-media DOM instead, and
the charts by comparing the PDF with one printed from the same page with its charts removed
(counting the drawing operators in the PDF's page streams). Where poppler's `pdftotext` is
installed, the PDF's text is checked as well.
"""
from __future__ import annotations

import re
import os
import shutil
import subprocess
import zlib

import pytest

from conftest import wait_until

CHAPTER = "/chapters/plane-crashes/"
RENDERED = ".chart__plot[data-rendered='true']"
PDF_OPTIONS = {"format": "A4", "print_background": True}


@pytest.fixture
def printed(browser, server):
    """The chapter with every chart drawn, in print media."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(server + CHAPTER)
    total = tab.locator(".chart__plot").count()
    assert total >= 1, "the chapter has charts to print"
    tab.evaluate("window.explainerRenderAll()")
    wait_until(tab, "([selector, total]) => document.querySelectorAll(selector).length === total", [RENDERED, total], timeout=20)
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what printing sends first: Material opens <details>
    tab.emulate_media(media="print")
    yield tab
    context.close()


def display_of(tab, selector: str) -> str:
    return tab.eval_on_selector(selector, "element => getComputedStyle(element).display")


def test_print_media_drops_the_header_and_the_navigation(printed):
    assert display_of(printed, ".md-header") == "none"
    assert display_of(printed, ".md-sidebar--primary") == "none"
    assert display_of(printed, ".md-sidebar--secondary") == "none"
    assert printed.locator("article.md-content__inner h1").is_visible(), "the chapter itself is printed"


def test_print_media_shows_the_discussion_questions_and_the_quiz(printed):
    questions = printed.locator("#questions-for-discussion + ol > li")
    assert questions.count() >= 4
    for index in range(questions.count()):
        assert questions.nth(index).is_visible(), questions.nth(index).inner_text()
    quiz = printed.locator("article details.question")
    assert 3 <= quiz.count() <= 7
    for index in range(quiz.count()):
        assert quiz.nth(index).locator("summary").is_visible(), f"quiz question {index + 1} is not printed"
        # Material opens every <details> for print; the answers must stay off the students' copy.
        assert quiz.nth(index).get_attribute("open") is not None
        assert quiz.nth(index).locator("summary ~ *").first.is_hidden(), f"quiz answer {index + 1} is printed"


def drawing_operators(pdf: bytes) -> int:
    """How many path operators (move, line, curve, rectangle) the PDF's page streams hold."""
    count = 0
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            content = zlib.decompress(pdf[match.end():end])
        except zlib.error:  # fonts and images use other filters
            continue
        count += len(re.findall(rb"(?m) (?:m|l|c|re)$", content))
    return count


def test_print_uses_the_static_drawing_which_fits_the_page(printed):
    """plotly.js draws at the screen's width, which paper cuts off; the build's drawing fits any width."""
    printed.set_viewport_size({"width": 700, "height": 900})  # about an A4 page's width
    plots = printed.locator(".chart__plot")
    for index in range(plots.count()):
        plot = plots.nth(index)
        assert plot.locator(".plot-container").is_hidden(), f"chart {index + 1}: plotly.js is printed"
        drawing = plot.locator(".chart__preview-plot")
        box, page_width = drawing.bounding_box(), printed.evaluate("document.documentElement.clientWidth")
        assert drawing.is_visible() and box["width"] > 200 and box["height"] > 100, f"chart {index + 1}: {box}"
        points = plot.locator(".chart__preview .point")
        assert points.count() > 3
        right = max(points.nth(i).bounding_box()["x"] for i in range(points.count()))
        assert right < page_width, f"chart {index + 1} runs off the page"


def test_print_leaves_out_the_data_tables_and_says_where_they_are(printed):
    figure = printed.locator("figure.chart").first
    assert figure.locator(".chart__data").is_hidden()
    note = figure.evaluate("f => getComputedStyle(f, '::after').content")
    assert "/embed/" in note and figure.get_attribute("data-chart") in note


def test_the_pdf_holds_the_drawn_charts(printed, tmp_path):
    with_charts = tmp_path / "chapter.pdf"
    printed.pdf(path=str(with_charts), **PDF_OPTIONS)
    assert with_charts.read_bytes().startswith(b"%PDF")
    assert with_charts.stat().st_size > 50_000, "a chapter with charts is more than a page of text"

    # A handout, not a data dump: the chart tables (50 rows and more) stay on the charts' pages.
    pages = len(re.findall(rb"/Type\s*/Page\b", with_charts.read_bytes()))
    assert 2 <= pages <= 15, f"the chapter prints on {pages} pages"

    # The same page with its charts removed. The drawings are SVG, which Chromium prints as vector
    # paths: the charts must add many of them (and bytes) to the PDF.
    charts = printed.locator(".chart__plot").count()
    printed.evaluate("document.querySelectorAll('.chart__plot').forEach(plot => plot.replaceChildren())")
    without_charts = tmp_path / "chapter-without-charts.pdf"
    printed.pdf(path=str(without_charts), **PDF_OPTIONS)
    assert with_charts.stat().st_size > without_charts.stat().st_size
    added = drawing_operators(with_charts.read_bytes()) - drawing_operators(without_charts.read_bytes())
    assert added >= 100 * charts, f"the charts add only {added} drawing operators to the PDF"


def test_the_pdf_text_holds_the_discussion_questions_and_each_charts_page(printed, tmp_path):
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing; .ci/run installs Debian's poppler-utils")
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils); CI runs this test")
    pdf = tmp_path / "chapter.pdf"
    printed.pdf(path=str(pdf), **PDF_OPTIONS)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Questions for discussion" in text
    for question in printed.locator("#questions-for-discussion + ol > li").all_inner_texts():
        start = " ".join(question.split()[:6])  # the first words, clear of line breaks and hyphenation
        assert start in text, start
    # Where each chart's table went: the address of its own page, whole (a line break may split it).
    unbroken = text.replace(" ", "")
    for address in printed.locator("figure.chart").evaluate_all("figures => figures.map(f => f.dataset.embedUrl)"):
        assert address and address in unbroken, address


def test_a_charts_own_page_prints_its_data_table(browser, server):
    tab = browser.new_page(viewport={"width": 800, "height": 900})
    tab.goto(server + "/embed/stances/")
    tab.emulate_media(media="print")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tab.locator(".chart__data tbody tr").first.is_visible()
    assert tab.locator(".chart__preview-plot").is_visible()
    assert tab.evaluate("getComputedStyle(document.querySelector('figure.chart'), '::after').content") in ("none", "normal")
    tab.close()
