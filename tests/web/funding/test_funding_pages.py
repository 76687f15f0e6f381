"""The funding pages: overview, ledger, and the office's forms; who sees what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from funding_world import make_proposal

from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.funding import services
from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.models import Budget, FundingTerms, LedgerEntry


@pytest.fixture()
def member(fw):
    user = get_user_model().objects.create_user("mitglied", password="x")
    AllianceRole.objects.create(alliance=fw.alliance, user=user, kind=AllianceRole.Kind.MEMBER)
    return user


def _client(client, user):
    client.force_login(user)
    return client


def test_overview_shows_pool_and_alliance_with_balances(fw, client):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="250.00", proposal=proposal, actor=fw.office)
    page = _client(client, fw.office).get("/foerderung/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Allianz Test" in text and "Programmmittel (Pool)" in text
    assert "350,00" in text  # available to the alliance
    assert "400,00" in text  # left in the pool
    csv = client.get("/foerderung/?format=csv&sort=-available")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Budget;Zweckbindung;Zeitraum;zugewiesen")
    assert lines[1].startswith("Programmmittel (Pool)") and lines[1].endswith(";400.00")
    assert lines[2].startswith("Allianz Test") and lines[2].endswith(";350.00")
    xlsx = client.get("/foerderung/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_members_see_their_alliances_budgets_only(fw, member, client):
    _client(client, member)
    page = client.get("/foerderung/")
    assert page.status_code == 200
    assert "Programmmittel (Pool)" not in page.content.decode()
    assert client.get(f"/foerderung/budget/{fw.budget.pk}/").status_code == 200
    assert client.get(f"/foerderung/budget/{fw.pool.pk}/").status_code == 404
    assert client.get(f"/foerderung/budget/{fw.budget.pk}/zuweisen/").status_code == 403


def test_applicants_and_the_public_see_nothing(fw, client):
    assert client.get("/foerderung/").status_code == 302
    assert client.get(f"/foerderung/budget/{fw.budget.pk}/").status_code == 302
    _client(client, fw.applicant)
    assert client.get("/foerderung/").status_code == 403
    assert client.get(f"/foerderung/budget/{fw.budget.pk}/").status_code == 404
    refused = client.post(f"/foerderung/budget/{fw.budget.pk}/zuweisen/", {"amount": "1"})
    assert refused.status_code == 404
    assert not LedgerEntry.objects.filter(budget=fw.budget).exists()


def test_ledger_lists_entries_filtered_by_kind_and_exports(fw, client):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    proposal = make_proposal(fw.call, fw.applicant)
    services.ledger_commit(budget=fw.budget, amount="250.00", proposal=proposal, actor=fw.office)
    _client(client, fw.office)
    page = client.get(f"/foerderung/budget/{fw.budget.pk}/?art=commitment")
    text = page.content.decode()
    assert "1 Buchung" in text and proposal.title in text
    csv = client.get(f"/foerderung/budget/{fw.budget.pk}/?format=csv")
    assert len(csv.content.decode("utf-8-sig").splitlines()) == 3
    pool = client.get(f"/foerderung/budget/{fw.pool.pk}/").content.decode()
    assert "Abgang" in pool and "Allianz Test" in pool  # the allocation passed on


def test_office_allocates_through_the_form(fw, client):
    _client(client, fw.office)
    answer = client.post(
        f"/foerderung/budget/{fw.budget.pk}/zuweisen/", {"amount": "125,50", "note": "Rate 1"}
    )
    assert answer.status_code == 302
    assert balances(fw.budget).available == Decimal("125.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1,001", "höchstens zwei Nachkommastellen"),
        ("zehn", "Bitte einen Betrag in Euro eingeben"),
        ("0", "mindestens 0,01 EUR"),
        ("1000,01", "übersteigen die verfügbaren 1000.00 EUR"),
    ],
)
def test_bad_allocations_name_the_problem_and_store_nothing(fw, client, amount, message):
    _client(client, fw.office)
    answer = client.post(f"/foerderung/budget/{fw.budget.pk}/zuweisen/", {"amount": amount})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not LedgerEntry.objects.filter(budget=fw.budget).exists()


def test_carry_over_asks_for_confirmation_and_only_where_the_programme_allows(fw, client):
    services.budget_allocate(budget=fw.budget, amount="600.00", actor=fw.office)
    _client(client, fw.office)
    assert client.get(f"/foerderung/budget/{fw.budget.pk}/uebertragen/").status_code == 403
    FundingTerms.objects.filter(programme=fw.programme).update(carries_over=True)
    confirm = client.get(f"/foerderung/budget/{fw.budget.pk}/uebertragen/")
    assert "600,00 EUR nach 2026 übertragen" in confirm.content.decode()
    assert not Budget.objects.filter(year=2026).exists()
    done = client.post(f"/foerderung/budget/{fw.budget.pk}/uebertragen/")
    following = Budget.objects.get(year=2026, alliance=fw.alliance)
    assert done["Location"] == f"/foerderung/budget/{following.pk}/"
    assert balances(following).available == Decimal("600.00")


def test_planning_budget_revision_through_the_form(fw, client):
    Budget.objects.filter(pk=fw.budget.pk).update(planning_until=2027)
    _client(client, fw.office)
    url = f"/foerderung/budget/{fw.budget.pk}/planungsbudget/"
    assert client.post(url, {"planned_total": "700,00"}).status_code == 302
    refused = client.post(url, {"planned_total": "1000,01"})
    assert refused.status_code == 400 and "übersteigen" in refused.content.decode()
    assert balances(fw.budget).available == Decimal("700.00")


def test_office_creates_a_budget_and_a_duplicate_is_refused(fw, client):
    _client(client, fw.office)
    data = {"programme": fw.programme.pk, "year": "2026", "alliance": fw.alliance.pk}
    assert client.post("/foerderung/budget/neu/", data).status_code == 302
    again = client.post("/foerderung/budget/neu/", data)
    assert again.status_code == 400
    assert Budget.objects.filter(year=2026).count() == 1


def test_navigation_links_the_budgets_for_those_who_see_them(fw, member, client):
    link = 'href="/foerderung/"'
    assert link not in client.get("/").content.decode()
    _client(client, fw.applicant)
    assert link not in client.get("/").content.decode()
    _client(client, member)
    assert link in client.get("/").content.decode()
    _client(client, fw.office)
    assert link in client.get("/").content.decode()
