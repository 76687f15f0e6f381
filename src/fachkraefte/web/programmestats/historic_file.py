"""Reading a funder's yearly list of approved projects (CSV or XLSX) into checked rows.

The list has one project per row and a header row naming the columns (German names as the
Saxon state bank's lists and our template use them, case and spaces ignored):

    Projekt | Zuwendungsempfänger | Kreis | Betrag | Jahr       (required)
    Handlungsfeld | Thema | Beginn | Ende                        (optional)

``Kreis`` is a district's AGS (``14626``) or its name (``Görlitz``, ``Landkreis Görlitz``,
``Chemnitz, Stadt`` or ``Stadt Chemnitz``); several districts are separated by ``;``.
``Betrag`` takes ``12.345,67``, ``12345.67`` or a number cell; ``Thema`` several themes
separated by ``;``; ``Beginn``/``Ende`` a date (``31.12.2019``, ``2019-12-31`` or a date cell).

Every problem is located by file, row (as the spreadsheet shows it) and column and worded in
German and English (the German msgid translated through gettext), so nothing is stored until
the whole file is clean (``historic.historic_projects_import``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fachkraefte.common.errors import ImportProblem

# The first name of each field is the template's; the others are the names funders' lists use
# (the EU beneficiary lists: "Name des Begünstigten", "Bezeichnung des Vorhabens", …).
HEADERS: dict[str, tuple[str, ...]] = {
    "title": (
        "Projekt",
        "Projekttitel",
        "Vorhaben",
        "Projektbezeichnung",
        "Bezeichnung des Vorhabens",
        "Name des Vorhabens",
    ),
    "recipient": (
        "Zuwendungsempfänger",
        "Zuwendungsempfaenger",
        "Empfänger",
        "Träger",
        "Name des Begünstigten",
        "Begünstigter",
    ),
    "district": ("Kreis", "Landkreis", "Kreis/AGS", "AGS", "Region", "Landkreis/Kreisfreie Stadt"),
    "amount": (
        "Betrag",
        "Zuschuss",
        "Fördersumme",
        "bewilligter Zuschuss",
        "Betrag (EUR)",
        "Zuschuss (EUR)",
        "Fördersumme (EUR)",
    ),
    "year": ("Jahr", "Förderjahr", "Bewilligungsjahr"),
    "action_field": ("Handlungsfeld",),
    "themes": ("Thema", "Themen"),
    "starts_on": ("Beginn", "Laufzeit von", "Projektbeginn", "Beginn des Vorhabens"),
    "ends_on": ("Ende", "Laufzeit bis", "Projektende", "Ende des Vorhabens"),
}
REQUIRED = ("title", "recipient", "district", "amount", "year")
SUFFIXES = (".csv", ".xlsx")
TEXT_LIMITS = {"title": 300, "recipient": 300}


@dataclass
class SheetRows:
    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)


@dataclass
class ListRow:
    """One checked row of the list, with the district codes still to be resolved."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)


def problem(
    sheet: SheetRows,
    message: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: Any = None,
    **params: Any,
) -> ImportProblem:
    """A problem whose German and English texts come from one msgid (``gettext_noop``)."""
    with translation.override("de"):
        german = _(message) % params if params else _(message)
    with translation.override("en"):
        english = _(message) % params if params else _(message)
    return ImportProblem(
        file=sheet.file,
        sheet=sheet.sheet,
        row=row,
        column=column,
        value=None if value is None else str(value),
        message_de=german,
        message_en=english,
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Lists saved by Excel on German Windows come as Windows-1252.
        return data.decode("cp1252")


def _csv_rows(path: Path, name: str) -> SheetRows:
    text = _decode(path.read_bytes())
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip() for cell in lines[0]] if lines else []
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2)]
    return SheetRows(file=name, sheet=None, header=header, rows=rows)


def _xlsx_rows(path: Path, name: str) -> SheetRows:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        lines = [list(cells) for cells in sheet.iter_rows(values_only=True)]
        title = sheet.title
    finally:
        workbook.close()
    header = [str(cell).strip() if cell is not None else "" for cell in (lines[0] if lines else [])]
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2)]
    return SheetRows(file=name, sheet=title, header=header, rows=rows)


def read_sheet(path: Path, *, name: str | None = None) -> SheetRows:
    """The file's header and rows (the first sheet of an XLSX); ``ValueError`` for other files."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, name)
    if suffix == ".xlsx":
        return _xlsx_rows(path, name)
    raise ValueError(suffix)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_amount(value: Any) -> Decimal | None:
    """``12.345,67`` / ``12345.67`` / ``12 345 €`` / a number → Decimal; None if unreadable.

    >>> parse_amount("12.345,67"), parse_amount("12345.5"), parse_amount("80.000"), parse_amount(7)
    (Decimal('12345.67'), Decimal('12345.5'), Decimal('80000'), Decimal('7'))
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = re.sub(r"(?i)\s|€|eur(o)?", "", str(value or ""))
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_date(value: Any) -> dt.date | None:
    """A date cell, ``31.12.2019`` or ``2019-12-31``; None if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_year(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def column_map(sheet: SheetRows) -> tuple[dict[str, int], list[ImportProblem]]:
    """Which column holds which field; a problem for each required column that is missing."""
    wanted = {
        alias.casefold().replace(" ", ""): key
        for key, aliases in HEADERS.items()
        for alias in aliases
    }
    found: dict[str, int] = {}
    for index, name in enumerate(sheet.header):
        key = wanted.get(name.casefold().replace(" ", ""))
        if key and key not in found:
            found[key] = index
    problems = [
        problem(
            sheet,
            gettext_noop("Die Spalte „%(name)s“ fehlt in der Kopfzeile."),
            row=1,
            column=HEADERS[key][0],
            name=HEADERS[key][0],
        )
        for key in REQUIRED
        if key not in found
    ]
    return found, problems


def _cell(cells: list[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def check_row(
    sheet: SheetRows, line: int, cells: list[Any], columns: dict[str, int], *, this_year: int
) -> tuple[ListRow, list[ImportProblem]]:
    """The row's readable values in their types, and the problems of its other cells."""
    problems: list[ImportProblem] = []
    values: dict[str, Any] = {}

    def report(key: str, message: str, value: Any = None, **params: Any) -> None:
        problems.append(
            problem(
                sheet, message, row=line, column=sheet.header[columns[key]], value=value, **params
            )
        )

    for key in ("title", "recipient", "district"):
        value = _cell(cells, columns[key])
        if _blank(value):
            report(key, gettext_noop("Das Feld ist leer; es ist eine Pflichtangabe."))
        elif key in TEXT_LIMITS and len(str(value)) > TEXT_LIMITS[key]:
            report(key, gettext_noop("Höchstens %(limit)s Zeichen."), value, limit=TEXT_LIMITS[key])
        else:
            values[key] = str(value)
    raw = _cell(cells, columns["amount"])
    amount = parse_amount(raw)
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        report(
            "amount",
            gettext_noop("Kein Betrag in Euro über 0 mit höchstens zwei Nachkommastellen."),
            raw,
        )
    else:
        values["amount"] = amount.quantize(Decimal("0.01"))
    raw = _cell(cells, columns["year"])
    year = parse_year(raw)
    if year is None or not 2000 <= year <= this_year + 1:
        report(
            "year",
            gettext_noop("Kein Förderjahr zwischen 2000 und %(last)s."),
            raw,
            last=this_year + 1,
        )
    else:
        values["year"] = year
    for key in ("starts_on", "ends_on"):
        raw = _cell(cells, columns.get(key))
        if _blank(raw):
            continue
        parsed = parse_date(raw)
        if parsed is None:
            report(key, gettext_noop("Kein Datum (erwartet: TT.MM.JJJJ)."), raw)
        else:
            values[key] = parsed
    if (
        values.get("starts_on")
        and values.get("ends_on")
        and values["ends_on"] < values["starts_on"]
    ):
        report(
            "ends_on",
            gettext_noop("Das Ende liegt vor dem Beginn."),
            _cell(cells, columns["ends_on"]),
        )
    action_field = _cell(cells, columns.get("action_field"))
    values["action_field"] = "" if _blank(action_field) else str(action_field)
    themes = _cell(cells, columns.get("themes"))
    values["themes"] = [t.strip() for t in str(themes or "").split(";") if t.strip()]
    # The row goes on to the district and duplicate checks even with problems, so that one
    # run names every problem of the file.
    return ListRow(line=line, values=values), problems
