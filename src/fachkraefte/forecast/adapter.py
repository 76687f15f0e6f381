"""Build :class:`EngineInputs` and the demand path from the analytic tables (Polars).

Model parameters that the tables do not contain (exit rates, entry-age profiles) are defaults
documented in docs/forecast-model.md; migration rates are estimated from the population table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from fachkraefte.forecast.demand import damped_trend
from fachkraefte.forecast.disaggregation import N_BANDS, band_index, spread_bands
from fachkraefte.forecast.engine import AGE_MAX, AGE_MIN, DTYPE, N_AGES, EngineInputs, InputError

if TYPE_CHECKING:
    from fachkraefte.forecast.industry import IndustryDemand

SEXES = ("m", "w")
NIVEAUS = (1, 2, 3, 4)
AGES = np.arange(AGE_MIN, AGE_MAX + 1)


def default_exit_rates() -> np.ndarray:
    """Annual exit probability by sex × age (15–74), shape (2, 60).

    Assumption (see docs): 1.5 % withdrawal/mortality up to 49, rising to 3 % in the 50s, early
    retirement 8 % at 60–62, 25 % at 63, 35 % at 64–66 (statutory age rising to 67), 50 % from
    67. Same for both sexes; the demo data carries no sex-specific retirement information.
    """
    rate = np.full(N_AGES, 0.015)
    rate[AGES >= 50] = 0.03
    rate[(AGES >= 60) & (AGES <= 62)] = 0.08
    rate[AGES == 63] = 0.25
    rate[(AGES >= 64) & (AGES <= 66)] = 0.35
    rate[AGES >= 67] = 0.5
    return np.stack([rate, rate]).astype(DTYPE)


def entry_age_profile(niveau: int) -> np.ndarray:
    """Share of a year's newly qualified people by age at entry (sums to 1).

    Vocational (niveau 1–2): centred on 21 (sd 2.5); academic (3–4): centred on 26 (sd 3).
    """
    mean, sd = (21.0, 2.5) if niveau <= 2 else (26.0, 3.0)
    w = np.exp(-0.5 * ((AGES - mean) / sd) ** 2)
    w[AGES < 16] = 0.0
    return w / w.sum()


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

    def demand_path(self, years: int, phi: float = 0.8) -> np.ndarray:
        if self.industry is not None:
            return self.industry.path(years, phi)
        return damped_trend(self.demand_history, years, phi=phi)


def _index(values: pl.Series, labels: list[str], what: str, table: str) -> np.ndarray:
    lookup = {v: i for i, v in enumerate(labels)}
    out = np.array([lookup.get(v, -1) for v in values.to_list()])
    if (out < 0).any():
        bad = values.to_list()[int(np.flatnonzero(out < 0)[0])]
        raise InputError(
            f"Tabelle {table!r}, Spalte {what!r}: Wert {bad!r} kommt in 'employment' nicht vor / "
            f"table {table!r}, column {what!r}: value {bad!r} not in 'employment'"
        )
    return out


def _population_profile(population: pl.DataFrame, year: int, ags: list[str]) -> np.ndarray:
    pop = population.filter((pl.col("year") == year) & pl.col("age").is_between(AGE_MIN, AGE_MAX))
    if pop.is_empty():
        raise InputError(
            f"Tabelle 'population': kein Jahr {year} / table 'population': no year {year}"
        )
    out = np.zeros((len(ags), 2, N_AGES))
    r = _index(pop["ags"], ags, "ags", "population")
    s = _index(pop["sex"], list(SEXES), "sex", "population")
    np.add.at(out, (r, s, pop["age"].to_numpy() - AGE_MIN), pop["persons"].to_numpy())
    return out


def migration_rates(population: pl.DataFrame, ags: list[str]) -> np.ndarray:
    """Net migration rate by district × sex × age from consecutive population years.

    ``pop(y, a+1) / pop(y-1, a) − 1`` averaged over the years; this includes mortality, which is
    small at working ages. Clipped to ±10 % a year. Shape (R, 1, 1, 2, 60) for the engine.
    """
    years = sorted(population["year"].unique().to_list())
    if len(years) < 2:
        return np.zeros((len(ags), 1, 1, 2, N_AGES), dtype=DTYPE)
    rates = []
    for y0, y1 in zip(years[:-1], years[1:], strict=False):
        p0 = _population_profile(population, y0, ags)
        p1 = _population_profile(population, y1, ags)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(
                p0[..., :-1] > 0, p1[..., 1:] / np.where(p0[..., :-1] > 0, p0[..., :-1], 1) - 1, 0
            )
        rates.append(np.concatenate([r, r[..., -1:]], axis=-1))
    rate = np.clip(np.mean(rates, axis=0), -0.1, 0.1)
    return rate[:, None, None, :, :].astype(DTYPE)


def _employment_cube(emp: pl.DataFrame, ags: list[str], kldb: list[str]) -> np.ndarray:
    cube = np.zeros((len(ags), len(kldb), 4, 2, N_BANDS))
    bands = {b: band_index(b) for b in emp["age_band"].unique().to_list()}
    idx = (
        _index(emp["ags"], ags, "ags", "employment"),
        _index(emp["kldb3"], kldb, "kldb3", "employment"),
        emp["niveau"].to_numpy().astype(int) - 1,
        _index(emp["sex"], list(SEXES), "sex", "employment"),
        np.array([bands[b] for b in emp["age_band"].to_list()]),
    )
    np.add.at(cube, idx, emp["employees"].to_numpy())
    return cube


def inputs_from_tables(
    population: pl.DataFrame,
    employment: pl.DataFrame,
    graduates: pl.DataFrame,
    *,
    base_year: int | None = None,
    history_start: int | None = None,
) -> ModelData:
    """Calibrate the model to ``base_year`` (default: last employment year).

    Stock = base-year employment spread to single ages along the district population; entries
    = newly qualified people (graduates table, niveau 2–4) on an entry-age profile, plus helper
    (niveau 1) inflow = one tenth of the under-25 helper stock a year, which keeps it stable.
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
        y: _employment_cube(employment.filter(pl.col("year") == y), ags, kldb) for y in hist_years
    }
    pop = _population_profile(population, base, ags)  # (R, S, A)
    stock = spread_bands(cubes[base], pop[:, None, None, :, :]).astype(DTYPE)

    entries = np.zeros(stock.shape, dtype=np.float64)
    grad = graduates.filter(pl.col("year") == base)
    if grad.height:
        g = np.zeros(stock.shape[:4])
        idx = (
            _index(grad["ags"], ags, "ags", "graduates"),
            _index(grad["kldb3"], kldb, "kldb3", "graduates"),
            grad["niveau"].to_numpy().astype(int) - 1,
            _index(grad["sex"], list(SEXES), "sex", "graduates"),
        )
        np.add.at(g, idx, grad["graduates"].to_numpy())
        for q in range(4):
            entries[:, :, q] = g[:, :, q, :, None] * entry_age_profile(q + 1)
    young = stock[:, :, 0, :, : 25 - AGE_MIN].sum(axis=-1)
    entries[:, :, 0] += (young / 10.0)[..., None] * entry_age_profile(1)
    inputs = EngineInputs(
        stock=stock,
        exit_rate=default_exit_rates(),
        entries=entries.astype(DTYPE),
        migration_rate=migration_rates(population.filter(pl.col("year") <= base), ags),
        base_year=base,
    )
    history = np.stack([cubes[y].sum(axis=(3, 4)) for y in hist_years])
    return ModelData(inputs, ags, kldb, history, hist_years)
