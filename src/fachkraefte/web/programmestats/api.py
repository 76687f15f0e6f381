"""Programme statistics as a read-only, anonymous API (``programme-statistics``).

``/api/programme-statistics/`` lists every programme with projects: its computed headline and
totals; ``/api/programme-statistics/{slug}/?dimension=jahr`` adds the rows of one dimension,
the same rows as the page and its downloads.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.programmestats import rules, selectors
from fachkraefte.web.programmestats.headline import programme_headline

DIMENSION_SLUGS = list(selectors.DIMENSIONS)


class FiguresSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    projects = serializers.IntegerField()
    committed = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    participants = serializers.IntegerField()
    outcomes = serializers.IntegerField()


class ProgrammeStatisticsSerializer(serializers.Serializer):
    programme = serializers.CharField()
    name = serializers.CharField()
    headline = serializers.CharField()
    first_year = serializers.IntegerField(allow_null=True)
    total = FiguresSerializer()


class ProgrammeStatisticsDetailSerializer(ProgrammeStatisticsSerializer):
    dimension = serializers.CharField()
    rows = FiguresSerializer(many=True)


def _summary(programme, figures) -> dict[str, Any]:
    total = selectors.programme_totals(programme=programme, figures=figures)
    return {
        "programme": programme.slug,
        "name": programme.name,
        "headline": programme_headline(programme=programme, total=total),
        "first_year": selectors.first_year(programme=programme),
        "total": total.as_dict(),
    }


class ProgrammeStatisticsViewSet(viewsets.ViewSet):
    """Förderstatistik je Programm: Anzahl Projekte, bewilligt, ausgezahlt, Teilnehmende, Ergebnisse."""

    permission_classes = [AllowAny]
    lookup_field = "slug"

    @extend_schema(
        summary="Förderstatistik aller Programme",
        responses={200: ProgrammeStatisticsSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        if not rules.can_view_statistics(request.user):
            return Response([])
        programmes = selectors.programmes_with_projects()
        return Response(
            ProgrammeStatisticsSerializer(
                [_summary(p, selectors.programme_figures(programme=p)) for p in programmes],
                many=True,
            ).data
        )

    @extend_schema(
        summary="Förderstatistik eines Programms nach einer Gliederung",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Programm (Kurzname), z. B. sachsen-fachkraefteallianzen",
            ),
            OpenApiParameter(
                "dimension",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Gliederung (Standard: jahr)",
                enum=DIMENSION_SLUGS,
            ),
        ],
        responses={200: ProgrammeStatisticsDetailSerializer},
    )
    def retrieve(self, request: Request, slug: str | None = None) -> Response:
        programme = selectors.programmes_with_projects().filter(slug=slug).first()
        if (
            programme is None
            or not rules.can_view_statistics(request.user)
            or not rules.can_view_programme(request.user, programme)
        ):
            raise Http404
        dimension = request.query_params.get("dimension", selectors.DEFAULT_DIMENSION)
        if dimension not in selectors.DIMENSIONS:
            raise ValidationError({"dimension": [", ".join(selectors.DIMENSIONS)]})
        figures = selectors.programme_figures(programme=programme)
        rows = selectors.statistics_rows(programme=programme, dimension=dimension, figures=figures)
        data = {
            **_summary(programme, figures),
            "dimension": dimension,
            "rows": [row.as_dict() for row in rows],
        }
        return Response(ProgrammeStatisticsDetailSerializer(data).data)


router = DefaultRouter(trailing_slash=True)
router.register("programme-statistics", ProgrammeStatisticsViewSet, basename="programme-statistics")
urlpatterns = router.urls
