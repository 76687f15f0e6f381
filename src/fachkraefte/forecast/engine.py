"""Cohort-component projection of labour supply on a dense NumPy state array.

State axes (in this order): district r × Berufsgruppe o × Anforderungsniveau q × sex s ×
single year of age a (``AGE_MIN``..``AGE_MAX``). One projection year is, per cell::

    stock'(a)     = stock(a) * (1 - exit(s,a) - out(o) + mig(r,s,a) + π(t) part(s,a)) + mob_in(o)
    stock(t+1, a+1) = stock'(a) + f(t,r) entries(a+1)

where ``out(o)`` is the row sum of the mobility matrix ``M`` (diagonal ignored) and
``mob_in(p) = sum_o M[o, p] * stock(o)``; ``π(t)`` is the participation profile (a
phase-in stops after its years) and ``f(t, r)`` the entry factor (young-population index). People at ``AGE_MAX`` leave the age range and are
counted as exits ("Ersatzbedarf"). All flows use the stock at the start of the year (explicit
scheme) so that the accounting identity holds exactly per cell and the whole year is one fused
survive-and-age multiply into a second buffer, one small matmul per connected group of
occupations that exchange workers (only with a mobility matrix; see :func:`mobility_blocks`)
and one reduction — no Python loop over cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fachkraefte.common.ages import AGE_MAX as AGE_MAX
from fachkraefte.common.ages import AGE_MIN, N_AGES
from fachkraefte.common.errors import InputError

ENTRY_AGE = 27  # IWAK/regio pro convention for the demographic replacement ratio
EXIT_AGE = 64

DTYPE = np.float32
BLOCK_CELLS = 1 << 19
"""Cells per district block of the supply-only path: ≈ 2 MB of float32 state, cache-sized."""


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

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.stock.shape)


@dataclass
class Projection:
    """Yearly results aggregated over sex and age, shape (T+1, R, O, Q) unless noted.

    ``supply[t]`` is the stock at the start of year ``base_year + t``; ``exits[t]``,
    ``entries[t]``, ``migration[t]``, ``participation[t]`` and ``mobility[t]`` are the flows
    from ``t`` to ``t+1`` (index T is zero). ``entrants_27``/``leavers_64`` (T+1, R, O) count
    people at age 27 and 64 for the demographic replacement ratio. ``states`` holds every full
    state when ``keep_states`` was set (tests only; the benchmark does not keep them).
    ``passes`` counts, per projection year, the state-sized arrays the engine wrote
    (``writes``) and reduced (``reductions``), in units of the whole state: the benchmark's
    memory-bandwidth floor replays that many streaming passes.
    """

    base_year: int
    supply: np.ndarray
    exits: np.ndarray
    entries: np.ndarray
    migration: np.ndarray
    participation: np.ndarray
    mobility: np.ndarray
    entrants_27: np.ndarray
    leavers_64: np.ndarray
    states: list[np.ndarray] | None = None
    passes: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> np.ndarray:
        return self.base_year + np.arange(self.supply.shape[0])


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
    _validate_state(inputs)
    _validate_rates(inputs)


def _validate_state(inputs: EngineInputs) -> None:
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


def _validate_rates(inputs: EngineInputs) -> None:
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
    out = _mobility_out(inputs)
    loss = (
        exit_rate
        + out.reshape(1, -1, 1, 1, 1)
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


def _mobility_matrix(inputs: EngineInputs) -> np.ndarray | None:
    if inputs.mobility is None:
        return None
    m = np.array(inputs.mobility, dtype=DTYPE)
    np.fill_diagonal(m, 0.0)
    return m


def _mobility_out(inputs: EngineInputs) -> np.ndarray:
    m = _mobility_matrix(inputs)
    if m is None:
        return np.zeros(inputs.shape[1], dtype=DTYPE)
    return m.sum(axis=1)


def _as_index(idx: np.ndarray) -> slice | np.ndarray:
    """A slice where the indices are one contiguous run (a view instead of a gathered copy)."""
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _span(idx: np.ndarray) -> np.ndarray:
    """All indices from the first to the last when that at most doubles them: a contiguous
    run is a view (no gathered copy, no scattered add); the zeros it adds cost a few flops."""
    if idx.size and idx[-1] - idx[0] + 1 <= 2 * idx.size:
        return np.arange(idx[0], idx[-1] + 1)
    return idx


@dataclass(frozen=True)
class MobilityBlock:
    """One group of occupations that exchange workers: flows from ``sources`` to ``targets``.

    ``weights`` is ``M[sources][:, targets].T`` (float32, C order), so the inflow of the block
    is one matmul ``weights @ state[:, sources]``.
    """

    sources: slice | np.ndarray
    targets: slice | np.ndarray
    weights: np.ndarray


def mobility_blocks(matrix: np.ndarray) -> list[MobilityBlock]:
    """Split a mobility matrix into the connected groups of its non-zero flows.

    Real (and the estimated default) matrices are sparse: people change to a few related
    occupations. Each group's inflow is a small dense matmul over only the occupations that
    give (rows) and take (columns), instead of an O × O matmul over the whole state; a dense
    matrix is a single group, i.e. the full matmul. Zeros contribute nothing, so the result is
    the dense product up to float32 rounding order.

    >>> m = np.zeros((4, 4)); m[0, 1] = 0.1; m[2, 3] = 0.2
    >>> [(b.sources, b.targets) for b in mobility_blocks(m)]
    [(slice(0, 1, None), slice(1, 2, None)), (slice(2, 3, None), slice(3, 4, None))]
    """
    m = np.array(matrix, dtype=np.float64)
    np.fill_diagonal(m, 0.0)
    n = m.shape[0]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    src, dst = np.nonzero(m)
    for o, p in zip(src.tolist(), dst.tolist(), strict=True):
        parent[root(o)] = root(p)
    groups: dict[int, list[int]] = {}
    for i in sorted(set(src.tolist()) | set(dst.tolist())):
        groups.setdefault(root(i), []).append(i)
    blocks = []
    for members in sorted(groups.values()):
        idx = np.array(members)
        sources = _span(idx[m[idx].any(axis=1)])
        targets = _span(idx[m[:, idx].any(axis=0)])
        # A run may pass over occupations of other groups: only this group's flows count.
        own = np.zeros(n, dtype=bool)
        own[idx] = True
        weights = m[np.ix_(sources, targets)] * (own[sources][:, None] & own[targets][None, :])
        weights = np.ascontiguousarray(weights.T, dtype=DTYPE)
        blocks.append(MobilityBlock(_as_index(sources), _as_index(targets), weights))
    return blocks


def _as_5d(x: np.ndarray) -> np.ndarray:
    return x.reshape((1,) * (5 - x.ndim) + x.shape)


def _rows(x: np.ndarray, rows: slice) -> np.ndarray:
    """The district block of a broadcastable 5-d array (all of it when it has one row)."""
    return x if x.shape[0] == 1 else x[rows]


def _inflow(state: np.ndarray, block: MobilityBlock) -> np.ndarray:
    """People arriving in ``block.targets`` from ``block.sources``: (R, targets, Q, S, A)."""
    n_rows = state.shape[0]
    sources = state[:, block.sources]
    inflow = np.matmul(block.weights, sources.reshape(n_rows, sources.shape[1], -1))
    return inflow.reshape((n_rows, -1) + state.shape[2:])


def _entry_ages(entries: np.ndarray) -> tuple[int, int]:
    """The age slice ``a0:a1`` the entries are added to.

    Entries are zero at most ages: adding only the occupied age slice saves most of a pass.
    When most ages are occupied one contiguous add over the whole state is cheaper than a
    strided one over the slice (adding the zeros elsewhere changes no value).
    """
    occupied = np.flatnonzero(entries.reshape(-1, N_AGES).any(axis=0))
    a0, a1 = (int(occupied[0]), int(occupied[-1]) + 1) if occupied.size else (0, 0)
    if 2 * (a1 - a0) > N_AGES:
        a0, a1 = 0, N_AGES
    return a0, a1


def _keep(
    exit_rate: np.ndarray, out_rate: np.ndarray, mig: np.ndarray, part: np.ndarray, p_t: float
) -> np.ndarray:
    """The combined keep factor ``1 - exit - out + mig + π part`` in its broadcast shape."""
    # Same operation order as without a profile, so a profile of ones is bit-identical.
    term = part if p_t == 1.0 else part * DTYPE(p_t)
    keep = (DTYPE(1.0) - exit_rate) - out_rate + mig + term
    return _as_5d(keep).astype(DTYPE, copy=False)


def project(
    inputs: EngineInputs, years: int, *, keep_states: bool = False, flows: bool = True
) -> Projection:
    """Project supply ``years`` years ahead of ``inputs.base_year``.

    >>> import numpy as np
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
    mob = _mobility_matrix(inputs)
    blocks = mobility_blocks(mob) if mob is not None else []
    out_vec = _mobility_out(inputs)
    out_rate = out_vec.reshape(1, -1, 1, 1, 1)
    leaving = _as_index(np.flatnonzero(out_vec > 0))
    # One combined "keep" factor so that a year costs a single multiply over the state. It
    # keeps its broadcast shape (typically (R, O, 1, S, A)): less memory traffic per year.
    # A participation profile changes it between years: one keep array per distinct value
    # (a phase-in has two), built when first needed.
    keeps: dict[float, np.ndarray] = {}

    def keep_for(p_t: float) -> np.ndarray:
        if p_t not in keeps:
            keeps[p_t] = _keep(exit_rate, out_rate, mig, part, p_t)
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
        for k in ("supply", "exits", "entries", "migration", "participation", "mobility")
    }
    e27 = np.zeros((t1, n_r, n_o))
    l64 = np.zeros((t1, n_r, n_o))
    # Two flat buffers with one spare element each. ``state`` views the first ``size`` elements;
    # the "shifted" view of the other buffer starts one element later, so that a contiguous
    # multiply ``state * keep -> shifted`` lands every cell's age a at a+1 (survive and age in
    # one streaming pass, no strided write). The oldest age spills into age 0 of the next cell
    # (and the last one into the spare element); age 0 is reset right after.
    size = int(np.prod(shape))
    bufs = [np.empty(size + 1, dtype=DTYPE), np.empty(size + 1, dtype=DTYPE)]
    state = bufs[0][:size].reshape(shape)
    state[...] = np.asarray(inputs.stock, dtype=DTYPE)
    cur = 0
    states = [state.copy()] if keep_states else None
    a0, a1 = _entry_ages(entries)
    entries_slice = entries[..., a0:a1]
    entries_total = agg(entries)
    scaled = None
    scaled_by = None
    # State-sized arrays written and reduced per year, in units of the whole state (counted
    # in the first year, where every block runs the same operations as in any other year).
    passes = {"writes": 0.0, "reductions": 0.0}
    n_age_entries = a1 - a0

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
        exit_5d, mig_5d, part_5d = (_as_5d(x) for x in (exit_rate, mig, part))
    record(0, state)
    for t in range(years):
        count = t == 0
        nbuf = bufs[1 - cur]
        nxt = nbuf[:size].reshape(shape)
        shifted = nbuf[1:].reshape(shape)
        f_t = factor[t]
        neutral = bool((f_t == 1.0).all())
        if a1 > a0 and not neutral and (scaled_by is None or not np.array_equal(scaled_by, f_t)):
            # constant factors (Monte Carlo) are scaled once; a factor per district broadcasts
            scaled = np.multiply(entries_slice, f_t.reshape(-1, 1, 1, 1, 1), out=scaled)
            scaled_by = f_t.copy()
            if count:
                passes["writes"] += n_age_entries / N_AGES
        add = entries_slice if neutral else scaled
        p_t = float(profile[t])
        keep = keep_for(p_t)
        extra_t = extra.get(t + 1, ())
        for lo in range(0, n_r, step):
            hi = min(lo + step, n_r)
            rows = slice(lo, hi)
            share = (hi - lo) / n_r if count else 0.0
            st = state[rows]
            k_rows = _rows(keep, rows)
            if flows:
                out["migration"][t, rows] = agg(st * _rows(mig_5d, rows))
                part_t = agg(st * _rows(part_5d, rows))
                out["participation"][t, rows] = part_t if p_t == 1.0 else part_t * p_t
                ex = st * _rows(exit_5d, rows)
                # three products (migration, participation, exits), each written and reduced
                passes["writes"] += 3 * share
                passes["reductions"] += 3 * share
                # Everyone at AGE_MAX still there at year end leaves the range: an exit.
                ex[..., -1] += st[..., -1] * k_rows[..., -1]
                mobility_t = out["mobility"][t, rows]
            # Survive/move and age in one contiguous pass into the other buffer, shifted by
            # one; a block's last value spills into the next block's age 0, reset in turn.
            shifted_b = shifted[rows]
            np.multiply(st, k_rows, out=shifted_b)
            passes["writes"] += share
            for block in blocks:
                # Movers change occupation at the year's start stock and age with everyone:
                # added through the shifted view too (movers at AGE_MAX spill into age 0,
                # reset below, and count as exits).
                inflow = _inflow(st, block)
                target = shifted_b[:, block.targets]
                if isinstance(block.targets, slice):
                    np.add(target, inflow, out=target)
                else:
                    shifted_b[:, block.targets] += inflow
                if count:
                    # the inflow is written once and added into the targets
                    passes["writes"] += 2 * share * inflow.shape[1] / n_o
                if flows:
                    ex[..., -1][:, block.targets] += inflow[..., -1]
                    mobility_t[:, block.targets] += agg(inflow)
                    passes["reductions"] += share * inflow.shape[1] / n_o
            nxt_b = nxt[rows]
            nxt_b[..., 0] = 0.0
            if flows:
                if blocks:
                    mobility_t[:, leaving] -= agg(st[:, leaving] * out_rate[:, leaving])
                    n_leaving = st[:, leaving].shape[1]
                    passes["writes"] += share * n_leaving / n_o
                    passes["reductions"] += share * n_leaving / n_o
                out["exits"][t, rows] = agg(ex)
            if a1 > a0:
                target = nxt_b if (a0, a1) == (0, N_AGES) else nxt_b[..., a0:a1]
                np.add(target, add[rows], out=target)
                passes["writes"] += share * n_age_entries / N_AGES
            for _when, (r, o, q, s, a), persons in extra_t:
                if lo <= r < hi:
                    nxt[r, o, q, s, a] += persons
            record(t + 1, nxt_b, lo)
            passes["reductions"] += share  # supply totals of the new state
        if flows:
            out["entries"][t] = entries_total * f_t.astype(np.float64).reshape(-1, 1, 1)
        for _when, (r, o, q, _s, _a), persons in extra_t:
            out["entries"][t, r, o, q] += persons
        state, cur = nxt, 1 - cur
        if states is not None:
            states.append(state.copy())
    return Projection(
        base_year=inputs.base_year,
        entrants_27=e27,
        leavers_64=l64,
        states=states,
        passes=passes,
        **out,
    )


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

    Each row sees the same float32 operations in the same order as in :func:`project` (the
    mobility matmul is one BLAS call per row there and here), so results do not depend on
    ``rows`` or on which draws share a call.
    """
    if years < 0:
        raise InputError(f"years={years}: muss ≥ 0 sein / must be ≥ 0")
    _validate_state(inputs)
    shape = inputs.shape
    n_r, n_o, n_q = shape[:3]
    cell_shape = shape[1:]
    n_d = len(draws)
    part = np.asarray(inputs.participation_rate, dtype=DTYPE)
    mob = _mobility_matrix(inputs)
    blocks = mobility_blocks(mob) if mob is not None else []
    out_rate = _mobility_out(inputs).reshape(1, -1, 1, 1, 1)
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
        )
        _validate_rates(variant)
        exit_rate = np.asarray(draw.exit_rate, dtype=DTYPE)
        mig = np.asarray(draw.migration_rate, dtype=DTYPE)
        keeps.append({p: _keep(exit_rate, out_rate, mig, part, p) for p in p_values})
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
    a0, a1 = _entry_ages(entries)
    full_ages = (a0, a1) == (0, N_AGES)
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
            n = n_rows * cells
            state = bufs[0][:n].reshape(block_shape)
            state[...] = stock[r0:r1, None]
            cur = 0
            add = scaled[: n_rows * entries_slice[0].size].reshape(
                (r1 - r0, nd) + entries_slice.shape[1:]
            )
            for t in range(years):
                nbuf = bufs[1 - cur]
                nxt = nbuf[:n].reshape(block_shape)
                shifted = nbuf[1 : n + 1].reshape(block_shape)
                # survive/move and age in one contiguous pass, shifted by one (see ``project``)
                np.multiply(state, keep_rows[float(profile[t])][r0:r1], out=shifted)
                st = state.reshape((n_rows,) + cell_shape)
                shifted_rows = shifted.reshape((n_rows,) + cell_shape)
                for block in blocks:
                    inflow = _inflow(st, block)
                    target = shifted_rows[:, block.targets]
                    if isinstance(block.targets, slice):
                        np.add(target, inflow, out=target)
                    else:
                        shifted_rows[:, block.targets] += inflow
                nxt[..., 0] = 0.0
                if a1 > a0:
                    f_t = factors[d0:d1, t, r0:r1].T.reshape(r1 - r0, nd, 1, 1, 1, 1)
                    np.multiply(entries_slice[r0:r1, None], f_t, out=add)
                    target = nxt if full_ages else nxt[..., a0:a1]
                    np.add(target, add, out=target)
                for r in range(r0, r1):
                    for o, q, s, a, persons in extra.get((t + 1, r), ()):
                        for i in range(nd):
                            nxt[r - r0, i, o, q, s, a] += persons
                totals = nxt.reshape(r1 - r0, nd, n_o, n_q, -1).sum(axis=-1)
                supply[d0:d1, t + 1, r0:r1] = totals.transpose(1, 0, 2, 3)
                state, cur = nxt, 1 - cur
    return supply
