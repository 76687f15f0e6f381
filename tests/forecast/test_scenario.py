"""Scenario validation, composition and effects."""

from __future__ import annotations

import numpy as np
import pytest

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
