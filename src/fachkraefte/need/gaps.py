"""What a stored forecast run says about a set of cells: the gap with its band, the relative
gap, the demographic replacement ratio and the BA bottleneck score.

Read from the run's own tables (``results``, ``uncertainty`` when the run has Monte Carlo
draws, ``replacement_ratio``) and from its ``profile`` aggregate (the employment-weighted BA
bottleneck score of the base year, :mod:`fachkraefte.indicators`); never recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from fachkraefte.forecast import store
from fachkraefte.reports import ALL_NIVEAUS, AggregatesNotReady, read_aggregate

KEY = ["year", "ags", "kldb3"]
BANDS = ("gap_p10", "gap_p50", "gap_p90")


def _cells_filter(cells: Iterable[tuple[str, str]]) -> pl.Expr:
    pairs = sorted(set(cells))
    return pl.concat_str("ags", pl.lit("/"), "kldb3").is_in([f"{a}/{o}" for a, o in pairs])


def bottleneck_by_cell(run_id: str) -> pl.DataFrame:
    """ags, kldb3, bottleneck_score (all levels of the cell; empty before the run's
    aggregates exist or without labour-market data)."""
    try:
        profile = read_aggregate(run_id, "profile", build=False)
    except (AggregatesNotReady, FileNotFoundError):
        return pl.DataFrame(
            schema={"ags": pl.String, "kldb3": pl.String, "bottleneck_score": pl.Float64}
        )
    return profile.filter(pl.col("niveau") == ALL_NIVEAUS).select(
        "ags", "kldb3", pl.col("bottleneck_score").cast(pl.Float64)
    )


def gap_cells(
    run_id: str, cells: Iterable[tuple[str, str]], years: Iterable[int] | None = None
) -> pl.DataFrame:
    """One row per year × (ags, kldb3) of ``cells`` (all years of the run by default).

    Columns: demand, supply, gap (the run's central path, summed over the Anforderungsniveaus),
    gap_rel (gap / demand), gap_p10/gap_p50/gap_p90 and gap_rel_p10/…/p90 (Monte Carlo band
    over demand of the central path; null for a run without draws), replacement_ratio (persons
    aged 27 / aged 64) and bottleneck_score (BA method, 0–3, base year).
    """
    cells = list(cells)
    folder = store.run_dir(run_id)
    chosen = _cells_filter(cells)
    central = (
        pl.scan_parquet(folder / "results.parquet")
        .filter(chosen)
        .group_by(KEY)
        .agg(pl.col("demand").sum(), pl.col("supply").sum())
        .with_columns(gap=pl.col("demand") - pl.col("supply"))
        .collect()
    )
    if years is not None:
        central = central.filter(pl.col("year").is_in(list(years)))
    central = central.with_columns(
        pl.col("year").cast(pl.Int32),
        gap_rel=pl.when(pl.col("demand") > 0).then(pl.col("gap") / pl.col("demand")),
    )
    if (folder / "uncertainty.parquet").exists():
        bands = (
            pl.scan_parquet(folder / "uncertainty.parquet")
            .filter(chosen)
            .select(*KEY, *BANDS)
            .collect()
            .with_columns(pl.col("year").cast(pl.Int32))
        )
        central = central.join(bands, on=KEY, how="left")
    else:
        central = central.with_columns(pl.lit(None, dtype=pl.Float64).alias(b) for b in BANDS)
    central = central.with_columns(
        pl.when(pl.col("demand") > 0).then(pl.col(b) / pl.col("demand")).alias(f"gap_rel_{b[4:]}")
        for b in BANDS
    )
    ratio = (
        pl.scan_parquet(folder / "replacement_ratio.parquet")
        .filter(chosen)
        .select(*KEY, "replacement_ratio")
        .collect()
        .with_columns(pl.col("year").cast(pl.Int32))
    )
    central = central.join(ratio, on=KEY, how="left")
    central = central.join(bottleneck_by_cell(run_id), on=["ags", "kldb3"], how="left")
    return central.sort(KEY)
