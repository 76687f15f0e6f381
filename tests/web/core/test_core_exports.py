"""The one export writer: formula payloads are neutralised in CSV and typed as text in XLSX,
numbers stay numbers, in the web app's writer and in the core's (monitor, forecast CLI)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest
from openpyxl import load_workbook

from fachkraefte.cli_forecast import _csv_safe, _write_xlsx
from fachkraefte.reports import exports as report_exports
from fachkraefte.tabular import Column, csv_cell
from fachkraefte.web.core import exports

PAYLOADS = [
    '=HYPERLINK("http://x","Details")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
COLUMNS = [Column("name", "Name"), Column("count", "Anzahl", numeric=True)]


def _rows() -> list[dict]:
    return [{"name": payload, "count": -number} for number, payload in enumerate(PAYLOADS, 1)]


def _xlsx_text(payload: str) -> str:
    # XML normalises a carriage return in text to a line feed; the cell stays that text.
    return payload.replace("\r", "\n")


@pytest.mark.parametrize("dialect", [exports.DATA_CSV, exports.EXCEL_CSV])
def test_csv_neutralises_formula_text_and_keeps_negative_numbers(dialect):
    text = exports.csv_text(COLUMNS, _rows(), dialect=dialect)
    assert text.startswith("\ufeff") == dialect.bom
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=dialect.delimiter))
    assert rows[0] == ["Name", "Anzahl"]
    assert [row[0] for row in rows[1:]] == ["'" + payload for payload in PAYLOADS]
    assert [row[1] for row in rows[1:]] == [str(-n) for n in range(1, len(PAYLOADS) + 1)]


def test_xlsx_writes_formula_text_as_text():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(COLUMNS, _rows(), title="t"))).active
    cells = list(sheet.iter_rows(min_row=2))
    assert [row[0].data_type for row in cells] == ["s"] * len(PAYLOADS)
    assert [row[0].value for row in cells] == [_xlsx_text(p) for p in PAYLOADS]
    assert [(row[1].data_type, row[1].value) for row in cells] == [
        ("n", -n) for n in range(1, len(PAYLOADS) + 1)
    ]


def test_values_keep_their_kind_in_both_formats():
    columns = [Column("when", "Zeit"), Column("day", "Tag"), Column("share", "Anteil")]
    row = {
        "when": dt.datetime(2025, 3, 31, 10, 5, 7, 123, tzinfo=dt.UTC),
        "day": dt.date(2025, 3, 31),
        "share": float("nan"),
    }
    text = exports.csv_text(columns, [row])
    # Europe/Berlin, the project's time zone, is UTC+2 on 31 March 2025.
    assert text.splitlines()[1] == "2025-03-31 12:05:07,2025-03-31,"
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(columns, [row], title="t"))).active
    when, day, share = next(sheet.iter_rows(min_row=2))
    assert when.value == dt.datetime(2025, 3, 31, 12, 5, 7) and when.is_date
    assert day.value == dt.datetime(2025, 3, 31) and day.number_format == "DD.MM.YYYY"
    assert share.value is None


def test_xlsx_notes_sheet_is_text_too():
    body = exports.xlsx_bytes(COLUMNS, [], title="Tabelle", notes=["=1+1", "Quelle: Test"])
    info = load_workbook(io.BytesIO(body))["Quelle"]
    assert [(c.value, c.data_type) for (c,) in info.iter_rows()] == [
        ("=1+1", "s"),
        ("Quelle: Test", "s"),
    ]


def test_export_response_names_the_file():
    response = exports.export_response("xlsx", COLUMNS, _rows(), filename="liste")
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="liste.xlsx"'
    response = exports.export_response("csv", COLUMNS, _rows(), filename="liste")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    with pytest.raises(ValueError):
        exports.export_response("ods", COLUMNS, _rows(), filename="liste")


def test_the_monitor_downloads_neutralise_formulas_the_same_way():
    text = report_exports.to_csv(COLUMNS, _rows(), notes=["@Quelle"])
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1 : len(PAYLOADS) + 1]] == [csv_cell(p) for p in PAYLOADS]
    assert rows[1][1] == "-1" and rows[-1] == ["'@Quelle"]
    sheet = load_workbook(io.BytesIO(report_exports.to_xlsx(COLUMNS, _rows()))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [(c.data_type, c.value) for c in cells] == [("s", _xlsx_text(p)) for p in PAYLOADS]


def test_the_forecast_export_neutralises_formulas(tmp_path):
    frame = pl.DataFrame({"region": PAYLOADS, "gap": [-1.5] * len(PAYLOADS)})
    path = tmp_path / "prognose.csv"
    _csv_safe(frame).write_csv(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert {row[1] for row in rows[1:]} == {"-1.5"}
    _write_xlsx(frame, tmp_path / "prognose.xlsx")
    sheet = load_workbook(tmp_path / "prognose.xlsx")["Prognose"]
    cells = list(sheet.iter_rows(min_row=2))
    assert [(r[0].data_type, r[0].value) for r in cells] == [("s", _xlsx_text(p)) for p in PAYLOADS]
    assert {(r[1].data_type, r[1].value) for r in cells} == {("n", -1.5)}
