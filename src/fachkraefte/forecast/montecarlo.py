"""Monte Carlo over parameter distributions on Dask: P10/P50/P90 of supply, demand and gap.

Bands at every level (Kreis, Regierungsbezirk, Land × Berufsgruppe, -hauptgruppe, -bereich,
all; and per Niveau) are quantiles of the level's sum over the draws: each chunk sums its
draws to the levels of :mod:`fachkraefte.forecast.levels` before anything is returned.

Each draw gets its own ``SeedSequence`` child of the run seed, so results do not depend on the
chunking or the scheduler (local threads by default, an existing cluster via its address).
Draws are grouped into chunks (one Dask task each) to keep the scheduling overhead small; a
chunk's supply projections run together through :func:`engine.project_supply_draws` (the same
numbers as one :func:`engine.project` per draw, about half the CPU time).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from fachkraefte.forecast.adapter import ModelData
from fachkraefte.forecast.demand_fit import damping_sum
from fachkraefte.forecast.draw_store import DrawStore
from fachkraefte.forecast.engine import DTYPE, Draw, InputError, project_supply_draws
from fachkraefte.forecast.levels import LevelIndex, level_index

QUANTILES = (10, 50, 90)


@dataclass(frozen=True)
class Distributions:
    """Spread of the uncertain parameters (all draws independent).

    ``exit_sd``: sd of a log-normal multiplier on all exit rates (default 10 %).
    ``entry_sd``: sd of a normal multiplier on entries (10 %), floored at 0.
    ``migration_sd``: sd of a normal multiplier on migration rates (30 %).
    ``phi_range``: uniform range of the demand-trend damping; ``None`` (default): the damping
    chosen by backtest (:mod:`fachkraefte.forecast.demand_fit`), whose uncertainty is the
    trend's.
    ``noise_scale``: multiplier on the cell and Land × Berufsbereich noise calibrated on the
    history's backtest errors (:class:`~fachkraefte.forecast.demand_fit.Noise`; 1 = as fitted).
    ``trend_scale``: multiplier on the standard error of each cell's trend (1 = as fitted).
    Zero spreads (and a point or no range) reproduce the deterministic run.
    """

    exit_sd: float = 0.10
    entry_sd: float = 0.10
    migration_sd: float = 0.30
    phi_range: tuple[float, float] | None = None
    noise_scale: float = 1.0
    trend_scale: float = 1.0

    def scaled(self, k: float) -> Distributions:
        phi_range = None
        if self.phi_range is not None:
            mid = sum(self.phi_range) / 2
            half = (self.phi_range[1] - self.phi_range[0]) / 2 * k
            phi_range = (mid - half, mid + half)
        return Distributions(
            self.exit_sd * k,
            self.entry_sd * k,
            self.migration_sd * k,
            phi_range,
            self.noise_scale * k,
            self.trend_scale * k,
        )


def _draw_chunk(
    model: ModelData,
    years: int,
    dist: Distributions,
    seeds: list[np.random.SeedSequence],
    levels: LevelIndex,
) -> np.ndarray:
    """(n, 3, T+1, L) float32: supply, demand, gap per draw, summed to every level of
    ``levels`` (the Kreis × Berufsgruppe cells among them) — inside the chunk, so that only
    the level sums, never a draw's full cell × Niveau arrays, leave it."""
    with _blas_single_thread():
        return _draw_chunk_body(model, years, dist, seeds, levels)


def _draw_chunk_body(
    model: ModelData,
    years: int,
    dist: Distributions,
    seeds: list[np.random.SeedSequence],
    levels: LevelIndex,
) -> np.ndarray:
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
    fit = model.demand_fit
    cell_sd = (fit.noise.cell_sd(fit.size) * dist.noise_scale).astype(np.float64)  # (R, O)
    common_sd = fit.noise.common_sd() * dist.noise_scale
    land_sd = fit.noise.land_sd() * dist.noise_scale
    n_lands = int(fit.land_group.max()) + 1 if fit.land_group.size else 0
    growth = fit.noise.growth(years)[:, None, None]  # (T+1, 1, 1)
    trend_sd = fit.trend_sd * dist.trend_scale
    n_groups = int(fit.common_group.max()) + 1 if fit.common_group.size else 0
    noisy = bool(dist.noise_scale) and fit.noise.errors > 0
    draws = []
    phis = []
    shocks = []
    for seq in seeds:
        rng = np.random.default_rng(seq)
        f_exit = float(np.exp(rng.normal(0.0, dist.exit_sd))) if dist.exit_sd else 1.0
        f_entry = max(0.0, float(rng.normal(1.0, dist.entry_sd))) if dist.entry_sd else 1.0
        f_mig = float(rng.normal(1.0, dist.migration_sd)) if dist.migration_sd else 1.0
        if dist.phi_range is None:
            phis.append(fit.phi)
        else:
            lo, hi = dist.phi_range
            phis.append(float(rng.uniform(lo, hi)) if hi > lo else lo)
        # the trend's and the cell's deviation (one normal each per cell and draw), as log
        # factors (T+1, R, O) on demand and on both
        trend = rng.standard_normal(trend_sd.shape) * trend_sd if dist.trend_scale else None
        noise = None
        if noisy:
            common = rng.standard_normal(n_groups)[fit.common_group] * common_sd
            common += rng.standard_normal(n_lands)[fit.land_group] * land_sd
            level = rng.standard_normal(cell_sd.shape) * cell_sd + common
            # median-preserving (log-normal around 1): a cell's P50 stays its point forecast
            noise = growth * level[None]
        shocks.append((trend, noise))
        draws.append(
            Draw(
                exit_rate=np.minimum(exit_rate * DTYPE(f_exit), 1.0)
                if f_exit != 1.0
                else exit_rate,
                migration_rate=mig * DTYPE(f_mig) if f_mig != 1.0 else mig,
                entry_factor=base_factor * DTYPE(f_entry),
            )
        )
    # All draws of the chunk in one call: the engine does the draw-independent work once and
    # projects several draws per NumPy call (each draw's result is that of ``project``).
    supply_all = project_supply_draws(base, years, draws)
    shift = model.supply_level_shift  # the start level of the point path, in every draw
    out = np.empty((len(seeds), 3, years + 1, levels.size), dtype=np.float32)
    paths: dict[float, np.ndarray] = {}  # the deterministic path, once per damping
    for i, phi in enumerate(phis):
        if phi not in paths:
            paths[phi] = model.demand_path(years, phi)
        path = paths[phi]
        trend, noise = shocks[i]
        supply_cells = supply_all[i]
        later = supply_cells[1:]  # the draws are ours: shifted in place, base year as observed
        np.maximum(np.add(later, shift, out=later), 0.0, out=later)
        log_demand = noise
        if trend is not None:
            damp = damping_sum(phi, np.arange(years + 1))[:, None, None]
            log_demand = damp * trend[None] if noise is None else noise + damp * trend[None]
        if log_demand is not None:
            path = path * np.exp(log_demand)[..., None]
        if noise is not None:
            supply_cells = supply_cells * np.exp(noise)[..., None]
        supply = levels.sums(supply_cells)
        demand = levels.sums(path)
        out[i, 0] = supply
        out[i, 1] = demand
        out[i, 2] = demand - supply
    return out


@functools.cache
def _openblas_local_threads() -> ctypes._CFuncPtr | None:
    """``openblas_set_num_threads_local`` of the OpenBLAS bundled with NumPy's wheels, if any."""
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*")):
        try:
            fn = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn
    return None


@contextlib.contextmanager
def _blas_single_thread() -> Iterator[None]:
    """One BLAS thread for the calling (Dask worker) thread while a chunk runs.

    The mobility matmuls are small; above OpenBLAS's size threshold (the largest group of the
    estimated matrix) it splits each of them over all cores, and with two Dask threads doing
    that at once the threads mostly wait for each other (measured: 1.7× the wall time of the
    same work with one BLAS thread). The draws are already parallel, so each worker thread
    keeps its BLAS calls to itself. Thread-local (OpenBLAS ≥ 0.3.27), so other threads and
    the process' setting are untouched; without NumPy's bundled OpenBLAS nothing changes.
    Single- and multi-threaded OpenBLAS give the same numbers here (it splits the output,
    never a sum).
    """
    set_local = _openblas_local_threads()
    if set_local is None:
        yield
        return
    previous = set_local(1)
    try:
        yield
    finally:
        set_local(previous)


def run_monte_carlo(
    model: ModelData,
    years: int,
    *,
    draws: int = 1000,
    seed: int = 0,
    distributions: Distributions = Distributions(),
    chunk_size: int = 25,
    scheduler: str | None = None,
    levels: LevelIndex | None = None,
) -> dict[str, np.ndarray]:
    """Quantiles over draws: ``{'supply': (3, T+1, R, O), 'demand': …, 'gap': …}``.

    Axis 0 holds P10, P50, P90. ``scheduler`` is ``None`` (local threads) or the address of a
    running ``dask.distributed`` scheduler such as ``tcp://10.0.0.5:8786``. The cell bands of
    :func:`monte_carlo_bands` (which also gives the bands of every level).
    """
    cells, _levels = monte_carlo_bands(
        model,
        years,
        draws=draws,
        seed=seed,
        distributions=distributions,
        chunk_size=chunk_size,
        scheduler=scheduler,
        levels=levels,
    )
    return cells


def monte_carlo_bands(
    model: ModelData,
    years: int,
    *,
    draws: int = 1000,
    seed: int = 0,
    distributions: Distributions = Distributions(),
    chunk_size: int = 25,
    scheduler: str | None = None,
    levels: LevelIndex | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Cell quantiles (as :func:`run_monte_carlo`) and level quantiles
    ``{'supply': (3, T+1, L), …}`` in the order of ``levels.labels()`` (default: the levels of
    the model's Kreise and Berufsgruppen, :func:`~fachkraefte.forecast.levels.level_index`).

    Each level's band is the quantile of that level's sum over the draws.
    """
    if draws < 1:
        raise InputError(f"draws={draws}: mindestens 1 / at least 1")
    levels = level_index(model.ags, model.kldb3) if levels is None else levels
    # computed once here, so that neither the threads nor the workers fit them again
    model.demand_fit, model.supply_level_shift  # noqa: B018
    seeds = np.random.SeedSequence(seed).spawn(draws)
    starts = list(range(0, draws, chunk_size))
    results = _chunk_results(
        model, years, distributions, seeds, starts, chunk_size, levels, scheduler
    )
    level_q = _quantiles(results, draws=draws, n_years=years + 1, n_levels=levels.size)
    n_r, n_o = len(model.ags), len(model.kldb3)
    cells = levels.cell_positions()
    cell_q = {name: q[:, :, cells].reshape(q.shape[:2] + (n_r, n_o)) for name, q in level_q.items()}
    return cell_q, level_q


def _chunk_results(
    model: ModelData,
    years: int,
    dist: Distributions,
    seeds: list[np.random.SeedSequence],
    starts: list[int],
    chunk_size: int,
    levels: LevelIndex,
    scheduler: str | None,
) -> Iterator[tuple[int, np.ndarray]]:
    """(first draw, chunk) as the chunks finish — never all chunks at once, which for all
    400 Kreise would not fit in memory (:mod:`fachkraefte.forecast.draw_store`)."""
    import dask

    if scheduler:
        from dask.distributed import Client, as_completed  # only loaded when asked for

        with Client(scheduler) as client:
            # the model and the levels go to every worker once, not inside every task
            model_f, levels_f = client.scatter([model, levels], broadcast=True)
            futures = {
                client.submit(
                    _draw_chunk,
                    model_f,
                    years,
                    dist,
                    seeds[s : s + chunk_size],
                    levels_f,
                    pure=False,
                ): s
                for s in starts
            }
            for future, chunk in as_completed(futures, with_results=True):
                yield futures[future], chunk
                future.release()
        return
    # local threads: a few chunks per thread at a time (their results are freed as stored)
    batch = 2 * (os.cpu_count() or 1)
    for b in range(0, len(starts), batch):
        group = starts[b : b + batch]
        tasks = [
            dask.delayed(_draw_chunk)(model, years, dist, seeds[s : s + chunk_size], levels)
            for s in group
        ]
        yield from zip(group, dask.compute(*tasks, scheduler="threads"), strict=True)


def _quantiles(
    chunks: Iterable[tuple[int, np.ndarray]], *, draws: int, n_years: int, n_levels: int
) -> dict[str, np.ndarray]:
    """``{'supply': (3 quantiles, T+1, L), …}``: P10/P50/P90 over the draws, each chunk
    ``(n, 3, T+1, L)`` of draws ``start … start + n − 1`` stored as it comes (in memory or on
    disk, :class:`~fachkraefte.forecast.draw_store.DrawStore`)."""
    store = DrawStore(draws=draws, series=n_years * n_levels)
    try:
        for start, chunk in chunks:
            store.add(start, chunk)
        results = store.quantiles(QUANTILES)
    finally:
        store.close()
    shaped = [q.reshape((len(QUANTILES), n_years, n_levels)) for q in results]
    return dict(zip(("supply", "demand", "gap"), shaped, strict=True))


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


def level_band_frame(
    quantiles: dict[str, np.ndarray], years: np.ndarray, levels: LevelIndex
) -> pl.DataFrame:
    """Long table year × level with ``<measure>_p10/_p50/_p90``: region_level, region,
    occupation_level, occupation (``all`` for every occupation), niveau (0 = all)."""
    labels = levels.labels()
    n_years, n_levels = len(years), len(labels["region"])
    cols: dict[str, np.ndarray] = {"year": np.repeat(np.asarray(years, dtype=np.int32), n_levels)}
    for name, values in labels.items():
        cols[name] = np.tile(values, n_years)
    for name, q in quantiles.items():
        for k, p in enumerate(QUANTILES):
            cols[f"{name}_p{p}"] = q[k].ravel()
    return pl.DataFrame(cols)
