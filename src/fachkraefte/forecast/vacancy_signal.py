"""Registered vacancies as a signal for the demand trend, where they are imported.

A cell's vacancy intensity ``x = ln((V + 1) / (E + 1))`` (registered vacancies V, employees E),
less the employment-weighted mean of all cells of the year, so that a general rise of vacancies
is not read as growth of every cell (the Land trend carries the total). Its effect θ on the
next year's growth — the cell's log growth less the weighted mean growth of the year — is the
weighted least-squares slope through the origin (weights E) over the years before the origin.
Whether θ · x is added to a cell's trend at all is decided by the demand backtest
(:func:`fachkraefte.forecast.demand_fit.fit_demand`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import polars as pl

TABLE = "labour_market"
"""The imported table with registered vacancies by Kreis × Berufsgruppe (× Niveau) and year."""


def vacancy_history(
    table: pl.DataFrame, ags: list[str], kldb3: list[str], years: list[int]
) -> np.ndarray | None:
    """(H, R, O) registered vacancies of the history ``years`` (all Niveaus) from the
    ``labour_market`` table; None when the table has none of those years."""
    if "vacancies" not in table.columns:
        return None
    rows = (
        table.filter(pl.col("year").is_in(years) & pl.col("vacancies").is_not_null())
        .group_by("year", "ags", "kldb3")
        .agg(pl.col("vacancies").sum().cast(pl.Float64))
    )
    if rows.is_empty() or set(rows["year"].unique().to_list()) != set(years):
        return None
    out = np.zeros((len(years), len(ags), len(kldb3)))
    y_of = {y: i for i, y in enumerate(years)}
    r_of = {a: i for i, a in enumerate(ags)}
    o_of = {k: i for i, k in enumerate(kldb3)}
    for year, code, group, value in rows.iter_rows():
        if code in r_of and group in o_of:
            out[y_of[year], r_of[code], o_of[group]] = value
    return out


def intensity(vacancies: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """(H, R, O) vacancy intensity relative to the year's weighted mean."""
    x = np.log((vacancies + 1.0) / (cells + 1.0))
    weight = cells.reshape(cells.shape[0], -1)
    mean = (x.reshape(x.shape[0], -1) * weight).sum(axis=1) / np.maximum(weight.sum(axis=1), 1)
    return x - mean[:, None, None]


def effect(x: np.ndarray, cells: np.ndarray, upto: int) -> float:
    """θ from the year pairs (t, t + 1) with t + 1 ≤ ``upto`` (history rows); 0 without any.

    >>> cells = np.array([[[100.0, 100.0]], [[110.0, 90.0]]])
    >>> x = np.array([[[0.5, -0.5]], [[0.0, 0.0]]])
    >>> round(effect(x, cells, 1), 4)  # ln(111/101) − mean = 0.0993 for x = 0.5
    0.1987
    """
    num = den = 0.0
    for t in range(min(upto, cells.shape[0] - 1)):
        w = cells[t]
        growth = np.log((cells[t + 1] + 1.0) / (cells[t] + 1.0))
        growth = growth - (growth * w).sum() / max(w.sum(), 1.0)
        num += float((w * x[t] * growth).sum())
        den += float((w * x[t] ** 2).sum())
    return num / den if den > 0 else 0.0


def with_vacancies(model: Any, tables: dict[str, pl.DataFrame]) -> Any:
    """``model`` (a ``ModelData``) with the vacancies of its history years from the tables'
    ``labour_market``, where that table holds all of them; else ``model`` unchanged."""
    table = tables.get(TABLE)
    if table is None:
        return model
    found = vacancy_history(table, model.ags, model.kldb3, model.history_years)
    return model if found is None else dataclasses.replace(model, vacancies=found)
