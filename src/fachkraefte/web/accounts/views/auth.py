"""Login (throttled), logout and password reset by e-mail through django.contrib.auth."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from fachkraefte.web.accounts.forms import KernPasswordResetForm, KernSetPasswordForm
from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.accounts.throttling import (
    client_ip,
    locked_message,
    login_delay_remaining,
    login_failure_record,
    login_success_record,
    retry_after,
)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """What Django's ``set_language`` view does, for a preference saved in the profile."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        remaining = login_delay_remaining(username=username, ip=client_ip(request))
        if remaining:
            # An unbound form: validating it would check the password, which is what we refuse.
            form = self.get_form_class()(request, initial={"username": username})
            context = self.get_context_data(form=form, locked_message=locked_message(remaining))
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = retry_after(remaining)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = form.data.get("username", "")
        if username:
            login_failure_record(username=username, ip=client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        login_success_record(username=user.get_username(), ip=client_ip(self.request))
        response = super().form_valid(form)
        messages.success(
            self.request, _("Sie sind angemeldet als %(user)s.") % {"user": user.get_username()}
        )
        language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
        if language:
            set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default), so that a link or prefetch cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Sie sind abgemeldet."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to an account (no enumeration)."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = KernPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = KernSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # A reset also lifts a lockout: the person has just proven they own the account.
        login_success_record(username=form.user.get_username())
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
