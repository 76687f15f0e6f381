"""Public monitor pages under ``/monitor/``; choices travel in the query string."""

from django.urls import path

from fachkraefte.web.monitor import compare, views

app_name = "monitor"
urlpatterns = [
    path("", views.overview, name="map"),
    path("kreise/<str:ags>/", views.district, name="district"),
    path("berufe/", views.occupation_list, name="occupations"),
    path("berufe/<str:kldb3>/", views.occupation, name="occupation"),
    path("vergleich/", compare.compare, name="compare"),
]
