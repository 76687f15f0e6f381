"""Sortable, paginated list tables with CSV and XLSX download, shared by every list page.

A table is a list of :class:`~fachkraefte.tabular.Column` and rows: model instances from a
query (sorted by the database) or dicts (sorted here). ``?sort=key`` sorts ascending,
``?sort=-key`` descending; an unknown key falls back to the page's default, never an error.
The templates ``core/_table_head.html``, ``core/_pagination.html`` and ``core/_exports.html``
render what :func:`list_context` returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

from fachkraefte.tabular import Column
from fachkraefte.web.core.exports import EXCEL_CSV, FORMATS, export_response

__all__ = [
    "PAGE_SIZE",
    "Column",
    "display_value",
    "download",
    "header_links",
    "list_context",
    "order",
    "paginate",
    "parse_sort",
    "query",
    "sort_rows",
    "sortable_keys",
    "table",
]

PAGE_SIZE = 25


def parse_sort(value: str | None, keys: Iterable[str], default: str) -> tuple[str, bool]:
    """``'-population'`` → ('population', True); an unknown key gives ``default`` (which is
    ``'-key'`` for a descending default).

    >>> parse_sort("-name", ["name", "ags"], "ags"), parse_sort("password", ["name"], "-name")
    (('name', True), ('name', True))
    """
    text = (value or "").strip()
    key = text.lstrip("-")
    if key in set(keys):
        return key, text.startswith("-")
    return default.lstrip("-"), default.startswith("-")


def sortable_keys(columns: Sequence[Column]) -> list[str]:
    """Keys of the columns a database list can sort by (those with ``order_by``)."""
    return [column.key for column in columns if column.order_by]


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def sort_rows(
    rows: list[dict[str, Any]], key: str, descending: bool, *, then: str | None = None
) -> list[dict[str, Any]]:
    """Sort dict rows by one column, text case-insensitively, then by ``then``; empty cells
    always last, whatever the direction."""

    def sort_key(row: dict[str, Any]) -> Any:
        value = row[key].casefold() if isinstance(row[key], str) else row[key]
        return (value, row[then]) if then else value

    present = [r for r in rows if not _missing(r.get(key))]
    missing = [r for r in rows if _missing(r.get(key))]
    present.sort(key=sort_key, reverse=descending)
    return present + missing


def display_value(value: Any, column: Column) -> Any:
    """The value as a page shows it (numbers rounded to ``column.digits``; downloads carry the
    full value); ``None`` for an empty cell."""
    if _missing(value):
        return None
    if column.numeric and isinstance(value, float):
        return round(value, column.digits) if column.digits else round(value)
    return value


def order(queryset: QuerySet, columns: Sequence[Column], key: str, descending: bool) -> QuerySet:
    """``queryset`` ordered by the column ``key`` (its ``order_by`` field), then by pk; empty
    cells last whatever the direction, as ``sort_rows`` does (the databases disagree otherwise)."""
    column = next(column for column in columns if column.key == key)
    field = F(column.order_by or key)
    return queryset.order_by(
        field.desc(nulls_last=True) if descending else field.asc(nulls_last=True), "pk"
    )


def query(params: dict[str, str], **changes: Any) -> str:
    """``?`` and the query string of ``params`` with ``changes`` applied (None removes one)."""
    result = dict(params)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return "?" + urlencode(result) if result else "?"


def header_links(
    columns: Sequence[Column],
    key: str,
    descending: bool,
    params: dict[str, str],
    *,
    sortable: Iterable[str] | None = None,
    sort_param: str = "sort",
    page_param: str = "page",
) -> list[dict[str, Any]]:
    """One entry per column: the column, its aria-sort value and the link that sorts by it
    (``None`` for a column outside ``sortable``; default: every column). The link keeps
    ``params`` but the page number: a new order starts on the first page."""
    allowed = {column.key for column in columns} if sortable is None else set(sortable)
    headers = []
    for column in columns:
        active = column.key == key
        next_sort = f"-{column.key}" if active and not descending else column.key
        changes = {sort_param: next_sort, page_param: None}
        headers.append(
            {
                "column": column,
                "label": column.label,
                "aria_sort": ("descending" if descending else "ascending") if active else None,
                "url": query(params, **changes) if column.key in allowed else None,
            }
        )
    return headers


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def list_context(
    request: HttpRequest, columns: Sequence[Column], key: str, descending: bool, page: Page
) -> dict[str, Any]:
    """What ``core/_table_head.html``, ``core/_pagination.html`` and ``core/_exports.html`` need."""
    params = dict(request.GET.items())
    base = query(params, page=None)
    return {
        "headers": header_links(columns, key, descending, params, sortable=sortable_keys(columns)),
        "page": page,
        "page_query": base if base.endswith("?") else base + "&",
        "csv_url": query(params, page=None, format="csv"),
        "xlsx_url": query(params, page=None, format="xlsx"),
    }


def download(
    fmt: str, columns: Sequence[Column], rows: Iterable[Any], *, filename: str
) -> HttpResponse:
    """A list's rows as CSV for office users (``;``, byte-order mark) or as XLSX."""
    return export_response(fmt, columns, rows, filename=filename, dialect=EXCEL_CSV)


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
    """Sort ``items`` by ``?sort=`` (else by ``default``); the download for
    ``?format=csv|xlsx``, else the list context.

    Callers filter ``items`` first (by the permissions and the page's filters), so the download
    holds exactly the rows the page lists.
    """
    fallback = f"-{default}" if default_descending else default
    key, descending = parse_sort(request.GET.get("sort"), sortable_keys(columns), fallback)
    items = order(items, columns, key, descending)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return download(fmt, columns, items, filename=filename)
    return list_context(request, columns, key, descending, paginate(request, items, per_page))
