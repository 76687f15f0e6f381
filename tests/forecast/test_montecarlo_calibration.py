"""The calibrated noise in the Monte Carlo: a cell's band is its point forecast × exp(±Z80 · sd)
with the fitted sd, the same shock moves supply and demand of a cell, and a Land's band is the
quantile of the sum (narrower, relatively, than its cells')."""

from __future__ import annotations

import numpy as np
import pytest

from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.demand_noise import Z80
from fachkraefte.forecast.engine import project
from fachkraefte.forecast.levels import level_index
from fachkraefte.forecast.montecarlo import Distributions, monte_carlo_bands

NOISE_ONLY = Distributions(0.0, 0.0, 0.0, None, noise_scale=1.0, trend_scale=0.0)


@pytest.fixture(scope="module")
def model(demo_tables):
    return inputs_from_tables(
        demo_tables["population"],
        demo_tables["employment"],
        demo_tables["graduates"],
        trainees=demo_tables["trainees"],
    )


@pytest.fixture(scope="module")
def bands(model):
    levels = level_index(model.ags, model.kldb3)
    cells, by_level = monte_carlo_bands(
        model, 3, draws=1500, seed=4, distributions=NOISE_ONLY, levels=levels, chunk_size=250
    )
    return levels, cells, by_level


def test_cell_band_is_the_point_forecast_times_the_fitted_spread(model, bands):
    _levels, cells, _by_level = bands
    fit = model.demand_fit
    assert fit.noise.errors > 0 and fit.noise.scale > 0
    point = model.demand_path(3).sum(axis=3)[2]
    sd = (
        np.sqrt(
            fit.noise.cell_sd(fit.size) ** 2 + fit.noise.common_sd() ** 2 + fit.noise.land_sd() ** 2
        )
        * fit.noise.growth(3)[2]
    )
    big = point > 200
    np.testing.assert_allclose(cells["demand"][1, 2][big], point[big], rtol=0.02)
    spread = np.log(cells["demand"][2, 2][big] / cells["demand"][0, 2][big]) / 2
    np.testing.assert_allclose(spread, Z80 * sd[big], rtol=0.12)
    # base year: observed, no band
    np.testing.assert_allclose(cells["demand"][0, 0], cells["demand"][2, 0], rtol=1e-6)


def test_supply_gets_the_same_shock_and_its_median_stays(model, bands):
    _levels, cells, _by_level = bands
    det = model.supply_path(project(model.inputs, 3).supply).sum(axis=3)[2]
    big = det > 200
    np.testing.assert_allclose(cells["supply"][1, 2][big], det[big], rtol=0.02)
    ratio = cells["supply"][2, 2][big] / cells["supply"][0, 2][big]
    np.testing.assert_allclose(
        ratio, cells["demand"][2, 2][big] / cells["demand"][0, 2][big], rtol=0.08
    )


def test_land_band_is_relatively_narrower_than_its_cells(bands):
    levels, cells, by_level = bands
    labels = levels.labels()
    land = int(
        np.flatnonzero(
            (labels["region_level"] == "land")
            & (labels["occupation"] == "all")
            & (labels["niveau"] == 0)
        )[0]
    )
    p10, p50, p90 = by_level["demand"][:, 2, land]
    width_land = (p90 - p10) / p50
    widths = (cells["demand"][2, 2] - cells["demand"][0, 2]) / np.maximum(cells["demand"][1, 2], 1)
    assert 0 < width_land < np.median(widths)
    # the quantile of the sum, not the sum of quantiles (that would be as wide as the cells)
    assert p90 < cells["demand"][2, 2].sum()
