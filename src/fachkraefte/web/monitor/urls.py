"""Public monitor pages under ``/monitor/``; choices travel in the query string."""

from django.urls import path

from fachkraefte.web.monitor import accuracy, compare, embed, views

app_name = "monitor"
urlpatterns = [
    path("", views.overview, name="map"),
    path("kreise/<str:ags>/", views.district, name="district"),
    path("berufe/", views.occupation_list, name="occupations"),
    path("berufe/<str:kldb3>/", views.occupation, name="occupation"),
    path("vergleich/", compare.compare, name="compare"),
    path("treffsicherheit/", accuracy.accuracy, name="accuracy"),
    # Frameable single charts and the map, and each chart's Vega-Lite spec (embed.py).
    path("einbetten/karte/", embed.overview_map, name="embed-map"),
    path("einbetten/kreise/<str:ags>/<slug:chart>/", embed.district_chart, name="embed-district"),
    path(
        "einbetten/kreise/<str:ags>/<slug:chart>/spec.json",
        embed.district_spec,
        name="spec-district",
    ),
    path(
        "einbetten/berufe/<str:kldb3>/<slug:chart>/",
        embed.occupation_chart,
        name="embed-occupation",
    ),
    path(
        "einbetten/berufe/<str:kldb3>/<slug:chart>/spec.json",
        embed.occupation_spec,
        name="spec-occupation",
    ),
    path("einbetten/vergleich/<slug:chart>/", embed.compare_chart, name="embed-compare"),
    path("einbetten/vergleich/<slug:chart>/spec.json", embed.compare_spec, name="spec-compare"),
]
