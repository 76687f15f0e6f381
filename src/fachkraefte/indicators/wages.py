"""Wage atlas (Lohnatlas): median wages by Kreis × occupation × sex, gender gap, Land comparison.

* ``gender_gap_pct`` = (median men − median women) / median men × 100, the unadjusted gap
  as Destatis defines it (relative to men's earnings), here on BA median full-time wages.
* The Land value comes from the data: rows of the wages table whose ``ags`` is the 2-digit
  Land key (the BA Entgeltstatistik publishes Länder beside Kreise). Where the table has
  none and employment is given, the Land value is the employment-weighted mean of the Kreis
  medians of that Land (weights: SV employees of the occupation and sex). That is not a
  median and is labelled so in ``land_basis``.

>>> import polars as pl
>>> wages = pl.DataFrame({"year": [2023] * 4, "ags": ["06411", "06411", "06", "06"],
...     "kldb3": ["813"] * 4, "sex": ["m", "w", "m", "w"],
...     "median_monthly_wage_eur": [4000.0, 3600.0, 3800.0, 3500.0]})
>>> row = wage_atlas(wages, year=2023).row(0, named=True)
>>> row["gender_gap_pct"], row["land_basis"]
(10.0, 'BA-Landeswert / official Land value')
"""

from __future__ import annotations

import polars as pl

OFFICIAL = "BA-Landeswert / official Land value"
APPROXIMATION = (
    "Näherung: beschäftigungsgewichtetes Mittel der Kreismediane, kein Median / "
    "approximation: employment-weighted mean of the Kreis medians, not a median"
)
NOT_AVAILABLE = "nicht verfügbar / not available"

_SEXES = ("m", "w")


def wage_atlas(
    wages: pl.DataFrame, *, year: int, employment: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per Kreis × kldb3 of ``year`` with the sex medians, the gap and the Land values.

    Columns: ``year, ags, land_ags, kldb3, median_m, median_w, gender_gap_pct,
    land_median_m, land_median_w, land_gender_gap_pct, deviation_from_land_m_pct,
    deviation_from_land_w_pct, land_basis``.
    """
    current = wages.filter(pl.col("year") == year)
    if current.is_empty():
        raise ValueError(f"Keine Entgeltdaten für {year} / no wage rows for {year}")
    kreise = _wide(current.filter(pl.col("ags").str.len_chars() == 5), "median").with_columns(
        land_ags=pl.col("ags").str.slice(0, 2)
    )
    official = _wide(current.filter(pl.col("ags").str.len_chars() == 2), "land_median").rename(
        {"ags": "land_ags"}
    )
    land = official.with_columns(land_basis=pl.lit(OFFICIAL))
    if employment is not None:
        approx = _weighted_land_values(current, employment.filter(pl.col("year") == year))
        # Only where the file had no Land row for that Land × occupation.
        approx = approx.join(
            official.select("land_ags", "kldb3"), on=["land_ags", "kldb3"], how="anti"
        )
        land = pl.concat(
            [land, approx.with_columns(land_basis=pl.lit(APPROXIMATION))], how="vertical"
        )
    result = kreise.join(land, on=["land_ags", "kldb3"], how="left").with_columns(
        pl.col("land_basis").fill_null(NOT_AVAILABLE)
    )
    return (
        result.with_columns(
            gender_gap_pct=_gap("median_m", "median_w"),
            land_gender_gap_pct=_gap("land_median_m", "land_median_w"),
            deviation_from_land_m_pct=100.0 * (pl.col("median_m") / pl.col("land_median_m") - 1.0),
            deviation_from_land_w_pct=100.0 * (pl.col("median_w") / pl.col("land_median_w") - 1.0),
        )
        .select(
            pl.lit(year, dtype=pl.Int16).alias("year"),
            "ags",
            "land_ags",
            "kldb3",
            "median_m",
            "median_w",
            "gender_gap_pct",
            "land_median_m",
            "land_median_w",
            "land_gender_gap_pct",
            "deviation_from_land_m_pct",
            "deviation_from_land_w_pct",
            "land_basis",
        )
        .sort(["ags", "kldb3"])
    )


def _gap(men: str, women: str) -> pl.Expr:
    return 100.0 * (pl.col(men) - pl.col(women)) / pl.col(men)


def _wide(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    columns = {sex: f"{prefix}_{sex}" for sex in _SEXES}
    base = frame.select("ags", "kldb3").unique()
    for sex, name in columns.items():
        part = frame.filter(pl.col("sex") == sex).select(
            "ags", "kldb3", pl.col("median_monthly_wage_eur").alias(name)
        )
        base = base.join(part, on=["ags", "kldb3"], how="left")
    return base


def _weighted_land_values(wages: pl.DataFrame, employment: pl.DataFrame) -> pl.DataFrame:
    weights = (
        employment.filter(pl.col("ags").str.len_chars() == 5)
        .group_by(["ags", "kldb3", "sex"])
        .agg(weight=pl.col("employees").sum())
    )
    joined = (
        wages.filter(pl.col("ags").str.len_chars() == 5)
        .join(weights, on=["ags", "kldb3", "sex"], how="inner")
        .filter(pl.col("median_monthly_wage_eur").is_not_null() & (pl.col("weight") > 0))
        .with_columns(land_ags=pl.col("ags").str.slice(0, 2))
        .group_by(["land_ags", "kldb3", "sex"])
        .agg(
            value=(pl.col("median_monthly_wage_eur") * pl.col("weight")).sum()
            / pl.col("weight").sum()
        )
    )
    base = joined.select("land_ags", "kldb3").unique()
    for sex in _SEXES:
        part = joined.filter(pl.col("sex") == sex).select(
            "land_ags", "kldb3", pl.col("value").alias(f"land_median_{sex}")
        )
        base = base.join(part, on=["land_ags", "kldb3"], how="left")
    return base
