"""Payment requests, their checks per cost type, payment, repayment and the closing settlement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from p2_world import build_payment_world, make_project, make_request

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.payments import selectors, services
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.payments.settlement import project_settle
from fachkraefte.web.projects.models import Project

S = PaymentRequest.Status
D = Decimal


@pytest.fixture()
def project(pw):
    return make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={"personnel": "1000.00", "material": "500.00"},
    )


def _paid(pw, project, lines):
    request = services.payment_request_create(project=project, actor=pw.applicant, lines=lines)
    services.payment_request_submit(payment_request=request, actor=pw.applicant)
    services.payment_request_approve(payment_request=request, actor=pw.office)
    services.payment_request_mark_paid(payment_request=request, actor=pw.office)
    request.refresh_from_db()
    return request


def test_the_whole_path_books_one_payment_naming_project_and_request(pw, project):
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "600,00", "material": ""}
    )
    assert request.number == 1 and request.status == S.DRAFT
    services.payment_request_submit(payment_request=request, actor=pw.applicant)
    services.payment_request_approve(payment_request=request, actor=pw.office, note="Belege ok")
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).exists()
    entry = services.payment_request_mark_paid(
        payment_request=request, actor=pw.office, paid_on=dt.date(2025, 10, 1)
    )
    request.refresh_from_db()
    assert request.status == S.PAID and request.paid_on == dt.date(2025, 10, 1)
    assert (entry.kind, entry.amount) == (LedgerEntry.Kind.PAYMENT, D("600.00"))
    assert entry.project == project and entry.payment_request == request
    assert entry.budget == pw.budget and entry.proposal == project.proposal
    own = balances(pw.budget)
    assert own.paid == D("600.00") and own.open_commitments == D("900.00")
    money = selectors.project_money(project=project)
    row = money.row("personnel")
    assert (row.approved, row.paid, row.remaining) == (D("1000"), D("600"), D("400"))
    assert money.open_commitment == D("900.00") and money.remaining == D("900.00")
    # every money step audited, and the recipient told of approval and payment
    trail = AuditEntry.objects.filter(object_id=str(request.pk), changes__has_key="status")
    assert trail.count() == 3
    subjects = list(
        Notification.objects.filter(user=pw.applicant).values_list("subject", flat=True)
    )
    assert any("freigegeben" in s for s in subjects) and any("ausgezahlt" in s for s in subjects)


def test_requesting_more_than_approved_names_the_cost_type(pw, project):
    _paid(pw, project, {"personnel": "700.00"})
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "400.00"}
    )
    with pytest.raises(ValidationError) as refused:
        services.payment_request_submit(payment_request=request, actor=pw.applicant)
    message = refused.value.message_dict["amount_personnel"][0]
    assert "Personalausgaben" in message and "300,00" in message
    request.refresh_from_db()
    assert request.status == S.DRAFT


def test_paying_more_than_approved_per_cost_type_is_refused(pw, project):
    """Two requests approved in a race (made directly): the second payment would exceed the
    cost type's approved amount and is refused with the cost type named; nothing is booked."""
    first = make_request(project, {"material": "300.00"}, status=S.APPROVED)
    second = make_request(project, {"material": "300.00"}, status=S.APPROVED)
    services.payment_request_mark_paid(payment_request=first, actor=pw.office)
    with pytest.raises(ValidationError) as refused:
        services.payment_request_mark_paid(payment_request=second, actor=pw.office)
    assert "Sachausgaben" in " ".join(refused.value.messages)
    assert "200,00" in " ".join(refused.value.messages)
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).count() == 1
    second.refresh_from_db()
    assert second.status == S.APPROVED


def test_approval_counts_approved_unpaid_money(pw, project):
    make_request(project, {"material": "400.00"}, status=S.APPROVED)
    request = make_request(project, {"material": "200.00"}, status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="Sachausgaben"):
        services.payment_request_approve(payment_request=request, actor=pw.office)


def test_a_request_never_exceeds_the_open_commitment(pw):
    """The budget lines promise 1,500 EUR but only 1,000 are bound on the ledger."""
    project = make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={"personnel": "1500.00"},
        committed="1000.00",
    )
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "1200.00"}
    )
    with pytest.raises(ValidationError, match="offene Bindung"):
        services.payment_request_submit(payment_request=request, actor=pw.applicant)


def test_only_recipients_request_and_only_the_office_decides(pw, project):
    with pytest.raises(PermissionDenied):
        services.payment_request_create(project=project, actor=pw.office, lines={"personnel": 1})
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "1"}
    )
    services.payment_request_submit(payment_request=request, actor=pw.applicant)
    with pytest.raises(PermissionDenied):
        services.payment_request_approve(payment_request=request, actor=pw.applicant)
    with pytest.raises(ValidationError):  # no reason given
        services.payment_request_reject(payment_request=request, actor=pw.office, note=" ")
    services.payment_request_reject(payment_request=request, actor=pw.office, note="Belege fehlen")
    with pytest.raises(ValidationError):  # rejected is final: nothing to pay
        services.payment_request_mark_paid(payment_request=request, actor=pw.office)
    assert Notification.objects.filter(user=pw.applicant, subject__contains="abgelehnt").exists()


def test_a_cost_type_that_was_not_approved_is_refused(pw, project):
    with pytest.raises(ValidationError) as refused:
        services.payment_request_create(
            project=project, actor=pw.applicant, lines={"travel": "10.00"}
        )
    assert "Reisekosten" in refused.value.message_dict["amount_travel"][0]


def test_requests_only_while_the_project_runs(pw, project):
    project.status = Project.Status.CLOSED
    project.save()
    with pytest.raises(PermissionDenied):
        services.payment_request_create(project=project, actor=pw.applicant, lines={"personnel": 1})


def test_repayment_books_a_return_and_is_not_requestable_again(pw, project):
    _paid(pw, project, {"personnel": "1000.00"})
    with pytest.raises(ValidationError, match="höchstens 1.000,00"):
        services.repayment_book(
            project=project,
            actor=pw.office,
            cost_type="personnel",
            amount="1000.01",
            reason="Rückforderung",
            received_on=dt.date(2026, 1, 5),
        )
    repayment = services.repayment_book(
        project=project,
        actor=pw.office,
        cost_type="personnel",
        amount="250.00",
        reason="nicht verbrauchte Mittel",
        received_on=dt.date(2026, 1, 5),
    )
    entry = LedgerEntry.objects.get(repayment=repayment)
    assert (entry.kind, entry.amount, entry.project) == ("return", D("250.00"), project)
    row = selectors.project_money(project=project).row("personnel")
    assert (row.paid, row.repaid, row.remaining) == (D("1000"), D("250"), D("0"))
    request = services.payment_request_create(
        project=project, actor=pw.applicant, lines={"personnel": "250.00"}
    )
    with pytest.raises(ValidationError, match="Personalausgaben"):
        services.payment_request_submit(payment_request=request, actor=pw.applicant)


def test_settlement_releases_exactly_the_remainder_once(pw, project):
    _paid(pw, project, {"personnel": "800.00", "material": "100.00"})
    services.repayment_book(
        project=project,
        actor=pw.office,
        cost_type="material",
        amount="40.00",
        reason="Rückforderung",
        received_on=dt.date(2026, 1, 5),
    )
    before = balances(pw.budget)
    entry = project_settle(project=project, actor=pw.office)
    assert (entry.kind, entry.amount, entry.project) == ("release", D("600.00"), project)
    after = balances(pw.budget)
    assert after.available == before.available + D("600.00")
    assert after.open_commitments == D("0.00")
    assert project_settle(project=project, actor=pw.office) is None
    assert LedgerEntry.objects.filter(kind="release").count() == 1


def test_settlement_waits_for_open_requests(pw, project):
    make_request(project, {"personnel": "100.00"}, status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="Offene Mittelabrufe"):
        project_settle(project=project, actor=pw.office)
    assert not LedgerEntry.objects.filter(kind="release").exists()


def test_settlement_keeps_the_money_where_the_programme_does_not_release(db):
    pw = build_payment_world(releases_underspend=False)
    project = make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={"personnel": "100.00"},
    )
    assert project_settle(project=project, actor=pw.office) is None
    assert balances(pw.budget).open_commitments == D("100.00")
