"""Demand paths, gap, classification and aggregation."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.forecast.demand import (
    damped_trend,
    expansion_demand,
    industry_path,
    scenario_path,
)
from fachkraefte.forecast.engine import InputError
from fachkraefte.forecast.gap import Thresholds, aggregate, classify, relative_gap


def test_damped_trend_without_damping_continues_growth():
    path = damped_trend(np.array([100.0, 110.0, 121.0]), 2, phi=1.0)
    np.testing.assert_allclose(path, [121.0, 133.1, 146.41])


def test_damped_trend_flat_when_phi_zero():
    np.testing.assert_allclose(
        damped_trend(np.array([[1.0, 5.0], [2.0, 5.0]]), 3, phi=0.0)[:, 0], 2.0
    )


def test_scenario_path_and_expansion():
    path = scenario_path(np.array([100.0]), np.array([0.1, -0.5]))
    np.testing.assert_allclose(path[:, 0], [100, 110, 55])
    np.testing.assert_allclose(expansion_demand(path)[:, 0], [10, -55, 0])


def test_industry_path_conversion_and_validation():
    industry = np.array([[[100.0, 50.0]]])  # 1 year, 1 region, 2 WZ sections
    mat = np.array([[0.5, 0.5], [0.0, 1.0]])
    np.testing.assert_allclose(industry_path(industry, mat)[0, 0], [50, 100])
    with pytest.raises(InputError, match="row 1"):
        industry_path(industry, np.array([[1.0, 0.0], [0.2, 0.2]]))


def test_relative_gap_and_classes():
    rel = relative_gap(np.array([100.0, 100.0, 100.0, 100.0, 0.0]), np.array([80, 95, 100, 110, 0]))
    np.testing.assert_allclose(rel, [0.2, 0.05, 0.0, -0.1, 0.0])
    assert classify(rel).tolist() == [
        "Engpass",
        "Anzeichen",
        "ausgeglichen",
        "Überhang",
        "ausgeglichen",
    ]


def test_thresholds_must_be_ordered():
    with pytest.raises(InputError):
        Thresholds(engpass=0.01, anzeichen=0.05)


def test_aggregation_recomputes_relative_gap_from_sums():
    frame = pl.DataFrame(
        {
            "year": [2025, 2025],
            "ags": ["06411", "06412"],
            "kldb3": ["813", "814"],
            "niveau": [2, 2],
            "demand": [100.0, 300.0],
            "supply": [50.0, 310.0],
        }
    )
    out = aggregate(
        frame, region_map={"06411": "064", "06412": "064"}, occupation_level="hauptgruppe"
    )
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["ags"], row["kldb3"], row["demand"], row["supply"]) == ("064", "81", 400.0, 360.0)
    assert row["gap_rel"] == pytest.approx(0.1)
    assert row["level"] == "Engpass"


def test_aggregation_rejects_unmapped_region():
    frame = pl.DataFrame(
        {"year": [1], "ags": ["x"], "kldb3": ["111"], "demand": [1.0], "supply": [1.0]}
    )
    with pytest.raises(InputError, match="'x'"):
        aggregate(frame, region_map={})


def test_region_map_from_geo_and_land_aggregation():
    from fachkraefte.forecast.hierarchy import region_map

    mapping = region_map(["06411", "06412", "06611"], "regierungsbezirk")
    assert mapping == {"06411": "064", "06412": "064", "06611": "066"}
    assert set(region_map(["06411", "06611"], "land").values()) == {"06"}
    with pytest.raises(InputError, match="'bund'"):
        region_map(["06411"], "bund")
