"""Reads of reviews: a reviewer's assignments, what the office sees, the summary per proposal.

The summary counts only submitted reviews without conflict (none declared, or lifted by the
office); per criterion it leaves "n/a" out, and shows the average with its spread (min–max, n).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from fachkraefte.web.calls.models import ReviewCriterion
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews import rules
from fachkraefte.web.reviews.models import Review, Score


@dataclass(frozen=True)
class CriterionSummary:
    criterion: ReviewCriterion
    average: Decimal | None  # two decimals; None where nobody gave points
    minimum: int | None
    maximum: int | None
    n: int  # reviews with points for this criterion
    not_applicable: int  # counted reviews that answered "n/a"

    @property
    def label(self) -> str:
        return self.criterion.label


@dataclass(frozen=True)
class ReviewSummary:
    proposal: Proposal
    criteria: list[CriterionSummary]
    counted: int  # submitted reviews without conflict
    conflicted: int  # declared (not lifted) conflicts, left out
    pending: int  # assigned, not yet submitted, without declared conflict
    recommendations: list[tuple[str, int]]  # (label, count) in the order of the choices


# The reviewer's list filter: still to do (not submitted, not conflicted), submitted, conflicted.
REVIEW_STAGES = ("alle", "offen", "abgegeben", "befangen")


def reviews_of_reviewer(*, user: Any, stage: str = "alle") -> QuerySet[Review]:
    reviews = Review.objects.filter(reviewer_id=getattr(user, "pk", None)).select_related(
        "proposal__call__alliance"
    )
    if stage == "offen":
        return reviews.filter(submitted_at__isnull=True).exclude(conflict=Review.Conflict.DECLARED)
    if stage == "abgegeben":
        return reviews.filter(submitted_at__isnull=False)
    if stage == "befangen":
        return reviews.filter(conflict=Review.Conflict.DECLARED)
    return reviews


def reviews_visible(*, user: Any) -> QuerySet[Review]:
    """The office sees every review; a reviewer their own."""
    base = Review.objects.select_related("proposal__call__alliance", "reviewer")
    if rules.is_office(user):
        return base
    return base.filter(reviewer_id=getattr(user, "pk", None))


def proposals_in_review(*, user: Any) -> QuerySet[Proposal]:
    """Proposals being reviewed, for the office's overview (others: none)."""
    if not rules.is_office(user):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(status__in=rules.REVIEWABLE)
        .select_related("call__alliance")
        .order_by("call__title", "title", "id")
    )


def counted_reviews(*, proposal: Proposal) -> QuerySet[Review]:
    return Review.objects.filter(
        proposal=proposal, submitted_at__isnull=False, conflict__in=rules.OPEN_CONFLICT
    )


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def review_summary(*, proposal: Proposal) -> ReviewSummary:
    counted = list(counted_reviews(proposal=proposal))
    ids = [review.pk for review in counted]
    rows: list[CriterionSummary] = []
    for criterion in ReviewCriterion.objects.filter(call_id=proposal.call_id):
        answers = list(
            Score.objects.filter(review_id__in=ids, criterion=criterion).values_list(
                "value", flat=True
            )
        )
        points = [value for value in answers if value is not None]
        rows.append(
            CriterionSummary(
                criterion=criterion,
                average=_average(points),
                minimum=min(points) if points else None,
                maximum=max(points) if points else None,
                n=len(points),
                not_applicable=len(answers) - len(points),
            )
        )
    tally = Counter(review.recommendation for review in counted if review.recommendation)
    everyone = Review.objects.filter(proposal=proposal)
    return ReviewSummary(
        proposal=proposal,
        criteria=rows,
        counted=len(counted),
        conflicted=everyone.filter(conflict=Review.Conflict.DECLARED).count(),
        pending=everyone.filter(submitted_at__isnull=True)
        .exclude(conflict=Review.Conflict.DECLARED)
        .count(),
        recommendations=[
            (str(label), tally.get(value, 0)) for value, label in Review.Recommendation.choices
        ],
    )


def scores_of(*, review: Review) -> dict[int, int | None]:
    return dict(review.scores.values_list("criterion_id", "value"))
