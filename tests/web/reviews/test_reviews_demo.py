"""ensure_demo_reviews_and_decisions(): reviews with a declared conflict, one approval with its
commitment, one rejection, one invitation; through the services; reruns change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.calls.models import Call, ReviewCriterion
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.models import Budget, FundingTerms, LedgerEntry
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.models import BudgetLine, Proposal
from fachkraefte.web.reviews.demo import MEETING_TITLE, ensure_demo_reviews_and_decisions
from fachkraefte.web.reviews.models import Review

pytestmark = pytest.mark.django_db
S = Proposal.Status


def _call(slug: str, alliance_slug: str, programme: Programme) -> Call:
    from fachkraefte.web.alliances.models import Alliance

    call = Call.objects.create(
        programme=programme,
        alliance=Alliance.objects.get(slug=alliance_slug),
        slug=slug,
        title=slug,
        summary="Demo",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel"],
    )
    ReviewCriterion.objects.create(call=call, position=1, label="Bedarf")
    ReviewCriterion.objects.create(call=call, position=2, label="Wirkung")
    return call


def _proposal(call: Call, title: str, stage: str) -> Proposal:
    from django.contrib.auth import get_user_model

    proposal = Proposal.objects.create(
        call=call,
        applicant=get_user_model().objects.get(username="antragsteller"),
        organisation_name="Demo-Träger",
        organisation_category="education",
        stage=stage,
        status=S.SUBMITTED,
        title=title,
    )
    BudgetLine.objects.create(proposal=proposal, cost_type="personnel", amount=Decimal("50000"))
    return proposal


@pytest.fixture()
def stage(tmp_path, monkeypatch):
    """What the funding, calls and proposals demos leave: calls, a budget, submitted proposals."""
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_users()
    ensure_demo_governance()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    lower_saxony = Programme.objects.get(slug="niedersachsen-fachkraeftebuendnisse")
    FundingTerms.objects.update_or_create(
        programme=lower_saxony,
        defaults={"workflow": "two_stage", "max_grant_rate": Decimal("0.7")},
    )
    goerlitz = _call("goerlitz-2025", "fachkraefteallianz-landkreis-goerlitz", saxony)
    ems = _call("ems-achse-qualifizierung-2025", "fachkraeftebuendnis-ems-achse", lower_saxony)
    budget = Budget.objects.create(programme=saxony, year=2025, alliance=goerlitz.alliance)
    from django.db import transaction

    with transaction.atomic():
        ledger.book(budget=budget, kind="allocation", amount="80000.00", actor=None)
    first = _proposal(goerlitz, "Demo: Pflege in Teilzeit", Proposal.Stage.SKETCH)
    second = _proposal(goerlitz, "Demo: Doppelt beantragt", Proposal.Stage.SKETCH)
    interest = _proposal(ems, "Demo: Umschulung Logistik", Proposal.Stage.INTEREST)
    return budget, first, second, interest


def test_demo_decides_through_the_services_once(stage):
    budget, first, second, interest = stage
    done = ensure_demo_reviews_and_decisions(today=dt.date(2025, 6, 1))
    assert set(done["logins"]) == {"gutachterin", "gutachter"}
    assert (done["approved"], done["rejected"], done["invited"]) == (1, 1, 1)
    for proposal in (first, second, interest):
        proposal.refresh_from_db()
    assert (first.status, second.status, interest.status) == (S.APPROVED, S.REJECTED, S.INVITED)
    assert first.approved_amount == Decimal("50000.00")
    commitment = LedgerEntry.objects.get(kind="commitment")
    assert (commitment.proposal, commitment.amount) == (first, Decimal("50000.00"))
    assert ledger.balances(budget).available == Decimal("30000.00")
    conflicts = Review.objects.filter(conflict=Review.Conflict.DECLARED)
    assert conflicts.count() == 3 and all(r.conflict_reason for r in conflicts)
    assert Review.objects.filter(submitted_at__isnull=False).count() == 3
    assert first.agenda_item.meeting.title == MEETING_TITLE
    assert first.applicant.notifications.count() == 3  # approved, rejected, invited

    again = ensure_demo_reviews_and_decisions(today=dt.date(2025, 6, 2))
    assert (again["approved"], again["rejected"], again["invited"]) == (0, 0, 0)
    assert LedgerEntry.objects.filter(kind="commitment").count() == 1
    assert Review.objects.count() == 6


def test_demo_without_a_budget_reviews_but_approves_nothing(stage):
    budget, first, _second, _interest = stage
    LedgerEntry.objects.filter(budget=budget).delete()
    budget.delete()
    done = ensure_demo_reviews_and_decisions(today=dt.date(2025, 6, 1))
    first.refresh_from_db()
    assert done["approved"] == 0 and first.status == S.IN_REVIEW
    assert first.reviews.count() == 2
