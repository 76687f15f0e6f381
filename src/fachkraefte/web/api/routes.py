"""Collects the routers of the domain apps; each app declares its endpoints in its ``api.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("fachkraefte.web.alliances.api")),
    path("", include("fachkraefte.web.decisions.api")),
    path("", include("fachkraefte.web.monitor.api")),
    path("", include("fachkraefte.web.statistics.api")),
]
