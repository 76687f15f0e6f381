"""Tables as CSV, XLSX and JSON downloads: the same columns and rows in every format.

A table is a list of :class:`Column` and rows (dicts keyed by ``Column.key``). Numbers stay
numbers (dot decimals in CSV and JSON, real numbers in Excel); the header row carries the
column labels, and ``notes`` (source, scenario, "Demodaten …") follow the data so that a
downloaded file still says where it came from. Text that a spreadsheet would run as a formula
is neutralised as in every other download (:mod:`fachkraefte.tabular`).

>>> columns = [Column("ags", "AGS"), Column("gap", "Lücke", numeric=True)]
>>> to_csv(columns, [{"ags": "06411", "gap": 1.5}], notes=["Quelle: Test"])
'AGS,Lücke\\r\\n06411,1.5\\r\\n\\r\\nQuelle: Test\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from fachkraefte.tabular import Column, csv_cell, xlsx_cells

__all__ = ["CONTENT_TYPES", "FORMATS", "Column", "to_csv", "to_json", "to_xlsx"]

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def to_csv(columns: Sequence[Column], rows: Sequence[dict], *, notes: Sequence[str] = ()) -> str:
    """CSV text (comma-separated, CRLF, header row of labels, notes after a blank line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c.label) for c in columns])
    for row in rows:
        writer.writerow(
            ["" if _clean(row.get(c.key)) is None else csv_cell(row[c.key]) for c in columns]
        )
    if notes:
        writer.writerow([])
        for note in notes:
            writer.writerow([csv_cell(note)])
    return buffer.getvalue()


def to_json(
    columns: Sequence[Column], rows: Sequence[dict], *, metadata: dict[str, Any] | None = None
) -> str:
    """``{"metadata": …, "columns": [{key, label}], "rows": [{key: value}]}`` as JSON text."""
    document = {
        "metadata": metadata or {},
        "columns": [{"key": c.key, "label": c.label} for c in columns],
        "rows": [{c.key: _clean(row.get(c.key)) for c in columns} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def to_xlsx(
    columns: Sequence[Column],
    rows: Sequence[dict],
    *,
    title: str = "Daten",
    notes: Sequence[str] = (),
) -> bytes:
    """An Excel workbook: one sheet with a bold header row, number formats and the notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    # Excel sheet names: at most 31 characters, none of []:*?/\
    sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Daten"
    sheet.append(xlsx_cells(sheet, [c.label for c in columns]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_cells(sheet, [_clean(row.get(c.key)) for c in columns]))
    for index, column in enumerate(columns, start=1):
        if not column.numeric:
            continue
        number_format = (
            "0." + "0" * column.digits + "%"
            if column.percent and column.digits
            else "0%"
            if column.percent
            else "#,##0." + "0" * column.digits
            if column.digits
            else "#,##0"
        )
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = number_format
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append(xlsx_cells(sheet, [note]))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
