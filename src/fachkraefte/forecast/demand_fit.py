"""Expansion demand estimated on pooled history and chosen by a rolling-origin backtest.

Each series' trend is the least-squares slope of log employment over *all* history years
(not the first and last year only). Small series are pooled: a cell's slope is shrunk
towards the slope of the next higher level, bottom-up along

    Kreis × Berufsgruppe × Niveau → Kreis × Berufsgruppe → Land × Berufsgruppe
    → Land × Berufshauptgruppe → Land × Berufsbereich → Land,

with weight ``w = E / (E + κ)`` on the series' own slope (``E``: its mean employment, ``κ``:
the prior strength in persons; a series with fewer than two positive years takes its
parent's slope). The path continues the base-year employment with the damped slope:
``E(T+h) = E(T) · exp(b · (φ + φ² + … + φ^h))``.

φ and κ are not set by hand: :func:`fit_demand` tries every pair of :data:`PHI_GRID` ×
:data:`KAPPA_GRID` on a rolling-origin backtest *inside the history it is given* (every
history year with one year before it as origin, one to three years ahead) and keeps the pair
with the lowest mean MAPE over the four accuracy levels (Kreis × Berufsgruppe, × Hauptgruppe,
× Bereich, Land). φ = 0 is carry-forward, so carry-forward is always one of the candidates;
carry-forward and the naive trend (drift) are scored on the same origins and recorded.

The same in-history errors of the chosen pair calibrate the Monte Carlo's noise
(:class:`Noise`): the variance of a cell's log error ``v(E, h) = (α + β / E) · h^p`` plus a
common Land × Berufsbereich part ``γ² · h^p``, and one scale ``k`` that makes the P10–P90
interval of the standardised errors cover 80 % of them. Trend uncertainty is the standard
error of each Kreis × Berufsgruppe slope under that noise, times its shrinkage weight.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fachkraefte.forecast import vacancy_signal
from fachkraefte.forecast.demand_noise import Noise, fit_noise, in_history_coverage
from fachkraefte.forecast.demand_pooling import (
    Hierarchy,
    RawSlopes,
    hierarchy,
    raw_slopes,
    shrunk,
)

PHI_GRID = (0.0, 0.25, 0.5, 0.7, 0.85, 1.0)
"""Damping candidates (0 = carry-forward, 1 = undamped trend)."""
KAPPA_GRID = (0.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, float("inf"))
"""Prior strength κ in persons (0 = every series its own slope, ∞ = the Land's slope)."""
LEVEL_GRID = (1.0, 0.5, 0.0)
"""Weight of the last observation in the start level (1 = the last year as it is, 0 = the
mean of all history years, each carried to the last year along the cell's slope)."""
MAX_INNER_HORIZON = 3


def damping_sum(phi: float, h: np.ndarray | int) -> np.ndarray:
    """``φ + φ² + … + φ^h`` (0 for h = 0)."""
    h = np.asarray(h, dtype=np.float64)
    if phi == 1.0:
        return h
    return phi * (1.0 - phi**h) / (1.0 - phi)


def start_level(
    history: np.ndarray, years: np.ndarray, slope: np.ndarray, weight: float
) -> np.ndarray:
    """Level a path starts from: ``a · E(T) + (1 − a) · mean_t E(t) · exp(b · (T − t))``.

    ``history`` (H, …) with the last year T last, ``slope`` (…): the level of the last year
    seen through all years of noisy history (a transient deviation of year T counts once in
    H years, not fully), weighted with the last observation by ``weight`` = a.
    """
    last = history[-1]
    if weight >= 1.0:
        return last
    lag = (years[-1] - np.asarray(years, dtype=np.float64)).reshape((-1,) + (1,) * slope.ndim)
    carried = np.mean(history * np.exp(slope[None] * lag), axis=0)
    return weight * last + (1.0 - weight) * carried


@dataclass(frozen=True, eq=False)
class _Scorer:
    """MAPE at the four accuracy levels from (R, O) predictions and observations."""

    hg: np.ndarray  # (O,) ids
    bereich: np.ndarray
    land: np.ndarray  # (R,) ids

    @functools.cached_property
    def _occ_groups(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per occupation level: the Berufsgruppen sorted by group and where each group starts
        (``np.add.reduceat``; no BLAS call, whose threads only wait on such small products)."""
        out = []
        for ids in (self.hg, self.bereich):
            order = np.argsort(ids, kind="stable")
            out.append((order, np.flatnonzero(np.r_[True, np.diff(ids[order]) != 0])))
        return out

    def levels(self, cells: np.ndarray) -> list[np.ndarray]:
        land = np.bincount(self.land, weights=cells.sum(axis=1))
        groups = [
            np.add.reduceat(cells[:, order], starts, axis=1) for order, starts in self._occ_groups
        ]
        return [cells, *groups, land]

    def observed(self, obs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per level: the positions with observed employment and its values there."""
        out = []
        for level in self.levels(obs):
            ok = np.flatnonzero(level.ravel() > 0)
            out.append((ok, level.ravel()[ok]))
        return out

    def mape(self, pred: np.ndarray, obs: np.ndarray | list) -> float:
        """Mean over the levels of the MAPE over units with observed employment; ``obs`` as
        cells or as :meth:`observed` (computed once per origin)."""
        observed = self.observed(obs) if isinstance(obs, np.ndarray) else obs
        out = []
        for p, (ok, o) in zip(self.levels(pred), observed, strict=True):
            out.append(float(np.mean(np.abs(p.ravel()[ok] - o) / o)) if ok.size else 0.0)
        return float(np.mean(out))


def _log_slope(series: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Least-squares slope of log ``series`` (H, N) over ``years``; 0 with < 2 positive years."""
    ok = series > 0
    n = ok.sum(axis=0)
    t = np.asarray(years, dtype=np.float64)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        log = np.where(ok, np.log(np.where(ok, series, 1.0)), 0.0)
        tbar = (ok * t).sum(axis=0) / np.maximum(n, 1)
        ybar = log.sum(axis=0) / np.maximum(n, 1)
        dt = np.where(ok, t - tbar, 0.0)
        sxx = (dt**2).sum(axis=0)
        slope = (dt * (log - ybar)).sum(axis=0) / np.where(sxx > 0, sxx, 1.0)
    return np.where((n >= 2) & (sxx > 0), slope, 0.0)


@dataclass(frozen=True)
class LandTrend:
    """The Land totals' own damped trend, chosen on the Land totals' backtest; the cells of a
    Land are scaled to it (top-down reconciliation), so a Land's sum never rests on cell
    trends that are mostly noise."""

    phi: float = 0.0
    level_weight: float = 1.0
    start: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (L,)
    slope: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (L,)

    def totals(self, years: int) -> np.ndarray:
        """(T+1, L) Land totals (row 0 unused: the base year stays as observed)."""
        d = damping_sum(self.phi, np.arange(years + 1))[:, None]
        return self.start[None] * np.exp(d * self.slope[None])


def _land_forecast(
    window: np.ndarray, years: np.ndarray, phi: float, weight: float, h: float
) -> np.ndarray:
    """Land totals ``h`` years after the last row of ``window`` (H, L)."""
    slope = _log_slope(window, years)
    return start_level(window, years, slope, weight) * np.exp(damping_sum(phi, h) * slope)


def _reconcile(pred: np.ndarray, target: np.ndarray, land: np.ndarray) -> np.ndarray:
    """Scale (R, O[, Q]) cells so that each Land's sum is ``target`` (L,)."""
    sums = np.bincount(land, weights=pred.reshape(pred.shape[0], -1).sum(axis=1))
    ratio = np.where(sums > 0, target / np.where(sums > 0, sums, 1.0), 1.0)
    return pred * ratio[land].reshape((-1,) + (1,) * (pred.ndim - 1))


@dataclass(frozen=True)
class DemandFit:
    """The chosen damping and pooling, the cell slopes and the calibrated uncertainty."""

    phi: float
    kappa: float
    level_weight: float
    slope: np.ndarray  # (R, O, Q) yearly log growth after shrinkage
    start: np.ndarray  # (R, O, Q) level the path continues from (:func:`start_level`)
    trend_sd: np.ndarray  # (R, O) standard error of the Kreis × Berufsgruppe slope (scaled)
    noise: Noise
    size: np.ndarray  # (R, O) base-year employment
    common_group: np.ndarray  # (R, O) Land × Berufsbereich id of each cell
    land_group: np.ndarray  # (R, O) Land id of each cell
    land_trend: LandTrend = field(default_factory=LandTrend)
    selection: dict[str, Any] = field(default_factory=dict)

    def path(self, base: np.ndarray, years: int, phi: float | None = None) -> np.ndarray:
        """(T+1, R, O, Q) employment: the base year ``base`` (R, O, Q) as observed, then the
        start level continued with the damped slopes, each Land scaled to its own trend."""
        d = damping_sum(self.phi if phi is None else phi, np.arange(years + 1))
        out = self.start[None] * np.exp(d.reshape(-1, 1, 1, 1) * self.slope[None])
        totals = self.land_trend.totals(years)
        land = self.land_group[:, 0]
        for h in range(1, years + 1):
            out[h] = _reconcile(out[h], totals[h], land)
        out[0] = base
        return out

    def metadata(self) -> dict[str, Any]:
        return {
            "method": "gepoolter gedämpfter Trend / pooled damped trend",
            "phi": self.phi,
            "level_weight": self.level_weight,
            "kappa": None if np.isinf(self.kappa) else self.kappa,
            "kappa_is_infinite": bool(np.isinf(self.kappa)),
            "land_phi": self.land_trend.phi,
            "land_level_weight": self.land_trend.level_weight,
            "land_slope": [round(float(b), 6) for b in self.land_trend.slope],
            "noise": self.noise.metadata(),
            **self.selection,
        }


Candidate = tuple[float, float, float, int]
"""(φ, κ, level weight a, vacancy signal used 0/1)."""


def _candidates(signal: bool) -> list[Candidate]:
    uses = (0, 1) if signal else (0,)
    return [
        (phi, kappa, a, v)
        for phi in PHI_GRID
        for kappa in KAPPA_GRID
        for a in LEVEL_GRID
        for v in uses
    ]


def _pairs(n_h: int) -> list[tuple[int, int]]:
    """The rolling-origin pairs (origin row, target row) inside ``n_h`` history years: every
    row with a row before it, up to :data:`MAX_INNER_HORIZON` years ahead."""
    return [
        (i, j) for i in range(1, n_h - 1) for j in range(i + 1, min(n_h, i + MAX_INNER_HORIZON + 1))
    ]


def in_history_loss(
    history: np.ndarray,
    years: list[int],
    ags: list[str],
    kldb3: list[str],
    predict: Callable[[int, int], np.ndarray],
) -> float | None:
    """The criterion of :func:`fit_demand` for another forecast: mean over the rolling-origin
    pairs of the mean MAPE over four levels, or None without a pair.

    ``predict(i, h)``: the (R, O) forecast ``h`` years after history row ``i``, made from the
    rows up to ``i`` only. Carry-forward (``lambda i, h: history[i].sum(axis=2)``) gives the
    fit's ``loss_carry_forward``.
    """
    hist = np.asarray(history, dtype=np.float64)
    hier = hierarchy(tuple(ags), tuple(kldb3), hist.shape[3])
    scorer = _Scorer(hier.occ_hg, hier.occ_bereich, hier.land)
    cells = hist.sum(axis=3)
    pairs = _pairs(hist.shape[0])
    if not pairs:
        return None
    return float(
        np.mean([scorer.mape(predict(i, int(years[j] - years[i])), cells[j]) for i, j in pairs])
    )


def fit_demand(
    history: np.ndarray,
    years: list[int],
    ags: list[str],
    kldb3: list[str],
    vacancies: np.ndarray | None = None,
) -> DemandFit:
    """Choose φ, κ, a (and the vacancy signal, with ``vacancies`` (H, R, O) of the same years)
    by rolling-origin backtest on ``history`` (H, R, O, Q) and fit the noise.

    Without an origin to test (fewer than three history years) the choice is carry-forward
    (φ = 0): nothing shows that a trend helps.
    """
    hist = np.asarray(history, dtype=np.float64)
    n_h, n_r, n_o, n_q = hist.shape
    hier = hierarchy(tuple(ags), tuple(kldb3), n_q)
    flat = hist.reshape(n_h, -1)
    yrs = np.asarray(years, dtype=np.float64)
    scorer = _Scorer(hier.occ_hg, hier.occ_bereich, hier.land)
    cells = hist.sum(axis=3)  # (H, R, O)
    pairs = _pairs(n_h)
    land_series = np.stack([np.bincount(hier.land, weights=c.sum(axis=1)) for c in cells])
    land_phi, land_a, land_record = _choose_land_trend(land_series, yrs, pairs)
    targets = {
        (i, j): _land_forecast(
            land_series[: i + 1], yrs[: i + 1], land_phi, land_a, yrs[j] - yrs[i]
        )
        for i, j in pairs
    }
    x = None if vacancies is None else vacancy_signal.intensity(np.asarray(vacancies), cells)
    # the signal's yearly effect on growth, from the years before each origin only
    theta = {i: 0.0 if x is None else vacancy_signal.effect(x, cells, i) for i in range(n_h)}
    losses: dict[Candidate, list[float]] = {c: [] for c in _candidates(x is not None)}
    naive, carry = [], []
    raws = {i: raw_slopes(flat[: i + 1], yrs[: i + 1], hier) for i, _j in pairs}
    for i, j in pairs:
        h = yrs[j] - yrs[i]
        obs = scorer.observed(cells[j])
        carry.append(scorer.mape(cells[i], obs))
        drift = (cells[i] - cells[0]) / (yrs[i] - yrs[0])
        naive.append(scorer.mape(np.maximum(cells[i] + h * drift, 0.0), obs))
        for kappa in KAPPA_GRID:
            slope = shrunk(raws[i], kappa)[0].reshape(n_r, n_o, n_q)
            for a in LEVEL_GRID:
                start = start_level(hist[: i + 1], yrs[: i + 1], slope, a)
                for v in (0, 1) if x is not None else (0,):
                    ahead = _with_signal(slope, x, theta, i, v)
                    for phi in PHI_GRID:
                        pred = (start * np.exp(damping_sum(phi, h) * ahead)).sum(axis=2)
                        pred = _reconcile(pred, targets[(i, j)], hier.land)
                        losses[(phi, kappa, a, v)].append(scorer.mape(pred, obs))
    if pairs:
        mean_loss = {c: float(np.mean(v)) for c, v in losses.items()}
        # ties go to the simpler candidate: lower φ (closer to carry-forward), more pooling,
        # the last observation as it is, no vacancy signal
        phi, kappa, a, v = min(
            mean_loss, key=lambda c: (round(mean_loss[c], 12), c[0], -c[1], -c[2], c[3])
        )
    else:
        mean_loss, (phi, kappa, a, v) = {}, (0.0, float("inf"), 1.0, 0)
    raw = raw_slopes(flat, yrs, hier)
    slope, weights = shrunk(raw, kappa)
    predictions = _predictions(hist, yrs, pairs, raws, (phi, kappa, a, v), hier, targets, x, theta)
    noise = fit_noise(predictions, cells, yrs, hier.land, hier.occ_bereich)
    kreis = np.arange(n_r)[:, None]
    coverage = in_history_coverage(
        noise,
        predictions,
        cells,
        yrs,
        hier.land,
        hier.occ_bereich,
        {
            "berufsgruppe": np.arange(n_r * n_o).reshape(n_r, n_o),
            "hauptgruppe": kreis * (int(hier.occ_hg.max()) + 1) + hier.occ_hg[None, :],
            "bereich": kreis * (int(hier.occ_bereich.max()) + 1) + hier.occ_bereich[None, :],
            "land": np.broadcast_to(hier.land[:, None], (n_r, n_o)),
        },
    )
    size = cells[-1]
    own_sd = noise.cell_sd(np.maximum(raw.mean[1], 1.0)) / np.sqrt(np.maximum(raw.sxx[1], 1e-12))
    trend_sd = np.where(raw.valid[1], weights[1] * own_sd, 0.0).reshape(n_r, n_o)
    best = sorted(mean_loss.items(), key=lambda kv: kv[1])[:5]
    selection = {
        "history_years": [int(y) for y in years],
        "backtest_origins": [[int(yrs[i]), int(yrs[j])] for i, j in pairs],
        "criterion": "mittlere MAPE über vier Ebenen / mean MAPE over four levels",
        "loss_chosen": mean_loss.get((phi, kappa, a, v)),
        "loss_carry_forward": float(np.mean(carry)) if carry else None,
        "loss_naive_trend": float(np.mean(naive)) if naive else None,
        "loss_phi_kappa_level_vacancies_best": [
            [p, None if np.isinf(k) else k, w, u, round(loss, 6)] for (p, k, w, u), loss in best
        ],
        "vacancies": {
            "imported": x is not None,
            "used": bool(v),
            "theta": theta[n_h - 1] if x is not None else None,
            "loss_without": mean_loss.get((phi, kappa, a, 0)),
            "loss_with": mean_loss.get((phi, kappa, a, 1)),
        },
        "phi_grid": list(PHI_GRID),
        "kappa_grid": [None if np.isinf(k) else k for k in KAPPA_GRID],
        "level_grid": list(LEVEL_GRID),
        "land": land_record,
        "band_coverage_in_history": {
            k: None if c is None else round(c, 4) for k, c in coverage.items()
        },
    }
    land_slope = _log_slope(land_series, yrs)
    common = hier.land[:, None] * (int(hier.occ_bereich.max()) + 1) + hier.occ_bereich[None, :]
    return DemandFit(
        phi=float(phi),
        kappa=float(kappa),
        level_weight=float(a),
        slope=_with_signal(slope.reshape(n_r, n_o, n_q), x, theta, n_h - 1, v),
        start=start_level(hist, yrs, slope.reshape(n_r, n_o, n_q), a),
        trend_sd=trend_sd,
        noise=noise,
        size=size,
        common_group=np.unique(common, return_inverse=True)[1].reshape(n_r, n_o),
        land_group=np.broadcast_to(hier.land[:, None], (n_r, n_o)).copy(),
        land_trend=LandTrend(
            land_phi, land_a, start_level(land_series, yrs, land_slope, land_a), land_slope
        ),
        selection=selection,
    )


def _choose_land_trend(
    series: np.ndarray, yrs: np.ndarray, pairs: list[tuple[int, int]]
) -> tuple[float, float, dict[str, Any]]:
    """φ and level weight of the Land totals by their own rolling-origin backtest (mean
    absolute percentage error over Länder and origins); carry-forward without an origin."""
    if not pairs:
        return 0.0, 1.0, {"phi": 0.0, "level_weight": 1.0, "loss": None}
    loss = {}
    for phi in PHI_GRID:
        for a in LEVEL_GRID:
            errs = []
            for i, j in pairs:
                pred = _land_forecast(series[: i + 1], yrs[: i + 1], phi, a, yrs[j] - yrs[i])
                ok = series[j] > 0
                errs.append(np.abs(pred[ok] - series[j][ok]) / series[j][ok])
            loss[(phi, a)] = float(np.mean(np.concatenate(errs)))
    phi, a = min(loss, key=lambda c: (round(loss[c], 12), c[0], -c[1]))
    record = {
        "phi": phi,
        "level_weight": a,
        "loss": loss[(phi, a)],
        "loss_carry_forward": loss[(0.0, 1.0)],
    }
    return phi, a, record


def _with_signal(
    slope: np.ndarray, x: np.ndarray | None, theta: dict[int, float], i: int, used: int
) -> np.ndarray:
    """(R, O, Q) slopes plus θ · x of history row ``i`` where the vacancy signal is used."""
    if not used or x is None:
        return slope
    return slope + (theta[i] * x[i])[..., None]


def _predictions(
    hist: np.ndarray,
    yrs: np.ndarray,
    pairs: list[tuple[int, int]],
    raws: dict[int, RawSlopes],
    chosen: Candidate,
    hier: Hierarchy,
    targets: dict[tuple[int, int], np.ndarray],
    x: np.ndarray | None,
    theta: dict[int, float],
) -> dict[tuple[int, int], np.ndarray]:
    """(R, O) predictions of the chosen candidate for every in-history pair; carry-forward
    from the first year when there is no origin with a trend."""
    n_h, n_r, n_o, n_q = hist.shape
    phi, kappa, a, v = chosen
    cells = hist.sum(axis=3)
    if not pairs:
        return {(0, j): cells[0] for j in range(1, min(n_h, MAX_INNER_HORIZON + 1))}
    out = {}
    for i, j in pairs:
        slope = shrunk(raws[i], kappa)[0].reshape(n_r, n_o, n_q)
        start = start_level(hist[: i + 1], yrs[: i + 1], slope, a)
        ahead = _with_signal(slope, x, theta, i, v)
        pred = (start * np.exp(damping_sum(phi, yrs[j] - yrs[i]) * ahead)).sum(axis=2)
        out[(i, j)] = _reconcile(pred, targets[(i, j)], hier.land)
    return out
