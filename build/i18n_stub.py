"""Start or update an edition's translation files, and say what is left to translate.

    python build/i18n_stub.py ar      # writes data/i18n/ar/*.csv and strings.json, prints what is missing or stale
    python build/i18n_stub.py en      # writes the English catalogue, data/i18n/en/strings.json, from the code

For each table with reader-facing text (charts/translations.py), ``data/i18n/<lang>/<table>.csv``
gets one row per English row: a row already translated keeps its text and its ``english_hash``;
a new row gets the English text marked "TRANSLATE: ", which stops the build until it is translated,
and the hash of that English. ``strings.json`` gets every text of the English catalogue: a new one
as null (untranslated, which stops the build), a translated one kept. Nothing is ever guessed.

It prints, per file, what is still to translate, and what is stale: a row or page whose English
changed since it was translated (its english_hash or translated_from is no longer the English's).
"""
from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jinja2 import Environment  # noqa: E402

import charts  # noqa: E402
from charts import translations  # noqa: E402
from charts.i18n import ENGLISH, I18N_DIR, script_keys  # noqa: E402

DOCS = ROOT / "docs"
CODE = [*sorted((ROOT / "charts").glob("*.py")), *sorted((ROOT / "build").glob("*.py"))]
TEMPLATES = [*sorted((ROOT / "charts" / "templates").glob("*.j2")), *sorted((ROOT / "build" / "templates").glob("*.j2")),
             *sorted((ROOT / "build" / "overrides").rglob("*.html"))]
SCRIPTS = sorted((ROOT / "build" / "assets").glob("*.js"))
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


# --- The English catalogue: every text the code, the templates and the page scripts ask to translate.

def _python_texts(path: Path) -> set[str]:
    """First arguments that are string literals of calls to _, N_ or a catalogue (``data.words("…")``)."""
    texts = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            function = node.func
            if (isinstance(function, ast.Name) and function.id in ("_", "N_")) or \
                    (isinstance(function, ast.Attribute) and function.attr == "words"):
                texts.add(node.args[0].value)
    return texts


def _template_texts(path: Path) -> set[str]:
    environment = Environment(extensions=["jinja2.ext.i18n"])
    found = environment.extract_translations(path.read_text(encoding="utf-8"), gettext_functions=("_",))
    # A call with placeholders' values comes as (text, None, …); one with a computed text as None.
    texts = (message[0] if isinstance(message, tuple) else message for _, _, message in found)
    return {text for text in texts if isinstance(text, str)}


def _package_texts() -> set[str]:
    """The data dictionary's descriptions of tables and fields (docs/data.md)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {text for resource in package["resources"]
            for text in [resource.get("description", "")] + [f.get("description", "") for f in resource["schema"]["fields"]] if text}


def english_catalogue() -> dict[str, str]:
    texts = set(script_keys(SCRIPTS)) | _package_texts()
    for path in CODE:
        texts |= _python_texts(path)
    for path in TEMPLATES:
        texts |= _template_texts(path)
    return {text: text for text in sorted(texts)}


def _write_json(path: Path, texts: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(texts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# --- An edition's files.

def page_hash(path: Path) -> str:
    """What a translated page records as ``translated_from``: the English file's first 12 hex of SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def english_pages() -> list[Path]:
    return sorted(path for path in DOCS.rglob("*.md") if path.relative_to(DOCS).parts[0] not in _edition_folders())


def _edition_folders() -> set[str]:
    return {path.stem.split(".")[1] for path in ROOT.glob("mkdocs.*.yml")}


def page_problems(lang: str) -> tuple[list[str], list[str]]:
    """(missing, stale) pages of an edition: one line each, naming the files."""
    missing, stale = [], []
    for english in english_pages():
        relative = english.relative_to(DOCS)
        translated = DOCS / lang / relative
        shown = translated.relative_to(ROOT)
        if not translated.exists():
            missing.append(f"{shown}: missing (translate docs/{relative})")
            continue
        match = FRONT_MATTER.match(translated.read_text(encoding="utf-8"))
        recorded = re.search(r"^translated_from:\s*['\"]?([0-9a-f]+)", match.group(1), re.M) if match else None
        if not recorded:
            missing.append(f"{shown}:1: no translated_from in its front matter (it should be {page_hash(english)}, the hash of docs/{relative})")
        elif recorded.group(1) != page_hash(english):
            stale.append(f"{shown}: docs/{relative} changed since it was translated (translated_from {recorded.group(1)}, "
                         f"now {page_hash(english)}): update the translation, then translated_from")
    return missing, stale


def _read_existing(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def data_rows(data: charts.Dataset, table: str) -> list[tuple[tuple[str, ...], dict[str, str], str]]:
    """(key, English texts, english_hash) of each row of an English table."""
    keys, fields = translations.key_fields(data.package, table), translations.text_fields(data.package, table)
    return [(translations.row_key(row, keys), dict(zip(fields, translations.english_texts(row, fields))),
             translations.english_hash(translations.english_texts(row, fields))) for row in data.tables[table]]


def update_table(data: charts.Dataset, table: str, folder: Path) -> tuple[int, list[str]]:
    """Rewrite one translation file; (rows left to translate, stale rows)."""
    package = data.package
    keys, fields = translations.key_fields(package, table), translations.text_fields(package, table)
    path = folder / f"{table}.csv"
    existing = {tuple(row.get(k, "") for k in keys): row for row in _read_existing(path)}
    rows, todo, stale = [], 0, []
    for key, english, current in data_rows(data, table):
        old = existing.pop(key, None)
        row = dict(zip(keys, key))
        for name in fields:
            kept = (old or {}).get(name)
            row[name] = kept if kept is not None and (kept.strip() or not english[name]) else \
                (translations.UNTRANSLATED + english[name] if english[name] else "")
        # A row not translated at all follows the English; a translated one keeps the hash of the English it was translated from.
        translated = any((old or {}).get(name, "").strip() and not old[name].startswith(translations.UNTRANSLATED) for name in fields)
        row["english_hash"] = (old or {}).get("english_hash") if translated else current
        todo += any(row[name].startswith(translations.UNTRANSLATED) for name in fields)
        if old and row["english_hash"] != current:
            stale.append(f"{path.relative_to(ROOT)}: {'/'.join(key)}: the English ({', '.join(fields)}) changed since it was "
                         f"translated; update the translation and set english_hash to {current}")
        rows.append(row)
    stale += [f"{path.relative_to(ROOT)}: {'/'.join(key)} is no longer in data/{table}.csv: removed" for key in existing]
    _write_csv(path, translations.header(package, table), rows)
    return todo, stale


def update_categories(data: charts.Dataset, folder: Path) -> int:
    path = folder / "categories.csv"
    existing = {(r.get("resource"), r.get("field"), r.get("value")): r.get("label") or "" for r in _read_existing(path)}
    rows = []
    for category in translations.categories(data.package):
        label = existing.get((category["resource"], category["field"], category["value"]))
        rows.append({**category, "label": label if label else translations.UNTRANSLATED + category["label"]})
    _write_csv(path, translations.CATEGORY_COLUMNS, rows)
    return sum(row["label"].startswith(translations.UNTRANSLATED) for row in rows)


def update_strings(lang: str, english: dict[str, str], folder: Path) -> tuple[int, list[str]]:
    path = folder / "strings.json"
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    texts = {key: existing.get(key) for key in english}
    stale = [f"{path.relative_to(ROOT)}: {json.dumps(key, ensure_ascii=False)} is no longer a text of the site: removed "
             f"(its translation was {json.dumps(value, ensure_ascii=False)})" for key, value in existing.items() if key not in english]
    _write_json(path, texts)
    return sum(not value for value in texts.values()), stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", help="the edition's language code (ar, ru, tr…), or en for the English catalogue")
    lang = parser.parse_args(argv).lang
    english = english_catalogue()
    _write_json(I18N_DIR / ENGLISH / "strings.json", english)
    if lang == ENGLISH:
        print(f"data/i18n/en/strings.json: {len(english)} texts")
        return 0
    data = charts.load(ROOT / "data")
    folder = I18N_DIR / lang
    stale: list[str] = []
    untranslated, more = update_strings(lang, english, folder)
    print(f"data/i18n/{lang}/strings.json: {untranslated} of {len(english)} texts to translate (null)")
    stale += more
    for table in translations.translated_tables(data.package):
        todo, more = update_table(data, table, folder)
        print(f"data/i18n/{lang}/{table}.csv: {todo} of {len(data.tables[table])} rows to translate (marked {translations.UNTRANSLATED.strip()})")
        stale += more
    print(f"data/i18n/{lang}/categories.csv: {update_categories(data, folder)} labels to translate")
    missing, stale_pages = page_problems(lang)
    for line in missing + stale + stale_pages:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
