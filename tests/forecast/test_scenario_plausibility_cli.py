"""``fachkraefte forecast run`` refuses implausible measures unless an expert overrides them."""

from __future__ import annotations

from typer.testing import CliRunner

from fachkraefte.cli_forecast import app
from fachkraefte.forecast import store

runner = CliRunner()

MILLION_FROM_2000 = """name = "million"
[[measures]]
kldb3 = "813"
ags = "06411"
from_year = 2000
graduates_per_year = 1000000
"""


def test_a_million_graduates_from_2000_is_refused_and_nothing_is_written(
    data_dir, demo_dir, tmp_path
):
    toml = tmp_path / "million.toml"
    toml.write_text(MILLION_FROM_2000, encoding="utf-8")
    result = runner.invoke(
        app, ["run", "--scenario", str(toml), "--years", "3", "--demo-dir", str(demo_dir)]
    )
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "measures[0].from_year = 2000 liegt vor dem Basisjahr 2024" in output
    assert "measures[0].graduates_per_year = 1e+06 übersteigt die Grenze" in output
    assert "Einwohner von 15–24 Jahren in 06411" in output
    assert store.list_runs() == []


def test_the_expert_override_runs_with_a_stated_warning(data_dir, demo_dir, tmp_path):
    toml = tmp_path / "million.toml"
    toml.write_text(MILLION_FROM_2000, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "run",
            "--scenario",
            str(toml),
            "--years",
            "3",
            "--demo-dir",
            str(demo_dir),
            "--mobility",
            "none",
            "--override-plausibility",
            "Stresstest der Koordinierungsstelle",
        ],
    )
    assert result.exit_code == 0, result.output
    run_id = result.stdout.strip().splitlines()[-1]
    warnings = store.read_metadata(run_id)["plausibility_warnings"]
    assert len(warnings) == 3  # from_year, cell stock, young population
    assert all("Stresstest der Koordinierungsstelle" in w for w in warnings)
    assert "Warnung / warning" in result.output
