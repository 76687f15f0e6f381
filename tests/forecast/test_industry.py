"""The industry (WZ 2008) demand path: hand-computed through the CLI, equivalences with the
trend, growth files, the scenario field and the recorded choice."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from fachkraefte.cli_forecast import app
from fachkraefte.forecast import MODEL_VERSION, store
from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.industry import (
    IndustryGrowth,
    IndustryGrowthError,
    industry_demand,
    load_industry_growth,
    model_industry_demand,
)
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.forecast.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    resolve,
    scenario_from_dict,
    standard_scenarios,
)
from fachkraefte.forecast.vacancy_signal import with_vacancies
from fachkraefte.sources.schema import TABLES, WZ_SECTIONS, check_table, empty_table

runner = CliRunner()


def _table(name: str, rows: list[tuple]) -> pl.DataFrame:
    return check_table(name, pl.DataFrame(rows, schema=list(TABLES[name]), orient="row"))


@pytest.fixture
def hand_dir(tmp_path):
    """One Kreis, two Berufsgruppen (Fachkraft level, women aged 30–34), 2023 and 2024.

    813 works 80 in Q (health) and 20 in O (public administration); 821 works 50 in Q.
    """
    root = tmp_path / "hand"
    root.mkdir()
    population = [(y, "06411", s, a, 1000) for y in (2023, 2024) for s in "mw" for a in range(91)]
    employment = [
        (y, "06411", code, 2, "w", "30-34", n)
        for y in (2023, 2024)
        for code, n in (("813", 100), ("821", 50))
    ]
    industry = [
        (y, "06411", code, 2, section, n)
        for y in (2023, 2024)
        for code, section, n in (("813", "O", 20), ("813", "Q", 80), ("821", "Q", 50))
    ]
    tables = {
        "population": _table("population", population),
        "employment": _table("employment", employment),
        "graduates": empty_table("graduates"),
        "employment_industry": _table("employment_industry", industry),
    }
    for name, frame in tables.items():
        frame.write_parquet(root / f"{name}.parquet")
    return root


def _run(*args: str) -> str:
    result = runner.invoke(app, ["run", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def _demand(run_id: str) -> dict[tuple[int, str], float]:
    frame = store.read_frame(run_id).group_by("year", "kldb3").agg(pl.col("demand").sum())
    return {(y, k): d for y, k, d in frame.iter_rows()}


def test_hand_computed_industry_path_through_the_cli(data_dir, hand_dir, tmp_path):
    growth = tmp_path / "growth.toml"
    growth.write_text("[growth]\nQ = 0.10\nO = -0.5\n", encoding="utf-8")
    run_id = _run(
        "--years", "2", "--demo-dir", str(hand_dir), "--demand", "industry",
        "--industry-growth", str(growth),
    )  # fmt: skip
    demand = _demand(run_id)
    # 813: 80 · 1.1^t + 20 · 0.5^t ; 821: 50 · 1.1^t
    assert demand[(2024, "813")] == pytest.approx(100.0)
    assert demand[(2025, "813")] == pytest.approx(80 * 1.1 + 20 * 0.5)
    assert demand[(2026, "813")] == pytest.approx(80 * 1.21 + 20 * 0.25)
    assert demand[(2025, "821")] == pytest.approx(55.0)
    assert demand[(2026, "821")] == pytest.approx(60.5)
    meta = store.read_metadata(run_id)
    assert meta["demand"]["path"] == "industry"
    assert meta["demand"]["industry_growth"]["rates"] == {"O": [[0, -0.5]], "Q": [[0, 0.1]]}
    assert meta["demand"]["industry_growth"]["source"] == str(growth)
    # Sections without a rate follow their trend (here: flat history).
    assert "C" in meta["demand"]["trend_sections"] and "Q" not in meta["demand"]["trend_sections"]


def test_year_steps_in_a_csv_growth_file(data_dir, hand_dir, tmp_path):
    growth = tmp_path / "growth.csv"
    growth.write_text("wz_section,year,growth\nQ,2025,0.1\nQ,2026,0.0\n*,,0.0\n", "utf-8")
    run_id = _run("--years", "3", "--demo-dir", str(hand_dir), "--industry-growth", str(growth))
    demand = _demand(run_id)
    # --industry-growth implies the industry path; O follows the default rate 0.
    assert demand[(2025, "821")] == pytest.approx(55.0)
    assert demand[(2027, "821")] == pytest.approx(55.0)
    assert demand[(2027, "813")] == pytest.approx(88 + 20)


def test_one_rate_for_all_sections_gives_the_scenario_path(data_dir, demo_dir, tmp_path):
    growth = tmp_path / "uniform.toml"
    growth.write_text("default_rate = 0.02\n", encoding="utf-8")
    trend = _run("--years", "4", "--demo-dir", str(demo_dir), "--mobility", "none")
    uniform = _run(
        "--years", "4", "--demo-dir", str(demo_dir), "--mobility", "none",
        "--industry-growth", str(growth),
    )  # fmt: skip
    keys = ["year", "ags", "kldb3", "niveau"]
    a = store.read_frame(trend).sort(keys)
    b = store.read_frame(uniform).sort(keys)
    base = a.filter(pl.col("year") == 2024).select(keys[1:] + ["demand"])
    expected = b.join(base, on=keys[1:], suffix="_base").with_columns(
        (pl.col("demand_base") * 1.02 ** (pl.col("year") - 2024)).alias("expected")
    )
    np.testing.assert_allclose(expected["demand"], expected["expected"], rtol=1e-9, atol=1e-9)
    # Supply does not depend on the demand path.
    np.testing.assert_array_equal(a["supply"], b["supply"])


def test_growth_equal_to_the_section_trend_reproduces_the_trend_industry_path(
    data_dir, demo_tables, tmp_path
):
    tables = {k: v.filter(pl.col("ags") == "06411") for k, v in demo_tables.items()}
    model = inputs_from_tables(tables["population"], tables["employment"], tables["graduates"])
    model = with_vacancies(model, tables)  # as the run does: the damping is chosen with them
    industry = model_industry_demand(tables["employment_industry"], model)
    years = 6
    # the sections' trends are damped as the run damps them: with the φ chosen by backtest
    sections = industry.section_path(years, model.demand_fit.phi)[:, 0, :]  # (T+1, W), 1 Kreis
    rates = {}
    for w, section in enumerate(WZ_SECTIONS):
        if sections[0, w] > 0:
            rates[section] = {
                2025 + t: float(sections[t + 1, w] / sections[t, w] - 1) for t in range(years)
            }
    path = tmp_path / "trend_rates.toml"
    lines = ["[growth]"] + [
        f"{s} = {{ {', '.join(f'{y} = {r!r}' for y, r in by_year.items())} }}"
        for s, by_year in rates.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    growth = load_industry_growth(path)
    assert set(growth.rates) == set(rates)

    trend_meta = run_forecast(tables, years=years, demand="industry", mobility="none")
    given_meta = run_forecast(
        tables, years=years, demand="industry", industry_growth=growth, mobility="none"
    )
    keys = ["year", "ags", "kldb3", "niveau"]
    a = store.read_frame(trend_meta["run_id"]).sort(keys)
    b = store.read_frame(given_meta["run_id"]).sort(keys)
    np.testing.assert_allclose(a["demand"], b["demand"], rtol=1e-9, atol=1e-9)
    assert trend_meta["demand"]["trend_sections"] == list(WZ_SECTIONS)
    # The trend industry path differs from the per-cell trend, but shares its base year.
    cell = store.read_frame(run_forecast(tables, years=years, mobility="none")["run_id"]).sort(keys)
    assert not np.allclose(cell["demand"], a["demand"])
    first = pl.col("year") == 2024
    np.testing.assert_allclose(cell.filter(first)["demand"], a.filter(first)["demand"])


def test_single_section_kreis_follows_the_kreis_trend(demo_tables):
    """If all of a Kreis works in one section, the industry path is the damped trend of the
    Kreis total, spread over the cells by their base-year shares."""
    tables = {k: v.filter(pl.col("ags") == "06412") for k, v in demo_tables.items()}
    model = inputs_from_tables(tables["population"], tables["employment"], tables["graduates"])
    one_section = (
        tables["employment_industry"]
        .group_by("year", "ags", "kldb3", "niveau")
        .agg(pl.col("employees").sum())
        .with_columns(pl.lit("Q").alias("wz_section"))
    )
    industry = industry_demand(
        check_table("employment_industry", one_section),
        ags=model.ags,
        kldb3=model.kldb3,
        history_years=model.history_years,
        base=model.demand_history[-1],
    )
    from fachkraefte.forecast.demand import damped_trend

    total = model.demand_history.sum(axis=(2, 3))  # (H, R)
    expected = (
        model.demand_history[-1][None] * (damped_trend(total, 5) / total[-1])[:, :, None, None]
    )
    np.testing.assert_allclose(industry.path(5), expected, rtol=1e-9)


@pytest.mark.parametrize(
    ("text", "suffix", "needle"),
    [
        ("[growth]\nZ = 0.01\n", "toml", "Feld 'growth.Z', Wert 'Z'"),
        ("[growth]\nC = 'viel'\n", "toml", "Feld 'growth.C', Wert 'viel'"),
        ("[growth]\nC = 5\n", "toml", "Feld 'growth.C', Wert 5"),
        ("[growth]\nC = { 20x5 = 0.1 }\n", "toml", "Feld 'growth.C', Wert '20x5'"),
        ("wachstum = 1\n", "toml", "Feld 'wachstum'"),
        ("growth = [\n", "toml", "kein gültiges TOML"),
        (
            "wz_section,year,growth\nC,2025,0.1\nC,2025,0.2\n",
            "csv",
            "Zeile 3: Feld 'year', Wert '2025'",
        ),
        ("wz_section,year,growth\nC,2025,abc\n", "csv", "Zeile 2: Feld 'growth', Wert 'abc'"),
        ("abschnitt,jahr,rate\n", "csv", "['wz_section', 'year', 'growth']"),
    ],
)
def test_bad_growth_files_name_file_field_and_value(tmp_path, text, suffix, needle):
    path = tmp_path / f"bad.{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndustryGrowthError) as info:
        load_industry_growth(path)
    assert str(path) in str(info.value) and needle in str(info.value)


def test_projection_year_before_first_listed_rate_is_an_error(tmp_path):
    growth = IndustryGrowth(rates={"C": ((2027, 0.01),)}, source="x.toml")
    with pytest.raises(IndustryGrowthError, match="x.toml: Abschnitt 'C', Jahr 2025"):
        growth.rate_matrix(2024, 3)


def test_bad_growth_file_through_cli_writes_nothing(data_dir, hand_dir, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[growth]\nQ = 0.8\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--demo-dir", str(hand_dir), "--industry-growth", str(bad)])
    assert result.exit_code == 1
    assert "bad.toml" in result.output and "'growth.Q'" in result.output
    conflict = runner.invoke(
        app,
        ["run", "--demo-dir", str(hand_dir), "--demand", "trend", "--industry-growth", str(bad)],
    )
    assert conflict.exit_code == 1 and "--demand industry" in conflict.output
    unknown = runner.invoke(app, ["run", "--demo-dir", str(hand_dir), "--demand", "branche"])
    assert unknown.exit_code == 1 and "'branche'" in unknown.output
    assert store.list_runs() == []


def test_industry_path_without_the_table_says_what_is_missing(data_dir, hand_dir):
    (hand_dir / "employment_industry.parquet").unlink()
    result = runner.invoke(app, ["run", "--demo-dir", str(hand_dir), "--demand", "industry"])
    assert result.exit_code == 1
    assert "employment_industry" in result.output and "fachkraefte demo" in result.output
    assert store.list_runs() == []


def test_scenario_field_chooses_the_industry_path(data_dir, hand_dir, tmp_path):
    growth = tmp_path / "rates.toml"
    growth.write_text("[growth]\nQ = 0.1\nO = -0.5\n", encoding="utf-8")
    scenario = tmp_path / "branchen.toml"
    scenario.write_text(
        'name = "branchen"\ndemand = "industry"\nindustry_growth = "rates.toml"\n', "utf-8"
    )
    loaded = load_scenario(scenario)
    assert loaded.demand == "industry" and loaded.industry_growth.rates["Q"] == ((0, 0.1),)
    assert not loaded.is_neutral and loaded.supply_neutral
    run_id = _run("--years", "1", "--demo-dir", str(hand_dir), "--scenario", str(scenario))
    assert _demand(run_id)[(2025, "813")] == pytest.approx(98.0)
    assert store.read_metadata(run_id)["demand"]["path"] == "industry"
    # --demand on the command line overrides the scenario's choice.
    with pytest.raises(Exception, match="demand = 'industry'"):
        run_forecast(
            {
                k: pl.read_parquet(hand_dir / f"{k}.parquet")
                for k in TABLES
                if (hand_dir / f"{k}.parquet").exists()
            },
            scenario=loaded,
            demand="trend",
        )


def test_scenario_demand_fields_validate_and_compose():
    inline = scenario_from_dict(
        {"name": "a", "industry_growth": {"C": -0.01, "default_rate": 0.0}}, "a.toml"
    )
    assert inline.demand == "industry" and inline.industry_growth.default_rate == 0.0
    other = scenario_from_dict({"name": "b", "industry_growth": {"C": 0.02, "Q": 0.01}}, "b.toml")
    both = inline + other
    assert both.demand == "industry"
    assert both.industry_growth.rates == {"C": ((0, 0.02),), "Q": ((0, 0.01),)}
    assert (Scenario(name="x") + inline).demand == "industry"
    with pytest.raises(ScenarioError, match="'demand', Wert 'branche'"):
        scenario_from_dict({"name": "x", "demand": "branche"}, "x.toml")
    with pytest.raises(ScenarioError, match="'industry_growth'"):
        scenario_from_dict({"name": "x", "demand": "trend", "industry_growth": {"C": 0.1}})
    with pytest.raises(ScenarioError, match="x.toml: industry_growth: Feld 'growth.C', Wert 9"):
        scenario_from_dict({"name": "x", "industry_growth": {"C": 9}}, "x.toml")


def test_standard_structural_change_scenario(data_dir, demo_dir):
    s = standard_scenarios()["strukturwandel_branchen"]
    assert s.demand == "industry" and set(s.industry_growth.rates) == {"C", "G", "J", "M", "Q"}
    assert resolve("strukturwandel_branchen+ausbildung_plus_10").demand == "industry"
    run_id = _run(
        "--years", "3", "--demo-dir", str(demo_dir), "--scenario", "strukturwandel_branchen",
        "--draws", "4",
    )  # fmt: skip
    meta = store.read_metadata(run_id)
    assert meta["demand"]["path"] == "industry" and meta["draws"] == 4
    assert store.read_frame(run_id, "uncertainty").height > 0


def test_metadata_records_mobility_choice(data_dir, demo_dir, tmp_path):
    # The base run has no mobility (the estimated matrix comes from the series that defines
    # demand); the named scenario switches the estimate on and shows its share as assumption.
    base = store.read_metadata(_run("--years", "2", "--demo-dir", str(demo_dir)))
    assert base["mobility"] == {"source": "none"} and base["demand"]["path"] == "trend"
    default = _run(
        "--years", "2", "--demo-dir", str(demo_dir), "--scenario", "berufswechsel_wie_geschaetzt"
    )
    meta = store.read_metadata(default)
    assert meta["mobility"]["source"] == "estimated" and meta["demand"]["path"] == "trend"
    assert meta["mobility"]["share_attributed"] == 0.5 and "assumption" in meta["mobility"]
    assert meta["model_version"] == MODEL_VERSION == "0.5.0"
    matrix = store.read_frame(default, "mobility")
    assert matrix.columns == ["from_kldb3", "to_kldb3", "share"] and "mobility" in meta["tables"]
    # The stored matrix can be given back as a file and gives the same run.
    path = tmp_path / "m.csv"
    matrix.write_csv(path)
    again = _run("--years", "2", "--demo-dir", str(demo_dir), "--mobility", str(path))
    assert store.read_metadata(again)["mobility"]["source"] == "file"
    keys = ["year", "ags", "kldb3", "niveau"]
    np.testing.assert_allclose(
        store.read_frame(default).sort(keys)["supply"],
        store.read_frame(again).sort(keys)["supply"],
        rtol=1e-6,
    )
    off = _run("--years", "2", "--demo-dir", str(demo_dir), "--mobility", "none")
    assert store.read_metadata(off)["mobility"] == {"source": "none"}
    assert "mobility" not in store.read_metadata(off)["tables"]
    bad = runner.invoke(app, ["run", "--demo-dir", str(demo_dir), "--mobility", "viel"])
    assert bad.exit_code == 1 and "'viel'" in bad.output
    assert json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)


def test_shipped_example_files_load_and_agree():
    from importlib import resources

    folder = resources.files("fachkraefte.forecast").joinpath("industry_growth")
    toml = load_industry_growth(folder.joinpath("beispiel.toml"))
    csv = load_industry_growth(folder.joinpath("beispiel.csv"))
    assert toml.rates == csv.rates and toml.default_rate is None is csv.default_rate
    assert toml.rates["C"] == ((2025, -0.015), (2028, -0.008))
    rates = toml.rate_matrix(2024, 6)
    c = WZ_SECTIONS.index("C")
    assert rates[:, c].tolist() == [-0.015, -0.015, -0.015, -0.008, -0.008, -0.008]
    assert np.isnan(rates[:, WZ_SECTIONS.index("A")]).all()  # not listed: follows its trend
