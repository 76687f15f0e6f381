"""Import and storage of district boundaries (BKG VG5000/VG250, Eurostat NUTS).

An import checks every district of the file, computes the adjacency (``neighbours``) and a
simplified copy for web maps (``simplify``) and stores all three. The file may be GeoJSON, TopoJSON or an ESRI Shapefile (see ``boundary_formats``; projected
shapefiles are transformed to WGS84). Files below ``data_dir()/reference/``:
``boundaries.geojson`` (the imported GeoJSON unchanged, or the WGS84 GeoJSON of the districts
read from another format), ``boundaries_web.geojson`` (the simplified copy for web maps, see
``simplify``) and ``boundaries.json`` (file name, format, sha256, attribution, imported_at,
the size reduction of the web copy, adjacency).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fachkraefte.common.errors import ImportProblem, ImportValidationError
from fachkraefte.geo.boundary_formats import BoundaryFile, read_boundary_file
from fachkraefte.geo.neighbours import TOLERANCE_DEGREES, adjacency, vertices
from fachkraefte.geo.simplify import encode, simplify_collection
from fachkraefte.geo.store import atomic_write_bytes, file_sha256, reference_dir

ATTRIBUTION = "© GeoBasis-DE / BKG (Daten verändert)"
ATTRIBUTION_URL = "https://www.bkg.bund.de"
EUROSTAT_ATTRIBUTION = "© EuroGeographics bezüglich der Verwaltungsgrenzen"
EUROSTAT_ATTRIBUTION_URL = "https://ec.europa.eu/eurostat/web/gisco"
WEB_FILE = "boundaries_web.geojson"
WEB_TOLERANCE_DEGREES = 0.005
"""About 350–550 m: invisible on a map of a Land or of Germany, roughly halves VG5000."""


VINTAGES_DIR = "boundary_vintages"
VINTAGES_INDEX = "index.json"


class BoundariesReplaceError(ValueError):
    """A different boundary file would replace the imported one without ``replace=True``."""

    def __init__(self, current: dict[str, Any], file_name: str) -> None:
        self.current = current
        who = current.get("imported_by") or "?"
        super().__init__(
            f"Es sind bereits Kreisgrenzen aus {current.get('file')!r} gespeichert (SHA-256 "
            f"{str(current.get('sha256'))[:12]}…, importiert {current.get('imported_at')} von "
            f"{who}); {file_name!r} ersetzt sie nur mit --replace / boundaries from "
            f"{current.get('file')!r} are already imported; {file_name!r} replaces them only "
            "with --replace (replace=True)"
        )


class BoundariesMissingError(LookupError):
    """No boundary file was imported yet."""

    def __init__(self) -> None:
        super().__init__(
            "Keine Kreisgrenzen importiert – bitte 'fachkraefte regions import-boundaries "
            "DATEI.geojson' ausführen / no district boundaries imported – run 'fachkraefte "
            "regions import-boundaries FILE.geojson'"
        )


@dataclass(frozen=True)
class DistrictBoundaries:
    """A checked boundary file: one feature per district, ``ags`` set on each."""

    source: BoundaryFile
    collection: dict[str, Any]  # only the district features, in file order
    outlines: list[tuple[str, np.ndarray]]
    skipped: int  # features of other countries, NUTS levels or water areas
    attribution: str
    attribution_url: str


def _is_other_area(properties: dict[str, Any]) -> bool:
    """Eurostat files hold every country and NUTS level; BKG VG250 adds water areas (GF 1, 2)."""
    if "NUTS_ID" in properties and not ({"ags", "AGS"} & properties.keys()):
        level = properties.get("LEVL_CODE")
        country = properties.get("CNTR_CODE", str(properties["NUTS_ID"])[:2])
        return country != "DE" or (level is not None and str(level) != "3")
    return str(properties.get("GF", "")) in ("1", "2")


def read_districts(
    path: Path,
    known: Callable[[str], bool],
    resolve_nuts: Callable[[str], str | None] | None = None,
) -> DistrictBoundaries:
    """Read a boundary file (GeoJSON, TopoJSON, Shapefile) and check every district in it.

    ``known`` tells whether an AGS belongs to the district table; ``resolve_nuts`` maps a
    NUTS-3 code to its AGS for Eurostat files (which carry ``NUTS_ID`` instead of an AGS).
    Raises ``ImportValidationError`` listing every problem.
    """
    problems: list[ImportProblem] = []

    def problem(feature: int | None, column: str | None, value: Any, de: str, en: str) -> None:
        if len(problems) < 200:
            shown = None if value is None else str(value)[:120]
            problems.append(ImportProblem(path.name, None, feature, column, shown, de, en))

    source = read_boundary_file(path)
    features = source.collection.get("features")
    if not isinstance(features, list) or not features:
        problem(
            None,
            "features",
            None,
            "Die Datei enthält keine Kreise (keine Features)",
            "the file holds no districts (no features)",
        )
        raise ImportValidationError(problems)
    outlines: list[tuple[str, np.ndarray]] = []
    kept: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    skipped = 0
    eurostat = False
    for number, feature in enumerate(features, start=1):
        properties = dict((feature or {}).get("properties") or {})
        if _is_other_area(properties):
            skipped += 1
            continue
        ags = properties.get("ags", properties.get("AGS"))
        column = "properties.ags"
        if ags is None and "NUTS_ID" in properties:
            eurostat, column = True, "properties.NUTS_ID"
            nuts = str(properties["NUTS_ID"])
            ags = resolve_nuts(nuts) if resolve_nuts else None
            if ags is None:
                problem(
                    number,
                    column,
                    nuts,
                    "NUTS-3-Code gehört zu keinem Kreis der Kreistabelle (andere NUTS-Fassung?)",
                    "NUTS-3 code matches no Kreis of the district table (other NUTS version?)",
                )
                continue
        if not isinstance(ags, str) or not (len(ags) == 5 and ags.isdigit()):
            hint = (
                " – als Zahl gespeichert, führende Null verloren?" if isinstance(ags, int) else ""
            )
            problem(
                number,
                column,
                ags,
                f"AGS muss ein Text mit 5 Ziffern sein{hint}",
                "AGS must be a text of 5 digits",
            )
            continue
        if ags in seen:
            problem(number, column, ags, f"AGS doppelt (auch Feature {seen[ags]})", "duplicate AGS")
            continue
        seen[ags] = number
        if not known(ags):
            problem(
                number,
                column,
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
            points = vertices(geometry)
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
                "'ogr2ogr -t_srs EPSG:4326 aus.geojson ein.shp', oder die Shapefile mit ihrer "
                ".prj-Datei importieren",
                "coordinates are not lon/lat (EPSG:4326) – reproject the file first",
            )
            continue
        outlines.append((ags, points))
        kept.append(
            {"type": "Feature", "properties": {**properties, "ags": ags}, "geometry": geometry}
        )
    if not problems and not outlines:
        problem(
            None,
            "features",
            None,
            "Die Datei enthält keine deutschen Kreise (NUTS-3)",
            "the file holds no German districts (NUTS-3)",
        )
    if problems:
        raise ImportValidationError(problems)
    header = {k: v for k, v in source.collection.items() if k not in ("features", "crs")}
    return DistrictBoundaries(
        source=source,
        collection={**header, "type": "FeatureCollection", "features": kept},
        outlines=outlines,
        skipped=skipped,
        attribution=EUROSTAT_ATTRIBUTION if eurostat else ATTRIBUTION,
        attribution_url=EUROSTAT_ATTRIBUTION_URL if eurostat else ATTRIBUTION_URL,
    )


def read_boundaries(
    path: Path, known: Callable[[str], bool]
) -> tuple[dict[str, Any], list[tuple[str, np.ndarray]]]:
    """Parse and check a boundary file; (header, [(AGS, vertices)]) – see ``read_districts``."""
    districts = read_districts(path, known)
    collection = districts.source.collection
    header = {"file_attribution": collection.get("attribution"), "name": collection.get("name")}
    return header, districts.outlines


def _web_properties(properties: dict[str, Any]) -> dict[str, Any]:
    name = next(
        (properties[k] for k in ("name", "GEN", "NUTS_NAME", "NAME_LATN") if properties.get(k)),
        None,
    )
    return {"ags": properties["ags"], "name": name}


def _sha256(files: tuple[Path, ...]) -> str:
    if len(files) == 1:
        return file_sha256(files[0])
    # A shapefile is several files; its fingerprint covers every part, in a fixed order.
    digest = hashlib.sha256()
    for part in sorted(files, key=lambda p: p.suffix.casefold()):
        digest.update(f"{part.suffix.casefold()}:{file_sha256(part)}\n".encode())
    return digest.hexdigest()


def import_boundaries(
    path: Path | str,
    *,
    known: Callable[[str], bool],
    progress: Callable[[int, int], None] | None = None,
    tolerance: float = WEB_TOLERANCE_DEGREES,
    resolve_nuts: Callable[[str], str | None] | None = None,
    imported_by: str | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Check a boundary file, compute the adjacency and a simplified web copy, store all three.

    Every import is a vintage: recorded (file, SHA-256, imported at, by whom) in
    ``reference/boundary_vintages/index.json`` with a copy of its files, so a replaced
    import is never lost. The same file again (same SHA-256 and tolerance) is a no-op that
    returns the stored metadata with ``created`` False; a different file raises
    ``BoundariesReplaceError`` unless ``replace`` is True.

    Returns the metadata, including ``web`` with the vertex and byte counts before and after
    simplification (``tolerance`` in degrees), ``vintage_id``, ``replaces`` and ``created``.
    """
    path = Path(path)
    if not tolerance >= 0:
        raise ValueError("tolerance muss ≥ 0 sein / must be ≥ 0")
    districts = read_districts(path, known, resolve_nuts)
    sha256 = _sha256(districts.source.files)
    current = _current_metadata()
    if current is not None:
        same_file = current.get("sha256") == sha256
        if same_file and current.get("web", {}).get("tolerance_degrees") == tolerance:
            return {**current, "created": False}
        if not same_file and not replace:
            raise BoundariesReplaceError(current, path.name)
    outlines = districts.outlines
    total = len(outlines)
    neighbours = adjacency(
        outlines, progress=None if progress is None else (lambda done: progress(done, total))
    )
    web_input = {
        "type": "FeatureCollection",
        "features": [
            {**f, "properties": _web_properties(f["properties"])}
            for f in districts.collection["features"]
        ],
    }
    web, stats = simplify_collection(web_input, tolerance=tolerance)
    web["attribution"] = districts.attribution
    source = districts.source
    stored_original = not source.converted and districts.skipped == 0
    full = path.read_bytes() if stored_original else encode(districts.collection)
    web_bytes = encode(web)
    metadata = {
        "file": path.name,
        "format": source.format,
        "crs": source.crs,
        "sha256": sha256,
        "districts": total,
        "skipped_features": districts.skipped,
        "attribution": districts.attribution,
        "attribution_url": districts.attribution_url,
        "file_attribution": source.collection.get("attribution"),
        "tolerance_degrees": TOLERANCE_DEGREES,
        "web": {
            "tolerance_degrees": tolerance,
            "vertices_before": stats["vertices_before"],
            "vertices_after": stats["vertices_after"],
            "bytes_before": len(full),
            "bytes_after": len(web_bytes),
        },
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "imported_by": imported_by or _os_user(),
        "replaces": None if current is None else current.get("vintage_id"),
    }
    metadata["vintage_id"] = f"{metadata['imported_at'][:19].replace(':', '')}-{sha256[:12]}"
    stored = json.dumps(
        {"metadata": metadata, "neighbours": neighbours}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    folder = reference_dir()
    # The vintage's own copy first, then the index, then the current files: a crash in
    # between leaves the previous boundaries current and this import recorded or absent.
    archive = folder / VINTAGES_DIR / metadata["vintage_id"]
    archive.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(archive / "boundaries.geojson", full)
    atomic_write_bytes(archive / WEB_FILE, web_bytes)
    atomic_write_bytes(archive / "boundaries.json", stored)
    index = boundary_vintages()
    index.append({k: v for k, v in metadata.items() if k != "web"})
    atomic_write_bytes(
        folder / VINTAGES_DIR / VINTAGES_INDEX,
        json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    atomic_write_bytes(folder / "boundaries.geojson", full)
    atomic_write_bytes(folder / WEB_FILE, web_bytes)
    # Written last: boundaries_path() and web_boundaries_path() only answer once it exists.
    atomic_write_bytes(folder / "boundaries.json", stored)
    return {**metadata, "created": True}


def boundary_vintages() -> list[dict[str, Any]]:
    """Every boundary import in order: vintage_id, file, sha256, imported_at, imported_by …"""
    path = reference_dir() / VINTAGES_DIR / VINTAGES_INDEX
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")))


def _current_metadata() -> dict[str, Any] | None:
    path = reference_dir() / "boundaries.json"
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8"))["metadata"])


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unbekannt"


def stored_boundaries() -> dict[str, Any]:
    """{"metadata": …, "neighbours": {AGS: [AGS, …]}} of the imported boundaries."""
    path = reference_dir() / "boundaries.json"
    if not path.exists():
        raise BoundariesMissingError()
    return json.loads(path.read_text(encoding="utf-8"))


def boundaries_path() -> Path | None:
    """The imported boundary GeoJSON (full detail, WGS84), or ``None`` before an import."""
    path = reference_dir() / "boundaries.geojson"
    return path if path.exists() and (reference_dir() / "boundaries.json").exists() else None


def web_boundaries_path() -> Path | None:
    """The simplified boundary GeoJSON for web maps, or ``None`` before an import.

    Compact GeoJSON in WGS84 with the properties ``ags`` and ``name`` per district and a
    top-level ``attribution`` to show with every map drawn from it.
    """
    path = reference_dir() / WEB_FILE
    return path if path.exists() and (reference_dir() / "boundaries.json").exists() else None
