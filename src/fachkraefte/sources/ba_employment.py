"""BA Beschäftigungsstatistik: SV employees by Kreis × KldB 2010 × sex × age → ``employment``.

Reads the BA cross table "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach
ausgeübter Tätigkeit (KldB 2010), Geschlecht und Altersgruppen" for Kreise, as the BA
statistics service delivers it (XLSX or CSV; layout in :mod:`fachkraefte.sources.ba_table`
and docs/statistics.md). Rows: ``Region`` × ``Ausgeübte Tätigkeit nach KldB 2010`` either as
5-digit Berufsgattungen (the 5th digit is the Anforderungsniveau) or as 3-digit
Berufsgruppen with an ``Anforderungsniveau`` row or column dimension. Columns: sex ×
five-year age groups; optionally nationality (``darunter Ausländer``), which fills the
additional table ``employment_foreign``.

Kept: Kreis rows; the finest occupation rows (aggregates such as Berufsbereiche and
``Insgesamt`` rows are skipped); sex × age cells. Berufsgattungen are summed to
Berufsgruppe × Anforderungsniveau; a sum with a suppressed part is unknown (``None``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl

from fachkraefte.sources.ba_cells import (
    Cell,
    CellReport,
    finest_occupation_cells,
    sum_or_none,
    table_cells,
)
from fachkraefte.sources.ba_codes import ProblemLog
from fachkraefte.sources.ba_labels import age_band
from fachkraefte.sources.ba_table import open_ba_table
from fachkraefte.sources.schema import check_table
from fachkraefte.sources.vintages import ImportedDataset, file_sha256, table_schema

DATASET = "employment"
SOURCE = "Statistik der Bundesagentur für Arbeit, Beschäftigungsstatistik"
WHAT = "Sozialversicherungspflichtig Beschäftigte nach Berufen (KldB 2010)"

_SVB = re.compile(
    r"(sozialversicherungspflichtig|sv-pflichtig|\bsvb\b|sv-beschäftigte|"
    r"^beschäftigte$|^anzahl$)",
    re.IGNORECASE,
)
_IGNORED = re.compile(
    r"(geringfügig|\bgeb\b|\bagb\b|\bingb\b|auszubildende|vollzeit|teilzeit|"
    r"arbeitnehmerüberlassung|leiharbeit|anteil|veränderung|in %|prozent)",
    re.IGNORECASE,
)


def read_employment(path: Path, *, reference_date: date | None = None) -> ImportedDataset:
    """Read a BA employment cross table; raise ``ImportValidationError`` with every problem."""
    path = Path(path)
    log, table = open_ba_table(path, what=WHAT)
    title_says_svb = any(_SVB.search(line) for line in table.title)
    report = CellReport()
    cells = table_cells(
        table,
        log,
        measure_rule=lambda measures: _measure(measures, title_says_svb),
        reference_date=reference_date,
        keep_levels=("kreis",),
        occupation_lengths=(3, 5),
        report=report,
    )
    cells = finest_occupation_cells(cells, log, report)
    employment_rows, foreign, totals = _split(cells, log)
    _check_dates(cells, log)
    log.raise_if_any()
    employment = _employment_frame(employment_rows)
    tables = {"employment": employment}
    if foreign:
        tables["employment_foreign"] = _foreign_frame(foreign, totals, employment_rows)
        report.note(
            "Ausländische Beschäftigte in Tabelle employment_foreign / foreign employees "
            "in table employment_foreign"
        )
    when = max(c.when for c in cells)
    return ImportedDataset(
        dataset=DATASET,
        source=f"{SOURCE}: {table.title[0]}" if table.title else SOURCE,
        file_name=path.name,
        sha256=file_sha256(path),
        reference_date=when,
        tables=tables,
        notes=tuple(report.notes),
    )


def _measure(measures: tuple[str, ...], title_says_svb: bool) -> str | None:
    if not measures:
        return "use" if title_says_svb else None
    if any(_IGNORED.search(m) for m in measures):
        return "ignore"
    if all(_SVB.search(m) for m in measures):
        return "use"
    return None


def _split(cells: list[Cell], log: ProblemLog):
    employment: list[tuple[tuple, int | float | None, Cell]] = []
    foreign: dict[tuple, list[int | float | None]] = defaultdict(list)
    totals: dict[tuple, list[int | float | None]] = defaultdict(list)
    bad_spans: set = set()
    marginal_only = True
    for cell in cells:
        key = (cell.when.year, cell.ags, cell.kldb3, cell.niveau)
        nationality = cell.dims.get("nationality")
        sex, span = cell.dims.get("sex"), cell.dims.get("age")
        if nationality == "foreign" and sex is None and span is None:
            foreign[key].append(cell.value)
            continue
        if nationality is not None:
            continue
        if sex is None and span is None:
            totals[key].append(cell.value)
            continue
        if sex is None or span is None:
            continue
        marginal_only = False
        band, note = age_band(span)  # type: ignore[arg-type]
        if band is None:
            if span not in bad_spans:
                bad_spans.add(span)
                log.add(
                    row=cell.row,
                    column=cell.column,
                    value=_span_text(span),
                    de="Altersgruppe passt nicht auf die Fünfjahresgruppen 15-19 … 70-74 "
                    "des Schemas",
                    en="age group does not fit the schema's five-year bands 15-19 … 70-74",
                )
            continue
        employment.append(((*key, sex, band), cell.value, cell))
    if cells and marginal_only:
        log.add(
            de="Die Tabelle enthält keine Kreuzung Geschlecht × Altersgruppe; das Schema "
            "'employment' braucht beide Merkmale je Zelle",
            en="the table has no cross of sex × age group; the 'employment' schema needs "
            "both per cell",
        )
    if not cells and not len(log):
        log.add(
            de="Keine Kreis-Zeilen mit SV-Beschäftigten nach Berufen gefunden",
            en="no Kreis rows with SV employees by occupation found",
        )
    return employment, foreign, totals


def _check_dates(cells: list[Cell], log: ProblemLog) -> None:
    by_year: dict[int, set[date]] = defaultdict(set)
    for cell in cells:
        by_year[cell.when.year].add(cell.when)
    for year, dates in by_year.items():
        if len(dates) > 1:
            log.add(
                value=", ".join(sorted(d.isoformat() for d in dates)),
                de=f"Mehrere Stichtage im Jahr {year}; das Schema kennt einen je Jahr",
                en=f"several reference dates in {year}; the schema holds one per year",
            )


def _span_text(span: object) -> str:
    low, high = span  # type: ignore[misc]
    return f"{low} und älter" if high is None else f"{low} bis unter {high}"


def _employment_frame(rows: list[tuple[tuple, int | float | None, Cell]]) -> pl.DataFrame:
    grouped: dict[tuple, list[int | float | None]] = defaultdict(list)
    for key, value, _ in rows:
        grouped[key].append(value)
    records = [(*key, sum_or_none(values)) for key, values in sorted(grouped.items())]
    frame = pl.DataFrame(
        records,
        schema=["year", "ags", "kldb3", "niveau", "sex", "age_band", "employees"],
        orient="row",
    )
    return check_table("employment", frame)


def _foreign_frame(foreign, totals, employment_rows) -> pl.DataFrame:
    detail_sums: dict[tuple, list[int | float | None]] = defaultdict(list)
    for key, value, _ in employment_rows:
        detail_sums[key[:4]].append(value)
    records = []
    for key, values in sorted(foreign.items()):
        total = (
            sum_or_none(totals[key]) if key in totals else sum_or_none(detail_sums.get(key, [None]))
        )
        records.append((*key, total, sum_or_none(values)))
    schema = table_schema("employment_foreign")
    frame = pl.DataFrame(records, schema=list(schema), orient="row")
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])
