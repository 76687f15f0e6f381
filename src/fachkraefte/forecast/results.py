"""Turn a :class:`Projection` and a demand path into long result tables (Polars)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from fachkraefte.forecast.demand import expansion_demand
from fachkraefte.forecast.engine import InputError, Projection
from fachkraefte.forecast.gap import DEFAULT_THRESHOLDS, Thresholds, classify_frame


def cell_frame(
    projection: Projection,
    demand_path: np.ndarray,
    ags: Sequence[str],
    kldb3: Sequence[str],
    niveaus: Sequence[int] = (1, 2, 3, 4),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pl.DataFrame:
    """One row per year × Kreis × Berufsgruppe × Anforderungsniveau.

    Columns: demand (employment path E), supply (stock S), gap, gap_rel, level, expansion
    (E(t+1) − E(t)), replacement (exits t→t+1) and entries (t→t+1).
    """
    supply = projection.supply
    demand = np.asarray(demand_path, dtype=np.float64)
    if demand.shape != supply.shape:
        raise InputError(
            f"Bedarfspfad Form {demand.shape} ≠ Angebot {supply.shape} / "
            f"demand path shape {demand.shape} differs from supply {supply.shape}"
        )
    t1, n_r, n_o, n_q = supply.shape
    if (len(ags), len(kldb3), len(niveaus)) != (n_r, n_o, n_q):
        raise InputError(
            f"Beschriftungen {len(ags)}×{len(kldb3)}×{len(niveaus)} passen nicht zu "
            f"{(n_r, n_o, n_q)} / labels do not match array shape"
        )
    years = projection.years
    grid = np.meshgrid(
        years, np.asarray(ags), np.asarray(kldb3), np.asarray(niveaus), indexing="ij"
    )
    frame = pl.DataFrame(
        {
            "year": grid[0].ravel().astype(np.int32),
            "ags": grid[1].ravel().astype(str),
            "kldb3": grid[2].ravel().astype(str),
            "niveau": grid[3].ravel().astype(np.int8),
            "demand": demand.ravel(),
            "supply": supply.ravel(),
            "expansion": expansion_demand(demand).ravel(),
            "replacement": projection.exits.ravel(),
            "entries": projection.entries.ravel(),
        }
    )
    return classify_frame(frame, thresholds)


def replacement_ratio_frame(
    projection: Projection, ags: Sequence[str], kldb3: Sequence[str]
) -> pl.DataFrame:
    """Demographic replacement ratio per year × Kreis × Berufsgruppe: persons aged 27 / aged 64.

    A ratio below 1 means fewer people reach the entry age than reach the exit age. Cells
    without anyone aged 64 get a null ratio rather than infinity.
    """
    e, l64 = projection.entrants_27, projection.leavers_64
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(l64 > 0, e / np.where(l64 > 0, l64, 1.0), np.nan)
    grid = np.meshgrid(projection.years, np.asarray(ags), np.asarray(kldb3), indexing="ij")
    return pl.DataFrame(
        {
            "year": grid[0].ravel().astype(np.int32),
            "ags": grid[1].ravel().astype(str),
            "kldb3": grid[2].ravel().astype(str),
            "age_27": e.ravel(),
            "age_64": l64.ravel(),
            "replacement_ratio": ratio.ravel(),
        }
    ).with_columns(pl.col("replacement_ratio").fill_nan(None))
