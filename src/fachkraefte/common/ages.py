"""The working-age range and the spreading of age bands to its single years.

Ages ``AGE_MIN`` … ``AGE_MAX`` are the age axis of the projection state and of every imported
employment table, so the importers (``sources``) and the model (``forecast``) share them here.

Official statistics publish employment in age bands: the twelve 5-year bands 15-19 … 70-74,
or coarser BA groups such as "unter 25", "25 bis unter 55", "55 und älter". Every band is
spread to single years 15 … 74 in proportion to the population of each year of age, so
that the single years of a band add up to the band total.

Decisions:

* Results of :func:`spread_bands` stay floats; each band's single-year values are
  ``band_total * pop(a) / pop(band)`` and the largest value of every band absorbs the float
  rounding residue, so the band sums equal the band totals up to float64 rounding. Where the
  population of a band is zero the band is spread evenly.
* Band edges are ages: ``(15, 25, 55, 75)`` means 15-24, 25-54, 55-74. They must be
  increasing and cover 15 … 74 exactly (an open top group "55 und älter" ends at 75, the
  end of working age in the schema; there is no SV employment under 15, so "unter 25"
  starts at 15).
* :func:`integer_split` divides whole persons by the largest-remainder method, so counts
  stored as integers keep their totals exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fachkraefte.common.errors import InputError

AGE_MIN = 15
AGE_MAX = 74
N_AGES = AGE_MAX - AGE_MIN + 1

BAND_WIDTH = 5
N_BANDS = N_AGES // BAND_WIDTH
AGE_END = AGE_MIN + N_AGES
"""First age after working age (75)."""
FIVE_YEAR_EDGES: tuple[int, ...] = tuple(range(AGE_MIN, AGE_END + 1, BAND_WIDTH))


def check_edges(edges: Sequence[int]) -> tuple[int, ...]:
    """``edges`` as a tuple if they are increasing whole ages from 15 to 75, else ``InputError``.

    >>> check_edges([15, 25, 55, 75])
    (15, 25, 55, 75)
    """
    out = tuple(int(e) for e in edges)
    if (
        len(out) < 2
        or out[0] != AGE_MIN
        or out[-1] != AGE_END
        or any(b <= a for a, b in zip(out[:-1], out[1:], strict=False))
    ):
        raise InputError(
            f"Altersgrenzen {list(out)}: erwartet aufsteigend von {AGE_MIN} bis {AGE_END} / "
            f"age band edges {list(out)} must increase from {AGE_MIN} to {AGE_END}"
        )
    return out


def spread_bands(
    bands: np.ndarray, population: np.ndarray, edges: Sequence[int] = FIVE_YEAR_EDGES
) -> np.ndarray:
    """Bands (..., B) to single years (..., 60) along ``population`` (broadcastable, ..., 60).

    ``edges``: the B + 1 band edges in years of age (default the twelve 5-year bands).

    >>> spread_bands(np.array([10.0] + [0.0] * 11), np.arange(60.0) + 1)[:5].round(3).tolist()
    [0.667, 1.333, 2.0, 2.667, 3.333]
    >>> spread_bands(np.array([30.0, 0.0]), np.ones(60), edges=(15, 25, 75))[:10].tolist()
    [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    """
    edges = check_edges(edges)
    n_bands = len(edges) - 1
    bands = np.asarray(bands, dtype=np.float64)
    pop = np.asarray(population, dtype=np.float64)
    if bands.shape[-1] != n_bands or pop.shape[-1] != N_AGES:
        raise InputError(
            f"Altersbänder {bands.shape[-1]} / Einzelalter {pop.shape[-1]}: erwartet "
            f"{n_bands} / {N_AGES} / age bands or single ages have the wrong length"
        )
    if (bands < 0).any() or (pop < 0).any():
        raise InputError(
            "negative Werte in Bändern oder Bevölkerung / negative band or population value"
        )
    pop = np.broadcast_to(pop, bands.shape[:-1] + (N_AGES,))
    starts = np.array(edges[:-1]) - AGE_MIN
    widths = np.diff(np.array(edges))
    # Which band each single year belongs to; reduceat sums the years of every band.
    band_of_age = np.repeat(np.arange(n_bands), widths)
    totals = np.add.reduceat(pop, starts, axis=-1)
    totals_by_age = totals[..., band_of_age]
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(
            totals_by_age > 0,
            pop / np.where(totals_by_age > 0, totals_by_age, 1.0),
            1.0 / widths[band_of_age],
        )
    single = bands[..., band_of_age] * shares
    # Put the float residue on the largest age of each band so that the band sums are exact;
    # the largest value absorbs it without ever turning negative.
    residue = bands - np.add.reduceat(single, starts, axis=-1)
    for band, (start, width) in enumerate(zip(starts, widths, strict=True)):
        part = single[..., start : start + width]
        at = np.argmax(part, axis=-1)[..., None]
        np.put_along_axis(
            part, at, np.take_along_axis(part, at, axis=-1) + residue[..., band, None], axis=-1
        )
    return single


def integer_split(total: int, weights: np.ndarray) -> np.ndarray:
    """Split the whole number ``total`` in proportion to ``weights`` (largest remainder).

    The parts are whole, non-negative and add up to ``total`` exactly; ties go to the
    earlier part. Zero weights everywhere split evenly.

    >>> integer_split(10, np.array([1.0, 1.0, 1.0])).tolist()
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=np.float64)
    if total < 0 or (weights < 0).any() or not np.isfinite(weights).all():
        raise InputError("negativer Wert beim Aufteilen / negative value to split")
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    exact = total * weights / weights.sum()
    parts = np.floor(exact).astype(np.int64)
    missing = int(total - parts.sum())
    if missing:
        # Stable sort keeps the earlier part first among equal remainders.
        order = np.argsort(-(exact - parts), kind="stable")
        parts[order[:missing]] += 1
    return parts


def band_index(band: str) -> int:
    """Index 0..11 of an age band label like ``'25-29'``."""
    lo = int(band.split("-")[0])
    idx = (lo - AGE_MIN) // BAND_WIDTH
    if not 0 <= idx < N_BANDS or (lo - AGE_MIN) % BAND_WIDTH:
        raise InputError(f"Altersband {band!r} unbekannt / unknown age band {band!r}")
    return idx
