"""Who may see and change organisations and their named representatives.

Organisations are public (name, category, Kreis). Their representatives are visible to the
coordination office, to people with a role in an alliance the organisation belongs to, and to the
representatives themselves. The coordination office and the steering-group members of those
alliances edit an organisation; any steering-group member may create one (to add it as a member).
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.organisations.models import Organisation

STEERING = AllianceRole.Kind.STEERING


def _seat(user: Any, **where: Any) -> bool:
    """Whether ``user`` has an alliance role matching ``where`` (anonymous users have none)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return AllianceRole.objects.filter(user=user, **where).exists()


def _represents(user: Any, organisation: Organisation) -> bool:
    authenticated = getattr(user, "is_authenticated", False)
    return authenticated and organisation.representatives.filter(user=user).exists()


def can_create_organisation(user: Any) -> bool:
    return is_coordination(user) or _seat(user, kind=STEERING)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordination(user) or _seat(
        user, kind=STEERING, alliance__memberships__organisation=organisation
    )


def can_view_representatives(user: Any, organisation: Organisation) -> bool:
    return (
        is_coordination(user)
        or _seat(user, alliance__memberships__organisation=organisation)
        or _represents(user, organisation)
    )
