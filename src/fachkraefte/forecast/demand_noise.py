"""Noise of employment around the demand path, calibrated on in-history backtest errors.

The variance of a Kreis × Berufsgruppe cell's log error ``h`` years ahead is
``k² · ((α + β / E) + γ² + δ²) · h^p``: ``α + β/E`` the cell's own part (a proportional part and
a Poisson-like part that shrinks with the cell's size E, least squares on the squared errors),
γ² a part shared by all cells of a Land × Berufsbereich and δ² one shared by a Land (method of
moments on the errors of those sums, less what the lower parts explain), p the growth with the
horizon (from the mean squared error per horizon, 0…1), and ``k`` the scale that makes
±Z80 standard deviations cover 80 % of the errors (:data:`Z80`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Z80 = 1.2815515655446004
"""Standard normal quantile of 0.9: P10–P90 of N(0, 1) is ±Z80."""


@dataclass(frozen=True)
class Noise:
    """Calibrated noise of a cell's log employment around its path (see module docstring)."""

    alpha: float = 0.0
    beta: float = 0.0
    gamma2: float = 0.0
    power: float = 1.0
    scale: float = 1.0
    errors: int = 0
    """How many in-history cell errors it was fitted on (0: no noise, nothing to fit on)."""
    delta2: float = 0.0
    """Variance of the part shared by all cells of a Land (yearly units)."""

    def cell_sd(self, size: np.ndarray) -> np.ndarray:
        """Yearly-unit sd of a cell's log error for cells of ``size`` persons (scale included)."""
        size = np.maximum(np.asarray(size, dtype=np.float64), 1.0)
        return self.scale * np.sqrt(np.maximum(self.alpha + self.beta / size, 0.0))

    def common_sd(self) -> float:
        """sd of the part shared by a Land × Berufsbereich (scale included)."""
        return self.scale * float(np.sqrt(max(self.gamma2, 0.0)))

    def land_sd(self) -> float:
        """sd of the part shared by a Land (scale included)."""
        return self.scale * float(np.sqrt(max(self.delta2, 0.0)))

    def growth(self, years: int) -> np.ndarray:
        """``h^(p/2)`` for h = 0 … years (0 at the base year)."""
        h = np.arange(years + 1, dtype=np.float64)
        return np.where(h > 0, h ** (self.power / 2.0), 0.0)

    def metadata(self) -> dict[str, Any]:
        return {
            "alpha": round(self.alpha, 8),
            "beta": round(self.beta, 6),
            "gamma2": round(self.gamma2, 8),
            "delta2": round(self.delta2, 8),
            "power": round(self.power, 4),
            "scale": round(self.scale, 4),
            "errors": self.errors,
        }


def fit_noise(
    predictions: dict[tuple[int, int], np.ndarray],
    cells: np.ndarray,
    years: np.ndarray,
    land: np.ndarray,
    bereich: np.ndarray,
) -> Noise:
    """Noise from in-history errors: ``predictions[(i, j)]`` (R, O) made at history row i for
    row j of ``cells`` (H, R, O); ``land`` (R,) and ``bereich`` (O,) ids."""
    yrs = np.asarray(years, dtype=np.float64)
    errs, sizes, horizons = [], [], []
    for (i, j), pred in predictions.items():
        ok = (pred > 0) & (cells[j] > 0)
        errs.append(np.log(cells[j][ok] / pred[ok]))
        sizes.append(pred[ok])
        horizons.append(np.full(int(ok.sum()), yrs[j] - yrs[i]))
    if not errs or sum(e.size for e in errs) < 3:
        return Noise()
    e, size, h = (np.concatenate(x) for x in (errs, sizes, horizons))
    # power p of the growth with the horizon: from the mean squared error per horizon
    hs = np.unique(h)
    if hs.size >= 2:
        msq = np.array([np.mean(e[h == v] ** 2) for v in hs])
        power = float(np.clip(np.polyfit(np.log(hs), np.log(np.maximum(msq, 1e-12)), 1)[0], 0, 1))
    else:
        power = 1.0
    g = h**power
    design = np.column_stack([np.ones_like(size), 1.0 / np.maximum(size, 1.0)])
    coef, *_ = np.linalg.lstsq(design, e**2 / g, rcond=None)
    alpha, beta = float(coef[0]), float(coef[1])
    if beta < 0:
        alpha, beta = float(np.mean(e**2 / g)), 0.0
    if alpha < 0:
        alpha, beta = 0.0, float(np.mean(e**2 / g * np.maximum(size, 1.0)))
    var_cell = (alpha + beta / np.maximum(size, 1.0)) * g
    # common parts: errors of the Land × Berufsbereich sums beyond what cell noise explains
    # (γ²), then errors of the Land sums beyond both (δ²); method of moments on log errors
    common = land[:, None] * (int(bereich.max()) + 1) + bereich[None, :]
    common = np.unique(common, return_inverse=True)[1].reshape(common.shape)
    land_of = np.broadcast_to(land[:, None], common.shape)
    per_pair = []
    for (i, j), pred in predictions.items():
        hh = (yrs[j] - yrs[i]) ** power
        v = (alpha + beta / np.maximum(pred, 1.0)) * hh
        per_pair.append((hh, pred, cells[j], pred**2 * v))
    gamma2 = _excess_variance(per_pair, common, lambda pred: 0.0)
    # a Land sum also carries the γ² part of each of its Land × Bereich sums
    delta2 = _excess_variance(
        per_pair, land_of, lambda pred: _sum_sq(pred, common, land_of) * gamma2
    )
    z = np.abs(e) / np.sqrt(np.maximum(var_cell + (gamma2 + delta2) * g, 1e-12))
    scale = float(np.quantile(z, 0.8) / Z80)
    return Noise(alpha, beta, gamma2, power, scale, int(e.size), delta2)


def _sum_sq(pred: np.ndarray, inner: np.ndarray, outer: np.ndarray) -> np.ndarray:
    """Per ``outer`` group: the sum of the squared ``inner`` group sums of ``pred``."""
    sums = np.bincount(inner.ravel(), weights=pred.ravel())
    outer_of = np.zeros(sums.size, dtype=np.int64)
    outer_of[inner.ravel()] = outer.ravel()
    return np.bincount(outer_of, weights=sums**2, minlength=int(outer.max()) + 1)


def _excess_variance(
    per_pair: list[tuple[float, np.ndarray, np.ndarray, np.ndarray]],
    groups: np.ndarray,
    common_part: Callable[[np.ndarray], np.ndarray | float],
) -> float:
    """Yearly-unit variance of a component shared by the cells of each group: the mean of
    ``(e² − explained) / h^p`` over the groups' log errors, where ``explained`` is the
    variance the cell noise (``pred² · v`` summed) and ``common_part(pred)`` (per group, in
    persons², already times ``h^p``) give to the group's sum. Not below 0."""
    values = []
    for hh, pred, obs, cell_var in per_pair:
        ids = groups.ravel()
        p_sum = np.bincount(ids, weights=pred.ravel())
        o_sum = np.bincount(ids, weights=obs.ravel())
        explained = np.bincount(ids, weights=cell_var.ravel()) + common_part(pred) * hh
        ok = (p_sum > 0) & (o_sum > 0)
        err = np.log(o_sum[ok] / p_sum[ok])
        explained = np.broadcast_to(explained, p_sum.shape)[ok]
        values.append((err**2 - explained / p_sum[ok] ** 2) / hh)
    flat = np.concatenate(values) if values else np.zeros(0)
    return max(0.0, float(np.mean(flat))) if flat.size else 0.0


def in_history_coverage(
    noise: Noise,
    predictions: dict[tuple[int, int], np.ndarray],
    cells: np.ndarray,
    years: np.ndarray,
    land: np.ndarray,
    bereich: np.ndarray,
    groupings: dict[str, np.ndarray],
) -> dict[str, float | None]:
    """Share of the in-history errors of each grouping's sums inside ±Z80 of the fitted noise.

    ``groupings`` maps a name to (R, O) group ids (each group inside one Land). A group sum's
    log variance is the delta-method sum of its cells' own parts, its Land × Berufsbereich
    parts and its Land part — the same model the Monte Carlo draws from —, so this says how
    well the bands fit the history they were calibrated on, level by level (the cell level is
    80 % by construction of the scale). ``None`` where there is no error to count.

    >>> cells = np.array([[[100.0, 50.0]], [[110.0, 45.0]]])  # 2 years × 1 Kreis × 2 cells
    >>> pred = {(0, 1): cells[0]}
    >>> flat = Noise(alpha=0.01, scale=1.0, errors=2)
    >>> in_history_coverage(flat, pred, cells, np.array([2020.0, 2021.0]), np.array([0]),
    ...                     np.array([0, 0]), {"kreis": np.zeros((1, 2), dtype=np.int64)})
    {'kreis': 1.0}
    """
    if noise.errors == 0 or not predictions:
        return {name: None for name in groupings}
    yrs = np.asarray(years, dtype=np.float64)
    n_b = int(bereich.max()) + 1
    common = land[:, None] * n_b + bereich[None, :]
    out: dict[str, float | None] = {}
    for name, groups in groupings.items():
        n = int(groups.max()) + 1
        inter = np.unique(groups * (int(common.max()) + 1) + common, return_inverse=True)
        group_of = np.zeros(inter[0].size, dtype=np.int64)
        group_of[inter[1].ravel()] = groups.ravel()
        inside = total = 0
        for (i, j), pred in predictions.items():
            hh = (yrs[j] - yrs[i]) ** noise.power
            p_sum = np.bincount(groups.ravel(), weights=pred.ravel(), minlength=n)
            o_sum = np.bincount(groups.ravel(), weights=cells[j].ravel(), minlength=n)
            own = (noise.alpha + noise.beta / np.maximum(pred, 1.0)) * hh
            var = np.bincount(groups.ravel(), weights=(pred**2 * own).ravel(), minlength=n)
            shared = np.bincount(inter[1].ravel(), weights=pred.ravel())
            var += np.bincount(group_of, weights=shared**2, minlength=n) * noise.gamma2 * hh
            var += p_sum**2 * noise.delta2 * hh
            ok = (p_sum > 0) & (o_sum > 0)
            sd = noise.scale * np.sqrt(np.maximum(var[ok], 1e-12)) / p_sum[ok]
            inside += int(np.sum(np.abs(np.log(o_sum[ok] / p_sum[ok])) <= Z80 * sd))
            total += int(ok.sum())
        out[name] = inside / total if total else None
    return out
