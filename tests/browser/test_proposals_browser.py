"""The multi-step proposal form in a real browser: an applicant fills it over two visits with a
logout in between, then submits; axe-core (WCAG 2.1 AA) on every step and on the result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.proposals.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2025!"


@pytest.fixture()
def open_call(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not Region.objects.filter(ags="14626").exists():
        sync_regions()
    ensure_shipped_programmes()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    FundingTerms.objects.get_or_create(
        programme=saxony, defaults={"workflow": "one_stage", "max_grant_rate": Decimal("0.9")}
    )
    alliance = Alliance.objects.create(slug="goerlitz", name="Demo-Allianz Görlitz")
    today = dt.date.today()
    call = Call.objects.create(
        programme=saxony,
        alliance=alliance,
        slug="goerlitz-test",
        title="Demo-Aufruf Görlitz",
        summary="Fachkräfte für die Pflege",
        status=Call.Status.PUBLISHED,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=30),
        budget_year=today.year,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel", "material"],
        target_groups=["unemployed"],
    )
    call.districts.set([Region.objects.get(ags="14626")])
    get_user_model().objects.create_user("tamara", password=PASSWORD, first_name="Tamara")
    return call


def _login(page, base: str) -> None:
    sign_in_as(page, base, "tamara", PASSWORD)


def _next(page) -> None:
    page.get_by_role("button", name="Speichern und weiter").click()


def test_form_over_two_visits_then_submit(page, live_server, open_call):
    base = live_server.url
    _login(page, base)
    assert_accessible(page)
    page.get_by_role("link", name="Antrag beginnen – Demo-Aufruf Görlitz").click()
    page.wait_for_url("**/antraege/neu/goerlitz-test/")
    assert page.get_by_role("heading", name="Schritt 1 von 6").is_visible()
    assert_accessible(page)
    page.get_by_label("Träger", exact=True).fill("Demo-Bildungswerk")
    page.get_by_label("Art des Trägers").select_option("other")
    page.get_by_label("Projekttitel").fill("Pflegehilfe kompakt")
    page.get_by_label("Kurzbeschreibung").fill("Arbeitslose werden Pflegehilfskräfte.")
    page.get_by_label("Beginn").fill("2025-09-01")
    page.get_by_label("Ende").fill("2026-08-31")
    _next(page)
    page.wait_for_url("**/schritt/2/")
    proposal = Proposal.objects.get(title="Pflegehilfe kompakt")

    # step 2: a missing count is named beside its field
    page.get_by_label("Arbeitslose").check()
    page.get_by_label("Ergebnis 1: was (z. B. Pflegefachkräfte qualifiziert)").fill(
        "Pflegehilfskräfte"
    )
    _next(page)
    assert page.get_by_role("alert").get_by_text("Ergebnis 1: Anzahl").is_visible()
    assert_accessible(page)
    page.get_by_label("Ergebnis 1: Anzahl").fill("15")
    _next(page)
    page.wait_for_url("**/schritt/3/")

    # step 3: find an occupation by job title, tick it, choose the district; then leave
    page.get_by_label("Berufsbezeichnung oder KldB-Schlüssel").fill("Pflege")
    page.get_by_role("search", name="Beruf nach Berufsbezeichnung suchen").get_by_role(
        "button", name="Suchen"
    ).click()
    page.locator("#occupation-results input[type=checkbox]").first.check()
    page.get_by_label("Kreise").select_option("14626")
    assert_accessible(page)
    page.get_by_role("button", name="Als Entwurf speichern und später weitermachen").click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    page.get_by_role("button", name="Abmelden (tamara)").click()

    # second visit: resume at step 4
    _login(page, base)
    page.get_by_role("link", name="Pflegehilfe kompakt").click()
    page.get_by_role("link", name="Weiter bearbeiten (Schritt 4 von 6)").click()
    page.wait_for_url("**/schritt/4/")
    assert_accessible(page)
    page.get_by_label("Personalausgaben: Betrag (EUR)").fill("9000")
    page.get_by_label("Sachausgaben: Betrag (EUR)").fill("1000")
    page.get_by_label("Eigenanteil (EUR)").fill("1000")
    page.get_by_label("Drittmittel (EUR)").fill("0")
    _next(page)
    page.wait_for_url("**/schritt/5/")
    assert_accessible(page)
    page.get_by_label("Nein: keine weitere öffentliche Förderung beantragt oder erhalten").check()
    page.get_by_label("Ich versichere").check()
    _next(page)
    page.wait_for_url("**/schritt/6/")
    assert page.get_by_text("90,0 %").first.is_visible()
    # the overlap and need checks are for the office and the deciders, never the applicant's
    assert page.get_by_role("heading", name="Regionaler Bedarf").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Antrag einreichen").click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert page.get_by_text("Der Antrag wurde eingereicht.").is_visible()
    assert_accessible(page)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.versions.count() == 1
    page.goto(base + "/antraege/")
    assert page.get_by_role("cell", name="eingereicht").first.is_visible()
    assert_accessible(page)
