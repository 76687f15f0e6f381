"""What a district's briefing pack shows, read from one forecast run's aggregates.

Every figure comes from the run's aggregates (the same tables the monitor reads), so the pack
and the monitor's district page agree. The alliance's strategy, commitments and funded
projects are not in the run: the web layer passes them in as :class:`BriefingContext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from fachkraefte import SYNTHETIC_LABEL_DE, geo, occupations
from fachkraefte.forecast import store
from fachkraefte.forecast.scenario import standard_scenarios
from fachkraefte.reports.aggregates import ALL, ALL_NIVEAUS, read_aggregate
from fachkraefte.reports.peer_sets import peer_set

TOP_OCCUPATIONS = 10
SIMILAR = 5
SERIES_KEYS = (
    "year",
    "demand",
    "supply",
    "gap",
    "gap_rel",
    "demand_p10",
    "demand_p50",
    "demand_p90",
    "supply_p10",
    "supply_p50",
    "supply_p90",
    "gap_p10",
    "gap_p50",
    "gap_p90",
)


@dataclass(frozen=True)
class Commitment:
    text: str
    owner: str = ""
    status: str = ""


@dataclass(frozen=True)
class FundedProject:
    title: str
    amount_eur: float | None = None
    status: str = ""


@dataclass(frozen=True)
class BriefingContext:
    """What the alliance brings to the workshop (plain strings and numbers)."""

    alliance: str = ""
    strategy: str = ""
    commitments: tuple[Commitment, ...] = ()
    projects: tuple[FundedProject, ...] = ()


@dataclass
class BriefingData:
    ags: str
    name: str
    land: str
    land_name: str
    run: dict[str, Any]
    series: list[dict[str, Any]]
    land_series: list[dict[str, Any]]
    top: list[dict[str, Any]]
    ages: list[dict[str, Any]]
    replacement: list[dict[str, Any]]
    similar: list[dict[str, Any]]
    similar_note: str
    context: BriefingContext = field(default_factory=BriefingContext)

    @property
    def horizon_row(self) -> dict[str, Any]:
        return self.series[-1]

    @property
    def land_horizon_row(self) -> dict[str, Any] | None:
        return self.land_series[-1] if self.land_series else None


class UnknownDistrictError(LookupError):
    """The run holds no data for this district."""


def _region_name(ags: str) -> str:
    try:
        return geo.region(ags).name
    except geo.UnknownRegionError:
        return ags


def _title(kldb3: str) -> str:
    try:
        return occupations.occupation(kldb3).title
    except occupations.UnknownOccupationError:
        return kldb3


def scenario_description(name: str) -> str:
    if name == "basis":
        return "Basisszenario (Trend)"
    known = standard_scenarios()
    parts = []
    for part in name.split("+"):
        scenario = known.get(part)
        text = scenario.description.split(" / ", 1)[0].strip() if scenario else ""
        parts.append(text or part)
    return " + ".join(parts)


def _series(cube: pl.DataFrame, ags: str) -> list[dict[str, Any]]:
    frame = cube.filter(
        (pl.col("ags") == ags) & (pl.col("kldb3") == ALL) & (pl.col("niveau") == ALL_NIVEAUS)
    ).sort("year")
    keys = [k for k in SERIES_KEYS if k in frame.columns]
    return [{k: row[k] for k in keys} for row in frame.to_dicts()]


def _ages(age: pl.DataFrame, areas: dict[str, str]) -> list[dict[str, Any]]:
    frame = age.filter(
        pl.col("ags").is_in(list(areas))
        & (pl.col("kldb3") == ALL)
        & (pl.col("niveau") == ALL_NIVEAUS)
    ).with_columns(share=pl.col("employees") / pl.col("employees").sum().over("ags"))
    order = list(areas)
    rows = sorted(frame.to_dicts(), key=lambda r: (order.index(r["ags"]), r["age_band"]))
    for row in rows:
        row["area"] = areas[row["ags"]]
    return rows


def briefing_data(
    run_id: str, ags: str, *, context: BriefingContext | None = None, build: bool = True
) -> BriefingData:
    """Everything the pack shows for Kreis ``ags`` from run ``run_id``."""
    metadata = store.read_metadata(run_id)
    cube = read_aggregate(run_id, "cube", build=build)
    series = _series(cube, ags)
    if len(ags) != 5 or not series:
        raise UnknownDistrictError(
            f"Der Prognoselauf {run_id} enthält keinen Kreis {ags} / no district {ags} in the run"
        )
    land = ags[:2]
    name, land_name = _region_name(ags), _region_name(land)
    horizon = series[-1]["year"]
    top_frame = (
        cube.filter(
            (pl.col("ags") == ags)
            & (pl.col("year") == horizon)
            & (pl.col("kldb3") != ALL)
            & (pl.col("niveau") == ALL_NIVEAUS)
        )
        .sort(["gap", "kldb3"], descending=[True, False])
        .head(TOP_OCCUPATIONS)
    )
    top = [
        {
            "kldb3": r["kldb3"],
            "title": _title(r["kldb3"]),
            "demand": r["demand"],
            "supply": r["supply"],
            "gap": r["gap"],
            "gap_rel": r["gap_rel"],
            "gap_p10": r.get("gap_p10"),
            "gap_p90": r.get("gap_p90"),
        }
        for r in top_frame.to_dicts()
    ]
    replacement = (
        read_aggregate(run_id, "replacement", build=build)
        .filter((pl.col("ags") == ags) & (pl.col("kldb3") == ALL))
        .sort("year")
        .select("year", "age_27", "age_64", "replacement_ratio")
        .to_dicts()
    )
    ages = _ages(read_aggregate(run_id, "age", build=build), {ags: name, land: land_name})
    similar, note = _similar(run_id, ags, cube, horizon, build=build)
    vintage = str(metadata.get("data_vintage", ""))
    run = {
        "run_id": run_id,
        "scenario": str(metadata.get("scenario", "basis")),
        "scenario_text": scenario_description(str(metadata.get("scenario", "basis"))),
        "data_vintage": vintage,
        "model_version": str(metadata.get("model_version", "")),
        "created_at": str(metadata.get("created_at", "")),
        "base_year": int(metadata["base_year"]),
        "horizon": int(metadata["base_year"]) + int(metadata["years"]),
        "draws": int(metadata.get("draws", 0) or 0),
        "synthetic_label": SYNTHETIC_LABEL_DE
        if vintage.startswith("demo") or metadata.get("label")
        else "",
    }
    return BriefingData(
        ags=ags,
        name=name,
        land=land,
        land_name=land_name,
        run=run,
        series=series,
        land_series=_series(cube, land),
        top=top,
        ages=ages,
        replacement=replacement,
        similar=similar,
        similar_note=note,
        context=context or BriefingContext(),
    )


def _similar(
    run_id: str, ags: str, cube: pl.DataFrame, horizon: int, *, build: bool
) -> tuple[list[dict[str, Any]], str]:
    peers = peer_set(run_id, build=build)
    if ags not in peers.features:
        return (
            [],
            "Für diesen Kreis liegen keine Vergleichskreise vor; verglichen wird mit dem Land.",
        )
    gaps = {
        r["ags"]: r["gap_rel"]
        for r in cube.filter(
            (pl.col("year") == horizon)
            & (pl.col("kldb3") == ALL)
            & (pl.col("niveau") == ALL_NIVEAUS)
        )
        .select("ags", "gap_rel")
        .to_dicts()
    }
    rows = [
        {
            "ags": n.ags,
            "name": _region_name(n.ags),
            "type": n.type_label or "",
            "reason": n.reason,
            "distance": n.distance,
            "gap_rel": gaps.get(n.ags),
        }
        for n in peers.neighbours(ags, k=SIMILAR)
    ]
    note = (
        f"Ähnlichkeit über {len(peers.weights)} standardisierte Kennzahlen der "
        f"{len(peers.reference)} Kreise des Datenstands (Gewichte: fachkraefte/peers/weights.toml)."
    )
    if peers.meta.get("type_source"):
        note += f" Kreistypen: {peers.meta['type_source']}."
    return rows, note
