"""Importer of Destatis' table "Kreisfreie Städte und Landkreise nach Fläche, Bevölkerung und
Bevölkerungsdichte" (Gemeindeverzeichnis GV-ISys, file ``04-kreise.xlsx``).

Layout as published (Gebietsstand 31.12.2018): a sheet ``Kreisfreie Städte u. Landkreise`` with a
title, a row ``Gebietsstand: DD.MM.YYYY``, a two-row column header starting with
``Schlüssel-nummer`` and a row of column numbers; then, per Land, a Land row (2-digit key and
name), Regierungsbezirk rows (3-digit key; Saxony's Direktionsbezirke are stored as numbers,
Lower Saxony and Rhineland-Palatinate list statistical or former regions there),
Baden-Württemberg's planning regions (4-digit key, not an administrative level and not kept),
Kreis rows (5-digit AGS, kind, name, NUTS-3, area km², population total/male/female, density) and
an "Insgesamt" row; a "Deutschland Insgesamt" row and footnotes close the table.

The sheet, the header and the columns are found by their captions, so that a later vintage with
an extra column or another title block still reads. Every row is checked and all problems are
reported together (``ImportValidationError``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from fachkraefte.geo.destatis_kreise.rows import (
    CAPTIONS,
    FIELDS,
    KREIS_KINDS,
    LAND_KEYS,
    Problems,
    blank,
    fold,
    key_text,
    parse_rows,
)
from fachkraefte.geo.region import Region

__all__ = ["KREIS_KINDS", "LAND_KEYS", "SHEET", "KreiseTable", "read_destatis_kreise"]

SHEET = "Kreisfreie Städte u. Landkreise"

_STAND = re.compile(r"Gebietsstand:?\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_COPYRIGHT = re.compile(r"Statistisches Bundesamt \(Destatis\),\s*(\d{4})")
_HEADER_SCAN_ROWS = 40


@dataclass(frozen=True)
class KreiseTable:
    """The regions of one 04-kreise file and its reference date (Gebietsstand)."""

    gebietsstand: dt.date
    regions: list[Region]  # Länder, Regierungsbezirke and Kreise in the order of the table
    sheet: str
    copyright_year: int | None = (
        None  # from the "© … Statistisches Bundesamt (Destatis), YYYY" note
    )

    def kreise(self) -> list[Region]:
        return [r for r in self.regions if r.level == "kreis"]


def read_destatis_kreise(path: Path | str) -> KreiseTable:
    """Read and validate a 04-kreise file; raise ``ImportValidationError`` listing every problem.

    >>> from fachkraefte.paths import npm_package_file
    >>> table = read_destatis_kreise(npm_package_file("landkreise-deutschland", "source/04-kreise.xlsx"))
    >>> table.gebietsstand, len(table.kreise())
    (datetime.date(2018, 12, 31), 401)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: Datei nicht gefunden / file not found")
    problems = Problems(path.name)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files; all mean "unreadable"
        problems.add(
            None,
            None,
            path.suffix or None,
            f"Keine lesbare XLSX-Datei ({type(exc).__name__}: {exc})",
            f"not a readable XLSX file ({type(exc).__name__})",
        )
        problems.raise_if_any()
    sheet_name, header_row = _find_table(workbook)
    if sheet_name is None:
        problems.add(
            None,
            None,
            ", ".join(repr(n) for n in workbook.sheetnames),
            f"Keine Tabelle mit der Kopfzeile 'Schlüssel-nummer … NUTS3' gefunden "
            f"(erwartet im Blatt {SHEET!r})",
            f"no sheet holds the table header 'Schlüssel-nummer … NUTS3' "
            f"(expected in sheet {SHEET!r})",
        )
        problems.raise_if_any()
    problems.sheet = sheet_name
    rows = [
        tuple(r) for r in workbook[sheet_name].iter_rows(min_row=1, min_col=1, values_only=True)
    ]
    gebietsstand = _gebietsstand(workbook, sheet_name, rows[:header_row], problems)
    columns, data_start = _columns(rows, header_row, problems)
    problems.raise_if_any()
    regions = parse_rows(rows, data_start, columns, problems)
    problems.raise_if_any()
    assert gebietsstand is not None  # a missing date was reported above
    return KreiseTable(
        gebietsstand=gebietsstand,
        regions=regions,
        sheet=sheet_name,
        copyright_year=_copyright_year(workbook),
    )


def _copyright_year(workbook) -> int | None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and (match := _COPYRIGHT.search(value)):
                    return int(match[1])
    return None


# --- finding the table ------------------------------------------------------------------------


def _is_header(row: Sequence[Any]) -> bool:
    folded = [fold(c) for c in row]
    captions = ("regionale bezeichnung", "nuts", "flache", "bevolkerung")
    found = sum(any(t.startswith(c) for t in folded) for c in captions)
    # Two of four captions suffice, so that a renamed column is reported, not the whole table.
    return any(t.startswith("schlussel") for t in folded) and found >= 2


def _find_table(workbook) -> tuple[str | None, int]:
    """(sheet name, 1-based header row); the expected sheet first, then any other."""
    names = sorted(workbook.sheetnames, key=lambda n: n != SHEET)
    for name in names:
        for index, row in enumerate(
            workbook[name].iter_rows(
                min_row=1, min_col=1, max_row=_HEADER_SCAN_ROWS, values_only=True
            ),
            start=1,
        ):
            if _is_header(row):
                return name, index
    return None, 0


def _parse_stand(value: Any) -> dt.date | None:
    match = _STAND.search(str(value)) if value is not None else None
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _gebietsstand(workbook, sheet_name: str, title_rows, problems: Problems) -> dt.date | None:
    """The reference date above the header, cross-checked with the cover sheet."""
    found = [
        (r, c, cell)
        for r, row in enumerate(title_rows, start=1)
        for c, cell in enumerate(row, start=1)
        if "gebietsstand" in fold(cell)
    ]
    if not found:
        problems.add(
            None,
            "A",
            None,
            "Angabe 'Gebietsstand: TT.MM.JJJJ' über der Kopfzeile fehlt",
            "'Gebietsstand: DD.MM.YYYY' above the header is missing",
        )
        return None
    row, column, cell = found[0]
    stand = _parse_stand(cell)
    if stand is None:
        problems.add(
            row,
            column,
            cell,
            "Gebietsstand ist kein Datum TT.MM.JJJJ",
            "Gebietsstand is not a date DD.MM.YYYY",
        )
        return None
    for other in workbook.sheetnames:
        if other == sheet_name:
            continue
        cover_rows = workbook[other].iter_rows(min_row=1, min_col=1, max_row=30, values_only=True)
        for r, values in enumerate(cover_rows, start=1):
            for c, value in enumerate(values, start=1):
                cover = _parse_stand(value)
                if cover is not None and cover != stand:
                    problems.add(
                        r,
                        c,
                        value,
                        f"Blatt {other!r} nennt einen anderen Gebietsstand als die "
                        f"Tabelle ({stand:%d.%m.%Y})",
                        f"sheet {other!r} names another reference date than the table",
                    )
    return stand


def _is_numbering(row: Sequence[Any]) -> bool:
    """The row of column numbers 1, 2, 3, … under the header."""
    values = [str(v).strip() for v in row if not blank(v)]
    return len(values) > 3 and values == [str(n) for n in range(1, len(values) + 1)]


def _columns(rows: list[tuple], header_row: int, problems: Problems) -> tuple[dict[str, int], int]:
    """0-based column index per field from the two header rows' captions; first data row."""
    top = [fold(c) for c in rows[header_row - 1]]
    sub = [fold(c) for c in rows[header_row]] if len(rows) > header_row else []
    sub += [""] * (len(top) - len(sub))
    found: dict[str, int] = {}

    def first(field_name: str, test) -> None:
        for index, (upper, lower) in enumerate(zip(top, sub, strict=False)):
            if test(upper, lower):
                found.setdefault(field_name, index)
                return

    first("key", lambda u, _: u.startswith("schlussel"))
    first("kind", lambda u, _: u.startswith("regionale bezeichnung"))
    first("name", lambda u, lo: u.startswith("kreisfreie stadt") or "landkreis" in lo)
    first("nuts3", lambda u, _: u.startswith("nuts"))
    first("area_km2", lambda u, _: u.startswith("flache"))
    first("population", lambda _, lo: lo == "insgesamt")
    first("population_male", lambda _, lo: lo.startswith("mannlich"))
    first("population_female", lambda _, lo: lo.startswith("weiblich"))
    first("density", lambda _, lo: lo.startswith("je km"))
    data_start = header_row + 2
    if len(rows) >= data_start and _is_numbering(rows[data_start - 1]):
        data_start += 1
    missing = [f for f in FIELDS if f not in found]
    if missing:
        problems.add(
            header_row,
            None,
            ", ".join(CAPTIONS[f] for f in missing),
            "Spalten fehlen in der Kopfzeile: " + ", ".join(CAPTIONS[f] for f in missing),
            "columns missing from the header: " + ", ".join(missing),
        )
        return found, data_start
    # Captions that no longer sit above their data (a shifted header) would make every row
    # fail; one clear problem at the header says what is wrong instead.
    keys = [
        r[found["key"]]
        for r in rows[data_start - 1 : data_start + 40]
        if len(r) > found["key"] and r[found["key"]] not in (None, "")
    ]
    if keys and not any(key_text(k).isdigit() for k in keys):
        problems.add(
            header_row,
            found["key"] + 1,
            keys[0],
            "Unter der Überschrift 'Schlüssel-nummer' stehen keine Schlüssel – ist die "
            "Kopfzeile gegen die Daten verschoben?",
            "no keys below the caption 'Schlüssel-nummer' – is the header shifted "
            "against the data?",
        )
    return found, data_start


# --- rows -------------------------------------------------------------------------------------
