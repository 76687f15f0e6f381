"""Reads of proposals: mine, the office's intake, versions; each only what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, FloatField, Q, QuerySet, Value, When

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.outcomes.selectors import proposal_need_score
from fachkraefte.web.proposals.models import Proposal, ProposalVersion
from fachkraefte.web.reviews.models import Review

S = Proposal.Status
RELATED = ("call__programme", "call__alliance", "applicant")


def proposals_of_user(*, user: Any) -> QuerySet[Proposal]:
    """The proposals ``user`` started or is a co-applicant of."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(Q(applicant=user) | Q(co_applicants__user=user))
        .distinct()
        .select_related(*RELATED)
    )


def _managed_alliances(user: Any) -> QuerySet[Alliance]:
    """Where ``user`` decides on proposals (``rules.is_deciding_body``): the steering group."""
    if is_coordination(user):
        return Alliance.objects.all()
    steering = AllianceRole.objects.filter(user=user, kind=AllianceRole.Kind.STEERING)
    return Alliance.objects.filter(pk__in=steering.values("alliance"))


def proposals_visible(*, user: Any) -> QuerySet[Proposal]:
    """Every proposal ``user`` may open (``rules.may_view``), as one query."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    own = Q(applicant=user) | Q(co_applicants__user=user)
    if is_coordination(user):
        return Proposal.objects.filter(own | ~Q(status=S.DRAFT)).distinct().select_related(*RELATED)
    submitted = ~Q(status=S.DRAFT)
    deciding = submitted & Q(call__alliance__in=_managed_alliances(user))
    reviewing = submitted & Q(
        reviews__reviewer=user, reviews__conflict__in=[Review.Conflict.NONE, Review.Conflict.LIFTED]
    )
    return Proposal.objects.filter(own | deciding | reviewing).distinct().select_related(*RELATED)


def proposals_intake(
    *,
    user: Any,
    call: str = "",
    alliance: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[Proposal]:
    """The office's list: every submitted proposal it (or the steering group) may see, filtered."""
    items = proposals_visible(user=user).exclude(status=S.DRAFT)
    if not is_coordination(user):
        items = items.filter(call__alliance__in=_managed_alliances(user))
    if call:
        items = items.filter(call__slug=call)
    if alliance:
        items = items.filter(call__alliance__slug=alliance)
    if status:
        items = items.filter(status=status)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(organisation_name__icontains=q))
    return items


def with_need_scores(*, proposals: QuerySet[Proposal], user: Any) -> QuerySet[Proposal]:
    """``proposals`` with ``need_score``: the stored score of the current forecast run where
    ``user`` sees the proposal in the intake (office, steering group), else None – the need
    check is theirs, never the applicant's (``rules.may_see_checks``)."""
    if not may_see_intake(user=user):
        return proposals.annotate(need_score=Value(None, output_field=FloatField()))
    intake = proposals_intake(user=user).values("pk")
    return proposals.annotate(
        need_score=Case(
            When(pk__in=intake, then=proposal_need_score()),
            default=Value(None),
            output_field=FloatField(),
        )
    )


def may_see_intake(*, user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and _managed_alliances(user).exists()


def proposal_versions(*, proposal: Proposal) -> QuerySet[ProposalVersion]:
    return proposal.versions.select_related("submitted_by").order_by("number")


def personal_proposals(*, user: Any) -> dict[str, Any]:
    """The personal start's proposal section: mine, the calls open now, the office's intake."""
    from fachkraefte.web.calls.models import Call
    from fachkraefte.web.proposals.rules import call_takes_proposals

    published = Call.objects.filter(status=Call.Status.PUBLISHED).select_related("alliance")
    return {
        "my_proposals": list(proposals_of_user(user=user)[:10]),
        "open_calls": [call for call in published if call_takes_proposals(call)],
        "sees_intake": may_see_intake(user=user),
    }
