"""The REST API: one router module per domain app, the OpenAPI 3 schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fachkraefte.web.accounts.api import throttled_obtain_auth_token

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("token/", throttled_obtain_auth_token, name="token"),
    path("", include("fachkraefte.web.api.routes")),
]
