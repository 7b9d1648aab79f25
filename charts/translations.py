"""An edition's translation of the data's reader-facing text, laid over the English tables.

``data/i18n/<lang>/<table>.csv`` has one row per English row: the table's key columns, its text
columns translated, and ``english_hash``, a hash of the English text it was translated from (the
drift test compares it with today's English). ``categories.csv`` translates every category label of
``datapackage.json``. Ids, dates, numbers and sources are never translated.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import io
from pathlib import Path
from typing import Any

# The reader-facing text columns of each table, in the order of the translation files' columns
# (a column the English table lacks is left out: issue-13's events.key, issue-11's expectations).
TEXT_FIELDS = {
    "events": ("title", "summary", "key"),
    "actors": ("name", "description"),
    "issues": ("label", "question"),
    "stances": ("justification",),
    "figures": ("estimated_by", "note"),
    "places": ("name", "description"),
    "expectations": ("expectation", "reasoning", "title"),
}
CATEGORY_COLUMNS = ["resource", "field", "value", "label"]
# The stub's mark on English text still to translate: the build stops at any cell that carries it.
UNTRANSLATED = "TRANSLATE: "


def _resource(package: dict, name: str) -> dict | None:
    return next((r for r in package["resources"] if r["name"] == name), None)


def text_fields(package: dict, table: str) -> list[str]:
    resource = _resource(package, table)
    names = {f["name"] for f in resource["schema"]["fields"]} if resource else set()
    return [name for name in TEXT_FIELDS.get(table, ()) if name in names]


def key_fields(package: dict, table: str) -> list[str]:
    key = _resource(package, table)["schema"]["primaryKey"]
    return [key] if isinstance(key, str) else list(key)


def translated_tables(package: dict) -> list[str]:
    return [r["name"] for r in package["resources"] if text_fields(package, r["name"])]


def header(package: dict, table: str) -> list[str]:
    return key_fields(package, table) + text_fields(package, table) + ["english_hash"]


def row_key(row: dict, keys: list[str]) -> tuple[str, ...]:
    return tuple(str(row[k]) for k in keys)


def english_hash(texts: list[str]) -> str:
    """First 12 hex digits of the SHA-256 of the English text fields joined by U+001F (see I18N.md)."""
    return hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:12]


def english_texts(row: dict, fields: list[str]) -> list[str]:
    return [row[name] or "" for name in fields]


def categories(package: dict) -> list[dict[str, str]]:
    """Every category of the data package, as rows of categories.csv (in English)."""
    return [{"resource": r["name"], "field": f["name"], "value": c["value"], "label": c["label"]}
            for r in package["resources"] for f in r["schema"]["fields"] for c in f.get("categories", [])]


def read_rows(path: Path, expected: list[str], problems: list[str]) -> list[tuple[int, dict[str, str]]] | None:
    """(line, row) of a translation file whose header is exactly ``expected``; None if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        problems.append(f"{path}: file is missing; run `python build/i18n_stub.py {path.parent.name}` to start it")
        return None
    except UnicodeDecodeError:
        problems.append(f"{path}:1: not UTF-8 text; save the file as UTF-8")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    found = next(reader, [])
    if found != expected:
        problems.append(f"{path}:1:1: header is {','.join(found) or '(empty)'}; expected {','.join(expected)}")
        return None
    rows = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(expected):
            problems.append(f"{path}:{reader.line_num}:1: has {len(record)} cells; expected {len(expected)} ({','.join(expected)})")
            continue
        rows.append((reader.line_num, dict(zip(expected, record))))
    return rows


def _check_text(where: str, column: int, name: str, text: str, english: str, problems: list[str]) -> None:
    if text.startswith(UNTRANSLATED):
        problems.append(f"{where}:{column}: {name} is not translated yet (it starts with '{UNTRANSLATED.strip()}')")
    elif english and not text.strip():
        problems.append(f"{where}:{column}: {name} is empty; the English reads '{english[:60]}'")


def translated(package: dict, tables: dict[str, list[dict]], english_lines: dict[str, list[int]], directory: Path,
               lang: str, problems: list[str]) -> tuple[dict, dict[str, list[dict]]]:
    """The package with its category labels, and the tables with their text, in ``lang``."""
    folder = directory / "i18n" / lang
    package = copy.deepcopy(package)
    tables = {name: [dict(row) for row in rows] for name, rows in tables.items()}
    for table in translated_tables(package):
        keys, fields = key_fields(package, table), text_fields(package, table)
        expected = header(package, table)
        path = folder / f"{table}.csv"
        rows = read_rows(path, expected, problems)
        if rows is None:
            continue
        english = {row_key(row, keys): (row, line) for row, line in zip(tables[table], english_lines[table])}
        seen: dict[tuple, int] = {}
        for line, row in rows:
            key = tuple(row[k] for k in keys)
            if key in seen:
                problems.append(f"{path}:{line}:1: {'/'.join(key)} is a duplicate (first on line {seen[key]})")
                continue
            seen[key] = line
            if key not in english:
                problems.append(f"{path}:{line}:1: {'/'.join(keys)} '{'/'.join(key)}' is not a row of data/{table}.csv")
                continue
            target = english[key][0]
            for name in fields:
                _check_text(f"{path}:{line}", expected.index(name) + 1, name, row[name], target[name] or "", problems)
                target[name] = row[name].strip() or None
        for key, (_, line) in english.items():
            if key not in seen:
                problems.append(f"{path}: no row for {'/'.join(keys)} '{'/'.join(key)}' (data/{table}.csv line {line}); "
                                f"run `python build/i18n_stub.py {lang}`")
    _translate_categories(package, folder / "categories.csv", problems)
    return package, tables


def _translate_categories(package: dict, path: Path, problems: list[str]) -> None:
    rows = read_rows(path, CATEGORY_COLUMNS, problems)
    if rows is None:
        return
    labels: dict[tuple, Any] = {(c["resource"], c["field"], c["value"]): c for c in categories(package)}
    found: dict[tuple, dict] = {}
    for r in package["resources"]:
        for f in r["schema"]["fields"]:
            for c in f.get("categories", []):
                found[(r["name"], f["name"], c["value"])] = c
    seen = set()
    for line, row in rows:
        key = (row["resource"], row["field"], row["value"])
        if key not in found:
            problems.append(f"{path}:{line}:1: '{'/'.join(key)}' is not a category of data/datapackage.json")
            continue
        seen.add(key)
        _check_text(f"{path}:{line}", 4, "label", row["label"], labels[key]["label"], problems)
        found[key]["label"] = row["label"].strip()
    for key in sorted(found.keys() - seen):
        problems.append(f"{path}: no row for the category {'/'.join(key)}; run `python build/i18n_stub.py {path.parent.name}`")
