"""One projection with every flow: :func:`project`, the path of a standard forecast run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fachkraefte.common.ages import AGE_MIN, N_AGES
from fachkraefte.common.errors import InputError
from fachkraefte.forecast.engine.inputs import (
    DTYPE,
    ENTRY_AGE,
    EXIT_AGE,
    EngineInputs,
    level_move_pairs,
    mobility_matrix,
    mobility_out,
    validate,
)
from fachkraefte.forecast.engine.kernel import as_5d, entry_ages, keep_factor, year_step
from fachkraefte.forecast.engine.mobility_groups import MobilityBlock, as_index, mobility_blocks

BLOCK_CELLS = 1 << 19
"""Cells per district block: ≈ 2 MB of float32 state, cache-sized."""


@dataclass
class Projection:
    """Yearly results aggregated over sex and age, shape (T+1, R, O, Q) unless noted.

    ``supply[t]`` is the stock at the start of year ``base_year + t``; ``exits[t]``,
    ``entries[t]``, ``migration[t]``, ``participation[t]`` and ``mobility[t]`` are the flows
    from ``t`` to ``t+1`` (index T is zero); ``level_moves[t]`` is the net flow of people
    changing Anforderungsniveau (zero without ``EngineInputs.level_moves``; it sums to zero
    over the levels of a cell). ``entrants_27``/``leavers_64`` (T+1, R, O) count
    people at age 27 and 64 for the demographic replacement ratio. ``states`` holds every full
    state when ``keep_states`` was set (tests only; the benchmark does not keep them).
    """

    base_year: int
    supply: np.ndarray
    exits: np.ndarray
    entries: np.ndarray
    migration: np.ndarray
    participation: np.ndarray
    mobility: np.ndarray
    level_moves: np.ndarray
    entrants_27: np.ndarray
    leavers_64: np.ndarray
    states: list[np.ndarray] | None = None

    @property
    def years(self) -> np.ndarray:
        return self.base_year + np.arange(self.supply.shape[0])


def _rows(x: np.ndarray, rows: slice) -> np.ndarray:
    """The district block of a broadcastable 5-d array (all of it when it has one row)."""
    return x if x.shape[0] == 1 else x[rows]


def project(
    inputs: EngineInputs, years: int, *, keep_states: bool = False, flows: bool = True
) -> Projection:
    """Project supply ``years`` years ahead of ``inputs.base_year``.

    >>> from fachkraefte.common.ages import N_AGES
    >>> stock = np.zeros((1, 1, 1, 1, N_AGES), dtype=np.float32); stock[..., 0] = 100
    >>> inp = EngineInputs(stock=stock, exit_rate=np.full(N_AGES, 0.1), entries=np.zeros_like(stock))
    >>> p = project(inp, 2)
    >>> [round(float(x), 3) for x in p.supply[:, 0, 0, 0]]
    [100.0, 90.0, 81.0]

    ``flows=False`` records only supply and the age-27/64 counts (flow arrays stay zero): the
    Monte Carlo path, which needs the stock and nothing else, runs about twice as fast.
    """
    validate(inputs)
    if years < 0:
        raise InputError(f"years={years}: muss ≥ 0 sein / must be ≥ 0")
    shape = inputs.shape
    n_r, n_o, n_q = shape[:3]
    exit_rate = np.asarray(inputs.exit_rate, dtype=DTYPE)
    mig = np.asarray(inputs.migration_rate, dtype=DTYPE)
    part = np.asarray(inputs.participation_rate, dtype=DTYPE)
    mob = mobility_matrix(inputs)
    blocks = mobility_blocks(mob) if mob is not None else []
    out_vec = mobility_out(inputs)
    out_rate = out_vec.reshape(1, -1, 1, 1, 1)
    leaving = as_index(np.flatnonzero(out_vec > 0))
    level_pairs = level_move_pairs(inputs)
    # A participation profile changes the keep factor between years: one keep array per
    # distinct value (a phase-in has two), built when first needed.
    keeps: dict[float, np.ndarray] = {}

    def keep_for(p_t: float) -> np.ndarray:
        if p_t not in keeps:
            keeps[p_t] = keep_factor(exit_rate, out_rate, mig, part, p_t)
        return keeps[p_t]

    entries = np.asarray(inputs.entries, dtype=DTYPE)
    factor = (
        np.ones((years, 1), dtype=DTYPE)
        if inputs.entry_factor is None
        else np.asarray(inputs.entry_factor, dtype=DTYPE)
    )
    if factor.ndim == 1:
        factor = factor[:, None]
    profile = (
        np.ones(years)
        if inputs.participation_profile is None
        else np.asarray(inputs.participation_profile, dtype=np.float64)
    )
    for name, arr in (("entry_factor", factor), ("participation_profile", profile)):
        if arr.shape[0] < years:
            raise InputError(
                f"Feld {name!r}: {arr.shape[0]} Jahre < {years} / field {name!r} too short"
            )

    extra: dict[int, list] = {}
    for item in inputs.extra_entries:
        extra.setdefault(int(item[0]), []).append(item)

    def agg(x: np.ndarray) -> np.ndarray:
        return x.sum(axis=(3, 4), dtype=np.float64)

    t1 = years + 1
    out = {
        k: np.zeros((t1, n_r, n_o, n_q))
        for k in (
            "supply",
            "exits",
            "entries",
            "migration",
            "participation",
            "mobility",
            "level_moves",
        )
    }
    e27 = np.zeros((t1, n_r, n_o))
    l64 = np.zeros((t1, n_r, n_o))
    # Two flat buffers with one spare element each (see ``year_step``): the state of a year
    # views the first ``size`` elements of one, the next year is written into the other.
    size = int(np.prod(shape))
    bufs = [np.empty(size + 1, dtype=DTYPE), np.empty(size + 1, dtype=DTYPE)]
    state = bufs[0][:size].reshape(shape)
    state[...] = np.asarray(inputs.stock, dtype=DTYPE)
    cur = 0
    states = [state.copy()] if keep_states else None
    a0, a1 = entry_ages(entries)
    entries_slice = entries[..., a0:a1]
    entries_total = agg(entries)
    scaled = None
    scaled_by = None

    def record(t: int, st: np.ndarray, lo: int = 0) -> None:
        hi = lo + st.shape[0]
        # float32 sums over 2 × 60 values per cell are exact enough and twice as fast.
        out["supply"][t, lo:hi] = st.reshape(hi - lo, n_o, n_q, -1).sum(axis=-1)
        e27[t, lo:hi] = st[..., ENTRY_AGE - AGE_MIN].sum(axis=(2, 3))
        l64[t, lo:hi] = st[..., EXIT_AGE - AGE_MIN].sum(axis=(2, 3))

    # The year runs over blocks of districts of a few MB, so that ageing, mobility, entries,
    # the flow totals and next year's totals reuse each block from the cache instead of
    # streaming the whole state from memory several times. Every term of the model stays
    # within a district (mobility mixes occupations, never districts): blocks are independent.
    cells_per_region = size // n_r if n_r else 0
    step = max(1, BLOCK_CELLS // max(cells_per_region, 1))
    if flows:
        exit_5d, mig_5d, part_5d = (as_5d(x) for x in (exit_rate, mig, part))
    record(0, state)
    for t in range(years):
        nbuf = bufs[1 - cur]
        f_t = factor[t]
        neutral = bool((f_t == 1.0).all())
        if a1 > a0 and not neutral and (scaled_by is None or not np.array_equal(scaled_by, f_t)):
            # constant factors (Monte Carlo) are scaled once; a factor per district broadcasts
            scaled = np.multiply(entries_slice, f_t.reshape(-1, 1, 1, 1, 1), out=scaled)
            scaled_by = f_t.copy()
        add = entries_slice if neutral else scaled
        p_t = float(profile[t])
        keep = keep_for(p_t)
        extra_t = extra.get(t + 1, ())
        for lo in range(0, n_r, step):
            hi = min(lo + step, n_r)
            rows = slice(lo, hi)
            st = state[rows]
            k_rows = _rows(keep, rows)
            on_inflow = None
            on_level_move = None
            if flows:
                out["migration"][t, rows] = agg(st * _rows(mig_5d, rows))
                part_t = agg(st * _rows(part_5d, rows))
                out["participation"][t, rows] = part_t if p_t == 1.0 else part_t * p_t
                ex = st * _rows(exit_5d, rows)
                # Everyone at AGE_MAX still there at year end leaves the range: an exit.
                ex[..., -1] += st[..., -1] * k_rows[..., -1]
                mobility_t = out["mobility"][t, rows]
                on_inflow = _flow_recorder(ex, mobility_t, agg)
                on_level_move = _level_recorder(ex, out["level_moves"][t, rows])
            # A block's last value spills into the next block's age 0, reset in its step.
            nxt_b = year_step(
                st,
                k_rows,
                nbuf[lo * cells_per_region :],
                blocks=blocks,
                add=add[rows] if a1 > a0 else None,
                ages=(a0, a1),
                extra=[
                    (r - lo, o, q, s, a, p) for _, (r, o, q, s, a), p in extra_t if lo <= r < hi
                ],
                on_inflow=on_inflow,
                level_moves=level_pairs,
                on_level_move=on_level_move,
            )
            if flows:
                if blocks:
                    mobility_t[:, leaving] -= agg(st[:, leaving] * out_rate[:, leaving])
                out["exits"][t, rows] = agg(ex)
            record(t + 1, nxt_b, lo)
        if flows:
            out["entries"][t] = entries_total * f_t.astype(np.float64).reshape(-1, 1, 1)
        for _when, (r, o, q, _s, _a), persons in extra_t:
            out["entries"][t, r, o, q] += persons
        state, cur = nbuf[:size].reshape(shape), 1 - cur
        if states is not None:
            states.append(state.copy())
    return Projection(
        base_year=inputs.base_year, entrants_27=e27, leavers_64=l64, states=states, **out
    )


def _flow_recorder(
    ex: np.ndarray, mobility_t: np.ndarray, agg: Callable[[np.ndarray], np.ndarray]
) -> Callable[[MobilityBlock, np.ndarray], None]:
    """The ``on_inflow`` of a block with flows: movers at ``AGE_MAX`` leave the age range
    (exits), and every group's movers count in the mobility flow of their new occupation."""

    def on_inflow(block: MobilityBlock, movers: np.ndarray) -> None:
        ex[..., -1][:, block.targets] += movers[..., -1]
        mobility_t[:, block.targets] += agg(movers)

    return on_inflow


def _level_recorder(
    ex: np.ndarray, level_t: np.ndarray
) -> Callable[[int, int, int, np.ndarray], None]:
    """The ``on_level_move`` of a block with flows: the net level flow of each cell, and the
    movers at ``AGE_MAX`` leave the age range from their new level (the exits at the old
    level counted them before the move)."""

    def on_level_move(q_from: int, q_to: int, a1: int, movers: np.ndarray) -> None:
        moved = movers.sum(axis=(2, 3), dtype=np.float64)  # (n, O) of one level
        level_t[:, :, q_from] -= moved
        level_t[:, :, q_to] += moved
        if a1 == N_AGES:
            ex[:, :, q_from, :, -1] -= movers[..., -1]
            ex[:, :, q_to, :, -1] += movers[..., -1]

    return on_level_move
