"""Net migration rates by Kreis × sex × age, estimated from consecutive population years.

Measured net of the life table's deaths (the exits already carry mortality, so deaths are
subtracted once); pairs ending in a flagged one-off year (``parameters/migration.toml``) are
left out while others remain, and the median over the pairs is taken. Tested in
``tests/forecast/test_mortality_once.py``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.forecast.engine import DTYPE, N_AGES
from fachkraefte.forecast.mortality import current_mortality
from fachkraefte.forecast.parameters import parameters
from fachkraefte.forecast.table_grids import population_profile


def _year_pairs(population: pl.DataFrame) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(used, left out): consecutive year pairs, without those ending in a flagged year as
    long as any other pair remains."""
    flagged = parameters("migration")["estimate"]["flagged_years"]
    years = sorted(population["year"].unique().to_list())
    pairs = [(y0, y1) for y0, y1 in zip(years[:-1], years[1:], strict=False) if y1 == y0 + 1]
    used = [pair for pair in pairs if pair[1] not in flagged] or pairs
    return used, [pair for pair in pairs if pair not in used]


def migration_rates(
    population: pl.DataFrame, ags: list[str], *, mortality: np.ndarray | None = None
) -> np.ndarray:
    """Net migration rate by district × sex × age from consecutive population years.

    ``pop(y, a+1) / (pop(y-1, a) · (1 − q[s, a])) − 1`` per year pair: the change of a cohort
    net of its life-table deaths (``mortality``, default the current one), because the exits
    already carry mortality; without the division deaths would be subtracted twice. Pairs
    ending in a flagged year (``parameters/migration.toml``: 2015, 2022) are left out while
    others remain, and the **median** over the pairs is taken, so that a one-off jump is not
    applied every year. Clipped to ± ``clip``. Shape (R, 1, 1, 2, 60) for the engine.
    """
    spec = parameters("migration")["estimate"]
    pairs, _left_out = _year_pairs(population)
    if not pairs:
        return np.zeros((len(ags), 1, 1, 2, N_AGES), dtype=DTYPE)
    q = current_mortality().q if mortality is None else mortality
    survival = 1.0 - q[:, :-1]  # (S, A − 1): from age a to a + 1
    rates = []
    for y0, y1 in pairs:
        p0 = population_profile(population, y0, ags)
        p1 = population_profile(population, y1, ags)
        expected = p0[..., :-1] * survival
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(expected > 0, p1[..., 1:] / np.where(expected > 0, expected, 1) - 1, 0)
        rates.append(np.concatenate([r, r[..., -1:]], axis=-1))
    statistic = {"median": np.median, "mean": np.mean}[spec["statistic"]]
    rate = np.clip(statistic(rates, axis=0), -spec["clip"], spec["clip"])
    return rate[:, None, None, :, :].astype(DTYPE)


def migration_record(population: pl.DataFrame) -> dict:
    """How the migration rates were estimated, for the run's parameter record."""
    spec = parameters("migration")["estimate"]
    used, left_out = _year_pairs(population)
    return {
        "source": spec["source"],
        "vintage": spec["vintage"],
        "statistic": spec["statistic"],
        "year_pairs": [list(pair) for pair in used],
        "left_out": [list(pair) for pair in left_out],
        "flagged_source": spec["flagged_source"],
        "clip": spec["clip"],
    }
