"""Median gross monthly wages of full-time employees per Kreis, Berufsgruppe and sex.

A cell's wage follows its niveau mix (Experten earn about twice what Helfer earn), the
Berufsgruppe's premium, the Kreis (Frankfurt and Rhein-Main highest) and sex (women lower
within the same cell; their fewer Experte posts widen the overall gap). Shortage occupations
see somewhat faster wage growth, as the BA Engpassanalyse measures it. Cells with few
full-time employees are suppressed (null), and medians above the pension contribution ceiling
are censored at it, both as in the BA Entgeltstatistik.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import (
    DEMO_YEARS,
    MEDIAN_WAGE,
    PENSION_CEILING_EAST,
    PENSION_CEILING_WEST,
    REFERENCE_YEAR,
)
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.kreise import calibration_table
from fachkraefte.sources.demo.occupation_profile import OccupationProfile
from fachkraefte.sources.demo.structure import HESSEN, DemoStructure
from fachkraefte.sources.schema import SEXES

_NIVEAU_WAGE = np.array([0.66, 0.92, 1.22, 1.55])
"""Wage relative to the Fachkraft level by niveau (BA Entgeltatlas, rounded)."""
_FEMALE_LOG_GAP = -0.08
"""Gap between women and men in the same Kreis, Berufsgruppe and niveau mix (log points)."""
_SEGREGATION_PENALTY = -0.3
"""Log wage change per unit of women share: female-dominated occupations pay less."""
FULL_TIME_SHARE = np.array([0.88, 0.52])
"""Share of full-time employees among men and women (BA Beschäftigungsstatistik, rounded)."""
MIN_FULL_TIME_EMPLOYEES = 10
"""Below this many full-time employees the median is not published."""


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value below which half of the total weight lies.

    >>> weighted_median(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 5.0]))
    3.0
    """
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


_INCOME_ELASTICITY = 1.2
"""Log wage level per log of the Land's disposable income per head relative to Hessen's.

Disposable income (82411-01-03-4, 2021) differs less between Länder than gross wages, because
of transfers and taxes, hence an elasticity above one (eastern wages ≈ 15–20 % below Hessen's
at ≈ 10–15 % lower disposable income; BA Entgeltstatistik). Taken per Land, not per Kreis:
residents' income says little about wages at the workplace inside a Land (Hochtaunus and
Offenbach)."""


def _relative_income(structure: DemoStructure) -> np.ndarray:
    """Per district: log(its Land's disposable income per head / Hessen's), population-weighted."""
    table = calibration_table()

    def mean_income(land: str) -> float:
        rows = table.filter(table["land"] == land)
        return float(
            (rows["income_per_capita_2021"] * rows["pop_2020"]).sum() / rows["pop_2020"].sum()
        )

    hessen = mean_income(HESSEN)
    return np.array([np.log(mean_income(land) / hessen) for land in structure.land])


def generate_wages(
    structure: DemoStructure,
    profile: OccupationProfile,
    expected_employment: np.ndarray,
    employment: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The ``wages`` table per (year, Kreis, Berufsgruppe, sex)."""
    by_niveau = expected_employment.sum(axis=5)  # (year, district, occupation, niveau, sex)
    mix = by_niveau / np.maximum(by_niveau.sum(axis=3, keepdims=True), 1e-12)
    niveau_level = np.einsum("ydoqs,q->ydos", mix, _NIVEAU_WAGE)
    niveau_level = np.where(niveau_level > 0, niveau_level, 1.0)

    t = np.array(DEMO_YEARS) - REFERENCE_YEAR
    occupation_growth = 0.006 * profile.shortage + rng.normal(0.0, 0.002, structure.n_occupations)
    district_level = (
        0.10 * structure.urbanity
        + _INCOME_ELASTICITY * _relative_income(structure)
        + rng.normal(0.0, 0.03, structure.n_districts)
    )
    log_wage = (
        np.log(niveau_level)
        + (profile.wage_premium + _SEGREGATION_PENALTY * (profile.female_share - 0.46))[
            None, None, :, None
        ]
        + (occupation_growth[None, :] * t[:, None])[:, None, :, None]
        + district_level[None, :, None, None]
        + np.array([0.0, _FEMALE_LOG_GAP])[None, None, None, :]
        + rng.normal(0.0, 0.025, niveau_level.shape)
    )

    full_time = np.rint(employment.sum(axis=(3, 5)) * FULL_TIME_SHARE).astype(np.int64)
    wage = np.exp(log_wage)
    # Hessen's median is steered to its path; without Hessen in the selection, the level is the
    # one Hessen would have had (the same steering on the relative-income scale).
    hessen = np.array([code == HESSEN for code in structure.land])
    steer = hessen if hessen.any() else np.ones_like(hessen)
    offset = (
        0.0 if hessen.any() else _INCOME_ELASTICITY * float(np.mean(_relative_income(structure)))
    )
    for index, year in enumerate(DEMO_YEARS):
        published = (full_time[index] >= MIN_FULL_TIME_EMPLOYEES) & steer[:, None, None]
        median = weighted_median(wage[index][published], full_time[index][published])
        wage[index] *= MEDIAN_WAGE.path[year] * np.exp(offset) / median
    ceilings = np.where(
        structure.east[None, :],
        np.array([PENSION_CEILING_EAST[year] for year in DEMO_YEARS])[:, None],
        np.array([PENSION_CEILING_WEST[year] for year in DEMO_YEARS])[:, None],
    )
    ceiling = ceilings[:, :, None, None]
    wage = np.minimum(np.round(wage), ceiling)
    wage = np.where(full_time >= MIN_FULL_TIME_EMPLOYEES, wage, np.nan)
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("sex", SEXES),
        ],
        {"median_monthly_wage_eur": wage},
    )
