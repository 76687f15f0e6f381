"""The briefing pack of a district under ``/werkstaetten/unterlagen/``."""

from django.urls import path

from fachkraefte.web.briefings import views

app_name = "briefings"
urlpatterns = [
    path("<str:ags>/", views.district, name="district"),
    path("<str:ags>/unterlagen.<str:fmt>", views.download, name="download"),
]
