"""The REST API: one router module per domain app, the OpenAPI 3 schema and its documentation
page in the site's layout (``docs.py``)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from fachkraefte.web.accounts.api import throttled_obtain_auth_token
from fachkraefte.web.api.docs import api_docs

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("token/", throttled_obtain_auth_token, name="token"),
    path("", include("fachkraefte.web.api.routes")),
]
