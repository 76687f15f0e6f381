"""The ``fachkraefte forecast`` sub-commands on a small slice of the demo data."""

from __future__ import annotations

import json

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from fachkraefte.cli_forecast import app
from fachkraefte.forecast import store

runner = CliRunner()


def test_list_is_empty_on_fresh_store(data_dir):
    result = runner.invoke(app, ["list", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


@pytest.fixture
def two_runs(data_dir, demo_dir):
    ids = []
    for scenario in ("basis", "ausbildung_plus_10"):
        result = runner.invoke(
            app, ["run", "--scenario", scenario, "--years", "5", "--demo-dir", str(demo_dir)]
        )
        assert result.exit_code == 0, result.output
        ids.append(result.stdout.strip().splitlines()[-1])
    return ids


def test_the_list_is_newest_first_even_for_runs_of_one_second(two_runs):
    """Runs are ordered by their creation time, which never ties (the two small runs here
    often fall into one second)."""
    base, training = two_runs
    listed = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert [r["run_id"] for r in listed] == [training, base]
    assert listed[0]["created_at"] > listed[1]["created_at"]


def test_run_list_show_compare_export(two_runs, tmp_path):
    base, training = two_runs
    listed = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert {r["run_id"] for r in listed} == {base, training}
    meta = store.read_metadata(base)
    assert meta["model_version"] and meta["base_year"] == 2024 and meta["years"] == 5

    # Parquet readable with Polars and DuckDB.
    import duckdb

    path = store.run_dir(base) / "results.parquet"
    n = duckdb.connect().execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
    assert n == 6 * 3 * 6 * 4  # years × Kreise × Berufsgruppen × Niveaus
    frame = pl.read_parquet(path)
    first = frame.filter(pl.col("year") == 2024)
    # Calibration: supply equals employment in the base year, so the base-year gap is zero.
    assert first["gap"].abs().max() < 1e-3

    shown = json.loads(
        runner.invoke(app, ["show", base, "--format", "json", "--level", "bereich"]).stdout
    )
    assert shown and {"demand", "supply", "level"} <= set(shown[0])
    land = runner.invoke(
        app, ["show", base, "--format", "json", "--level", "bereich", "--region-level", "land"]
    )
    assert land.exit_code == 0, land.output
    land_rows = json.loads(land.stdout)
    assert {r["ags"] for r in land_rows} == {"06"}
    # Aggregation after projection: the Land totals equal the sum over its Kreise.
    assert sum(r["demand"] for r in land_rows) == pytest.approx(
        sum(r["demand"] for r in shown), abs=0.05 * len(shown) + 0.1
    )

    cmp = runner.invoke(app, ["compare", base, training, "--format", "json"])
    assert cmp.exit_code == 0, cmp.output
    diffs = [row["difference"] for row in json.loads(cmp.stdout)]
    assert all(d <= 0.05 for d in diffs) and any(
        d < 0 for d in diffs
    )  # more training → smaller gap

    csv_path = tmp_path / "out.csv"
    assert runner.invoke(app, ["export", base, str(csv_path)]).exit_code == 0
    assert pl.read_csv(csv_path).height == n
    xlsx = tmp_path / "out.xlsx"
    assert runner.invoke(app, ["export", base, str(xlsx), "--level", "hauptgruppe"]).exit_code == 0
    sheet = openpyxl.load_workbook(xlsx)["Prognose"]
    assert sheet.cell(1, 1).value == "year"


def test_bad_scenario_gives_clear_error_and_writes_nothing(data_dir, demo_dir, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nmigration_factor = -3\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "--scenario", str(bad), "--demo-dir", str(demo_dir)])
    assert result.exit_code == 1
    assert "migration_factor" in result.output
    assert store.list_runs() == []
    assert not any(store.forecasts_dir().glob("*")) if store.forecasts_dir().exists() else True


def test_show_unknown_run(data_dir):
    result = runner.invoke(app, ["show", "nope"])
    assert result.exit_code == 1
    assert "nope" in result.output


def _import_into_vintages(demo_tables, names):
    """Store tables as official vintages through the public API of the vintage store."""
    from datetime import date

    from fachkraefte.sources.vintages import ImportedDataset, store_import

    ids = {}
    for name in names:
        outcome = store_import(
            ImportedDataset(
                dataset=name,
                source="Testimport",
                file_name=f"{name}.csv",
                sha256=f"{len(name):02x}" * 32,
                reference_date=date(2024, 12, 31),
                tables={name: demo_tables[name]},
            ),
            imported_by="test",
        )
        ids[name] = outcome.vintage.vintage_id
    return ids


def test_run_from_imported_vintages_records_their_ids(data_dir, demo_tables, tmp_path):
    ids = _import_into_vintages(demo_tables, ["population", "employment", "graduates", "trainees"])
    result = runner.invoke(
        app, ["run", "--source", "imported", "--years", "3", "--mobility", "none"]
    )
    assert result.exit_code == 0, result.output
    run_id = result.stdout.strip().splitlines()[-1]
    meta = store.read_metadata(run_id)
    assert meta["vintages"] == ids
    assert meta["data_vintage"] == "imported:" + "+".join(ids.values())
    assert meta["label"] == ""  # not demo data: no demo label
    assert meta["entries"]["trainees"] is True
    # the export of an imported run carries no demo label column
    out = tmp_path / "imported.csv"
    assert runner.invoke(app, ["export", run_id, str(out)]).exit_code == 0
    assert "kennzeichnung" not in pl.read_csv(out).columns

    backtest = runner.invoke(
        app, ["backtest", "--source", "imported", "--origin", "2021", "--format", "json"]
    )
    assert backtest.exit_code == 0, backtest.output
    assert {r["level"] for r in json.loads(backtest.stdout)} >= {"land", "berufsgruppe"}


def test_imported_source_names_the_missing_tables_and_writes_nothing(data_dir, demo_tables):
    _import_into_vintages(demo_tables, ["population"])
    for command in (["run", "--source", "imported"], ["backtest", "--source", "imported"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1
        assert "fehlen die Tabellen: employment, graduates" in result.output
    assert store.list_runs() == []


def test_unknown_source_is_refused(data_dir):
    result = runner.invoke(app, ["run", "--source", "irgendwo"])
    assert result.exit_code == 1
    assert "--source 'irgendwo'" in result.output


def test_exports_of_demo_runs_carry_the_demo_label(two_runs, tmp_path):
    from fachkraefte import SYNTHETIC_LABEL_DE

    base = two_runs[0]
    csv_path = tmp_path / "demo.csv"
    assert runner.invoke(app, ["export", base, str(csv_path)]).exit_code == 0
    assert set(pl.read_csv(csv_path)["kennzeichnung"]) == {SYNTHETIC_LABEL_DE}
    xlsx = tmp_path / "demo.xlsx"
    assert runner.invoke(app, ["export", base, str(xlsx), "--level", "bereich"]).exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    header = [c.value for c in book["Prognose"][1]]
    assert header[-1] == "kennzeichnung"
    assert book["Prognose"].cell(2, len(header)).value == SYNTHETIC_LABEL_DE
    assert book["Hinweis"].cell(1, 1).value == SYNTHETIC_LABEL_DE


@pytest.mark.shared_data
def test_run_records_its_mortality_shipped_or_imported(data_dir, demo_dir, shared_data):
    from fachkraefte.sources.life_table import read_life_table_import
    from fachkraefte.sources.vintages import store_import

    args = ["run", "--years", "2", "--mobility", "none", "--demo-dir", str(demo_dir)]
    without = runner.invoke(app, args)
    assert without.exit_code == 0, without.output
    assert "nicht geprüft" not in without.output
    meta = store.read_metadata(without.stdout.strip().splitlines()[-1])
    shipped = meta["parameters"]["mortality"]
    assert (
        shipped["status"] == "amtlich, mit dem Paket geliefert / official, shipped with the package"
    )
    assert (shipped["table"], shipped["period"], shipped["vintage"]) == (
        "12621-0001",
        "2022/24",
        "2025-12-09",
    )
    assert meta["parameters"]["exits"]["status"] == "aus Daten geschätzt / estimated from data"
    assert meta["parameters"]["migration"]["statistic"] == "median"

    life = "official/destatis_genesis/12621-0001_de_2022-2024.csv"
    store_import(read_life_table_import(shared_data / life))
    with_table = runner.invoke(app, args)
    assert with_table.exit_code == 0, with_table.output
    assert "nicht geprüft" not in with_table.output
    meta = store.read_metadata(with_table.stdout.strip().splitlines()[-1])
    mortality = meta["parameters"]["mortality"]
    assert (mortality["table"], mortality["period"]) == ("12621-0001", "2022/24")
    assert mortality["status"] == "importiert / imported"
    assert mortality["vintage"].startswith("life_table-2024-12-31-")
