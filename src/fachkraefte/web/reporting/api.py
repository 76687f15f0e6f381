"""REST endpoints of reports (included under /api/ by ``web.api.routes``): the same rules and
services as the pages; writes ask the rules first (403/404), then read the body."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.projects.selectors import projects_visible
from fachkraefte.web.reporting import rules, services
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.reporting.serializers import (
    ReportReviewSerializer,
    ReportSerializer,
    ReportSubmitSerializer,
    ReportTextSerializer,
)


class ReportFilter(django_filters.FilterSet):
    class Meta:
        model = Report
        fields = {"project": ["exact"], "status": ["exact"], "kind": ["exact"]}


@extend_schema_view(
    list=extend_schema(summary="Berichte der Projekte, die Sie sehen dürfen"),
    retrieve=extend_schema(summary="Ein Bericht mit Anlagen"),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated]
    queryset = Report.objects.none()
    filterset_class = ReportFilter
    ordering_fields = ["due_on", "status"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        projects = projects_visible(user=self.request.user)
        return (
            Report.objects.filter(project__in=projects.values("pk"))
            .select_related("project")
            .prefetch_related("attachments")
            .order_by("due_on", "id")
        )

    def _answer(self, report: Report) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(
        request=ReportTextSerializer,
        responses={200: ReportSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Sachbericht als Entwurf speichern",
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if not rules.may_edit(request.user, report):
            raise PermissionDenied("Diesen Bericht können Sie nicht bearbeiten.")
        serializer = ReportTextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_service_call(
            services.report_save_draft,
            actor=request.user,
            report=report,
            text=serializer.validated_data["text"],
        )
        return self._answer(report)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=ReportSubmitSerializer,
        responses={200: ReportSerializer, 400: OpenApiResponse(description="Kein Text")},
        summary="Bericht einreichen",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        if not rules.may_submit(request.user, report):
            raise PermissionDenied("Diesen Bericht können Sie nicht einreichen.")
        serializer = ReportSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_service_call(
            services.report_submit,
            actor=request.user,
            report=report,
            text=serializer.validated_data.get("text"),
        )
        return self._answer(report)

    @extend_schema(
        request=ReportReviewSerializer,
        responses={200: ReportSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Bericht prüfen: annehmen oder Änderungen erbitten (Koordinierungsstelle)",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        if not rules.may_review(request.user, report):
            raise PermissionDenied("Eingereichte Berichte prüft die Koordinierungsstelle.")
        serializer = ReportReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_service_call(
            services.report_review,
            actor=request.user,
            report=report,
            accept=serializer.validated_data["accept"],
            note=serializer.validated_data.get("note", ""),
        )
        return self._answer(report)


router = DefaultRouter()
router.register("reports", ReportViewSet, basename="report")
