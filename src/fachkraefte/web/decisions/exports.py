"""The vote table as CSV and XLSX (one row per person and agenda item)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def vote_columns() -> list[tuple[str, str]]:
    """(key, German header) in column order."""
    return [
        ("meeting_date", _("Sitzungsdatum")),
        ("meeting", _("Sitzung")),
        ("position", _("TOP")),
        ("item", _("Tagesordnungspunkt")),
        ("rule", _("Beschlussregel")),
        ("username", _("Benutzername")),
        ("name", _("Name")),
        ("vote", _("Votum")),
        ("note", _("Begründung")),
        ("conflict", _("Befangenheit (Grund)")),
        ("cast_at", _("Votum abgegeben am")),
        ("status", _("Status")),
        ("outcome", _("Ergebnis")),
    ]


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Local time without zone: spreadsheets cannot store aware datetimes.
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


def votes_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = vote_columns()
    writer.writerow([label for _key, label in columns])
    for row in rows:
        values = [_plain(row.get(key)) for key, _label in columns]
        writer.writerow([v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v for v in values])
    return buffer.getvalue()


def votes_xlsx(rows: list[dict[str, Any]], *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit on sheet names
    columns = vote_columns()
    sheet.append([label for _key, label in columns])
    for row in rows:
        sheet.append([_plain(row.get(key)) for key, _label in columns])
    for index, (key, label) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if key == "meeting_date":
            for cell in sheet[letter][1:]:
                cell.number_format = "DD.MM.YYYY"
        elif key == "cast_at":
            for cell in sheet[letter][1:]:
                cell.number_format = "DD.MM.YYYY HH:MM"
        sheet.column_dimensions[letter].width = max(12, min(40, len(label) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
