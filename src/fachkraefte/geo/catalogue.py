"""The regions valid on one date: the stored table with later territorial changes applied.

A ``Catalogue`` is built once per (stored table, date) and cached, so lookups in loops stay
cheap.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

from fachkraefte.geo.names import build_index
from fachkraefte.geo.region import Region
from fachkraefte.geo.store import Merge, Snapshot, territorial_changes

_FIGURES = ("area_km2", "population", "population_male", "population_female")


class ReferenceDateError(ValueError):
    """A date before the Gebietsstand of the stored table was asked for."""


@dataclass(frozen=True, eq=False)
class Catalogue:
    as_of: dt.date
    regions: tuple[Region, ...]  # valid on ``as_of``, sorted by AGS (Land, its Bezirke, Kreise)
    by_ags: dict[str, Region]  # the valid ones and the Kreise dissolved since the Gebietsstand
    by_nuts: dict[str, Region]
    names: dict[str, list[tuple[str, int]]]  # folded name key -> [(AGS, strength)]

    def successor(self, ags: str) -> str:
        """The AGS that holds the territory of ``ags`` on ``as_of`` (itself if unchanged)."""
        seen = set()
        while (
            (region := self.by_ags.get(ags)) is not None and region.merged_into and ags not in seen
        ):
            seen.add(ags)
            ags = region.merged_into
        return ags


def catalogue(snapshot: Snapshot, as_of: dt.date | None) -> Catalogue:
    """Regions of ``snapshot`` on ``as_of`` (default: today)."""
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    if as_of < snapshot.gebietsstand:
        raise ReferenceDateError(
            f"Stichtag {as_of:%d.%m.%Y} liegt vor dem Gebietsstand {snapshot.gebietsstand:%d.%m.%Y}"
            f" der Kreistabelle; frühere Gebietsstände sind nicht hinterlegt / date {as_of} is "
            f"before the reference date {snapshot.gebietsstand} of the district table"
        )
    return _build(snapshot, as_of)


@functools.lru_cache(maxsize=32)
def _build(snapshot: Snapshot, as_of: dt.date) -> Catalogue:
    current = {r.ags: r for r in snapshot.regions}
    dissolved: dict[str, Region] = {}
    for merge in territorial_changes():
        if merge.dissolved in current and snapshot.gebietsstand < merge.effective <= as_of:
            _apply(merge, current, dissolved)
        elif (
            merge.dissolved not in current
            and merge.into in current
            and (merge.effective <= snapshot.gebietsstand)
        ):
            # A later vintage no longer lists the dissolved Kreis: keep its key resolvable.
            successor = current[merge.into]
            dissolved[merge.dissolved] = Region(
                ags=merge.dissolved,
                level="kreis",
                name=merge.dissolved_name,
                kind=merge.dissolved_kind,
                nuts3=merge.dissolved_nuts3,
                parent_ags=successor.parent_ags,
                land_ags=successor.land_ags,
                area_km2=None,
                population=None,
                population_male=None,
                population_female=None,
                merged_into=merge.into,
                merged_on=merge.effective,
            )
    regions = tuple(sorted(current.values(), key=lambda r: r.ags))
    by_ags = {**dissolved, **current}
    by_nuts = {r.nuts3: r for r in dissolved.values() if r.nuts3}
    by_nuts.update({r.nuts3: r for r in regions if r.nuts3})
    names = build_index((r.ags, r.name, r.level) for r in by_ags.values())
    return Catalogue(as_of, regions, by_ags, by_nuts, names)


def _apply(merge: Merge, current: dict[str, Region], dissolved: dict[str, Region]) -> None:
    if merge.into not in current:
        raise ValueError(
            f"territorial_changes.toml: {merge.dissolved} soll in {merge.into} aufgehen, "
            f"{merge.into} fehlt aber in der Kreistabelle / successor missing from the table"
        )
    gone = current.pop(merge.dissolved)
    target = current[merge.into]
    current[target.ags] = dataclasses.replace(
        target, **{f: _add(getattr(target, f), getattr(gone, f)) for f in _FIGURES}
    )
    if gone.parent_ags != target.parent_ags:
        # The territory moves between Bezirke: their sums move with it (Land totals stay).
        for code, sign in ((gone.parent_ags, -1), (target.parent_ags, 1)):
            area = current.get(code or "")
            if area is not None and area.level == "regierungsbezirk":
                current[area.ags] = dataclasses.replace(
                    area, **{f: _add(getattr(area, f), getattr(gone, f), sign) for f in _FIGURES}
                )
    dissolved[gone.ags] = dataclasses.replace(
        gone, merged_into=merge.into, merged_on=merge.effective
    )


def _add(a: float | int | None, b: float | int | None, sign: int = 1) -> float | int | None:
    if a is None or b is None:
        return None
    total = a + sign * b
    return round(total, 2) if isinstance(total, float) else total
