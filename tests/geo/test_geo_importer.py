"""The Destatis 04-kreise importer on the official file and on broken copies of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections import Counter

import pytest
from fixtures_geo import TABLE_SHEET, row_of

from fachkraefte import geo
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.geo.destatis_kreise import read_destatis_kreise
from fachkraefte.paths import npm_package_file


def _problems(path):
    with pytest.raises(ImportValidationError) as caught:
        read_destatis_kreise(path)
    return caught.value.problems


def test_official_file_reads_completely(kreise_xlsx):
    table = read_destatis_kreise(kreise_xlsx)
    assert table.gebietsstand == dt.date(2018, 12, 31)
    assert table.sheet == TABLE_SHEET
    assert table.copyright_year == 2019
    levels = Counter(r.level for r in table.regions)
    assert levels == {"land": 16, "regierungsbezirk": 29, "kreis": 401}
    kinds = Counter(r.kind for r in table.kreise())
    assert kinds == {
        "Landkreis": 251,
        "Kreisfreie Stadt": 98,
        "Kreis": 42,
        "Stadtkreis": 9,
        "Regionalverband": 1,
    }
    germany = sum(r.population for r in table.kreise())
    assert germany == 83_019_213  # the table's own "Deutschland Insgesamt"


def test_npm_copy_is_the_official_file(kreise_xlsx):
    shipped = npm_package_file("landkreise-deutschland", "source/04-kreise.xlsx")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (shipped, kreise_xlsx)]
    assert digest[0] == digest[1]


def test_numbers_are_those_of_the_table(kreise_xlsx):
    kreise = {r.ags: r for r in read_destatis_kreise(kreise_xlsx).kreise()}
    darmstadt = kreise["06411"]
    assert (darmstadt.area_km2, darmstadt.population) == (122.07, 159_207)
    assert (darmstadt.population_male, darmstadt.population_female) == (81_217, 77_990)
    assert kreise["14511"].parent_ags == "145"  # Saxony's Bezirk keys are stored as numbers
    assert kreise["02000"].parent_ags == "02"  # no Bezirk level in Hamburg


def test_sheet_found_by_content_when_renamed(broken_copy):
    def rename(workbook):
        workbook[TABLE_SHEET].title = "Tabelle1"

    table = read_destatis_kreise(broken_copy(rename))
    assert table.sheet == "Tabelle1" and len(table.kreise()) == 401


def test_missing_table_sheet_names_the_sheets_found(broken_copy):
    def drop(workbook):
        del workbook[TABLE_SHEET]

    (problem,) = _problems(broken_copy(drop))
    assert problem.value == "'Deckblatt'"
    assert TABLE_SHEET in problem.message_de and "no sheet" in problem.message_en


def test_header_found_when_rows_are_inserted_above(broken_copy):
    def insert(workbook):
        sheet = workbook[TABLE_SHEET]
        for merged in list(sheet.merged_cells.ranges):  # openpyxl does not move merged ranges
            sheet.unmerge_cells(str(merged))
        sheet.insert_rows(1, amount=3)

    table = read_destatis_kreise(broken_copy(insert))
    assert len(table.kreise()) == 401 and table.gebietsstand == dt.date(2018, 12, 31)


def test_header_shifted_against_the_data(broken_copy):
    def shift(workbook):
        workbook[TABLE_SHEET].move_range("A4:I6", cols=1)

    (problem,) = _problems(broken_copy(shift))
    assert (problem.sheet, problem.row, problem.column) == (TABLE_SHEET, 4, "B")
    assert "verschoben" in problem.message_de and "shifted" in problem.message_en


def test_missing_header_column_is_named(broken_copy):
    def rename_caption(workbook):
        workbook[TABLE_SHEET]["D4"] = "Code"

    (problem,) = _problems(broken_copy(rename_caption))
    assert problem.row == 4 and problem.value == "NUTS3"


def test_four_digit_ags(broken_copy):
    holder = {}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        holder["row"] = row_of(sheet, "06411")
        sheet.cell(holder["row"], 1).value = "6411"

    problems = _problems(broken_copy(damage))
    assert [(p.row, p.column, p.value) for p in problems] == [(holder["row"], "A", "6411")]
    assert "5 Stellen" in problems[0].message_de and "führende Null" in problems[0].message_de


def test_ags_stored_as_number_loses_its_zero(broken_copy):
    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        sheet.cell(row_of(sheet, "06412"), 1).value = 6412

    (problem,) = _problems(broken_copy(damage))
    assert problem.column == "A" and problem.value == "6412"


def test_text_in_population_column(broken_copy):
    holder = {}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        holder["row"] = row_of(sheet, "06531")
        sheet.cell(holder["row"], 6).value = "k. A."

    # one problem: the Land and Germany totals are not checked against an unknown value
    (problem,) = _problems(broken_copy(damage))
    assert (problem.row, problem.column, problem.value) == (holder["row"], "F", "k. A.")
    assert "Bevölkerung insgesamt" in problem.message_de and "number" in problem.message_en


def test_all_problems_are_listed_together(broken_copy):
    rows = {}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        rows["nuts"] = row_of(sheet, "01001")
        rows["kind"] = row_of(sheet, "09162")
        rows["land"] = row_of(sheet, "10")
        sheet.cell(rows["nuts"], 4).value = "XX123"
        sheet.cell(rows["kind"], 2).value = "Großstadt"
        sheet.cell(rows["land"], 1).value = "17"

    problems = _problems(broken_copy(damage))
    found = {(p.row, p.column, p.value) for p in problems}
    assert (rows["nuts"], "D", "XX123") in found
    assert (rows["kind"], "B", "Großstadt") in found
    assert (rows["land"], "A", "17") in found
    assert all(p.file == "04-kreise-kaputt.xlsx" for p in problems)


def test_kreis_listed_under_the_wrong_bezirk(broken_copy):
    holder = {}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        holder["row"] = row_of(sheet, "06611")  # Kassel, Stadt: below Reg.-Bez. Kassel (066)
        sheet.cell(holder["row"], 1).value = "06511"

    (problem,) = _problems(broken_copy(damage))
    assert (problem.row, problem.column, problem.value) == (holder["row"], "A", "06511")
    assert "066" in problem.message_de


def test_total_row_must_match_its_kreise(broken_copy):
    holder = {}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        row = row_of(sheet, "06411")
        for column in (6, 7):  # total and male up by 1000: consistent row, wrong Land total
            sheet.cell(row, column).value += 1000
        holder["row"] = row

    problems = _problems(broken_copy(damage))
    messages = [p.message_de for p in problems]
    assert any("Summe Hessen" in m for m in messages)
    assert any("Summe Deutschland" in m for m in messages)


def test_male_plus_female_must_equal_total(broken_copy):
    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        sheet.cell(row_of(sheet, "06412"), 7).value = 1

    problems = _problems(broken_copy(damage))
    assert any("männlich + weiblich" in p.message_de for p in problems)


def test_truncated_table_is_detected(broken_copy):
    def cut(workbook):
        sheet = workbook[TABLE_SHEET]
        sheet.delete_rows(row_of(sheet, "15"), sheet.max_row)

    problems = _problems(broken_copy(cut))
    messages = " ".join(p.message_de for p in problems)
    assert "Länder fehlen: 15, 16" in messages and "Deutschland Insgesamt" in messages


def test_reference_date_missing(broken_copy):
    def damage(workbook):
        workbook[TABLE_SHEET]["A2"] = None

    (problem,) = _problems(broken_copy(damage))
    assert "Gebietsstand" in problem.message_de


def test_cover_sheet_with_another_date(broken_copy):
    def damage(workbook):
        workbook["Deckblatt"]["A5"] = "Gebietsstand: 31.12.2019"

    (problem,) = _problems(broken_copy(damage))
    assert problem.sheet == TABLE_SHEET and problem.value == "Gebietsstand: 31.12.2019"
    assert "Deckblatt" in problem.message_de


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_truncated_file(kreise_xlsx, tmp_path, cut):
    data = kreise_xlsx.read_bytes()
    broken = tmp_path / "abgeschnitten.xlsx"
    broken.write_bytes(data[: int(len(data) * cut)])
    (problem,) = _problems(broken)
    assert problem.file == "abgeschnitten.xlsx" and "XLSX" in problem.message_de


def test_zip_that_is_no_workbook(tmp_path):
    broken = tmp_path / "leer.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "kein Arbeitsblatt")
    (problem,) = _problems(broken)
    assert "XLSX" in problem.message_de


def test_csv_instead_of_xlsx(shared_data):
    (problem,) = _problems(shared_data / "districts/landkreise-deutschland_districts_2018.csv")
    assert problem.value == ".csv"


def test_failed_import_leaves_the_store_unchanged(regions_store, broken_copy):
    reference = regions_store / "reference"
    before = {p.name: p.read_bytes() for p in reference.iterdir()}

    def damage(workbook):
        sheet = workbook[TABLE_SHEET]
        sheet.cell(row_of(sheet, "06531"), 6).value = "k. A."

    with pytest.raises(ImportValidationError):
        geo.import_regions(broken_copy(damage))
    assert {p.name: p.read_bytes() for p in reference.iterdir()} == before
    assert len(geo.districts(as_of=dt.date(2018, 12, 31))) == 401
