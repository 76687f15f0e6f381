"""Benchmark: briefing packs (PDF/UA-1 + HTML with the monitor's charts) for Hessen's Kreise (not a test).

    PYTHONPATH=src python benchmarks/briefing_packs.py [--draws 50] [--years 10] [--workers 2]

Builds the Hessen demo data and one forecast run (as ``fachkraefte demo`` does for the
monitor) in a temporary store, then times

- one pack, cold (first in the process: vl-convert's engine starts) and warm;
- all 26 Hessen packs in one process, with charts and without (the same document with the
  charts left out, in the same run: the ratio says what the charts cost);
- all 26 with ``--workers`` processes (the machine has 2 cores).

Targets (issue 15): one pack < 3 s, all 26 < 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor


def say(text: str) -> None:
    print(text, flush=True)  # each figure shows as soon as it is measured


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _pack(args: tuple[str, str, bool]) -> float:
    from fachkraefte.reports.briefing import make_pack

    run_id, ags, charts = args
    started = time.perf_counter()
    pack = make_pack(run_id, ags, charts=charts)
    assert pack.pdf.startswith(b"%PDF")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ["FACHKRAEFTE_DATA_DIR"] = tempfile.mkdtemp(prefix="fk-bench-packs-")

    from fachkraefte.forecast.runner import run_forecast
    from fachkraefte.reports import build_aggregates
    from fachkraefte.reports.peer_sets import peer_set
    from fachkraefte.sources.demo import build_demo, load_demo_table

    t0 = time.perf_counter()
    build_demo(selection="06")
    tables = {
        name: load_demo_table(name)
        for name in (
            "population",
            "employment",
            "graduates",
            "trainees",
            "labour_market",
            "wages",
            "employment_industry",
        )
    }
    run_id = run_forecast(tables, years=args.years, draws=args.draws, data_vintage="demo-bench")[
        "run_id"
    ]
    build_aggregates(run_id, tables=tables)
    districts = sorted(peer_set(run_id).reference)
    say(
        f"setup (demo Hessen, run {args.draws} draws, aggregates, peer set): "
        f"{time.perf_counter() - t0:.1f} s; {len(districts)} Kreise; load {_load()}"
    )

    cold = _pack((run_id, districts[0], True))
    warm = _pack((run_id, districts[0], True))
    say(f"one pack: cold {cold:.2f} s, warm {warm:.2f} s (target < 3 s)")

    t0 = time.perf_counter()
    with_charts = [_pack((run_id, ags, True)) for ags in districts]
    serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    without = [_pack((run_id, ags, False)) for ags in districts]
    plain = time.perf_counter() - t0
    say(
        f"all {len(districts)}, one process: with charts {serial:.1f} s "
        f"(max {max(with_charts):.2f} s per pack), without charts {plain:.1f} s "
        f"(max {max(without):.2f} s); ratio with/without {serial / plain:.1f}"
    )

    t0 = time.perf_counter()
    # "spawn": a forked child inherits vl-convert's engine threads in a locked state and hangs.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=context) as pool:
        parallel = list(pool.map(_pack, [(run_id, ags, True) for ags in districts]))
    wall = time.perf_counter() - t0
    say(
        f"all {len(districts)}, {args.workers} processes: {wall:.1f} s wall "
        f"(max {max(parallel):.2f} s per pack; target < 60 s); load {_load()}"
    )


if __name__ == "__main__":
    main()
