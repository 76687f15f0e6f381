"""``--demand auto``: the trend path or the industry path, whichever did better inside the history.

Both candidates are scored by the criterion the trend fit is chosen by
(:func:`~fachkraefte.forecast.demand_fit.in_history_loss`: rolling origins inside the history,
mean MAPE over Kreis × Berufsgruppe, × Hauptgruppe, × Bereich and Land), each from the years
up to its inner origin only: the trend path as chosen (its ``loss_chosen``), the industry path
with the sections' damped trends at the same φ, converted with the inner origin's occupation
mix. Ties go to the trend path (the simpler one). Without ``employment_industry``, or where it
lacks an inner origin's year, the choice is the trend path and the record says why.

>>> import numpy as np
>>> from fachkraefte.forecast.demand_fit import in_history_loss
>>> history = np.ones((4, 1, 1, 1)) * np.array([100.0, 110.0, 121.0, 133.1])[:, None, None, None]
>>> round(in_history_loss(history, [2020, 2021, 2022, 2023], ["06411"], ["813"],
...     lambda i, h: history[i].sum(axis=2) * 1.1**h), 12)
0.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from fachkraefte.forecast.demand_fit import in_history_loss
from fachkraefte.forecast.engine import InputError
from fachkraefte.forecast.industry import INDUSTRY_TABLE, IndustryDemand, industry_demand

if TYPE_CHECKING:
    from fachkraefte.forecast.adapter import ModelData

CRITERION = (
    "mittlere MAPE über vier Ebenen, rollierende Ursprünge in der Geschichte / mean MAPE over "
    "four levels, rolling origins inside the history"
)


def choose_demand_path(
    tables: dict[str, pl.DataFrame], model: ModelData
) -> tuple[str, dict[str, Any]]:
    """``("trend" | "industry", record)``: the path with the lower in-history loss."""
    fit = model.demand_fit
    trend = fit.selection.get("loss_chosen")
    record: dict[str, Any] = {"requested": "auto", "criterion": CRITERION, "trend": trend}
    table = tables.get(INDUSTRY_TABLE)
    if table is None:
        return "trend", {
            **record,
            "industry": None,
            "chosen": "trend",
            "reason": f"Tabelle {INDUSTRY_TABLE!r} fehlt / table missing",
        }
    try:
        industry = industry_loss(table, model, fit.phi)
    except InputError as exc:
        return "trend", {**record, "industry": None, "chosen": "trend", "reason": str(exc)}
    if industry is None or trend is None:
        return "trend", {
            **record,
            "industry": industry,
            "chosen": "trend",
            "reason": "kein innerer Ursprung / no inner origin",
        }
    chosen = "industry" if industry < trend else "trend"
    return chosen, {**record, "industry": industry, "chosen": chosen}


def industry_loss(table: pl.DataFrame, model: ModelData, phi: float) -> float | None:
    """In-history loss of the industry path at damping ``phi`` (see the module docstring)."""
    years = model.history_years
    built: dict[int, IndustryDemand] = {}

    def predict(i: int, h: int):
        if i not in built:
            built[i] = industry_demand(
                table.filter(pl.col("year") <= years[i]),
                ags=model.ags,
                kldb3=model.kldb3,
                history_years=years[: i + 1],
                base=model.demand_history[i],
            )
        return built[i].path(h, phi)[h].sum(axis=2)

    return in_history_loss(model.demand_history, years, model.ags, model.kldb3, predict)
