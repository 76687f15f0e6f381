"""The demo's magnitudes stay inside the documented calibration ranges (docs/demo-data.md)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.sources.demo import DEMO_YEARS, build_demo, load_demo_table
from fachkraefte.sources.demo.calibration import (
    ACADEMIC_GRADUATES,
    EMPLOYMENT,
    MEDIAN_WAGE,
    NEW_CONTRACTS,
    NIVEAU_TARGETS,
    PENSION_CEILING_WEST,
    POPULATION,
    SHARE_55_PLUS,
    TRAINEES,
    UNEMPLOYED,
    VACANCIES,
    VOCATIONAL_GRADUATES,
    WOMEN_SHARE,
)
from fachkraefte.sources.demo.labour_market import MIN_VACANCIES_FOR_DURATION
from fachkraefte.sources.demo.occupation_profile import SHORTAGE_GROUPS
from fachkraefte.sources.demo.wages import FULL_TIME_SHARE, MIN_FULL_TIME_EMPLOYEES, weighted_median
from fachkraefte.sources.schema import TABLES

CITIES = {"06411", "06412", "06413", "06414", "06611"}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(out_dir=root)
    # The calibration paths are Hessen's; the other demo alliances' Kreise are checked elsewhere.
    return {
        name: load_demo_table(name, root=root).filter(pl.col("ags").str.starts_with("06"))
        for name in TABLES
    }


def _per_year(frame: pl.DataFrame, column: str) -> dict[int, int]:
    totals = frame.group_by("year").agg(pl.col(column).sum())
    return dict(zip(totals["year"].to_list(), totals[column].to_list(), strict=True))


def _inside(value: float, accepted: tuple[float, float]) -> bool:
    return accepted[0] <= value <= accepted[1]


def test_population_follows_hessen_totals(tables):
    totals = _per_year(tables["population"], "persons")
    assert all(_inside(totals[year], POPULATION.accepted) for year in DEMO_YEARS)
    assert totals[2019] == pytest.approx(6_290_000, rel=0.02)
    assert totals[2023] == pytest.approx(6_390_000, rel=0.02)
    assert totals[2022] - totals[2021] > 50_000  # refugees from Ukraine


def test_baby_boomers_age_through_the_pyramid(tables):
    by_age = tables["population"].group_by("year", "age").agg(pl.col("persons").sum())

    def peak_age(year: int) -> int:
        # Smooth over five years of age so that one noisy year cannot decide.
        ages = by_age.filter(pl.col("year") == year).sort("age")["persons"].to_numpy()
        return int(np.argmax(np.convolve(ages[:85], np.ones(5), mode="valid"))) + 2

    assert 50 <= peak_age(2019) <= 58
    assert peak_age(2024) - peak_age(2019) in (4, 5, 6)


def test_employment_totals_grow_with_the_2020_dip(tables):
    totals = _per_year(tables["employment"], "employees")
    assert all(_inside(totals[year], EMPLOYMENT.accepted) for year in DEMO_YEARS)
    assert 2_500_000 <= totals[2019] <= 2_620_000
    assert 2_660_000 <= totals[2024] <= 2_800_000
    assert totals[2020] < totals[2019] < totals[2021] < totals[2024]


def test_women_share_of_employment(tables):
    employment = tables["employment"]
    for year in DEMO_YEARS:
        rows = employment.filter(pl.col("year") == year)
        share = rows.filter(pl.col("sex") == "w")["employees"].sum() / rows["employees"].sum()
        assert _inside(share, WOMEN_SHARE.accepted), (year, share)


def test_share_55_plus_rises_every_year(tables):
    employment = tables["employment"].with_columns(
        older=pl.col("age_band").str.slice(0, 2).cast(pl.Int32) >= 55
    )
    shares = []
    for year in DEMO_YEARS:
        rows = employment.filter(pl.col("year") == year)
        shares.append(rows.filter("older")["employees"].sum() / rows["employees"].sum())
    assert all(later > earlier for earlier, later in zip(shares, shares[1:], strict=False))
    assert all(_inside(share, SHARE_55_PLUS.accepted) for share in shares)
    by_year = dict(zip(DEMO_YEARS, shares, strict=True))
    assert 0.15 <= by_year[2013] <= 0.19 and 0.19 <= by_year[2019] <= 0.23
    assert 0.22 <= by_year[2024] <= 0.26


def test_anforderungsniveau_mix(tables):
    employment = tables["employment"]
    for year in DEMO_YEARS:
        rows = employment.filter(pl.col("year") == year)
        total = rows["employees"].sum()
        for target, niveau in zip(NIVEAU_TARGETS, (1, 2, 3, 4), strict=True):
            share = rows.filter(pl.col("niveau") == niveau)["employees"].sum() / total
            assert _inside(share, target.accepted), (year, niveau, share)


def test_frankfurt_is_the_largest_workplace_and_cities_pull_commuters(tables):
    employees = tables["employment"].group_by("year", "ags").agg(pl.col("employees").sum())
    working_age = (
        tables["population"]
        .filter(pl.col("age").is_between(15, 64))
        .group_by("year", "ags")
        .agg(pl.col("persons").sum())
    )
    ratio = employees.join(working_age, on=["year", "ags"]).with_columns(
        ratio=pl.col("employees") / pl.col("persons")
    )
    for year in DEMO_YEARS:
        rows = ratio.filter(pl.col("year") == year)
        assert rows.sort("employees")["ags"][-1] == "06412"
        # Every Kreis in a plausible relation to its residents of working age.
        assert rows["ratio"].min() > 0.3 and rows["ratio"].max() < 1.3
        frankfurt = rows.filter(pl.col("ags") == "06412")["ratio"].item()
        landkreise = rows.filter(~pl.col("ags").is_in(CITIES))["ratio"]
        assert frankfurt > 1.5 * landkreise.max()
        hessen = rows["employees"].sum() / rows["persons"].sum()
        assert 0.55 <= hessen <= 0.72


def test_cities_have_more_experten_and_fewer_helfer(tables):
    employment = tables["employment"].filter(pl.col("year") == 2024)
    mix = employment.group_by(pl.col("ags").is_in(CITIES).alias("city"), "niveau").agg(
        pl.col("employees").sum()
    )
    share = mix.with_columns(share=pl.col("employees") / pl.col("employees").sum().over("city"))

    def get(city: bool, niveau: int) -> float:
        return share.filter((pl.col("city") == city) & (pl.col("niveau") == niveau))["share"].item()

    assert get(True, 4) > get(False, 4) + 0.03
    assert get(True, 1) < get(False, 1)


def test_occupational_trends(tables):
    by_group = tables["employment"].group_by("year", "kldb3").agg(pl.col("employees").sum())

    def total(year: int, prefixes: tuple[str, ...]) -> int:
        in_groups = pl.any_horizontal([pl.col("kldb3").str.starts_with(p) for p in prefixes])
        return by_group.filter((pl.col("year") == year) & in_groups)["employees"].sum()

    assert total(2024, ("43",)) > 1.12 * total(2019, ("43",))  # IT grows
    assert total(2024, ("813", "821")) > 1.07 * total(2019, ("813", "821"))  # care grows
    assert total(2024, ("242", "252")) < total(2019, ("242", "252"))  # metal, vehicles shrink
    assert total(2020, ("633",)) < 0.95 * total(2019, ("633",))  # gastronomy in the pandemic
    assert total(2022, ("633",)) > total(2020, ("633",))


def test_trainees_and_new_contracts(tables):
    trainees = tables["trainees"]
    assert (trainees["new_contracts"] <= trainees["trainees"]).all()
    stock = _per_year(trainees, "trainees")
    contracts = _per_year(trainees, "new_contracts")
    assert all(_inside(stock[year], TRAINEES.accepted) for year in DEMO_YEARS)
    assert all(_inside(contracts[year], NEW_CONTRACTS.accepted) for year in DEMO_YEARS)
    assert contracts[2020] < 0.95 * contracts[2019]
    assert "814" not in set(trainees["kldb3"])  # doctors do not train in the dual system


def test_graduates_by_path(tables):
    graduates = tables["graduates"]
    for year in DEMO_YEARS:
        rows = graduates.filter(pl.col("year") == year)
        vocational = rows.filter(pl.col("niveau") == 2)["graduates"].sum()
        academic = rows.filter(pl.col("niveau") >= 3)["graduates"].sum()
        assert _inside(vocational, VOCATIONAL_GRADUATES.accepted)
        assert _inside(academic, ACADEMIC_GRADUATES.accepted)
    academic_by_kreis = (
        graduates.filter(pl.col("niveau") >= 3).group_by("ags").agg(pl.col("graduates").sum())
    )
    assert academic_by_kreis.sort("graduates")["ags"][-1] == "06412"


def test_unemployment_and_vacancies(tables):
    labour = tables["labour_market"]
    unemployed = _per_year(labour, "unemployed")
    vacancies = _per_year(labour, "vacancies")
    assert all(_inside(unemployed[year], UNEMPLOYED.accepted) for year in DEMO_YEARS)
    assert all(_inside(vacancies[year], VACANCIES.accepted) for year in DEMO_YEARS)
    assert unemployed[2020] > unemployed[2019] and vacancies[2020] < vacancies[2019]
    helfer = labour.filter(pl.col("niveau") == 1)["unemployed"].sum() / labour["unemployed"].sum()
    assert helfer > 0.35  # far above the Helfer share of employment (≈ 16 %)


def test_vacancy_durations_are_longer_in_shortage_occupations(tables):
    labour = tables["labour_market"]
    duration = labour["completed_vacancy_duration_days"]
    measured = labour.filter(duration.is_not_null())
    assert measured["vacancies"].min() >= MIN_VACANCIES_FOR_DURATION
    assert labour.filter(duration.is_null())["vacancies"].max() < MIN_VACANCIES_FOR_DURATION
    assert measured["completed_vacancy_duration_days"].min() > 0
    assert {"813", "821", "342", "262", "521"} == SHORTAGE_GROUPS
    weighted = measured.group_by("year", pl.col("kldb3").is_in(SHORTAGE_GROUPS).alias("short")).agg(
        (pl.col("completed_vacancy_duration_days") * pl.col("vacancies")).sum()
        / pl.col("vacancies").sum()
    )
    for year in DEMO_YEARS:
        rows = weighted.filter(pl.col("year") == year)
        short = rows.filter("short")["completed_vacancy_duration_days"].item()
        other = rows.filter(~pl.col("short"))["completed_vacancy_duration_days"].item()
        assert short > 1.3 * other, year


def test_wages_medians_gender_gap_and_suppression(tables):
    full_time = (
        tables["employment"]
        .group_by("year", "ags", "kldb3", "sex")
        .agg(pl.col("employees").sum())
        .with_columns(
            full_time=(
                pl.col("employees")
                * pl.when(pl.col("sex") == "m")
                .then(FULL_TIME_SHARE[0])
                .otherwise(FULL_TIME_SHARE[1])
            ).round()
        )
    )
    wages = tables["wages"].join(full_time, on=["year", "ags", "kldb3", "sex"], how="left")
    wage = pl.col("median_monthly_wage_eur")
    suppressed = wages.filter(wage.is_null())
    assert 0 < suppressed.height < 0.2 * wages.height
    assert suppressed["full_time"].fill_null(0).max() < MIN_FULL_TIME_EMPLOYEES
    published = wages.filter(wage.is_not_null())
    assert published["full_time"].min() >= MIN_FULL_TIME_EMPLOYEES
    for year in DEMO_YEARS:
        rows = published.filter(pl.col("year") == year)
        assert rows["median_monthly_wage_eur"].max() <= PENSION_CEILING_WEST[year]
        assert rows["median_monthly_wage_eur"].min() > 0.35 * MEDIAN_WAGE.path[year]
        medians = {
            sex: weighted_median(
                part["median_monthly_wage_eur"].to_numpy(), part["full_time"].to_numpy()
            )
            for sex, part in ((s, rows.filter(pl.col("sex") == s)) for s in ("m", "w"))
        }
        overall = weighted_median(
            rows["median_monthly_wage_eur"].to_numpy(), rows["full_time"].to_numpy()
        )
        assert _inside(overall, MEDIAN_WAGE.accepted), (year, overall)
        assert medians["w"] < 0.95 * medians["m"], (year, medians)
