"""Apprentices, new training contracts and graduates per Kreis and Berufsgruppe.

Apprentices train where Fachkräfte work: the expected number follows the Kreis' Fachkraft
employment in the Berufsgruppe times the group's training intensity, steered to Hessen's
total. New contracts are a binomial share of the apprentices, so they never exceed them.
Vocational graduates (niveau 2) follow the apprentices; academic graduates (niveau 3
Bachelor-level, niveau 4 Master-level) qualify at the university's Kreis and spread over the
Berufsgruppen like the Spezialist and Experte employment, weighted by academic orientation.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import (
    ACADEMIC_GRADUATES,
    DEMO_YEARS,
    NEW_CONTRACTS,
    TRAINEES,
    VOCATIONAL_GRADUATES,
)
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.occupation_profile import OccupationProfile
from fachkraefte.sources.demo.structure import DemoStructure
from fachkraefte.sources.schema import NIVEAUS, SEXES

_TRAINEE_FEMALE_LOGIT_SHIFT = -0.35
"""Women choose school-based and academic paths more often: fewer of them in dual training."""
_ACADEMIC_FEMALE_LOGIT_SHIFT = 0.15
_BACHELOR_SHARE = 0.45
"""Share of niveau 3 (Bachelor-level) among academic degrees; the rest is niveau 4."""


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _path(target_path: dict[int, float]) -> np.ndarray:
    return np.array([target_path[year] for year in DEMO_YEARS], dtype=float)


def expected_trainees(
    structure: DemoStructure, profile: OccupationProfile, expected_employment: np.ndarray
) -> np.ndarray:
    """Expected apprentices by (year, district, occupation, sex); each Land gets Hessen's path
    scaled by its real employees (2015)."""
    fachkraft = expected_employment[:, :, :, 1].sum(axis=(3, 4))  # (year, district, occupation)
    weight = fachkraft * profile.training[None, None, :]
    total = structure.distribute(weight, structure.scaled_land_totals(TRAINEES.path, "svb_ao_2015"))
    female = _sigmoid(_logit(profile.female_share) + _TRAINEE_FEMALE_LOGIT_SHIFT)
    return total[..., None] * np.stack([1.0 - female, female], axis=-1)[None, None, :, :]


def generate_trainees(
    structure: DemoStructure,
    profile: OccupationProfile,
    expected_employment: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The ``trainees`` table: only Berufsgruppen with dual training get rows."""
    expected = expected_trainees(structure, profile, expected_employment)
    trainees = rng.poisson(expected)
    contract_rate = _path(NEW_CONTRACTS.path) / _path(TRAINEES.path)
    new_contracts = rng.binomial(trainees, contract_rate[:, None, None, None])
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("sex", SEXES),
        ],
        {"trainees": trainees, "new_contracts": new_contracts},
        mask=(profile.training > 0)[None, None, :, None],
    )


def generate_graduates(
    structure: DemoStructure,
    profile: OccupationProfile,
    expected_employment: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The ``graduates`` table: niveau 2 vocational, niveau 3 and 4 academic."""
    n_years, n_districts, n_occupations = expected_employment.shape[:3]
    expected = np.zeros((n_years, n_districts, n_occupations, len(NIVEAUS), len(SEXES)))

    trainees = expected_trainees(structure, profile, expected_employment)
    expected[:, :, :, 1, :] = structure.distribute(
        trainees, structure.scaled_land_totals(VOCATIONAL_GRADUATES.path, "svb_ao_2015")
    )

    state = expected_employment.sum(axis=(1, 4, 5))  # (year, occupation, niveau)
    female = _sigmoid(_logit(profile.female_share) + _ACADEMIC_FEMALE_LOGIT_SHIFT)
    sexes = np.stack([1.0 - female, female], axis=-1)  # (occupation, sex)
    # Each Land's universities graduate Hessen's number scaled by its population (2020).
    academic_total = structure.scaled_land_totals(ACADEMIC_GRADUATES.path, "pop_2020")
    academic_total = np.array(
        [
            sum(academic_total[i, mask][0] for mask in structure.land_masks().values())
            for i in range(len(DEMO_YEARS))
        ]
    )
    for niveau_index, share in ((2, _BACHELOR_SHARE), (3, 1.0 - _BACHELOR_SHARE)):
        weight = state[:, :, niveau_index] * profile.academic[None, :]
        by_occupation = (
            weight / weight.sum(axis=1, keepdims=True) * (share * academic_total)[:, None]
        )
        expected[:, :, :, niveau_index, :] = (
            by_occupation[:, None, :, None]
            * structure.university_share[None, :, None, None]
            * sexes[None, None, :, :]
        )

    academic_rows = profile.niveau_exists & (profile.academic > 0)[:, None]
    mask = np.zeros((n_occupations, len(NIVEAUS)), dtype=bool)
    mask[:, 1] = profile.training > 0
    mask[:, 2:] = academic_rows[:, 2:]
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("niveau", NIVEAUS),
            ("sex", SEXES),
        ],
        {"graduates": rng.poisson(expected)},
        mask=mask[None, None, :, :, None],
    )
