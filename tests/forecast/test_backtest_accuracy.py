"""The accuracy table: model, carry-forward and naive trend on the same units, from the data up
to the origin only."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.forecast.backtest import (
    ACCURACY_LEVELS,
    ALL_METHODS,
    INDUSTRY_METHOD,
    METHODS,
    accuracy,
    backtest_origins,
    mean_by_level,
    side_by_side,
)
from fachkraefte.forecast.engine import InputError


@pytest.fixture(scope="module")
def table(demo_tables):
    return accuracy(demo_tables, 2021, 3, draws=20)


def _total(tables, year):
    emp = tables["employment"]
    return float(emp.filter(pl.col("year") == year)["employees"].sum())


def test_origins_the_demo_allows(demo_tables):
    three_years = [(origin, 3) for origin in range(2014, 2022)]
    assert backtest_origins(demo_tables) == [*three_years, (2022, 2), (2023, 1)]


def test_benchmarks_computed_by_hand_at_land_level(table, demo_tables):
    land = {r["method"]: r for r in table.filter(pl.col("level") == "land").to_dicts()}
    observed, origin = (_total(demo_tables, y) for y in (2024, 2021))
    # carry-forward: the origin's employment
    assert land["carry_forward"]["bias"] == pytest.approx((origin - observed) / observed)
    assert land["carry_forward"]["mape"] == pytest.approx(abs(origin - observed) / observed)
    # naive trend: each cell plus three times its mean yearly change 2013 → 2021, floored at 0
    emp = demo_tables["employment"]
    cells = {
        y: emp.filter(pl.col("year") == y).group_by("ags", "kldb3").agg(pl.col("employees").sum())
        for y in (2013, 2021)
    }
    joined = cells[2021].join(cells[2013], on=["ags", "kldb3"], how="left", suffix="_first")
    trend = joined.select(
        (
            pl.col("employees")
            + 3 * (pl.col("employees") - pl.col("employees_first").fill_null(0)) / 8
        )
        .clip(lower_bound=0)
        .sum()
    ).item()
    assert land["naive_trend"]["bias"] == pytest.approx((trend - observed) / observed, rel=1e-6)
    assert land["model_supply"]["units"] == 1
    assert land["carry_forward"]["coverage"] is None


def test_every_level_and_method_once(table, demo_tables):
    assert table.height == len(ACCURACY_LEVELS) * len(ALL_METHODS)
    models = table.filter(pl.col("method").is_in(METHODS[:2]))
    assert models["coverage"].is_between(0, 1).all()
    assert table.filter(pl.col("method") == INDUSTRY_METHOD)["coverage"].is_null().all()
    cells = table.filter(pl.col("level") == "berufsgruppe")["units"].unique().to_list()
    observed = (
        demo_tables["employment"]
        .filter(pl.col("year") == 2024)
        .group_by("ags", "kldb3")
        .agg(pl.col("employees").sum())
    )
    assert cells == [observed.filter(pl.col("employees") > 0).height]  # units with employment
    wide = side_by_side(table)
    assert wide.height == len(ACCURACY_LEVELS)
    assert wide.columns[-3:] == [
        "coverage_model_supply",
        "coverage_model_demand",
        "coverage_in_history",
    ]
    # the calibration's own coverage (about 80 % of the in-history cell errors by construction
    # of the scale; this small selection has few of them): a share at every level, none for
    # the benchmarks
    in_history = table.filter(pl.col("method") == "model_supply")["coverage_in_history"]
    assert in_history.is_between(0.0, 1.0).all()
    cells_in_history = wide.filter(pl.col("level") == "berufsgruppe")["coverage_in_history"][0]
    assert 0.6 <= cells_in_history <= 1.0
    assert table.filter(pl.col("method") == "carry_forward")["coverage_in_history"].is_null().all()
    summary = mean_by_level(table)
    assert summary["level"].to_list()[:: len(ALL_METHODS)] == list(ACCURACY_LEVELS)
    assert summary["method"].to_list()[: len(ALL_METHODS)] == list(ALL_METHODS)
    assert "mape_model_industry" in wide.columns
    assert "coverage_model_industry" not in wide.columns


def test_industry_path_scored_as_computed_from_the_years_up_to_the_origin(table, demo_tables):
    """The industry row is the industry path itself (section trends to 2021, damped with the
    demand fit's φ, converted with the 2021 occupation mix), scored by hand at Land level;
    without ``employment_industry`` the table has no such row."""
    from fachkraefte.forecast.adapter import inputs_from_tables
    from fachkraefte.forecast.industry import model_industry_demand
    from fachkraefte.forecast.vacancy_signal import with_vacancies

    past = {k: v.filter(pl.col("year") <= 2021) for k, v in demo_tables.items()}
    model = inputs_from_tables(
        past["population"], past["employment"], past["graduates"], trainees=past["trainees"]
    )
    model = with_vacancies(model, past)  # as the backtest does: φ is chosen with them
    industry = model_industry_demand(past["employment_industry"], model)
    predicted = float(industry.path(3, model.demand_fit.phi)[3].sum())
    observed = _total(demo_tables, 2024)
    row = table.filter((pl.col("level") == "land") & (pl.col("method") == INDUSTRY_METHOD))
    assert row["bias"].item() == pytest.approx((predicted - observed) / observed, rel=1e-9)
    without = {k: v for k, v in demo_tables.items() if k != "employment_industry"}
    plain = accuracy(without, 2021, 1, draws=2)
    assert set(plain["method"].to_list()) == set(METHODS)
    assert "mape_model_industry" not in side_by_side(plain).columns


def test_no_look_ahead(demo_tables):
    """Changing employment after the origin changes the observed values only, never a forecast."""
    later = pl.col("year") > 2021
    doubled = pl.when(later).then(pl.col("employees") * 2).otherwise(pl.col("employees"))
    shocked = {
        **demo_tables,
        "employment": demo_tables["employment"].with_columns(doubled),
        "employment_industry": demo_tables["employment_industry"].with_columns(doubled),
    }
    a = accuracy(demo_tables, 2021, 1, draws=5)
    b = accuracy(shocked, 2021, 1, draws=5)
    land = pl.col("level") == "land"
    # bias = predicted / observed − 1: observed doubled, prediction unchanged
    for method in ALL_METHODS:
        pick = land & (pl.col("method") == method)
        pa, pb = a.filter(pick)["bias"].item(), b.filter(pick)["bias"].item()
        assert (pb + 1) * 2 == pytest.approx(pa + 1, rel=1e-6)


def test_origin_without_history_is_refused(demo_tables):
    with pytest.raises(InputError, match="Vorjahr"):
        accuracy(demo_tables, 2013, 1)
