"""Moves between Anforderungsniveaus: hand-computed flows, identity and bit-compatibility."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.common.ages import AGE_MIN, N_AGES
from fachkraefte.forecast.engine import (
    Draw,
    EngineInputs,
    InputError,
    project,
    project_supply_draws,
)
from fachkraefte.forecast.skill_moves import (
    LevelMove,
    level_move_rates,
    parse_moves,
    shipped_moves,
)


def _one_cell(levels: int = 2) -> np.ndarray:
    return np.zeros((1, 1, levels, 1, N_AGES), dtype=np.float32)


def test_upgrading_moves_people_between_levels_by_hand():
    """100 Fachkräfte (level index 0 here) aged 30, 2 % exit, 10 % upgrade: after a year 88
    at level 0 and 10 at level 1, both aged 31; the level flow is −10 / +10 and sums to zero."""
    stock = _one_cell()
    stock[0, 0, 0, 0, 30 - AGE_MIN] = 100
    moves = np.zeros((2, 2, N_AGES))
    moves[0, 1, :] = 0.1
    inp = EngineInputs(stock, np.full(N_AGES, 0.02), _one_cell(), level_moves=moves)
    p = project(inp, 1, keep_states=True)
    assert p.states[1][0, 0, :, 0, 31 - AGE_MIN].tolist() == pytest.approx([88, 10])
    assert p.level_moves[0, 0, 0].tolist() == pytest.approx([-10, 10])
    assert p.exits[0, 0, 0].tolist() == pytest.approx([2, 0])
    assert p.supply[1, 0, 0].sum() == pytest.approx(98)


def test_movers_at_the_oldest_age_leave_from_their_new_level():
    """10 people at AGE_MAX, 50 % move up: everyone leaves the age range; 5 exits are
    counted at each level, and the identity holds for both cells."""
    stock = _one_cell()
    stock[..., 0, 0, -1] = 10
    moves = np.zeros((2, 2, N_AGES))
    moves[0, 1] = 0.5
    p = project(EngineInputs(stock, np.zeros(N_AGES), _one_cell(), level_moves=moves), 1)
    assert p.supply[1].sum() == 0
    assert p.exits[0, 0, 0].tolist() == pytest.approx([5, 5])
    rhs = p.supply[0] - p.exits[0] + p.level_moves[0]
    np.testing.assert_allclose(p.supply[1], rhs, atol=1e-5)


def test_moves_and_exits_over_one_are_rejected():
    moves = np.zeros((2, 2, N_AGES))
    moves[0, 1] = 0.6
    inp = EngineInputs(_one_cell(), np.full(N_AGES, 0.5), _one_cell(), level_moves=moves)
    with pytest.raises(InputError, match="exceed 1"):
        project(inp, 1)
    with pytest.raises(InputError, match="level_moves"):
        project(replace(inp, level_moves=np.zeros((3, 3, N_AGES))), 1)


@st.composite
def inputs_with_levels(draw):
    r, o, q, s = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 4)), 2
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (r, o, q, s, N_AGES)
    # per occupation or for all, per sex or for both (the engine broadcasts length-1 axes)
    moves_shape = (q, q, draw(st.sampled_from([1, o])), draw(st.sampled_from([1, s])), N_AGES)
    moves = rng.uniform(0, 0.05, moves_shape) * (rng.uniform(size=(q, q, 1, 1, 1)) < 0.6)
    # upgrading happens at some ages only (the engine moves just the occupied ages)
    a0 = draw(st.integers(0, N_AGES - 1))
    a1 = draw(st.integers(a0 + 1, N_AGES))
    moves[..., :a0] = 0.0
    moves[..., a1:] = 0.0
    return EngineInputs(
        rng.uniform(0, 100, shape).astype(np.float32),
        rng.uniform(0, 0.2, (s, N_AGES)).astype(np.float32),
        rng.uniform(0, 5, shape).astype(np.float32),
        rng.uniform(-0.1, 0.1, (r, 1, 1, s, N_AGES)).astype(np.float32),
        rng.uniform(-0.03, 0.03, (s, N_AGES)).astype(np.float32),
        rng.uniform(0, 0.2 / o, (o, o)) if o > 1 else None,
        level_moves=moves,
    )


@settings(max_examples=30, deadline=None)
@given(inputs_with_levels(), st.integers(1, 5))
def test_identity_per_cell_holds_with_level_moves(inp, years):
    p = project(inp, years)
    for t in range(years):
        rhs = (
            p.supply[t]
            - p.exits[t]
            + p.entries[t]
            + p.migration[t]
            + p.participation[t]
            + p.mobility[t]
            + p.level_moves[t]
        )
        np.testing.assert_allclose(p.supply[t + 1], rhs, rtol=1e-4, atol=1e-2)
        # moves are flows between the levels of a cell: they sum to zero over the levels
        np.testing.assert_allclose(p.level_moves[t].sum(axis=-1), 0.0, atol=1e-2)


@settings(max_examples=20, deadline=None)
@given(inputs_with_levels(), st.integers(1, 4))
def test_level_moves_leave_the_total_of_a_cell_unchanged(inp, years):
    """Moves only relabel people: the sum over levels is that of a run without moves."""
    with_moves = project(inp, years).supply.sum(axis=-1)
    without = project(replace(inp, level_moves=None), years).supply.sum(axis=-1)
    np.testing.assert_allclose(with_moves, without, rtol=1e-5, atol=1e-2)


@settings(max_examples=20, deadline=None)
@given(inputs_with_levels(), st.integers(1, 4))
def test_zero_moves_give_the_old_result_bit_for_bit(inp, years):
    old = project(replace(inp, level_moves=None), years)
    zero = project(replace(inp, level_moves=np.zeros_like(inp.level_moves)), years)
    for name in ("supply", "exits", "entries", "migration", "participation", "mobility"):
        assert np.array_equal(getattr(old, name), getattr(zero, name)), name
    assert not zero.level_moves.any()
    draw = Draw(inp.exit_rate, inp.migration_rate)
    old_draws = project_supply_draws(replace(inp, level_moves=None), years, [draw])
    zero_draws = project_supply_draws(
        replace(inp, level_moves=np.zeros_like(inp.level_moves)), years, [draw]
    )
    assert np.array_equal(old_draws, zero_draws)
    assert np.array_equal(old_draws[0], old.supply)


@settings(max_examples=15, deadline=None)
@given(inputs_with_levels(), st.integers(1, 4))
def test_monte_carlo_path_applies_the_same_moves_bit_for_bit(inp, years):
    draws = [Draw(inp.exit_rate, inp.migration_rate), Draw(inp.exit_rate * 0.5, inp.migration_rate)]
    got = project_supply_draws(inp, years, draws, rows=3)
    assert np.array_equal(got[0], project(inp, years, flows=False).supply)
    halved = replace(inp, exit_rate=inp.exit_rate * 0.5)
    assert np.array_equal(got[1], project(halved, years, flows=False).supply)


def test_shipped_moves_are_upgrades_with_source_and_vintage():
    moves = shipped_moves()
    assert {(m.from_level, m.to_level) for m in moves} == {(1, 2), (2, 3)}
    assert all(m.source and m.vintage and m.status == "assumption" for m in moves)
    rates = level_move_rates()
    assert rates[1, 2, 30 - AGE_MIN] == pytest.approx(0.01)
    assert rates[1, 2, 60 - AGE_MIN] == 0.0
    assert not any(rates[q, q].any() for q in range(4)) and rates.max() <= 0.02


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        (
            'from = 2\nto = 2\nages = [25, 30]\nrate = 0.01\nstatus = "a"\nvintage = "v"\n'
            'source = "s"',
            "two different",
        ),
        (
            'from = 2\nto = 3\nages = [10, 30]\nrate = 0.01\nstatus = "a"\nvintage = "v"\n'
            'source = "s"',
            "ages",
        ),
        (
            'from = 2\nto = 3\nages = [25, 30]\nrate = 0.9\nstatus = "a"\nvintage = "v"\n'
            'source = "s"',
            "rate",
        ),
        ('from = 2\nto = 3\nages = [25, 30]\nrate = 0.01\nstatus = "a"\nvintage = "v"', "missing"),
    ],
)
def test_bad_move_rows_are_refused(row, needle):
    with pytest.raises(ValueError, match=needle):
        parse_moves("[[move]]\n" + row)


def test_moves_only_where_the_occupation_has_the_target_level():
    """Occupation 1 has no Spezialist jobs: its Fachkräfte stay Fachkräfte; occupation 0's
    100 Fachkräfte aged 30 move up at the shipped 1 %: 1 after a year."""
    from fachkraefte.forecast.skill_moves import moves_where_the_level_exists

    stock = np.zeros((1, 2, 4, 1, N_AGES), dtype=np.float32)
    stock[0, :, 1, 0, 30 - AGE_MIN] = 100
    stock[0, 0, 2, 0, 45 - AGE_MIN] = 5
    employment = stock.sum(axis=(0, 3, 4))
    moves = moves_where_the_level_exists(level_move_rates(), employment)
    inp = EngineInputs(stock, np.zeros(N_AGES), np.zeros_like(stock), level_moves=moves)
    p = project(inp, 1)
    assert p.level_moves[0, 0, 0].tolist() == pytest.approx([0, -1, 1, 0])
    assert p.level_moves[0, 0, 1].tolist() == [0, 0, 0, 0]


def test_rates_of_the_same_pair_add_up():
    moves = [
        LevelMove(1, 2, (20, 30), 0.01, "a", "v", "s"),
        LevelMove(1, 2, (30, 40), 0.02, "a", "v", "s"),
    ]
    rates = level_move_rates(moves)
    assert rates[0, 1, 30 - AGE_MIN] == pytest.approx(0.03)
    assert rates[0, 1, 41 - AGE_MIN] == 0
