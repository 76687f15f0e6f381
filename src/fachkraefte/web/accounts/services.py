"""Writes about accounts. Changes to roles and account status are recorded in the audit trail
in the same transaction (``audit.services.audit_record``)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from fachkraefte.web.accounts.models import Invitation, KnownLoginAddress, LoginAttempt, Profile
from fachkraefte.web.accounts.selectors import token_hash
from fachkraefte.web.accounts.throttling import normalise_username
from fachkraefte.web.alliances.models import Alliance, AllianceRole, StrategyVersion
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, snapshot

INVITATION_VALID_FOR = dt.timedelta(days=14)
# Fields an audit entry about an invitation shows; never the token hash.
_INVITATION_AUDIT_FIELDS = ("email", "alliance", "alliance_role", "group", "expires_at")


class InvitationUnusable(Exception):
    """The invitation cannot be accepted; ``reason`` is 'accepted', 'revoked' or 'expired'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _invitation_changes(invitation: Invitation) -> dict[str, Any]:
    return {
        name: getattr(invitation, name)
        for name in _INVITATION_AUDIT_FIELDS
        if getattr(invitation, name) not in (None, "")
    }


def invitation_create(
    *,
    invited_by: Any,
    email: str,
    alliance: Alliance | None = None,
    alliance_role: str = "",
    group: str = "",
    site_url: str,
) -> Invitation:
    """Store the invitation and e-mail its link. Mail is sent inside the transaction: if the
    mail server refuses, no invitation is left behind that nobody received."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            token_hash=token_hash(token),
            expires_at=timezone.now() + INVITATION_VALID_FOR,
            invited_by=invited_by,
            alliance=alliance,
            alliance_role=alliance_role if alliance is not None else "",
            group=group,
        )
        audit_record(
            actor=invited_by,
            instance=invitation,
            action=AuditEntry.Action.CREATE,
            changes=_invitation_changes(invitation),
            alliance=alliance,
        )
        context = {
            "invitation": invitation,
            "inviter": invited_by.get_full_name() or invited_by.get_username(),
            "accept_url": site_url.rstrip("/")
            + reverse("accounts:invitation_accept", args=[token]),
        }
        subject = render_to_string("accounts/invitation_subject.txt", context)
        body = render_to_string("accounts/invitation_email.txt", context)
        send_mail(" ".join(subject.split()), body, None, [email])
    return invitation


def invitation_revoke(*, invitation: Invitation, actor: Any) -> None:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            return
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            instance=locked,
            action=AuditEntry.Action.DELETE,
            changes={"revoked_at": locked.revoked_at, **_invitation_changes(locked)},
            alliance=locked.alliance,
        )


def _grant(*, invitation: Invitation, user: Any) -> None:
    if invitation.group:
        group, _created = Group.objects.get_or_create(name=invitation.group)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            audit_record(
                actor=user,
                instance=user,
                action=AuditEntry.Action.UPDATE,
                changes={"groups": [None, invitation.group]},
            )
    if invitation.alliance_id is None:
        return
    role = AllianceRole.objects.filter(alliance=invitation.alliance, user=user).first()
    if role is None:
        role = AllianceRole.objects.create(
            alliance=invitation.alliance, user=user, kind=invitation.alliance_role
        )
        audit_record(
            actor=user,
            instance=role,
            action=AuditEntry.Action.CREATE,
            changes={"user": user, "kind": role.kind},
            alliance=invitation.alliance,
        )
    elif role.kind == AllianceRole.Kind.MEMBER and invitation.alliance_role == (
        AllianceRole.Kind.STEERING
    ):
        # An invitation only ever raises a role; lowering one is a decision of the alliance.
        role.kind = AllianceRole.Kind.STEERING
        role.save(update_fields=["kind"])
        audit_record(
            actor=user,
            instance=role,
            action=AuditEntry.Action.UPDATE,
            changes={"kind": [AllianceRole.Kind.MEMBER, AllianceRole.Kind.STEERING]},
            alliance=invitation.alliance,
        )


def _account(user: Any) -> Any:
    """The user row itself: ``request.user`` is a lazy proxy whose type the audit trail cannot
    name."""
    return get_user_model().objects.get(pk=user.pk)


def _accept_locked(*, invitation_id: int, user: Any) -> Invitation:
    user = _account(user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.accepted_at is not None:
        raise InvitationUnusable("accepted")
    if invitation.revoked_at is not None:
        raise InvitationUnusable("revoked")
    if invitation.is_expired:
        raise InvitationUnusable("expired")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        instance=invitation,
        action=AuditEntry.Action.UPDATE,
        changes={"accepted_at": invitation.accepted_at, "accepted_by": user},
        alliance=invitation.alliance,
    )
    _grant(invitation=invitation, user=user)
    return invitation


def invitation_accept(*, invitation_id: int, user: Any) -> Invitation:
    """A signed-in person accepts; raises InvitationUnusable if it was used, revoked or expired.
    The row lock makes a double submit grant once and fail once."""
    with transaction.atomic():
        return _accept_locked(invitation_id=invitation_id, user=user)


def user_register_from_invitation(
    *,
    invitation_id: int,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> Any:
    """Create an account for the invited e-mail address and accept the invitation, all or
    nothing. Raises InvitationUnusable, or IntegrityError if the username was taken meanwhile."""
    with transaction.atomic():
        email = Invitation.objects.values_list("email", flat=True).get(pk=invitation_id)
        user = get_user_model().objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
        audit_record(
            actor=user,
            instance=user,
            action=AuditEntry.Action.CREATE,
            changes={"username": username, "email": email},
        )
        _accept_locked(invitation_id=invitation_id, user=user)
    return user


def user_set_active(*, actor: Any, user: Any, active: bool) -> None:
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            instance=locked,
            action=AuditEntry.Action.UPDATE,
            changes={"is_active": [not active, active]},
        )
    user.is_active = active


def user_update_contact(*, user: Any, first_name: str, last_name: str, email: str) -> None:
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])


def profile_set_language(*, user: Any, language: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def token_rotate(*, user: Any) -> Token:
    """A new API token; the old one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_delete(*, user: Any) -> bool:
    deleted, _detail = Token.objects.filter(user=user).delete()
    return bool(deleted)


def user_delete(*, user: Any) -> str:
    """Delete one's own account (GDPR Art. 17). Audit entries keep ``actor_name``.

    Records that must outlive the account (votes in a decision are protected by the database)
    stop a deletion; then the account is anonymised instead: no name, e-mail, password, roles
    or token remain, only a placeholder username. Returns 'deleted' or 'anonymised'.
    """
    user = _account(user)
    username = user.get_username()
    with transaction.atomic():
        audit_record(
            actor=user,
            instance=user,
            action=AuditEntry.Action.DELETE,
            changes={"username": username},
        )
        LoginAttempt.objects.filter(username=normalise_username(username)).delete()
        KnownLoginAddress.objects.filter(username=normalise_username(username)).delete()
        # Both ways end the person's roles: each alliance's trail says so.
        for role in AllianceRole.objects.filter(user=user).select_related("alliance"):
            audit_record(
                actor=user,
                instance=role,
                action=AuditEntry.Action.DELETE,
                changes={**snapshot(role), "reason": "account deleted"},
                alliance=role.alliance,
            )
        try:
            with transaction.atomic():
                _record_account_cascades(user)
                user.delete()
            return "deleted"
        except (ProtectedError, IntegrityError):
            _anonymise(user)
            return "anonymised"


def _record_account_cascades(user: Any) -> None:
    """Entries in the alliances' trails for what deleting the account removes or unlinks:
    declared conflicts of interest (deleted), strategy versions and decisions (author unset)."""
    from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest

    name = user.get_username()
    for conflict in ConflictOfInterest.objects.filter(user=user).select_related(
        "agenda_item__meeting__alliance"
    ):
        audit_record(
            actor=user,
            instance=conflict,
            action=AuditEntry.Action.DELETE,
            changes=snapshot(conflict),
            alliance=conflict.agenda_item.meeting.alliance,
        )
    # Records that keep their row but lose the person as author or decider.
    unset = (
        (StrategyVersion.objects.filter(created_by=user).select_related("alliance"), "created_by"),
        (
            AgendaItem.objects.filter(decided_by=user).select_related("meeting__alliance"),
            "decided_by",
        ),
    )
    for records, field in unset:
        for record in records:
            audit_record(
                actor=user,
                instance=record,
                action=AuditEntry.Action.UPDATE,
                changes={field: [name, None]},
                alliance=getattr(record, "alliance", None) or record.meeting.alliance,
            )


def _anonymise(user: Any) -> None:
    Token.objects.filter(user=user).delete()
    Profile.objects.filter(user=user).delete()
    AllianceRole.objects.filter(user=user).delete()
    user.groups.clear()
    user.username = f"geloescht-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
