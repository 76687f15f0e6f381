"""What the supply projection needs (:class:`EngineInputs`) and the checks on it.

:func:`validate` runs before every projection; the Monte Carlo path splits it in two, the
checks on the state (:func:`validate_state`, once per run) and on the rates a draw changes
(:func:`validate_rates`, once per draw).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fachkraefte.common.ages import N_AGES
from fachkraefte.common.errors import InputError

ENTRY_AGE = 27  # IWAK/regio pro convention for the demographic replacement ratio
EXIT_AGE = 64

DTYPE = np.float32


@dataclass
class EngineInputs:
    """Everything the supply projection needs, as arrays broadcastable to the state shape.

    ``stock``: (R, O, Q, S, A) persons in the base year.
    ``exit_rate``: broadcastable to (R, O, Q, S, A), annual probability of leaving the labour
    force (retirement, withdrawal, mortality), e.g. shape (S, A).
    ``entries``: (R, O, Q, S, A) newly qualified entrants per year, by age at arrival.
    ``migration_rate``: broadcastable, e.g. (R, 1, 1, S, A); annual net migration rate.
    ``participation_rate``: broadcastable, e.g. (S, A); annual relative change from
    participation (positive = more people active).
    ``mobility``: (O, O) annual share of occupation o moving to p; diagonal is ignored.
    ``entry_factor``: (T,) or (T, R) multiplier on entries per projection year (and district),
    default 1; the adapter puts the young-population index here, the Monte Carlo multiplies it.
    ``participation_profile``: (T,) multiplier on ``participation_rate`` per projection year
    (default 1 every year). A phased-in scenario is 1 during the phase-in and 0 after, so its
    effect stops growing once the target is reached.
    """

    stock: np.ndarray
    exit_rate: np.ndarray
    entries: np.ndarray
    migration_rate: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=DTYPE))
    participation_rate: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=DTYPE))
    mobility: np.ndarray | None = None
    entry_factor: np.ndarray | None = None
    participation_profile: np.ndarray | None = None
    base_year: int = 2024
    extra_entries: list[tuple[int, tuple[int, int, int, int, int], float]] = field(
        default_factory=list
    )
    """Sparse additional entrants ``(year index t ≥ 1, (r, o, q, s, a), persons)``, e.g. a
    measure "20 more graduates per year in 813 in 06411 from 2027" (see scenarios)."""
    level_moves: np.ndarray | None = None
    """(Q, Q, A), (Q, Q, S, A) or (Q, Q, O, S, A) (length-1 axes broadcast): yearly share of
    level q moving to level p at age a within the same district, occupation and sex
    (upgrading: Meister/Techniker, late qualification); the diagonal is ignored. ``None`` or
    all zeros = nobody changes level, and the projection is bit for bit the one without it."""

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.stock.shape)


def _check(name: str, array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(array, dtype=DTYPE)
    try:
        np.broadcast_shapes(array.shape, shape)
    except ValueError:
        raise InputError(
            f"Feld {name!r}: Form {array.shape} passt nicht zu {shape} / "
            f"field {name!r}: shape {array.shape} does not broadcast to {shape}"
        ) from None
    if not np.all(np.isfinite(array)):
        raise InputError(f"Feld {name!r}: enthält NaN/inf / field {name!r}: contains NaN/inf")
    return array


def validate(inputs: EngineInputs) -> None:
    """Raise :class:`InputError` for shapes, negative stocks or rates that could empty a cell."""
    validate_state(inputs)
    validate_rates(inputs)


def validate_state(inputs: EngineInputs) -> None:
    """The checks of :func:`validate` on the state shape, the stock and the entries."""
    shape = inputs.shape
    if len(shape) != 5 or shape[4] != N_AGES:
        raise InputError(
            f"Feld 'stock': Form {shape}, erwartet (R, O, Q, S, {N_AGES}) / "
            f"field 'stock': shape {shape}, expected (R, O, Q, S, {N_AGES})"
        )
    for name in ("stock", "entries"):
        arr = _check(name, getattr(inputs, name), shape)
        if arr.shape != shape:
            raise InputError(f"Feld {name!r}: Form {arr.shape} ≠ {shape} / field {name!r}: shape")
        if (arr < 0).any():
            raise InputError(
                f"Feld {name!r}: negativer Wert {float(arr.min())} / "
                f"field {name!r}: negative value {float(arr.min())}"
            )


def validate_rates(inputs: EngineInputs) -> None:
    """The checks of :func:`validate` on rates, factors and the mobility matrix (the part a
    Monte Carlo draw changes; the stock and entries are checked once per run)."""
    shape = inputs.shape
    exit_rate = _check("exit_rate", inputs.exit_rate, shape)
    if (exit_rate < 0).any() or (exit_rate > 1).any():
        raise InputError(
            f"Feld 'exit_rate': Wert außerhalb [0, 1]: {float(exit_rate.min())}…"
            f"{float(exit_rate.max())} / field 'exit_rate': value outside [0, 1]"
        )
    mig = _check("migration_rate", inputs.migration_rate, shape)
    part = _check("participation_rate", inputs.participation_rate, shape)
    part_max = 1.0
    for name in ("entry_factor", "participation_profile"):
        value = getattr(inputs, name)
        if value is None:
            continue
        arr = np.asarray(value, dtype=np.float64)
        if arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[1] not in (1, shape[0])):
            raise InputError(
                f"Feld {name!r}: Form {arr.shape}, erwartet (T,) oder (T, {shape[0]}) / "
                f"field {name!r}: shape {arr.shape}, expected (T,) or (T, {shape[0]})"
            )
        if not np.all(np.isfinite(arr)) or (arr < 0).any():
            raise InputError(
                f"Feld {name!r}: negativ oder NaN/inf / field {name!r}: negative or NaN/inf"
            )
        if name == "participation_profile" and arr.size:
            part_max = max(part_max, float(arr.max()))
    out = mobility_out(inputs)
    level_out = level_moves_out(inputs)
    loss = (
        exit_rate
        + out.reshape(1, -1, 1, 1, 1)
        + level_out
        + np.maximum(-mig, 0)
        + np.maximum(-part, 0) * DTYPE(part_max)
    )
    worst = float(loss.max())
    if worst > 1.0 + 1e-6:
        raise InputError(
            f"Abgänge + Mobilität + Abwanderung > 1 (max {worst:.4f}): Bestände würden negativ / "
            f"exits + mobility + out-migration exceed 1 (max {worst:.4f}): stocks would go negative"
        )
    if inputs.mobility is not None:
        m = np.asarray(inputs.mobility)
        if m.shape != (shape[1], shape[1]) or (m < 0).any():
            raise InputError(
                f"Feld 'mobility': Form {m.shape} (erwartet {(shape[1], shape[1])}) oder negativ / "
                f"field 'mobility': shape {m.shape} or negative share"
            )


def mobility_matrix(inputs: EngineInputs) -> np.ndarray | None:
    """The mobility matrix as float32 with a zero diagonal (staying is not moving)."""
    if inputs.mobility is None:
        return None
    m = np.array(inputs.mobility, dtype=DTYPE)
    np.fill_diagonal(m, 0.0)
    return m


def mobility_out(inputs: EngineInputs) -> np.ndarray:
    """Share of each occupation leaving for another one per year, (O,)."""
    m = mobility_matrix(inputs)
    if m is None:
        return np.zeros(inputs.shape[1], dtype=DTYPE)
    return m.sum(axis=1)


LevelMove = tuple[int, int, int, int, np.ndarray]
"""One non-zero pair of :attr:`EngineInputs.level_moves`: ``(q_from, q_to, a0, a1, rate)``:
the ages ``a0:a1`` (indices) that hold every non-zero rate of the pair, and the rate there as
float32 (O or 1, S or 1, a1 − a0)."""


def level_move_pairs(inputs: EngineInputs) -> list[LevelMove]:
    """The non-zero off-diagonal pairs of ``level_moves`` (empty without moves).

    The engine moves only these, on their occupied ages (upgrading happens at 20–50, not at
    every age): zero moves run the exact operations of a model without the field (bit for bit
    the same result), and the moves cost a fraction of a pass over the state.
    """
    if inputs.level_moves is None:
        return []
    _, n_o, n_q, n_s, _ = inputs.shape
    m = np.asarray(inputs.level_moves, dtype=DTYPE)
    if m.ndim in (3, 4):
        m = m.reshape(m.shape[:2] + (1,) * (5 - m.ndim) + m.shape[2:])
    if (
        m.ndim != 5
        or m.shape[:2] != (n_q, n_q)
        or m.shape[2] not in (1, n_o)
        or m.shape[3] not in (1, n_s)
        or m.shape[4] != N_AGES
    ):
        raise InputError(
            f"Feld 'level_moves': Form {m.shape}, erwartet ({n_q}, {n_q}[, O][, S], {N_AGES}) / "
            f"field 'level_moves': shape {m.shape}, expected ({n_q}, {n_q}[, O][, S], {N_AGES})"
        )
    if not np.all(np.isfinite(m)) or (m < 0).any():
        raise InputError(
            "Feld 'level_moves': negativ oder NaN/inf / field 'level_moves': negative or NaN/inf"
        )
    pairs = []
    for qf in range(n_q):
        for qt in range(n_q):
            occupied = np.flatnonzero(m[qf, qt].any(axis=(0, 1)))
            if qf == qt or not occupied.size:
                continue
            a0, a1 = int(occupied[0]), int(occupied[-1]) + 1
            pairs.append((qf, qt, a0, a1, np.ascontiguousarray(m[qf, qt, :, :, a0:a1])))
    return pairs


def level_moves_out(inputs: EngineInputs) -> np.ndarray:
    """Share of each level leaving for another level per year, broadcastable (1, O, Q, S, A)."""
    pairs = level_move_pairs(inputs)
    if not pairs:
        return np.zeros(1, dtype=DTYPE)
    n_o = max(pair[-1].shape[0] for pair in pairs)
    n_s = max(pair[-1].shape[1] for pair in pairs)
    out = np.zeros((1, n_o, inputs.shape[2], n_s, N_AGES), dtype=DTYPE)
    for qf, _qt, a0, a1, rate in pairs:
        out[0, :, qf, :, a0:a1] += rate
    return out
