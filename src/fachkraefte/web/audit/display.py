"""The audit trail in words, as the decision pages show it: German field labels (the model's
``verbose_name``), "–" for empty, before → after, dates and numbers formatted, booleans
"ja"/"nein", choices by their label. Used by the trail page and its CSV/XLSX export.

The trail stores plain JSON values (``audit.services._plain``): foreign keys as ``str()``,
dates as ISO text; this module turns them back into what a person reads.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry

EMPTY = "–"
# Keys that hold a list of values (not an [old, new] pair) outside of updates.
_MULTI = {"districts", "reasons", "members"}


def _extra_labels() -> dict[str, str]:
    """Keys that are not fields of the entry's model."""
    return {
        "districts": _("Kreise"),
        "groups": _("Plattformrolle"),
        "tally": _("Auszählung"),
        "reasons": _("Begründung des Ergebnisses"),
        "reason": _("Grund"),
        "grund": _("Anlass"),
        "person": _("Betroffene Person"),
        "members": _("Steuerungsgruppe"),
        "username": _("Benutzername"),
        "email": _("E-Mail"),
        "is_active": _("aktiv"),
    }


def _system_texts() -> dict[str, str]:
    """Reasons the code itself writes into the trail (stored in English)."""
    return {"account deleted": _("Konto gelöscht")}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    after: str
    before: str | None = None  # None: a value, not a change

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.label}: {self.after}"
        return f"{self.label}: {self.before} → {self.after}"


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return _extra_labels().get(name, name.replace("_", " "))


def _moment(value: str, field: models.Field | None) -> str | None:
    """An ISO date or timestamp as the locale writes it; None if ``value`` is neither."""
    if isinstance(field, models.DateTimeField) or "T" in value:
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) or (len(value) == 10 and value[4:5] == "-"):
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return None


def format_value(value: Any, field: models.Field | None = None) -> str:
    """One stored value in words.

    >>> format_value(None), format_value(True), format_value(False), format_value([])
    ('–', 'ja', 'nein', '–')
    """
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if field is not None and field.choices:
        labels = {str(key): str(label) for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, dict):
        if {"consent", "objection", "abstention"} <= value.keys():
            return (
                _("%(consent)d Zustimmung, %(objection)d Einwand, %(abstention)d Enthaltung")
                % value
            )
        return "; ".join(f"{key}: {format_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, int | float | decimal.Decimal):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, dt.datetime | dt.date):
        return format_value(value.isoformat(), field)
    text = str(value)
    if isinstance(field, models.DecimalField):
        try:
            return formats.number_format(decimal.Decimal(text), use_l10n=True)
        except decimal.InvalidOperation:
            return text
    moment = _moment(text, field) if text[:1].isdigit() else None
    if moment is not None:
        return moment
    return _system_texts().get(text, text)


def _is_pair(entry: AuditEntry, key: str, value: Any) -> bool:
    if not (isinstance(value, list) and len(value) == 2):
        return False
    return entry.action == AuditEntry.Action.UPDATE or key not in _MULTI


def change_lines(entry: AuditEntry) -> list[ChangeLine]:
    """One line per stored field, in the model's field order, unknown keys after them."""
    model = entry.content_type.model_class()
    changes = entry.changes or {}
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    lines = []
    for key in sorted(changes, key=lambda k: (order.get(k, len(order)), k)):
        value, field = changes[key], _field(model, key)
        label = _label(model, key)
        if _is_pair(entry, key, value):
            before, after = value
            if before in (None, "", []) and after in (None, "", []):
                continue  # e.g. no note given with a first vote
            lines.append(ChangeLine(label, format_value(after, field), format_value(before, field)))
        else:
            lines.append(ChangeLine(label, format_value(value, field)))
    return lines


def changes_text(entry: AuditEntry) -> str:
    """All changes of an entry on one line (CSV/XLSX cell); "–" when there are none."""
    return "; ".join(str(line) for line in change_lines(entry)) or EMPTY
