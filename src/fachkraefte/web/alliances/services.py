"""Writes to alliances and their bodies; every write records an audit entry in its transaction.

Views and the API call these after checking permissions (``alliances.rules``); the services
validate the data (``full_clean``) so that no caller can store what a form would refuse.
Commitments move between states only through ``workflows.COMMITMENT_WORKFLOW``, which also
checks who may take each step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, audited_update, diff, snapshot
from fachkraefte.web.core.models import Region

Model = TypeVar("Model", bound=models.Model)

# Path segments under /allianzen/ that are pages, not alliances.
RESERVED_SLUGS = {"neu", "organisationen", "programme", "vertretungen", "export"}
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def slug_base(name: str) -> str:
    """ "Kreis Gießen" → "kreis-giessen": German transliteration, then Django's slugify."""
    return slugify(name.translate(_UMLAUTS))[:70].strip("-") or "allianz"


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slug_base(name)
    candidate, number = base, 1
    taken = Alliance.objects.exclude(pk=exclude_pk)
    while candidate in RESERVED_SLUGS or taken.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _create(model: type[Model], *, actor: Any, alliance: Alliance | None, **fields: Any) -> Model:
    if any(field.name == "alliance" for field in model._meta.concrete_fields):
        fields["alliance"] = alliance
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(instance),
        alliance=alliance,
    )
    return instance


def _update(instance: Model, *, actor: Any, alliance: Alliance | None, **fields: Any) -> Model:
    return audited_update(instance, actor=actor, alliance=alliance, **fields)


def _delete_entry(instance: models.Model, *, actor: Any, alliance: Alliance | None) -> None:
    """The DELETE entry of a record that is removed (itself, or by a cascade)."""
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.DELETE,
        changes=snapshot(instance),
        alliance=alliance,
    )


def _delete(instance: models.Model, *, actor: Any, alliance: Alliance | None) -> None:
    _delete_entry(instance, actor=actor, alliance=alliance)
    instance.delete()


def _record_nulled(
    records: Iterable[models.Model],
    field: str,
    target: models.Model,
    *,
    actor: Any,
    alliance: Alliance | None,
) -> None:
    """UPDATE entries for records whose ``field`` the database sets to NULL when ``target`` goes."""
    for record in records:
        audit_record(
            actor=actor,
            instance=record,
            action=AuditEntry.Action.UPDATE,
            changes={field: [str(target), None]},
            alliance=alliance,
        )


def _check_unique_name(name: str, *, exclude_pk: int | None = None) -> None:
    """Two alliances with one name cannot be told apart in lists, pickers and the API."""
    taken = Alliance.objects.exclude(pk=exclude_pk).filter(name__iexact=(name or "").strip())
    if name and taken.exists():
        raise ValidationError(
            {
                "name": _(
                    "Eine Allianz mit dem Namen „%(name)s“ gibt es schon. Bitte einen Namen "
                    "wählen, der sie unterscheidet (z. B. mit dem Kreis)."
                )
                % {"name": name.strip()}
            }
        )


def _district_codes(districts: Iterable[Region]) -> list[str]:
    return sorted(region.ags for region in districts)


@transaction.atomic
def alliance_create(
    *,
    actor: Any,
    name: str,
    districts: Iterable[Region],
    programme: Any = None,
    description: str = "",
    consensus_rule: str | None = None,
    founded_on: Any = None,
    recognised_until: Any = None,
    slug: str | None = None,
) -> Alliance:
    districts = list(districts)
    _check_unique_name(name)
    alliance = Alliance(
        name=name,
        slug=slug or unique_slug(name),
        programme=programme,
        description=description,
        consensus_rule=consensus_rule
        or (programme.default_consensus_rule if programme else Alliance().consensus_rule),
        founded_on=founded_on,
        recognised_until=recognised_until,
    )
    alliance.full_clean()
    alliance.save()
    alliance.districts.set(districts)
    audit_record(
        actor=actor,
        instance=alliance,
        action=AuditEntry.Action.CREATE,
        changes={**snapshot(alliance), "districts": _district_codes(districts)},
        alliance=alliance,
    )
    return alliance


@transaction.atomic
def alliance_update(
    *, actor: Any, alliance: Alliance, districts: Iterable[Region] | None = None, **fields: Any
) -> Alliance:
    if "name" in fields:
        _check_unique_name(fields["name"], exclude_pk=alliance.pk)
    before = {**snapshot(alliance), "districts": _district_codes(alliance.districts.all())}
    for name, value in fields.items():
        setattr(alliance, name, value)
    alliance.full_clean()
    alliance.save()
    if districts is not None:
        alliance.districts.set(list(districts))
    after = {**snapshot(alliance), "districts": _district_codes(alliance.districts.all())}
    changes = diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            instance=alliance,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=alliance,
        )
    return alliance


@transaction.atomic
def membership_create(
    *, actor: Any, alliance: Alliance, organisation: Any, joined_on: Any = None, note: str = ""
) -> Membership:
    return _create(
        Membership,
        actor=actor,
        alliance=alliance,
        organisation=organisation,
        joined_on=joined_on,
        note=note,
    )


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership) -> None:
    """Also removes the member's commitments and nominated experts (the page says so first);
    each of them gets its own DELETE entry, and roles speaking for the member an UPDATE entry."""
    alliance = membership.alliance
    for commitment in membership.commitments.all():
        _delete_entry(commitment, actor=actor, alliance=alliance)
    for expert in membership.experts.select_related("project_group"):
        _delete_entry(expert, actor=actor, alliance=alliance)
    _record_nulled(membership.roles.all(), "membership", membership, actor=actor, alliance=alliance)
    _delete(membership, actor=actor, alliance=alliance)


@transaction.atomic
def role_create(
    *, actor: Any, alliance: Alliance, user: Any, kind: str, membership: Membership | None = None
) -> AllianceRole:
    return _create(
        AllianceRole, actor=actor, alliance=alliance, user=user, kind=kind, membership=membership
    )


@transaction.atomic
def role_delete(*, actor: Any, role: AllianceRole) -> None:
    _delete(role, actor=actor, alliance=role.alliance)


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def action_field_create(
    *, actor: Any, alliance: Alliance, title: str, description: str = ""
) -> ActionField:
    return _create(
        ActionField,
        actor=actor,
        alliance=alliance,
        title=title,
        description=description,
        position=_next_position(alliance.action_fields.all()),
    )


@transaction.atomic
def action_field_update(*, actor: Any, action_field: ActionField, **fields: Any) -> ActionField:
    return _update(action_field, actor=actor, alliance=action_field.alliance, **fields)


@transaction.atomic
def action_field_delete(*, actor: Any, action_field: ActionField) -> None:
    """Priorities, project groups and commitments linked to it lose the link (an UPDATE entry each)."""
    alliance = action_field.alliance
    for related in (
        action_field.priorities.all(),
        action_field.project_groups.all(),
        action_field.commitments.all(),
    ):
        _record_nulled(related, "action_field", action_field, actor=actor, alliance=alliance)
    _delete(action_field, actor=actor, alliance=alliance)


@transaction.atomic
def priority_create(
    *,
    actor: Any,
    alliance: Alliance,
    title: str,
    description: str = "",
    action_field: ActionField | None = None,
) -> Priority:
    _check_same_alliance(alliance, action_field=action_field)
    return _create(
        Priority,
        actor=actor,
        alliance=alliance,
        title=title,
        description=description,
        action_field=action_field,
        position=_next_position(alliance.priorities.all()),
    )


@transaction.atomic
def priority_update(*, actor: Any, priority: Priority, **fields: Any) -> Priority:
    _check_same_alliance(priority.alliance, action_field=fields.get("action_field"))
    return _update(priority, actor=actor, alliance=priority.alliance, **fields)


@transaction.atomic
def priority_delete(*, actor: Any, priority: Priority) -> None:
    _delete(priority, actor=actor, alliance=priority.alliance)


@transaction.atomic
def position_move(*, actor: Any, item: ActionField | Priority, step: int) -> None:
    """Move an action field or priority one place up (-1) or down (+1) in its alliance's list."""
    siblings = list(
        type(item)
        .objects.select_for_update()
        .filter(alliance=item.alliance)
        .order_by("position", "id")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            old = sibling.position
            sibling.position = position
            sibling.save(update_fields=["position"])
            audit_record(
                actor=actor,
                instance=sibling,
                action=AuditEntry.Action.UPDATE,
                changes={"position": [old, position]},
                alliance=item.alliance,
            )


@transaction.atomic
def project_group_create(
    *,
    actor: Any,
    alliance: Alliance,
    name: str,
    topic: str = "",
    action_field: ActionField | None = None,
) -> ProjectGroup:
    _check_same_alliance(alliance, action_field=action_field)
    return _create(
        ProjectGroup,
        actor=actor,
        alliance=alliance,
        name=name,
        topic=topic,
        action_field=action_field,
    )


@transaction.atomic
def project_group_update(*, actor: Any, project_group: ProjectGroup, **fields: Any) -> ProjectGroup:
    _check_same_alliance(project_group.alliance, action_field=fields.get("action_field"))
    return _update(project_group, actor=actor, alliance=project_group.alliance, **fields)


@transaction.atomic
def project_group_delete(*, actor: Any, project_group: ProjectGroup) -> None:
    _delete(project_group, actor=actor, alliance=project_group.alliance)


@transaction.atomic
def expert_create(
    *,
    actor: Any,
    project_group: ProjectGroup,
    nominated_by: Membership,
    name: str,
    email: str = "",
    expertise: str = "",
) -> Expert:
    if nominated_by.alliance_id != project_group.alliance_id:
        raise ValidationError(
            {"nominated_by": _("Nur Mitglieder dieser Allianz können Fachleute benennen.")}
        )
    return _create(
        Expert,
        actor=actor,
        alliance=project_group.alliance,
        project_group=project_group,
        nominated_by=nominated_by,
        name=name,
        email=email,
        expertise=expertise,
    )


@transaction.atomic
def expert_delete(*, actor: Any, expert: Expert) -> None:
    _delete(expert, actor=actor, alliance=expert.project_group.alliance)


@transaction.atomic
def strategy_version_create(
    *, actor: Any, alliance: Alliance, title: str, text: str, note: str = ""
) -> StrategyVersion:
    """Versions are numbered 1, 2, …; the lock keeps two saves at once from taking one number."""
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    number = (alliance.strategy_versions.aggregate(top=Max("number"))["top"] or 0) + 1
    # Line endings from browsers are CRLF; store LF so that versions compare line by line.
    text = re.sub(r"\r\n?", "\n", text)
    return _create(
        StrategyVersion,
        actor=actor,
        alliance=alliance,
        number=number,
        title=title,
        text=text,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _check_same_alliance(alliance: Alliance, **related: Any) -> None:
    """A record may only point at a member and action field of its own alliance."""
    errors = {
        name: _("Gehört nicht zu dieser Allianz.")
        for name, value in related.items()
        if value is not None and value.alliance_id != alliance.pk
    }
    if errors:
        raise ValidationError(errors)
