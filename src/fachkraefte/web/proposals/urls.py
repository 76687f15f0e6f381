"""Proposal pages under /antraege/."""

from django.urls import include, path

app_name = "proposals"

urlpatterns = [
    path("", include("fachkraefte.web.proposals.urls_attachments")),
]
