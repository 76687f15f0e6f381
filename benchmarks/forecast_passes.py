"""The streaming passes of one projection year, for the bandwidth floor of the engine benchmark.

The floor of ``forecast_engine.py`` replays, per projection year, as many state-sized write
and reduction passes as the engine's year performs. They are counted here from the inputs and
the structure of a year in ``fachkraefte.forecast.engine`` (``projection.project`` stepping
``kernel.year_step`` over district blocks), so that the engine itself carries no
instrumentation. Keep the two in step when the year changes.
"""

from __future__ import annotations

import numpy as np

from fachkraefte.forecast.engine import DTYPE, N_AGES, EngineInputs, entry_ages, mobility_blocks
from fachkraefte.forecast.engine.inputs import level_move_pairs


def _width(index: slice | np.ndarray) -> int:
    return index.stop - index.start if isinstance(index, slice) else int(index.size)


def floor_passes(inputs: EngineInputs, *, flows: bool) -> dict[str, float]:
    """State-sized arrays a projection year writes and reduces, in units of the whole state.

    * the fused survive-and-age multiply: 1 write; next year's supply totals: 1 reduction;
    * the entries at their occupied ages: a write of that share of the ages, and one more
      where the first year's entry factor is not 1 (the entries are scaled first);
    * each mobility group's inflow, written and added into its target occupations: 2 writes
      of the targets' share of the occupations;
    * with flows: the migration, participation and exit products (3 writes, 3 reductions),
      each group's inflow total (a reduction of its targets' share) and the outflow of the
      occupations that lose workers (a write and a reduction of their share);
    * each pair of levels with upgrading moves, on its occupied ages: the movers, taken from
      one level and added to the other (3 writes of one level's share of the state at those
      ages), and with flows their total (a reduction of that share).

    >>> stock = np.ones((2, 3, 1, 2, N_AGES), dtype=DTYPE)
    >>> entries = np.zeros_like(stock); entries[..., 5:10] = 1.0
    >>> inputs = EngineInputs(stock, np.full(N_AGES, 0.01, dtype=DTYPE), entries)
    >>> floor_passes(inputs, flows=False) == {"writes": 1 + 5 / N_AGES, "reductions": 1.0}
    True
    """
    n_o = inputs.shape[1]
    a0, a1 = entry_ages(np.asarray(inputs.entries, dtype=DTYPE))
    age_share = (a1 - a0) / N_AGES
    writes, reductions = 1.0, 1.0
    if a1 > a0:
        writes += age_share
        factor = inputs.entry_factor
        if factor is not None and not (np.asarray(factor, dtype=DTYPE)[0] == 1.0).all():
            writes += age_share
    blocks = mobility_blocks(inputs.mobility) if inputs.mobility is not None else []
    for block in blocks:
        share = _width(block.targets) / n_o
        writes += 2 * share
        if flows:
            reductions += share
    if flows:
        writes += 3
        reductions += 3
        if blocks:
            matrix = np.array(inputs.mobility, dtype=DTYPE)
            np.fill_diagonal(matrix, 0.0)
            leaving = int((matrix.sum(axis=1) > 0).sum()) / n_o
            writes += leaving
            reductions += leaving
    n_q = inputs.shape[2]
    for _q_from, _q_to, m0, m1, _rate in level_move_pairs(inputs):
        share = (m1 - m0) / N_AGES / n_q
        writes += 3 * share
        if flows:
            reductions += share
    return {"writes": writes, "reductions": reductions}
