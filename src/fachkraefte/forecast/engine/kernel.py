"""One projection year on a block of rows: the kernel of both projection paths.

A row is one district's cells (O, Q, S, A) — in :func:`~.projection.project` the rows of a
block are districts, in :func:`~.draws.project_supply_draws` (district, draw) pairs. Rows never
exchange people (mobility mixes occupations within a row), so any set of rows can be stepped
together, and :func:`year_step` does the same float32 operations in the same order for a row
whatever block it is in: the two paths give bit-identical supply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from fachkraefte.common.ages import N_AGES
from fachkraefte.forecast.engine.inputs import DTYPE, LevelMove
from fachkraefte.forecast.engine.mobility_groups import MobilityBlock, inflow

Extra = tuple[int, int, int, int, int, float]
"""An additional entrant count ``(row, o, q, s, a, persons)`` of one year in a block."""


def as_5d(x: np.ndarray) -> np.ndarray:
    """``x`` with leading axes of length 1 added up to the five state axes."""
    return x.reshape((1,) * (5 - x.ndim) + x.shape)


def entry_ages(entries: np.ndarray) -> tuple[int, int]:
    """The age slice ``a0:a1`` the entries are added to.

    Entries are zero at most ages: adding only the occupied age slice saves most of a pass.
    When most ages are occupied one contiguous add over the whole state is cheaper than a
    strided one over the slice (adding the zeros elsewhere changes no value).

    >>> e = np.zeros((1, 1, 1, 1, N_AGES)); e[..., 3:8] = 1.0
    >>> entry_ages(e), entry_ages(np.ones_like(e)), entry_ages(np.zeros_like(e))
    ((3, 8), (0, 60), (0, 0))
    """
    occupied = np.flatnonzero(entries.reshape(-1, N_AGES).any(axis=0))
    a0, a1 = (int(occupied[0]), int(occupied[-1]) + 1) if occupied.size else (0, 0)
    if 2 * (a1 - a0) > N_AGES:
        a0, a1 = 0, N_AGES
    return a0, a1


def keep_factor(
    exit_rate: np.ndarray, out_rate: np.ndarray, mig: np.ndarray, part: np.ndarray, p_t: float
) -> np.ndarray:
    """The combined keep factor ``1 - exit - out + mig + π part`` in its broadcast shape.

    One factor so that a year costs a single multiply over the state; it keeps its broadcast
    shape (typically (R, O, 1, S, A)): less memory traffic per year.
    """
    # Same operation order as without a profile, so a profile of ones is bit-identical.
    term = part if p_t == 1.0 else part * DTYPE(p_t)
    keep = (DTYPE(1.0) - exit_rate) - out_rate + mig + term
    return as_5d(keep).astype(DTYPE, copy=False)


def year_step(
    state: np.ndarray,
    keep: np.ndarray,
    buffer: np.ndarray,
    *,
    blocks: Sequence[MobilityBlock],
    add: np.ndarray | None,
    ages: tuple[int, int],
    extra: Iterable[Extra] = (),
    on_inflow: Callable[[MobilityBlock, np.ndarray], None] | None = None,
    level_moves: Sequence[LevelMove] = (),
    on_level_move: Callable[[int, int, int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Project the rows ``state`` (n, O, Q, S, A) one year; the next state, a view of ``buffer``.

    ``keep``: the keep factor, broadcastable to ``state``. ``buffer``: flat float32 with at
    least ``state.size + 1`` elements, not overlapping ``state``. ``add``: the entrants of the
    year at ages ``ages`` = ``a0:a1`` (n, O, Q, S, a1 - a0), or None when there are none.
    ``on_inflow(block, inflow)`` sees every mobility group's movers (for the flow totals).
    ``level_moves``: ``(q_from, q_to, a0, a1, rate)`` pairs (:func:`~.inputs.level_move_pairs`);
    ``on_level_move(q_from, q_to, a1, movers)`` sees each pair's movers (n, O, S, a1 − a0).

    >>> from fachkraefte.forecast.engine.mobility_groups import mobility_blocks
    >>> state = np.zeros((1, 2, 1, 1, N_AGES), dtype=DTYPE); state[0, 0, 0, 0, 0] = 100
    >>> m = np.array([[0.0, 0.25], [0.0, 0.0]])
    >>> keep = np.array([0.75, 1.0], dtype=DTYPE).reshape(1, 2, 1, 1, 1)
    >>> buffer = np.empty(state.size + 1, dtype=DTYPE)
    >>> nxt = year_step(state, keep, buffer, blocks=mobility_blocks(m), add=None, ages=(0, 0))
    >>> nxt[0, :, 0, 0, 1].tolist()  # a year older: 75 stayed, 25 changed occupation
    [75.0, 25.0]
    """
    n = state.size
    nxt = buffer[:n].reshape(state.shape)
    # The "shifted" view starts one element later, so that the contiguous multiply
    # ``state * keep -> shifted`` lands every cell's age a at a+1 (survive and age in one
    # streaming pass, no strided write). The oldest age spills into age 0 of the next cell
    # (and the last one into the spare element); age 0 is reset right after.
    shifted = buffer[1 : n + 1].reshape(state.shape)
    np.multiply(state, keep, out=shifted)
    for block in blocks:
        # Movers change occupation at the year's start stock and age with everyone: added
        # through the shifted view too (movers at AGE_MAX spill into age 0, reset below).
        movers = inflow(state, block)
        target = shifted[:, block.targets]
        if isinstance(block.targets, slice):
            np.add(target, movers, out=target)
        else:
            shifted[:, block.targets] += movers
        if on_inflow is not None:
            on_inflow(block, movers)
    for q_from, q_to, m0, m1, rate in level_moves:
        # Moves between levels stay in the row, occupation and sex: what one cell loses the
        # other gains (start-of-year stock, ageing with everyone like the mobility movers).
        level_movers = state[:, :, q_from, :, m0:m1] * rate
        source = shifted[:, :, q_from, :, m0:m1]
        np.subtract(source, level_movers, out=source)
        target = shifted[:, :, q_to, :, m0:m1]
        np.add(target, level_movers, out=target)
        if on_level_move is not None:
            on_level_move(q_from, q_to, m1, level_movers)
    nxt[..., 0] = 0.0
    if add is not None:
        a0, a1 = ages
        target = nxt if (a0, a1) == (0, N_AGES) else nxt[..., a0:a1]
        np.add(target, add, out=target)
    for row, o, q, s, a, persons in extra:
        nxt[row, o, q, s, a] += persons
    return nxt
