"""``fachkraefte regions …`` through Typer's runner and as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_geo import GEOJSON, KREISE_XLSX, TABLE_SHEET, row_of
from typer.testing import CliRunner

from fachkraefte.geo.cli import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_list_hessen_as_csv(regions_store):
    result = _run("list", "--land", "06", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 26
    assert rows[0]["ags"] == "06411" and rows[-1]["ags"] == "06636"
    assert {r["land_ags"] for r in rows} == {"06"}


def test_list_json_at_the_reference_date_and_today(regions_store):
    then = json.loads(_run("list", "--as-of", "2018-12-31", "--format", "json").stdout)
    today = json.loads(_run("list", "--format", "json").stdout)
    assert (len(then), len(today)) == (401, 400)
    assert "16056" in {r["ags"] for r in then} - {r["ags"] for r in today}


def test_list_levels_and_caption(regions_store):
    result = _run("list", "--level", "land")
    assert result.exit_code == 0
    assert "Länder (16)" in result.stdout
    assert "Destatis" in result.stdout and "31.12.2018" in result.stdout
    bezirke = json.loads(_run("list", "--level", "regierungsbezirk", "--format", "json").stdout)
    assert [r["ags"] for r in bezirke if r["land_ags"] == "06"] == ["064", "065", "066"]


def test_list_rejects_bad_arguments(regions_store):
    assert _run("list", "--as-of", "31.12.2018").exit_code == 2
    assert _run("list", "--level", "gemeinde").exit_code == 2
    unknown = _run("list", "--land", "17")
    assert unknown.exit_code == 1 and "17" in unknown.output


def test_show_by_name_and_nuts(regions_store):
    result = _run("show", "Landkreis Gießen", "--format", "json")
    fields = {f["field"]: f["value"] for f in json.loads(result.stdout)}
    assert fields["AGS"] == "06531" and fields["NUTS-3"] == "DE721"
    assert fields["übergeordnet / parent"] == "065 Reg.-Bez. Gießen"
    by_nuts = json.loads(_run("show", "DE712", "--format", "json").stdout)
    assert {f["field"]: f["value"] for f in by_nuts}["AGS"] == "06412"


def test_show_merged_kreis(regions_store):
    fields = {
        f["field"]: f["value"] for f in json.loads(_run("show", "16056", "--format", "json").stdout)
    }
    assert fields["aufgegangen in / merged into"].startswith("16063 Wartburgkreis am 01.07.2021")


def test_show_ambiguous_and_unknown(regions_store):
    ambiguous = _run("show", "Kassel")
    assert ambiguous.exit_code == 1
    assert "06611" in ambiguous.output and "06633" in ambiguous.output
    unknown = _run("show", "Giesen")
    assert unknown.exit_code == 1 and "06531" in unknown.output


def test_neighbours_need_boundaries(regions_store):
    result = _run("neighbours", "06412")
    assert result.exit_code == 1
    assert "fachkraefte regions import-boundaries" in result.output


def test_neighbours_of_frankfurt(boundaries_store):
    result = _run("neighbours", "Frankfurt am Main", "--format", "json")
    assert result.exit_code == 0, result.output
    codes = {r["ags"] for r in json.loads(result.stdout)}
    assert {"06413", "06436", "06434", "06440", "06438"} <= codes


def test_import_and_import_boundaries(data_dir, shared_data):
    first = _run("import", str(shared_data / KREISE_XLSX))
    assert first.exit_code == 0, first.output
    assert "Importiert / imported" in first.stdout and "401 Kreise" in first.stdout
    again = _run("import", str(shared_data / KREISE_XLSX))
    assert "Unverändert / unchanged" in again.stdout
    bounds = _run("import-boundaries", str(shared_data / GEOJSON))
    assert bounds.exit_code == 0, bounds.output
    assert "© GeoBasis-DE / BKG (Daten verändert)" in bounds.stdout
    assert (data_dir / "reference" / "boundaries.geojson").is_file()


def test_import_of_a_broken_file_lists_the_problem(regions_store, broken_copy):
    def four_digits(workbook):
        sheet = workbook[TABLE_SHEET]
        sheet.cell(row_of(sheet, "06411"), 1).value = "6411"

    before = (regions_store / "reference" / "regions.parquet").read_bytes()
    result = _run("import", str(broken_copy(four_digits)))
    assert result.exit_code == 1
    assert "6411" in result.output and "nothing was stored" in result.output
    assert (regions_store / "reference" / "regions.parquet").read_bytes() == before


def test_import_of_a_missing_file(data_dir, tmp_path):
    result = _run("import", str(tmp_path / "gibt-es-nicht.xlsx"))
    assert result.exit_code == 1 and "file not found" in result.output


def _process(args: list[str], env_data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACHKRAEFTE_DATA_DIR": str(env_data), "COLUMNS": "200"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_regions_app_as_a_process(regions_store):
    """The sub-command group runs in a fresh interpreter (no state from this test process)."""
    code = "from fachkraefte.geo.cli import app; app(prog_name='regions')"
    done = _process(
        [sys.executable, "-c", code, "list", "--land", "Hessen", "--format", "json"], regions_store
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 26
    assert "Gebietsstand 31.12.2018" in done.stderr


def test_installed_fachkraefte_command(regions_store):
    """Through the installed console script, once every sub-command group can be imported."""
    script = Path(sys.executable).with_name("fachkraefte")
    if not script.exists():
        pytest.skip("console script 'fachkraefte' not installed in this environment")
    probe = _process([sys.executable, "-c", "import fachkraefte.cli"], regions_store)
    if probe.returncode != 0:
        pytest.skip(f"main CLI does not import yet: {probe.stderr.strip().splitlines()[-1]}")
    done = _process([str(script), "regions", "show", "06412", "--format", "json"], regions_store)
    assert done.returncode == 0, done.stderr
    fields = {f["field"]: f["value"] for f in json.loads(done.stdout)}
    assert fields["Name"] == "Frankfurt am Main, Stadt"
