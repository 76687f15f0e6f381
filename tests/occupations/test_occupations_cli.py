"""``fachkraefte occupations …`` as a user calls it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from fachkraefte.occupations.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_store(data_dir):
    return data_dir


@pytest.mark.parametrize(("level", "count"), [(1, 10), (2, 37), (3, 144)])
def test_list_each_level_as_json(level, count):
    result = runner.invoke(app, ["list", "--level", str(level), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == count


def test_list_as_csv_and_table():
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["list", "--parent", "81", "--format", "csv"]).stdout)
        )
    )
    assert [r["code"] for r in rows][:3] == ["811", "812", "813"]
    table = runner.invoke(app, ["list", "--level", "1"]).output
    assert "Militär" in table and "Bundesagentur" in table


def test_level_five_needs_import_then_works(shared_data):
    result = runner.invoke(app, ["list", "--level", "5"])
    assert result.exit_code == 1 and "occupations import" in result.output
    export = (
        shared_data / "occupations" / "KldB_2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"
    )
    dry = runner.invoke(app, ["import", str(export), "--dry-run"])
    assert "nichts gespeichert" in dry.output
    assert runner.invoke(app, ["list", "--level", "5"]).exit_code == 1
    assert "Berufsgattung: 1301" in runner.invoke(app, ["import", str(export)]).output
    rows = json.loads(
        runner.invoke(app, ["list", "--level", "5", "--parent", "813", "--format", "json"]).stdout
    )
    assert "81302" in {r["code"] for r in rows}


def test_show_and_unknown_code():
    assert "Medizinische Gesundheitsberufe" in runner.invoke(app, ["show", "813"]).output
    result = runner.invoke(app, ["show", "999"])
    assert result.exit_code == 1 and "Unbekannter KldB-Schlüssel" in result.output


def test_search_and_show_of_a_berufsgattung(shared_data):
    found = json.loads(
        runner.invoke(app, ["list", "--search", "krankenpflege", "--format", "json"]).stdout
    )
    assert "813" in {r["code"] for r in found}
    export = (
        shared_data / "occupations" / "KldB_2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"
    )
    runner.invoke(app, ["import", str(export)])
    again = runner.invoke(app, ["import", str(export)])
    assert "Bereits importiert" in again.output
    shown = runner.invoke(app, ["show", "81302"]).output
    assert "Anforderungsniveau" in shown and "Fachkraft" in shown and "Berufsuntergruppe" in shown
