"""Scenario validation, composition and effects."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.forecast.engine import AGE_MIN, N_AGES, EngineInputs, project
from fachkraefte.forecast.scenario import (
    Scenario,
    ScenarioError,
    apply_scenario,
    load_scenario,
    resolve,
    scenario_from_dict,
    standard_scenarios,
)

AGS = ["06411", "06412"]
KLDB = ["813", "814"]


def _inputs():
    rng = np.random.default_rng(1)
    shape = (2, 2, 4, 2, N_AGES)
    return EngineInputs(
        stock=rng.uniform(0, 50, shape).astype(np.float32),
        exit_rate=np.linspace(0.0, 0.3, N_AGES, dtype=np.float32)[None, :].repeat(2, 0),
        entries=rng.uniform(0, 2, shape).astype(np.float32),
        migration_rate=rng.uniform(-0.02, 0.03, (2, 1, 1, 2, N_AGES)).astype(np.float32),
        base_year=2024,
    )


def _run(s, years=5):
    inp = apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=years)
    return project(inp, years)


def test_standard_scenarios_ship_and_validate():
    names = set(standard_scenarios())
    assert {
        "frauen_erwerbsbeteiligung",
        "rente_ein_jahr_spaeter",
        "zuwanderung_plus_20",
        "ausbildung_plus_10",
        "massnahme_813_06411",
    } <= names


def test_neutral_scenario_reproduces_base_exactly():
    base = project(_inputs(), 5)
    neutral = _run(Scenario(name="neutral"))
    np.testing.assert_array_equal(base.supply, neutral.supply)
    np.testing.assert_array_equal(base.exits, neutral.exits)


@pytest.mark.parametrize(
    "name",
    [
        "frauen_erwerbsbeteiligung",
        "rente_ein_jahr_spaeter",
        "zuwanderung_plus_20",
        "ausbildung_plus_10",
    ],
)
def test_standard_scenarios_raise_supply(name):
    base = project(_inputs(), 5).supply[-1].sum()
    assert _run(standard_scenarios()[name]).supply[-1].sum() > base


def test_measure_adds_graduates_from_given_year():
    base = project(_inputs(), 5)
    run = _run(standard_scenarios()["massnahme_813_06411"])
    diff = (run.supply - base.supply)[:, 0, 0, 1]  # 06411, 813, niveau 2
    # 2025, 2026: nothing; from 2027 (t=3) 20 per year accumulate (age 25 → no exits at rate≈0.1)
    assert diff[:3].tolist() == pytest.approx([0, 0, 0], abs=1e-3)
    assert diff[3] == pytest.approx(20, rel=1e-4)
    assert 20 < diff[5] <= 60
    np.testing.assert_allclose((run.supply - base.supply)[:, 1], 0, atol=1e-3)


def test_composition_via_plus():
    s = resolve("zuwanderung_plus_20+ausbildung_plus_10")
    assert (s.migration_factor, s.training_factor) == (1.2, 1.1)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"name": "x", "migration_factor": "viel"}, "'migration_factor'"),
        ({"name": "x", "retirement_delay_years": 9}, "'retirement_delay_years'"),
        ({"name": "x", "unknown_field": 1}, "'unknown_field'"),
        ({"name": ""}, "'name'"),
        (
            {
                "name": "x",
                "measures": [
                    {"kldb3": "81", "ags": "06411", "from_year": 2027, "graduates_per_year": 1}
                ],
            },
            "measures\\[0\\].kldb3",
        ),
    ],
)
def test_bad_scenario_fields_are_named(data, needle):
    with pytest.raises(ScenarioError, match=needle):
        scenario_from_dict(data, "test.toml")


def test_bad_toml_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("name = ", encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml"):
        load_scenario(path)


def test_measure_outside_model_is_rejected():
    s = scenario_from_dict(
        {
            "name": "m",
            "measures": [
                {"kldb3": "999", "ags": "06411", "from_year": 2027, "graduates_per_year": 1}
            ],
        }
    )
    with pytest.raises(ScenarioError, match="999"):
        apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=3)


def test_retirement_delay_shifts_exit_profile():
    s = Scenario(name="r", retirement_delay_years=1)
    inp = apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=1)
    base = np.linspace(0.0, 0.3, N_AGES, dtype=np.float32)
    assert inp.exit_rate[0, 0, 0, 0, 60 - AGE_MIN] == pytest.approx(base[59 - AGE_MIN])


def _women_cohort(years: int, scenario: Scenario):
    """750 women and 600 men aged 20, nothing else: no exits, entries or migration."""
    stock = np.zeros((1, 1, 1, 2, N_AGES), dtype=np.float32)
    stock[0, 0, 0, 0, 20 - AGE_MIN] = 600  # m
    stock[0, 0, 0, 1, 20 - AGE_MIN] = 750  # w
    inp = EngineInputs(stock, np.zeros(N_AGES, dtype=np.float32), np.zeros_like(stock))
    inp = apply_scenario(inp, scenario, ags=["06411"], kldb3=["813"], years=years)
    p = project(inp, years, keep_states=True)
    return np.array([s[0, 0, 0, :, :].sum(axis=-1) for s in p.states])  # (T+1, sex)


def test_women_participation_plateaus_at_the_documented_amount():
    """+5 pp on a base participation of 75 % = +5/75 of the women's stock, reached after the
    10-year phase-in and then held: 750 women → 800 in 2034 and still 800 in 2054 (before
    the fix the yearly rate acted for ever: ≈ 866 after 20 years, ≈ 1,000 after 30)."""
    by_year = _women_cohort(30, standard_scenarios()["frauen_erwerbsbeteiligung"])
    women, men = by_year[:, 1], by_year[:, 0]
    assert women[10] == pytest.approx(750 * (1 + 5 / 75), rel=1e-5)  # = 800
    assert women[10] == pytest.approx(800, rel=1e-5)
    np.testing.assert_allclose(women[10:], 800, rtol=1e-5)  # plateau, 2034 … 2054
    assert (np.diff(women[:11]) > 0).all()  # phased in, rising every year until then
    # halfway: the constant compound rate gives sqrt(800/750) of the way
    assert women[5] == pytest.approx(750 * np.sqrt(800 / 750), rel=1e-5)
    np.testing.assert_allclose(men, 600, rtol=1e-6)  # men untouched


def test_participation_phase_in_also_plateaus_for_a_negative_change_and_when_composed():
    by_year = _women_cohort(20, Scenario(name="minus", women_participation_pp=-3.0))
    np.testing.assert_allclose(by_year[10:, 1], 750 * (1 - 3 / 75), rtol=1e-5)
    composed = resolve("frauen_erwerbsbeteiligung+ausbildung_plus_10")
    by_year = _women_cohort(20, composed)
    np.testing.assert_allclose(by_year[10:, 1], 800, rtol=1e-5)


def test_participation_scenario_on_inputs_that_already_change_participation_is_refused():
    inp = _inputs()
    inp.participation_rate = np.full(N_AGES, 0.01, dtype=np.float32)
    with pytest.raises(ScenarioError, match="women_participation_pp"):
        apply_scenario(
            inp, standard_scenarios()["frauen_erwerbsbeteiligung"], ags=AGS, kldb3=KLDB, years=3
        )


def test_other_standard_scenarios_change_rates_not_their_growth():
    """Retirement, immigration and training scenarios set constant yearly parameters (no
    time axis that could run away): the same inputs for a 5- and a 30-year run, and a
    cohort past retirement age gives the same supply with and without the delay."""
    for name in ("rente_ein_jahr_spaeter", "zuwanderung_plus_20", "ausbildung_plus_10"):
        s = standard_scenarios()[name]
        short = apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=5)
        long = apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=30)
        for field in ("exit_rate", "migration_rate", "participation_rate", "entries"):
            np.testing.assert_array_equal(getattr(short, field), getattr(long, field))
        assert short.participation_profile is None and short.entry_factor is None


def test_retirement_delay_by_hand():
    """Exit 50 % at 64 only: 1,000 people aged 63 → 500 at 65 in the base; one year later
    the rate hits at 65 instead, so 1,000 are still there at 65 and 500 at 66."""
    rate = np.zeros(N_AGES, dtype=np.float32)
    rate[64 - AGE_MIN] = 0.5
    stock = np.zeros((1, 1, 1, 1, N_AGES), dtype=np.float32)
    stock[..., 63 - AGE_MIN] = 1000
    inp = EngineInputs(stock, rate, np.zeros_like(stock))
    base = project(inp, 3).supply[:, 0, 0, 0]
    later = apply_scenario(
        inp, Scenario(name="r", retirement_delay_years=1), ags=["a"], kldb3=["813"], years=3
    )
    delayed = project(later, 3).supply[:, 0, 0, 0]
    assert base.tolist() == pytest.approx([1000, 1000, 500, 500])
    assert delayed.tolist() == pytest.approx([1000, 1000, 1000, 500])


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.integers(1, 8),
    st.booleans(),
)
def test_neutral_scenario_reproduces_any_base_exactly(n_r, n_o, seed, years, with_factor):
    """For any inputs (with or without mobility, a young-population entry factor and a
    measure already in them) the neutral scenario gives the bit-identical projection."""
    rng = np.random.default_rng(seed)
    shape = (n_r, n_o, 4, 2, N_AGES)
    inp = EngineInputs(
        stock=rng.uniform(0, 50, shape).astype(np.float32),
        exit_rate=rng.uniform(0, 0.3, (2, N_AGES)).astype(np.float32),
        entries=rng.uniform(0, 2, shape).astype(np.float32),
        migration_rate=rng.uniform(-0.05, 0.05, (n_r, 1, 1, 2, N_AGES)).astype(np.float32),
        mobility=rng.uniform(0, 0.2 / n_o, (n_o, n_o)),
        entry_factor=rng.uniform(0.8, 1.2, (years, n_r)) if with_factor else None,
        extra_entries=[(1, (0, 0, 1, 1, 10), 5.0)],
        base_year=2024,
    )
    codes = [f"{810 + i}" for i in range(n_o)]
    regions = [f"0641{i}" for i in range(n_r)]
    neutral = apply_scenario(inp, Scenario(name="neutral"), ags=regions, kldb3=codes, years=years)
    base, again = project(inp, years), project(neutral, years)
    for field in ("supply", "exits", "entries", "migration", "participation", "mobility"):
        np.testing.assert_array_equal(getattr(base, field), getattr(again, field))


def _one_measure(**fields):
    measure = {"kldb3": "813", "ags": "06411", "from_year": 2027, "graduates_per_year": 20}
    return scenario_from_dict({"name": "m", "measures": [{**measure, **fields}]}, "m.toml")


def test_a_million_graduates_a_year_from_2000_is_refused():
    s = _one_measure(from_year=2000, graduates_per_year=1_000_000)
    with pytest.raises(ScenarioError) as refused:
        apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=3)
    message = str(refused.value)
    # Both fields are named with their limits, in German and English.
    assert "measures[0].from_year = 2000 liegt vor dem Basisjahr 2024" in message
    assert "is before the base year 2024" in message
    cell = float(_inputs().stock[0, 0, 1].sum())
    assert f"übersteigt die Grenze {0.1 * cell:,.0f}" in message
    assert "of the cell's stock" in message


def test_the_young_population_limit_names_the_district():
    s = _one_measure(graduates_per_year=150)  # within 10 % of the cell (about 3,000 persons)
    apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=3)
    with pytest.raises(
        ScenarioError, match="Grenze 100 \\(2% der 5,000 Einwohner von 15–24 Jahren in 06411"
    ):
        apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=3, young={"06411": 5000.0})


def test_an_expert_override_accepts_with_a_stated_warning():
    from fachkraefte.forecast.scenario_checks import check_measures, with_override

    s = _one_measure(
        graduates_per_year=1_000_000, override=True, override_reason="Testfall Großansiedlung"
    )
    warnings = check_measures(s, _inputs(), ags=AGS, kldb3=KLDB)
    assert len(warnings) == 1 and "Testfall Großansiedlung" in warnings[0]
    assert "graduates_per_year" in warnings[0]
    apply_scenario(_inputs(), s, ags=AGS, kldb3=KLDB, years=3)  # accepted
    plain = _one_measure(from_year=2020)
    with pytest.raises(ScenarioError):
        apply_scenario(_inputs(), plain, ags=AGS, kldb3=KLDB, years=3)
    assert check_measures(with_override(plain, "Rückblick"), _inputs(), ags=AGS, kldb3=KLDB)
    with pytest.raises(ScenarioError, match="override_reason"):
        _one_measure(override=True)


def test_limits_are_data_with_their_rationale():
    import tomllib
    from importlib import resources

    from fachkraefte.forecast.scenario_checks import measure_limits

    text = resources.files("fachkraefte.forecast").joinpath("scenario_limits.toml").read_text()
    data = tomllib.loads(text)
    assert data["from_year"]["rationale"] and data["graduates_per_year"]["rationale_cell"]
    assert (
        measure_limits().max_share_of_cell_stock
        == data["graduates_per_year"]["max_share_of_cell_stock"]
    )


def test_mobility_is_a_named_scenario_off_in_the_base_run():
    from fachkraefte.forecast.scenario import scenario_from_dict

    assert Scenario().mobility == "none" and Scenario().is_neutral
    named = standard_scenarios()["berufswechsel_wie_geschaetzt"]
    assert (named.mobility, named.mobility_share) == ("estimated", 0.5)
    assert "Annahme" in named.description and not named.supply_neutral
    composed = standard_scenarios()["ausbildung_plus_10"] + named
    assert composed.mobility == "estimated" and composed.mobility_share == 0.5
    with pytest.raises(ScenarioError, match="Feld 'mobility', Wert 'viel'"):
        scenario_from_dict({"name": "x", "mobility": "viel"})
    with pytest.raises(ScenarioError, match="Feld 'mobility_share'"):
        scenario_from_dict({"name": "x", "mobility_share": 0.3})
    with pytest.raises(ScenarioError, match="Feld 'mobility_share', Wert 1.5"):
        scenario_from_dict({"name": "x", "mobility": "estimated", "mobility_share": 1.5})
