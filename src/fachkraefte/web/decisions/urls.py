"""Pages under /beschluesse/<alliance slug>/ (the alliance pages link here via ``decisions:meetings``)."""

from django.urls import path

from fachkraefte.web.decisions import views

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", views.meeting_list, name="meetings"),
    path("<slug:slug>/voten.<str:fmt>", views.votes_export, name="votes_export"),
    path("<slug:slug>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/sitzungen/<int:pk>/protokoll.pdf", views.meeting_minutes, name="minutes"),
    path(
        "<slug:slug>/sitzungen/<int:meeting_pk>/voten.<str:fmt>",
        views.votes_export,
        name="meeting_votes_export",
    ),
    path("<slug:slug>/sitzungen/<int:meeting_pk>/tops/neu/", views.item_create, name="item_create"),
    path("<slug:slug>/tops/<int:pk>/", views.item_detail, name="item"),
    path("<slug:slug>/tops/<int:pk>/bearbeiten/", views.item_edit, name="item_edit"),
    path("<slug:slug>/tops/<int:pk>/votum/", views.item_vote, name="vote"),
    path("<slug:slug>/tops/<int:pk>/befangenheit/", views.item_conflict, name="conflict"),
    path("<slug:slug>/tops/<int:pk>/abschliessen/", views.item_close, name="close"),
    path("<slug:slug>/tops/<int:pk>/status/", views.item_transition, name="item_transition"),
]
