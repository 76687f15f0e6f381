"""The skill pattern of the Hessen demo: entries, supply, demand and gap by Anforderungsniveau.

Base run without occupational mobility, demand as the run chooses it (damped trend chosen by
backtest), demo seed fixed, the Kreise of one Land of the default demo (``--land``, default
Hessen, 06); prints
the yearly entries by level, the level moves of the first year and the gap (demand − supply)
in the last year, absolute and relative to demand. The table in docs/forecast-model.md
("Zugänge nach Anforderungsniveau") comes from this script (not a test: the sign depends on
demand and exits too).

Run:  .venv/bin/python benchmarks/skill_pattern.py [--years 7] [--land 06]
"""

from __future__ import annotations

import argparse

import numpy as np
import polars as pl

from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.engine import project
from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

NAMES = ("Helfer", "Fachkraft", "Spezialist", "Experte")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--land", default="06", help="two-digit Land key")
    args = parser.parse_args()
    tables = {
        name: frame.filter(pl.col("ags").str.starts_with(args.land))
        if "ags" in frame.columns
        else frame
        for name, frame in generate_demo_tables(DEFAULT_SEED).items()
    }
    model = inputs_from_tables(
        tables["population"],
        tables["employment"],
        tables["graduates"],
        trainees=tables.get("trainees"),
    )
    projection = project(model.inputs, args.years)
    demand = model.demand_path(args.years).sum(axis=(1, 2))
    supply = projection.supply.sum(axis=(1, 2))
    entries = model.inputs.entries.sum(axis=(0, 1, 3, 4), dtype=np.float64)
    moves = projection.level_moves[0].sum(axis=(0, 1))
    last = model.inputs.base_year + args.years
    meta = model.entries_meta or {}
    print(
        f"Demo, Land {args.land} ({len(model.ags)} Kreise), base {model.inputs.base_year} → "
        f"{last}; academic graduates "
        f"{meta.get('academic_graduates')} → entrants {meta.get('academic_entrants')}"
    )
    print("| Niveau | entries/yr | level moves yr 1 | supply | demand | gap | gap % |")
    print("|---|---|---|---|---|---|---|")
    for q, name in enumerate(NAMES):
        gap = demand[-1, q] - supply[-1, q]
        print(
            f"| {q + 1} {name} | {entries[q]:,.0f} | {moves[q]:+,.0f} | {supply[-1, q]:,.0f} | "
            f"{demand[-1, q]:,.0f} | {gap:+,.0f} | {100 * gap / demand[-1, q]:+.1f} % |"
        )


if __name__ == "__main__":
    main()
