"""Link-preview images (1200 x 630 PNG), drawn at build time with no outside service.

Text is set in Noto Sans (Latin and Cyrillic) or Noto Sans Arabic, from pinned PyPI packages, so that
every machine draws the same pixels; Pillow shapes Arabic (joined letter forms, right to left) with
libraqm. Pillow's own default font has neither script and would draw boxes."""
from __future__ import annotations

import functools
import io
from textwrap import wrap

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND, ACCENT, TEXT, MUTED = "#1a237e", "#ff8a65", "#ffffff", "#c5cae9"
FONTS = {"ar": fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"}
LATIN_AND_CYRILLIC = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"


@functools.cache
def _font(lang: str, size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(FONTS.get(lang, LATIN_AND_CYRILLIC)), size,
                              layout_engine=ImageFont.Layout.RAQM if lang == "ar" else ImageFont.Layout.BASIC)
    font.set_variation_by_name(weight)
    return font


def preview_png(title: str, kicker: str, credit: str, lang: str = "en") -> bytes:
    """A card with a kicker (the site's name), the page title and a credit line; the same input gives the same bytes.
    Arabic is set right to left, from the right margin."""
    if lang == "ar" and not features.check("raqm"):
        raise RuntimeError("Pillow was built without libraqm, which shapes Arabic: install Pillow's wheel from PyPI")
    rtl = lang == "ar"
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((WIDTH - 24, 0, WIDTH, HEIGHT) if rtl else (0, 0, 24, HEIGHT), fill=ACCENT)

    def line(y: float, text: str, font: ImageFont.FreeTypeFont, fill: str) -> None:
        if rtl:
            draw.text((WIDTH - MARGIN, y), text, font=font, fill=fill, anchor="ra", direction="rtl", language="ar")
        else:
            draw.text((MARGIN, y), text, font=font, fill=fill, anchor="la")

    line(70, kicker if rtl else kicker.upper(), _font(lang, 30, "SemiBold"), ACCENT)
    size = 72 if len(title) < 40 else 60
    y = 150
    for text in wrap(title, 28 if size == 72 else 34)[:4]:
        line(y, text, _font(lang, size, "Bold"), TEXT)
        y += int(size * 1.25)
    for i, text in enumerate(wrap(credit, 60)[:2]):
        line(HEIGHT - 120 + i * 42, text, _font(lang, 28), MUTED)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
