"""Bottleneck scores on a table small enough to check by hand (docs/indicators.md, example)."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.indicators.bottleneck import bottleneck_scores
from fachkraefte.indicators.config import NO_ASSESSMENT, load_config

# Regional averages over A, B, C, E (all occupations of 06411 in 2023):
DURATION_AVG = (150 * 100 + 60 * 50 + 90 * 50 + 100 * 5) / (100 + 50 + 50 + 5)  # 112.195…
EXIT_AVG = (120 + 100 + 50 + 5) / (40 + 200 + 100 + 5)  # 0.7971…
# Wage levels: employment-weighted mean of the sex medians (weights = SV employees by sex).
LEVEL_A_2023 = (4000 * 500 + 3800 * 460) / 960
LEVEL_A_2022 = (3800 * 520 + 3600 * 400) / 920
ALL_2023 = (LEVEL_A_2023 * 960 + 5000 * 800) / 1760
ALL_2022 = (LEVEL_A_2022 * 920 + 5000 * 800) / 1720
CHANGE_ALL = ALL_2023 / ALL_2022 - 1


@pytest.fixture()
def scores(hand_tables):
    return bottleneck_scores(year=2023, **hand_tables)


def _cell(scores, kldb3, niveau):
    return scores.filter(pl.col("kldb3") == kldb3, pl.col("niveau") == niveau).row(0, named=True)


def test_indicator_values_by_hand(scores):
    a = _cell(scores, "813", 2)
    assert a["vacancy_duration"] == pytest.approx((150 / DURATION_AVG - 1) * 100)  # +33.7 %
    assert a["jobseekers_per_vacancy"] == pytest.approx(60.0)  # job-seekers, not unemployed
    assert a["unemployment_rate"] == pytest.approx(100 * 40 / (40 + 960))  # 4.0 %
    assert a["foreign_share_change"] == pytest.approx(100 * (96 / 960 - 46 / 920))  # +5 pp
    assert a["exit_rate"] == pytest.approx((120 / 40 / EXIT_AVG - 1) * 100)
    assert a["wage_change"] == pytest.approx(100 * ((LEVEL_A_2023 / LEVEL_A_2022 - 1) - CHANGE_ALL))
    assert a["older_share_change"] == pytest.approx(100 * (460 / 960 - 400 / 920))


def test_points_and_classification_by_hand(scores):
    a = _cell(scores, "813", 2)
    assert [
        a[f"{n}_points"]
        for n in (
            "vacancy_duration",
            "jobseekers_per_vacancy",
            "unemployment_rate",
            "foreign_share_change",
            "exit_rate",
            "wage_change",
        )
    ] == [2, 3, 2, 3, 3, 3]
    assert a["core_indicators"] == 6
    assert a["score"] == pytest.approx(round(16 / 6, 2))
    assert a["classification"] == "Engpassberuf"
    assert a["older_share_change_points"] == 3

    b = _cell(scores, "434", 4)
    assert b["jobseekers_per_vacancy"] == pytest.approx(400.0)  # exactly the 0-point limit
    assert [
        b[f"{n}_points"]
        for n in (
            "vacancy_duration",
            "jobseekers_per_vacancy",
            "unemployment_rate",
            "foreign_share_change",
            "exit_rate",
            "wage_change",
        )
    ] == [0, 0, 0, 0, 0, 0]
    assert (b["score"], b["classification"]) == (0.0, "kein Engpass")


def test_helper_level_and_small_cells_get_x(scores):
    c = _cell(scores, "821", 1)
    assert c["classification"] == NO_ASSESSMENT and c["score"] is None
    assert "nicht bewertet" in c["note"]
    e = _cell(scores, "813", 3)
    # Vacancies and unemployed are below the minimum of 10; only the wage indicator (which
    # belongs to the whole Berufsgruppe 813) can be scored.
    assert e["vacancy_duration"] is None and e["exit_rate"] is None
    assert e["core_indicators"] == 1
    assert e["classification"] == NO_ASSESSMENT and "1 von 6" in e["note"]


def test_without_optional_tables_indicators_are_missing_not_zero(hand_tables):
    result = bottleneck_scores(
        year=2023, labour_market=hand_tables["labour_market"], employment=hand_tables["employment"]
    )
    a = _cell(result, "813", 2)
    assert a["foreign_share_change"] is None and a["wage_change"] is None
    assert a["core_indicators"] == 4
    assert a["score"] == pytest.approx((2 + 3 + 2 + 3) / 4)


def test_land_level_sums_the_kreise(hand_tables, make_table):
    extra = make_table("labour_market", [(2023, "06412", "813", 2, 60, 90, 100, 50.0, 30)])
    lm = pl.concat([hand_tables["labour_market"], extra])
    result = bottleneck_scores(
        year=2023,
        labour_market=lm,
        employment=hand_tables["employment"],
        level="land",
        regions=["06"],
    )
    a = _cell(result, "813", 2)
    assert (a["ags"], a["unemployed"], a["jobseekers"], a["vacancies"]) == ("06", 100, 150, 200)
    assert a["jobseekers_per_vacancy"] == pytest.approx(75.0)


def test_job_seekers_fall_back_to_unemployed_and_say_so(hand_tables):
    scores = bottleneck_scores(year=2023, **hand_tables)
    assert _cell(scores, "813", 2)["jobseekers_basis"].startswith("Arbeitsuchende")
    helper = _cell(scores, "821", 1)  # job-seekers suppressed: unemployed stand in
    assert helper["jobseekers_per_vacancy"] == pytest.approx(200.0)
    assert helper["jobseekers_basis"].startswith("Arbeitslose (Ersatz")

    # A file without an Arbeitsuchende column (or a vintage stored before the column).
    old = hand_tables["labour_market"].drop("jobseekers")
    result = bottleneck_scores(year=2023, labour_market=old, employment=hand_tables["employment"])
    a = _cell(result, "813", 2)
    assert a["jobseekers_per_vacancy"] == pytest.approx(40.0)
    assert a["jobseekers_basis"].startswith("Arbeitslose (Ersatz")
    assert a["jobseekers_per_vacancy_points"] == 3


def test_classification_limits():
    config = load_config()
    assert [config.classify(s) for s in (2.0, 1.99, 1.5, 1.49, None)] == [
        "Engpassberuf",
        "unter Beobachtung",
        "unter Beobachtung",
        "kein Engpass",
        NO_ASSESSMENT,
    ]


def test_unknown_level_is_rejected(hand_tables):
    with pytest.raises(ValueError):
        bottleneck_scores(year=2023, level="gemeinde", **hand_tables)
