"""Population by Kreis, sex and single year of age, 31 December, as a cohort process.

The 2018 anchor is each Kreis' real age structure (12411-04-02-4 of 31.12.2020, moved back two
years) at its real 2018 total, so cities are younger, university towns have their student
bulge and eastern Kreise their thin post-1990 cohorts. From it each year people age by one
year, die by a Gompertz mortality curve, are born to women aged 15–44, and migrate (mostly
aged 18–35, strongly in 2022); totals are then steered to the real Kreis totals (until 2021)
and to Hessen's path. The years before 2018 are the same cohort step run backwards (younger
by one year, deaths added back, the year's migrants taken out; 2015 the arrival of refugees),
with Hessen steered to its path. Ageing of the boomers therefore shows in every table.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import DEMO_YEARS, POPULATION
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.kreise import POPULATION_BAND_LOWER, population_bands_2020
from fachkraefte.sources.demo.structure import HESSEN, DemoStructure
from fachkraefte.sources.schema import MAX_POPULATION_AGE, SEXES

AGES = np.arange(MAX_POPULATION_AGE + 1)

# Persons per single year of age in Hessen around 2018 (thousands, both sexes), rounded from
# the shape of Destatis 12411 age tables; used only to split the real 5-year bands.
_AGE_KNOTS = {
    0: 60, 3: 60, 6: 57, 10: 56, 14: 57, 18: 63, 21: 70, 25: 78, 29: 84, 32: 82,
    36: 78, 40: 73, 44: 78, 48: 95, 52: 106, 55: 104, 58: 95, 62: 82, 66: 70,
    70: 60, 72: 50, 74: 58, 77: 66, 79: 62, 82: 46, 85: 33, 88: 20, 89: 17, 90: 55,
}  # fmt: skip
_BIRTH_RATE = {2019: 0.052, 2020: 0.052, 2021: 0.053, 2022: 0.050, 2023: 0.047, 2024: 0.046}
"""Births per woman aged 15–44 and year (Hessen ≈ 60 Tsd. births a year, fewer after 2021)."""

_NET_MIGRATION_RATE = {
    2014: 0.007,
    2015: 0.014,
    2016: 0.005,
    2017: 0.004,
    2018: 0.004,
    2019: 0.004,
    2020: 0.002,
    2021: 0.003,
    2022: 0.016,
    2023: 0.005,
    2024: 0.004,
}
"""Net migration relative to the population; 2015 brought refugees mostly from Syria,
Afghanistan and Iraq, 2022 the refugees from Ukraine (Destatis, Wanderungsstatistik 12711)."""

_MALE_BIRTH_SHARE = 0.513


def _interpolate(knots: dict[int, float]) -> np.ndarray:
    return np.interp(AGES, list(knots), list(knots.values()))


def _migrants(
    year: int, total: np.ndarray, pull: np.ndarray, profile: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Net migrants of ``year`` by (district, sex, age): the year's rate, stronger in cities
    (``pull``), with noise per Kreis, of ``total``; slightly more men, as in the migration
    statistics."""
    rate = _NET_MIGRATION_RATE[year] * pull + rng.normal(0, 0.002, len(total))
    return (rate * total)[:, None, None] * np.array([0.53, 0.47])[None, :, None] * profile


def _mortality() -> np.ndarray:
    """Yearly death probability by (sex, age); Gompertz, men higher until old age.

    Not the Destatis life table: the package ships none (the model reads an imported one,
    ``fachkraefte import life-table``), and the demo must not depend on what was imported."""
    female = np.minimum(0.0000205 * np.exp(0.094 * AGES), 0.35)
    excess = np.where(AGES < 85, 1.6, 1.2)
    infant = np.where(AGES == 0, 0.003, 0.0)
    q = np.stack([np.minimum(female * excess, 0.4), female]) + infant
    q[:, MAX_POPULATION_AGE] = (0.25, 0.21)  # the open-ended 90+ group
    return q


def _migration_profile() -> np.ndarray:
    """Age profile of net migrants: young adults, some children, almost no elderly."""
    young = np.exp(-(((AGES - 26.0) / 8.0) ** 2))
    children = 0.25 * np.exp(-(((AGES - 6.0) / 6.0) ** 2))
    profile = young + children
    return profile / profile.sum()


def _single_years(bands: np.ndarray) -> np.ndarray:
    """Spread (district, sex, band) over single years with the national age shape in a band."""
    shape = _interpolate(_AGE_KNOTS)
    out = np.zeros((*bands.shape[:2], len(AGES)))
    for index, lower in enumerate(POPULATION_BAND_LOWER):
        upper = POPULATION_BAND_LOWER[index + 1] if index + 1 < len(POPULATION_BAND_LOWER) else 91
        inside = shape[lower:upper] / shape[lower:upper].sum()
        out[:, :, lower:upper] = bands[:, :, index, None] * inside[None, None, :]
    return out


def _base_population(structure: DemoStructure) -> np.ndarray:
    """Population 31.12.2018 with shape (district, sex, age).

    The real 2020 age structure (12411-04-02-4) moved back two birthdays (a person aged a
    in 2018 is a+2 in 2020), scaled to each Kreis' real 2018 total per sex. Those aged 88 and
    89 in 2018 are inside 2020's open 90+ group: they follow the 87-year-olds by a year's
    mortality each, and the open group keeps 2020's size.
    """
    in_2020 = _single_years(population_bands_2020(structure.calibration))
    mortality = _mortality()
    top = MAX_POPULATION_AGE
    base = np.empty_like(in_2020)
    base[:, :, : top - 2] = in_2020[:, :, 2:top]
    base[:, :, top - 2] = base[:, :, top - 3] * (1.0 - mortality[None, :, top - 3])
    base[:, :, top - 1] = base[:, :, top - 2] * (1.0 - mortality[None, :, top - 2])
    base[:, :, top] = in_2020[:, :, top]
    return base * (structure.population_2018 / base.sum(axis=2))[:, :, None]


_REAL_TOTAL_YEARS = (2019, 2020, 2021)
"""Years whose Kreis totals are published in the calibration table (12411-0015/-0017)."""

_ANCHOR_YEAR = 2018
"""The real age structure's year (31.12.2018); earlier years are stepped back from it."""


def _step_back(later: np.ndarray, mortality: np.ndarray, arrived: np.ndarray) -> np.ndarray:
    """Population a year earlier, (district, sex, age): the inverse of one forward step.

    A person aged a+1 at the end of the year was aged a a year before, unless they arrived
    in the year (taken out) or died in it (added back). The open 90+ group is not determined
    by the step (its survivors came from 89 and 90+ alike): it keeps its size, and the
    89-year-olds are what it leaves of the survivors aged 90+.
    """
    survivors = np.maximum(later - arrived, 0.0)
    earlier = np.empty_like(later)
    earlier[:, :, :MAX_POPULATION_AGE] = survivors[:, :, 1:] / (1.0 - mortality[None, :, :-1])
    earlier[:, :, MAX_POPULATION_AGE] = later[:, :, MAX_POPULATION_AGE]
    # survivors aged 90+ came from 89 and 90+: what the 89-year-olds explain is not kept twice
    open_survivors = earlier[:, :, MAX_POPULATION_AGE] * (1.0 - mortality[None, :, -1])
    earlier[:, :, MAX_POPULATION_AGE - 1] = np.maximum(
        survivors[:, :, MAX_POPULATION_AGE] - open_survivors, 0.0
    ) / (1.0 - mortality[None, :, MAX_POPULATION_AGE - 1])
    return earlier


def _earlier_years(
    anchor: np.ndarray,
    mortality: np.ndarray,
    profile: np.ndarray,
    pull: np.ndarray,
    hessen: np.ndarray,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Population of the demo years before the anchor year, oldest first."""
    years = [year for year in DEMO_YEARS if year < _ANCHOR_YEAR]
    out: list[np.ndarray] = []
    current = anchor
    for year in reversed(years):
        arrived = _migrants(year + 1, current.sum(axis=(1, 2)), pull, profile, rng)
        current = _step_back(current, mortality, arrived)
        if hessen.any():
            current[hessen] *= POPULATION.path[year] / current[hessen].sum()
        out.append(current)
    return out[::-1]


def generate_population(structure: DemoStructure, rng: np.random.Generator) -> np.ndarray:
    """Whole persons by (year, district, sex, age) for ``DEMO_YEARS``.

    Until 2021 each Kreis is steered to its published total; later years follow the cohort
    process, with Hessen's total steered to its published path; years before the 2018 anchor
    step back from it.
    """
    mortality = _mortality()
    migration_profile = _migration_profile()
    current = _base_population(structure)
    # Cities attract more migrants, thinly settled Kreise fewer.
    migration_pull = np.exp(0.4 * structure.urbanity)
    hessen = np.array([code == HESSEN for code in structure.land])
    years = _earlier_years(current, mortality, migration_profile, migration_pull, hessen, rng)
    if _ANCHOR_YEAR in DEMO_YEARS:
        years.append(current)
    for year in DEMO_YEARS:
        if year <= _ANCHOR_YEAR:
            continue
        survivors = current * (1.0 - mortality)[None, :, :]
        aged = np.zeros_like(current)
        aged[:, :, 1:] = survivors[:, :, :-1]
        aged[:, :, MAX_POPULATION_AGE] += survivors[:, :, MAX_POPULATION_AGE]
        women_fertile = current[:, 1, 15:45].sum(axis=1)
        births = _BIRTH_RATE[year] * women_fertile * rng.lognormal(0.0, 0.02, len(women_fertile))
        aged[:, 0, 0] = births * _MALE_BIRTH_SHARE
        aged[:, 1, 0] = births * (1.0 - _MALE_BIRTH_SHARE)
        aged += _migrants(year, current.sum(axis=(1, 2)), migration_pull, migration_profile, rng)
        current = np.maximum(aged, 0.0)
        if year in _REAL_TOTAL_YEARS:
            real = structure.column(f"pop_{year}")
            current *= (real / current.sum(axis=(1, 2)))[:, None, None]
        elif hessen.any():
            current[hessen] *= POPULATION.path[year] / current[hessen].sum()
        years.append(current)
    return np.rint(np.stack(years)).astype(np.int64)


def population_table(structure: DemoStructure, persons: np.ndarray) -> pl.DataFrame:
    """The ``population`` table from the (year, district, sex, age) cube."""
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("sex", SEXES),
            ("age", AGES.tolist()),
        ],
        {"persons": persons},
    )
