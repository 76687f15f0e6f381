"""The monitor's tables: columns with translated labels, rows from the selectors.

One :class:`Table` feeds the HTML table, a chart's data table and the CSV/XLSX/JSON download,
so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from fachkraefte.reports.exports import Column
from fachkraefte.web.core.tables import parse_sort, sort_rows
from fachkraefte.web.monitor.params import LEVEL_LABELS


@dataclass(frozen=True)
class TableSource:
    """Where a table's data come from when that is not the page's forecast run (the wage
    atlas: the current wages vintage or the demo data); downloads and embeds name it."""

    note: str  # the source sentence: statistics, year, vintage
    data_vintage: str
    synthetic: bool


@dataclass
class Table:
    """A table on a page: ``key`` names it in download URLs (``?tabelle=<key>``)."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    row_header: str | None = None  # column key rendered as <th scope="row">
    link: Callable[[dict], str] | None = None  # URL for the row header cell
    notes: list[str] = field(default_factory=list)
    sortable: bool = False
    sort_key: str = ""
    descending: bool = False
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (format, URL), set per page
    source: TableSource | None = None  # None: the page's forecast run

    def link_for(self, row: dict) -> str | None:
        return self.link(row) if self.link else None


def _with_level(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["level_label"] = str(LEVEL_LABELS.get(row.get("level"), row.get("level") or ""))
    return rows


def _gap_columns() -> list[Column]:
    return [
        Column("demand", _("Bedarf"), numeric=True),
        Column("supply", _("Angebot"), numeric=True),
        Column("gap", _("Lücke"), numeric=True),
        Column("gap_rel", _("Lücke in % des Bedarfs"), numeric=True, percent=True, digits=1),
        Column("level_label", _("Stufe")),
    ]


def series_table(key: str, caption: str, rows: list[dict], *, bands: bool) -> Table:
    columns = [Column("year", _("Jahr")), *_gap_columns()]
    if bands:
        columns += [
            Column("demand_p10", _("Bedarf P10"), numeric=True),
            Column("demand_p50", _("Bedarf P50"), numeric=True),
            Column("demand_p90", _("Bedarf P90"), numeric=True),
            Column("supply_p10", _("Angebot P10"), numeric=True),
            Column("supply_p50", _("Angebot P50"), numeric=True),
            Column("supply_p90", _("Angebot P90"), numeric=True),
            Column("gap_p10", _("Lücke P10"), numeric=True),
            Column("gap_p50", _("Lücke P50"), numeric=True),
            Column("gap_p90", _("Lücke P90"), numeric=True),
        ]
    return Table(key, caption, columns, _with_level(rows), row_header="year")


def flows_table(key: str, caption: str, rows: list[dict]) -> Table:
    """Per year the flows to the next year: expansion and replacement demand, new supply."""
    columns = [
        Column("period", _("Zeitraum")),
        Column("expansion", _("Veränderungsbedarf"), numeric=True),
        Column("replacement", _("Ersatzbedarf (Abgänge)"), numeric=True),
        Column("entries", _("Neue Fachkräfte (Zugänge)"), numeric=True),
    ]
    shown = [
        {**row, "period": f"{row['year']}–{row['year'] + 1}"} for row in rows[:-1]
    ]  # the flows of the horizon year lead beyond the forecast
    return Table(key, caption, columns, shown, row_header="period")


def _gap_band_columns(rows: list[dict]) -> list[Column]:
    """P10 and P90 of the gap where the rows have Monte Carlo bands (the ranking charts draw
    them as a line across each bar)."""
    if not any(row.get("gap_p10") is not None for row in rows):
        return []
    return [
        Column("gap_p10", _("Lücke P10"), numeric=True),
        Column("gap_p90", _("Lücke P90"), numeric=True),
    ]


def occupations_table(
    key: str, caption: str, rows: list[dict], link: Callable[[dict], str] | None = None
) -> Table:
    columns = [
        Column("kldb3", _("KldB")),
        Column("title", _("Berufsgruppe")),
        *_gap_columns(),
        *_gap_band_columns(rows),
    ]
    return Table(key, caption, columns, _with_level(rows), row_header="title", link=link)


def districts_table(
    key: str,
    caption: str,
    rows: list[dict],
    link: Callable[[dict], str] | None = None,
    *,
    profile: bool = True,
) -> Table:
    columns = [
        Column("ags", _("AGS")),
        Column("name", _("Kreis")),
        *_gap_columns(),
        *_gap_band_columns(rows),
    ]
    if profile:
        columns += [
            Column("share_55", _("Anteil ab 55 Jahren"), numeric=True, percent=True, digits=1),
            Column("bottleneck_score", _("Engpasspunkte (BA)"), numeric=True, digits=2),
        ]
    return Table(key, caption, columns, _with_level(rows), row_header="name", link=link)


def age_table(key: str, caption: str, rows: list[dict]) -> Table:
    columns = [
        Column("area", _("Gebiet")),
        Column("age_band", _("Altersgruppe")),
        Column("employees", _("Beschäftigte"), numeric=True),
        Column("share", _("Anteil"), numeric=True, percent=True, digits=1),
    ]
    return Table(key, caption, columns, rows, row_header="age_band")


def replacement_table(key: str, caption: str, rows: list[dict]) -> Table:
    columns = [
        Column("year", _("Jahr")),
        Column("age_27", _("erreichen 27 Jahre"), numeric=True),
        Column("age_64", _("erreichen 64 Jahre"), numeric=True),
        Column("replacement_ratio", _("Junge je Ältere"), numeric=True, digits=2),
    ]
    return Table(key, caption, columns, rows, row_header="year")


def comparison_table(key: str, caption: str, rows: list[dict], series_label: str) -> Table:
    columns = [
        Column("year", _("Jahr")),
        Column("series", series_label),
        Column("gap_rel", _("Lücke in % des Bedarfs"), numeric=True, percent=True, digits=1),
    ]
    return Table(key, caption, columns, rows, row_header="year")


def sort_table(table: Table, value: str | None) -> Table:
    """Sort by ``value`` (a column key, ``-`` prefix for descending); missing values last."""
    keys = [c.key for c in table.columns]
    key, descending = parse_sort(value, keys, "")
    if not key:
        return table
    table.rows = sort_rows(table.rows, key, descending)
    table.sort_key, table.descending = key, descending
    return table
