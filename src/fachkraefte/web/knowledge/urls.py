"""Catalogue pages under /massnahmen/ and /gute-praxis/ (public lists and pages; proposing,
editing and the office's review)."""

from django.urls import path

from fachkraefte.web.knowledge import views

app_name = "knowledge"

M, P = {"kind": "measure"}, {"kind": "practice"}
urlpatterns = [
    path("massnahmen/", views.measure_list, name="measures"),
    path("massnahmen/neu/", views.entry_create, M, name="measure_create"),
    path("massnahmen/<slug:slug>/", views.measure_detail, name="measure"),
    path("massnahmen/<slug:slug>/bearbeiten/", views.entry_edit, M, name="measure_edit"),
    path("massnahmen/<slug:slug>/status/", views.entry_transition, M, name="measure_transition"),
    path("gute-praxis/", views.practice_list, name="practices"),
    path("gute-praxis/neu/", views.entry_create, P, name="practice_create"),
    path("gute-praxis/<slug:slug>/", views.practice_detail, name="practice"),
    path("gute-praxis/<slug:slug>/bearbeiten/", views.entry_edit, P, name="practice_edit"),
    path("gute-praxis/<slug:slug>/status/", views.entry_transition, P, name="practice_transition"),
]
