"""Occupational mobility: the sparse engine path against a dense reference, the estimated
default matrix and its properties, and mobility files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.forecast.engine import N_AGES, EngineInputs, mobility_blocks, project
from fachkraefte.forecast.engine import projection as engine_projection
from fachkraefte.forecast.mobility import (
    MAX_OUT_RATE,
    SHARE_ATTRIBUTED,
    MobilityError,
    allocate_flows,
    estimate_mobility,
    load_mobility_file,
    mobility_frame,
    transition_matrix,
)


def reference_supply(inp: EngineInputs, years: int) -> np.ndarray:
    """The model equations of docs/forecast-model.md §2 written out plainly, in float64,
    with a dense matmul over all occupations: what the engine must reproduce."""
    shape = inp.shape
    state = np.asarray(inp.stock, dtype=np.float64)
    m = np.zeros((shape[1], shape[1])) if inp.mobility is None else np.array(inp.mobility, float)
    np.fill_diagonal(m, 0.0)
    out = m.sum(axis=1).reshape(1, -1, 1, 1, 1)
    keep = 1.0 - np.asarray(inp.exit_rate, float) - out
    keep = keep + np.asarray(inp.migration_rate, float)
    part = np.asarray(inp.participation_rate, float)
    profile = (
        np.ones(years)
        if inp.participation_profile is None
        else np.asarray(inp.participation_profile, float)
    )
    factor = np.ones(years) if inp.entry_factor is None else np.asarray(inp.entry_factor, float)
    factor = factor.reshape(factor.shape[0], -1)  # (T,) or (T, R): one column per district
    levels = np.zeros((shape[2], shape[2], shape[1], shape[3], shape[4]))  # (Q, Q, O, S, A)
    if inp.level_moves is not None:
        raw = np.asarray(inp.level_moves, float)
        levels[...] = raw.reshape(raw.shape[:2] + (1,) * (5 - raw.ndim) + raw.shape[2:])
        for q in range(shape[2]):
            levels[q, q] = 0.0
    supply = [state.sum(axis=(3, 4))]
    for t in range(years):
        moved = state * (keep + part * profile[t]) + np.einsum("op,roqsa->rpqsa", m, state)
        # level moves: L[q, p] of level q move to p within the cell (docs, level moves)
        moved += np.einsum("qposa,roqsa->ropsa", levels, state)
        moved -= state * levels.sum(axis=1).transpose(1, 0, 2, 3)[None]
        nxt = np.zeros(shape)
        nxt[..., 1:] = moved[..., :-1]
        nxt += np.asarray(inp.entries, float) * factor[t].reshape(-1, 1, 1, 1, 1)
        state = nxt
        supply.append(state.sum(axis=(3, 4)))
    return np.stack(supply)


def _sparse_matrix(rng: np.random.Generator, n: int, density: float) -> np.ndarray:
    m = rng.uniform(0, 0.3 / n, (n, n)) * (rng.uniform(size=(n, n)) < density)
    np.fill_diagonal(m, 0.0)
    return m


@st.composite
def inputs_with_mobility(draw):
    r, o, q, s = draw(st.integers(1, 5)), draw(st.integers(2, 9)), draw(st.integers(1, 2)), 2
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (r, o, q, s, N_AGES)
    density = draw(st.sampled_from([0.0, 0.15, 0.4, 1.0]))
    return EngineInputs(
        stock=rng.uniform(0, 100, shape).astype(np.float32),
        exit_rate=rng.uniform(0, 0.3, (s, N_AGES)).astype(np.float32),
        entries=rng.uniform(0, 5, shape).astype(np.float32),
        migration_rate=rng.uniform(-0.1, 0.1, (r, 1, 1, s, N_AGES)).astype(np.float32),
        mobility=_sparse_matrix(rng, o, density),
        entry_factor=rng.uniform(0.8, 1.2, 8).astype(np.float32),
    )


@settings(max_examples=60, deadline=None)
@given(inputs_with_mobility(), st.integers(1, 6), st.booleans(), st.sampled_from([1, 150, 1 << 19]))
def test_sparse_mobility_equals_dense_reference(inp, years, flows, block):
    """Every path of the engine (flows or not, one or many district blocks) gives the dense
    reference within float32 tolerance."""
    # a tuning constant, not behaviour
    saved, engine_projection.BLOCK_CELLS = engine_projection.BLOCK_CELLS, block
    try:
        got = project(inp, years, flows=flows).supply
    finally:
        engine_projection.BLOCK_CELLS = saved
    np.testing.assert_allclose(got, reference_supply(inp, years), rtol=2e-5, atol=2e-3)


def test_flows_and_supply_only_paths_agree_with_estimated_style_matrix(demo_tables):
    from fachkraefte.forecast.adapter import inputs_from_tables

    model = inputs_from_tables(
        demo_tables["population"], demo_tables["employment"], demo_tables["graduates"]
    )
    rng = np.random.default_rng(3)
    matrix = allocate_flows(
        rng.normal(0, 0.03, len(model.kldb3)), np.full(len(model.kldb3), 1e3), model.kldb3
    )
    assert np.count_nonzero(matrix)
    model.inputs.mobility = matrix
    with_flows = project(model.inputs, 8, flows=True)
    supply_only = project(model.inputs, 8, flows=False)
    np.testing.assert_allclose(with_flows.supply, supply_only.supply, rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(
        with_flows.supply, reference_supply(model.inputs, 8), rtol=2e-5, atol=1e-2
    )


def test_mobility_blocks_group_connected_flows():
    m = np.zeros((12, 12))
    m[0, 2], m[2, 4] = 0.1, 0.05  # 0 → 2 → 4: one group
    m[3, 6], m[10, 6] = 0.2, 0.3  # 3 → 6 ← 10: another; 1, 5, 7 … take no part
    first, second = mobility_blocks(m)
    # Close indices become one contiguous run (a view of the state), far ones stay a list.
    assert (first.sources, first.targets) == (slice(0, 3), slice(2, 5))
    np.testing.assert_allclose(first.weights, m[0:3, 2:5].T)
    assert second.sources.tolist() == [3, 10] and second.targets == slice(6, 7)
    np.testing.assert_allclose(second.weights, [[0.2, 0.3]])
    # Interleaved groups ({0, 2} → {4, 6} and 1 → 5): each group's runs pass over the other
    # group's codes, whose flows must not be counted twice.
    m = np.zeros((7, 7))
    m[0, 4], m[2, 4], m[2, 6], m[1, 5] = 0.1, 0.1, 0.1, 0.2
    assert [(b.sources, b.targets) for b in mobility_blocks(m)] == [
        (slice(0, 3), slice(4, 7)),
        (slice(1, 2), slice(5, 6)),
    ]
    stock = np.zeros((1, 7, 1, 1, N_AGES), np.float32)
    stock[..., 30] = 100.0
    inp = EngineInputs(stock, np.zeros(N_AGES), np.zeros_like(stock), mobility=m)
    expected = [90, 80, 80, 100, 120, 120, 110]
    assert project(inp, 1).supply[1, 0, :, 0].tolist() == pytest.approx(expected)
    dense = mobility_blocks(np.full((4, 4), 0.01))
    assert len(dense) == 1 and dense[0].sources == slice(0, 4)
    assert mobility_blocks(np.zeros((3, 3))) == []


# --- the estimated default ------------------------------------------------------------------

CODES = ["811", "812", "813", "821", "831", "241", "242", "251"]


def test_allocation_hand_case():
    # Bereich 8: 811 loses 2 %, 813 gains 2 % (same Hauptgruppe 81); mean residual 0.
    m = allocate_flows(np.array([-0.02, 0.02]), np.array([100.0, 100.0]), ["811", "813"])
    np.testing.assert_allclose(m, [[0.0, SHARE_ATTRIBUTED * 0.02], [0.0, 0.0]], atol=1e-15)


def test_allocation_prefers_same_hauptgruppe_and_never_crosses_bereiche():
    rate = np.array([-0.04, 0.0, 0.03, 0.03, 0.0, -0.02, 0.02, 0.0])
    stock = np.full(len(CODES), 1000.0)
    m = allocate_flows(rate, stock, CODES)
    bereich = np.array([c[0] for c in CODES])
    assert (m[bereich[:, None] != bereich[None, :]] == 0).all()
    # 811 gives to 813 (same Hauptgruppe 81) more than to 821/831 (other Hauptgruppen).
    i = CODES.index
    assert m[i("811"), i("813")] > 0
    assert m[i("811"), i("813")] > m[i("811"), i("821")]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 1.0))
def test_allocation_properties(seed, share):
    rng = np.random.default_rng(seed)
    rate = rng.normal(0, 0.05, len(CODES))
    stock = rng.uniform(0, 5000, len(CODES))
    m = allocate_flows(rate, stock, CODES, share=share)
    assert (m >= 0).all() and np.all(np.diag(m) == 0)
    assert m.sum(axis=1).max() <= MAX_OUT_RATE + 1e-9
    p = transition_matrix(m)  # row-stochastic
    assert (p >= 0).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    # Persons conserved: what all Berufsgruppen give equals what they receive.
    moved = m * stock[:, None]
    assert moved.sum(axis=1).sum() == pytest.approx(moved.sum(axis=0).sum())
    # Net flow per Berufsgruppe = share × Bereich-demeaned residual (unless capped).
    net = moved.sum(axis=0) - moved.sum(axis=1)
    for b in {c[0] for c in CODES}:
        idx = [k for k, c in enumerate(CODES) if c[0] == b]
        dev = (rate[idx] - np.average(rate[idx], weights=stock[idx])) * stock[idx] * share
        if (-dev <= MAX_OUT_RATE * stock[idx] + 1e-9).all():
            np.testing.assert_allclose(net[idx], dev, atol=1e-6 * max(1, np.abs(dev).max()))


def test_zero_residuals_give_no_flows_and_leave_the_projection_unchanged():
    m = allocate_flows(np.zeros(len(CODES)), np.full(len(CODES), 1e3), CODES)
    assert not m.any()
    # A common residual shared by the whole Bereich is not mobility either.
    assert not allocate_flows(np.full(len(CODES), 0.03), np.full(len(CODES), 1e3), CODES).any()
    rng = np.random.default_rng(0)
    shape = (2, len(CODES), 1, 2, N_AGES)
    base = EngineInputs(
        rng.uniform(0, 50, shape).astype(np.float32),
        np.full(N_AGES, 0.05, np.float32),
        rng.uniform(0, 2, shape).astype(np.float32),
    )
    with_zero = EngineInputs(base.stock, base.exit_rate, base.entries, mobility=m)
    for flows in (True, False):
        np.testing.assert_array_equal(
            project(base, 5, flows=flows).supply, project(with_zero, 5, flows=flows).supply
        )


@pytest.fixture(scope="module")
def estimate(demo_tables):
    return estimate_mobility(demo_tables)


def test_estimate_from_demo_series(estimate, demo_tables):
    m = estimate.matrix
    assert estimate.kldb3 == sorted(demo_tables["employment"]["kldb3"].unique().to_list())
    assert estimate.year_pairs == [(y, y + 1) for y in range(2013, 2024)]
    assert np.count_nonzero(m) > 0
    assert (m >= 0).all() and m.sum(axis=1).max() <= MAX_OUT_RATE + 1e-9
    bereich = np.array([c[0] for c in estimate.kldb3])
    assert (m[bereich[:, None] != bereich[None, :]] == 0).all()
    np.testing.assert_allclose(transition_matrix(m).sum(axis=1), 1.0, atol=1e-12)
    # Reproducible: the same tables give the same matrix.
    np.testing.assert_array_equal(estimate_mobility(demo_tables).matrix, m)
    meta = estimate.metadata()
    assert meta["source"] == "estimated" and meta["nonzero"] == np.count_nonzero(m)


def test_estimated_mobility_conserves_totals_and_keeps_stocks_non_negative(estimate, demo_tables):
    from fachkraefte.forecast.adapter import inputs_from_tables

    model = inputs_from_tables(
        demo_tables["population"], demo_tables["employment"], demo_tables["graduates"]
    )
    model.inputs.mobility = estimate.matrix
    p = project(model.inputs, 10, keep_states=True)
    # Moves between occupations add up to zero in every district and Niveau.
    np.testing.assert_allclose(p.mobility.sum(axis=2), 0.0, atol=1e-3)
    assert np.abs(p.mobility).sum() > 0
    assert all((s >= 0).all() for s in p.states)


# --- files -------------------------------------------------------------------------------


def test_mobility_file_roundtrip_csv_and_toml(tmp_path):
    m = np.zeros((3, 3))
    m[0, 1], m[2, 0] = 0.02, 0.01
    codes = ["811", "813", "821"]
    frame = mobility_frame(m, codes)
    csv_path = tmp_path / "m.csv"
    frame.write_csv(csv_path)
    np.testing.assert_allclose(load_mobility_file(csv_path, codes), m)
    toml_path = tmp_path / "m.toml"
    toml_path.write_text(
        '[[flows]]\nfrom_kldb3 = "811"\nto_kldb3 = "813"\nshare = 0.02\n'
        '[[flows]]\nfrom_kldb3 = "821"\nto_kldb3 = "811"\nshare = 0.01\n',
        encoding="utf-8",
    )
    np.testing.assert_allclose(load_mobility_file(toml_path, codes), m)


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ("811,999,0.1", "Zeile 2, Feld 'to_kldb3', Wert '999'"),
        ("811,813,viel", "Zeile 2, Feld 'share', Wert 'viel'"),
        ("811,813,1.5", "Feld 'share', Wert '1.5'"),
        ("811,811,0.1", "Feld 'to_kldb3', Wert '811'"),
        ("811,813,0.1\n811,813,0.2", "Zeile 3: Paar 811→813 doppelt"),
        ("811,813,0.7\n811,821,0.6", "aus '811' = 1.3000 > 1"),
    ],
)
def test_bad_mobility_file_names_file_row_field_and_value(tmp_path, rows, needle):
    path = tmp_path / "bad.csv"
    path.write_text("from_kldb3,to_kldb3,share\n" + rows + "\n", encoding="utf-8")
    with pytest.raises(MobilityError) as info:
        load_mobility_file(path, ["811", "813", "821"])
    assert "bad.csv" in str(info.value) and needle in str(info.value)


def test_mobility_file_needs_its_columns(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("von,nach,anteil\n811,813,0.1\n", encoding="utf-8")
    with pytest.raises(MobilityError, match="from_kldb3"):
        load_mobility_file(path, ["811", "813"])
