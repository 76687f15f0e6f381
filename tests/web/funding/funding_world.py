"""A small funding world (fixture ``fw`` in conftest.py): Saxony's programme with its pool, one alliance, a call and proposals.

Calls and proposals are made directly with the ORM (their services belong to other apps); the
money is booked through ``funding.services`` only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.funding import services
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.proposals.models import Proposal

_numbers = itertools.count(1)


def make_proposal(call: Call, applicant, *, status: str = Proposal.Status.IN_REVIEW) -> Proposal:
    return Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Bildungsträger Görlitz e. V.",
        organisation_category="education",
        status=status,
        stage=Proposal.Stage.SKETCH,
        title=f"Projekt {next(_numbers)}",
    )


def build_funding_world(*, pool: str = "1000.00") -> SimpleNamespace:
    ensure_shipped_programmes()  # a transactional test may have flushed the migration's rows
    ensure_shipped_funding()
    office = get_user_model().objects.create_user(f"office{next(_numbers)}", password="x")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    applicant = get_user_model().objects.create_user(f"applicant{next(_numbers)}", password="x")
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    services.funding_terms_set(
        programme=saxony,
        actor=office,
        workflow=FundingTerms.Workflow.ONE_STAGE,
        max_grant_rate=Decimal("0.9"),
        carries_over=False,
    )
    alliance = Alliance.objects.create(
        slug=f"allianz-{next(_numbers)}", name="Allianz Test", programme=saxony
    )
    pool_budget = services.budget_create(programme=saxony, year=2025, actor=office)
    services.budget_allocate(budget=pool_budget, amount=pool, actor=office)
    budget = services.budget_create(programme=saxony, year=2025, alliance=alliance, actor=office)
    call = Call.objects.create(
        programme=saxony,
        alliance=alliance,
        slug=f"aufruf-{next(_numbers)}",
        title="Aufruf",
        summary="Test",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
    )
    return SimpleNamespace(
        office=office,
        applicant=applicant,
        programme=saxony,
        alliance=alliance,
        pool=pool_budget,
        budget=budget,
        call=call,
    )
