"""The in-history coverage of the calibrated noise, level by level: on errors drawn from the
noise model itself, every level's share inside ±Z80 is about 80 %; with a shared part the
model leaves out, the group levels fall below it."""

from __future__ import annotations

import numpy as np
import pytest

from fachkraefte.forecast.demand_noise import Noise, in_history_coverage

R, O = 40, 60  # noqa: E741 (Kreise, Berufsgruppen as in the engine)
LAND = np.repeat(np.arange(4), R // 4)  # four Länder of ten Kreise
BEREICH = np.repeat(np.arange(6), O // 6)  # six Berufsbereiche of ten Berufsgruppen


def _groupings() -> dict[str, np.ndarray]:
    kreis = np.arange(R)[:, None]
    return {
        "cell": np.arange(R * O).reshape(R, O),
        "kreis_bereich": kreis * 6 + BEREICH[None, :],
        "land": np.broadcast_to(LAND[:, None], (R, O)),
    }


def _history(noise: Noise, extra_kreis_sd: float, seed: int):
    rng = np.random.default_rng(seed)
    pred = rng.uniform(50, 2000, size=(R, O))
    years = np.arange(2015.0, 2021.0)
    cells = np.empty((years.size, R, O))
    cells[0] = pred
    predictions = {}
    for j in range(1, years.size):
        h = (years[j] - years[0]) ** noise.power
        own = noise.scale * np.sqrt((noise.alpha + noise.beta / pred) * h)
        common = rng.standard_normal((4, 6))[LAND[:, None], BEREICH[None, :]] * noise.common_sd()
        land = rng.standard_normal(4)[LAND][:, None] * noise.land_sd()
        kreis = rng.standard_normal((R, 6))[:, BEREICH] * extra_kreis_sd
        log_err = own * rng.standard_normal((R, O)) + (common + land) * np.sqrt(h) + kreis
        cells[j] = pred * np.exp(log_err)
        predictions[(0, j)] = pred
    return predictions, cells, years


NOISE = Noise(alpha=0.002, beta=1.0, gamma2=0.0004, delta2=0.0001, power=1.0, errors=1)


def test_errors_from_the_model_are_covered_about_eighty_percent_at_every_level():
    shares = {name: [] for name in _groupings()}
    for seed in range(30):
        predictions, cells, years = _history(NOISE, 0.0, seed)
        got = in_history_coverage(NOISE, predictions, cells, years, LAND, BEREICH, _groupings())
        for name, share in got.items():
            shares[name].append(share)
    assert np.mean(shares["cell"]) == pytest.approx(0.80, abs=0.01)
    assert np.mean(shares["kreis_bereich"]) == pytest.approx(0.80, abs=0.02)
    assert np.mean(shares["land"]) == pytest.approx(0.80, abs=0.05)  # 4 Länder × 5 years


def test_a_shared_part_the_noise_leaves_out_shows_below_eighty_percent_at_its_level():
    predictions, cells, years = _history(NOISE, 0.15, 1)
    got = in_history_coverage(NOISE, predictions, cells, years, LAND, BEREICH, _groupings())
    assert got["kreis_bereich"] < 0.6


def test_no_noise_no_coverage():
    predictions, cells, years = _history(NOISE, 0.0, 2)
    got = in_history_coverage(Noise(), predictions, cells, years, LAND, BEREICH, _groupings())
    assert got == {"cell": None, "kreis_bereich": None, "land": None}
