"""REST endpoints of reviews and of the way to the decision (under /api/, see ``api.routes``).

The same rules as the pages, asked before the body is validated: reviews are found by their
reviewer and the office only (404 otherwise); the summary by ``rules.may_see_scores``; the
decision steps by ``proposals.rules`` (404 where the proposal is hidden, 403 where it is seen).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.web.api.authorise import named
from fachkraefte.web.api.steps import AnswerAsWritten, workflow_step
from fachkraefte.web.core.api_errors import api_service_call
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.proposals import decisions
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews import rules, selectors, services
from fachkraefte.web.reviews.models import Review as ReviewModel
from fachkraefte.web.reviews.serializers import (
    AgendaSerializer,
    AssignSerializer,
    DeclareSerializer,
    ExternalSerializer,
    ProposalDecisionSerializer,
    ReasonSerializer,
    ReviewSerializer,
    ReviewSummarySerializer,
    ScoreInputSerializer,
)


def _visible_proposal(user: Any, proposal: Proposal | None) -> Proposal:
    if proposal is None or not proposal_rules.may_see_summary(user, proposal):
        raise NotFound
    return proposal


@extend_schema_view(
    list=extend_schema(summary="Gutachten: eigene (Gutachter/innen), alle (Koordinierungsstelle)"),
    create=extend_schema(
        summary="Gutachter/in zuweisen (Koordinierungsstelle)",
        request=AssignSerializer,
        responses={201: ReviewSerializer},
    ),
)
class ReviewViewSet(
    AnswerAsWritten,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReviewSerializer
    permission_classes = [IsAuthenticated]
    queryset = ReviewModel.objects.none()
    ordering_fields = ["assigned_at", "submitted_at"]
    ordering = ["-assigned_at", "id"]
    filterset_fields = ["proposal", "conflict"]

    def get_queryset(self):
        return selectors.reviews_visible(user=self.request.user).order_by("-assigned_at", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = named(Proposal.objects.select_related("call"), request.data, "proposal")
        if proposal is None:
            if not rules.is_office(request.user):
                raise PermissionDenied
        else:
            _visible_proposal(request.user, proposal)
            if not rules.may_assign(request.user, proposal):
                raise PermissionDenied
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if proposal is None:
            raise NotFound
        reviewer = (
            get_user_model().objects.filter(username=serializer.validated_data["reviewer"]).first()
        )
        review = api_service_call(
            services.review_assign, actor=request.user, proposal=proposal, reviewer=reviewer
        )
        return self.answer(review, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Befangenheit erklären (die Gutachterin, der Gutachter selbst)",
        request=DeclareSerializer,
        responses={200: ReviewSerializer},
    )
    @action(detail=True, methods=["post"])
    @workflow_step(rules.is_own, body=DeclareSerializer)
    def declare(self, review: ReviewModel, actor: Any, values: Any) -> ReviewModel:
        return services.review_declare(actor=actor, review=review, **values)

    @extend_schema(
        summary="Bewerten und abgeben (ohne Befangenheit, vor der Abgabe)",
        request=ScoreInputSerializer,
        responses={200: ReviewSerializer},
    )
    @action(detail=True, methods=["post"])
    @workflow_step(rules.may_score, body=ScoreInputSerializer)
    def score(self, review: ReviewModel, actor: Any, values: Any) -> ReviewModel:
        return services.review_save(
            actor=actor,
            review=review,
            scores=values["scores"],
            recommendation=values.get("recommendation", ""),
            comment=values.get("comment", ""),
            submit=values["submit"],
        )

    @extend_schema(
        summary="Befangenheit aufheben (Koordinierungsstelle, mit Grund)",
        request=ReasonSerializer,
        responses={200: ReviewSerializer},
    )
    @action(detail=True, methods=["post"])
    @workflow_step(lambda user, review: rules.is_office(user), body=ReasonSerializer)
    def lift(self, review: ReviewModel, actor: Any, values: Any) -> ReviewModel:
        return services.review_lift(actor=actor, review=review, **values)


@extend_schema_view(
    retrieve=extend_schema(summary="Übersicht der Bewertungen eines Antrags (ID des Antrags)")
)
class ReviewSummaryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReviewSummarySerializer
    permission_classes = [IsAuthenticated]
    queryset = Proposal.objects.none()

    def get_queryset(self):
        return Proposal.objects.select_related("call__alliance")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = _visible_proposal(
            request.user,
            self.get_queryset().filter(pk=kwargs["pk"]).first()
            if str(kwargs["pk"]).isdigit()
            else None,
        )
        if not rules.may_see_scores(request.user, proposal):
            raise PermissionDenied
        return Response(self.get_serializer(selectors.review_summary(proposal=proposal)).data)


class ProposalDecisionViewSet(viewsets.GenericViewSet):
    """The steps to and after the steering group's decision on one proposal."""

    serializer_class = ProposalDecisionSerializer
    permission_classes = [IsAuthenticated]
    queryset = Proposal.objects.none()

    def _proposal(self, pk: str | None, may) -> Proposal:
        proposal = (
            Proposal.objects.select_related("call__alliance").filter(pk=pk).first()
            if str(pk).isdigit()
            else None
        )
        if proposal is None or not proposal_rules.may_view(self.request.user, proposal):
            raise NotFound
        if not may(self.request.user, proposal):
            raise PermissionDenied
        return proposal

    @extend_schema(
        summary="Mit Beschlussvorschlag auf die Tagesordnung setzen",
        request=AgendaSerializer,
        responses={200: ProposalDecisionSerializer},
    )
    @action(detail=True, methods=["post"])
    def agenda(self, request: Request, pk: str | None = None) -> Response:
        proposal = self._proposal(pk, proposal_rules.may_put_on_agenda)
        serializer = AgendaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = (
            AgendaItem.objects.select_related("meeting")
            .filter(pk=data["agenda_item"], meeting__alliance_id=proposal.call.alliance_id)
            .first()
        )
        if item is None:
            raise NotFound
        proposal = api_service_call(
            decisions.proposal_put_on_agenda,
            actor=request.user,
            proposal=proposal,
            item=item,
            motion=data["motion"],
            amount=data.get("approved_amount") or None,
            conditions=data.get("conditions", ""),
            reasons=data.get("decision_reasons", ""),
            rank=data.get("rank"),
        )
        return Response(self.get_serializer(proposal).data)

    @extend_schema(
        summary="Bescheid des Fördergebers erfassen (Koordinierungsstelle)",
        request=ExternalSerializer,
        responses={200: ProposalDecisionSerializer},
    )
    @action(detail=True, methods=["post"])
    def external(self, request: Request, pk: str | None = None) -> Response:
        proposal = self._proposal(pk, proposal_rules.may_record_external)
        serializer = ExternalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        proposal = api_service_call(
            decisions.proposal_record_external,
            actor=request.user,
            proposal=proposal,
            funded=data["funded"],
            decided_on=data["external_decision_on"],
            reference=data["external_reference"],
        )
        return Response(self.get_serializer(proposal).data)


router = DefaultRouter()
router.register("reviews", ReviewViewSet, basename="review")
router.register("review-summaries", ReviewSummaryViewSet, basename="review-summary")
router.register("proposal-decisions", ProposalDecisionViewSet, basename="proposal-decision")
