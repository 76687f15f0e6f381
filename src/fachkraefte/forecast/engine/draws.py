"""The supply of many Monte Carlo draws at once: :func:`project_supply_draws`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fachkraefte.common.errors import InputError
from fachkraefte.forecast.engine.inputs import (
    DTYPE,
    EngineInputs,
    level_move_pairs,
    mobility_matrix,
    mobility_out,
    validate_rates,
    validate_state,
)
from fachkraefte.forecast.engine.kernel import entry_ages, keep_factor, year_step
from fachkraefte.forecast.engine.mobility_groups import mobility_blocks


@dataclass(frozen=True)
class Draw:
    """What one Monte Carlo draw changes in :class:`EngineInputs` (same meaning and shapes)."""

    exit_rate: np.ndarray
    migration_rate: np.ndarray
    entry_factor: np.ndarray | None = None


DRAW_ROWS = 8
"""(Draw, district) rows projected together in :func:`project_supply_draws`: ≈ 2 MB of
float32 state at Hessen size (144 × 4 × 2 × 60 cells a row), a few arrays of that size stay
in the cache for all years, and the Python overhead of a step is shared by 8 rows."""


def project_supply_draws(
    inputs: EngineInputs, years: int, draws: list[Draw], *, rows: int = DRAW_ROWS
) -> np.ndarray:
    """Supply of several draws at once: (D, T+1, R, O, Q) float64 — the Monte Carlo path.

    Draw ``d`` gives exactly (bit for bit) ``project(replace(inputs, exit_rate=…,
    migration_rate=…, entry_factor=…), years, flows=False).supply``, and an
    :class:`InputError` where that would raise one. It differs only in the order of the work:

    * everything that does not depend on the draw is done once — checking the stock and
      entries, the mobility groups, the entry age slice, the state buffers;
    * **blocking across years**: districts never exchange people, so a block of ``rows``
      (draw, district) rows — the same districts in several draws — is projected through all
      years while it stays in the cache, instead of streaming the whole state from memory
      every year;
    * the rows of a block share every NumPy call (multiply, each mobility group's matmul, the
      entries, the totals), so the Python overhead per call is spread over ``rows`` rows;
    * only supply is recorded (no flows, no age-27/64 counts).

    Each row sees the same float32 operations in the same order as in :func:`project`: both
    step through :func:`~fachkraefte.forecast.engine.kernel.year_step` (the mobility matmul is
    one BLAS call per row there and here), so results do not depend on ``rows`` or on which
    draws share a call.
    """
    if years < 0:
        raise InputError(f"years={years}: muss ≥ 0 sein / must be ≥ 0")
    validate_state(inputs)
    shape = inputs.shape
    n_r, n_o, n_q = shape[:3]
    cell_shape = shape[1:]
    n_d = len(draws)
    part = np.asarray(inputs.participation_rate, dtype=DTYPE)
    mob = mobility_matrix(inputs)
    blocks = mobility_blocks(mob) if mob is not None else []
    out_rate = mobility_out(inputs).reshape(1, -1, 1, 1, 1)
    level_pairs = level_move_pairs(inputs)
    profile = (
        np.ones(years)
        if inputs.participation_profile is None
        else np.asarray(inputs.participation_profile, dtype=np.float64)
    )
    if profile.shape[0] < years:
        raise InputError(
            f"Feld 'participation_profile': {profile.shape[0]} Jahre < {years} / "
            "field 'participation_profile' too short"
        )
    p_values = sorted({float(p) for p in profile[:years]})
    # Per draw: the checks of ``validate`` that depend on it, its keep factors (one per
    # distinct participation weight, in their broadcast shape) and its entry factors (T, R).
    keeps: list[dict[float, np.ndarray]] = []
    factors = np.empty((n_d, years, n_r), dtype=DTYPE)
    for d, draw in enumerate(draws):
        variant = EngineInputs(
            inputs.stock,
            draw.exit_rate,
            inputs.entries,
            draw.migration_rate,
            inputs.participation_rate,
            inputs.mobility,
            draw.entry_factor,
            inputs.participation_profile,
            level_moves=inputs.level_moves,
        )
        validate_rates(variant)
        exit_rate = np.asarray(draw.exit_rate, dtype=DTYPE)
        mig = np.asarray(draw.migration_rate, dtype=DTYPE)
        keeps.append({p: keep_factor(exit_rate, out_rate, mig, part, p) for p in p_values})
        if draw.entry_factor is None:
            factors[d] = 1.0
        else:
            factor = np.asarray(draw.entry_factor, dtype=DTYPE)
            if factor.shape[0] < years:
                raise InputError(
                    f"Feld 'entry_factor': {factor.shape[0]} Jahre < {years} / "
                    "field 'entry_factor' too short"
                )
            factors[d] = (factor if factor.ndim == 2 else factor[:, None])[:years]

    entries = np.asarray(inputs.entries, dtype=DTYPE)
    a0, a1 = entry_ages(entries)
    entries_slice = entries[..., a0:a1]
    extra: dict[tuple[int, int], list] = {}
    for item in inputs.extra_entries:
        extra.setdefault((int(item[0]), int(item[1][0])), []).append(item[1][1:] + (item[2],))

    stock = np.asarray(inputs.stock, dtype=DTYPE)
    supply = np.empty((n_d, years + 1, n_r, n_o, n_q))
    # float32 sums over 2 × 60 values per cell, as in ``project``
    supply[:, 0] = stock.reshape(n_r, n_o, n_q, -1).sum(axis=-1)
    cells = int(np.prod(cell_shape))
    # A block is ``nd`` draws × ``k`` districts (row order district, draw), at most ``rows``
    # rows; the draws are split into groups of nearly equal size (25 → 7 + 6 + 6 + 6).
    groups = -(-n_d // max(1, rows)) if n_d else 0
    n_b = -(-n_d // groups) if groups else 1
    size = max(rows, n_b) * cells
    bufs = [np.empty(size + 1, dtype=DTYPE), np.empty(size + 1, dtype=DTYPE)]
    scaled = np.empty(size // cells * int(np.prod(entries_slice.shape[1:])), dtype=DTYPE)
    bounds = [n_d * g // groups for g in range(groups + 1)]
    for d0, d1 in zip(bounds[:-1], bounds[1:], strict=True):
        nd = d1 - d0
        k = max(1, rows // nd)
        # keep factors of these draws stacked per district: (R, nd, O, Q', S, A)
        keep_rows = {}
        for p in p_values:
            k_shape = np.broadcast_shapes(*(keeps[d][p].shape for d in range(d0, d1)))
            k_shape = (n_r,) + k_shape[1:]
            keep_rows[p] = np.stack(
                [np.broadcast_to(keeps[d][p], k_shape) for d in range(d0, d1)], axis=1
            )
        for r0 in range(0, n_r, k):
            r1 = min(r0 + k, n_r)
            n_rows = (r1 - r0) * nd
            block_shape = (r1 - r0, nd) + cell_shape
            row_shape = (n_rows,) + cell_shape
            n = n_rows * cells
            state = bufs[0][:n].reshape(block_shape)
            state[...] = stock[r0:r1, None]
            cur = 0
            add = scaled[: n_rows * entries_slice[0].size].reshape(
                (r1 - r0, nd) + entries_slice.shape[1:]
            )
            for t in range(years):
                if a1 > a0:
                    f_t = factors[d0:d1, t, r0:r1].T.reshape(r1 - r0, nd, 1, 1, 1, 1)
                    np.multiply(entries_slice[r0:r1, None], f_t, out=add)
                nxt = year_step(
                    state.reshape(row_shape),
                    _row_keep(keep_rows[float(profile[t])][r0:r1]),
                    bufs[1 - cur][: n + 1],
                    blocks=blocks,
                    add=add.reshape((n_rows,) + add.shape[2:]) if a1 > a0 else None,
                    ages=(a0, a1),
                    # rows are (district, draw): row (r - r0) * nd + i
                    extra=[
                        ((r - r0) * nd + i, o, q, s, a, persons)
                        for r in range(r0, r1)
                        for o, q, s, a, persons in extra.get((t + 1, r), ())
                        for i in range(nd)
                    ],
                    level_moves=level_pairs,
                ).reshape(block_shape)
                totals = nxt.reshape(r1 - r0, nd, n_o, n_q, -1).sum(axis=-1)
                supply[d0:d1, t + 1, r0:r1] = totals.transpose(1, 0, 2, 3)
                state, cur = nxt, 1 - cur
    return supply


def _row_keep(keep: np.ndarray) -> np.ndarray:
    """Keep factors (districts, draws, O, Q', S, A) as rows (district × draw, O, Q', S, A)."""
    return keep.reshape((keep.shape[0] * keep.shape[1],) + keep.shape[2:])
