"""Pages under /allianzen/: alliances; the organisations and programmes they build on are routed
here from their own ``urls.py`` (no namespace of their own, so the names stay ``alliances:…``)."""

from django.urls import include, path, register_converter

from fachkraefte.web.alliances import (
    views,
    views_commitments,
    views_frame_and_groups,
    views_members,
    views_strategy_versions,
)


class KindConverter:
    """The kinds of records that ``views_frame_and_groups`` handles generically."""

    regex = "|".join(views_frame_and_groups.KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "kind")

app_name = "alliances"
urlpatterns = [
    path("", views.alliance_list, name="list"),
    path("neu/", views.alliance_create, name="create"),
    # Organisations and programmes route their own pages (same paths and names as before).
    path("", include("fachkraefte.web.programmes.urls")),
    path("", include("fachkraefte.web.organisations.urls")),
    path("<slug:slug>/", views.alliance_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.alliance_edit, name="edit"),
    path("<slug:slug>/protokoll/", views.alliance_audit, name="audit"),
    path("<slug:slug>/mitglieder/neu/", views_members.member_add, name="member_add"),
    path("<slug:slug>/mitglieder/auswahl/", views_members.member_picker, name="member_picker"),
    path(
        "<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views_members.member_remove,
        name="member_remove",
    ),
    path("<slug:slug>/rollen/", views_members.role_list, name="roles"),
    path("<slug:slug>/rollen/<int:pk>/entfernen/", views_members.role_remove, name="role_remove"),
    path(
        "<slug:slug>/handlungsfelder/", views_frame_and_groups.strategy_frame, name="strategy_frame"
    ),
    path(
        "<slug:slug>/projektgruppen/", views_frame_and_groups.project_groups, name="project_groups"
    ),
    path(
        "<slug:slug>/projektgruppen/<int:pk>/fachleute/neu/",
        views_frame_and_groups.expert_add,
        name="expert_add",
    ),
    path(
        "<slug:slug>/fachleute/<int:pk>/entfernen/",
        views_frame_and_groups.expert_remove,
        name="expert_remove",
    ),
    path(
        "<slug:slug>/<kind:kind_name>/neu/", views_frame_and_groups.item_create, name="item_create"
    ),
    path(
        "<slug:slug>/<kind:kind_name>/<int:pk>/bearbeiten/",
        views_frame_and_groups.item_edit,
        name="item_edit",
    ),
    path(
        "<slug:slug>/<kind:kind_name>/<int:pk>/loeschen/",
        views_frame_and_groups.item_delete,
        name="item_delete",
    ),
    path(
        "<slug:slug>/<kind:kind_name>/<int:pk>/verschieben/",
        views_frame_and_groups.item_move,
        name="item_move",
    ),
    path("<slug:slug>/strategie/", views_strategy_versions.strategy_versions, name="strategy"),
    path(
        "<slug:slug>/strategie/neu/",
        views_strategy_versions.strategy_version_new,
        name="strategy_new",
    ),
    path(
        "<slug:slug>/strategie/vergleich/",
        views_strategy_versions.strategy_compare,
        name="strategy_compare",
    ),
    path(
        "<slug:slug>/strategie/<int:number>/",
        views_strategy_versions.strategy_version,
        name="strategy_version",
    ),
    path("<slug:slug>/verpflichtungen/", views_commitments.commitment_list, name="commitments"),
    path(
        "<slug:slug>/verpflichtungen/neu/",
        views_commitments.commitment_form,
        name="commitment_create",
    ),
    path(
        "<slug:slug>/verpflichtungen/<int:pk>/bearbeiten/",
        views_commitments.commitment_form,
        name="commitment_edit",
    ),
    path(
        "<slug:slug>/verpflichtungen/<int:pk>/status/",
        views_commitments.commitment_status,
        name="commitment_status",
    ),
    path(
        "<slug:slug>/verpflichtungen/<int:pk>/loeschen/",
        views_commitments.commitment_delete,
        name="commitment_delete",
    ),
]
