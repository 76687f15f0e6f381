"""The public record as a read-only, anonymous API (``public-projects``), with the same public
fields and filters as the list page (``transparency.public``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from fachkraefte.web.projects.models import Project
from fachkraefte.web.transparency import rules, selectors
from fachkraefte.web.transparency.public import filters_from


class PublicProjectSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    alliance_name = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField()
    action_field = serializers.SerializerMethodField()
    priority = serializers.SerializerMethodField()
    outcomes_achieved = serializers.IntegerField(read_only=True)
    page = serializers.HyperlinkedIdentityField(view_name="transparency:detail")

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "summary",
            "recipient",
            "programme",
            "alliance",
            "alliance_name",
            "districts",
            "funding_year",
            "approved_amount",
            "starts_on",
            "ends_on",
            "status",
            "action_field",
            "priority",
            "themes",
            "target_groups",
            "is_historic",
            "outcomes_achieved",
            "page",
        ]
        read_only_fields = fields

    def get_alliance_name(self, project: Project) -> str:
        return project.alliance.name if project.alliance_id else ""

    def get_districts(self, project: Project) -> list[str]:
        return sorted(district.ags for district in project.districts.all())

    def get_action_field(self, project: Project) -> str:
        return project.action_field.title if project.action_field_id else ""

    def get_priority(self, project: Project) -> str:
        return project.priority.title if project.priority_id else ""


def _param(name: str, description: str, kind: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


FILTERS = [
    _param("programm", "Programm (Kurzname)"),
    _param("allianz", "Allianz (Kurzname)"),
    _param("kreis", "Kreis (AGS, 5 Ziffern)"),
    _param("jahr", "Förderjahr", OpenApiTypes.INT),
    _param("handlungsfeld", "Handlungsfeld (id)", OpenApiTypes.INT),
    _param("status", "Status (preparation, running, final_report_due, closed, paused, cancelled)"),
    _param("q", "Suche in Titel und Zuwendungsempfänger"),
]


@extend_schema_view(
    list=extend_schema(
        summary="Geförderte Projekte (öffentlich)",
        description="Jedes Projekt nach der Förderentscheidung, nur mit öffentlichen Angaben.",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(summary="Ein gefördertes Projekt (öffentlich)"),
)
class PublicProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicProjectSerializer
    permission_classes = [AllowAny]
    filter_backends = [OrderingFilter]
    ordering_fields = ["funding_year", "approved_amount", "title"]
    ordering = ["-funding_year", "title", "id"]
    queryset = Project.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        if not rules.can_view_public_record(self.request.user):
            return Project.objects.none()
        return selectors.public_projects(filters=filters_from(self.request.query_params))


router = DefaultRouter(trailing_slash=True)
router.register("public-projects", PublicProjectViewSet, basename="public-project")
urlpatterns = router.urls
