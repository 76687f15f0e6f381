"""Age disaggregation and the adapter from the demo tables."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fachkraefte.forecast.adapter import default_exit_rates, entry_age_profile, inputs_from_tables
from fachkraefte.forecast.disaggregation import band_index, spread_bands
from fachkraefte.forecast.engine import InputError

finite = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 12), elements=finite), arrays(np.float64, (3, 60), elements=finite))
def test_spread_preserves_band_totals_exactly(bands, pop):
    single = spread_bands(bands, pop)
    assert (single >= -1e-9 * max(1.0, bands.max())).all()
    np.testing.assert_allclose(single.reshape(3, 12, 5).sum(axis=-1), bands, rtol=1e-12, atol=1e-9)


def test_spread_follows_population_profile():
    pop = np.zeros(60)
    pop[10:15] = [1, 1, 2, 0, 0]
    bands = np.zeros(12)
    bands[2] = 40
    assert spread_bands(bands, pop)[10:15].tolist() == [10, 10, 20, 0, 0]


def test_band_index():
    assert band_index("15-19") == 0 and band_index("70-74") == 11
    with pytest.raises(InputError, match="'12-16'"):
        band_index("12-16")


def test_parameter_defaults_are_sane():
    rates = default_exit_rates()
    assert rates.shape == (2, 60) and (rates >= 0).all() and (rates <= 1).all()
    for q in (1, 2, 3, 4):
        assert entry_age_profile(q).sum() == pytest.approx(1)


def test_adapter_calibrates_stock_to_base_year_employment(demo_tables):
    md = inputs_from_tables(
        demo_tables["population"], demo_tables["employment"], demo_tables["graduates"]
    )
    emp = demo_tables["employment"].filter(pl.col("year") == 2024)["employees"].sum()
    assert md.inputs.stock.sum(dtype=np.float64) == pytest.approx(emp, rel=1e-5)
    assert md.inputs.shape == (3, 6, 4, 2, 60)
    np.testing.assert_allclose(md.demand_history[-1], md.inputs.stock.sum(axis=(3, 4)), rtol=1e-4)
    assert md.inputs.entries.sum() > 0


def test_adapter_rejects_unknown_code_in_graduates(demo_tables):
    grads = demo_tables["graduates"].with_columns(pl.lit("999").alias("kldb3"))
    with pytest.raises(InputError, match="'graduates'.*'kldb3'.*'999'"):
        inputs_from_tables(demo_tables["population"], demo_tables["employment"], grads)


def test_adapter_rejects_missing_base_year(demo_tables):
    with pytest.raises(InputError, match="2030"):
        inputs_from_tables(
            demo_tables["population"],
            demo_tables["employment"],
            demo_tables["graduates"],
            base_year=2030,
        )
