"""A funded project in a real browser: the office creates it from the approved proposal and
starts it; the applicant writes a report (draft, then submit); the office accepts it. axe-core
WCAG 2.1 AA on every page on the way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import BudgetLine, Proposal
from fachkraefte.web.reporting.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2025!"
TEXT = "Zwölf Teilnehmende haben den ersten Kursabschnitt abgeschlossen."


@pytest.fixture()
def approved(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_shipped_programmes()
    users = get_user_model().objects
    applicant = users.create_user("antrag", password=PASSWORD)
    kora = users.create_user("kora", password=PASSWORD)
    kora.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    alliance = Alliance.objects.create(slug="goerlitz", name="Fachkräfteallianz Görlitz")
    call = Call.objects.create(
        programme=Programme.objects.get(slug="sachsen-fachkraefteallianzen"),
        alliance=alliance,
        slug="goerlitz-2025",
        title="Aufruf Görlitz 2025",
        summary="Projekte",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel", "material"],
    )
    proposal = Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Pflegeschule Zittau",
        organisation_category="education",
        stage=Proposal.Stage.SKETCH,
        status=Proposal.Status.APPROVED,
        title="Pflege in Teilzeit",
        summary="Qualifizierung",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        approved_amount=Decimal("9000.00"),
    )
    BudgetLine.objects.create(proposal=proposal, cost_type="personnel", amount=Decimal("7500"))
    BudgetLine.objects.create(proposal=proposal, cost_type="material", amount=Decimal("2500"))
    return proposal


def test_office_creates_project_applicant_reports_office_accepts(page, live_server, approved):
    base = live_server.url
    sign_in_as(page, base, "kora", PASSWORD)
    page.goto(f"{base}/antraege/{approved.pk}/")
    page.get_by_role("button", name="Projekt anlegen").click()
    project = Project.objects.get(proposal=approved)
    page.wait_for_url(f"**/projekte/{project.pk}/")
    assert page.get_by_role("cell", name="6.750,00").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Projekt starten").click()
    page.wait_for_url(f"**/projekte/{project.pk}/")
    assert page.get_by_text("laufend", exact=True).first.is_visible()
    page.context.clear_cookies()

    sign_in_as(page, base, "antrag", PASSWORD)
    page.goto(f"{base}/projekte/")
    assert_accessible(page)
    page.get_by_role("link", name="Pflege in Teilzeit").click()
    page.wait_for_url(f"**/projekte/{project.pk}/")
    page.get_by_role("link", name="Zwischenbericht").first.click()
    report = Report.objects.filter(project=project).order_by("due_on").first()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Sachbericht").fill("Erster Entwurf")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/")
    assert page.locator("#report-status").inner_text() == "Entwurf"
    page.get_by_role("textbox", name="Sachbericht").fill(TEXT)
    page.get_by_role("button", name="Bericht einreichen").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/")
    assert page.locator("#report-status").inner_text() == "eingereicht"
    assert page.get_by_text(TEXT).is_visible()
    page.context.clear_cookies()

    sign_in_as(page, base, "kora", PASSWORD)
    page.goto(f"{base}/projekte/berichte/{report.pk}/")
    page.get_by_role("link", name="Bericht prüfen").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/pruefen/")
    assert_accessible(page)
    page.get_by_label("Bericht annehmen").check()
    page.get_by_role("button", name="Prüfung speichern").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/")
    assert page.locator("#report-status").inner_text() == "angenommen"
    assert Report.objects.get(pk=report.pk).status == "accepted"
    page.goto(f"{base}/projekte/berichte/ueberfaellig/")
    assert_accessible(page)
