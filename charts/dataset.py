"""Load the CSV tables described by ``data/datapackage.json`` and enforce their schema.

The schema is a Frictionless Data Package; this module reads the parts of it the project
uses (required, unique, pattern, categories, minimum and maximum, integer, number and list types,
the ``partial-date`` format, primary and foreign keys) and reports every problem as one line naming the file,
the line and the column, so an author can fix the CSV without reading Python.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import ENGLISH, Catalogue, CatalogueError, load_catalogue

PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A cell that starts like this is a formula to Excel, LibreOffice and Google Sheets ("=HYPERLINK(…"),
# unless it is a plain number; CSV downloads prefix such cells with an apostrophe.
FORMULA_START = re.compile(r"[=+\-@\t\r]")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


class DataError(Exception):
    """Raised with every problem found, one per line, ready to print."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def formula_like(cell: str) -> bool:
    return bool(FORMULA_START.match(cell)) and not PLAIN_NUMBER.fullmatch(cell)


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP's "CSV injection")."""
    return "'" + cell if formula_like(cell) else cell


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        match = PARTIAL_DATE.fullmatch(text.strip())
        if not match:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in match.groups())
        dt.date(year, month or 1, day or 1)  # raises ValueError for a month 13 or 31 February
        return cls(year, month, day)

    def __lt__(self, other: "PartialDate") -> bool:
        # A month sorts before the days in it: 2015-11 < 2015-11-24.
        return (self.year, self.month or 0, self.day or 0) < (other.year, other.month or 0, other.day or 0)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day the date covers: 2015-12 runs to 31 December 2015."""
        if self.day:
            return self.start
        if self.month:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def iso(self) -> str:
        return "-".join(f"{part:02d}" for part in (self.year, self.month, self.day) if part)

    @property
    def label(self) -> str:
        """Human-readable, in the site's day-month-year style: '30 September 2015'."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Dataset:
    """Validated tables, each a list of rows keyed by field name, with typed values."""

    package: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    directory: Path
    # Cells that load but deserve an author's look: a cell a spreadsheet would take for a formula.
    warnings: tuple[str, ...] = ()
    # The edition's words: its catalogue of texts, dates and numbers (charts/i18n.py). The tables'
    # reader-facing text is already in the edition's language; ids, dates, numbers and sources are not translated.
    words: Catalogue = Catalogue()

    def __getattr__(self, name: str) -> list[dict[str, Any]]:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None

    def by_id(self, table: str) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in self.tables[table]}

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.package["resources"] if r["name"] == name)

    def categories(self, resource: str, field: str) -> list[dict[str, Any]]:
        """The allowed values of a field, in the order the data package declares them, each with
        its label and whatever presentation it carries (colour, sign)."""
        return next(f for f in self.resource(resource)["schema"]["fields"] if f["name"] == field)["categories"]

    def values(self, resource: str, field: str) -> list[Any]:
        """The values a field may hold: its categories in declared order, else those its rows hold, sorted."""
        declared = next(f for f in self.resource(resource)["schema"]["fields"] if f["name"] == field)
        if "categories" in declared:
            return [category["value"] for category in declared["categories"]]
        cells = (row[field] for row in self.tables[resource])
        return sorted({item for cell in cells for item in (cell if isinstance(cell, tuple) else (cell,)) if item is not None})

    def labels(self, resource: str, field: str) -> dict[str, str]:
        return {category["value"]: category["label"] for category in self.categories(resource, field)}


def load(directory: Path | str, lang: str = ENGLISH) -> Dataset:
    """Read and validate every table; raise :class:`DataError` listing all problems found.

    For an edition other than English, its translations of the tables' text (``i18n/<lang>/*.csv``)
    replace the English text, and its catalogue (``i18n/<lang>/strings.json``) comes with the dataset."""
    directory = _shown(Path(directory))
    package_path = directory / "datapackage.json"
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError([f"{package_path}: cannot read the data package ({error})"]) from None

    problems: list[str] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    line_numbers: dict[str, list[int]] = {}
    warnings: list[str] = []
    unreadable: set[str] = set()
    for resource in package["resources"]:
        before = len(problems)
        rows, lines = _read_table(directory / resource["path"], resource["schema"], problems, warnings)
        tables[resource["name"]] = rows
        line_numbers[resource["name"]] = lines
        if not rows and len(problems) > before:
            unreadable.add(resource["name"])
    paths = {resource["name"]: directory / resource["path"] for resource in package["resources"]}
    for resource in package["resources"]:
        _check_keys(paths, resource, tables, line_numbers, problems, skip=unreadable)
    if problems:
        raise DataError(problems)
    if lang == ENGLISH:
        return Dataset(package, tables, directory, tuple(warnings))
    from .translations import translated
    try:
        words = load_catalogue(lang, directory / "i18n")
    except CatalogueError as error:
        problems += error.problems
    package, tables = translated(package, tables, line_numbers, directory, lang, problems)
    if problems:
        raise DataError(problems)
    return Dataset(package, tables, directory, tuple(warnings), words)


def _shown(path: Path) -> Path:
    """The path relative to the working directory when it lies below it, so messages stay short."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _read_table(path: Path, schema: dict, problems: list[str], warnings: list[str]) -> tuple[list[dict], list[int]]:
    try:
        raw = path.read_bytes()
    except OSError:
        problems.append(f"{path}: file is missing")
        return [], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(f"{path}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); save the file as UTF-8")
        return [], []
    fields = schema["fields"]
    expected = [field["name"] for field in fields]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        problems.append(f"{path}:1: file is empty; expected a header row: {','.join(expected)}")
        return [], []
    if header != expected:
        problems.append(f"{path}:1: header is {','.join(header)}; expected {','.join(expected)}")
        return [], []

    rows, lines = [], []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(expected):
            problems.append(f"{path}:{line}: has {len(record)} cells; expected {len(expected)} ({','.join(expected)})")
            continue
        row = {field["name"]: _convert(path, line, field, cell, problems) for field, cell in zip(fields, record)}
        _check_ranges(path, line, fields, row, problems)
        rows.append(row)
        lines.append(line)
        warnings += [f"{path}:{line}: column {field['name']}: '{cell[:20]}' starts with '{cell[0]}', which a spreadsheet "
                     f"would run as a formula; the CSV downloads prefix it with an apostrophe"
                     for field, cell in zip(fields, record) if formula_like(cell)]
    if not rows:
        problems.append(f"{path}:2: no data rows")
    return rows, lines


def _convert(path: Path, line: int, field: dict, cell: str, problems: list[str]) -> Any:
    name, constraints = field["name"], field.get("constraints", {})
    where = f"{path}:{line}: {name}"
    value = cell.strip()
    if not value:
        if constraints.get("required"):
            problems.append(f"{where} is empty; a value is required")
        return () if field["type"] == "list" else None

    if field["type"] == "list":
        items = tuple(item.strip() for item in value.split(field.get("delimiter", ",")))
        if "" in items:
            problems.append(f"{where} '{value}' has an empty item; separate values with '{field.get('delimiter', ',')}'")
        for item in items:
            _check_item(where, item, field, problems)
        return items
    if field["type"] in ("integer", "number"):
        parse, kind = (int, "whole number") if field["type"] == "integer" else (float, "number")
        try:
            number = parse(value)
        except ValueError:
            problems.append(f"{where} '{value}' is not a {kind}")
            return None
        for bound, beyond in (("minimum", number.__lt__), ("maximum", number.__gt__)):
            if bound in constraints and beyond(constraints[bound]):
                problems.append(f"{where} {value} is {'below the minimum' if bound == 'minimum' else 'above the maximum'} {constraints[bound]}")
        return number
    if field.get("format") == "partial-date":
        try:
            return PartialDate.parse(value)
        except ValueError:
            problems.append(f"{where} '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
    _check_item(where, value, field, problems)
    return value


def _check_item(where: str, value: str, field: dict, problems: list[str]) -> None:
    constraints = field.get("constraints", {})
    allowed = [category["value"] for category in field.get("categories", [])]
    if allowed and value not in allowed:
        problems.append(f"{where} '{value}' is not one of: {', '.join(allowed)}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        problems.append(f"{where} '{value}' does not match the pattern {constraints['pattern']}")


def _check_ranges(path: Path, line: int, fields: list[dict], row: dict, problems: list[str]) -> None:
    """A field with ``rangeOf`` names a date field; each of its categories declares the first and
    last day it covers (``start``, ``end``, either open), and the row's date must fall in its category's range."""
    for field in fields:
        date, value = row.get(field.get("rangeOf", "")), row[field["name"]]
        if not isinstance(date, PartialDate) or value is None:
            continue
        covering = [category for category in field["categories"] if _in_range(date, category)]
        if not any(category["value"] == value for category in covering):
            fits = f"; it falls in {covering[0]['value']} ({_range_label(covering[0])})" if covering else ""
            category = next((c for c in field["categories"] if c["value"] == value), None)
            if category:
                problems.append(f"{path}:{line}: {field['name']} '{value}' ({_range_label(category)}) does not fit "
                                f"{field['rangeOf']} {date.iso}{fits}")


def _in_range(date: PartialDate, category: dict) -> bool:
    day = date.start.isoformat()  # a month or a year counts from its first day
    return category.get("start", day) <= day <= category.get("end", day)


def _range_label(category: dict) -> str:
    start, end = (PartialDate.parse(category[key]).label if key in category else None for key in ("start", "end"))
    return f"{start} to {end}" if start and end else f"from {start}" if start else f"to {end}"


def _check_keys(paths: dict[str, Path], resource: dict, tables: dict, line_numbers: dict, problems: list[str],
                skip: set[str]) -> None:
    """Primary and foreign keys; references into a table that could not be read are not checked,
    so that one broken file gives one message rather than one per row that cites it."""
    schema, name = resource["schema"], resource["name"]
    path = paths[name]
    rows, lines = tables[name], line_numbers[name]

    key = schema.get("primaryKey")
    if key:
        key_fields = [key] if isinstance(key, str) else key
        first_seen: dict[tuple, int] = {}
        for row, line in zip(rows, lines):
            value = tuple(str(row[field]) for field in key_fields)
            if value in first_seen:
                shown = ", ".join(value)
                problems.append(f"{path}:{line}: {'/'.join(key_fields)} '{shown}' is a duplicate (first on line {first_seen[value]})")
            else:
                first_seen[value] = line

    for foreign_key in schema.get("foreignKeys", []):
        field, target = foreign_key["fields"], foreign_key["reference"]
        if target["resource"] in skip:
            continue
        known = {row[target["fields"]] for row in tables.get(target["resource"], [])}
        target_path = paths[target["resource"]]
        for row, line in zip(rows, lines):
            values = row[field] if isinstance(row[field], tuple) else (row[field],)
            for value in values:
                if value and value not in known:
                    problems.append(f"{path}:{line}: {field} '{value}' is not an id in {target_path}")

