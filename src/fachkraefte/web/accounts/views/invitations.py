"""Invitations: send, list, revoke (with confirmation) and accept by link."""

from __future__ import annotations

import smtplib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fachkraefte.web.accounts.forms import InvitationForm, InvitationSignupForm
from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.rules import can_grant_group, can_invite_anyone, can_revoke
from fachkraefte.web.accounts.selectors import invitation_by_token, invitations_pending_for
from fachkraefte.web.accounts.services import (
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    user_register_from_invitation,
)
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_manage
from fachkraefte.web.core import tables

UNUSABLE_MESSAGES = {
    "accepted": gettext_lazy(
        "Diese Einladung wurde bereits angenommen und kann nicht erneut verwendet werden."
    ),
    "revoked": gettext_lazy("Diese Einladung wurde zurückgezogen."),
    "expired": gettext_lazy(
        "Diese Einladung ist abgelaufen. Bitten Sie die einladende Person um eine neue Einladung."
    ),
}


def _require_inviter(request: HttpRequest) -> None:
    if not can_invite_anyone(request.user):
        raise PermissionDenied(_("Sie dürfen keine Einladungen verschicken."))


def _invitation_role(invitation: Invitation) -> str:
    parts = []
    if invitation.alliance:
        parts.append(str(invitation.get_alliance_role_display()))
    if invitation.group:
        parts.append(str(invitation.get_group_display()))
    return "; ".join(parts)


INVITATION_COLUMNS = [
    tables.Column("email", gettext_lazy("E-Mail"), lambda i: i.email, "email"),
    tables.Column("role", gettext_lazy("Rolle"), _invitation_role),
    tables.Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda i: i.alliance.name if i.alliance else "",
        "alliance__name",
    ),
    tables.Column(
        "invited_by",
        gettext_lazy("eingeladen von"),
        lambda i: i.invited_by.get_username() if i.invited_by else "",
        "invited_by__username",
    ),
    tables.Column("expires", gettext_lazy("gültig bis"), lambda i: i.expires_at, "expires_at"),
]


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Open invitations the person may see; filter by e-mail, alliance and validity; CSV/XLSX."""
    _require_inviter(request)
    invitations = invitations_pending_for(request.user)
    alliances = Alliance.objects.filter(pk__in=invitations.values("alliance")).order_by("name")
    search = request.GET.get("q", "").strip()
    alliance = request.GET.get("allianz", "").strip()
    state = request.GET.get("status", "").strip()
    if search:
        invitations = invitations.filter(email__icontains=search)
    if alliance:
        invitations = invitations.filter(alliance__slug=alliance)
    if state == "valid":
        invitations = invitations.filter(expires_at__gt=timezone.now())
    elif state == "expired":
        invitations = invitations.filter(expires_at__lte=timezone.now())
    result = tables.table(
        request, INVITATION_COLUMNS, invitations, default="expires", filename="einladungen"
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        "alliances": alliances,
        "search": search,
        "alliance": alliance,
        "state": state,
        "action_label": _("Aktion"),
        **result,
    }
    return render(request, "accounts/invitation_list.html", context)


def _check_requested_grant(request: HttpRequest) -> None:
    """A crafted POST naming an alliance or group outside the offered choices is refused
    outright (403): alliances are public, so naming one reveals nothing."""
    alliance_id = request.POST.get("alliance", "")
    if alliance_id.isdigit():
        alliance = Alliance.objects.filter(pk=int(alliance_id)).first()
        if alliance is not None and not can_manage(request.user, alliance):
            raise PermissionDenied(_("Sie dürfen in diese Allianz nicht einladen."))
    group = request.POST.get("group", "")
    if group in Invitation.Group.values and not can_grant_group(request.user, group):
        raise PermissionDenied(_("Sie dürfen diese Plattformrolle nicht vergeben."))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request: HttpRequest) -> HttpResponse:
    _require_inviter(request)
    if request.method == "GET":
        initial = {}
        slug = request.GET.get("allianz")
        if slug:
            initial["alliance"] = Alliance.objects.filter(slug=slug).first()
        form = InvitationForm(user=request.user, initial=initial)
        return render(request, "accounts/invitation_form.html", {"form": form})
    _check_requested_grant(request)
    form = InvitationForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/invitation_form.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        invitation_create(
            invited_by=request.user,
            email=data["email"],
            alliance=data["alliance"],
            alliance_role=data["alliance_role"],
            group=data.get("group", ""),
            site_url=request.build_absolute_uri("/"),
        )
    except (smtplib.SMTPException, OSError):
        form.add_error(
            None,
            _(
                "Die E-Mail konnte nicht gesendet werden; die Einladung wurde nicht angelegt. "
                "Bitte versuchen Sie es später erneut."
            ),
        )
        return render(request, "accounts/invitation_form.html", {"form": form}, status=503)
    messages.success(
        request, _("Die Einladung an %(email)s ist verschickt.") % {"email": data["email"]}
    )
    return redirect("accounts:invitations")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_inviter(request)
    invitation = invitations_pending_for(request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("Keine offene Einladung mit dieser Nummer."))
    if not can_revoke(request.user, invitation):
        raise PermissionDenied(_("Sie dürfen diese Einladung nicht zurückziehen."))
    if request.method == "POST":
        invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email},
        )
        return redirect("accounts:invitations")
    return render(request, "accounts/invitation_revoke.html", {"invitation": invitation})


def _unusable(request: HttpRequest, reason: str, status: int = 410) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"message": UNUSABLE_MESSAGES.get(reason, _("Dieser Einladungslink ist ungültig."))},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return _unusable(request, "unknown", status=404)
    if invitation.accepted_at is not None:
        return _unusable(request, "accepted")
    if invitation.revoked_at is not None:
        return _unusable(request, "revoked")
    if invitation.is_expired:
        return _unusable(request, "expired")
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitation_accept(invitation_id=invitation.pk, user=request.user)
            except InvitationUnusable as error:
                return _unusable(request, error.reason)
            messages.success(request, _("Sie haben die Einladung angenommen."))
            return redirect("accounts:profile")
        return render(request, "accounts/invitation_accept.html", context)

    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_register_from_invitation(
                invitation_id=invitation.pk,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except InvitationUnusable as error:
            return _unusable(request, error.reason)
        except IntegrityError:
            form.add_error("username", _("Dieser Benutzername ist bereits vergeben."))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Willkommen, %(user)s! Ihr Konto ist angelegt und die Einladung angenommen.")
                % {"user": user.get_username()},
            )
            return redirect("accounts:profile")
    context["form"] = form
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_signup.html", context, status=status)
