"""Pages under /ueberschneidungen/: labels of pairs (list, export), the refresh of the index."""

from django.urls import path

from fachkraefte.web.overlaps import views

app_name = "overlaps"
urlpatterns = [
    path("", views.overlap_labels, name="labels"),
    path("neu-berechnen/", views.overlap_refresh, name="refresh"),
    path("antraege/<int:pk>/bewerten/", views.overlap_label, name="label"),
]
