"""Reads of the audit trail: filters shared by the alliance's trail page and the audit API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_date

from fachkraefte.web.audit.models import AuditEntry


def parse_day(value: str | None) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` (the value of an ``<input type=date>``); None if invalid."""
    try:
        return parse_date((value or "").strip())
    except ValueError:
        return None


def filter_entries(
    entries: QuerySet[AuditEntry],
    *,
    person: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """``person``: the exact name in the trail; ``since``/``until``: days, both included."""
    if person:
        entries = entries.filter(actor_name=person)
    if action and action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries


def people(entries: QuerySet[AuditEntry]) -> list[str]:
    """The names of everyone who appears in ``entries`` (for the person filter)."""
    return sorted(set(entries.order_by().values_list("actor_name", flat=True)))


def kind_label(entry: Any) -> str:
    """The kind of object an entry is about (the model's verbose name), e.g. "Mitgliedschaft"."""
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


def platform_entries() -> QuerySet[AuditEntry]:
    """Entries that belong to no alliance (programmes, organisations, accounts)."""
    return AuditEntry.objects.filter(alliance__isnull=True).select_related("content_type")
