"""Small schema tables whose indicators were worked out by hand (tests/indicators)."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.sources.schema import TABLES, check_table
from fachkraefte.sources.vintages import EXTRA_TABLES


def table(name: str, rows: list[tuple]) -> pl.DataFrame:
    schema = TABLES.get(name) or EXTRA_TABLES[name]
    frame = pl.DataFrame(rows, schema=list(schema), orient="row")
    if name in TABLES:
        return check_table(name, frame)
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


@pytest.fixture()
def hand_tables() -> dict[str, pl.DataFrame]:
    """One Kreis (06411), 2022 and 2023; cells A = 813/2, B = 434/4, C = 821/1, E = 813/3.

    docs/indicators.md walks through the numbers of cell A.
    """
    labour_market = table(
        "labour_market",
        [
            # year, ags, kldb3, niveau, unemployed, jobseekers, vacancies, duration, exits
            (2023, "06411", "813", 2, 40, 60, 100, 150.0, 120),  # A
            (2023, "06411", "434", 4, 200, 200, 50, 60.0, 100),  # B
            (2023, "06411", "821", 1, 100, None, 50, 90.0, 50),  # C (Helfer, suppressed)
            (2023, "06411", "813", 3, 5, 7, 5, 100.0, 5),  # E (too few cases)
        ],
    )
    employment = table(
        "employment",
        [
            # year, ags, kldb3, niveau, sex, age_band, employees
            (2023, "06411", "813", 2, "m", "30-34", 500),
            (2023, "06411", "813", 2, "w", "60-64", 460),
            (2022, "06411", "813", 2, "m", "30-34", 520),
            (2022, "06411", "813", 2, "w", "60-64", 400),
            (2023, "06411", "434", 4, "m", "40-44", 800),
            (2022, "06411", "434", 4, "m", "40-44", 800),
            (2023, "06411", "821", 1, "w", "50-54", 300),
        ],
    )
    employment_foreign = table(
        "employment_foreign",
        [
            # year, ags, kldb3, niveau, employees, foreign
            (2023, "06411", "813", 2, 960, 96),
            (2022, "06411", "813", 2, 920, 46),
            (2023, "06411", "434", 4, 800, 40),
            (2022, "06411", "434", 4, 800, 48),
        ],
    )
    wages = table(
        "wages",
        [
            (2023, "06411", "813", "m", 4000.0),
            (2023, "06411", "813", "w", 3800.0),
            (2022, "06411", "813", "m", 3800.0),
            (2022, "06411", "813", "w", 3600.0),
            (2023, "06411", "434", "m", 5000.0),
            (2023, "06411", "434", "w", 5000.0),
            (2022, "06411", "434", "m", 5000.0),
        ],
    )
    return {
        "labour_market": labour_market,
        "employment": employment,
        "employment_foreign": employment_foreign,
        "wages": wages,
    }


@pytest.fixture()
def make_table():
    """``make_table(name, rows)``: a schema table (or ``employment_foreign``) from row tuples."""
    return table
