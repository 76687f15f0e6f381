"""Demo payments on the demo projects (synthetic, labelled so on every request and booking).

``payments_demo(projects=...)`` is called with the projects the projects app's demo made. For
each project with a commitment and approved cost types, and no requests yet (idempotent):

- a first request of 40 % of every approved cost type: submitted, approved and paid 60 days
  after the project's start;
- where the project still runs, a second request of 20 % of its largest cost type, submitted and
  waiting in the office's queue;
- where it is closed (or its final report is due), a second request of 40 % paid too, so that
  the closing settlement has an under-spend of 20 % to release.

The shares are fixed round numbers, not tuned to any figure: the demo shows the workflow, not
real spending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.payments import selectors, services
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.projects.models import Project

NOTE = "Demodaten (synthetisch)"
FIRST, SECOND = Decimal("0.40"), Decimal("0.20")
CENT = Decimal("0.01")


def _office() -> Any:
    users = get_user_model().objects
    return (
        users.filter(groups__name=COORDINATION_GROUP).order_by("pk").first()
        or users.filter(is_superuser=True).order_by("pk").first()
    )


def _share(project: Project, share: Decimal, cost_types: list[str] | None = None) -> dict:
    lines = project.budget_lines.all()
    return {
        line.cost_type: (line.amount * share).quantize(CENT, rounding=ROUND_DOWN)
        for line in lines
        if cost_types is None or line.cost_type in cost_types
    }


def _request(project: Project, recipient: Any, lines: dict[str, Decimal]) -> PaymentRequest:
    request = services.payment_request_create(
        project=project, actor=recipient, lines=lines, note=NOTE
    )
    services.payment_request_submit(payment_request=request, actor=recipient)
    return request


def _pay(request: PaymentRequest, office: Any, paid_on: dt.date) -> None:
    services.payment_request_approve(payment_request=request, actor=office, note=NOTE)
    services.payment_request_mark_paid(
        payment_request=request, actor=office, paid_on=paid_on, reference=NOTE
    )


def payments_demo(*, projects: Iterable[Project]) -> list[PaymentRequest]:
    """Requests and payments on the demo projects; the requests it made."""
    office = _office()
    made: list[PaymentRequest] = []
    if office is None:
        return made
    P = Project.Status
    for project in projects:
        if project.proposal_id is None or project.payment_requests.exists():
            continue
        if project.status in (P.PREPARATION, P.CANCELLED):
            continue
        if selectors.commitment_budget(project=project) is None:
            continue
        if not project.budget_lines.exists():
            continue
        recipient = project.proposal.applicant
        status = project.status
        start = project.starts_on or dt.date(project.funding_year, 1, 1)
        with transaction.atomic():
            # requests are drafted only while the project runs: open it for the demo's history
            Project.objects.filter(pk=project.pk).update(status=P.RUNNING)
            project.status = P.RUNNING
            first = _request(project, recipient, _share(project, FIRST))
            _pay(first, office, start + dt.timedelta(days=60))
            made.append(first)
            if status in (P.CLOSED, P.FINAL_REPORT_DUE):
                second = _request(project, recipient, _share(project, FIRST))
                _pay(second, office, start + dt.timedelta(days=180))
            else:
                first_type = project.budget_lines.order_by("-amount", "cost_type").first().cost_type
                second = _request(project, recipient, _share(project, SECOND, [first_type]))
            made.append(second)
            Project.objects.filter(pk=project.pk).update(status=status)
            project.status = status
    return made
