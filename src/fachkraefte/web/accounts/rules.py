"""Who may invite, and who may administer accounts: one rule per function.

- invitations into an alliance: whoever manages it (``alliances.rules.can_manage``: its
  steering group, the coordination office, admins);
- the platform group "Antragsteller": the coordination office and admins;
- the platform group "Koordinierungsstelle": admins only;
- the user administration (list, deactivate, reactivate): the coordination office and admins;
  nobody changes their own status, and only admins change an admin's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.roles import is_admin, is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.alliances.rules import can_manage


def manageable_alliances(user: Any) -> QuerySet[Alliance]:
    """The alliances into which ``user`` may invite (same set as ``can_manage``)."""
    if is_coordination(user):
        return Alliance.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Alliance.objects.none()
    return Alliance.objects.filter(
        roles__user=user, roles__kind=AllianceRole.Kind.STEERING
    ).distinct()


def can_grant_group(user: Any, group: str) -> bool:
    if group == Invitation.Group.COORDINATION:
        return is_admin(user)
    if group == Invitation.Group.APPLICANT:
        return is_coordination(user)
    return False


def can_invite(user: Any, *, alliance: Alliance | None = None, group: str = "") -> bool:
    """May ``user`` send an invitation granting this alliance role and/or group?"""
    if alliance is None and not group:
        return False
    if alliance is not None and not can_manage(user, alliance):
        return False
    return not group or can_grant_group(user, group)


def can_invite_anyone(user: Any) -> bool:
    """Opens the invitation pages: the coordination office or a steering-group member."""
    return is_coordination(user) or manageable_alliances(user).exists()


def can_revoke(user: Any, invitation: Invitation) -> bool:
    """Whoever could have sent it may withdraw it."""
    return can_invite(user, alliance=invitation.alliance, group=invitation.group)


def can_delete_own_account(user: Any) -> bool:
    """Anyone but the last active admin, who would leave the platform without one."""
    if not is_admin(user):
        return True
    others = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    return others.exists()


def can_administer_users(user: Any) -> bool:
    return is_coordination(user)


def can_change_active(user: Any, target: Any) -> bool:
    if not can_administer_users(user) or user.pk == target.pk:
        return False
    return not target.is_superuser or is_admin(user)
