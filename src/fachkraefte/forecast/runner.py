"""Run a forecast end to end and store it: tables → model → scenario → projection → Parquet.

>>> from fachkraefte.forecast.runner import load_tables, run_forecast  # doctest: +SKIP
>>> meta = run_forecast(load_tables(), scenario="ausbildung_plus_10", years=15)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.forecast import MODEL_VERSION, store
from fachkraefte.forecast.adapter import ModelData, inputs_from_tables
from fachkraefte.forecast.engine import InputError, project
from fachkraefte.forecast.gap import DEFAULT_THRESHOLDS, Thresholds
from fachkraefte.forecast.montecarlo import run_monte_carlo, uncertainty_frame
from fachkraefte.forecast.results import cell_frame, replacement_ratio_frame
from fachkraefte.forecast.scenario import Scenario, apply_scenario, resolve

TABLE_NAMES = ("population", "employment", "graduates")


def load_tables(root: Path | None = None) -> dict[str, pl.DataFrame]:
    """The tables the model needs from the demo store (``fachkraefte demo`` builds it)."""
    from fachkraefte.sources.demo import load_demo_table

    return {name: load_demo_table(name, root=root) for name in TABLE_NAMES}


def new_run_id(scenario_name: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in scenario_name)[:40]
    return f"{stamp}-{safe}-{uuid.uuid4().hex[:6]}"


def run_forecast(
    tables: dict[str, pl.DataFrame],
    *,
    scenario: Scenario | str = "basis",
    years: int = 15,
    phi: float = 0.8,
    seed: int = 0,
    data_vintage: str = "demo",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    draws: int = 0,
    scheduler: str | None = None,
    step: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Project, classify and store one run; returns its metadata.

    Everything is validated and computed before anything is written, and the run folder is
    assembled under a temporary name and renamed at the end: a failing run writes no result.
    """
    say = step or (lambda _label: None)
    if isinstance(scenario, str):
        scenario = Scenario() if scenario in ("", "basis") else resolve(scenario)
    missing = [n for n in TABLE_NAMES if n not in tables]
    if missing:
        raise InputError(f"Tabelle(n) fehlen: {missing} / missing tables: {missing}")
    say("Eingaben kalibrieren")
    model: ModelData = inputs_from_tables(
        tables["population"], tables["employment"], tables["graduates"]
    )
    inputs = apply_scenario(model.inputs, scenario, ags=model.ags, kldb3=model.kldb3, years=years)
    say("Angebot projizieren")
    projection = project(inputs, years)
    say("Bedarf und Lücke")
    results = cell_frame(
        projection, model.demand_path(years, phi), model.ags, model.kldb3, thresholds=thresholds
    )
    ratio = replacement_ratio_frame(projection, model.ags, model.kldb3)
    uncertainty = None
    if draws:
        say(f"Monte Carlo ({draws} Ziehungen)")
        mc_model = dataclasses.replace(model, inputs=inputs)
        q = run_monte_carlo(mc_model, years, draws=draws, seed=seed, scheduler=scheduler)
        uncertainty = uncertainty_frame(q, projection.years, model.ags, model.kldb3)

    run_id = new_run_id(scenario.name)
    metadata = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scenario": scenario.name,
        "scenario_definition": repr(scenario),
        "data_vintage": data_vintage,
        "model_version": MODEL_VERSION,
        "seed": seed,
        "base_year": model.inputs.base_year,
        "years": years,
        "phi": phi,
        "thresholds": vars(thresholds),
        "label": SYNTHETIC_LABEL_DE if data_vintage.startswith("demo") else "",
        "draws": draws,
        "tables": ["results", "replacement_ratio"] + (["uncertainty"] if draws else []),
    }
    say("Speichern")
    root = store.forecasts_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{run_id}.", dir=root))
    try:
        store.write_frame(staging, "results", results)
        store.write_frame(staging, "replacement_ratio", ratio)
        if uncertainty is not None:
            store.write_frame(staging, "uncertainty", uncertainty)
        store.write_metadata(staging, metadata)
        staging.rename(root / run_id)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return metadata
