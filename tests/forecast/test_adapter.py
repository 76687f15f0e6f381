"""Age disaggregation and the adapter from the demo tables."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fachkraefte.common.ages import band_index, spread_bands
from fachkraefte.forecast.adapter import default_exit_rates, entry_age_profile, inputs_from_tables
from fachkraefte.forecast.engine import InputError

finite = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 12), elements=finite), arrays(np.float64, (3, 60), elements=finite))
def test_spread_preserves_band_totals_exactly(bands, pop):
    single = spread_bands(bands, pop)
    assert (single >= -1e-9 * max(1.0, bands.max())).all()
    np.testing.assert_allclose(single.reshape(3, 12, 5).sum(axis=-1), bands, rtol=1e-12, atol=1e-9)


def test_spread_follows_population_profile():
    pop = np.zeros(60)
    pop[10:15] = [1, 1, 2, 0, 0]
    bands = np.zeros(12)
    bands[2] = 40
    assert spread_bands(bands, pop)[10:15].tolist() == [10, 10, 20, 0, 0]


def test_band_index():
    assert band_index("15-19") == 0 and band_index("70-74") == 11
    with pytest.raises(InputError, match="'12-16'"):
        band_index("12-16")


def test_parameter_defaults_are_sane():
    rates = default_exit_rates()
    assert rates.shape == (2, 60) and (rates >= 0).all() and (rates <= 1).all()
    for q in (1, 2, 3, 4):
        assert entry_age_profile(q).sum() == pytest.approx(1)


def test_adapter_calibrates_stock_to_base_year_employment(demo_tables):
    md = inputs_from_tables(
        demo_tables["population"], demo_tables["employment"], demo_tables["graduates"]
    )
    emp = demo_tables["employment"].filter(pl.col("year") == 2024)["employees"].sum()
    assert md.inputs.stock.sum(dtype=np.float64) == pytest.approx(emp, rel=1e-5)
    assert md.inputs.shape == (3, 6, 4, 2, 60)
    np.testing.assert_allclose(md.demand_history[-1], md.inputs.stock.sum(axis=(3, 4)), rtol=1e-4)
    assert md.inputs.entries.sum() > 0


def test_exits_are_estimated_from_the_history_and_recorded(demo_tables):
    md = inputs_from_tables(
        demo_tables["population"], demo_tables["employment"], demo_tables["graduates"]
    )
    record = md.parameters_meta
    assert record["exits"]["status"] == "aus Daten geschätzt / estimated from data"
    assert record["exits"]["year_pairs"][0] == [2013, 2014]
    assert record["mortality"]["status"]  # imported table or "nicht geprüft / not checked"
    assert record["migration"]["left_out"] == [[2014, 2015], [2021, 2022]]
    rates = np.asarray(md.inputs.exit_rate)
    assert rates.shape == md.inputs.stock.shape
    assert (rates >= 0).all() and (rates <= 0.6).all()
    # older workers leave more than prime-age ones, on average over the cells
    stock = md.inputs.stock.astype(np.float64)
    mean = (rates * stock).sum(axis=(0, 1, 2)) / stock.sum(axis=(0, 1, 2))
    assert (mean[:, 62 - 15] > mean[:, 40 - 15]).all()


def test_one_employment_year_falls_back_to_the_stated_profile(demo_tables):
    one_year = demo_tables["employment"].filter(pl.col("year") == 2024)
    md = inputs_from_tables(demo_tables["population"], one_year, demo_tables["graduates"])
    assert md.parameters_meta["exits"]["status"] == "Annahme / assumption"
    assert "source" in md.parameters_meta["exits"] and "vintage" in md.parameters_meta["exits"]
    np.testing.assert_allclose(md.inputs.exit_rate, default_exit_rates(), atol=1e-7)


def test_adapter_rejects_unknown_code_in_graduates(demo_tables):
    grads = demo_tables["graduates"].with_columns(pl.lit("999").alias("kldb3"))
    with pytest.raises(InputError, match="'graduates'.*'kldb3'.*'999'"):
        inputs_from_tables(demo_tables["population"], demo_tables["employment"], grads)


def test_adapter_rejects_missing_base_year(demo_tables):
    with pytest.raises(InputError, match="2030"):
        inputs_from_tables(
            demo_tables["population"],
            demo_tables["employment"],
            demo_tables["graduates"],
            base_year=2030,
        )


def _frame(name: str, rows: list[tuple]) -> pl.DataFrame:
    from fachkraefte.sources.schema import TABLES, check_table

    return check_table(name, pl.DataFrame(rows, schema=list(TABLES[name]), orient="row"))


def _hand_tables(young_14: int = 50):
    """One Kreis, Berufsgruppe 813; 100 people at every age 0–90 except 50 at age 14.

    Trainees 2023/2024: 300/300 women; vocational graduates 90/110 → completion ratio
    200 / 600 = 1/3, entries 2025 before demography = 1/3 · 300 = 100. Academic (niveau 3)
    graduates 2024: 40. Young population 15–24: 1,000 in 2024; in 2025 the ages 14–23 of
    2024 move in: 50 + 9 · 100 = 950 → index 0.95, and it stays 0.95 while that small
    cohort is 15–24 (2025–2034); in 2035 it is 25 and the index is 1,000 / 1,000 again.
    """
    population = [
        (2024, "06411", s, a, young_14 if a == 14 else 100) for s in "mw" for a in range(91)
    ]
    employment = [(2024, "06411", "813", 2, "w", "40-44", 10)]
    trainees = [(2023, "06411", "813", "w", 300, 100), (2024, "06411", "813", "w", 300, 100)]
    graduates = [
        (2023, "06411", "813", 2, "w", 90),
        (2024, "06411", "813", 2, "w", 110),
        (2024, "06411", "813", 3, "w", 40),
    ]
    return (
        _frame("population", population),
        _frame("employment", employment),
        _frame("graduates", graduates),
        _frame("trainees", trainees),
    )


def test_entries_from_trainees_completion_ratio_and_young_population_by_hand():
    """Niveau 3 graduates are Bachelor-level: of 40, the share ``1 − study_on`` enters, of
    those ``at_work_here`` stay in the Land as employees (skill_entries.toml); a quarter
    of them (``bachelor_to_experte``) count at niveau 4. One Kreis: nobody is placed elsewhere.
    """
    from fachkraefte.forecast.engine import project
    from fachkraefte.forecast.entries import entry_shares

    population, employment, graduates, trainees = _hand_tables()
    md = inputs_from_tables(population, employment, graduates, trainees=trainees)
    inp = md.inputs
    sh = entry_shares()
    bachelors_entering = 40 * (1 - sh.study_on_after_bachelor) * sh.at_work_here
    # yearly entries before demography: niveau 2 = 100 (trainees), academic from 40 Bachelor
    entries = inp.entries.sum(axis=(0, 1, 3, 4), dtype=np.float64)
    assert entries[1] == pytest.approx(100, rel=1e-5)
    assert entries[2] == pytest.approx(bachelors_entering * (1 - sh.bachelor_to_experte))
    assert entries[3] == pytest.approx(bachelors_entering * sh.bachelor_to_experte)
    assert entries[0] == 0  # no helper stock: helper entrants cannot be placed
    assert md.entries_meta["helpers_unplaced"] > 0
    # young-population index: 950 / 1,000 in 2025 … 2034, 1,000 / 1,000 from 2035
    assert inp.entry_factor[:12, 0].tolist() == pytest.approx([0.95] * 10 + [1.0, 1.0])
    assert md.entries_meta["completion_ratio_overall"] == pytest.approx(1 / 3)
    # the projection adds 0.95 · (100 + academic) a year (no exits; level moves keep totals)
    inp.exit_rate = np.zeros_like(inp.exit_rate)
    p = project(inp, 2)
    added = p.supply.sum(axis=(1, 2, 3))
    yearly = 0.95 * (100 + bachelors_entering)
    assert added[1] - added[0] == pytest.approx(yearly, rel=1e-5)
    assert added[2] - added[1] == pytest.approx(yearly, rel=1e-5)
    assert p.entries[0].sum() == pytest.approx(yearly, rel=1e-5)


def test_without_trainee_data_vocational_entries_are_the_base_year_graduates():
    population, employment, graduates, _ = _hand_tables(young_14=100)
    md = inputs_from_tables(population, employment, graduates)
    assert md.inputs.entries.sum(axis=(0, 1, 3, 4))[1] == pytest.approx(110, rel=1e-5)
    assert md.entries_meta["trainees"] is False
    np.testing.assert_allclose(md.inputs.entry_factor[:20], 1.0)  # flat population


def test_young_population_index_reads_a_projection_when_the_table_has_one():
    from fachkraefte.forecast.adapter import young_population_index

    rows = [(2024, "06411", "w", a, 100) for a in range(91)]
    rows += [(2025, "06411", "w", a, 120) for a in range(91)]  # e.g. an imported projection
    index = young_population_index(_frame("population", rows), ["06411"], 2024, years=3)
    # 2025 from the table (1,200 / 1,000), then ageing 2025: still 120 at every age
    assert index[:, 0].tolist() == pytest.approx([1.2, 1.2, 1.2])


LIFE_TABLE = "official/destatis_genesis/12621-0001_de_2022-2024.csv"


@pytest.fixture(scope="module")
def mortality(shared_data):
    from fachkraefte.forecast.mortality import from_life_table
    from fachkraefte.sources.life_table import read_life_table

    return from_life_table(read_life_table(shared_data / LIFE_TABLE))


@pytest.mark.shared_data
def test_exit_rates_differ_by_sex_as_documented(mortality):
    from fachkraefte.forecast.adapter import FAMILY_WITHDRAWAL_WOMEN

    rates = default_exit_rates(mortality).astype(np.float64)
    m, w = rates
    q = mortality.q
    age = np.arange(15, 75)
    # men die earlier: at 60 the gap is the difference of q(60) in Sterbetafel 2022/24
    assert m[60 - 15] - w[60 - 15] == pytest.approx(0.00927291 - 0.00501472, abs=1e-6)
    np.testing.assert_allclose((m - w)[age >= 40], (q[0] - q[1])[age >= 40], atol=1e-6)
    # family phase: women 28–38 leave 0.5 pp more (net of their lower mortality)
    assert w[30 - 15] - m[30 - 15] == pytest.approx(
        FAMILY_WITHDRAWAL_WOMEN - (q[0] - q[1])[30 - 15], abs=1e-6
    )
    # outside the family ages the average of both sexes is the common profile
    common = {45: 0.015, 55: 0.03, 61: 0.08, 63: 0.25, 65: 0.35, 70: 0.5}
    for a, value in common.items():
        assert (m[a - 15] + w[a - 15]) / 2 == pytest.approx(value, abs=1e-6)


@pytest.mark.shared_data
def test_sex_specific_exits_in_a_projection(mortality):
    """1,000 men and 1,000 women aged 60: one year later 1,000 · (1 − x_s(60)) each."""
    from fachkraefte.forecast.engine import EngineInputs, project

    stock = np.zeros((1, 1, 1, 2, 60), dtype=np.float32)
    stock[..., 60 - 15] = 1000
    rates = default_exit_rates(mortality)
    p = project(EngineInputs(stock, rates, np.zeros_like(stock)), 1, keep_states=True)
    after = p.states[1][0, 0, 0, :, 61 - 15]
    gap = 0.00927291 - 0.00501472  # q(60) of men minus women, Sterbetafel 2022/24
    assert after[0] == pytest.approx(1000 * (1 - (0.08 + gap / 2)), rel=1e-5)
    assert after[1] == pytest.approx(1000 * (1 - (0.08 - gap / 2)), rel=1e-5)
    assert after[1] > after[0]
