"""Rows of the 04-kreise table: Land, Bezirk and Kreis rows, their checks and the totals.

Shared by ``fachkraefte.geo.destatis_kreise``, which finds the sheet, header and columns.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from fachkraefte.common.errors import ImportProblem, ImportValidationError
from fachkraefte.geo.region import Region

KREIS_KINDS = frozenset({"Kreisfreie Stadt", "Landkreis", "Kreis", "Stadtkreis", "Regionalverband"})
LAND_KEYS = tuple(f"{n:02d}" for n in range(1, 17))
MAX_PROBLEMS = 200

_NUTS3 = re.compile(r"^DE[0-9A-G][0-9A-Z]{2}$")
_FOOTNOTE = re.compile(r"^\s*(\d\)|Quelle|©|Hinweis|Anmerkung)")


TOTALS = ("population", "population_male", "population_female", "area_km2")
FIELDS = (
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
CAPTIONS = {
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


@dataclass
class Problems:
    """Every problem found in one file; ``raise_if_any`` raises them together."""

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


def fold(value: Any) -> str:
    """A header caption or cell, lower case and without umlauts or footnote markers.

    >>> fold("Bevölkerung2)"), fold("Fläche \\nin km2"), fold("Schlüssel-nummer")
    ('bevolkerung', 'flache in km2', 'schlussel nummer')
    """
    text = "" if value is None else str(value)
    text = text.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    text = re.sub(r"\d\)\s*$", "", text.strip())  # footnote markers such as "Bevölkerung2)"
    return re.sub(r"[\s\-]+", " ", text).strip()


def key_text(value: Any) -> str:
    """A key cell as text; Saxony's Bezirk keys are numbers (145), so numbers are accepted.

    >>> key_text(145), key_text(" 06 "), key_text(6411), key_text(None)
    ('145', '06', '6411', '')
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return "" if value is None else str(value).strip()


def blank(value: Any) -> bool:
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
        self.unchecked.update(f for f in TOTALS if getattr(kreis, f) is None)
        self.population += kreis.population or 0
        self.population_male += kreis.population_male or 0
        self.population_female += kreis.population_female or 0
        self.area_km2 += kreis.area_km2 or 0.0


def parse_rows(
    rows: list[tuple], start: int, col: dict[str, int], problems: Problems
) -> list[Region]:
    """Regions of the table below ``start`` (1-based row), in table order; problems collected.

    ``col`` maps each field to its 0-based column, as ``destatis_kreise`` found it by caption.
    """
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
        key = key_text(cell["key"])
        if key == "":
            if fold(cell["name"]) == "insgesamt":
                if fold(cell["kind"]) == "deutschland":
                    germany_total = True
                    germany = _sum_all(laender)
                    if rejected:
                        germany.unchecked.update(TOTALS)
                    _check_total(line, row, col, germany, problems, "Deutschland")
                    break  # footnotes follow
                if land is not None:
                    _check_total(line, row, col, land, problems, land.name)
            elif any(not blank(v) for v in row[:width]):
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
            not blank(cell["name"])
            or not blank(cell["nuts3"])
            or any(isinstance(cell[f], int | float) for f in ("area_km2", "population"))
        )
        if is_kreis_row:
            kreis = _place_kreis(line, key, cell, col, land, bezirk, seen, nuts_seen, problems)
            if kreis is None or land is None:
                rejected = True
                if land is not None:
                    land.unchecked.update(TOTALS)
                continue
            kreise.append(kreis)
            seen.add(key)
            land.add(kreis)
            if bezirk is not None:
                bezirk.add(kreis)
            continue
        name = "" if blank(cell["kind"]) else str(cell["kind"]).strip()
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
    problems: Problems,
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


def _kreis(line: int, key: str, cell: dict, col: dict[str, int], problems: Problems) -> Region:
    kind = None if blank(cell["kind"]) else str(cell["kind"]).strip()
    name = None if blank(cell["name"]) else str(cell["name"]).strip()
    nuts3 = None if blank(cell["nuts3"]) else str(cell["nuts3"]).strip()
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
                f"{CAPTIONS[field_name]}: {kind_de} erwartet",
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
    line: int, row: tuple, col: dict[str, int], area: _Area, problems: Problems, label: str
) -> None:
    """An "Insgesamt" row must equal the sum of the Kreise above it."""
    for field_name in TOTALS:
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
                f"Summe {label} ({CAPTIONS[field_name]}) passt nicht zur Summe der "
                f"Kreise ({expected:g})",
                f"total for {label} ({field_name}) differs from the sum of its Kreise",
            )


def _check_completeness(
    laender: dict[str, _Area],
    bezirke: dict[str, _Area],
    germany_total: bool,
    last_row: int,
    problems: Problems,
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
