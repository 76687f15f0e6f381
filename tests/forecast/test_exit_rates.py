"""The cohort-comparison estimator and its credibility shrinkage, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from fachkraefte.forecast.exit_rates import (
    CohortSums,
    Level,
    cohort_sums,
    credibility_rates,
    estimate_exit_rates,
    hierarchy,
)


def _cells(values) -> np.ndarray:
    """One Kreis × Berufsgruppe × Niveau × sex, ages as given: shape (1, 1, 1, 1, A)."""
    return np.array(values, dtype=float).reshape(1, 1, 1, 1, -1)


def test_cohort_comparison_by_hand():
    """Three ages, years 2020–2022, no migration, no entries.

    S(2020) = 100, 200, 50;  S(2021) = 100, 90, 180;  S(2022) = 100, 80, 72.
    2020→21: age 0 loses 100 − 90 = 10 of 100, age 1 loses 200 − 180 = 20 of 200.
    2021→22: age 0 loses 100 − 80 = 20 of 100, age 1 loses 90 − 72 = 18 of 90.
    Pooled: age 0 30/200 = 0.15, age 1 38/290 = 0.131034…, i.e. 1 − ΣS(t+1, a+1)/ΣS(t, a).
    Within-cell variation of the yearly rates (0.1 and 0.2 at both ages):
    age 0: 100 (0.1 − 0.15)² + 100 (0.2 − 0.15)² = 0.5;
    age 1: 200 (0.1 − 38/290)² + 90 (0.2 − 38/290)² = 0.62069; one degree of freedom each.
    """
    sums = cohort_sums(
        [_cells([100, 200, 50]), _cells([100, 90, 180]), _cells([100, 80, 72])], [2020, 2021, 2022]
    )
    assert sums.pairs == [(2020, 2021), (2021, 2022)]
    assert sums.lost.ravel().tolist() == pytest.approx([30, 38])
    assert sums.exposure.ravel().tolist() == pytest.approx([200, 290])
    assert (sums.lost / sums.exposure).ravel().tolist() == pytest.approx([0.15, 38 / 290])
    assert sums.within.ravel().tolist() == pytest.approx([0.5, 0.62069], abs=1e-5)
    assert sums.within_df.ravel().tolist() == [1, 1]


def test_migration_and_entries_are_taken_off_first():
    """g = 10 % and 5 entries a year at age 1: 100 · 1.1 + 5 − 95 = 20 lost of 100 (20 %),
    where the plain comparison would show 1 − 95/100 = 5 %."""
    sums = cohort_sums(
        [_cells([100, 0]), _cells([0, 95])],
        [2023, 2024],
        migration=0.1,
        entries=_cells([0, 5]),
    )
    assert sums.lost.ravel().tolist() == pytest.approx([20.0])


def test_years_that_do_not_follow_each_other_are_skipped():
    sums = cohort_sums([_cells([100, 0]), _cells([0, 90])], [2020, 2022])
    assert sums.pairs == [] and sums.exposure.sum() == 0


def _two_kreise(within: float, within_df: float) -> tuple[CohortSums, list[Level]]:
    sums = CohortSums(
        lost=np.array([20.0, 30.0]).reshape(2, 1, 1, 1, 1),
        exposure=np.array([100.0, 300.0]).reshape(2, 1, 1, 1, 1),
        within=np.full((1, 1, 1), within),
        within_df=np.full((1, 1, 1), within_df),
    )
    levels = [
        Level("gesamt", np.array([0, 0]), np.array([0])),
        Level("kreis", np.array([0, 1]), np.array([0])),
    ]
    return sums, levels


def test_credibility_shrinkage_by_hand():
    """Kreis A: 20 of 100 leave (0.2), Kreis B: 30 of 300 (0.1); together 50/400 = 0.125.

    σ² = within / df = 2 / 4 = 0.5.
    τ² = (Σ n (X − X̄)² − (I − 1) σ²) / (n − Σ n² / n)
       = (100 · 0.075² + 300 · 0.025² − 0.5) / (400 − 100,000/400) = 0.25 / 150 = 1/600.
    k = σ² / τ² = 300;  Z_A = 100/400 = 0.25, Z_B = 300/600 = 0.5.
    x_A = 0.25 · 0.2 + 0.75 · 0.125 = 0.14375;  x_B = 0.5 · 0.1 + 0.5 · 0.125 = 0.1125.
    """
    sums, levels = _two_kreise(within=2.0, within_df=4.0)
    rates, meta = credibility_rates(sums, levels, default_k=100.0)
    assert rates.ravel().tolist() == pytest.approx([0.14375, 0.1125])
    assert meta["k_median_by_level"]["kreis"] == pytest.approx(300.0)


def test_the_lower_bound_of_k_applies():
    """Estimated k = 300 is raised to min_k = 400: Z_A = 100/500 = 0.2, Z_B = 300/700;
    x_A = 0.2 · 0.2 + 0.8 · 0.125 = 0.14, x_B = 3/7 · 0.1 + 4/7 · 0.125 = 0.8/7 = 0.1142857."""
    sums, levels = _two_kreise(within=2.0, within_df=4.0)
    rates, _ = credibility_rates(sums, levels, default_k=100.0, min_k=400.0)
    assert rates.ravel().tolist() == pytest.approx([0.14, 0.8 / 7])


def test_without_variance_estimate_the_documented_k_is_used():
    """One year pair: σ² unknown, k = 100: Z_A = 0.5, Z_B = 0.75;
    x_A = 0.5 · 0.2 + 0.5 · 0.125 = 0.1625, x_B = 0.75 · 0.1 + 0.25 · 0.125 = 0.10625."""
    sums, levels = _two_kreise(within=0.0, within_df=0.0)
    rates, _ = credibility_rates(sums, levels, default_k=100.0)
    assert rates.ravel().tolist() == pytest.approx([0.1625, 0.10625])


def test_no_variance_between_cells_gives_the_parent_rate():
    """Much year-to-year noise (σ² = 100) and little spread: τ² ≤ 0, both cells take 0.125."""
    sums, levels = _two_kreise(within=400.0, within_df=4.0)
    rates, _ = credibility_rates(sums, levels, default_k=100.0)
    assert rates.ravel().tolist() == pytest.approx([0.125, 0.125])


def test_hierarchy_groups():
    levels = hierarchy(["06411", "06412", "09162"], ["813", "814", "221"])
    by_name = {level.name: level for level in levels}
    assert [level.name for level in levels][0] == "gesamt"
    assert by_name["land"].region.tolist() == [0, 0, 1]
    assert by_name["land_bereich"].occupation.tolist() == [0, 0, 1]  # 8, 8, 2
    assert by_name["land_hauptgruppe"].occupation.tolist() == [0, 0, 1]  # 81, 81, 22
    assert by_name["kreis_berufsgruppe"].region.tolist() == [0, 1, 2]
    assert by_name["kreis_berufsgruppe"].occupation.tolist() == [0, 1, 2]


def test_estimate_splits_exits_and_net_inflows():
    """A cohort that shrinks by 10 % at ages 15–19 and grows by 10 % at 20–24 (pooled over
    the 5-year bands of parameters/exits.toml): exit rate 0.1, then a net inflow of 0.1."""
    ages = 60
    first = np.full(ages, 1000.0)
    second = np.full(ages, 1000.0)
    second[1:6] = 900.0  # ages 16–20 from 15–19: 10 % lost
    second[6:11] = 1100.0  # ages 21–25 from 20–24: 10 % more
    estimate = estimate_exit_rates(
        [_cells(first), _cells(second)], [2023, 2024], ["06411"], ["813"]
    )
    assert estimate.exit_rate[0, 0, 0, 0, :5] == pytest.approx([0.1] * 5)
    assert estimate.inflow_rate[0, 0, 0, 0, :5] == pytest.approx([0.0] * 5)
    assert estimate.exit_rate[0, 0, 0, 0, 5:10] == pytest.approx([0.0] * 5)
    assert estimate.inflow_rate[0, 0, 0, 0, 5:10] == pytest.approx([0.1] * 5)
    assert estimate.record["year_pairs"] == [[2023, 2024]]
    assert estimate.record["status"].startswith("aus Daten geschätzt")
    assert estimate_exit_rates([_cells(first)], [2024], ["06411"], ["813"]) is None


def test_net_inflows_arrive_as_many_as_per_year_in_history_not_scaled_by_the_base_year():
    """Band 20–24 (ages 5–9 here) grows by 10 % in both year pairs: 2022→23 from 1000 at each
    age, 2023→24 from 1000, 1100, 1100, 1100, 1100 (the ages the first pair filled).
    Pooled: lost = −500 − 540 = −1040 of 10,400 person-years, a net inflow rate of 0.1.
    The mean stock per pair is 1000 at age 5 and 1050 at ages 6–9, so 100 and 105 persons
    arrive per year; the base year's stock (1000, 1100, 1210, 1210, 1210) would have given
    100, 110, 121, 121, 121."""
    first = np.full(60, 1000.0)
    second = first.copy()
    second[6:11] = 1100.0
    third = first.copy()
    third[6:11] = 1.1 * second[5:10]
    estimate = estimate_exit_rates(
        [_cells(first), _cells(second), _cells(third)], [2022, 2023, 2024], ["06411"], ["813"]
    )
    assert estimate.inflow_rate[0, 0, 0, 0, 5:10] == pytest.approx([0.1] * 5)
    assert estimate.mean_exposure[0, 0, 0, 0, 5:10] == pytest.approx([1000, 1050, 1050, 1050, 1050])
    assert estimate.net_arrivals()[0, 0, 0, 0, 5:10] == pytest.approx([100, 105, 105, 105, 105])
    assert (0.1 * third[5:10]).tolist() == pytest.approx([100, 110, 121, 121, 121])


def test_an_empty_cell_takes_its_parents_rate_even_when_k_is_zero():
    """No year-to-year variation at all (σ² = 0, so k = 0) and a Kreis without employees:
    the empty Kreis takes the parent's 20 %, the other keeps its own 20 %."""
    sums = CohortSums(
        lost=np.array([20.0, 0.0]).reshape(2, 1, 1, 1, 1),
        exposure=np.array([100.0, 0.0]).reshape(2, 1, 1, 1, 1),
        within=np.zeros((1, 1, 1)),
        within_df=np.full((1, 1, 1), 2.0),
    )
    _, levels = _two_kreise(within=0.0, within_df=0.0)
    rates, _ = credibility_rates(sums, levels, default_k=100.0)
    assert rates.ravel().tolist() == pytest.approx([0.2, 0.2])
