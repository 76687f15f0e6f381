"""URL map: one include per domain app; language switch via Django's ``set_language``."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("fachkraefte.web.accounts.urls")),
    path("api/", include("fachkraefte.web.api.urls")),
    path("allianzen/", include("fachkraefte.web.alliances.urls")),
    path("beschluesse/", include("fachkraefte.web.decisions.urls")),
    path("monitor/", include("fachkraefte.web.monitor.urls")),
    path("statistik/", include("fachkraefte.web.statistics.urls")),
    path("aufgaben/", include("fachkraefte.web.tasks.urls")),
    path("", include("fachkraefte.web.core.urls")),
]
