"""The budgets and ledger-entries API: the same rules as the pages, allocations by the office."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.funding import services
from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.models import LedgerEntry


@pytest.fixture()
def api():
    return APIClient()


@pytest.fixture()
def member(fw):
    user = get_user_model().objects.create_user("mitglied", password="x")
    AllianceRole.objects.create(alliance=fw.alliance, user=user, kind=AllianceRole.Kind.MEMBER)
    return user


def test_office_lists_budgets_with_balances(fw, api):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    api.force_authenticate(fw.office)
    answer = api.get("/api/budgets/", {"programme": "sachsen-fachkraefteallianzen", "year": 2025})
    by_id = {row["id"]: row for row in answer.json()["results"]}
    assert by_id[fw.pool.pk]["balances"]["available"] == "400.00"
    assert by_id[fw.budget.pk]["balances"]["available"] == "600.00"
    assert by_id[fw.budget.pk]["alliance"] == fw.alliance.slug
    detail = api.get(f"/api/budgets/{fw.budget.pk}/").json()
    assert detail["balances"]["allocated"] == "600.00"


def test_members_see_their_alliance_only_and_cannot_book(fw, member, api):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    api.force_authenticate(member)
    assert [row["id"] for row in api.get("/api/budgets/").json()["results"]] == [fw.budget.pk]
    assert api.get(f"/api/budgets/{fw.pool.pk}/").status_code == 404
    entries = api.get("/api/ledger-entries/").json()["results"]
    assert [entry["budget"] for entry in entries] == [fw.budget.pk]
    refused = api.post("/api/ledger-entries/", {"budget": fw.budget.pk, "amount": "1.00"})
    assert refused.status_code == 403
    hidden = api.post("/api/ledger-entries/", {"budget": fw.pool.pk, "amount": "x"})
    assert hidden.status_code == 404


def test_applicants_and_anonymous_get_nothing(fw, api):
    assert api.get("/api/budgets/").status_code == 401
    api.force_authenticate(fw.applicant)
    assert api.get("/api/budgets/").json()["count"] == 0
    assert api.get(f"/api/budgets/{fw.budget.pk}/").status_code == 404
    assert api.post("/api/ledger-entries/", {"amount": "1"}).status_code == 403


def test_office_allocates_through_the_api(fw, api):
    api.force_authenticate(fw.office)
    answer = api.post(
        "/api/ledger-entries/", {"budget": fw.budget.pk, "amount": "250.50", "note": "Rate 1"}
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["kind"] == "allocation" and answer.json()["source"] == fw.pool.pk
    assert balances(fw.budget).available == Decimal("250.50")


@pytest.mark.parametrize(
    ("amount", "field"), [("1.001", "amount"), ("0", "amount"), ("1000.01", "detail")]
)
def test_bad_api_allocations_are_400_and_store_nothing(fw, api, amount, field):
    api.force_authenticate(fw.office)
    answer = api.post("/api/ledger-entries/", {"budget": fw.budget.pk, "amount": amount})
    assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert not LedgerEntry.objects.filter(budget=fw.budget).exists()


def test_entries_filter_by_kind_and_budget(fw, api):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    api.force_authenticate(fw.office)
    rows = api.get("/api/ledger-entries/", {"budget": fw.budget.pk}).json()["results"]
    assert len(rows) == 1
    assert api.get("/api/ledger-entries/", {"kind": "payment"}).json()["count"] == 0
    assert api.get("/api/ledger-entries/", {"kind": "nonsense"}).status_code == 400


@pytest.mark.parametrize("value", ["-1.18e-206", "99999999999999999999999", "abc"])
def test_id_filters_outside_the_range_are_400(fw, api, value):
    api.force_authenticate(fw.office)
    assert api.get("/api/ledger-entries/", {"budget": value}).status_code == 400
    assert api.get("/api/ledger-entries/", {"proposal": value}).status_code == 400
