"""Location quotients and shift-share, computed by hand."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.indicators.location import location_quotients
from fachkraefte.indicators.shift_share import shift_share


@pytest.fixture()
def employment(make_table):
    # Two Länder: Hessen (06411, 06412) and Niedersachsen (03101); occupations 813 and 434.
    rows = []
    for year, values in {
        2020: {
            ("06411", "813"): 100,
            ("06411", "434"): 100,
            ("06412", "813"): 100,
            ("06412", "434"): 100,
            ("03101", "813"): 300,
            ("03101", "434"): 100,
        },
        2023: {
            ("06411", "813"): 130,
            ("06411", "434"): 100,
            ("06412", "813"): 110,
            ("06412", "434"): 80,
            ("03101", "813"): 360,
            ("03101", "434"): 120,
        },
    }.items():
        for (ags, kldb3), employees in values.items():
            # Split each cell over two rows to show that niveau/sex/age are summed.
            rows.append((year, ags, kldb3, 2, "m", "30-34", employees - 10))
            rows.append((year, ags, kldb3, 2, "w", "55-59", 10))
    return make_table("employment", rows)


def test_location_quotients_against_land_and_table(employment):
    lq = location_quotients(employment, year=2020)
    row = lq.filter(pl.col("ags") == "03101", pl.col("kldb3") == "813").row(0, named=True)
    # 03101: 300 of 400 = 75 %; its Land (only this Kreis in the table) also 75 % → LQ 1.
    assert row["share_pct"] == pytest.approx(75.0)
    assert row["lq_land"] == pytest.approx(1.0)
    # All Kreise in the table: 813 = 500 of 800 = 62.5 % → LQ = 75 / 62.5 = 1.2.
    assert row["lq_national"] == pytest.approx(1.2)
    hessen = lq.filter(pl.col("ags") == "06411", pl.col("kldb3") == "434").row(0, named=True)
    assert hessen["lq_land"] == pytest.approx(1.0)
    assert hessen["lq_national"] == pytest.approx(50.0 / 37.5)
    assert "Länder: 03, 06" in hessen["national_reference"]
    assert hessen["land_reference"].startswith("Land 06: Summe der 2 Kreise")


def test_location_quotient_missing_year(employment):
    with pytest.raises(ValueError, match="1999"):
        location_quotients(employment, year=1999)


def test_shift_share_against_the_land(employment):
    result = shift_share(employment, base_year=2020, end_year=2023)
    row = result.filter(pl.col("ags") == "06411", pl.col("kldb3") == "813").row(0, named=True)
    # Hessen: 400 → 420 (g = 5 %); 813 in Hessen: 200 → 240 (20 %); 06411/813: 100 → 130.
    assert row["change"] == 30
    assert row["reference_growth"] == pytest.approx(5.0)
    assert row["occupation_mix"] == pytest.approx(15.0)
    assert row["regional_shift"] == pytest.approx(10.0)
    assert row["reference_region"].startswith("Land 06")


def test_shift_share_national_reference_and_identity(employment):
    result = shift_share(employment, base_year=2020, end_year=2023, reference="national")
    row = result.filter(pl.col("ags") == "06411", pl.col("kldb3") == "813").row(0, named=True)
    # All Kreise: 800 → 900 (12.5 %); 813: 500 → 600 (20 %).
    assert row["reference_growth"] == pytest.approx(12.5)
    assert row["occupation_mix"] == pytest.approx(7.5)
    assert row["regional_shift"] == pytest.approx(10.0)
    parts = result["reference_growth"] + result["occupation_mix"] + result["regional_shift"]
    assert (parts - result["change"]).abs().max() == pytest.approx(0.0, abs=1e-9)


def test_shift_share_rejects_bad_arguments(employment):
    with pytest.raises(ValueError):
        shift_share(employment, base_year=2023, end_year=2020)
    with pytest.raises(ValueError):
        shift_share(employment, base_year=2020, end_year=2023, reference="welt")
    with pytest.raises(ValueError, match="2019"):
        shift_share(employment, base_year=2019, end_year=2023)
