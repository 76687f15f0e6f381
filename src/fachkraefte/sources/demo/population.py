"""Population by Kreis, sex and single year of age, 31 December, as a cohort process.

The 2018 age profile resembles Hessen's (the baby boomers born 1959–1968 are the largest
cohorts, the birth deficit of 1945/46 shows at age 72/73); cities are younger, university
towns have a student bulge. Each year people age by one year, die by a Gompertz mortality
curve, are born to women aged 15–44, and migrate (mostly aged 18–35, strongly in 2022); the
state total is then steered to the calibration path. Ageing of the boomers therefore shows
in every later table.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import DEMO_YEARS, POPULATION
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.structure import DemoStructure
from fachkraefte.sources.schema import MAX_POPULATION_AGE, SEXES

AGES = np.arange(MAX_POPULATION_AGE + 1)

# Persons per single year of age in Hessen around 2018 (thousands, both sexes), rounded from
# the shape of Destatis 12411 age tables; 90 stands for 90 and older.
_AGE_KNOTS = {
    0: 60, 3: 60, 6: 57, 10: 56, 14: 57, 18: 63, 21: 70, 25: 78, 29: 84, 32: 82,
    36: 78, 40: 73, 44: 78, 48: 95, 52: 106, 55: 104, 58: 95, 62: 82, 66: 70,
    70: 60, 72: 50, 74: 58, 77: 66, 79: 62, 82: 46, 85: 33, 88: 20, 89: 17, 90: 55,
}  # fmt: skip
_MALE_SHARE_KNOTS = {0: 0.513, 30: 0.508, 50: 0.502, 60: 0.492, 70: 0.470, 80: 0.430,
                     85: 0.380, 89: 0.330, 90: 0.280}  # fmt: skip

_BIRTH_RATE = {2019: 0.052, 2020: 0.052, 2021: 0.053, 2022: 0.050, 2023: 0.047, 2024: 0.046}
"""Births per woman aged 15–44 and year (Hessen ≈ 60 Tsd. births a year, fewer after 2021)."""

_NET_MIGRATION_RATE = {
    2019: 0.004,
    2020: 0.002,
    2021: 0.003,
    2022: 0.016,
    2023: 0.005,
    2024: 0.004,
}
"""Net migration relative to the population; 2022 brought the refugees from Ukraine."""

_MALE_BIRTH_SHARE = 0.513


def _interpolate(knots: dict[int, float]) -> np.ndarray:
    return np.interp(AGES, list(knots), list(knots.values()))


def _mortality() -> np.ndarray:
    """Yearly death probability by (sex, age); Gompertz, men higher until old age."""
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


def _base_population(structure: DemoStructure, rng: np.random.Generator) -> np.ndarray:
    """Population 2018 with shape (district, sex, age), matching the geo totals per sex."""
    both = _interpolate(_AGE_KNOTS)
    male_share = _interpolate(_MALE_SHARE_KNOTS)
    profile = np.stack([both * male_share, both * (1.0 - male_share)])  # (sex, age)

    young_adults = np.exp(-(((AGES - 30.0) / 10.0) ** 2))
    elderly = 1.0 / (1.0 + np.exp(-(AGES - 65.0) / 5.0))
    tilt = 0.18 * structure.urbanity + rng.normal(0.0, 0.05, structure.n_districts)
    shape = np.exp(tilt[:, None] * (young_adults - 0.7 * elderly)[None, :])  # (district, age)

    population_share = structure.population_2018.sum(axis=1) / structure.population_2018.sum()
    students = structure.university_share / population_share
    bulge = np.exp(-(((AGES - 23.0) / 3.5) ** 2))
    shape *= 1.0 + 0.12 * students[:, None] * bulge[None, :]

    cells = shape[:, None, :] * profile[None, :, :]
    return cells * (structure.population_2018 / cells.sum(axis=2))[:, :, None]


def generate_population(structure: DemoStructure, rng: np.random.Generator) -> np.ndarray:
    """Whole persons by (year, district, sex, age) for ``DEMO_YEARS``."""
    mortality = _mortality()
    migration_profile = _migration_profile()
    current = _base_population(structure, rng)
    # Cities and Rhein-Main attract more migrants; North Hessen fewer.
    migration_pull = np.exp(0.4 * structure.urbanity)
    years = []
    for year in DEMO_YEARS:
        survivors = current * (1.0 - mortality)[None, :, :]
        aged = np.zeros_like(current)
        aged[:, :, 1:] = survivors[:, :, :-1]
        aged[:, :, MAX_POPULATION_AGE] += survivors[:, :, MAX_POPULATION_AGE]
        women_fertile = current[:, 1, 15:45].sum(axis=1)
        births = _BIRTH_RATE[year] * women_fertile * rng.lognormal(0.0, 0.02, len(women_fertile))
        aged[:, 0, 0] = births * _MALE_BIRTH_SHARE
        aged[:, 1, 0] = births * (1.0 - _MALE_BIRTH_SHARE)
        district_total = current.sum(axis=(1, 2))
        rate = _NET_MIGRATION_RATE[year] * migration_pull + rng.normal(
            0, 0.002, len(district_total)
        )
        migrants = rate * district_total
        # Slightly more men among migrants, as in the migration statistics.
        aged += migrants[:, None, None] * np.array([0.53, 0.47])[None, :, None] * migration_profile
        current = np.maximum(aged, 0.0)
        current *= POPULATION.path[year] / current.sum()
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
