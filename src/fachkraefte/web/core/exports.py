"""The one writer of the web app's table downloads: CSV and XLSX from columns and rows.

Every cell passes through :mod:`fachkraefte.tabular`, so text that a spreadsheet would run as a
formula is neutralised in CSV and typed as text in XLSX, whatever the table holds.

Two CSV dialects exist on purpose: the data tables (statistics, districts, votes) are comma
separated for analysis tools, as the monitor's downloads are; the lists that office users
open by double click in Excel use ``;`` and a byte-order mark (Excel in German locales expects
both).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from fachkraefte.tabular import Column, csv_cell, xlsx_cells

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    bom: bool  # lets Excel detect UTF-8 (umlauts) when the file is opened by double click


DATA_CSV = CsvDialect(delimiter=",", bom=False)
EXCEL_CSV = CsvDialect(delimiter=";", bom=True)


def plain_value(value: Any) -> Any:
    """A cell value both formats can hold: local naive datetimes, ``None`` for empty, numbers as
    numbers, anything else (lazy translations, model objects) as its text."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return None
    if isinstance(value, dt.datetime):
        # Spreadsheets cannot store aware datetimes: the local time is what people expect.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None, microsecond=0)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | str | dt.date):
        return value
    return str(value)


def _csv_value(value: Any) -> Any:
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return csv_cell(value)


def csv_text(
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    dialect: CsvDialect = DATA_CSV,
) -> str:
    """CSV text with the column labels as header row; numbers unformatted with a dot."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(str(column.label)) for column in columns])
    for row in rows:
        writer.writerow([_csv_value(column.cell(row)) for column in columns])
    return ("\ufeff" if dialect.bom else "") + buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Tabelle"


def xlsx_bytes(
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    title: str,
    notes: Sequence[str] = (),
) -> bytes:
    """An XLSX workbook: the table on the first sheet (header frozen, dates formatted), the
    ``notes`` (source, labels) on a second sheet "Quelle"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append(xlsx_cells(sheet, [str(column.label) for column in columns]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = xlsx_cells(sheet, [plain_value(column.cell(row)) for column in columns])
        for cell in cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
        sheet.append(cells)
    for number, column in enumerate(columns, start=1):
        width = max(10, min(40, len(str(column.label)) + 2))
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    if notes:
        info = workbook.create_sheet("Quelle")
        for note in notes:
            for line in note.split("\n"):
                info.append(xlsx_cells(info, [line]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(body: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file download; ``filename`` with its suffix."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    filename: str,
    dialect: CsvDialect = DATA_CSV,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> HttpResponse:
    """The rows as ``fmt`` (``csv`` or ``xlsx``); ``filename`` without suffix, which is also the
    sheet's title unless ``title`` is given."""
    if fmt == "xlsx":
        body: str | bytes = xlsx_bytes(columns, rows, title=title or filename, notes=notes)
        return download(body, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    body = csv_text(columns, rows, dialect=dialect)
    return download(body, filename=f"{filename}.csv", content_type=CSV_TYPE)
