"""Employees at the workplace by Kreis, Berufsgruppe, Anforderungsniveau, sex and age band.

The expected number in a cell is a chain of shares, each with a plain meaning:

    Land total (year)  2013–2015 the real sum; later Hessen's path, elsewhere the real 2015
                       level × the national index
    × Kreis share      2013–2015 the real employees at the workplace; later the real 2015
                       level × its damped 2012–2015 trend
    × occupation share German size × urban affinity × real sector mix × specialisation ×
                       growth × 2020 dip
    × niveau share     the Berufsgruppe's mix × the Kreis' real qualification mix, manufacturing
                       helpers shrinking, steered to the NIVEAU_SHARES margin
    × sex share        the Berufsgruppe's women share, steered to ≈ 46 %
    × age share        residents × age/sex participation, tilted by the Berufsgruppe

and the published number is a Poisson draw around it, which gives small cells their zeros.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import (
    DEMO_YEARS,
    EMPLOYMENT,
    GERMANY_EMPLOYEES,
    MANUFACTURING_HELPER_TREND,
    NIVEAU_SHARES,
    REFERENCE_YEAR,
    WOMEN_SHARE,
)
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.industry import section_affinity
from fachkraefte.sources.demo.kreise import (
    SECTION_GROUP,
    SECTOR_GROUPS,
    calibration_table,
    sector_shares_2015,
)
from fachkraefte.sources.demo.occupation_profile import OccupationProfile
from fachkraefte.sources.demo.structure import HESSEN, DemoStructure
from fachkraefte.sources.schema import AGE_BANDS, NIVEAUS, SEXES, WZ_SECTIONS

BAND_LOWER = np.array([int(band.split("-")[0]) for band in AGE_BANDS])
BAND_MIDDLE = BAND_LOWER + 2.0

# Employees at the workplace per resident of the band (m, w) in 2019; rounded shapes of the BA
# Beschäftigungsquoten by age. Older bands rise over time (later retirement, pension reforms).
_PARTICIPATION_2019 = np.array(
    [
        [0.26, 0.20],
        [0.58, 0.52],
        [0.70, 0.63],
        [0.73, 0.60],
        [0.74, 0.60],
        [0.74, 0.63],
        [0.73, 0.65],
        [0.71, 0.64],
        [0.66, 0.60],
        [0.48, 0.42],
        [0.07, 0.05],
        [0.02, 0.012],
    ]
)
_PARTICIPATION_TREND = np.where(BAND_LOWER == 55, 0.006, np.where(BAND_LOWER == 60, 0.014, 0.0))
_PARTICIPATION_TREND = _PARTICIPATION_TREND + np.where(BAND_LOWER == 65, 0.004, 0.0)

_NIVEAU_FEMALE = np.array([0.10, 0.05, -0.10, -0.25])
"""Logit shift of the women share by niveau (fewer women at Experte level)."""
_COMMUTER_MIX = 0.6
"""Weight of the Kreis' own residents in its workforce's age mix; the rest commutes in."""


def participation(year: int) -> np.ndarray:
    """Employees per resident by (age band, sex) in ``year``."""
    return _PARTICIPATION_2019 + (_PARTICIPATION_TREND * (year - REFERENCE_YEAR))[:, None]


def population_by_band(population: np.ndarray) -> np.ndarray:
    """Sum single years into AGE_BANDS: (year, district, sex, age) → (…, band)."""
    return np.stack([population[..., lo : lo + 5].sum(axis=-1) for lo in BAND_LOWER], axis=-1)


_TREND_DAMPING = 0.5
"""Weight of a Kreis' own 2012–2015 employment trend (relative to its Land) carried past 2015."""
_REAL_EMPLOYMENT_YEARS = (2013, 2014, 2015)
"""Years whose employees at the workplace per Kreis are real (``svb_ao_<year>``, 13111-01-03-4)."""

_YEARS_FROM_REFERENCE = np.array(DEMO_YEARS, dtype=float) - REFERENCE_YEAR
"""Structural trends (occupation growth, helper decline) run from the reference year both ways."""


def _district_totals(structure: DemoStructure) -> np.ndarray:
    """Employees per (year, district): 2013–2015 as they really were; later the real 2015
    level, the Kreis' own damped 2012–2015 trend relative to its Land, and the Land total
    (Hessen's path, elsewhere the national index from the real 2015 level)."""
    level = structure.column("svb_ao_2015")
    own = np.log(level / structure.column("svb_ao_2012")) / 3.0
    relative = np.zeros_like(own)
    for mask in structure.land_masks().values():
        land_trend = np.log(level[mask].sum() / structure.column("svb_ao_2012")[mask].sum()) / 3.0
        relative[mask] = np.clip(own[mask] - land_trend, -0.02, 0.02)
    years = np.array(DEMO_YEARS, dtype=float)[:, None]
    weight = level[None, :] * np.exp(_TREND_DAMPING * relative[None, :] * (years - 2015.0))
    index = np.array([GERMANY_EMPLOYEES[year] / GERMANY_EMPLOYEES[2015] for year in DEMO_YEARS])
    totals = np.zeros_like(weight)
    hessen_path = structure.scaled_land_totals(EMPLOYMENT.path, "svb_ao_2015")
    for land, mask in structure.land_masks().items():
        if land == HESSEN:
            totals[:, mask] = hessen_path[:, mask]
        else:
            totals[:, mask] = (level[mask].sum() * index)[:, None]
    for row, year in enumerate(DEMO_YEARS):
        if year in _REAL_EMPLOYMENT_YEARS:
            weight[row] = structure.column(f"svb_ao_{year}")
            for mask in structure.land_masks().values():
                totals[row, mask] = weight[row, mask].sum()
    return structure.distribute(weight, totals)


def _sector_tilt(structure: DemoStructure) -> np.ndarray:
    """Factor (district, occupation): the Kreis' real 2015 sector mix (13111-07-05-4) relative to
    the selection's, seen through each Berufsgruppe's sections (``industry.section_affinity``)."""
    shares = sector_shares_2015(structure.calibration)
    weights = structure.column("svb_ao_2015")
    mean = (shares * weights[:, None]).sum(axis=0) / weights.sum()
    ratio = shares / mean[None, :]  # (district, group)
    group_index = {group: j for j, group in enumerate(SECTOR_GROUPS)}
    affinity = section_affinity(structure.kldb3)  # (occupation, section)
    by_group = np.zeros((structure.n_occupations, len(SECTOR_GROUPS)))
    for j, section in enumerate(WZ_SECTIONS):
        by_group[:, group_index[SECTION_GROUP[section]]] += affinity[:, j]
    total = by_group.sum(axis=1, keepdims=True)
    by_group = np.where(
        total > 0, by_group / np.where(total > 0, total, 1.0), 1.0 / len(SECTOR_GROUPS)
    )
    return ratio @ by_group.T


def _occupation_shares(
    structure: DemoStructure, profile: OccupationProfile, rng: np.random.Generator
) -> np.ndarray:
    """P(occupation | year, district), shape (year, district, occupation)."""
    specialisation = rng.lognormal(0.0, 0.25, (structure.n_districts, structure.n_occupations))
    base = (
        profile.size[None, :]
        * np.exp(structure.urbanity[:, None] * profile.urban_affinity[None, :])
        * _sector_tilt(structure)
        * specialisation
    )
    growth = (1.0 + profile.growth[None, :]) ** _YEARS_FROM_REFERENCE[:, None]
    # The pandemic dip of June 2020 is partly still there in June 2021.
    dip_weight = np.array([{2020: 1.0, 2021: 0.4}.get(year, 0.0) for year in DEMO_YEARS])
    dip = 1.0 + dip_weight[:, None] * profile.dip_2020[None, :]
    shares = base[None, :, :] * (growth * dip)[:, None, :]
    return shares / shares.sum(axis=2, keepdims=True)


def _qualification_tilt(structure: DemoStructure) -> np.ndarray:
    """Log shift of the niveau mix per district from its real qualification mix (13111-11-04-4,
    2015): more Helfer where more employees have no vocational degree, more Spezialisten and
    Experten where more hold an academic one."""
    total = structure.column("svb_ao_2015")
    table = calibration_table()
    out = np.zeros((structure.n_districts, len(NIVEAUS)))
    for column, niveau_weights in (
        ("qual_ohne_2015", (1.0, 0, 0, 0)),
        ("qual_akad_2015", (0, 0, 0.5, 1.0)),
    ):
        national = table[column].sum() / table["svb_ao_2015"].sum()
        relative = np.log(np.maximum(structure.column(column) / total, 1e-4) / national)
        out += relative[:, None] * np.array(niveau_weights)[None, :]
    return out


def _niveau_shares(
    structure: DemoStructure, profile: OccupationProfile, cells: np.ndarray
) -> np.ndarray:
    """P(niveau | year, district, occupation), steered so the selection matches NIVEAU_SHARES.

    ``cells`` are the expected employees per (year, district, occupation).
    """
    raw = profile.niveau_mix[None, :, :] * np.exp(_qualification_tilt(structure))[:, None, :]
    manufacturing = np.array([code.startswith("2") for code in structure.kldb3])
    helper_trend = np.ones((len(DEMO_YEARS), structure.n_occupations, len(NIVEAUS)))
    helper_trend[:, manufacturing, 0] = np.exp(MANUFACTURING_HELPER_TREND * _YEARS_FROM_REFERENCE)[
        :, None
    ]
    shares = raw[None, :, :, :] * helper_trend[:, None, :, :]
    target = np.array([[NIVEAU_SHARES[year][q] for q in (1, 2, 3, 4)] for year in DEMO_YEARS])
    # Iterative proportional fitting on the niveau margin; each pass renormalises the
    # shares within a cell, so the occupation totals stay exactly as they were.
    for _ in range(30):
        shares /= shares.sum(axis=3, keepdims=True)
        margin = (cells[..., None] * shares).sum(axis=(1, 2))
        shares *= (target / (margin / margin.sum(axis=1, keepdims=True)))[:, None, None, :]
    return shares / shares.sum(axis=3, keepdims=True)


def _female_shares(profile: OccupationProfile, cells: np.ndarray) -> np.ndarray:
    """P(w | year, occupation, niveau), steered so the selection matches WOMEN_SHARE.

    ``cells`` are the expected employees per (year, occupation, niveau).
    """
    logit = np.log(profile.female_share / (1.0 - profile.female_share))
    base = logit[:, None] + _NIVEAU_FEMALE[None, :]
    shares = []
    for index, year in enumerate(DEMO_YEARS):
        low, high = -3.0, 3.0
        for _ in range(50):  # bisection on a common logit offset
            offset = (low + high) / 2.0
            female = 1.0 / (1.0 + np.exp(-(base + offset)))
            share = (cells[index] * female).sum() / cells[index].sum()
            low, high = (offset, high) if share < WOMEN_SHARE.path[year] else (low, offset)
        shares.append(female)
    return np.stack(shares)


def _age_shares(
    structure: DemoStructure, profile: OccupationProfile, population: np.ndarray
) -> np.ndarray:
    """P(age band | year, district, occupation, sex), shape (year, district, occ, sex, band)."""
    bands = population_by_band(population).astype(float)  # (year, district, sex, band)
    local = bands / bands.sum(axis=3, keepdims=True)
    state = bands.sum(axis=1, keepdims=True)
    state = state / state.sum(axis=3, keepdims=True)
    mixed = _COMMUTER_MIX * local + (1.0 - _COMMUTER_MIX) * state
    rates = np.stack([participation(year).T for year in DEMO_YEARS])  # (year, sex, band)
    supply = mixed * rates[:, None, :, :]
    # An exponential tilt moves the mean age by about shift years (age variance ≈ 12²).
    tilt = np.exp(profile.age_shift[:, None] * (BAND_MIDDLE[None, :] - 42.0) / 144.0)
    shares = supply[:, :, None, :, :] * tilt[None, None, :, None, :]
    return shares / shares.sum(axis=4, keepdims=True)


def expected_employment(
    structure: DemoStructure,
    profile: OccupationProfile,
    population: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Expected employees by (year, district, occupation, niveau, sex, age band)."""
    totals = _district_totals(structure)
    occupations = totals[:, :, None] * _occupation_shares(structure, profile, rng)
    by_niveau = occupations[..., None] * _niveau_shares(structure, profile, occupations)
    female = _female_shares(profile, by_niveau.sum(axis=1))  # (year, occupation, niveau)
    sexes = np.stack([1.0 - female, female], axis=-1)[:, None, :, :, :]
    by_sex = by_niveau[..., None] * sexes  # (year, district, occupation, niveau, sex)
    ages = _age_shares(structure, profile, population)  # (year, district, occ, sex, band)
    return by_sex[..., None] * ages[:, :, :, None, :, :]


def draw_employment(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole employees: a Poisson draw around each expected cell."""
    return rng.poisson(expected).astype(np.int64)


def employment_table(
    structure: DemoStructure, profile: OccupationProfile, employees: np.ndarray
) -> pl.DataFrame:
    """The ``employment`` table; niveaus absent from a Berufsgruppe's KldB entry get no rows."""
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("niveau", NIVEAUS),
            ("sex", SEXES),
            ("age_band", AGE_BANDS),
        ],
        {"employees": employees},
        mask=profile.niveau_exists[None, None, :, :, None, None],
    )
