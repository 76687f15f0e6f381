"""REST endpoints of proposals (included under /api/ by ``fachkraefte.web.api.routes``).

The same rules and services as the pages: the list holds only what the user may open
(``selectors.proposals_visible``); writes ask the rules first (403/404), then read the body
through the same step forms as the pages, then call the service (its refusals are 400s).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.filters import FilterBackend, alliance_filter
from fachkraefte.web.api.steps import AnswerReadAgain, workflow_step
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.proposals import rules, selectors, services
from fachkraefte.web.proposals.forms import STEP_FORMS, CarrierForm
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.serializers import (
    ProposalCreateSerializer,
    ProposalRevisionSerializer,
    ProposalSerializer,
    ProposalStepSerializer,
    ProposalTransitionSerializer,
    ProposalVersionSerializer,
)


class NullsLastOrdering(OrderingFilter):
    """``?ordering=`` as usual, but empty values (a need score not computed yet) last in both
    directions, as on the pages (``core.tables.order``)."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        terms = [
            F(term[1:]).desc(nulls_last=True)
            if term.startswith("-")
            else F(term).asc(nulls_last=True)
            for term in ordering
        ]
        return queryset.order_by(*terms)


class ProposalFilter(django_filters.FilterSet):
    alliance = alliance_filter("call__alliance__slug")
    call = django_filters.CharFilter(field_name="call__slug", label="Förderaufruf (Kurzname)")

    class Meta:
        model = Proposal
        fields = {"status": ["exact"], "stage": ["exact"]}


def _form_values(form_class, data: Any, **kwargs: Any) -> dict[str, Any]:
    form = form_class(data, **kwargs)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        raise ValidationError(
            {field: [e["message"] for e in items] for field, items in errors.items()}
        )
    return form.cleaned_data


@extend_schema_view(
    list=extend_schema(summary="Anträge, die Sie sehen dürfen (eigene; eingereichte für Stellen)"),
    retrieve=extend_schema(summary="Ein Antrag mit Finanzplan und Prüfungen"),
)
class ProposalViewSet(
    AnswerReadAgain,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    queryset = Proposal.objects.none()
    filterset_class = ProposalFilter
    filter_backends = [FilterBackend, NullsLastOrdering, SearchFilter]
    ordering_fields = ["title", "status", "submitted_at", "updated_at", "need_score"]
    ordering = ["-updated_at", "id"]
    search_fields = ["title", "organisation_name"]

    def get_queryset(self):
        user = self.request.user
        return (
            selectors.with_need_scores(proposals=selectors.proposals_visible(user=user), user=user)
            .prefetch_related("budget_lines", "districts", "co_applicants__user")
            .order_by("-updated_at", "id")
        )

    @extend_schema(
        request=ProposalCreateSerializer,
        responses={
            201: ProposalSerializer,
            400: OpenApiResponse(description="Ungültig, oder der Aufruf nimmt keine Anträge an"),
            404: OpenApiResponse(description="Kein veröffentlichter Aufruf dieses Namens"),
        },
        summary="Antrag als Entwurf beginnen (erster Schritt: Träger und Projekt)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slug = request.data.get("call") if hasattr(request.data, "get") else None
        call = Call.objects.exclude(status=Call.Status.DRAFT).filter(slug=str(slug or "")).first()
        if call is None:
            raise NotFound("Kein veröffentlichter Förderaufruf mit diesem Kurznamen.")
        if not rules.may_create(request.user, call):
            raise ValidationError({"call": [f"Der Aufruf „{call.title}“ nimmt keine Anträge an."]})
        values = _form_values(CarrierForm, request.data, call=call)
        proposal = api_service_call(
            services.proposal_create, actor=request.user, call=call, values=values
        )
        return self.answer(proposal, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProposalStepSerializer,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(description="Angaben ungültig (Feld und Grund)"),
            403: OpenApiResponse(description="Sie dürfen diesen Antrag nicht bearbeiten"),
        },
        summary="Einen Schritt des Entwurfs speichern (Feld step und dessen Angaben)",
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        if not rules.may_edit(request.user, proposal):
            raise PermissionDenied("Sie dürfen diesen Antrag nicht bearbeiten.")
        step = request.data.get("step") if hasattr(request.data, "get") else None
        form_class = STEP_FORMS.get(str(step or ""))
        if form_class is None:
            raise ValidationError({"step": [f"Gültig: {', '.join(STEP_FORMS)}."]})
        values = _form_values(form_class, request.data, proposal=proposal)
        api_service_call(
            services.proposal_update_step,
            actor=request.user,
            proposal=proposal,
            step=step,
            values=values,
        )
        return self.answer(proposal)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=None,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(description="Unvollständig, nicht förderfähig oder Aufruf zu"),
            403: OpenApiResponse(description="Sie dürfen diesen Antrag nicht einreichen"),
        },
        summary="Antrag einreichen (speichert eine Fassung)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(rules.may_edit, "Sie dürfen diesen Antrag nicht einreichen.")
    def submit(self, proposal: Proposal, actor: Any, values: Any) -> None:
        services.proposal_submit(actor=actor, proposal=proposal)

    @extend_schema(
        request=None,
        responses={200: ProposalSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Antrag zurückziehen (nur wer ihn begonnen hat)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step()
    def withdraw(self, proposal: Proposal, actor: Any, values: Any) -> None:
        services.proposal_withdraw(actor=actor, proposal=proposal)

    @extend_schema(
        request=ProposalTransitionSerializer,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(description="Dieser Schritt ist nicht vorgesehen"),
            403: OpenApiResponse(description="Diesen Schritt dürfen Sie nicht auslösen"),
        },
        summary="Schritt ohne eigene Angaben (Begutachtung beginnen, zurückziehen)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(body=ProposalTransitionSerializer)
    def transition(self, proposal: Proposal, actor: Any, values: Any) -> None:
        services.proposal_transition(actor=actor, proposal=proposal, to=values["status"])

    @extend_schema(
        request=ProposalRevisionSerializer,
        responses={200: ProposalSerializer, 403: OpenApiResponse(description="Nicht erlaubt")},
        summary="Überarbeitung erbitten (Koordinierungsstelle, mit Text)",
    )
    @action(detail=True, methods=["post"])
    @workflow_step(
        rules.may_request_revision,
        "Um Überarbeitung bittet die Koordinierungsstelle.",
        body=ProposalRevisionSerializer,
    )
    def revision(self, proposal: Proposal, actor: Any, values: Any) -> None:
        services.proposal_request_revision(actor=actor, proposal=proposal, text=values["text"])

    @extend_schema(responses={200: ProposalVersionSerializer(many=True)}, summary="Fassungen")
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        versions = selectors.proposal_versions(proposal=proposal)
        return Response(ProposalVersionSerializer(versions, many=True).data)


router = DefaultRouter()
router.register("proposals", ProposalViewSet, basename="proposal")
