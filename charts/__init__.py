"""From the CSV dataset to Plotly charts and their HTML: a package that knows nothing of MkDocs."""
from . import figures  # noqa: F401  (registers the charts)
from .dataset import DataError, Dataset, PartialDate, load
from .registry import CHARTS, MARKER, Chart, MarkerError, make_chart, parse_marker

__all__ = ["CHARTS", "MARKER", "Chart", "DataError", "Dataset", "MarkerError", "PartialDate", "load", "make_chart", "parse_marker"]
