"""Build :class:`EngineInputs` and the demand path from the analytic tables (Polars).

Model parameters that the tables do not contain (exit rates, entry-age profiles) are defaults
documented in docs/forecast-model.md; migration rates come from
:mod:`~fachkraefte.forecast.migration`, and :mod:`~fachkraefte.forecast.table_grids` puts the
tables on the model's arrays.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from fachkraefte.common.ages import spread_bands
from fachkraefte.forecast.demand_fit import DemandFit, fit_demand
from fachkraefte.forecast.engine import AGE_MAX, AGE_MIN, DTYPE, N_AGES, EngineInputs, InputError
from fachkraefte.forecast.entries import level_entries
from fachkraefte.forecast.exit_rates import estimate_exit_rates
from fachkraefte.forecast.migration import migration_rates, migration_record
from fachkraefte.forecast.mortality import Mortality, current_mortality
from fachkraefte.forecast.parameters import parameters
from fachkraefte.forecast.skill_moves import (
    level_move_rates,
    moves_metadata,
    moves_where_the_level_exists,
)
from fachkraefte.forecast.table_grids import (
    SEXES,
    employment_cube,
    labels_index,
    population_profile,
    table_cube,
)

if TYPE_CHECKING:
    from fachkraefte.forecast.industry import IndustryDemand

NIVEAUS = (1, 2, 3, 4)
AGES = np.arange(AGE_MIN, AGE_MAX + 1)

_FAMILY = parameters("exits")["family_phase"]
FAMILY_WITHDRAWAL_WOMEN = float(_FAMILY["extra_rate_women"])
"""Extra yearly withdrawal of women aged 28–38 in the fallback profile (parameters/exits.toml)."""
FAMILY_AGES = tuple(_FAMILY["ages"])


def mortality_by_sex() -> np.ndarray:
    """Yearly probability of death q(x) by sex (m, w) × age (15–74), shape (2, 60).

    From the newest imported life table, else the fallback of ``parameters/mortality.toml``
    (:mod:`fachkraefte.forecast.mortality`, which says which one).
    """
    return current_mortality().q


def default_exit_rates(mortality: Mortality | None = None) -> np.ndarray:
    """The fallback exit profile by sex (m, w) × age (15–74), shape (2, 60).

    Used only when the employment history has no two consecutive years (otherwise the rates
    are estimated, :mod:`fachkraefte.forecast.exit_rates`). The common profile of
    ``parameters/exits.toml`` (an assumption shaped after DRV retirement ages) is read as the
    average of both sexes; the sexes then differ by (1) mortality ``q[s, a] − mean_s q[s, a]``
    (men die earlier) and (2) the family phase: women 28–38 leave ``FAMILY_WITHDRAWAL_WOMEN``
    more a year.
    """
    rate = np.zeros(N_AGES)
    for from_age, value in parameters("exits")["fallback"]["profile"]:
        rate[np.greater_equal(AGES, from_age)] = value
    q = (mortality or current_mortality()).q
    rates = rate[None, :] + q - q.mean(axis=0, keepdims=True)
    family = (FAMILY_AGES[0] <= AGES) & (FAMILY_AGES[1] >= AGES)
    rates[SEXES.index("w"), family] += FAMILY_WITHDRAWAL_WOMEN
    return rates.astype(DTYPE)


def entry_age_profile(niveau: int) -> np.ndarray:
    """Share of a year's newly qualified people by age at entry (sums to 1).

    Vocational (niveau 1–2): centred on 21 (sd 2.5); academic (3–4): centred on 26 (sd 3).
    """
    mean, sd = (21.0, 2.5) if niveau <= 2 else (26.0, 3.0)
    w = np.exp(-0.5 * ((AGES - mean) / sd) ** 2)
    w[AGES < 16] = 0.0
    return w / w.sum()


YOUNG_AGES = (15, 24)
"""The young population whose size scales future entries (people in or near training)."""
INDEX_YEARS = 60
"""Years of the young-population index stored with the inputs (the CLI allows 40)."""


def young_population_index(
    population: pl.DataFrame, ags: list[str], base: int, years: int = INDEX_YEARS
) -> np.ndarray:
    """``Y_r(base + t + 1) / Y_r(base)`` for t = 0 … years − 1, shape (years, R).

    ``Y_r(y)`` = persons aged 15–24 in district r (both sexes). Years the population table
    holds (e.g. an imported projection) are read; later years age the last year L of the
    table: ``Y(y) = Σ_{a=15..24} P(L, a − (y − L))``, ages below the table's youngest age
    taken at that age (births stay at their last level). Migration and mortality of the
    young are not projected. A district without young people keeps factor 1.
    """
    pop = population.filter(pl.col("ags").is_in(ags))
    table_years = sorted(y for y in pop["year"].unique().to_list() if y >= base)
    if base not in table_years:
        raise InputError(
            f"Tabelle 'population': kein Jahr {base} / table 'population': no year {base}"
        )
    a_min, a_max = int(pop["age"].min()), int(pop["age"].max())
    by_year = {}
    for y in table_years:
        rows = pop.filter(pl.col("year") == y)
        grid = np.zeros((len(ags), a_max - a_min + 1))
        r = labels_index(rows["ags"], ags, "ags", "population")
        np.add.at(grid, (r, rows["age"].to_numpy() - a_min), rows["persons"].to_numpy())
        by_year[y] = grid
    last = table_years[-1]
    young = np.arange(YOUNG_AGES[0], YOUNG_AGES[1] + 1)

    def size(y: int) -> np.ndarray:
        if y in by_year:
            grid, shift = by_year[y], 0
        else:
            grid, shift = by_year[last], y - last
        ages = np.clip(young - shift, a_min, a_max) - a_min
        return grid[:, ages].sum(axis=1)

    start = size(base)
    out = np.ones((years, len(ags)))
    for t in range(years):
        y = size(base + t + 1)
        out[t] = np.where(start > 0, y / np.where(start > 0, start, 1.0), 1.0)
    return out


@dataclass
class ModelData:
    """Engine inputs plus labels and the demand path built from the tables.

    The demand path is the damped trend of each cell, or the industry path when ``industry``
    is set (``fachkraefte.forecast.industry``).
    """

    inputs: EngineInputs
    ags: list[str]
    kldb3: list[str]
    demand_history: np.ndarray  # (H, R, O, Q) employment of the history years
    history_years: list[int]
    industry: IndustryDemand | None = None
    entries_meta: dict | None = None
    """How the entries were derived (recorded in the run metadata)."""
    parameters_meta: dict | None = None
    """Exits, mortality and migration: method, source, vintage, status (run metadata)."""
    vacancies: np.ndarray | None = None
    """(H, R, O) registered vacancies of the history years, where imported
    (``forecast.vacancy_signal``): a candidate signal of the demand backtest."""

    @functools.cached_property
    def demand_fit(self) -> DemandFit:
        """Damping and pooling chosen by backtest on the history, with the calibrated noise."""
        return fit_demand(
            self.demand_history, self.history_years, self.ags, self.kldb3, self.vacancies
        )

    @functools.cached_property
    def supply_level_shift(self) -> np.ndarray:
        """(R, O, Q) start level of the demand fit minus the base year's employment, the start
        levels of each Land scaled to add up to its base-year employment.

        The base year's count of a cell deviates from its level by a transient part (the
        demand fit's rolling-origin backtest inside the history measures how much, as the
        level weight ``a``; ``a = 1``: none, the shift is 0). The supply path keeps the base
        year as observed and moves every later year by this shift, so that the transient
        deviation is not carried forward as if it were people who stay
        (:meth:`supply_path`, docs/forecast-model.md "Angebot: Ankünfte im jüngsten Alter und
        Startniveau"). Cell deviations of that kind cancel in a Land's sum, which is counted
        with little noise: the shift moves supply between a Land's cells and adds nothing to
        the Land, so that its path is the flows' alone (exits, entries, migration explain it).
        """
        start = self.demand_fit.start
        last = self.demand_history[-1]
        land = np.unique([code[:2] for code in self.ags], return_inverse=True)[1]
        start_sum = np.bincount(land, weights=start.sum(axis=(1, 2)))
        last_sum = np.bincount(land, weights=last.sum(axis=(1, 2)))
        scale = np.divide(last_sum, start_sum, out=np.ones_like(last_sum), where=start_sum > 0)
        return start * scale[land][:, None, None] - last

    def supply_path(self, supply: np.ndarray) -> np.ndarray:
        """A supply projection (T+1, R, O, Q) — or draws (…, T+1, R, O, Q) — with the level
        shift added from the first projection year on, floored at zero; the base year stays
        as observed (as in :meth:`demand_path`)."""
        out = np.array(supply, dtype=np.float64, copy=True)
        out[..., 1:, :, :, :] = np.maximum(out[..., 1:, :, :, :] + self.supply_level_shift, 0.0)
        return out

    def demand_path(self, years: int, phi: float | None = None) -> np.ndarray:
        """Employment path (T+1, R, O, Q); ``phi`` None: the damping chosen by backtest."""
        if self.industry is not None:
            return self.industry.path(years, self.demand_fit.phi if phi is None else phi)
        return self.demand_fit.path(self.demand_history[-1], years, phi)


def vocational_entries(
    trainees: pl.DataFrame | None,
    graduates: pl.DataFrame,
    ags: list[str],
    kldb: list[str],
    base: int,
) -> tuple[np.ndarray, dict]:
    """Newly qualified Fachkräfte (niveau 2) a year by (R, O, S), and how they were derived.

    ``G = c · T(base)`` with the completion ratio ``c[r,o,s] = Σ_y G2(y) / Σ_y T(y)`` over the
    years ≤ base found in both tables (T: apprentices of all training years, G2: vocational
    graduates). Cells without apprentices (or without trainee data) keep the base-year
    graduates.
    """
    g2 = graduates.filter(pl.col("niveau") == 2)
    fallback = table_cube(g2.filter(pl.col("year") == base), "graduates", ags, kldb, "graduates")
    fallback = fallback[:, :, 1] if fallback.ndim == 4 else fallback
    if trainees is None or trainees.filter(pl.col("year") == base).is_empty():
        return fallback, {"vocational": "graduates", "trainees": False}
    both = sorted(
        set(trainees["year"].to_list()) & set(g2["year"].to_list()) & set(range(base + 1))
    )
    t_sum = np.zeros((len(ags), len(kldb), 2))
    g_sum = np.zeros_like(t_sum)
    for y in both:
        t_sum += table_cube(trainees.filter(pl.col("year") == y), "trainees", ags, kldb, "trainees")
        g_sum += table_cube(g2.filter(pl.col("year") == y), "graduates", ags, kldb, "graduates")[
            :, :, 1
        ]
    t_base = table_cube(trainees.filter(pl.col("year") == base), "trainees", ags, kldb, "trainees")
    ok = (t_sum > 0) & (t_base > 0)
    ratio = np.where(ok, g_sum / np.where(ok, t_sum, 1.0), 0.0)
    out = np.where(ok, ratio * t_base, fallback)
    overall = float(g_sum[ok].sum() / t_sum[ok].sum()) if ok.any() else None
    meta = {
        "vocational": "trainees × completion ratio",
        "trainees": True,
        "completion_ratio_years": both,
        "completion_ratio_overall": overall,
        "cells_from_trainees": int(ok.sum()),
        "cells_from_graduates": int((~ok).sum()),
    }
    return out, meta


def inputs_from_tables(
    population: pl.DataFrame,
    employment: pl.DataFrame,
    graduates: pl.DataFrame,
    *,
    trainees: pl.DataFrame | None = None,
    base_year: int | None = None,
    history_start: int | None = None,
    graduates_are_entrants: bool = False,
    mortality: Mortality | None = None,
) -> ModelData:
    """Calibrate the model to ``base_year`` (default: last employment year).

    Stock = base-year employment spread to single ages along the district population; entries
    = newly qualified people on an entry-age profile: vocational (niveau 2) from apprentices ×
    completion ratio (:func:`vocational_entries`; base-year graduates without trainee data),
    academic (niveau 3–4) and helpers (niveau 1) by :func:`~.entries.level_entries`
    (``graduates_are_entrants`` for a table derived from employment). Every year's entries are
    scaled by the district's young-population index (:func:`young_population_index`,
    ``entry_factor``). Upgrading between levels: :mod:`~.skill_moves` (``level_moves``).
    Exits are estimated from the employment history (:func:`exits_from_history`), migration
    is net of ``mortality`` (default: the newest imported life table, else the stated
    fallback; :mod:`fachkraefte.forecast.mortality`).
    """
    years = sorted(employment["year"].unique().to_list())
    if not years:
        raise InputError("Tabelle 'employment' ist leer / table 'employment' is empty")
    base = base_year or years[-1]
    if base not in years:
        raise InputError(
            f"Tabelle 'employment', Spalte 'year': Basisjahr {base} fehlt (vorhanden {years}) / "
            f"base year {base} missing"
        )
    if (employment["employees"] < 0).any():
        raise InputError(
            "Tabelle 'employment', Spalte 'employees': negativer Wert / negative value"
        )
    ags = sorted(employment["ags"].unique().to_list())
    kldb = sorted(employment["kldb3"].unique().to_list())
    hist_years = [y for y in years if y <= base and (history_start is None or y >= history_start)]
    cubes = {
        y: employment_cube(employment.filter(pl.col("year") == y), ags, kldb) for y in hist_years
    }
    pop = population_profile(population, base, ags)  # (R, S, A)
    stock = spread_bands(cubes[base], pop[:, None, None, :, :]).astype(DTYPE)

    entries = np.zeros(stock.shape, dtype=np.float64)
    g = table_cube(graduates.filter(pl.col("year") == base), "graduates", ags, kldb, "graduates")
    past_graduates = graduates.filter(pl.col("year") <= base)
    g[:, :, 1], meta = vocational_entries(trainees, past_graduates, ags, kldb, base)
    by_level, level_meta = level_entries(
        g, stock, ags, SEXES, graduates_are_entrants=graduates_are_entrants
    )
    for q in range(4):
        entries[:, :, q] = by_level[:, :, q, :, None] * entry_age_profile(q + 1)
    index = young_population_index(population, ags, base)
    meta = {
        **meta,
        **level_meta,
        "level_moves": moves_metadata(),
        "young_ages": list(YOUNG_AGES),
        # the spread of the index 15 years ahead shows how much demography moves entries
        "young_index_15_years": [
            round(float(index[14].min()), 4),
            round(float(index[14].max()), 4),
        ],
    }
    mortality = mortality or current_mortality()
    past_population = population.filter(pl.col("year") <= base)
    migration = migration_rates(past_population, ags, mortality=mortality.q)
    exit_rate, inflow, exits_meta, arrivals = exits_from_history(
        cubes, population, ags, kldb, migration=migration, entries=entries, mortality=mortality
    )
    # net inflows of the cohort comparison arrive one year older, as many as in history
    entries[..., 1:] += inflow[..., :-1]
    # nobody ages into the youngest age: its employees arrive there, as many as in history
    entries[..., 0] += arrivals
    inputs = EngineInputs(
        stock=stock,
        exit_rate=exit_rate,
        entries=entries.astype(DTYPE),
        migration_rate=migration,
        entry_factor=index.astype(DTYPE),
        base_year=base,
        level_moves=moves_where_the_level_exists(
            level_move_rates(), stock.sum(axis=(0, 3, 4), dtype=np.float64)
        ).astype(DTYPE),
    )
    history = np.stack([cubes[y].sum(axis=(3, 4)) for y in hist_years])
    parameters_meta = {
        "exits": exits_meta,
        "mortality": mortality.record,
        "migration": migration_record(past_population),
    }
    return ModelData(
        inputs, ags, kldb, history, hist_years, entries_meta=meta, parameters_meta=parameters_meta
    )


def exits_from_history(
    cubes: dict[int, np.ndarray],
    population: pl.DataFrame,
    ags: list[str],
    kldb: list[str],
    *,
    migration: np.ndarray,
    entries: np.ndarray,
    mortality: Mortality,
) -> tuple[np.ndarray, np.ndarray, dict, np.ndarray]:
    """Exit rates (R, O, Q, S, A) estimated from the employment years ``cubes`` (cohort
    comparison, :mod:`fachkraefte.forecast.exit_rates`), the net inflows per year in persons
    (from age a, arriving at a+1: :meth:`~.exit_rates.ExitEstimate.net_arrivals`), their
    record and the yearly arrivals at the youngest age (R, O, Q, S); the fallback profile
    (:func:`default_exit_rates`, no inflow) when there are no two consecutive years.

    Each year's age bands are spread to single ages along that year's district population
    (the base year's where the table lacks the year), as the stock of the base year is.
    The arrivals are the mean over the history years of the employees at ``AGE_MIN``: the
    cohort comparison cannot see them (nobody is one year younger), and without them the
    projection would empty the youngest age every year.
    """
    years = sorted(cubes)
    available = set(population["year"].unique().to_list())
    youngest = []

    def stocks():
        for year in years:
            profile_year = year if year in available else years[-1]
            pop = population_profile(population, profile_year, ags)
            spread = spread_bands(cubes[year], pop[:, None, None, :, :])
            youngest.append(np.asarray(spread[..., 0], dtype=np.float64))
            yield spread

    estimate = estimate_exit_rates(
        stocks(), years, ags, kldb, migration=migration.astype(np.float64), entries=entries
    )
    arrivals = np.mean(youngest, axis=0) if youngest else np.zeros(entries.shape[:-1])
    if estimate is not None:
        record = {
            **estimate.record,
            "arrivals_at_youngest_age_per_year": round(float(arrivals.sum())),
        }
        return estimate.exit_rate.astype(DTYPE), estimate.net_arrivals(), record, arrivals
    spec = parameters("exits")["fallback"]
    return (
        default_exit_rates(mortality),
        np.zeros(entries.shape),
        {
            "method": "fallback profile (parameters/exits.toml)",
            "source": spec["source"],
            "vintage": spec["vintage"],
            "status": spec["status"],
            "note": "Weniger als zwei aufeinanderfolgende Beschäftigungsjahre / fewer than two "
            "consecutive employment years",
        },
        np.zeros(entries.shape[:-1]),
    )
