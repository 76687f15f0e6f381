"""The payment pages and API in the role world: the recipient requests, the office decides and
pays after a confirmation, the queue and its downloads, the numbers per cost type."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from p2_world import make_request, world_project, world_request
from role_world import token_client

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.payments.models import PaymentRequest

S = PaymentRequest.Status
pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_the_recipient_requests_and_the_office_pays_through_the_pages(world, clients):
    project = world_project(world)
    create = reverse("payments:create", args=[project.pk])
    response = clients["applicant"].post(create, {"amount_personnel": "12,50", "note": "Honorare"})
    request = project.payment_requests.order_by("-number").first()
    assert response.status_code == 302 and request.status == S.DRAFT
    detail = reverse("payments:detail", args=[project.pk, request.pk])
    page = _text(clients["applicant"].get(detail))
    assert "Mittelabruf einreichen" in page and "Entwurf bearbeiten" in page
    clients["applicant"].post(reverse("payments:submit", args=[project.pk, request.pk]))
    request.refresh_from_db()
    assert request.status == S.SUBMITTED
    # the next steps are the office's: named, not offered
    page = _text(clients["applicant"].get(detail))
    assert "Mittelabruf freigeben – nur durch die Koordinierungsstelle" in page
    clients["coordination"].post(reverse("payments:approve", args=[project.pk, request.pk]))
    request.refresh_from_db()
    assert request.status == S.APPROVED
    pay = reverse("payments:pay", args=[project.pk, request.pk])
    confirmation = _text(clients["coordination"].get(pay))
    assert "Bitte bestätigen" in confirmation and "12,50" in confirmation
    assert not LedgerEntry.objects.filter(payment_request=request).exists()  # GET books nothing
    response = clients["coordination"].post(pay, {"paid_on": "2025-11-03", "reference": "K-1"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(payment_request=request)
    assert (entry.kind, entry.amount, entry.reference) == ("payment", Decimal("12.50"), "K-1")


def test_the_money_table_shows_approved_paid_open_and_remaining(world, clients):
    project = world_project(world)
    page = _text(clients["member"].get(reverse("payments:list", args=[project.pk])))
    # personnel: approved 50, paid 10, approved-unpaid 10, submitted 10, repaid 2, remaining 20
    assert "Personalausgaben" in page
    for amount in ("50,00", "10,00", "2,00", "20,00"):
        assert amount in page
    assert "Mittelabruf 1" not in page  # the draft is the recipient's only


def test_over_the_approved_amount_the_form_names_the_cost_type(world, clients):
    project = world_project(world)
    draft = world_request(world, "draft")
    edit = reverse("payments:edit", args=[project.pk, draft.pk])
    clients["applicant"].post(edit, {"amount_personnel": "25,00"})
    response = clients["applicant"].post(reverse("payments:submit", args=[project.pk, draft.pk]))
    assert response.status_code == 400
    assert "Personalausgaben" in _text(response) and "20,00" in _text(response)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_cost_type_that_was_not_approved_has_no_field(world, clients):
    project = world_project(world)
    page = _text(clients["applicant"].get(reverse("payments:create", args=[project.pk])))
    assert "amount_personnel" in page and "amount_travel" not in page


def test_the_queue_lists_open_requests_and_downloads_the_same_rows(world, clients):
    world_project(world)
    url = reverse("payment_queue:queue")
    page = _text(clients["coordination"].get(url))
    assert "2 offene Mittelabrufe" in page
    submitted_only = _text(clients["coordination"].get(url + "?status=submitted"))
    assert "1 offener Mittelabruf" in submitted_only
    workbook = load_workbook(io.BytesIO(clients["coordination"].get(url + "?format=xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Projekt" and len(rows) == 3
    assert sorted(r[4] for r in rows[1:]) == ["eingereicht", "freigegeben"]
    csv = clients["coordination"].get(url + "?format=csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 3


def test_the_rejection_needs_a_reason_and_tells_the_recipient(world, clients):
    project = world_project(world)
    submitted = world_request(world, "submitted")
    url = reverse("payments:reject", args=[project.pk, submitted.pk])
    assert clients["coordination"].post(url, {"note": ""}).status_code == 400
    clients["coordination"].post(url, {"note": "Belege fehlen"})
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED
    notice = world.users["applicant"].notifications.first()
    assert "abgelehnt" in notice.subject and "Belege fehlen" in notice.body


def test_a_repayment_through_the_page_is_a_return_on_the_ledger(world, clients):
    project = world_project(world)
    url = reverse("payments:repayment", args=[project.pk])
    form = {"cost_type": "personnel", "reason": "Rückforderung", "received_on": "2026-01-05"}
    too_much = clients["coordination"].post(url, {**form, "amount": "9,00"})
    assert too_much.status_code == 400 and "höchstens 8,00" in _text(too_much)
    clients["coordination"].post(url, {**form, "amount": "8,00"})
    returns = LedgerEntry.objects.filter(project=project, kind="return")
    assert sorted(returns.values_list("amount", flat=True)) == [Decimal("2.00"), Decimal("8.00")]


# --- API ----------------------------------------------------------------------------------------


def test_api_path_from_request_to_payment(world):
    project = world_project(world)
    applicant, office = (
        token_client(world.users["applicant"]),
        token_client(world.users["coordination"]),
    )
    created = applicant.post(
        "/api/payment-requests/",
        {"project": project.pk, "lines": {"material": "15.00"}, "note": "Material"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["total"] == "15.00" and created.json()["status"] == "draft"
    assert applicant.post(f"/api/payment-requests/{pk}/submit/").status_code == 200
    assert office.post(f"/api/payment-requests/{pk}/approve/").status_code == 200
    paid = office.post(
        f"/api/payment-requests/{pk}/mark-paid/",
        {"paid_on": "2025-12-01"},
        content_type="application/json",
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    money = applicant.get(f"/api/project-money/{project.pk}/").json()
    material = next(row for row in money["rows"] if row["cost_type"] == "material")
    assert (material["approved"], material["paid"], material["remaining"]) == (
        "30.00",
        "15.00",
        "15.00",
    )


def test_api_refusals_are_clear(world):
    project = world_project(world)
    office = token_client(world.users["coordination"])
    approved = world_request(world, "approved")
    approved.lines.update(amount=Decimal("45.00"))  # as if two approvals had raced
    answer = office.post(f"/api/payment-requests/{approved.pk}/mark-paid/")
    assert answer.status_code == 400 and "Personalausgaben" in answer.content.decode()
    applicant = token_client(world.users["applicant"])
    travel = applicant.post(
        "/api/payment-requests/",
        {"project": project.pk, "lines": {"travel": "1.00"}},
        content_type="application/json",
    )
    assert travel.status_code == 400 and "amount_travel" in travel.json()


def test_api_lists_only_what_the_role_may_see(world):
    world_project(world)
    count = {
        role: token_client(world.users[role]).get("/api/payment-requests/").json()["count"]
        for role in ("applicant", "member", "outsider", "coordination")
    }
    # the applicant: all five (with the draft); A and the office: four; B: none
    assert count == {"applicant": 5, "member": 4, "outsider": 0, "coordination": 4}
    assert token_client(world.users["member"]).get("/api/repayments/").json()["count"] == 0
    assert token_client(world.users["coordination"]).get("/api/repayments/").json()["count"] == 1


def test_english_pages_and_notifications(world, clients):
    from fachkraefte.web.accounts.models import Profile
    from fachkraefte.web.payments import services

    project = world_project(world)
    client = clients["applicant"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = _text(client.get(reverse("payments:list", args=[project.pk])))
    assert "Funds by cost type" in page and "still requestable (EUR)" in page
    assert "Mittel nach Ausgabeart" not in page and "Neuen Mittelabruf anlegen" not in page
    Profile.objects.update_or_create(user=world.users["applicant"], defaults={"language": "en"})
    services.payment_request_approve(
        payment_request=world_request(world, "submitted"), actor=world.users["coordination"]
    )
    notice = world.users["applicant"].notifications.first()
    assert notice.subject.startswith("Payment request 2 approved")


def test_the_pages_cost_the_same_queries_with_more_requests(world, clients):
    """The project page and the queue read lines and sums in a fixed number of queries."""
    project = world_project(world)
    urls = [reverse("payments:list", args=[project.pk]), reverse("payment_queue:queue")]
    counts = []
    for extra in (0, 10):
        for _ in range(extra):
            make_request(project, {"personnel": "0.01"}, status=S.SUBMITTED)
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert clients["coordination"].get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_money_steps_appear_in_the_alliance_audit_trail(world, clients):
    project = world_project(world)
    url = reverse("alliances:audit", args=[world.a.slug])
    page = _text(clients["steering"].get(url))
    assert f"{project.title} – Mittelabruf 4" in page  # the paid request
    assert "ausgezahlt" in page
    download = clients["steering"].get(url + "?format=csv")
    assert download.status_code == 200 and "Mittelabruf" in download.content.decode("utf-8-sig")
