"""Columns and cells of the tables that leave the platform as CSV or XLSX files.

One :class:`Column` describes a column everywhere: in the analytics core's downloads
(``reports.exports``) and in every table of the web app (``web.core.tables`` and
``web.core.exports``). Neither Django nor the web layer is imported here, so the core can use it.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by spreadsheet programs: an organisation named ``=HYPERLINK("http://…","Details")``
would become a live link in a downloaded file (OWASP "CSV injection"). In CSV such text gets a
leading apostrophe, which spreadsheets read as "this is text"; numbers stay numbers, so a
negative number is written as it is. In XLSX the cell is typed as text and never as a formula.

>>> csv_cell('=HYPERLINK("http://x","Details")')
'\\'=HYPERLINK("http://x","Details")'
>>> csv_cell("-2+3"), csv_cell(-2), csv_cell(-2.5), csv_cell("Kassel")
("'-2+3", -2, -2.5, 'Kassel')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"  # the same starts, for vectorised text columns (Polars)


@dataclass(frozen=True)
class Column:
    """A column of a table: its key in the rows, its header label, how to show its values.

    ``value`` reads the cell from a row that is not a dict (a model instance); without it the
    cell is ``row[key]``. ``order_by`` is the model field a database list sorts by (``None``:
    that list cannot be sorted by this column).
    """

    key: str
    label: str
    value: Callable[[Any], Any] | None = None
    order_by: str | None = None
    numeric: bool = False
    digits: int = 0  # decimals shown on pages (and in Excel for the core's downloads)
    percent: bool = False  # a share 0–1, shown as %
    demo: bool = False  # a synthetic figure, labelled "Demodaten"

    def cell(self, row: Any) -> Any:
        if self.value is not None:
            return self.value(row)
        return row.get(self.key)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula (see the module doc)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """openpyxl cells for ``sheet.append``: text typed as text, so ``=…`` is never a formula.

    openpyxl types every string that begins with ``=`` as a formula (and ``#N/A`` and the like
    as errors) unless the cell's type is set after the value; this works for normal and
    write-only sheets alike.
    """
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
