"""Backtest: calibrate at year T, project k years, compare with observed employment T+1…T+k.

Both model outputs that estimate employment are scored: the supply projection (``supply``)
and the damped-trend employment path (``demand``). Errors are reported per aggregation level
(Kreis × Berufsgruppe cells, Hauptgruppe, Bereich, and all of the region) as MAPE (mean
absolute percentage error over cells with observed employment > 0) and bias (mean signed
percentage error; positive = model too high).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.engine import InputError, project
from fachkraefte.forecast.mobility import estimate_mobility

LEVELS = {"berufsgruppe": 3, "hauptgruppe": 2, "bereich": 1, "gesamt": 0}


def _observed(employment: pl.DataFrame, year: int) -> pl.DataFrame:
    return (
        employment.filter(pl.col("year") == year)
        .group_by(["ags", "kldb3"])
        .agg(pl.col("employees").sum().cast(pl.Float64).alias("observed"))
    )


def backtest(
    tables: dict[str, pl.DataFrame],
    origin: int,
    horizon: int,
    *,
    phi: float = 0.8,
    mobility: str = "none",
) -> pl.DataFrame:
    """Rows: year, horizon, measure (supply|demand), level, mape, bias, cells.

    ``mobility="estimated"`` projects with the default mobility matrix, estimated from the
    years up to ``origin`` only (no look-ahead); ``"none"`` without one.
    """
    emp = tables["employment"]
    years = sorted(emp["year"].unique().to_list())
    if origin not in years or origin + horizon > years[-1]:
        raise InputError(
            f"Backtest: Ursprung {origin} + {horizon} Jahre liegt außerhalb {years[0]}–{years[-1]} / "
            f"origin {origin} + {horizon} years outside the observed years"
        )
    past = {k: v.filter(pl.col("year") <= origin) for k, v in tables.items()}
    model = inputs_from_tables(
        past["population"], past["employment"], past["graduates"], trainees=past.get("trainees")
    )
    if mobility == "estimated":
        model.inputs.mobility = estimate_mobility(past).matrix
    elif mobility != "none":
        raise InputError(f"mobility={mobility!r}: erlaubt 'none', 'estimated' / allowed")
    proj = project(model.inputs, horizon, flows=False)
    paths = {
        "supply": proj.supply.sum(axis=3),
        "demand": model.demand_path(horizon, phi).sum(axis=3),
    }
    rows = []
    for h in range(1, horizon + 1):
        obs = _observed(emp, origin + h)
        for measure, arr in paths.items():
            grid = np.meshgrid(np.asarray(model.ags), np.asarray(model.kldb3), indexing="ij")
            pred = pl.DataFrame(
                {"ags": grid[0].ravel(), "kldb3": grid[1].ravel(), "predicted": arr[h].ravel()}
            )
            joined = pred.join(obs, on=["ags", "kldb3"], how="inner")
            for level, digits in LEVELS.items():
                keys = (
                    ["ags", pl.col("kldb3").str.slice(0, digits).alias("group")] if digits else []
                )
                agg = (
                    joined.group_by(keys).agg(pl.col("predicted").sum(), pl.col("observed").sum())
                    if keys
                    else joined.select(pl.col("predicted").sum(), pl.col("observed").sum())
                ).filter(pl.col("observed") > 0)
                err = ((agg["predicted"] - agg["observed"]) / agg["observed"]).to_numpy()
                rows.append(
                    {
                        "year": origin + h,
                        "horizon": h,
                        "measure": measure,
                        "level": level,
                        "mape": float(np.mean(np.abs(err))) if err.size else float("nan"),
                        "bias": float(np.mean(err)) if err.size else float("nan"),
                        "cells": int(err.size),
                    }
                )
    return pl.DataFrame(rows)
