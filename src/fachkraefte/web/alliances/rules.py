"""Who may see and do what in an alliance: one rule per function, used by views, API and templates.

- public (anyone): the alliance list and an alliance's public page (name, districts, member
  organisations, action fields, priorities, composition status);
- alliance member: also the internal pages of *their* alliance (strategy versions, commitments,
  project groups, meetings, votes, audit trail); may update their own organisation's commitments;
- steering-group member: also manages their alliance (members, bodies, strategy, agenda items) and votes;
- coordination office and admin: everything in every alliance, and may create alliances.
A member "speaks for" the member organisation named on their role or one they represent; they
move that organisation's commitments along (``workflows.COMMITMENT_WORKFLOW``: only the status,
never the other fields) and nominate its experts. Taking up a fulfilled or dropped commitment
again is for the managers.
Internal objects of another alliance answer 404, so that their existence does not leak.
Organisations and programmes have their own ``rules.py``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership

OPEN_COMMITMENT = {Commitment.Status.PLANNED, Commitment.Status.IN_PROGRESS}
CLOSED_COMMITMENT = {Commitment.Status.DONE, Commitment.Status.DROPPED}


def role_in(user: Any, alliance: Alliance) -> str | None:
    """The user's AllianceRole.Kind in ``alliance``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        AllianceRole.objects.filter(alliance=alliance, user=user)
        .values_list("kind", flat=True)
        .first()
    )


def can_create_alliance(user: Any) -> bool:
    return is_coordination(user)


def can_view_internal(user: Any, alliance: Alliance) -> bool:
    return is_coordination(user) or role_in(user, alliance) is not None


def can_manage(user: Any, alliance: Alliance) -> bool:
    return is_coordination(user) or role_in(user, alliance) == AllianceRole.Kind.STEERING


def can_vote(user: Any, alliance: Alliance) -> bool:
    """Only steering-group members vote; the coordination office records, it does not vote."""
    return role_in(user, alliance) == AllianceRole.Kind.STEERING


def internal_alliances(user: Any) -> QuerySet[Alliance]:
    """The alliances whose internal records ``user`` may read (for lists, counts and search)."""
    if is_coordination(user):
        return Alliance.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    return Alliance.objects.filter(roles__user=user).distinct()


def speaks_for(user: Any, alliance: Alliance) -> QuerySet[Membership]:
    """The memberships of ``alliance`` that ``user`` speaks for (role seat or representative)."""
    if not getattr(user, "is_authenticated", False) or role_in(user, alliance) is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(alliance=alliance)
        .filter(
            Q(roles__user=user, roles__alliance=alliance)
            | Q(organisation__representatives__user=user)
        )
        .distinct()
    )


def can_update_commitment_status(user: Any, commitment: Commitment) -> bool:
    return (
        can_manage(user, commitment.alliance)
        or speaks_for(user, commitment.alliance).filter(pk=commitment.membership_id).exists()
    )


def can_edit_commitment(user: Any, commitment: Commitment) -> bool:
    """All fields (title, member, due date, …), not only the status: the managers."""
    return can_manage(user, commitment.alliance)


def can_advance_commitment(user: Any, commitment: Commitment) -> bool:
    return can_update_commitment_status(user, commitment) and commitment.status in OPEN_COMMITMENT


def can_reopen_commitment(user: Any, commitment: Commitment) -> bool:
    return can_manage(user, commitment.alliance) and commitment.status in CLOSED_COMMITMENT


def can_nominate_expert(user: Any, alliance: Alliance, membership: Membership | None) -> bool:
    """Managers nominate for any member; a member for the organisation they speak for."""
    if can_manage(user, alliance):
        return True
    if membership is None:
        return speaks_for(user, alliance).exists()
    return speaks_for(user, alliance).filter(pk=membership.pk).exists()
