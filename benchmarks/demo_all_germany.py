"""Benchmark: the all-Germany demo build, the engine on it, and its Monte Carlo on Dask (not a test).

    PYTHONPATH=src python benchmarks/demo_all_germany.py [--land all] [--years 15] [--draws 8]
        [--chunk-size 2] [--workers 0,1,2] [--run]

Prints the time of ``generate_demo_tables(selection=…)`` (peak memory), of calibrating the
model (``inputs_from_tables``) and one deterministic projection (``engine.project``), and of
``monte_carlo_bands`` with ``--draws`` draws: on local threads (workers 0) and on a
``dask.distributed`` LocalCluster of 1, 2, … single-threaded worker processes (``--workers``,
passed as the ``scheduler`` address exactly as ``forecast run --scheduler`` does). It reports
draws per second and, for fewer than 1,000 draws, extrapolates to 1,000 (docs/performance.md
records a full 1,000-draw run for 400 Kreise: its draws go to disk, see ``forecast/draw_store``).
``--run`` also times a whole ``run_forecast`` (validation, mobility, results, storage).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--land", default="all")
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--chunk-size", type=int, default=2)
    parser.add_argument("--workers", default="0,1,2")
    parser.add_argument("--run", action="store_true")
    args = parser.parse_args()
    os.environ["FACHKRAEFTE_DATA_DIR"] = tempfile.mkdtemp(prefix="fk-bench-")

    from fachkraefte.forecast.adapter import inputs_from_tables
    from fachkraefte.forecast.engine import project
    from fachkraefte.forecast.montecarlo import monte_carlo_bands
    from fachkraefte.sources.demo import generate_demo_tables

    t0 = time.perf_counter()
    tables = generate_demo_tables(selection=args.land)
    build = time.perf_counter() - t0
    districts = tables["population"]["ags"].n_unique()
    print(f"demo build ({args.land}, {districts} Kreise): {build:.1f} s; peak RSS {_rss():.2f} GiB")
    print(f"  employment rows: {tables['employment'].height:,}; load {_load()}")

    t0 = time.perf_counter()
    model = inputs_from_tables(
        tables["population"], tables["employment"], tables["graduates"], trainees=tables["trainees"]
    )
    calibrate = time.perf_counter() - t0
    t0 = time.perf_counter()
    project(model.inputs, args.years)
    engine = time.perf_counter() - t0
    print(f"calibration: {calibrate:.1f} s; engine, {args.years} years: {engine:.1f} s")

    for workers in (int(w) for w in args.workers.split(",")):
        cluster = None
        address = None
        if workers:
            from dask.distributed import LocalCluster

            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            address = cluster.scheduler_address
        load = _load()
        t0, c0 = time.perf_counter(), time.process_time()
        monte_carlo_bands(
            model, args.years, draws=args.draws, chunk_size=args.chunk_size, scheduler=address
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if cluster is not None:
            cluster.close()
        name = f"{workers} worker process(es)" if workers else "local threads"
        print(
            f"Monte Carlo {args.draws} draws × {args.years} years, {name}: {wall:.1f} s → "
            f"{args.draws / wall:.3f} draws/s; 1,000 draws ≈ {1000 * wall / args.draws / 60:.0f}"
            f" min{' (extrapolated)' if args.draws < 1000 else ''}; CPU of this process"
            f" {cpu:.1f} s; per draw {wall / args.draws:.2f} s = {wall / args.draws / engine:.2f}×"
            f" one deterministic projection; load before {load} / after {_load()}"
        )
    if args.run:
        from fachkraefte.forecast.runner import run_forecast

        t0 = time.perf_counter()
        run_forecast(tables, years=args.years, data_vintage="bench")
        print(f"whole deterministic run_forecast: {time.perf_counter() - t0:.1f} s")
    print(f"peak memory (RSS, this process): {_rss():.2f} GiB; load {_load()}")


if __name__ == "__main__":
    main()
