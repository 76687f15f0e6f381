"""Deaths are subtracted once: the exits carry the life table's q(x), migration is net of it."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.forecast.adapter import migration_rates, mortality_by_sex
from fachkraefte.forecast.engine import N_AGES, EngineInputs, project
from fachkraefte.sources.life_table import life_table

AGS = ["06411", "06412"]


def _population_without_migration() -> pl.DataFrame:
    """Two years in which every cohort shrinks by exactly its life-table deaths."""
    q = life_table().q
    rng = np.random.default_rng(3)
    rows = []
    for ags in AGS:
        first = rng.uniform(500, 1500, (2, 91))
        second = np.empty_like(first)
        second[:, 0] = first[:, 0]
        second[:, 1:] = first[:, :-1] * (1 - q[:, :90])
        for year, grid in ((2023, first), (2024, second)):
            for s, sex in enumerate(("m", "w")):
                rows += [(year, ags, sex, a, float(grid[s, a])) for a in range(91)]
    return pl.DataFrame(rows, schema=["year", "ags", "sex", "age", "persons"], orient="row")


def test_mortality_is_the_life_table():
    q = mortality_by_sex()
    assert q.shape == (2, N_AGES)
    assert q[:, 0].tolist() == [0.00017457, 0.00012002]  # "15 Jahre" of 12621-0001, 2022/24
    assert q[:, -1].tolist() == [0.03258762, 0.01903956]  # "74 Jahre"


def test_zero_migration_and_known_mortality_give_the_life_table_deaths_once():
    migration = migration_rates(_population_without_migration(), AGS)
    # The population changed by its deaths alone: no migration term is left over.
    np.testing.assert_allclose(migration[..., :-1], 0.0, atol=1e-6)

    stock = np.full((2, 1, 1, 2, N_AGES), 1000.0, dtype=np.float32)
    q = mortality_by_sex().astype(np.float32)
    inputs = EngineInputs(
        stock=stock, exit_rate=q, entries=np.zeros_like(stock), migration_rate=migration
    )
    after = project(inputs, 1, keep_states=True).states[1]
    deaths = (stock[..., :-1] - after[..., 1:]).sum()
    assert deaths == pytest.approx(float((1000.0 * q[:, :-1]).sum() * 2), rel=1e-5)
    # and cell by cell: survivors at a + 1 are exactly 1000 · (1 − q(a))
    np.testing.assert_allclose(after[0, 0, 0, :, 1:], 1000.0 * (1 - q[:, :-1]), rtol=1e-5)


def test_migration_measured_net_of_deaths():
    """10 % more people than survival alone explains is a 10 % migration rate."""
    frame = _population_without_migration().with_columns(
        persons=pl.when(pl.col("year") == 2024)
        .then(pl.col("persons") * 1.1)
        .otherwise(pl.col("persons"))
    )
    migration = migration_rates(frame, AGS)
    np.testing.assert_allclose(migration[..., :-1], 0.1, atol=1e-5)
