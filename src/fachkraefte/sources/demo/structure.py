"""The real frame the synthetic numbers hang on: the selected Kreise and the KldB Berufsgruppen.

Kreise come from ``fachkraefte.geo``, their real figures (population by age, employees by sector
and qualification, unemployment, Kreistyp) from the committed calibration table
(``kreise.py``), the 144 Berufsgruppen from ``fachkraefte.occupations``. This module derives the
regional traits the generator needs (urbanity, commuter pull, university places) and spreads
the Hessen calibration paths to other Länder; all documented in ``docs/demo-data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from fachkraefte.geo import districts, regions_metadata, regions_source
from fachkraefte.occupations import berufsgruppen
from fachkraefte.sources.demo.calibration import DEMO_YEARS
from fachkraefte.sources.demo.kreise import (
    calibration_table,
    population_bands_2020,
    rows_for,
    sector_shares_2015,
)

HESSEN = "06"
EXPECTED_DISTRICTS = 26
EXPECTED_BERUFSGRUPPEN = 144

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


ALLIANCE_DISTRICTS: tuple[str, ...] = (
    "14626",
    "03402",
    "03452",
    "03454",
    "03456",
    "03457",
    "03462",
)
"""The demo alliances outside Hessen (web/alliances/demo.py): Görlitz (Sachsen) and the
Ems-Achse (Niedersachsen). ``fachkraefte demo`` always covers them."""

DEFAULT_SELECTION = "demo"
"""Hessen's 26 Kreise plus ALLIANCE_DISTRICTS; "all" is every Kreis, "06,14" whole Länder."""

KREISTYP_URBANITY: dict[int, float] = {1: 1.0, 2: 0.45, 3: -0.1, 4: -0.45}
"""Urbanity by BBSR siedlungsstruktureller Kreistyp (kreisfreie Großstadt … dünn besiedelt)."""


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
    """About -0.5 (dünn besiedelt) … 1.3 (Frankfurt); drives occupation and skill mix."""
    workplace_pull: np.ndarray
    """Employees at the workplace per employee living in the Kreis (2015, real)."""
    university_share: np.ndarray
    """Share of the selection's academic graduates qualifying in the district (sums to 1)."""
    kldb3: tuple[str, ...]
    kldb3_titles: tuple[str, ...]
    land: tuple[str, ...] = ()
    """Land code (2 digits) per district."""
    calibration: pl.DataFrame | None = None
    """The real per-Kreis figures of these districts (``kreise.calibration_table`` rows)."""

    @property
    def n_districts(self) -> int:
        return len(self.ags)

    @property
    def n_occupations(self) -> int:
        return len(self.kldb3)

    @property
    def east(self) -> np.ndarray:
        return self.column("east").astype(bool)

    def column(self, name: str) -> np.ndarray:
        """One calibration column as floats, in district order."""
        assert self.calibration is not None
        return self.calibration[name].to_numpy().astype(float)

    def land_masks(self) -> dict[str, np.ndarray]:
        """Boolean district mask per Land present in the selection."""
        codes = np.array(self.land)
        return {code: codes == code for code in sorted(set(self.land))}

    def hessen_basis(self, name: str) -> float:
        """The column's sum over all of Hessen (whether or not Hessen is selected)."""
        table = calibration_table()
        return float(table.filter(pl.col("land") == HESSEN)[name].sum())

    def scaled_land_totals(self, path: dict[int, float], basis: str) -> np.ndarray:
        """A Hessen path carried to every selected Land, shape (year, district).

        Each Land's total is the path times its selected districts' share of ``basis`` relative
        to all of Hessen (so Hessen keeps its path); every district gets its Land's total.
        """
        values = np.array([path[year] for year in DEMO_YEARS], dtype=float)
        ratio = np.zeros(self.n_districts)
        weights = self.column(basis)
        for mask in self.land_masks().values():
            ratio[mask] = weights[mask].sum() / self.hessen_basis(basis)
        return values[:, None] * ratio[None, :]

    def distribute(self, weight: np.ndarray, land_totals: np.ndarray) -> np.ndarray:
        """Scale ``weight`` (year, district, …) so each Land sums to its total.

        ``land_totals`` (year, district) holds each district's Land total (as from
        ``scaled_land_totals``).
        """
        axes = tuple(range(2, weight.ndim))
        per_district = weight.sum(axis=axes) if axes else weight
        out = np.zeros_like(weight, dtype=float)
        for mask in self.land_masks().values():
            land_sum = per_district[:, mask].sum(axis=1)
            factor = land_totals[:, mask][:, 0] / np.where(land_sum > 0, land_sum, 1.0)
            out[:, mask] = weight[:, mask] * factor.reshape(-1, *[1] * (weight.ndim - 1))
        return out


def select_districts(selection: str | None = None) -> tuple[str, ...]:
    """AGS codes of a selection: "demo" (default), "all", or Länder codes like "06,14,03"."""
    choice = (selection or DEFAULT_SELECTION).strip().lower()
    everything = sorted(region.ags for region in districts())
    if choice == "all":
        return tuple(everything)
    if choice == DEFAULT_SELECTION:
        chosen = {code for code in everything if code.startswith(HESSEN)} | set(ALLIANCE_DISTRICTS)
        return tuple(sorted(chosen))
    lands = {part.strip().zfill(2) for part in choice.split(",") if part.strip()}
    known = {code[:2] for code in everything}
    unknown = sorted(lands - known)
    if unknown or not lands:
        raise ValueError(
            f"Unbekannte Länder / unknown Länder: {', '.join(unknown) or selection!r}; "
            "erwartet 'demo', 'all' oder Landesschlüssel wie '06,14' / expected 'demo', 'all' "
            "or Land codes such as '06,14'"
        )
    return tuple(code for code in everything if code[:2] in lands)


def _urbanity(rows: pl.DataFrame) -> np.ndarray:
    """Kreistyp, sharpened by the share of knowledge services (J, K, M-N) in 2015."""
    base = np.array([KREISTYP_URBANITY[int(t)] for t in rows["kreistyp"]])
    shares = sector_shares_2015(rows)
    knowledge = shares[:, [5, 6, 8]].sum(axis=1)
    table = calibration_table()
    national = sector_shares_2015(table)[:, [5, 6, 8]].sum(axis=1)
    weights = table["svb_ao_2015"].to_numpy().astype(float)
    mean = float((national * weights).sum() / weights.sum())
    return base + np.clip(0.5 * np.log(knowledge / mean), -0.3, 0.3)


def _university_share(rows: pl.DataFrame, lands: tuple[str, ...]) -> np.ndarray:
    """Hessen by UNIVERSITY_PLACES; elsewhere the kreisfreien Großstädte by population (the
    rest spread by population), each Land weighted by its population."""
    ags = rows["ags"].to_list()
    population = rows["pop_2020"].to_numpy().astype(float)
    kreistyp = rows["kreistyp"].to_numpy()
    share = np.zeros(len(ags))
    codes = np.array(lands)
    for land in sorted(set(lands)):
        mask = codes == land
        if land == HESSEN:
            places = np.array([UNIVERSITY_PLACES.get(code, 0.0) for code in ags])
        else:
            places = (
                np.where(kreistyp == 1, population, 0.0)
                * 0.9
                / max(float(np.where(kreistyp == 1, population, 0.0)[mask].sum()), 1.0)
            )
        local = places[mask]
        remainder = max(0.0, 1.0 - local.sum())
        local = local + remainder * population[mask] / population[mask].sum()
        share[mask] = local / local.sum() * population[mask].sum()
    return share / share.sum()


def load_structure(selection: str | None = None) -> DemoStructure:
    """The selected Kreise with their real calibration figures, and the KldB Berufsgruppen."""
    wanted = set(select_districts(selection))
    regions = sorted((r for r in districts() if r.ags in wanted), key=lambda region: region.ags)
    if selection in (None, DEFAULT_SELECTION):
        hessen = sum(1 for region in regions if region.ags.startswith(HESSEN))
        if hessen != EXPECTED_DISTRICTS:
            raise ValueError(
                f"fachkraefte.geo liefert {hessen} Kreise für Hessen, erwartet "
                f"{EXPECTED_DISTRICTS} / fachkraefte.geo returned {hessen} districts for "
                f"Hessen, expected {EXPECTED_DISTRICTS}"
            )
    groups = sorted(berufsgruppen(), key=lambda group: group.code)
    if len(groups) != EXPECTED_BERUFSGRUPPEN:
        raise ValueError(
            f"fachkraefte.occupations liefert {len(groups)} Berufsgruppen, erwartet "
            f"{EXPECTED_BERUFSGRUPPEN} / fachkraefte.occupations returned {len(groups)} "
            f"Berufsgruppen, expected {EXPECTED_BERUFSGRUPPEN}"
        )
    ags = tuple(region.ags for region in regions)
    rows = rows_for(ags)
    lands = tuple(code[:2] for code in ags)
    bands = population_bands_2020(rows)
    male_share = bands[:, 0, :].sum(axis=1) / bands.sum(axis=(1, 2))
    total_2018 = rows["pop_2018"].to_numpy().astype(float)
    population = np.stack([total_2018 * male_share, total_2018 * (1.0 - male_share)], axis=1)
    return DemoStructure(
        ags=ags,
        district_names=tuple(region.name for region in regions),
        is_city=np.array([region.is_city for region in regions]),
        population_2018=population,
        urbanity=_urbanity(rows),
        workplace_pull=(rows["svb_ao_2015"] / rows["svb_wo_2015"]).to_numpy().astype(float),
        university_share=_university_share(rows, lands),
        kldb3=tuple(group.code for group in groups),
        kldb3_titles=tuple(group.title for group in groups),
        land=lands,
        calibration=rows,
    )


def regions_provenance() -> dict[str, object]:
    """Which district table the build used; a newly imported vintage changes the demo."""
    return {
        "key": "regions",
        "source": regions_source(),
        "sha256": regions_metadata().get("sha256"),
    }
