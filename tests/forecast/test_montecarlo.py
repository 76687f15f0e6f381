"""Monte Carlo: reproducibility, degenerate spread, convergence of the median, and the batched
draw path of the engine against one plain projection per draw (bit for bit)."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.engine import (
    DTYPE,
    Draw,
    InputError,
    mobility_blocks,
    project,
    project_supply_draws,
)
from fachkraefte.forecast.montecarlo import QUANTILES, Distributions, run_monte_carlo


@pytest.fixture(scope="module")
def model(demo_tables):
    return inputs_from_tables(
        demo_tables["population"],
        demo_tables["employment"],
        demo_tables["graduates"],
        trainees=demo_tables["trainees"],
    )


@functools.cache
def _small_model():
    """One Kreis × 6 Berufsgruppen of the demo (hypothesis cannot take function fixtures)."""
    import polars as pl

    from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

    keep = pl.col("ags") == "06411"
    tables = {
        name: frame.filter(keep & pl.col("kldb3").is_in(["221", "511", "621", "813", "814"]))
        if "kldb3" in frame.columns
        else frame.filter(keep)
        for name, frame in generate_demo_tables(DEFAULT_SEED).items()
        if name in ("population", "employment", "graduates", "trainees")
    }
    return inputs_from_tables(
        tables["population"], tables["employment"], tables["graduates"], trainees=tables["trainees"]
    )


def test_same_seed_same_result_independent_of_chunking(model):
    a = run_monte_carlo(model, 5, draws=20, seed=7, chunk_size=3)
    b = run_monte_carlo(model, 5, draws=20, seed=7, chunk_size=20)
    np.testing.assert_array_equal(a["gap"], b["gap"])
    c = run_monte_carlo(model, 5, draws=20, seed=8)
    assert not np.array_equal(a["gap"], c["gap"])


def test_quantiles_are_ordered(model):
    q = run_monte_carlo(model, 5, draws=30, seed=1)
    for name in ("supply", "demand", "gap"):
        assert (q[name][0] <= q[name][1] + 1e-3).all() and (q[name][1] <= q[name][2] + 1e-3).all()


def test_zero_spread_reproduces_deterministic_run(model):
    dist = Distributions(0.0, 0.0, 0.0, (0.8, 0.8), noise_scale=0.0, trend_scale=0.0)
    q = run_monte_carlo(model, 5, draws=3, seed=1, distributions=dist)
    det = model.supply_path(project(model.inputs, 5).supply).sum(axis=3)
    np.testing.assert_allclose(q["supply"][1], det, rtol=1e-5, atol=1e-2)
    np.testing.assert_allclose(q["demand"][1], model.demand_path(5, 0.8).sum(axis=3), rtol=1e-5)


def test_median_approaches_deterministic_run(model):
    """With symmetric spreads the P50 of total supply converges to the deterministic value
    (up to the small non-linearity of the exit multiplier): more draws, smaller error."""
    det = model.supply_path(project(model.inputs, 5).supply)[-1].sum()
    dist = Distributions().scaled(0.5)
    errors = [
        abs(
            run_monte_carlo(model, 5, draws=n, seed=3, distributions=dist)["supply"][1, -1].sum()
            - det
        )
        / det
        for n in (5, 200)
    ]
    assert errors[1] < 0.01
    assert errors[1] <= errors[0] + 0.002


def test_draws_must_be_positive(model):
    with pytest.raises(InputError):
        run_monte_carlo(model, 5, draws=0)


def test_existing_cluster_by_address_gives_the_same_bands(model):
    """``--scheduler ADDRESS``: the draws run on a real dask.distributed scheduler (here one on
    loopback) and give exactly the quantiles of the local-thread run with the same seed."""
    from dask.distributed import LocalCluster

    local = run_monte_carlo(model, 5, draws=12, seed=11, chunk_size=4)
    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = run_monte_carlo(
            model, 5, draws=12, seed=11, chunk_size=4, scheduler=cluster.scheduler_address
        )
    for name in ("supply", "demand", "gap"):
        np.testing.assert_array_equal(remote[name], local[name])


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 2**16), st.floats(0.2, 1.0))
def test_median_approaches_deterministic_run_for_any_seed_and_spread(seed, scale):
    """For any seed and spread, with 300 draws the P50 of total supply lies within
    0.4 % · scale + 0.2 % of the deterministic run (the small rest: the bias of the
    log-normal exit multiplier), while the P10–P90 band is several times wider."""
    model = _small_model()
    det = model.supply_path(project(model.inputs, 4).supply)[-1].sum()
    # the engine's parameter draws (the calibrated cell noise has its own test)
    dist = Distributions(noise_scale=0.0, trend_scale=0.0).scaled(scale)
    q = run_monte_carlo(model, 4, draws=300, seed=seed, distributions=dist, chunk_size=100)
    p10, p50, p90 = (q["supply"][k, -1].sum() for k in range(3))
    error = abs(p50 - det) / det
    assert error < 0.004 * scale + 0.002
    assert (p90 - p10) / det > 3 * error


def _with_mobility_and_measures(model):
    """The demo model with a sparse mobility matrix (one group contiguous, one spread out), a
    participation phase-in and sparse extra entries: every branch of the draw path."""
    n_r, n_o = model.inputs.shape[:2]
    m = np.zeros((n_o, n_o))
    m[0, 5], m[5, 0], m[2, 3], m[3, 4] = 0.02, 0.01, 0.03, 0.015
    kinds = {isinstance(b.sources, slice) for b in mobility_blocks(m)}
    assert kinds == {True, False}  # one group read through a view, one gathered
    inputs = dataclasses.replace(
        model.inputs,
        mobility=m,
        participation_rate=np.full(model.inputs.shape[3:], 0.002, dtype=DTYPE),
        participation_profile=np.array([1.0, 1.0, 0.5, 0.0, 0.0, 0.0]),
        extra_entries=[(2, (n_r - 1, 4, 1, 0, 10), 20.0), (3, (0, 2, 2, 1, 12), 5.5)],
    )
    return dataclasses.replace(model, inputs=inputs)


def _draws(inputs, years, n, seed=0):
    rng = np.random.default_rng(seed)
    exit_rate = np.asarray(inputs.exit_rate, dtype=DTYPE)
    mig = np.asarray(inputs.migration_rate, dtype=DTYPE)
    n_r = inputs.shape[0]
    out = []
    for i in range(n):
        factor = (None, rng.uniform(0.8, 1.2, years), rng.uniform(0.8, 1.2, (years, n_r)))[i % 3]
        out.append(
            Draw(
                np.minimum(exit_rate * DTYPE(rng.lognormal(0, 0.1)), 1.0),
                mig * DTYPE(rng.normal(1, 0.3)),
                None if factor is None else factor.astype(DTYPE),
            )
        )
    return out


@pytest.mark.parametrize("rows", [1, 2, 5, 64])
def test_draw_path_equals_one_projection_per_draw_bit_for_bit(model, rows):
    """``project_supply_draws`` (blocked over years, several draws per NumPy call) gives exactly
    the supply of ``project`` for each draw, whatever the block size."""
    inputs = _with_mobility_and_measures(model).inputs
    draws = _draws(inputs, 6, 7)
    batched = project_supply_draws(inputs, 6, draws, rows=rows)
    for d, draw in enumerate(draws):
        single = dataclasses.replace(
            inputs,
            exit_rate=draw.exit_rate,
            migration_rate=draw.migration_rate,
            entry_factor=draw.entry_factor,
        )
        np.testing.assert_array_equal(batched[d], project(single, 6, flows=False).supply)


def test_draw_path_rejects_a_draw_that_would_empty_a_cell(model):
    inputs = model.inputs
    good, bad = _draws(inputs, 3, 2)
    bad = dataclasses.replace(bad, migration_rate=np.full(inputs.shape[3:], -0.99, dtype=DTYPE))
    with pytest.raises(InputError, match="exceed 1"):
        project_supply_draws(inputs, 3, [good, bad])
    short = dataclasses.replace(good, entry_factor=np.ones(2, dtype=DTYPE))
    with pytest.raises(InputError, match="too short"):
        project_supply_draws(inputs, 3, [short])


def test_monte_carlo_equals_the_former_one_projection_per_draw(model):
    """The Monte Carlo gives the quantiles of the former implementation exactly: one full
    ``project`` per draw, the draws stacked, ``np.percentile`` over the draw axis."""
    model = _with_mobility_and_measures(model)
    # the engine's draws only: the calibrated cell noise and trend spread off (they multiply
    # the paths after the projection, tested in test_montecarlo_calibration.py)
    dist = Distributions(phi_range=(0.6, 0.95), noise_scale=0.0, trend_scale=0.0)
    years, draws, seed = 6, 23, 5
    base = model.inputs
    exit_rate = np.asarray(base.exit_rate, dtype=DTYPE)
    mig = np.asarray(base.migration_rate, dtype=DTYPE)
    base_factor = np.asarray(base.entry_factor, dtype=DTYPE)[:years]
    rows = []
    for seq in np.random.SeedSequence(seed).spawn(draws):
        rng = np.random.default_rng(seq)
        f_exit = float(np.exp(rng.normal(0.0, dist.exit_sd)))
        f_entry = max(0.0, float(rng.normal(1.0, dist.entry_sd)))
        f_mig = float(rng.normal(1.0, dist.migration_sd))
        phi = float(rng.uniform(*dist.phi_range))
        inputs = dataclasses.replace(
            base,
            exit_rate=np.minimum(exit_rate * DTYPE(f_exit), 1.0),
            migration_rate=mig * DTYPE(f_mig),
            entry_factor=base_factor * DTYPE(f_entry),
        )
        supply = model.supply_path(project(inputs, years, flows=False).supply).sum(axis=3)
        demand = model.demand_path(years, phi).sum(axis=3)
        rows.append(np.stack([supply, demand, demand - supply]).astype(np.float32))
    stacked = np.stack(rows)
    q = run_monte_carlo(model, years, draws=draws, seed=seed, chunk_size=9, distributions=dist)
    for k, name in enumerate(("supply", "demand", "gap")):
        np.testing.assert_array_equal(q[name], np.percentile(stacked[:, k], QUANTILES, axis=0))


def test_draws_kept_on_disk_give_the_same_bands(model, monkeypatch):
    """Above the memory budget the draws go to a memory-mapped file (all 400 Kreise need
    ≈ 21 GB for 1,000 draws); the bands are exactly those of the draws kept in memory, and the
    file is gone afterwards."""
    import tempfile
    from pathlib import Path

    from fachkraefte.forecast import draw_store

    in_memory = run_monte_carlo(model, 4, draws=10, seed=5, chunk_size=3)
    made = []
    real = draw_store.DrawStore.__init__

    def spy(self, **kwargs):
        real(self, **kwargs)
        made.append((self.on_disk, self._dir.name if self._dir else None))

    monkeypatch.setenv("FACHKRAEFTE_MC_MEMORY_GB", "0")
    monkeypatch.setattr(draw_store.DrawStore, "__init__", spy)
    on_disk = run_monte_carlo(model, 4, draws=10, seed=5, chunk_size=3)
    assert made and made[0][0] is True
    assert not Path(made[0][1]).exists()
    assert Path(made[0][1]).parent == Path(tempfile.gettempdir())
    for name in ("supply", "demand", "gap"):
        np.testing.assert_array_equal(on_disk[name], in_memory[name])
