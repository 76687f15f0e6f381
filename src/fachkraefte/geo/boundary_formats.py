"""Boundary files as published – GeoJSON, TopoJSON, ESRI Shapefile – read into WGS84 GeoJSON.

* **GeoJSON** (BKG VG250/VG5000 converted, Eurostat GISCO NUTS): lon/lat as RFC 7946 wants;
  an old-style ``crs`` member naming a supported EPSG code is honoured.
* **TopoJSON**: arcs decoded (quantised, delta-encoded or plain); the object with the most
  polygons is taken.
* **Shapefile** (BKG's own download format): ``X.shp`` with ``X.dbf`` (attributes),
  ``X.prj`` (coordinate system) and usually ``X.shx`` beside it; ``X.cpg`` names the
  attribute encoding (else UTF-8, falling back to Windows-1252). Coordinates are transformed
  to WGS84 with :mod:`fachkraefte.geo.projection` (UTM/ETRS89 and Gauss-Krüger/DHDN).

Every problem is raised as ``ImportValidationError`` naming the file and what to do.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapefile

from fachkraefte.common.errors import ImportProblem, ImportValidationError
from fachkraefte.geo.projection import (
    WGS84,
    Crs,
    UnsupportedCrsError,
    crs_from_epsg,
    parse_prj,
)

COORDINATE_DIGITS = 6  # about 0.1 m: far below the files' scales, keeps shared vertices equal

_EPSG_IN_NAME = re.compile(r"EPSG:{1,2}(\d{4,5})", re.IGNORECASE)
_POLYGON_TYPES = (shapefile.POLYGON, shapefile.POLYGONZ, shapefile.POLYGONM)
_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "1252": "cp1252", "iso-8859-1": "latin-1"}


@dataclass(frozen=True)
class BoundaryFile:
    """A boundary file read into a GeoJSON FeatureCollection in WGS84 lon/lat."""

    collection: dict[str, Any]
    format: str  # "GeoJSON", "TopoJSON" or "Shapefile"
    crs: str
    files: tuple[Path, ...]
    converted: bool  # True when the collection is not the file's own GeoJSON text


def _fail(path: Path, column: str | None, value: Any, de: str, en: str) -> ImportValidationError:
    shown = None if value is None else str(value)[:120]
    return ImportValidationError([ImportProblem(path.name, None, None, column, shown, de, en)])


def read_boundary_file(path: Path) -> BoundaryFile:
    """Read ``path`` by its extension (.shp, .geojson/.json, .topojson)."""
    suffix = path.suffix.casefold()
    if suffix == ".shp":
        return _read_shapefile(path)
    if suffix in (".dbf", ".shx", ".prj", ".cpg"):
        raise _fail(
            path,
            None,
            path.suffix,
            f"Bitte die .shp-Datei angeben ({path.stem}.shp); die {path.suffix}-Datei wird "
            "daneben gesucht",
            "give the .shp file; the other parts are looked up beside it",
        )
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(
            path,
            None,
            None,
            f"Keine gültige JSON-Datei in UTF-8 ({exc}); erwartet wird GeoJSON, TopoJSON "
            "oder eine Shapefile (.shp)",
            "not a valid UTF-8 JSON file (GeoJSON, TopoJSON or a .shp expected)",
        ) from exc
    if isinstance(document, dict) and document.get("type") == "Topology":
        return BoundaryFile(_decode_topology(path, document), "TopoJSON", WGS84.name, (path,), True)
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        crs = _geojson_crs(path, document)
        if crs.datum == "wgs84" and crs.is_geographic:
            return BoundaryFile(document, "GeoJSON", crs.name, (path,), False)
        return BoundaryFile(_transformed(document, crs), "GeoJSON", crs.name, (path,), True)
    found = document.get("type") if isinstance(document, dict) else type(document).__name__
    raise _fail(
        path,
        "type",
        found,
        "Erwartet wird eine GeoJSON-FeatureCollection oder TopoJSON-Topology mit Kreisen",
        "a GeoJSON FeatureCollection or a TopoJSON Topology of districts is expected",
    )


# --- GeoJSON ---------------------------------------------------------------------------------


def _geojson_crs(path: Path, document: dict[str, Any]) -> Crs:
    name = ((document.get("crs") or {}).get("properties") or {}).get("name")
    if not name or "CRS84" in str(name).upper():
        return WGS84
    match = _EPSG_IN_NAME.search(str(name))
    try:
        if match is None:
            raise UnsupportedCrsError(str(name))
        return crs_from_epsg(int(match.group(1)))
    except UnsupportedCrsError as exc:
        raise _unsupported(path, str(name), exc) from exc


def _unsupported(path: Path, name: str, exc: Exception) -> ImportValidationError:
    return _fail(
        path,
        "crs",
        name,
        f"Koordinatensystem nicht unterstützt ({exc}). Unterstützt: WGS84/ETRS89 "
        "(EPSG:4326/4258), UTM 32/33 (EPSG:25832/25833) und Gauß-Krüger auf DHDN "
        "(EPSG:31466–31469); sonst vorher umprojizieren, z. B. "
        "'ogr2ogr -t_srs EPSG:4326 aus.geojson ein.shp'",
        f"coordinate system not supported ({exc}); reproject to EPSG:4326 first",
    )


def _map_rings(geometry: dict[str, Any], crs: Crs) -> dict[str, Any]:
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else list(geometry["coordinates"])
    )
    mapped = [
        [
            np.round(crs.to_wgs84(np.asarray(ring, dtype=float)), COORDINATE_DIGITS).tolist()
            for ring in polygon
        ]
        for polygon in polygons
    ]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": mapped[0]}
    return {"type": "MultiPolygon", "coordinates": mapped}


def _transformed(document: dict[str, Any], crs: Crs) -> dict[str, Any]:
    features = []
    for feature in document.get("features") or []:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") in ("Polygon", "MultiPolygon"):
            # Unreadable coordinates stay as they are: the feature checks report them.
            with contextlib.suppress(ValueError, TypeError, IndexError):
                geometry = _map_rings(geometry, crs)
        features.append({**(feature or {}), "geometry": geometry})
    result = {k: v for k, v in document.items() if k not in ("crs", "features")}
    return {**result, "features": features}


# --- TopoJSON --------------------------------------------------------------------------------


def _decode_topology(path: Path, topology: dict[str, Any]) -> dict[str, Any]:
    try:
        transform = topology.get("transform")
        arcs = []
        for raw in topology.get("arcs") or []:
            points = np.asarray(raw, dtype=float)[:, :2]
            if transform:
                points = np.cumsum(points, axis=0) * np.asarray(
                    transform["scale"], dtype=float
                ) + np.asarray(transform["translate"], dtype=float)
            arcs.append(points)
        objects = topology.get("objects") or {}
        chosen = max(objects.values(), key=_polygon_count, default=None)
        if chosen is None or _polygon_count(chosen) == 0:
            raise ValueError("keine Polygone / no polygons")

        def ring(indexes: list[int]) -> list[list[float]]:
            out: list[list[float]] = []
            for k, index in enumerate(indexes):
                part = arcs[index] if index >= 0 else arcs[~index][::-1]
                out.extend((part if k == 0 else part[1:]).tolist())
            return out

        features = []
        for geometry in _flatten(chosen):
            properties = dict(geometry.get("properties") or {})
            if "id" in geometry and "ags" not in properties and "AGS" not in properties:
                properties["ags"] = geometry["id"]
            kind = geometry.get("type")
            if kind == "Polygon":
                shape = {"type": kind, "coordinates": [ring(r) for r in geometry["arcs"]]}
            elif kind == "MultiPolygon":
                shape = {
                    "type": kind,
                    "coordinates": [[ring(r) for r in polygon] for polygon in geometry["arcs"]],
                }
            else:
                shape = {"type": kind}
            features.append({"type": "Feature", "properties": properties, "geometry": shape})
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise _fail(
            path,
            "arcs",
            None,
            f"TopoJSON nicht lesbar ({exc})",
            "TopoJSON is not readable",
        ) from exc
    return {"type": "FeatureCollection", "features": features}


def _flatten(obj: dict[str, Any]) -> list[dict[str, Any]]:
    if obj.get("type") == "GeometryCollection":
        return [g for child in obj.get("geometries") or [] for g in _flatten(child)]
    return [obj]


def _polygon_count(obj: dict[str, Any]) -> int:
    return sum(g.get("type") in ("Polygon", "MultiPolygon") for g in _flatten(obj))


# --- Shapefile -------------------------------------------------------------------------------


def _sibling(path: Path, suffix: str) -> Path | None:
    """``X.suffix`` beside ``X.shp``, in any letter case (BKG writes ``.shp``, others ``.SHP``)."""
    for candidate in path.parent.glob(f"{glob_escape(path.stem)}.*"):
        if candidate.suffix.casefold() == suffix:
            return candidate
    return None


def glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def _read_shapefile(path: Path) -> BoundaryFile:
    dbf, shx, prj, cpg = (_sibling(path, s) for s in (".dbf", ".shx", ".prj", ".cpg"))
    for needed, what_de, what_en in (
        (dbf, "die Attributdatei (AGS, Namen)", "the attribute file"),
        (prj, "die Projektionsdatei (Koordinatensystem)", "the projection file"),
    ):
        if needed is None:
            suffix = ".dbf" if what_en == "the attribute file" else ".prj"
            raise _fail(
                path,
                None,
                f"{path.stem}{suffix}",
                f"Zur Shapefile fehlt {what_de} {path.stem}{suffix} im selben Ordner – bitte alle "
                "Teile des Downloads (.shp, .shx, .dbf, .prj, .cpg) zusammen ablegen",
                f"{what_en} {path.stem}{suffix} is missing beside the .shp",
            )
    assert dbf is not None and prj is not None
    try:
        crs = parse_prj(prj.read_text(encoding="utf-8", errors="replace"))
    except UnsupportedCrsError as exc:
        raise _unsupported(prj, prj.read_text(errors="replace")[:80], exc) from exc
    encoding = "utf-8"
    if cpg is not None:
        declared = cpg.read_text(errors="replace").strip().casefold()
        encoding = _ENCODINGS.get(declared, declared or "utf-8")
    elif _not_utf8(dbf):
        encoding = "cp1252"  # older BKG deliveries without .cpg
    files = tuple(p for p in (path, dbf, shx, prj, cpg) if p is not None)
    try:
        with contextlib.ExitStack() as stack:
            streams = {
                part: stack.enter_context(file.open("rb"))
                for part, file in (("shp", path), ("dbf", dbf), ("shx", shx))
                if file is not None
            }
            reader = shapefile.Reader(**streams, encoding=encoding)
            if reader.shapeType not in _POLYGON_TYPES:
                raise _fail(
                    path,
                    None,
                    reader.shapeTypeName,
                    f"Flächen (Polygone) erwartet, die Datei enthält {reader.shapeTypeName}",
                    f"polygons expected, the file holds {reader.shapeTypeName}",
                )
            features = [_shape_feature(item, crs) for item in reader.iterShapeRecords()]
    except (shapefile.ShapefileException, UnicodeDecodeError, ValueError, OSError) as exc:
        if isinstance(exc, ImportValidationError):
            raise
        raise _fail(
            path,
            None,
            None,
            f"Shapefile nicht lesbar ({exc}) – ist die Datei vollständig?",
            "shapefile not readable – is it complete?",
        ) from exc
    collection = {"type": "FeatureCollection", "features": features}
    return BoundaryFile(collection, "Shapefile", crs.name, files, True)


def _not_utf8(dbf: Path) -> bool:
    try:
        dbf.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _shape_feature(item: Any, crs: Crs) -> dict[str, Any]:
    properties = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in item.record.as_dict().items()
    }
    shape = item.shape
    if shape.shapeType == shapefile.NULL or not shape.points:
        return {"type": "Feature", "properties": properties, "geometry": {"type": None}}
    # Transform all points at once, then let pyshp group the rings into polygons and holes
    # (orientation survives the conformal projection).
    shape.points = np.round(
        crs.to_wgs84(np.asarray(shape.points, dtype=float)), COORDINATE_DIGITS
    ).tolist()
    geometry = shape.__geo_interface__
    return {"type": "Feature", "properties": properties, "geometry": _plain(geometry)}


def _plain(value: Any) -> Any:
    """Tuples of pyshp's geo interface as JSON lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
