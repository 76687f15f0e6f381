"""Who may see and do what in an alliance: one rule per function, used by views, API and templates.

- public (anyone): the alliance list and an alliance's public page (name, districts, member
  organisations, action fields, priorities, composition status);
- alliance member: also the internal pages of *their* alliance (strategy versions, commitments,
  project groups, meetings, votes, audit trail); may update their own organisation's commitments;
- steering-group member: also manages their alliance (members, bodies, strategy, agenda items) and votes;
- coordination office and admin: everything in every alliance, and may create alliances.
Internal objects of another alliance answer 404, so that their existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole


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
