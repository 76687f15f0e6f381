"""Monte Carlo over parameter distributions on Dask: P10/P50/P90 of supply, demand and gap.

Each draw gets its own ``SeedSequence`` child of the run seed, so results do not depend on the
chunking or the scheduler (local threads by default, an existing cluster via its address).
Draws are grouped into chunks (one Dask task each) to keep the scheduling overhead small.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import polars as pl

from fachkraefte.forecast.adapter import ModelData
from fachkraefte.forecast.engine import DTYPE, InputError, project

QUANTILES = (10, 50, 90)


@dataclass(frozen=True)
class Distributions:
    """Spread of the uncertain parameters (all draws independent).

    ``exit_sd``: sd of a log-normal multiplier on all exit rates (default 10 %).
    ``entry_sd``: sd of a normal multiplier on entries (10 %), floored at 0.
    ``migration_sd``: sd of a normal multiplier on migration rates (30 %).
    ``phi_range``: uniform range of the demand-trend damping (0.6–0.95).
    Zero spreads (and a point range) reproduce the deterministic run.
    """

    exit_sd: float = 0.10
    entry_sd: float = 0.10
    migration_sd: float = 0.30
    phi_range: tuple[float, float] = (0.6, 0.95)

    def scaled(self, k: float) -> Distributions:
        mid = sum(self.phi_range) / 2
        half = (self.phi_range[1] - self.phi_range[0]) / 2 * k
        return Distributions(
            self.exit_sd * k, self.entry_sd * k, self.migration_sd * k, (mid - half, mid + half)
        )


def _draw_chunk(
    model: ModelData, years: int, dist: Distributions, seeds: list[np.random.SeedSequence]
) -> np.ndarray:
    """(n, 3, T+1, R, O) float32: supply, demand, gap per draw, summed over Niveau."""
    base = model.inputs
    exit_rate = np.asarray(base.exit_rate, dtype=DTYPE)
    mig = np.asarray(base.migration_rate, dtype=DTYPE)
    # The drawn multiplier scales the model's own entry factor (the young-population index),
    # it does not replace it.
    base_factor = (
        np.ones(years, dtype=DTYPE)
        if base.entry_factor is None
        else np.asarray(base.entry_factor, dtype=DTYPE)[:years]
    )
    out = np.empty((len(seeds), 3, years + 1) + base.shape[:2], dtype=np.float32)
    for i, seq in enumerate(seeds):
        rng = np.random.default_rng(seq)
        f_exit = float(np.exp(rng.normal(0.0, dist.exit_sd))) if dist.exit_sd else 1.0
        f_entry = max(0.0, float(rng.normal(1.0, dist.entry_sd))) if dist.entry_sd else 1.0
        f_mig = float(rng.normal(1.0, dist.migration_sd)) if dist.migration_sd else 1.0
        lo, hi = dist.phi_range
        phi = float(rng.uniform(lo, hi)) if hi > lo else lo
        inputs = dataclasses.replace(
            base,
            exit_rate=np.minimum(exit_rate * DTYPE(f_exit), 1.0) if f_exit != 1.0 else exit_rate,
            migration_rate=mig * DTYPE(f_mig) if f_mig != 1.0 else mig,
            entry_factor=base_factor * DTYPE(f_entry),
        )
        supply = project(inputs, years, flows=False).supply.sum(axis=3)
        demand = model.demand_path(years, phi).sum(axis=3)
        out[i, 0] = supply
        out[i, 1] = demand
        out[i, 2] = demand - supply
    return out


def run_monte_carlo(
    model: ModelData,
    years: int,
    *,
    draws: int = 1000,
    seed: int = 0,
    distributions: Distributions = Distributions(),
    chunk_size: int = 25,
    scheduler: str | None = None,
) -> dict[str, np.ndarray]:
    """Quantiles over draws: ``{'supply': (3, T+1, R, O), 'demand': …, 'gap': …}``.

    Axis 0 holds P10, P50, P90. ``scheduler`` is ``None`` (local threads) or the address of a
    running ``dask.distributed`` scheduler such as ``tcp://10.0.0.5:8786``.
    """
    import dask

    if draws < 1:
        raise InputError(f"draws={draws}: mindestens 1 / at least 1")
    seeds = np.random.SeedSequence(seed).spawn(draws)
    tasks = [
        dask.delayed(_draw_chunk)(model, years, distributions, seeds[i : i + chunk_size])
        for i in range(0, draws, chunk_size)
    ]
    if scheduler:
        from dask.distributed import Client  # only loaded when a cluster is asked for

        with Client(scheduler) as client:
            chunks = client.gather(client.compute(tasks))
    else:
        chunks = dask.compute(*tasks, scheduler="threads")
    stacked = np.concatenate(chunks, axis=0)
    del chunks  # the chunks are copied into ``stacked``: free them before the percentiles
    # Percentiles per measure: the same values as over the whole array at once, but the sort
    # copy NumPy makes is a third of the size (lower peak memory).
    return {
        name: np.percentile(stacked[:, k], QUANTILES, axis=0)  # (3 quantiles, T+1, R, O)
        for k, name in enumerate(("supply", "demand", "gap"))
    }


def uncertainty_frame(
    quantiles: dict[str, np.ndarray], years: np.ndarray, ags: list[str], kldb3: list[str]
) -> pl.DataFrame:
    """Long table year × Kreis × Berufsgruppe with ``<measure>_p10/_p50/_p90`` columns."""
    grid = np.meshgrid(years, np.asarray(ags), np.asarray(kldb3), indexing="ij")
    cols: dict[str, np.ndarray] = {
        "year": grid[0].ravel().astype(np.int32),
        "ags": grid[1].ravel().astype(str),
        "kldb3": grid[2].ravel().astype(str),
    }
    for name, q in quantiles.items():
        for k, p in enumerate(QUANTILES):
            cols[f"{name}_p{p}"] = q[k].ravel()
    return pl.DataFrame(cols)
