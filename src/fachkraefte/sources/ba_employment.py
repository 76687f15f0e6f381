"""BA Beschäftigungsstatistik: SV employees by Kreis × KldB 2010 × sex × age → ``employment``.

Reads the BA cross table "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach
ausgeübter Tätigkeit (KldB 2010), Geschlecht und Altersgruppen" for Kreise, as the BA
statistics service delivers it (XLSX or CSV; layout in :mod:`fachkraefte.sources.ba_table`
and docs/statistics.md). Rows: ``Region`` × ``Ausgeübte Tätigkeit nach KldB 2010`` either as
5-digit Berufsgattungen (the 5th digit is the Anforderungsniveau) or as 3-digit
Berufsgruppen with an ``Anforderungsniveau`` row or column dimension. Columns: sex × age
groups (5-year bands or the BA's wider groups, spread over the bands along the population's
age profile); optionally nationality (``darunter Ausländer``), which fills the additional
table ``employment_foreign``. Official Land and Germany rows go to ``employment_reference``.

Kept: Kreis rows; the finest occupation rows (aggregates such as Berufsbereiche and
``Insgesamt`` rows are skipped); sex × age cells. Berufsgattungen are summed to
Berufsgruppe × Anforderungsniveau; a sum with a suppressed part is unknown (``None``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from fachkraefte.common.ages import AGE_MIN, N_AGES, integer_split
from fachkraefte.sources.ba_cells import (
    Cell,
    CellReport,
    finest_occupation_cells,
    sum_or_none,
    table_cells,
)
from fachkraefte.sources.ba_codes import ProblemLog
from fachkraefte.sources.ba_labels import age_band, working_span
from fachkraefte.sources.ba_table import open_ba_table
from fachkraefte.sources.schema import AGE_BANDS, check_table
from fachkraefte.sources.vintages import ImportedDataset, file_sha256, table_schema

DATASET = "employment"
REFERENCE_LEVELS = ("land", "deutschland")
"""Region levels kept beside the Kreise as official reference rows (ags "06", "DG")."""
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


def read_employment(
    path: Path,
    *,
    reference_date: date | None = None,
    population: pl.DataFrame | None = None,
) -> ImportedDataset:
    """Read a BA employment cross table; raise ``ImportValidationError`` with every problem.

    ``population``: the ``population`` table whose age profile spreads age groups wider than
    the schema's 5-year bands ("unter 25", "25 bis unter 55", "55 und älter" …); default the
    current population vintage of the store, else an even spread (both named in the notes).
    """
    path = Path(path)
    log, table = open_ba_table(path, what=WHAT)
    title_says_svb = any(_SVB.search(line) for line in table.title)
    report = CellReport()
    cells = table_cells(
        table,
        log,
        measure_rule=lambda measures: _measure(measures, title_says_svb),
        reference_date=reference_date,
        keep_levels=("kreis", *REFERENCE_LEVELS),
        occupation_lengths=(3, 5),
        report=report,
    )
    cells = finest_occupation_cells(cells, log, report)
    span_rows, foreign, totals = _split(cells, log)
    if cells and not any(c.region_level == "kreis" for c in cells) and not len(log):
        log.add(
            de="Keine Kreis-Zeilen mit SV-Beschäftigten nach Berufen gefunden",
            en="no Kreis rows with SV employees by occupation found",
        )
    spans = {
        (sex, span)
        for sex in {key[4] for key, _, _, _ in span_rows}
        for span in _resolve_spans(
            {span for key, span, _, _ in span_rows if key[4] == sex}, span_rows, log
        )
    }
    _check_dates(cells, log)
    log.raise_if_any()
    all_rows = _to_bands(span_rows, spans, population, report)
    employment_rows = [(key, value) for key, value in all_rows if len(key[1]) == 5]
    reference_rows = [(key, value) for key, value in all_rows if len(key[1]) != 5]
    foreign = {key: v for key, v in foreign.items() if len(key[1]) == 5}
    employment = _employment_frame(employment_rows)
    tables = {"employment": employment}
    if reference_rows:
        # Official Land and Germany rows: the references of the location quotients and of
        # the bottleneck classification at Land and Germany level (never summed with Kreise).
        tables["employment_reference"] = _employment_frame(reference_rows)
        report.note(
            "Amtliche Land-/Deutschland-Zeilen in Tabelle employment_reference / official "
            "Land/Germany rows in table employment_reference"
        )
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
    """Sex × age cells as ``(key, span, value, cell)`` with the span cut to working age."""
    spans: list[tuple[tuple, tuple[int, int], int | float | None, Cell]] = []
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
        working = working_span(span)  # type: ignore[arg-type]
        if working is None:
            if span not in bad_spans:
                bad_spans.add(span)
                log.add(
                    row=cell.row,
                    column=cell.column,
                    value=_span_text(span),
                    de="Altersgruppe liegt außerhalb von 15 bis 74 Jahren, die das Schema "
                    "'employment' abbildet",
                    en="age group lies outside the ages 15 to 74 of the 'employment' schema",
                )
            continue
        spans.append(((*key, sex), working, cell.value, cell))
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
    return spans, foreign, totals


def _resolve_spans(found: set[tuple[int, int]], span_rows, log: ProblemLog) -> list[tuple]:
    """The age groups to store: the finest non-overlapping ones of the file.

    Resolved per sex, whose columns carry their own age captions. A group that other groups
    of the file divide exactly ("55 und älter" beside "55 bis unter
    65" and "65 und älter", as in the BA booklets) is the sum of those and is dropped. Groups
    that overlap otherwise cannot be told apart and are a problem.
    """
    kept = sorted(s for s in found if not _divided_by_others(s, found))
    for first, second in zip(kept[:-1], kept[1:], strict=False):
        if second[0] < first[1]:
            cell = next(c for _, span, _, c in span_rows if span == second)
            log.add(
                row=cell.row,
                column=cell.column,
                value=f"{_span_text(first)} / {_span_text(second)}",
                de="Altersgruppen überschneiden sich",
                en="age groups overlap",
            )
    return kept


def _divided_by_others(span: tuple[int, int], found: set[tuple[int, int]]) -> bool:
    inner = sorted(s for s in found if s != span and span[0] <= s[0] and s[1] <= span[1])
    age = span[0]
    for first, end in inner:
        if first == age:
            age = end
    return bool(inner) and age == span[1]


def _to_bands(span_rows, spans, population, report: CellReport):
    """Rows ``((year, ags, kldb3, niveau, sex, band), value)`` in the schema's 5-year bands.

    Groups that are 5-year bands go through unchanged. Any other group is divided over its
    years along the population's age profile and summed to 5-year bands with the
    largest-remainder method, so each group total is kept to the person.
    """
    totals: dict[tuple, list[int | float | None]] = defaultdict(list)
    for key, span, value, _ in span_rows:
        if (key[4], span) in spans:
            totals[(key, span)].append(value)
    wide = {span for _, span in spans if age_band(span)[0] is None}
    profile = (
        _AgeProfile(population, {k[0] for k, s in totals if s in wide}, report) if wide else None
    )
    rows: list[tuple[tuple, int | None]] = []
    for (key, span), values in sorted(totals.items()):
        total = sum_or_none(values)
        band, _ = age_band(span)
        if band is not None:
            rows.append(((*key, band), total))
            continue
        assert profile is not None
        weights = profile.weights(year=key[0], ags=key[1], sex=key[4])
        pieces = _band_pieces(span)
        piece_weights = np.array(
            [weights[lo - AGE_MIN : hi - AGE_MIN].sum() for _, lo, hi in pieces]
        )
        parts = (
            [None] * len(pieces)
            if total is None
            else integer_split(int(total), piece_weights).tolist()
        )
        rows += [((*key, band), part) for (band, _, _), part in zip(pieces, parts, strict=True)]
    for span in sorted(wide):
        report.note(
            f"Altersgruppe '{_span_text(span)}' entlang des Altersprofils der Bevölkerung "
            f"auf Fünfjahresgruppen verteilt (Summe der Gruppe exakt erhalten) / age group "
            f"'{_span_text(span)}' spread over 5-year bands along the population's age profile "
            "(group total kept exactly)"
        )
    return rows


def _band_pieces(span: tuple[int, int]) -> list[tuple[str, int, int]]:
    """The 5-year bands a span touches, each with the years of the span inside it."""
    pieces = []
    for band in AGE_BANDS:
        lo, hi = (int(x) for x in band.split("-"))
        first, end = max(lo, span[0]), min(hi + 1, span[1])
        if first < end:
            pieces.append((band, first, end))
    return pieces


class _AgeProfile:
    """Population by single year 15 … 74 per Kreis and sex, the weights for spreading."""

    def __init__(self, population: pl.DataFrame | None, years: set[int], report: CellReport):
        self._by_key: dict[tuple[str, str], np.ndarray] = {}
        self._by_sex: dict[str, np.ndarray] = {}
        self._fallback_noted = False
        self._report = report
        if population is None:
            population, origin = _stored_population()
        else:
            origin = "übergebene Tabelle / given table"
        if population is None or population.is_empty():
            report.note(
                "Keine Bevölkerungstabelle importiert: Altersgruppen gleichmäßig auf ihre "
                "Jahrgänge verteilt / no population table imported: age groups spread evenly "
                "over their years"
            )
            return
        available = sorted(population["year"].unique().to_list())
        target = max(years) if years else available[-1]
        year = min(available, key=lambda y: (abs(y - target), -y))
        report.note(
            f"Altersprofil: Bevölkerung {year} ({origin}) / age profile: population {year} "
            f"({origin})"
        )
        working = population.filter(
            (pl.col("year") == year)
            & (pl.col("age") >= AGE_MIN)
            & (pl.col("age") < AGE_MIN + N_AGES)
            & (pl.col("ags").str.len_chars() == 5)
        )
        for (ags, sex), part in working.group_by(["ags", "sex"]):
            vector = np.zeros(N_AGES)
            np.add.at(
                vector,
                part["age"].to_numpy().astype(int) - AGE_MIN,
                part["persons"].fill_null(0).to_numpy().astype(float),
            )
            self._by_key[(str(ags), str(sex))] = vector
            self._by_sex[str(sex)] = self._by_sex.get(str(sex), np.zeros(N_AGES)) + vector

    def weights(self, *, year: int, ags: str, sex: str) -> np.ndarray:
        if (ags, sex) in self._by_key:
            return self._by_key[(ags, sex)]
        if sex in self._by_sex:
            if not self._fallback_noted:
                self._fallback_noted = True
                self._report.note(
                    "Kreise ohne Bevölkerungszahlen mit dem Altersprofil aller Kreise der "
                    "Bevölkerungstabelle verteilt / Kreise without population figures spread "
                    "with the age profile of all Kreise in the population table"
                )
            return self._by_sex[sex]
        return np.ones(N_AGES)


def _stored_population() -> tuple[pl.DataFrame | None, str]:
    # Imported lazily: the reader also runs without a data store (dry runs, tests).
    from fachkraefte.sources import vintages

    current = vintages.current_vintage("population")
    if current is None:
        return None, ""
    return vintages.load_table("population"), f"Datenstand {current.vintage_id}"


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


def _employment_frame(rows: list[tuple[tuple, int | None]]) -> pl.DataFrame:
    grouped: dict[tuple, list[int | float | None]] = defaultdict(list)
    for key, value in rows:
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
    for key, value in employment_rows:
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
