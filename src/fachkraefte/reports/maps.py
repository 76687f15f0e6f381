"""District maps as SVG shapes: from boundary GeoJSON, or a tile map drawn from the AGS codes.

A choropleth is a handful of paths, so it is drawn on the server as inline SVG (one shape per
district, each a link) rather than by a charting library: it works without JavaScript, every
district is focusable and labelled, and the page carries no GeoJSON.

Projection: equirectangular with the longitude scaled by cos(mean latitude) — at the size of
a German Land it looks like the official maps, and it needs no projection library.

>>> tiles = tile_shapes(["06411", "06412", "06531"])
>>> [s.ags for s in tiles.shapes], tiles.source
(['06411', '06412', '06531'], 'tiles')
>>> tiles.shapes[0].d
'M2 2h56v56h-56Z'
>>> classify(0.12, GAP_BREAKS), classify(None, GAP_BREAKS)
(3, None)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TILE = 60  # tile map: cell size in SVG units
_GAP = 2  # tile map: space around each tile


@dataclass(frozen=True)
class Shape:
    """One district: its SVG path and a point inside it for a label."""

    ags: str
    d: str
    cx: float
    cy: float


@dataclass(frozen=True)
class MapShapes:
    """Shapes in SVG user units with the ``viewBox`` that frames them."""

    shapes: list[Shape]
    width: float
    height: float
    source: str  # "boundaries" or "tiles"

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def read_features(path: Path) -> dict[str, dict[str, Any]]:
    """AGS → geometry of a district GeoJSON (property ``ags`` or ``AGS``)."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        ags = properties.get("ags", properties.get("AGS"))
        if isinstance(ags, str) and feature.get("geometry"):
            found[ags] = feature["geometry"]
    return found


def boundary_shapes(
    geometries: dict[str, dict[str, Any]], codes: Sequence[str], *, width: float = 600
) -> MapShapes | None:
    """Paths for the districts ``codes``; ``None`` when any of them has no geometry.

    A partial map would hide districts, so a missing one sends the caller to the tile map.
    """
    if not codes or any(code not in geometries for code in codes):
        return None
    rings = {code: _rings(geometries[code]) for code in codes}
    points = [p for code in codes for ring in rings[code] for p in ring]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * scale_x or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    margin = 4.0
    factor = (width - 2 * margin) / span_x
    height = span_y * factor + 2 * margin

    def xy(point: Sequence[float]) -> tuple[float, float]:
        x = (point[0] - min(lons)) * scale_x * factor + margin
        y = (max(lats) - point[1]) * factor + margin
        return round(x, 1), round(y, 1)

    shapes = []
    for code in codes:
        parts = []
        area_best, centre = -1.0, (0.0, 0.0)
        for ring in rings[code]:
            projected = [xy(p) for p in ring]
            # Drop repeated points after rounding: shorter paths, same picture.
            kept = [projected[0]] + [
                p for prev, p in zip(projected, projected[1:], strict=False) if p != prev
            ]
            if len(kept) < 3:
                continue
            open_ring = kept[:-1] if kept[0] == kept[-1] else kept  # "Z" closes the path
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in open_ring) + "Z")
            area, cx, cy = _centroid(kept)
            if abs(area) > area_best:
                area_best, centre = abs(area), (cx, cy)
        shapes.append(Shape(code, "".join(parts), round(centre[0], 1), round(centre[1], 1)))
    return MapShapes(shapes, round(width, 1), round(height, 1), "boundaries")


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and centroid of a polygon (shoelace formula)."""
    area = cx = cy = 0.0
    closed = points if points[0] == points[-1] else [*points, points[0]]
    for (x0, y0), (x1, y1) in zip(closed, closed[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*points, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)


def tile_shapes(codes: Iterable[str], *, columns: int = 8) -> MapShapes:
    """A tile map: one square per district, one block of rows per Regierungsbezirk.

    Districts are grouped by the first three AGS digits (the Regierungsbezirk, or the Land
    where it has none) and laid out in AGS order, ``columns`` tiles per row.
    """
    ordered = sorted(codes)
    groups: dict[str, list[str]] = {}
    for code in ordered:
        groups.setdefault(code[:3], []).append(code)
    shapes, row = [], 0
    used_columns = 1
    for members in groups.values():
        for index, code in enumerate(members):
            col, r = index % columns, row + index // columns
            x, y = col * TILE + _GAP, r * TILE + _GAP
            size = TILE - 2 * _GAP
            shapes.append(
                Shape(code, f"M{x} {y}h{size}v{size}h-{size}Z", x + size / 2, y + size / 2)
            )
            used_columns = max(used_columns, col + 1)
        row += math.ceil(len(members) / columns)
    shapes.sort(key=lambda s: s.ags)
    return MapShapes(shapes, used_columns * TILE, max(row, 1) * TILE, "tiles")


# --- colour classes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Breaks:
    """Class limits ``bounds`` (n−1 values for n classes) and one colour per class.

    A value belongs to the first class whose upper bound it is below.
    """

    bounds: tuple[float, ...]
    colours: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.colours) != len(self.bounds) + 1:
            raise ValueError("Breaks: eine Farbe mehr als Grenzen / one colour more than bounds")


# Relative gap: the forecast's own thresholds (docs/forecast-model.md, section 4), with the
# Engpass class split at 20 %. Diverging blue (surplus) – orange/red (shortage), colour-blind
# safe (ColorBrewer RdYlBu, reversed) and distinct from each other by lightness.
GAP_BREAKS = Breaks(
    (-0.03, 0.03, 0.10, 0.20), ("#4575b4", "#e0f3f8", "#fdae61", "#f46d43", "#a50026")
)
# Share of employees aged 55+: sequential purples in five-point steps.
AGE_BREAKS = Breaks(
    (0.15, 0.20, 0.25, 0.30), ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
)
# BA bottleneck score: < 1.5 none, 1.5–2.0 watch list, ≥ 2.0 bottleneck (BA Engpassanalyse).
SCORE_BREAKS = Breaks((1.0, 1.5, 2.0), ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"))
MISSING_COLOUR = "#d9d9d9"


def classify(value: float | None, breaks: Breaks) -> int | None:
    """Index of the class ``value`` falls into; ``None`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for index, bound in enumerate(breaks.bounds):
        if value < bound:
            return index
    return len(breaks.bounds)


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (for labels on tiles)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"
