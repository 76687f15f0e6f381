"""``fachkraefte forecast run --source imported`` on the real population file of 31.12.2020.

The official Regionaldatenbank file 12411-04-02-4 goes through ``fachkraefte import
population`` as published; the demo's employment, graduates and apprentices up to 2020 are
stored as vintages beside it, so the base year is the file's year.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from fachkraefte.cli_forecast import app as forecast_app
from fachkraefte.forecast import store
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.sources.import_cli import app as import_app
from fachkraefte.sources.vintages import ImportedDataset, current_vintage, store_import

pytestmark = pytest.mark.shared_data

REAL_2020 = "official/regionalstatistik/download_2021/12411-04-02-4.csv"
BASE = 2020


def _store_demo(demo_tables, name: str) -> None:
    frame = demo_tables[name].filter(pl.col("year") <= BASE)
    store_import(
        ImportedDataset(
            dataset=name,
            source="Demodaten (synthetisch) bis 2020",
            file_name=f"demo_{name}.parquet",
            sha256=f"{len(name):02x}" * 32,
            reference_date=date(BASE, 6, 30),
            tables={name: frame},
        ),
        imported_by="test",
    )


def test_forecast_from_the_imported_real_population(data_dir, demo_tables, shared_data):
    imported = CliRunner().invoke(
        import_app, ["population", str(shared_data / REAL_2020), "--set-current"]
    )
    assert imported.exit_code == 0, imported.output
    assert "2020-12-31" in imported.output
    for name in ("employment", "graduates", "trainees"):
        _store_demo(demo_tables, name)

    result = CliRunner().invoke(
        forecast_app, ["run", "--source", "imported", "--years", "3", "--mobility", "none"]
    )
    assert result.exit_code == 0, result.output
    run_id = result.stdout.strip().splitlines()[-1]
    meta = store.read_metadata(run_id)
    assert meta["base_year"] == BASE
    assert meta["vintages"]["population"] == current_vintage("population").vintage_id
    results = pl.read_parquet(store.run_dir(run_id) / "results.parquet")
    assert sorted(results["year"].unique()) == [2020, 2021, 2022, 2023]
    assert set(results["ags"]) == set(demo_tables["employment"]["ags"])

    # The same run on the demo's population of 2020 differs: the real age structure moves
    # the stock's ages and the young-population index of every district.
    tables = {
        "population": demo_tables["population"].filter(pl.col("year") == BASE),
        **{
            name: demo_tables[name].filter(pl.col("year") <= BASE)
            for name in ("employment", "graduates", "trainees")
        },
    }
    demo_meta = run_forecast(tables, scenario="basis", years=3, mobility="none")
    demo_results = pl.read_parquet(store.run_dir(demo_meta["run_id"]) / "results.parquet")

    def supply(frame: pl.DataFrame, year: int) -> float:
        return float(frame.filter(pl.col("year") == year)["supply"].sum())

    # Same base-year calibration (supply = employment), different projected supply.
    assert supply(results, BASE) == pytest.approx(supply(demo_results, BASE), rel=1e-6)
    assert supply(results, BASE + 3) != pytest.approx(supply(demo_results, BASE + 3), rel=1e-5)
