"""Wage atlas: gender gap and Land comparison, computed by hand."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.indicators.wages import APPROXIMATION, NOT_AVAILABLE, OFFICIAL, wage_atlas


def test_gap_and_official_land_value(make_table):
    wages = make_table(
        "wages",
        [
            (2023, "06411", "813", "m", 4000.0),
            (2023, "06411", "813", "w", 3600.0),
            (2023, "06", "813", "m", 3800.0),
            (2023, "06", "813", "w", 3500.0),
        ],
    )
    row = wage_atlas(wages, year=2023).row(0, named=True)
    assert row["gender_gap_pct"] == pytest.approx(10.0)  # (4000 − 3600) / 4000
    assert row["land_gender_gap_pct"] == pytest.approx(100 * 300 / 3800)
    assert row["deviation_from_land_m_pct"] == pytest.approx(100 * (4000 / 3800 - 1))
    assert row["land_basis"] == OFFICIAL


def test_employment_weighted_land_approximation(make_table):
    wages = make_table(
        "wages",
        [
            (2023, "06411", "813", "m", 4000.0),
            (2023, "06412", "813", "m", 5000.0),
            (2023, "06411", "813", "w", 3000.0),
            (2023, "06412", "813", "w", None),
        ],
    )
    employment = make_table(
        "employment",
        [
            (2023, "06411", "813", 2, "m", "30-34", 100),
            (2023, "06412", "813", 2, "m", "30-34", 300),
            (2023, "06411", "813", 2, "w", "30-34", 50),
            (2023, "06412", "813", 2, "w", "30-34", 50),
        ],
    )
    result = wage_atlas(wages, year=2023, employment=employment)
    darmstadt = result.filter(pl.col("ags") == "06411").row(0, named=True)
    assert darmstadt["land_median_m"] == pytest.approx((4000 * 100 + 5000 * 300) / 400)
    assert darmstadt["land_median_w"] == pytest.approx(3000.0)  # the suppressed Kreis drops out
    assert darmstadt["land_basis"] == APPROXIMATION
    frankfurt = result.filter(pl.col("ags") == "06412").row(0, named=True)
    assert frankfurt["median_w"] is None and frankfurt["gender_gap_pct"] is None


def test_without_land_rows_or_employment(make_table):
    wages = make_table("wages", [(2023, "06411", "813", "m", 4000.0)])
    row = wage_atlas(wages, year=2023).row(0, named=True)
    assert row["land_basis"] == NOT_AVAILABLE and row["land_median_m"] is None
    with pytest.raises(ValueError):
        wage_atlas(wages, year=2020)
