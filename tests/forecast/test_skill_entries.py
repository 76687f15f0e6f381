"""Entries per Anforderungsniveau (forecast/entries.py), computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from fachkraefte.common.ages import AGE_MIN, N_AGES
from fachkraefte.forecast.entries import (
    EntryShares,
    QualificationCounts,
    academic_entrants,
    entry_shares,
    entry_sources,
    helper_entrants,
    level_entries,
    place_in_land,
    qualification_counts,
)

SHARES = EntryShares(
    study_on_after_bachelor=0.6,
    masters_with_prior_entry=0.1,
    bachelor_to_experte=0.25,
    civil_service=0.1,
    self_employed=0.05,
    leave_land=0.3,
    stay_in_district=0.4,
)


def test_bachelor_and_master_are_not_counted_twice():
    """B = 100, M = 60. 60 % of the Bachelors study on: 40 enter directly. 10 % of the
    Masters had entered after their Bachelor already (counted then): 54 new entrants. So 94
    labour-market entrants, not 160. Of them 0.7 stay in the Land and 1 − 0.1 − 0.05 = 0.85
    of those are employees subject to social insurance: × 0.595.
    Niveau 3: 40 · 0.75 · 0.595 = 17.85. Niveau 4: (40 · 0.25 + 54) · 0.595 = 38.08."""
    spezialist, experte = academic_entrants(np.array(100.0), np.array(60.0), SHARES)
    assert SHARES.at_work_here == pytest.approx(0.595)
    assert float(spezialist) == pytest.approx(17.85)
    assert float(experte) == pytest.approx(38.08)
    assert float(spezialist + experte) == pytest.approx(94 * 0.595)


def test_a_master_without_bachelor_entrants_still_counts_once():
    """Only Masters (B = 0, M = 10, nobody entered before): 10 · 0.9 · 0.595 = 5.355 at 4."""
    spezialist, experte = academic_entrants(np.zeros(2), np.array([10.0, 0.0]), SHARES)
    assert spezialist.tolist() == [0.0, 0.0]
    assert experte.tolist() == pytest.approx([5.355, 0.0])


def test_graduates_are_placed_in_their_land_by_employment():
    """Land 06: districts 06411 (100 graduates) and 06412 (0); Land 05: 05111 (50).
    Stay 0.4. Occupation 0 employment 30 / 90 in 06: 06411 keeps 40 and gets 60 · 30/120 =
    15 → 55; 06412 gets 45. Land 05 has one district: it keeps all 50. Occupation 1 has no
    employment in 06: its 10 graduates of 06411 (stay 4) spread by all employment
    (06411: 30 + 0, 06412: 90 + 0 → 1/4, 3/4): 06411 4 + 1.5, 06412 4.5."""
    ags = ["05111", "06411", "06412"]
    grads = np.zeros((3, 2, 1))
    grads[1, 0, 0] = 100
    grads[0, 0, 0] = 50
    grads[1, 1, 0] = 10
    employment = np.array([[10.0, 5.0], [30.0, 0.0], [90.0, 0.0]])
    out = place_in_land(grads, employment, ags, 0.4)
    assert out[:, 0, 0].tolist() == pytest.approx([50, 55, 45])
    assert out[:, 1, 0].tolist() == pytest.approx([0, 5.5, 4.5])
    assert out.sum() == pytest.approx(grads.sum())


def test_land_without_employment_spreads_evenly():
    out = place_in_land(np.array([[[8.0]], [[0.0]]]), np.zeros((2, 1)), ["06411", "06412"], 0.5)
    assert out[:, 0, 0].tolist() == pytest.approx([6.0, 2.0])


def test_helper_entrants_follow_the_qualification_mix_and_young_helpers():
    """1,000 qualified entrants (men); the Kreis has 130 without and 700 + 170 with
    qualification: 1,000 · 130 / 870 = 149.43 helper entrants, spread like the helpers under
    25 (30 in occupation 0, 10 in 1): 112.07 and 37.36. Women: 100 qualified, Kreis missing
    for women → the Land row (20 / 180): 11.11, no young helpers, all helpers (5 in
    occupation 1): 11.11 there."""
    counts = QualificationCounts(
        {("06411", "m"): (130, 700, 170), ("06", "w"): (20, 150, 30), ("DG", "w"): (1, 1, 1)}
    )
    stock = np.zeros((1, 2, 2, N_AGES))
    stock[0, 0, 0, 20 - AGE_MIN] = 30
    stock[0, 1, 0, 22 - AGE_MIN] = 10
    stock[0, 1, 1, 50 - AGE_MIN] = 5
    out, meta = helper_entrants(np.array([[1000.0, 100.0]]), stock, ["06411"], ("m", "w"), counts)
    assert out[0, :, 0].tolist() == pytest.approx([1000 * 130 / 870 * 0.75, 1000 * 130 / 870 / 4])
    assert out[0, :, 1].tolist() == pytest.approx([0.0, 100 * 20 / 180])
    assert meta["helpers_unplaced"] == 0
    assert meta["helper_ratio_from"] == {"kreis": 1, "land": 0, "germany": 0}


def test_shipped_qualification_counts_are_the_published_2015_figures():
    """13111-11-04-4, 30.06.2015, Darmstadt (06411) men: 6,107 without, 23,475 vocational,
    16,472 academic. Hamburg appears only as Land '02': 02000 takes its row. Göttingen (03159,
    formed 2016) has no values in 2015 and takes Niedersachsen's."""
    counts = qualification_counts()
    assert counts.helper_ratio("06411", "m") == pytest.approx(6107 / (23475 + 16472))
    assert counts.helper_ratio("02000", "w") == pytest.approx(44020 / (235933 + 83680))
    assert counts.source_of("03159") == "land"
    assert counts.source_of("06411") == "kreis"


def test_shipped_shares_have_source_and_vintage():
    shares = entry_shares()
    assert 0 < shares.at_work_here < 1
    for name, item in entry_sources().items():
        assert item["source"] and item["vintage"], name
        assert item["status"] in ("assumption", "data", "rule"), name


def test_level_entries_put_graduates_on_their_level_and_helpers_from_the_mix():
    """One Kreis (Darmstadt, men only), one occupation: 200 vocational, 100 Bachelor, 60 Master
    graduates with the shipped shares; helper entrants = qualified entrants · 6107 / 39947."""
    shares = entry_shares()
    graduates = np.zeros((1, 1, 4, 1))
    graduates[0, 0, 1:, 0] = [200, 100, 60]
    stock = np.zeros((1, 1, 4, 1, N_AGES))
    stock[..., 30 - AGE_MIN] = 10
    out, meta = level_entries(graduates, stock, ["06411"], ("m",))
    spezialist, experte = academic_entrants(np.array(100.0), np.array(60.0), shares)
    assert out[0, 0, 1:, 0].tolist() == pytest.approx([200, float(spezialist), float(experte)])
    qualified = 200 + float(spezialist + experte)
    assert out[0, 0, 0, 0] == pytest.approx(qualified * 6107 / (23475 + 16472))
    assert meta["academic_graduates"] == 160


def test_derived_graduates_are_taken_as_entrants():
    graduates = np.zeros((1, 1, 4, 1))
    graduates[0, 0, 2:, 0] = [30, 20]
    out, meta = level_entries(
        graduates, np.ones((1, 1, 4, 1, N_AGES)), ["06411"], ("m",), graduates_are_entrants=True
    )
    assert out[0, 0, 2:, 0].tolist() == [30, 20]
    assert meta["academic"] == "derived entrants as given"
