"""A call and a proposal of the role world's applicant, made directly with the ORM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fachkraefte.web.calls.models import Call, CostType
from fachkraefte.web.proposals.models import BudgetLine, Proposal

TODAY = dt.date.today()


def make_proposal(world, *, status: str = Proposal.Status.DRAFT, title: str = "Pflege im Kreis"):
    call, _ = Call.objects.get_or_create(
        slug="aufruf-anlagen",
        defaults={
            "programme": world.saxony,
            "alliance": world.a,
            "title": "Aufruf für Anlagen",
            "summary": "Kurz",
            "status": Call.Status.PUBLISHED,
            "opens_on": TODAY - dt.timedelta(days=5),
            "closes_on": TODAY + dt.timedelta(days=20),
            "budget_year": TODAY.year,
            "max_grant_rate": Decimal("0.9"),
            "eligible_cost_types": [CostType.PERSONNEL, CostType.MATERIAL],
        },
    )
    proposal = Proposal.objects.create(
        call=call,
        applicant=world.users["applicant"],
        organisation_name="Bildungswerk Lausitz",
        organisation_category="other",
        stage=Proposal.Stage.SKETCH,
        status=status,
        title=title,
        own_contribution=Decimal("5000.00"),
        other_funding=Decimal("1250.50"),
    )
    BudgetLine.objects.create(
        proposal=proposal, cost_type=CostType.PERSONNEL, amount=Decimal("48000.00")
    )
    BudgetLine.objects.create(
        proposal=proposal, cost_type=CostType.MATERIAL, amount=Decimal("12000.50")
    )
    return proposal
