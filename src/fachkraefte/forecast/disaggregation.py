"""Spread 5-year age bands to single years along the population's age profile.

Decision: results stay floats (no integer rounding), and each band's single-year values are
``band_total * pop(a) / pop(band)``; the last age of every band then absorbs the float
rounding residue so that the band sum equals the band total exactly in float64. Where the
population of a band is zero the band is spread evenly.
"""

from __future__ import annotations

import numpy as np

from fachkraefte.forecast.engine import AGE_MIN, N_AGES, InputError

BAND_WIDTH = 5
N_BANDS = N_AGES // BAND_WIDTH


def spread_bands(bands: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Bands (..., 12) to single years (..., 60) along ``population`` (broadcastable, ..., 60).

    >>> spread_bands(np.array([10.0] + [0.0] * 11), np.arange(60.0) + 1)[:5].round(3).tolist()
    [0.667, 1.333, 2.0, 2.667, 3.333]
    """
    bands = np.asarray(bands, dtype=np.float64)
    pop = np.asarray(population, dtype=np.float64)
    if bands.shape[-1] != N_BANDS or pop.shape[-1] != N_AGES:
        raise InputError(
            f"Altersbänder {bands.shape[-1]} / Einzelalter {pop.shape[-1]}: erwartet "
            f"{N_BANDS} / {N_AGES} / age bands or single ages have the wrong length"
        )
    if (bands < 0).any() or (pop < 0).any():
        raise InputError(
            "negative Werte in Bändern oder Bevölkerung / negative band or population value"
        )
    pop = np.broadcast_to(pop, bands.shape[:-1] + (N_AGES,))
    pop_b = pop.reshape(pop.shape[:-1] + (N_BANDS, BAND_WIDTH))
    totals = pop_b.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals > 0, pop_b / np.where(totals > 0, totals, 1.0), 1.0 / BAND_WIDTH)
    single = bands[..., None] * shares
    # Put the float residue on the last age so that the band sums are exact.
    single[..., -1] += bands - single.sum(axis=-1)
    return single.reshape(bands.shape[:-1] + (N_AGES,))


def band_index(band: str) -> int:
    """Index 0..11 of an age band label like ``'25-29'``."""
    lo = int(band.split("-")[0])
    idx = (lo - AGE_MIN) // BAND_WIDTH
    if not 0 <= idx < N_BANDS or (lo - AGE_MIN) % BAND_WIDTH:
        raise InputError(f"Altersband {band!r} unbekannt / unknown age band {band!r}")
    return idx
