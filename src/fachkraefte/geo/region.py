"""The ``Region`` record: a Land, a Regierungsbezirk (or statistical region) or a Kreis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LEVELS = ("land", "regierungsbezirk", "kreis")
"""Levels of the hierarchy, top down."""

AGS_LENGTH = {"land": 2, "regierungsbezirk": 3, "kreis": 5}

CITY_KINDS = frozenset({"Kreisfreie Stadt", "Stadtkreis"})
"""Kinds of Kreis that are a single city (kreisfrei); the others are rural districts."""


@dataclass(frozen=True)
class Region:
    """One region of the Destatis table, with its figures at the table's reference date.

    For Länder and Regierungsbezirke, area and population are the sums of their Kreise (the
    importer checks them against the table's "Insgesamt" rows).

    >>> from fachkraefte import geo
    >>> darmstadt = geo.region("06411")
    >>> (darmstadt.name, darmstadt.kind, darmstadt.parent_ags, darmstadt.nuts3)
    ('Darmstadt, Wissenschaftsstadt', 'Kreisfreie Stadt', '064', 'DE711')
    """

    ags: str  # '06' Land, '064' Regierungsbezirk, '06411' Kreis (5 digits)
    level: str  # one of LEVELS
    name: str  # official name as in the table, e.g. 'Darmstadt, Wissenschaftsstadt'
    kind: str | None  # Kreise: 'Kreisfreie Stadt' | 'Landkreis' | 'Kreis' | 'Stadtkreis' | ...
    nuts3: str | None
    parent_ags: str | None  # Kreis -> its Regierungsbezirk where one exists, else its Land
    land_ags: str
    area_km2: float | None
    population: int | None
    population_male: int | None
    population_female: int | None
    merged_into: str | None = None  # Kreis dissolved by a reform: AGS of its successor
    merged_on: dt.date | None = None  # first day it belonged to ``merged_into``

    @property
    def is_current(self) -> bool:
        """False for a Kreis that a territorial reform has dissolved."""
        return self.merged_into is None

    @property
    def is_city(self) -> bool:
        """True for kreisfreie Städte and Stadtkreise."""
        return self.kind in CITY_KINDS

    @property
    def label(self) -> str:
        """The name with its kind where the bare name would be ambiguous.

        >>> from fachkraefte import geo
        >>> geo.region("06633").label, geo.region("06611").label
        ('Landkreis Kassel', 'Kassel, documenta-Stadt')
        """
        if self.level != "kreis" or not self.kind or "," in self.name:
            return self.name
        lowered = self.name.lower()
        if self.kind.lower() in lowered or (not self.is_city and "kreis" in lowered):
            return self.name  # "Main-Kinzig-Kreis", "Landkreis Rostock", "Regionalverband …"
        return f"{self.kind} {self.name}"
