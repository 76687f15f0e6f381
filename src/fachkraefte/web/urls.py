"""URL map: one include per domain app; language switch via Django's ``set_language``."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("fachkraefte.web.accounts.urls")),
    path("", include("fachkraefte.web.core.urls")),
]
