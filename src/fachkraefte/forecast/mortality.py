"""Mortality q(x) for the model: the newest imported life table, or a stated fallback.

The package ships no life table. A forecast uses the current vintage of table ``life_table``
(``fachkraefte import life-table FILE``; a later period becomes current on import). Without
one it uses the Gompertz approximation of ``parameters/mortality.toml`` and records
``status = "nicht geprüft / not checked"`` in the run's parameter record — never silently.

>>> fallback = fallback_mortality()
>>> fallback.checked, fallback.record["status"]
(False, 'nicht geprüft / not checked')
>>> bool((fallback.q[0] > fallback.q[1]).all())  # men die earlier at every age
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fachkraefte.forecast.engine import AGE_MAX, AGE_MIN
from fachkraefte.forecast.parameters import parameters
from fachkraefte.sources.life_table import LifeTable, current_life_table

AGES = np.arange(AGE_MIN, AGE_MAX + 1)
SEXES = ("m", "w")


@dataclass(frozen=True)
class Mortality:
    """q(x) by sex (m, w) × age 15–74, shape (2, 60), and where it came from."""

    q: np.ndarray
    checked: bool
    """True for an imported life table, False for the fallback assumption."""
    record: dict[str, Any] = field(default_factory=dict)
    """What a run stores about it (source, vintage, status)."""


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


def fallback_mortality() -> Mortality:
    """The documented Gompertz assumption, marked not checked."""
    spec = parameters("mortality")["fallback"]
    q = np.stack([spec["q40"][sex] * np.exp(spec["b"][sex] * (AGES - 40.0)) for sex in SEXES]).clip(
        0.0, 0.5
    )
    return Mortality(
        q=q,
        checked=False,
        record={
            "source": spec["source"],
            "vintage": spec["vintage"],
            "status": spec["status"],
            "note": "Keine Sterbetafel importiert ('fachkraefte import life-table DATEI') / "
            "no life table imported",
        },
    )


def current_mortality() -> Mortality:
    """The newest imported life table (the current vintage), else the stated fallback."""
    found = current_life_table()
    if found is None:
        return fallback_mortality()
    return from_life_table(*found)
