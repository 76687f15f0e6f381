"""BA unemployment/vacancy table by Zielberuf → ``labour_market``."""

from __future__ import annotations

from datetime import date

import fixtures_ba as fb
import polars as pl
import pytest
from openpyxl import load_workbook

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_labour_market import read_labour_market
from fachkraefte.sources.schema import TABLES


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


def _expected(table: fb.LabourMarketTable) -> dict[tuple, tuple]:
    expected = {}
    for (ags, kldb3, niveau), (u, v, d, e) in table.values.items():
        seekers = table.jobseekers[(ags, kldb3, niveau)]
        expected[(table.year, ags, kldb3, niveau)] = (
            None if u in (1, 2) else u,
            None if seekers in (1, 2) else seekers,
            None if v in (1, 2) else v,
            d if v else None,  # the BA writes "x" for a duration without vacancies
            None if e in (1, 2) else e,
        )
    return expected


def test_reads_every_measure_exactly(tmp_path):
    table = fb.labour_market_table()
    imported = read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx"))
    frame = imported.tables["labour_market"]
    assert dict(frame.schema) == TABLES["labour_market"]
    got = {tuple(r[:4]): tuple(r[4:]) for r in frame.rows()}
    assert got == _expected(table)
    assert imported.reference_date == date(2023, 12, 31)
    assert not any("gewichtet" in note for note in imported.notes)


def test_subgroups_and_job_seekers_are_kept_apart(tmp_path):
    table = fb.labour_market_table()
    frame = read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx")).tables[
        "labour_market"
    ]
    u, *_ = table.values[("06412", "821", 2)]
    row = frame.filter(pl.col("ags") == "06412", pl.col("kldb3") == "821", pl.col("niveau") == 2)
    # "darunter Frauen" (u // 2) and "Arbeitsuchende" (u + …) sit beside the total.
    assert row["unemployed"].item() == (None if u in (1, 2) else u)
    seekers = table.jobseekers[("06412", "821", 2)]
    assert row["jobseekers"].item() == (None if seekers in (1, 2) else seekers)
    assert seekers >= u


def test_unemployed_among_the_job_seekers_are_not_read_twice(tmp_path):
    table = fb.labour_market_table()
    # "Arbeitsuchende" over two columns: its total and "darunter Arbeitslose".
    table.sheet.header[0].insert(6, None)
    table.sheet.header[1][5:6] = ["Insgesamt", "darunter Arbeitslose"]
    for row in table.sheet.data:
        row.insert(6, row[3])
    frame = read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx")).tables[
        "labour_market"
    ]
    row = frame.filter(pl.col("ags") == "06411", pl.col("kldb3") == "813", pl.col("niveau") == 2)
    u, *_ = table.values[("06411", "813", 2)]
    seekers = table.jobseekers[("06411", "813", 2)]
    assert row["unemployed"].item() == (None if u in (1, 2) else u)
    assert row["jobseekers"].item() == (None if seekers in (1, 2) else seekers)


def test_file_without_job_seekers_leaves_the_column_empty(tmp_path):
    table = fb.labour_market_table()
    for row in [*table.sheet.header, *table.sheet.data]:
        del row[5]
    imported = read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx"))
    frame = imported.tables["labour_market"]
    assert frame["jobseekers"].null_count() == frame.height
    assert frame["unemployed"].null_count() < frame.height
    assert any("jobseekers" in note for note in imported.notes)


def test_csv_in_windows_1252(tmp_path):
    table = fb.labour_market_table()
    a = read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx")).tables[
        "labour_market"
    ]
    b = read_labour_market(fb.write_csv(table.sheet, tmp_path / "alo.csv")).tables["labour_market"]
    assert a.equals(b)


def test_unknown_measure_column_is_reported(tmp_path):
    table = fb.labour_market_table()
    table.sheet.header[0][6] = "Offene Wünsche"
    table.sheet.header[1][6] = None
    with pytest.raises(ImportValidationError) as excinfo:
        read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx"))
    (problem,) = excinfo.value.problems
    assert problem.column == "G" and problem.value == "Offene Wünsche"
    assert "Spaltenüberschrift" in problem.message_de and "column caption" in problem.message_en


def test_missing_anforderungsniveau_is_reported(tmp_path):
    table = fb.labour_market_table()
    for row in [table.sheet.header[0], table.sheet.header[1], *table.sheet.data]:
        del row[2]
    # Without the niveau dimension the rows repeat; keep one row per Berufsgruppe.
    table.sheet.data = [r for r in table.sheet.data if r[1] is not None]
    with pytest.raises(ImportValidationError) as excinfo:
        read_labour_market(fb.write_xlsx(table.sheet, tmp_path / "alo.xlsx"))
    assert any("Anforderungsniveau" in p.message_de for p in excinfo.value.problems)


def test_negative_stock_is_rejected(tmp_path):
    path = fb.write_xlsx(fb.labour_market_table().sheet, tmp_path / "alo.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Tabelle 1"]
    row = next(
        r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value).startswith("06411")
    )
    sheet.cell(row, 7).value = -4
    workbook.save(path)
    with pytest.raises(ImportValidationError) as excinfo:
        read_labour_market(path)
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.column, problem.value) == (row, "G", "-4")


def test_time_series_with_years_in_the_column_header(tmp_path):
    sheet = fb.Sheet(
        title=[
            "Arbeitslose und gemeldete Arbeitsstellen nach Zielberufen (KldB 2010)",
            "Zeitreihe",
        ],
        header=[
            [
                "Region",
                "Zielberuf nach KldB 2010",
                "Anforderungsniveau",
                "Jahresdurchschnitt 2022",
                None,
                "Jahresdurchschnitt 2023",
            ],
            [
                None,
                None,
                None,
                "Arbeitslose",
                "Gemeldete Arbeitsstellen",
                "Arbeitslose",
                "Gemeldete Arbeitsstellen",
            ],
        ],
        data=[
            [
                "06411 Darmstadt, Wissenschaftsstadt",
                "813 Gesundh.,Krankenpfl.,Rettungsd.Geburtsh.",
                "Fachkraft",
                120,
                80,
                110,
                "*",
            ]
        ],
    )
    imported = read_labour_market(fb.write_xlsx(sheet, tmp_path / "zr.xlsx"))
    frame = imported.tables["labour_market"]
    assert frame.select("year", "unemployed", "vacancies").rows() == [
        (2022, 120, 80),
        (2023, 110, None),
    ]
    assert imported.reference_date == date(2023, 12, 31)
    assert any("completed_vacancy_duration_days" in note for note in imported.notes)
