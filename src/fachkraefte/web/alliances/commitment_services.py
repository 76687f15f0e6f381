"""Services of the alliances' commitments (Selbstverpflichtungen): create, change, move along.

A member who speaks for a commitment changes only its status, one step of
``workflows.COMMITMENT_WORKFLOW``; the managers change everything. Split from ``services`` so
that each module keeps to one kind of record.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.alliances import rules
from fachkraefte.web.alliances.models import ActionField, Alliance, Commitment, Membership
from fachkraefte.web.alliances.services import _check_same_alliance, _create, _delete, _update
from fachkraefte.web.alliances.workflows import COMMITMENT_WORKFLOW

COMMITMENT_REFUSAL = gettext_lazy(
    "Den Status einer Selbstverpflichtung ändern nur das Mitglied, dessen Zusage es ist, die "
    "Steuerungsgruppe und die Koordinierungsstelle."
)


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    alliance: Alliance,
    membership: Membership,
    title: str,
    description: str = "",
    action_field: ActionField | None = None,
    due_on: Any = None,
    status: str = Commitment.Status.PLANNED,
) -> Commitment:
    _check_same_alliance(alliance, membership=membership, action_field=action_field)
    return _create(
        Commitment,
        actor=actor,
        alliance=alliance,
        membership=membership,
        title=title,
        description=description,
        action_field=action_field,
        due_on=due_on,
        status=status,
    )


@transaction.atomic
def commitment_update(*, actor: Any, commitment: Commitment, **fields: Any) -> Commitment:
    """Change a commitment. The managers change any field; a member who speaks for it only the
    status. A status change is one step of ``COMMITMENT_WORKFLOW``, checked before anything is
    written, and audited as its own entry."""
    if not rules.can_update_commitment_status(actor, commitment):
        raise PermissionDenied(COMMITMENT_REFUSAL)
    if not rules.can_edit_commitment(actor, commitment):
        if set(fields) - {"status"}:
            raise PermissionDenied(
                _("Mitglieder ändern nur den Status ihrer Selbstverpflichtungen.")
            )
        if "status" not in fields:
            return commitment
        return commitment_set_status(actor=actor, commitment=commitment, status=fields["status"])
    _check_same_alliance(
        commitment.alliance,
        membership=fields.get("membership"),
        action_field=fields.get("action_field"),
    )
    stored = Commitment.objects.select_for_update().get(pk=commitment.pk)
    status = fields.pop("status", stored.status)
    if status != stored.status:
        COMMITMENT_WORKFLOW.check(actor, stored, status)
    commitment.status = stored.status  # a bound form has already set the new one
    commitment = _update(commitment, actor=actor, alliance=commitment.alliance, **fields)
    if status != stored.status:
        COMMITMENT_WORKFLOW.transition(actor, commitment, status)
    return commitment


@transaction.atomic
def commitment_set_status(*, actor: Any, commitment: Commitment, status: str) -> Commitment:
    """One step of ``COMMITMENT_WORKFLOW``; the same status again changes nothing."""
    if not rules.can_update_commitment_status(actor, commitment):
        raise PermissionDenied(COMMITMENT_REFUSAL)
    commitment.status = Commitment.objects.select_for_update().get(pk=commitment.pk).status
    if status != commitment.status:
        COMMITMENT_WORKFLOW.transition(actor, commitment, status)
    return commitment


@transaction.atomic
def commitment_delete(*, actor: Any, commitment: Commitment) -> None:
    _delete(commitment, actor=actor, alliance=commitment.alliance)
