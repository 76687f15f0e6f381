"""Sortable, paginated list tables with CSV and XLSX export, shared by the list pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

PAGE_SIZE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    order_by: str | None = None  # None: the column cannot be sorted
    numeric: bool = False


def parse_sort(value: str | None, columns: Sequence[Column], default: str) -> tuple[str, bool]:
    """(column key, descending) from ``?sort=key`` or ``?sort=-key``; unknown keys fall back."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    sortable = {column.key for column in columns if column.order_by}
    if key not in sortable:
        return default, False
    return key, descending


def order(queryset: QuerySet, columns: Sequence[Column], key: str, descending: bool) -> QuerySet:
    column = next(column for column in columns if column.key == key)
    field = column.order_by or key
    return queryset.order_by(f"-{field}" if descending else field, "pk")


def query(request: HttpRequest, **changes: Any) -> str:
    """The current query string with ``changes`` applied (None removes a parameter)."""
    params = {key: value for key, value in request.GET.items()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params) if params else "?"


def headers(
    request: HttpRequest, columns: Sequence[Column], key: str, descending: bool
) -> list[dict[str, Any]]:
    result = []
    for column in columns:
        active = column.key == key
        result.append(
            {
                "column": column,
                "aria_sort": ("descending" if descending else "ascending") if active else None,
                "url": query(
                    request,
                    sort=f"-{column.key}" if active and not descending else column.key,
                    page=None,
                )
                if column.order_by
                else None,
            }
        )
    return result


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)


def export(fmt: str, filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> HttpResponse:
    """The rows as CSV (UTF-8 with BOM, so Excel reads umlauts) or XLSX; ``filename`` w/o suffix."""
    header = [str(column.label) for column in columns]
    body = [[_cell(column.value(row)) for column in columns] for row in rows]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = filename[:31]
        sheet.append(header)
        for line in body:
            sheet.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";")
        writer.writerow(header)
        writer.writerows(body)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def list_context(
    request: HttpRequest, columns: Sequence[Column], key: str, descending: bool, page: Page
) -> dict[str, Any]:
    """What ``_table_head``, ``_pagination`` and ``_exports`` need."""
    base = query(request, page=None)
    return {
        "headers": headers(request, columns, key, descending),
        "page": page,
        "page_query": base if base.endswith("?") else base + "&",
        "csv_url": query(request, page=None, format="csv"),
        "xlsx_url": query(request, page=None, format="xlsx"),
    }


def table(
    request: HttpRequest,
    columns: Sequence[Column],
    items: QuerySet,
    *,
    default: str,
    filename: str,
    default_descending: bool = False,
    per_page: int = PAGE_SIZE,
) -> HttpResponse | dict[str, Any]:
    """Sort ``items`` by ``?sort=``; the export for ``?format=csv|xlsx``, else the list context.

    Callers filter ``items`` first (by the permissions and the page's filters), so the export
    holds exactly the rows the page lists.
    """
    key, descending = parse_sort(request.GET.get("sort"), columns, default)
    if not request.GET.get("sort"):
        descending = default_descending
    items = order(items, columns, key, descending)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return export(fmt, filename, columns, items)
    return list_context(request, columns, key, descending, paginate(request, items, per_page))
