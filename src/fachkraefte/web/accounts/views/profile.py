"""The signed-in person's own account: contact data, language, password, API token, roles,
GDPR data export and account deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from fachkraefte.web.accounts.forms import (
    ContactForm,
    KernPasswordChangeForm,
    LanguageForm,
    PasswordConfirmForm,
)
from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.accounts.rules import (
    can_administer_users,
    can_delete_own_account,
    can_invite_anyone,
)
from fachkraefte.web.accounts.selectors import user_data_export, user_roles
from fachkraefte.web.accounts.services import (
    profile_set_language,
    token_delete,
    token_rotate,
    user_delete,
    user_update_contact,
)
from fachkraefte.web.accounts.views.auth import set_language_cookie
from fachkraefte.web.core.exports import download


def _profile_page(
    request: HttpRequest,
    *,
    contact_form: ContactForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    context = {
        "contact_form": contact_form or ContactForm(instance=user),
        "language_form": LanguageForm(initial={"language": language or ""}),
        "roles": user_roles(user),
        "token": Token.objects.filter(user=user).first(),
        "can_invite": can_invite_anyone(user),
        "can_administer": can_administer_users(user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _profile_page(request)
    # A copy as the form's instance: a failed form must not alter ``request.user``.
    form = ContactForm(request.POST, instance=get_user_model().objects.get(pk=request.user.pk))
    if not form.is_valid():
        return _profile_page(request, contact_form=form, status=400)
    user_update_contact(user=request.user, **form.cleaned_data)
    messages.success(request, _("Ihre Angaben sind gespeichert."))
    return redirect("accounts:profile")


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Diese Sprache wird nicht angeboten."))
        return redirect("accounts:profile")
    chosen = form.cleaned_data["language"]
    profile_set_language(user=request.user, language=chosen)
    response = redirect("accounts:profile")
    if chosen:
        set_language_cookie(response, chosen)
    messages.success(request, _("Ihre Spracheinstellung ist gespeichert."))
    return response


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = KernPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Ihr Passwort ist geändert."))
        return response


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Shows the key once, in this response only; it is never shown again."""
    token = token_rotate(user=request.user)
    return render(request, "accounts/token_created.html", {"token": token})


@login_required
@require_http_methods(["GET", "POST"])
def token_remove(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if token_delete(user=request.user):
            messages.success(request, _("Ihr API-Token ist gelöscht."))
        return redirect("accounts:profile")
    token = Token.objects.filter(user=request.user).first()
    if token is None:
        messages.info(request, _("Sie haben kein API-Token."))
        return redirect("accounts:profile")
    return render(request, "accounts/token_delete.html", {"token": token})


@never_cache
@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = user_data_export(request.user)
    return download(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        filename=f"konto-{request.user.pk}-{timezone.localdate():%Y-%m-%d}.json",
        content_type="application/json; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    allowed = can_delete_own_account(request.user)
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and allowed and form.is_valid():
        outcome = user_delete(user=request.user)
        logout(request)
        if outcome == "deleted":
            messages.success(request, _("Ihr Konto ist gelöscht."))
        else:
            messages.success(
                request,
                _(
                    "Ihr Konto ist anonymisiert: Ihre Stimmen in Beschlüssen bleiben erhalten, "
                    "Name, E-Mail-Adresse, Passwort und Rollen sind gelöscht."
                ),
            )
        return redirect("core:start")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "allowed": allowed},
        status=403 if not allowed and request.method == "POST" else status,
    )
