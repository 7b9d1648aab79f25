"""A complete pseudo-translation of the site into an edition, for testing the editions' machinery before
(and independently of) the real translations: every letter of translatable text is swapped for a letter
of the edition's script, while markers, slugs, links, footnote ids, URLs and code stay as they are. Any
English that reaches an edition's page then comes from code that bypassed the catalogue or the data
overlay, which is what the tests look for."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVANTINE_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
                    "تشرين الثاني", "كانون الأول")
SCRIPTS = {"ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهو", "ru": "абвгдежзийклмнопрстуфхцчшщ"}
# Spans that stay as written: markers and comments, {#slugs} and {placeholders}, footnote ids, link
# targets, URLs, code, HTML tags, admonition types, front matter keys, list markers and entities.
PROTECTED = re.compile(r"<!--.*?-->|\{[^}\n]*\}|\[\^[^\]]+\]|\]\([^)]*\)|https?://[^\s)>\]]+|`[^`]*`|<[^>]+>"
                       r"|^(?:!!!|\?\?\?)\+? \w+|^[a-z_]+:|&\w+;|\|", re.M | re.S)


def pseudo(text: str, lang: str) -> str:
    letters = SCRIPTS[lang]

    def swap(part: str) -> str:
        return "".join(letters[(ord(c.lower()) - 97) % len(letters)] if "a" <= c.lower() <= "z" else c for c in part)

    out, last = [], 0
    for match in PROTECTED.finditer(text):
        out += [swap(text[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(out + [swap(text[last:])])


def make_project(target: Path, langs: tuple[str, ...] = ("ar", "ru")) -> Path:
    """A copy of the project with the given editions pseudo-translated and switched on."""
    for name in ["docs", "data", "build", "charts"]:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "ar", "ru"))
    for config in ROOT.glob("mkdocs*.yml"):
        text = config.read_text(encoding="utf-8")
        if config.name == "mkdocs.yml":
            text = re.sub(r"(\{lang: (?:%s),[^}]*), build: false\}" % "|".join(langs), r"\1}", text)
        (target / config.name).write_text(text, encoding="utf-8")
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    sys_path = f"import sys; sys.path.insert(0, {str(target / 'build')!r})"
    for lang in langs:
        subprocess.run([sys.executable, "-c", f"{sys_path}; import i18n_stub; i18n_stub.main([{lang!r}])"], cwd=target,
                       check=True, capture_output=True)
        folder = target / "data" / "i18n" / lang
        strings = folder / "strings.json"
        texts = json.loads(strings.read_text(encoding="utf-8"))
        texts = {key: pseudo(key, lang) for key in texts}
        texts[".,"] = "., " if lang == "ru" else ".,"
        if lang == "ar":  # the real Levantine month names (data/i18n/README.md), for the tests of dates
            for number, month in enumerate(LEVANTINE_MONTHS):
                english = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                           "October", "November", "December"][number]
                texts[f"{english} {{year}}"], texts[f"{{day}} {english} {{year}}"] = f"{month} {{year}}", f"{{day}} {month} {{year}}"
        strings.write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")
        for table in folder.glob("*.csv"):
            rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))
            rows[1:] = [[pseudo(cell.removeprefix("TRANSLATE: "), lang) if cell.startswith("TRANSLATE: ") else cell for cell in row]
                        for row in rows[1:]]
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            table.write_text(buffer.getvalue(), encoding="utf-8")
        docs = target / "docs"
        for page in sorted(docs.rglob("*.md")):
            relative = page.relative_to(docs)
            if relative.parts[0] in ("ar", "ru"):
                continue
            english = page.read_text(encoding="utf-8")
            translated = pseudo(english, lang)
            stamp = f"translated_from: {hashlib.sha256(page.read_bytes()).hexdigest()[:12]}\n"
            translated = translated.replace("---\n", "---\n" + stamp, 1) if translated.startswith("---\n") else f"---\n{stamp}---\n\n{translated}"
            translated = _keep_slugs(english, translated)
            (docs / lang / relative).parent.mkdir(parents=True, exist_ok=True)
            (docs / lang / relative).write_text(translated, encoding="utf-8")
    return target


def _keep_slugs(english: str, translated: str) -> str:
    """Headings keep the English heading's slug, as the translators' guide asks (pseudo-translation keeps lines)."""
    from markdown.extensions.toc import slugify
    lines = translated.split("\n")
    offset = len(lines) - len(english.split("\n"))  # the translated_from line
    for number, line in enumerate(english.split("\n")):
        heading = re.match(r"#{1,6} (.+)$", line)
        if heading and "{#" not in line and lines[number + offset].startswith("#"):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)).replace("*", "").replace("`", "")
            lines[number + offset] += " {#" + slugify(text, "-") + "}"
    return "\n".join(lines)
