"""Payments in a real browser: the applicant requests money for a running project, the office
approves it from its queue and books it paid after a confirmation; axe-core (WCAG 2.1 AA) on
every page of the path, including the form with its error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_steps import sign_in_as
from test_smoke import assert_accessible

from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.payments.models import PaymentRequest

# The payment world (tests/web/p2_world.py) is shared with the web tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from p2_world import build_payment_world, make_project  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_requests_and_the_office_approves_and_pays(page, browser, live_server):
    pw = build_payment_world()
    project = make_project(
        call=pw.call,
        applicant=pw.applicant,
        office=pw.office,
        budget=pw.budget,
        lines={"personnel": "6000.00", "material": "1500.00"},
        title="Pflege gemeinsam",
    )
    base = live_server.url
    sign_in_as(page, base, pw.applicant.username, "x")
    page.goto(f"{base}/projekte/{project.pk}/mittelabrufe/")
    assert_accessible(page)
    page.get_by_role("link", name="Neuen Mittelabruf anlegen").click()
    page.get_by_label("Sachausgaben").fill("2000")
    page.get_by_role("button", name="Entwurf speichern").click()
    # the draft is saved; the limit per cost type is checked when it is submitted
    page.get_by_role("button", name="Mittelabruf einreichen").click()
    page.get_by_text("Sachausgaben: abgerufen 2.000,00 EUR").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Entwurf bearbeiten").click()
    page.get_by_label("Sachausgaben").fill("")
    page.get_by_label("Personalausgaben").fill("1500,50")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_role("button", name="Mittelabruf einreichen").click()
    page.get_by_text("Der Mittelabruf wurde eingereicht.").wait_for()
    assert "nur durch die Koordinierungsstelle" in page.content()
    assert_accessible(page)

    office = browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    sign_in_as(office, base, pw.office.username, "x")
    office.goto(f"{base}/mittelabrufe/")
    assert_accessible(office)
    office.get_by_role("link", name="Pflege gemeinsam").click()
    office.get_by_role("button", name="Mittelabruf freigeben").click()
    office.get_by_text("Der Mittelabruf ist freigegeben.").wait_for()
    office.get_by_role("link", name="als ausgezahlt buchen").click()
    office.get_by_text("Bitte bestätigen").wait_for()
    assert "1.500,50 EUR" in office.content()
    assert_accessible(office)
    assert not LedgerEntry.objects.filter(kind="payment").exists()
    office.get_by_role("button", name="Ja, als ausgezahlt buchen").click()
    office.get_by_text("1.500,50 EUR sind als ausgezahlt gebucht.").wait_for()
    assert_accessible(office)
    request = PaymentRequest.objects.get(project=project)
    assert request.status == PaymentRequest.Status.PAID
    assert LedgerEntry.objects.get(kind="payment").payment_request == request

    page.goto(f"{base}/projekte/{project.pk}/mittelabrufe/")
    assert page.get_by_role("cell", name="4.499,50").count() == 1  # personnel still requestable
