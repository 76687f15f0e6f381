"""Organisation and representative pages under /allianzen/ (included by ``alliances.urls``, whose
namespace they keep: ``alliances:organisations``, ``alliances:organisation``, …)."""

from django.urls import path

from fachkraefte.web.organisations import views as organisation_views

urlpatterns = [
    path("organisationen/", organisation_views.organisation_list, name="organisations"),
    path("organisationen/neu/", organisation_views.organisation_form, name="organisation_create"),
    path("organisationen/<int:pk>/", organisation_views.organisation_detail, name="organisation"),
    path(
        "organisationen/<int:pk>/bearbeiten/",
        organisation_views.organisation_form,
        name="organisation_edit",
    ),
    path(
        "organisationen/<int:organisation_pk>/vertretungen/neu/",
        organisation_views.representative_form,
        name="representative_create",
    ),
    path(
        "vertretungen/<int:pk>/bearbeiten/",
        organisation_views.representative_form,
        name="representative_edit",
    ),
    path(
        "vertretungen/<int:pk>/entfernen/",
        organisation_views.representative_remove,
        name="representative_remove",
    ),
]
