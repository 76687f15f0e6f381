"""The demo payments on projects like the projects app's demo makes them."""

from __future__ import annotations

from decimal import Decimal

from p2_world import make_project

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.payments import selectors
from fachkraefte.web.payments.demo import NOTE, payments_demo
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.payments.settlement import project_settle
from fachkraefte.web.projects.models import Project

S = PaymentRequest.Status


def test_demo_payments_are_labelled_idempotent_and_leave_an_underspend(pw):
    def project(status):
        return make_project(
            call=pw.call,
            applicant=pw.applicant,
            office=pw.office,
            budget=pw.budget,
            lines={"personnel": "2000.00", "material": "1000.00"},
            status=status,
        )

    running, closed = project(Project.Status.RUNNING), project(Project.Status.CLOSED)
    preparing = project(Project.Status.PREPARATION)
    made = payments_demo(projects=[running, closed, preparing])
    assert len(made) == 4 and all(r.note == NOTE for r in made)
    assert payments_demo(projects=[running, closed, preparing]) == []
    assert not preparing.payment_requests.exists()
    running.refresh_from_db()
    closed.refresh_from_db()
    assert (running.status, closed.status) == ("running", "closed")
    open_money = selectors.project_money(project=running)
    assert open_money.paid == Decimal("1200.00") and open_money.requested_open == Decimal("400.00")
    assert selectors.project_money(project=closed).paid == Decimal("2400.00")
    assert set(LedgerEntry.objects.filter(kind="payment").values_list("reference", flat=True)) == {
        NOTE
    }
    assert project_settle(project=closed, actor=pw.office).amount == Decimal("600.00")
