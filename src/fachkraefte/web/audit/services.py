"""Writing the audit trail. Call these inside the same transaction as the change they record."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fachkraefte.web.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value, so that the trail stores what a person would read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of ``fields`` (default: all concrete, non-key fields)."""
    names = fields or [
        field.name
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in {"created_at", "updated_at"}
    ]
    return {name: _plain(getattr(instance, name)) for name in names}


def stored_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values as stored in the database: the "before" of an update.

    A bound ModelForm has already copied the new values onto ``instance`` by the time a service
    runs, so a snapshot of the instance itself would see no change.
    """
    if instance.pk is None:
        return snapshot(instance, fields)
    return snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    alliance: Any = None,
) -> AuditEntry:
    """Append one entry; ``actor`` may be an anonymous user or None for system changes."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        alliance=alliance,
    )


def audited_update(
    instance: models.Model, *, actor: Any, alliance: Any = None, **fields: Any
) -> models.Model:
    """Set ``fields``, validate, and save with one UPDATE entry – only if something changed."""
    before = stored_snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = diff(before, snapshot(instance))
    if changes:
        instance.save()
        audit_record(
            actor=actor,
            instance=instance,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=alliance,
        )
    return instance


def audit_entries_for(instance: models.Model):
    """The trail of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=str(instance.pk)
    )
