"""``fachkraefte indicators …`` through CliRunner, on imported vintages and on the demo."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.indicators.cli import app
from fachkraefte.sources.vintages import ImportedDataset, store_import

runner = CliRunner()


@pytest.fixture()
def imported(data_dir, hand_tables):
    for position, (name, frame) in enumerate(sorted(hand_tables.items())):
        dataset = "employment" if name == "employment_foreign" else name
        store_import(
            ImportedDataset(
                dataset=dataset,
                source="Testtabelle",
                file_name=f"{name}.xlsx",
                sha256=f"{position:02d}" * 32,
                reference_date=date(2023, 12, 31),
                tables={name: frame},
            )
        )
    return hand_tables


def test_bottleneck_json_on_imported_data(imported):
    result = runner.invoke(
        app, ["bottleneck", "--year", "2023", "--ags", "06411", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    a = next(r for r in rows if r["kldb3"] == "813" and r["niveau"] == 2)
    assert a["classification"] == "Engpassberuf" and a["score"] == pytest.approx(2.67)
    assert {r["ags"] for r in rows} == {"06411"}


def test_bottleneck_table_and_csv(imported):
    table = runner.invoke(app, ["bottleneck", "--year", "2023", "--kldb3", "434"])
    assert table.exit_code == 0 and "kein Engpass" in table.stdout
    csv_out = runner.invoke(
        app, ["bottleneck", "--year", "2023", "--land", "06", "--format", "csv"]
    )
    assert csv_out.exit_code == 0
    header, *lines = csv_out.stdout.strip().splitlines()
    assert header.startswith("year,ags,kldb3,niveau") and all(
        line.split(",")[1] == "06" for line in lines
    )


def test_location_quotients_and_wages(imported):
    lq = runner.invoke(app, ["location-quotients", "--year", "2023", "--format", "json"])
    assert lq.exit_code == 0, lq.output
    assert {r["kldb3"] for r in json.loads(lq.stdout)} == {"813", "434", "821"}
    wages = runner.invoke(app, ["wages", "--year", "2023", "--format", "json"])
    assert wages.exit_code == 0, wages.output
    row = next(r for r in json.loads(wages.stdout) if r["kldb3"] == "813")
    assert row["gender_gap_pct"] == pytest.approx(5.0)
    shift = runner.invoke(
        app, ["shift-share", "--base-year", "2022", "--end-year", "2023", "--format", "csv"]
    )
    assert shift.exit_code == 0 and "regional_shift" in shift.stdout


def test_missing_data_gives_a_clear_message(data_dir):
    result = runner.invoke(app, ["bottleneck", "--year", "2023"])
    assert result.exit_code == 1
    assert "fachkraefte import" in result.output and "--demo" in result.output


def test_demo_is_labelled_as_synthetic(data_dir):
    result = runner.invoke(
        app, ["bottleneck", "--demo", "--year", "2024", "--ags", "06412", "--kldb3", "813"]
    )
    assert result.exit_code == 0, result.output
    assert SYNTHETIC_LABEL_DE in result.output
