"""Demand chosen by backtest: pooled least-squares trends (shrinkage by hand), the choice of
damping and pooling on the history alone, and noise calibrated so that P10–P90 covers 80 %."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from fachkraefte.forecast.demand_fit import damping_sum, fit_demand, start_level
from fachkraefte.forecast.demand_noise import Z80
from fachkraefte.forecast.demand_pooling import pooled_slopes

YEARS = [2020, 2021, 2022]


def _two_kreise(a: list[float], b: list[float]) -> np.ndarray:
    """History (H, R=2, O=1, Q=1): Kreis 06411 with ``a``, 06412 with ``b``, Berufsgruppe 221."""
    return np.array([[[[x]], [[y]]] for x, y in zip(a, b, strict=True)], dtype=float)


def test_pooled_slope_by_hand():
    """Kreis A grows 10 % a year (100, 110, 121), Kreis B stays at 100. Every level above the
    Kreis is the Land sum (200, 210, 221); its least-squares slope of the logs over three
    years is (ln 221 − ln 200) / 2 (the middle year has weight 0). A's own slope is ln 1.1,
    shrunk once with w = mean / (mean + κ) = 110.33 / 210.33 at κ = 100 (its only Niveau is
    the same series as the cell, so it is not shrunk twice)."""
    hist = _two_kreise([100, 110, 121], [100, 100, 100])
    land = (math.log(221) - math.log(200)) / 2
    own = math.log(1.1)
    w = (331 / 3) / (331 / 3 + 100)
    slopes = pooled_slopes(hist, YEARS, ["06411", "06412"], ["221"], 100.0)
    assert slopes[0, 0, 0] == pytest.approx(w * own + (1 - w) * land, rel=1e-12)
    w_b = 100 / 200
    assert slopes[1, 0, 0] == pytest.approx((1 - w_b) * land, rel=1e-12)
    # κ = 0: every series its own slope; κ = ∞: the Land's slope everywhere
    own_slopes = pooled_slopes(hist, YEARS, ["06411", "06412"], ["221"], 0.0)
    assert own_slopes[:, 0, 0] == pytest.approx([own, 0.0], abs=1e-12)
    assert pooled_slopes(hist, YEARS, ["06411", "06412"], ["221"], math.inf)[:, 0, 0] == (
        pytest.approx([land, land], rel=1e-12)
    )


def test_niveaus_shrink_towards_their_cell():
    """Two Niveaus in one cell: each is shrunk towards the cell's slope, the cell towards the
    Land's (one Kreis: the Land × Berufsgruppe series is the cell, not shrunk again)."""
    hist = np.array([[[[100.0, 10.0]]], [[[121.0, 10.0]]]])  # (H=2, R=1, O=1, Q=2)
    years = [2023, 2024]
    cell = math.log(131 / 110)
    kappa = 50.0
    w_q1 = 110.5 / (110.5 + kappa)
    w_q2 = 10 / (10 + kappa)
    w_cell = 120.5 / (120.5 + kappa)
    slopes = pooled_slopes(hist, years, ["06411"], ["221"], kappa)
    # every level above the cell is the same series: the cell's pooled slope is its own
    pooled_cell = w_cell * cell + (1 - w_cell) * cell
    assert slopes[0, 0, 0] == pytest.approx(w_q1 * math.log(1.21) + (1 - w_q1) * pooled_cell)
    assert slopes[0, 0, 1] == pytest.approx((1 - w_q2) * pooled_cell)


def test_least_squares_uses_every_year_not_first_and_last():
    """(100, 130, 100): first and last equal, but the middle year does not change the
    least-squares slope of three equally spaced years either — (100, 100, 133) does."""
    flat = pooled_slopes(
        _two_kreise([100, 130, 100], [1, 1, 1]), YEARS, ["06411", "06412"], ["221"], 0.0
    )
    assert flat[0, 0, 0] == pytest.approx(0.0, abs=1e-12)
    four = [2019, 2020, 2021, 2022]
    hist = _two_kreise([100, 100, 100, 133.1], [1, 1, 1, 1])
    slope = pooled_slopes(hist, four, ["06411", "06412"], ["221"], 0.0)[0, 0, 0]
    t = np.array(four, dtype=float)
    expected = np.polyfit(t, np.log([100, 100, 100, 133.1]), 1)[0]
    assert slope == pytest.approx(expected, rel=1e-12)
    assert slope != pytest.approx(math.log(1.331) / 3, rel=1e-3)  # not first-to-last


def test_damping_and_start_level_by_hand():
    assert damping_sum(0.5, 3) == pytest.approx(0.5 + 0.25 + 0.125)
    assert damping_sum(1.0, 3) == 3.0 and damping_sum(0.0, 3) == 0.0
    hist = np.array([[100.0], [121.0]])
    slope = np.array([math.log(1.1)])
    # 100 carried one year at 10 % is 110; the mean with 121 is 115.5; half of it with 121
    assert start_level(hist, np.array([2023, 2024]), slope, 0.5)[0] == pytest.approx(
        0.5 * 121 + 0.5 * 115.5
    )
    assert start_level(hist, np.array([2023, 2024]), slope, 1.0)[0] == 121.0


def _panel(rng, n_r, n_o, years, growth, noise):
    """Synthetic (H, R, O, 1) history: level 500 … 5,000, yearly log growth per Berufsgruppe
    ``growth`` (O,), independent log-normal noise with sd ``noise`` around the trend."""
    level = rng.uniform(500, 5000, size=(n_r, n_o))
    t = np.arange(len(years))[:, None, None]
    trend = level[None] * np.exp(growth[None, None, :] * t)
    return (trend * np.exp(rng.normal(0, noise, size=trend.shape)))[..., None]


def _labels(n_r, n_o):
    return [f"064{i:02d}" for i in range(n_r)], [f"{k % 9 + 1}{k:02d}" for k in range(n_o)]


def test_clear_trends_are_chosen_and_beat_carry_forward():
    """Exact trends of ±4 % a year per Berufsgruppe, little noise: the backtest keeps each
    series' own trend undamped and its loss is far below carry-forward's."""
    rng = np.random.default_rng(1)
    years = list(range(2015, 2023))
    growth = np.tile([0.04, -0.04], 6)
    ags, kldb3 = _labels(20, 12)
    fit = fit_demand(_panel(rng, 20, 12, years, growth, 0.002), years, ags, kldb3)
    assert fit.phi >= 0.85
    assert fit.selection["loss_chosen"] < 0.5 * fit.selection["loss_carry_forward"]
    assert np.allclose(fit.slope[..., 0], growth[None, :], atol=0.005)


def test_no_trend_means_no_extrapolation():
    """Pure noise around flat levels: no candidate with a trend is kept over those without
    (φ = 0, or a damped trend whose pooled slope is ≈ 0), and the chosen loss is never above
    carry-forward's (carry-forward is a candidate)."""
    rng = np.random.default_rng(2)
    years = list(range(2015, 2023))
    ags, kldb3 = _labels(20, 12)
    fit = fit_demand(_panel(rng, 20, 12, years, np.zeros(12), 0.05), years, ags, kldb3)
    assert fit.selection["loss_chosen"] <= fit.selection["loss_carry_forward"]
    path = fit.path(np.ones_like(fit.slope), 10)
    assert np.abs(np.log(path[-1] / path[1])).max() < 0.05


def test_without_an_origin_to_test_it_carries_forward():
    hist = _two_kreise([100, 110], [100, 90])
    fit = fit_demand(hist, [2023, 2024], ["06411", "06412"], ["221"])
    assert (fit.phi, fit.level_weight) == (0.0, 1.0)
    path = fit.path(hist[-1], 5)
    np.testing.assert_array_equal(path[:, :, 0, 0], np.tile(hist[-1, :, 0, 0], (6, 1)))


def test_path_starts_at_the_observed_base_year():
    rng = np.random.default_rng(3)
    years = list(range(2016, 2023))
    ags, kldb3 = _labels(5, 4)
    hist = _panel(rng, 5, 4, years, np.full(4, 0.02), 0.05)
    fit = fit_demand(hist, years, ags, kldb3)
    np.testing.assert_array_equal(fit.path(hist[-1], 3)[0], hist[-1])


def test_noise_bands_cover_80_percent_of_new_outcomes():
    """Calibration on fresh data from the same process: the history is noise of 8 % plus a
    Poisson-like part around flat levels of varied size; the fitted P10–P90 interval of the
    next year's value (point forecast × exp(±Z80 · sd)) covers 80 % ± 4 % of 4,000 new
    outcomes, and small cells get wider intervals than large ones."""
    rng = np.random.default_rng(4)
    n_r, n_o = 40, 100
    years = list(range(2015, 2023))
    size = np.exp(rng.uniform(np.log(20), np.log(20000), size=(n_r, n_o)))
    sd = np.sqrt(0.08**2 + 1.0 / size)

    def year():
        return size * np.exp(rng.normal(0, 1, size=size.shape) * sd)

    hist = np.stack([year() for _ in years])[..., None]
    ags, kldb3 = _labels(n_r, n_o)
    fit = fit_demand(hist, years, ags, kldb3)
    point = fit.path(hist[-1], 1)[1, :, :, 0]
    total_sd = np.sqrt(
        fit.noise.cell_sd(point) ** 2 + fit.noise.common_sd() ** 2 + fit.noise.land_sd() ** 2
    )
    outcome = year()
    inside = np.abs(np.log(outcome / point)) <= Z80 * total_sd
    assert 0.76 <= inside.mean() <= 0.84
    assert fit.noise.cell_sd(np.array(30.0)) > 2 * fit.noise.cell_sd(np.array(20000.0))


def test_the_run_records_the_choice_and_its_comparison(data_dir, demo_tables):
    """The run's parameter record names the chosen damping, pooling and start level, the
    origins they were chosen on, and the loss of carry-forward and the naive trend beside it;
    the stored demand path is the fit's."""
    from fachkraefte.forecast import store
    from fachkraefte.forecast.adapter import inputs_from_tables
    from fachkraefte.forecast.runner import run_forecast

    meta = run_forecast(demo_tables, years=3)
    demand = meta["demand"]
    fit = demand["fit"]
    assert demand["phi_source"] == "backtest" and demand["phi"] == fit["phi"]
    assert fit["phi"] in fit["phi_grid"] and fit["level_weight"] in fit["level_grid"]
    assert fit["backtest_origins"][0] == [2014, 2015]
    assert fit["loss_chosen"] <= fit["loss_carry_forward"]
    assert fit["loss_naive_trend"] is not None and fit["land"]["loss"] is not None
    assert meta["mobility"] == {"source": "none"} and meta["phi"] is None
    model = inputs_from_tables(
        demo_tables["population"],
        demo_tables["employment"],
        demo_tables["graduates"],
        trainees=demo_tables["trainees"],
    )
    stored = store.read_frame(meta["run_id"]).filter(pl.col("year") == 2027)["demand"].sum()
    assert stored == pytest.approx(model.demand_path(3)[3].sum(), rel=1e-9)
    set_by_hand = run_forecast(demo_tables, years=3, phi=0.9)["demand"]
    assert (set_by_hand["phi"], set_by_hand["phi_source"]) == (0.9, "set")


def test_vacancies_are_used_where_they_foretell_growth():
    """Cells with many registered vacancies grow faster next year (θ = 0.2 on the intensity),
    otherwise no trend: the backtest takes the signal, recovers θ, and its loss beats the
    same choice without it. Without vacancies the signal is not a candidate."""
    rng = np.random.default_rng(5)
    n_r, n_o, years = 10, 20, list(range(2014, 2023))
    ags, kldb3 = _labels(n_r, n_o)
    cells = np.empty((len(years), n_r, n_o))
    vac = np.empty_like(cells)
    cells[0] = rng.uniform(1000, 5000, size=(n_r, n_o))
    for t in range(len(years)):
        intensity = rng.normal(0, 0.5, size=(n_r, n_o))
        vac[t] = cells[t] * 0.03 * np.exp(intensity)
        if t + 1 < len(years):
            cells[t + 1] = cells[t] * np.exp(0.2 * intensity + rng.normal(0, 0.005, (n_r, n_o)))
    fit = fit_demand(cells[..., None], years, ags, kldb3, vac)
    record = fit.selection["vacancies"]
    assert record["imported"] and record["used"]
    assert record["theta"] == pytest.approx(0.2, abs=0.03)
    assert record["loss_with"] < 0.8 * record["loss_without"]
    plain = fit_demand(cells[..., None], years, ags, kldb3)
    assert not plain.selection["vacancies"]["imported"]
    assert plain.selection["vacancies"]["loss_with"] is None
