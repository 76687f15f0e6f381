"""Funded projects with money for the payment tests and the role matrix (issue 13, part p2).

Projects belong to the projects app (another part); here they are made directly with the ORM
from an approved proposal whose commitment is booked through ``funding.services``, as the
projects app will do. Imported by name (``from p2_world import ...``) like ``role_world``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.funding import services as funding
from fachkraefte.web.funding.models import Budget, FundingTerms
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.payments import services
from fachkraefte.web.payments.models import PaymentLine, PaymentRequest
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.projects.models import Project, ProjectBudgetLine
from fachkraefte.web.proposals.models import Proposal

_numbers = itertools.count(1)
S = PaymentRequest.Status
WORLD_PROJECT = "Pflegeausbildung im Verbund (Mittelabruf)"


def make_project(
    *,
    call: Call,
    applicant: Any,
    office: Any,
    budget: Budget,
    lines: dict[str, str],
    committed: str | None = None,
    status: str = Project.Status.RUNNING,
    title: str | None = None,
) -> Project:
    """An approved proposal, its commitment on ``budget`` and the project made from it."""
    title = title or f"Projekt {next(_numbers)}"
    total = sum((Decimal(v) for v in lines.values()), Decimal("0"))
    proposal = Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Bildungsträger Görlitz e. V.",
        organisation_category="education",
        status=Proposal.Status.APPROVED,
        stage=Proposal.Stage.SKETCH,
        title=title,
        approved_amount=total,
    )
    funding.ledger_commit(budget=budget, amount=committed or total, proposal=proposal, actor=office)
    project = Project.objects.create(
        proposal=proposal,
        programme=call.programme,
        alliance=call.alliance,
        title=title,
        recipient="Bildungsträger Görlitz e. V.",
        funding_year=budget.year,
        approved_amount=total,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 8, 31),
        status=status,
    )
    for cost_type, amount in lines.items():
        ProjectBudgetLine.objects.create(project=project, cost_type=cost_type, amount=amount)
    return project


def make_request(project: Project, amounts: dict[str, str], *, status: str = S.DRAFT, actor=None):
    """A request in ``status`` made directly (no checks): for states a race could produce."""
    number = project.payment_requests.count() + 1
    payment_request = PaymentRequest.objects.create(
        project=project, number=number, status=status, requested_by=actor
    )
    for cost_type, amount in amounts.items():
        PaymentLine.objects.create(request=payment_request, cost_type=cost_type, amount=amount)
    return payment_request


def _user(name: str, *, office: bool = False):
    user = get_user_model().objects.create_user(f"{name}{next(_numbers)}", password="x")
    if office:
        user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    return user


def build_payment_world(
    *, allocated: str = "10000.00", releases_underspend: bool = True
) -> SimpleNamespace:
    """Saxony's programme, one alliance with a budget, an office user and an applicant."""
    ensure_shipped_programmes()
    ensure_shipped_funding()
    office, applicant = _user("buero", office=True), _user("traeger")
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    funding.funding_terms_set(
        programme=saxony,
        actor=office,
        workflow=FundingTerms.Workflow.ONE_STAGE,
        max_grant_rate=Decimal("0.9"),
        carries_over=False,
    )
    FundingTerms.objects.filter(programme=saxony).update(releases_underspend=releases_underspend)
    alliance = Alliance.objects.create(
        slug=f"allianz-p2-{next(_numbers)}", name="Allianz Zahlungen", programme=saxony
    )
    pool = Budget.objects.filter(programme=saxony, year=2025, alliance=None, earmark=None).first()
    if pool is None:
        pool = funding.budget_create(programme=saxony, year=2025, actor=office)
    funding.budget_allocate(budget=pool, amount=allocated, actor=office)
    budget = funding.budget_create(programme=saxony, year=2025, alliance=alliance, actor=office)
    funding.budget_allocate(budget=budget, amount=allocated, actor=office)
    call = Call.objects.create(
        programme=saxony,
        alliance=alliance,
        slug=f"aufruf-p2-{next(_numbers)}",
        title="Aufruf",
        summary="Test",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
    )
    return SimpleNamespace(
        office=office, applicant=applicant, alliance=alliance, budget=budget, call=call, pool=pool
    )


# --- the role world (role_world.py): a running project of the applicant in alliance A --------


def world_project(w: Any) -> Project:
    """The world applicant's running project in A (80 EUR bound on A's 2025 budget) with one
    request per state: 1 draft, 2 submitted, 3 approved, 4 paid, 5 rejected (10 EUR each)."""
    existing = Project.objects.filter(title=WORLD_PROJECT).first()
    if existing is not None:
        return existing
    from funding_records import funding_records
    from proposal_world import world_call

    office, applicant = w.users["coordination"], w.users["applicant"]
    project = make_project(
        call=world_call(w),
        applicant=applicant,
        office=office,
        budget=funding_records(w).budget_a,
        lines={"personnel": "50.00", "material": "30.00"},
        title=WORLD_PROJECT,
    )
    for _state in S.values:
        services.payment_request_create(
            project=project, actor=applicant, lines={"personnel": "10.00"}
        )
    requests = list(project.payment_requests.order_by("number"))
    for payment_request in requests[1:]:
        services.payment_request_submit(payment_request=payment_request, actor=applicant)
    services.payment_request_approve(payment_request=requests[2], actor=office)
    services.payment_request_approve(payment_request=requests[3], actor=office)
    services.payment_request_mark_paid(payment_request=requests[3], actor=office)
    services.payment_request_reject(payment_request=requests[4], actor=office, note="Belege fehlen")
    services.repayment_book(
        project=project,
        actor=office,
        cost_type="personnel",
        amount="2.00",
        reason="Teilnehmende abgesprungen",
        received_on=dt.date(2025, 12, 1),
    )
    return project


def world_request(w: Any, state: str) -> PaymentRequest:
    return world_project(w).payment_requests.get(status=state)


def world_repayment(w: Any) -> Any:
    return world_project(w).repayments.get()


def world_foreign_request(w: Any) -> PaymentRequest:
    """A submitted request of a project of the member of A: nothing of it is the applicant's."""
    title = "Projekt des Mitglieds (Mittelabruf)"
    project = Project.objects.filter(title=title).first()
    if project is None:
        from funding_records import funding_records
        from proposal_world import world_call

        project = make_project(
            call=world_call(w),
            applicant=w.users["member"],
            office=w.users["coordination"],
            budget=funding_records(w).budget_a,
            lines={"personnel": "10.00"},
            title=title,
        )
        payment_request = services.payment_request_create(
            project=project, actor=w.users["member"], lines={"personnel": "5.00"}
        )
        services.payment_request_submit(payment_request=payment_request, actor=w.users["member"])
    return project.payment_requests.get()
