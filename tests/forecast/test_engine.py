"""Hand-computed cases per mechanism and hypothesis properties of the supply projection."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.forecast.engine import AGE_MIN, N_AGES, EngineInputs, InputError, project


def _zeros(r=1, o=1, q=1, s=1):
    return np.zeros((r, o, q, s, N_AGES), dtype=np.float32)


def test_ageing_moves_cohort_one_year():
    stock = _zeros()
    stock[..., 30 - AGE_MIN] = 50
    p = project(EngineInputs(stock, np.zeros(N_AGES), _zeros()), 3, keep_states=True)
    assert p.states[3][0, 0, 0, 0, 33 - AGE_MIN] == 50
    assert p.supply[:, 0, 0, 0].tolist() == [50, 50, 50, 50]


def test_exit_rate_applied_each_year():
    stock = _zeros()
    stock[..., 40 - AGE_MIN] = 1000
    rate = np.full(N_AGES, 0.02, dtype=np.float32)
    p = project(EngineInputs(stock, rate, _zeros()), 2)
    assert p.supply[2, 0, 0, 0] == pytest.approx(1000 * 0.98 * 0.98, rel=1e-6)
    assert p.exits[0, 0, 0, 0] == pytest.approx(20, rel=1e-6)
    assert p.exits[1, 0, 0, 0] == pytest.approx(19.6, rel=1e-6)


def test_oldest_age_leaves_range_as_exit():
    stock = _zeros()
    stock[..., -1] = 10
    p = project(EngineInputs(stock, np.zeros(N_AGES), _zeros()), 1)
    assert p.supply[1].sum() == 0
    assert p.exits[0].sum() == pytest.approx(10)


def test_entries_arrive_every_year_at_their_age():
    entries = _zeros()
    entries[..., 20 - AGE_MIN] = 7
    p = project(EngineInputs(_zeros(), np.zeros(N_AGES), entries), 3, keep_states=True)
    assert p.supply[:, 0, 0, 0].tolist() == [0, 7, 14, 21]
    assert p.states[3][0, 0, 0, 0, 22 - AGE_MIN] == 7


def test_entry_factor_scales_entries():
    entries = _zeros()
    entries[..., 0] = 10
    inp = EngineInputs(_zeros(), np.zeros(N_AGES), entries, entry_factor=np.array([1.0, 1.2]))
    p = project(inp, 2)
    assert p.supply[2].sum() == pytest.approx(22)


def test_migration_by_region():
    stock = _zeros(r=2)
    stock[..., 30 - AGE_MIN] = 100
    mig = np.array([0.05, -0.10], dtype=np.float32).reshape(2, 1, 1, 1, 1)
    p = project(EngineInputs(stock, np.zeros(N_AGES), _zeros(r=2), migration_rate=mig), 1)
    assert p.supply[1, :, 0, 0].tolist() == pytest.approx([105, 90])
    assert p.migration[0, :, 0, 0].tolist() == pytest.approx([5, -10])


def test_participation_change():
    stock = _zeros()
    stock[..., 50 - AGE_MIN] = 200
    part = np.full(N_AGES, 0.01, dtype=np.float32)
    p = project(EngineInputs(stock, np.zeros(N_AGES), _zeros(), participation_rate=part), 1)
    assert p.supply[1].sum() == pytest.approx(202)


def test_mobility_moves_people_between_occupations():
    stock = _zeros(o=2)
    stock[:, 0, ..., 35 - AGE_MIN] = 100
    mob = np.array([[0.5, 0.1], [0.0, 0.0]])  # diagonal is ignored
    inp = EngineInputs(stock, np.zeros(N_AGES), _zeros(o=2), mobility=mob)
    p = project(inp, 1)
    assert p.supply[1, 0, :, 0].tolist() == pytest.approx([90, 10])
    assert p.mobility[0, 0, :, 0].tolist() == pytest.approx([-10, 10])


def test_replacement_ratio_counts_ages_27_and_64():
    stock = _zeros()
    stock[..., 27 - AGE_MIN] = 3
    stock[..., 64 - AGE_MIN] = 6
    p = project(EngineInputs(stock, np.zeros(N_AGES), _zeros()), 0)
    assert (p.entrants_27[0, 0, 0], p.leavers_64[0, 0, 0]) == (3, 6)


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("exit_rate", np.full(N_AGES, 1.5), "exit_rate"),
        ("migration_rate", np.full(3, 0.1), "migration_rate"),
        ("entries", -np.ones((1, 1, 1, 1, N_AGES)), "entries"),
    ],
)
def test_bad_inputs_name_the_field(field, value, needle):
    kwargs = {"stock": _zeros(), "exit_rate": np.zeros(N_AGES), "entries": _zeros()}
    kwargs[field] = value
    with pytest.raises(InputError, match=needle):
        project(EngineInputs(**kwargs), 1)


def test_rates_that_would_empty_a_cell_are_rejected():
    inp = EngineInputs(
        _zeros(), np.full(N_AGES, 0.8), _zeros(), migration_rate=np.full(N_AGES, -0.3)
    )
    with pytest.raises(InputError, match="negative"):
        project(inp, 1)


@st.composite
def random_inputs(draw):
    r, o, q, s = (draw(st.integers(1, 3)) for _ in range(4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    shape = (r, o, q, s, N_AGES)
    stock = rng.uniform(0, 100, shape).astype(np.float32)
    entries = rng.uniform(0, 5, shape).astype(np.float32)
    exit_rate = rng.uniform(0, 0.3, (s, N_AGES)).astype(np.float32)
    mig = rng.uniform(-0.2, 0.2, (r, 1, 1, s, N_AGES)).astype(np.float32)
    part = rng.uniform(-0.05, 0.05, (s, N_AGES)).astype(np.float32)
    mob = rng.uniform(0, 0.4 / o, (o, o))
    return EngineInputs(stock, exit_rate, entries, mig, part, mob, base_year=2024)


@settings(max_examples=40, deadline=None)
@given(random_inputs(), st.integers(1, 6))
def test_no_negative_stocks(inp, years):
    p = project(inp, years, keep_states=True)
    assert all((s >= -1e-3).all() for s in p.states)
    assert (p.supply >= -1e-3).all()


@settings(max_examples=40, deadline=None)
@given(random_inputs(), st.integers(1, 6))
def test_accounting_identity_per_cell(inp, years):
    p = project(inp, years)
    for t in range(years):
        rhs = (
            p.supply[t]
            - p.exits[t]
            + p.entries[t]
            + p.migration[t]
            + p.participation[t]
            + p.mobility[t]
        )
        np.testing.assert_allclose(p.supply[t + 1], rhs, rtol=1e-4, atol=1e-2)


@settings(max_examples=25, deadline=None)
@given(random_inputs(), st.integers(1, 4))
def test_projection_then_aggregation_over_regions(inp, years):
    """Without migration the model is linear and region-independent: summing regions first
    (stocks and entries) gives the same projection as projecting each region and summing."""
    inp.migration_rate = np.zeros(1, dtype=np.float32)
    full = project(inp, years)
    merged = EngineInputs(
        inp.stock.sum(axis=0, keepdims=True),
        inp.exit_rate,
        inp.entries.sum(axis=0, keepdims=True),
        inp.migration_rate,
        inp.participation_rate,
        inp.mobility,
    )
    agg = project(merged, years)
    np.testing.assert_allclose(full.supply.sum(axis=1), agg.supply[:, 0], rtol=1e-4, atol=1e-2)


@settings(max_examples=25, deadline=None)
@given(random_inputs(), st.integers(1, 4))
def test_projection_then_aggregation_over_niveau(inp, years):
    """No rate depends on the Anforderungsniveau (exits by sex × age, migration by district,
    mobility by occupation): summing the niveaus first gives the summed projection."""
    full = project(inp, years)
    merged = EngineInputs(
        inp.stock.sum(axis=2, keepdims=True),
        inp.exit_rate,
        inp.entries.sum(axis=2, keepdims=True),
        inp.migration_rate,
        inp.participation_rate,
        inp.mobility,
    )
    agg = project(merged, years)
    np.testing.assert_allclose(full.supply.sum(axis=3), agg.supply[..., 0], rtol=1e-4, atol=1e-2)
    np.testing.assert_allclose(full.exits.sum(axis=3), agg.exits[..., 0], rtol=1e-4, atol=1e-2)


@settings(max_examples=25, deadline=None)
@given(random_inputs(), st.integers(1, 4))
def test_projection_then_aggregation_over_sex_where_rates_do_not_differ(inp, years):
    """Summing the sexes first commutes with projecting only when every rate is the same for
    both sexes — the model says so: exits differ by sex, so with sex-specific exit rates the
    merged projection must differ (checked too, whenever the sexes' stocks differ)."""
    s = inp.shape[3]
    same = EngineInputs(
        inp.stock,
        inp.exit_rate[:1],  # one sex's rates for all
        inp.entries,
        inp.migration_rate[..., :1, :],
        inp.participation_rate[:1],
        inp.mobility,
    )
    full = project(same, years)
    merged = EngineInputs(
        inp.stock.sum(axis=3, keepdims=True),
        same.exit_rate,
        inp.entries.sum(axis=3, keepdims=True),
        same.migration_rate,
        same.participation_rate,
        inp.mobility,
    )
    agg = project(merged, years)
    np.testing.assert_allclose(full.supply, agg.supply, rtol=1e-4, atol=1e-2)
    if s == 2:
        differing = EngineInputs(
            inp.stock, np.stack([np.full(N_AGES, 0.0), np.full(N_AGES, 0.2)]), inp.entries
        )
        merged_differing = EngineInputs(
            inp.stock.sum(axis=3, keepdims=True),
            np.full(N_AGES, 0.1),  # the average rate
            inp.entries.sum(axis=3, keepdims=True),
        )
        gap = np.abs(project(differing, years).supply - project(merged_differing, years).supply)
        # one year later the merged run is off by 0.1 · (men − women) below age 74 per cell
        diff = inp.stock[..., 0, :-1].sum(axis=-1) - inp.stock[..., 1, :-1].sum(axis=-1)
        np.testing.assert_allclose(gap[1], 0.1 * np.abs(diff), rtol=1e-3, atol=1e-2)


def test_participation_profile_stops_the_change_after_the_phase_in():
    stock = _zeros()
    stock[..., 20 - AGE_MIN] = 100
    part = np.full(N_AGES, 0.1, dtype=np.float32)
    profile = np.array([1.0, 1.0, 0.0, 0.0])
    inp = EngineInputs(
        stock, np.zeros(N_AGES), _zeros(), participation_rate=part, participation_profile=profile
    )
    p = project(inp, 4)
    assert p.supply[:, 0, 0, 0].tolist() == pytest.approx([100, 110, 121, 121, 121])
    assert p.participation[:, 0, 0, 0].tolist() == pytest.approx([10, 11, 0, 0, 0])


def test_entry_factor_per_district():
    entries = _zeros(r=2)
    entries[..., 0] = 10
    factor = np.array([[1.0, 0.5], [2.0, 0.5]])  # (T, R)
    p = project(EngineInputs(_zeros(r=2), np.zeros(N_AGES), entries, entry_factor=factor), 2)
    np.testing.assert_allclose(p.supply[:, :, 0, 0], [[0, 0], [10, 5], [30, 10]], rtol=1e-6)
    np.testing.assert_allclose(p.entries[:2, :, 0, 0], [[10, 5], [20, 5]], rtol=1e-6)


def test_bad_profiles_are_named():
    kwargs = {"stock": _zeros(), "exit_rate": np.zeros(N_AGES), "entries": _zeros()}
    with pytest.raises(InputError, match="participation_profile"):
        project(EngineInputs(**kwargs, participation_profile=np.array([-1.0])), 1)
    with pytest.raises(InputError, match="entry_factor"):
        project(EngineInputs(**kwargs, entry_factor=np.ones((2, 3))), 1)
