"""Benchmark of the forecast engine at all-Germany size (not a test).

Synthetic inputs of 400 Kreise × 144 Berufsgruppen × 4 Niveaus × 2 sexes × 60 ages
(≈ 27.6 M cells), projected 20 years. Prints wall time, peak memory (RSS high-water mark),
cell-years per second and the ratio of engine time to a memory-bandwidth floor measured in the
same run: NumPy streaming passes over arrays of the state's size, as many as one projection year
of the engine needs. ``forecast_passes.floor_passes`` counts them from the inputs and the
structure of the engine's year (state-sized arrays written — the fused survive-and-age
multiply, the entries, mobility inflows and, with ``--flows``, the migration, participation
and exit products — and state-sized reductions), and the floor replays that many write passes
(multiply into a new array) and reduction passes (sum over sex and age) per year. Inside the engine's cache blocks many of these arrays never
reach main memory, so the engine can beat this floor (ratio < 1); the minimal floor (one write
and one reduction per year: read the state, write the next, total it) is printed beside it.

Run:  .venv/bin/python benchmarks/forecast_engine.py [--regions 400] [--years 20] [--flows]
        [--mobility none|dense|estimated]
``--mobility dense`` (default) is a random 144 × 144 matrix with every entry non-zero;
``estimated`` is the default matrix of a standard run, estimated from the synthetic Hessen
demo (``fachkraefte.forecast.mobility``: flows only inside a KldB Berufsbereich, ≈ 600 of
20,736 entries non-zero). Also times a 1,000-draw Monte Carlo for Hessen-size inputs
(26 Kreise) with --mc-draws, and prints the load average around it (shared machines).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
from forecast_passes import floor_passes

from fachkraefte.forecast.adapter import ModelData, default_exit_rates, entry_age_profile
from fachkraefte.forecast.engine import DTYPE, N_AGES, EngineInputs, project
from fachkraefte.forecast.montecarlo import run_monte_carlo
from fachkraefte.forecast.skill_moves import level_move_rates


def synthetic_inputs(n_r: int, n_o: int = 144, seed: int = 0) -> EngineInputs:
    rng = np.random.default_rng(seed)
    shape = (n_r, n_o, 4, 2, N_AGES)
    stock = rng.gamma(2.0, 10.0, size=shape).astype(DTYPE)
    entries = np.zeros(shape, dtype=DTYPE)
    for q in range(4):
        entries[:, :, q] = (stock[:, :, q, :, :10].sum(axis=-1) / 10)[
            ..., None
        ] * entry_age_profile(q + 1)
    mig = rng.normal(0.0, 0.01, size=(n_r, 1, 1, 2, N_AGES)).astype(DTYPE)
    mob = rng.uniform(0, 0.02 / n_o, size=(n_o, n_o))
    # the upgrading moves of a standard run (fachkraefte.forecast.skill_moves)
    moves = level_move_rates().astype(DTYPE)
    return EngineInputs(stock, default_exit_rates(), entries, mig, mobility=mob, level_moves=moves)


def _estimate_from_demo() -> np.ndarray:
    from fachkraefte.forecast.mobility import estimate_mobility
    from fachkraefte.sources.demo import generate_demo_tables

    return estimate_mobility(generate_demo_tables()).matrix


def estimated_mobility() -> np.ndarray:
    """The default (estimated) mobility matrix of the synthetic Hessen demo, 144 × 144.

    Built in a child process, so that the demo tables do not count in this process' peak RSS.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        return pool.submit(_estimate_from_demo).result()


def with_mobility(inputs: EngineInputs, kind: str) -> EngineInputs:
    if kind == "none":
        inputs.mobility = None
    elif kind == "estimated":
        inputs.mobility = estimated_mobility()
    return inputs


def pass_times(shape: tuple[int, ...], years: int) -> tuple[float, float]:
    """Seconds of one write pass and one reduction pass over arrays of the state's size.

    One write pass = a multiply of the state by an array of the keep factor's broadcast shape
    into a second state-sized array; one reduction pass = the sum over sex and age. Each kind
    is timed ``years`` times and averaged.
    """
    a = np.ones(shape, dtype=DTYPE)
    b = np.ones(shape[:2] + (1,) + shape[3:], dtype=DTYPE)  # keep factor's broadcast shape
    c = np.empty_like(a)
    np.multiply(a, b, out=c)  # touch pages before timing
    t0 = time.perf_counter()
    for _ in range(years):
        np.multiply(a, b, out=c)
    t_write = (time.perf_counter() - t0) / years
    t0 = time.perf_counter()
    for _ in range(years):
        c.reshape(shape[0], shape[1], shape[2], -1).sum(axis=-1)
    t_reduce = (time.perf_counter() - t0) / years
    return t_write, t_reduce


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=400)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--flows", action="store_true", help="also record every flow per year")
    parser.add_argument(
        "--mobility",
        choices=("none", "dense", "estimated"),
        default="dense",
        help="mobility matrix: none, random dense 144×144, or the estimated (sparse) default",
    )
    parser.add_argument("--no-mobility", action="store_true", help="same as --mobility none")
    parser.add_argument("--mc-draws", type=int, default=0, help="Hessen-size Monte Carlo draws")
    args = parser.parse_args()

    kind = "none" if args.no_mobility else args.mobility
    inputs = with_mobility(synthetic_inputs(args.regions), kind)
    cells = int(np.prod(inputs.shape))
    print(f"cells: {cells:,} ({' × '.join(map(str, inputs.shape))}), years: {args.years}")
    t0, c0 = time.perf_counter(), time.process_time()
    projection = project(inputs, args.years, flows=args.flows)
    engine, cpu = time.perf_counter() - t0, time.process_time() - c0
    del projection
    passes = floor_passes(inputs, flows=args.flows)
    t_write, t_reduce = pass_times(inputs.shape, args.years)
    floor = args.years * (passes["writes"] * t_write + passes["reductions"] * t_reduce)
    minimal = args.years * (t_write + t_reduce)
    print(
        f"engine wall time: {engine:.2f} s  (flows recorded: {args.flows}, mobility matrix: {kind})"
    )
    # CPU time is less disturbed than wall time when other work shares the machine.
    print(f"engine CPU time: {cpu:.2f} s")
    print(f"cell-years/s: {cells * args.years / engine:,.0f}")
    print(
        f"floor passes per year (counted from the engine's year): {passes['writes']:.2f} writes + "
        f"{passes['reductions']:.2f} reductions of the state's size"
    )
    print(f"bandwidth floor: {floor:.2f} s  → ratio engine/floor: {engine / floor:.2f}")
    print(
        f"minimal floor (1 write + 1 reduction per year): {minimal:.2f} s  → ratio: "
        f"{engine / minimal:.2f}"
    )
    print(f"peak memory (RSS): {peak_rss_gib():.2f} GiB")

    if args.mc_draws:
        hessen = with_mobility(synthetic_inputs(26, seed=1), kind)
        # Like a standard run: entries scaled by a young-population index that differs by
        # year and district (the engine then scales the entries every year of every draw).
        trend = np.linspace(1.0, 0.85, 60)[:, None] * np.linspace(0.95, 1.05, 26)[None, :]
        hessen.entry_factor = trend.astype(DTYPE)
        history = np.stack([hessen.stock.sum(axis=(3, 4)) * f for f in (0.96, 0.98, 1.0)])
        model = ModelData(
            hessen,
            [f"{i:05d}" for i in range(26)],
            [f"{i:03d}" for i in range(144)],
            history.astype(np.float64),
            [2022, 2023, 2024],
        )
        # Other work on a shared machine shows in the load average: print it with the times.
        load = os.getloadavg()
        t0, c0 = time.perf_counter(), time.process_time()
        run_monte_carlo(model, 15, draws=args.mc_draws, seed=1)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"Monte Carlo Hessen: {args.mc_draws} draws × 15 years: {wall:.1f} s"
            f" (CPU time, all threads: {cpu:.1f} s; {cpu / wall:.2f} cores busy on average)"
        )
        print(
            "load average (1 min) before / after the Monte Carlo: "
            f"{load[0]:.2f} / {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
        )
        print(f"peak memory (RSS) after MC: {peak_rss_gib():.2f} GiB")


if __name__ == "__main__":
    main()
