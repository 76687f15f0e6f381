"""BA employment cross table → ``employment`` (and ``employment_foreign``)."""

from __future__ import annotations

from datetime import date

import fixtures_ba as fb
import polars as pl
import pytest
from openpyxl import load_workbook

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_employment import read_employment
from fachkraefte.sources.schema import TABLES


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


def _as_dict(frame: pl.DataFrame) -> dict[tuple, int | None]:
    return {tuple(row[:-1]): row[-1] for row in frame.rows()}


def _problems(excinfo) -> list:
    return excinfo.value.problems


def test_reads_every_cell_exactly(tmp_path):
    table = fb.employment_table()
    imported = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx"))
    frame = imported.tables["employment"]
    assert dict(frame.schema) == TABLES["employment"]
    assert _as_dict(frame) == table.expected_rows()
    assert imported.reference_date == date(2023, 6, 30)
    assert imported.dataset == "employment"
    # The Land rows (06 Hessen) are aggregates and must not be stored next to their Kreise.
    assert set(frame["ags"]) == {ags for ags, _ in fb.KREISE}


def test_exact_totals_when_nothing_is_suppressed(tmp_path):
    table = fb.employment_table(small_values=False, seed=21)
    frame = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")).tables["employment"]
    assert frame["employees"].null_count() == 0
    # The file's own "Insgesamt" rows are the check: every Kreis must add up to them.
    for row in table.sheet.data:
        if row[1] == "Insgesamt":
            ags = row[0].split()[0]
            written_total = row[2]
            assert frame.filter(pl.col("ags") == ags)["employees"].sum() == written_total


def test_suppressed_cells_are_unknown_and_dash_is_zero(tmp_path):
    table = fb.employment_table()
    frame = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")).tables["employment"]
    got = _as_dict(frame)
    suppressed = [k for k, v in table.values.items() if v in (1, 2)]
    zeros = [k for k, v in table.values.items() if v == 0]
    assert suppressed and zeros
    ags, code, sex, band = suppressed[0]
    assert got[(2023, ags, code[:3], int(code[4]), sex, band)] is None
    # A Berufsgruppe × niveau cell made of one Berufsgattung with "-" is 0, not unknown.
    single = [
        k
        for k in zeros
        if sum(1 for c, _ in fb.GATTUNGEN if c[:3] == k[1][:3] and c[4] == k[1][4]) == 1
    ]
    ags, code, sex, band = single[0]
    assert got[(2023, ags, code[:3], int(code[4]), sex, band)] == 0


def test_foreign_employees_go_to_their_own_table(tmp_path):
    table = fb.employment_table()
    imported = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx"))
    foreign = imported.tables["employment_foreign"]
    row = foreign.filter(pl.col("ags") == "06411", pl.col("kldb3") == "434", pl.col("niveau") == 4)
    assert row["foreign_employees"].item() == table.foreign[("06411", "43414")]
    total = sum(v for (a, c, _, _), v in table.values.items() if a == "06411" and c == "43414")
    assert row["employees"].item() == total


def test_csv_export_reads_like_the_workbook(tmp_path):
    table = fb.employment_table()
    from_xlsx = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx"))
    from_csv = read_employment(fb.write_csv(table.sheet, tmp_path / "svb.csv", encoding="cp1252"))
    assert from_csv.tables["employment"].equals(from_xlsx.tables["employment"])


def test_berufsgruppe_with_niveau_rows(tmp_path):
    table = fb.employment_table(layout="gruppe")
    frame = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")).tables["employment"]
    assert _as_dict(frame) == table.expected_rows()


def test_header_moved_down_by_extra_title_lines_still_reads(tmp_path):
    table = fb.employment_table()
    table.sheet.title[1:1] = ["Auftragsnummer: 000000", "Erstellt für: Testfall"]
    frame = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")).tables["employment"]
    assert _as_dict(frame) == table.expected_rows()


def test_reference_date_must_come_from_file_or_option(tmp_path):
    table = fb.employment_table(stichtag="Auswertung 2023")
    path = fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    assert any("Stichtag" in p.message_de for p in _problems(excinfo))
    imported = read_employment(path, reference_date=date(2023, 6, 30))
    assert imported.reference_date == date(2023, 6, 30)


def test_conflicting_reference_date_is_rejected(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path, reference_date=date(2022, 6, 30))
    assert any("weicht" in p.message_de for p in _problems(excinfo))


# --- broken files ----------------------------------------------------------------------------


def _edit(path, edit):
    workbook = load_workbook(path)
    edit(workbook["Tabelle 1"])
    workbook.save(path)
    return path


def _first_data_row(sheet) -> int:
    return next(
        r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value).startswith("06411")
    )


def test_wrong_sheet(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    workbook = load_workbook(path)
    del workbook["Tabelle 1"]
    workbook.save(path)
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    (problem,) = _problems(excinfo)
    assert "'Deckblatt', 'Impressum'" in problem.value
    assert "Keine Tabelle" in problem.message_de and "no table" in problem.message_en


def test_header_shifted_sideways(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    _edit(path, lambda sheet: sheet.insert_cols(1))
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    assert "Region" in _problems(excinfo)[0].message_de


def test_unknown_region_and_occupation_codes(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")

    def edit(sheet):
        row = _first_data_row(sheet)
        sheet.cell(row, 1).value = "06999 Nirgendwo"
        sheet.cell(row + 2, 2).value = "99999 Gibt es nicht"

    _edit(path, edit)
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    problems = _problems(excinfo)
    regions = [p for p in problems if p.value == "06999 Nirgendwo"]
    # The label holds for its whole block; it is reported once, at its own row.
    assert len(regions) == 1
    region = regions[0]
    assert (region.sheet, region.column) == ("Tabelle 1", "A") and region.row is not None
    assert "06999" in region.message_de
    assert any(p.value == "99999 Gibt es nicht" and "999" in p.message_de for p in problems)


def test_text_in_a_number_column(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    row_holder = {}

    def edit(sheet):
        row = _first_data_row(sheet) + 1
        row_holder["row"] = row
        sheet.cell(row, 5).value = "zwölf"

    _edit(path, edit)
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    (problem,) = _problems(excinfo)
    assert (problem.row, problem.column, problem.value) == (row_holder["row"], "E", "zwölf")
    assert problem.sheet == "Tabelle 1" and problem.file == "svb.xlsx"
    assert "Zahl" in problem.message_de and "number" in problem.message_en


def test_truncated_workbook(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    assert "XLSX" in _problems(excinfo)[0].message_de


def test_truncated_csv_misses_its_copyright_line(tmp_path):
    table = fb.employment_table()
    path = fb.write_csv(table.sheet, tmp_path / "svb.csv")
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[: len(lines) // 2]))
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    assert any("abgeschnitten" in p.message_de for p in _problems(excinfo))


def test_wrong_encoding(tmp_path):
    table = fb.employment_table()
    utf16 = fb.write_csv(table.sheet, tmp_path / "utf16.csv", encoding="utf-16")
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(utf16)
    assert "UTF-16" in _problems(excinfo)[0].message_de
    twice = tmp_path / "twice.csv"
    twice.write_bytes(
        fb.write_csv(table.sheet, tmp_path / "u8.csv", encoding="utf-8")
        .read_text(encoding="utf-8")
        .encode("utf-8")
        .decode("latin-1")
        .encode("utf-8")
    )
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(twice)
    assert "doppelt" in _problems(excinfo)[0].message_de


def test_occupation_booklet_with_marginal_tables_is_explained(tmp_path):
    sheet = fb.Sheet(
        title=["Beschäftigte nach Berufen (KldB 2010)", "Stichtag: 30. Juni 2023"],
        header=[["Ausgeübte Tätigkeit nach KldB 2010", "Insgesamt", "Männer", "Frauen"]],
        data=[["Insgesamt", 100, 60, 40]],
        name="SVB - Tabelle I",
    )
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(fb.write_xlsx(sheet, tmp_path / "bo-heft-d-0-202306-xlsx.xlsx"))
    assert "Randverteilungen" in _problems(excinfo)[0].message_de


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")

    def edit(sheet):
        row = _first_data_row(sheet)
        for offset in range(1, 4):
            sheet.cell(row + offset, 6).value = f"Fehler {offset}"

    _edit(path, edit)
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(path)
    assert [p.value for p in _problems(excinfo)] == ["Fehler 1", "Fehler 2", "Fehler 3"]


@pytest.mark.shared_data
def test_berufsgattungen_are_checked_once_the_full_kldb_is_imported(
    data_dir, tmp_path, shared_data
):
    from fachkraefte.occupations.store import import_export

    table = fb.employment_table(gattungen=[*fb.GATTUNGEN[:2], ("81399", "Gibt es nicht")])
    path = fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx")
    # Before the import only the Berufsgruppe 813 and the niveau digit 9 can be checked.
    with pytest.raises(ImportValidationError) as before:
        read_employment(path)
    assert any("fünfte Ziffer 9" in p.message_de for p in _problems(before))
    import_export(
        shared_data / "occupations" / "KldB_2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"
    )
    with pytest.raises(ImportValidationError) as after:
        read_employment(path)
    assert any("Berufsgattung '81399'" in p.message_de for p in _problems(after))


def test_keys_from_before_the_goettingen_reform_count_for_the_new_kreis(tmp_path):
    """A 2015 file still has Göttingen (03152) and Osterode am Harz (03156): both are added to
    the Landkreis Göttingen (03159) formed on 1 November 2016, and the import says so."""
    table = fb.employment_table(
        kreise=[("03152", "Göttingen"), ("03156", "Osterode am Harz")],
        with_land_rows=False,
        small_values=False,
        stichtag="Stichtag: 30. Juni 2015",
    )
    imported = read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx"))
    frame = imported.tables["employment"]
    assert set(frame["ags"]) == {"03159"}
    expected = sum(value for (ags, *_rest), value in table.values.items())
    assert frame["employees"].sum() == expected
    assert any("03156" in note and "03159" in note for note in imported.notes)
