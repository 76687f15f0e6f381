"""BA table "SV-Beschäftigte – darunter Auszubildende" → ``trainees``: exact read-back, the
suppression rules, ``fachkraefte import trainees`` and every kind of broken file."""

from __future__ import annotations

from pathlib import Path

import fixtures_ba as fb
import fixtures_ba_trainees as ft
import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_trainees import read_trainees
from fachkraefte.sources.import_cli import app
from fachkraefte.sources.schema import TABLES
from fachkraefte.sources.vintages import list_vintages, load_table

runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_store(data_dir):
    # geo and the vintages live in the data store; keep them out of the checkout's var/.
    return data_dir


def _rows(frame: pl.DataFrame) -> dict[tuple, int | None]:
    return {(y, a, k, s): n for y, a, k, s, n, _ in frame.iter_rows()}


def _problems(path: Path) -> list:
    with pytest.raises(ImportValidationError) as excinfo:
        read_trainees(path)
    problems = excinfo.value.problems
    assert all(p.message_de and p.message_en and p.file == path.name for p in problems)
    return problems


def _edit(path: Path, change) -> Path:
    workbook = load_workbook(path)
    change(workbook["Tabelle 1"])
    workbook.save(path)
    return path


def _row_of(sheet, ags: str, code: str) -> int:
    in_block = False
    for r in range(1, sheet.max_row + 1):
        first = str(sheet.cell(r, 1).value or "")
        if first.startswith(ags):
            in_block = True
        elif first:
            in_block = False
        if in_block and str(sheet.cell(r, 2).value or "").startswith(code):
            return r
    raise AssertionError(f"no row {ags} {code}")


def test_berufsgruppen_read_back_exactly(tmp_path):
    table = ft.trainee_table(seed=1)  # a seed with "-" and "*" cells
    imported = read_trainees(fb.write_xlsx(table.sheet, tmp_path / "azubi.xlsx"))
    frame = imported.tables["trainees"]
    assert dict(frame.schema) == TABLES["trainees"]
    assert imported.dataset == "trainees" and str(imported.reference_date) == "2023-06-30"
    assert _rows(frame) == table.expected_rows()
    assert set(frame["ags"]) == {ags for ags, _ in fb.KREISE}  # the Land block is skipped
    assert None in _rows(frame).values()  # "*" stays unknown, never 0
    assert 0 in _rows(frame).values()  # "-" is 0
    assert frame["new_contracts"].null_count() == frame.height
    assert any("new_contracts" in note for note in imported.notes)


def test_berufsgattungen_are_summed_and_csv_reads_the_same(tmp_path):
    table = ft.trainee_table(layout="gattung", seed=3)
    xlsx = read_trainees(fb.write_xlsx(table.sheet, tmp_path / "azubi.xlsx"))
    csv = read_trainees(fb.write_csv(table.sheet, tmp_path / "azubi.csv"))
    assert _rows(xlsx.tables["trainees"]) == table.expected_rows()
    assert xlsx.tables["trainees"].equals(csv.tables["trainees"])
    assert {k for _, _, k, _ in table.expected_rows()} == {"813", "821", "434", "521"}
    assert any("Berufsgattungen" in note for note in xlsx.notes)


def test_cli_dry_run_import_and_reimport(data_dir, tmp_path):
    path = fb.write_xlsx(ft.trainee_table().sheet, tmp_path / "azubi.xlsx")
    dry = runner.invoke(app, ["trainees", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nichts gespeichert" in dry.output and list_vintages() == []

    stored = runner.invoke(app, ["trainees", str(path), "--by", "analyst"])
    assert stored.exit_code == 0, stored.output
    (vintage,) = list_vintages()
    assert vintage.dataset == "trainees" and vintage.current_for == ("trainees",)
    assert _rows(load_table("trainees")) == ft.trainee_table().expected_rows()
    again = runner.invoke(app, ["trainees", str(path)])
    assert again.exit_code == 0 and "schon importiert" in again.output
    assert len(list_vintages()) == 1


# --- broken files: each problem with file, sheet, row, column, value; nothing stored -------


def _total_not_parts(path: Path):
    sheet = load_workbook(path)["Tabelle 1"]
    row = _row_of(sheet, "06412", "434")
    _edit(path, lambda s: s.cell(row, 4).__setattr__("value", 999_999))
    return row, "D", "999999", "Männer + Frauen"


def _more_than_employees(path: Path):
    sheet = load_workbook(path)["Tabelle 1"]
    row = _row_of(sheet, "06611", "813")
    _edit(path, lambda s: s.cell(row, 3).__setattr__("value", 1))
    return row, None, None, "Mehr Auszubildende als SV-Beschäftigte"


def _unknown_kreis(path: Path):
    sheet = load_workbook(path)["Tabelle 1"]
    row = _row_of(sheet, "06411", "Insgesamt")
    _edit(path, lambda s: s.cell(row, 1).__setattr__("value", "06999 Nirgendwo"))
    return row, "A", "06999 Nirgendwo", "06999"


def _text_in_number(path: Path):
    sheet = load_workbook(path)["Tabelle 1"]
    row = _row_of(sheet, "06411", "821")
    _edit(path, lambda s: s.cell(row, 6).__setattr__("value", "zwölf"))
    return row, "F", "zwölf", "Zahl"


def _unknown_caption(path: Path):
    _edit(path, lambda s: s.cell(7, 4).__setattr__("value", "darunter Praktikanten"))
    return None, "D", "Praktikanten", "Unbekannte Spaltenüberschrift"


def _no_copyright(path: Path):
    def cut(sheet):
        for r in range(sheet.max_row, 0, -1):
            if str(sheet.cell(r, 1).value or "").startswith(("©", "Erstellungsdatum")):
                sheet.delete_rows(r)

    _edit(path, cut)
    return None, None, None, "Statistik der Bundesagentur"


@pytest.mark.parametrize(
    "breaks",
    [
        _total_not_parts,
        _more_than_employees,
        _unknown_kreis,
        _text_in_number,
        _unknown_caption,
        _no_copyright,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_broken_file_is_reported_and_stores_nothing(breaks, data_dir, tmp_path):
    good = fb.write_xlsx(ft.trainee_table(seed=4).sheet, tmp_path / "ok.xlsx")
    assert runner.invoke(app, ["trainees", str(good)]).exit_code == 0
    before = sorted((p, p.read_bytes()) for p in (data_dir / "vintages").rglob("*") if p.is_file())

    path = fb.write_xlsx(ft.trainee_table().sheet, tmp_path / "kaputt.xlsx")
    row, column, value, message = breaks(path)
    problems = _problems(path)
    assert any(
        message in p.message_de + p.message_en
        and (row is None or p.row == row)
        and (column is None or p.column == column)
        and (value is None or value in str(p.value))
        for p in problems
    ), [(p.sheet, p.row, p.column, p.value, p.message_de) for p in problems]

    result = runner.invoke(app, ["trainees", str(path)])
    assert result.exit_code == 1 and "nichts gespeichert" in result.output
    after = sorted((p, p.read_bytes()) for p in (data_dir / "vintages").rglob("*") if p.is_file())
    assert after == before


def test_an_employment_file_has_no_apprentice_column(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    problems = _problems(path)
    assert any("Auszubildende" in p.message_de for p in problems)


def test_wrong_encoding_csv_is_refused(tmp_path):
    path = fb.write_csv(ft.trainee_table().sheet, tmp_path / "azubi.csv", encoding="utf-16")
    assert _problems(path)
