"""Sortable, paginated tables with CSV and XLSX download, independent of the data behind them."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.http import urlencode
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    digits: int = 0  # decimals shown on the page; downloads carry the full value


def parse_sort(value: str | None, columns: Sequence[Column], default: str) -> tuple[str, bool]:
    """``'-median_w'`` → ('median_w', True); unknown keys give ``default`` (which may be
    ``'-key'`` for descending)."""
    text = (value or "").strip()
    key = text.lstrip("-")
    if key in {c.key for c in columns}:
        return key, text.startswith("-")
    return default.lstrip("-"), default.startswith("-")


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Sort by one column; empty cells always last, whatever the direction."""
    present = [r for r in rows if not _missing(r.get(key))]
    missing = [r for r in rows if _missing(r.get(key))]
    present.sort(
        key=lambda r: r[key].casefold() if isinstance(r[key], str) else r[key], reverse=descending
    )
    return present + missing


def header_links(
    columns: Sequence[Column], key: str, descending: bool, query: dict[str, str]
) -> list[dict[str, Any]]:
    """One entry per column: label, aria-sort value and the link that sorts by it."""
    headers = []
    for column in columns:
        active = column.key == key
        next_sort = f"-{column.key}" if active and not descending else column.key
        headers.append(
            {
                "column": column,
                "aria_sort": ("descending" if descending else "ascending") if active else None,
                "url": "?" + urlencode({**query, "sort": next_sort}),
            }
        )
    return headers


def display_value(value: Any, column: Column) -> Any:
    """The value as the page shows it (rounded); ``None`` for an empty cell."""
    if _missing(value):
        return None
    if column.numeric and isinstance(value, float):
        return round(value, column.digits) if column.digits else round(value)
    return value


def csv_response(
    rows: list[dict[str, Any]], columns: Sequence[Column], filename: str
) -> HttpResponse:
    """CSV with the column labels as header; numbers unformatted with a dot as decimal mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    for row in rows:
        writer.writerow(["" if _missing(row.get(c.key)) else row[c.key] for c in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    rows: list[dict[str, Any]], columns: Sequence[Column], filename: str, *, note: str = ""
) -> HttpResponse:
    """An XLSX workbook: the table on the first sheet, source and labels on a second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabelle"
    sheet.append([c.label for c in columns])
    for row in rows:
        sheet.append([None if _missing(row.get(c.key)) else row[c.key] for c in columns])
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(
            10, min(40, len(column.label))
        )
    sheet.freeze_panes = "A2"
    if note:
        info = workbook.create_sheet("Quelle")
        for line in note.split("\n"):
            info.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
