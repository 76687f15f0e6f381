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

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from fachkraefte.geo.region import Region
from fachkraefte.sources.errors import ImportProblem, ImportValidationError

SHEET = "Kreisfreie Städte u. Landkreise"
KREIS_KINDS = frozenset({"Kreisfreie Stadt", "Landkreis", "Kreis", "Stadtkreis", "Regionalverband"})
LAND_KEYS = tuple(f"{n:02d}" for n in range(1, 17))
MAX_PROBLEMS = 200

_NUTS3 = re.compile(r"^DE[0-9A-G][0-9A-Z]{2}$")
_STAND = re.compile(r"Gebietsstand:?\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_FOOTNOTE = re.compile(r"^\s*(\d\)|Quelle|©|Hinweis|Anmerkung)")
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


@dataclass
class _Problems:
    file: str
    sheet: str | None = None
    items: list[ImportProblem] = field(default_factory=list)
    omitted: int = 0

    def add(self, row: int | None, column: int | str | None, value: Any, de: str, en: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.omitted += 1
            return
        letter = get_column_letter(column) if isinstance(column, int) else column
        shown = None if value is None else str(value)[:120]
        self.items.append(ImportProblem(self.file, self.sheet, row, letter, shown, de, en))

    def raise_if_any(self) -> None:
        if self.omitted:
            self.add(
                None,
                None,
                None,
                f"… und {self.omitted} weitere Probleme",
                f"… and {self.omitted} more problems",
            )
        if self.items:
            raise ImportValidationError(self.items)


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
    problems = _Problems(path.name)
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
    regions = _parse_rows(rows, data_start, columns, problems)
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


def _fold(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    text = re.sub(r"\d\)\s*$", "", text.strip())  # footnote markers such as "Bevölkerung2)"
    return re.sub(r"[\s\-]+", " ", text).strip()


def _is_header(row: Sequence[Any]) -> bool:
    folded = [_fold(c) for c in row]
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


def _gebietsstand(workbook, sheet_name: str, title_rows, problems: _Problems) -> dt.date | None:
    """The reference date above the header, cross-checked with the cover sheet."""
    found = [
        (r, c, cell)
        for r, row in enumerate(title_rows, start=1)
        for c, cell in enumerate(row, start=1)
        if "gebietsstand" in _fold(cell)
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


_TOTALS = ("population", "population_male", "population_female", "area_km2")
_FIELDS = (
    "key",
    "kind",
    "name",
    "nuts3",
    "area_km2",
    "population",
    "population_male",
    "population_female",
    "density",
)
_CAPTIONS = {
    "key": "Schlüssel-nummer",
    "kind": "Regionale Bezeichnung",
    "name": "Kreisfreie Stadt / Kreis / Landkreis",
    "nuts3": "NUTS3",
    "area_km2": "Fläche in km2",
    "population": "Bevölkerung insgesamt",
    "population_male": "Bevölkerung männlich",
    "population_female": "Bevölkerung weiblich",
    "density": "Bevölkerung je km2",
}


def _is_numbering(row: Sequence[Any]) -> bool:
    """The row of column numbers 1, 2, 3, … under the header."""
    values = [str(v).strip() for v in row if not _blank(v)]
    return len(values) > 3 and values == [str(n) for n in range(1, len(values) + 1)]


def _columns(rows: list[tuple], header_row: int, problems: _Problems) -> tuple[dict[str, int], int]:
    """0-based column index per field from the two header rows' captions; first data row."""
    top = [_fold(c) for c in rows[header_row - 1]]
    sub = [_fold(c) for c in rows[header_row]] if len(rows) > header_row else []
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
    missing = [f for f in _FIELDS if f not in found]
    if missing:
        problems.add(
            header_row,
            None,
            ", ".join(_CAPTIONS[f] for f in missing),
            "Spalten fehlen in der Kopfzeile: " + ", ".join(_CAPTIONS[f] for f in missing),
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
    if keys and not any(_key_text(k).isdigit() for k in keys):
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


def _key_text(value: Any) -> str:
    """A key cell as text; Saxony's Bezirk keys are numbers (145), so numbers are accepted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return "" if value is None else str(value).strip()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Area:
    ags: str
    name: str
    row: int
    population: int = 0
    population_male: int = 0
    population_female: int = 0
    area_km2: float = 0.0
    kreise: int = 0
    unchecked: set[str] = field(default_factory=set)  # sums that a rejected value makes unknown

    def add(self, kreis: Region) -> None:
        self.kreise += 1
        self.unchecked.update(f for f in _TOTALS if getattr(kreis, f) is None)
        self.population += kreis.population or 0
        self.population_male += kreis.population_male or 0
        self.population_female += kreis.population_female or 0
        self.area_km2 += kreis.area_km2 or 0.0


def _parse_rows(
    rows: list[tuple], start: int, col: dict[str, int], problems: _Problems
) -> list[Region]:
    width = max(col.values()) + 1
    laender: dict[str, _Area] = {}
    bezirke: dict[str, _Area] = {}
    kreise: list[Region] = []
    land: _Area | None = None
    bezirk: _Area | None = None
    nuts_seen: dict[str, int] = {}
    seen: set[str] = set()
    rejected = False  # a Kreis row could not be placed: Germany's totals cannot be checked
    germany_total = False
    for line in range(start, len(rows) + 1):
        row = rows[line - 1] + (None,) * max(0, width - len(rows[line - 1]))
        cell = {name: row[index] for name, index in col.items()}
        key = _key_text(cell["key"])
        if key == "":
            if _fold(cell["name"]) == "insgesamt":
                if _fold(cell["kind"]) == "deutschland":
                    germany_total = True
                    germany = _sum_all(laender)
                    if rejected:
                        germany.unchecked.update(_TOTALS)
                    _check_total(line, row, col, germany, problems, "Deutschland")
                    break  # footnotes follow
                if land is not None:
                    _check_total(line, row, col, land, problems, land.name)
            elif any(not _blank(v) for v in row[:width]):
                problems.add(line, col["key"] + 1, None, "Schlüssel fehlt", "key is missing")
            continue
        if not key.isdigit():
            if _FOOTNOTE.match(key) or len(key) > 12:
                continue
            problems.add(
                line, col["key"] + 1, key, "Schlüssel ist keine Ziffernfolge", "key is not a number"
            )
            continue
        is_kreis_row = (
            not _blank(cell["name"])
            or not _blank(cell["nuts3"])
            or any(isinstance(cell[f], int | float) for f in ("area_km2", "population"))
        )
        if is_kreis_row:
            kreis = _place_kreis(line, key, cell, col, land, bezirk, seen, nuts_seen, problems)
            if kreis is None or land is None:
                rejected = True
                if land is not None:
                    land.unchecked.update(_TOTALS)
                continue
            kreise.append(kreis)
            seen.add(key)
            land.add(kreis)
            if bezirk is not None:
                bezirk.add(kreis)
            continue
        name = "" if _blank(cell["kind"]) else str(cell["kind"]).strip()
        if not name:
            problems.add(
                line, col["kind"] + 1, None, "Name des Gebiets fehlt", "name of the area is missing"
            )
        if len(key) == 2:
            if key not in LAND_KEYS:
                problems.add(
                    line,
                    col["key"] + 1,
                    key,
                    "Landesschlüssel muss 01 bis 16 sein",
                    "Land key must be 01 to 16",
                )
            elif key in laender:
                problems.add(line, col["key"] + 1, key, "Land doppelt", "duplicate Land")
            land = laender.setdefault(key, _Area(key, name, line))
            bezirk = None
        elif len(key) == 3:
            if land is None or key[:2] != land.ags:
                problems.add(
                    line,
                    col["key"] + 1,
                    key,
                    "Bezirk steht nicht unter seinem Land",
                    "Regierungsbezirk is not listed under its Land",
                )
                continue
            bezirk = bezirke.setdefault(key, _Area(key, name, line))
        elif len(key) == 4 and bezirk is not None and key[:3] == bezirk.ags:
            continue  # a planning region (Baden-Württemberg's Regionen): no administrative level
        else:
            problems.add(
                line,
                col["key"] + 1,
                key,
                "Schlüssel eines Gebiets muss 2 (Land) oder 3 (Bezirk) Stellen haben",
                "key of an area must have 2 (Land) or 3 (Regierungsbezirk) digits",
            )
    _check_completeness(laender, bezirke, germany_total, len(rows), problems)
    return _assemble(laender, bezirke, kreise)


def _place_kreis(
    line: int,
    key: str,
    cell: dict[str, Any],
    col: dict[str, int],
    land: _Area | None,
    bezirk: _Area | None,
    seen: set[str],
    nuts_seen: dict[str, int],
    problems: _Problems,
) -> Region | None:
    """The Kreis of a row below its Land and Bezirk, or ``None`` (problem added) if misplaced."""
    key_column = col["key"] + 1
    if len(key) != 5:
        hint = " – führende Null verloren?" if len(key) == 4 else ""
        problems.add(
            line,
            key_column,
            key,
            f"AGS eines Kreises muss 5 Stellen haben, hat {len(key)}{hint}",
            f"a Kreis AGS must have 5 digits, found {len(key)}",
        )
        return None
    kreis = _kreis(line, key, cell, col, problems)
    if land is None or key[:2] != land.ags:
        problems.add(
            line,
            key_column,
            key,
            "Kreis steht nicht unter der Zeile seines Landes",
            "Kreis is not listed under its Land row",
        )
        return None
    if bezirk is not None and key[:3] != bezirk.ags:
        problems.add(
            line,
            key_column,
            key,
            f"Kreis steht unter Bezirk {bezirk.ags}, gehört aber zu {key[:3]}",
            f"Kreis is listed under Bezirk {bezirk.ags} but belongs to {key[:3]}",
        )
        return None
    if key in seen:
        problems.add(line, key_column, key, "AGS doppelt", "duplicate AGS")
        return None
    if kreis.nuts3 in nuts_seen:
        problems.add(
            line,
            col["nuts3"] + 1,
            kreis.nuts3,
            f"NUTS-3-Code doppelt (auch Zeile {nuts_seen[kreis.nuts3]})",
            "duplicate NUTS-3 code",
        )
    if kreis.nuts3:
        nuts_seen[kreis.nuts3] = line
    return dataclasses.replace(kreis, parent_ags=bezirk.ags if bezirk else land.ags)


def _kreis(line: int, key: str, cell: dict, col: dict[str, int], problems: _Problems) -> Region:
    kind = None if _blank(cell["kind"]) else str(cell["kind"]).strip()
    name = None if _blank(cell["name"]) else str(cell["name"]).strip()
    nuts3 = None if _blank(cell["nuts3"]) else str(cell["nuts3"]).strip()
    if kind not in KREIS_KINDS:
        problems.add(
            line,
            col["kind"] + 1,
            kind,
            "Unbekannte Kreisart (erlaubt: " + ", ".join(sorted(KREIS_KINDS)) + ")",
            "unknown kind of Kreis",
        )
    if not name:
        problems.add(line, col["name"] + 1, None, "Name des Kreises fehlt", "name is missing")
    if nuts3 is None or not _NUTS3.match(nuts3):
        problems.add(
            line,
            col["nuts3"] + 1,
            nuts3,
            "NUTS-3-Code ungültig (erwartet z. B. DE711)",
            "invalid NUTS-3 code (expected e.g. DE711)",
        )
    values: dict[str, Any] = {}
    for field_name in ("area_km2", "population", "population_male", "population_female", "density"):
        value = cell[field_name]
        integral = field_name.startswith("population")
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if ok and integral and not float(value).is_integer():
            ok = False
        if not ok:
            kind_de = "ganze Zahl ≥ 0" if integral else "Zahl ≥ 0"
            problems.add(
                line,
                col[field_name] + 1,
                value,
                f"{_CAPTIONS[field_name]}: {kind_de} erwartet",
                f"{field_name}: {'whole number' if integral else 'number'} ≥ 0 expected",
            )
            values[field_name] = None
        else:
            values[field_name] = int(value) if integral else float(value)
    total, male, female = (
        values[f] for f in ("population", "population_male", "population_female")
    )
    if None not in (total, male, female) and male + female != total:
        problems.add(
            line,
            col["population"] + 1,
            total,
            f"männlich + weiblich ({male} + {female}) ≠ insgesamt",
            "male + female ≠ total",
        )
    area, density = values["area_km2"], values["density"]
    if (
        total is not None
        and area
        and density is not None
        and abs(total / area - density) > max(1.0, 0.01 * density)
    ):
        problems.add(
            line,
            col["density"] + 1,
            density,
            f"Dichte passt nicht zu Bevölkerung/Fläche ({total / area:.0f} je km²)",
            "density does not match population / area",
        )
    return Region(
        ags=key,
        level="kreis",
        name=name or "",
        kind=kind,
        nuts3=nuts3,
        parent_ags=None,
        land_ags=key[:2],
        area_km2=values["area_km2"],
        population=total,
        population_male=male,
        population_female=female,
    )


def _sum_all(laender: dict[str, _Area]) -> _Area:
    total = _Area("DG", "Deutschland", 0)
    for land in laender.values():
        total.unchecked |= land.unchecked
        total.kreise += land.kreise
        total.population += land.population
        total.population_male += land.population_male
        total.population_female += land.population_female
        total.area_km2 += land.area_km2
    return total


def _check_total(
    line: int, row: tuple, col: dict[str, int], area: _Area, problems: _Problems, label: str
) -> None:
    """An "Insgesamt" row must equal the sum of the Kreise above it."""
    for field_name in _TOTALS:
        if field_name in area.unchecked:
            continue  # a Kreis value was rejected: its own problem says so
        value = row[col[field_name]]
        expected = getattr(area, field_name)
        tolerance = 0.01 * max(1, area.kreise) if field_name == "area_km2" else 0
        if not isinstance(value, int | float) or abs(value - expected) > tolerance + 1e-9:
            problems.add(
                line,
                col[field_name] + 1,
                value,
                f"Summe {label} ({_CAPTIONS[field_name]}) passt nicht zur Summe der "
                f"Kreise ({expected:g})",
                f"total for {label} ({field_name}) differs from the sum of its Kreise",
            )


def _check_completeness(
    laender: dict[str, _Area],
    bezirke: dict[str, _Area],
    germany_total: bool,
    last_row: int,
    problems: _Problems,
) -> None:
    missing = [k for k in LAND_KEYS if k not in laender]
    if missing:
        problems.add(
            None,
            "A",
            ", ".join(missing),
            f"Länder fehlen: {', '.join(missing)} – Tabelle unvollständig?",
            f"Länder missing: {', '.join(missing)} – is the table truncated?",
        )
    for area in (*laender.values(), *bezirke.values()):
        if area.kreise == 0:
            problems.add(
                area.row,
                "A",
                area.ags,
                f"{area.name}: keine Kreise darunter",
                f"{area.name}: no Kreise listed under it",
            )
    if not germany_total:
        problems.add(
            last_row,
            "C",
            None,
            "Zeile 'Deutschland Insgesamt' fehlt – Tabelle unvollständig?",
            "row 'Deutschland Insgesamt' is missing – is the table truncated?",
        )


def _assemble(
    laender: dict[str, _Area], bezirke: dict[str, _Area], kreise: list[Region]
) -> list[Region]:
    result: list[Region] = []
    for land in laender.values():
        result.append(_area_region(land, "land", parent=None))
        for bezirk in (b for b in bezirke.values() if b.ags[:2] == land.ags):
            result.append(_area_region(bezirk, "regierungsbezirk", parent=land.ags))
        result.extend(k for k in kreise if k.land_ags == land.ags)
    return result


def _area_region(area: _Area, level: str, *, parent: str | None) -> Region:
    return Region(
        ags=area.ags,
        level=level,
        name=area.name,
        kind=None,
        nuts3=None,
        parent_ags=parent,
        land_ags=area.ags[:2],
        area_km2=round(area.area_km2, 2),
        population=area.population,
        population_male=area.population_male,
        population_female=area.population_female,
    )
