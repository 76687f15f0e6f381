"""Who may see and do what in an alliance: one rule per function, used by views, API and templates.

- public (anyone): the alliance list and an alliance's public page (name, districts, member
  organisations, action fields, priorities, composition status);
- alliance member: also the internal pages of *their* alliance (strategy versions, commitments,
  project groups, meetings, votes, audit trail); may update their own organisation's commitments;
- steering-group member: also manages their alliance (members, bodies, strategy, agenda items) and votes;
- coordination office and admin: everything in every alliance, and may create alliances.
Organisations are public (name, category, Kreis); their named representatives are visible to the
coordination office and to people with a role in an alliance the organisation belongs to. The
coordination office and the steering-group members of those alliances edit an organisation.
A member "speaks for" the member organisation named on their role or one they represent; they
update that organisation's commitments and nominate its experts.
Internal objects of another alliance answer 404, so that their existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership
from fachkraefte.web.organisations.models import Organisation, Representative


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


def can_edit_programmes(user: Any) -> bool:
    """Programmes and their composition rules: the coordination office and admins only."""
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


def can_nominate_expert(user: Any, alliance: Alliance, membership: Membership | None) -> bool:
    """Managers nominate for any member; a member for the organisation they speak for."""
    if can_manage(user, alliance):
        return True
    if membership is None:
        return speaks_for(user, alliance).exists()
    return speaks_for(user, alliance).filter(pk=membership.pk).exists()


def can_create_organisation(user: Any) -> bool:
    return is_coordination(user) or (
        getattr(user, "is_authenticated", False)
        and AllianceRole.objects.filter(user=user, kind=AllianceRole.Kind.STEERING).exists()
    )


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordination(user) or (
        getattr(user, "is_authenticated", False)
        and AllianceRole.objects.filter(
            user=user,
            kind=AllianceRole.Kind.STEERING,
            alliance__memberships__organisation=organisation,
        ).exists()
    )


def can_view_representatives(user: Any, organisation: Organisation) -> bool:
    if is_coordination(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        AllianceRole.objects.filter(
            user=user, alliance__memberships__organisation=organisation
        ).exists()
        or organisation.representatives.filter(user=user).exists()
    )


def visible_representatives(user: Any) -> QuerySet[Representative]:
    """Representatives ``user`` may see (for API lists and counts)."""
    if is_coordination(user):
        return Representative.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Representative.objects.none()
    return Representative.objects.filter(
        Q(organisation__memberships__alliance__roles__user=user)
        | Q(organisation__representatives__user=user)
    ).distinct()
