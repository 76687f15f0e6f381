"""``fachkraefte import …`` through Typer's CliRunner (import name: ``import_cli.app``)."""

from __future__ import annotations

import json

import fixtures_ba as fb
import fixtures_genesis as fg
import pytest
from typer.testing import CliRunner

from fachkraefte.sources.import_cli import app
from fachkraefte.sources.vintages import list_vintages

runner = CliRunner()


def _store_snapshot(data_dir):
    root = data_dir / "vintages"
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_import_list_and_reimport(data_dir, tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    result = runner.invoke(app, ["employment", str(path), "--by", "analyst"])
    assert result.exit_code == 0, result.output
    assert "Gespeichert als Datenstand" in result.output
    assert "employment_foreign" in result.output
    (vintage,) = list_vintages()
    assert vintage.imported_by == "analyst" and set(vintage.current_for) == {
        "employment",
        "employment_foreign",
        "employment_reference",  # the file's official Land rows
    }

    again = runner.invoke(app, ["employment", str(path)])
    assert again.exit_code == 0 and "schon importiert" in again.output
    assert len(list_vintages()) == 1

    listing = runner.invoke(app, ["list", "--format", "json"])
    assert listing.exit_code == 0
    rows = json.loads(listing.stdout)
    assert rows[0]["vintage_id"] == vintage.vintage_id and rows[0]["dataset"] == "employment"


def test_dry_run_stores_nothing(data_dir, tmp_path):
    path = fb.write_xlsx(fb.wage_table().sheet, tmp_path / "entgelt.xlsx")
    result = runner.invoke(app, ["wages", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nichts gespeichert" in result.output
    assert list_vintages() == []


@pytest.mark.parametrize("breakage", ["truncated", "text", "unknown_code"])
def test_a_broken_file_leaves_the_store_unchanged(data_dir, tmp_path, breakage):
    good = fb.write_xlsx(fb.labour_market_table().sheet, tmp_path / "alo.xlsx")
    assert runner.invoke(app, ["labour-market", str(good)]).exit_code == 0
    before = _store_snapshot(data_dir)

    table = fb.labour_market_table(seed=12, year=2024)
    if breakage == "text":
        table.sheet.data[3][3] = "elf"
    if breakage == "unknown_code":
        table.sheet.data[0][1] = "999 Erfunden"
    path = fb.write_xlsx(table.sheet, tmp_path / "alo-2024.xlsx")
    if breakage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    result = runner.invoke(app, ["labour-market", str(path)])
    assert result.exit_code == 1
    assert "nichts gespeichert" in result.output and "Import abgelehnt" in result.output
    assert _store_snapshot(data_dir) == before


def test_newer_vintage_and_set_current(data_dir, tmp_path):
    old = fb.write_xlsx(fb.wage_table(year=2022).sheet, tmp_path / "entgelt-2022.xlsx")
    new = fb.write_xlsx(fb.wage_table(year=2023, seed=9).sheet, tmp_path / "entgelt-2023.xlsx")
    assert runner.invoke(app, ["wages", str(old)]).exit_code == 0
    result = runner.invoke(app, ["wages", str(new)])
    assert "Nicht aktuell" in result.output
    newest = list_vintages()[-1]
    switched = runner.invoke(app, ["set-current", newest.vintage_id])
    assert switched.exit_code == 0 and "wages" in switched.output
    assert list_vintages()[-1].current_for == ("wages",)
    unknown = runner.invoke(app, ["set-current", "wages-2000-12-31-000000000000"])
    assert unknown.exit_code == 1


def test_population_command_and_reference_date_option(data_dir, tmp_path):
    path = fg.write_classic(fg.population_values(), tmp_path / "12411-02-03-4.csv")
    result = runner.invoke(app, ["population", str(path), "--reference-date", "2023-12-31"])
    assert result.exit_code == 0, result.output
    assert list_vintages()[0].reference_date.isoformat() == "2023-12-31"
    bad = runner.invoke(app, ["population", str(path), "--reference-date", "31.12.2023"])
    assert bad.exit_code != 0
