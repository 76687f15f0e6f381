"""Workshop pages under /werkstaetten/ (list, calendar, event page, planning, taking part)."""

from django.urls import path

from fachkraefte.web.workshops import views
from fachkraefte.web.workshops import views_participation as taking_part

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("kalender/", views.workshop_calendar, name="calendar"),
    path("meine/", taking_part.own_registrations, name="own"),
    path("feed/allianz/<slug:alliance_slug>/", taking_part.alliance_feed, name="alliance_feed"),
    path("feed/kreis/<str:ags>/", taking_part.district_feed, name="district_feed"),
    path("neu/", views.workshop_create_choose, name="create_choose"),
    path("neu/zentral/", views.workshop_create, name="create_central"),
    path("neu/<slug:alliance_slug>/", views.workshop_create, name="create"),
    path("<slug:slug>/", views.workshop_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.workshop_edit, name="edit"),
    path("<slug:slug>/status/", views.workshop_transition, name="transition"),
    path("<slug:slug>/programm/", views.workshop_agenda, name="agenda"),
    path(
        "<slug:slug>/programm/<int:pk>/loeschen/", views.agenda_entry_delete, name="agenda_delete"
    ),
    path("<slug:slug>/einladungen/", views.workshop_invitations, name="invitations"),
    path("<slug:slug>/anmeldungen/", views.workshop_registrations, name="registrations"),
    path("<slug:slug>/anmelden/", taking_part.register, name="register"),
    path("<slug:slug>/abmelden/", taking_part.cancel, name="cancel"),
    path("<slug:slug>/platz-annehmen/", taking_part.accept, name="accept"),
    path("<slug:slug>/kalender.ics", taking_part.workshop_ical, name="ical"),
    path("<slug:slug>/teilnehmende/<str:fmt>/", taking_part.attendance_list, name="attendance"),
    path("<slug:slug>/dokumentation/", taking_part.documentation, name="documentation"),
    path("<slug:slug>/dateien/<int:pk>/", taking_part.file_download, name="file"),
    path("<slug:slug>/dateien/<int:pk>/loeschen/", taking_part.file_delete, name="file_delete"),
]
