"""The site search under /suche/."""

from django.urls import path

from fachkraefte.web.sitesearch import views

app_name = "sitesearch"
urlpatterns = [path("", views.search, name="search")]
