"""Deaths are subtracted once: migration is measured net of the life table's q(x), the exits
carry the deaths (estimated from employment, or the fallback profile with q inside)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.forecast.engine import N_AGES, EngineInputs, project
from fachkraefte.forecast.exit_rates import cohort_sums
from fachkraefte.forecast.migration import migration_rates, migration_record
from fachkraefte.forecast.mortality import current_mortality, from_life_table
from fachkraefte.sources.life_table import read_life_table, read_life_table_import
from fachkraefte.sources.vintages import store_import

pytestmark = pytest.mark.shared_data

AGS = ["06411", "06412"]
LIFE_TABLE = "official/destatis_genesis/12621-0001_de_2022-2024.csv"


@pytest.fixture(scope="module")
def table(shared_data):
    return read_life_table(shared_data / LIFE_TABLE)


def _population(q: np.ndarray, years=(2023, 2024), jump: dict | None = None) -> pl.DataFrame:
    """Consecutive years in which every cohort shrinks by exactly its deaths (× a jump)."""
    rng = np.random.default_rng(3)
    rows = []
    for ags in AGS:
        grid = rng.uniform(500, 1500, (2, 91))
        for i, year in enumerate(years):
            if i:
                later = np.empty_like(grid)
                later[:, 0] = grid[:, 0]
                later[:, 1:] = grid[:, :-1] * (1 - q[:, :90]) * (jump or {}).get(year, 1.0)
                grid = later
            for s, sex in enumerate(("m", "w")):
                rows += [(year, ags, sex, a, float(grid[s, a])) for a in range(91)]
    return pl.DataFrame(rows, schema=["year", "ags", "sex", "age", "persons"], orient="row")


def test_mortality_is_the_newest_imported_life_table(shared_data, data_dir):
    shipped = current_mortality()  # nothing imported: the table shipped with the package
    assert shipped.record["status"].startswith("amtlich, mit dem Paket geliefert")
    store_import(read_life_table_import(shared_data / LIFE_TABLE))
    mortality = current_mortality()
    assert mortality.checked and mortality.record["period"] == "2022/24"
    assert mortality.record["status"] == "importiert / imported"
    # the shipped file holds the published numbers exactly
    np.testing.assert_array_equal(mortality.q, shipped.q)
    assert mortality.q.shape == (2, N_AGES)
    assert mortality.q[:, 0].tolist() == [0.00017457, 0.00012002]  # "15 Jahre"
    assert mortality.q[:, -1].tolist() == [0.03258762, 0.01903956]  # "74 Jahre"


def test_zero_migration_and_known_mortality_give_the_life_table_deaths_once(table):
    q_all = table.q
    migration = migration_rates(_population(q_all), AGS, mortality=table.q_at(range(15, 75)))
    # The population changed by its deaths alone: no migration term is left over.
    np.testing.assert_allclose(migration[..., :-1], 0.0, atol=1e-6)

    stock = np.full((2, 1, 1, 2, N_AGES), 1000.0, dtype=np.float32)
    q = from_life_table(table).q.astype(np.float32)
    inputs = EngineInputs(
        stock=stock, exit_rate=q, entries=np.zeros_like(stock), migration_rate=migration
    )
    after = project(inputs, 1, keep_states=True).states[1]
    deaths = (stock[..., :-1] - after[..., 1:]).sum()
    assert deaths == pytest.approx(float((1000.0 * q[:, :-1]).sum() * 2), rel=1e-5)
    # and cell by cell: survivors at a + 1 are exactly 1000 · (1 − q(a))
    np.testing.assert_allclose(after[0, 0, 0, :, 1:], 1000.0 * (1 - q[:, :-1]), rtol=1e-5)


def test_estimated_exits_carry_the_deaths_and_migration_none(table):
    """Employment that shrinks by the deaths alone, in a population without migration:
    the cohort comparison finds exactly q(x) at every age, the migration term is zero."""
    q = from_life_table(table).q
    first = np.full((1, 1, 1, 2, N_AGES), 1000.0)
    second = np.empty_like(first)
    second[..., 0] = 1000.0
    second[..., 1:] = first[..., :-1] * (1 - q[:, :-1])
    migration = migration_rates(_population(table.q), AGS[:1], mortality=q)
    sums = cohort_sums([first, second], [2023, 2024], migration=migration[:1].astype(float))
    np.testing.assert_allclose(sums.lost / sums.exposure, q[None, None, None, :, :-1], atol=1e-6)


def test_migration_measured_net_of_deaths(table):
    """10 % more people than survival alone explains is a 10 % migration rate."""
    frame = _population(table.q).with_columns(
        persons=pl.when(pl.col("year") == 2024)
        .then(pl.col("persons") * 1.1)
        .otherwise(pl.col("persons"))
    )
    migration = migration_rates(frame, AGS, mortality=table.q_at(range(15, 75)))
    np.testing.assert_allclose(migration[..., :-1], 0.1, atol=1e-5)


def test_the_2022_jump_is_not_applied_every_year(table):
    """No migration except +5 % in 2022: left out (flagged year), the median of the other
    pairs is 0. Without the flag the median of 0, 0.05, 0 would be 0 too; the mean 1.7 %."""
    years = (2020, 2021, 2022, 2023)
    frame = _population(table.q, years=years, jump={2022: 1.05})
    migration = migration_rates(frame, AGS, mortality=table.q_at(range(15, 75)))
    np.testing.assert_allclose(migration[..., :-1], 0.0, atol=1e-6)
    record = migration_record(frame)
    assert record["left_out"] == [[2021, 2022]]
    assert record["year_pairs"] == [[2020, 2021], [2022, 2023]]
    assert record["statistic"] == "median" and record["source"] and record["vintage"]
