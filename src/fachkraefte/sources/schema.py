"""The analytic tables every data source fills: the synthetic demo and the official importers.

Each table is a long-format Parquet file with exactly these columns and types. Counts are whole
persons; ``None`` marks a value the source suppressed (e.g. BA's "*" for small cells). The
reference dates follow the official statistics: population on 31 December, employment on
30 June, wages (Entgeltstatistik) on 31 December of the year.

Codes: ``ags`` is the 5-digit Kreis key (Amtlicher Gemeindeschlüssel, first five digits),
``kldb3`` the 3-digit KldB 2010 Berufsgruppe, ``niveau`` the Anforderungsniveau 1 Helfer,
2 Fachkraft, 3 Spezialist, 4 Experte (fifth digit of the KldB code), ``sex`` "m" or "w".
"""

from __future__ import annotations

import polars as pl

AGE_BANDS: tuple[str, ...] = tuple(f"{lo}-{lo + 4}" for lo in range(15, 75, 5))
"""Five-year age bands of working age, 15-19 … 70-74, as employment statistics publish them."""

MAX_POPULATION_AGE = 90
"""Population ages are single years 0 … 90; 90 stands for "90 and older"."""

SEXES: tuple[str, ...] = ("m", "w")
NIVEAUS: tuple[int, ...] = (1, 2, 3, 4)

WZ_SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTU")
"""The 21 sections (Abschnitte) A … U of the German classification of economic activities,
WZ 2008 (= NACE Rev. 2): A agriculture, C manufacturing, G trade, Q health and social work …"""

TABLES: dict[str, dict[str, pl.DataType]] = {
    # Population at the place of residence, 31 December.
    "population": {
        "year": pl.Int16,
        "ags": pl.String,
        "sex": pl.String,
        "age": pl.Int16,
        "persons": pl.Int64,
    },
    # Employees subject to social insurance at the workplace, 30 June.
    "employment": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "niveau": pl.Int8,
        "sex": pl.String,
        "age_band": pl.String,
        "employees": pl.Int64,
    },
    # Employees subject to social insurance at the workplace, 30 June, by WZ 2008 section of
    # the employing establishment: each Kreis' occupation-by-industry matrix. Summed over
    # sections it is the ``employment`` table summed over sex and age band.
    "employment_industry": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "niveau": pl.Int8,
        "wz_section": pl.String,
        "employees": pl.Int64,
    },
    # Apprentices in dual vocational training (all training years) and new contracts.
    "trainees": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "sex": pl.String,
        "trainees": pl.Int64,
        "new_contracts": pl.Int64,
    },
    # Newly qualified people per year: passed vocational final exams (niveau 2) and
    # academic degrees (niveau 3 and 4), assigned to the occupation they qualify for.
    "graduates": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "niveau": pl.Int8,
        "sex": pl.String,
        "graduates": pl.Int64,
    },
    # Registered unemployment and vacancies by target occupation, annual averages.
    # ``jobseekers`` (Arbeitsuchende: the unemployed plus job-seekers who are not unemployed,
    # e.g. employed or in a measure) is null where the source has no such column.
    "labour_market": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "niveau": pl.Int8,
        "unemployed": pl.Int64,
        "jobseekers": pl.Int64,
        "vacancies": pl.Int64,
        "completed_vacancy_duration_days": pl.Float64,
        "exits_from_unemployment": pl.Int64,
    },
    # Median gross monthly wage of full-time employees, EUR.
    "wages": {
        "year": pl.Int16,
        "ags": pl.String,
        "kldb3": pl.String,
        "sex": pl.String,
        "median_monthly_wage_eur": pl.Float64,
    },
}


def empty_table(name: str) -> pl.DataFrame:
    """An empty frame with the columns and types of table ``name``."""
    return pl.DataFrame(schema=TABLES[name])


def check_table(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with exactly the schema of ``name``; raise ``ValueError`` if it cannot be.

    Columns are reordered and safely cast; a missing or extra column is an error because a
    silent mismatch would corrupt every forecast that reads the table.
    """
    expected = TABLES[name]
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected]
    if missing or extra:
        raise ValueError(
            f"Tabelle {name!r}: fehlende Spalten {missing}, unerwartete Spalten {extra} / "
            f"table {name!r}: missing columns {missing}, unexpected columns {extra}"
        )
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in expected.items()])
