"""Table exports: CSV, XLSX and JSON carry the same rows and the notes."""

from __future__ import annotations

import csv
import io
import json
import math

from openpyxl import load_workbook

from fachkraefte.reports.exports import Column, to_csv, to_json, to_xlsx

COLUMNS = [
    Column("ags", "AGS"),
    Column("gap", "Lücke", numeric=True),
    Column("gap_rel", "Lücke %", numeric=True, percent=True, digits=1),
]
ROWS = [
    {"ags": "06411", "gap": 1234.5, "gap_rel": 0.125},
    {"ags": "06412", "gap": None, "gap_rel": math.nan},
]


def test_csv():
    rows = list(csv.reader(io.StringIO(to_csv(COLUMNS, ROWS, notes=["Demodaten"]))))
    assert rows[0] == ["AGS", "Lücke", "Lücke %"]
    assert rows[1] == ["06411", "1234.5", "0.125"] and rows[2] == ["06412", "", ""]
    assert rows[-1] == ["Demodaten"]


def test_xlsx():
    sheet = load_workbook(
        io.BytesIO(to_xlsx(COLUMNS, ROWS, title="kreise/[x]", notes=["Quelle"]))
    ).active
    assert sheet.title == "kreisex"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("AGS", "Lücke", "Lücke %")
    assert values[1] == ("06411", 1234.5, 0.125) and values[2] == ("06412", None, None)
    assert sheet["C2"].number_format == "0.0%" and sheet["B2"].number_format == "#,##0"
    assert values[-1][0] == "Quelle"


def test_json():
    document = json.loads(to_json(COLUMNS, ROWS, metadata={"run_id": "x"}))
    assert document["metadata"] == {"run_id": "x"}
    assert document["rows"][1] == {"ags": "06412", "gap": None, "gap_rel": None}
    assert [c["label"] for c in document["columns"]] == ["AGS", "Lücke", "Lücke %"]
