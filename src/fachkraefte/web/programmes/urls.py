"""Programme pages under /allianzen/programme/ (included by ``alliances.urls``, whose namespace
they keep: ``alliances:programmes``, ``alliances:programme``, …)."""

from django.urls import path

from fachkraefte.web.programmes import views as programme_views

urlpatterns = [
    path("programme/", programme_views.programme_list, name="programmes"),
    path("programme/neu/", programme_views.programme_form, name="programme_create"),
    path("programme/<slug:slug>/", programme_views.programme_detail, name="programme"),
    path(
        "programme/<slug:slug>/bearbeiten/",
        programme_views.programme_form,
        name="programme_edit",
    ),
]
