"""URL map: one include per domain app; language switch via Django's ``set_language``;
error pages in the site's layout (``core.errors``)."""

from django.urls import include, path

from fachkraefte.web.accounts.views.start import personal_start

handler400 = "fachkraefte.web.core.errors.bad_request"
handler403 = "fachkraefte.web.core.errors.permission_denied"
handler404 = "fachkraefte.web.core.errors.page_not_found"
handler500 = "fachkraefte.web.core.errors.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("fachkraefte.web.accounts.urls")),
    path("api/", include("fachkraefte.web.api.urls")),
    path("allianzen/", include("fachkraefte.web.alliances.urls")),
    path("beschluesse/", include("fachkraefte.web.decisions.urls")),
    path("aufrufe/", include("fachkraefte.web.calls.urls")),
    path("werkstaetten/unterlagen/", include("fachkraefte.web.briefings.urls")),
    path("werkstaetten/", include("fachkraefte.web.workshops.urls")),
    path("werkstaetten/", include("fachkraefte.web.workshop_outcomes.urls")),
    path("antraege/", include("fachkraefte.web.proposals.urls")),
    path("ueberschneidungen/", include("fachkraefte.web.overlaps.urls")),
    path("monitor/", include("fachkraefte.web.monitor.urls")),
    path("statistik/", include("fachkraefte.web.statistics.urls")),
    path("aufgaben/", include("fachkraefte.web.tasks.urls")),
    path("foerderung/", include("fachkraefte.web.funding.urls")),
    path("projekte/<int:project_pk>/mittelabrufe/", include("fachkraefte.web.payments.urls")),
    path("mittelabrufe/", include("fachkraefte.web.payments.urls_queue")),
    path("begutachtung/", include("fachkraefte.web.reviews.urls")),
    path("foerderstatistik/", include("fachkraefte.web.programmestats.urls")),
    path("gefoerderte-projekte/", include("fachkraefte.web.transparency.urls")),
    path("projekte/berichte/", include("fachkraefte.web.reporting.urls")),
    path("projekte/", include("fachkraefte.web.projects.urls")),
    path("projekte/", include("fachkraefte.web.outcomes.urls")),
    path("mein-bereich/benachrichtigungen/", include("fachkraefte.web.notifications.urls")),
    path("mein-bereich/", personal_start, name="personal_start"),
    path("suche/", include("fachkraefte.web.sitesearch.urls")),
    path("", include("fachkraefte.web.knowledge.urls")),
    path("", include("fachkraefte.web.pages.urls")),
    path("", include("fachkraefte.web.core.urls")),
]
