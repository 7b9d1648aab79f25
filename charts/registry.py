"""Chart markers and the registry of chart functions they name.

A marker is one HTML comment in Markdown, ``<!-- chart: timeline from=2015-09 to=2015-12 -->``.
Each chart is a function registered with :func:`chart`, declaring the parameters it accepts and
how each is parsed; the function gets the dataset and the parsed parameters and returns a
:class:`Chart`. Adding a chart is one decorated function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import plotly.graph_objects as go

from .dataset import Dataset, PartialDate
from .i18n import Catalogue

MARKER = re.compile(r"<!--\s*chart:\s*(?P<body>.*?)\s*-->")


class MarkerError(ValueError):
    """A marker names an unknown chart, an unknown parameter or a bad value."""


class Value(str):
    """A table cell's text as readers see it ("24 November 2015", "1,000–2,000"), carrying its
    machine-readable forms (an ISO date, plain numbers), which the CSV download gives in columns of their own."""

    machine: dict[str, Any]

    def __new__(cls, text: str, machine: dict[str, Any]) -> "Value":
        value = super().__new__(cls, text)
        value.machine = machine
        return value


@dataclass
class Table:
    """The chart's data as rows for an HTML table and a CSV download."""

    columns: list[str]
    rows: list[list[Any]]  # a cell is text (perhaps a Value), or a list of (text, url) pairs for links
    row_ids: list[str] = field(default_factory=list)  # lets the page script find a point's row


@dataclass
class Chart:
    key: str  # stable and unique for a chart and its parameters: the spec's file name and the element id
    title: str
    summary: str  # one paragraph that says in words what the chart shows
    figure: go.Figure
    table: Table
    source_ids: list[str] = field(default_factory=list)
    height: int = 400  # reserved before the chart library arrives, so the page does not jump
    # Read by the page script: "reading" is the keyboard order of points ("time": left to right,
    # "rows": top row first, "map": north to south); a timeline adds its events and filters, a map its
    # places with their events.
    explore: dict[str, Any] = field(default_factory=dict)
    words: Catalogue = field(default_factory=Catalogue)  # the edition's words, for the chart's HTML, drawing and spec


@dataclass(frozen=True)
class ChartType:
    name: str
    function: Callable[..., Chart]
    params: dict[str, Callable[[str], Any]]
    required: frozenset[str]


CHARTS: dict[str, ChartType] = {}


def chart(name: str, required: tuple[str, ...] = (), **params: Callable[[str], Any]):
    """Register a chart function under ``name``; keyword arguments map parameter names to parsers."""
    def register(function: Callable[..., Chart]) -> Callable[..., Chart]:
        CHARTS[name] = ChartType(name, function, params, frozenset(required))
        return function
    return register


def id_list(text: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in text.split(","))
    if not all(items):
        raise ValueError("expected a comma-separated list of ids")
    return items


def partial_date(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD") from None


def single_id(text: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", text):
        raise ValueError("expected one id in lower-case-with-hyphens")
    return text


@dataclass(frozen=True)
class DataParam:
    """A parameter whose values name values in the data (``table.field``): the build checks them
    against the dataset and lists the valid ones when a value is not among them."""

    parse: Callable[[str], Any]
    table: str
    field: str = "id"

    def __call__(self, text: str) -> Any:
        return self.parse(text)


def ids(table: str, field: str = "id") -> DataParam:
    """A comma-separated list of values of ``table.field``."""
    return DataParam(id_list, table, field)


def one_id(table: str, field: str = "id") -> DataParam:
    """One value of ``table.field``."""
    return DataParam(single_id, table, field)


def date_of(table: str, field: str) -> DataParam:
    """A date that ``table.field`` holds."""
    return DataParam(partial_date, table, field)


@dataclass(frozen=True)
class Marker:
    name: str
    params: dict[str, Any]
    raw: dict[str, str]

    @property
    def key(self) -> str:
        parts = [self.name] + [f"{name}-{value.replace(',', '-')}" for name, value in sorted(self.raw.items())]
        return "--".join(parts)


def parse_marker(body: str) -> Marker:
    """Parse the text after ``chart:`` into a chart name and checked parameters."""
    name, *pairs = body.split()
    if name not in CHARTS:
        raise MarkerError(f"unknown chart '{name}'; known charts: {', '.join(sorted(CHARTS))}")
    chart_type = CHARTS[name]
    raw: dict[str, str] = {}
    for pair in pairs:
        param, sep, value = pair.partition("=")
        if not sep or not value:
            raise MarkerError(f"chart '{name}': '{pair}' is not of the form name=value")
        if param not in chart_type.params:
            known = ", ".join(sorted(chart_type.params)) or "none"
            raise MarkerError(f"chart '{name}' has no parameter '{param}'; its parameters: {known}")
        raw[param] = value
    missing = chart_type.required - raw.keys()
    if missing:
        raise MarkerError(f"chart '{name}' needs {', '.join(sorted(missing))}=…")
    params = {}
    for param, value in raw.items():
        try:
            params[param] = chart_type.params[param](value)
        except ValueError as error:
            raise MarkerError(f"chart '{name}': {param}='{value}': {error}") from None
    return Marker(name, params, raw)


def check_against_data(marker: Marker, data: Dataset) -> None:
    """Every value of a :class:`DataParam` must be in the data: ``actors=turky`` is an error, not an empty chart."""
    for param, value in marker.params.items():
        declared = CHARTS[marker.name].params[param]
        if not isinstance(declared, DataParam):
            continue
        valid = data.values(declared.table, declared.field)
        for item in value if isinstance(value, tuple) else (value,):
            if item not in valid:
                where = data.directory / data.resource(declared.table)["path"]
                raise MarkerError(f"chart '{marker.name}': {param}='{marker.raw[param]}': '{item}' is not in the {declared.field} "
                                  f"column of {where}; valid values: {', '.join(str(v) for v in valid)}")


def make_chart(marker: Marker, data: Dataset) -> Chart:
    """Build the chart a marker names; chart functions raise MarkerError when the parameters select nothing."""
    check_against_data(marker, data)
    result = CHARTS[marker.name].function(data, marker.params)
    result.key = marker.key
    result.words = data.words
    return result
