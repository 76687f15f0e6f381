"""The supply path's arrivals at the youngest age and its start level, computed by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.common.ages import N_BANDS
from fachkraefte.forecast.adapter import exits_from_history, inputs_from_tables
from fachkraefte.forecast.engine import N_AGES, project
from fachkraefte.forecast.mortality import current_mortality


def _population(years) -> pl.DataFrame:
    """One Kreis, 100 persons at every age and sex: the bands spread evenly (a fifth each)."""
    rows = [
        {"ags": "06411", "year": y, "sex": s, "age": a, "persons": 100}
        for y in years
        for s in ("m", "w")
        for a in range(15, 75)
    ]
    return pl.DataFrame(rows)


def test_arrivals_at_the_youngest_age_are_the_mean_over_the_history_years():
    """Band 15–19 holds 50 employees in 2023 and 100 in 2024: age 15 holds 10 and 20 of them,
    so 15 arrive there every year; without them nobody would be 15 after one year."""
    cubes = {}
    for year, band in ((2023, 50.0), (2024, 100.0)):
        cube = np.zeros((1, 1, 4, 2, N_BANDS))
        cube[0, 0, 1, 0, 0] = band
        cube[0, 0, 1, 0, 1:] = 200.0
        cubes[year] = cube
    entries = np.zeros((1, 1, 4, 2, N_AGES))
    migration = np.zeros((1, 1, 1, 2, N_AGES))
    *_rest, record, arrivals = exits_from_history(
        cubes,
        _population((2023, 2024)),
        ["06411"],
        ["813"],
        migration=migration,
        entries=entries,
        mortality=current_mortality(),
    )
    assert arrivals.shape == (1, 1, 4, 2)
    assert arrivals[0, 0, 1, 0] == pytest.approx(15.0)
    assert arrivals.sum() == pytest.approx(15.0)
    assert record["arrivals_at_youngest_age_per_year"] == 15


def _demo_model(ags: list[str], kldb3: list[str]):
    """The model calibrated on the default demo's tables of these Kreise and Berufsgruppen."""
    from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

    keep = pl.col("ags").is_in(ags)
    tables = {
        name: frame.filter(keep & pl.col("kldb3").is_in(kldb3))
        if "kldb3" in frame.columns
        else frame.filter(keep)
        for name, frame in generate_demo_tables(DEFAULT_SEED).items()
        if name in ("population", "employment", "graduates", "trainees")
    }
    return inputs_from_tables(
        tables["population"], tables["employment"], tables["graduates"], trainees=tables["trainees"]
    )


@pytest.fixture(scope="module")
def model():
    return _demo_model(["06411"], ["221", "511", "621", "813", "814"])


def test_youngest_age_keeps_its_employees_in_the_projection(model):
    projection = project(model.inputs, 1, keep_states=True)
    young_now = model.inputs.stock[..., 0].sum()
    young_next = projection.states[1][..., 0].sum()
    assert young_now > 0
    # the arrivals (× the young-population index of the first year), not zero
    factor = float(model.inputs.entry_factor[0, 0])
    assert young_next == pytest.approx(model.inputs.entries[..., 0].sum() * factor, rel=1e-5)
    assert young_next > 0.5 * young_now


def test_supply_path_keeps_the_base_year_and_shifts_later_years_by_the_start_level(model):
    fit = model.demand_fit
    # one Kreis, one Land: the start levels scaled to the base year's total
    last = model.demand_history[-1]
    shift = fit.start * (last.sum() / fit.start.sum()) - last
    np.testing.assert_allclose(model.supply_level_shift, shift, rtol=1e-12, atol=1e-9)
    assert abs(model.supply_level_shift.sum()) < 1e-6 * last.sum()
    supply = project(model.inputs, 3, flows=False).supply
    path = model.supply_path(supply)
    np.testing.assert_array_equal(path[0], supply[0])
    np.testing.assert_allclose(path[1:], np.maximum(supply[1:] + shift, 0.0), rtol=1e-12)
    # the start level: a · last year + (1 − a) · mean of the years carried along the slope
    hist = model.demand_history
    lag = (model.history_years[-1] - np.asarray(model.history_years, dtype=float))[
        :, None, None, None
    ]
    carried = (hist * np.exp(fit.slope[None] * lag)).mean(axis=0)
    a = fit.level_weight
    np.testing.assert_allclose(fit.start, a * hist[-1] + (1 - a) * carried, rtol=1e-9, atol=1e-9)


def test_the_start_level_moves_supply_between_a_lands_cells_and_adds_nothing_to_the_land():
    """Two Länder (Darmstadt, Görlitz): each Land's shift adds up to zero, and within a Land
    the shifted level is the demand fit's start level scaled by one factor."""
    two = _demo_model(["06411", "14626"], ["221", "511", "813"])
    assert two.ags == ["06411", "14626"]
    assert two.demand_fit.level_weight < 1  # a start level other than the last year
    last = two.demand_history[-1]
    for r in range(2):
        shift = two.supply_level_shift[r]
        assert abs(shift.sum()) < 1e-6 * last[r].sum()
        start = two.demand_fit.start[r]
        np.testing.assert_allclose(shift + last[r], start * (last[r].sum() / start.sum()))
