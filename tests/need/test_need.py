"""fachkraefte.need: the engine path of a measure, a hand-made run, the need score."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from fachkraefte.common.ages import N_AGES
from fachkraefte.forecast import store
from fachkraefte.forecast.adapter import ModelData
from fachkraefte.forecast.engine import EngineInputs
from fachkraefte.forecast.runner import SupplyModel, run_forecast
from fachkraefte.forecast.scenario import Measure, Scenario, ScenarioError, scenario_from_dict
from fachkraefte.need import (
    NeedError,
    Outcome,
    assess,
    cell_need,
    gap_cells,
    measure_effect,
    outcome_measures,
)
from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables

AGS = ["06411", "06412"]
YEARS = 6


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    out = {}
    for name, frame in generate_demo_tables(DEFAULT_SEED).items():
        out[name] = frame.filter(pl.col("ags").is_in(AGS)) if "ags" in frame.columns else frame
    return out


def _cell_gaps(run_id: str) -> pl.DataFrame:
    return store.read_frame(run_id).group_by("year", "ags", "kldb3").agg(pl.col("gap").sum())


def test_twenty_a_year_moves_the_gap_as_a_direct_engine_run(data_dir, tables):
    """A project with 20 people qualified a year in one cell: the need path (outcome rows →
    one-off measures → restricted engine run) moves the gap exactly as a full run of the
    engine with the same Measure does."""
    base = run_forecast(tables, years=YEARS)
    base_year = base["base_year"]
    outcomes = [Outcome(20, "813", "06411", year) for year in range(base_year, base_year + 4)]
    measures, before = outcome_measures(outcomes, base_year=base_year)
    assert before == ()
    direct = Measure(
        kldb3="813",
        ags="06411",
        from_year=base_year + 1,
        until_year=base_year + 4,
        graduates_per_year=20,
    )
    with_measure = run_forecast(
        tables, years=YEARS, scenario=Scenario(name="m", measures=(direct,))
    )
    moved = (
        _cell_gaps(base["run_id"])
        .join(_cell_gaps(with_measure["run_id"]), on=["year", "ags", "kldb3"], suffix="_m")
        .with_columns(moved=pl.col("gap") - pl.col("gap_m"))
    )
    # nothing else in the run moves: districts and occupations are apart without mobility
    assert (
        moved.filter((pl.col("ags") != "06411") | (pl.col("kldb3") != "813"))["moved"].abs().max()
        == 0
    )
    expected = moved.filter((pl.col("ags") == "06411") & (pl.col("kldb3") == "813")).sort("year")
    effect = measure_effect(base["run_id"], measures, tables=tables).sort("year")
    assert effect["year"].to_list() == expected["year"].to_list()
    np.testing.assert_allclose(effect["added_supply"], expected["moved"], rtol=0, atol=1e-6)
    assert effect.filter(pl.col("year") == base_year + 1)["added_supply"].item() == pytest.approx(
        20
    )
    result = assess(base["run_id"], cells=[("06411", "813")], measures=measures, tables=tables)
    last = expected.filter(pl.col("year") == result.horizon)
    assert result.added == pytest.approx(last["moved"].item(), abs=1e-6)
    assert result.share_closed == pytest.approx(last["moved"].item() / last["gap"].item())


def _hand_run(root, *, base_year: int = 2024, years: int = 3) -> str:
    """A run written by hand: one cell, demand 2000, supply falling by 100 a year."""
    run_id = "hand-made"
    folder = root / "forecasts" / run_id
    rows = [
        {
            "year": base_year + t,
            "ags": "14626",
            "kldb3": "813",
            "niveau": niveau,
            "demand": 1000.0,
            "supply": 1000.0 - 50.0 * t,
        }
        for t in range(years + 1)
        for niveau in (2, 3)
    ]
    results = pl.DataFrame(rows).with_columns(gap=pl.col("demand") - pl.col("supply"))
    store.write_frame(folder, "results", results)
    ratio = pl.DataFrame(
        {
            "year": [base_year + t for t in range(years + 1)],
            "ags": "14626",
            "kldb3": "813",
            "age_27": 50.0,
            "age_64": 100.0,
            "replacement_ratio": 0.5,
        }
    )
    store.write_frame(folder, "replacement_ratio", ratio)
    meta = {"run_id": run_id, "base_year": base_year, "years": years, "scenario": "basis"}
    store.write_metadata(folder, meta)
    assert json.loads((folder / "metadata.json").read_text())["run_id"] == run_id
    return run_id


def _hand_supply(base_year: int = 2024) -> SupplyModel:
    """Engine inputs of the hand-made run: nobody leaves, nobody else enters."""
    stock = np.zeros((1, 1, 4, 2, N_AGES), dtype=np.float32)
    stock[0, 0, 1, :, 20] = 500
    inputs = EngineInputs(
        stock=stock,
        exit_rate=np.zeros(N_AGES, dtype=np.float32),
        entries=np.zeros_like(stock),
        base_year=base_year,
    )
    model = ModelData(
        inputs=inputs,
        ags=["14626"],
        kldb3=["813"],
        demand_history=stock.sum(axis=(3, 4))[None],
        history_years=[base_year],
    )
    return SupplyModel(model=model, young={})


def test_fit_to_need_on_a_hand_made_run_equals_the_hand_computed_share(data_dir):
    run_id = _hand_run(data_dir)
    # 30 qualified in 2024 and in 2025: in supply from 2025 and 2026, 60 by 2026 and after
    measures, _ = outcome_measures(
        [Outcome(30, "813", "14626", 2024), Outcome(30, "813", "14626", 2025)], base_year=2024
    )
    result = assess(
        run_id, cells=[("14626", "813")], measures=measures, year=2026, supply=_hand_supply()
    )
    # gap 2026: demand 2000 − supply 1800 = 200; added 60 → share 0.3
    assert result.gap == pytest.approx(200)
    assert result.added == pytest.approx(60)
    assert result.share_closed == pytest.approx(0.3)
    # need: gap_rel 0.1 → 1 × 0.5; no bottleneck score; demography 1 − 0.5 → 0.5 × 0.2
    assert result.need_score == pytest.approx(round(100 * (0.5 + 0.1) / 0.7, 1))
    by_year = dict(zip(result.cells["year"], result.cells["added_supply"], strict=True))
    assert by_year == pytest.approx({2024: 0, 2025: 30, 2026: 60, 2027: 60})
    assert result.to_dict()["cells"][2]["gap_after"] == pytest.approx(140)


def test_gap_cells_without_draws_have_no_band_and_name_the_cells(data_dir):
    run_id = _hand_run(data_dir)
    frame = gap_cells(run_id, [("14626", "813")], years=[2025])
    row = frame.row(0, named=True)
    assert (row["gap"], row["gap_rel"], row["gap_p50"]) == (100, 0.05, None)
    assert row["replacement_ratio"] == 0.5


def test_a_cell_outside_the_run_is_named_and_no_measure_reaches_it(data_dir):
    run_id = _hand_run(data_dir)
    outside = Measure(kldb3="814", ags="14626", from_year=2025, graduates_per_year=5)
    result = assess(run_id, cells=[("14626", "813")], measures=[outside], supply=_hand_supply())
    assert "14626/814" in result.notes[0]
    assert result.added == 0
    with pytest.raises(NeedError, match="14626/814"):
        measure_effect(run_id, [outside], supply=_hand_supply())


def test_implausible_measures_are_refused_by_the_engine_checks(data_dir):
    run_id = _hand_run(data_dir)
    huge = Measure(kldb3="813", ags="14626", from_year=2025, graduates_per_year=5000)
    with pytest.raises(ScenarioError, match="graduates_per_year"):
        measure_effect(run_id, [huge], supply=_hand_supply())


def test_need_score_components():
    assert cell_need(gap_rel=0.2, bottleneck_score=3.0, replacement_ratio=0.5) == 90.0
    assert cell_need(gap_rel=-0.1, bottleneck_score=0.0, replacement_ratio=1.5) == 0.0
    assert cell_need(gap_rel=None, bottleneck_score=None, replacement_ratio=None) is None


def test_until_year_limits_a_measure_and_is_read_from_toml():
    s = scenario_from_dict(
        {
            "name": "x",
            "measures": [
                {
                    "kldb3": "813",
                    "ags": "14626",
                    "from_year": 2026,
                    "until_year": 2027,
                    "graduates_per_year": 5,
                }
            ],
        }
    )
    assert s.measures[0].until_year == 2027
    with pytest.raises(ScenarioError, match="until_year"):
        scenario_from_dict(
            {
                "name": "x",
                "measures": [
                    {
                        "kldb3": "813",
                        "ags": "14626",
                        "from_year": 2026,
                        "until_year": 2025,
                        "graduates_per_year": 5,
                    }
                ],
            }
        )
