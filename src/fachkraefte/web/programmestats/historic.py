"""Import of historic projects from a funder's yearly list, all or nothing.

Each row becomes a ``Project`` with ``is_historic=True``, no proposal and no ledger entries:
its approved amount is the list's, its ``source`` says where it comes from ("<file>, Zeile n").
The district names the alliance (the programme's alliance that covers it) and, where the row
names one, the action field is looked up among that alliance's. The status follows the period:
closed when it ended before today (without a period: when the funding year is over), else
running. A row that is already in the platform (same programme, year, title, recipient) is a
problem, so importing a list twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from fachkraefte.common.errors import ImportProblem, ImportValidationError
from fachkraefte.web.alliances.models import ActionField, Alliance
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.core.models import Region
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.historic_file import (
    ListRow,
    SheetRows,
    check_row,
    column_map,
    problem,
    read_sheet,
)
from fachkraefte.web.projects.models import Project

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class HistoricImportResult:
    file: str
    rows: int
    created: int
    dry_run: bool
    total: Any  # Decimal: the approved amounts of the list
    years: tuple[int, ...]


def _name_key(name: str) -> str:
    """``Landkreis Görlitz`` / ``Görlitz`` and ``Stadt Chemnitz`` / ``Chemnitz, Stadt`` alike."""
    text = name.casefold().strip()
    text = re.sub(r",\s*(stadt|kreisfreie stadt|landkreis|kreis)$", "", text)
    text = re.sub(r"^(landkreis|kreisfreie stadt|stadt|kreis)\s+", "", text)
    return re.sub(r"\s+", " ", text)


class DistrictIndex:
    """The districts a list may name: those of the programme's Land (all, if it has none)."""

    def __init__(self, programme: Programme) -> None:
        districts = Region.objects.filter(level=Region.Level.KREIS)
        if programme.land_id:
            districts = districts.filter(land=programme.land_id)
        self.by_ags = {district.ags: district for district in districts}
        by_name: dict[str, list[Region]] = {}
        for district in self.by_ags.values():
            by_name.setdefault(_name_key(district.name), []).append(district)
        self.by_name = by_name

    def find(self, text: str) -> Region | None:
        text = text.strip()
        if re.fullmatch(r"\d{5}", text):
            return self.by_ags.get(text)
        found = self.by_name.get(_name_key(text), [])
        if len(found) > 1:
            # "Leipzig" is both the city and the Landkreis: the name alone means the Landkreis,
            # the city is "Leipzig, Stadt" (as the official list writes it).
            city = "stadt" in text.casefold()
            found = [d for d in found if ("Stadt" in d.name) == city]
        return found[0] if len(found) == 1 else None


def _alliance_of(programme: Programme) -> dict[str, Alliance]:
    covering: dict[str, Alliance] = {}
    for alliance in Alliance.objects.filter(programme=programme).prefetch_related("districts"):
        for district in alliance.districts.all():
            covering.setdefault(district.ags, alliance)
    return covering


def _status(values: dict[str, Any], today: dt.date) -> str:
    ends_on = values.get("ends_on")
    if ends_on is not None:
        return Project.Status.CLOSED if ends_on < today else Project.Status.RUNNING
    return Project.Status.CLOSED if values["year"] < today.year else Project.Status.RUNNING


@dataclass
class _Prepared:
    row: ListRow
    districts: list[Region]
    alliance: Alliance | None
    action_field: ActionField | None


def _resolve(
    sheet: SheetRows,
    rows: list[ListRow],
    columns: dict[str, int],
    programme: Programme,
) -> tuple[list[_Prepared], list[ImportProblem]]:
    index = DistrictIndex(programme)
    covering = _alliance_of(programme)
    fields = {
        (field.alliance_id, field.title.casefold()): field
        for field in ActionField.objects.filter(alliance__programme=programme)
    }
    existing = set(
        Project.objects.filter(programme=programme).values_list(
            "funding_year", "title", "recipient"
        )
    )
    seen: set[tuple[Any, Any, Any]] = set()
    prepared: list[_Prepared] = []
    problems: list[ImportProblem] = []
    for row in rows:
        values = row.values
        district_column = sheet.header[columns["district"]]
        districts = []
        for part in (p for p in values.get("district", "").split(";") if p.strip()):
            found = index.find(part)
            if found is None:
                problems.append(
                    problem(
                        sheet,
                        gettext_noop(
                            "Kein Kreis dieses Namens oder Schlüssels (AGS) im Land des Programms."
                        ),
                        row=row.line,
                        column=district_column,
                        value=part.strip(),
                    )
                )
            else:
                districts.append(found)
        alliance = covering.get(districts[0].ags) if districts else None
        action_field = None
        if values.get("action_field"):
            key = (alliance.pk if alliance else None, values["action_field"].casefold())
            action_field = fields.get(key)
            if action_field is None:
                problems.append(
                    problem(
                        sheet,
                        gettext_noop(
                            "Die Allianz des Kreises hat kein Handlungsfeld dieses Namens."
                        ),
                        row=row.line,
                        column=sheet.header[columns["action_field"]],
                        value=values["action_field"],
                    )
                )
        identity = (values.get("year"), values.get("title"), values.get("recipient"))
        if None not in identity and (identity in existing or identity in seen):
            problems.append(
                problem(
                    sheet,
                    gettext_noop(
                        "Dieses Projekt (Jahr, Titel, Empfänger) ist schon in der Plattform oder "
                        "steht zweimal in der Liste."
                    ),
                    row=row.line,
                    column=sheet.header[columns["title"]],
                    value=values["title"],
                )
            )
        seen.add(identity)
        prepared.append(_Prepared(row, districts, alliance, action_field))
    return prepared, problems


def check_sheet(
    sheet: SheetRows, *, programme: Programme, today: dt.date
) -> tuple[list[_Prepared], list[ImportProblem]]:
    """Every row checked; the prepared rows are usable only when there is no problem."""
    columns, problems = column_map(sheet)
    if problems:
        return [], problems
    rows: list[ListRow] = []
    for line, cells in sheet.rows:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue  # blank lines at the end of a sheet
        checked, found = check_row(sheet, line, cells, columns, this_year=today.year)
        problems += found
        rows.append(checked)
    if not rows and not problems:
        problems.append(problem(sheet, gettext_noop("Die Liste enthält keine Projekte.")))
    prepared, found = _resolve(sheet, rows, columns, programme)
    return prepared, problems + found


def _create(
    prepared: Iterable[_Prepared], *, programme: Programme, file: str, actor: Any, today: dt.date
) -> int:
    created = 0
    for item in prepared:
        values = item.row.values
        project = Project.objects.create(
            programme=programme,
            alliance=item.alliance,
            action_field=item.action_field,
            title=values["title"],
            recipient=values["recipient"],
            themes=values["themes"],
            funding_year=values["year"],
            approved_amount=values["amount"],
            starts_on=values.get("starts_on"),
            ends_on=values.get("ends_on"),
            status=_status(values, today),
            source=f"{file}, Zeile {item.row.line}"[:300],
            is_historic=True,
        )
        project.districts.set(item.districts)
        audit_record(
            actor=actor,
            instance=project,
            action="create",
            changes={"source": project.source, "approved_amount": project.approved_amount},
            alliance=item.alliance,
        )
        created += 1
    return created


def historic_sheet_import(
    sheet: SheetRows,
    *,
    programme: Programme,
    actor: Any,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> HistoricImportResult:
    """Check every row; store all of them in one transaction, or nothing
    (``ImportValidationError`` with every problem)."""
    today = today or dt.date.today()
    report = progress or (lambda _percent, _message: None)
    report(20, gettext_noop("Zeilen werden geprüft"))
    prepared, problems = check_sheet(sheet, programme=programme, today=today)
    if problems:
        raise ImportValidationError(problems)
    created = 0
    if not dry_run:
        report(60, gettext_noop("Projekte werden gespeichert"))
        with transaction.atomic():
            created = _create(
                prepared, programme=programme, file=sheet.file, actor=actor, today=today
            )
    return HistoricImportResult(
        file=sheet.file,
        rows=len(prepared),
        created=created,
        dry_run=dry_run,
        total=sum((item.row.values["amount"] for item in prepared), start=0),
        years=tuple(sorted({item.row.values["year"] for item in prepared})),
    )


def historic_projects_import(
    *,
    programme: Programme,
    path: Path,
    actor: Any,
    dry_run: bool = False,
    file_name: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> HistoricImportResult:
    """Import the list in ``path`` (CSV or XLSX) into ``programme``; see ``historic_sheet_import``."""
    name = file_name or path.name
    try:
        sheet = read_sheet(path, name=name)
    except ValueError:
        empty = SheetRows(file=name, sheet=None, header=[], rows=[])
        raise ImportValidationError(
            [problem(empty, gettext_noop("Nur CSV- und XLSX-Dateien können importiert werden."))]
        ) from None
    except Exception as error:  # a damaged workbook: openpyxl raises many kinds
        empty = SheetRows(file=name, sheet=None, header=[], rows=[])
        raise ImportValidationError(
            [
                problem(
                    empty,
                    gettext_noop("Die Datei lässt sich nicht lesen (%(error)s)."),
                    error=type(error).__name__,
                )
            ]
        ) from None
    return historic_sheet_import(
        sheet, programme=programme, actor=actor, dry_run=dry_run, today=today, progress=progress
    )
