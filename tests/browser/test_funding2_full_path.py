"""Funding II in a real browser, every step through the pages, axe-core (WCAG 2.1 AA) on every
page visited: the office creates the project from the approved proposal and starts it; the
applicant finds it in "Mein Bereich", writes the interim report with its outcomes
(participants, one result per KldB occupation × district) and submits it, then requests a
payment; the office accepts the report, approves the payment and books it paid; the public
project list shows the project with its outcome, and the programme statistics go up by exactly
what was paid and reported (read from the page before and after).

Only the world around the path is set up by services and the ORM: people, the alliance, the
budget and the approved proposal with its commitment on the ledger.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.funding import services as funding
from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import BudgetLine, Proposal
from fachkraefte.web.reporting.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Foerderung-II-2026!"
TITLE = "Pflegefachkräfte für Görlitz"
GRANT = Decimal("9000.00")
PAID = Decimal("1500.50")  # with cents: the statistics must move by exactly this
QUALIFIED = 7  # the one result: 7 × KldB 813 in Görlitz (14626)
PARTICIPANTS = 12


@pytest.fixture()
def proposal(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not Region.objects.filter(ags="14626").exists():
        sync_regions()
    ensure_shipped_programmes()
    ensure_shipped_funding()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    users = get_user_model().objects
    office = users.create_user("kora", password=PASSWORD, first_name="Kora")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    applicant = users.create_user("tamara", password=PASSWORD, first_name="Tamara")
    alliance = Alliance.objects.create(
        slug="allianz-goerlitz-zwei", name="Fachkräfteallianz Görlitz (II)", programme=saxony
    )
    alliance.districts.set([Region.objects.get(ags="14626")])
    pool = funding.budget_create(programme=saxony, year=2025, actor=office)
    funding.budget_allocate(budget=pool, amount="100000.00", actor=office)
    budget = funding.budget_create(programme=saxony, year=2025, alliance=alliance, actor=office)
    funding.budget_allocate(budget=budget, amount="50000.00", actor=office)
    call = Call.objects.create(
        programme=saxony,
        alliance=alliance,
        slug="goerlitz-pflege-2025",
        title="Aufruf Pflege 2025",
        summary="Projekte für Pflegeberufe",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel", "material"],
    )
    approved = Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Pflegeschule Zittau",
        organisation_category="education",
        stage=Proposal.Stage.SKETCH,
        status=Proposal.Status.APPROVED,
        title=TITLE,
        summary="Arbeitslose werden Pflegefachkräfte.",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        occupations=["813"],
        target_groups=["unemployed"],
        approved_amount=GRANT,
    )
    approved.districts.set([Region.objects.get(ags="14626")])
    BudgetLine.objects.create(proposal=approved, cost_type="personnel", amount=Decimal("7500"))
    BudgetLine.objects.create(proposal=approved, cost_type="material", amount=Decimal("2500"))
    funding.ledger_commit(budget=budget, amount=str(GRANT), proposal=approved, actor=office)
    return approved


def _visit(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def _sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Abmelden")).click()


def _enter(page, base: str, username: str) -> None:
    sign_in_as(page, base, username, PASSWORD)
    assert_accessible(page)


def _statistics(page, base: str) -> tuple[Decimal, int, int]:
    """Paid, participants and outcomes of the programme's total row, as the page shows them."""
    _visit(page, f"{base}/foerderstatistik/?programm=sachsen-fachkraefteallianzen")
    cells = page.locator("[data-statistics-table] tfoot td").all_inner_texts()
    projects, committed, paid, participants, outcomes = (c.strip() for c in cells)
    assert projects and committed
    number = Decimal(paid.replace(".", "").replace(",", "."))
    return number, int(participants.replace(".", "")), int(outcomes.replace(".", ""))


def _office_starts_the_project(page, base: str, proposal: Proposal) -> Project:
    _enter(page, base, "kora")
    _visit(page, f"{base}/antraege/{proposal.pk}/")
    page.get_by_role("button", name="Projekt anlegen").click()
    project = Project.objects.get(proposal=proposal)
    page.wait_for_url(f"**/projekte/{project.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Projekt starten").click()
    page.get_by_text("laufend", exact=True).first.wait_for()
    assert_accessible(page)
    _sign_out(page)
    project.refresh_from_db()
    assert project.status == Project.Status.RUNNING
    return project


def _applicant_reports(page, base: str, project: Project) -> Report:
    _enter(page, base, "tamara")
    # "Mein Bereich" names the project with its open reports, the earliest first
    report = Report.objects.filter(project=project).order_by("due_on").first()
    page.get_by_role("link", name=f"Zwischenbericht – {TITLE}").first.click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Sachbericht").fill(
        "Zwölf Teilnehmende, sieben haben die Prüfung bestanden."
    )
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_text("Der Entwurf ist gespeichert.").wait_for()
    page.get_by_role("link", name="Teilnehmende und Ergebnisse dieses Berichts").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/ergebnisse/")
    assert_accessible(page)
    page.get_by_label("Zielgruppe (Zeile 1)").select_option("unemployed")
    page.get_by_label("Geschlecht (Zeile 1)").select_option("f")
    page.get_by_label("Anzahl (Zeile 1)").first.fill(str(PARTICIPANTS))
    page.get_by_label("Ergebnis (Zeile 1)").fill("Pflegefachkräfte qualifiziert")
    page.get_by_label("Anzahl (Zeile 1)").nth(1).fill(str(QUALIFIED))
    page.get_by_label("Beruf (KldB) (Zeile 1)").fill("813")
    page.get_by_label("Kreis (AGS) (Zeile 1)").fill("14626")
    page.get_by_label("Jahr (Zeile 1)").fill("2025")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    page.get_by_text("Die Ergebnisse wurden gespeichert.").wait_for()
    assert page.get_by_role("cell", name="Pflegefachkräfte qualifiziert", exact=True).is_visible()
    assert_accessible(page)
    _visit(page, f"{base}/projekte/berichte/{report.pk}/")
    page.get_by_role("button", name="Bericht einreichen").click()
    page.get_by_text("Der Bericht ist eingereicht.").wait_for()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    return report


def _applicant_requests_money(page, base: str, project: Project) -> None:
    _visit(page, f"{base}/projekte/{project.pk}/")
    page.get_by_role("link", name="Mittelabrufe, Auszahlungen und Rückzahlungen").click()
    page.wait_for_url(f"**/projekte/{project.pk}/mittelabrufe/")
    assert_accessible(page)
    page.get_by_role("link", name="Neuen Mittelabruf anlegen").click()
    page.get_by_label("Personalausgaben").fill("1500,50")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_role("button", name="Mittelabruf einreichen").click()
    page.get_by_text("Der Mittelabruf wurde eingereicht.").wait_for()
    assert_accessible(page)
    _sign_out(page)


def _office_accepts_and_pays(page, base: str, report: Report) -> None:
    _enter(page, base, "kora")
    _visit(page, f"{base}/projekte/berichte/{report.pk}/")
    page.get_by_role("link", name="Bericht prüfen").click()
    page.wait_for_url(f"**/projekte/berichte/{report.pk}/pruefen/")
    assert_accessible(page)
    page.get_by_label("Bericht annehmen").check()
    page.get_by_role("button", name="Prüfung speichern").click()
    page.get_by_text("Die Prüfung ist gespeichert.").wait_for()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    _visit(page, f"{base}/mittelabrufe/")
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("button", name="Mittelabruf freigeben").click()
    page.get_by_text("Der Mittelabruf ist freigegeben.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="als ausgezahlt buchen").click()
    page.get_by_text("Bitte bestätigen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, als ausgezahlt buchen").click()
    page.get_by_text("1.500,50 EUR sind als ausgezahlt gebucht.").wait_for()
    assert_accessible(page)
    _sign_out(page)


def _public_list_shows_the_project(page, base: str, project: Project) -> None:
    _visit(page, f"{base}/gefoerderte-projekte/")
    row = page.locator("tr", has=page.get_by_role("link", name=TITLE))
    assert row.count() == 1
    cells = row.locator("td, th").all_inner_texts()
    assert str(QUALIFIED) in [cell.strip() for cell in cells]  # the outcome column
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/gefoerderte-projekte/{project.pk}/")
    assert page.get_by_role("rowheader", name="Pflegefachkräfte qualifiziert").is_visible()
    assert_accessible(page)


def test_report_payment_public_record_and_statistics(page, live_server, proposal):
    base = live_server.url
    project = _office_starts_the_project(page, base, proposal)
    paid_before, participants_before, outcomes_before = _statistics(page, base)
    report = _applicant_reports(page, base, project)
    _applicant_requests_money(page, base, project)
    _office_accepts_and_pays(page, base, report)
    assert PaymentRequest.objects.get(project=project).status == PaymentRequest.Status.PAID
    assert LedgerEntry.objects.get(kind="payment", project=project).amount == PAID
    _public_list_shows_the_project(page, base, project)
    paid_after, participants_after, outcomes_after = _statistics(page, base)
    assert paid_after - paid_before == PAID
    assert participants_after - participants_before == PARTICIPANTS
    assert outcomes_after - outcomes_before == QUALIFIED
