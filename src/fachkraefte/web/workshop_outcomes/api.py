"""REST endpoints of workshop outcomes (routed by ``web.api.routes``): read as the board shows
them; the moderation enters outcomes, participants give dots, organisers and owners move the
follow-up on, and the call drafters turn a measure into a draft call."""

from __future__ import annotations

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.filters import alliance_filter
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.workshop_outcomes import rules, selectors, services
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeProtocol
from fachkraefte.web.workshop_outcomes.serializers import (
    OutcomeCreateSerializer,
    OutcomeSerializer,
    OutcomeTransitionSerializer,
    OutcomeVoteResultSerializer,
    OutcomeVoteSerializer,
)
from fachkraefte.web.workshop_outcomes.workflows import OUTCOME_WORKFLOW
from fachkraefte.web.workshops.selectors import workshops_visible


class OutcomeFilter(django_filters.FilterSet):
    workshop = django_filters.CharFilter(field_name="workshop__slug", label="Werkstatt (Slug)")
    status = django_filters.ChoiceFilter(choices=Outcome.Status.choices)
    phase = django_filters.CharFilter(field_name="phase")
    alliance = alliance_filter("workshop__alliance__slug")
    district = django_filters.CharFilter(
        field_name="workshop__districts__ags", label="Kreis (AGS)", distinct=True
    )

    class Meta:
        model = Outcome
        fields = ["workshop", "status", "phase", "alliance", "district"]


def _signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated


@extend_schema_view(
    list=extend_schema(summary="Werkstatt-Ergebnisse (der lesbaren Werkstätten)"),
    retrieve=extend_schema(summary="Ein Werkstatt-Ergebnis mit Verlauf"),
)
class OutcomeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OutcomeSerializer
    queryset = Outcome.objects.none()
    filterset_class = OutcomeFilter
    ordering_fields = ["position", "due_on", "created_at"]
    ordering = ["workshop", "position"]
    search_fields = ["text"]

    def get_queryset(self):
        return (
            selectors.with_points(selectors.outcomes_visible(user=self.request.user))
            .select_related("workshop", "owner_user", "owner_organisation", "call")
            .prefetch_related("action_fields", "events")
            .order_by("workshop", "position")
        )

    @extend_schema(
        request=OutcomeCreateSerializer,
        responses={201: OutcomeSerializer, 403: OpenApiResponse(description="nicht erlaubt")},
        summary="Ergebnis festhalten (Moderation, während der Werkstatt)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _signed_in(request)
        workshop = named(
            workshops_visible(user=request.user), request.data, "workshop", field="slug"
        )
        if workshop is None or not rules.may_record(request.user, workshop):
            raise PermissionDenied(_("Ergebnisse erfasst die Moderation während der Werkstatt."))
        serializer = OutcomeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = api_service_call(
            services.outcome_create,
            actor=request.user,
            workshop=workshop,
            phase=data["phase"],
            category=data["category"],
            text=data["text"],
        )
        outcome = self.get_queryset().get(pk=outcome.pk)
        return Response(self.get_serializer(outcome).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=OutcomeVoteSerializer,
        responses={
            200: OutcomeVoteResultSerializer,
            400: OpenApiResponse(description="zu viele Punkte"),
        },
        summary="Eigene Punkte für ein Ergebnis setzen (0 nimmt sie zurück)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def vote(self, request: Request, pk: str | None = None) -> Response:
        _signed_in(request)
        outcome = get_object_or_404(self.get_queryset(), pk=pk)
        if not rules.may_vote(request.user, outcome.workshop):
            raise PermissionDenied(_("Punkte vergeben die Teilnehmenden während der Werkstatt."))
        serializer = OutcomeVoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dots = serializer.validated_data["dots"]
        api_service_call(services.outcome_vote, actor=request.user, outcome=outcome, dots=dots)
        protocol = OutcomeProtocol.objects.get(workshop=outcome.workshop)
        used = services.dots_used(workshop=outcome.workshop, voter=request.user)
        result = {"outcome": outcome.pk, "dots": dots, "dots_left": protocol.dots_per_person - used}
        return Response(OutcomeVoteResultSerializer(result).data)

    @extend_schema(
        request=OutcomeTransitionSerializer,
        responses={
            200: OutcomeSerializer,
            400: OpenApiResponse(description="Schritt nicht vorgesehen"),
            403: OpenApiResponse(description="nicht erlaubt"),
        },
        summary="Stand ändern (in Arbeit, erledigt, verworfen, wieder aufgenommen)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        _signed_in(request)
        outcome = get_object_or_404(self.get_queryset(), pk=pk)
        if not OUTCOME_WORKFLOW.allowed(request.user, outcome):
            raise PermissionDenied(_("Den Stand ändern die Veranstalter und die Zuständigen."))
        serializer = OutcomeTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_service_call(
            services.outcome_transition,
            actor=request.user,
            outcome=outcome,
            to=serializer.validated_data["status"],
            note=serializer.validated_data["note"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=outcome.pk)).data)

    @extend_schema(
        request=None,
        responses={201: OutcomeSerializer, 403: OpenApiResponse(description="nicht erlaubt")},
        summary="Aus der Maßnahme einen Förderaufruf (Entwurf) machen",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="call",
        url_name="call",
        permission_classes=[IsAuthenticated],
    )
    def make_call(self, request: Request, pk: str | None = None) -> Response:
        _signed_in(request)
        outcome = get_object_or_404(self.get_queryset(), pk=pk)
        if not rules.may_make_call(request.user, outcome):
            raise PermissionDenied(_("Aus dieser Maßnahme lässt sich kein Aufruf entwerfen."))
        api_service_call(services.outcome_make_call, actor=request.user, outcome=outcome)
        outcome = self.get_queryset().get(pk=outcome.pk)
        return Response(self.get_serializer(outcome).data, status=status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.register("workshop-outcomes", OutcomeViewSet, basename="workshop-outcome")
urlpatterns = router.urls
