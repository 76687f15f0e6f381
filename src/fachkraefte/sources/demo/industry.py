"""Employees by Kreis × WZ 2008 section × Berufsgruppe × Anforderungsniveau (synthetic).

The occupation-by-industry matrix of each Kreis, as the BA publishes it ("Beschäftigte nach
Wirtschaftszweigen und Berufen"). It splits the demo's own ``employment`` cells, so that for
every year, Kreis, Berufsgruppe and Niveau the sections add up *exactly* to the employees of
the ``employment`` table (summed over sex and age band):

    P(section | Kreis, Berufsgruppe) ∝ affinity of the Berufshauptgruppe to the section
                                       × seeded noise per Berufsgruppe × Kreis tilt
    employees[section] = multinomial draw of the cell's employees over P

The affinities say where an occupation works (nurses in Q, bank clerks in K, drivers in H …);
a section an occupation's Hauptgruppe has no affinity to is a structural zero (no row). The
Kreis tilt follows urbanity (finance, IT and business services in the cities, agriculture and
manufacturing outside) plus a few known Hessen specialities (banking in Frankfurt, the airport,
car making in Groß-Gerau and Landkreis Kassel) and the Kreis' real 2015 sector mix. A common
factor per section steers the selection's mix towards its real 2015 sector groups
(13111-07-05-4), split into sections as Hessen's rounded shares (BA, Beschäftigte nach
Wirtschaftszweigen).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.sources.demo.calibration import DEMO_YEARS
from fachkraefte.sources.demo.cube import cube_to_frame
from fachkraefte.sources.demo.kreise import SECTION_GROUP, SECTOR_GROUPS, sector_shares_2015
from fachkraefte.sources.demo.occupation_profile import OccupationProfile
from fachkraefte.sources.demo.structure import DemoStructure
from fachkraefte.sources.schema import NIVEAUS, WZ_SECTIONS

HESSEN_SECTION_SHARES: dict[str, float] = {
    "A": 0.5, "B": 0.1, "C": 16.5, "D": 0.9, "E": 0.7, "F": 5.0, "G": 14.0, "H": 7.5,
    "I": 3.2, "J": 5.0, "K": 5.5, "L": 0.7, "M": 8.5, "N": 8.0, "O": 6.0, "P": 3.8,
    "Q": 12.5, "R": 0.8, "S": 2.2, "T": 0.1, "U": 0.1,
}  # fmt: skip
"""Rounded shares (per cent) of SV employees at the workplace in Hessen by WZ 2008 section, in
the order of magnitude the BA Beschäftigungsstatistik shows; a steering target, not a value."""

HAUPTGRUPPE_SECTIONS: dict[str, dict[str, float]] = {
    "01": {"O": 1.0},
    "11": {"A": 0.75, "C": 0.05, "G": 0.10, "N": 0.05, "O": 0.05},
    "12": {"A": 0.35, "G": 0.15, "N": 0.30, "O": 0.20},
    "21": {"B": 0.20, "C": 0.70, "F": 0.10},
    "22": {"C": 0.80, "F": 0.15, "G": 0.05},
    "23": {"C": 0.80, "J": 0.10, "M": 0.10},
    "24": {"C": 0.80, "F": 0.10, "N": 0.10},
    "25": {"C": 0.55, "G": 0.30, "H": 0.05, "N": 0.10},
    "26": {"C": 0.40, "D": 0.10, "F": 0.30, "G": 0.05, "J": 0.05, "M": 0.05, "N": 0.05},
    "27": {"C": 0.55, "J": 0.05, "M": 0.35, "N": 0.05},
    "28": {"C": 0.70, "G": 0.20, "S": 0.10},
    "29": {"C": 0.55, "G": 0.25, "I": 0.20},
    "31": {"F": 0.20, "M": 0.60, "O": 0.20},
    "32": {"E": 0.05, "F": 0.85, "N": 0.05, "O": 0.05},
    "33": {"C": 0.10, "F": 0.90},
    "34": {"D": 0.10, "E": 0.15, "F": 0.60, "L": 0.05, "N": 0.10},
    "41": {"C": 0.45, "M": 0.35, "P": 0.10, "Q": 0.10},
    "42": {"E": 0.30, "M": 0.40, "O": 0.30},
    "43": {"C": 0.10, "J": 0.50, "K": 0.10, "M": 0.20, "N": 0.05, "O": 0.05},
    "51": {"C": 0.15, "G": 0.25, "H": 0.50, "N": 0.10},
    "52": {"E": 0.05, "F": 0.05, "G": 0.10, "H": 0.70, "N": 0.10},
    "53": {"H": 0.10, "N": 0.60, "O": 0.30},
    "54": {"I": 0.10, "L": 0.05, "N": 0.60, "O": 0.05, "P": 0.05, "Q": 0.15},
    "61": {"C": 0.25, "G": 0.60, "J": 0.05, "M": 0.05, "N": 0.05},
    "62": {"C": 0.05, "G": 0.90, "S": 0.05},
    "63": {"I": 0.85, "N": 0.10, "R": 0.05},
    "71": {
        "C": 0.20, "F": 0.03, "G": 0.15, "H": 0.05, "J": 0.07, "K": 0.10, "M": 0.15,
        "N": 0.07, "O": 0.10, "Q": 0.08,
    },
    "72": {"C": 0.10, "G": 0.10, "K": 0.50, "M": 0.20, "O": 0.10},
    "73": {"M": 0.15, "O": 0.60, "Q": 0.10, "S": 0.10, "U": 0.05},
    "81": {"C": 0.02, "O": 0.03, "Q": 0.95},
    "82": {"C": 0.05, "G": 0.10, "Q": 0.55, "S": 0.30},
    "83": {"O": 0.10, "P": 0.15, "Q": 0.60, "S": 0.10, "T": 0.05},
    "84": {"O": 0.10, "P": 0.85, "Q": 0.05},
    "91": {"M": 0.40, "O": 0.20, "P": 0.25, "S": 0.15},
    "92": {"C": 0.10, "G": 0.15, "J": 0.40, "M": 0.35},
    "93": {"C": 0.50, "M": 0.30, "R": 0.20},
    "94": {"J": 0.15, "P": 0.05, "R": 0.80},
}  # fmt: skip
"""Where the Berufsgruppen of a KldB Berufshauptgruppe work, relative weights per WZ section."""

TEMP_AGENCY_WEIGHT = 0.05
"""Temporary agency work (WZ 78, section N) employs production, logistics and office staff."""
_TEMP_AGENCY_PREFIXES = ("2", "51", "52", "54", "61", "71", "72", "73")

SECTION_URBANITY: dict[str, float] = {
    "A": -1.0, "B": -0.5, "C": -0.35, "E": -0.2, "F": -0.3, "H": 0.1, "I": 0.1, "J": 0.6,
    "K": 0.8, "L": 0.3, "M": 0.5, "N": 0.3, "O": 0.2, "P": 0.1, "R": 0.3, "S": 0.1, "U": 0.5,
}  # fmt: skip
"""Log shift of a section's weight per unit of Kreis urbanity (missing sections: 0)."""

KREIS_SPECIALITIES: dict[str, dict[str, float]] = {
    "06412": {"K": 2.0, "H": 1.5},  # Frankfurt: banking centre, airport
    "06433": {"C": 1.4, "H": 1.6},  # Groß-Gerau: car making in Rüsselsheim, airport logistics
    "06414": {"O": 1.5, "K": 1.3},  # Wiesbaden: state capital, insurers
    "06411": {"C": 1.3, "M": 1.2},  # Darmstadt: chemicals and pharma, research
    "06633": {"C": 1.5},  # Landkreis Kassel: car making in Baunatal
}
"""Known regional specialisations, as factors on the section weight."""

_NOISE_SD = 0.3


def section_affinity(kldb3: tuple[str, ...]) -> np.ndarray:
    """Prior weights (occupation, section) from the Berufshauptgruppe; zero = structural zero."""
    out = np.zeros((len(kldb3), len(WZ_SECTIONS)))
    column = {section: j for j, section in enumerate(WZ_SECTIONS)}
    for i, code in enumerate(kldb3):
        weights = dict(HAUPTGRUPPE_SECTIONS[code[:2]])
        if code.startswith(_TEMP_AGENCY_PREFIXES):
            weights.setdefault("N", TEMP_AGENCY_WEIGHT)
        for section, weight in weights.items():
            out[i, column[section]] = weight
    return out


def _kreis_tilt(structure: DemoStructure) -> np.ndarray:
    """Factor (district, section) from urbanity and the known specialities."""
    urban = np.array([SECTION_URBANITY.get(s, 0.0) for s in WZ_SECTIONS])
    tilt = np.exp(structure.urbanity[:, None] * urban[None, :])
    # The Kreis' real 2015 sector mix (13111-07-05-4) relative to the selection's.
    shares = sector_shares_2015(structure.calibration)
    weights = structure.column("svb_ao_2015")
    mean = (shares * weights[:, None]).sum(axis=0) / weights.sum()
    group = {name: j for j, name in enumerate(SECTOR_GROUPS)}
    columns = [group[SECTION_GROUP[section]] for section in WZ_SECTIONS]
    tilt = tilt * (shares / mean[None, :])[:, columns]
    for r, ags in enumerate(structure.ags):
        for section, factor in KREIS_SPECIALITIES.get(ags, {}).items():
            tilt[r, WZ_SECTIONS.index(section)] *= factor
    return tilt


def _section_target(structure: DemoStructure) -> np.ndarray:
    """Section shares the selection is steered to: Hessen's split of each 2015 sector group
    (HESSEN_SECTION_SHARES), carried to the selection's real group shares (13111-07-05-4)."""
    hessen = np.array([HESSEN_SECTION_SHARES[s] for s in WZ_SECTIONS])
    group = np.array([SECTOR_GROUPS.index(SECTION_GROUP[s]) for s in WZ_SECTIONS])
    hessen_groups = np.bincount(group, weights=hessen, minlength=len(SECTOR_GROUPS))
    weights = structure.column("svb_ao_2015")
    selection = (sector_shares_2015(structure.calibration) * weights[:, None]).sum(axis=0)
    selection = selection / selection.sum()
    target = hessen / hessen_groups[group] * selection[group]
    return target / target.sum()


def industry_mix(
    structure: DemoStructure, employees: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """P(section | district, occupation), shape (district, occupation, section).

    ``employees`` (year, district, occupation, …) gives the Hessen occupation totals of the
    last year that the common section factors are steered on.
    """
    affinity = section_affinity(structure.kldb3)
    noise = rng.lognormal(0.0, _NOISE_SD, affinity.shape)
    base = (affinity * noise)[None, :, :] * _kreis_tilt(structure)[:, None, :]
    cells = employees[-1].reshape(employees.shape[1], employees.shape[2], -1).sum(axis=-1)
    target = _section_target(structure)
    factor = np.ones(len(WZ_SECTIONS))
    for _ in range(50):
        mix = base * factor
        mix /= mix.sum(axis=2, keepdims=True)
        implied = (cells[:, :, None] * mix).sum(axis=(0, 1))
        implied /= implied.sum()
        # Sections no occupation reaches stay at 0; the others move towards their target.
        factor *= np.where(implied > 0, target / np.where(implied > 0, implied, 1.0), 1.0)
    mix = base * factor
    return mix / mix.sum(axis=2, keepdims=True)


def generate_industry_employment(
    structure: DemoStructure,
    profile: OccupationProfile,
    employees: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The ``employment_industry`` table from the drawn ``employment`` cube.

    ``employees``: (year, district, occupation, niveau, sex, age band) whole persons.
    """
    totals = employees.sum(axis=(4, 5))  # (year, district, occupation, niveau)
    mix = industry_mix(structure, employees, rng)
    counts = rng.multinomial(totals, mix[None, :, :, None, :])
    structural = section_affinity(structure.kldb3) > 0
    mask = profile.niveau_exists[:, :, None] & structural[:, None, :]
    return cube_to_frame(
        [
            ("year", DEMO_YEARS),
            ("ags", structure.ags),
            ("kldb3", structure.kldb3),
            ("niveau", NIVEAUS),
            ("wz_section", WZ_SECTIONS),
        ],
        {"employees": counts},
        mask=mask[None, None, :, :, :],
    )
