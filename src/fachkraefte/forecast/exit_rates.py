"""Exit rates by age × sex × Niveau estimated from the employment history (cohort comparison).

For each pair of consecutive years (t, t+1) and each cell (Kreis r, Berufsgruppe o, Niveau q,
sex s, age a) the cohort that was a years old in t is found again one year older in t+1
(the IAB/BIBB cohort-comparison method). What the model explains by other flows is taken off
first, so that nothing is counted twice — migration ``g`` (net of deaths) and the model's
entries ``E`` — and the rest is the cohort's loss:

    lost_t[c, a]  = S_t[c, a] · (1 + g[r, s, a]) + E[c, a+1] − S_{t+1}[c, a+1]
    n_t[c, a]     = S_t[c, a]                                   (exposure, person-years)
    X[c, b]       = Σ_t Σ_{a∈b} lost_t / Σ_t Σ_{a∈b} n_t        (pooled net rate of age band b)

With no migration and no entries this is the textbook ``1 − S(t+1, a+1) / S(t, a)``. The
employment data come in 5-year bands (``age_band`` of ``parameters/exits.toml``); spread to
single ages, every band boundary would show a jump of the spread, not of the data. Deaths
are inside ``lost`` (the employment series records them as leavers), which is why the exits
carry no separate mortality term when they are estimated.

Small cells are **pooled hierarchically with credibility weights** (Bühlmann-Straub):
all Kreise and Berufe → Land → Land × Berufsbereich → × Hauptgruppe → × Berufsgruppe →
Kreis × Berufsgruppe, each level shrunk towards its parent,

    x_L[i] = Z_i · X_L[i] + (1 − Z_i) · x_{L−1}[parent(i)],     Z_i = n_i / (n_i + k_L),

separately for every Niveau × sex × age band. ``k_L = σ² / τ²_L`` is estimated from the data:
σ² the variance of the yearly single-age rates within a cell (per person-year, chosen over the
band rates' variance by backtest, docs/forecast-model.md), τ²_L the variance of the
true rates between the cells of one parent (the unbiased Bühlmann-Straub estimators). Where
σ² cannot be estimated (one year pair) the documented ``default_k`` of
``parameters/exits.toml`` is used; where τ² ≤ 0 the level adds nothing (Z = 0). The positive
part of a rate is the exit rate (at most ``max_rate``); a negative rate is no exit but a net
inflow, which the adapter adds to the entries as the history's mean number of arrivals per
year (:meth:`ExitEstimate.net_arrivals`).

Hand-checked in ``tests/forecast/test_exit_rates.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fachkraefte.forecast.parameters import parameters


@dataclass
class CohortSums:
    """Sums over the year pairs on one cell grid (R, O, Q, S, B), B = age groups (bands)."""

    lost: np.ndarray
    exposure: np.ndarray
    within: np.ndarray
    """Σ_cells Σ_t n_t (X_t − X̄)² by (Q, S, B): the variation of the yearly single-age rates
    within each cell, added over the ages of a group."""
    within_df: np.ndarray
    """Σ_cells (years with exposure − 1) by (Q, S, B): its degrees of freedom."""
    pairs: list[tuple[int, int]] = field(default_factory=list)
    mean_exposure: np.ndarray | None = None
    """(R, O, Q, S, A − 1) float32: each single age's exposure per year pair (the mean of
    ``S_t[c, a]`` over the pairs), before the ages are added up to groups."""


REGION_CHUNK = 32
"""Kreise handled at once: the temporaries stay small also for all 400 Kreise."""


def cohort_sums(
    stocks: Iterable[np.ndarray],
    years: Sequence[int],
    *,
    migration: np.ndarray | float = 0.0,
    entries: np.ndarray | float = 0.0,
    bands: np.ndarray | None = None,
) -> CohortSums:
    """Cohort losses and exposures of consecutive years.

    ``stocks``: one (R, O, Q, S, A) single-age array per year of ``years`` (an iterator is
    read once, so a caller can build one year at a time); ``migration`` broadcastable to it
    (the model's net migration rate ``g``), ``entries`` the model's entries per year (added at
    the age they arrive). ``bands[a]``: the age group of the transition from age index a to
    a+1 (A − 1 ascending values without gaps); losses, exposures and the within-cell variation
    of the single ages are added up per group. Without ``bands`` every age is its own group.
    Year pairs that are not consecutive are skipped.
    """
    stream = iter(stocks)
    previous = np.asarray(next(stream), dtype=np.float64)
    shape = previous.shape
    cut = shape[:-1] + (shape[-1] - 1,)
    lost = np.zeros(cut)
    exposure = np.zeros(cut)
    lsq = np.zeros(cut)  # Σ_t lost_t² / n_t
    counts = np.zeros(cut)
    mig = np.broadcast_to(np.asarray(migration, dtype=np.float64), shape)
    arriving = np.broadcast_to(np.asarray(entries, dtype=np.float64), shape)
    pairs = []
    for i in range(len(years) - 1):
        current = np.asarray(next(stream), dtype=np.float64)
        before, previous = previous, current
        if years[i + 1] != years[i] + 1:
            continue
        for r0 in range(0, shape[0], REGION_CHUNK):
            rows = slice(r0, r0 + REGION_CHUNK)
            now = before[rows, ..., :-1]
            loss = now * (1.0 + mig[rows, ..., :-1]) + arriving[rows, ..., 1:]
            loss -= current[rows, ..., 1:]
            lost[rows] += loss
            exposure[rows] += now
            seen = now > 0
            lsq[rows] += np.where(seen, loss**2 / np.where(seen, now, 1.0), 0.0)
            counts[rows] += seen
        pairs.append((years[i], years[i + 1]))
    mean_exposure = (exposure / max(len(pairs), 1)).astype(np.float32)
    seen = exposure > 0
    between = np.where(seen, lost**2 / np.where(seen, exposure, 1.0), 0.0)
    cell_axes = tuple(range(len(cut) - 3))
    within = (lsq - between).sum(axis=cell_axes)
    within_df = np.maximum(counts - 1, 0).sum(axis=cell_axes)
    if bands is not None:
        groups = np.asarray(bands)
        if groups[0] != 0 or not np.isin(np.diff(groups), (0, 1)).all():
            raise ValueError("bands: aufsteigend, lückenlos / ascending groups without gaps")
        starts = np.flatnonzero(np.diff(groups, prepend=-1))
        lost, exposure, within, within_df = (
            np.add.reduceat(values, starts, axis=-1)
            for values in (lost, exposure, within, within_df)
        )
    return CohortSums(lost, exposure, within, within_df, pairs, mean_exposure)


@dataclass(frozen=True)
class Level:
    """One level of the hierarchy: a group key per Kreis and per Berufsgruppe."""

    name: str
    region: np.ndarray
    occupation: np.ndarray


def hierarchy(ags: Sequence[str], kldb3: Sequence[str]) -> list[Level]:
    """The levels from the coarsest to the cells: all → Land → × Bereich → × Hauptgruppe →
    × Berufsgruppe → Kreis × Berufsgruppe."""

    def keys(labels: Sequence[str], digits: int | None) -> np.ndarray:
        cut = [label if digits is None else label[:digits] for label in labels]
        lookup = {value: i for i, value in enumerate(dict.fromkeys(cut))}
        return np.array([lookup[value] for value in cut], dtype=np.int64)

    land = keys(ags, 2)
    return [
        Level("gesamt", keys(ags, 0), keys(kldb3, 0)),
        Level("land", land, keys(kldb3, 0)),
        Level("land_bereich", land, keys(kldb3, 1)),
        Level("land_hauptgruppe", land, keys(kldb3, 2)),
        Level("land_berufsgruppe", land, keys(kldb3, None)),
        Level("kreis_berufsgruppe", keys(ags, None), keys(kldb3, None)),
    ]


def _group(values: np.ndarray, level: Level) -> np.ndarray:
    out = np.zeros(
        (level.region.max() + 1, level.occupation.max() + 1) + values.shape[2:], dtype=np.float64
    )
    np.add.at(out, (level.region[:, None], level.occupation[None, :]), values)
    return out


def credibility_rates(
    sums: CohortSums, levels: list[Level], *, default_k: float, min_k: float = 0.0
) -> tuple[np.ndarray, dict[str, Any]]:
    """Shrunk rates on the finest level's grid (R, O, Q, S, A−1) and what was estimated.

    Every level is shrunk towards the one above it with ``Z = n / (n + k)``; ``k`` per level
    and Niveau × sex × age from the Bühlmann-Straub estimators (see the module docstring).
    """
    estimable = sums.within_df > 0
    # rounding can leave a tiny negative within-sum
    sigma2 = np.where(
        estimable, np.maximum(sums.within, 0.0) / np.where(estimable, sums.within_df, 1.0), np.nan
    )
    parent_rate = None
    parent_level = None
    ks: dict[str, float | None] = {}
    for level in levels:
        lost = _group(sums.lost, level)
        n = _group(sums.exposure, level)
        raw = np.where(n > 0, lost / np.where(n > 0, n, 1.0), 0.0)
        if parent_rate is None:
            rate = raw
        else:
            up = _parent_index(level, parent_level)
            prior = parent_rate[up[0][:, None], up[1][None, :]]
            k = np.maximum(
                _credibility_k(raw, n, up, parent_rate.shape[:2], sigma2, default_k), min_k
            )
            # an empty cell takes its parent's rate (also where k = 0)
            usable = np.isfinite(k) & (n > 0)
            weight = np.where(usable, n / np.where(usable, n + k, 1.0), 0.0)
            rate = weight * raw + (1.0 - weight) * prior
            finite = k[np.isfinite(k)]
            ks[level.name] = float(np.median(finite)) if finite.size else None
        parent_rate, parent_level = rate, level
    meta = {
        "levels": [level.name for level in levels],
        "k_median_by_level": ks,
        "sigma2_estimated": bool(estimable.any()),
        "default_k": default_k,
        "min_k": min_k,
    }
    return parent_rate, meta


def _parent_index(level: Level, parent: Level) -> tuple[np.ndarray, np.ndarray]:
    """For each group of ``level``: the group of ``parent`` it lies in (regions, occupations)."""
    regions = np.zeros(level.region.max() + 1, dtype=np.int64)
    regions[level.region] = parent.region
    occupations = np.zeros(level.occupation.max() + 1, dtype=np.int64)
    occupations[level.occupation] = parent.occupation
    return regions, occupations


def _credibility_k(raw, n, up, parent_shape, sigma2, default_k) -> np.ndarray:
    """``k = σ² / τ²`` by Niveau × sex × age, τ² between the children of each parent:
    ``τ² = (Σ_i n_i (X_i − X̄_p)² − (I − P) σ²) / Σ_p (n_p − Σ_{i∈p} n_i² / n_p)``."""
    if not np.isfinite(sigma2).any():
        return np.full(raw.shape, default_k)
    # the children's pooled mean per parent (not the shrunk parent rate)
    parent_n = np.zeros(parent_shape + raw.shape[2:])
    parent_lost = np.zeros_like(parent_n)
    index = (up[0][:, None], up[1][None, :])
    np.add.at(parent_n, index, n)
    np.add.at(parent_lost, index, raw * n)
    mean = np.where(parent_n > 0, parent_lost / np.where(parent_n > 0, parent_n, 1.0), 0.0)
    spread = (n * (raw - mean[index]) ** 2).sum(axis=(0, 1))
    children = (n > 0).sum(axis=(0, 1))
    parents = (parent_n > 0).sum(axis=(0, 1))
    square = np.zeros_like(parent_n)
    np.add.at(square, index, n**2)
    denominator = (
        parent_n - np.where(parent_n > 0, square / np.where(parent_n > 0, parent_n, 1.0), 0.0)
    ).sum(axis=(0, 1))
    s2 = np.where(np.isfinite(sigma2), sigma2, np.nanmedian(sigma2))
    with np.errstate(divide="ignore", invalid="ignore"):
        tau2 = (spread - (children - parents) * s2) / denominator
        k = np.where(tau2 > 0, s2 / tau2, np.inf)
    return np.broadcast_to(k, raw.shape)


@dataclass(frozen=True)
class ExitEstimate:
    """The estimated rates on the model's grid (R, O, Q, S, A) and their record."""

    exit_rate: np.ndarray
    """Net exit rate from age a to a+1, in [0, max_rate]; the last age repeats the one before."""
    inflow_rate: np.ndarray
    """Where the cohort grew beyond migration and entries: that net inflow per person of age
    a, arriving at age a+1 (≥ 0; the negative part of the net rate, which is no exit)."""
    record: dict[str, Any]
    mean_exposure: np.ndarray
    """(R, O, Q, S, A) float32: the history's mean stock per single age (the exposure of one
    year pair); the last age repeats the one before."""

    def net_arrivals(self) -> np.ndarray:
        """Net inflow per year in persons, from the cohort of age a arriving at a+1: the net
        inflow rate times the cohort's **mean** history stock, as many as arrived per year
        in the history.

        Exits leave from the stock and scale with it; net inflows (returners, people changing
        into the cell) come from outside it. Scaled by the base year's count instead, they
        would carry forward that year's transient deviation: a cell whose count happened to
        jump in the last year has both a net inflow rate from that jump and a larger stock,
        and the product grows the supply faster than it grew in the history
        (docs/forecast-model.md, "Nettozugänge").
        """
        return self.inflow_rate * self.mean_exposure


def estimate_exit_rates(
    stocks: Iterable[np.ndarray],
    years: Sequence[int],
    ags: Sequence[str],
    kldb3: Sequence[str],
    *,
    migration: np.ndarray | float = 0.0,
    entries: np.ndarray | float = 0.0,
) -> ExitEstimate | None:
    """Exit (and net inflow) rates from the history, or ``None`` without a consecutive pair.

    Rates are pooled over the ages of each ``age_band`` of ``parameters/exits.toml``, shrunk
    hierarchically (:func:`credibility_rates`), then split: the positive part is the exit
    rate (at most ``max_rate``), the negative part a net inflow (people who come back or
    change into the cell at that age beyond the modelled entries and migration).
    """
    spec = parameters("exits")["estimate"]
    stream = iter(stocks)
    first = next(stream)
    bands = np.arange(np.shape(first)[-1] - 1) // spec["age_band"]
    sums = cohort_sums(
        itertools.chain([first], stream),
        years,
        migration=migration,
        entries=entries,
        bands=bands,
    )
    if not sums.pairs:
        return None
    rates, meta = credibility_rates(
        sums, hierarchy(ags, kldb3), default_k=spec["default_k"], min_k=spec["min_k"]
    )
    exposure = sums.exposure
    rates = rates[..., bands]
    exits = np.clip(rates, 0.0, spec["max_rate"])
    inflow = np.maximum(-rates, 0.0)
    per_year = len(sums.pairs)
    band_exits = np.clip(rates[..., np.unique(bands, return_index=True)[1]], 0.0, spec["max_rate"])
    band_rates = rates[..., np.unique(bands, return_index=True)[1]]
    meta = {
        "method": "cohort comparison, Bühlmann-Straub credibility (forecast/exit_rates.py)",
        "source": spec["source"],
        "vintage": spec["vintage"],
        "status": "aus Daten geschätzt / estimated from data",
        "year_pairs": [list(pair) for pair in sums.pairs],
        **meta,
        "age_band": spec["age_band"],
        "max_rate": spec["max_rate"],
        "exits_per_year_at_history_stock": round(float((band_exits * exposure).sum()) / per_year),
        "net_inflow_per_year_at_history_stock": round(
            float((np.maximum(-band_rates, 0.0) * exposure).sum()) / per_year
        ),
        "capped_per_year_at_history_stock": round(
            float(((band_rates - band_exits).clip(0) * exposure).sum()) / per_year
        ),
    }

    def full(values: np.ndarray) -> np.ndarray:
        return np.concatenate([values, values[..., -1:]], axis=-1)

    return ExitEstimate(full(exits), full(inflow), meta, full(sums.mean_exposure))
