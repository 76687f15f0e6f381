"""Coordinate systems of German boundary files, transformed to WGS84 lon/lat without pyproj.

Official boundary shapefiles come in a projected system named by their ``.prj`` (ESRI WKT):
BKG VG250/VG5000 as UTM zone 32 on ETRS89 (EPSG:25832) or, in older deliveries, as
Gauss-Krüger on DHDN (EPSG:31466–31469); Eurostat NUTS also as lon/lat (EPSG:4326/4258).
This module reads the WKT and applies

* the inverse transverse Mercator projection (Krüger's series in the third flattening n,
  accurate to about a millimetre within 3,000 km of the central meridian), and
* for DHDN, the 7-parameter Helmert transformation "DHDN to WGS 84 (2)" (EPSG:1777's
  parameters for all of Germany, position-vector convention, about 3 m accuracy) –
  far below the 1:250,000 and 1:5,000,000 scales of the files.

ETRS89 and WGS84 differ by well under a metre in Germany and are treated as the same.

>>> crs = parse_prj('PROJCS["ETRS89_UTM_zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
...     'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
...     'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
...     'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
...     'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],'
...     'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
>>> lon, lat = crs.to_wgs84(np.array([[500000.0, 5_500_000.0]]))[0]
>>> round(float(lon), 6), round(float(lat), 6)
(9.0, 49.652543)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

WGS84_A = 6378137.0
WGS84_INVERSE_F = 298.257223563

# EPSG:1777 "DHDN to WGS 84 (2)": tx, ty, tz in m; rx, ry, rz in arc seconds; scale in ppm.
DHDN_TO_WGS84 = (598.1, 73.7, 418.2, 0.202, 0.045, -2.455, 6.7)

_DHDN_NAMES = ("deutsches_hauptdreiecksnetz", "dhdn", "potsdam")
_WGS84_LIKE = ("wgs_1984", "wgs84", "wgs 84", "etrs_1989", "etrs89", "european_terrestrial")
_TM_NAMES = ("transverse_mercator", "gauss_kruger", "gauss_krueger")


class UnsupportedCrsError(ValueError):
    """The ``.prj`` names a coordinate system this module cannot transform."""


@dataclass(frozen=True)
class TransverseMercator:
    a: float
    inverse_f: float
    central_meridian: float
    scale: float
    false_easting: float
    false_northing: float


@dataclass(frozen=True)
class Crs:
    """A coordinate system read from a ``.prj``: geographic or transverse Mercator."""

    name: str
    datum: str  # "wgs84" (WGS84/ETRS89) or "dhdn"
    a: float
    inverse_f: float
    projection: TransverseMercator | None = None

    @property
    def is_geographic(self) -> bool:
        return self.projection is None

    def to_wgs84(self, points: np.ndarray) -> np.ndarray:
        """n×2 array of x/y (or lon/lat) in this system → n×2 lon/lat in WGS84 degrees."""
        points = np.asarray(points, dtype=float)[:, :2]
        if self.projection is None:
            lon, lat = np.radians(points[:, 0]), np.radians(points[:, 1])
        else:
            lon, lat = inverse_transverse_mercator(points, self.projection)
        if self.datum == "dhdn":
            lon, lat = helmert(lon, lat, self.a, self.inverse_f, DHDN_TO_WGS84)
        return np.column_stack([np.degrees(lon), np.degrees(lat)])


WGS84 = Crs("WGS 84", "wgs84", WGS84_A, WGS84_INVERSE_F)


def inverse_transverse_mercator(
    points: np.ndarray, tm: TransverseMercator
) -> tuple[np.ndarray, np.ndarray]:
    """Easting/northing → (longitude, latitude) in radians on the projection's ellipsoid."""
    f = 1.0 / tm.inverse_f
    n = f / (2.0 - f)
    big_a = tm.a / (1.0 + n) * (1.0 + n**2 / 4.0 + n**4 / 64.0)
    beta = (n / 2.0 - 2.0 * n**2 / 3.0 + 37.0 * n**3 / 96.0, n**2 / 48.0 + n**3 / 15.0)
    beta = (*beta, 17.0 * n**3 / 480.0)
    delta = (2.0 * n - 2.0 * n**2 / 3.0 - 2.0 * n**3, 7.0 * n**2 / 3.0 - 8.0 * n**3 / 5.0)
    delta = (*delta, 56.0 * n**3 / 15.0)
    xi = (points[:, 1] - tm.false_northing) / (tm.scale * big_a)
    eta = (points[:, 0] - tm.false_easting) / (tm.scale * big_a)
    xi_p, eta_p = xi.copy(), eta.copy()
    for j, b in enumerate(beta, start=1):
        xi_p -= b * np.sin(2 * j * xi) * np.cosh(2 * j * eta)
        eta_p -= b * np.cos(2 * j * xi) * np.sinh(2 * j * eta)
    chi = np.arcsin(np.sin(xi_p) / np.cosh(eta_p))
    lat = chi + sum(d * np.sin(2 * j * chi) for j, d in enumerate(delta, start=1))
    lon = math.radians(tm.central_meridian) + np.arctan2(np.sinh(eta_p), np.cos(xi_p))
    return lon, lat


def helmert(
    lon: np.ndarray,
    lat: np.ndarray,
    a: float,
    inverse_f: float,
    parameters: tuple[float, ...],
) -> tuple[np.ndarray, np.ndarray]:
    """Geodetic coordinates on (a, 1/f) → WGS84 through a 7-parameter position-vector shift."""
    tx, ty, tz, rx_s, ry_s, rz_s, ppm = parameters
    rx, ry, rz = (math.radians(v / 3600.0) for v in (rx_s, ry_s, rz_s))
    scale = 1.0 + ppm * 1e-6
    e2 = (2.0 - 1.0 / inverse_f) / inverse_f
    nu = a / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
    x = nu * np.cos(lat) * np.cos(lon)
    y = nu * np.cos(lat) * np.sin(lon)
    z = nu * (1.0 - e2) * np.sin(lat)
    x2 = tx + scale * (x - rz * y + ry * z)
    y2 = ty + scale * (rz * x + y - rx * z)
    z2 = tz + scale * (-ry * x + rx * y + z)
    e2_w = (2.0 - 1.0 / WGS84_INVERSE_F) / WGS84_INVERSE_F
    p = np.hypot(x2, y2)
    new_lat = np.arctan2(z2, p * (1.0 - e2_w))
    for _ in range(5):  # converges to < 1e-12 rad in three steps at these heights
        nu_w = WGS84_A / np.sqrt(1.0 - e2_w * np.sin(new_lat) ** 2)
        height = p / np.cos(new_lat) - nu_w
        new_lat = np.arctan2(z2, p * (1.0 - e2_w * nu_w / (nu_w + height)))
    return np.arctan2(y2, x2), new_lat


# --- reading ESRI WKT ------------------------------------------------------------------------

_NAME = re.compile(r'^\s*(PROJCS|GEOGCS)\s*\[\s*"([^"]*)"', re.IGNORECASE)
_DATUM = re.compile(r'DATUM\s*\[\s*"([^"]*)"', re.IGNORECASE)
_SPHEROID = re.compile(
    r'(?:SPHEROID|ELLIPSOID)\s*\[\s*"[^"]*"\s*,\s*([0-9.eE+-]+)\s*,\s*([0-9.eE+-]+)', re.IGNORECASE
)
_PROJECTION = re.compile(r'PROJECTION\s*\[\s*"([^"]*)"', re.IGNORECASE)
_PARAMETER = re.compile(r'PARAMETER\s*\[\s*"([^"]*)"\s*,\s*([0-9.eE+-]+)', re.IGNORECASE)
_UNIT = re.compile(r'UNIT\s*\[\s*"([^"]*)"\s*,\s*([0-9.eE+-]+)', re.IGNORECASE)


def parse_prj(text: str) -> Crs:
    """The coordinate system of an ESRI ``.prj`` text; ``UnsupportedCrsError`` otherwise."""
    text = text.strip().lstrip("\ufeff")
    head = _NAME.match(text)
    if head is None:
        raise UnsupportedCrsError("keine lesbare WKT-Beschreibung / no readable WKT")
    kind, name = head.group(1).upper(), head.group(2)
    datum_match, spheroid = _DATUM.search(text), _SPHEROID.search(text)
    if datum_match is None or spheroid is None:
        raise UnsupportedCrsError(
            f"{name}: Datum oder Ellipsoid fehlt / datum or ellipsoid missing"
        )
    datum_name = datum_match.group(1).casefold()
    if any(word in datum_name for word in _DHDN_NAMES):
        datum = "dhdn"
    elif any(word in datum_name for word in _WGS84_LIKE):
        datum = "wgs84"
    else:
        raise UnsupportedCrsError(f"{name}: Datum {datum_match.group(1)!r} nicht unterstützt")
    a, inverse_f = float(spheroid.group(1)), float(spheroid.group(2))
    if kind == "GEOGCS":
        return Crs(name, datum, a, inverse_f)
    projection = _PROJECTION.search(text)
    method = projection.group(1).casefold() if projection else ""
    if method not in _TM_NAMES:
        raise UnsupportedCrsError(
            f"{name}: Projektion {projection.group(1) if projection else '?'!r} nicht unterstützt"
        )
    parameters = {key.casefold(): float(value) for key, value in _PARAMETER.findall(text)}
    units = _UNIT.findall(text)  # the last one is the linear unit of the projection
    if units and abs(float(units[-1][1]) - 1.0) > 1e-9:
        raise UnsupportedCrsError(f"{name}: Einheit {units[-1][0]!r} statt Meter")
    if abs(parameters.get("latitude_of_origin", 0.0)) > 1e-9:
        raise UnsupportedCrsError(f"{name}: Ursprungsbreite ≠ 0 nicht unterstützt")
    tm = TransverseMercator(
        a=a,
        inverse_f=inverse_f,
        central_meridian=parameters.get("central_meridian", 0.0),
        scale=parameters.get("scale_factor", 1.0),
        false_easting=parameters.get("false_easting", 0.0),
        false_northing=parameters.get("false_northing", 0.0),
    )
    return Crs(name, datum, a, inverse_f, tm)


_BESSEL = (6377397.155, 299.1528128)
_GRS80 = (6378137.0, 298.257222101)


def crs_from_epsg(code: int) -> Crs:
    """The systems German and European boundary files use, by EPSG code.

    >>> crs_from_epsg(31467).projection.false_easting
    3500000.0
    """
    if code in (4326, 4258):
        return Crs(f"EPSG:{code}", "wgs84", *_GRS80)
    if code == 4314:
        return Crs("EPSG:4314", "dhdn", *_BESSEL)
    if 31466 <= code <= 31469:  # Gauss-Krüger zones 2–5, 3° wide, on DHDN/Bessel
        zone = code - 31464
        tm = TransverseMercator(*_BESSEL, 3.0 * zone, 1.0, zone * 1_000_000 + 500_000.0, 0.0)
        return Crs(f"EPSG:{code}", "dhdn", *_BESSEL, tm)
    if code in (25832, 25833, 32632, 32633):
        zone = code % 100
        tm = TransverseMercator(*_GRS80, 6.0 * zone - 183.0, 0.9996, 500_000.0, 0.0)
        return Crs(f"EPSG:{code}", "wgs84", *_GRS80, tm)
    raise UnsupportedCrsError(f"EPSG:{code} nicht unterstützt / not supported")
