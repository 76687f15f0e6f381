"""Mortality q(x) for the model: the newest imported life table, else the shipped Destatis one.

The package ships the Destatis period life table 12621-0001 for Germany 2022/24 as data
(``parameters/life_table_12621-0001_2022-24.csv``, source and vintage in
``parameters/mortality.toml``). A forecast uses the current vintage of table ``life_table``
where one was imported (``fachkraefte import life-table FILE``; a later period becomes current
on import), else the shipped table; the run's parameter record says which.

>>> shipped = shipped_mortality()
>>> shipped.record["table"], shipped.record["period"]
('12621-0001', '2022/24')
>>> round(float(shipped.q[0, 60 - 15]), 5), round(float(shipped.q[1, 60 - 15]), 5)  # at 60
(0.00927, 0.00501)
>>> bool((shipped.q[0] > shipped.q[1]).all())  # men die earlier at every age 15–74
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from fachkraefte.forecast.engine import AGE_MAX, AGE_MIN
from fachkraefte.forecast.parameters import FOLDER, parameters
from fachkraefte.sources.life_table import LifeTable, current_life_table, life_table_from_frame

AGES = np.arange(AGE_MIN, AGE_MAX + 1)


@dataclass(frozen=True)
class Mortality:
    """q(x) by sex (m, w) × age 15–74, shape (2, 60), and where it came from."""

    q: np.ndarray
    checked: bool
    """True for an official life table (imported or shipped)."""
    record: dict[str, Any] = field(default_factory=dict)
    """What a run stores about it (source, table, period, vintage, status)."""


def from_life_table(table: LifeTable, vintage_id: str = "") -> Mortality:
    """Mortality read from ``table`` at every age 15–74."""
    return Mortality(
        q=table.q_at(AGES).astype(np.float64),
        checked=True,
        record={
            "source": table.source or f"Sterbetafel {table.table_code}",
            "table": table.table_code,
            "period": table.period,
            "vintage": vintage_id,
            "status": "importiert / imported",
        },
    )


@cache
def shipped_mortality() -> Mortality:
    """The Destatis life table shipped with the package (``parameters/mortality.toml``)."""
    spec = parameters("mortality")["shipped"]
    frame = pl.read_csv(
        FOLDER / spec["file"], schema_overrides={"table_code": pl.String, "period": pl.String}
    )
    table = life_table_from_frame(frame, spec["source"])
    mortality = from_life_table(table, spec["vintage"])
    return Mortality(mortality.q, True, {**mortality.record, "status": spec["status"]})


def current_mortality() -> Mortality:
    """The newest imported life table (the current vintage), else the shipped one."""
    found = current_life_table()
    if found is None:
        return shipped_mortality()
    return from_life_table(*found)
