"""The indicators of each district that the similar-districts distance compares.

Inputs are plain Polars frames, as the forecast run's aggregates hold them (``profile``,
``age``, ``cube`` of ``fachkraefte.reports.aggregates``) plus BA's ``labour_market`` table;
settlement structure comes from the reference data (``geo``: area and population; the BBSR
Kreistyp in the demo calibration table, an official BBSR file). An indicator the inputs do not
hold is left out and named in ``missing`` – never filled in with a guess.

Indicators (``<name>:<area>`` per KldB Berufsbereich):

- ``kreistyp`` (BBSR 1 Großstadt … 4 dünn besiedelt), ``density_log`` (log10 inhabitants/km²)
- ``share_55``, ``share_under_30``: employees aged 55+ and 15–29 in the base year
- ``employment_share:<a>``: share of employees per occupation area
- ``unemployment``: unemployed / (employees + unemployed), a proxy of the official rate
- ``bottleneck:<a>``: employment-weighted BA bottleneck score per area
- ``gap:<a>``: the forecast's gap in the horizon year, in % of demand, per area
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import polars as pl

from fachkraefte import geo

ALL = "all"  # kldb3 of the sum over occupations in the aggregates
ALL_NIVEAUS = 0
YOUNG_BANDS = ("15-19", "20-24", "25-29")
MILITARY = "0"


@dataclass
class DistrictFeatures:
    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    type_codes: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def put(self, ags: str, name: str, value: float | None) -> None:
        if value is not None and not math.isfinite(value):
            value = None
        self.values.setdefault(ags, {})[name] = value


def _districts(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("ags").str.len_chars() == 5)


def _area(level: int) -> pl.Expr:
    return pl.col("kldb3").str.slice(0, level).alias("area")


def district_features(
    *,
    districts: list[str],
    profile: pl.DataFrame | None,
    age: pl.DataFrame | None,
    horizon_cube: pl.DataFrame | None,
    labour_market: pl.DataFrame | None,
    base_year: int,
    area_level: int = 1,
    kreistypen: dict[str, int] | None = None,
) -> DistrictFeatures:
    """Every indicator of every district in ``districts`` that the inputs allow.

    ``profile``: ags, kldb3, niveau, employees, share_55, bottleneck_score; ``age``: ags,
    kldb3, niveau, age_band, employees; ``horizon_cube``: ags, kldb3, niveau, demand, gap of
    the horizon year; ``labour_market``: year, ags, unemployed; ``kreistypen``: AGS → BBSR
    siedlungsstruktureller Kreistyp.
    """
    out = DistrictFeatures()
    wanted = pl.col("ags").is_in(districts)
    for ags in districts:
        out.values.setdefault(ags, {})
    _settlement(out, districts, kreistypen)

    if profile is not None and profile.height:
        frame = _districts(profile).filter(wanted & (pl.col("niveau") == ALL_NIVEAUS))
        for row in frame.filter(pl.col("kldb3") == ALL).iter_rows(named=True):
            out.put(row["ags"], "share_55", row["share_55"])
        by_area = (
            frame.filter(pl.col("kldb3") != ALL)
            .with_columns(_area(area_level))
            .filter(pl.col("area") != MILITARY)
            .with_columns(
                weighted=pl.col("bottleneck_score") * pl.col("employees"),
                scored=pl.when(pl.col("bottleneck_score").is_not_null()).then(pl.col("employees")),
            )
            .group_by("ags", "area")
            .agg(pl.col("employees").sum(), pl.col("weighted").sum(), pl.col("scored").sum())
            .with_columns(total=pl.col("employees").sum().over("ags"))
        )
        scored_any = by_area["scored"].sum() > 0
        for row in by_area.iter_rows(named=True):
            share = row["employees"] / row["total"] if row["total"] else None
            out.put(row["ags"], f"employment_share:{row['area']}", share)
            if scored_any:
                score = row["weighted"] / row["scored"] if row["scored"] else None
                out.put(row["ags"], f"bottleneck:{row['area']}", score)
        if not scored_any:
            out.missing.append("bottleneck")
    else:
        out.missing += ["share_55", "employment_share", "bottleneck"]

    if age is not None and age.height:
        young = (
            _districts(age)
            .filter(wanted & (pl.col("kldb3") == ALL) & (pl.col("niveau") == ALL_NIVEAUS))
            .group_by("ags")
            .agg(
                young=pl.col("employees").filter(pl.col("age_band").is_in(YOUNG_BANDS)).sum(),
                total=pl.col("employees").sum(),
            )
        )
        for row in young.iter_rows(named=True):
            out.put(
                row["ags"], "share_under_30", row["young"] / row["total"] if row["total"] else None
            )
    else:
        out.missing.append("share_under_30")

    if horizon_cube is not None and horizon_cube.height:
        gaps = (
            _districts(horizon_cube)
            .filter(wanted & (pl.col("kldb3") != ALL) & (pl.col("niveau") == ALL_NIVEAUS))
            .with_columns(_area(area_level))
            .filter(pl.col("area") != MILITARY)
            .group_by("ags", "area")
            .agg(pl.col("gap").sum(), pl.col("demand").sum())
        )
        for row in gaps.iter_rows(named=True):
            rel = 100 * row["gap"] / row["demand"] if row["demand"] else None
            out.put(row["ags"], f"gap:{row['area']}", rel)
    else:
        out.missing.append("gap")

    _unemployment(out, districts, profile, labour_market, base_year)
    return out


def _settlement(
    out: DistrictFeatures, districts: list[str], kreistypen: dict[str, int] | None
) -> None:
    for ags in districts:
        try:
            region = geo.region(ags)
        except geo.UnknownRegionError:
            continue
        if region.area_km2 and region.population:
            out.put(ags, "density_log", math.log10(region.population / region.area_km2))
    if kreistypen:
        for ags in districts:
            if ags in kreistypen:
                out.put(ags, "kreistyp", float(kreistypen[ags]))
                out.type_codes[ags] = str(kreistypen[ags])
    else:
        out.missing.append("kreistyp")


def _unemployment(
    out: DistrictFeatures,
    districts: list[str],
    profile: pl.DataFrame | None,
    labour_market: pl.DataFrame | None,
    base_year: int,
) -> None:
    if labour_market is None or not labour_market.height or profile is None:
        out.missing.append("unemployment")
        return
    market = _districts(labour_market).filter(pl.col("ags").is_in(districts))
    years = [y for y in market["year"].unique().to_list() if y <= base_year]
    if not years:
        out.missing.append("unemployment")
        return
    unemployed = (
        market.filter(pl.col("year") == max(years)).group_by("ags").agg(pl.col("unemployed").sum())
    )
    employees = _districts(profile).filter(
        (pl.col("kldb3") == ALL) & (pl.col("niveau") == ALL_NIVEAUS)
    )
    joined = unemployed.join(employees.select("ags", "employees"), on="ags", how="inner")
    for row in joined.iter_rows(named=True):
        base = (row["employees"] or 0) + (row["unemployed"] or 0)
        out.put(row["ags"], "unemployment", 100 * row["unemployed"] / base if base else None)
