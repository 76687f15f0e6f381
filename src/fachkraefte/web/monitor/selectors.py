"""Reads for the monitor: forecast runs and their precomputed aggregates (never the raw run).

Every function takes plain values (run id, AGS, KldB code, year) and returns plain rows, so
the pages, the downloads and the API share them. The aggregates are built once per run
(``fachkraefte.reports.aggregates``) and held in memory; a request only filters them and
never builds them: missing aggregates raise :class:`~fachkraefte.reports.AggregatesNotReady`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl

from fachkraefte import geo, occupations
from fachkraefte.forecast import store
from fachkraefte.forecast.scenario import standard_scenarios
from fachkraefte.reports import ALL, ALL_NIVEAUS, aggregates_info, read_aggregate

BASE_SCENARIO = "basis"


class UnknownRunError(LookupError):
    """No forecast run with this id."""


@dataclass(frozen=True)
class Run:
    """What the pages say about a forecast run."""

    run_id: str
    scenario: str
    created_at: str
    data_vintage: str
    model_version: str
    base_year: int
    horizon: int
    draws: int
    synthetic: bool
    seed: int

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.horizon + 1))

    @property
    def has_bands(self) -> bool:
        return self.draws > 0


def _run_from(metadata: dict[str, Any]) -> Run:
    base = int(metadata["base_year"])
    return Run(
        run_id=metadata["run_id"],
        scenario=str(metadata.get("scenario", BASE_SCENARIO)),
        created_at=str(metadata.get("created_at", "")),
        data_vintage=str(metadata.get("data_vintage", "")),
        model_version=str(metadata.get("model_version", "")),
        base_year=base,
        horizon=base + int(metadata["years"]),
        draws=int(metadata.get("draws", 0) or 0),
        synthetic=bool(metadata.get("label"))
        or str(metadata.get("data_vintage", "")).startswith("demo"),
        seed=int(metadata.get("seed", 0) or 0),
    )


def run_list() -> list[Run]:
    """Every complete run, newest first (cached until the runs folder changes)."""
    root = store.forecasts_dir()
    stamp = os.stat(root).st_mtime_ns if root.exists() else 0
    return list(_runs(str(root), stamp))


@lru_cache(maxsize=4)
def _runs(_root: str, _stamp: int) -> tuple[Run, ...]:
    return tuple(_run_from(m) for m in store.list_runs())


def run_by_id(run_id: str) -> Run:
    for run in run_list():
        if run.run_id == run_id:
            return run
    raise UnknownRunError(run_id)


def latest_run(scenario: str | None = BASE_SCENARIO) -> Run | None:
    """Newest run of ``scenario`` (``None``: of any scenario); the base run is the default."""
    runs = run_list()
    for run in runs:
        if scenario is None or run.scenario == scenario:
            return run
    return None


def default_run() -> Run | None:
    """The run the monitor opens with: the newest base run, else the newest run at all."""
    return latest_run(BASE_SCENARIO) or latest_run(None)


def scenario_text(name: str, lang: str = "de") -> str:
    """The description of a standard scenario (or a composition ``a+b``) in one language."""
    if name == BASE_SCENARIO:
        return "Base scenario (trend, no changes)" if lang == "en" else "Basisszenario (Trend)"
    known = standard_scenarios()
    parts = []
    for part in name.split("+"):
        scenario = known.get(part)
        if scenario is None or not scenario.description:
            parts.append(part)
            continue
        texts = [t.strip() for t in scenario.description.split(" / ", 1)]
        parts.append(texts[1] if lang == "en" and len(texts) > 1 else texts[0])
    return " + ".join(parts)


def aggregates_sources(run: Run) -> dict[str, Any]:
    return aggregates_info(run.run_id, build=False)["sources"]


# --- names -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def region_name(ags: str) -> str:
    try:
        return geo.region(ags).name
    except geo.UnknownRegionError:
        return ags


@lru_cache(maxsize=1024)
def occupation_title(kldb3: str) -> str:
    if kldb3 == ALL:
        return ""
    try:
        return occupations.occupation(kldb3).title
    except occupations.UnknownOccupationError:
        return kldb3


# --- what a run covers -------------------------------------------------------------------


# Derived from an aggregate table and kept as long as that very table object is the cached
# one (``read_aggregate`` reloads it only when its file changes): (run, name) → (id, value).
_derived: dict[tuple[str, str], tuple[int, Any]] = {}


def _derive(run_id: str, name: str, build) -> Any:
    frame = read_aggregate(run_id, name.split(":")[0], build=False)
    known = _derived.get((run_id, name))
    if known is not None and known[0] == id(frame):
        return known[1]
    value = build(frame)
    if len(_derived) > 256:  # many runs over a long uptime: start afresh
        _derived.clear()
    _derived[(run_id, name)] = (id(frame), value)
    return value


def _coverage(run_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(region codes, occupation codes) of a run."""

    def build(cube: pl.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
        regions = tuple(sorted(cube["ags"].unique().to_list()))
        codes = tuple(sorted(c for c in cube["kldb3"].unique().to_list() if c != ALL))
        return regions, codes

    return _derive(run_id, "cube:coverage", build)


def region_codes(run: Run) -> list[str]:
    """Every Land and Kreis code with data in the run."""
    return list(_coverage(run.run_id)[0])


def laender(run: Run) -> list[str]:
    """Land keys with forecast data in the run."""
    return [code for code in _coverage(run.run_id)[0] if len(code) == 2]


def districts_in(run: Run, land: str) -> list[str]:
    return [c for c in _coverage(run.run_id)[0] if len(c) == 5 and c.startswith(land)]


def occupation_codes(run: Run) -> list[str]:
    return list(_coverage(run.run_id)[1])


# --- figures -------------------------------------------------------------------------------


def _parts(run_id: str, name: str) -> dict[str, pl.DataFrame]:
    """An aggregate split by region once, so that a request filters a few thousand rows of
    its own region instead of the whole table."""

    def build(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
        return {key[0]: part for key, part in frame.partition_by("ags", as_dict=True).items()}

    return _derive(run_id, f"{name}:parts", build)


def region_frame(run_id: str, name: str, ags: str) -> pl.DataFrame:
    """The rows of one region of an aggregate (empty when the run does not cover it)."""
    parts = _parts(run_id, name)
    if ags in parts:
        return parts[ags]
    return read_aggregate(run_id, name, build=False).clear()


def _region(run: Run, name: str, ags: str) -> pl.DataFrame:
    return region_frame(run.run_id, name, ags)


def _cube(run: Run, *, ags: str | list[str], **equal: Any) -> pl.DataFrame:
    codes = [ags] if isinstance(ags, str) else list(ags)
    frames = [_region(run, "cube", code) for code in codes]
    frame = frames[0] if len(frames) == 1 else pl.concat(frames)
    for column, value in equal.items():
        if isinstance(value, list | tuple | set):
            frame = frame.filter(pl.col(column).is_in(list(value)))
        else:
            frame = frame.filter(pl.col(column) == value)
    return frame


def series(run: Run, *, ags: str, kldb3: str = ALL, niveau: int = ALL_NIVEAUS) -> list[dict]:
    """Per year: demand, supply, gap, gap_rel, level, flows and (niveau 0) the P10–P90 bands."""
    return _cube(run, ags=ags, kldb3=kldb3, niveau=niveau).sort("year").to_dicts()


def cells(
    run: Run,
    *,
    year: int,
    ags: str | list[str],
    kldb3: str | list[str] = ALL,
    niveau: int = ALL_NIVEAUS,
) -> list[dict]:
    """Cube rows of one year for the given regions and occupation(s)."""
    return _cube(run, year=year, ags=ags, kldb3=kldb3, niveau=niveau).to_dicts()


def occupation_rows(run: Run, *, ags: str, year: int, niveau: int = ALL_NIVEAUS) -> list[dict]:
    """Every Berufsgruppe of a region in ``year`` with its title (no sum row)."""
    frame = _cube(run, year=year, ags=ags, niveau=niveau).filter(pl.col("kldb3") != ALL)
    rows = frame.to_dicts()
    for row in rows:
        row["title"] = occupation_title(row["kldb3"])
    return rows


def district_rows(
    run: Run, *, land: str, year: int, kldb3: str = ALL, niveau: int = ALL_NIVEAUS
) -> list[dict]:
    """Every Kreis of ``land`` in ``year``: cube figures joined with the base-year profile."""
    codes = districts_in(run, land)
    cube = _cube(run, ags=codes, year=year, kldb3=kldb3, niveau=niveau)
    profile = pl.concat([_region(run, "profile", code) for code in codes]).filter(
        (pl.col("kldb3") == kldb3) & (pl.col("niveau") == niveau)
    )
    joined = cube.join(
        profile.select("ags", "employees", "share_55", "bottleneck_score"), on="ags", how="left"
    ).sort("ags")
    rows = joined.to_dicts()
    for row in rows:
        row["name"] = region_name(row["ags"])
    return rows


def profile(run: Run, *, ags: str, kldb3: str = ALL, niveau: int = ALL_NIVEAUS) -> dict | None:
    frame = _region(run, "profile", ags).filter(
        (pl.col("kldb3") == kldb3) & (pl.col("niveau") == niveau)
    )
    return frame.to_dicts()[0] if frame.height else None


def age_structure(
    run: Run, *, areas: list[str], kldb3: str = ALL, niveau: int = ALL_NIVEAUS
) -> list[dict]:
    """Per area and age band: employees and their share of the area's employees (base year)."""
    frame = pl.concat([_region(run, "age", code) for code in areas]).filter(
        (pl.col("kldb3") == kldb3) & (pl.col("niveau") == niveau)
    )
    frame = frame.with_columns(
        share=pl.col("employees") / pl.col("employees").sum().over("ags")
    ).sort("ags", "age_band")
    order = {ags: i for i, ags in enumerate(areas)}
    return sorted(frame.to_dicts(), key=lambda r: (order[r["ags"]], r["age_band"]))


def replacement(run: Run, *, ags: str, kldb3: str = ALL) -> list[dict]:
    """Per year: persons reaching 27 and 64, and their ratio (year of the run's horizon)."""
    frame = _region(run, "replacement", ags).filter(pl.col("kldb3") == kldb3)
    return frame.sort("year").to_dicts()
