"""Registered unemployment, vacancies, vacancy durations and exits by target occupation.

Unemployed people live in the Kreis (as many as it really had, 13211-02-05-4) and seek work
in a target occupation (Zielberuf) shaped like local and selection-wide employment, with a much higher risk at Helfer level and a lower one
in shortage occupations. Vacancies are reported where the jobs are, more of them in shortage
and growing occupations. The completed vacancy duration is longer in shortage occupations
(813, 821, 342, 262, 521 the clearest) and is suppressed (null) where too few vacancies exist
to measure it, as the BA does.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import (
    DEMO_YEARS,
    GERMANY_UNEMPLOYED,
    UNEMPLOYED,
    VACANCIES,
    VACANCY_DURATION,
)
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.occupation_profile import OccupationProfile
from fachkraefte.sources.demo.structure import HESSEN, DemoStructure
from fachkraefte.sources.schema import NIVEAUS

_NIVEAU_UNEMPLOYMENT_RISK = np.array([4.0, 1.0, 0.45, 0.45])
"""Unemployed per employee by niveau, relative: half of the unemployed seek Helfer jobs."""
_NIVEAU_VACANCY_RATE = np.array([0.9, 1.0, 1.0, 0.7])
"""Experte posts are often filled without the employment agency; Helfer posts less reported."""
_NIVEAU_DURATION = np.array([0.75, 1.05, 1.15, 1.10])
_NIVEAU_EXIT_RATE = np.array([0.8, 1.05, 1.1, 1.1])
_EXITS_PER_UNEMPLOYED = 0.75
"""Exits from unemployment into employment per unemployed person and year (BA flow data)."""
_YEAR_EXIT_FACTOR = {2020: 0.75, 2021: 0.85}
_JOBSEEKERS_NOT_UNEMPLOYED = 0.5
"""Job-seekers who are not unemployed (employed, in measures) per unemployed person: the BA
counts roughly one and a half times as many Arbeitsuchende as Arbeitslose."""
MIN_VACANCIES_FOR_DURATION = 3
"""Fewer vacancies than this in a cell: no completed vacancy duration is published."""


def _path(target_path: dict[int, float]) -> np.ndarray:
    return np.array([target_path[year] for year in DEMO_YEARS], dtype=float)


def _unemployed_totals(structure: DemoStructure) -> np.ndarray:
    """Land totals per (year, district): Hessen's path, elsewhere the real 2023 level moved
    with the national index."""
    hessen = structure.scaled_land_totals(UNEMPLOYED.path, "alo_2023")
    index = np.array([GERMANY_UNEMPLOYED[year] / GERMANY_UNEMPLOYED[2023] for year in DEMO_YEARS])
    totals = np.zeros_like(hessen)
    level = structure.column("alo_2023")
    for land, mask in structure.land_masks().items():
        totals[:, mask] = (
            hessen[:, mask] if land == HESSEN else (level[mask].sum() * index)[:, None]
        )
    return totals


def generate_labour_market(
    structure: DemoStructure,
    profile: OccupationProfile,
    population: np.ndarray,
    expected_employment: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The ``labour_market`` table per (year, Kreis, Berufsgruppe, niveau)."""
    employment = expected_employment.sum(axis=(4, 5))  # (year, district, occupation, niveau)
    n_districts, n_occupations = structure.n_districts, structure.n_occupations

    # Unemployed: the Zielberuf mix half local, half selection-wide.
    local = employment / employment.sum(axis=(2, 3), keepdims=True)
    state = employment.sum(axis=1, keepdims=True)
    state = state / state.sum(axis=(2, 3), keepdims=True)
    # Each Kreis' real unemployed (13211-02-05-4: 2012, 2015, 2023 and 2025), straight
    # lines between them.
    known = (2012, 2015, 2023, 2025)
    levels = np.stack([structure.column(f"alo_{year}") for year in known])  # (known, district)
    real = np.stack(
        [
            np.array([np.interp(year, known, levels[:, d]) for d in range(n_districts)])
            for year in DEMO_YEARS
        ]
    )  # (year, district)
    dip_weight = np.array([{2020: 1.0, 2021: 0.6}.get(year, 0.0) for year in DEMO_YEARS])
    occupation_risk = (
        np.exp(-0.8 * profile.shortage)
        * rng.lognormal(0.0, 0.25, n_occupations)
        * (1.0 - 3.0 * dip_weight[:, None] * profile.dip_2020[None, :])
    )  # (year, occupation)
    mix = (
        (0.5 * local + 0.5 * state)
        * occupation_risk[:, None, :, None]
        * _NIVEAU_UNEMPLOYMENT_RISK[None, None, None, :]
    )
    unemployed_weight = real[:, :, None, None] * mix / mix.sum(axis=(2, 3), keepdims=True)
    expected_unemployed = structure.distribute(unemployed_weight, _unemployed_totals(structure))

    vacancy_weight = (
        employment
        * _NIVEAU_VACANCY_RATE
        * ((1.0 + 2.0 * profile.shortage) * np.clip(1.0 + 10.0 * profile.growth, 0.5, 2.0))[
            None, None, :, None
        ]
        * rng.lognormal(0.0, 0.2, (1, n_districts, n_occupations, 1))
    )
    expected_vacancies = structure.distribute(
        vacancy_weight, structure.scaled_land_totals(VACANCIES.path, "svb_ao_2015")
    )

    unemployed = rng.poisson(expected_unemployed)
    vacancies = rng.poisson(expected_vacancies)

    # Durations scatter more where few vacancies are completed.
    relative = (1.0 + 0.9 * profile.shortage)[None, None, :, None] * _NIVEAU_DURATION
    scatter = 0.08 + 0.4 / np.sqrt(vacancies + 1.0)
    relative = relative * np.exp(rng.normal(0.0, 1.0, vacancies.shape) * scatter)
    weighted_mean = (relative * vacancies).sum(axis=(1, 2, 3)) / vacancies.sum(axis=(1, 2, 3))
    duration = relative * (_path(VACANCY_DURATION.path) / weighted_mean)[:, None, None, None]
    duration = np.where(vacancies >= MIN_VACANCIES_FOR_DURATION, np.round(duration, 1), np.nan)

    exit_rate = (
        _EXITS_PER_UNEMPLOYED
        * np.array([_YEAR_EXIT_FACTOR.get(year, 1.0) for year in DEMO_YEARS])[:, None, None, None]
        * (1.0 + 0.6 * profile.shortage)[None, None, :, None]
        * _NIVEAU_EXIT_RATE
    )
    exits = rng.poisson(expected_unemployed * exit_rate)
    # Derived without drawing from ``rng`` so that every later demo table stays as it was.
    jobseekers = unemployed + np.rint(_JOBSEEKERS_NOT_UNEMPLOYED * expected_unemployed).astype(
        unemployed.dtype
    )
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("niveau", NIVEAUS),
        ],
        {
            "unemployed": unemployed,
            "jobseekers": jobseekers,
            "vacancies": vacancies,
            "completed_vacancy_duration_days": duration,
            "exits_from_unemployment": exits,
        },
        mask=profile.niveau_exists[None, None, :, :],
    )
