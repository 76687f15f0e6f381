"""The indicators run on the synthetic demo data (same schema as the imports)."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.indicators import bottleneck_scores, location_quotients, shift_share, wage_atlas
from fachkraefte.indicators.config import NO_ASSESSMENT


@pytest.fixture(scope="module")
def demo():
    from fachkraefte.sources.demo import generate_demo_tables

    return generate_demo_tables()


def test_bottleneck_on_demo(demo):
    result = bottleneck_scores(
        year=2024,
        labour_market=demo["labour_market"],
        employment=demo["employment"],
        wages=demo["wages"],
        graduates=demo["graduates"],
    )
    # Hessen and the other demo alliances' Länder: Niedersachsen (Ems-Achse), Sachsen (Görlitz).
    assert set(result["ags"].str.slice(0, 2)) == {"03", "06", "14"}
    classes = set(result["classification"])
    assert classes <= {"Engpassberuf", "unter Beobachtung", "kein Engpass", NO_ASSESSMENT}
    assert "Engpassberuf" in classes and "kein Engpass" in classes
    scored = result.filter(pl.col("score").is_not_null())
    assert scored["score"].is_between(0, 3).all()
    assert (scored["core_indicators"] >= 3).all()
    assert (
        result.filter(pl.col("niveau") == 1)["score"].null_count()
        == result.filter(pl.col("niveau") == 1).height
    )
    land = bottleneck_scores(
        year=2024,
        labour_market=demo["labour_market"],
        employment=demo["employment"],
        wages=demo["wages"],
        level="land",
    )
    assert set(land["ags"]) == {"03", "06", "14"}


def test_location_shift_share_and_wages_on_demo(demo):
    lq = location_quotients(demo["employment"], year=2024)
    assert lq.height > 0 and (lq["lq_land"] >= 0).all() and (lq["lq_land"] > 0).any()
    shares = shift_share(demo["employment"], base_year=2019, end_year=2024)
    parts = shares["reference_growth"] + shares["occupation_mix"] + shares["regional_shift"]
    assert (parts - shares["change"]).abs().max() < 1e-6
    atlas = wage_atlas(demo["wages"], year=2024, employment=demo["employment"])
    assert atlas.height > 0 and atlas["gender_gap_pct"].drop_nulls().len() > 0
