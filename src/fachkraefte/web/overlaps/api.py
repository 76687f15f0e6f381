"""``/api/proposals/{id}/overlap/``: the overlap check of a proposal, as the panel shows it.

Office, reviewers and the steering group get the candidates (``kind=check``); the applicant
gets similar funded projects elsewhere (``kind=inspiration``); who may not see the proposal
gets 404. The answer only reads what the background task stored.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from fachkraefte.overlap import DUPLICATE_THRESHOLD
from fachkraefte.web.overlaps import rules, selectors
from fachkraefte.web.overlaps.models import OverlapCandidate
from fachkraefte.web.overlaps.serializers import (
    CandidateSerializer,
    InspirationSerializer,
    OverlapAnswerSerializer,
)
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal


class ProposalOverlapViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Überschneidungsprüfung eines Antrags",
        parameters=[OpenApiParameter("proposal_pk", int, OpenApiParameter.PATH)],
        responses={200: OverlapAnswerSerializer},
    )
    def list(self, request: Request, proposal_pk: str, *args: Any, **kwargs: Any) -> Response:
        proposal = (
            Proposal.objects.select_related("call__alliance").filter(pk=proposal_pk).first()
            if str(proposal_pk).isdigit()
            else None
        )
        if proposal is None or not proposal_rules.may_see_summary(request.user, proposal):
            raise NotFound("Kein solcher Antrag.")
        check = rules.may_see_check(request.user, proposal)
        if not check and not rules.may_see_inspiration(request.user, proposal):
            raise PermissionDenied("Die Überschneidungsprüfung sehen Stellen und Gremien.")
        kind = OverlapCandidate.Kind.CHECK if check else OverlapCandidate.Kind.INSPIRATION
        found = selectors.overlap_candidates(proposal=proposal, kind=kind)
        done = selectors.overlap_check_of(proposal=proposal)
        return Response(
            {
                "proposal": proposal.pk,
                "kind": kind,
                "computed_at": done.computed_at if done else None,
                "stale": bool(done and done.proposal_updated_at < proposal.updated_at),
                "duplicate_threshold": DUPLICATE_THRESHOLD,
                "candidates": CandidateSerializer(found, many=True).data if check else [],
                "inspiration": [] if check else InspirationSerializer(found, many=True).data,
            }
        )


router = DefaultRouter(trailing_slash=True)
router.register(
    r"proposals/(?P<proposal_pk>[^/.]+)/overlap",
    ProposalOverlapViewSet,
    basename="proposal-overlap",
)
