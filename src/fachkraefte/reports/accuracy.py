"""A run's accuracy table ("Treffsicherheit"): backtests on the data the run was made from.

From every origin the run's employment series allows, the model is calibrated on the years up
to the origin only and compared with what was observed later, side by side with
carry-forward and a naive trend (:func:`fachkraefte.forecast.backtest.accuracy_table`), on
the run's own Kreise and Berufsgruppen. This takes a Monte Carlo per origin, so it is built
once per run (by ``fachkraefte forecast accuracy`` or a background task of the monitor) and
stored as ``<run>/accuracy.parquet``; pages only read it.
"""

from __future__ import annotations

import contextlib
from typing import Any

import polars as pl

from fachkraefte.forecast import store
from fachkraefte.forecast.backtest import accuracy_table

TABLE = "accuracy"
DRAWS = 200
"""Monte Carlo draws per origin for the band coverage (the coverage of an 80 % band is read
to about ±3 points with this many draws on a Land's units; it is not a tuning knob)."""
MODEL_TABLES = (
    "population",
    "employment",
    "graduates",
    "trainees",
    "labour_market",
    "employment_industry",
)


class AccuracyNotReady(LookupError):  # noqa: N818  (a state, not a programming error)
    """The run's accuracy table has not been built yet."""

    def __init__(self, run_id: str):
        super().__init__(
            f"Die Treffsicherheit des Laufs {run_id} wird noch berechnet / "
            f"the accuracy table of run {run_id} is not built yet"
        )
        self.run_id = run_id


def accuracy_ready(run_id: str) -> bool:
    return (store.run_dir(run_id) / f"{TABLE}.parquet").exists()


def read_accuracy(run_id: str) -> pl.DataFrame:
    """The stored accuracy table (long: origin, horizon, year, level, method, mape, bias,
    coverage, units); raises :class:`AccuracyNotReady` when it is missing."""
    if not accuracy_ready(run_id):
        raise AccuracyNotReady(run_id)
    return store.read_frame(run_id, TABLE)


def model_tables(metadata: dict[str, Any]) -> dict[str, pl.DataFrame]:
    """The model's tables of the run's recorded data: the demo build for demo runs, else the
    recorded vintage of each table (never simply the current one)."""
    tables: dict[str, pl.DataFrame] = {}
    if str(metadata.get("data_vintage", "")).startswith("demo"):
        from fachkraefte.sources.demo import load_demo_table

        for name in MODEL_TABLES:
            with contextlib.suppress(FileNotFoundError):
                tables[name] = load_demo_table(name)
        return tables
    from fachkraefte.sources.vintages import VintageError, load_table

    for name, vintage_id in dict(metadata.get("vintages") or {}).items():
        if name in MODEL_TABLES:
            with contextlib.suppress(VintageError, FileNotFoundError):
                tables[name] = load_table(name, vintage_id=vintage_id)
    return tables


def build_accuracy(
    run_id: str, *, tables: dict[str, pl.DataFrame] | None = None, draws: int = DRAWS
) -> pl.DataFrame:
    """Compute and store the accuracy table of ``run_id`` on its Kreise and Berufsgruppen.

    ``tables``: population, employment, graduates (and trainees); default
    :func:`model_tables` of the run's metadata.
    """
    metadata = store.read_metadata(run_id)
    tables = model_tables(metadata) if tables is None else tables
    cells = store.read_frame(run_id, "results").select("ags", "kldb3").unique()
    ags, kldb3 = cells["ags"].unique().to_list(), cells["kldb3"].unique().to_list()
    subset = {}
    for name, frame in tables.items():
        keep = frame.filter(pl.col("ags").is_in(ags)) if "ags" in frame.columns else frame
        subset[name] = (
            keep.filter(pl.col("kldb3").is_in(kldb3)) if "kldb3" in keep.columns else keep
        )
    # None: the run's damping was chosen by backtest, so each origin chooses its own again
    phi = None if metadata.get("phi") is None else float(metadata["phi"])
    mobility = "none" if (metadata.get("mobility") or {}).get("source") == "none" else "estimated"
    table = accuracy_table(
        subset, phi=phi, mobility=mobility, draws=draws, seed=int(metadata.get("seed", 0))
    )
    store.write_frame(store.run_dir(run_id), TABLE, table)
    return table
