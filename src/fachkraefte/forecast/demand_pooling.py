"""Trend slopes pooled along the region and occupation hierarchy (shrinkage towards the parent).

Every series' own slope is the least-squares slope of log employment over all history years;
a cell's slope is then shrunk towards its parent's pooled slope with weight ``E / (E + κ)``,
bottom-up from Kreis × Berufsgruppe × Niveau to the Land (see :mod:`.demand_fit`, which
chooses κ by backtest).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Hierarchy:
    """Group id of every Kreis × Berufsgruppe × Niveau cell at each pooling level."""

    ids: list[np.ndarray]  # per level, (R·O·Q,) group ids
    sizes: list[int]
    occ_hg: np.ndarray  # (O,) Hauptgruppe id
    occ_bereich: np.ndarray  # (O,) Bereich id
    land: np.ndarray  # (R,) Land id


@functools.lru_cache(maxsize=8)
def hierarchy(ags: tuple[str, ...], kldb3: tuple[str, ...], n_q: int) -> Hierarchy:
    def codes(values: list[str]) -> np.ndarray:
        return np.unique(np.asarray(values), return_inverse=True)[1].astype(np.int64)

    n_r, n_o = len(ags), len(kldb3)
    land = codes([a[:2] for a in ags])
    hg = codes([k[:2] for k in kldb3])
    bereich = codes([k[:1] for k in kldb3])
    r, o, q = (g.ravel() for g in np.meshgrid(*map(np.arange, (n_r, n_o, n_q)), indexing="ij"))
    raw = [
        (r * n_o + o) * n_q + q,
        r * n_o + o,
        land[r] * n_o + o,
        land[r] * (int(hg.max()) + 1) + hg[o],
        land[r] * (int(bereich.max()) + 1) + bereich[o],
        land[r],
    ]
    ids, sizes = [], []
    for level in raw:
        _u, inv = np.unique(level, return_inverse=True)
        ids.append(inv.astype(np.int64))
        sizes.append(int(inv.max()) + 1 if inv.size else 0)
    return Hierarchy(ids, sizes, hg, bereich, land)


@dataclass(frozen=True)
class RawSlopes:
    """Own least-squares slope of every series of every level (from one history window)."""

    slope: list[np.ndarray]
    mean: list[np.ndarray]
    sxx: list[np.ndarray]
    valid: list[np.ndarray]
    parent: list[np.ndarray]  # group of level L → its group at level L + 1


def raw_slopes(history: np.ndarray, years: np.ndarray, hier: Hierarchy) -> RawSlopes:
    """``history``: (H, R·O·Q) employment."""
    t = np.asarray(years, dtype=np.float64)
    slopes, means, sxxs, valids, parents = [], [], [], [], []
    for level, (ids, size) in enumerate(zip(hier.ids, hier.sizes, strict=True)):
        series = np.zeros((history.shape[0], size))
        for y in range(history.shape[0]):
            series[y] = np.bincount(ids, weights=history[y], minlength=size)
        ok = series > 0
        n = ok.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            log = np.where(ok, np.log(np.where(ok, series, 1.0)), 0.0)
            tbar = (ok * t[:, None]).sum(axis=0) / np.maximum(n, 1)
            ybar = log.sum(axis=0) / np.maximum(n, 1)
            dt = np.where(ok, t[:, None] - tbar, 0.0)
            sxx = (dt**2).sum(axis=0)
            slope = np.where(
                sxx > 0, (dt * (log - ybar)).sum(axis=0) / np.where(sxx > 0, sxx, 1), 0
            )
        slopes.append(slope)
        means.append(series.mean(axis=0))
        sxxs.append(sxx)
        valids.append((n >= 2) & (sxx > 0))
        if level + 1 < len(hier.ids):
            parent = np.zeros(size, dtype=np.int64)
            parent[ids] = hier.ids[level + 1]
            parents.append(parent)
    return RawSlopes(slopes, means, sxxs, valids, parents)


def shrunk(raw: RawSlopes, kappa: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """Slope of every cell (level 0) and the own-slope weight of every series per level."""
    top = len(raw.slope) - 1
    slope = np.where(raw.valid[top], raw.slope[top], 0.0)
    weights: list[np.ndarray] = [np.zeros(0)] * (top + 1)
    weights[top] = raw.valid[top].astype(np.float64)
    for level in range(top - 1, -1, -1):
        mean = raw.mean[level]
        if np.isinf(kappa):
            w = np.zeros_like(mean)
        else:
            w = np.where(raw.valid[level], mean / np.maximum(mean + kappa, 1e-12), 0.0)
        # a series that is its parent (a cell with one Niveau, a Land with one Kreis) is not
        # shrunk a second time: it takes the parent's pooled slope as it is
        parent = raw.parent[level]
        same = (mean == raw.mean[level + 1][parent]) & (
            raw.slope[level] == raw.slope[level + 1][parent]
        )
        w = np.where(same, 0.0, w)
        slope = w * raw.slope[level] + (1.0 - w) * slope[parent]
        weights[level] = w
    return slope, weights


def pooled_slopes(
    history: np.ndarray, years: list[int], ags: list[str], kldb3: list[str], kappa: float
) -> np.ndarray:
    """(R, O, Q) slopes of ``history`` (H, R, O, Q) shrunk along the hierarchy with ``κ``."""
    hist = np.asarray(history, dtype=np.float64)
    hier = hierarchy(tuple(ags), tuple(kldb3), hist.shape[3])
    raw = raw_slopes(hist.reshape(hist.shape[0], -1), np.asarray(years, dtype=float), hier)
    return shrunk(raw, kappa)[0].reshape(hist.shape[1:])
