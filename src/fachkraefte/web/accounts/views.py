"""Login and logout through django.contrib.auth, with confirmation messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Sie sind angemeldet als %(user)s.") % {"user": form.get_user().get_username()},
        )
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default), so that a link or prefetch cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Sie sind abgemeldet."))
        return response
