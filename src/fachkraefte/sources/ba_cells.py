"""From a located BA table to checked, classified value cells.

Every value cell gets its region (checked with ``fachkraefte.geo``), its occupation (checked
with ``fachkraefte.occupations``), its reference date and the classified captions of its row
and column (sex, age group, Anforderungsniveau, nationality, measure). Importers then pick
the cells their schema table needs. Problems are logged with sheet, row, column and value.

Value cells follow the BA conventions: ``*`` suppressed (fewer than 3 cases or inferable
from such) → ``None``; ``-`` nothing → 0; ``x`` not sensible / withheld → ``None``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from fachkraefte.sources.ba_codes import (
    OccupationChecker,
    ProblemLog,
    RegionChecker,
    column_letter,
    parse_german_number,
    split_code_and_name,
)
from fachkraefte.sources.ba_labels import classify_path, classify_row
from fachkraefte.sources.ba_table import BATable

SUPPRESSED = {"*", "x", "X", ".", "…", "...", "k.A.", "n.v."}
MAX_VALUE = 10**10
"""No count or wage in these statistics comes near this; larger cells are damaged."""
ZERO = {"-", "–", "—"}

_GERMANY_LABEL = re.compile(
    r"^(deutschland|bundesgebiet|bundesrepublik deutschland)$", re.IGNORECASE
)
_REGION_AGGREGATES = re.compile(
    r"^(insgesamt|deutschland|bundesgebiet|westdeutschland|ostdeutschland|"
    r"west|ost|gesamt|alle regionen)\b",
    re.IGNORECASE,
)
_OCCUPATION_UNASSIGNED = re.compile(
    r"^(xx+|keine zuordnung|ohne angabe|keine angabe|ohne zuordnung|nicht zuordenbar|"
    r"ohne angabe zum zielberuf|unbekannt)",
    re.IGNORECASE,
)
_TOTAL_LABEL = re.compile(r"^(insgesamt|gesamt|zusammen|summe|alle berufe)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    row: int
    column: str
    region_code: str
    ags: str
    region_level: str
    occupation_code: str
    kldb3: str
    niveau: int | None
    when: date
    dims: dict[str, object]
    measures: tuple[str, ...]
    value: float | int | None


@dataclass
class CellReport:
    """What the importer skipped on purpose, for the notes of the vintage."""

    notes: list[str] = field(default_factory=list)
    unassigned_occupation_rows: int = 0
    aggregate_occupation_rows: int = 0

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


MeasureRule = Callable[[tuple[str, ...]], str | None]
"""Given the unclassified captions of a cell, "use", "ignore" or ``None`` (unknown)."""


def table_cells(
    table: BATable,
    log: ProblemLog,
    *,
    measure_rule: MeasureRule,
    reference_date: date | None,
    keep_levels: tuple[str, ...],
    occupation_lengths: tuple[int, ...],
    report: CellReport,
) -> list[Cell]:
    """Classified cells of ``table`` that ``measure_rule`` accepts, in kept regions.

    ``keep_levels``: region levels stored ("kreis", optionally "land" and "deutschland", the
    BA's own Germany row); other regions are aggregates and skipped. ``occupation_lengths``: KldB code lengths accepted (3, 5).
    """
    sheet = table.sheet
    regions = RegionChecker()
    occupations = OccupationChecker()
    reported_labels: set[str] = set()
    column_dims = [classify_path(col.path) for col in table.columns]
    for col, (_, problem) in zip(table.columns, column_dims, strict=True):
        if problem:
            log.add(
                sheet=sheet,
                column=col.letter,
                value=" / ".join(col.path),
                de=problem[0],
                en=problem[1],
            )
    region_position = table.row_dims.index("region")
    occupation_position = table.row_dims.index("occupation")
    reported_measures: set[tuple[str, ...]] = set()
    if reference_date and table.file_date and reference_date != table.file_date:
        log.add(
            sheet=sheet,
            value=reference_date.isoformat(),
            de=f"Angegebener Stichtag weicht vom Stichtag der Datei "
            f"({table.file_date:%d.%m.%Y}) ab",
            en=f"the given reference date differs from the file's ({table.file_date:%d.%m.%Y})",
        )
    cells: list[Cell] = []
    seen: dict[tuple, int] = {}
    for data_row in table.rows:
        region_label = data_row.labels[region_position]
        occupation_label = data_row.labels[occupation_position]
        region = _region(
            region_label,
            regions,
            log,
            sheet,
            data_row.number,
            reported_labels,
            column=column_letter(region_position),
        )
        # Checked even when the region failed, so that one pass reports every problem.
        occupation = _occupation(
            occupation_label,
            occupations,
            log,
            sheet,
            data_row.number,
            report,
            occupation_lengths,
            reported_labels,
            column=column_letter(occupation_position),
        )
        # Cells of rows that are not stored (aggregate regions, total rows, rows whose
        # region or occupation failed) are still checked: a damaged total is a damaged file.
        keep = region is not None and occupation is not None and region.level in keep_levels
        if keep and region.note:
            report.note(region.note)
        row_dims, row_problem = classify_row(table, data_row.labels)
        if row_problem:
            log.add(
                sheet=sheet,
                row=data_row.number,
                value=row_problem[2],
                de=row_problem[0],
                en=row_problem[1],
            )
            continue
        for col, raw, (col_dims, col_problem) in zip(
            table.columns, data_row.values, column_dims, strict=True
        ):
            if col_problem:
                continue
            dims = {**row_dims}
            conflict = [k for k in col_dims if k in dims and k != "other"]
            if conflict:
                log.add(
                    sheet=sheet,
                    row=data_row.number,
                    column=col.letter,
                    value=" / ".join(col.path),
                    de=f"Merkmal {conflict[0]} steht in Zeile und Spalte",
                    en=f"classification {conflict[0]} appears in both row and column",
                )
                continue
            measures = tuple(col_dims.get("other", ()))
            dims.update({k: v for k, v in col_dims.items() if k != "other"})
            verdict = measure_rule(measures)
            if verdict is None:
                if measures not in reported_measures:
                    reported_measures.add(measures)
                    log.add(
                        sheet=sheet,
                        column=col.letter,
                        value=" / ".join(col.path),
                        de="Unbekannte Spaltenüberschrift für diese Statistik",
                        en="unknown column caption for this statistic",
                    )
                continue
            if verdict == "ignore":
                continue
            when = dims.pop("time", None) or table.file_date or reference_date
            if when is None:
                log.add(
                    sheet=sheet,
                    row=data_row.number,
                    column=col.letter,
                    de="Kein Stichtag: weder in der Datei noch als reference_date angegeben "
                    "(CLI: --reference-date)",
                    en="no reference date: neither in the file nor given as reference_date "
                    "(CLI: --reference-date)",
                )
                return []
            ok, value = parse_cell(raw)
            if not ok:
                log.add(
                    sheet=sheet,
                    row=data_row.number,
                    column=col.letter,
                    value=raw,
                    de="Kein gültiger Zahlenwert (erlaubt: Zahl bis 10 Mrd., '*', '-', 'x')",
                    en="not a valid number (allowed: number up to 10 billion, '*', '-', 'x')",
                )
                continue
            if not keep:
                continue
            assert region is not None and occupation is not None
            key = (region.code, occupation.code, when, tuple(sorted(dims.items())), measures)
            if key in seen:
                log.add(
                    sheet=sheet,
                    row=data_row.number,
                    column=col.letter,
                    value=f"{region.code} {occupation.code}",
                    de=f"Doppelter Wert: dieselbe Region, derselbe Beruf und dieselbe Spalte "
                    f"schon in Zeile {seen[key]}",
                    en=f"duplicate value: same region, occupation and column already in row "
                    f"{seen[key]}",
                )
                continue
            seen[key] = data_row.number
            cells.append(
                Cell(
                    row=data_row.number,
                    column=col.letter,
                    region_code=region.code,
                    ags=region.ags,
                    region_level=region.level,
                    occupation_code=occupation.code,
                    kldb3=occupation.kldb3,
                    niveau=dims.get("niveau", occupation.niveau),  # type: ignore[arg-type]
                    when=when,  # type: ignore[arg-type]
                    dims=dims,
                    measures=measures,
                    value=value,
                )
            )
    if report.unassigned_occupation_rows:
        report.note(
            f"{report.unassigned_occupation_rows} Zeilen ohne Berufszuordnung ('Keine Zuordnung "
            f"möglich', 'ohne Angabe') nicht übernommen / rows without an occupation skipped"
        )
    return cells


def finest_occupation_cells(cells: list[Cell], log: ProblemLog, report: CellReport) -> list[Cell]:
    """Berufsgruppe × Anforderungsniveau cells if the file has them, else Berufsgattungen.

    Both carry the niveau the schema needs; 3-digit rows without a niveau cannot be used.
    """
    groups = [c for c in cells if len(c.occupation_code) == 3 and c.niveau is not None]
    if groups:
        report.note(
            "Berufsgruppen (3-Steller) mit Anforderungsniveau übernommen / "
            "Berufsgruppen with skill level taken"
        )
        return groups
    species = [c for c in cells if len(c.occupation_code) == 5]
    if species:
        report.note(
            "Berufsgattungen (5-Steller) zu Berufsgruppe × Anforderungsniveau summiert; "
            "eine Summe mit unterdrücktem Teil ('*') ist unbekannt / Berufsgattungen "
            "summed to Berufsgruppe × skill level; a sum with a suppressed part is unknown"
        )
        return species
    if cells:
        log.add(
            de="Anforderungsniveau fehlt: weder 5-stellige Berufsgattungen noch eine Zeile/"
            "Spalte 'Anforderungsniveau' (Helfer, Fachkraft, Spezialist, Experte)",
            en="skill level missing: neither 5-digit Berufsgattungen nor a row/column "
            "'Anforderungsniveau' (Helfer, Fachkraft, Spezialist, Experte)",
        )
    return []


def sum_or_none(values: list[int | float | None]) -> int | None:
    """Sum of counts; unknown (``None``) as soon as one part is unknown."""
    if any(v is None for v in values):
        return None
    return int(round(sum(values)))  # type: ignore[arg-type]


def parse_cell(raw: object) -> tuple[bool, float | int | None]:
    """(ok, value) for a BA value cell.

    >>> [parse_cell(v) for v in (12, "1.234", "*", "-", "x", "12,5", "abc")]
    [(True, 12), (True, 1234), (True, None), (True, 0), (True, None), (True, 12.5), (False, None)]
    """
    if raw is None:
        return False, None
    if isinstance(raw, bool):
        return False, None
    if isinstance(raw, int | float):
        number: float | int | None = raw
    else:
        text = str(raw).strip()
        if text in SUPPRESSED:
            return True, None
        if text in ZERO:
            return True, 0
        number = parse_german_number(text)
    if number is None or not math.isfinite(number) or abs(number) > MAX_VALUE:
        return False, None
    return True, int(number) if float(number).is_integer() else float(number)


@dataclass(frozen=True)
class _Region:
    code: str
    ags: str
    level: str
    note: str | None


@dataclass(frozen=True)
class _Occupation:
    code: str
    kldb3: str
    niveau: int | None


def _once(log: ProblemLog, reported: set[str], kind: str, label: object, **problem) -> None:
    # A row label holds for the rows below it; one problem per label, at its first row.
    key = f"{kind}:{label!r}"
    if key not in reported:
        reported.add(key)
        log.add(**problem)


def _region(
    label: object,
    checker: RegionChecker,
    log: ProblemLog,
    sheet: str | None,
    row: int,
    reported: set[str],
    *,
    column: str,
) -> _Region | None:
    if label is None:
        _once(
            log,
            reported,
            "region",
            label,
            sheet=sheet,
            row=row,
            column=column,
            de="Regionsangabe fehlt",
            en="region label missing",
        )
        return None
    if isinstance(label, str) and _GERMANY_LABEL.match(label.strip()):
        # The BA's own Germany row: the official national total, kept where asked for.
        return _Region(code="DG", ags="DG", level="deutschland", note=None)
    if isinstance(label, str) and _REGION_AGGREGATES.match(label.strip()):
        return _Region(code="", ags="", level="aggregate", note=None)
    parts = split_code_and_name(label)
    if parts is None:
        _once(
            log,
            reported,
            "region",
            label,
            sheet=sheet,
            row=row,
            column=column,
            value=label,
            de="Regionsangabe ohne Regionalschlüssel (erwartet z. B. '06411 Darmstadt')",
            en="region label without a region key (expected e.g. '06411 Darmstadt')",
        )
        return None
    code = parts[0]
    if code == "D":
        return _Region(code="DG", ags="DG", level="deutschland", note=None)
    if code in ("W", "O"):
        return _Region(code=code, ags="", level="aggregate", note=None)
    match = checker.check(code)
    if isinstance(match, str):
        _report_rejected(log, reported, "region", label, match, sheet=sheet, row=row, column=column)
        return None
    return _Region(code=code, ags=match.ags, level=match.level, note=match.note)


def _report_rejected(
    log: ProblemLog,
    reported: set[str],
    kind: str,
    label: object,
    message: str,
    *,
    sheet: str | None,
    row: int,
    column: str,
) -> None:
    """Log once what a code checker said about ``label`` (its message is 'German / English')."""
    de, en = message.split(" / ", 1)
    _once(
        log, reported, kind, label, sheet=sheet, row=row, column=column, value=label, de=de, en=en
    )


def _occupation(
    label: object,
    checker: OccupationChecker,
    log: ProblemLog,
    sheet: str | None,
    row: int,
    report: CellReport,
    lengths: tuple[int, ...],
    reported: set[str],
    *,
    column: str,
) -> _Occupation | None:
    if label is None:
        _once(
            log,
            reported,
            "occupation",
            label,
            sheet=sheet,
            row=row,
            column=column,
            de="Berufsangabe fehlt",
            en="occupation label missing",
        )
        return None
    text = " ".join(str(label).split())
    if _TOTAL_LABEL.match(text):
        return None
    if _OCCUPATION_UNASSIGNED.match(text):
        report.unassigned_occupation_rows += 1
        return None
    parts = split_code_and_name(text)
    if parts is None or not parts[0].isdigit():
        _once(
            log,
            reported,
            "occupation",
            label,
            sheet=sheet,
            row=row,
            column=column,
            value=label,
            de="Berufsangabe ohne KldB-Schlüssel (erwartet z. B. '813 Gesundheits- und "
            "Krankenpflege')",
            en="occupation label without a KldB code (expected e.g. '813 Gesundheits- und "
            "Krankenpflege')",
        )
        return None
    code = parts[0]
    if len(code) not in lengths:
        report.aggregate_occupation_rows += 1
        return None
    match = checker.check(code)
    if isinstance(match, str):
        _report_rejected(
            log, reported, "occupation", label, match, sheet=sheet, row=row, column=column
        )
        return None
    return _Occupation(code=code, kldb3=match.kldb3, niveau=match.niveau)
