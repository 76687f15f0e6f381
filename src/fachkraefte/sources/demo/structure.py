"""The real frame the synthetic numbers hang on: Hessen's Kreise and the KldB Berufsgruppen.

Kreise and their 2018 populations come from ``fachkraefte.geo`` (Destatis 04-kreise), the
144 Berufsgruppen from ``fachkraefte.occupations``; this module only adds the few regional
traits the generator needs (urbanity, commuter pull, university places), all documented in
``docs/demo-data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fachkraefte.geo import districts, regions_metadata, regions_source
from fachkraefte.occupations import berufsgruppen

HESSEN = "06"
EXPECTED_DISTRICTS = 26
EXPECTED_BERUFSGRUPPEN = 144

CITY_WORKPLACE_PULL: dict[str, float] = {
    "06412": 2.20,  # Frankfurt am Main: ≈ 600 Tsd. workplaces for ≈ 750 Tsd. residents
    "06411": 1.85,  # Darmstadt: TU, research institutes, Merck
    "06611": 1.60,  # Kassel: centre of North Hessen
    "06414": 1.45,  # Wiesbaden: state capital, administration
    "06413": 1.10,  # Offenbach am Main: in Frankfurt's shadow, a net out-commuter city
}
"""Workplaces per resident of working age, relative to an average Landkreis.

Approximate ratios from the BA Pendlerstatistik (SV-Beschäftigte am Arbeitsort vs. Wohnort);
they give the cities their commuter surplus.
"""

RHEIN_MAIN_SUBURBS: frozenset[str] = frozenset({"06433", "06434", "06436", "06438"})
"""Groß-Gerau, Hochtaunus, Main-Taunus, Kreis Offenbach: dense, service-heavy Landkreise."""

UNIVERSITY_PLACES: dict[str, float] = {
    "06412": 0.27,  # Goethe-Universität, Frankfurt UAS, Frankfurt School
    "06411": 0.18,  # TU Darmstadt, h_da
    "06531": 0.16,  # Justus-Liebig-Universität, THM Gießen
    "06611": 0.11,  # Universität Kassel
    "06534": 0.10,  # Philipps-Universität Marburg
    "06414": 0.05,  # Hochschule RheinMain
    "06631": 0.045,  # Hochschule Fulda
    "06440": 0.015,  # THM Friedberg
    "06433": 0.015,  # Hochschule RheinMain, Rüsselsheim
    "06439": 0.01,  # Hochschule Geisenheim
}
"""Approximate shares of Hessen's university graduates by the Kreis of the university.

Rounded from student numbers (Destatis, Studierendenstatistik 21311); the remaining few
per cent (private and dual universities) spread over all Kreise by population.
"""


@dataclass(frozen=True)
class DemoStructure:
    """Kreise and Berufsgruppen in a fixed (sorted) order, as numpy-friendly arrays."""

    ags: tuple[str, ...]
    district_names: tuple[str, ...]
    is_city: np.ndarray
    """Kreisfreie Stadt (True) or Landkreis (False), per district."""
    population_2018: np.ndarray
    """Shape (district, sex) with sex order m, w; persons on 31.12.2018."""
    urbanity: np.ndarray
    """About -0.5 (rural North Hessen) … 1.3 (Frankfurt); drives occupation and skill mix."""
    workplace_pull: np.ndarray
    """Workplaces per resident of working age relative to an average Landkreis."""
    university_share: np.ndarray
    """Share of academic graduates qualifying in the district (sums to 1)."""
    kldb3: tuple[str, ...]
    kldb3_titles: tuple[str, ...]

    @property
    def n_districts(self) -> int:
        return len(self.ags)

    @property
    def n_occupations(self) -> int:
        return len(self.kldb3)


def _urbanity(ags: str, is_city: bool) -> float:
    if ags == "06412":
        return 1.3
    if is_city:
        return 1.0
    if ags in RHEIN_MAIN_SUBURBS:
        return 0.45
    # The Regierungsbezirk (third digit) separates Rhein-Main from Middle and North Hessen.
    return {"4": 0.1, "5": -0.3, "6": -0.45}[ags[2]]


def load_structure() -> DemoStructure:
    """Read Hessen's Kreise and the KldB Berufsgruppen and derive the regional traits."""
    regions = sorted(districts(land=HESSEN), key=lambda region: region.ags)
    if len(regions) != EXPECTED_DISTRICTS:
        raise ValueError(
            f"fachkraefte.geo liefert {len(regions)} Kreise für Hessen, erwartet "
            f"{EXPECTED_DISTRICTS} / fachkraefte.geo returned {len(regions)} districts for Hessen, "
            f"expected {EXPECTED_DISTRICTS}"
        )
    groups = sorted(berufsgruppen(), key=lambda group: group.code)
    if len(groups) != EXPECTED_BERUFSGRUPPEN:
        raise ValueError(
            f"fachkraefte.occupations liefert {len(groups)} Berufsgruppen, erwartet "
            f"{EXPECTED_BERUFSGRUPPEN} / fachkraefte.occupations returned {len(groups)} "
            f"Berufsgruppen, expected {EXPECTED_BERUFSGRUPPEN}"
        )
    ags = tuple(region.ags for region in regions)
    is_city = np.array([region.is_city for region in regions])
    population = np.array(
        [[region.population_male, region.population_female] for region in regions], dtype=float
    )
    university = np.array([UNIVERSITY_PLACES.get(code, 0.0) for code in ags])
    remainder = max(0.0, 1.0 - university.sum())
    university = university + remainder * population.sum(axis=1) / population.sum()
    return DemoStructure(
        ags=ags,
        district_names=tuple(region.name for region in regions),
        is_city=is_city,
        population_2018=population,
        urbanity=np.array([_urbanity(code, city) for code, city in zip(ags, is_city, strict=True)]),
        workplace_pull=np.array(
            [
                CITY_WORKPLACE_PULL.get(code, 1.15 if code in RHEIN_MAIN_SUBURBS else 1.0)
                for code in ags
            ]
        ),
        university_share=university / university.sum(),
        kldb3=tuple(group.code for group in groups),
        kldb3_titles=tuple(group.title for group in groups),
    )


def regions_provenance() -> dict[str, object]:
    """Which district table the build used; a newly imported vintage changes the demo."""
    return {
        "key": "regions",
        "source": regions_source(),
        "sha256": regions_metadata().get("sha256"),
    }
