"""The effect of measures on a stored forecast run's supply, computed by the engine itself.

A measure ("20 Pflegefachkräfte a year in 813 in 14626 from 2027") is a scenario of the forecast
engine (:class:`~fachkraefte.forecast.scenario.Measure`). Its effect is the difference of two
projections of the run's own inputs: with the run's scenario plus the measures, and with the
run's scenario alone — never a formula beside the engine. Only what the measures can reach is
projected: the engine keeps districts apart, so the projection runs on the measures' districts;
without a mobility matrix occupations are apart too, and it runs on their occupations alone.
Both restricted projections do exactly the arithmetic of the full run on those cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from fachkraefte.forecast import store
from fachkraefte.forecast.engine import EngineInputs, project
from fachkraefte.forecast.runner import SupplyModel, load_tables, supply_model
from fachkraefte.forecast.scenario import Measure, Scenario, ScenarioError, apply_scenario, resolve


class NeedError(ValueError):
    """The need of a run cannot be assessed (missing tables, unknown cells); says why."""


def run_scenario(metadata: dict[str, Any]) -> Scenario:
    """The scenario a run was made with, by its recorded name (the base scenario when the name
    is not a standard scenario any more: its file is not kept with the run)."""
    name = str(metadata.get("scenario") or "basis")
    if name == "basis":
        return Scenario()
    try:
        return resolve(name)
    except ScenarioError:
        return Scenario()


def _run_mobility(metadata: dict[str, Any]) -> str:
    recorded = metadata.get("mobility") or {}
    source = recorded.get("source", "none")
    if source == "file" and Path(str(recorded.get("file", ""))).is_file():
        return str(recorded["file"])
    return "estimated" if source == "estimated" else "none"


def run_tables(metadata: dict[str, Any]) -> dict[str, pl.DataFrame]:
    """The tables a run was made from: the demo store, or the vintages the run recorded."""
    if str(metadata.get("data_vintage", "")).startswith("demo"):
        return load_tables()
    pinned: dict[str, str] = dict(metadata.get("vintages") or {})
    if not pinned:
        raise NeedError(
            f"Lauf {metadata.get('run_id')!r} nennt keine Datenstände / the run records no vintages"
        )
    from fachkraefte.sources.vintages import load_table

    return {name: load_table(name, vintage_id=vintage) for name, vintage in pinned.items()}


def _run_districts(run_id: str) -> list[str]:
    path = store.run_dir(run_id) / "replacement_ratio.parquet"
    return sorted(pl.scan_parquet(path).select("ags").unique().collect()["ags"].to_list())


def _only(tables: dict[str, pl.DataFrame], ags: list[str]) -> dict[str, pl.DataFrame]:
    """The tables cut to the run's districts when the run was made from such a cut."""
    employment = tables.get("employment")
    if employment is None:
        return tables
    known = set(employment.filter(pl.col("ags").str.len_chars() == 5)["ags"].unique().to_list())
    if known <= set(ags):
        return tables
    return {
        name: frame.filter(pl.col("ags").is_in(ags)) if "ags" in frame.columns else frame
        for name, frame in tables.items()
    }


def supply_for_run(run_id: str, tables: dict[str, pl.DataFrame] | None = None) -> SupplyModel:
    """The run's calibrated supply inputs (cached per run when read from the run's own data)."""
    if tables is None:
        return _cached_supply(run_id, store.run_dir(run_id).stat().st_mtime_ns)
    return _build_supply(run_id, tables)


# One run's inputs at a time: for all of Germany they are several hundred MB, and a worker
# computes the effects of one (the default) run.
@lru_cache(maxsize=1)
def _cached_supply(run_id: str, _stamp: int) -> SupplyModel:
    return _build_supply(run_id, run_tables(store.read_metadata(run_id)))


def _build_supply(run_id: str, tables: dict[str, pl.DataFrame]) -> SupplyModel:
    metadata = store.read_metadata(run_id)
    tables = _only(tables, _run_districts(run_id))
    built = supply_model(tables, scenario=run_scenario(metadata), mobility=_run_mobility(metadata))
    if built.model.inputs.base_year != int(metadata["base_year"]):
        raise NeedError(
            f"Die Daten haben das Basisjahr {built.model.inputs.base_year}, der Lauf "
            f"{metadata['base_year']} / the data's base year differs from the run's"
        )
    return built


def _as_5d(array: np.ndarray) -> np.ndarray:
    return array.reshape((1,) * (5 - array.ndim) + array.shape) if array.ndim < 5 else array


def restrict(inputs: EngineInputs, rows: Sequence[int], cols: Sequence[int] | None) -> EngineInputs:
    """``inputs`` on the districts ``rows`` (and occupations ``cols``; ``None``: all of them).

    Broadcast axes of length one stay as they are; the sparse extra entries of the run's own
    measures are renumbered, and those outside the cut dropped.
    """
    n_r, n_o = inputs.shape[:2]
    rows = list(rows)
    col_list = list(range(n_o)) if cols is None else list(cols)

    def cut(value: Any) -> Any:
        array = _as_5d(np.asarray(value))
        if array.shape[0] == n_r:
            array = array[rows]
        if cols is not None and array.shape[1] == n_o:
            array = array[:, col_list]
        return array

    factor = inputs.entry_factor
    if factor is not None and np.ndim(factor) == 2 and np.shape(factor)[1] == n_r:
        factor = np.asarray(factor)[:, rows]
    mobility = inputs.mobility
    if mobility is not None and cols is not None:
        mobility = np.asarray(mobility)[np.ix_(col_list, col_list)]
    level_moves = inputs.level_moves
    if level_moves is not None and cols is not None:
        moves = np.asarray(level_moves)
        if moves.ndim == 5 and moves.shape[2] == n_o:
            level_moves = moves[:, :, col_list]
    new_r = {r: i for i, r in enumerate(rows)}
    new_o = {o: i for i, o in enumerate(col_list)}
    extra = [
        (t, (new_r[r], new_o[o], q, s, a), persons)
        for t, (r, o, q, s, a), persons in inputs.extra_entries
        if r in new_r and o in new_o
    ]
    return dataclasses.replace(
        inputs,
        stock=cut(inputs.stock),
        exit_rate=cut(inputs.exit_rate),
        entries=cut(inputs.entries),
        migration_rate=cut(inputs.migration_rate),
        participation_rate=cut(inputs.participation_rate),
        mobility=mobility,
        entry_factor=factor,
        level_moves=level_moves,
        extra_entries=extra,
    )


def measure_effect(
    run_id: str,
    measures: Sequence[Measure],
    *,
    tables: dict[str, pl.DataFrame] | None = None,
    supply: SupplyModel | None = None,
) -> pl.DataFrame:
    """Persons the measures add to the run's supply: year, ags, kldb3, added_supply.

    One row per year of the run and per cell the measures reach (with a mobility matrix also
    the occupations their graduates move to). ``tables``: the tables the run was made from
    (default: read as the run recorded them); ``supply``: the run's calibrated inputs when the
    caller holds them (a hand-made run in a test). Raises ``ScenarioError`` for a measure beyond the
    plausibility limits and :class:`NeedError` for a cell the run does not hold.
    """
    metadata = store.read_metadata(run_id)
    years = int(metadata["years"])
    schema = {"year": pl.Int32, "ags": pl.String, "kldb3": pl.String, "added_supply": pl.Float64}
    if not measures:
        return pl.DataFrame(schema=schema)
    supply = supply or supply_for_run(run_id, tables)
    model = supply.model
    unknown = sorted(
        {
            f"{m.ags}/{m.kldb3}"
            for m in measures
            if m.ags not in model.ags or m.kldb3 not in model.kldb3
        }
    )
    if unknown:
        raise NeedError(
            f"Nicht im Prognoselauf: {', '.join(unknown)} / not in the forecast run: "
            f"{', '.join(unknown)}"
        )
    rows = sorted({model.ags.index(m.ags) for m in measures})
    cols = None
    if model.inputs.mobility is None:
        cols = sorted({model.kldb3.index(m.kldb3) for m in measures})
    inputs = restrict(model.inputs, rows, cols)
    ags = [model.ags[r] for r in rows]
    kldb3 = model.kldb3 if cols is None else [model.kldb3[o] for o in cols]
    base_scenario = run_scenario(metadata)
    own = tuple(m for m in base_scenario.measures if m.ags in ags and m.kldb3 in kldb3)
    base_scenario = dataclasses.replace(base_scenario, measures=own)
    with_measures = dataclasses.replace(base_scenario, measures=own + tuple(measures))
    projected = {}
    for key, scenario in (("base", base_scenario), ("measures", with_measures)):
        applied = apply_scenario(
            inputs, scenario, ags=ags, kldb3=kldb3, years=years, young=supply.young
        )
        projected[key] = project(applied, years, flows=False).supply.sum(axis=3)
    added = projected["measures"] - projected["base"]
    t, r, o = np.nonzero(np.abs(added) > 0)
    reached = sorted({(ri, oi) for ri, oi in zip(r.tolist(), o.tolist(), strict=True)})
    start = int(metadata["base_year"])
    out = [
        (start + ti, ags[ri], kldb3[oi], float(added[ti, ri, oi]))
        for ri, oi in reached
        for ti in range(years + 1)
    ]
    return pl.DataFrame(out, schema=schema, orient="row").sort("year", "ags", "kldb3")
