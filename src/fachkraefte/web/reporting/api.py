"""REST endpoints of reports (included under /api/ by ``web.api.routes``): the same rules and
services as the pages; writes ask the rules first (403/404), then read the body."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.steps import AnswerReadAgain, workflow_step
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
class ReportViewSet(
    AnswerReadAgain, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
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

    @extend_schema(
        request=ReportTextSerializer,
        responses={200: ReportSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Sachbericht als Entwurf speichern",
    )
    @workflow_step(
        rules.may_edit, "Diesen Bericht können Sie nicht bearbeiten.", body=ReportTextSerializer
    )
    def update(self, report: Report, actor: Any, values: Any) -> None:
        services.report_save_draft(actor=actor, report=report, text=values["text"])

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=ReportSubmitSerializer,
        responses={200: ReportSerializer, 400: OpenApiResponse(description="Kein Text")},
        summary="Bericht einreichen",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_submit, "Diesen Bericht können Sie nicht einreichen.", body=ReportSubmitSerializer
    )
    def submit(self, report: Report, actor: Any, values: Any) -> None:
        services.report_submit(actor=actor, report=report, text=values.get("text"))

    @extend_schema(
        request=ReportReviewSerializer,
        responses={200: ReportSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Bericht prüfen: annehmen oder Änderungen erbitten (Koordinierungsstelle)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_review,
        "Eingereichte Berichte prüft die Koordinierungsstelle.",
        body=ReportReviewSerializer,
    )
    def review(self, report: Report, actor: Any, values: Any) -> None:
        services.report_review(
            actor=actor, report=report, accept=values["accept"], note=values.get("note", "")
        )


router = DefaultRouter()
router.register("reports", ReportViewSet, basename="report")
