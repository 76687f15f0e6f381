"""Benchmark: the all-Germany demo build and a forecast run with Monte Carlo on it (not a test).

    PYTHONPATH=src python benchmarks/demo_all_germany.py [--land all] [--draws 10] [--years 15]
        [--scheduler tcp://…]

Prints the time of ``generate_demo_tables(selection=…)``, of a deterministic run and of a run
with ``--draws`` Monte Carlo draws (Dask; local threads unless ``--scheduler`` names a
``dask.distributed`` scheduler), the draws per second and the extrapolation to 1,000 draws.
Runs are stored in a temporary data directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--land", default="all")
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--scheduler", default=None)
    args = parser.parse_args()
    os.environ["FACHKRAEFTE_DATA_DIR"] = tempfile.mkdtemp(prefix="fk-bench-")

    from fachkraefte.forecast.runner import run_forecast
    from fachkraefte.sources.demo import generate_demo_tables

    t0 = time.perf_counter()
    tables = generate_demo_tables(selection=args.land)
    build = time.perf_counter() - t0
    districts = tables["population"]["ags"].n_unique()
    print(f"demo build ({args.land}, {districts} Kreise): {build:.1f} s, load {os.getloadavg()}")
    t0 = time.perf_counter()
    run_forecast(tables, years=args.years, draws=0, data_vintage="bench")
    base = time.perf_counter() - t0
    print(f"deterministic run, {args.years} years: {base:.1f} s")
    if args.draws:
        t0 = time.perf_counter()
        run_forecast(
            tables,
            years=args.years,
            draws=args.draws,
            scheduler=args.scheduler,
            data_vintage="bench",
        )
        with_mc = time.perf_counter() - t0
        per_draw = max(with_mc - base, 1e-9) / args.draws
        print(
            f"run with {args.draws} draws (scheduler {args.scheduler or 'threads'}): {with_mc:.1f} s"
            f" → {1 / per_draw:.2f} draws/s; 1,000 draws ≈ {base + 1000 * per_draw:.0f} s"
            " (extrapolated)"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory (RSS): {rss:.2f} GiB, load {os.getloadavg()}")


if __name__ == "__main__":
    main()
