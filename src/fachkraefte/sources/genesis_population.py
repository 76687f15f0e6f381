"""Population by Kreis, sex and age from GENESIS CSV downloads → schema table ``population``.

Supported tables: any GENESIS table of persons by region × sex × age in one of the layouts
of :mod:`fachkraefte.sources.genesis_csv`, e.g. Regionaldatenbank 12411-02-03-4
("Bevölkerung nach Geschlecht und Altersgruppen (17) – Stichtag 31.12. – Kreise und krfr.
Städte"), single-year tables (ALTX76-style codes ``ALT000`` … ``ALT090UM``) and Destatis
projections (12421-…; one variant is chosen with ``variant``).

Rules (docs/statistics.md has the full list):

* Only Kreis rows (5-digit AGS) are stored; if the file has none, Land rows (2 digits).
  Germany, Regierungsbezirke and Gemeinden are aggregates or finer than the schema and
  are skipped. Keys of dissolved Kreise are added to their successor (named in the notes).
* Sex totals and age totals are skipped; nationality must be the total (Deutsche/Ausländer
  details are skipped). "-" is zero; ".", "x", "/", "..." are unknown (``None``).
* Age groups are spread evenly over their single years (remainder to the youngest ages),
  "X Jahre und mehr" over X … 90 (90 = "90 and older"); the vintage notes say so. The age
  labels of each region × sex must cover 0 … 90+ without gaps or overlaps.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from fachkraefte.sources.ba_codes import ProblemLog, RegionChecker, parse_german_number
from fachkraefte.sources.genesis_csv import (
    GenesisRecord,
    Label,
    read_genesis_csv,
)
from fachkraefte.sources.genesis_labels import (
    AgeSpan,
    classify,
    is_region_variable,
    parse_time,
    region_label,
    span_text,
    unit_factor,
)
from fachkraefte.sources.life_table import LifeTable, current_life_table
from fachkraefte.sources.schema import MAX_POPULATION_AGE, check_table
from fachkraefte.sources.vintages import (
    PROJECTION_TABLE,
    ImportedDataset,
    file_sha256,
    table_schema,
)

DATASET = "population"
PROJECTION_DATASET = "population_projection"
PROJECTION_TABLES = ("12421",)
"""GENESIS table codes of population projections (Bevölkerungsvorausberechnung)."""
_VARIANT_VARIABLE = re.compile(r"^(BEVPR|BEVVAR|VARIANT|VAR\d)", re.IGNORECASE)
_VARIANT_LABEL = re.compile(r"variante", re.IGNORECASE)
SOURCE = "Statistische Ämter des Bundes und der Länder (GENESIS)"
CITY_STATE_KREISE = {"02": "02000", "11": "11000"}
"""Hamburg and Berlin are Land and Kreis at once; the Regionaldatenbank lists them only under
their Land key, GENESIS-Online under the Kreis key."""
BOTH_SEXES = "*"
"""Sex of a count given for men and women together (a table without a sex dimension)."""


@dataclass(frozen=True)
class _Cell:
    year: int
    ags: str
    code: str  # the key as in the file (differs from ags for a dissolved Kreis)
    sex: str
    span: AgeSpan
    persons: int | None
    line: int
    variant: str = ""


def read_population(
    path: Path,
    *,
    reference_date: date | None = None,
    variant: str | None = None,
) -> ImportedDataset:
    """Read a GENESIS population table; raise ``ImportValidationError`` listing every problem."""
    path = Path(path)
    log = ProblemLog(path)
    table = read_genesis_csv(path, log)
    if table is None:
        log.raise_if_any()
        raise AssertionError("read_genesis_csv returned nothing without a problem")
    notes: list[str] = []
    regions = RegionChecker()
    cells: list[_Cell] = []
    dates: set[date] = set()
    others: dict[str, set[str]] = defaultdict(set)
    skipped_units: set[str] = set()
    seen: dict[tuple, int] = {}
    candidates: list[tuple[GenesisRecord, str, str, AgeSpan, int | None, int | None, str]] = []
    variants_seen: set[str] = set()
    below_kreis: set[int] = set()

    for rec in table.records:
        factor = unit_factor(rec.unit)
        if factor is None:
            skipped_units.add(f"{rec.variable} [{rec.unit}]")
            continue
        region = rec.region or region_label(rec.labels)
        if region is None:
            log.add(
                row=rec.line,
                column=rec.column,
                de="Kein Regionalschlüssel in dieser Zeile",
                en="no region key in this line",
            )
            continue
        if region.code.isdigit() and len(region.code) > 5:
            below_kreis.add(rec.line)  # a Gemeinde (8 digits) or Verband: finer than Kreise
            continue
        sex: str | None = None
        span: AgeSpan | None = None
        age_total = sex_total = any_total = False
        unwanted = False
        variant_of_record = ""
        for label in rec.labels:
            if label is region or is_region_variable(label):
                continue
            kind, value = classify(label)
            if kind == "sex":
                sex = value
            elif kind == "sex_total":
                sex_total = True
            elif kind == "age":
                span = value
            elif kind == "age_total":
                age_total = True
            elif kind == "nationality":
                unwanted = True
            elif kind == "total":
                any_total = True
            elif kind == "measure":
                continue
            elif _is_variant(label):
                # A projection's variants are kept side by side unless one is chosen.
                code = label.code or label.label
                variants_seen.add(code)
                if variant is not None and variant not in (label.code, label.label):
                    unwanted = True
                variant_of_record = code
            else:
                wanted = variant is not None and variant in (label.code, label.label)
                others[label.variable or "Merkmal"].add(label.code or label.label)
                if not wanted:
                    unwanted = True
        if unwanted or sex_total or age_total:
            continue
        if (sex is None or span is None) and any_total:
            continue  # an "Insgesamt" line or column of the table layout
        if sex is None and span is not None:
            sex = BOTH_SEXES  # the table has no sex dimension; split after reading
        if sex is None or span is None:
            missing = [n for n, v in (("Geschlecht", sex), ("Alter", span)) if v is None]
            log.add(
                row=rec.line,
                column=rec.column,
                value=" | ".join(lbl.label for lbl in rec.labels),
                de=f"Merkmal(e) {', '.join(missing)} nicht erkennbar",
                en=f"cannot tell {', '.join(missing)} ({'sex' if sex is None else 'age'}) "
                "from the labels",
            )
            continue
        time = rec.time or table.title_time
        when = parse_time(time) if time else None
        if time and when is None:
            log.add(
                row=rec.line,
                column="time",
                value=time,
                de="Zeitangabe ist weder Stichtag (TT.MM.JJJJ / JJJJ-MM-TT) noch Jahr",
                en="time is neither a reference date (DD.MM.YYYY / YYYY-MM-DD) nor a year",
            )
            continue
        if when is not None:
            dates.add(when)
        persons = _persons(rec, factor, log)
        if persons is False:
            continue
        candidates.append(
            (rec, region.code, sex, span, when.year if when else None, persons, variant_of_record)
        )

    if variant is not None and variants_seen and variant not in variants_seen:
        log.add(
            value=variant,
            de=f"Variante {variant!r} nicht in der Datei (vorhanden: "
            f"{', '.join(sorted(variants_seen))})",
            en=f"variant {variant!r} not in the file (present: {', '.join(sorted(variants_seen))})",
        )
    if len(others) and variant is None:
        listing = "; ".join(f"{var}: {', '.join(sorted(vals))}" for var, vals in others.items())
        log.add(
            value=listing[:120],
            de=f"Die Tabelle hat weitere Merkmale ({listing}); eines mit variant=… "
            "(CLI: --variant) auswählen",
            en=f"the table has further classifications ({listing}); choose one with variant=… "
            "(CLI: --variant)",
        )
    if not dates and reference_date is None:
        log.add(
            de="Kein Stichtag in der Datei; bitte reference_date angeben (CLI: --reference-date)",
            en="no reference date in the file; pass reference_date (CLI: --reference-date)",
        )
    file_date = max(dates) if dates else None
    if file_date and reference_date and reference_date != file_date:
        log.add(
            value=reference_date.isoformat(),
            de=f"Angegebener Stichtag weicht vom Stichtag der Datei ({file_date:%d.%m.%Y}) ab",
            en=f"the given reference date differs from the file's ({file_date:%d.%m.%Y})",
        )
    effective = file_date or reference_date

    levels = {
        len(regions.check(code).ags)
        for _, code, *_ in candidates
        if not isinstance(regions.check(code), str)
    }
    keep = 5 if 5 in levels else 2
    codes = {code for _, code, *_ in candidates}
    city_states = (
        {land: kreis for land, kreis in CITY_STATE_KREISE.items() if kreis not in codes}
        if keep == 5
        else {}
    )
    dissolved: set[str] = set()
    for rec, code, sex, span, year, persons, variant_code in candidates:
        code = city_states.get(code, code)
        if keep == 5 and len(code) in (2, 3):
            continue  # Land and Regierungsbezirk rows are sums of the Kreise (some long gone)
        match = regions.check(code)
        if isinstance(match, str) and len(code) == 5 and not persons:
            dissolved.add(code)  # a Kreis dissolved before geo's history starts, no values
            continue
        if isinstance(match, str):
            de, en = match.split(" / ", 1)
            log.add(row=rec.line, column="Region", value=code, de=de, en=en)
            continue
        if match.ags == "DG" or len(match.ags) != keep:
            continue
        if match.note and match.note not in notes:
            notes.append(match.note)
        year = year if year is not None else (effective.year if effective else 0)
        key = (year, code, sex, span, variant_code)
        if key in seen:
            log.add(
                row=rec.line,
                column=rec.column,
                value=code,
                de=f"Doppelter Wert für {code}, {sex}, Alter {span_text(span)} "
                f"(schon in Zeile {seen[key]})",
                en=f"duplicate value for {code}, {sex}, age {span_text(span)} "
                f"(already in line {seen[key]})",
            )
            continue
        seen[key] = rec.line
        cells.append(_Cell(year, match.ags, code, sex, span, persons, rec.line, variant_code))

    if not cells and not len(log):
        log.add(
            de="Die Datei enthält keine Bevölkerungszahlen nach Kreis/Land, Geschlecht und Alter",
            en="the file holds no population counts by Kreis/Land, sex and age",
        )
    _check_age_coverage(cells, log)
    notes.extend(_region_notes(city_states, below_kreis, dissolved))
    if skipped_units:
        notes.append(
            "Nicht übernommen (keine Personenzahl) / skipped (not a count of persons): "
            + ", ".join(sorted(skipped_units))
        )
    life = current_life_table() if any(c.sex == BOTH_SEXES for c in cells) else None
    if any(c.sex == BOTH_SEXES for c in cells) and life is None:
        log.add(
            de="Die Tabelle hat kein Merkmal Geschlecht; zum Aufteilen nach Geschlecht fehlt eine "
            "Sterbetafel: zuerst 'fachkraefte import life-table 12621-0001_de.csv'",
            en="the table has no sex dimension; splitting it by sex needs a life table: run "
            "'fachkraefte import life-table 12621-0001_de.csv' first",
        )
    log.raise_if_any()
    assert effective is not None
    if any(
        span[1] is None
        and span[0] < MAX_POPULATION_AGE
        or (span[1] is not None and span[1] - span[0] > 1)
        for span in {c.span for c in cells}
    ):
        notes.append(
            "Altersgruppen gleichmäßig auf Einzeljahre verteilt (Rest auf die jüngsten Jahre) / "
            "age groups spread evenly over single years (remainder to the youngest)"
        )
    if any(unit_factor(r.unit) == 1000 for r in table.records):
        notes.append("Werte in 1000 Personen, mit 1000 multipliziert / values in thousands, × 1000")
    projection = (
        bool(variants_seen) or variant is not None or table.table_code.startswith(PROJECTION_TABLES)
    )
    if variant is not None:
        notes.append(f"Variante / variant: {variant}")
    elif len(variants_seen) > 1:
        notes.append(
            f"Varianten / variants: {', '.join(sorted(variants_seen))} (Spalte variant / column "
            "variant)"
        )
    if any(c.sex == BOTH_SEXES for c in cells):
        notes.append(
            "Die Tabelle hat kein Merkmal Geschlecht: jedes Altersjahr nach dem Männeranteil der "
            f"Sterbetafel-Bevölkerung (l(x), 105 Jungen je 100 Mädchen) aufgeteilt, {life[0].source}"
            f" (Datenstand {life[1]}) / the table has no sex dimension: each year of age split by "
            "the male share of the life table's stationary population (l(x), 105 boys per 100 girls)"
        )
    frame = _frame(cells, life[0] if life else None)
    tables = {"population": frame}
    if projection:
        # Projections are their own table, so an observed population and a projection can
        # both be current.
        fallback = variant or table.table_code or "Vorausberechnung"
        tables = {PROJECTION_TABLE: _projection_frame(cells, fallback, life[0] if life else None)}
    return ImportedDataset(
        dataset=PROJECTION_DATASET if projection else DATASET,
        source=f"{SOURCE}, Tabelle {table.table_code}: {table.title}".strip(", :"),
        file_name=path.name,
        sha256=file_sha256(path),
        reference_date=effective,
        tables=tables,
        notes=tuple(notes),
    )


def _region_notes(city_states: dict[str, str], below_kreis: set[int], dissolved: set[str]):
    """The notes that say which rows were mapped or left aside."""
    if city_states:
        pairs = ", ".join(f"{land} → {kreis}" for land, kreis in sorted(city_states.items()))
        yield f"Stadtstaaten als Kreis übernommen / city states taken as Kreis: {pairs}"
    if below_kreis:
        yield (
            f"{len(below_kreis)} Zeilen unterhalb der Kreisebene (Gemeinden) nicht übernommen / "
            f"{len(below_kreis)} rows below Kreis level (municipalities) left aside"
        )
    if dissolved:
        yield (
            f"{len(dissolved)} aufgelöste Kreise ohne Werte nicht übernommen / "
            f"{len(dissolved)} dissolved Kreise without values left aside: "
            + ", ".join(sorted(dissolved))
        )


def _persons(rec: GenesisRecord, factor: int, log: ProblemLog) -> int | None | bool:
    """Persons in the cell, ``None`` if the source withheld it, ``False`` after a problem."""
    text = rec.value.strip()
    if text in ("-", "–"):
        return 0
    if text in (".", "x", "X", "/", "...", "…"):
        return None
    number = parse_german_number(text)
    if number is None:
        log.add(
            row=rec.line,
            column=rec.column,
            value=text,
            de="Kein Zahlenwert (erlaubt: Zahl, '-', '.', 'x', '/', '...')",
            en="not a number (allowed: number, '-', '.', 'x', '/', '...')",
        )
        return False
    persons = number * factor
    if persons < 0 or persons > 10**9 or (factor == 1 and not float(number).is_integer()):
        log.add(
            row=rec.line,
            column=rec.column,
            value=text,
            de="Personenzahl muss eine ganze Zahl zwischen 0 und 1 Mrd. sein",
            en="a count of persons must be a whole number between 0 and 1 billion",
        )
        return False
    return int(round(persons))


def _check_age_coverage(cells: list[_Cell], log: ProblemLog) -> None:
    groups: dict[tuple[int, str, str, str], list[_Cell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.year, cell.code, cell.sex, cell.variant)].append(cell)
    reported = 0
    for (year, ags, sex, _), members in sorted(groups.items()):
        spans = sorted(c.span for c in members)
        problem = None
        expected_low = 0
        for low, high in spans:
            if low > expected_low:
                problem = (
                    f"Alter {expected_low}–{low - 1} fehlt",
                    f"ages {expected_low}–{low - 1} missing",
                )
                break
            if low < expected_low:
                problem = (f"Altersangaben überlappen bei {low}", f"age labels overlap at {low}")
                break
            expected_low = high if high is not None else 10_000
        else:
            if expected_low <= MAX_POPULATION_AGE:
                problem = (f"Alter ab {expected_low} fehlt", f"ages from {expected_low} missing")
        if problem and reported < 20:
            reported += 1
            log.add(
                row=min(c.line for c in members),
                column="Alter",
                value=f"{ags} {sex} {year}",
                de=f"{problem[0]} (Kreis {ags}, {sex}, {year}); die Altersangaben müssen 0 bis "
                "90+ lückenlos abdecken",
                en=f"{problem[1]} (Kreis {ags}, {sex}, {year}); age labels must cover 0 to 90+ "
                "without gaps",
            )


def _projection_frame(cells: list[_Cell], fallback: str, table: LifeTable | None) -> pl.DataFrame:
    """``population_projection``: the population columns per variant."""
    parts = []
    for variant in sorted({c.variant for c in cells}):
        frame = _frame([c for c in cells if c.variant == variant], table)
        parts.append(frame.with_columns(variant=pl.lit(variant or fallback)))
    schema = table_schema(PROJECTION_TABLE)
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).select([pl.col(c).cast(t) for c, t in schema.items()])


def _is_variant(label: Label) -> bool:
    return bool(
        (label.variable and _VARIANT_VARIABLE.match(label.variable))
        or _VARIANT_LABEL.search(label.label or "")
    )


def _frame(cells: list[_Cell], table: LifeTable | None) -> pl.DataFrame:
    """The population frame; ``table`` (the imported life table) splits counts of both sexes."""
    totals: dict[tuple[int, str, str, int], int | None] = defaultdict(int)
    for cell in cells:
        low, high = cell.span
        top = MAX_POPULATION_AGE + 1 if high is None else min(high, MAX_POPULATION_AGE + 1)
        ages = list(range(min(low, MAX_POPULATION_AGE), max(top, min(low, MAX_POPULATION_AGE) + 1)))
        shares = _split(cell.persons, len(ages))
        for age, share in zip(ages, shares, strict=True):
            if cell.sex == BOTH_SEXES and table is not None:
                men = None if share is None else round(share * float(table.male_share([age])[0]))
                parts = [("m", men), ("w", None if share is None else share - men)]
            else:
                parts = [(cell.sex, share)]
            for sex, persons in parts:
                key = (cell.year, cell.ags, sex, age)
                previous = totals[key]
                totals[key] = None if previous is None or persons is None else previous + persons
    rows = [(*key, value) for key, value in sorted(totals.items())]
    frame = pl.DataFrame(rows, schema=["year", "ags", "sex", "age", "persons"], orient="row")
    return check_table("population", frame)


def _split(persons: int | None, parts: int) -> list[int | None]:
    """Spread ``persons`` over ``parts`` single years; the remainder goes to the youngest.

    >>> _split(10, 3)
    [4, 3, 3]
    """
    if persons is None:
        return [None] * parts
    base, rest = divmod(persons, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
