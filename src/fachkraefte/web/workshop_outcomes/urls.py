"""Outcome pages below /werkstaetten/: a workshop's board, moderator view and documentation,
one outcome's page and steps, and the follow-up per district and per alliance."""

from django.urls import path

from fachkraefte.web.workshop_outcomes import views, views_followup, views_outcome

app_name = "workshop_outcomes"

urlpatterns = [
    path("ergebnisse/kreis/<str:ags>/", views_followup.district, name="district"),
    path("ergebnisse/allianz/<slug:alliance_slug>/", views_followup.alliance, name="alliance"),
    path("<slug:slug>/ergebnisse/", views.board, name="board"),
    path("<slug:slug>/ergebnisse/moderation/", views.moderation, name="moderation"),
    path("<slug:slug>/ergebnisse/methode/", views.method, name="method"),
    path("<slug:slug>/ergebnisse/moderatoren/", views.moderators, name="moderators"),
    path("<slug:slug>/ergebnisse/abschliessen/", views.close, name="close"),
    path("<slug:slug>/ergebnisse/dokumentation.pdf", views.documentation, name="pdf"),
    path("<slug:slug>/ergebnisse/<int:pk>/", views_outcome.detail, name="detail"),
    path("<slug:slug>/ergebnisse/<int:pk>/bearbeiten/", views_outcome.edit, name="edit"),
    path("<slug:slug>/ergebnisse/<int:pk>/punkte/", views.vote, name="vote"),
    path("<slug:slug>/ergebnisse/<int:pk>/status/", views_outcome.transition, name="transition"),
    path("<slug:slug>/ergebnisse/<int:pk>/notiz/", views_outcome.note, name="note"),
    path("<slug:slug>/ergebnisse/<int:pk>/aufruf/", views_outcome.make_call, name="make_call"),
    path(
        "<slug:slug>/ergebnisse/<int:pk>/katalog/",
        views_outcome.to_catalogue,
        name="to_catalogue",
    ),
    path("<slug:slug>/ergebnisse/<int:pk>/loeschen/", views_outcome.delete, name="delete"),
]
