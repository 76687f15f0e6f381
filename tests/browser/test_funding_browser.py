"""Funding in a real browser: the office allocates money to an alliance and sees the overview
and the ledger change; axe-core (WCAG 2.1 AA) on the overview, the ledger, the allocation form
(also with its error) and the programme page with its workflow diagram."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.funding import services
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"


@pytest.fixture()
def funding(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_shipped_programmes()
    ensure_shipped_funding()
    office = get_user_model().objects.create_user("koordination", password=PASSWORD)
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    alliance = Alliance.objects.create(
        slug="allianz-goerlitz", name="Allianz Görlitz (Test)", programme=saxony
    )
    pool = services.budget_create(programme=saxony, year=2025, actor=office)
    services.budget_allocate(budget=pool, amount="1000000.00", actor=office)
    budget = services.budget_create(programme=saxony, year=2025, alliance=alliance, actor=office)
    return budget


def test_office_allocates_and_sees_the_ledger(page, live_server, funding):
    page.goto(live_server.url + "/konto/anmelden/?next=/foerderung/")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/foerderung/")
    assert page.get_by_role("cell", name="1.000.000,00").count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="Allianz Görlitz (Test)").click()
    page.wait_for_url(f"**/foerderung/budget/{funding.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Mittel zuweisen").click()
    page.get_by_label("Betrag (EUR)").fill("2000000")
    page.get_by_role("button", name="Zuweisung buchen").click()
    page.get_by_role("alert").wait_for()
    assert "übersteigen die verfügbaren" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Betrag (EUR)").fill("250000,50")
    page.get_by_role("button", name="Zuweisung buchen").click()
    page.wait_for_url(f"**/foerderung/budget/{funding.pk}/")
    page.get_by_text("1 Buchung").wait_for()
    assert "250.000,50 EUR" in page.locator("dl").inner_text()
    assert_accessible(page)

    page.goto(live_server.url + "/foerderung/")
    assert page.get_by_role("cell", name="749.999,50").count() == 1  # left in the pool


def test_programme_page_draws_its_workflow_accessibly(page, live_server, funding):
    page.goto(live_server.url + "/allianzen/programme/niedersachsen-fachkraeftebuendnisse/")
    diagram = page.get_by_role("img", name="Ablauf eines Antrags")
    assert diagram.is_visible()
    assert page.get_by_role("rowheader", name="Zum Vollantrag auffordern").is_visible()
    assert_accessible(page)
