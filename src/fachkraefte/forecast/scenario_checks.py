"""Plausibility checks on the measures of a scenario, with their limits as data.

The limits and their rationale are in ``scenario_limits.toml``. A measure that starts
before the base year or adds more graduates a year than a share of its cell's stock or of
its district's young population is refused with a message naming the field and the limit
(German / English). A measure with an expert override (``override = true`` and a reason) is
accepted, and :func:`check_measures` returns the warning that the run records.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from fachkraefte.forecast.engine import EngineInputs

if TYPE_CHECKING:
    from fachkraefte.forecast.scenario import Measure, Scenario

YOUNG_AGES = (15, 24)
"""The young population a measure draws its graduates from (persons aged 15–24)."""


@dataclass(frozen=True)
class MeasureLimits:
    earliest_offset_from_base_year: int
    max_share_of_cell_stock: float
    min_allowance: float
    max_share_of_young_population: float


def measure_limits() -> MeasureLimits:
    """The limits shipped in ``scenario_limits.toml``."""
    text = (
        resources.files("fachkraefte.forecast")
        .joinpath("scenario_limits.toml")
        .read_text(encoding="utf-8")
    )
    data = tomllib.loads(text)
    graduates = data["graduates_per_year"]
    return MeasureLimits(
        earliest_offset_from_base_year=int(data["from_year"]["earliest_offset_from_base_year"]),
        max_share_of_cell_stock=float(graduates["max_share_of_cell_stock"]),
        min_allowance=float(graduates["min_allowance"]),
        max_share_of_young_population=float(graduates["max_share_of_young_population"]),
    )


def young_population(population: pl.DataFrame, ags: list[str], year: int) -> dict[str, float]:
    """Persons aged 15–24 by district in ``year`` (both sexes) from the ``population`` table."""
    young = (
        population.filter(
            (pl.col("year") == year)
            & pl.col("age").is_between(*YOUNG_AGES)
            & pl.col("ags").is_in(ags)
        )
        .group_by("ags")
        .agg(pl.col("persons").sum())
    )
    return {row["ags"]: float(row["persons"]) for row in young.iter_rows(named=True)}


def with_override(scenario: Scenario, reason: str) -> Scenario:
    """``scenario`` with an expert override on every measure (CLI ``--override-plausibility``)."""
    if not reason.strip():
        from fachkraefte.forecast.scenario import ScenarioError

        raise ScenarioError("Expertenfreigabe ohne Begründung / an expert override needs a reason")
    measures = tuple(
        dataclasses.replace(m, override=True, override_reason=reason.strip())
        for m in scenario.measures
    )
    return dataclasses.replace(scenario, measures=measures)


def check_measures(
    scenario: Scenario,
    inputs: EngineInputs,
    *,
    ags: list[str],
    kldb3: list[str],
    young: dict[str, float] | None = None,
    limits: MeasureLimits | None = None,
) -> list[str]:
    """Warnings for overridden measures beyond a limit; ``ScenarioError`` listing every
    measure beyond a limit without an override. ``young``: persons 15–24 by district
    (without it the young-population limit is not checked)."""
    from fachkraefte.forecast.scenario import ScenarioError

    limits = limits or measure_limits()
    refused: list[str] = []
    warnings: list[str] = []
    stock = np.asarray(inputs.stock)
    for i, m in enumerate(scenario.measures):
        problems = _problems(i, m, inputs.base_year, stock, ags, kldb3, young, limits)
        if not problems:
            continue
        if m.override:
            warnings.extend(
                f"{p} — Expertenfreigabe / expert override: {m.override_reason}" for p in problems
            )
        else:
            refused.extend(problems)
    if refused:
        raise ScenarioError(
            "Maßnahme(n) nicht plausibel / implausible measure(s): "
            + "; ".join(refused)
            + " (Freigabe mit override = true und override_reason / override with "
            "override = true and override_reason)"
        )
    return warnings


def _problems(
    i: int,
    m: Measure,
    base_year: int,
    stock: np.ndarray,
    ags: list[str],
    kldb3: list[str],
    young: dict[str, float] | None,
    limits: MeasureLimits,
) -> list[str]:
    where = f"measures[{i}]"
    out = []
    earliest = base_year + limits.earliest_offset_from_base_year
    if m.from_year < earliest:
        out.append(
            f"{where}.from_year = {m.from_year} liegt vor dem Basisjahr {earliest} / "
            f"{where}.from_year = {m.from_year} is before the base year {earliest}"
        )
    if m.ags in ags and m.kldb3 in kldb3:
        cell = float(stock[ags.index(m.ags), kldb3.index(m.kldb3), m.niveau - 1].sum())
        limit = max(limits.max_share_of_cell_stock * cell, limits.min_allowance)
        if m.graduates_per_year > limit:
            share = f"{limits.max_share_of_cell_stock:.0%}"
            out.append(
                f"{where}.graduates_per_year = {m.graduates_per_year:g} übersteigt die Grenze "
                f"{limit:,.0f} ({share} des Bestands {cell:,.0f} in {m.ags}/{m.kldb3}/Niveau "
                f"{m.niveau}, mindestens {limits.min_allowance:g}) / exceeds the limit "
                f"{limit:,.0f} ({share} of the cell's stock {cell:,.0f}, at least "
                f"{limits.min_allowance:g})"
            )
    if young is not None and m.ags in young:
        limit = limits.max_share_of_young_population * young[m.ags]
        if m.graduates_per_year > limit:
            share = f"{limits.max_share_of_young_population:.0%}"
            out.append(
                f"{where}.graduates_per_year = {m.graduates_per_year:g} übersteigt die Grenze "
                f"{limit:,.0f} ({share} der {young[m.ags]:,.0f} Einwohner von 15–24 Jahren in "
                f"{m.ags}) / exceeds the limit {limit:,.0f} ({share} of the district's "
                f"{young[m.ags]:,.0f} residents aged 15–24)"
            )
    return out
