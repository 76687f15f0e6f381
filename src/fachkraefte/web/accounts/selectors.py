"""Reads about accounts: invitations, a person's roles, the user list, the GDPR data export."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core import serializers
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from fachkraefte.web.accounts.models import Invitation, KnownLoginAddress, LoginAttempt
from fachkraefte.web.accounts.roles import is_admin, is_coordination
from fachkraefte.web.accounts.rules import manageable_alliances
from fachkraefte.web.accounts.throttling import normalise_username
from fachkraefte.web.alliances.models import AllianceRole


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("alliance", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitations_pending_for(user: Any) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked that ``user`` may see (expired ones included,
    so they can be withdrawn and sent anew)."""
    pending = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    if not is_coordination(user):
        pending = pending.filter(alliance__in=manageable_alliances(user))
    return pending.select_related("alliance", "invited_by").order_by("expires_at", "id")


@dataclass(frozen=True)
class AllianceRoleRow:
    alliance: Any
    kind: str
    label: str


@dataclass(frozen=True)
class Roles:
    platform: list[str]
    alliances: list[AllianceRoleRow]


def user_roles(user: Any) -> Roles:
    """The person's platform roles (labels) and roles per alliance, for profile and admin pages."""
    platform = []
    if is_admin(user):
        platform.append(_("Administration"))
    platform += [str(Invitation.Group(name).label) for name in _group_names(user)]
    if not platform:
        platform.append(_("Angemeldete Person (Antragsteller)"))
    rows = [
        AllianceRoleRow(alliance=role.alliance, kind=role.kind, label=role.get_kind_display())
        for role in AllianceRole.objects.filter(user=user).select_related("alliance")
    ]
    return Roles(platform=platform, alliances=rows)


def _group_names(user: Any) -> list[str]:
    known = set(Invitation.Group.values)
    return [name for name in user.groups.values_list("name", flat=True) if name in known]


USER_SORT_FIELDS = {
    "username": ("username",),
    "name": ("last_name", "first_name", "username"),
    "email": ("email", "username"),
    "status": ("is_active", "username"),
    "last_login": ("last_login", "username"),
    "date_joined": ("date_joined", "username"),
}


def user_list(
    *, search: str = "", status: str = "", role: str = "", sort: str = "username"
) -> QuerySet:
    """Users for the administration page; ``sort`` is a key of USER_SORT_FIELDS, '-' descends."""
    users = get_user_model().objects.all()
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    if role == "admin":
        users = users.filter(is_superuser=True)
    elif role in Invitation.Group.values:
        users = users.filter(groups__name=role)
    elif role in AllianceRole.Kind.values:
        users = users.filter(alliance_roles__kind=role)
    descending = sort.startswith("-")
    fields = USER_SORT_FIELDS.get(sort.lstrip("-"), USER_SORT_FIELDS["username"])
    order = [f"-{name}" if descending else name for name in fields]
    return users.distinct().order_by(*order).prefetch_related("groups", "alliance_roles__alliance")


# Fields never exported: credentials and secrets, even the person's own.
_SECRET_FIELDS = {"password", "token_hash", "key"}


def user_data_export(user: Any) -> dict[str, Any]:
    """Everything the platform stores about ``user`` (GDPR Art. 15 / 20), as JSON-ready data.

    Walks every model with a foreign key to the user model, so that records added by other
    apps later (votes, proposals, …) are included without changes here.
    """
    account = {
        name: value
        for name, value in serializers.serialize("python", [user])[0]["fields"].items()
        if name not in _SECRET_FIELDS and name != "user_permissions"
    }
    account["groups"] = list(user.groups.values_list("name", flat=True))
    records: dict[str, list[dict[str, Any]]] = {}
    for relation in user._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.related_model):
            continue
        model = relation.related_model
        if model._meta.label == "authtoken.Token":
            continue  # reported below without its key
        field = relation.field.name
        rows = model._default_manager.filter(**{field: user})
        serialised = [
            {
                "id": str(item["pk"]),
                **{k: v for k, v in item["fields"].items() if k not in _SECRET_FIELDS},
            }
            for item in serializers.serialize("python", rows)
        ]
        if serialised:
            key = f"{model._meta.label} ({field})"
            records.setdefault(key, []).extend(serialised)
    token = Token.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now(),
        "account": account,
        "api_token": {"created": token.created} if token else None,
        "records": records,
        "failed_logins": list(
            LoginAttempt.objects.filter(username=normalise_username(user.get_username())).values(
                "ip", "attempted_at"
            )
        ),
        "known_login_addresses": list(
            KnownLoginAddress.objects.filter(
                username=normalise_username(user.get_username())
            ).values("ip", "succeeded_at")
        ),
    }


def invitations_sent_open(*, user: Any) -> QuerySet[Invitation]:
    """Invitations ``user`` sent that are neither accepted nor withdrawn (expired ones too,
    so the person sees that they need sending anew)."""
    return (
        Invitation.objects.filter(
            invited_by=user, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("alliance")
        .order_by("expires_at", "id")
    )
