"""Bands at every level are quantiles of the level's sum over the draws, not sums of quantiles."""

from __future__ import annotations

import numpy as np
import pytest

from fachkraefte.forecast.levels import level_index
from fachkraefte.forecast.montecarlo import _quantiles, level_band_frame, monte_carlo_bands

PARENTS = {"06411": ("064", "06")}


def _draws_of_two_cells():
    """One Kreis, two Berufsgruppen of one Hauptgruppe; five draws in which the two cells move
    in opposite directions: cell 221 = 1…5, cell 222 = 5…1, so their sum is 6 in every draw."""
    levels = level_index(["06411"], ["221", "222"], parents=PARENTS)
    chunk = np.empty((5, 3, 1, levels.size), dtype=np.float32)
    for i, (a, b) in enumerate(zip([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], strict=True)):
        values = np.zeros((1, 1, 2, 4))  # (T+1, R, O, Q): everyone at Niveau 2
        values[0, 0, :, 1] = [a, b]
        sums = levels.sums(values)
        chunk[i] = np.stack([sums, sums, sums * 0])
    return levels, _quantiles([(0, chunk)], draws=5, n_years=1, n_levels=levels.size)


def _band(levels, q, region_level, occupation_level, occupation, niveau=0):
    labels = levels.labels()
    pick = np.flatnonzero(
        (labels["region_level"] == region_level)
        & (labels["occupation_level"] == occupation_level)
        & (labels["occupation"] == occupation)
        & (labels["niveau"] == niveau)
    )
    assert pick.size == 1
    return q["supply"][:, 0, pick[0]].tolist()


def test_level_band_is_quantile_of_sum_computed_by_hand():
    levels, q = _draws_of_two_cells()
    # Each cell: P10 = 1 + 0.4 × (2 − 1) = 1.4, P50 = 3, P90 = 4 + 0.6 × (5 − 4) = 4.6
    # (linear interpolation between the order statistics, as np.percentile).
    assert _band(levels, q, "kreis", "berufsgruppe", "221") == pytest.approx([1.4, 3, 4.6])
    assert _band(levels, q, "kreis", "berufsgruppe", "222") == pytest.approx([1.4, 3, 4.6])
    # The sum is 6 in every draw: its band has no width at all, at every coarser level …
    for region_level in ("kreis", "regierungsbezirk", "land"):
        for occupation_level, code in (("hauptgruppe", "22"), ("bereich", "2"), ("gesamt", "all")):
            band = _band(levels, q, region_level, occupation_level, code)
            assert band == pytest.approx([6, 6, 6])
    # … and per Niveau, where everyone is at Niveau 2 and nobody at Niveau 1.
    assert _band(levels, q, "land", "gesamt", "all", niveau=2) == pytest.approx([6, 6, 6])
    assert _band(levels, q, "land", "gesamt", "all", niveau=1) == pytest.approx([0, 0, 0])
    # while the sum of the cells' quantiles would claim 2.8 – 9.2.
    summed = np.add(
        _band(levels, q, "kreis", "berufsgruppe", "221"),
        _band(levels, q, "kreis", "berufsgruppe", "222"),
    )
    assert summed.tolist() == pytest.approx([2.8, 6, 9.2])


def test_level_band_frame_labels_every_level():
    levels, q = _draws_of_two_cells()
    frame = level_band_frame(q, np.array([2024]), levels)
    assert frame.height == levels.size
    land = frame.filter(
        (frame["region_level"] == "land") & (frame["occupation"] == "all") & (frame["niveau"] == 0)
    )
    assert land.row(0, named=True)["region"] == "06"
    assert land["supply_p10"].item() == pytest.approx(6)
    assert land["gap_p90"].item() == 0


def test_cells_of_the_level_bands_equal_the_cell_bands(demo_tables):
    from fachkraefte.forecast.adapter import inputs_from_tables

    model = inputs_from_tables(
        demo_tables["population"],
        demo_tables["employment"],
        demo_tables["graduates"],
        trainees=demo_tables["trainees"],
    )
    levels = level_index(model.ags, model.kldb3)
    cells, by_level = monte_carlo_bands(model, 3, draws=12, seed=3, levels=levels)
    frame = level_band_frame(by_level, np.arange(2024, 2028), levels)
    kreis = frame.filter(
        (frame["region_level"] == "kreis")
        & (frame["occupation_level"] == "berufsgruppe")
        & (frame["niveau"] == 0)
        & (frame["year"] == 2027)
        & (frame["region"] == model.ags[1])
        & (frame["occupation"] == model.kldb3[2])
    )
    assert kreis["gap_p90"].item() == cells["gap"][2, 3, 1, 2]
    # A Land band lies inside the sums of the Kreise's P10 and P90: the Kreise never all sit at
    # their P10 in the same draw. Quantiles are not exactly subadditive (and exit rates differ by
    # cell), so with 12 draws the Land's P10 may fall a hair below the summed P10s; 0.2 % allows
    # for that.
    land = frame.filter(
        (frame["region_level"] == "land")
        & (frame["occupation"] == "all")
        & (frame["niveau"] == 0)
        & (frame["year"] == 2027)
    ).row(0, named=True)
    summed = cells["supply"][:, 3].sum(axis=(1, 2))
    assert (
        summed[0] * 0.998 - 1 <= land["supply_p10"] <= land["supply_p90"] <= summed[2] * 1.002 + 1
    )
