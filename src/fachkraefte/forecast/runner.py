"""Run a forecast end to end and store it: tables → model → scenario → projection → Parquet.

A run on the demo store (built by ``fachkraefte demo``) takes some seconds::

    from fachkraefte.forecast.runner import load_tables, run_forecast
    meta = run_forecast(load_tables(), scenario="ausbildung_plus_10", years=15)
    meta["run_id"]  # e.g. '20261206T030540-ausbildung_plus_10-17d233'
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.forecast import MODEL_VERSION, store
from fachkraefte.forecast.adapter import ModelData, inputs_from_tables
from fachkraefte.forecast.demand_choice import choose_demand_path
from fachkraefte.forecast.derived_graduates import derive_graduates, prepare_trainees
from fachkraefte.forecast.engine import InputError, project
from fachkraefte.forecast.gap import DEFAULT_THRESHOLDS, Thresholds
from fachkraefte.forecast.industry import (
    DEMAND_PATHS,
    INDUSTRY_TABLE,
    IndustryGrowth,
    model_industry_demand,
)
from fachkraefte.forecast.levels import level_index
from fachkraefte.forecast.mobility import (
    MOBILITY_CHOICES,
    SHARE_ATTRIBUTED,
    MobilityError,
    estimate_mobility,
    load_mobility_file,
    matrix_summary,
    mobility_frame,
)
from fachkraefte.forecast.montecarlo import (
    level_band_frame,
    monte_carlo_bands,
    uncertainty_frame,
)
from fachkraefte.forecast.results import cell_frame, replacement_ratio_frame
from fachkraefte.forecast.scenario import Scenario, apply_scenario, compose_growth, resolve
from fachkraefte.forecast.scenario_checks import check_measures, young_population
from fachkraefte.forecast.vacancy_signal import TABLE as VACANCY_TABLE
from fachkraefte.forecast.vacancy_signal import with_vacancies

TABLE_NAMES = ("population", "employment", "graduates")
OPTIONAL_TABLES = (INDUSTRY_TABLE, "trainees", VACANCY_TABLE)
"""Read when present: the industry demand path needs ``employment_industry``; without
``trainees`` the vocational entries are the base-year graduates (docs/forecast-model.md);
``labour_market`` gives the demand backtest registered vacancies as a candidate signal."""
DERIVABLE = {"graduates": "trainees"}
"""A required table that may be derived from another one when it was never imported: without
``graduates`` the vocational graduates come from ``trainees`` × a completion share and the
academic ones from a share of the employees (``derived_graduates.derive_graduates``, flagged
``derived`` in the run metadata)."""
SOURCES = ("demo", "imported")
"""``demo``: the synthetic demo store; ``imported``: the current official vintages."""


def load_tables(root: Path | None = None) -> dict[str, pl.DataFrame]:
    """The tables the model needs from the demo store (``fachkraefte demo`` builds it)."""
    from fachkraefte.sources.demo import load_demo_table

    tables = {name: load_demo_table(name, root=root) for name in TABLE_NAMES}
    for name in OPTIONAL_TABLES:
        # A build from before the table existed lacks it; the industry path then says so.
        with contextlib.suppress(FileNotFoundError):
            tables[name] = load_demo_table(name, root=root)
    return tables


def load_imported_tables() -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """The model's tables from the current imported vintages, and the vintage id of each.

    Raises :class:`InputError` naming every required table that has no current vintage.
    """
    from fachkraefte.sources import vintages

    current = {name: vintages.current_vintage(name) for name in TABLE_NAMES + OPTIONAL_TABLES}
    missing = [
        name
        for name in TABLE_NAMES
        if current[name] is None and (name not in DERIVABLE or current.get(DERIVABLE[name]) is None)
    ]
    if missing:
        named = ", ".join(
            f"{name} (oder {DERIVABLE[name]})" if name in DERIVABLE else name for name in missing
        )
        raise InputError(
            f"Für die Prognose aus importierten Daten fehlen die Tabellen: {named} "
            "(noch kein Datenstand importiert; 'fachkraefte import …' oder --source demo) / "
            f"forecast from imported data: no imported vintage for {named}"
        )
    tables: dict[str, pl.DataFrame] = {}
    used: dict[str, str] = {}
    for name, vintage in current.items():
        if vintage is None:
            continue
        tables[name] = vintages.load_table(name, vintage_id=vintage.vintage_id)
        used[name] = vintage.vintage_id
    return tables, used


def load_source(
    source: str = "demo", demo_dir: Path | None = None
) -> tuple[dict[str, pl.DataFrame], str, dict[str, str]]:
    """Tables, the ``data_vintage`` to record and the vintage id per table for ``source``.

    ``data_vintage`` is ``demo`` for the demo store, else ``imported:`` and the distinct
    vintage ids in table order, joined by ``+``.
    """
    if source == "demo":
        return load_tables(demo_dir), "demo", {}
    if source == "imported":
        tables, used = load_imported_tables()
        ids = list(dict.fromkeys(used.values()))
        return tables, "imported:" + "+".join(ids), used
    raise InputError(f"--source {source!r}: erlaubt {list(SOURCES)} / allowed {list(SOURCES)}")


def _mobility(
    tables: dict[str, pl.DataFrame],
    model: ModelData,
    mobility: str | Path | np.ndarray,
    share: float | None = None,
) -> tuple[np.ndarray | None, dict[str, Any]]:
    """The mobility matrix for the model's Berufsgruppen and its metadata entry."""
    if isinstance(mobility, np.ndarray):
        return mobility, {"source": "array", **matrix_summary(mobility)}
    if str(mobility) == "none":
        return None, {"source": "none"}
    if str(mobility) == "estimated":
        estimate = estimate_mobility(
            tables,
            last_year=model.inputs.base_year,
            share=SHARE_ATTRIBUTED if share is None else share,
        )
        # Both are the sorted Berufsgruppen of the employment table; align by code all the same.
        pos = {code: i for i, code in enumerate(estimate.kldb3)}
        take = np.array([pos.get(code, -1) for code in model.kldb3])
        matrix = np.zeros((len(model.kldb3), len(model.kldb3)))
        ok = take >= 0
        matrix[np.ix_(ok, ok)] = estimate.matrix[np.ix_(take[ok], take[ok])]
        return matrix, estimate.metadata()
    path = Path(mobility)
    if not path.is_file():
        raise MobilityError(
            f"--mobility {str(mobility)!r}: weder {list(MOBILITY_CHOICES)} noch eine Datei / "
            f"neither {list(MOBILITY_CHOICES)} nor a file"
        )
    matrix = load_mobility_file(path, model.kldb3)
    return matrix, {"source": "file", "file": str(path), **matrix_summary(matrix)}


def _graduates_or_derived(
    tables: dict[str, pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """The tables with ``trainees`` fitted to the model's cells and, where no ``graduates``
    table was given, one derived from ``trainees`` (and employment); how, for the metadata."""
    if "trainees" not in tables or "employment" not in tables:
        return tables, {"derived": False}
    trainees, trainee_meta = prepare_trainees(tables["trainees"], tables["employment"])
    tables = {**tables, "trainees": trainees}
    if "graduates" in tables:
        return tables, {"derived": False, "trainees": trainee_meta}
    graduates, meta = derive_graduates(trainees, tables["employment"])
    return {**tables, "graduates": graduates}, {**meta, "trainees": trainee_meta}


def _calibrate(tables: dict[str, pl.DataFrame], graduates_meta: dict[str, Any]) -> ModelData:
    return inputs_from_tables(
        tables["population"],
        tables["employment"],
        tables["graduates"],
        trainees=tables.get("trainees"),
        graduates_are_entrants=bool(graduates_meta.get("derived")),
    )


@dataclasses.dataclass(frozen=True)
class SupplyModel:
    """The supply side of a run before its scenario: calibrated inputs with the mobility
    matrix, and the young population the measure limits read."""

    model: ModelData
    young: dict[str, float]


def supply_model(
    tables: dict[str, pl.DataFrame],
    *,
    scenario: Scenario,
    mobility: str | Path | np.ndarray | None = None,
) -> SupplyModel:
    """The engine inputs :func:`run_forecast` projects, built the same way, for callers that
    run the engine on a part of them (``fachkraefte.need``: a measure's effect)."""
    tables, graduates_meta = _graduates_or_derived(tables)
    missing = [n for n in TABLE_NAMES if n not in tables]
    if missing:
        raise InputError(f"Tabelle(n) fehlen: {missing} / missing tables: {missing}")
    model = _calibrate(tables, graduates_meta)
    chosen_mobility = scenario.mobility if mobility is None else mobility
    matrix, _meta = _mobility(tables, model, chosen_mobility, scenario.mobility_share)
    model = dataclasses.replace(model, inputs=dataclasses.replace(model.inputs, mobility=matrix))
    young = young_population(tables["population"], model.ags, model.inputs.base_year)
    return SupplyModel(model=model, young=young)


def new_run_id(scenario_name: str) -> str:
    """A run id: UTC time stamp, the scenario name (file-name safe) and a random suffix.

    >>> new_run_id("ausbildung_plus_10")
    '...T...-ausbildung_plus_10-...'
    >>> new_run_id("Pflege/Hessen 2030").split("-")[1:3]
    ['Pflege', 'Hessen']
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in scenario_name)[:40]
    return f"{stamp}-{safe}-{uuid.uuid4().hex[:6]}"


def run_forecast(
    tables: dict[str, pl.DataFrame],
    *,
    scenario: Scenario | str = "basis",
    years: int = 15,
    phi: float | None = None,
    seed: int = 0,
    data_vintage: str = "demo",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    draws: int = 0,
    scheduler: str | None = None,
    step: Callable[[str], None] | None = None,
    demand: str | None = None,
    industry_growth: IndustryGrowth | None = None,
    mobility: str | Path | np.ndarray | None = None,
    vintages: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Project, classify and store one run; returns its metadata.

    ``demand``: ``trend``, ``industry`` or ``auto`` (the one with the lower in-history loss,
    :mod:`~fachkraefte.forecast.demand_choice`; default: the scenario's choice, else ``trend``);
    ``industry_growth`` adds to (and per section replaces) the scenario's growth rates.
    ``mobility``: ``None`` (default: the scenario's, ``none`` in the base run), ``estimated``
    (:func:`~fachkraefte.forecast.mobility.estimate_mobility`, the sensitivity run), ``none``,
    a CSV/TOML file path or an (O, O) array. ``phi``: the trend damping; ``None`` (default):
    chosen by backtest on the history (:mod:`fachkraefte.forecast.demand_fit`). ``vintages``: the vintage id of each
    imported table used (:func:`load_source`), stored in the metadata.

    Everything is validated and computed before anything is written, and the run folder is
    assembled under a temporary name and renamed at the end: a failing run writes no result.
    """
    say = step or (lambda _label: None)
    if isinstance(scenario, str):
        scenario = Scenario() if scenario in ("", "basis") else resolve(scenario)
    tables, graduates_meta = _graduates_or_derived(tables)
    missing = [n for n in TABLE_NAMES if n not in tables]
    if missing:
        raise InputError(f"Tabelle(n) fehlen: {missing} / missing tables: {missing}")
    demand_path = demand or scenario.demand
    if demand_path not in DEMAND_PATHS:
        raise InputError(f"demand={demand_path!r}: erlaubt {list(DEMAND_PATHS)} / allowed")
    growth = compose_growth(scenario.industry_growth, industry_growth)
    if demand_path != "industry" and growth is not None:
        raise InputError(
            "Wachstumsraten je Wirtschaftszweig wirken nur mit demand = 'industry' / "
            "industry growth rates need demand = 'industry'"
        )
    say("Eingaben kalibrieren")
    model = with_vacancies(_calibrate(tables, graduates_meta), tables)
    choice = None
    if demand_path == "auto":
        demand_path, choice = choose_demand_path(tables, model)
    if demand_path == "industry":
        if INDUSTRY_TABLE not in tables:
            raise InputError(
                f"Branchenpfad: Tabelle {INDUSTRY_TABLE!r} fehlt (Demodaten mit 'fachkraefte "
                f"demo' neu erzeugen) / industry path: table {INDUSTRY_TABLE!r} is missing"
            )
        model.industry = model_industry_demand(tables[INDUSTRY_TABLE], model, growth)
    say("Berufswechsel")
    chosen_mobility = scenario.mobility if mobility is None else mobility
    matrix, mobility_meta = _mobility(tables, model, chosen_mobility, scenario.mobility_share)
    model = dataclasses.replace(model, inputs=dataclasses.replace(model.inputs, mobility=matrix))
    young = young_population(tables["population"], model.ags, model.inputs.base_year)
    plausibility = check_measures(
        scenario, model.inputs, ags=model.ags, kldb3=model.kldb3, young=young
    )
    inputs = apply_scenario(
        model.inputs, scenario, ags=model.ags, kldb3=model.kldb3, years=years, young=young
    )
    say("Angebot projizieren")
    projection = project(inputs, years)
    # from the first projection year on supply continues the fitted start level (adapter)
    projection = dataclasses.replace(projection, supply=model.supply_path(projection.supply))
    say("Bedarf und Lücke")
    results = cell_frame(
        projection, model.demand_path(years, phi), model.ags, model.kldb3, thresholds=thresholds
    )
    ratio = replacement_ratio_frame(projection, model.ags, model.kldb3)
    uncertainty = bands = None
    if draws:
        say(f"Monte Carlo ({draws} Ziehungen)")
        mc_model = dataclasses.replace(model, inputs=inputs)
        levels = level_index(model.ags, model.kldb3)
        q, level_q = monte_carlo_bands(
            mc_model, years, draws=draws, seed=seed, scheduler=scheduler, levels=levels
        )
        uncertainty = uncertainty_frame(q, projection.years, model.ags, model.kldb3)
        bands = level_band_frame(level_q, projection.years, levels)

    fit = model.demand_fit
    demand_meta: dict[str, Any] = {
        "path": demand_path,
        "phi": fit.phi if phi is None else phi,
        "phi_source": "backtest" if phi is None else "set",
        # what was estimated, how it was chosen and how it compared with carry-forward and
        # the naive trend on the history's own rolling-origin backtest
        "fit": fit.metadata(),
    }
    if choice is not None:
        # --demand auto: both paths' in-history losses and the one taken
        demand_meta["choice"] = choice
    if model.industry is not None:
        demand_meta["industry_growth"] = model.industry.growth.metadata()
        demand_meta["trend_sections"] = model.industry.trend_sections(years)
    run_id = new_run_id(scenario.name)
    metadata = {
        "run_id": run_id,
        # to the microsecond: runs are listed newest first by this, and two runs of one
        # second (a fast machine, a script) must not tie
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "scenario": scenario.name,
        "scenario_definition": repr(scenario),
        "data_vintage": data_vintage,
        "vintages": dict(vintages or {}),
        "model_version": MODEL_VERSION,
        "seed": seed,
        "base_year": model.inputs.base_year,
        "years": years,
        "phi": phi,
        "thresholds": vars(thresholds),
        "label": SYNTHETIC_LABEL_DE if data_vintage.startswith("demo") else "",
        "draws": draws,
        "demand": demand_meta,
        "entries": model.entries_meta or {},
        "parameters": model.parameters_meta or {},
        "supply_start_level": _supply_start_level_record(model),
        "graduates": graduates_meta,
        "mobility": mobility_meta,
        "plausibility_warnings": plausibility,
        "tables": ["results", "replacement_ratio"]
        + (["uncertainty", "bands"] if draws else [])
        + (["mobility"] if matrix is not None else []),
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
        if bands is not None:
            store.write_frame(staging, "bands", bands)
        if matrix is not None:
            store.write_frame(staging, "mobility", mobility_frame(matrix, model.kldb3))
        store.write_metadata(staging, metadata)
        staging.rename(root / run_id)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return metadata


def _supply_start_level_record(model: ModelData) -> dict[str, Any]:
    """How the supply path's start level was chosen (docs/forecast-model.md, "Startniveau")."""
    shift = model.supply_level_shift
    return {
        "method": "Startniveau des Bedarfspfads ab dem ersten Projektionsjahr, je Land auf "
        "dessen Beschäftigung im Basisjahr skaliert / the demand path's start level from the "
        "first projection year, scaled per Land to its base-year employment "
        "(adapter.ModelData.supply_path)",
        "level_weight": model.demand_fit.level_weight,
        "chosen_by": "rollierende Rückrechnung innerhalb der Geschichte / rolling-origin "
        "backtest inside the history (demand_fit)",
        "shift_persons": round(float(shift.sum())),
        "shift_absolute_persons": round(float(np.abs(shift).sum())),
    }
