"""Writes to organisations and their representatives, each with an audit entry.

Organisation records are shared by every alliance they sit in, so their entries carry no alliance.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, audited_update, snapshot
from fachkraefte.web.organisations.models import Organisation, Representative


def _record(actor: Any, instance: Any, action: str, changes: dict[str, Any]) -> None:
    audit_record(actor=actor, instance=instance, action=action, changes=changes)


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    category: str,
    region: Any = None,
    inhabitants: int | None = None,
    website: str = "",
) -> Organisation:
    organisation = Organisation(
        name=name, category=category, region=region, inhabitants=inhabitants, website=website
    )
    organisation.full_clean()
    organisation.save()
    _record(actor, organisation, AuditEntry.Action.CREATE, snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    return audited_update(organisation, actor=actor, **fields)


@transaction.atomic
def representative_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    function: str = "",
    email: str = "",
    user: Any = None,
) -> Representative:
    representative = Representative(
        organisation=organisation, name=name, function=function, email=email, user=user
    )
    representative.full_clean()
    representative.save()
    _record(actor, representative, AuditEntry.Action.CREATE, snapshot(representative))
    return representative


@transaction.atomic
def representative_update(
    *, actor: Any, representative: Representative, **fields: Any
) -> Representative:
    return audited_update(representative, actor=actor, **fields)


@transaction.atomic
def representative_delete(*, actor: Any, representative: Representative) -> None:
    _record(actor, representative, AuditEntry.Action.DELETE, snapshot(representative))
    representative.delete()
