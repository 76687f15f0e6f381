"""The project's URLs plus two views that fail on purpose (for ``test_error_pages.py``)."""

from django.http import HttpResponse
from django.urls import path

from fachkraefte.web.urls import (  # noqa: F401 - Django reads the handlers from ROOT_URLCONF
    handler400,
    handler403,
    handler404,
    handler500,
)
from fachkraefte.web.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("kaputt")


def throttled(request):
    response = HttpResponse(status=429)
    response["Retry-After"] = "30"
    return response


urlpatterns = [
    path("test-kaputt/", broken),
    path("test-zu-viele/", throttled),
    *project_urlpatterns,
]
