"""The analytic tables (Polars, long) onto the model's arrays: Kreis × Berufsgruppe × … grids.

Every lookup is checked: a Kreis, Berufsgruppe or sex value the model does not know is an
:class:`InputError` naming the table, the column and the value.

>>> import polars as pl
>>> labels_index(pl.Series(["06412", "06411"]), ["06411", "06412"], "ags", "population").tolist()
[1, 0]
"""

from __future__ import annotations

import numpy as np
import polars as pl

from fachkraefte.common.ages import N_BANDS, band_index
from fachkraefte.forecast.engine import AGE_MAX, AGE_MIN, N_AGES, InputError

SEXES = ("m", "w")


def labels_index(values: pl.Series, labels: list[str], what: str, table: str) -> np.ndarray:
    """Position of each value in ``labels``; :class:`InputError` for a value not among them."""
    # one vectorised lookup (a Python dict per value cost ≈ 2.5 s per calibration of the demo);
    # int64 also when empty (an empty table), so that it can index
    out = values.replace_strict(
        labels, range(len(labels)), default=-1, return_dtype=pl.Int64
    ).to_numpy()
    if (out < 0).any():
        bad = values.to_list()[int(np.flatnonzero(out < 0)[0])]
        raise InputError(
            f"Tabelle {table!r}, Spalte {what!r}: Wert {bad!r} kommt in 'employment' nicht vor / "
            f"table {table!r}, column {what!r}: value {bad!r} not in 'employment'"
        )
    return out


def population_profile(population: pl.DataFrame, year: int, ags: list[str]) -> np.ndarray:
    """(R, S, A) persons of ``year`` by Kreis, sex and single age 15–74."""
    # An imported population covers all of Germany; the model takes its employment's districts.
    pop = population.filter(
        (pl.col("year") == year)
        & pl.col("age").is_between(AGE_MIN, AGE_MAX)
        & pl.col("ags").is_in(ags)
    )
    if pop.is_empty():
        raise InputError(
            f"Tabelle 'population': kein Jahr {year} / table 'population': no year {year}"
        )
    out = np.zeros((len(ags), 2, N_AGES))
    r = labels_index(pop["ags"], ags, "ags", "population")
    s = labels_index(pop["sex"], list(SEXES), "sex", "population")
    np.add.at(out, (r, s, pop["age"].to_numpy() - AGE_MIN), pop["persons"].to_numpy())
    return out


def employment_cube(emp: pl.DataFrame, ags: list[str], kldb: list[str]) -> np.ndarray:
    """(R, O, Q, S, B) employees of one year by Kreis, Berufsgruppe, Niveau, sex, age band."""
    cube = np.zeros((len(ags), len(kldb), 4, 2, N_BANDS))
    bands = {b: band_index(b) for b in emp["age_band"].unique().to_list()}
    idx = (
        labels_index(emp["ags"], ags, "ags", "employment"),
        labels_index(emp["kldb3"], kldb, "kldb3", "employment"),
        emp["niveau"].to_numpy().astype(int) - 1,
        labels_index(emp["sex"], list(SEXES), "sex", "employment"),
        np.array([bands[b] for b in emp["age_band"].to_list()]),
    )
    np.add.at(cube, idx, emp["employees"].to_numpy())
    return cube


def table_cube(frame: pl.DataFrame, value: str, ags: list[str], kldb: list[str], table: str):
    """(R, O, S) sums of ``value``, or (R, O, Q, S) when the frame has a niveau column."""
    niveau = "niveau" in frame.columns
    out = np.zeros((len(ags), len(kldb)) + ((4,) if niveau else ()) + (2,))
    idx = [
        labels_index(frame["ags"], ags, "ags", table),
        labels_index(frame["kldb3"], kldb, "kldb3", table),
    ]
    if niveau:
        idx.append(frame["niveau"].to_numpy().astype(int) - 1)
    idx.append(labels_index(frame["sex"], list(SEXES), "sex", table))
    np.add.at(out, tuple(idx), frame[value].to_numpy())
    return out
