"""Backtest: calibrate at year T, project k years, compare with observed employment T+1…T+k.

Both model outputs that estimate employment are scored: the supply projection (``supply``)
and the damped-trend employment path (``demand``); the accuracy table also scores the industry
path where ``employment_industry`` is there (:data:`INDUSTRY_METHOD`). Errors are reported per
aggregation level (Kreis × Berufsgruppe cells, Hauptgruppe, Bereich, and all of the region) as
MAPE (mean absolute percentage error over cells with observed employment > 0) and bias (mean
signed percentage error; positive = model too high).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.forecast.adapter import ModelData, inputs_from_tables
from fachkraefte.forecast.engine import InputError, project
from fachkraefte.forecast.industry import INDUSTRY_TABLE, model_industry_demand
from fachkraefte.forecast.levels import LevelIndex
from fachkraefte.forecast.mobility import estimate_mobility
from fachkraefte.forecast.vacancy_signal import with_vacancies

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
    phi: float | None = None,
    mobility: str = "none",
) -> pl.DataFrame:
    """Rows: year, horizon, measure (supply|demand), level, mape, bias, cells.

    ``mobility="estimated"`` projects with the estimated mobility matrix (the scenario
    ``berufswechsel_wie_geschaetzt``), from the years up to ``origin`` only (no look-ahead);
    ``"none"`` (the base run) without one.
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
        "supply": model.supply_path(proj.supply).sum(axis=3),
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


# --- accuracy table: model, carry-forward and naive trend side by side ----------------------

METHODS = ("model_supply", "model_demand", "carry_forward", "naive_trend")
"""``model_supply``: the supply projection (stock flows); ``model_demand``: the damped-trend
employment path; ``carry_forward``: employment stays as it is at the origin; ``naive_trend``:
the origin's employment plus the mean yearly change over all history years up to the origin
(the "drift" method), floored at zero."""
INDUSTRY_METHOD = "model_industry"
"""The industry demand path (``--demand industry``: each WZ section's damped trend with the
damping of the demand fit, converted with the origin's occupation mix), scored where the
tables hold ``employment_industry`` for the origin; no band of its own (it carries the trend
path's calibrated noise, docs/forecast-model.md)."""
ALL_METHODS = (*METHODS[:2], INDUSTRY_METHOD, *METHODS[2:])
"""Every method in the order of the tables; :data:`INDUSTRY_METHOD` only where scored."""
ACCURACY_LEVELS = ("berufsgruppe", "hauptgruppe", "bereich", "land")
"""Kreis × Berufsgruppe, Kreis × Berufshauptgruppe, Kreis × Berufsbereich, Land."""
MAX_HORIZON = 3


def backtest_origins(tables: dict[str, pl.DataFrame], max_horizon: int = MAX_HORIZON) -> list:
    """(origin, horizon) pairs the employment series allows: every year with one year of
    history before it and at least one observed year after it, projected as far as the data
    reach (at most ``max_horizon`` years)."""
    years = sorted(tables["employment"]["year"].unique().to_list())
    return [(y, min(max_horizon, years[-1] - y)) for y in years[1:-1]]


def _cell_array(frame: pl.DataFrame, year: int, ags: list[str], kldb3: list[str]) -> np.ndarray:
    """Employment of ``year`` as an (R, O) array on the model's labels (other cells left out)."""
    obs = _observed(frame, year)
    out = np.zeros((len(ags), len(kldb3)))
    r = {code: i for i, code in enumerate(ags)}
    o = {code: i for i, code in enumerate(kldb3)}
    for a, k, v in obs.iter_rows():
        if a in r and k in o:
            out[r[a], o[k]] = v
    return out


def _positions(levels: LevelIndex) -> dict[str, np.ndarray]:
    """Positions of each accuracy level among the level series (all Niveaus)."""
    n_o = len(levels.occupations)
    out = {}
    for name in ACCURACY_LEVELS:
        region_level, occupation_level = ("land", "gesamt") if name == "land" else ("kreis", name)
        regions = [i for i, (lvl, _c) in enumerate(levels.regions) if lvl == region_level]
        groups = [i for i, (lvl, _c) in enumerate(levels.occupations) if lvl == occupation_level]
        out[name] = (np.asarray(regions)[:, None] * n_o + np.asarray(groups)[None, :]).ravel()
    return out


def accuracy(
    tables: dict[str, pl.DataFrame],
    origin: int,
    horizon: int,
    *,
    phi: float | None = None,
    mobility: str = "none",
    draws: int = 200,
    seed: int = 0,
) -> pl.DataFrame:
    """Rows: origin, horizon, year, level, method, mape, bias, coverage, coverage_in_history,
    units.

    Errors of the year ``origin + horizon`` against observed employment, per level
    (:data:`ACCURACY_LEVELS`) and method (:data:`METHODS`): MAPE and bias (mean signed
    percentage error, positive = too high) over the units with employment > 0; ``coverage`` is
    the share of units whose observed value lies inside the model's P10–P90 band (a Monte
    Carlo of ``draws`` draws from the origin, the band of each unit's sum over the draws;
    null for the two benchmarks, which have no band); ``coverage_in_history`` the share of the
    in-history errors at that level inside the same calibrated noise's P10–P90
    (:func:`~fachkraefte.forecast.demand_noise.in_history_coverage`, 80 % at the cell level by
    construction). Everything is estimated from the years up to ``origin`` only.
    """
    from fachkraefte.forecast.levels import level_index
    from fachkraefte.forecast.montecarlo import monte_carlo_bands

    emp = tables["employment"]
    years = sorted(emp["year"].unique().to_list())
    if origin not in years or origin + horizon > years[-1] or origin == years[0]:
        raise InputError(
            f"Backtest: Ursprung {origin} + {horizon} Jahre liegt außerhalb {years[0]}–{years[-1]} "
            f"(mindestens ein Vorjahr nötig) / origin {origin} + {horizon} years outside the "
            "observed years (one earlier year needed)"
        )
    past = {k: v.filter(pl.col("year") <= origin) for k, v in tables.items()}
    model = inputs_from_tables(
        past["population"], past["employment"], past["graduates"], trainees=past.get("trainees")
    )
    model = with_vacancies(model, past)
    if mobility == "estimated":
        model.inputs.mobility = estimate_mobility(past).matrix
    elif mobility != "none":
        raise InputError(f"mobility={mobility!r}: erlaubt 'none', 'estimated' / allowed")
    levels = level_index(model.ags, model.kldb3)
    first = min(years)
    start = _cell_array(emp, first, model.ags, model.kldb3)
    now = _cell_array(emp, origin, model.ags, model.kldb3)
    drift = (now - start) / (origin - first)
    point = {
        "model_supply": model.supply_path(project(model.inputs, horizon, flows=False).supply)[
            horizon
        ].sum(axis=2),
        "model_demand": model.demand_path(horizon, phi)[horizon].sum(axis=2),
        "carry_forward": now,
        "naive_trend": np.maximum(now + horizon * drift, 0.0),
    }
    industry = _industry_point(past, model, origin, horizon, phi)
    if industry is not None:
        point[INDUSTRY_METHOD] = industry
    _cells, bands = monte_carlo_bands(model, horizon, draws=draws, seed=seed, levels=levels)
    band_of = {"model_supply": bands["supply"], "model_demand": bands["demand"]}
    observed = _totals(levels, _cell_array(emp, origin + horizon, model.ags, model.kldb3))
    # how well the same bands covered the history they were calibrated on (no look-ahead)
    in_history = model.demand_fit.selection["band_coverage_in_history"]
    rows = []
    for level, pos in _positions(levels).items():
        obs = observed[pos]
        ok = obs > 0
        for method in (m for m in ALL_METHODS if m in point):
            err = (_totals(levels, point[method])[pos][ok] - obs[ok]) / obs[ok]
            coverage = None
            if method in band_of:
                low, high = band_of[method][0, horizon, pos], band_of[method][2, horizon, pos]
                coverage = float(np.mean((obs[ok] >= low[ok]) & (obs[ok] <= high[ok])))
            rows.append(
                {
                    "origin": origin,
                    "horizon": horizon,
                    "year": origin + horizon,
                    "level": level,
                    "method": method,
                    "mape": float(np.mean(np.abs(err))) if err.size else None,
                    "bias": float(np.mean(err)) if err.size else None,
                    "coverage": coverage,
                    "coverage_in_history": in_history[level] if method in band_of else None,
                    "units": int(ok.sum()),
                }
            )
    return pl.DataFrame(
        rows, schema_overrides={"coverage": pl.Float64, "coverage_in_history": pl.Float64}
    )


def _industry_point(
    past: dict[str, pl.DataFrame], model: ModelData, origin: int, horizon: int, phi: float | None
) -> np.ndarray | None:
    """(R, O) industry path ``horizon`` years after ``origin``, from the years up to the
    origin only, or None where ``employment_industry`` lacks the origin."""
    table = past.get(INDUSTRY_TABLE)
    if table is None or origin not in set(table["year"].unique().to_list()):
        return None
    industry = model_industry_demand(table, model)
    damping = model.demand_fit.phi if phi is None else phi
    return industry.path(horizon, damping)[horizon].sum(axis=2)


def _totals(levels: LevelIndex, cells: np.ndarray) -> np.ndarray:
    """(R, O) cell values → the sums of every level over all Niveaus."""
    return (levels.region_matrix @ cells @ levels.occupation_matrix.T).ravel()


def accuracy_table(
    tables: dict[str, pl.DataFrame],
    *,
    origins: list[tuple[int, int]] | None = None,
    phi: float | None = None,
    mobility: str = "none",
    draws: int = 200,
    seed: int = 0,
) -> pl.DataFrame:
    """:func:`accuracy` from every (origin, horizon) of ``origins`` (default
    :func:`backtest_origins`), stacked."""
    pairs = backtest_origins(tables) if origins is None else origins
    if not pairs:
        raise InputError(
            "Backtest: zu wenige beobachtete Jahre (mindestens drei) / too few observed years"
        )
    return pl.concat(
        [
            accuracy(tables, o, h, phi=phi, mobility=mobility, draws=draws, seed=seed)
            for o, h in pairs
        ]
    )


def mean_by_level(table: pl.DataFrame) -> pl.DataFrame:
    """MAPE, bias and coverage averaged over the origins, per level and method (the summary
    the monitor shows first)."""
    return (
        table.group_by("level", "method", maintain_order=True)
        .agg(
            pl.col("mape").mean(),
            pl.col("bias").mean(),
            pl.col("coverage").mean(),
            *([pl.col("coverage_in_history").mean()] if "coverage_in_history" in table else []),
            pl.len().alias("origins"),
        )
        .sort(
            pl.col("level").replace_strict(
                {name: i for i, name in enumerate(ACCURACY_LEVELS)}, return_dtype=pl.Int8
            ),
            pl.col("method").replace_strict(
                {name: i for i, name in enumerate(ALL_METHODS)}, return_dtype=pl.Int8
            ),
        )
    )


def side_by_side(table: pl.DataFrame) -> pl.DataFrame:
    """One row per origin and level, the methods' MAPE, bias and coverage as columns
    (``mape_<method>``, ``bias_<method>``, ``coverage_<model method>``, and
    ``coverage_in_history`` where the table has it)."""
    keys = ["origin", "horizon", "year", "level", "units"]
    values = ["mape", "bias", "coverage"]
    values += ["coverage_in_history"] if "coverage_in_history" in table else []
    wide = table.pivot(on="method", index=keys, values=values)
    methods = [m for m in ALL_METHODS if m in set(table["method"].to_list())]
    columns = keys + [f"mape_{m}" for m in methods] + [f"bias_{m}" for m in methods]
    columns += [f"coverage_{m}" for m in METHODS[:2]]
    if "coverage_in_history" in table:
        # one noise for both model paths: the supply column says it for both
        wide = wide.rename({"coverage_in_history_model_supply": "coverage_in_history"})
        columns.append("coverage_in_history")
    return wide.select(columns)
