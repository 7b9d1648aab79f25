"""Link-preview images (1200 x 630 PNG), drawn at build time with no outside service."""
from __future__ import annotations

import io
from textwrap import wrap

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND, ACCENT, TEXT, MUTED = "#1a237e", "#ff8a65", "#ffffff", "#c5cae9"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # the TrueType font inside Pillow: the same on every machine


def preview_png(title: str, kicker: str, credit: str) -> bytes:
    """A card with a kicker (the site's name), the page title and a credit line; the same input gives the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    draw.text((80, 70), kicker.upper(), font=_font(30), fill=ACCENT)
    size = 72 if len(title) < 40 else 60
    lines = wrap(title, 28 if size == 72 else 34)[:4]
    y = 150
    for line in lines:
        draw.text((80, y), line, font=_font(size), fill=TEXT)
        y += int(size * 1.2)
    for i, line in enumerate(wrap(credit, 60)[:2]):
        draw.text((80, HEIGHT - 120 + i * 40), line, font=_font(30), fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
