"""Regions of Germany: Land > Regierungsbezirk > Kreis, with AGS and NUTS-3 codes.

The hierarchy comes from Destatis' table 04-kreise (Gemeindeverzeichnis), read by the project's
own importer (``geo.destatis_kreise``) from the copy that the npm package
``landkreise-deutschland`` ships (Gebietsstand 31.12.2018) or from a newer vintage
(``import_regions``). Territorial changes after the reference date come from documented
mappings (``territorial_changes.toml``); neighbours from imported BKG boundaries.

>>> from fachkraefte import geo
>>> len(geo.districts(land="06")), len(geo.districts(as_of=datetime.date(2018, 12, 31)))
(26, 401)
>>> geo.find_region("Landkreis Giessen").ags, geo.region("DE712").name
('06531', 'Frankfurt am Main, Stadt')
>>> geo.region("16056").merged_into
'16063'
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fachkraefte.geo import boundaries as _boundaries
from fachkraefte.geo import store as _store
from fachkraefte.geo.boundaries import (
    BoundariesMissingError,
    BoundariesReplaceError,
    boundaries_path,
    boundary_vintages,
    web_boundaries_path,
)
from fachkraefte.geo.catalogue import Catalogue, ReferenceDateError, catalogue
from fachkraefte.geo.names import fold, query_variants
from fachkraefte.geo.region import CITY_KINDS, LEVELS, Region
from fachkraefte.geo.store import Merge, territorial_changes

__all__ = [
    "CITY_KINDS",
    "LEVELS",
    "AmbiguousRegionError",
    "BoundariesMissingError",
    "BoundariesReplaceError",
    "Merge",
    "ReferenceDateError",
    "Region",
    "RegionLookupError",
    "UnknownRegionError",
    "boundaries_metadata",
    "boundaries_path",
    "boundary_vintages",
    "children",
    "districts",
    "ensure_default_boundaries",
    "find_region",
    "import_boundaries",
    "import_regions",
    "land",
    "laender",
    "neighbours",
    "neighbours_attribution",
    "parent",
    "region",
    "regierungsbezirke",
    "regions",
    "regions_attribution",
    "regions_metadata",
    "regions_source",
    "territorial_changes",
    "web_boundaries_path",
]

SHIPPED_BOUNDARIES = Path(__file__).with_name("kreise_vg5000_2021_web.json")
SHIPPED_BOUNDARIES_ATTRIBUTION = Path(__file__).with_name("kreise_vg5000_2021_quellenvermerk.txt")

_NUTS3 = re.compile(r"^DE[0-9A-G][0-9A-Z]{2}$")


class RegionLookupError(LookupError):
    """A code or name did not lead to exactly one region."""


class UnknownRegionError(RegionLookupError):
    """No region has this code or name; ``suggestions`` holds close matches."""

    def __init__(self, message: str, suggestions: list[Region] | None = None):
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            listed = "; ".join(f"{r.ags} {r.name}" for r in self.suggestions)
            message = f"{message}. Meinten Sie / did you mean: {listed}?"
        super().__init__(message)


class AmbiguousRegionError(RegionLookupError):
    """A name fits several regions (Kassel: Stadt and Landkreis); ``candidates`` lists them."""

    def __init__(self, name: str, candidates: list[Region]):
        self.candidates = sorted(candidates, key=lambda r: r.ags)
        listed = "; ".join(
            f"{r.ags} {r.name} ({r.kind or _LEVEL_DE[r.level]})" for r in self.candidates
        )
        super().__init__(
            f"{name!r} ist mehrdeutig: {listed} – bitte den vollen Namen, die Art ('Landkreis …', "
            f"'Stadt …') oder den AGS angeben / {name!r} is ambiguous: give the full name, the "
            f"kind or the AGS"
        )


_LEVEL_DE = {"land": "Land", "regierungsbezirk": "Regierungsbezirk", "kreis": "Kreis"}


def _catalogue(as_of: datetime.date | None = None) -> Catalogue:
    return catalogue(_store.snapshot(), as_of)


# --- listings ---------------------------------------------------------------------------------


def regions(*, as_of: datetime.date | None = None) -> list[Region]:
    """All Länder, Regierungsbezirke and Kreise valid on ``as_of`` (default today), by AGS.

    Sorting by AGS lists each Land, then each of its Bezirke followed by its Kreise.
    """
    return list(_catalogue(as_of).regions)


def laender() -> list[Region]:
    """The 16 Länder, by AGS."""
    return [r for r in _catalogue().regions if r.level == "land"]


def regierungsbezirke(land: str | int | None = None) -> list[Region]:
    """Regierungsbezirke (also Lower Saxony's statistical regions, Rhineland-Palatinate's former
    Bezirke and Saxony's Direktionsbezirke, as the table lists them), optionally of one Land."""
    wanted = _land_code(land)
    return [
        r
        for r in _catalogue().regions
        if r.level == "regierungsbezirk" and (wanted is None or r.land_ags == wanted)
    ]


def districts(land: str | int | None = None, *, as_of: datetime.date | None = None) -> list[Region]:
    """Kreise and kreisfreie Städte valid on ``as_of`` (default today), sorted by AGS.

    ``land`` takes a Land AGS ('06', '6', 6) or name ('Hessen').
    """
    wanted = _land_code(land)
    return [
        r
        for r in _catalogue(as_of).regions
        if r.level == "kreis" and (wanted is None or r.land_ags == wanted)
    ]


def _land_code(code_or_name: str | int | None) -> str | None:
    return None if code_or_name is None else land(code_or_name).ags


def land(code_or_name: str | int) -> Region:
    """A Land by AGS ('06', '6', 6) or name ('Hessen', 'hessen').

    >>> land(6).name, land("Baden-Wuerttemberg").ags
    ('Hessen', '08')
    """
    text = str(code_or_name).strip()
    found = region(text) if text.isdigit() else find_region(text, level="land")
    if found.level != "land":
        raise UnknownRegionError(f"{code_or_name!r} ist kein Land / is not a Land")
    return found


# --- lookups ----------------------------------------------------------------------------------


def normalise_code(code: str | int) -> str:
    """An AGS with leading zeros restored, or an upper-case NUTS code.

    >>> [normalise_code(c) for c in ("6411", 6411, " 06 ", 6, "de711")]
    ['06411', '06411', '06', '06', 'DE711']
    """
    text = str(code).strip().upper()
    if text.isdigit() and len(text) in (1, 4):
        return "0" + text  # spreadsheets drop the leading zero of '06' and '06411'
    return text


def region(code: str | int, *, as_of: datetime.date | None = None) -> Region:
    """A region by AGS (2, 3 or 5 digits; '6411' and 6411 also work) or NUTS-3 code ('DE711').

    A Kreis dissolved by a reform since the Gebietsstand still resolves; its ``merged_into``
    and ``merged_on`` say where it went.
    """
    key = normalise_code(code)
    found = _catalogue(as_of)
    if key in found.by_ags:
        return found.by_ags[key]
    if _NUTS3.match(key) and key in found.by_nuts:
        return found.by_nuts[key]
    if key.isdigit() and len(key) in (2, 3, 5):
        raise UnknownRegionError(
            f"Kein Land, Bezirk oder Kreis mit dem AGS {key!r} / no region with AGS {key!r}"
        )
    raise UnknownRegionError(
        f"Unbekannter Regionalschlüssel {str(code)!r}: erwartet wird ein AGS mit 2 (Land), "
        f"3 (Bezirk) oder 5 Stellen (Kreis), z. B. '06' oder '06411', oder ein NUTS-3-Code wie "
        f"'DE711' / unknown region code: expected an AGS of 2, 3 or 5 digits or a NUTS-3 code"
    )


def _looks_like_code(text: str) -> bool:
    key = normalise_code(text)
    return key.isdigit() or bool(_NUTS3.match(key))


def find_region(
    name: str, *, level: str | None = None, as_of: datetime.date | None = None
) -> Region:
    """A region by name, tolerant to case, umlauts/ß and the ways people add the kind.

    'Giessen' finds 'Gießen'; 'Landkreis Kassel', 'Kreis Offenbach', 'Stadt Kassel',
    'Kassel, Stadt', 'Main-Kinzig', 'Wetterau-Kreis' and 'Darmstadt Wissenschaftsstadt' work.
    A Land's name means the Land ('Berlin', 'Hamburg'; the Kreis is 'Berlin, Stadt'). A name
    several regions share raises ``AmbiguousRegionError`` (e.g. 'Kassel': city and Landkreis);
    an unknown one ``UnknownRegionError`` with close matches. Codes are passed to ``region``.

    >>> find_region("Stadt Kassel").ags, find_region("Landkreis Kassel").ags
    ('06611', '06633')
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level muss einer von {LEVELS} sein / must be one of {LEVELS}")
    if _looks_like_code(name):
        found_by_code = region(name, as_of=as_of)
        if level in (None, found_by_code.level):
            return found_by_code
    cat = _catalogue(as_of)
    strength: dict[str, int] = {}
    for key, kinds in query_variants(name):
        for ags, score in cat.names.get(key, ()):
            candidate = cat.by_ags[ags]
            if kinds is not None and (candidate.level != "kreis" or candidate.kind not in kinds):
                continue
            if level is not None and candidate.level != level:
                continue
            strength[ags] = max(score, strength.get(ags, 0))
    if not strength:
        raise UnknownRegionError(
            f"Keine Region namens {name!r} / no region named {name!r}",
            _suggestions(cat, name, level),
        )
    for rule in (
        lambda ags: strength[ags] == 3,  # the full official name, designation included
        lambda ags: strength[ags] >= 2 and cat.by_ags[ags].level == "land",
        lambda ags: True,
    ):
        chosen = [ags for ags in strength if rule(ags)]
        if len(chosen) > 1:
            # A Kreis dissolved by a reform may share its name with its successor (Landkreis
            # Göttingen, 03152 before and 03159 since 2016): the name means the current one.
            current = [ags for ags in chosen if not cat.by_ags[ags].merged_into]
            chosen = current if len(current) == 1 else chosen
        if len(chosen) == 1:
            return cat.by_ags[chosen[0]]
        if len(chosen) > 1:
            raise AmbiguousRegionError(name, [cat.by_ags[ags] for ags in chosen])
    raise AssertionError("unreachable: the last rule accepts every match")


def _suggestions(cat: Catalogue, name: str, level: str | None) -> list[Region]:
    wanted = query_variants(name)[-1][0]
    close = difflib.get_close_matches(wanted or fold(name), list(cat.names), n=6, cutoff=0.75)
    found: dict[str, Region] = {}
    for key in close:
        for ags, _ in cat.names[key]:
            if level is None or cat.by_ags[ags].level == level:
                found.setdefault(ags, cat.by_ags[ags])
    return list(found.values())[:5]


def children(code: str | int) -> list[Region]:
    """Regions directly below: a Land's Bezirke (or its Kreise where it has none), a Bezirk's
    Kreise; a Kreis has none."""
    own = region(code)
    return [r for r in _catalogue().regions if r.parent_ags == own.ags]


def parent(code: str | int) -> Region | None:
    """The region directly above (Kreis -> Bezirk or Land, Bezirk -> Land, Land -> None)."""
    own = region(code)
    return region(own.parent_ags) if own.parent_ags else None


def neighbours(ags: str | int, *, as_of: datetime.date | None = None) -> list[Region]:
    """Kreise sharing a border with the Kreis ``ags`` (from imported boundaries), by AGS.

    Boundaries of an older territory are mapped onto ``as_of``: a dissolved Kreis' borders
    count for its successor. Raises ``BoundariesMissingError`` before
    ``fachkraefte regions import-boundaries``.
    """
    cat = _catalogue(as_of)
    own = region(ags, as_of=as_of)
    if own.level != "kreis":
        raise ValueError(
            f"Nachbarn gibt es nur für Kreise; {own.ags} ist {_LEVEL_DE[own.level]} "
            f"/ neighbours are defined for Kreise only"
        )
    adjacency: dict[str, list[str]] = _boundaries.stored_boundaries()["neighbours"]
    if own.merged_into:
        parts = {own.ags}
    else:
        parts = {code for code in adjacency if cat.successor(code) == own.ags} | {own.ags}
    found = {cat.successor(n) for part in parts for n in adjacency.get(part, ())}
    found -= parts | {own.ags}
    return [cat.by_ags[code] for code in sorted(found) if code in cat.by_ags]


# --- sources and imports ----------------------------------------------------------------------


def regions_metadata() -> dict[str, Any]:
    """Source, file, sha256, Gebietsstand and import time of the district table."""
    return dict(_store.snapshot().metadata)


def regions_source() -> str:
    """'Statistisches Bundesamt (Destatis), Gemeindeverzeichnis 04-kreise, Gebietsstand 31.12.2018'."""
    snap = _store.snapshot()
    return f"{snap.metadata['source']}, Gebietsstand {snap.gebietsstand:%d.%m.%Y}"


def regions_attribution() -> str:
    """'© Statistisches Bundesamt (Destatis), 2019, dl-de/by-2-0' for the stored vintage."""
    meta = _store.snapshot().metadata
    return f"{meta['attribution']}, {meta['licence']}"


def import_regions(path: Path | str, *, allow_older: bool = False) -> dict[str, Any]:
    """Make the 04-kreise file at ``path`` the district table; see ``geo.store.import_regions``."""
    return _store.import_regions(path, allow_older=allow_older)


def _known_kreise() -> Catalogue:
    return _catalogue(max(datetime.date.today(), _store.snapshot().gebietsstand))


def import_boundaries(
    path: Path | str,
    *,
    progress: Callable[[int, int], None] | None = None,
    tolerance: float = _boundaries.WEB_TOLERANCE_DEGREES,
    imported_by: str | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Store district boundaries, their adjacency and a simplified copy for web maps.

    ``path``: GeoJSON, TopoJSON or ESRI Shapefile (``.shp`` with ``.dbf``/``.prj`` beside it)
    of BKG VG250/VG5000 Kreise (attribute ``ags``/``AGS``) or Eurostat NUTS (``NUTS_ID``;
    German NUTS-3 regions are taken, matched to AGS through the district table). Every AGS
    must be a Kreis of the district table (current or dissolved since). ``tolerance``: the
    simplification of the web copy in degrees. ``progress(done, total)`` is called while the
    adjacency is computed. Returns the metadata (see ``boundaries_metadata``).

    Each import is recorded as a vintage (``boundary_vintages()``: file, SHA-256, imported
    at, ``imported_by``); the same file again is a no-op (``created`` False), a different
    file raises ``BoundariesReplaceError`` unless ``replace`` is True.
    """
    cat = _known_kreise()

    def known(code: str) -> bool:
        return code in cat.by_ags and cat.by_ags[code].level == "kreis"

    def resolve_nuts(code: str) -> str | None:
        found = cat.by_nuts.get(code.strip().upper())
        return found.ags if found is not None and found.level == "kreis" else None

    return _boundaries.import_boundaries(
        path,
        known=known,
        progress=progress,
        tolerance=tolerance,
        resolve_nuts=resolve_nuts,
        imported_by=imported_by,
        replace=replace,
    )


def ensure_default_boundaries() -> dict[str, Any] | None:
    """Import the boundaries shipped with the package when none are imported; idempotent.

    The shipped file is a simplified copy of BKG's VG5000 Kreise (Stand 01.01.2021, all 401
    Kreise of Germany, transformed from the original shapefile), © GeoBasis-DE / BKG 2021,
    dl-de/by-2-0 (``SHIPPED_BOUNDARIES_ATTRIBUTION``). Returns the metadata of a new import,
    ``None`` when boundaries were already there.
    """
    if boundaries_path() is not None:
        return None
    return import_boundaries(SHIPPED_BOUNDARIES)


def boundaries_metadata() -> dict[str, Any]:
    """File, sha256, attribution and import time of the imported boundaries."""
    return dict(_boundaries.stored_boundaries()["metadata"])


def neighbours_attribution() -> str:
    """'© GeoBasis-DE / BKG (Daten verändert)' – to show wherever neighbours or maps are used.

    Raises ``BoundariesMissingError`` (naming the CLI command) when no boundaries were imported.
    """
    return str(boundaries_metadata()["attribution"])
