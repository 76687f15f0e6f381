"""Property tests: any sequence of requests, approvals, rejections, payments, repayments and the
closing settlement keeps the ledger exact and the per-cost-type limits kept.

Hypothesis draws the sequences; a plain Python model says which step must be refused. After
each step the budget satisfies the ledger's identity (``funding.ledger``):

    available = allocated − passed on − committed + released + returned
    open commitments = committed − released − paid

and the project's share of it equals the model: paid = the paid requests, returned = the
repayments, released = the settlement; per cost type nothing is paid beyond what was approved.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from p2_world import make_project

from fachkraefte.web.funding.ledger import ZERO, balances
from fachkraefte.web.funding.selectors import proposal_balances
from fachkraefte.web.payments import selectors, services
from fachkraefte.web.payments.settlement import project_settle

APPROVED = {"personnel": Decimal("1000.00"), "material": Decimal("500.00")}
COMMITTED = Decimal("1200.00")  # less than the lines promise: the ledger's limit bites too
COST_TYPES = tuple(APPROVED)
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("700"), places=2)
STEP = st.one_of(
    st.tuples(st.just("request"), st.integers(0, 1), AMOUNTS),
    st.tuples(st.sampled_from(["approve", "reject", "pay"]), st.integers(0, 9), st.just(ZERO)),
    st.tuples(st.just("repay"), st.integers(0, 1), AMOUNTS),
    st.tuples(st.just("settle"), st.just(0), st.just(ZERO)),
)


class Model:
    """What the ledger and the requests must say, computed without the database."""

    def __init__(self, available: Decimal) -> None:
        self.available = available - COMMITTED
        self.open = COMMITTED  # the project's open commitment
        self.released = ZERO
        self.requests: list[tuple[str, Decimal, str]] = []  # (cost type, amount, status)
        self.repaid = defaultdict(lambda: ZERO)

    def _sum(self, status: str, cost_type: str | None = None) -> Decimal:
        return sum((a for c, a, s in self.requests if s == status and cost_type in (None, c)), ZERO)

    def paid(self, cost_type: str | None = None) -> Decimal:
        return self._sum("paid", cost_type)

    def allowed(self, kind: str, index: int, amount: Decimal) -> bool:
        if kind == "request":
            c = COST_TYPES[index]
            remaining = (
                APPROVED[c] - self.paid(c) - self._sum("approved", c) - self._sum("submitted", c)
            )
            bound = self._sum("approved") + self._sum("submitted")
            return amount <= remaining and amount <= self.open - bound
        if kind == "repay":
            c = COST_TYPES[index]
            return amount <= self.paid(c) - self.repaid[c]
        if kind == "settle":
            return not any(s in ("submitted", "approved") for _c, _a, s in self.requests)
        if not self.requests:
            return False
        c, a, status = self.requests[index % len(self.requests)]
        if kind == "reject":
            return status == "submitted"
        if kind == "approve":
            free = APPROVED[c] - self.paid(c) - self._sum("approved", c)
            return status == "submitted" and a <= free and a <= self.open - self._sum("approved")
        return status == "approved" and a <= APPROVED[c] - self.paid(c) and a <= self.open

    def apply(self, kind: str, index: int, amount: Decimal) -> None:
        if kind == "request":
            self.requests.append((COST_TYPES[index], amount, "submitted"))
        elif kind == "repay":
            self.repaid[COST_TYPES[index]] += amount
            self.available += amount
        elif kind == "settle":
            self.released += self.open
            self.available += self.open
            self.open = ZERO
        else:
            i = index % len(self.requests)
            c, a, _status = self.requests[i]
            self.requests[i] = (
                c,
                a,
                {"approve": "approved", "reject": "rejected"}.get(kind, "paid"),
            )
            if kind == "pay":
                self.open -= a


def _step(pw, project, submitted, kind, index, amount):
    """One step through the services; ``submitted`` lists the requests that were submitted."""
    if kind == "request":
        request = services.payment_request_create(
            project=project, actor=pw.applicant, lines={COST_TYPES[index]: amount}
        )
        services.payment_request_submit(payment_request=request, actor=pw.applicant)
        submitted.append(request)
    elif kind == "repay":
        services.repayment_book(
            project=project,
            actor=pw.office,
            cost_type=COST_TYPES[index],
            amount=amount,
            reason="Rückforderung",
            received_on="2026-01-05",
        )
    elif kind == "settle":
        project_settle(project=project, actor=pw.office)
    else:
        if not submitted:
            raise ValidationError("kein Mittelabruf")
        request = submitted[index % len(submitted)]
        request.refresh_from_db()
        if kind == "approve":
            services.payment_request_approve(payment_request=request, actor=pw.office)
        elif kind == "reject":
            services.payment_request_reject(payment_request=request, actor=pw.office, note="nein")
        else:
            services.payment_request_mark_paid(payment_request=request, actor=pw.office)


def _check(pw, project, model: Model) -> None:
    own = balances(pw.budget)
    assert own.available == (
        own.allocated - own.passed_on - own.committed + own.released + own.returned
    )
    assert own.available == model.available >= ZERO
    mine = proposal_balances(budget=pw.budget, proposal=project.proposal)
    assert mine.committed == COMMITTED
    assert mine.open_commitments == model.open >= ZERO
    assert mine.committed - mine.released - mine.paid == mine.open_commitments
    assert mine.paid == model.paid()
    assert mine.released == model.released
    assert mine.returned == sum(model.repaid.values(), ZERO)
    money = selectors.project_money(project=project)
    assert money.open_commitment == model.open
    for c in COST_TYPES:
        row = money.row(c)
        assert row.paid == model.paid(c) <= APPROVED[c]
        assert row.repaid == model.repaid[c] <= row.paid
        assert row.remaining >= ZERO


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=14))
def test_any_sequence_keeps_the_ledger_exact(pw, steps):
    with transaction.atomic():
        project = make_project(
            call=pw.call,
            applicant=pw.applicant,
            office=pw.office,
            budget=pw.budget,
            lines={c: str(a) for c, a in APPROVED.items()},
            committed=str(COMMITTED),
        )
        model = Model(balances(pw.budget).available + COMMITTED)
        submitted: list = []
        for kind, index, amount in steps:
            allowed = model.allowed(kind, index, amount)
            try:
                with transaction.atomic():
                    _step(pw, project, submitted, kind, index, amount)
            except ValidationError:
                assert not allowed, (kind, index, amount)
            else:
                assert allowed, (kind, index, amount)
                model.apply(kind, index, amount)
            _check(pw, project, model)
        transaction.set_rollback(True)


@pytest.mark.parametrize("order", ["pay first", "repay between"])
def test_settlement_after_any_payments_releases_exactly_the_unpaid_commitment(pw, order):
    project = make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={c: str(a) for c, a in APPROVED.items()},
    )
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "333.33", "material": "66.67"}
    )
    services.payment_request_submit(payment_request=request, actor=pw.applicant)
    services.payment_request_approve(payment_request=request, actor=pw.office)
    services.payment_request_mark_paid(payment_request=request, actor=pw.office)
    if order == "repay between":
        services.repayment_book(
            project=project,
            actor=pw.office,
            cost_type="material",
            amount="16.67",
            reason="Rückforderung",
            received_on="2026-01-05",
        )
    entry = project_settle(project=project, actor=pw.office)
    assert entry.amount == Decimal("1500.00") - Decimal("400.00")
    assert project_settle(project=project, actor=pw.office) is None
