"""BA Entgeltstatistik: median gross monthly wages by Kreis × KldB 2010 × sex → ``wages``.

Reads the BA table of "sozialversicherungspflichtige Bruttomonatsentgelte von
Vollzeitbeschäftigten der Kerngruppe" by region × Berufsgruppe (3-digit KldB) with the
median per sex (layout in docs/statistics.md). Kreis rows and Land rows (2-digit key) are
kept: the Land rows are the official Land values the wage atlas compares with. Germany,
West and East rows are skipped.

Only the median columns are read (captions containing ``Median``); employee counts, wage
brackets and quartiles are skipped. Medians cannot be added up, so Berufsgattungen are not
aggregated (a file with only 5-digit rows is rejected), and rows of Kreise dissolved in a
territorial reform are skipped with a note instead of being merged into their successor.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl

from fachkraefte.sources.ba_cells import CellReport, table_cells
from fachkraefte.sources.ba_table import open_ba_table
from fachkraefte.sources.schema import check_table
from fachkraefte.sources.vintages import ImportedDataset, file_sha256

DATASET = "wages"
SOURCE = "Statistik der Bundesagentur für Arbeit, Entgeltstatistik"
WHAT = "Bruttomonatsentgelte (Median) nach Berufen (KldB 2010)"

_MEDIAN = re.compile(r"(median|mittleres (brutto)?(monats)?entgelt)", re.IGNORECASE)
_NEUTRAL = re.compile(
    r"^(in euro|euro|eur|in €|€|bruttomonatsentgelt(e)?( in euro)?|entgelt|"
    r"sozialversicherungspflichtige bruttomonatsentgelte|vollzeitbeschäftigte der kerngruppe)$",
    re.IGNORECASE,
)
_IGNORED = re.compile(
    r"(beschäftigte|anzahl|quartil|perzentil|anteil|veränderung|niedriglohn|unter \d|bis unter|"
    r"über \d|mehr als|entgeltgruppe|arithmetisch|durchschnitt)",
    re.IGNORECASE,
)


def read_wages(path: Path, *, reference_date: date | None = None) -> ImportedDataset:
    """Read a BA wage table; raise ``ImportValidationError`` with every problem."""
    path = Path(path)
    log, table = open_ba_table(path, what=WHAT)
    report = CellReport()
    title_names_median = any(_MEDIAN.search(line) for line in table.title)
    cells = table_cells(
        table,
        log,
        measure_rule=lambda measures: _measure_rule(measures, title_names_median),
        reference_date=reference_date,
        keep_levels=("kreis", "land"),
        occupation_lengths=(3, 5),
        report=report,
    )
    if cells and all(len(c.occupation_code) == 5 for c in cells):
        log.add(
            de="Die Datei enthält Entgelte nur für Berufsgattungen (5-Steller); Mediane lassen "
            "sich nicht zu Berufsgruppen (3-Steller) zusammenfassen",
            en="the file holds wages for Berufsgattungen (5 digits) only; medians cannot be "
            "combined into Berufsgruppen (3 digits)",
        )
    records = []
    seen: set[tuple] = set()
    for cell in cells:
        if len(cell.occupation_code) != 3:
            continue
        if any(k in cell.dims for k in ("age", "nationality", "niveau")):
            continue
        sex = cell.dims.get("sex")
        if sex is None:
            continue  # the schema holds the medians of men and women
        if cell.region_level == "kreis" and cell.region_code != cell.ags:
            report.note(
                f"Kreis {cell.region_code} wurde aufgelöst; seine Mediane lassen sich nicht "
                f"mit {cell.ags} zusammenfassen und wurden nicht übernommen / dissolved "
                f"Kreis {cell.region_code} skipped (medians cannot be merged)"
            )
            continue
        if cell.value is not None and cell.value <= 0:
            log.add(
                row=cell.row,
                column=cell.column,
                value=cell.value,
                de="Medianentgelt muss größer als 0 sein",
                en="median wage must be above 0",
            )
            continue
        key = (cell.when.year, cell.ags, cell.kldb3, sex)
        if key in seen:
            log.add(
                row=cell.row,
                column=cell.column,
                value=f"{cell.ags} {cell.kldb3} {sex}",
                de="Doppelter Median für Region, Beruf und Geschlecht",
                en="duplicate median for region, occupation and sex",
            )
            continue
        seen.add(key)
        records.append((*key, None if cell.value is None else float(cell.value)))
    if not records and not len(log):
        log.add(
            de="Keine Medianentgelte nach Region, Berufsgruppe und Geschlecht gefunden",
            en="no median wages by region, Berufsgruppe and sex found",
        )
    log.raise_if_any()
    frame = check_table(
        "wages",
        pl.DataFrame(
            records, schema=["year", "ags", "kldb3", "sex", "median_monthly_wage_eur"], orient="row"
        ).sort(["year", "ags", "kldb3", "sex"]),
    )
    if frame.filter(pl.col("ags").str.len_chars() == 2).height:
        report.note(
            "Landeswerte (2-stelliger Schlüssel) mit übernommen / Land rows (2-digit key) kept"
        )
    return ImportedDataset(
        dataset=DATASET,
        source=f"{SOURCE}: {table.title[0]}" if table.title else SOURCE,
        file_name=path.name,
        sha256=file_sha256(path),
        reference_date=max(c.when for c in cells),
        tables={"wages": frame},
        notes=tuple(report.notes),
    )


def _measure_rule(measures: tuple[str, ...], title_names_median: bool) -> str | None:
    if not measures:
        # Columns captioned only "Männer"/"Frauen": the title must say they are medians.
        return "use" if title_names_median else None
    if any(_MEDIAN.search(m) for m in measures):
        rest = [m for m in measures if not _MEDIAN.search(m)]
        return "use" if all(_NEUTRAL.match(m) for m in rest) else None
    if any(_IGNORED.search(m) for m in measures):
        return "ignore"
    if all(_NEUTRAL.match(m) for m in measures):
        # "Bruttomonatsentgelt in Euro" alone may be a mean; only the title can say median.
        return "use" if title_names_median else None
    return None
