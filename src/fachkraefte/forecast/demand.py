"""Demand side: employment paths (expansion demand) and replacement demand.

Expansion demand ("Veränderungsbedarf") in year t is ``E(t+1) - E(t)`` of an employment path;
replacement demand ("Ersatzbedarf") is every exit of the supply projection (retirement, full
disability, withdrawal, death, leaving the age range), as IWAK/regio pro count it.
"""

from __future__ import annotations

import numpy as np

from fachkraefte.forecast.engine import InputError


def damped_trend(history: np.ndarray, horizon: int, *, phi: float = 0.8) -> np.ndarray:
    """Damped-trend path from a yearly history (axis 0 = years, oldest first).

    The average annual log growth ``g`` of the history is continued with damping ``phi``:
    ``E(T+h) = E(T) * exp(g * (phi + phi² + … + phi^h))``. Returns ``horizon + 1`` years
    starting with the last observation. Cells with a zero in the history keep their last value.

    >>> damped_trend(np.array([100.0, 110.0]), 2, phi=0.5).round(2).tolist()
    [110.0, 115.37, 118.15]
    """
    if not 0.0 <= phi <= 1.0:
        raise InputError(f"phi={phi}: muss in [0, 1] liegen / must lie in [0, 1]")
    hist = np.asarray(history, dtype=np.float64)
    if hist.shape[0] < 2:
        raise InputError(
            f"Verlauf mit {hist.shape[0]} Jahr(en): mindestens 2 nötig / history needs ≥ 2 years"
        )
    first, last = hist[0], hist[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where((first > 0) & (last > 0), np.log(last / first) / (hist.shape[0] - 1), 0.0)
    damp = np.cumsum(phi ** np.arange(1, horizon + 1))
    damp = np.concatenate([[0.0], damp]).reshape((-1,) + (1,) * g.ndim)
    return last[None, ...] * np.exp(g[None, ...] * damp)


def scenario_path(base: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Path from base-year employment and yearly growth rates ``growth`` (shape (T,) or (T, …))."""
    base = np.asarray(base, dtype=np.float64)
    growth = np.asarray(growth, dtype=np.float64)
    factors = np.cumprod(1.0 + growth, axis=0)
    factors = factors.reshape(factors.shape + (1,) * (base.ndim - factors.ndim + 1))
    return np.concatenate([base[None, ...], base[None, ...] * factors], axis=0)


def industry_path(industry: np.ndarray, occupation_by_industry: np.ndarray) -> np.ndarray:
    """Convert an industry path (T+1, R, W) to occupations (T+1, R, O).

    ``occupation_by_industry`` is (W, O): the share of industry w's employment working in
    occupation o (each row sums to 1), e.g. from the BA's employment by WZ 2008 section × KldB.
    """
    mat = np.asarray(occupation_by_industry, dtype=np.float64)
    rows = mat.sum(axis=1)
    bad = np.flatnonzero(np.abs(rows - 1.0) > 1e-6)
    if bad.size:
        raise InputError(
            f"Berufs-Branchen-Matrix: Zeile {int(bad[0])} summiert zu {rows[bad[0]]:.6f} statt 1 / "
            f"occupation-by-industry matrix: row {int(bad[0])} sums to {rows[bad[0]]:.6f}, not 1"
        )
    return np.einsum("trw,wo->tro", np.asarray(industry, dtype=np.float64), mat)


def expansion_demand(path: np.ndarray) -> np.ndarray:
    """Yearly change of the employment path; the last year is zero (no following year)."""
    path = np.asarray(path, dtype=np.float64)
    out = np.zeros_like(path)
    out[:-1] = path[1:] - path[:-1]
    return out
