"""BA Beschäftigungsstatistik: apprentices by Kreis × KldB 2010 × sex → ``trainees``.

Reads the BA cross table "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach
ausgeübter Tätigkeit (KldB 2010) und Geschlecht – darunter Auszubildende" for Kreise, as the
BA statistics service delivers it (XLSX or CSV, the same family as the employment table:
layout in :mod:`fachkraefte.sources.ba_table` and docs/statistics.md). Rows: ``Region`` ×
``Ausgeübte Tätigkeit nach KldB 2010`` as 3-digit Berufsgruppen or 5-digit Berufsgattungen
(summed to the Berufsgruppe). Columns: ``darunter Auszubildende`` with ``Insgesamt`` and/or
``Männer``/``Frauen``; the employees' own columns (``Sozialversicherungspflichtig
Beschäftigte``) are read only to check that the apprentices are a part of them.

Stored: Kreis rows × Berufsgruppe × sex, ``trainees`` = apprentices of all training years on
the reference date (30 June). ``new_contracts`` stays empty: the employment statistics count
the stock, not the newly concluded contracts (BIBB survey on 30 September), and it is named
in the notes. Land, Germany and other aggregate rows are skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl

from fachkraefte.sources.ba_cells import Cell, CellReport, sum_or_none, table_cells
from fachkraefte.sources.ba_codes import ProblemLog
from fachkraefte.sources.ba_table import open_ba_table
from fachkraefte.sources.schema import check_table
from fachkraefte.sources.vintages import ImportedDataset, file_sha256

DATASET = "trainees"
SOURCE = "Statistik der Bundesagentur für Arbeit, Beschäftigungsstatistik (Auszubildende)"
WHAT = "Auszubildende nach Berufen (KldB 2010) und Geschlecht"

_TRAINEES = re.compile(r"(auszubildende|\bazubis?\b|in ausbildung)", re.IGNORECASE)
_EMPLOYEES = re.compile(
    r"(sozialversicherungspflichtig|sv-pflichtig|\bsvb\b|sv-beschäftigte|^beschäftigte$|"
    r"^anzahl$)",
    re.IGNORECASE,
)
_IGNORED = re.compile(
    r"(geringfügig|\bgeb\b|\bagb\b|vollzeit|teilzeit|anteil|quote|veränderung|in %|prozent|"
    r"arbeitnehmerüberlassung|leiharbeit)",
    re.IGNORECASE,
)


def read_trainees(path: Path, *, reference_date: date | None = None) -> ImportedDataset:
    """Read a BA table of apprentices; raise ``ImportValidationError`` with every problem."""
    path = Path(path)
    log, table = open_ba_table(path, what=WHAT)
    title_says_trainees = any(_TRAINEES.search(line) for line in table.title)
    report = CellReport()
    cells = table_cells(
        table,
        log,
        measure_rule=lambda measures: _measure(measures, title_says_trainees),
        reference_date=reference_date,
        keep_levels=("kreis",),
        occupation_lengths=(3, 5),
        report=report,
    )
    trainees = [c for c in cells if _is_trainee(c, title_says_trainees)]
    employees = [c for c in cells if not _is_trainee(c, title_says_trainees)]
    if cells and not trainees:
        log.add(
            sheet=table.sheet,
            de="Keine Spalte 'Auszubildende' gefunden (erwartet z. B. 'darunter "
            "Auszubildende' mit 'Männer'/'Frauen')",
            en="no column 'Auszubildende' (apprentices) found, e.g. 'darunter Auszubildende' "
            "with 'Männer'/'Frauen'",
        )
    if not cells and not len(log):
        log.add(
            sheet=table.sheet,
            de="Keine Kreis-Zeilen mit Auszubildenden nach Berufen gefunden",
            en="no Kreis rows with apprentices by occupation found",
        )
    trainees = _finest(trainees, report)
    by_sex, totals = _sex_cells(trainees)
    _check_parts(by_sex, totals, log, table.sheet)
    _check_within_employees(trainees, employees, log, table.sheet)
    _check_dates(trainees, log)
    if trainees and not by_sex and not len(log):
        log.add(
            sheet=table.sheet,
            de="Auszubildende nur insgesamt, nicht nach Geschlecht (Männer/Frauen); das Schema "
            "'trainees' braucht das Geschlecht",
            en="apprentices only in total, not by sex (Männer/Frauen); the 'trainees' schema "
            "needs the sex",
        )
    log.raise_if_any()
    records = [
        (year, ags, kldb3, sex, sum_or_none(values), None)
        for (year, ags, kldb3, sex), values in sorted(by_sex.items())
    ]
    frame = check_table(
        "trainees",
        pl.DataFrame(
            records,
            schema={
                "year": pl.Int16,
                "ags": pl.String,
                "kldb3": pl.String,
                "sex": pl.String,
                "trainees": pl.Int64,
                "new_contracts": pl.Int64,
            },
            orient="row",
        ),
    )
    report.note(
        "new_contracts leer: die Beschäftigungsstatistik zählt den Bestand an Auszubildenden, "
        "nicht neu abgeschlossene Verträge / new_contracts empty: the employment statistics "
        "count the stock of apprentices, not new contracts"
    )
    return ImportedDataset(
        dataset=DATASET,
        source=f"{SOURCE}: {table.title[0]}" if table.title else SOURCE,
        file_name=path.name,
        sha256=file_sha256(path),
        reference_date=max(c.when for c in trainees),
        tables={"trainees": frame},
        notes=tuple(report.notes),
    )


def _measure(measures: tuple[str, ...], title_says_trainees: bool) -> str | None:
    if not measures:
        # Columns captioned only "Insgesamt"/"Männer"/"Frauen": the title must say what.
        return "use" if title_says_trainees else None
    if any(_IGNORED.search(m) for m in measures):
        return "ignore"
    if all(_TRAINEES.search(m) or _EMPLOYEES.search(m) for m in measures):
        return "use"
    return None


def _is_trainee(cell: Cell, title_says_trainees: bool) -> bool:
    if not cell.measures:
        return title_says_trainees
    return any(_TRAINEES.search(m) for m in cell.measures)


def _usable(cell: Cell) -> bool:
    # Only sex (or nothing): age groups and nationality are not part of the schema.
    return not any(k in cell.dims for k in ("age", "nationality"))


def _finest(cells: list[Cell], report: CellReport) -> list[Cell]:
    """Berufsgruppe cells if the file has them, else Berufsgattungen (summed later)."""
    cells = [c for c in cells if _usable(c)]
    groups = [c for c in cells if len(c.occupation_code) == 3]
    if groups:
        # An Anforderungsniveau split of a Berufsgruppe is summed; its total row wins.
        with_total = {_key(c) for c in groups if c.dims.get("niveau") is None}
        return [c for c in groups if c.dims.get("niveau") is None or _key(c) not in with_total]
    species = [c for c in cells if len(c.occupation_code) == 5]
    if species:
        report.note(
            "Berufsgattungen (5-Steller) zu Berufsgruppen summiert; eine Summe mit "
            "unterdrücktem Teil ('*') ist unbekannt / Berufsgattungen summed to Berufsgruppen; "
            "a sum with a suppressed part is unknown"
        )
    return species


def _key(cell: Cell) -> tuple:
    return (cell.when.year, cell.ags, cell.kldb3, cell.dims.get("sex"))


def _sex_cells(cells: list[Cell]) -> tuple[dict[tuple, list], dict[tuple, list[Cell]]]:
    by_sex: dict[tuple, list[int | float | None]] = defaultdict(list)
    totals: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in cells:
        sex = cell.dims.get("sex")
        if sex is None:
            totals[_key(cell)[:3]].append(cell)
        else:
            by_sex[_key(cell)].append(cell.value)
    return by_sex, totals


def _check_parts(by_sex, totals: dict[tuple, list[Cell]], log: ProblemLog, sheet) -> None:
    """Männer + Frauen must give Insgesamt wherever all three are known."""
    for key, cells in totals.items():
        total = sum_or_none([c.value for c in cells])
        parts = [sum_or_none(by_sex[(*key, sex)]) for sex in ("m", "w") if (*key, sex) in by_sex]
        if total is None or len(parts) < 2 or any(p is None for p in parts):
            continue
        if sum(parts) != total:  # type: ignore[arg-type]
            first = cells[0]
            log.add(
                sheet=sheet,
                row=first.row,
                column=first.column,
                value=first.value,
                de=f"Auszubildende insgesamt ({total}) ≠ Männer + Frauen ({sum(parts)}) für "
                f"{key[1]} {key[2]}",
                en=f"apprentices in total ({total}) ≠ men + women ({sum(parts)}) for "
                f"{key[1]} {key[2]}",
            )


def _check_within_employees(
    trainees: list[Cell], employees: list[Cell], log: ProblemLog, sheet
) -> None:
    """Apprentices are a part ("darunter") of the SV employees of the same row and sex."""
    limit = {
        (c.row, c.dims.get("sex")): c.value for c in employees if _usable(c) and c.value is not None
    }
    for cell in trainees:
        bound = limit.get((cell.row, cell.dims.get("sex")))
        if cell.value is not None and bound is not None and cell.value > bound:
            log.add(
                sheet=sheet,
                row=cell.row,
                column=cell.column,
                value=cell.value,
                de=f"Mehr Auszubildende als SV-Beschäftigte ({bound}) in derselben Zeile",
                en=f"more apprentices than SV employees ({bound}) in the same row",
            )


def _check_dates(cells: list[Cell], log: ProblemLog) -> None:
    by_year: dict[int, set[date]] = defaultdict(set)
    for cell in cells:
        by_year[cell.when.year].add(cell.when)
    for year, dates in sorted(by_year.items()):
        if len(dates) > 1:
            log.add(
                value=", ".join(sorted(d.isoformat() for d in dates)),
                de=f"Mehrere Stichtage im Jahr {year}; das Schema kennt einen je Jahr",
                en=f"several reference dates in {year}; the schema holds one per year",
            )
