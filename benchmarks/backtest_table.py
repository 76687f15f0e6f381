"""Backtest table of the forecast on the default demo (not a test): every origin the demo allows.

For each origin T (every demo year with a year before it and an observed year after it), the
model is calibrated on the years up to T only and projected as far as the data reach (at most
three years); MAPE, bias and P10–P90 band coverage per level (Kreis × Berufsgruppe,
Kreis × Berufshauptgruppe, Kreis × Berufsbereich, Land) are printed for the model's supply and
demand paths, carry-forward ("employment stays as it is") and a naive trend side by side,
then their means over the origins. Nothing here is tuned: the numbers are those of
``fachkraefte forecast backtest`` on the same data (``fachkraefte.forecast.backtest``).

Run:  .venv/bin/python benchmarks/backtest_table.py [--draws 200] [--format markdown|csv]
"""

from __future__ import annotations

import argparse
import os
import time

import polars as pl

from fachkraefte.forecast.backtest import (
    ALL_METHODS,
    METHODS,
    accuracy_table,
    backtest_origins,
    mean_by_level,
    side_by_side,
)
from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

SHORT = {
    "model_supply": "model supply",
    "model_demand": "model demand",
    "model_industry": "model industry path",
    "carry_forward": "carry-forward",
    "naive_trend": "naive trend",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def markdown(wide: pl.DataFrame, keys: list[str]) -> str:
    methods = [m for m in ALL_METHODS if f"mape_{m}" in wide.columns]
    head = keys + [f"MAPE {SHORT[m]}" for m in methods] + [f"bias {SHORT[m]}" for m in methods]
    head += [f"P10–P90 coverage {SHORT[m]}" for m in METHODS[:2]]
    head += ["P10–P90 coverage in history (calibration)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in wide.iter_rows(named=True):
        cells = [str(row[k]) for k in keys]
        cells += [_pct(row[f"mape_{m}"]) for m in methods]
        cells += [_pct(row[f"bias_{m}"]) for m in methods]
        cells += [_pct(row[f"coverage_{m}"]) for m in METHODS[:2]]
        cells += [_pct(row.get("coverage_in_history", row.get("coverage_in_history_model_supply")))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200, help="Monte Carlo draws per origin")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mobility", default="none", choices=("none", "estimated"))
    parser.add_argument("--format", default="markdown", choices=("markdown", "csv"))
    args = parser.parse_args()
    tables = generate_demo_tables(DEFAULT_SEED)
    origins = backtest_origins(tables)
    t0, c0 = time.perf_counter(), time.process_time()
    table = accuracy_table(
        tables, origins=origins, mobility=args.mobility, draws=args.draws, seed=args.seed
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    wide = side_by_side(table)
    summary = mean_by_level(table).pivot(
        on="method",
        index=["level", "origins"],
        values=["mape", "bias", "coverage", "coverage_in_history"],
    )
    if args.format == "csv":
        print(wide.write_csv(), end="")
        print(summary.write_csv(), end="")
    else:
        print(f"Origins (origin, years ahead): {origins}; {args.draws} draws per origin\n")
        print(markdown(wide, ["origin", "year", "level", "units"]))
        print("\nMean over the origins:\n")
        print(markdown(summary, ["level", "origins"]))
    print(
        f"\n{wall:.0f} s wall, {cpu:.0f} s CPU; load average (1 min) {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
