"""The public record under /gefoerderte-projekte/."""

from django.urls import path

from fachkraefte.web.transparency import views

app_name = "transparency"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("karte/", views.project_map, name="map"),
    path("<int:pk>/", views.project_detail, name="detail"),
]
