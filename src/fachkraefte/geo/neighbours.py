"""District boundaries (BKG VG5000/VG250 as GeoJSON) and the adjacency computed from them.

Two districts are neighbours when their outlines touch: they share at least one vertex within
a small tolerance. The BKG files are topologically consistent – a common border is stored
with the same vertices on both sides – so comparing vertices snapped to a fine grid (with the
eight surrounding cells, for the tolerance) after a bounding-box pre-filter finds every common
border without a GIS library.

Files below ``data_dir()/reference/``: ``boundaries.geojson`` (the imported file, unchanged, for
maps) and ``boundaries.json`` (file name, sha256, attribution, imported_at, adjacency).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fachkraefte.geo.store import atomic_write_bytes, file_sha256, reference_dir
from fachkraefte.sources.errors import ImportProblem, ImportValidationError

ATTRIBUTION = "© GeoBasis-DE / BKG (Daten verändert)"
ATTRIBUTION_URL = "https://www.bkg.bund.de"
TOLERANCE_DEGREES = 1e-4
"""About 7–11 m in Germany: far above rounding noise, far below any district's width."""

_GRID_SPAN = 4_000_000  # grid cells per axis in the integer key; covers ±200° at 1e-4°


class BoundariesMissingError(LookupError):
    """No boundary file was imported yet."""

    def __init__(self) -> None:
        super().__init__(
            "Keine Kreisgrenzen importiert – bitte 'fachkraefte regions import-boundaries "
            "DATEI.geojson' ausführen / no district boundaries imported – run 'fachkraefte "
            "regions import-boundaries FILE.geojson'"
        )


def _rings(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _vertices(geometry: dict[str, Any]) -> np.ndarray:
    return np.concatenate([np.asarray(ring, dtype=float)[:, :2] for ring in _rings(geometry)])


def _cell_keys(cells: np.ndarray) -> np.ndarray:
    return (cells[:, 0] + _GRID_SPAN // 2) * _GRID_SPAN + (cells[:, 1] + _GRID_SPAN // 2)


def adjacency(
    outlines: Sequence[tuple[str, np.ndarray]],
    *,
    tolerance: float = TOLERANCE_DEGREES,
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[str]]:
    """AGS → sorted AGS of the districts whose outlines touch its own.

    ``outlines`` holds (AGS, n×2 array of lon/lat vertices) per district; ``progress`` is
    called with the number of districts done.

    >>> square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    >>> adjacency([("A", square), ("B", square + [1, 0]), ("C", square + [3, 0])])
    {'A': ['B'], 'B': ['A'], 'C': []}
    """
    codes = [code for code, _ in outlines]
    cells, near, boxes = [], [], []
    offsets = np.array([dx * _GRID_SPAN + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    for _, points in outlines:
        grid = np.floor(points / tolerance).astype(np.int64)
        own = np.unique(_cell_keys(grid))
        cells.append(own)
        near.append(np.unique((own[:, None] + offsets[None, :]).ravel()))
        boxes.append([*points.min(axis=0), *points.max(axis=0)])
    box = np.asarray(boxes).reshape(-1, 4)
    pad = 2 * tolerance
    result: dict[str, set[str]] = {code: set() for code in codes}
    for i, code in enumerate(codes):
        overlapping = np.nonzero(
            (box[i, 0] - pad <= box[:, 2])
            & (box[:, 0] <= box[i, 2] + pad)
            & (box[i, 1] - pad <= box[:, 3])
            & (box[:, 1] <= box[i, 3] + pad)
        )[0]
        for j in overlapping[overlapping > i]:
            if np.intersect1d(near[i], cells[j], assume_unique=True).size:
                result[code].add(codes[j])
                result[codes[j]].add(code)
        if progress is not None:
            progress(i + 1)
    return {code: sorted(found) for code, found in result.items()}


def read_boundaries(
    path: Path, known: Callable[[str], bool]
) -> tuple[dict[str, Any], list[tuple[str, np.ndarray]]]:
    """Parse and check a GeoJSON FeatureCollection of Kreis polygons (EPSG:4326).

    ``known`` tells whether an AGS belongs to the district table. Raises
    ``ImportValidationError`` listing every problem.
    """
    problems: list[ImportProblem] = []

    def problem(feature: int | None, column: str | None, value: Any, de: str, en: str) -> None:
        if len(problems) < 200:
            shown = None if value is None else str(value)[:120]
            problems.append(ImportProblem(path.name, None, feature, column, shown, de, en))

    try:
        collection = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem(
            None,
            None,
            None,
            f"Keine gültige JSON-Datei in UTF-8 ({exc})",
            "not a valid UTF-8 JSON file",
        )
        raise ImportValidationError(problems) from exc
    features = collection.get("features") if isinstance(collection, dict) else None
    if (
        not isinstance(features, list)
        or collection.get("type") != "FeatureCollection"
        or not features
    ):
        problem(
            None,
            "type",
            collection.get("type") if isinstance(collection, dict) else None,
            "Erwartet wird eine GeoJSON-FeatureCollection mit Kreisen",
            "a GeoJSON FeatureCollection of districts is expected",
        )
        raise ImportValidationError(problems)
    outlines: list[tuple[str, np.ndarray]] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        ags = properties.get("ags", properties.get("AGS"))
        if not isinstance(ags, str) or not (len(ags) == 5 and ags.isdigit()):
            hint = (
                " – als Zahl gespeichert, führende Null verloren?" if isinstance(ags, int) else ""
            )
            problem(
                number,
                "properties.ags",
                ags,
                f"AGS muss ein Text mit 5 Ziffern sein{hint}",
                "AGS must be a text of 5 digits",
            )
            continue
        if ags in seen:
            problem(
                number,
                "properties.ags",
                ags,
                f"AGS doppelt (auch Feature {seen[ags]})",
                "duplicate AGS",
            )
            continue
        seen[ags] = number
        if not known(ags):
            problem(
                number,
                "properties.ags",
                ags,
                "AGS ist kein Kreis der Kreistabelle",
                "AGS is not a Kreis of the district table",
            )
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problem(
                number,
                "geometry.type",
                geometry.get("type"),
                "Polygon oder MultiPolygon erwartet",
                "Polygon or MultiPolygon expected",
            )
            continue
        try:
            points = _vertices(geometry)
        except (ValueError, TypeError, IndexError, KeyError):
            problem(
                number,
                "geometry.coordinates",
                None,
                "Koordinaten nicht lesbar",
                "coordinates are not readable",
            )
            continue
        if (
            not np.isfinite(points).all()
            or (np.abs(points[:, 0]) > 180).any()
            or (np.abs(points[:, 1]) > 90).any()
        ):
            problem(
                number,
                "geometry.coordinates",
                points[0].tolist(),
                "Koordinaten sind nicht Länge/Breite (EPSG:4326) – bitte umprojizieren, z. B. "
                "'ogr2ogr -t_srs EPSG:4326 aus.geojson ein.shp'",
                "coordinates are not lon/lat (EPSG:4326) – reproject the file first",
            )
            continue
        outlines.append((ags, points))
    if problems:
        raise ImportValidationError(problems)
    header = {"file_attribution": collection.get("attribution"), "name": collection.get("name")}
    return header, outlines


def import_boundaries(
    path: Path | str,
    *,
    known: Callable[[str], bool],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Check a boundary GeoJSON, compute the adjacency and store both; return the metadata."""
    path = Path(path)
    header, outlines = read_boundaries(path, known)
    total = len(outlines)
    neighbours = adjacency(
        outlines, progress=None if progress is None else (lambda done: progress(done, total))
    )
    metadata = {
        "file": path.name,
        "sha256": file_sha256(path),
        "districts": total,
        "attribution": ATTRIBUTION,
        "attribution_url": ATTRIBUTION_URL,
        "file_attribution": header["file_attribution"],
        "tolerance_degrees": TOLERANCE_DEGREES,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    folder = reference_dir()
    atomic_write_bytes(folder / "boundaries.geojson", path.read_bytes())
    atomic_write_bytes(
        folder / "boundaries.json",
        json.dumps(
            {"metadata": metadata, "neighbours": neighbours}, ensure_ascii=False, indent=1
        ).encode("utf-8"),
    )
    return metadata


def stored_boundaries() -> dict[str, Any]:
    """{"metadata": …, "neighbours": {AGS: [AGS, …]}} of the imported boundaries."""
    path = reference_dir() / "boundaries.json"
    if not path.exists():
        raise BoundariesMissingError()
    return json.loads(path.read_text(encoding="utf-8"))


def boundaries_path() -> Path | None:
    """The imported boundary GeoJSON for maps, or ``None`` before an import."""
    path = reference_dir() / "boundaries.geojson"
    return path if path.exists() and (reference_dir() / "boundaries.json").exists() else None
