"""``forecast run --source imported`` on files imported with the official importers, without a
``graduates`` table: graduates derived from the imported apprentices (flagged), vintages named."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
import fixtures_ba as fb  # noqa: E402
import fixtures_ba_trainees as ft  # noqa: E402
import fixtures_genesis as fg  # noqa: E402

from fachkraefte.cli_forecast import app as forecast_app  # noqa: E402
from fachkraefte.forecast import store  # noqa: E402
from fachkraefte.forecast.derived_graduates import (  # noqa: E402
    ACADEMIC_ENTRY_SHARE,
    VOCATIONAL_COMPLETION_SHARE,
    derive_graduates,
    prepare_trainees,
)
from fachkraefte.sources.import_cli import app as import_app  # noqa: E402
from fachkraefte.sources.vintages import current_vintage, load_table  # noqa: E402

runner = CliRunner()


def _import(command: str, path: Path) -> str:
    result = runner.invoke(import_app, [command, str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def _two_year_employment(path: Path) -> Path:
    """One BA employment table for 30.06.2022 and 30.06.2023 side by side (the demand trend
    needs two years): a date caption over each year's columns, as in BA time series."""
    first = fb.employment_table(small_values=False, seed=1, stichtag="Stichtag: 30. Juni 2022")
    second = fb.employment_table(small_values=False, seed=2, stichtag="Stichtag: 30. Juni 2023")
    width = len(first.sheet.header[1]) - 2

    def twice(row: list[object]) -> list[object]:
        values = row[2:] + [None] * (width - len(row[2:]))
        return row[:2] + values + values

    header = [[None, None, "30.06.2022", *[None] * (width - 1), "30.06.2023"]]
    header += [twice(list(r)) for r in first.sheet.header]
    data = [a + b[2:] for a, b in zip(first.sheet.data, second.sheet.data, strict=True)]
    sheet = fb.Sheet(title=first.sheet.title[:2], header=header, data=data)
    return fb.write_xlsx(sheet, path)


@pytest.fixture()
def imported(data_dir, tmp_path):
    """Employment, apprentices, labour market and population of three Hessian Kreise, 2023."""
    _import("employment", _two_year_employment(tmp_path / "svb.xlsx"))
    _import(
        "trainees", fb.write_xlsx(ft.trainee_table(layout="gattung").sheet, tmp_path / "azubi.xlsx")
    )
    _import("labour-market", fb.write_xlsx(fb.labour_market_table().sheet, tmp_path / "alo.xlsx"))
    population = fg.population_values(kreise=fb.KREISE, years=(2023,))
    _import("population", fg.write_ffcsv(population, tmp_path / "bev.csv"))
    return data_dir


def test_run_from_imported_files_derives_graduates_from_trainees(imported):
    assert current_vintage("graduates") is None
    result = runner.invoke(
        forecast_app, ["run", "--source", "imported", "--years", "3", "--mobility", "none"]
    )
    assert result.exit_code == 0, result.output
    meta = store.read_metadata(result.stdout.strip().splitlines()[-1])
    # the labour market is read too: its vacancies are a candidate signal of the demand trend
    used = {
        name: current_vintage(name).vintage_id
        for name in ("population", "employment", "trainees", "labour_market")
    }
    assert meta["vintages"] == used
    assert meta["data_vintage"] == "imported:" + "+".join(used.values())
    assert meta["graduates"]["derived"] is True
    assert meta["graduates"]["vocational_completion_share"] == VOCATIONAL_COMPLETION_SHARE
    assert meta["graduates"]["academic_entry_share"] == ACADEMIC_ENTRY_SHARE
    assert "Annahme" in meta["graduates"]["vocational_completion_source"]
    # vocational entries come from the apprentices: the completion ratio is the share itself
    assert meta["entries"]["trainees"] is True
    assert meta["entries"]["completion_ratio_overall"] == pytest.approx(
        VOCATIONAL_COMPLETION_SHARE, abs=0.01
    )
    results = pl.read_parquet(store.forecasts_dir() / meta["run_id"] / "results.parquet")
    assert set(results["ags"]) == {ags for ags, _ in fb.KREISE}
    assert results["entries"].sum() > 0 and (results["supply"] >= 0).all()


def test_derived_graduates_by_hand():
    employment = pl.DataFrame(
        {
            "year": [2023] * 3,
            "ags": ["06411"] * 3,
            "kldb3": ["813", "813", "434"],
            "niveau": [3, 3, 4],
            "sex": ["w", "w", "m"],
            "age_band": ["30-34", "35-39", "30-34"],
            "employees": [400, 600, 50],
        },
        schema_overrides={"year": pl.Int16, "niveau": pl.Int8},
    )
    trainees = pl.DataFrame(
        {
            "year": [2023, 2023, 2023],
            "ags": ["06411", "06411", "06999"],
            "kldb3": ["813", "434", "813"],
            "sex": ["w", "m", "w"],
            "trainees": [100, None, 40],
            "new_contracts": [None, None, None],
        },
        schema_overrides={"year": pl.Int16, "trainees": pl.Int64, "new_contracts": pl.Int64},
    )
    kept, meta = prepare_trainees(trainees, employment)
    assert meta == {"rows_outside_employment": 1, "suppressed_as_zero": 1}
    graduates, info = derive_graduates(kept, employment)
    rows = {
        (r["kldb3"], r["niveau"], r["sex"]): r["graduates"] for r in graduates.iter_rows(named=True)
    }
    # 0.30 × 100 = 30 vocational; 3 % × (400 + 600) = 30 and 3 % × 50 = 1.5 → 2 academic
    assert rows == {
        ("813", 2, "w"): 30,
        ("434", 2, "m"): 0,
        ("813", 3, "w"): 30,
        ("434", 4, "m"): 2,
    }
    assert info["derived"] is True


def test_without_graduates_and_trainees_both_are_named(data_dir, tmp_path):
    _import(
        "employment",
        fb.write_xlsx(fb.employment_table(small_values=False).sheet, tmp_path / "svb.xlsx"),
    )
    result = runner.invoke(forecast_app, ["run", "--source", "imported"])
    assert result.exit_code == 1
    assert "fehlen die Tabellen: population, graduates (oder trainees)" in result.output
    assert store.list_runs() == []
    assert load_table("employment").height > 0
