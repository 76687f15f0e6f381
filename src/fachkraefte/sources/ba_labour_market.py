"""BA Arbeitsmarktstatistik by target occupation → schema table ``labour_market``.

Reads the BA cross table of registered unemployment and vacancies by Kreis × Zielberuf
(KldB 2010), annual averages, as XLSX or CSV (layout in docs/statistics.md). Recognised
value columns (captions may add ``Bestand``, ``Jahresdurchschnitt``, ``in Tagen``):

* ``Arbeitslose`` → ``unemployed`` (annual average stock)
* ``Arbeitsuchende`` → ``jobseekers`` (annual average stock; null when the file has none)
* ``Gemeldete Arbeitsstellen`` → ``vacancies`` (annual average stock)
* ``Abgeschlossene Vakanzzeit`` → ``completed_vacancy_duration_days``
* ``Abgänge aus Arbeitslosigkeit`` → ``exits_from_unemployment`` (sum over the year)

Subgroup columns (``darunter Frauen``, ``SGB II``, …) and rates are skipped. Berufsgattungen (5 digits) are summed to Berufsgruppe
× Anforderungsniveau; their vacancy durations are averaged weighted by vacancies (an
approximation, noted in the vintage).
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
from fachkraefte.sources.ba_table import open_ba_table
from fachkraefte.sources.schema import check_table
from fachkraefte.sources.vintages import ImportedDataset, file_sha256

DATASET = "labour_market"
SOURCE = "Statistik der Bundesagentur für Arbeit, Arbeitsmarktstatistik"
WHAT = "Arbeitslose, Arbeitsuchende und gemeldete Arbeitsstellen nach Zielberufen (KldB 2010)"

MEASURES: dict[str, re.Pattern[str]] = {
    "unemployed": re.compile(r"^(bestand an )?arbeitslose(n)?( insgesamt)?$", re.IGNORECASE),
    "jobseekers": re.compile(r"^(bestand an )?arbeitsuchende(n)?( insgesamt)?$", re.IGNORECASE),
    "vacancies": re.compile(
        r"^(bestand an )?(gemeldete(n)? )?(arbeitsstellen|stellen|offene stellen)( insgesamt)?$",
        re.IGNORECASE,
    ),
    "completed_vacancy_duration_days": re.compile(
        r"^(durchschnittliche |mittlere )?abgeschlossene vakanzzeit( \(?in tagen\)?)?$",
        re.IGNORECASE,
    ),
    "exits_from_unemployment": re.compile(
        r"^abg(ä|ae)nge aus (der )?arbeitslosigkeit( insgesamt)?$", re.IGNORECASE
    ),
}
_NEUTRAL = re.compile(
    r"^(bestand|jahresdurchschnitt|durchschnitt|anzahl|in tagen|tage|jahressumme|summe|"
    r"jahr|\(in tagen\))$",
    re.IGNORECASE,
)
_IGNORED = re.compile(
    r"(nicht arbeitslose arbeitsuchende|arbeitsuchende ohne|quote|zug(ä|a)ng|abg(ä|a)nge (von|an)|unterbeschäftigung|anteil|veränderung|"
    r"sgb ?ii|sgb ?iii|rechtskreis|langzeit|jüngere|ältere|schwerbehindert|alleinerziehend|"
    r"arbeitnehmerüberlassung|zeitarbeit|in %|prozent|abgänge in)",
    re.IGNORECASE,
)


def read_labour_market(path: Path, *, reference_date: date | None = None) -> ImportedDataset:
    """Read a BA labour-market table; raise ``ImportValidationError`` with every problem."""
    path = Path(path)
    log, table = open_ba_table(path, what=WHAT)
    report = CellReport()
    cells = table_cells(
        table,
        log,
        measure_rule=_measure_rule,
        reference_date=reference_date,
        keep_levels=("kreis", "land", "deutschland"),
        occupation_lengths=(3, 5),
        report=report,
    )
    cells = finest_occupation_cells(cells, log, report)
    if any(len(c.occupation_code) == 5 for c in cells):
        report.note(
            "Vakanzzeiten der Berufsgattungen mit den gemeldeten Stellen gewichtet "
            "(Näherung) / vacancy durations of Berufsgattungen weighted by vacancies "
            "(approximation)"
        )
    values, present = _collect(cells, log)
    log.raise_if_any()
    for measure in MEASURES:
        if measure not in present:
            report.note(
                f"Spalte für {measure} fehlt in der Datei (Werte leer) / no column for "
                f"{measure} in the file (values empty)"
            )
    kreise = {key: v for key, v in values.items() if len(key[1]) == 5}
    official = {key: v for key, v in values.items() if len(key[1]) != 5}
    if not kreise:
        log.add(
            de="Keine Kreis-Zeilen mit Arbeitslosen oder Stellen nach Berufen gefunden",
            en="no Kreis rows with unemployed or vacancies by occupation found",
        )
        log.raise_if_any()
    frame = _frame(kreise, report)
    tables = {"labour_market": frame}
    if official:
        # Official Land and Germany rows, the references at those levels (never summed
        # together with the Kreise).
        tables["labour_market_reference"] = _frame(official, report)
        report.note(
            "Amtliche Land-/Deutschland-Zeilen in Tabelle labour_market_reference / official "
            "Land/Germany rows in table labour_market_reference"
        )
    return ImportedDataset(
        dataset=DATASET,
        source=f"{SOURCE}: {table.title[0]}" if table.title else SOURCE,
        file_name=path.name,
        sha256=file_sha256(path),
        reference_date=max(c.when for c in cells),
        tables=tables,
        notes=tuple(report.notes),
    )


def measure_of(measures: tuple[str, ...]) -> str | None:
    """The schema column a caption path names, or ``None``."""
    found = [name for name, pattern in MEASURES.items() for m in measures if pattern.match(m)]
    rest = [m for m in measures if not any(p.match(m) for p in MEASURES.values())]
    if len(found) == 1 and all(_NEUTRAL.match(m) for m in rest):
        return found[0]
    return None


def _measure_rule(measures: tuple[str, ...]) -> str | None:
    if any(_IGNORED.search(m) for m in measures):
        return "ignore"
    named = {name for name, pattern in MEASURES.items() for m in measures if pattern.match(m)}
    if "jobseekers" in named and len(named) > 1:
        # "Arbeitsuchende › darunter Arbeitslose": a subgroup of the job-seekers; the
        # unemployed are read from their own column.
        return "ignore"
    return "use" if measure_of(measures) else None


def _collect(cells: list[Cell], log: ProblemLog):
    values: dict[tuple, dict[str, list[tuple[float | int | None, Cell]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    present: set[str] = set()
    for cell in cells:
        if any(k in cell.dims for k in ("sex", "age", "nationality")):
            continue  # subgroups; the schema holds totals
        measure = measure_of(cell.measures)
        assert measure is not None
        present.add(measure)
        if cell.value is not None and cell.value < 0:
            log.add(
                row=cell.row,
                column=cell.column,
                value=cell.value,
                de="Negativer Wert",
                en="negative value",
            )
            continue
        values[(cell.when.year, cell.ags, cell.kldb3, cell.niveau)][measure].append(
            (cell.value, cell)
        )
    if not present & {"unemployed", "jobseekers", "vacancies"} and not len(log):
        log.add(
            de="Weder Arbeitslose noch gemeldete Arbeitsstellen je Kreis und Beruf gefunden",
            en="neither unemployed nor registered vacancies by Kreis and occupation found",
        )
    return values, present


def _frame(values, report: CellReport) -> pl.DataFrame:
    rounded = False
    records = []
    for key, measures in sorted(values.items()):
        counts = {}
        for name in ("unemployed", "jobseekers", "vacancies", "exits_from_unemployment"):
            parts = [v for v, _ in measures.get(name, [])]
            total = sum_or_none(parts) if parts else None
            if (
                parts
                and total is not None
                and any(isinstance(v, float) and not v.is_integer() for v in parts)
            ):
                rounded = True
            counts[name] = total
        durations = measures.get("completed_vacancy_duration_days", [])
        duration = _weighted_duration(durations, measures.get("vacancies", []))
        records.append(
            (
                *key,
                counts["unemployed"],
                counts["jobseekers"],
                counts["vacancies"],
                duration,
                counts["exits_from_unemployment"],
            )
        )
    if rounded:
        report.note(
            "Nicht ganzzahlige Bestände auf ganze Personen gerundet / non-integer stocks "
            "rounded to whole persons"
        )
    frame = pl.DataFrame(
        records,
        schema=[
            "year",
            "ags",
            "kldb3",
            "niveau",
            "unemployed",
            "jobseekers",
            "vacancies",
            "completed_vacancy_duration_days",
            "exits_from_unemployment",
        ],
        orient="row",
    )
    return check_table("labour_market", frame)


def _weighted_duration(durations, vacancies) -> float | None:
    if not durations:
        return None
    if len(durations) == 1:
        value = durations[0][0]
        return None if value is None else float(value)
    weight_by_code = {cell.occupation_code: v for v, cell in vacancies}
    total = weight = 0.0
    for value, cell in durations:
        stock = weight_by_code.get(cell.occupation_code)
        if value is None or stock is None:
            return None
        total += float(value) * stock
        weight += stock
    return total / weight if weight else None
