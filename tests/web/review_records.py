"""Records for the review and decision tests, made directly with the ORM in the role world:
a published call of alliance A with three criteria, its 2025 budget of 100,000 EUR, and a
proposal of the applicant in review. (Calls and proposals have their own services in their
apps; here they are only the stage the reviews play on.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from fachkraefte.web.calls.models import Call, ReviewCriterion
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.proposals.models import BudgetLine, Proposal
from fachkraefte.web.reviews.models import Review

SECRET_TITLE = "SECRET Antrag Pflege"


def review_records(w: Any, *, allocated: str = "100000.00") -> SimpleNamespace:
    """Built once per test (cached on the world copy); undone with the test's savepoint."""
    cached = getattr(w, "_review_records", None)
    if cached is not None:
        return cached
    call = Call.objects.create(
        programme=w.saxony,
        alliance=w.a,
        slug="aufruf-a-2025",
        title="Aufruf A 2025",
        summary="Projekte der Allianz A",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel", "material"],
    )
    criteria = [
        ReviewCriterion.objects.create(call=call, position=i, label=label)
        for i, label in enumerate(("Bedarf", "Wirkung", "Wirtschaftlichkeit"), start=1)
    ]
    # other worlds of the same test (payments, projects) may have opened this account already
    budget, _made = Budget.objects.get_or_create(
        programme=w.saxony, year=2025, alliance=w.a, earmark=None
    )
    with transaction.atomic():
        ledger.book(budget=budget, kind=LedgerEntry.Kind.ALLOCATION, amount=allocated, actor=None)
    proposal = Proposal.objects.create(
        call=call,
        applicant=w.users["applicant"],
        organisation_name="Pflegeschule Görlitz",
        organisation_category="education",
        stage=Proposal.Stage.SKETCH,
        status=Proposal.Status.IN_REVIEW,
        title=SECRET_TITLE,
        summary="SECRET Inhalt des Antrags",
    )
    BudgetLine.objects.create(proposal=proposal, cost_type="personnel", amount=Decimal("60000"))
    review = Review.objects.create(
        proposal=proposal, reviewer=w.users["member"], assigned_by=w.users["coordination"]
    )
    records = SimpleNamespace(
        call=call, criteria=criteria, budget=budget, proposal=proposal, review=review
    )
    w._review_records = records
    return records


def review_in_state(w: Any, state: str) -> Review:
    """The member of A's review of the proposal: "undeclared", "declared" (conflicted), "none"
    (declared no conflict) or "submitted" (no conflict, submitted)."""
    review = review_records(w).review
    if state != "undeclared":
        review.conflict = Review.Conflict.DECLARED if state == "declared" else Review.Conflict.NONE
        review.conflict_reason = "Vorstand" if state == "declared" else ""
        if state == "submitted":
            review.recommendation = Review.Recommendation.APPROVE
            review.submitted_at = dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC)
        review.save()
    return review


def proposal_in_state(w: Any, state: str) -> Proposal:
    proposal = review_records(w).proposal
    if proposal.status != state:
        proposal.status = state
        proposal.save()
    return proposal


def notification_of_member(w: Any) -> Any:
    from fachkraefte.web.notifications.models import Notification

    return Notification.objects.create(
        user=w.users["member"], subject="SECRET Betreff", body="SECRET Nachricht"
    )
