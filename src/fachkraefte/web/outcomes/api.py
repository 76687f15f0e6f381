"""REST endpoints of outcomes (included under /api/ by ``fachkraefte.web.api.routes``).

- ``outcomes``: result rows of the projects the user may see; the recipient adds, changes and
  removes the achieved results of a report while it is editable (rules first, then the body);
- ``participant-counts``: participants by target group and sex (read);
- ``proposals/{id}/need/``: the fit of a proposal to the regional need for the current forecast
  run — the stored result, or ``pending`` with the task's progress once its computation is
  queued (never computed in the request).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.occupations.job_titles import known_code
from fachkraefte.web.api.authorise import named
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes import rules, selectors, services
from fachkraefte.web.outcomes.models import GapEffect, OutcomeResult, ParticipantCount
from fachkraefte.web.outcomes.presentation import api_effect
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import may_see_checks, may_see_summary
from fachkraefte.web.reporting.models import Report


class OutcomeResultSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(queryset=Report.objects.all())

    class Meta:
        model = OutcomeResult
        fields = [
            "id",
            "project",
            "report",
            "kind",
            "what",
            "count",
            "occupation",
            "district",
            "year",
        ]
        read_only_fields = ["id", "project", "kind"]

    def validate_occupation(self, value: str) -> str:
        if value and not (len(value) in (3, 5) and value.isdigit() and known_code(value)):
            raise serializers.ValidationError(f"„{value}“ ist kein Schlüssel der KldB 2010.")
        return value

    def validate_district(self, value: Any) -> Any:
        if value is not None and value.level != Region.Level.KREIS:
            raise serializers.ValidationError(f"„{value.pk}“ ist kein Kreis.")
        return value

    def validate_year(self, value: int) -> int:
        if not 2000 <= value <= 2100:
            raise serializers.ValidationError("Jahr zwischen 2000 und 2100.")
        return value


class ParticipantCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParticipantCount
        fields = ["id", "project", "report", "target_group", "sex", "count"]


@extend_schema_view(
    list=extend_schema(summary="Ergebnisse der Projekte, die Sie sehen dürfen"),
    retrieve=extend_schema(summary="Ein Ergebnis (Anzahl, Beruf, Kreis, Jahr)"),
    create=extend_schema(
        summary="Ergebnis eines änderbaren Berichts eintragen (Zuwendungsempfänger)"
    ),
    update=extend_schema(summary="Ergebnis ändern (Zuwendungsempfänger, Bericht änderbar)"),
    partial_update=extend_schema(summary="Ergebnis teilweise ändern"),
    destroy=extend_schema(summary="Ergebnis entfernen (Zuwendungsempfänger, Bericht änderbar)"),
)
class OutcomeResultViewSet(viewsets.ModelViewSet):
    serializer_class = OutcomeResultSerializer
    permission_classes = [IsAuthenticated]
    queryset = OutcomeResult.objects.none()
    filterset_fields = ["project", "report", "kind", "year", "occupation"]
    ordering = ["project", "year", "id"]

    def get_queryset(self):
        visible = selectors.projects_with_visible_outcomes(user=self.request.user)
        return OutcomeResult.objects.filter(project__in=visible).order_by("project", "year", "id")

    def _writable(self, report: Report | None) -> None:
        if report is None or not rules.may_edit_report_outcomes(self.request.user, report):
            raise PermissionDenied(
                "Ergebnisse trägt der Zuwendungsempfänger in einen änderbaren Bericht ein."
            )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._writable(named(Report.objects.all(), request.data, "report"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        report = data.pop("report")
        self._writable(report)
        serializer.instance = api_service_call(
            services.outcome_result_create, actor=self.request.user, report=report, values=data
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._writable(self.get_object().report)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("report", None)  # a row stays with its report
        serializer.instance = api_service_call(
            services.outcome_result_update,
            actor=self.request.user,
            row=serializer.instance,
            values=data,
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        self._writable(row.report)
        try:
            services.outcome_result_delete(actor=request.user, row=row)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(status=204)


@extend_schema_view(
    list=extend_schema(summary="Teilnehmende nach Zielgruppe und Geschlecht"),
    retrieve=extend_schema(summary="Eine Teilnehmendenzahl"),
)
class ParticipantCountViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ParticipantCountSerializer
    permission_classes = [IsAuthenticated]
    queryset = ParticipantCount.objects.none()
    filterset_fields = ["project", "report", "target_group", "sex"]
    ordering = ["project", "id"]

    def get_queryset(self):
        visible = selectors.projects_with_visible_outcomes(user=self.request.user)
        return ParticipantCount.objects.filter(project__in=visible).order_by("project", "id")


class ProposalNeedViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Proposal.objects.none()
    pagination_class = None

    @extend_schema(
        summary="Passung eines Antrags zum regionalen Bedarf (Lücke, Beitrag, Bedarfswert)",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="status: ready | failed | pending | no_run | nothing; run_id; "
                "result (need_score, share_closed, gap, added, year, cells) when ready",
            ),
            403: OpenApiResponse(description="Nur Koordinierungsstelle, Lenkungskreis, Gutachter"),
            404: OpenApiResponse(description="Kein Antrag, den Sie sehen dürfen"),
        },
    )
    def list(self, request: Request, proposal_pk: str | None = None) -> Response:
        proposal = get_object_or_404(Proposal, pk=proposal_pk)
        if not may_see_summary(request.user, proposal):
            raise NotFound
        if not may_see_checks(request.user, proposal):
            raise PermissionDenied(
                "Die Bedarfsprüfung sehen Koordinierungsstelle, Lenkungskreis und Gutachter."
            )
        where = {
            "subject": GapEffect.Subject.PROPOSAL,
            "subject_id": proposal.pk,
            "kind": GapEffect.Kind.EXPECTED,
        }
        state = selectors.gap_effect_state(**where)
        if services.gap_effect_request(state=state) is not None:
            state = selectors.gap_effect_state(**where)
        return Response(api_effect(state))


router = DefaultRouter(trailing_slash=True)
router.register("outcomes", OutcomeResultViewSet, basename="outcome")
router.register("participant-counts", ParticipantCountViewSet, basename="participant-count")
router.register(
    r"proposals/(?P<proposal_pk>[0-9]+)/need", ProposalNeedViewSet, basename="proposal-need"
)
urlpatterns = router.urls
