"""Reads of the statistics app: the indicator tables (imported vintages or demo data), the
wage atlas and bottleneck scores computed from them, and the list of imported vintages.

Official vintages win: a page uses imported data when every table it needs has a current
vintage, and the synthetic demo data (labelled "Demodaten") otherwise – never a mix. The
official Land/Germany rows of a BA file (``employment_reference``,
``labour_market_reference``) are read from the same vintage as the Kreis table they came
with, never from another file.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import polars as pl

from fachkraefte import geo, occupations
from fachkraefte.indicators import bottleneck_scores, wage_atlas
from fachkraefte.indicators.config import load_config
from fachkraefte.paths import data_dir
from fachkraefte.sources.vintages import Vintage, current_vintage, list_vintages, load_table

WAGE_TABLES = ("wages",)
BOTTLENECK_TABLES = ("labour_market", "employment")


@dataclass(frozen=True)
class IndicatorData:
    """Where a page's tables come from: ``demo`` or the current vintages (table → id)."""

    demo: bool
    vintages: tuple[tuple[str, str], ...] = ()  # (table, vintage id); a tuple keeps it hashable
    stamp: str = ""  # changes whenever the data behind it changes; keys the caches

    def table(self, name: str) -> pl.DataFrame | None:
        return _load(name, self.demo, dict(self.vintages).get(name), self.stamp)


def _demo_stamp() -> str | None:
    manifest = data_dir() / "demo" / "manifest.json"
    return f"demo:{manifest.stat().st_mtime_ns}" if manifest.is_file() else None


def indicator_data(required: tuple[str, ...]) -> IndicatorData | None:
    """The data for a page needing ``required`` tables, or ``None`` when there is none."""
    current = {name: current_vintage(name) for name in (*required, *_OPTIONAL)}
    if all(current[name] is not None for name in required):
        found = {name: v.vintage_id for name, v in current.items() if v is not None}
        for reference, table in REFERENCE_TABLES.items():
            # The official rows of the very file whose Kreis rows are used, or none at all.
            vintage = current.get(table) or current_vintage(table)
            if vintage is not None and reference in vintage.rows:
                found[reference] = vintage.vintage_id
        ids = tuple(sorted(found.items()))
        stamp = "|".join(f"{k}={v}" for k, v in ids)
        return IndicatorData(demo=False, vintages=ids, stamp=f"{data_dir()}|{stamp}")
    stamp = _demo_stamp()
    if stamp is None:
        return None
    return IndicatorData(demo=True, stamp=f"{data_dir()}|{stamp}")


_OPTIONAL = ("wages", "employment", "employment_foreign", "graduates")
REFERENCE_TABLES = {
    "employment_reference": "employment",
    "labour_market_reference": "labour_market",
}
"""Official Land/Germany rows → the Kreis table of the same BA file (same vintage)."""


@functools.lru_cache(maxsize=16)
def _load(name: str, demo: bool, vintage_id: str | None, _stamp: str) -> pl.DataFrame | None:
    if demo:
        from fachkraefte.sources.demo import load_demo_table

        try:
            return load_demo_table(name)
        except KeyError:
            return None
    return None if vintage_id is None else load_table(name, vintage_id=vintage_id)


def available_years(data: IndicatorData, table: str) -> list[int]:
    frame = data.table(table)
    return [] if frame is None else sorted({int(y) for y in frame["year"].unique()})


def wage_atlas_frame(data: IndicatorData, year: int) -> pl.DataFrame:
    """``indicators.wage_atlas`` of ``year`` on the page's data (cached per data state)."""
    return _wage_atlas(data, year)


@functools.lru_cache(maxsize=8)
def _wage_atlas(data: IndicatorData, year: int) -> pl.DataFrame:
    return wage_atlas(data.table("wages"), year=year, employment=data.table("employment"))


def bottleneck_frame(data: IndicatorData, year: int, level: str) -> pl.DataFrame:
    """``indicators.bottleneck_scores`` of ``year`` at ``level`` (cached per data state)."""
    return _bottlenecks(data, year, level)


@functools.lru_cache(maxsize=8)
def _bottlenecks(data: IndicatorData, year: int, level: str) -> pl.DataFrame:
    return bottleneck_scores(
        year=year,
        labour_market=data.table("labour_market"),
        employment=data.table("employment"),
        wages=data.table("wages"),
        employment_foreign=data.table("employment_foreign"),
        graduates=data.table("graduates"),
        employment_reference=data.table("employment_reference"),
        labour_market_reference=data.table("labour_market_reference"),
        level=level,
    )


def bottleneck_config() -> Any:
    return load_config()


@functools.lru_cache(maxsize=4)
def _region_names(_sha256: str) -> dict[str, str]:
    # Kreise dissolved since the Gebietsstand keep their names for older data.
    stand = dt.date.fromisoformat(geo.regions_metadata()["gebietsstand"])
    names = {r.ags: r.name for r in geo.regions(as_of=stand)}
    names.update({r.ags: r.name for r in geo.regions()})
    return names


def region_names() -> dict[str, str]:
    """AGS → name of every Land, Bezirk and Kreis (the stored district table)."""
    return _region_names(geo.regions_metadata()["sha256"])


@functools.lru_cache(maxsize=1)
def occupation_titles() -> dict[str, str]:
    """KldB 3-digit Berufsgruppe → title."""
    return {o.code: o.title for o in occupations.berufsgruppen()}


def vintages(*, dataset: str | None = None) -> list[Vintage]:
    """Every stored vintage, newest import first."""
    return sorted(list_vintages(dataset=dataset), key=lambda v: v.imported_at, reverse=True)
